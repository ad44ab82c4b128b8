// The streaming CSV reader: RFC 4180 fields, exact line and code-point column of every field, and the
// three malformed-input diagnostics (E2011, E2012, E2013).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ingest/ingest_test_support.hpp"
#include "sanx/core/error.hpp"

using sanx::testing::check_fails_with;
using sanx::testing::read_csv;
using Rows = std::vector<std::vector<std::string>>;
using Positions = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

TEST_CASE("plain records are split at commas and line feeds", "[ingest][csv]") {
  const auto r = read_csv("a,b,c\n1,22,333\n");
  CHECK(r.rows == Rows{{"a", "b", "c"}, {"1", "22", "333"}});
  CHECK(r.lines == std::vector<std::uint32_t>{1, 2});
  CHECK(r.positions[1] == Positions{{2, 1}, {2, 3}, {2, 6}});
  CHECK(r.diags.empty());
}

TEST_CASE("the last record needs no line break", "[ingest][csv]") {
  const auto r = read_csv("a,b\n1,2");
  CHECK(r.rows == Rows{{"a", "b"}, {"1", "2"}});
}

TEST_CASE("empty fields and a trailing separator give empty values", "[ingest][csv]") {
  const auto r = read_csv("a,,c,\n,\"\",x,\n");
  CHECK(r.rows == Rows{{"a", "", "c", ""}, {"", "", "x", ""}});
  CHECK(r.positions[1] == Positions{{2, 1}, {2, 2}, {2, 5}, {2, 7}});
}

TEST_CASE("quoted fields keep commas and turn doubled quotes into one", "[ingest][csv]") {
  const auto r = read_csv("id,name\n1,\"Acme, Inc.\"\n2,\"say \"\"hi\"\"\"\n3,\"\"\"\"\n");
  CHECK(r.rows == Rows{{"id", "name"}, {"1", "Acme, Inc."}, {"2", "say \"hi\""}, {"3", "\""}});
  CHECK(r.positions[2] == Positions{{3, 1}, {3, 3}});  // the column of a quoted field is its quote's
}

TEST_CASE("a quoted field may span lines and later lines are still numbered right", "[ingest][csv]") {
  const auto r = read_csv("id,address,country\n1,\"line one\nline two\",RU\n2,x,KZ\n");
  CHECK(r.rows == Rows{{"id", "address", "country"}, {"1", "line one\nline two", "RU"}, {"2", "x", "KZ"}});
  CHECK(r.lines == std::vector<std::uint32_t>{1, 2, 4});
  CHECK(r.positions[1] == Positions{{2, 1}, {2, 3}, {3, 11}});  // `RU` sits on line 3 after `line two",`
  CHECK(r.positions[2] == Positions{{4, 1}, {4, 3}, {4, 5}});
  CHECK(r.source_lines[1] == "1,\"line one");
}

TEST_CASE("CRLF line breaks are not part of the values", "[ingest][csv]") {
  const auto r = read_csv("a,b\r\n1,\"x\r\ny\"\r\n2,3\r\n");
  CHECK(r.rows == Rows{{"a", "b"}, {"1", "x\r\ny"}, {"2", "3"}});
  CHECK(r.lines == std::vector<std::uint32_t>{1, 2, 4});
  CHECK(r.source_lines[0] == "a,b");
}

TEST_CASE("a lone carriage return inside a line is an ordinary character", "[ingest][csv]") {
  const auto r = read_csv("a\rb,c\n");
  CHECK(r.rows == Rows{{"a\rb", "c"}});
}

TEST_CASE("a UTF-8 byte-order mark is skipped and not counted as a column", "[ingest][csv]") {
  const auto r = read_csv("\xEF\xBB\xBFid,name\n1,x\n");
  CHECK(r.rows == Rows{{"id", "name"}, {"1", "x"}});
  CHECK(r.positions[0] == Positions{{1, 1}, {1, 4}});
  CHECK(r.source_lines[0] == "id,name");
}

