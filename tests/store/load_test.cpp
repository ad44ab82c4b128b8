// Specification of loading the store into memory: every current row, in file order, with exact values,
// provenance and references resolved to indices. The data goes in through the real import
// (app::import_dataset), so that the test also pins down the round trip from CSV to Dataset.
#include "sanx/store/load.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "sanx/app/import.hpp"
#include "sanx/core/error.hpp"
#include "sanx/match/screening.hpp"
#include "sanx/store/import_session.hpp"
#include "store/store_test_support.hpp"
#include "support/temp_dir.hpp"

namespace app = sanx::app;
namespace model = sanx::model;
namespace store = sanx::store;
using model::EntityIx;
using model::NameKind;
using sanx::StoreError;
using sanx::testing::date;
using sanx::testing::decimal;
using sanx::testing::RawDb;
using sanx::testing::TempDir;

namespace Catch {
template <>
struct StringMaker<EntityIx> {
  static std::string convert(EntityIx e) { return e.valid() ? std::to_string(e.value) : "invalid"; }
};
template <>
struct StringMaker<sanx::core::Decimal> {
  static std::string convert(const sanx::core::Decimal& d) { return d.to_string(); }
};
template <>
struct StringMaker<sanx::core::Date> {
  static std::string convert(const sanx::core::Date& d) { return d.to_string(); }
};
}  // namespace Catch

namespace {

const char* const kManifest = R"([dataset]
name = "load"
source = "test fixture"
licence = "CC0-1.0"
as_of = 2024-12-31

[[files]]
path = "entities.csv"
kind = "entities"

[[files]]
path = "relations.csv"
kind = "relations"

[[files]]
path = "designations.csv"
kind = "designations"

[[files]]
path = "wires-2024.csv"
kind = "payments"

[[files]]
path = "shipments.csv"
kind = "shipments"
)";

// Lines 2–8. File order differs from id order on purpose: the load must keep the file's.
const char* const kEntities = R"(id,kind,name,aliases,country,identifiers,birth_date,incorporated,address
t:bank-ru,bank,Test Bank Russia,aka:Тест Банк,RU,bic:TSTBRUMM|inn:7700000001,,1995-03-01,Moscow|St Petersburg
t:bank-de,bank,Test Bank Germany,,DE,bic:TSTBDEFFXXX,,1950,Frankfurt
t:bank-ae,bank,Test Bank Emirates,,AE,bic:TSTBAEAD,,2001-07,
t:alpha,company,Alpha Trading LLC,aka:ООО Альфа|fka:Alpha Old Ltd|weak:AT,RU|KZ,inn:7701234567,,2019-05,Moscow
t:beta,company,Beta GmbH,,DE,,,2001-01-01,Berlin
t:ivanov,person,Ivan Ivanov,aka:Иван Иванов,RU,passport:123456789,1970,,
t:vessel,vessel,Sea Star,,PA,imo:9354521,,,
)";
constexpr std::uint32_t kBankRu = 0, kBankDe = 1, kBankAe = 2, kAlpha = 3, kBeta = 4, kIvanov = 5, kVessel = 6;

const char* const kRelations = R"(source,target,kind,share,basis,start,end
t:ivanov,t:alpha,ownership,60.50,,2019-05,
t:alpha,t:beta,ownership,,,2020,2023-01-01
t:ivanov,t:beta,control,,board_majority,,
)";

const char* const kDesignations = R"(entity,regime,list,programs,listed_from,listed_to
t:ivanov,OFAC,SDN,RUSSIA-EO14024|UKRAINE-EO13662,2022-04-06,
t:alpha,EU,EU-269,RUSSIA,2022-02-28,2024-01-01
t:ivanov,UK,UK-OFSI,RUSSIA,2022-05-04,
)";

const char* const kPaymentsHeader =
    "id,date,originator,beneficiary,originator_bic,beneficiary_bic,intermediary_bics,network,currency,amount,purpose\n";
