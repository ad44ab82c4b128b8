// Specification of importing official list files through the app layer: as snapshots of their source,
// unchanged when the same file comes again, refused when older than the latest, and any error leaving
// the database exactly as it was. Uses the UN reader and two small UN snapshots of tests/data/lists.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "sanx/app/import.hpp"
#include "sanx/ingest/lists.hpp"
#include "sanx/match/screening.hpp"
#include "sanx/store/database.hpp"
#include "sanx/store/list_snapshots.hpp"
#include "sanx/store/load.hpp"
#include "store/store_test_support.hpp"
#include "support/temp_dir.hpp"

using sanx::app::FileStatus;
using sanx::testing::TempDir;
namespace app = sanx::app;
namespace core = sanx::core;
namespace fs = std::filesystem;
namespace store = sanx::store;

namespace {

const fs::path kSnapshots = fs::path(SANX_SOURCE_DIR) / "tests" / "data" / "lists" / "snapshots";
const fs::path kJanuary = kSnapshots / "un_2026-01-31.xml";
const fs::path kFebruary = kSnapshots / "un_2026-02-27.xml";

app::ImportOutcome import(store::Database& db, std::vector<fs::path> files, std::string format = "un-xml") {
  app::ListImportRequest request;
  request.files = std::move(files);
  request.format = std::move(format);
  return app::import_lists(request, db);
}

bool has_code(const core::Diagnostics& diags, std::string_view code) {
  for (const auto& d : diags.items()) {
    if (d.code == code) return true;
  }
  return false;
}

std::string first_message(const core::Diagnostics& diags) {
  return diags.items().empty() ? std::string() : diags.items().front().message;
}

/// Row counts of every table, to compare a database before and after a failed import.
std::vector<std::int64_t> counts(const store::Database& db) {
  std::vector<std::int64_t> out;
  for (const auto& t : db.stats().tables) out.push_back(t.rows);
  return out;
}

}  // namespace

TEST_CASE("a UN list file imports as a snapshot of un-sc dated by the file", "[app][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  const auto out = import(db, {kJanuary});
  INFO(first_message(out.diagnostics));
  REQUIRE(out.committed);
  REQUIRE(out.files.size() == 1);
  CHECK(out.files[0].status == FileStatus::imported);
  CHECK(out.files[0].source == "un-sc");
  CHECK(out.files[0].as_of == "2026-01-31");
  CHECK(out.files[0].rows == 3);
  CHECK(out.files[0].added == 3);
  const auto data = store::load_dataset(db);
  CHECK(data.entities.size() == 3);
  CHECK(data.designations.size() == 3);
}

TEST_CASE("a list import stores the Latin form of every name outside ASCII, as screening writes it",
          "[app][lists][transliteration]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  REQUIRE(import(db, {fs::path(SANX_SOURCE_DIR) / "tests" / "data" / "lists" / "un" / "un_sample.xml"}).committed);
  const auto data = store::load_dataset(db);
  CHECK(data.transliterations.method == sanx::match::transliteration_method());
  std::size_t outside_ascii = 0;
  for (const auto& e : data.entities) {
    for (const auto& n : e.names) {
      const auto form = sanx::match::transliterate_name(n.text);
      if (!form) continue;
      ++outside_ascii;
      INFO(n.text);
      const sanx::model::NameTransliteration* stored = data.transliterations.find(n.text);
      REQUIRE(stored != nullptr);
      CHECK(stored->latin == form->latin);
      CHECK(stored->arabic == form->arabic);
    }
  }
  CHECK(outside_ascii > 0);
  CHECK(data.transliterations.names.size() <= outside_ascii);  // one per distinct text
}

TEST_CASE("the same list file again is unchanged and writes nothing", "[app][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  REQUIRE(import(db, {kJanuary}).committed);
  const auto before = counts(db);
  const auto again = import(db, {kJanuary});
  CHECK_FALSE(again.committed);
  CHECK(again.unchanged());
  CHECK(again.files[0].status == FileStatus::unchanged);
  CHECK(counts(db) == before);
}

