#include "sanx/store/import_session.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sanx/core/error.hpp"
#include "store/store_test_support.hpp"
#include "support/temp_dir.hpp"

namespace model = sanx::model;
using sanx::StoreError;
using sanx::store::Database;
using sanx::store::ImportSession;
using sanx::store::InsertResult;
using sanx::store::VersionId;
using sanx::testing::date;
using sanx::testing::decimal;
using sanx::testing::entity;
using sanx::testing::payment;
using sanx::testing::RawDb;
using sanx::testing::TempDir;
using sanx::testing::version_of;

namespace {

std::int64_t count_of(const Database& db, std::string_view table) {
  for (const auto& t : db.stats().tables) {
    if (t.table == table) return t.rows;
  }
  return -1;
}

/// Imports an entities file holding `ids` (one company each, lines 2, 3, ...) and commits.
void import_entities(Database& db, const std::string& file, const std::vector<std::string>& ids,
                     const std::string& name = "Some Company") {
  ImportSession session(db);
  const auto v = session.begin_file(version_of(file, "entities", file + std::to_string(ids.size())));
  std::uint32_t line = 2;
  for (const auto& id : ids) REQUIRE(session.add_entity(v, entity(id, model::EntityKind::company, name), line++) == InsertResult::inserted);
  session.end_file(v, static_cast<std::int64_t>(ids.size()));
  session.commit();
}

/// Imports a payments file with one payment per (originator, beneficiary) pair and commits.
void import_payments(Database& db, const std::string& file,
                     const std::vector<std::pair<std::string, std::string>>& parties, const std::string& prefix = "P-") {
  ImportSession session(db);
  const auto v = session.begin_file(version_of(file, "payments", prefix));
  std::uint32_t line = 2;
  int n = 0;
  for (const auto& [from, to] : parties) {
    REQUIRE(session.add_payment(v, payment(prefix + std::to_string(n++), from, to), line++) == InsertResult::inserted);
  }
  session.end_file(v, n);
  session.commit();
}

}  // namespace

TEST_CASE("a session destroyed without commit leaves the database as it was", "[store][session]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a", "demo:b"});
  const auto before = db.stats();
  {
    ImportSession session(db);
    const auto e = session.begin_file(version_of("entities.csv", "entities", "new"));
    REQUIRE(session.add_entity(e, entity("demo:c"), 2) == InsertResult::inserted);
    session.end_file(e, 1);  // drops demo:a and demo:b
    const auto p = session.begin_file(version_of("payments.csv", "payments"));
    REQUIRE(session.add_payment(p, payment("P-1", "demo:c", "demo:c"), 2) == InsertResult::inserted);
    session.end_file(p, 1);
  }
  const auto after = db.stats();
  REQUIRE(after.tables.size() == before.tables.size());
  for (std::size_t i = 0; i < before.tables.size(); ++i) {
    INFO(before.tables[i].table);
    CHECK(after.tables[i].rows == before.tables[i].rows);
  }
  REQUIRE(after.versions.size() == 1);
  CHECK(after.versions[0].current);
  CHECK(db.current_version("demo", "entities.csv")->sha256 == before.versions[0].sha256);
}

TEST_CASE("a committed session persists after reopening", "[store][session]") {
  TempDir dir;
  {
    auto db = Database::open(dir / "sanx.db");
    import_entities(db, "entities.csv", {"demo:a", "demo:b"});
    import_payments(db, "payments.csv", {{"demo:a", "demo:b"}});
  }
  const auto db = Database::open(dir / "sanx.db");
  CHECK(count_of(db, "entities") == 2);
  CHECK(count_of(db, "entity_names") == 2);
  CHECK(count_of(db, "payments") == 1);
  const auto v = db.current_version("demo", "payments.csv");
  REQUIRE(v.has_value());
  CHECK(v->kind == "payments");
  CHECK(v->rows == 1);
  CHECK(v->current);
  CHECK(v->dataset == "demo");
  CHECK(v->source == "tests");
  CHECK(v->as_of == "2024-01-01");
  REQUIRE(v->imported_at.size() == 20);
  CHECK(v->imported_at.back() == 'Z');
}

