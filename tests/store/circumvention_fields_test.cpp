// The facts added for the circumvention packs (issue 7), end to end: canonical CSV → import → store →
// load_dataset → the DSL fields of a small pack. Empty columns stay missing (the channel: a transfer).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "compile/rules_test_support.hpp"
#include "sanx/app/import.hpp"
#include "sanx/store/database.hpp"
#include "sanx/store/load.hpp"
#include "store/migrations.hpp"
#include "store/store_test_support.hpp"
#include "support/temp_dir.hpp"

namespace app = sanx::app;
namespace eval = sanx::eval;
namespace model = sanx::model;
namespace store = sanx::store;
using sanx::testing::RawDb;
using sanx::testing::TempDir;

namespace {

/// dataset.toml naming one file per kind, `<kind>.csv`, in import order.
std::string manifest() {
  std::string toml = "[dataset]\nname = \"issue7\"\nsource = \"test fixture\"\nlicence = \"CC0-1.0\"\n";
  for (const char* kind : {"entities", "relations", "designations", "payments", "shipments"}) {
    toml += std::string("\n[[files]]\npath = \"") + kind + ".csv\"\nkind = \"" + kind + "\"\n";
  }
  return toml;
}

const char* const kEntities =
    "id,kind,name,aliases,country,identifiers,birth_date,incorporated,address,sectors,web_presence,phones\n"
    "t:front,company,Front Trading FZE,,AE,,,2023-03,,general_trading|ru.manufacturing,thin,+971 4 555-0101|00971 50 "
    "123 4567\n"
    "t:plain,company,Plain GmbH,,DE,,,,,,,\n"
    "t:vtb,bank,VTB Bank,,RU,bic:VTBRRUMM,,,,bank,normal,\n"
    "t:vtb-sh,bank,VTB Shanghai,,CN,bic:VTBRCNSH,,,,bank,,\n"
    "t:nested,bank,Nested Bank,,KG,bic:NESTKG22,,,,msb,none,\n";

const char* const kRelations = "source,target,kind,share,basis,start,end\nt:vtb,t:vtb-sh,branch,,,2015,\n";
const char* const kDesignations =
    "entity,regime,list,programs,listed_from,listed_to\nt:vtb,OFAC,SDN,RUSSIA-EO14024,2022-02-24,\n";

// P1 a card purchase ordered through a nested bank (its BIC8 + XXX); P2 a plain transfer.
const char* const kPayments =
    "id,date,originator,beneficiary,originator_bic,beneficiary_bic,intermediary_bics,network,currency,amount,purpose,"
    "ordering_bic,reference,channel\n"
    "P1,2024-05-02,t:front,t:plain,VTBRRUMM,VTBRCNSH,,MIR,RUB,100,goods,NESTKG22XXX,INV-7,pos\n"
    "P2,2024-05-03,t:plain,t:front,VTBRRUMM,VTBRRUMM,,SWIFT,USD,200,,,,\n";

// S1 with every new column; S2 with none.
const char* const kShipments =
    "id,date,exporter,consignee,end_user,hs_code,description,value,currency,origin,destination,route,mode,vessel,"
    "notify_party,contract,contract_date,no_russia_clause,loading_port,discharge_port,quantity,unit\n"
    "S1,2024-06-01,t:plain,t:front,,8542.31,chips,1000,USD,DE,AE,,sea,,t:front,C-2024/7,2024-05-15,no,Hamburg,Jebel "
    "Ali,12.5,kg\n"
    "S2,2024-06-02,t:plain,t:front,,8542.31,chips,,,DE,AE,,,,,,,,,,,\n";

struct World {
  TempDir dir;
  store::Database db;
  model::Dataset data;
  World() : db(store::Database::open(dir / "sanx.db")) {
    dir.write("dataset/dataset.toml", manifest());
    dir.write("dataset/entities.csv", kEntities);
    dir.write("dataset/relations.csv", kRelations);
    dir.write("dataset/designations.csv", kDesignations);
    dir.write("dataset/payments.csv", kPayments);
    dir.write("dataset/shipments.csv", kShipments);
    const auto out = app::import_dataset(dir / "dataset", db);
    INFO((out.diagnostics.items().empty() ? std::string() : out.diagnostics.items().front().message));
    REQUIRE_FALSE(out.diagnostics.has_errors());
    REQUIRE(out.committed);
    data = store::load_dataset(db);
  }
  [[nodiscard]] const model::Entity& entity(std::string_view id) const { return data.entities[data.find_entity(id).value]; }
};

/// "rule-subject:outcome" for every finding, sorted: what a pack found, in one comparable value.
std::vector<std::string> found(const std::vector<eval::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    out.push_back(f.rule() + "-" + std::string(f.subject()) + ":" + (f.outcome == eval::Outcome::fired ? "fired" : "undetermined"));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string rule(std::string_view name, std::string_view subject, std::string_view condition) {
  return "rule " + std::string(name) + " {\n  meta { severity = low }\n  on " + std::string(subject) + "\n  when " +
         std::string(condition) + "\n}\n";
}

}  // namespace

TEST_CASE("entity sectors, web presence and normalised phones go through the store and back", "[store][load][issue7]") {
  const World w;
  const auto& front = w.entity("t:front");
  CHECK(front.sectors == std::vector<std::string>{"general_trading", "ru.manufacturing"});
  CHECK(front.web_presence == model::WebPresence::thin);
  CHECK(front.phones == std::vector<std::string>{"+97145550101", "+971501234567"});
  const auto& plain = w.entity("t:plain");
  CHECK(plain.sectors.empty());
  CHECK(!plain.web_presence);
  CHECK(plain.phones.empty());
  CHECK(RawDb(w.dir / "sanx.db").text("SELECT phones FROM entities WHERE id = 't:front'") ==
        "+97145550101|+971501234567");
}

TEST_CASE("ordering BIC, reference and channel go through the store, the ordering bank resolving by BIC8 fallback",
          "[store][load][issue7]") {
  const World w;
  REQUIRE(w.data.payments.size() == 2);
  const auto& card = w.data.payments[0];
  CHECK(card.ordering_bic == "NESTKG22XXX");
  CHECK(card.reference == "INV-7");
  CHECK(card.channel == model::Channel::pos);
  CHECK(w.data.payment_refs[0].ordering_bank == w.data.find_entity("t:nested"));
  const auto& wire = w.data.payments[1];
  CHECK(wire.ordering_bic.empty());
  CHECK(wire.channel == model::Channel::transfer);
  CHECK(!w.data.payment_refs[1].ordering_bank.valid());
  // A transfer, the default, is stored as NULL: ordinary payments carry nothing more.
  CHECK(RawDb(w.dir / "sanx.db").text("SELECT channel FROM payments WHERE id = 'P2'") == "<null>");
}

TEST_CASE("notify party, contract, clause, ports, quantity and unit go through the store", "[store][load][issue7]") {
  const World w;
  REQUIRE(w.data.shipments.size() == 2);
  const auto& s = w.data.shipments[0];
  CHECK(s.notify_party == "t:front");
  CHECK(w.data.shipment_refs[0].notify_party == w.data.find_entity("t:front"));
  CHECK(s.contract == "C-2024/7");
  CHECK(s.contract_date == sanx::core::Date::parse_iso("2024-05-15"));
  CHECK(s.no_russia_clause == false);
  CHECK(s.loading_port == "Hamburg");
  CHECK(s.discharge_port == "Jebel Ali");
  CHECK(s.quantity == sanx::core::Decimal::parse("12.5"));
  CHECK(s.unit == "kg");
  const auto& bare = w.data.shipments[1];
  CHECK(!bare.no_russia_clause);
  CHECK(!bare.quantity);
  CHECK(!bare.contract_date);
  CHECK(!w.data.shipment_refs[1].notify_party.valid());
}

TEST_CASE("rules read the new fields: values fire, missing values leave the rule undetermined", "[store][eval][issue7]") {
  const World w;
  const std::string pack =
      rule("card", "payment p",
           R"(p.channel == "pos" and p.ordering_bank.country == "KG" and p.reference == "INV-7")"
           R"( and p.ordering_bic starts_with "NEST")") +
      rule("wire", "payment p", R"(p.channel == "transfer")") +
      rule("no_bank", "payment p", R"(p.ordering_bank.country == "KG")") +
      rule("clause", "shipment s",
           R"(not s.no_russia_clause and s.quantity > 10 and s.unit == "kg" and s.contract == "C-2024/7")"
           R"( and s.contract_date < s.date and s.loading_port == "Hamburg" and s.discharge_port == "Jebel Ali")") +
      rule("notify", "shipment s", R"(s.notify_party.web_presence == "thin")") +
      rule("front", "entity e",
           R"("ru.manufacturing" in e.sectors and "+97145550101" in e.phones and e.web_presence == "thin")");
  CHECK(found(sanx::test::run(pack, w.data)) ==
        std::vector<std::string>{"test.card-P1:fired", "test.clause-S1:fired", "test.clause-S2:undetermined",
                                 "test.front-t:front:fired", "test.no_bank-P1:fired", "test.no_bank-P2:undetermined",
                                 "test.notify-S1:fired", "test.notify-S2:undetermined", "test.wire-P2:fired"});
}

TEST_CASE("a branch of an SDN bank is blocked for rules, and exposure_paths says branch of", "[store][eval][issue7]") {
  const World w;
  const std::string pack = R"(rule branch_of_sdn {
  meta { severity = high }
  on payment p
  let proof = exposure_paths(p.beneficiary_bank, "OFAC")
  when blocked(p.beneficiary_bank, "OFAC") and p.beneficiary_bank.country == "CN"
  reason "{proof}"
}
)";
  const auto findings = sanx::test::run(pack, w.data);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject() == "P1");
  CHECK(findings[0].reason() == "t:vtb <-[branch of]- t:vtb-sh");
}

