#include "sanx/graph/ownership.hpp"

#include "sanx/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <tuple>
#include <utility>

namespace sanx::graph {

namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFF;
/// A share the relation does not state, in Graph::own_out_share.
constexpr std::int64_t kUnknownShare = -1;
/// The basis of a relation that joins designated persons into one UK holder (OFSI para 4.14).
constexpr std::string_view kJointArrangement = "joint_arrangement";
/// 100 × 10^16 plus a second such value still fits an int64, so saturated sums never overflow.
constexpr int kMaxScale = 16;

constexpr std::array<std::int64_t, 19> kPow10 = [] {
  std::array<std::int64_t, 19> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

const core::Decimal kHundred = core::Decimal::from_int(100);

// Node facts, committed at the end of a round; a fact never goes away.
constexpr std::uint8_t kSeed = 1;        // designated: listed
constexpr std::uint8_t kLower = 2;       // the lower bound of counted shares meets the threshold
constexpr std::uint8_t kUpper = 4;       // the upper bound does
constexpr std::uint8_t kControlled = 8;  // a listed, blocked or controlled controller (EU, UK)
// What a node has passed on to the entities it owns or controls.
constexpr std::uint8_t kGaveLower = 1;
constexpr std::uint8_t kGaveUpper = 2;
constexpr std::uint8_t kGaveControl = 4;

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
  // The rule built-ins parse their regime argument for every subject: the length leaves one comparison.
  if (s.size() == 4) return core::equals_ignore_case(s, "OFAC") ? std::optional(Regime::ofac) : std::nullopt;
  if (s.size() != 2) return std::nullopt;
  if (core::equals_ignore_case(s, "EU")) return Regime::eu;
  if (core::equals_ignore_case(s, "UK")) return Regime::uk;
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

/// One entity during a closure.
struct OwnershipAnalysis::Node {
  std::int64_t lo = 0;  ///< scaled, saturated at 100%: known shares of owners that count
  std::int64_t hi = 0;  ///< the same with unknown shares as 100% and possibly blocked owners too
  std::uint32_t rank = 0;
  std::uint32_t round = 0;  ///< last round whose sums touched it
  std::uint8_t facts = 0;
  std::uint8_t pending = 0;  ///< kControlled received this round, committed at its end
  std::uint8_t gave = 0;
  State state = State::none;
  bool seen = false;
};

OwnershipAnalysis::OwnershipAnalysis(const model::Dataset& data, Regime regime, ExposureOptions options)
    : data_(data), regime_(regime), options_(std::move(options)) {
  build_graph();
  find_designated();
  const std::size_t n = data.entities.size();
  result_.state.assign(n, State::none);
  result_.rank.assign(n, 0);
  result_.min.assign(n, 0);
  result_.max.assign(n, 0);
  if (regime == Regime::uk) {
    compute_uk();
    return;
  }
  std::vector<Node> nodes(n);
  std::vector<std::uint32_t> touched;
  closure(designated_.data(), designated_.size(), nodes, touched);
  for (const std::uint32_t e : touched) {
    const Node& x = nodes[e];
    result_.state[e] = x.state;
    result_.rank[e] = x.rank;
    if (x.state == State::listed) continue;  // a listed entity's own holding is not examined
    result_.min[e] = x.lo;
    result_.max[e] = x.hi;
  }
}

void OwnershipAnalysis::build_graph() {
  const std::size_t n = data_.entities.size();
  const std::size_t m = std::min(data_.relations.size(), data_.relation_refs.size());
  const std::int32_t day = options_.as_of.days_since_epoch();
  // 1 ownership, 2 control, 0 skipped: not in force, another kind, or an end that does not resolve.
  std::vector<std::uint8_t> kind(m, 0);
  Graph& g = graph_;
  g.own_out_begin.assign(n + 1, 0);
  g.ctl_out_begin.assign(n + 1, 0);
  g.owners_begin.assign(n + 1, 0);
  g.controllers_begin.assign(n + 1, 0);
  int scale = std::max({0, options_.near_from.scale(), options_.min_share_scale});
  for (std::size_t i = 0; i < m; ++i) {
    const model::Relation& r = data_.relations[i];
    const model::RelationRefs& refs = data_.relation_refs[i];
    if (!refs.source.valid() || !refs.target.valid() || refs.source.value >= n || refs.target.value >= n) continue;
    // A branch is its head office (one legal person): it is held as if wholly owned by it, so it is
    // blocked, possibly blocked or (EU, UK) owned-or-controlled exactly when the head office is.
    const bool branch = r.kind == model::RelationKind::branch;
    if (r.kind != model::RelationKind::ownership && r.kind != model::RelationKind::control && !branch) continue;
    if (!r.in_force_on(day)) continue;
    if (r.kind == model::RelationKind::ownership || branch) {
      kind[i] = 1;
      ++g.own_out_begin[refs.source.value + 1];
      ++g.owners_begin[refs.target.value + 1];
      if (r.share) scale = std::max(scale, r.share->scale());
    } else {
      kind[i] = 2;
      ++g.ctl_out_begin[refs.source.value + 1];
      ++g.controllers_begin[refs.target.value + 1];
    }
  }
  scale_ = std::min(scale, kMaxScale);
  hundred_ = 100 * kPow10[static_cast<std::size_t>(scale_)];
  fifty_ = hundred_ / 2;
  if (options_.near_from.is_negative()) {
    near_from_ = 0;
  } else if (options_.near_from > kHundred) {
    near_from_ = hundred_ + 1;
  } else {
    const auto& d = options_.near_from;
    const int diff = scale_ - d.scale();  // negative only when near_from has more than kMaxScale decimals
    const std::int64_t p = kPow10[static_cast<std::size_t>(std::abs(diff))];
    near_from_ = diff >= 0 ? d.mantissa() * p : (d.mantissa() + p - 1) / p;  // rounded up
  }

  for (auto* begin : {&g.own_out_begin, &g.ctl_out_begin, &g.owners_begin, &g.controllers_begin}) {
    for (std::size_t e = 0; e < n; ++e) (*begin)[e + 1] += (*begin)[e];
  }
  g.own_out_to.resize(g.own_out_begin[n]);
  g.own_out_share.resize(g.own_out_begin[n]);
  g.ctl_out_to.resize(g.ctl_out_begin[n]);
  g.owners.resize(g.owners_begin[n]);
  g.controllers.resize(g.controllers_begin[n]);
  std::vector<std::uint32_t> own_out(g.own_out_begin.begin(), g.own_out_begin.end() - 1);
  std::vector<std::uint32_t> ctl_out(g.ctl_out_begin.begin(), g.ctl_out_begin.end() - 1);
  std::vector<std::uint32_t> owners(g.owners_begin.begin(), g.owners_begin.end() - 1);
  std::vector<std::uint32_t> controllers(g.controllers_begin.begin(), g.controllers_begin.end() - 1);
  for (std::uint32_t i = 0; i < m; ++i) {
    if (kind[i] == 0) continue;
    const std::uint32_t from = data_.relation_refs[i].source.value;
    const std::uint32_t to = data_.relation_refs[i].target.value;
    if (kind[i] == 1) {
      const model::Relation& r = data_.relations[i];
      const std::uint32_t k = own_out[from]++;
      g.own_out_to[k] = to;
      g.own_out_share[k] = r.kind == model::RelationKind::branch ? hundred_
                           : r.share                               ? scaled(*r.share)
                                                                   : kUnknownShare;
      g.owners[owners[to]++] = {i, from};
    } else {
      g.ctl_out_to[ctl_out[from]++] = to;
      g.controllers[controllers[to]++] = {i, from};
    }
  }
}

void OwnershipAnalysis::find_designated() {
  const std::size_t n = data_.entities.size();
  const std::string_view regime_name = to_string(regime_);
  for (std::uint32_t e = 0; e < n && e < data_.designations_of.size(); ++e) {
    for (const std::uint32_t d_ix : data_.designations_of[e]) {
      const model::Designation& d = data_.designations[d_ix];
      if (!core::equals_ignore_case(d.regime, regime_name) || !d.in_force_on(options_.as_of)) continue;
      // OFAC's 50% rule follows blocking: the SDN list, or a listing whose measure is an asset freeze
      // (non-SDN lists such as SSI restrict dealings without blocking).
      const bool blocking = regime_ != Regime::ofac || core::equals_ignore_case(d.list, "SDN") ||
                            std::find(d.measures.begin(), d.measures.end(), "asset_freeze") != d.measures.end();
      if (blocking) {
        designated_.push_back(e);
        break;
      }
    }
  }
}

std::int64_t OwnershipAnalysis::scaled(const core::Decimal& d) const noexcept {
  // Shares outside 0–100 are data errors (check_relations reports them): clamp and go on.
  if (d.is_negative()) return 0;
  if (d > kHundred) return hundred_;
  const int diff = scale_ - d.scale();
  if (diff >= 0) return d.mantissa() * kPow10[static_cast<std::size_t>(diff)];
  return d.mantissa() / kPow10[static_cast<std::size_t>(-diff)];  // more than kMaxScale decimals: truncated
}

core::Decimal OwnershipAnalysis::decimal(std::int64_t v) const {
  if (scale_ == 0) return core::Decimal::from_int(v);
  const std::int64_t p = kPow10[static_cast<std::size_t>(scale_)];
  const std::string text = fmt::format("{}.{:0{}}", v / p, v % p, scale_);
  return core::Decimal::parse(text).value_or(core::Decimal());
}

void OwnershipAnalysis::compute_uk() {
  // One designated person at a time; each entity keeps the person whose holding goes furthest. Each
  // closure touches only what that person reaches, and its nodes are reset through the touched list.
  const std::size_t n = data_.entities.size();
  holder_.assign(n, kNone);
  std::vector<Node> nodes(n);
  std::vector<std::uint32_t> touched;
  struct Reached {
    std::uint32_t entity, person, rank;
    State state;
  };
  std::vector<Reached> reached;  // what each closure reached, kept for proofs
  for (const std::vector<std::uint32_t>& group : uk_groups()) {
    // A group is one person, or designated persons under a recorded joint arrangement, whose holdings
    // OFSI adds up (para 4.14); its first member stands for it.
    const std::uint32_t person = group.front();
    closure(group.data(), group.size(), nodes, touched);
    for (const std::uint32_t e : touched) {
      Node& x = nodes[e];
      if (x.state != State::none) reached.push_back({e, person, x.rank, x.state});
      const std::int64_t lo = x.state == State::listed ? 0 : x.lo;
      // The furthest-reaching person decides; among equals the largest holding (also below the
      // threshold, for near_threshold); among those the first person.
      const bool better = x.state > result_.state[e] || (x.state == result_.state[e] && lo > result_.min[e]);
      if (better) {
        result_.state[e] = x.state;
        result_.rank[e] = x.rank;
        result_.min[e] = lo;
        result_.max[e] = x.state == State::listed ? 0 : x.hi;
        holder_[e] = person;
      }
      x = Node{};
    }
    touched.clear();
  }
  // By entity, then by person (persons were taken in increasing order): a counting sort.
  uk_begin_.assign(n + 1, 0);
  for (const Reached& r : reached) ++uk_begin_[r.entity + 1];
  for (std::size_t e = 0; e < n; ++e) uk_begin_[e + 1] += uk_begin_[e];
  std::vector<std::uint32_t> at(uk_begin_.begin(), uk_begin_.end() - 1);
  uk_person_.resize(reached.size());
  uk_rank_.resize(reached.size());
  uk_state_.resize(reached.size());
  for (const Reached& r : reached) {
    const std::uint32_t k = at[r.entity]++;
    uk_person_[k] = r.person;
    uk_rank_[k] = r.rank;
    uk_state_[k] = r.state;
  }
}

std::vector<std::vector<std::uint32_t>> OwnershipAnalysis::uk_groups() const {
  // Union-find over designated persons joined by a relation in force whose basis is joint_arrangement.
  const std::size_t n = data_.entities.size();
  std::vector<std::uint32_t> parent(n);
  for (std::uint32_t i = 0; i < n; ++i) parent[i] = i;
  auto find = [&](std::uint32_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  std::vector<bool> is_designated(n);
  for (const std::uint32_t p : designated_) is_designated[p] = true;
  const std::int32_t day = options_.as_of.days_since_epoch();
  const std::size_t m = std::min(data_.relations.size(), data_.relation_refs.size());
  for (std::size_t i = 0; i < m; ++i) {
    const model::Relation& r = data_.relations[i];
    const model::RelationRefs& refs = data_.relation_refs[i];
    if (!core::equals_ignore_case(r.basis, kJointArrangement) || !r.in_force_on(day)) continue;
    if (!refs.source.valid() || !refs.target.valid() || refs.source.value >= n || refs.target.value >= n) continue;
    if (!is_designated[refs.source.value] || !is_designated[refs.target.value]) continue;
    const std::uint32_t a = find(refs.source.value);
    const std::uint32_t b = find(refs.target.value);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);  // the smallest member leads
  }
  // Groups in the order of their leaders, which is ascending: the proofs' counting sort relies on it.
  std::vector<std::vector<std::uint32_t>> groups;
  std::vector<std::uint32_t> group_of(n, kNone);
  for (const std::uint32_t p : designated_) {
    const std::uint32_t root = find(p);
    if (group_of[root] == kNone) {
      group_of[root] = static_cast<std::uint32_t>(groups.size());
      groups.emplace_back();
    }
    groups[group_of[root]].push_back(p);
  }
  for (auto& g : groups) std::sort(g.begin(), g.end());
  std::sort(groups.begin(), groups.end());
  return groups;
}

bool OwnershipAnalysis::counts(State s, bool upper) const noexcept {
  // Who passes on a stake: blocked and listed owners always; under the EU and the UK also controlled
  // entities (EU: their assets are frozen too; UK: OFSI follows a person's chain through the companies
  // it owns or controls); possibly blocked owners towards the upper bound only.
  if (s == State::listed || s == State::blocked) return true;
  if (s == State::controlled) return regime_ != Regime::ofac;
  return upper && s == State::possible;
}

void OwnershipAnalysis::closure(const std::uint32_t* seeds, std::size_t count, std::vector<Node>& nodes,
                                std::vector<std::uint32_t>& touched) const {
  // Rounds as in Jacobi iteration: round k passes on what changed in round k-1, then commits the
  // entities whose sums changed. Facts only rise, so each entity passes on its stake at most twice
  // (towards the upper bound, then the lower) and its control once: the least fixpoint, and cycles end.
  const Graph& g = graph_;
  const bool controlled_pass = regime_ != Regime::ofac;  // see counts()
  const bool control_marks = regime_ != Regime::ofac;
  const bool strict = regime_ == Regime::uk;  // UK: more than 50%; OFAC, EU: 50% or more
  const std::int64_t hundred = hundred_;
  const std::int64_t fifty = fifty_;
  auto meets = [&](std::int64_t share) { return strict ? share > fifty : share >= fifty; };
  auto gives = [&](std::uint8_t facts) -> std::uint8_t {
    const bool lower = (facts & (kSeed | kLower)) != 0 || (controlled_pass && (facts & kControlled) != 0);
    const bool upper = lower || (facts & kUpper) != 0;
    const bool marks = control_marks && (facts & (kSeed | kLower | kControlled)) != 0;
    return static_cast<std::uint8_t>((lower ? kGaveLower : 0) | (upper ? kGaveUpper : 0) | (marks ? kGaveControl : 0));
  };
  auto touch = [&](std::uint32_t e) -> Node& {
    Node& x = nodes[e];
    if (!x.seen) {
      x.seen = true;
      touched.push_back(e);
    }
    return x;
  };

  std::vector<std::uint32_t> frontier(seeds, seeds + count);
  std::vector<std::uint32_t> changed;
  for (std::size_t i = 0; i < count; ++i) {
    Node& x = touch(seeds[i]);
    x.facts = kSeed;
    x.state = State::listed;
  }
  for (std::uint32_t round = 1; !frontier.empty(); ++round) {
    changed.clear();
    for (const std::uint32_t u : frontier) {
      Node& x = nodes[u];
      const std::uint8_t now = gives(x.facts);
      const std::uint8_t fresh = static_cast<std::uint8_t>(now & ~x.gave);
      x.gave = now;
      if ((fresh & (kGaveLower | kGaveUpper)) != 0) {
        const bool lower = (fresh & kGaveLower) != 0;
        const bool upper = (fresh & kGaveUpper) != 0;
        for (std::uint32_t k = g.own_out_begin[u]; k < g.own_out_begin[u + 1]; ++k) {
          const std::uint32_t v = g.own_out_to[k];
          const std::int64_t share = g.own_out_share[k];
          Node& y = touch(v);
          if (lower && share != kUnknownShare) y.lo = std::min(hundred, y.lo + share);
          if (upper) y.hi = std::min(hundred, y.hi + (share == kUnknownShare ? hundred : share));
          if (y.round != round) {
            y.round = round;
            changed.push_back(v);
          }
        }
      }
      if ((fresh & kGaveControl) != 0) {
        for (std::uint32_t k = g.ctl_out_begin[u]; k < g.ctl_out_begin[u + 1]; ++k) {
          const std::uint32_t v = g.ctl_out_to[k];
          Node& y = touch(v);
          y.pending |= kControlled;
          if (y.round != round) {
            y.round = round;
            changed.push_back(v);
          }
        }
      }
    }
    frontier.clear();
    for (const std::uint32_t v : changed) {
      Node& y = nodes[v];
      if ((y.facts & kSeed) != 0) continue;
      std::uint8_t facts = y.facts | y.pending;
      y.pending = 0;
      if (meets(y.lo)) facts |= kLower;
      if (meets(y.hi)) facts |= kUpper;
      y.facts = facts;
      const State s = (facts & kLower) != 0        ? State::blocked
                      : (facts & kControlled) != 0 ? State::controlled
                      : (facts & kUpper) != 0      ? State::possible
                                                   : State::none;
      if (s > y.state) {
        y.state = s;
        y.rank = round;
      }
      if ((gives(facts) & ~y.gave) != 0) frontier.push_back(v);
    }
  }
}

Step OwnershipAnalysis::step_of(const Edge& edge, std::uint32_t to) const {
  const model::Relation& r = data_.relations[edge.relation];
  return {model::EntityIx{edge.from}, model::EntityIx{to}, r.kind, r.share, r.basis};
}

template <class View>
void OwnershipAnalysis::proofs(const View& view, std::uint32_t e, Path& suffix, std::vector<Path>& out) const {
  const State state = view.state(e);
  const bool upper = state == State::possible;
  const bool by_control = state == State::controlled;
  const auto& g = graph_;
  const Edge* begin = by_control ? g.controllers.data() + g.controllers_begin[e] : g.owners.data() + g.owners_begin[e];
  const Edge* end = by_control ? g.controllers.data() + g.controllers_begin[e + 1] : g.owners.data() + g.owners_begin[e + 1];
  for (const Edge* edge = begin; edge != end; ++edge) {
    if (out.size() >= options_.max_paths) return;
    const State from = view.state(edge->from);
    const bool contributes = by_control ? (from == State::listed || from == State::blocked || from == State::controlled)
                                        : counts(from, upper);
    if (!contributes || (from != State::listed && view.rank(edge->from) >= view.rank(e))) continue;
    suffix.push_back(step_of(*edge, e));
    if (from == State::listed) {
      out.emplace_back(suffix.rbegin(), suffix.rend());
    } else {
      proofs(view, edge->from, suffix, out);
    }
    suffix.pop_back();
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
  return result_.min[e.value] >= near_from_ ? Status::near_threshold : Status::not_blocked;
}

std::pair<core::Decimal, core::Decimal> OwnershipAnalysis::share(model::EntityIx e) const {
  if (!e.valid() || e.value >= result_.state.size()) return {};
  return {decimal(result_.min[e.value]), decimal(result_.max[e.value])};
}

Exposure OwnershipAnalysis::exposure(model::EntityIx e) const {
  Exposure x;
  x.regime = regime_;
  if (!e.valid() || e.value >= result_.state.size()) {
    x.notes.push_back("unknown entity");
    return x;
  }
  const std::uint32_t i = e.value;
  std::tie(x.share_min, x.share_max) = share(e);
  x.status = status(e);
  const State state = result_.state[i];
  if (state != State::listed && state != State::none) {
    Path suffix;
    if (regime_ == Regime::uk && holder_[i] != kNone) {
      // The holder's own closure, as kept for every entity it reached.
      struct {
        const OwnershipAnalysis& a;
        std::uint32_t holder;
        const std::uint32_t* find(std::uint32_t u) const {
          const auto* first = a.uk_person_.data() + a.uk_begin_[u];
          const auto* last = a.uk_person_.data() + a.uk_begin_[u + 1];
          const auto* at = std::lower_bound(first, last, holder);
          return at != last && *at == holder ? at : nullptr;
        }
        State state(std::uint32_t u) const {
          const auto* at = find(u);
          return at == nullptr ? State::none : a.uk_state_[static_cast<std::size_t>(at - a.uk_person_.data())];
        }
        std::uint32_t rank(std::uint32_t u) const {
          const auto* at = find(u);
          return at == nullptr ? 0 : a.uk_rank_[static_cast<std::size_t>(at - a.uk_person_.data())];
        }
      } view{*this, holder_[i]};
      proofs(view, i, suffix, x.paths);
    } else {
      struct {
        const Result& r;
        State state(std::uint32_t u) const { return r.state[u]; }
        std::uint32_t rank(std::uint32_t u) const { return r.rank[u]; }
      } view{result_};
      proofs(view, i, suffix, x.paths);
    }
  }
  const Graph& g = graph_;
  if (x.status == Status::possibly_blocked) {
    std::size_t unknown = 0;
    for (std::uint32_t k = g.owners_begin[i]; k < g.owners_begin[i + 1]; ++k) {
      const Edge& edge = g.owners[k];
      const model::Relation& r = data_.relations[edge.relation];
      if (r.kind != model::RelationKind::branch && !r.share && counts(result_.state[edge.from], true)) ++unknown;
    }
    x.notes.push_back(fmt::format("{} ownership share(s) of designated or blocked owners are not stated: the holding "
                                  "is between {}% and {}%",
                                  unknown, x.share_min.to_string(), x.share_max.to_string()));
  }
  if (regime_ == Regime::uk) {
    x.notes.push_back("UK: holdings of different designated persons are not added up unless a joint arrangement "
                      "(a relation with basis joint_arrangement) is recorded between them");
  }
  if (regime_ == Regime::ofac && state != State::listed) {
    for (std::uint32_t k = g.controllers_begin[i]; k < g.controllers_begin[i + 1]; ++k) {
      const Edge& edge = g.controllers[k];
      const State from = result_.state[edge.from];
      if (from == State::listed || from == State::blocked) {
        const model::Relation& r = data_.relations[edge.relation];
        x.notes.push_back(fmt::format("controlled by blocked {} ({}): control alone does not block under OFAC "
                                      "(FAQ 400); review",
                                      data_.entities[edge.from].id, r.basis.empty() ? "control" : r.basis));
      }
    }
  }
  return x;
}

}  // namespace sanx::graph