TEST_CASE("a second session cannot start while one is open on the same database", "[store][session]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  ImportSession first(db);
  REQUIRE_THROWS_AS(ImportSession(db), StoreError);
}

TEST_CASE("a new version of a file replaces its rows and keeps the old version as history", "[store][versions]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a", "demo:b"});
  import_payments(db, "payments.csv", {{"demo:a", "demo:b"}, {"demo:b", "demo:a"}}, "OLD-");
  const auto old_version = db.current_version("demo", "payments.csv")->id;
  import_payments(db, "payments.csv", {{"demo:a", "demo:a"}, {"demo:b", "demo:b"}, {"demo:a", "demo:b"}}, "NEW-");

  CHECK(count_of(db, "payments") == 3);
  RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM payments WHERE id LIKE 'OLD-%'") == 0);
  const auto current = db.current_version("demo", "payments.csv");
  REQUIRE(current.has_value());
  CHECK(current->id != old_version);
  CHECK(current->rows == 3);
  CHECK(current->sha256 == "NEW-");

  const auto stats = db.stats();
  REQUIRE(stats.versions.size() == 3);  // entities, old payments, new payments
  CHECK(stats.versions[1].id == old_version);
  CHECK_FALSE(stats.versions[1].current);
  CHECK(stats.versions[1].rows == 2);
  CHECK(stats.versions[2].current);
  CHECK(raw.integer("SELECT replaced_by FROM dataset_versions WHERE id = " + std::to_string(old_version)) ==
        current->id);
}

TEST_CASE("replacing a relations file replaces its relations", "[store][versions]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a", "demo:b", "demo:c"});
  for (const auto& target : {"demo:b", "demo:c"}) {
    ImportSession session(db);
    const auto v = session.begin_file(version_of("relations.csv", "relations", target));
    model::Relation r;
    r.source = "demo:a";
    r.target = target;
    r.share = decimal("50");
    session.add_relation(v, r, 2);
    session.end_file(v, 1);
    session.commit();
  }
  RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM relations") == 1);
  CHECK(raw.text("SELECT target FROM relations") == "demo:c");
}

TEST_CASE("entities kept by a new version stay valid for payments of another file", "[store][versions]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a", "demo:b", "demo:c"}, "Old Name");
  import_payments(db, "payments.csv", {{"demo:a", "demo:b"}, {"demo:b", "demo:a"}});

  {
    ImportSession session(db);
    const auto v = session.begin_file(version_of("entities.csv", "entities", "v2"));
    auto a = entity("demo:a", model::EntityKind::bank, "New Name");
    a.names.push_back({"Other Name", model::NameKind::aka, "Latn"});
    a.identifiers.push_back({"bic", "VTBRRUMM"});
    a.countries.push_back("RU");
    REQUIRE(session.add_entity(v, a, 5) == InsertResult::inserted);
    REQUIRE(session.add_entity(v, entity("demo:b"), 6) == InsertResult::inserted);
    REQUIRE(session.add_entity(v, entity("demo:d"), 7) == InsertResult::inserted);
    session.end_file(v, 3);  // demo:c, which no payment uses, is gone
    CHECK(session.dangling_references().empty());
    session.commit();
  }

  CHECK(count_of(db, "payments") == 2);
  CHECK(count_of(db, "entities") == 3);
  RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM entities WHERE id = 'demo:c'") == 0);
  CHECK(raw.text("SELECT name FROM entities WHERE id = 'demo:a'") == "New Name");
  CHECK(raw.text("SELECT kind FROM entities WHERE id = 'demo:a'") == "bank");
  CHECK(raw.integer("SELECT line FROM entities WHERE id = 'demo:a'") == 5);
  CHECK(raw.integer("SELECT count(*) FROM entity_names WHERE entity_id = 'demo:a'") == 2);
  CHECK(raw.text("SELECT text FROM entity_names WHERE entity_id = 'demo:a' AND position = 1") == "Other Name");
  CHECK(raw.integer("SELECT count(*) FROM entity_names") == 4);
  CHECK(raw.integer("SELECT count(*) FROM entity_identifiers") == 1);
  CHECK(raw.integer("SELECT count(*) FROM entities WHERE version_id = "
                    "(SELECT id FROM dataset_versions WHERE file = 'entities.csv' AND current = 1)") == 3);
  CHECK(raw.integer("PRAGMA foreign_key_check") == -1);  // no row: no violation
}