TEST_CASE("a trailing 0x1A end-of-file byte is ignored", "[ingest][csv]") {
  CHECK(read_csv("a,b\n1,2\n\x1A").rows == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(read_csv("a,b\n1,2\x1A").rows == Rows{{"a", "b"}, {"1", "2"}});
}

TEST_CASE("a trailing 0x1A is data when the option is off", "[ingest][csv]") {
  sanx::ingest::CsvOptions options;
  options.allow_trailing_sub = false;
  CHECK(read_csv("a,b\n1,2\x1A", options).rows == Rows{{"a", "b"}, {"1", "2\x1A"}});
}

TEST_CASE("blank lines are skipped but still counted", "[ingest][csv]") {
  const auto r = read_csv("\na,b\n\n\r\n1,2\n\n");
  CHECK(r.rows == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(r.lines == std::vector<std::uint32_t>{2, 5});
}

TEST_CASE("an empty file has no records", "[ingest][csv]") {
  CHECK(read_csv("").rows.empty());
  CHECK(read_csv("\xEF\xBB\xBF").rows.empty());
  CHECK(read_csv("\n\n").rows.empty());
}

TEST_CASE("another separator can be chosen", "[ingest][csv]") {
  sanx::ingest::CsvOptions options;
  options.separator = ';';
  CHECK(read_csv("a;b,c;\"d;e\"\n", options).rows == Rows{{"a", "b,c", "d;e"}});
}

TEST_CASE("columns count code points, not bytes", "[ingest][csv]") {
  const auto r = read_csv("id,name,country\n1,Сбербанк России,RU\n");
  CHECK(r.positions[1] == Positions{{2, 1}, {2, 3}, {2, 19}});
}

TEST_CASE("invalid UTF-8 is reported at its exact line and column and the record is skipped",
          "[ingest][csv]") {
  const auto r = read_csv("id,name\n1,Газпром\n2,Газ\xFF\x41\n3,ok\n");
  CHECK(r.rows == Rows{{"id", "name"}, {"1", "Газпром"}, {"3", "ok"}});
  const auto* d = check_fails_with(r.diags, "E2011", 3, 6);
  REQUIRE(d != nullptr);
  CHECK(d->message == "invalid UTF-8 byte 0xFF");
  CHECK(d->label == "expected UTF-8 text");
  CHECK(d->where.file == "data.csv");
  CHECK(d->source_line == "2,Газ\xEF\xBF\xBD" "A");  // the bad byte is shown as U+FFFD
  CHECK(r.diags.error_count() == 1);
}

TEST_CASE("invalid UTF-8 inside a multi-line field is placed on its own line", "[ingest][csv]") {
  const auto r = read_csv("id,note\n1,\"first\nsé\xC3\"\n");
  check_fails_with(r.diags, "E2011", 3, 3);
}

TEST_CASE("an unterminated quote is reported at the opening quote and ends the file", "[ingest][csv]") {
  const auto r = read_csv("id,name\n1,ok\n2,\"Acme\n3,never\n4,read\n");
  CHECK(r.rows == Rows{{"id", "name"}, {"1", "ok"}});
  const auto* d = check_fails_with(r.diags, "E2012", 3, 3);
  REQUIRE(d != nullptr);
  CHECK(d->message == "quoted field is never closed");
  CHECK(d->source_line == "2,\"Acme");
  CHECK(d->where.length == 1);
}

TEST_CASE("a quote inside an unquoted field is reported and the record is skipped", "[ingest][csv]") {
  const auto r = read_csv("id,name\n1,Acme \"Best\" Ltd\n2,ok\n");
  CHECK(r.rows == Rows{{"id", "name"}, {"2", "ok"}});
  const auto* d = check_fails_with(r.diags, "E2013", 2, 8);
  REQUIRE(d != nullptr);
  CHECK(d->message == "quote inside an unquoted field");
  CHECK(d->source_line == "1,Acme \"Best\" Ltd");
}

TEST_CASE("text after a closing quote is reported as a stray quote", "[ingest][csv]") {
  const auto r = read_csv("id,name\n1,\"Acme\"x,2\n2,ok\n");
  CHECK(r.rows == Rows{{"id", "name"}, {"2", "ok"}});
  const auto* d = check_fails_with(r.diags, "E2013", 2, 9);
  REQUIRE(d != nullptr);
  CHECK(d->message == "unexpected `x` after a closing quote");
}

TEST_CASE("a missing file is an IoError", "[ingest][csv]") {
  CHECK_THROWS_AS(sanx::ingest::CsvReader("/nonexistent/sanx/file.csv", "file.csv"), sanx::IoError);
}

TEST_CASE("bytes read reaches the file size at the end", "[ingest][csv]") {
  sanx::testing::TempDir dir;
  const auto path = dir.write("x.csv", "\xEF\xBB\xBF" "a,b\n1,2\n");
  sanx::ingest::CsvReader reader(path, "x.csv");
  sanx::ingest::CsvRecord record;
  sanx::core::Diagnostics diags;
  CHECK(reader.file_size() == 11);
  while (reader.next(record, diags)) {
  }
  CHECK(reader.bytes_read() == 11);
  CHECK(reader.display_name() == "x.csv");
}

TEST_CASE("line_text finds each physical line of a record", "[ingest][csv]") {
  sanx::ingest::CsvRecord record;
  record.line = 7;
  record.text = "1,\"a\r\nb\nc\",d";
  CHECK(record.line_text(7) == "1,\"a");
  CHECK(record.line_text(8) == "b");
  CHECK(record.line_text(9) == "c\",d");
  CHECK(record.line_text(10).empty());
  CHECK(record.line_text(6).empty());
}

namespace {

/// A value that exercises every quoting path, chosen by `i`.
std::string value_for(std::size_t i) {
  switch (i % 7) {
    case 0: return "plain" + std::to_string(i);
    case 1: return "";
    case 2: return "with, comma " + std::to_string(i);
    case 3: return "two\nlines " + std::to_string(i);
    case 4: return "quote \"" + std::to_string(i) + "\" inside";
    case 5: return "Кириллица " + std::to_string(i);
    default: return std::string(i % 97, 'x');
  }
}

std::string csv_quoted(const std::string& v) {
  if (v.find_first_of(",\"\n") == std::string::npos) return v;
  std::string out = "\"";
  for (const char c : v) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("records that cross 1 MiB block boundaries read the same as any other", "[ingest][csv]") {
  // About 4 MiB of records with every kind of field, CRLF on odd rows, so that block boundaries fall
  // inside quotes, between a quote pair, between CR and LF and inside multi-byte characters.
  Rows expected;
  std::vector<std::uint32_t> expected_lines;
  std::string content;
  std::uint32_t line = 1;
  for (std::size_t row = 0; row < 60'000; ++row) {
    auto& fields = expected.emplace_back();
    expected_lines.push_back(line);
    for (std::size_t col = 0; col < 5; ++col) {
      fields.push_back(value_for(row * 5 + col + row / 7));
      if (col != 0) content += ',';
      content += csv_quoted(fields.back());
      if (fields.back().find('\n') != std::string::npos) ++line;
    }
    content += row % 2 == 1 ? "\r\n" : "\n";
    ++line;
  }
  REQUIRE(content.size() > 3 * (std::size_t{1} << 20));
  const auto r = read_csv(content);
  CHECK(r.diags.empty());
  REQUIRE(r.rows.size() == expected.size());
  CHECK(r.lines == expected_lines);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (r.rows[i] != expected[i]) {
      FAIL("row " << i << " differs");
    }
  }
}

TEST_CASE("a single record larger than the block size is read whole", "[ingest][csv]") {
  const std::string big(3 * (std::size_t{1} << 20) + 17, 'y');
  const auto r = read_csv("a,b\n1,\"" + big + "\"\n2," + big + "\n3,z\n");
  REQUIRE(r.rows.size() == 4);
  CHECK(r.rows[1][1] == big);
  CHECK(r.rows[2][1] == big);
  CHECK(r.rows[3] == std::vector<std::string>{"3", "z"});
  CHECK(r.lines.back() == 4);
}