TEST_CASE("a database of schema 2 is migrated keeping its relations, and then takes branch relations",
          "[store][migrations][issue7]") {
  TempDir dir;
  const auto path = dir / "sanx.db";
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    const auto exec = [raw](const std::string& sql) {
      INFO(sql << ": " << sqlite3_errmsg(raw));
      REQUIRE(sqlite3_exec(raw, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    };
    for (const auto& m : store::detail::migrations()) {
      if (m.number > 2) break;
      exec(std::string(m.sql));
      exec("INSERT INTO schema_migrations(version, applied_at) VALUES (" + std::to_string(m.number) + ", 'then')");
    }
    exec("PRAGMA user_version = 2");
    exec("INSERT INTO dataset_versions(id, dataset, file, kind, sha256, imported_at, rows) VALUES "
         "(1, 'old', 'entities.csv', 'entities', 'x', 'then', 2), (2, 'old', 'relations.csv', 'relations', 'y', 'then', 1)");
    exec("INSERT INTO entities(id, version_id, line, kind, name) VALUES ('1a', 1, 2, 'person', 'A'), "
         "('1b', 1, 3, 'company', 'B')");
    exec("INSERT INTO relations(version_id, line, source, target, kind, share) VALUES (2, 2, '1a', '1b', 'ownership', "
         "'60')");
    sqlite3_close(raw);
  }
  store::Database db = store::Database::open(path);
  CHECK(db.schema_version() == store::Database::latest_schema_version());
  const model::Dataset data = store::load_dataset(db);
  CHECK(data.transliterations.method.empty());  // its names were imported before forms were stored
  CHECK(data.transliterations.names.empty());
  REQUIRE(data.relations.size() == 1);
  CHECK(data.relations[0].kind == model::RelationKind::ownership);
  CHECK(data.relations[0].share == sanx::core::Decimal::parse("60"));
  CHECK(data.relation_refs[0].target == data.find_entity("1b"));
  const RawDb raw(path);
  raw.exec("INSERT INTO relations(version_id, line, source, target, kind) VALUES (2, 3, '1b', '1a', 'branch')");
  CHECK(raw.integer("SELECT count(*) FROM relations WHERE kind = 'branch'") == 1);
  CHECK(raw.integer("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'relations'") == 2);
}
