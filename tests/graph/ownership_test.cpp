// Ownership and control exposure (sanx/graph/ownership.hpp): the cases of the OFAC 50 Percent Rule, EU
// ownership and control, and the UK's single-person test, each in a small world built by hand.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "compile/rules_test_support.hpp"
#include "sanx/graph/ownership.hpp"
#include "sanx/graph/timeline.hpp"

namespace graph = sanx::graph;
namespace model = sanx::model;
using sanx::test::day;
using sanx::test::dec;
using sanx::test::World;

namespace {

/// A world of companies `a`…; `listed` are designated by OFAC (SDN), the EU and the UK from 2020.
World& companies(World& w, std::initializer_list<const char*> ids, std::initializer_list<const char*> listed) {
  for (const char* id : ids) w.company(id, id, "RU");
  for (const char* id : listed) {
    w.designate(id, "OFAC", "SDN", day("2020-01-01"));
    w.designate(id, "EU", "EU-269", day("2020-01-01"));
    w.designate(id, "UK", "UK-OFSI", day("2020-01-01"));
  }
  return w;
}

World& owns(World& w, const char* owner, const char* owned, const char* share) {
  model::Relation r;
  r.source = owner;
  r.target = owned;
  r.kind = model::RelationKind::ownership;
  if (share != nullptr) r.share = dec(share);
  w.relation(r);
  return w;
}

World& controls(World& w, const char* controller, const char* controlled, const char* basis) {
  model::Relation r;
  r.source = controller;
  r.target = controlled;
  r.kind = model::RelationKind::control;
  r.basis = basis;
  w.relation(r);
  return w;
}

graph::Exposure exposure(const model::Dataset& data, const char* id, graph::Regime regime,
                         const char* as_of = "2025-01-01") {
  graph::ExposureOptions options;
  options.as_of = day(as_of);
  const graph::OwnershipAnalysis analysis(data, regime, options);
  return analysis.exposure(data.find_entity(id));
}

std::string status(const model::Dataset& data, const char* id, graph::Regime regime, const char* as_of = "2025-01-01") {
  return std::string(graph::to_string(exposure(data, id, regime, as_of).status));
}

/// `x -50-> a -50-> b` as text, for each proof path.
std::vector<std::string> paths(const model::Dataset& data, const graph::Exposure& e) {
  std::vector<std::string> out;
  for (const auto& path : e.paths) {
    std::string line = data.entities[path.front().from.value].id;
    for (const auto& step : path) {
      line += " -" + (step.share ? step.share->to_string() : std::string(step.kind == model::RelationKind::control ? "control" : "?")) +
              "-> " + data.entities[step.to.value].id;
    }
    out.push_back(line);
  }
  return out;
}

}  // namespace

TEST_CASE("a listed owner's 50% of an entity that owns 50% blocks both, without multiplying along the chain",
          "[graph][ownership]") {
  World w;
  companies(w, {"x", "a", "b"}, {"x"});
  owns(w, "x", "a", "50");
  owns(w, "a", "b", "50");
  const auto& data = w.build();
  const auto b = exposure(data, "b", graph::Regime::ofac);
  CHECK(graph::to_string(b.status) == "blocked");
  CHECK(b.share_min == dec("50"));
  CHECK(paths(data, b) == std::vector<std::string>{"x -50-> a -50-> b"});
  CHECK(status(data, "x", graph::Regime::ofac) == "listed");
}

TEST_CASE("a direct 10% and 40% through a blocked entity add up to exactly 50%", "[graph][ownership]") {
  World w;
  companies(w, {"x", "d", "c"}, {"x"});
  owns(w, "x", "c", "10");
  owns(w, "x", "d", "100");
  owns(w, "d", "c", "40");
  const auto& data = w.build();
  const auto c = exposure(data, "c", graph::Regime::ofac);
  CHECK(graph::to_string(c.status) == "blocked");
  CHECK(c.share_min == dec("50"));
  CHECK(paths(data, c) == std::vector<std::string>{"x -10-> c", "x -100-> d -40-> c"});
}

TEST_CASE("two listed owners with 25% each block under OFAC and the EU but not the UK", "[graph][ownership]") {
  World w;
  companies(w, {"p", "q", "t"}, {"p", "q"});
  owns(w, "p", "t", "25");
  owns(w, "q", "t", "25");
  const auto& data = w.build();
  CHECK(status(data, "t", graph::Regime::ofac) == "blocked");
  CHECK(status(data, "t", graph::Regime::eu) == "blocked");
  CHECK(status(data, "t", graph::Regime::uk) == "not_blocked");
}

TEST_CASE("40% through an entity that is not blocked counts as nothing, even when that entity owns 100%",
          "[graph][ownership]") {
  World w;
  companies(w, {"x", "e", "f"}, {"x"});
  owns(w, "x", "e", "40");
  owns(w, "e", "f", "100");
  const auto& data = w.build();
  CHECK(status(data, "e", graph::Regime::ofac) == "near_threshold");
  CHECK(status(data, "f", graph::Regime::ofac) == "not_blocked");
  CHECK(exposure(data, "f", graph::Regime::ofac).share_min == dec("0"));
}

