// Sets read from table files: path lookup, columns, `where` filters and problems in the file
// (E0107, E0108).
#include <catch2/catch.hpp>

#include "check/check_test_support.hpp"
#include "support/temp_dir.hpp"

using sanx::testing::check_diagnostics_hold;
using sanx::testing::check_files;
using sanx::testing::payment_when;
using sanx::testing::TempDir;

namespace {

constexpr const char* kChp =
    "hs6,tier,description\n"
    "854231,1,Processors and controllers\n"
    "854232,1,Memories\n"
    "852691,2,Radio navigational aid apparatus\n"
    "854231,1,Processors again\n";

/// Checks one rule file at `dir/rules/sets.rules` holding `set_line` and a shipment rule using set T.
sanx::testing::Checked check_table(const TempDir& dir, const std::string& set_line) {
  const std::string text = set_line + "\nrule r {\n  meta { severity = high }\n  on shipment s\n"
                                      "  when hs_in(s.hs_code, T)\n}\n";
  sanx::check::CheckOptions options;
  options.project_root = dir.path();
  return check_files({{dir.write("rules/sets.rules", text).string(), text}}, options);
}

}  // namespace

TEST_CASE("a table set holds the column's distinct values in the rows that match where", "[check][tables]") {
  TempDir dir;
  dir.write("data/chp.csv", kChp);
  const auto checked = check_table(dir, "set T = table \"../data/chp.csv\" column hs6 where tier == \"1\"");
  INFO(sanx::testing::render(checked.diagnostics));
  CHECK(checked.diagnostics.empty());
  CHECK(checked.pack.files[0].sets[0].values == std::vector<std::string>{"854231", "854232"});
}

TEST_CASE("a table path is also looked up under the project root", "[check][tables]") {
  TempDir dir;
  dir.write("datasets/chp.csv", kChp);
  const auto checked = check_table(dir, "set T = table \"datasets/chp.csv\" column hs6");
  INFO(sanx::testing::render(checked.diagnostics));
  CHECK(checked.diagnostics.empty());
  CHECK(checked.pack.files[0].sets[0].values.size() == 3);
}

TEST_CASE("a where over table columns can use set membership and string tests", "[check][tables]") {
  TempDir dir;
  dir.write("data/chp.csv", kChp);
  const auto checked =
      check_table(dir, "set T = table \"../data/chp.csv\" column hs6 where tier in {\"2\"} or description starts_with \"Mem\"");
  INFO(sanx::testing::render(checked.diagnostics));
  CHECK(checked.diagnostics.empty());
  CHECK(checked.pack.files[0].sets[0].values == std::vector<std::string>{"854232", "852691"});
}

TEST_CASE("a table file that does not exist is reported at its path", "[check][tables]") {
  TempDir dir;
  const auto checked = check_table(dir, "set T = table \"missing.csv\" column hs6");
  check_diagnostics_hold(checked.diagnostics, "E0107", 1, 15);
}

TEST_CASE("a row with too many fields is reported at the table and at the row", "[check][tables]") {
  TempDir dir;
  dir.write("rules/chp.csv", "hs6,tier\n854231,1\n854232,1,extra\n");
  const auto checked = check_table(dir, "set T = table \"chp.csv\" column hs6");
  check_diagnostics_hold(checked.diagnostics, "E0107", 1, 15);
  REQUIRE(checked.diagnostics.size() == 1);
  const auto& related = checked.diagnostics.items()[0].related;
  REQUIRE(related.size() == 1);
  CHECK(related[0].where.line == 3);
  CHECK(related[0].where.column == 10);
  CHECK(related[0].source_line == "854232,1,extra");
}

TEST_CASE("a column the table does not have is reported at the column", "[check][tables]") {
  TempDir dir;
  dir.write("rules/chp.csv", kChp);
  const auto checked = check_table(dir, "set T = table \"chp.csv\" column hs8");
  check_diagnostics_hold(checked.diagnostics, "E0108", 1, 32);
}

TEST_CASE("a name in where that is not a column is an unknown column", "[check][tables]") {
  TempDir dir;
  dir.write("rules/chp.csv", kChp);
  const auto checked = check_table(dir, "set T = table \"chp.csv\" column hs6 where teir == \"1\"");
  check_diagnostics_hold(checked.diagnostics, "E0108", 1, 42);
}

TEST_CASE("a where that is not a condition is reported", "[check][tables]") {
  TempDir dir;
  dir.write("rules/chp.csv", kChp);
  const auto checked = check_table(dir, "set T = table \"chp.csv\" column hs6 where tier");
  check_diagnostics_hold(checked.diagnostics, "E0204", 1, 42);
}