TEST_CASE("a replacement that drops a referenced id leaves a dangling reference with its file and line",
          "[store][versions]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a", "demo:b"});
  import_payments(db, "payments.csv", {{"demo:a", "demo:a"}, {"demo:a", "demo:b"}});

  ImportSession session(db);
  const auto v = session.begin_file(version_of("entities.csv", "entities", "v2"));
  REQUIRE(session.add_entity(v, entity("demo:a"), 2) == InsertResult::inserted);
  session.end_file(v, 1);

  const auto dangling = session.dangling_references();
  REQUIRE(dangling.size() == 1);
  CHECK(dangling[0].table == "payments");
  CHECK(dangling[0].row_id == "P-1");
  CHECK(dangling[0].column == "beneficiary");
  CHECK(dangling[0].entity_id == "demo:b");
  CHECK(dangling[0].file == "payments.csv");
  CHECK(dangling[0].line == 3);
  REQUIRE_THROWS_AS(session.commit(), StoreError);
}

TEST_CASE("dangling references are reported for every referencing table, up to the limit", "[store][versions]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a", "demo:gone"});
  {
    ImportSession session(db);
    const auto r = session.begin_file(version_of("relations.csv", "relations"));
    model::Relation rel;
    rel.source = "demo:gone";
    rel.target = "demo:a";
    session.add_relation(r, rel, 4);
    session.end_file(r, 1);
    const auto d = session.begin_file(version_of("designations.csv", "designations"));
    model::Designation des;
    des.entity = "demo:gone";
    des.regime = "OFAC";
    des.list = "SDN";
    session.add_designation(d, des, 7);
    session.end_file(d, 1);
    const auto s = session.begin_file(version_of("shipments.csv", "shipments"));
    model::Shipment sh;
    sh.id = "S-1";
    sh.date = date("2024-02-02");
    sh.exporter = "demo:a";
    sh.consignee = "demo:gone";
    sh.vessel = "demo:gone";
    REQUIRE(session.add_shipment(s, sh, 9) == InsertResult::inserted);
    session.end_file(s, 1);
    session.commit();
  }
  ImportSession session(db);
  const auto v = session.begin_file(version_of("entities.csv", "entities", "v2"));
  REQUIRE(session.add_entity(v, entity("demo:a"), 2) == InsertResult::inserted);
  session.end_file(v, 1);

  const auto all = session.dangling_references();
  std::set<std::string> seen;
  for (const auto& d : all) {
    CHECK(d.entity_id == "demo:gone");
    seen.insert(d.table + "." + d.column + "@" + d.file + ":" + std::to_string(d.line) + " " + d.row_id);
  }
  CHECK(seen == std::set<std::string>{"relations.source@relations.csv:4 demo:gone→demo:a",
                                      "designations.entity@designations.csv:7 OFAC/SDN",
                                      "shipments.consignee@shipments.csv:9 S-1", "shipments.vessel@shipments.csv:9 S-1"});
  CHECK(session.dangling_references(2).size() == 2);
}

