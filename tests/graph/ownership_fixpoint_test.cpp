// The ownership engine (sanx/graph/ownership.hpp) against a reference written to be obviously right: the
// regimes' definitions as plain passes over core::Decimal until nothing changes, on a few hundred small
// random graphs with cycles, unknown shares, control, shares like 33.333 and dated relations and
// designations. Status and share bounds must agree for every entity under every regime.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <utility>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "sanx/graph/ownership.hpp"

namespace graph = sanx::graph;
namespace model = sanx::model;
namespace core = sanx::core;

namespace {

core::Decimal dec(const char* text) { return *core::Decimal::parse(text); }
core::Date day(const char* iso) { return *core::Date::parse_iso(iso); }
model::Entity entity(std::string id) {
  model::Entity e;
  e.id = std::move(id);
  return e;
}
/// Indices and relation references, as store::load_dataset leaves them.
void resolve(model::Dataset& data) {
  data.build_indices();
  data.relation_refs.clear();
  for (const auto& r : data.relations) data.relation_refs.push_back({data.find_entity(r.source), data.find_entity(r.target)});
}
core::Decimal capped(const core::Decimal& a, const core::Decimal& b) { return std::min(*a.add(b), dec("100")); }

enum class Ref { none, possible, controlled, blocked, listed };

struct Facts {
  std::vector<bool> seed, lower, upper, controlled;
  std::vector<core::Decimal> lo, hi;
};

bool in_force(const model::Relation& r, const core::Date& d) {
  const auto today = d.days_since_epoch();
  return (!r.start || r.start->days_since_epoch() <= today) && (!r.end || today < r.end->days_since_epoch());
}

/// Designated for the regime on that day; under OFAC only blocking listings (SDN or an asset freeze).
bool designated(const model::Dataset& data, std::uint32_t e, graph::Regime regime, const core::Date& d) {
  for (const auto& des : data.designations) {
    if (des.entity != data.entities[e].id || des.regime != graph::to_string(regime) || !des.in_force_on(d)) continue;
    const bool freeze = std::find(des.measures.begin(), des.measures.end(), "asset_freeze") != des.measures.end();
    if (regime != graph::Regime::ofac || des.list == "SDN" || freeze) return true;
  }
  return false;
}

/// The definitions, repeated until no fact changes: the least fixpoint from the seeds.
Facts fixpoint(const model::Dataset& data, graph::Regime regime, const core::Date& d, const std::vector<bool>& seeds) {
  const std::size_t n = data.entities.size();
  Facts f{seeds, std::vector<bool>(n), std::vector<bool>(n), std::vector<bool>(n),
          std::vector<core::Decimal>(n), std::vector<core::Decimal>(n)};
  const bool ofac = regime == graph::Regime::ofac;
  auto meets = [&](const core::Decimal& s) { return regime == graph::Regime::uk ? s > dec("50") : s >= dec("50"); };
  auto counts_lower = [&](std::size_t o) { return f.seed[o] || f.lower[o] || (!ofac && f.controlled[o]); };
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t e = 0; e < n; ++e) {
      if (f.seed[e]) continue;
      core::Decimal lo;
      core::Decimal hi;
      bool controlled = f.controlled[e];
      for (std::size_t i = 0; i < data.relations.size(); ++i) {
        const auto& r = data.relations[i];
        const auto o = data.relation_refs[i].source.value;
        if (data.relation_refs[i].target.value != e || !in_force(r, d)) continue;
        if (r.kind == model::RelationKind::ownership) {
          if (counts_lower(o) && r.share) lo = capped(lo, *r.share);
          if (counts_lower(o) || f.upper[o]) hi = capped(hi, r.share ? *r.share : dec("100"));
        }
        if (r.kind == model::RelationKind::control && regime != graph::Regime::ofac &&
            (f.seed[o] || f.lower[o] || f.controlled[o])) {
          controlled = true;
        }
      }
      if (meets(lo) != f.lower[e] || meets(hi) != f.upper[e] || controlled != f.controlled[e] || lo != f.lo[e] ||
          hi != f.hi[e]) {
        changed = true;
      }
      f.lower[e] = meets(lo);
      f.upper[e] = meets(hi);
      f.controlled[e] = controlled;
      f.lo[e] = lo;
      f.hi[e] = hi;
    }
  }
  return f;
}

