#include "sanx/graph/ownership.hpp"

#include "sanx/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace sanx::graph {

namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFF;

/// In force on `day`: start <= day < end, open ends allowed.
bool in_force(const model::Relation& r, const core::Date& day) {
  if (r.start && day.days_since_epoch() < r.start->earliest().days_since_epoch()) return false;
  if (r.end && day.days_since_epoch() >= r.end->earliest().days_since_epoch()) return false;
  return true;
}

const core::Decimal kHundred = core::Decimal::from_int(100);
const core::Decimal kFifty = core::Decimal::from_int(50);

core::Decimal plus(const core::Decimal& a, const core::Decimal& b) {
  const auto sum = a.add(b);
  return sum && *sum < kHundred ? *sum : kHundred;  // shares above 100% are data errors: cap, never overflow
}

}  // namespace

std::string_view to_string(Regime r) noexcept {
  switch (r) {
    case Regime::ofac: return "OFAC";
    case Regime::eu: return "EU";
    case Regime::uk: return "UK";
  }
  return "?";
}

std::optional<Regime> parse_regime(std::string_view s) noexcept {
  for (const Regime r : {Regime::ofac, Regime::eu, Regime::uk}) {
    if (core::equals_ignore_case(s, to_string(r))) return r;
  }
  return std::nullopt;
}

std::string_view to_string(Status s) noexcept {
  switch (s) {
    case Status::listed: return "listed";
    case Status::blocked: return "blocked";
    case Status::possibly_blocked: return "possibly_blocked";
    case Status::controlled: return "controlled";
    case Status::near_threshold: return "near_threshold";
    case Status::not_blocked: return "not_blocked";
  }
  return "?";
}

OwnershipAnalysis::OwnershipAnalysis(const model::Dataset& data, Regime regime, ExposureOptions options)
    : data_(data), regime_(regime), options_(std::move(options)) {
  const std::size_t n = data.entities.size();
  owners_.resize(n);
  controllers_.resize(n);
  for (std::uint32_t i = 0; i < data.relations.size() && i < data.relation_refs.size(); ++i) {
    const model::Relation& r = data.relations[i];
    const model::RelationRefs& refs = data.relation_refs[i];
    if (!refs.source.valid() || !refs.target.valid() || !in_force(r, options_.as_of)) continue;
    if (r.kind == model::RelationKind::ownership) owners_[refs.target.value].push_back({i, refs.source.value});
    if (r.kind == model::RelationKind::control) controllers_[refs.target.value].push_back({i, refs.source.value});
  }
  const std::string_view regime_name = to_string(regime);
  for (std::uint32_t e = 0; e < n && e < data.designations_of.size(); ++e) {
    for (const std::uint32_t d_ix : data.designations_of[e]) {
      const model::Designation& d = data.designations[d_ix];
      if (!core::equals_ignore_case(d.regime, regime_name) || !d.in_force_on(options_.as_of)) continue;
      // OFAC's 50% rule follows blocking: the SDN list, or a listing whose measure is an asset freeze
      // (non-SDN lists such as SSI restrict dealings without blocking).
      const bool blocking = regime != Regime::ofac || core::equals_ignore_case(d.list, "SDN") ||
                            std::find(d.measures.begin(), d.measures.end(), "asset_freeze") != d.measures.end();
      if (blocking) {
        designated_.push_back(e);
        break;
      }
    }
  }

  if (regime != Regime::uk) {
    result_ = closure(designated_);
    return;
  }
  // UK: one designated person at a time; each entity keeps the person whose holding goes furthest.
  result_.state.assign(n, State::none);
  result_.rank.assign(n, 0);
  result_.min.assign(n, core::Decimal());
  result_.max.assign(n, core::Decimal());
  holder_.assign(n, kNone);
  for (const std::uint32_t person : designated_) {
    const Closure c = closure({person});
    for (std::uint32_t e = 0; e < n; ++e) {
      // The furthest-reaching person decides; among equals the largest holding (also below the
      // threshold, for near_threshold).
      const bool better = c.state[e] > result_.state[e] || (c.state[e] == result_.state[e] && c.min[e] > result_.min[e]);
      if (!better) continue;
      result_.state[e] = c.state[e];
      result_.rank[e] = c.rank[e];
      result_.min[e] = c.min[e];
      result_.max[e] = c.max[e];
      holder_[e] = person;
    }
  }
}

bool OwnershipAnalysis::counts(State s, bool upper) const noexcept {
  // Who passes on a stake: blocked and listed owners always; under the EU also controlled entities
  // (their assets are frozen too); possibly blocked owners towards the upper bound only.
  if (s == State::listed || s == State::blocked) return true;
  if (s == State::controlled) return regime_ == Regime::eu;
  return upper && s == State::possible;
}

