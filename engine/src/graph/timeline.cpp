#include "sanx/graph/timeline.hpp"

#include <fmt/format.h>

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

}  // namespace

ExposureTimeline::ExposureTimeline(const model::Dataset& data, ExposureOptions options)
    : data_(data), options_(std::move(options)) {
  for (const model::Relation& r : data.relations) {
    if (r.kind != model::RelationKind::ownership && r.kind != model::RelationKind::control &&
        r.kind != model::RelationKind::branch) {
      continue;
    }
    if (r.start) changes_.push_back(r.start->earliest().days_since_epoch());
    if (r.end) changes_.push_back(r.end->earliest().days_since_epoch());
  }
  for (const model::Designation& d : data.designations) {
    if (!parse_regime(d.regime)) continue;
    if (d.listed_from) changes_.push_back(d.listed_from->earliest().days_since_epoch());
    if (d.listed_to) changes_.push_back(d.listed_to->earliest().days_since_epoch());
  }
  std::sort(changes_.begin(), changes_.end());
  changes_.erase(std::unique(changes_.begin(), changes_.end()), changes_.end());

  controls_into_.resize(data.entities.size());
  for (std::uint32_t i = 0; i < data.relations.size() && i < data.relation_refs.size(); ++i) {
    const model::RelationRefs& refs = data.relation_refs[i];
    if (data.relations[i].kind == model::RelationKind::control && refs.source.valid() && refs.target.valid() &&
        refs.target.value < controls_into_.size()) {
      controls_into_[refs.target.value].push_back(i);
    }
  }
  slots_ = std::make_unique<Slot[]>((changes_.size() + 1) * kRegimes);
}

ExposureTimeline::~ExposureTimeline() = default;

std::size_t ExposureTimeline::interval_of(std::optional<core::Date> day) const noexcept {
  // Interval k holds the days from changes_[k-1] (inclusive) to changes_[k] (exclusive).
  if (!day) return changes_.size();
  const std::int32_t d = day->earliest().days_since_epoch();
  return static_cast<std::size_t>(std::upper_bound(changes_.begin(), changes_.end(), d) - changes_.begin());
}

const OwnershipAnalysis& ExposureTimeline::at(Regime regime, std::optional<core::Date> day) const {
  const std::size_t k = interval_of(day);
  Slot& slot = slots_[k * kRegimes + regime_index(regime)];
  std::call_once(slot.once, [&] {
    ExposureOptions o = options_;
    // Any day of the interval gives the same result; take its first (or, before the first change, the
    // day before it).
    if (k > 0) {
      o.as_of = core::Date::from_days_since_epoch(changes_[k - 1]);
    } else if (!changes_.empty()) {
      o.as_of = core::Date::from_days_since_epoch(changes_[0] - 1);
    }
    slot.analysis = std::make_unique<OwnershipAnalysis>(data_, regime, o);
  });
  return *slot.analysis;
}

std::optional<bool> ExposureTimeline::blocked(model::EntityIx e, Regime regime, std::optional<core::Date> day) const {
  switch (at(regime, day).status(e)) {
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
  if (!e.valid() || e.value >= controls_into_.size()) return false;
  const OwnershipAnalysis& analysis = at(regime, day);
  const std::size_t k = interval_of(day);
  // The interval's first day stands for all of it, as in at().
  const std::int32_t d = k > 0 ? changes_[k - 1] : (changes_.empty() ? 0 : changes_[0] - 1);
  for (const std::uint32_t r : controls_into_[e.value]) {
    if (!data_.relations[r].in_force_on(d)) continue;
    switch (analysis.status(data_.relation_refs[r].source)) {
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
  for (const Path& p : at(regime, day).exposure(e).paths) out.push_back(format_path(data_, p));
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