struct Expected {
  Ref state = Ref::none;
  core::Decimal min, max;
};

Ref state_of(const Facts& f, std::size_t e) {
  if (f.seed[e]) return Ref::listed;
  if (f.lower[e]) return Ref::blocked;
  if (f.controlled[e]) return Ref::controlled;
  return f.upper[e] ? Ref::possible : Ref::none;
}

std::vector<Expected> reference(const model::Dataset& data, graph::Regime regime, const core::Date& d) {
  const std::size_t n = data.entities.size();
  std::vector<bool> seeds(n);
  for (std::uint32_t e = 0; e < n; ++e) seeds[e] = designated(data, e, regime, d);
  std::vector<Expected> out(n);
  auto expected = [](const Facts& f, std::size_t e) {
    const Ref s = state_of(f, e);
    return s == Ref::listed ? Expected{s, {}, {}} : Expected{s, f.lo[e], f.hi[e]};
  };
  if (regime != graph::Regime::uk) {
    const Facts f = fixpoint(data, regime, d, seeds);
    for (std::size_t e = 0; e < n; ++e) out[e] = expected(f, e);
    return out;
  }
  // UK: each designated person alone; the furthest-reaching person decides, then the largest holding.
  for (std::size_t p = 0; p < n; ++p) {
    if (!seeds[p]) continue;
    std::vector<bool> one(n);
    one[p] = true;
    const Facts f = fixpoint(data, regime, d, one);
    for (std::size_t e = 0; e < n; ++e) {
      const Expected x = expected(f, e);
      if (x.state > out[e].state || (x.state == out[e].state && x.min > out[e].min)) out[e] = x;
    }
  }
  return out;
}

std::string status_of(const Expected& x) {
  switch (x.state) {
    case Ref::listed: return "listed";
    case Ref::blocked: return "blocked";
    case Ref::controlled: return "controlled";
    case Ref::possible: return "possibly_blocked";
    case Ref::none: break;
  }
  return x.min >= dec("40") ? "near_threshold" : "not_blocked";
}

/// A world of entities `ids` where `x` is designated by OFAC (SDN), the EU and the UK; `links` are
/// "owner owned share" (share "?" unknown, "control" a control relation).
model::Dataset small_world(std::initializer_list<const char*> ids, std::initializer_list<std::array<const char*, 3>> links) {
  model::Dataset data;
  for (const char* id : ids) data.entities.push_back(entity(id));
  for (const char* regime : {"OFAC", "EU", "UK"}) {
    model::Designation d;
    d.entity = "x";
    d.regime = regime;
    d.list = std::string(regime) == "OFAC" ? "SDN" : regime;
    data.designations.push_back(d);
  }
  for (const auto& [from, to, share] : links) {
    model::Relation r;
    r.source = from;
    r.target = to;
    if (std::string(share) == "control") {
      r.kind = model::RelationKind::control;
    } else if (std::string(share) != "?") {
      r.share = dec(share);
    }
    data.relations.push_back(r);
  }
  resolve(data);
  return data;
}

graph::OwnershipAnalysis analyse(const model::Dataset& data, graph::Regime regime) {
  graph::ExposureOptions options;
  options.as_of = day("2025-01-01");
  return graph::OwnershipAnalysis(data, regime, options);
}


