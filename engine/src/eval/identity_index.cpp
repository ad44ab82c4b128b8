#include "eval/identity_index.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <tuple>
#include <unordered_map>

#include "eval/build_crew.hpp"
#include "sanx/core/text.hpp"

namespace sanx::eval {
namespace {

/// A country code of one to four bytes as one number (its length in the top bits would be redundant: no
/// code holds a zero byte); 0 for a longer or empty one.
std::uint32_t short_code(std::string_view s) noexcept {
  if (s.empty() || s.size() > 4) return 0;
  std::uint32_t v = 0;
  for (const char c : s) v = v << 8 | static_cast<unsigned char>(c);
  return v;
}

bool is_alnum_ascii(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (static_cast<unsigned char>(c) & 0x80) != 0;  // letters of other scripts stay as they are
}

/// Groups entities by a key: one Group per distinct key, and per entity the groups it belongs to.
class Grouper {
 public:
  void add(std::uint32_t entity, std::string key, std::string_view text) {
    if (key.empty()) return;
    auto [it, fresh] = index_.try_emplace(std::move(key), static_cast<std::uint32_t>(groups_.size()));
    if (fresh) groups_.push_back({std::string(text), {}});
    auto& members = groups_[it->second].members;
    if (members.empty() || members.back() != entity) members.push_back(entity);
  }
  /// Per entity, the groups it shares with another entity.
  void finish(std::size_t entities, std::vector<std::vector<std::uint32_t>>& groups_of) const {
    groups_of.assign(entities, {});
    for (std::uint32_t g = 0; g < groups_.size(); ++g) {
      if (groups_[g].members.size() < 2) continue;  // shared with nobody
      for (const std::uint32_t e : groups_[g].members) groups_of[e].push_back(g);
    }
  }
  struct Group {
    std::string text;
    std::vector<std::uint32_t> members;
  };
  std::vector<Group> groups_;