// w-30 exact BICs; w-10 a BIC8 whose bank lists BIC8+XXX, a BIC11 whose bank lists its BIC8, and two
// intermediaries, one unknown; w-20 an unknown BIC and none.
const char* const kPayments =
    "w-30,2024-01-10,t:alpha,t:beta,TSTBRUMM,TSTBDEFFXXX,,SWIFT,EUR,1000.50,invoice 1\n"
    "w-10,2024-01-11,t:beta,t:alpha,TSTBDEFF,TSTBRUMM001,TSTBAEAD|UNKNAEADXXX,swift,EUR,0.1,\n"
    "w-20,2024-01-12,t:ivanov,t:alpha,UNKNRUMM,,,SPFS,RUB,123456789012.345678,loan\n";

const char* const kShipments =
    "id,date,exporter,consignee,end_user,hs_code,description,value,currency,origin,destination,route,mode,vessel\n"
    "s2,2024-02-01,t:beta,t:alpha,t:ivanov,847989,machine parts,5000.25,EUR,DE,RU,PL|BY,sea,t:vessel\n"
    "s1,2024-02-02,t:beta,t:alpha,,8542.31,chips,,,DE,KZ,,,\n";

/// The dataset above, imported into a fresh database in a temp folder.
struct World {
  TempDir dir;
  store::Database db;
  World() : db(open(dir)) {
    dir.write("dataset/dataset.toml", kManifest);
    dir.write("dataset/entities.csv", kEntities);
    dir.write("dataset/relations.csv", kRelations);
    dir.write("dataset/designations.csv", kDesignations);
    dir.write("dataset/wires-2024.csv", std::string(kPaymentsHeader) + kPayments);
    dir.write("dataset/shipments.csv", kShipments);
    import();
  }
  static store::Database open(const TempDir& d) { return store::Database::open(d / "sanx.db"); }
  void write(std::string_view file, std::string_view content) const { dir.write("dataset/" + std::string(file), content); }
  void import() {
    const auto out = app::import_dataset(dir / "dataset", db);
    INFO((out.diagnostics.items().empty() ? std::string() : out.diagnostics.items().front().message));
    REQUIRE_FALSE(out.diagnostics.has_errors());
    REQUIRE(out.committed);
  }
  [[nodiscard]] RawDb raw() const { return RawDb(dir / "sanx.db"); }
};

EntityIx ix(std::uint32_t value) { return EntityIx{value}; }

std::vector<std::string> ids_of(const std::vector<model::Payment>& payments) {
  std::vector<std::string> out;
  for (const auto& p : payments) out.push_back(p.id);
  return out;
}

std::string where(const model::Provenance& p) { return p.file + ":" + std::to_string(p.line); }

}  // namespace

TEST_CASE("an empty database loads as an empty dataset", "[store][load]") {
  TempDir dir;
  const auto db = store::Database::open(dir / "sanx.db");
  const auto d = store::load_dataset(db);
  CHECK(d.entities.empty());
  CHECK(d.entity_origin.empty());
  CHECK(d.designations.empty());
  CHECK(d.designations_of.empty());
  CHECK(d.relations.empty());
  CHECK(d.payments.empty());
  CHECK(d.shipments.empty());
  CHECK_FALSE(d.find_entity("t:alpha").valid());
}

TEST_CASE("every row of every table is loaded, with one reference and origin record per row", "[store][load]") {
  World w;
  const auto d = store::load_dataset(w.db);
  CHECK(d.entities.size() == 7);
  CHECK(d.entity_origin.size() == 7);
  CHECK(d.designations.size() == 3);
  CHECK(d.designations_of.size() == 7);
  CHECK(d.relations.size() == 3);
  CHECK(d.relation_refs.size() == 3);
  CHECK(d.payments.size() == 3);
  CHECK(d.payment_refs.size() == 3);
  CHECK(d.payment_origin.size() == 3);
  CHECK(d.shipments.size() == 2);
  CHECK(d.shipment_refs.size() == 2);
  CHECK(d.shipment_origin.size() == 2);
}

TEST_CASE("without transactions only the parties load: the same entities, designations and relations, no payments or shipments",
          "[store][load]") {
  World w;
  const auto all = store::load_dataset(w.db);
  const auto parties = store::load_dataset(w.db, {.transactions = false});
  CHECK(parties.entities.size() == all.entities.size());
  CHECK(parties.designations.size() == all.designations.size());
  CHECK(parties.relations.size() == all.relations.size());
  CHECK(parties.find_entity("t:alpha") == all.find_entity("t:alpha"));
  CHECK(parties.payments.empty());
  CHECK(parties.payment_refs.empty());
  CHECK(parties.shipments.empty());
  CHECK(parties.shipment_refs.empty());
}