/// A random world of 3–12 entities; `seed` makes it reproducible.
model::Dataset random_world(unsigned seed) {
  std::mt19937 rng(seed);
  auto pick = [&](std::size_t k) { return static_cast<std::size_t>(rng() % k); };
  const char* shares[] = {"10", "25", "40", "50", "33.333", "16.667", "49.99", "0.01", "60", "100", "20.5", "75", "51"};
  const char* dates[] = {"2019-01-01", "2021-06-01", "2023-01-01"};
  model::Dataset data;
  const std::size_t n = 3 + pick(10);
  for (std::size_t e = 0; e < n; ++e) data.entities.push_back(entity("e" + std::to_string(e)));
  for (std::size_t e = 0; e < n; ++e) {
    for (const char* regime : {"OFAC", "EU", "UK"}) {
      if (pick(4) != 0) continue;
      model::Designation d;
      d.entity = data.entities[e].id;
      d.regime = regime;
      d.list = std::string(regime) == "OFAC" ? (pick(3) == 0 ? "SSI" : "SDN") : "X";
      if (pick(4) == 0) d.measures.push_back("asset_freeze");
      if (pick(3) == 0) d.listed_from = day(dates[pick(3)]);
      if (pick(4) == 0) d.listed_to = day("2022-06-01");
      data.designations.push_back(d);
    }
  }
  const std::size_t m = pick(n * 2 + 2);
  for (std::size_t i = 0; i < m; ++i) {
    model::Relation r;
    r.source = data.entities[pick(n)].id;
    r.target = data.entities[pick(n)].id;  // self-holdings included
    const std::size_t kind = pick(10);
    r.kind = kind < 7 ? model::RelationKind::ownership : kind < 9 ? model::RelationKind::control : model::RelationKind::director;
    if (r.kind == model::RelationKind::ownership && pick(6) != 0) r.share = dec(shares[pick(std::size(shares))]);
    if (pick(4) == 0) r.start = day(dates[pick(3)]);
    if (pick(5) == 0) r.end = day("2022-01-01");
    data.relations.push_back(r);
  }
  resolve(data);
  return data;
}

/// The first entity on which the engine and the reference differ, described; empty when none.
std::string first_difference(const model::Dataset& data, graph::Regime regime, const core::Date& d) {
  graph::ExposureOptions options;
  options.as_of = d;
  const graph::OwnershipAnalysis analysis(data, regime, options);
  const auto expected = reference(data, regime, d);
  for (std::uint32_t e = 0; e < data.entities.size(); ++e) {
    const model::EntityIx ix{e};
    const auto [min, max] = analysis.share(ix);
    const std::string got = std::string(graph::to_string(analysis.status(ix)));
    const auto x = analysis.exposure(ix);
    if (got != status_of(expected[e]) || min != expected[e].min || max != expected[e].max ||
        graph::to_string(x.status) != got || x.share_min != min || x.share_max != max) {
      return data.entities[e].id + ": " + got + " [" + min.to_string() + ", " + max.to_string() + "], expected " +
             status_of(expected[e]) + " [" + expected[e].min.to_string() + ", " + expected[e].max.to_string() + "]";
    }
    // Every proof runs from a designated entity down to this one, one relation after another.
    for (const auto& path : x.paths) {
      if (path.empty() || path.back().to != ix || expected[path.front().from.value].state != Ref::listed) {
        return data.entities[e].id + ": a proof does not run from a listed entity to it";
      }
      for (std::size_t k = 1; k < path.size(); ++k) {
        if (path[k].from != path[k - 1].to) return data.entities[e].id + ": a proof with a gap";
      }
    }
  }
  return {};
}

}  // namespace

TEST_CASE("the engine gives the reference fixpoint's status and share bounds on random small graphs, every regime",
          "[graph][ownership][fixpoint]") {
  const char* days[] = {"2020-06-01", "2022-03-01", "2024-01-01"};
  for (unsigned seed = 1; seed <= 400; ++seed) {
    const model::Dataset data = random_world(seed);
    for (const auto regime : {graph::Regime::ofac, graph::Regime::eu, graph::Regime::uk}) {
      const char* d = days[seed % 3];
      INFO("world " << seed << ", " << graph::to_string(regime) << " as of " << d);
      CHECK(first_difference(data, regime, day(d)).empty());
    }
  }
}