TEST_CASE("many dropped entities are deleted through temporary indexes that do not outlive the delete",
          "[store][versions]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  std::vector<std::string> ids;
  for (int i = 0; i < 50; ++i) ids.push_back("demo:e" + std::to_string(i));
  import_entities(db, "entities.csv", ids);
  import_payments(db, "payments.csv", {{"demo:e0", "demo:e1"}});

  ImportSession session(db);
  const auto v = session.begin_file(version_of("entities.csv", "entities", "v2"));
  REQUIRE(session.add_entity(v, entity("demo:e0"), 2) == InsertResult::inserted);
  session.end_file(v, 1);
  const auto dangling = session.dangling_references();
  REQUIRE(dangling.size() == 1);
  CHECK(dangling[0].entity_id == "demo:e1");

  // The replacement is valid once the payment goes too.
  const auto p = session.begin_file(version_of("payments.csv", "payments", "v2"));
  REQUIRE(session.add_payment(p, payment("P-0", "demo:e0", "demo:e0"), 2) == InsertResult::inserted);
  session.end_file(p, 1);
  CHECK(session.dangling_references().empty());
  session.commit();

  CHECK(count_of(db, "entities") == 1);
  CHECK(RawDb(dir / "sanx.db").integer("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'sanx_tmp%'") == 0);
}

TEST_CASE("a duplicate payment id is reported as a duplicate", "[store][duplicates]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a"});
  import_payments(db, "payments-jan.csv", {{"demo:a", "demo:a"}}, "JAN-");

  ImportSession session(db);
  const auto v = session.begin_file(version_of("payments-feb.csv", "payments"));
  CHECK(session.add_payment(v, payment("FEB-1", "demo:a", "demo:a"), 2) == InsertResult::inserted);
  CHECK(session.add_payment(v, payment("FEB-1", "demo:a", "demo:a"), 3) == InsertResult::duplicate);
  CHECK(session.add_payment(v, payment("JAN-0", "demo:a", "demo:a"), 4) == InsertResult::duplicate);
  CHECK(session.add_payment(v, payment("FEB-2", "demo:a", "demo:a"), 5) == InsertResult::inserted);
  session.end_file(v, 2);
  session.commit();
  CHECK(count_of(db, "payments") == 3);
}

TEST_CASE("a duplicate shipment id is reported as a duplicate", "[store][duplicates]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a"});
  ImportSession session(db);
  const auto v = session.begin_file(version_of("shipments.csv", "shipments"));
  model::Shipment s;
  s.id = "S-1";
  s.date = date("2024-01-05");
  s.exporter = "demo:a";
  s.consignee = "demo:a";
  CHECK(session.add_shipment(v, s, 2) == InsertResult::inserted);
  CHECK(session.add_shipment(v, s, 3) == InsertResult::duplicate);
}

TEST_CASE("an entity id held by another file is a duplicate", "[store][duplicates]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "ofac.csv", {"demo:a"});
  ImportSession session(db);
  const auto v = session.begin_file(version_of("customers.csv", "entities"));
  CHECK(session.add_entity(v, entity("demo:a"), 2) == InsertResult::duplicate);
  CHECK(session.add_entity(v, entity("demo:b"), 3) == InsertResult::inserted);
}

TEST_CASE("an entity id repeated in the same file is a duplicate, also in a replacement", "[store][duplicates]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a"});
  ImportSession session(db);
  const auto v = session.begin_file(version_of("entities.csv", "entities", "v2"));
  CHECK(session.add_entity(v, entity("demo:a", model::EntityKind::company, "First"), 2) == InsertResult::inserted);
  CHECK(session.add_entity(v, entity("demo:a", model::EntityKind::company, "Second"), 3) == InsertResult::duplicate);
  CHECK(session.add_entity(v, entity("demo:n"), 4) == InsertResult::inserted);
  CHECK(session.add_entity(v, entity("demo:n"), 5) == InsertResult::duplicate);
  session.end_file(v, 2);
  session.commit();
  CHECK(RawDb(dir / "sanx.db").text("SELECT name FROM entities WHERE id = 'demo:a'") == "First");
}