TEST_CASE("the same list file again stores the Latin forms a database imported by another method lacks",
          "[app][lists][transliteration]") {
  TempDir dir;
  const fs::path path = dir / "sanx.db";
  const fs::path sample = fs::path(SANX_SOURCE_DIR) / "tests" / "data" / "lists" / "un" / "un_sample.xml";
  {
    auto db = store::Database::open(path);
    REQUIRE(import(db, {sample}).committed);
    REQUIRE_FALSE(db.names_lack_forms(sanx::match::transliteration_method()));
  }
  {  // as an older build left it: its forms under another method
    sanx::testing::RawDb raw(path);
    raw.exec("UPDATE transliteration_method SET method = 'an older build'");
    raw.exec("UPDATE name_transliterations SET latin = 'stale'");
  }
  auto db = store::Database::open(path);
  REQUIRE(db.names_lack_forms(sanx::match::transliteration_method()));
  const auto again = import(db, {sample});
  CHECK(again.unchanged());
  CHECK_FALSE(again.committed);  // no file changed
  CHECK_FALSE(db.names_lack_forms(sanx::match::transliteration_method()));
  const auto data = store::load_dataset(db);
  CHECK(data.transliterations.method == sanx::match::transliteration_method());
  REQUIRE_FALSE(data.transliterations.names.empty());
  for (const auto& t : data.transliterations.names) {
    INFO(t.text);
    const auto form = sanx::match::transliterate_name(t.text);
    REQUIRE(form.has_value());
    CHECK(t.latin == form->latin);
  }
}

TEST_CASE("a newer snapshot delists, changes and adds, and an audit before it still sees the old list",
          "[app][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  REQUIRE(import(db, {kJanuary}).committed);
  const auto out = import(db, {kFebruary});
  REQUIRE(out.committed);
  CHECK(out.files[0].status == FileStatus::replaced);
  CHECK(out.files[0].added == 2);
  CHECK(out.files[0].removed == 1);
  CHECK(out.files[0].changed == 1);

  const auto data = store::load_dataset(db);
  const auto in_force = [&](std::string_view id, const char* day) {
    for (const auto& d : data.designations) {
      if (d.entity == id && d.in_force_on(core::Date::parse_iso(day).value())) return true;
    }
    return false;
  };
  CHECK(in_force("un:1002", "2026-02-01"));  // delisted by the February snapshot
  CHECK_FALSE(in_force("un:1002", "2026-02-27"));
  CHECK(in_force("un:1004", "2026-02-15"));  // listed on 2026-02-15
  CHECK_FALSE(in_force("un:1005", "2026-02-26"));  // no listing date: from the snapshot's date
  CHECK(in_force("un:1005", "2026-02-27"));
}

TEST_CASE("two snapshots given oldest first import in one go", "[app][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  const auto out = import(db, {kJanuary, kFebruary});
  REQUIRE(out.committed);
  CHECK(store::snapshots_of(db, "un-sc").size() == 2);
}

TEST_CASE("a snapshot older than the source's latest is refused with E2363 and nothing is written", "[app][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  REQUIRE(import(db, {kFebruary}).committed);
  const auto before = counts(db);
  const auto out = import(db, {kJanuary});
  CHECK_FALSE(out.committed);
  CHECK(has_code(out.diagnostics, "E2363"));
  CHECK(counts(db) == before);
}

TEST_CASE("a list file with reader errors leaves the database exactly as it was", "[app][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  REQUIRE(import(db, {kJanuary}).committed);
  const auto before = counts(db);
  const auto broken = dir.write("broken.xml", "<?xml version=\"1.0\"?>\n<CONSOLIDATED_LIST dateGenerated=\"2026-03-01\">\n"
                                              "  <INDIVIDUALS>\n    <INDIVIDUAL>\n");
  const auto out = import(db, {kFebruary, broken});
  CHECK_FALSE(out.committed);
  CHECK(out.diagnostics.has_errors());
  CHECK(out.files[0].status == FileStatus::rolled_back);
  CHECK(out.files[1].status == FileStatus::failed);
  CHECK(counts(db) == before);
  CHECK(store::snapshots_of(db, "un-sc").size() == 1);
}

