#include <catch2/catch.hpp>

#include "sanx/dsl/types.hpp"

using sanx::dsl::Type;
using sanx::dsl::TypeKind;

TEST_CASE("types print as the language writes them", "[dsl][types]") {
  CHECK(to_string(Type::of(TypeKind::boolean)) == "bool");
  CHECK(to_string(Type::of(TypeKind::integer)) == "int");
  CHECK(to_string(Type::of(TypeKind::percent)) == "percent");
  CHECK(to_string(Type::set_of(TypeKind::country)) == "set<country>");
  CHECK(to_string(Type::list_of(TypeKind::entity)) == "list<entity>");
  CHECK(to_string(TypeKind::error) == "error");
}