TEST_CASE("amounts, shares and values are stored exactly, as canonical decimal text", "[store][values]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a", "demo:b"});
  {
    ImportSession session(db);
    const auto p = session.begin_file(version_of("payments.csv", "payments"));
    const auto sum = decimal("0.1").add(decimal("0.2")).value();
    auto tenth = payment("P-1", "demo:a", "demo:b");
    tenth.amount = sum;
    REQUIRE(session.add_payment(p, tenth, 2) == InsertResult::inserted);
    auto big = payment("P-2", "demo:a", "demo:b");
    big.amount = decimal("123456789012.345678");
    REQUIRE(session.add_payment(p, big, 3) == InsertResult::inserted);
    auto trailing = payment("P-3", "demo:a", "demo:b");
    trailing.amount = decimal("12.50");
    REQUIRE(session.add_payment(p, trailing, 4) == InsertResult::inserted);
    session.end_file(p, 3);
    const auto r = session.begin_file(version_of("relations.csv", "relations"));
    model::Relation rel;
    rel.source = "demo:a";
    rel.target = "demo:b";
    rel.share = decimal("33.333333333333333");
    session.add_relation(r, rel, 2);
    session.end_file(r, 1);
    session.commit();
  }
  RawDb raw(dir / "sanx.db");
  CHECK(raw.text("SELECT amount FROM payments WHERE id = 'P-1'") == "0.3");
  CHECK(raw.text("SELECT typeof(amount) FROM payments WHERE id = 'P-1'") == "text");
  CHECK(raw.text("SELECT amount FROM payments WHERE id = 'P-2'") == "123456789012.345678");
  CHECK(raw.text("SELECT amount FROM payments WHERE id = 'P-3'") == "12.5");
  CHECK(raw.text("SELECT share FROM relations") == "33.333333333333333");
  CHECK(decimal(raw.text("SELECT amount FROM payments WHERE id = 'P-2'")) == decimal("123456789012.345678"));
}

TEST_CASE("dates are stored as ISO text, partial dates as given", "[store][values]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  {
    ImportSession session(db);
    const auto v = session.begin_file(version_of("entities.csv", "entities"));
    auto person = entity("demo:p", model::EntityKind::person, "Ivan Petrov");
    person.birth_date = date("1964");
    auto company = entity("demo:c");
    company.incorporated = date("2001-07");
    REQUIRE(session.add_entity(v, person, 2) == InsertResult::inserted);
    REQUIRE(session.add_entity(v, company, 3) == InsertResult::inserted);
    session.end_file(v, 2);
    const auto d = session.begin_file(version_of("designations.csv", "designations"));
    model::Designation des;
    des.entity = "demo:p";
    des.regime = "EU";
    des.list = "EU-269";
    des.programs = {"RUSSIA", "UKRAINE-TERRITORIAL"};
    des.measures = {"asset_freeze", "travel_ban"};
    des.listed_from = date("2022-02-28");
    session.add_designation(d, des, 2);
    session.end_file(d, 1);
    session.commit();
  }
  RawDb raw(dir / "sanx.db");
  CHECK(raw.text("SELECT birth_date FROM entities WHERE id = 'demo:p'") == "1964");
  CHECK(raw.text("SELECT incorporated FROM entities WHERE id = 'demo:p'") == "<null>");
  CHECK(raw.text("SELECT incorporated FROM entities WHERE id = 'demo:c'") == "2001-07");
  CHECK(raw.text("SELECT listed_from FROM designations") == "2022-02-28");
  CHECK(raw.text("SELECT listed_to FROM designations") == "<null>");
  CHECK(raw.text("SELECT programs FROM designations") == "RUSSIA|UKRAINE-TERRITORIAL");
  CHECK(raw.text("SELECT measures FROM designations") == "asset_freeze|travel_ban");
}