TEST_CASE("a list file that states no date needs an as-of date", "[app][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  const auto undated = kSnapshots / "un_undated.xml";
  const auto out = import(db, {undated});
  CHECK(has_code(out.diagnostics, "E2362"));
  app::ListImportRequest request;
  request.files = {undated};
  request.format = "un-xml";
  request.as_of = core::Date::parse_iso("2026-01-15");
  const auto dated = app::import_lists(request, db);
  REQUIRE(dated.committed);
  CHECK(dated.files[0].as_of == "2026-01-15");
}

TEST_CASE("an unknown list format name is E2360, an undetectable one E2361, a missing file E2006", "[app][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  CHECK(has_code(import(db, {kJanuary}, "un-xlm").diagnostics, "E2360"));
  const auto notes = dir.write("notes.txt", "not a list\n");
  CHECK(has_code(import(db, {notes}, "auto").diagnostics, "E2361"));
  CHECK(has_code(import(db, {dir / "missing.xml"}).diagnostics, "E2006"));
  CHECK(counts(db) == counts(store::Database::open(dir / "empty.db")));
}

TEST_CASE("a source name given files a snapshot under it instead of the reader's", "[app][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  app::ListImportRequest request;
  request.files = {kJanuary};
  request.format = "un-xml";
  request.source = "un-test";
  REQUIRE(app::import_lists(request, db).committed);
  CHECK(store::snapshots_of(db, "un-test").size() == 1);
  CHECK(store::snapshots_of(db, "un-sc").empty());
}

TEST_CASE("a dataset.toml list file imports before the canonical files that name its entities", "[app][lists]") {
  TempDir dir;
  fs::copy_file(kJanuary, dir / "un.xml");
  dir.write("dataset.toml", "[dataset]\nname = \"mixed\"\nas_of = 2026-02-01\n"
                            "[[files]]\npath = \"relations.csv\"\nkind = \"relations\"\n"
                            "[[files]]\npath = \"entities.csv\"\nkind = \"entities\"\n"
                            "[[files]]\npath = \"un.xml\"\nkind = \"list\"\nformat = \"un-xml\"\n");
  dir.write("entities.csv", "id,kind,name,aliases,country,identifiers,birth_date,incorporated,address\n"
                            "c:front,company,Front LLC,,AE,,,2020-01-01,Dubai\n");
  dir.write("relations.csv", "source,target,kind,share,basis,start,end\nun:1003,c:front,ownership,60,,,\n");
  auto db = store::Database::open(dir / "sanx.db");
  const auto out = app::import_dataset(dir.path(), db);
  INFO(first_message(out.diagnostics));
  REQUIRE(out.committed);
  REQUIRE(out.files.size() == 3);
  CHECK(out.files[0].kind == "list");
  CHECK(out.files[0].source == "un-sc");
  const auto again = app::import_dataset(dir.path(), db);
  CHECK(again.unchanged());
}

TEST_CASE("the bundled OFAC advanced file imports with every entry, designation and relation the reader gives",
          "[app][lists][ofac-advanced]") {
  const fs::path file =
      fs::path(SANX_SOURCE_DIR) / "datasets" / "lists" / "ofac_cons_advanced_2020-03" / "cons_advanced.xml";
  core::Diagnostics read_diags;
  const auto read = sanx::ingest::read_list(sanx::ingest::ListFormat::ofac_advanced, file, read_diags);
  REQUIRE_FALSE(read_diags.has_errors());
  std::size_t designations = 0;
  for (const auto& e : read.entries) designations += e.designations.size();

  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  const auto out = import(db, {file}, "ofac-advanced");
  INFO(first_message(out.diagnostics));
  REQUIRE(out.committed);
  CHECK(out.files[0].source == read.source);
  CHECK(out.files[0].as_of == read.as_of.value().to_string());
  CHECK(out.files[0].rows == static_cast<std::int64_t>(read.entries.size()));
  const auto data = store::load_dataset(db);
  CHECK(data.entities.size() == read.entries.size());
  CHECK(data.designations.size() == designations);
  CHECK(data.relations.size() == read.relations.size());
}