TEST_CASE("rows load in file order, not in id order", "[store][load][order]") {
  World w;
  const auto d = store::load_dataset(w.db);
  std::vector<std::string> entity_ids;
  for (const auto& e : d.entities) entity_ids.push_back(e.id);
  CHECK(entity_ids ==
        std::vector<std::string>{"t:bank-ru", "t:bank-de", "t:bank-ae", "t:alpha", "t:beta", "t:ivanov", "t:vessel"});
  CHECK(ids_of(d.payments) == std::vector<std::string>{"w-30", "w-10", "w-20"});
  REQUIRE(d.shipments.size() == 2);
  CHECK(d.shipments[0].id == "s2");
  CHECK(d.shipments[1].id == "s1");
  REQUIRE(d.designations.size() == 3);
  CHECK(d.designations[1].regime == "EU");
}

TEST_CASE("the loaded dataset finds entities by id at their position", "[store][load]") {
  World w;
  const auto d = store::load_dataset(w.db);
  CHECK(d.find_entity("t:alpha") == ix(kAlpha));
  CHECK(d.find_entity("t:vessel") == ix(kVessel));
  CHECK_FALSE(d.find_entity("t:nobody").valid());
}

TEST_CASE("names load in file order with their kinds and scripts", "[store][load][entity]") {
  World w;
  const auto d = store::load_dataset(w.db);
  const auto& alpha = d.entities[kAlpha];
  CHECK(alpha.kind == model::EntityKind::company);
  CHECK(alpha.primary_name() == "Alpha Trading LLC");
  CHECK(alpha.names == std::vector<model::Name>{{"Alpha Trading LLC", NameKind::primary, "Latn"},
                                                {"ООО Альфа", NameKind::aka, "Cyrl"},
                                                {"Alpha Old Ltd", NameKind::fka, "Latn"},
                                                {"AT", NameKind::weak, "Latn"}});
  CHECK(d.entities[kIvanov].names.at(1) == model::Name{"Иван Иванов", NameKind::aka, "Cyrl"});
  CHECK(d.entities[kBeta].names.size() == 1);
}

TEST_CASE("identifiers, countries and addresses load in file order", "[store][load][entity]") {
  World w;
  const auto d = store::load_dataset(w.db);
  const auto& bank = d.entities[kBankRu];
  CHECK(bank.kind == model::EntityKind::bank);
  CHECK(bank.identifiers == std::vector<model::Identifier>{{"bic", "TSTBRUMM"}, {"inn", "7700000001"}});
  CHECK(bank.addresses == std::vector<std::string>{"Moscow", "St Petersburg"});
  CHECK(d.entities[kAlpha].countries == std::vector<std::string>{"RU", "KZ"});
  CHECK(d.entities[kVessel].identifiers == std::vector<model::Identifier>{{"imo", "9354521"}});
  CHECK(d.entities[kVessel].addresses.empty());
}

TEST_CASE("birth and incorporation dates load with their precision", "[store][load][entity]") {
  World w;
  const auto d = store::load_dataset(w.db);
  CHECK(d.entities[kBankRu].incorporated == date("1995-03-01"));
  CHECK(d.entities[kBankDe].incorporated == date("1950"));
  CHECK(d.entities[kBankDe].incorporated->precision() == sanx::core::DatePrecision::year);
  CHECK(d.entities[kBankAe].incorporated == date("2001-07"));
  CHECK(d.entities[kIvanov].birth_date == date("1970"));
  CHECK_FALSE(d.entities[kIvanov].incorporated.has_value());
  CHECK_FALSE(d.entities[kAlpha].birth_date.has_value());
}

