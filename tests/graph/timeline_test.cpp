// Exposure over time (sanx/graph/timeline.hpp): the timeline answers from the part of a dataset that
// designated persons reach, cut only where that part changes; on random dated worlds every answer must be
// the one of an analysis of the whole dataset as of the same day.
#include <catch2/catch.hpp>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "compile/rules_test_support.hpp"
#include "sanx/graph/ownership.hpp"
#include "sanx/graph/timeline.hpp"

namespace graph = sanx::graph;
namespace model = sanx::model;
namespace core = sanx::core;

namespace {

using sanx::test::day;
using sanx::test::dec;

const char* const kDates[] = {"2018-03-01", "2019-01-01", "2020-07-15", "2021-06-01", "2022-02-24", "2023-01-01"};

/// A random world of 8–30 entities, a third of them out of reach of any designation, with dated
/// designations, ownership (shares with 0 to 3 decimals, or unknown), control, branches, directors and
/// joint arrangements; `seed` makes it reproducible.
model::Dataset random_dated_world(unsigned seed) {
  std::mt19937 rng(seed);
  auto pick = [&](std::size_t k) { return static_cast<std::size_t>(rng() % k); };
  auto some_day = [&] { return day(kDates[pick(std::size(kDates))]); };
  const char* shares[] = {"10", "25", "40", "50", "33.333", "16.5", "49.99", "0.01", "60", "100", "51", "75"};
  model::Dataset data;
  const std::size_t n = 8 + pick(23);
  const std::size_t reachable = n - n / 3;  // relations out of the first ones only reach the last third among themselves
  for (std::size_t e = 0; e < n; ++e) {
    model::Entity x;
    x.id = "e" + std::to_string(e);
    data.entities.push_back(x);
  }
  for (std::size_t e = 0; e < reachable; ++e) {
    for (const char* regime : {"OFAC", "EU", "UK", "UN"}) {
      if (pick(5) != 0) continue;
      model::Designation d;
      d.entity = data.entities[e].id;
      d.regime = regime;
      d.list = std::string(regime) == "OFAC" ? (pick(3) == 0 ? "SSI" : "SDN") : "X";
      if (pick(4) == 0) d.measures.push_back("asset_freeze");
      if (pick(2) == 0) d.listed_from = some_day();
      if (pick(4) == 0) d.listed_to = some_day();
      data.designations.push_back(d);
    }
  }
  const std::size_t m = pick(n * 3);
  for (std::size_t i = 0; i < m; ++i) {
    model::Relation r;
    const bool apart = pick(3) == 0;  // among the entities no designation reaches
    const std::size_t from = apart ? reachable : 0, span = apart ? n - reachable : reachable;
    if (span == 0) continue;
    r.source = data.entities[from + pick(span)].id;
    r.target = data.entities[from + pick(span)].id;
    const std::size_t kind = pick(12);
    r.kind = kind < 7    ? model::RelationKind::ownership
             : kind < 9  ? model::RelationKind::control
             : kind < 10 ? model::RelationKind::branch
                         : model::RelationKind::director;
    if (r.kind == model::RelationKind::ownership && pick(6) != 0) r.share = dec(shares[pick(std::size(shares))]);
    if (r.kind == model::RelationKind::control) r.basis = pick(3) == 0 ? "nominee" : "";
    if (pick(6) == 0) r.basis = "joint_arrangement";
    if (pick(3) == 0) r.start = some_day();
    if (pick(4) == 0) r.end = some_day();
    data.relations.push_back(r);
  }
  data.build_indices();
  for (const auto& r : data.relations) data.relation_refs.push_back({data.find_entity(r.source), data.find_entity(r.target)});
  return data;
}

/// Controlled as the rule built-in means it: a control relation in force from a party the regime blocks.
bool controlled_by_blocked(const model::Dataset& data, const graph::OwnershipAnalysis& whole, std::uint32_t e,
                           graph::Regime regime, std::int32_t d) {
  for (std::uint32_t r = 0; r < data.relations.size(); ++r) {
    if (data.relations[r].kind != model::RelationKind::control || data.relation_refs[r].target.value != e ||
        !data.relation_refs[r].source.valid() || !data.relations[r].in_force_on(d)) {
      continue;
    }
    const graph::Status s = whole.status(data.relation_refs[r].source);
    if (s == graph::Status::listed || s == graph::Status::blocked) return true;
    if (s == graph::Status::controlled && regime != graph::Regime::ofac) return true;
  }
  return false;
}

/// The first entity on which the timeline and `whole` (the whole dataset's analysis as of `d`) differ,
/// described; empty when none.
std::string first_difference(const model::Dataset& data, const graph::ExposureTimeline& timeline,
                             const graph::OwnershipAnalysis& whole, graph::Regime regime, std::optional<core::Date> on,
                             std::int32_t d) {
  for (std::uint32_t i = 0; i < data.entities.size(); ++i) {
    const model::EntityIx e{i};
    const std::string who = data.entities[i].id + ": ";
    if (timeline.status(e, regime, on) != whole.status(e)) {
      return who + "status " + std::string(graph::to_string(timeline.status(e, regime, on))) + ", expected " +
             std::string(graph::to_string(whole.status(e)));
    }
    const auto [lo, hi] = timeline.share(e, regime, on);
    const auto [want_lo, want_hi] = whole.share(e);
    if (lo != want_lo || hi != want_hi || lo.to_string() != want_lo.to_string() || hi.to_string() != want_hi.to_string()) {
      return who + "share [" + lo.to_string() + ", " + hi.to_string() + "], expected [" + want_lo.to_string() + ", " +
             want_hi.to_string() + "]";
    }
    if (timeline.controlled(e, regime, on) != controlled_by_blocked(data, whole, i, regime, d)) return who + "controlled";
    std::vector<std::string> want;
    for (const auto& p : whole.exposure(e).paths) want.push_back(graph::format_path(data, p));
    if (timeline.paths(e, regime, on) != want) return who + "proof paths";
  }
  return {};
}

}  // namespace

