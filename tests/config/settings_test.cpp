// Specification of sanx.toml and dataset.toml reading: what is accepted, and where each problem is reported.
#include <catch2/catch.hpp>

#include "sanx/config/settings.hpp"
#include "support/temp_dir.hpp"

using sanx::core::Diagnostics;
using sanx::testing::TempDir;
namespace config = sanx::config;

namespace {

const char* const kValidManifest = R"(# a small dataset
[dataset]
name = "bank-export"
source = "core banking export"
licence = "proprietary"
as_of = 2025-06-30

[[files]]
path = "parties.csv"
kind = "entities"

[[files]]
path = "wires.csv"
kind = "payments"
[files.columns]
amount = "Amount"
date = "Value Date"
)";

/// Writes a manifest plus empty data files, reads it back.
std::optional<sanx::model::DatasetManifest> read(const TempDir& dir, std::string_view manifest, Diagnostics& diags,
                                                 bool with_files = true) {
  dir.write("dataset.toml", manifest);
  if (with_files) {
    dir.write("parties.csv", "");
    dir.write("wires.csv", "");
  }
  return config::read_dataset_manifest(dir.path(), diags);
}

/// The only diagnostic has this code at this line and column.
void check_single(const Diagnostics& diags, std::string_view code, std::uint32_t line, std::uint32_t column) {
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].code == code);
  CHECK(diags.items()[0].where.line == line);
  CHECK(diags.items()[0].where.column == column);
  CHECK(diags.items()[0].where.file.ends_with("dataset.toml"));
}

}  // namespace

TEST_CASE("a manifest names the dataset, its source, licence, as-of date and files", "[config][manifest]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir, kValidManifest, diags);
  REQUIRE(m);
  CHECK(diags.empty());
  CHECK(m->name == "bank-export");
  CHECK(m->source == "core banking export");
  CHECK(m->licence == "proprietary");
  REQUIRE(m->as_of);
  CHECK(m->as_of->to_string() == "2025-06-30");
  REQUIRE(m->files.size() == 2);
  CHECK(m->files[0].kind == sanx::model::FileKind::entities);
  CHECK(m->files[0].path == (dir.path() / "parties.csv").lexically_normal());
  CHECK(m->files[1].kind == sanx::model::FileKind::payments);
}

TEST_CASE("a manifest maps the file's own column names onto canonical ones", "[config][manifest]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir, kValidManifest, diags);
  REQUIRE(m);
  const auto& cols = m->files[1].columns;
  REQUIRE(cols.size() == 2);
  CHECK(std::find(cols.begin(), cols.end(), std::pair<std::string, std::string>{"amount", "Amount"}) != cols.end());
  CHECK(std::find(cols.begin(), cols.end(), std::pair<std::string, std::string>{"date", "Value Date"}) != cols.end());
}

TEST_CASE("a folder path finds the dataset.toml inside it, and a file path is read as given", "[config][manifest]") {
  TempDir dir;
  Diagnostics diags;
  read(dir, kValidManifest, diags);
  auto m = config::read_dataset_manifest(dir / "dataset.toml", diags);
  REQUIRE(m);
  CHECK(m->manifest_path == dir / "dataset.toml");
}

TEST_CASE("invalid TOML is E2007 at the line and column of the syntax error", "[config][manifest][errors]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir, "[dataset]\nname = \"x\"\nsource = \n", diags);
  CHECK_FALSE(m);
  check_single(diags, "E2007", 3, 10);
  CHECK(diags.items()[0].source_line == "source = ");
}

TEST_CASE("a data file named in the manifest that does not exist is E2006 at its path value",
          "[config][manifest][errors]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir, kValidManifest, diags, /*with_files=*/false);
  CHECK_FALSE(m);
  REQUIRE(diags.error_count() == 2);
  CHECK(diags.items()[0].code == "E2006");
  CHECK(diags.items()[0].where.line == 9);
  CHECK(diags.items()[0].where.column == 8);
  CHECK(diags.items()[0].message == "data file `parties.csv` does not exist");
}

TEST_CASE("a missing dataset.toml is E2006 naming the path", "[config][manifest][errors]") {
  TempDir dir;
  Diagnostics diags;
  CHECK_FALSE(config::read_dataset_manifest(dir.path(), diags));
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].code == "E2006");
  CHECK(diags.items()[0].message.find("holds no dataset.toml") != std::string::npos);
}

TEST_CASE("a file entry without a kind is E2014 at its table", "[config][manifest][errors]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir, "[dataset]\nname = \"x\"\n\n[[files]]\npath = \"parties.csv\"\n", diags);
  CHECK_FALSE(m);
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].code == "E2014");
  CHECK(diags.items()[0].message == "missing required key `kind` in [[files]]");
}

TEST_CASE("an unknown file kind is E2009 at the kind value and lists the kinds", "[config][manifest][errors]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir, "[dataset]\nname = \"x\"\n\n[[files]]\npath = \"parties.csv\"\nkind = \"people\"\n", diags);
  CHECK_FALSE(m);
  check_single(diags, "E2009", 6, 8);
  CHECK(diags.items()[0].label.find("entities, relations") != std::string::npos);
}

TEST_CASE("a wrongly typed value is E2014 saying what was found", "[config][manifest][errors]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir, "[dataset]\nname = 42\n\n[[files]]\npath = \"parties.csv\"\nkind = \"entities\"\n", diags);
  CHECK_FALSE(m);
  check_single(diags, "E2014", 2, 8);
  CHECK(diags.items()[0].label == "expected a string, found an integer");
}