TEST_CASE("payments load with exact amounts, dates, networks and text", "[store][load][payment]") {
  World w;
  const auto d = store::load_dataset(w.db);
  REQUIRE(d.payments.size() == 3);
  const auto& first = d.payments[0];
  CHECK(first.date == date("2024-01-10"));
  CHECK(first.originator == "t:alpha");
  CHECK(first.beneficiary == "t:beta");
  CHECK(first.amount == decimal("1000.5"));
  CHECK(first.currency == "EUR");
  CHECK(first.network == model::Network::swift);
  CHECK(first.purpose == "invoice 1");
  CHECK(d.payments[1].amount == decimal("0.1"));
  CHECK(d.payments[1].network == model::Network::swift);  // written `swift` in the file
  CHECK(d.payments[1].purpose.empty());
  CHECK(d.payments[2].amount == decimal("123456789012.345678"));
  CHECK(d.payments[2].amount.to_string() == "123456789012.345678");
  CHECK(d.payments[2].network == model::Network::spfs);
}

TEST_CASE("payment parties resolve to their entities", "[store][load][payment]") {
  World w;
  const auto d = store::load_dataset(w.db);
  CHECK(d.payment_refs[0].originator == ix(kAlpha));
  CHECK(d.payment_refs[0].beneficiary == ix(kBeta));
  CHECK(d.payment_refs[2].originator == ix(kIvanov));
}

TEST_CASE("payment BICs resolve to the banks that list them", "[store][load][payment][bic]") {
  World w;
  const auto d = store::load_dataset(w.db);
  const auto& exact = d.payment_refs[0];
  CHECK(exact.originator_bank == ix(kBankRu));
  CHECK(exact.beneficiary_bank == ix(kBankDe));  // TSTBDEFFXXX as listed
  const auto& fallback = d.payment_refs[1];
  CHECK(d.payments[1].originator_bic == "TSTBDEFF");
  CHECK(fallback.originator_bank == ix(kBankDe));  // BIC8 -> the bank's TSTBDEFFXXX
  CHECK(d.payments[1].beneficiary_bic == "TSTBRUMM001");
  CHECK(fallback.beneficiary_bank == ix(kBankRu));  // BIC11 -> the bank's TSTBRUMM
}

TEST_CASE("a BIC that no bank lists, or none at all, is the invalid index", "[store][load][payment][bic]") {
  World w;
  const auto d = store::load_dataset(w.db);
  const auto& refs = d.payment_refs[2];
  CHECK(d.payments[2].originator_bic == "UNKNRUMM");
  CHECK_FALSE(refs.originator_bank.valid());
  CHECK(d.payments[2].beneficiary_bic.empty());
  CHECK_FALSE(refs.beneficiary_bank.valid());
  CHECK(refs.intermediary_banks.empty());
}

TEST_CASE("intermediary BICs load in order and resolve one bank each", "[store][load][payment][bic]") {
  World w;
  const auto d = store::load_dataset(w.db);
  CHECK(d.payments[1].intermediary_bics == std::vector<std::string>{"TSTBAEAD", "UNKNAEADXXX"});
  REQUIRE(d.payment_refs[1].intermediary_banks.size() == 2);
  CHECK(d.payment_refs[1].intermediary_banks[0] == ix(kBankAe));
  CHECK_FALSE(d.payment_refs[1].intermediary_banks[1].valid());
  CHECK(d.payments[0].intermediary_bics.empty());
  CHECK(d.payment_refs[0].intermediary_banks.empty());
}

TEST_CASE("relations load with their ends resolved, exact shares and partial dates", "[store][load][relation]") {
  World w;
  const auto d = store::load_dataset(w.db);
  REQUIRE(d.relations.size() == 3);
  const auto& owns = d.relations[0];
  CHECK(owns.kind == model::RelationKind::ownership);
  CHECK(owns.share == decimal("60.5"));
  CHECK(owns.start == date("2019-05"));
  CHECK_FALSE(owns.end.has_value());
  CHECK(d.relation_refs[0].source == ix(kIvanov));
  CHECK(d.relation_refs[0].target == ix(kAlpha));

  const auto& unknown_share = d.relations[1];
  CHECK(unknown_share.kind == model::RelationKind::ownership);
  CHECK_FALSE(unknown_share.share.has_value());
  CHECK(unknown_share.start == date("2020"));
  CHECK(unknown_share.end == date("2023-01-01"));
  CHECK(d.relation_refs[1].source == ix(kAlpha));
  CHECK(d.relation_refs[1].target == ix(kBeta));

  CHECK(d.relations[2].kind == model::RelationKind::control);
  CHECK(d.relations[2].basis == "board_majority");
  CHECK_FALSE(d.relations[2].share.has_value());
}