TEST_CASE("the timeline gives the whole dataset's status, shares, control and proofs on any day of random dated "
          "worlds",
          "[graph][timeline]") {
  for (unsigned seed = 1; seed <= 100; ++seed) {
    const model::Dataset data = random_dated_world(seed);
    graph::ExposureOptions base;  // the near-threshold band from 40%, 0% (everyone) or 33.75%
    base.near_from = seed % 3 == 0 ? dec("40") : seed % 3 == 1 ? dec("0") : dec("33.75");
    const graph::ExposureTimeline timeline(data, base);
    std::vector<core::Date> days{day("2000-01-01"), day("2030-01-01")};
    for (const char* d : kDates) {
      days.push_back(day(d));
      days.push_back(core::Date::from_days_since_epoch(day(d).days_since_epoch() - 1));
    }
    for (const auto regime : {graph::Regime::ofac, graph::Regime::eu, graph::Regime::uk}) {
      for (const core::Date& d : days) {
        INFO("world " << seed << ", " << graph::to_string(regime) << " on " << d.to_string());
        graph::ExposureOptions options = base;
        options.as_of = d;
        const graph::OwnershipAnalysis whole(data, regime, options);
        CHECK(first_difference(data, timeline, whole, regime, d, d.days_since_epoch()).empty());
      }
      INFO("world " << seed << ", " << graph::to_string(regime) << " with no day");
      const std::int32_t last = timeline.changes().empty() ? 0 : timeline.changes().back();
      CHECK(first_difference(data, timeline, timeline.at(regime, std::nullopt), regime, std::nullopt, last).empty());
    }
  }
}

TEST_CASE("an entity no designated person reaches is not blocked and holds 0%, beside one a listed owner holds",
          "[graph][timeline]") {
  sanx::test::World w;
  for (const char* id : {"x", "a", "p", "q"}) w.company(id, id, "RU");
  w.designate("x", "OFAC", "SDN", std::nullopt);
  model::Relation held;  // x -60-> a, and apart p -33.5-> q from 2021
  held.source = "x";
  held.target = "a";
  held.share = dec("60");
  w.relation(held);
  held.source = "p";
  held.target = "q";
  held.share = dec("33.5");
  held.start = day("2021-01-01");
  const model::Dataset& data = w.relation(held).build();
  const graph::ExposureTimeline timeline(data);
  const model::EntityIx q = data.find_entity("q");
  CHECK(timeline.status(q, graph::Regime::ofac, day("2022-01-01")) == graph::Status::not_blocked);
  CHECK(timeline.share(q, graph::Regime::ofac, day("2022-01-01")).second == dec("0"));
  CHECK(timeline.status(data.find_entity("a"), graph::Regime::ofac, day("2022-01-01")) == graph::Status::blocked);
  CHECK(timeline.share(data.find_entity("a"), graph::Regime::ofac, day("2022-01-01")).first == dec("60"));
  CHECK(timeline.paths(data.find_entity("a"), graph::Regime::ofac, day("2022-01-01")) ==
        std::vector<std::string>{"x -[60%]-> a"});
}

TEST_CASE("the three regimes parse in any case and nothing else parses as one", "[graph][timeline]") {
  CHECK(graph::parse_regime("OFAC") == graph::Regime::ofac);
  CHECK(graph::parse_regime("ofac") == graph::Regime::ofac);
  CHECK(graph::parse_regime("Eu") == graph::Regime::eu);
  CHECK(graph::parse_regime("uk") == graph::Regime::uk);
  for (const char* other : {"", "UN", "OFA", "OFACX", "EU ", "U"}) CHECK_FALSE(graph::parse_regime(other));
}
