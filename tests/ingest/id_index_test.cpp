// The duplicate-id index: first position wins, growth keeps every id findable.
#include <catch2/catch.hpp>

#include <string>

#include "ingest/id_index.hpp"

TEST_CASE("an id seen again reports where it was first seen", "[ingest][id_index]") {
  sanx::ingest::IdIndex index;
  CHECK(index.insert("P-1", 2, 1).line == 0);
  CHECK(index.insert("P-2", 3, 1).line == 0);
  const auto first = index.insert("P-1", 9, 4);
  CHECK(first.line == 2);
  CHECK(first.column == 1);
  CHECK(index.size() == 2);
}

TEST_CASE("ids stay findable as the index grows", "[ingest][id_index]") {
  sanx::ingest::IdIndex index;
  for (std::uint32_t i = 1; i <= 100'000; ++i) REQUIRE(index.insert("id-" + std::to_string(i), i, 1).line == 0);
  for (std::uint32_t i = 1; i <= 100'000; i += 997) CHECK(index.insert("id-" + std::to_string(i), 0, 0).line == i);
  CHECK(index.insert("", 5, 1).line == 0);
  CHECK(index.insert("", 6, 1).line == 5);
}
