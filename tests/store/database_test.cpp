#include "sanx/store/database.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

#include "sanx/core/error.hpp"
#include "sanx/store/import_session.hpp"
#include "store/store_test_support.hpp"
#include "support/temp_dir.hpp"

using sanx::StoreError;
using sanx::store::Database;
using sanx::testing::RawDb;
using sanx::testing::TempDir;

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::int64_t count_of(const sanx::store::Stats& stats, std::string_view table) {
  for (const auto& t : stats.tables) {
    if (t.table == table) return t.rows;
  }
  return -1;
}

}  // namespace

TEST_CASE("opening a new file applies every migration", "[store][migrations]") {
  TempDir dir;
  const auto db = Database::open(dir / "sanx.db");
  CHECK(db.schema_version() == Database::latest_schema_version());
  CHECK(Database::latest_schema_version() >= 1);

  RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("PRAGMA user_version") == Database::latest_schema_version());
  CHECK(raw.integer("SELECT count(*) FROM schema_migrations") == Database::latest_schema_version());
  CHECK(raw.integer("SELECT max(version) FROM schema_migrations") == Database::latest_schema_version());
}

TEST_CASE("reopening a database applies no migration again", "[store][migrations]") {
  TempDir dir;
  std::string applied_at;
  {
    const auto db = Database::open(dir / "sanx.db");
    applied_at = RawDb(dir / "sanx.db").text("SELECT applied_at FROM schema_migrations WHERE version = 1");
  }
  const auto db = Database::open(dir / "sanx.db");
  RawDb raw(dir / "sanx.db");
  CHECK(db.schema_version() == Database::latest_schema_version());
  CHECK(raw.integer("SELECT count(*) FROM schema_migrations") == Database::latest_schema_version());
  CHECK(raw.text("SELECT applied_at FROM schema_migrations WHERE version = 1") == applied_at);
}

TEST_CASE("migrations record when they were applied, in UTC", "[store][migrations]") {
  TempDir dir;
  const auto db = Database::open(dir / "sanx.db");
  const auto applied_at = RawDb(dir / "sanx.db").text("SELECT applied_at FROM schema_migrations WHERE version = 1");
  REQUIRE(applied_at.size() == 20);
  CHECK(applied_at[4] == '-');
  CHECK(applied_at[10] == 'T');
  CHECK(applied_at.back() == 'Z');
}

TEST_CASE("every table is STRICT", "[store][migrations]") {
  TempDir dir;
  const auto db = Database::open(dir / "sanx.db");
  RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' AND strict = 0") == 0);
  CHECK(raw.integer("SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
                    "AND name NOT LIKE 'sqlite_%'") == 18);  // schema_migrations, transliteration_method, the 16 of stats()
}

TEST_CASE("a database from a newer build is refused", "[store][migrations]") {
  TempDir dir;
  { const auto db = Database::open(dir / "sanx.db"); }
  RawDb(dir / "sanx.db").exec("PRAGMA user_version = " + std::to_string(Database::latest_schema_version() + 1));
  REQUIRE_THROWS_AS(Database::open(dir / "sanx.db"), StoreError);
  REQUIRE_THROWS_WITH(Database::open(dir / "sanx.db"), Catch::Contains("newer") && Catch::Contains("sanx.db"));
}

TEST_CASE("a file that is not a database is refused, naming the path, and left untouched", "[store][open]") {
  TempDir dir;
  std::string text = "id,date,originator\n";
  for (int i = 0; i < 100; ++i) text += "P-" + std::to_string(i) + ",2024-01-01,demo:a\n";
  const auto path = dir.write("payments.csv", text);
  REQUIRE_THROWS_AS(Database::open(path), StoreError);
  REQUIRE_THROWS_WITH(Database::open(path),
                      Catch::Contains(path.string()) && Catch::Contains("not a sanx database"));
  CHECK(read_file(path) == text);
}

TEST_CASE("a database of another program is refused", "[store][open]") {
  TempDir dir;
  const auto path = dir / "other.db";
  {
    // Created through the raw API: a SQLite file with a table and no sanx application id.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "CREATE TABLE notes(text TEXT)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  REQUIRE_THROWS_WITH(Database::open(path), Catch::Contains(path.string()) && Catch::Contains("another program"));
  CHECK(RawDb(path).integer("SELECT count(*) FROM sqlite_schema") == 1);
}

TEST_CASE("a database with another application id is refused", "[store][open]") {
  TempDir dir;
  const auto path = dir / "other.db";
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "PRAGMA application_id = 42", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  REQUIRE_THROWS_WITH(Database::open(path), Catch::Contains("application id"));
}

TEST_CASE("a database in a missing folder cannot be opened", "[store][open]") {
  TempDir dir;
  const auto path = dir / "missing" / "sanx.db";
  REQUIRE_THROWS_AS(Database::open(path), StoreError);
  REQUIRE_THROWS_WITH(Database::open(path), Catch::Contains(path.string()));
}

TEST_CASE("the database uses the WAL journal", "[store][open]") {
  TempDir dir;
  const auto db = Database::open(dir / "sanx.db");
  CHECK(RawDb(dir / "sanx.db").text("PRAGMA journal_mode") == "wal");
}

TEST_CASE("foreign keys are enforced: a payment naming no entity cannot be committed", "[store][open]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  {
    sanx::store::ImportSession session(db);
    const auto v = session.begin_file(sanx::testing::version_of("payments.csv", "payments"));
    REQUIRE(session.add_payment(v, sanx::testing::payment("P-1", "demo:nobody", "demo:nobody"), 2) ==
            sanx::store::InsertResult::inserted);
    session.end_file(v, 1);
    REQUIRE_THROWS_AS(session.commit(), StoreError);
  }
  CHECK(count_of(db.stats(), "payments") == 0);
}

TEST_CASE("a database moved to another object keeps working", "[store][open]") {
  TempDir dir;
  auto first = Database::open(dir / "sanx.db");
  Database second = std::move(first);
  CHECK(second.schema_version() == Database::latest_schema_version());
  CHECK(second.path() == dir / "sanx.db");
}

TEST_CASE("stats of a new database list every table, empty", "[store][stats]") {
  TempDir dir;
  const auto db = Database::open(dir / "sanx.db");
  const auto stats = db.stats();
  CHECK(stats.schema_version == Database::latest_schema_version());
  std::vector<std::string> names;
  for (const auto& t : stats.tables) {
    names.push_back(t.table);
    CHECK(t.rows == 0);
  }
  CHECK(names == std::vector<std::string>{"dataset_versions", "entities", "entity_names", "entity_identifiers",
                                          "entity_countries", "entity_addresses", "relations", "designations",
                                          "payments", "shipments", "runs", "findings", "list_snapshots",
                                          "list_entries", "entity_facts", "name_transliterations"});
  CHECK(stats.versions.empty());
}

TEST_CASE("no current version is known for a file never imported", "[store][stats]") {
  TempDir dir;
  const auto db = Database::open(dir / "sanx.db");
  CHECK_FALSE(db.current_version("demo", "entities.csv").has_value());
}