TEST_CASE("an as_of string that is not a date is E2002", "[config][manifest][errors]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir, "[dataset]\nname = \"x\"\nas_of = \"2025-02-30\"\n[[files]]\npath = \"parties.csv\"\nkind = \"entities\"\n",
                diags);
  CHECK_FALSE(m);
  check_single(diags, "E2002", 3, 9);
}

TEST_CASE("a mapping onto a column the kind does not have is E2008", "[config][manifest][errors]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir,
                "[dataset]\nname = \"x\"\n[[files]]\npath = \"parties.csv\"\nkind = \"entities\"\n"
                "[files.columns]\nbirthday = \"DOB\"\n",
                diags);
  CHECK_FALSE(m);
  check_single(diags, "E2008", 7, 1);
}

TEST_CASE("unknown keys are warned about and otherwise ignored", "[config][manifest]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir, "[dataset]\nname = \"x\"\nowner = \"me\"\n[[files]]\npath = \"parties.csv\"\nkind = \"entities\"\n",
                diags);
  REQUIRE(m);
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].code == "W2102");
  CHECK(diags.items()[0].severity == sanx::core::Severity::warning);
}

TEST_CASE("settings default to ./sanx.db when there is no sanx.toml", "[config][settings]") {
  TempDir dir;
  Diagnostics diags;
  auto s = config::load_settings(dir / "sanx.toml", diags);
  CHECK(diags.empty());
  CHECK(s.database == "sanx.db");
  CHECK_FALSE(s.loaded_from);
}

TEST_CASE("settings paths in sanx.toml are relative to its folder", "[config][settings]") {
  TempDir dir;
  dir.write("sanx.toml", "database = \"data/audit.db\"\nrule_dirs = [\"rules\"]\nlog_level = \"info\"\n");
  Diagnostics diags;
  auto s = config::load_settings(dir / "sanx.toml", diags);
  CHECK(diags.empty());
  CHECK(s.database == dir / "data/audit.db");
  REQUIRE(s.rule_dirs.size() == 1);
  CHECK(s.rule_dirs[0] == dir / "rules");
  CHECK(s.log_level == "info");
}

TEST_CASE("an unknown log level in sanx.toml is E2009", "[config][settings][errors]") {
  TempDir dir;
  dir.write("sanx.toml", "log_level = \"loud\"\n");
  Diagnostics diags;
  (void)config::load_settings(dir / "sanx.toml", diags);
  REQUIRE(diags.items().size() == 1);
  CHECK(diags.items()[0].code == "E2009");
  CHECK(diags.items()[0].where.line == 1);
  CHECK(diags.items()[0].where.column == 13);
}

TEST_CASE("a file entry may list columns to ignore", "[config][manifest]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir,
                "[dataset]\nname = \"x\"\n[[files]]\npath = \"wires.csv\"\nkind = \"payments\"\n"
                "ignore_columns = [\"Branch\", \"Teller\"]\n",
                diags);
  REQUIRE(m);
  CHECK(diags.empty());
  CHECK(m->files[0].ignored_columns == std::vector<std::string>{"Branch", "Teller"});
}

TEST_CASE("ignore_columns that is not an array of strings is E2014", "[config][manifest][errors]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir,
                "[dataset]\nname = \"x\"\n[[files]]\npath = \"wires.csv\"\nkind = \"payments\"\n"
                "ignore_columns = \"Branch\"\n",
                diags);
  CHECK_FALSE(m);
  check_single(diags, "E2014", 6, 18);
}

TEST_CASE("a data file listed twice is E2005 pointing at both entries", "[config][manifest][errors]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir,
                "[dataset]\nname = \"x\"\n[[files]]\npath = \"parties.csv\"\nkind = \"entities\"\n"
                "[[files]]\npath = \"parties.csv\"\nkind = \"entities\"\n",
                diags);
  CHECK_FALSE(m);
  REQUIRE(diags.items().size() == 1);
  const auto& d = diags.items()[0];
  CHECK(d.code == "E2005");
  CHECK(d.where.line == 6);
  REQUIRE(d.related.size() == 1);
  CHECK(d.related[0].where.line == 3);
  CHECK(d.related[0].message == "first listed here");
}

TEST_CASE("a list file entry names its format, as-of date and source, and the place of its format",
          "[config][manifest][lists]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir,
                "[dataset]\nname = \"lists\"\n[[files]]\npath = \"wires.csv\"\nkind = \"list\"\nformat = \"ofac-csv\"\n"
                "as_of = 2021-07-07\nsource = \"ofac-sdn\"\n",
                diags);
  REQUIRE(m);
  CHECK(diags.empty());
  REQUIRE(m->files.size() == 1);
  const auto& f = m->files[0];
  CHECK(f.list);
  CHECK(f.format == "ofac-csv");
  REQUIRE(f.as_of);
  CHECK(f.as_of->to_string() == "2021-07-07");
  CHECK(f.source == "ofac-sdn");
  CHECK(f.format_where.line == 6);
  CHECK(f.format_where.column == 10);
  CHECK(f.format_source_line == "format = \"ofac-csv\"");
}

TEST_CASE("a list file entry without a format is read with format auto", "[config][manifest][lists]") {
  TempDir dir;
  Diagnostics diags;
  auto m = read(dir, "[dataset]\nname = \"lists\"\n[[files]]\npath = \"wires.csv\"\nkind = \"list\"\n", diags);
  REQUIRE(m);
  CHECK(m->files[0].list);
  CHECK(m->files[0].format == "auto");
  CHECK_FALSE(m->files[0].as_of);
}