OwnershipAnalysis::Closure OwnershipAnalysis::closure(const std::vector<std::uint32_t>& seeds) const {
  const std::size_t n = data_.entities.size();
  Closure c;
  c.state.assign(n, State::none);
  c.rank.assign(n, 0);
  c.min.assign(n, core::Decimal());
  c.max.assign(n, core::Decimal());
  for (const std::uint32_t s : seeds) c.state[s] = State::listed;
  const bool strict = regime_ == Regime::uk;  // UK: more than 50%; OFAC, EU: 50% or more
  const bool control_marks = regime_ != Regime::ofac;
  auto meets = [&](const core::Decimal& share) { return strict ? share > kFifty : share >= kFifty; };

  // Full passes until nothing changes: states only rise and bounds only grow, so this is the least
  // fixpoint; a cycle of entities that are not reached from a seed stays unblocked.
  for (std::uint32_t pass = 1;; ++pass) {
    std::vector<std::pair<std::uint32_t, State>> changes;
    std::vector<std::pair<core::Decimal, core::Decimal>> bounds;
    for (std::uint32_t e = 0; e < n; ++e) {
      if (c.state[e] == State::listed || (owners_[e].empty() && controllers_[e].empty())) continue;
      core::Decimal lo;
      core::Decimal hi;
      for (const Edge& edge : owners_[e]) {
        const State owner = c.state[edge.from];
        const auto& share = data_.relations[edge.relation].share;
        if (counts(owner, false) && share) lo = plus(lo, *share);
        if (counts(owner, true)) hi = plus(hi, share ? *share : kHundred);
      }
      State next = meets(lo) ? State::blocked : meets(hi) ? State::possible : State::none;
      if (next < State::controlled && control_marks) {
        for (const Edge& edge : controllers_[e]) {
          const State controller = c.state[edge.from];
          if (controller == State::listed || controller == State::blocked || controller == State::controlled) {
            next = State::controlled;
          }
        }
      }
      if (next > c.state[e] || lo != c.min[e] || hi != c.max[e]) {
        changes.emplace_back(e, std::max(next, c.state[e]));
        bounds.emplace_back(lo, hi);
      }
    }
    if (changes.empty()) break;
    for (std::size_t i = 0; i < changes.size(); ++i) {
      const auto [e, state] = changes[i];
      if (state != c.state[e]) c.rank[e] = pass;
      c.state[e] = state;
      c.min[e] = bounds[i].first;
      c.max[e] = bounds[i].second;
    }
  }
  return c;
}

Step OwnershipAnalysis::step_of(const Edge& edge, std::uint32_t to) const {
  const model::Relation& r = data_.relations[edge.relation];
  return {model::EntityIx{edge.from}, model::EntityIx{to}, r.kind, r.share, r.basis};
}

void OwnershipAnalysis::proofs(const Closure& c, std::uint32_t e, Path& suffix, std::vector<Path>& out) const {
  const bool upper = c.state[e] == State::possible;
  const bool by_control = c.state[e] == State::controlled;
  for (const auto* edges : {&owners_[e], &controllers_[e]}) {
    const bool control = edges == &controllers_[e];
    if (control != by_control) continue;
    for (const Edge& edge : *edges) {
      if (out.size() >= options_.max_paths) return;
      const State from = c.state[edge.from];
      const bool contributes = control ? (from == State::listed || from == State::blocked || from == State::controlled)
                                       : counts(from, upper);
      if (!contributes || (from != State::listed && c.rank[edge.from] >= c.rank[e])) continue;
      suffix.push_back(step_of(edge, e));
      if (from == State::listed) {
        out.emplace_back(suffix.rbegin(), suffix.rend());
      } else {
        proofs(c, edge.from, suffix, out);
      }
      suffix.pop_back();
    }
  }
}

Status OwnershipAnalysis::status(model::EntityIx e) const noexcept {
  if (!e.valid() || e.value >= result_.state.size()) return Status::not_blocked;
  switch (result_.state[e.value]) {
    case State::listed: return Status::listed;
    case State::blocked: return Status::blocked;
    case State::possible: return Status::possibly_blocked;
    case State::controlled: return Status::controlled;
    case State::none: break;
  }
  return result_.min[e.value] >= options_.near_from ? Status::near_threshold : Status::not_blocked;
}

std::pair<core::Decimal, core::Decimal> OwnershipAnalysis::share(model::EntityIx e) const {
  if (!e.valid() || e.value >= result_.state.size()) return {};
  return {result_.min[e.value], result_.max[e.value]};
}

Exposure OwnershipAnalysis::exposure(model::EntityIx e) const {
  Exposure x;
  x.regime = regime_;
  if (!e.valid() || e.value >= result_.state.size()) {
    x.notes.push_back("unknown entity");
    return x;
  }
  const std::uint32_t i = e.value;
  x.share_min = result_.min[i];
  x.share_max = result_.max[i];
  switch (result_.state[i]) {
    case State::listed: x.status = Status::listed; break;
    case State::blocked: x.status = Status::blocked; break;
    case State::possible: x.status = Status::possibly_blocked; break;
    case State::controlled: x.status = Status::controlled; break;
    case State::none:
      x.status = x.share_min >= options_.near_from ? Status::near_threshold : Status::not_blocked;
      break;
  }
  if (result_.state[i] != State::listed && result_.state[i] != State::none) {
    Path suffix;
    if (regime_ == Regime::uk && holder_[i] != kNone) {
      proofs(closure({holder_[i]}), i, suffix, x.paths);
    } else {
      proofs(result_, i, suffix, x.paths);
    }
  }
  if (x.status == Status::possibly_blocked) {
    std::size_t unknown = 0;
    for (const Edge& edge : owners_[i]) {
      if (!data_.relations[edge.relation].share && counts(result_.state[edge.from], true)) ++unknown;
    }
    x.notes.push_back(fmt::format("{} ownership share(s) of designated or blocked owners are not stated: the holding "
                                  "is between {}% and {}%",
                                  unknown, x.share_min.to_string(), x.share_max.to_string()));
  }
  if (regime_ == Regime::uk) {
    x.notes.push_back("UK: holdings of different designated persons are not added up");
  }
  if (regime_ == Regime::ofac && result_.state[i] != State::listed) {
    for (const Edge& edge : controllers_[i]) {
      const State from = result_.state[edge.from];
      if (from == State::listed || from == State::blocked) {
        x.notes.push_back(fmt::format("controlled by blocked {} ({}): control alone does not block under OFAC "
                                      "(FAQ 400); review",
                                      data_.entities[edge.from].id,
                                      data_.relations[edge.relation].basis.empty() ? "control"
                                                                                   : data_.relations[edge.relation].basis));
      }
    }
  }
  return x;
}

}  // namespace sanx::graph
