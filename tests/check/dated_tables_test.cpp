// Dated tables: a table with `from` and/or `to` columns becomes a set whose membership depends on a date.
// The checker reads the periods, reports bad dates at their place in the file (E0107), and allows a dated
// set only after `in` / `not in` (E0212).
#include <catch2/catch.hpp>

#include "check/check_test_support.hpp"
#include "support/temp_dir.hpp"

using sanx::testing::check_diagnostics_hold;
using sanx::testing::check_files;
using sanx::testing::TempDir;

namespace {

/// Checks `rules/sets.rules`: `set_line`, then a payment rule whose `when` is `condition` (line 5).
sanx::testing::Checked check_dated(const TempDir& dir, const std::string& set_line, const std::string& condition) {
  const std::string text =
      set_line + "\nrule r {\n  meta { severity = high }\n  on payment p\n  when " + condition + "\n}\n";
  sanx::check::CheckOptions options;
  options.project_root = dir.path();
  return check_files({{dir.write("rules/sets.rules", text).string(), text}}, options);
}

constexpr const char* kIn = "bic_country(p.beneficiary_bic) in T";

}  // namespace

TEST_CASE("a table with from and to columns is a dated set with one period per kept row", "[check][dated]") {
  TempDir dir;
  dir.write("rules/t.csv", "iso2,kind,from,to\nIR,obs,2024-12-26,\nIR,fta,2019-10-27,2025-05-15\nRU,obs,,\n");
  const auto checked = check_dated(dir, "set T: country = table \"t.csv\" column iso2", kIn);
  INFO(sanx::testing::render(checked.diagnostics));
  REQUIRE(checked.diagnostics.empty());
  const auto& set = checked.pack.files[0].sets[0];
  CHECK(set.dated);
  CHECK(set.values == std::vector<std::string>{"IR", "RU"});
  REQUIRE(set.periods.size() == 3);
  CHECK(set.periods[1].value == 0);
  CHECK(set.periods[1].from->to_string() == "2019-10-27");
  CHECK(set.periods[1].to->to_string() == "2025-05-15");
  CHECK_FALSE(set.periods[2].from.has_value());
  CHECK_FALSE(set.periods[2].to.has_value());
}

TEST_CASE("a table with only a from column is dated too, and one without either is not", "[check][dated]") {
  TempDir dir;
  dir.write("rules/from.csv", "iso2,from\nIR,2024-12-26\n");
  dir.write("rules/plain.csv", "iso2,since\nIR,2024-12-26\n");
  CHECK(check_dated(dir, "set T = table \"from.csv\" column iso2", kIn).pack.files[0].sets[0].dated);
  CHECK_FALSE(check_dated(dir, "set T = table \"plain.csv\" column iso2", kIn).pack.files[0].sets[0].dated);
}

TEST_CASE("a bad date in a dated table is reported at the table and at the field", "[check][dated]") {
  TempDir dir;
  dir.write("rules/t.csv", "iso2,from,to\nRU,2015-01-01,\nIR,2024-13-26,\n");
  const auto checked = check_dated(dir, "set T = table \"t.csv\" column iso2", kIn);
  check_diagnostics_hold(checked.diagnostics, "E0107", 1, 15);
  REQUIRE(checked.diagnostics.size() == 1);
  const auto& d = checked.diagnostics.items()[0];
  CHECK(d.message == "table file `t.csv` has a bad row: line 3: `2024-13-26` in column `from` is not a date");
  REQUIRE(d.related.size() == 1);
  CHECK(d.related[0].where.line == 3);
  CHECK(d.related[0].where.column == 4);
  CHECK(d.related[0].source_line == "IR,2024-13-26,");
}

TEST_CASE("a partial date in a dated table is not a date", "[check][dated]") {
  TempDir dir;
  dir.write("rules/t.csv", "iso2,to\nIR,2025-05\n");
  check_diagnostics_hold(check_dated(dir, "set T = table \"t.csv\" column iso2", kIn).diagnostics, "E0107", 1, 15);
}

TEST_CASE("a bad date is reported even on a row that where leaves out", "[check][dated]") {
  TempDir dir;
  dir.write("rules/t.csv", "iso2,kind,from\nIR,obs,2024-12-26\nRU,x,yesterday\n");
  const auto checked = check_dated(dir, "set T = table \"t.csv\" column iso2 where kind == \"obs\"", kIn);
  check_diagnostics_hold(checked.diagnostics, "E0107", 1, 15);
}

TEST_CASE("a period whose to is not after its from is reported", "[check][dated]") {
  TempDir dir;
  dir.write("rules/t.csv", "iso2,from,to\nIR,2025-05-15,2025-05-15\n");
  const auto checked = check_dated(dir, "set T = table \"t.csv\" column iso2", kIn);
  check_diagnostics_hold(checked.diagnostics, "E0107", 1, 15);
  REQUIRE(checked.diagnostics.size() == 1);
  CHECK(checked.diagnostics.items()[0].related.at(0).where.column == 15);
}

TEST_CASE("a dated set used other than after in is reported at the use", "[check][dated]") {
  TempDir dir;
  dir.write("rules/t.csv", "iso2,from\nIR,2024-12-26\n");
  check_diagnostics_hold(check_dated(dir, "set T = table \"t.csv\" column iso2", "len(T) > 0").diagnostics, "E0212",
                         5, 12);
  check_diagnostics_hold(
      check_dated(dir, "set T = table \"t.csv\" column iso2", "any c in T: c == p.currency").diagnostics, "E0212", 5,
      17);
}

TEST_CASE("a dated set after not in is accepted", "[check][dated]") {
  TempDir dir;
  dir.write("rules/t.csv", "iso2,from\nIR,2024-12-26\n");
  const auto checked =
      check_dated(dir, "set T: country = table \"t.csv\" column iso2", "bic_country(p.beneficiary_bic) not in T");
  INFO(sanx::testing::render(checked.diagnostics));
  CHECK(checked.diagnostics.empty());
}
