#include "sanx/core/diagnostic.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/golden.hpp"

using sanx::core::Diagnostic;
using sanx::core::Diagnostics;
using sanx::core::Label;
using sanx::core::render_json;
using sanx::core::render_text;
using sanx::core::RenderOptions;
using sanx::core::Severity;
using sanx::testing::check_golden;

namespace {

/// The E2002 example of docs/diagnostics.md.
Diagnostic bad_date() {
  Diagnostic d;
  d.code = "E2002";
  d.message = "invalid date `2024-13-01` in column `date`";
  d.where = {"payments.csv", 14, 6, 10};
  d.source_line = "P-13,2024-13-01,demo:a";
  d.label = "expected a date YYYY-MM-DD";
  d.notes = {"help: dates are ISO 8601"};
  return d;
}

/// A diagnostic whose only interesting part is its snippet.
Diagnostic at(std::string source_line, std::uint32_t column, std::uint32_t length) {
  Diagnostic d;
  d.code = "E9999";
  d.message = "m";
  d.where = {"f.csv", 1, column, length};
  d.source_line = std::move(source_line);
  return d;
}

/// The `n`th line (0-based) of the rendering of `d`.
std::string line_of(const Diagnostic& d, std::size_t n) {
  const std::string text = render_text(d);
  std::size_t begin = 0;
  for (std::size_t i = 0; i < n; ++i) begin = text.find('\n', begin) + 1;
  return text.substr(begin, text.find('\n', begin) - begin);
}

std::string caret_line(const Diagnostic& d) { return line_of(d, 4); }

}  // namespace

TEST_CASE("an invalid date renders as in the diagnostics registry", "[core][diagnostic]") {
  check_golden("core/diagnostic_date.expected", render_text(bad_date()));
}

TEST_CASE("colour paints the severity red and the gutter blue, as rustc does", "[core][diagnostic]") {
  check_golden("core/diagnostic_date_color.expected", render_text(bad_date(), RenderOptions{true}));
}

TEST_CASE("without colour the rendering has no escape sequences", "[core][diagnostic]") {
  CHECK(render_text(bad_date()).find('\x1b') == std::string::npos);
}

TEST_CASE("a warning is rendered in yellow as a warning", "[core][diagnostic]") {
  Diagnostic d = bad_date();
  d.severity = Severity::warning;
  d.code = "W2101";
  CHECK_THAT(render_text(d), Catch::StartsWith("warning[W2101]: "));
  CHECK_THAT(render_text(d, RenderOptions{true}), Catch::StartsWith("\x1b[1;33mwarning[W2101]\x1b[0m"));
  CHECK_THAT(render_text(d, RenderOptions{true}), Catch::Contains("\x1b[1;33m^^^^^^^^^^ expected"));
}

TEST_CASE("a diagnostic without a code has no brackets", "[core][diagnostic]") {
  Diagnostic d = bad_date();
  d.code.clear();
  CHECK_THAT(render_text(d), Catch::StartsWith("error: invalid date"));
}

TEST_CASE("the caret line counts code points, not bytes", "[core][diagnostic]") {
  // "Москва," is 7 code points but 13 bytes.
  CHECK(caret_line(at("Москва,2024-13-01", 8, 10)) == "  | " + std::string(7, ' ') + "^^^^^^^^^^");
}

TEST_CASE("carets stay under their column after a tab", "[core][diagnostic]") {
  CHECK(caret_line(at("id\tdate\tx", 4, 4)) == "  |   \t^^^^");
}

TEST_CASE("a tab after multi-byte characters keeps its place in the padding", "[core][diagnostic]") {
  CHECK(caret_line(at("Москва\t2024-13-01", 8, 10)) == "  | " + std::string(6, ' ') + "\t^^^^^^^^^^");
}

TEST_CASE("a span of length zero still gets one caret", "[core][diagnostic]") {
  CHECK(caret_line(at("a,b,", 5, 0)) == "  |     ^");
}

TEST_CASE("a span past the end of its line is padded with spaces", "[core][diagnostic]") {
  CHECK(caret_line(at("a,b", 6, 1)) == "  |      ^");
}