TEST_CASE("shares summing over 100% are capped and shares outside 0-100 clamped, and the rest is still computed",
          "[graph][ownership][bad-input]") {
  const auto data = small_world({"x", "a", "b", "c"}, {{"x", "a", "70"}, {"x", "a", "80"}, {"x", "b", "-30"},
                                                       {"x", "c", "250"}, {"x", "ghost", "60"}});
  const auto ofac = analyse(data, graph::Regime::ofac);
  CHECK(ofac.share(data.find_entity("a")).first == dec("100"));  // 150% in total
  CHECK(ofac.status(data.find_entity("a")) == graph::Status::blocked);
  CHECK(ofac.status(data.find_entity("b")) == graph::Status::not_blocked);  // -30% counts as 0
  CHECK(ofac.share(data.find_entity("b")).first == dec("0"));
  CHECK(ofac.status(data.find_entity("c")) == graph::Status::blocked);  // 250% as 100; "ghost" is skipped
}

TEST_CASE("49.99% and 0.01% through a blocked entity are exactly 50%, whatever the decimals of the other shares",
          "[graph][ownership][exact]") {
  const auto data = small_world({"x", "h", "t", "u"}, {{"x", "t", "49.99"}, {"x", "h", "100"}, {"h", "t", "0.01"},
                                                       {"x", "u", "33.3333"}, {"h", "u", "16.6666"}});
  const auto ofac = analyse(data, graph::Regime::ofac);
  CHECK(ofac.status(data.find_entity("t")) == graph::Status::blocked);
  CHECK(ofac.share(data.find_entity("t")).first == dec("50"));
  CHECK(ofac.status(data.find_entity("u")) == graph::Status::near_threshold);  // 49.9999%
  CHECK(ofac.share(data.find_entity("u")).first == dec("49.9999"));
}

TEST_CASE("under the UK one person's direct 30% and 30% through a company it owns outright are 60%",
          "[graph][ownership][uk]") {
  const auto data = small_world({"x", "h", "t"}, {{"x", "t", "30"}, {"x", "h", "100"}, {"h", "t", "30"}});
  const auto uk = analyse(data, graph::Regime::uk);
  CHECK(uk.status(data.find_entity("t")) == graph::Status::blocked);
  CHECK(uk.share(data.find_entity("t")).first == dec("60"));
  CHECK(uk.exposure(data.find_entity("t")).paths.size() == 2);
}

TEST_CASE("under the UK a person's chain runs through a company it controls: that company's 60% blocks",
          "[graph][ownership][uk]") {
  const auto data = small_world({"x", "g", "h"}, {{"x", "g", "control"}, {"x", "g", "?"}, {"g", "h", "60"}});
  const auto uk = analyse(data, graph::Regime::uk);
  CHECK(uk.status(data.find_entity("g")) == graph::Status::controlled);
  CHECK(uk.share(data.find_entity("g")).second == dec("100"));
  CHECK(uk.status(data.find_entity("h")) == graph::Status::blocked);
  CHECK(uk.share(data.find_entity("h")) == std::pair{dec("60"), dec("60")});
  // OFAC: control alone passes nothing on (FAQ 400); only x's unstated share in g leaves h open.
  CHECK(analyse(data, graph::Regime::ofac).status(data.find_entity("h")) == graph::Status::possibly_blocked);
}

TEST_CASE("under the UK two designated persons' holdings add up only under a recorded joint arrangement",
          "[graph][ownership][uk]") {
  auto data = small_world({"x", "y", "t"}, {{"x", "t", "30"}, {"y", "t", "30"}});
  model::Designation y;
  y.entity = "y";
  y.regime = "UK";
  y.list = "UK";
  data.designations.push_back(y);
  resolve(data);
  CHECK(analyse(data, graph::Regime::uk).status(data.find_entity("t")) == graph::Status::not_blocked);

  model::Relation joint;
  joint.source = "x";
  joint.target = "y";
  joint.kind = model::RelationKind::associate;
  joint.basis = "joint_arrangement";
  data.relations.push_back(joint);
  resolve(data);
  const auto uk = analyse(data, graph::Regime::uk);
  CHECK(uk.status(data.find_entity("t")) == graph::Status::blocked);
  CHECK(uk.share(data.find_entity("t")).first == dec("60"));
  CHECK(uk.exposure(data.find_entity("t")).paths.size() == 2);  // from x and from y
}