TEST_CASE("49.9% is not blocked but near the threshold", "[graph][ownership]") {
  World w;
  companies(w, {"x", "a"}, {"x"});
  owns(w, "x", "a", "49.9");
  const auto& data = w.build();
  const auto a = exposure(data, "a", graph::Regime::ofac);
  CHECK(graph::to_string(a.status) == "near_threshold");
  CHECK(a.share_min == dec("49.9"));
}

TEST_CASE("exactly 50% blocks under OFAC and the EU, and not under the UK, which needs more than half",
          "[graph][ownership]") {
  World w;
  companies(w, {"x", "a", "m"}, {"x"});
  owns(w, "x", "a", "50");
  owns(w, "x", "m", "50.01");
  const auto& data = w.build();
  CHECK(status(data, "a", graph::Regime::ofac) == "blocked");
  CHECK(status(data, "a", graph::Regime::eu) == "blocked");
  CHECK(status(data, "a", graph::Regime::uk) == "near_threshold");
  CHECK(status(data, "m", graph::Regime::uk) == "blocked");
}

TEST_CASE("control without ownership makes an entity controlled under the EU and UK, and only a note under OFAC",
          "[graph][ownership]") {
  World w;
  companies(w, {"x", "g", "h"}, {"x"});
  controls(w, "x", "g", "board_majority");
  owns(w, "g", "h", "60");
  const auto& data = w.build();
  const auto eu = exposure(data, "g", graph::Regime::eu);
  CHECK(graph::to_string(eu.status) == "controlled");
  CHECK(paths(data, eu) == std::vector<std::string>{"x -control-> g"});
  CHECK(status(data, "h", graph::Regime::eu) == "blocked");  // a controlled entity's stake counts under the EU
  CHECK(status(data, "g", graph::Regime::uk) == "controlled");
  const auto ofac = exposure(data, "g", graph::Regime::ofac);
  CHECK(graph::to_string(ofac.status) == "not_blocked");
  REQUIRE(ofac.notes.size() == 1);
  CHECK(ofac.notes[0].find("FAQ 400") != std::string::npos);
  CHECK(status(data, "h", graph::Regime::ofac) == "not_blocked");
}

TEST_CASE("a cycle of cross-holdings terminates and blocks only what a listed owner reaches", "[graph][ownership]") {
  World w;
  companies(w, {"x", "a", "b", "c", "d"}, {"x"});
  owns(w, "c", "d", "60");
  owns(w, "d", "c", "60");  // no listed owner: neither is blocked
  owns(w, "x", "a", "50");
  owns(w, "a", "b", "60");
  owns(w, "b", "a", "10");
  const auto& data = w.build();
  CHECK(status(data, "c", graph::Regime::ofac) == "not_blocked");
  CHECK(status(data, "d", graph::Regime::ofac) == "not_blocked");
  CHECK(status(data, "b", graph::Regime::ofac) == "blocked");
  const auto a = exposure(data, "a", graph::Regime::ofac);
  CHECK(graph::to_string(a.status) == "blocked");
  CHECK(a.share_min == dec("60"));  // x's 50 and the 10 held back by b, blocked in its turn
  CHECK(paths(data, a) == std::vector<std::string>{"x -50-> a"});  // the proof never goes round the cycle
}

TEST_CASE("a delisted owner counts before its delisting date and not after", "[graph][ownership]") {
  World w;
  w.company("x", "x", "RU").company("a", "a", "RU");
  w.designate("x", "OFAC", "SDN", day("2020-01-01"), day("2024-06-01"));
  owns(w, "x", "a", "75");
  const auto& data = w.build();
  CHECK(status(data, "a", graph::Regime::ofac, "2024-05-31") == "blocked");
  CHECK(status(data, "a", graph::Regime::ofac, "2024-06-01") == "not_blocked");
  CHECK(status(data, "x", graph::Regime::ofac, "2024-06-01") == "not_blocked");
}

TEST_CASE("an ownership of unknown share makes the owned entity possibly blocked, between 0% and 100%",
          "[graph][ownership]") {
  World w;
  companies(w, {"x", "s", "t"}, {"x"});
  owns(w, "x", "s", nullptr);  // OFAC advanced XML "Owned or Controlled By": no share
  owns(w, "s", "t", "100");
  const auto& data = w.build();
  const auto s = exposure(data, "s", graph::Regime::ofac);
  CHECK(graph::to_string(s.status) == "possibly_blocked");
  CHECK(s.share_min == dec("0"));
  CHECK(s.share_max == dec("100"));
  REQUIRE_FALSE(s.notes.empty());
  CHECK(s.notes[0].find("not stated") != std::string::npos);
  CHECK(status(data, "t", graph::Regime::ofac) == "possibly_blocked");  // through a possibly blocked owner
}