TEST_CASE("a related label in the same file shares the snippet, ordered by line", "[core][diagnostic]") {
  Diagnostic d;
  d.code = "E0101";
  d.message = "duplicate rule `spfs_cross_border`";
  d.where = {"rules/corridors/spfs.rules", 14, 6, 17};
  d.source_line = "rule spfs_cross_border {";
  d.label = "declared again here";
  d.related.push_back(Label{{"rules/corridors/spfs.rules", 3, 6, 17}, "first declared here", "rule spfs_cross_border {"});
  check_golden("core/diagnostic_related_same_file.expected", render_text(d));
}

TEST_CASE("a related label in another file gets its own ::: block and the gutter fits its line number",
          "[core][diagnostic]") {
  Diagnostic d;
  d.code = "E2005";
  d.message = "id `demo:vtb` is used twice";
  d.where = {"more/entities.csv", 7, 1, 8};
  d.source_line = "demo:vtb,bank,VTB Bank (PJSC),,RU,,,,";
  d.label = "used again here";
  d.related.push_back(Label{{"entities.csv", 112, 1, 8}, "first declared here", "demo:vtb,bank,Банк ВТБ,,RU,,,,"});
  d.notes = {"note: ids are unique across all datasets in a database"};
  check_golden("core/diagnostic_related_other_file.expected", render_text(d));
}

TEST_CASE("two labels on one line share the source line and get one underline row each", "[core][diagnostic]") {
  Diagnostic d = at("P-1,demo:a,demo:a", 12, 6);
  d.label = "pays itself";
  d.related.push_back(Label{{"f.csv", 1, 5, 6}, "originator", "P-1,demo:a,demo:a"});
  CHECK(render_text(d) ==
        "error[E9999]: m\n"
        " --> f.csv:1:12\n"
        "  |\n"
        "1 | P-1,demo:a,demo:a\n"
        "  |     ------ originator\n"
        "  |            ^^^^^^ pays itself\n");
}

TEST_CASE("a related label without source text shows its place and its message as a note", "[core][diagnostic]") {
  Diagnostic d = at("x", 1, 1);
  d.related.push_back(Label{{"old.csv", 9, 2, 1}, "first declared here", ""});
  CHECK_THAT(render_text(d), Catch::EndsWith("  | ^\n ::: old.csv:9:2\n  = note: first declared here\n"));
}

TEST_CASE("a whole-file problem shows only the file", "[core][diagnostic]") {
  Diagnostic d;
  d.code = "E2006";
  d.message = "file `payments.csv` named in dataset.toml does not exist";
  d.where = {"datasets/demo/dataset.toml", 0, 0, 0};
  d.notes = {"help: paths in dataset.toml are relative to the dataset folder"};
  check_golden("core/diagnostic_whole_file.expected", render_text(d));
}

TEST_CASE("without source text there is no snippet, and the label becomes a note", "[core][diagnostic]") {
  Diagnostic d = bad_date();
  d.source_line.clear();
  CHECK(render_text(d) ==
        "error[E2002]: invalid date `2024-13-01` in column `date`\n"
        " --> payments.csv:14:6\n"
        "  = note: expected a date YYYY-MM-DD\n"
        "  = help: dates are ISO 8601\n");
}

TEST_CASE("a location without a column shows file and line", "[core][diagnostic]") {
  Diagnostic d = bad_date();
  d.where.column = 0;
  CHECK(line_of(d, 1) == " --> payments.csv:14");
}

TEST_CASE("notes are printed verbatim after the equals sign, in order", "[core][diagnostic]") {
  Diagnostic d = bad_date();
  d.notes = {"note: first", "help: second", "plain third"};
  CHECK_THAT(render_text(d), Catch::EndsWith("   = note: first\n   = help: second\n   = plain third\n"));
}

TEST_CASE("an invalid date renders as one JSON object", "[core][diagnostic][json]") {
  check_golden("core/diagnostic_date.json.expected", render_json(bad_date()) + "\n");
}