 private:
  std::unordered_map<std::string, std::uint32_t> index_;
};

/// Only an address precise enough to name a building is compared: three words or more, one with a
/// digit. A city with its postcode ("Moscow 101000") or a country alone, written as an address line,
/// is shared by thousands of unrelated parties.
bool is_street_address(std::string_view normalised) {
  const auto words = std::count(normalised.begin(), normalised.end(), ' ') + 1;
  return words >= 3 && normalised.find_first_of("0123456789") != std::string_view::npos;
}

}  // namespace

std::string IdentityIndex::normalise_address(std::string_view address) {
  // at most one char per byte (a space only stands for a gap before a kept char), written without
  // checking the room for each: every address of every entity is normalised when the index is built
  std::string out(address.size(), '\0');
  char* const begin = out.data();
  char* p = begin;
  bool gap = false;
  for (const char c : address) {
    if (is_alnum_ascii(c)) {
      if (gap && p != begin) *p++ = ' ';
      gap = false;
      *p++ = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    } else {
      gap = true;
    }
  }
  out.resize(static_cast<std::size_t>(p - begin));
  return out;
}

IdentityIndex::IdentityIndex(const model::Dataset& data, std::size_t threads) : data_(data) {
  const std::size_t n = data.entities.size();
  // The address groups read only the entities' addresses and write only their own members: made apart.
  const auto group_addresses = [&] {
    Grouper addresses;
    for (std::uint32_t e = 0; e < n; ++e) {
      for (const auto& a : data.entities[e].addresses) {
        std::string key = normalise_address(a);
        if (is_street_address(key)) addresses.add(e, std::move(key), a);
      }
    }
    addresses.finish(n, address_groups_of_);
    for (auto& g : addresses.groups_) addresses_.push_back({std::move(g.text), std::move(g.members)});
  };
  // Relations, countries and phones: what linked_to and the other groups read.
  const auto link = [&] {
    adjacent_.resize(n);
    directors_of_.resize(n);
    directorships_.resize(n);
    for (std::uint32_t r = 0; r < data.relations.size() && r < data.relation_refs.size(); ++r) {
      const auto& refs = data.relation_refs[r];
      if (!refs.source.valid() || !refs.target.valid() || refs.source == refs.target) continue;
      adjacent_[refs.source.value].push_back({refs.target.value, r});
      adjacent_[refs.target.value].push_back({refs.source.value, r});
      if (data.relations[r].kind == model::RelationKind::director) {
        directors_of_[refs.target.value].push_back({refs.source.value, r});
        directorships_[refs.source.value].push_back({refs.target.value, r});
      }
    }
    // Main countries as small numbers, so that a reach is a few bytes and a lookup compares integers. The
    // distinct ones (a few hundred codes) gathered first and sorted, each entity's then found by hashing,
    // rather than every entity's sorted and searched by comparing strings (this is built before any rule
    // runs).
    std::unordered_map<std::string_view, std::uint16_t> country_ix;
    for (const model::Entity& entity : data.entities) {
      if (!entity.countries.empty()) country_ix.try_emplace(entity.countries.front(), kNoCountry);
    }
    countries_.reserve(country_ix.size());
    for (const auto& [country, ix] : country_ix) countries_.emplace_back(country);
    std::sort(countries_.begin(), countries_.end());
    if (countries_.size() >= kNoCountry) countries_.clear();  // never so many: then every call walks
    for (std::size_t c = 0; c < countries_.size(); ++c) country_ix[countries_[c]] = static_cast<std::uint16_t>(c);
    country_of_.assign(n, kNoCountry);
    for (std::uint32_t e = 0; e < n && !countries_.empty(); ++e) {
      const auto& cs = data.entities[e].countries;
      if (cs.empty()) continue;
      country_of_[e] = country_ix.find(cs.front())->second;
    }
    relation_days_.resize(data.relations.size());
    for (std::size_t r = 0; r < data.relations.size(); ++r) {
      const model::Relation& rel = data.relations[r];
      // as Relation::in_force_on reads them: partial dates at their earliest day
      relation_days_[r] = {rel.start ? rel.start->earliest().days_since_epoch() : std::numeric_limits<std::int32_t>::min(),
                           rel.end ? rel.end->earliest().days_since_epoch() : kOpen};
    }
    for (std::size_t c = 0; c < countries_.size(); ++c) {
      if (const std::uint32_t code = short_code(countries_[c]); code != 0 && countries_[c].find('\0') == std::string::npos) {
        short_countries_.emplace_back(code, static_cast<std::uint16_t>(c));
      }
    }
    std::sort(short_countries_.begin(), short_countries_.end());
    reaches_once_ = std::make_unique<std::once_flag[]>(n);
    reaches_ready_ = std::make_unique<std::atomic<bool>[]>(n);
    reaches_.resize(n);
    Grouper phones;
    for (std::uint32_t e = 0; e < n; ++e) {
      // Phones are stored normalised (`+` and digits) by the canonical reader: compared as they are.
      for (const auto& p : data.entities[e].phones) phones.add(e, p, p);
    }
    phones.finish(n, phone_groups_of_);
    for (auto& g : phones.groups_) phones_.push_back({std::move(g.text), std::move(g.members)});
  };
  run_tasks(2, threads, [&](std::size_t t) { t == 0 ? group_addresses() : link(); });
}

bool IdentityIndex::isolated(model::EntityIx e) const noexcept {
  if (!e.valid() || e.value >= adjacent_.size()) return true;
  auto alone = [](const std::vector<std::uint32_t>& groups_of, const std::vector<Group>& groups) {
    return std::all_of(groups_of.begin(), groups_of.end(), [&](std::uint32_t g) { return groups[g].members.size() <= 1; });
  };
  return adjacent_[e.value].empty() && alone(address_groups_of_[e.value], addresses_) &&
         alone(phone_groups_of_[e.value], phones_);
}

bool IdentityIndex::in_force(std::uint32_t relation, const std::optional<core::Date>& day) const {
  const model::Relation& r = data_.relations[relation];
  if (day) return r.in_force_on(day->days_since_epoch());
  return !r.end;  // no date (entity rules without an audit date): relations not yet ended
}

bool IdentityIndex::designated(std::uint32_t e, std::string_view regime, const std::optional<core::Date>& day) const {
  if (e >= data_.designations_of.size()) return false;
  const bool any = core::equals_ignore_case(regime, "any");
  for (const std::uint32_t d_ix : data_.designations_of[e]) {
    const model::Designation& d = data_.designations[d_ix];
    if (!any && !core::equals_ignore_case(d.regime, regime)) continue;
    if (day ? d.in_force_on(*day) : !d.listed_to) return true;
  }
  return false;
}

IdentityIndex::Reaches IdentityIndex::compute_reaches(std::uint32_t e) const {
  // Every chain of one or two relations from e, with the days all its relations are in force; a chain
  // back to e itself only repeats e's own country, which linked_to answers first.
  Reaches out;
  auto days_of = [&](const Edge& edge) { return relation_days_[edge.relation]; };
  auto empty = [](std::int32_t from, std::int32_t to) { return to != kOpen && from >= to; };
  for (const Edge& first : adjacent_[e]) {
    const auto [from1, to1] = days_of(first);
    if (empty(from1, to1)) continue;
    if (const std::uint16_t c = country_of_[first.other]; c != kNoCountry) {
      out.within[0].push_back({c, from1, to1});
      out.within[1].push_back({c, from1, to1});
    }
    for (const Edge& second : adjacent_[first.other]) {
      const std::uint16_t c = country_of_[second.other];
      if (c == kNoCountry) continue;
      const auto [from2, to2] = days_of(second);
      const std::int32_t from = std::max(from1, from2);
      const std::int32_t to = std::min(to1, to2);
      if (!empty(from, to)) out.within[1].push_back({c, from, to});
    }
  }
  // per country, the union of the chains' days as disjoint ranges in order
  for (auto& reach : out.within) {
    std::sort(reach.begin(), reach.end(), [](const Reach& a, const Reach& b) {
      return std::tie(a.country, a.from, a.to) < std::tie(b.country, b.from, b.to);
    });
    std::size_t kept = 0;
    for (const Reach& r : reach) {
      if (kept > 0 && reach[kept - 1].country == r.country && r.from <= reach[kept - 1].to) {
        reach[kept - 1].to = std::max(reach[kept - 1].to, r.to);
      } else {
        reach[kept++] = r;
      }
    }
    reach.resize(kept);
    reach.shrink_to_fit();
    for (const Reach& r : reach) {
      out.changes.push_back(r.from);
      if (r.to != kOpen) out.changes.push_back(r.to);
    }
  }
  std::sort(out.changes.begin(), out.changes.end());
  out.changes.erase(std::unique(out.changes.begin(), out.changes.end()), out.changes.end());
  out.changes.shrink_to_fit();
  return out;
}

const IdentityIndex::Reaches& IdentityIndex::reaches_of(std::uint32_t e) const {
  if (reaches_ready_[e].load(std::memory_order_acquire)) return reaches_[e];
  std::call_once(reaches_once_[e], [&] {
    reaches_[e] = compute_reaches(e);
    reaches_ready_[e].store(true, std::memory_order_release);
  });
  return reaches_[e];
}

std::uint16_t IdentityIndex::country_index(std::string_view country) const noexcept {
  if (const std::uint32_t code = short_code(country); code != 0 && country.find('\0') == std::string_view::npos) {
    const auto it = std::lower_bound(short_countries_.begin(), short_countries_.end(), std::pair(code, std::uint16_t{0}));
    return it != short_countries_.end() && it->first == code ? it->second : kNoCountry;
  }
  const auto it = std::lower_bound(countries_.begin(), countries_.end(), country);
  return it != countries_.end() && *it == country ? static_cast<std::uint16_t>(it - countries_.begin()) : kNoCountry;
}

bool IdentityIndex::linked_to(model::EntityIx e, std::string_view country, std::int64_t depth,
                              const std::optional<core::Date>& day) const {
  if (!e.valid() || e.value >= adjacent_.size() || depth < 0) return false;
  if (depth > 2 || countries_.empty()) return linked_to_by_walk(e, country, depth, day);
  const std::uint16_t c = country_index(country);
  if (c == kNoCountry) return false;  // nobody's main country
  if (country_of_[e.value] == c) return true;
  if (depth == 0 || adjacent_[e.value].empty()) return false;
  const std::vector<Reach>& reach = reaches_of(e.value).within[static_cast<std::size_t>(depth - 1)];
  // without a day, relations that have not ended count, whenever they started
  const std::int32_t d = day ? day->days_since_epoch() : kOpen;
  for (auto r = std::lower_bound(reach.begin(), reach.end(), c, [](const Reach& a, std::uint16_t x) { return a.country < x; });
       r != reach.end() && r->country == c; ++r) {
    if (day ? r->from <= d && (r->to == kOpen || d < r->to) : r->to == kOpen) return true;
  }
  return false;
}

std::optional<bool> IdentityIndex::linked_every_day(model::EntityIx e, std::string_view country, std::int64_t depth) const {
  // as linked_to reads its reaches
  if (!e.valid() || e.value >= adjacent_.size() || depth < 0) return false;
  if (depth > 2 || countries_.empty()) return std::nullopt;
  const std::uint16_t c = country_index(country);
  if (c == kNoCountry) return false;
  if (country_of_[e.value] == c) return true;
  if (depth == 0 || adjacent_[e.value].empty()) return false;
  const std::vector<Reach>& reach = reaches_of(e.value).within[static_cast<std::size_t>(depth - 1)];
  const auto r = std::lower_bound(reach.begin(), reach.end(), c, [](const Reach& a, std::uint16_t x) { return a.country < x; });
  if (r == reach.end() || r->country != c) return false;  // no chain to the country, on any day
  // the merged ranges of one country are disjoint: one that holds every day is the only one
  if (r->from == std::numeric_limits<std::int32_t>::min() && r->to == kOpen) return true;
  return std::nullopt;
}

std::pair<std::int32_t, std::int32_t> IdentityIndex::linked_days(model::EntityIx e, std::int32_t day) const {
  std::pair<std::int32_t, std::int32_t> days{std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()};
  // As linked_to reads them: no reach (no relation, or no main country anywhere) is no change.
  if (!e.valid() || e.value >= adjacent_.size() || countries_.empty() || adjacent_[e.value].empty()) return days;
  // between the last change on or before the day and the first after it (the filter asks this for every
  // party with links it meets on a new span of days)
  const std::vector<std::int32_t>& changes = reaches_of(e.value).changes;
  const auto after = std::upper_bound(changes.begin(), changes.end(), day);
  if (after != changes.end()) days.second = *after;
  if (after != changes.begin()) days.first = std::max(days.first, *(after - 1));
  return days;
}

bool IdentityIndex::linked_to_by_walk(model::EntityIx e, std::string_view country, std::int64_t depth,
                                      const std::optional<core::Date>& day) const {
  if (!e.valid() || e.value >= adjacent_.size() || depth < 0) return false;
  auto main_country_is = [&](std::uint32_t x) {
    const auto& cs = data_.entities[x].countries;
    return !cs.empty() && cs.front() == country;
  };
  if (main_country_is(e.value)) return true;
  // Breadth first, so that each entity is reached at its least depth and visited once.
  std::vector<std::uint32_t> frontier{e.value};
  std::vector<std::uint32_t> seen{e.value};
  for (std::int64_t level = 0; level < depth && !frontier.empty(); ++level) {
    std::vector<std::uint32_t> next;
    for (const std::uint32_t x : frontier) {
      for (const Edge& edge : adjacent_[x]) {
        if (std::find(seen.begin(), seen.end(), edge.other) != seen.end() || !in_force(edge.relation, day)) continue;
        if (main_country_is(edge.other)) return true;
        seen.push_back(edge.other);
        next.push_back(edge.other);
      }
    }
    frontier = std::move(next);
  }
  return false;
}

std::optional<IdentityIndex::Shared> IdentityIndex::shared_identity(model::EntityIx e, std::string_view regime,
                                                                    const std::optional<core::Date>& day) const {
  if (!e.valid() || e.value >= adjacent_.size()) return std::nullopt;
  std::optional<Shared> best;
  // Keeps the candidate with the least id; among the ways one candidate is reached, the first found
  // (address, then phone, then director) explains it.
  auto offer = [&](std::uint32_t other, auto&& describe) {
    if (other == e.value || !designated(other, regime, day)) return;
    if (best && data_.entities[best->other.value].id <= data_.entities[other].id) return;
    best = Shared{model::EntityIx{other}, describe()};
  };
  for (const std::uint32_t g : address_groups_of_[e.value]) {
    for (const std::uint32_t other : addresses_[g].members) {
      offer(other, [&] { return "address '" + addresses_[g].text + "'"; });
    }
  }
  for (const std::uint32_t g : phone_groups_of_[e.value]) {
    for (const std::uint32_t other : phones_[g].members) {
      offer(other, [&] { return "phone '" + phones_[g].text + "'"; });
    }
  }
  for (const Edge& director : directors_of_[e.value]) {
    if (!in_force(director.relation, day)) continue;
    for (const Edge& other : directorships_[director.other]) {
      if (!in_force(other.relation, day)) continue;
      offer(other.other, [&] { return "director '" + data_.entities[director.other].primary_name() + "'"; });
    }
  }
  return best;
}

}  // namespace sanx::eval