TEST_CASE("empty optional values are stored as NULL", "[store][values]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a", "demo:b", "demo:v"});
  {
    ImportSession session(db);
    const auto p = session.begin_file(version_of("payments.csv", "payments"));
    auto full = payment("P-1", "demo:a", "demo:b");
    full.originator_bic = "VTBRRUMM";
    full.intermediary_bics = {"SABRRUMM", "DEUTDEFF"};
    full.network = model::Network::spfs;
    full.purpose = "invoice 7";
    REQUIRE(session.add_payment(p, full, 2) == InsertResult::inserted);
    REQUIRE(session.add_payment(p, payment("P-2", "demo:a", "demo:b"), 3) == InsertResult::inserted);
    session.end_file(p, 2);
    const auto s = session.begin_file(version_of("shipments.csv", "shipments"));
    model::Shipment sh;
    sh.id = "S-1";
    sh.date = date("2024-01-05");
    sh.exporter = "demo:a";
    sh.consignee = "demo:b";
    sh.vessel = "demo:v";
    sh.route = {"TR", "GE"};
    sh.mode = model::TransportMode::sea;
    sh.value = decimal("1000.00");
    REQUIRE(session.add_shipment(s, sh, 2) == InsertResult::inserted);
    session.end_file(s, 1);
    session.commit();
  }
  RawDb raw(dir / "sanx.db");
  CHECK(raw.text("SELECT originator_bic FROM payments WHERE id = 'P-1'") == "VTBRRUMM");
  CHECK(raw.text("SELECT intermediary_bics FROM payments WHERE id = 'P-1'") == "SABRRUMM|DEUTDEFF");
  CHECK(raw.text("SELECT network FROM payments WHERE id = 'P-1'") == "SPFS");
  CHECK(raw.text("SELECT purpose FROM payments WHERE id = 'P-1'") == "invoice 7");
  for (const auto* column : {"originator_bic", "beneficiary_bic", "intermediary_bics", "purpose"}) {
    INFO(column);
    CHECK(raw.text(std::string("SELECT ") + column + " FROM payments WHERE id = 'P-2'") == "<null>");
  }
  CHECK(raw.text("SELECT end_user FROM shipments") == "<null>");
  CHECK(raw.text("SELECT vessel FROM shipments") == "demo:v");
  CHECK(raw.text("SELECT route FROM shipments") == "TR|GE");
  CHECK(raw.text("SELECT mode FROM shipments") == "sea");
  CHECK(raw.text("SELECT value FROM shipments") == "1000");
  CHECK(raw.text("SELECT licence FROM dataset_versions WHERE file = 'payments.csv'") == "CC0");
}

TEST_CASE("the session sees every entity and every bank BIC, its own inserts included", "[store][session]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a"});
  ImportSession session(db);
  const auto v = session.begin_file(version_of("banks.csv", "entities"));
  auto bank = entity("demo:vtb", model::EntityKind::bank, "VTB Bank");
  bank.identifiers = {{"bic", "VTBRRUMM"}, {"inn", "7702070139"}, {"bic", "VTBRRUMMXXX"}};
  REQUIRE(session.add_entity(v, bank, 2) == InsertResult::inserted);
  auto company = entity("demo:c");
  company.identifiers = {{"bic", "NOTABANK"}};
  REQUIRE(session.add_entity(v, company, 3) == InsertResult::inserted);

  std::map<std::string, model::EntityKind> entities;
  session.for_each_entity([&](std::string_view id, model::EntityKind kind) { entities.emplace(id, kind); });
  CHECK(entities == std::map<std::string, model::EntityKind>{{"demo:a", model::EntityKind::company},
                                                             {"demo:c", model::EntityKind::company},
                                                             {"demo:vtb", model::EntityKind::bank}});
  std::set<std::pair<std::string, std::string>> bics;
  session.for_each_bic([&](std::string_view bic, std::string_view id) { bics.emplace(bic, id); });
  CHECK(bics == std::set<std::pair<std::string, std::string>>{{"VTBRRUMM", "demo:vtb"}, {"VTBRRUMMXXX", "demo:vtb"}});
}

