#include "sanx/graph/relation_check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace sanx::graph {

namespace {

constexpr std::int32_t kSinceEver = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t kForever = std::numeric_limits<std::int32_t>::max();

const core::Decimal kHundred = core::Decimal::from_int(100);

std::int32_t start_day(const model::Relation& r) { return r.start ? r.start->days_since_epoch() : kSinceEver; }
std::int32_t end_day(const model::Relation& r) { return r.end ? r.end->days_since_epoch() : kForever; }

bool share_in_range(const core::Decimal& s) { return !s.is_negative() && s <= kHundred; }

core::Diagnostic warning(const char* code, std::string message) {
  core::Diagnostic d;
  d.severity = core::Severity::warning;
  d.code = code;
  d.message = std::move(message);
  return d;
}

/// The largest total of one entity's owners over time, if above 100%.
std::optional<OwnershipExcess> excess_of(std::span<const model::Relation> relations,
                                         const std::vector<std::uint32_t>& group) {
  struct Event {
    std::int32_t day;
    bool ends;
    std::uint32_t relation;
  };
  std::vector<Event> events;
  for (const std::uint32_t i : group) {
    events.push_back({start_day(relations[i]), false, i});
    if (relations[i].end) events.push_back({end_day(relations[i]), true, i});
  }
  // Ends are exclusive: on one day, what ends goes before what starts.
  std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.day != b.day ? a.day < b.day : a.ends > b.ends;
  });
  core::Decimal total;
  core::Decimal best;
  std::optional<std::int32_t> best_day;
  std::int32_t best_until = kForever;
  for (std::size_t k = 0; k < events.size();) {
    const std::int32_t day = events[k].day;
    for (; k < events.size() && events[k].day == day; ++k) {
      const auto& share = *relations[events[k].relation].share;
      total = (events[k].ends ? total.subtract(share) : total.add(share)).value_or(total);
    }
    if (total > kHundred && total > best) {
      best = total;
      best_day = day;
      best_until = k < events.size() ? events[k].day : kForever;
    }
  }
  if (!best_day) return std::nullopt;
  OwnershipExcess out;
  out.target = relations[group.front()].target;
  out.total = best;
  if (*best_day != kSinceEver) out.from = core::Date::from_days_since_epoch(*best_day);
  if (best_until != kForever) out.until = core::Date::from_days_since_epoch(best_until);
  for (const std::uint32_t i : group) {
    if (start_day(relations[i]) <= *best_day && *best_day < end_day(relations[i])) out.relations.push_back(i);
  }
  return out;
}

}  // namespace

std::vector<OwnershipExcess> find_ownership_excess(std::span<const model::Relation> relations) {
  std::unordered_map<std::string_view, std::size_t> group_of;
  std::vector<std::vector<std::uint32_t>> groups;
  for (std::uint32_t i = 0; i < relations.size(); ++i) {
    const model::Relation& r = relations[i];
    if (r.kind != model::RelationKind::ownership || !r.share || !share_in_range(*r.share)) continue;
    if (end_day(r) <= start_day(r)) continue;  // never in force
    const auto [it, added] = group_of.try_emplace(r.target, groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  std::vector<OwnershipExcess> out;
  for (const auto& group : groups) {
    if (group.size() < 2) continue;  // one share of at most 100% cannot exceed it
    if (auto excess = excess_of(relations, group)) out.push_back(std::move(*excess));
  }
  return out;
}

std::string describe(const model::Relation& r) {
  std::string what(model::to_string(r.kind));
  if (r.kind == model::RelationKind::ownership) {
    what += r.share ? fmt::format(" {}%", r.share->to_string()) : std::string(", share unknown");
  } else if (!r.basis.empty()) {
    what += fmt::format(" ({})", r.basis);
  }
  if (r.start && r.end) {
    what += fmt::format(", {} to {}", r.start->to_string(), r.end->to_string());
  } else if (r.start) {
    what += fmt::format(", from {}", r.start->to_string());
  } else if (r.end) {
    what += fmt::format(", until {}", r.end->to_string());
  }
  return fmt::format("{} → {} ({})", r.source, r.target, what);
}

std::string describe(const OwnershipExcess& excess) {
  return fmt::format("the owners of `{}` hold {}% in total{}{}", excess.target, excess.total.to_string(),
                     excess.from ? fmt::format(" from {}", excess.from->to_string()) : "",
                     excess.until ? fmt::format(" until {}", excess.until->to_string()) : "");
}

std::vector<core::Diagnostic> check_relations(const model::Dataset& data) {
  std::vector<core::Diagnostic> out;
  const std::size_t n = data.entities.size();
  for (std::size_t i = 0; i < data.relations.size(); ++i) {
    const model::Relation& r = data.relations[i];
    const model::RelationRefs refs = i < data.relation_refs.size() ? data.relation_refs[i] : model::RelationRefs{};
    for (const auto& [end, id] : {std::pair{refs.source, &r.source}, std::pair{refs.target, &r.target}}) {
      if (end.valid() && end.value < n) continue;
      auto d = warning("W2503", fmt::format("relation {} names `{}`, which is no entity", describe(r), *id));
      d.notes.push_back("note: the relation is left out of the ownership analysis");
      out.push_back(std::move(d));
    }
    if (r.kind == model::RelationKind::ownership && r.share && !share_in_range(*r.share)) {
      auto d = warning("W2501", fmt::format("relation {} has a share outside 0–100%", describe(r)));
      d.notes.push_back(fmt::format("note: the ownership analysis counts it as {}%", r.share->is_negative() ? 0 : 100));
      out.push_back(std::move(d));
    }
    if (r.start && r.end && end_day(r) < start_day(r)) {
      auto d = warning("W2502", fmt::format("relation {} ends before it starts", describe(r)));
      d.notes.push_back("note: it is never in force, so the ownership analysis never counts it");
      out.push_back(std::move(d));
    }
  }
  for (const auto& excess : find_ownership_excess(data.relations)) {
    auto d = warning("W2103", describe(excess));
    for (const std::uint32_t i : excess.relations) d.notes.push_back("note: " + describe(data.relations[i]));
    d.notes.push_back("note: the ownership analysis caps each entity's holding at 100%");
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace sanx::graph
