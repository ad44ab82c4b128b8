// Relation checks (sanx/graph/relation_check.hpp): owners above 100% over overlapping dates, shares out of
// range, dates out of order, ends that name no entity; and the analysis still computing the rest.
#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sanx/core/diagnostic.hpp"
#include "sanx/graph/ownership.hpp"
#include "sanx/graph/relation_check.hpp"
#include "support/golden.hpp"

namespace graph = sanx::graph;
namespace model = sanx::model;
namespace core = sanx::core;

namespace {

core::Date day(const char* iso) { return *core::Date::parse_iso(iso); }

model::Relation owns(const char* from, const char* to, const char* share, const char* start = nullptr,
                     const char* end = nullptr) {
  model::Relation r;
  r.source = from;
  r.target = to;
  if (share != nullptr) r.share = *core::Decimal::parse(share);
  if (start != nullptr) r.start = day(start);
  if (end != nullptr) r.end = day(end);
  return r;
}

/// A dataset of entities x, a, b, c, d with these relations, references resolved.
model::Dataset world(std::vector<model::Relation> relations) {
  model::Dataset data;
  for (const char* id : {"x", "a", "b", "c", "d"}) {
    model::Entity e;
    e.id = id;
    data.entities.push_back(e);
  }
  model::Designation listing;
  listing.entity = "x";
  listing.regime = "OFAC";
  listing.list = "SDN";
  data.designations.push_back(listing);
  data.relations = std::move(relations);
  data.build_indices();
  for (const auto& r : data.relations) data.relation_refs.push_back({data.find_entity(r.source), data.find_entity(r.target)});
  return data;
}

std::vector<std::string> codes(const std::vector<core::Diagnostic>& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags) out.push_back(d.code);
  return out;
}

}  // namespace

TEST_CASE("owners above 100% only count when their validity intervals overlap", "[graph][relation-check]") {
  const std::vector<model::Relation> apart{owns("x", "a", "60", nullptr, "2021-01-01"), owns("b", "a", "60", "2021-01-01")};
  CHECK(graph::find_ownership_excess(apart).empty());  // the end is exclusive: one follows the other

  const std::vector<model::Relation> overlap{owns("x", "a", "60", nullptr, "2021-01-01"), owns("b", "a", "30"),
                                             owns("c", "a", "20", "2020-06-01")};
  const auto excess = graph::find_ownership_excess(overlap);
  REQUIRE(excess.size() == 1);
  CHECK(excess[0].target == "a");
  CHECK(excess[0].total == *core::Decimal::parse("110"));
  CHECK(excess[0].from == day("2020-06-01"));
  CHECK(excess[0].until == day("2021-01-01"));
  CHECK(excess[0].relations == std::vector<std::uint32_t>{0, 1, 2});
}

TEST_CASE("exactly 100% in total is no excess, and 33.333% three times is none either", "[graph][relation-check]") {
  const std::vector<model::Relation> full{owns("x", "a", "50"), owns("b", "a", "49.99"), owns("c", "a", "0.01")};
  CHECK(graph::find_ownership_excess(full).empty());
  const std::vector<model::Relation> thirds{owns("x", "a", "33.333"), owns("b", "a", "33.333"), owns("c", "a", "33.333")};
  CHECK(graph::find_ownership_excess(thirds).empty());
}

TEST_CASE("each kind of bad relation is reported, naming the relation, and the analysis computes the rest",
          "[graph][relation-check]") {
  const auto data = world({owns("x", "a", "60"), owns("b", "a", "70"), owns("x", "b", "-5"), owns("x", "c", "150"),
                           owns("x", "d", "80", "2024-01-01", "2023-01-01"), owns("x", "ghost", "100"),
                           owns("x", "d", "55")});
  const auto diags = graph::check_relations(data);
  CHECK(codes(diags) == std::vector<std::string>{"W2501", "W2501", "W2502", "W2503", "W2103"});
  std::string rendered;
  for (const auto& d : diags) rendered += core::render_text(d) + "\n";
  sanx::testing::check_golden_file(
      std::filesystem::path(SANX_SOURCE_DIR) / "tests" / "golden" / "graph" / "relation_check.expected", rendered);

  graph::ExposureOptions options;
  options.as_of = day("2025-01-01");
  const graph::OwnershipAnalysis ofac(data, graph::Regime::ofac, options);
  CHECK(ofac.status(data.find_entity("a")) == graph::Status::blocked);
  CHECK(ofac.status(data.find_entity("c")) == graph::Status::blocked);  // 150% counts as 100%
  CHECK(ofac.status(data.find_entity("d")) == graph::Status::blocked);  // by the 55%, not the relation never in force
  CHECK(ofac.share(data.find_entity("d")).first == *core::Decimal::parse("55"));
}

TEST_CASE("a branch relation is accepted without a share, and does not count towards its branch's owners' 100%",
          "[graph][relation-check][branch]") {
  model::Relation branch;
  branch.source = "a";
  branch.target = "b";
  branch.kind = model::RelationKind::branch;
  const auto data = world({owns("x", "a", "100"), branch, owns("c", "b", "100")});
  CHECK(graph::check_relations(data).empty());
  CHECK(graph::describe(data.relations[1]) == "a → b (branch)");
}