TEST_CASE("stats count the rows of every table and list every version", "[store][stats]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a", "demo:b", "demo:c"});
  import_payments(db, "payments.csv", {{"demo:a", "demo:b"}, {"demo:b", "demo:c"}});
  import_payments(db, "payments.csv", {{"demo:a", "demo:b"}}, "N-");
  const auto stats = db.stats();
  std::map<std::string, std::int64_t> counts;
  for (const auto& t : stats.tables) counts[t.table] = t.rows;
  CHECK(counts["dataset_versions"] == 3);
  CHECK(counts["entities"] == 3);
  CHECK(counts["entity_names"] == 3);
  CHECK(counts["payments"] == 1);
  CHECK(counts["relations"] == 0);
  CHECK(counts["findings"] == 0);
  REQUIRE(stats.versions.size() == 3);
  CHECK(stats.versions[0].file == "entities.csv");
  CHECK(stats.versions[0].rows == 3);
  CHECK(stats.versions[1].rows == 2);
  CHECK_FALSE(stats.versions[1].current);
  CHECK(stats.versions[2].rows == 1);
  CHECK(stats.versions[2].current);
}

TEST_CASE("payments are written across batch boundaries with their lines", "[store][batch]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a", "demo:b"});
  {
    ImportSession session(db);
    const auto v = session.begin_file(version_of("payments.csv", "payments"));
    for (std::uint32_t i = 0; i < 1000; ++i) {
      REQUIRE(session.add_payment(v, payment("P-" + std::to_string(i), "demo:a", "demo:b"), i + 2) ==
              InsertResult::inserted);
    }
    // A duplicate of a row long since written, and of one still waiting in the batch.
    CHECK(session.add_payment(v, payment("P-10", "demo:a", "demo:b"), 1002) == InsertResult::duplicate);
    CHECK(session.add_payment(v, payment("P-999", "demo:a", "demo:b"), 1003) == InsertResult::duplicate);
    CHECK(session.add_payment(v, payment("P-1000", "demo:a", "demo:b"), 1004) == InsertResult::inserted);
    session.end_file(v, 1001);
    session.commit();
  }
  RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM payments") == 1001);
  CHECK(raw.integer("SELECT line FROM payments WHERE id = 'P-0'") == 2);
  CHECK(raw.integer("SELECT line FROM payments WHERE id = 'P-999'") == 1001);
  CHECK(raw.integer("SELECT line FROM payments WHERE id = 'P-1000'") == 1004);
}

TEST_CASE("a payment id of another file of the same session is a duplicate", "[store][duplicates]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a"});
  ImportSession session(db);
  const auto jan = session.begin_file(version_of("payments-jan.csv", "payments"));
  REQUIRE(session.add_payment(jan, payment("P-1", "demo:a", "demo:a"), 2) == InsertResult::inserted);
  session.end_file(jan, 1);
  const auto feb = session.begin_file(version_of("payments-feb.csv", "payments"));
  CHECK(session.add_payment(feb, payment("P-1", "demo:a", "demo:a"), 2) == InsertResult::duplicate);
}

TEST_CASE("payment ids of a replaced version are free again in the same session", "[store][duplicates]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "entities.csv", {"demo:a"});
  import_payments(db, "payments-b.csv", {{"demo:a", "demo:a"}, {"demo:a", "demo:a"}}, "B-");
  {
    ImportSession session(db);
    const auto a = session.begin_file(version_of("payments-a.csv", "payments"));
    REQUIRE(session.add_payment(a, payment("A-1", "demo:a", "demo:a"), 2) == InsertResult::inserted);
    CHECK(session.add_payment(a, payment("B-0", "demo:a", "demo:a"), 3) == InsertResult::duplicate);
    session.end_file(a, 1);
    const auto b = session.begin_file(version_of("payments-b.csv", "payments", "v2"));
    CHECK(session.add_payment(b, payment("B-0", "demo:a", "demo:a"), 2) == InsertResult::inserted);
    CHECK(session.add_payment(b, payment("A-1", "demo:a", "demo:a"), 3) == InsertResult::duplicate);
    session.end_file(b, 1);
    session.commit();
  }
  CHECK(count_of(db, "payments") == 2);
}