TEST_CASE("designations load with their lists and dates, and index by entity", "[store][load][designation]") {
  World w;
  const auto d = store::load_dataset(w.db);
  REQUIRE(d.designations.size() == 3);
  const auto& sdn = d.designations[0];
  CHECK(sdn.entity == "t:ivanov");
  CHECK(sdn.regime == "OFAC");
  CHECK(sdn.list == "SDN");
  CHECK(sdn.programs == std::vector<std::string>{"RUSSIA-EO14024", "UKRAINE-EO13662"});
  CHECK(sdn.listed_from == date("2022-04-06"));
  CHECK_FALSE(sdn.listed_to.has_value());
  CHECK(d.designations[1].listed_to == date("2024-01-01"));
  CHECK(d.designations[1].programs == std::vector<std::string>{"RUSSIA"});
  CHECK(d.designations_of[kIvanov] == std::vector<std::uint32_t>{0, 2});
  CHECK(d.designations_of[kAlpha] == std::vector<std::uint32_t>{1});
  CHECK(d.designations_of[kBeta].empty());
}

TEST_CASE("designation measures and source references load as the store holds them", "[store][load][designation]") {
  TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  {
    store::ImportSession session(db);
    const auto entities = session.begin_file(sanx::testing::version_of("e.csv", "entities"));
    REQUIRE(session.add_entity(entities, sanx::testing::entity("t:x"), 2) == store::InsertResult::inserted);
    session.end_file(entities, 1);
    const auto designations = session.begin_file(sanx::testing::version_of("d.csv", "designations"));
    model::Designation des;
    des.entity = "t:x";
    des.regime = "EU";
    des.list = "EU-269";
    des.measures = {"asset_freeze", "travel_ban"};
    des.source_ref = "OJ L 78/16";
    session.add_designation(designations, des, 2);
    session.end_file(designations, 1);
    session.commit();
  }
  const auto d = store::load_dataset(db);
  REQUIRE(d.designations.size() == 1);
  CHECK(d.designations[0].measures == std::vector<std::string>{"asset_freeze", "travel_ban"});
  CHECK(d.designations[0].source_ref == "OJ L 78/16");
  CHECK(d.designations[0].programs.empty());
  CHECK_FALSE(d.designations[0].listed_from.has_value());
}

TEST_CASE("shipments load with parties, route, mode and exact value", "[store][load][shipment]") {
  World w;
  const auto d = store::load_dataset(w.db);
  REQUIRE(d.shipments.size() == 2);
  const auto& full = d.shipments[0];
  CHECK(full.date == date("2024-02-01"));
  CHECK(full.hs_code == "847989");
  CHECK(full.description == "machine parts");
  CHECK(full.value == decimal("5000.25"));
  CHECK(full.currency == "EUR");
  CHECK(full.origin == "DE");
  CHECK(full.destination == "RU");
  CHECK(full.route == std::vector<std::string>{"PL", "BY"});
  CHECK(full.mode == model::TransportMode::sea);
  CHECK(d.shipment_refs[0].exporter == ix(kBeta));
  CHECK(d.shipment_refs[0].consignee == ix(kAlpha));
  CHECK(d.shipment_refs[0].end_user == ix(kIvanov));
  CHECK(d.shipment_refs[0].vessel == ix(kVessel));

  const auto& sparse = d.shipments[1];
  CHECK(sparse.hs_code == "854231");
  CHECK_FALSE(sparse.value.has_value());
  CHECK(sparse.route.empty());
  CHECK_FALSE(sparse.mode.has_value());
  CHECK(sparse.end_user.empty());
  CHECK_FALSE(d.shipment_refs[1].end_user.valid());
  CHECK_FALSE(d.shipment_refs[1].vessel.valid());
}

TEST_CASE("loading builds the shipments' columns from the loaded shipments", "[store][load][shipment]") {
  World w;
  const auto d = store::load_dataset(w.db);
  const model::ShipmentColumns& c = d.shipment_columns;
  REQUIRE(c.rows == 2);
  CHECK(c.exporter[0] == d.shipment_refs[0].exporter.value);
  CHECK(c.consignee[1] == d.shipment_refs[1].consignee.value);
  CHECK(c.hs_codes.text(c.hs_code[1]) == "854231");
  CHECK(c.countries.text(c.destination[0]) == "RU");
  CHECK(c.mode[0] == static_cast<std::uint32_t>(model::TransportMode::sea) + 1);
  CHECK(c.mode[1] == 0);
  CHECK(c.days[0] == date("2024-02-01").days_since_epoch());
}

