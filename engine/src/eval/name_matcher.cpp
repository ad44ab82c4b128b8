#include "eval/name_matcher.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "sanx/core/text.hpp"

namespace sanx::eval {
namespace {

constexpr std::uint32_t kNoEntity = 0xFFFFFFFF;

match::QueryKind query_kind(model::EntityKind k) {
  switch (k) {
    case model::EntityKind::person: return match::QueryKind::person;
    case model::EntityKind::vessel: return match::QueryKind::vessel;
    case model::EntityKind::company:
    case model::EntityKind::organization:
    case model::EntityKind::bank: return match::QueryKind::company;
    case model::EntityKind::aircraft: return match::QueryKind::any;
  }
  return match::QueryKind::any;
}

}  // namespace

NameMatcher::NameMatcher(const model::Dataset& data, double floor)
    : data_(data),
      floor_(std::clamp(floor, 0.0, 1.0)),
      screener_(data),
      entity_once_(std::make_unique<std::once_flag[]>(data.entities.size())),
      entity_hits_(data.entities.size()) {}

std::optional<double> NameMatcher::threshold_of(const compile::Value& v) {
  if (v.kind == compile::ValueKind::integer) return static_cast<double>(v.integer);
  if (v.kind == compile::ValueKind::decimal) {
    // A mantissa below 2^53 and a power of ten up to 10^22 are exact doubles, and a division of exact
    // doubles is rounded once, to the nearest: the double stod reads from the decimal's text, without the
    // text (this runs for every call of a rule like `name_match(e, "any", 0.9)`).
    static constexpr std::array<double, 23> kPowers{1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                    1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                    1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    constexpr std::int64_t kExact = std::int64_t{1} << 53;
    const std::int64_t m = v.decimal.mantissa();
    const int scale = v.decimal.scale();
    if (m > -kExact && m < kExact && scale >= 0 && static_cast<std::size_t>(scale) < kPowers.size()) {
      return static_cast<double>(m) / kPowers[static_cast<std::size_t>(scale)];
    }
    return std::stod(v.decimal.to_string());
  }
  return std::nullopt;
}

double NameMatcher::floor_for(const compile::RuleSet::Impl& rules) {
  double floor = 1.0;
  for (const compile::CompiledRule& rule : rules.rules) {
    for (const compile::Node& n : rule.nodes) {
      if (n.op != compile::Op::call || static_cast<check::Builtin>(n.field) != check::Builtin::name_match) continue;
      if (n.b < 3) {
        floor = std::min(floor, kDefaultThreshold);
        continue;
      }
      const compile::Node& t = rule.nodes[rule.lists[n.a + 2]];
      const std::optional<double> constant = t.op == compile::Op::constant ? threshold_of(rule.consts[t.a]) : std::nullopt;
      floor = std::min(floor, constant.value_or(kFloor));
    }
  }
  return floor;
}

std::optional<std::uint32_t> NameMatcher::pick(const std::vector<match::Hit>& hits, std::uint32_t self,
                                               std::string_view regime, std::optional<core::Date> day,
                                               double threshold) const {
  const bool any_regime = regime.empty() || core::equals_ignore_case(regime, "any");
  for (const match::Hit& hit : hits) {  // best first
    if (hit.score < threshold) break;
    const std::uint32_t e = hit.entity.value;
    if (e == self || e >= data_.designations_of.size()) continue;
    for (const std::uint32_t d_ix : data_.designations_of[e]) {
      const model::Designation& d = data_.designations[d_ix];
      if (!any_regime && !core::equals_ignore_case(d.regime, regime)) continue;
      if (day ? d.in_force_on(*day) : !d.listed_to) return e;
    }
  }
  return std::nullopt;
}

std::optional<std::uint32_t> NameMatcher::best(model::EntityIx e, std::string_view regime, std::optional<core::Date> day,
                                               double threshold) const {
  if (!e.valid() || e.value >= entity_hits_.size()) return std::nullopt;
  std::call_once(entity_once_[e.value], [&] {
    const model::Entity& entity = data_.entities[e.value];
    // One query per thread, written over for each entity: its strings and identifiers keep their room
    // (an audit screens every entity once, and these copies were a fair part of a screen's allocations).
    thread_local match::Query q;
    q.name.assign(entity.primary_name());
    q.kind = query_kind(entity.kind);
    if (entity.countries.empty()) {
      q.country.clear();
    } else {
      q.country.assign(entity.countries.front());
    }
    q.birth_date = entity.birth_date;
    q.identifiers.assign(entity.identifiers.begin(), entity.identifiers.end());
    auto result = screener_.screen(q, {floor_, kKept, false});
    if (!result.error) entity_hits_[e.value] = std::move(result.hits);
  });
  return pick(entity_hits_[e.value], e.value, regime, day, threshold);
}

std::optional<std::uint32_t> NameMatcher::best(std::string_view name, std::string_view regime, std::optional<core::Date> day,
                                               double threshold) const {
  std::vector<match::Hit> hits;
  {
    const std::lock_guard lock(text_mutex_);
    if (const auto it = text_hits_.find(std::string(name)); it != text_hits_.end()) hits = it->second;
  }
  if (hits.empty()) {
    match::Query q;
    q.name = std::string(name);
    auto result = screener_.screen(q, {floor_, kKept, false});
    if (!result.error) hits = std::move(result.hits);
    const std::lock_guard lock(text_mutex_);
    text_hits_.emplace(std::string(name), hits);
  }
  return pick(hits, kNoEntity, regime, day, threshold);
}

}  // namespace sanx::eval
