// Specification of official lists kept as dated snapshots: what a snapshot records, how a newer one
// delists, changes and adds entries without deleting history, and what a diff between two says.
#include <catch2/catch.hpp>

#include <algorithm>

#include "sanx/store/database.hpp"
#include "sanx/store/import_session.hpp"
#include "sanx/store/list_snapshots.hpp"
#include "sanx/store/load.hpp"
#include "store_test_support.hpp"
#include "support/temp_dir.hpp"

using namespace sanx;
using sanx::testing::date;
using sanx::testing::RawDb;
using sanx::testing::TempDir;

namespace {

store::SnapshotEntry listed(const std::string& id, const std::string& name, const char* listed_from = "2020-01-01",
                            const std::string& program = "DPRK") {
  store::SnapshotEntry e;
  e.entity = sanx::testing::entity(id, model::EntityKind::company, name);
  model::Designation d;
  d.entity = id;
  d.regime = "UN";
  d.list = "UN-SC";
  d.programs = {program};
  if (listed_from != nullptr) d.listed_from = date(listed_from);
  d.measures = {"asset_freeze"};
  e.designations.push_back(d);
  e.facts.push_back({"remarks", "listed for testing"});
  e.line = 10;
  return e;
}

store::NewSnapshot snapshot(const std::string& as_of, std::vector<store::SnapshotEntry> entries,
                            const std::string& sha256) {
  store::NewSnapshot s;
  s.source = "un-sc";
  s.format = "un-xml";
  s.as_of = as_of;
  s.file = "un.xml";
  s.files = {"un.xml"};
  s.sha256 = sha256;
  s.entries = std::move(entries);
  return s;
}

store::SnapshotWrite write(store::Database& db, const store::NewSnapshot& s) {
  store::ImportSession session(db);
  auto out = session.add_list_snapshot(s);
  session.commit();
  return out;
}

/// The two snapshots of every test below: b is delisted, c renamed, d added without a listing date.
void import_two(store::Database& db) {
  (void)write(db, snapshot("2026-01-31", {listed("un:a", "Alpha"), listed("un:b", "Beta"), listed("un:c", "Gamma")},
                           "sha-1"));
  (void)write(db, snapshot("2026-02-27",
                           {listed("un:a", "Alpha"), listed("un:c", "Gamma Trading"), listed("un:d", "Delta", nullptr)},
                           "sha-2"));
}

const model::Designation* designation_of(const model::Dataset& data, std::string_view id) {
  for (const auto& d : data.designations) {
    if (d.entity == id) return &d;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a first snapshot records its entries, entities, designations and facts", "[store][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  const auto out = write(db, snapshot("2026-01-31", {listed("un:a", "Alpha"), listed("un:b", "Beta")}, "sha-1"));
  CHECK(out.conflicts.empty());
  CHECK(out.snapshot.entries == 2);
  CHECK(out.snapshot.added == 2);
  CHECK(out.snapshot.removed == 0);

  RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM list_entries") == 2);
  CHECK(raw.integer("SELECT count(*) FROM entities") == 2);
  CHECK(raw.text("SELECT value FROM entity_facts WHERE entity_id = 'un:a' AND key = 'remarks'") == "listed for testing");
  CHECK(raw.text("SELECT dataset || ' ' || file || ' ' || kind FROM dataset_versions") == "list:un-sc un.xml@2026-01-31 list");
  const auto snapshots = store::list_snapshots(db);
  REQUIRE(snapshots.size() == 1);
  CHECK(snapshots[0].source == "un-sc");
  CHECK(snapshots[0].as_of == "2026-01-31");
  CHECK(snapshots[0].files == std::vector<std::string>{"un.xml"});
}

TEST_CASE("a newer snapshot closes the designations of an entry it no longer holds, on its as-of date",
          "[store][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  import_two(db);
  RawDb raw(dir / "sanx.db");
  CHECK(raw.text("SELECT listed_to FROM designations WHERE entity = 'un:b'") == "2026-02-27");
  CHECK(raw.text("SELECT listed_from FROM designations WHERE entity = 'un:b'") == "2020-01-01");
  CHECK(raw.integer("SELECT count(*) FROM entities WHERE id = 'un:b'") == 1);  // history is kept
  CHECK(raw.text("SELECT listed_to FROM designations WHERE entity = 'un:a'") == "<null>");
}

TEST_CASE("an audit as of a date before the delisting still sees the delisted party designated", "[store][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  import_two(db);
  const auto data = store::load_dataset(db);
  const auto* beta = designation_of(data, "un:b");
  REQUIRE(beta != nullptr);
  CHECK(beta->in_force_on(date("2026-02-26")));
  CHECK_FALSE(beta->in_force_on(date("2026-02-27")));
  const auto* alpha = designation_of(data, "un:a");
  REQUIRE(alpha != nullptr);
  CHECK(alpha->in_force_on(date("2026-03-01")));
}

TEST_CASE("an entry added without a listing date is designated from the snapshot's as-of date", "[store][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  import_two(db);
  RawDb raw(dir / "sanx.db");
  CHECK(raw.text("SELECT listed_from FROM designations WHERE entity = 'un:d'") == "2026-02-27");
}

TEST_CASE("a changed entry is updated in place and counted as changed", "[store][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  import_two(db);
  RawDb raw(dir / "sanx.db");
  CHECK(raw.text("SELECT name FROM entities WHERE id = 'un:c'") == "Gamma Trading");
  CHECK(raw.integer("SELECT count(*) FROM designations WHERE entity = 'un:c'") == 1);  // same listing, kept
  const auto latest = store::latest_snapshot(db, "un-sc");
  REQUIRE(latest);
  CHECK(latest->added == 1);
  CHECK(latest->removed == 1);
  CHECK(latest->changed == 1);
  CHECK(latest->entries == 3);
}

TEST_CASE("a program dropped from a listed entry is closed, the new one opened", "[store][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  (void)write(db, snapshot("2026-01-31", {listed("un:a", "Alpha", "2020-01-01", "DPRK")}, "sha-1"));
  (void)write(db, snapshot("2026-02-27", {listed("un:a", "Alpha", "2020-01-01", "IRAN")}, "sha-2"));
  RawDb raw(dir / "sanx.db");
  CHECK(raw.text("SELECT listed_to FROM designations WHERE entity = 'un:a' AND programs = 'DPRK'") == "2026-02-27");
  CHECK(raw.text("SELECT listed_to FROM designations WHERE entity = 'un:a' AND programs = 'IRAN'") == "<null>");
}

TEST_CASE("a relisted entry is designated again from the relisting snapshot, not its original date",
          "[store][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  (void)write(db, snapshot("2026-01-31", {listed("un:a", "Alpha"), listed("un:b", "Beta")}, "sha-1"));
  (void)write(db, snapshot("2026-02-27", {listed("un:a", "Alpha")}, "sha-2"));
  (void)write(db, snapshot("2026-03-31", {listed("un:a", "Alpha"), listed("un:b", "Beta")}, "sha-3"));
  RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM designations WHERE entity = 'un:b'") == 2);
  CHECK(raw.text("SELECT listed_from FROM designations WHERE entity = 'un:b' AND listed_to IS NULL") == "2026-03-31");
}

TEST_CASE("the diff of two snapshots names added, removed and changed entries and the changed fields",
          "[store][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  import_two(db);
  const auto snapshots = store::snapshots_of(db, "un-sc");
  REQUIRE(snapshots.size() == 2);
  const auto diff = store::diff_snapshots(db, snapshots[0].id, snapshots[1].id);
  REQUIRE(diff.changes.size() == 3);
  CHECK(diff.changes[0].kind == store::EntryChangeKind::added);
  CHECK(diff.changes[0].entity_id == "un:d");
  CHECK(diff.changes[1].kind == store::EntryChangeKind::removed);
  CHECK(diff.changes[1].entity_id == "un:b");
  CHECK(diff.changes[1].name == "Beta");
  CHECK(diff.changes[2].kind == store::EntryChangeKind::changed);
  CHECK(diff.changes[2].entity_id == "un:c");
  CHECK(diff.changes[2].fields == std::vector<std::string>{"names"});
  CHECK(diff.changes[2].previous_name == "Gamma");
}

TEST_CASE("the digest of an entry ignores where it is in the file but not what it says", "[store][lists]") {
  auto a = listed("un:a", "Alpha");
  auto moved = a;
  moved.line = 99;
  moved.designations[0].source_ref = "un.xml:99";
  CHECK(store::digest_entry(a).digest == store::digest_entry(moved).digest);
  auto renamed = a;
  renamed.entity.names[0].text = "Alfa";
  CHECK(store::digest_entry(a).digest != store::digest_entry(renamed).digest);
}

TEST_CASE("an entry whose id another dataset holds is a conflict and not written", "[store][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  {
    store::ImportSession session(db);
    const auto v = session.begin_file(sanx::testing::version_of("entities.csv", "entities"));
    REQUIRE(session.add_entity(v, sanx::testing::entity("un:a"), 2) == store::InsertResult::inserted);
    session.end_file(v, 1);
    session.commit();
  }
  store::ImportSession session(db);
  const auto out = session.add_list_snapshot(snapshot("2026-01-31", {listed("un:a", "Alpha")}, "sha-1"));
  CHECK(out.conflicts == std::vector<std::string>{"un:a"});
}

TEST_CASE("a party on two lists is one entity designated by each, and a delisting from one leaves the other",
          "[store][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  auto sdn = snapshot("2026-01-31", {listed("ofac:1", "Bank One", "2020-01-01", "RUSSIA-EO14024")}, "sha-1");
  sdn.source = "ofac-sdn";
  auto cons = snapshot("2026-02-01", {listed("ofac:1", "Bank One", "2020-01-01", "UKRAINE-EO13662")}, "sha-2");
  cons.source = "ofac-cons";
  CHECK(write(db, sdn).conflicts.empty());
  CHECK(write(db, cons).conflicts.empty());
  auto sdn_later = snapshot("2026-03-01", {listed("ofac:2", "Other")}, "sha-3");
  sdn_later.source = "ofac-sdn";
  (void)write(db, sdn_later);
  RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM entities WHERE id = 'ofac:1'") == 1);
  CHECK(raw.text("SELECT listed_to FROM designations WHERE entity = 'ofac:1' AND programs = 'RUSSIA-EO14024'") ==
        "2026-03-01");
  CHECK(raw.text("SELECT listed_to FROM designations WHERE entity = 'ofac:1' AND programs = 'UKRAINE-EO13662'") ==
        "<null>");
}

TEST_CASE("a relation naming an id neither in the snapshot nor in the database is skipped", "[store][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  auto s = snapshot("2026-01-31", {listed("un:a", "Alpha"), listed("un:b", "Beta")}, "sha-1");
  model::Relation known;
  known.source = "un:a";
  known.target = "un:b";
  model::Relation outside = known;
  outside.target = "lei:NOWHERE";
  s.relations = {known, outside};
  const auto out = write(db, s);
  REQUIRE(out.skipped_relations.size() == 1);
  CHECK(out.skipped_relations[0].target == "lei:NOWHERE");
  RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM relations") == 1);
}

TEST_CASE("a snapshot is found again by its SHA-256", "[store][lists]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  import_two(db);
  CHECK(store::snapshot_with_sha256(db, "sha-2").value().as_of == "2026-02-27");
  CHECK_FALSE(store::snapshot_with_sha256(db, "sha-3").has_value());
}