TEST_CASE("entities, payments and shipments remember their file and line", "[store][load][provenance]") {
  World w;
  const auto d = store::load_dataset(w.db);
  CHECK(where(d.entity_origin[kBankRu]) == "entities.csv:2");
  CHECK(where(d.entity_origin[kVessel]) == "entities.csv:8");
  CHECK(where(d.payment_origin[0]) == "wires-2024.csv:2");
  CHECK(where(d.payment_origin[2]) == "wires-2024.csv:4");
  CHECK(where(d.shipment_origin[1]) == "shipments.csv:3");
}

TEST_CASE("a replaced file's old rows are not loaded; the new file's lines are", "[store][load][versions]") {
  World w;
  w.write("wires-2024.csv", std::string(kPaymentsHeader) + "w-99,2024-03-01,t:beta,t:alpha,TSTBDEFF,,,SEPA,EUR,7,\n" +
                                "w-10,2024-03-02,t:alpha,t:beta,,,,SEPA,EUR,8,\n");
  w.write("entities.csv", std::string(kEntities) + "t:gamma,company,Gamma AG,,CH,,,,\n");
  w.import();
  const auto d = store::load_dataset(w.db);
  CHECK(ids_of(d.payments) == std::vector<std::string>{"w-99", "w-10"});
  CHECK(d.payments[1].amount == decimal("8"));
  CHECK(where(d.payment_origin[1]) == "wires-2024.csv:3");
  CHECK(d.payment_refs[0].originator_bank == ix(kBankDe));
  REQUIRE(d.entities.size() == 8);
  CHECK(d.entities.back().id == "t:gamma");
  CHECK(where(d.entity_origin.back()) == "entities.csv:9");
}

TEST_CASE("a replaced entities file loads in its new order, with the new lines", "[store][load][versions]") {
  World w;
  // Kept ids are updated in place by the import, so the table's own order stays the old one.
  w.write("entities.csv", "id,kind,name,aliases,country,identifiers,birth_date,incorporated,address\n"
                          "t:vessel,vessel,Sea Star,,PA,imo:9354521,,,\n"
                          "t:ivanov,person,Ivan Ivanov,,RU,,1970-01-02,,\n"
                          "t:beta,company,Beta GmbH,,DE,,,,\n"
                          "t:alpha,company,Alpha Trading LLC,,RU,,,,\n"
                          "t:bank-ae,bank,Test Bank Emirates,,AE,bic:TSTBAEAD,,,\n"
                          "t:bank-de,bank,Test Bank Germany,,DE,bic:TSTBDEFFXXX,,,\n"
                          "t:bank-ru,bank,Test Bank Russia,,RU,bic:TSTBRUMM,,,\n");
  w.import();
  const auto d = store::load_dataset(w.db);
  std::vector<std::string> entity_ids;
  for (const auto& e : d.entities) entity_ids.push_back(e.id);
  CHECK(entity_ids ==
        std::vector<std::string>{"t:vessel", "t:ivanov", "t:beta", "t:alpha", "t:bank-ae", "t:bank-de", "t:bank-ru"});
  CHECK(where(d.entity_origin[0]) == "entities.csv:2");
  CHECK(where(d.entity_origin[6]) == "entities.csv:8");
  CHECK(d.entities[1].birth_date == date("1970-01-02"));
  CHECK(d.entities[1].names.size() == 1);
  CHECK(d.find_entity("t:bank-ru") == ix(6));
  // References follow the entities to their new places.
  CHECK(d.payment_refs[0].originator == ix(3));
  CHECK(d.payment_refs[0].originator_bank == ix(6));
  CHECK(d.relation_refs[0].source == ix(1));
  CHECK(d.designations_of[1] == std::vector<std::uint32_t>{0, 2});
}

