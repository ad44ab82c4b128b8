// The list formats as a whole: names, and reading by format name.
#include <catch2/catch.hpp>

#include "sanx/ingest/lists.hpp"

namespace ingest = sanx::ingest;

TEST_CASE("every list format name parses back to its format", "[ingest][lists]") {
  REQUIRE(ingest::all_list_formats().size() == 9);
  for (const ingest::ListFormat f : ingest::all_list_formats()) {
    CHECK(ingest::parse_list_format(ingest::to_string(f)) == f);
  }
  CHECK_FALSE(ingest::parse_list_format("ofac").has_value());
}