TEST_CASE("an OFAC listing that does not block (a non-SDN list without asset freeze) blocks nothing it owns",
          "[graph][ownership]") {
  World w;
  w.company("x", "x", "RU").company("a", "a", "RU");
  w.designate("x", "OFAC", "CONS", day("2020-01-01"), std::nullopt, {"UKRAINE-EO13662"});
  owns(w, "x", "a", "100");
  const auto& data = w.build();
  CHECK(status(data, "x", graph::Regime::ofac) == "not_blocked");
  CHECK(status(data, "a", graph::Regime::ofac) == "not_blocked");
}

// --- branches: one legal person with their head office ---

namespace {

World& branch(World& w, const char* head_office, const char* branch_id, const char* start = nullptr,
              const char* end = nullptr) {
  model::Relation r;
  r.source = head_office;
  r.target = branch_id;
  r.kind = model::RelationKind::branch;
  if (start != nullptr) r.start = day(start);
  if (end != nullptr) r.end = day(end);
  w.relation(r);
  return w;
}

/// The proof paths as graph::format_path writes them for exposure_paths.
std::vector<std::string> path_texts(const model::Dataset& data, const graph::Exposure& e) {
  std::vector<std::string> out;
  for (const auto& p : e.paths) out.push_back(graph::format_path(data, p));
  return out;
}

}  // namespace

TEST_CASE("the branch of a designated bank is blocked under OFAC, the EU and the UK, its proof saying branch of",
          "[graph][ownership][branch]") {
  World w;
  companies(w, {"bank", "bank-shanghai"}, {"bank"});
  branch(w, "bank", "bank-shanghai");
  const auto& data = w.build();
  for (const auto regime : {graph::Regime::ofac, graph::Regime::eu, graph::Regime::uk}) {
    INFO(graph::to_string(regime));
    const auto x = exposure(data, "bank-shanghai", regime);
    CHECK(graph::to_string(x.status) == "blocked");
    CHECK(x.share_min == dec("100"));
    CHECK(path_texts(data, x) == std::vector<std::string>{"bank <-[branch of]- bank-shanghai"});
  }
}

TEST_CASE("the branch of a bank 50% owned by an SDN is blocked under OFAC and the EU, and like its head office "
          "not under the UK's more-than-50% test",
          "[graph][ownership][branch]") {
  World w;
  companies(w, {"sdn", "bank", "bank-dubai"}, {"sdn"});
  owns(w, "sdn", "bank", "50");
  branch(w, "bank", "bank-dubai");
  const auto& data = w.build();
  for (const auto regime : {graph::Regime::ofac, graph::Regime::eu}) {
    INFO(graph::to_string(regime));
    const auto x = exposure(data, "bank-dubai", regime);
    CHECK(graph::to_string(x.status) == "blocked");
    CHECK(path_texts(data, x) == std::vector<std::string>{"sdn -[50%]-> bank <-[branch of]- bank-dubai"});
  }
  CHECK(status(data, "bank", graph::Regime::uk) == "near_threshold");
  CHECK(status(data, "bank-dubai", graph::Regime::uk) == "not_blocked");  // a head office not blocked passes nothing on
}

TEST_CASE("a branch follows its head office when that is controlled (EU) or possibly blocked, and only while the "
          "branch relation is in force",
          "[graph][ownership][branch]") {
  World w;
  companies(w, {"sdn", "owned", "controlled", "br-owned", "br-controlled"}, {"sdn"});
  owns(w, "sdn", "owned", nullptr);  // share not stated: possibly blocked
  controls(w, "sdn", "controlled", "board_majority");
  branch(w, "owned", "br-owned");
  branch(w, "controlled", "br-controlled", "2021-01-01", "2023-01-01");
  const auto& data = w.build();
  CHECK(status(data, "br-owned", graph::Regime::ofac) == "possibly_blocked");
  CHECK(status(data, "br-controlled", graph::Regime::eu, "2022-06-01") == "blocked");
  CHECK(status(data, "br-controlled", graph::Regime::eu, "2024-06-01") == "not_blocked");
  CHECK(status(data, "br-controlled", graph::Regime::ofac, "2022-06-01") == "not_blocked");  // control alone
}

TEST_CASE("the UK follows a designated person's chain through a company it owns into that company's branch",
          "[graph][ownership][branch]") {
  World w;
  companies(w, {"person", "bank", "bank-baku"}, {"person"});
  owns(w, "person", "bank", "51");
  branch(w, "bank", "bank-baku");
  const auto& data = w.build();
  const auto x = exposure(data, "bank-baku", graph::Regime::uk);
  CHECK(graph::to_string(x.status) == "blocked");
  CHECK(path_texts(data, x) == std::vector<std::string>{"person -[51%]-> bank <-[branch of]- bank-baku"});
}