TEST_CASE("rows of a version that is not current are not loaded", "[store][load][versions]") {
  World w;
  w.raw().exec("UPDATE dataset_versions SET current = 0 WHERE file = 'shipments.csv'");
  const auto d = store::load_dataset(w.db);
  CHECK(d.shipments.empty());
  CHECK(d.shipment_refs.empty());
  CHECK(d.payments.size() == 3);
}

TEST_CASE("a load inside an open import session sees the session's rows", "[store][load]") {
  World w;
  store::ImportSession session(w.db);
  const auto v = session.begin_file(sanx::testing::version_of("more.csv", "entities"));
  REQUIRE(session.add_entity(v, sanx::testing::entity("t:new"), 2) == store::InsertResult::inserted);
  const auto d = store::load_dataset(w.db);
  CHECK(d.find_entity("t:new").valid());
  CHECK(d.entities.size() == 8);
}

TEST_CASE("a stored value that does not read back is a StoreError naming table, row and column",
          "[store][load][errors]") {
  World w;
  SECTION("a decimal") {
    w.raw().exec("UPDATE payments SET amount = '1e5' WHERE id = 'w-10'");
    CHECK_THROWS_WITH(store::load_dataset(w.db), Catch::Contains("table `payments` row `w-10` column `amount`") &&
                                                     Catch::Contains("`1e5` is not a decimal"));
  }
  SECTION("a transaction date that is partial") {
    w.raw().exec("UPDATE shipments SET date = '2024-02' WHERE id = 's1'");
    CHECK_THROWS_WITH(store::load_dataset(w.db), Catch::Contains("table `shipments` row `s1` column `date`"));
  }
  SECTION("a birth date") {
    w.raw().exec("UPDATE entities SET birth_date = '1970-13' WHERE id = 't:ivanov'");
    CHECK_THROWS_WITH(store::load_dataset(w.db), Catch::Contains("table `entities` row `t:ivanov` column `birth_date`"));
  }
  SECTION("a network") {
    w.raw().exec("UPDATE payments SET network = 'TELEX' WHERE id = 'w-30'");
    CHECK_THROWS_AS(store::load_dataset(w.db), StoreError);
    CHECK_THROWS_WITH(store::load_dataset(w.db), Catch::Contains("row `w-30` column `network`"));
  }
  SECTION("a share") {
    w.raw().exec("UPDATE relations SET share = 'half' WHERE kind = 'control'");
    CHECK_THROWS_WITH(store::load_dataset(w.db),
                      Catch::Contains("table `relations` row `3` column `share`: `half` is not a decimal"));
  }
  SECTION("a child row") {
    const auto raw = w.raw();
    raw.exec("PRAGMA ignore_check_constraints = ON");  // the schema allows only the four name kinds
    raw.exec("UPDATE entity_names SET kind = 'nickname' WHERE entity_id = 't:alpha' AND position = 2");
    CHECK_THROWS_WITH(store::load_dataset(w.db),
                      Catch::Contains("table `entity_names` row `t:alpha` position 2 column `kind`"));
  }
  SECTION("a reference to a missing entity") {
    // The test's own connection does not enforce foreign keys, which is how such a row could get in.
    w.raw().exec("UPDATE relations SET target = 't:gone' WHERE kind = 'control'");
    CHECK_THROWS_WITH(store::load_dataset(w.db),
                      Catch::Contains("table `relations` row `3` column `target`: entity `t:gone` does not exist"));
  }
}

TEST_CASE("an import stores the Latin forms of the names outside ASCII, and they load in text order", "[store][load][transliteration]") {
  World w;
  const auto d = store::load_dataset(w.db);
  CHECK(d.transliterations.method == sanx::match::transliteration_method());
  std::vector<std::string> texts;
  for (const auto& n : d.transliterations.names) texts.push_back(n.text);
  CHECK(texts == std::vector<std::string>{"Иван Иванов", "ООО Альфа", "Тест Банк"});  // И < О < Т
  const model::NameTransliteration* ivanov = d.transliterations.find("Иван Иванов");
  REQUIRE(ivanov != nullptr);
  CHECK(ivanov->latin == "ivan ivanov");
  CHECK_FALSE(ivanov->arabic);
  CHECK(d.transliterations.find("Ivan Ivanov") == nullptr);  // ASCII: screening needs no stored form
}
