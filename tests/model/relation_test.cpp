#include "sanx/model/relation.hpp"

#include <catch2/catch.hpp>

namespace model = sanx::model;
using model::RelationKind;

TEST_CASE("relation kinds round-trip through their names", "[model][relation]") {
  for (const RelationKind k : {RelationKind::ownership, RelationKind::control, RelationKind::director,
                               RelationKind::family, RelationKind::associate}) {
    CHECK(model::parse_relation_kind(model::to_string(k)) == k);
  }
  CHECK(model::to_string(RelationKind::ownership) == "ownership");
}

TEST_CASE("relation kind names are exact lower-case words", "[model][relation]") {
  for (const char* text : {"Ownership", "owner", "owns", "shareholder", ""}) {
    INFO('"' << text << '"');
    CHECK_FALSE(model::parse_relation_kind(text).has_value());
  }
}