namespace {

/// Stores the Latin form `latin` of every name that names_to_transliterate lists under `method`, in one
/// committed session, and returns the texts it listed.
std::vector<std::string> store_forms(Database& db, std::string_view method, std::string_view latin = "latin") {
  ImportSession session(db);
  std::vector<std::string> texts = session.names_to_transliterate(method);
  for (const auto& text : texts) session.add_transliteration({text, std::string(latin), false});
  session.commit();
  return texts;
}

}  // namespace

TEST_CASE("only names with a letter outside ASCII are listed to transliterate, once each", "[store][transliteration]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "a.csv", {"demo:a", "demo:b"}, "ООО Ромашка");
  import_entities(db, "b.csv", {"demo:c"}, "Romashka LLC");
  import_entities(db, "c.csv", {"demo:d"}, "Société Générale");
  CHECK(store_forms(db, "m1") == std::vector<std::string>{"Société Générale", "ООО Ромашка"});
  RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM name_transliterations") == 2);
  CHECK(raw.text("SELECT method FROM transliteration_method") == "m1");
  // stored already under the same method: nothing more to do
  CHECK(store_forms(db, "m1").empty());
}

TEST_CASE("forms stored under another method are dropped and listed again", "[store][transliteration]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "a.csv", {"demo:a"}, "Газпром");
  (void)store_forms(db, "m1", "old");
  CHECK(store_forms(db, "m2", "new") == std::vector<std::string>{"Газпром"});
  RawDb raw(dir / "sanx.db");
  CHECK(raw.text("SELECT method FROM transliteration_method") == "m2");
  CHECK(raw.text("SELECT latin FROM name_transliterations WHERE text = 'Газпром'") == "new");
  CHECK(raw.integer("SELECT count(*) FROM name_transliterations") == 1);
}

TEST_CASE("the form of a name no entity holds any more is dropped", "[store][transliteration]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "a.csv", {"demo:a"}, "Газпром");
  (void)store_forms(db, "m1");
  import_entities(db, "a.csv", {"demo:a"}, "Роснефть");  // a new version of the file renames the entity
  CHECK(store_forms(db, "m1") == std::vector<std::string>{"Роснефть"});
  RawDb raw(dir / "sanx.db");
  CHECK(raw.text("SELECT group_concat(text) FROM name_transliterations") == "Роснефть");
}

TEST_CASE("forms stored in a session that is not committed are not kept", "[store][transliteration]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "a.csv", {"demo:a"}, "Газпром");
  {
    ImportSession session(db);
    for (const auto& text : session.names_to_transliterate("m1")) session.add_transliteration({text, "gazprom", false});
  }
  RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM name_transliterations") == 0);
  CHECK(raw.text("SELECT method FROM transliteration_method") == "<none>");
}

TEST_CASE("a database lacks forms while a name outside ASCII has none under the method asked", "[store][transliteration]") {
  TempDir dir;
  auto db = Database::open(dir / "sanx.db");
  import_entities(db, "b.csv", {"demo:c"}, "Romashka LLC");
  CHECK_FALSE(db.names_lack_forms("m1"));  // an ASCII name needs no form, whatever the method
  import_entities(db, "a.csv", {"demo:a"}, "Газпром");
  CHECK(db.names_lack_forms("m1"));
  (void)store_forms(db, "m1");
  CHECK_FALSE(db.names_lack_forms("m1"));
  CHECK(db.names_lack_forms("m2"));  // stored under another method: stale
  import_entities(db, "c.csv", {"demo:d"}, "Роснефть");
  CHECK(db.names_lack_forms("m1"));  // a new name has none yet
}