TEST_CASE("JSON lists related labels with their places and messages", "[core][diagnostic][json]") {
  Diagnostic d = bad_date();
  d.notes.clear();
  d.related.push_back(Label{{"a.csv", 3, 1, 4}, "first here", "ignored"});
  d.related.push_back(Label{{"b.csv", 0, 0, 0}, "and here", ""});
  CHECK_THAT(render_json(d),
             Catch::EndsWith(R"("notes":[],"related":[{"file":"a.csv","line":3,"column":1,"length":4,)"
                             R"("message":"first here"},{"file":"b.csv","line":0,"column":0,"length":0,)"
                             R"("message":"and here"}]})"));
}

TEST_CASE("JSON escapes quotes, backslashes and control characters", "[core][diagnostic][json]") {
  Diagnostic d = bad_date();
  d.message = "a \"q\" \\ tab\tnl\nesc\x1b";
  CHECK_THAT(render_json(d), Catch::Contains(R"("message":"a \"q\" \\ tab\u0009nl\u000aesc\u001b")"));
}

TEST_CASE("JSON keeps UTF-8 text and replaces invalid bytes with U+FFFD", "[core][diagnostic][json]") {
  Diagnostic d = bad_date();
  d.label = "Банк\xFF!";
  CHECK_THAT(render_json(d), Catch::Contains(R"("label":"Банк\ufffd!")"));
}

TEST_CASE("a collection counts errors and warnings but not notes", "[core][diagnostic]") {
  Diagnostics all;
  CHECK(all.empty());
  all.add(Diagnostic{Severity::error, "E1", "a", {}, {}, {}, {}, {}});
  all.add(Diagnostic{Severity::warning, "W1", "b", {}, {}, {}, {}, {}});
  all.add(Diagnostic{Severity::note, "N1", "c", {}, {}, {}, {}, {}});
  all.add(Diagnostic{Severity::warning, "W2", "d", {}, {}, {}, {}, {}});
  CHECK(all.error_count() == 1);
  CHECK(all.warning_count() == 2);
  CHECK(all.has_errors());
  CHECK(all.items().size() == 4);
}

TEST_CASE("a collection with only warnings has no errors", "[core][diagnostic]") {
  Diagnostics all;
  all.add(Diagnostic{Severity::warning, "W1", "b", {}, {}, {}, {}, {}});
  CHECK_FALSE(all.has_errors());
  CHECK_FALSE(all.empty());
}

TEST_CASE("appending keeps the order and adds up the counts", "[core][diagnostic]") {
  Diagnostics first;
  first.add(Diagnostic{Severity::error, "E1", "a", {}, {}, {}, {}, {}});
  Diagnostics second;
  second.add(Diagnostic{Severity::warning, "W1", "b", {}, {}, {}, {}, {}});
  second.add(Diagnostic{Severity::error, "E2", "c", {}, {}, {}, {}, {}});
  first.append(second);
  REQUIRE(first.items().size() == 3);
  CHECK(first.items()[0].code == "E1");
  CHECK(first.items()[1].code == "W1");
  CHECK(first.items()[2].code == "E2");
  CHECK(first.error_count() == 2);
  CHECK(first.warning_count() == 1);
}

TEST_CASE("a collection appended to itself holds everything twice", "[core][diagnostic]") {
  Diagnostics all;
  all.add(Diagnostic{Severity::error, "E1", "a", {}, {}, {}, {}, {}});
  all.add(Diagnostic{Severity::warning, "W1", "b", {}, {}, {}, {}, {}});
  all.append(all);
  REQUIRE(all.items().size() == 4);
  CHECK(all.items()[2].code == "E1");
  CHECK(all.items()[3].code == "W1");
  CHECK(all.error_count() == 2);
  CHECK(all.warning_count() == 2);
}

TEST_CASE("severities have lower-case names", "[core][diagnostic]") {
  CHECK(sanx::core::to_string(Severity::error) == "error");
  CHECK(sanx::core::to_string(Severity::warning) == "warning");
  CHECK(sanx::core::to_string(Severity::note) == "note");
}
