#include "sanx/graph/timeline.hpp"

#include <fmt/format.h>

#include "sanx/core/text.hpp"

#include <algorithm>
#include <mutex>

namespace sanx::graph {

struct ExposureTimeline::Slot {
  std::once_flag once;
  std::unique_ptr<OwnershipAnalysis> analysis;
};

namespace {

constexpr std::size_t kRegimes = 3;

std::size_t regime_index(Regime r) { return static_cast<std::size_t>(r); }

/// The relations the analysis follows; their start and end days cut time.
bool dated_kind(const model::Relation& r) {
  return r.kind == model::RelationKind::ownership || r.kind == model::RelationKind::control ||
         r.kind == model::RelationKind::branch;
}

void add_dates(std::vector<std::int32_t>& days, const std::optional<core::Date>& from,
               const std::optional<core::Date>& to) {
  if (from) days.push_back(from->earliest().days_since_epoch());
  if (to) days.push_back(to->earliest().days_since_epoch());
}

void sort_unique(std::vector<std::int32_t>& days) {
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
}

/// As in graph::OwnershipAnalysis::uk_groups.
constexpr std::string_view kJointArrangement = "joint_arrangement";

}  // namespace

ExposureTimeline::ExposureTimeline(const model::Dataset& data, ExposureOptions options)
    : data_(data), options_(std::move(options)) {
  for (const model::Relation& r : data.relations) {
    if (!dated_kind(r)) continue;
    add_dates(changes_, r.start, r.end);
  }
  for (const model::Designation& d : data.designations) {
    if (!parse_regime(d.regime)) continue;
    add_dates(changes_, d.listed_from, d.listed_to);
  }
  sort_unique(changes_);
  slots_ = std::make_unique<Slot[]>((changes_.size() + 1) * kRegimes);
  build_part();
}

ExposureTimeline::~ExposureTimeline() = default;

void ExposureTimeline::build_part() {
  const std::size_t n = data_.entities.size();
  const std::size_t m = std::min(data_.relations.size(), data_.relation_refs.size());
  auto resolved = [&](std::size_t i) {
    const model::RelationRefs& refs = data_.relation_refs[i];
    return refs.source.valid() && refs.target.valid() && refs.source.value < n && refs.target.value < n;
  };
  // Reachable from anyone designated under a regime the analysis knows, whatever the dates: only these
  // entities can be anything but not blocked, and only relations among them matter.
  std::vector<std::uint32_t> out_begin(n + 1, 0), out_to;
  for (std::size_t i = 0; i < m; ++i) {
    if (dated_kind(data_.relations[i]) && resolved(i)) ++out_begin[data_.relation_refs[i].source.value + 1];
  }
  for (std::size_t e = 0; e < n; ++e) out_begin[e + 1] += out_begin[e];
  out_to.resize(out_begin[n]);
  std::vector<std::uint32_t> at(out_begin.begin(), out_begin.end() - 1);
  for (std::size_t i = 0; i < m; ++i) {
    if (!dated_kind(data_.relations[i]) || !resolved(i)) continue;
    out_to[at[data_.relation_refs[i].source.value]++] = data_.relation_refs[i].target.value;
  }
  std::vector<bool> reached(n, false);
  std::vector<std::uint32_t> stack;
  for (std::uint32_t e = 0; e < n && e < data_.designations_of.size(); ++e) {
    for (const std::uint32_t d : data_.designations_of[e]) {
      if (parse_regime(data_.designations[d].regime) && !reached[e]) {
        reached[e] = true;
        stack.push_back(e);
      }
    }
  }
  while (!stack.empty()) {
    const std::uint32_t u = stack.back();
    stack.pop_back();
    for (std::uint32_t k = out_begin[u]; k < out_begin[u + 1]; ++k) {
      if (!reached[out_to[k]]) {
        reached[out_to[k]] = true;
        stack.push_back(out_to[k]);
      }
    }
  }

  // The part keeps the entities' and relations' order, so its analyses walk them as the whole one would
  // (the same ranks and proof paths).
  local_.assign(n, 0);
  std::uint32_t count = 0;
  for (std::uint32_t e = 0; e < n; ++e) {
    if (reached[e]) local_[e] = count++;
  }
  for (std::uint32_t e = 0; e < n; ++e) {
    if (!reached[e]) local_[e] = count;  // the stand-in, after the reachable ones
  }
  part_.entities.reserve(count + 1);
  part_.designations_of.resize(count + 1);
  for (std::uint32_t e = 0; e < n; ++e) {
    if (!reached[e]) continue;
    part_.entities.push_back(data_.entities[e]);
    if (e >= data_.designations_of.size()) continue;
    for (const std::uint32_t d : data_.designations_of[e]) {
      const model::Designation& designation = data_.designations[d];
      if (!parse_regime(designation.regime)) continue;
      part_.designations_of[local_[e]].push_back(static_cast<std::uint32_t>(part_.designations.size()));
      part_.designations.push_back(designation);
      add_dates(part_changes_, designation.listed_from, designation.listed_to);
    }
  }
  part_.entities.emplace_back();
  controls_into_.resize(count + 1);
  const int base_scale = std::max(0, options_.near_from.scale());
  for (std::uint32_t i = 0; i < m; ++i) {
    const model::Relation& r = data_.relations[i];
    if (!resolved(i)) continue;
    const model::RelationRefs& refs = data_.relation_refs[i];
    // Shares with more decimals than the others raise the scale every share is read at, in or out of
    // the part: cut time where they start and end too.
    if ((r.kind == model::RelationKind::ownership || r.kind == model::RelationKind::branch) && r.share &&
        r.share->scale() > base_scale) {
      scaled_.push_back(i);
      add_dates(part_changes_, r.start, r.end);
    }
    if (!reached[refs.source.value] || !reached[refs.target.value]) continue;
    // A joint arrangement may be recorded with any kind of relation (graph::OwnershipAnalysis::uk_groups).
    if (!dated_kind(r) && !core::equals_ignore_case(r.basis, kJointArrangement)) continue;
    const model::EntityIx source{local_[refs.source.value]};
    const model::EntityIx target{local_[refs.target.value]};
    if (r.kind == model::RelationKind::control) {
      controls_into_[target.value].push_back(static_cast<std::uint32_t>(part_.relations.size()));
    }
    part_.relations.push_back(r);
    part_.relation_refs.push_back({source, target});
    add_dates(part_changes_, r.start, r.end);
  }
  sort_unique(part_changes_);
  unreached_ = options_.near_from.is_negative() || options_.near_from.is_zero() ? Status::near_threshold
                                                                                         : Status::not_blocked;
  part_slots_ = std::make_unique<Slot[]>((part_changes_.size() + 1) * kRegimes);
}

std::size_t ExposureTimeline::interval_of(const std::vector<std::int32_t>& changes,
                                          std::optional<core::Date> day) noexcept {
  // Interval k holds the days from changes[k-1] (inclusive) to changes[k] (exclusive).
  if (!day) return changes.size();
  const std::int32_t d = day->earliest().days_since_epoch();
  return static_cast<std::size_t>(std::upper_bound(changes.begin(), changes.end(), d) - changes.begin());
}

std::int32_t ExposureTimeline::first_day(const std::vector<std::int32_t>& changes, std::size_t k) const noexcept {
  // Any day of the interval gives the same result; take its first (or, before the first change, the day
  // before it; with no change at all, the options' day).
  if (k > 0) return changes[k - 1];
  return changes.empty() ? options_.as_of.days_since_epoch() : changes[0] - 1;
}

const OwnershipAnalysis& ExposureTimeline::at(Regime regime, std::optional<core::Date> day) const {
  const std::size_t k = interval_of(changes_, day);
  Slot& slot = slots_[k * kRegimes + regime_index(regime)];
  std::call_once(slot.once, [&] {
    ExposureOptions o = options_;
    o.as_of = core::Date::from_days_since_epoch(first_day(changes_, k));
    slot.analysis = std::make_unique<OwnershipAnalysis>(data_, regime, o);
  });
  return *slot.analysis;
}

std::pair<const OwnershipAnalysis*, std::int32_t> ExposureTimeline::part_at(Regime regime,
                                                                             std::optional<core::Date> day) const {
  const std::size_t k = interval_of(part_changes_, day);
  const std::int32_t first = first_day(part_changes_, k);
  Slot& slot = part_slots_[k * kRegimes + regime_index(regime)];
  std::call_once(slot.once, [&] {
    ExposureOptions o = options_;
    o.as_of = core::Date::from_days_since_epoch(first);
    for (const std::uint32_t i : scaled_) {
      const model::Relation& r = data_.relations[i];
      if (r.in_force_on(first)) o.min_share_scale = std::max(o.min_share_scale, r.share->scale());
    }
    slot.analysis = std::make_unique<OwnershipAnalysis>(part_, regime, o);
  });
  return {slot.analysis.get(), first};
}

model::EntityIx ExposureTimeline::local(model::EntityIx e) const noexcept {
  if (!e.valid() || e.value >= local_.size()) return model::EntityIx{static_cast<std::uint32_t>(part_.entities.size() - 1)};
  return model::EntityIx{local_[e.value]};
}

bool ExposureTimeline::reached(model::EntityIx e) const noexcept {
  return e.valid() && e.value < local_.size() && local_[e.value] + 1 != part_.entities.size();
}

Status ExposureTimeline::status(model::EntityIx e, Regime regime, std::optional<core::Date> day) const {
  if (!e.valid() || e.value >= local_.size()) return Status::not_blocked;  // as OwnershipAnalysis::status
  // Most parties are out of reach: the stand-in's answer holds on every day (no share, so only whether
  // near_from admits 0%), without looking for the day's interval.
  if (local_[e.value] + 1 == part_.entities.size()) return unreached_;
  return part_at(regime, day).first->status(local(e));
}

std::pair<core::Decimal, core::Decimal> ExposureTimeline::share(model::EntityIx e, Regime regime,
                                                                std::optional<core::Date> day) const {
  if (!e.valid() || e.value >= local_.size()) return {};  // as OwnershipAnalysis::share
  // Out of reach: 0%, which reads the same at any scale (a decimal's trailing zeros are dropped).
  if (local_[e.value] + 1 == part_.entities.size()) return {core::Decimal::from_int(0), core::Decimal::from_int(0)};
  return part_at(regime, day).first->share(local(e));
}

std::optional<bool> ExposureTimeline::blocked(model::EntityIx e, Regime regime, std::optional<core::Date> day) const {
  switch (status(e, regime, day)) {
    case Status::listed:
    case Status::blocked: return true;
    case Status::controlled: return regime != Regime::ofac;
    case Status::possibly_blocked: return std::nullopt;
    case Status::near_threshold:
    case Status::not_blocked: return false;
  }
  return false;
}

bool ExposureTimeline::controlled(model::EntityIx e, Regime regime, std::optional<core::Date> day) const {
  if (!e.valid() || e.value >= local_.size()) return false;
  const std::uint32_t l = local_[e.value];
  if (controls_into_[l].empty()) return false;  // the stand-in has none: no listed controller reaches it
  const auto [analysis, first] = part_at(regime, day);
  for (const std::uint32_t r : controls_into_[l]) {
    if (!part_.relations[r].in_force_on(first)) continue;
    switch (analysis->status(part_.relation_refs[r].source)) {
      case Status::listed:
      case Status::blocked: return true;
      case Status::controlled:
        if (regime != Regime::ofac) return true;
        break;
      default: break;
    }
  }
  return false;
}

std::vector<std::string> ExposureTimeline::paths(model::EntityIx e, Regime regime, std::optional<core::Date> day) const {
  std::vector<std::string> out;
  if (!e.valid() || e.value >= local_.size() || local_[e.value] + 1 == part_.entities.size()) return out;
  for (const Path& p : part_at(regime, day).first->exposure(local(e)).paths) out.push_back(format_path(part_, p));
  return out;
}

std::string format_path(const model::Dataset& data, const Path& path) {
  std::string text;
  for (const Step& s : path) {
    if (text.empty()) text = data.entities[s.from.value].id;
    if (s.kind == model::RelationKind::branch) {  // read right to left: the branch is a branch of its head office
      fmt::format_to(std::back_inserter(text), " <-[branch of]- {}", data.entities[s.to.value].id);
      continue;
    }
    std::string label;
    if (s.kind == model::RelationKind::control) {
      label = s.basis.empty() ? "control" : fmt::format("control: {}", s.basis);
    } else {
      label = s.share ? fmt::format("{}%", s.share->to_string()) : "?%";
    }
    fmt::format_to(std::back_inserter(text), " -[{}]-> {}", label, data.entities[s.to.value].id);
  }
  return text;
}

}  // namespace sanx::graph
