// Scenario tests of the bundled rule pack (rules/): a small world with, for every rule, subjects that
// must fire and near-misses that must not. Each rule's set of fired subjects is compared exactly.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>

#include "sanx/app/audit.hpp"
#include "sanx/app/import.hpp"
#include "sanx/report/findings.hpp"
#include "sanx/store/database.hpp"
#include "store/store_test_support.hpp"
#include "support/temp_dir.hpp"

using sanx::testing::TempDir;
namespace app = sanx::app;

namespace {

const char* const kManifest = R"([dataset]
name = "scenario"
as_of = 2025-06-30
[[files]]
path = "entities.csv"
kind = "entities"
[[files]]
path = "designations.csv"
kind = "designations"
[[files]]
path = "payments.csv"
kind = "payments"
[[files]]
path = "shipments.csv"
kind = "shipments"
)";

const char* const kEntities = R"(id,kind,name,aliases,country,identifiers,birth_date,incorporated,address
s:ru-bank,bank,Volga Test Bank,,RU,bic:VOLGRUMM,,1994,Samara
s:ru-bank2,bank,Kama Test Bank,,RU,bic:KAMARU2K,,1995,Kazan
s:sdn-bank,bank,Ural Test Bank,,RU,bic:URALRU2Y,,1996,Yekaterinburg
s:kz-bank,bank,Steppe Test Bank,,KZ,bic:STEPKZKA,,1998,Almaty
s:ir-bank,bank,Zagros Test Bank,,IR,bic:ZAGRIRTH,,1999,Tehran
s:ir-bank2,bank,Alborz Test Bank,,IR,bic:ALBOIRTH,,2001,Tabriz
s:cn-bank,bank,Heihe Test Bank,,CN,bic:HEIHCNBH,,2003,Heihe
s:hk-bank,bank,Harbour Test Bank,,HK,bic:HARBHKHH,,2004,Hong Kong
s:de-bank,bank,Rhein Test Bank,,DE,bic:RHEIDEFF,,1950,Frankfurt
s:ru-co,company,Volga Components LLC,aka:ООО Волга Компоненты,RU,,,2005-04-01,Samara
s:kz-co,company,Nurly Trade LLP,,KZ,,,2010-06-01,Almaty
s:ir-co,company,Tabriz Steel Import,,IR,,,2008-01-01,Tabriz
s:cn-co,company,Heihe Yuanda Trading,,CN,,,2011-01-01,Heihe
s:hk-co,company,Harbour Link Ltd,,HK,,,2012-01-01,Hong Kong
s:de-co,company,Elbe Mikrosysteme GmbH,,DE,,,1999-01-01,Dresden
s:kg-new,company,Ala-Too Import LLC,,KG,,,2022-07-18,Bishkek
s:am-old,company,Yerevan Precision CJSC,,AM,,,2015-01-01,Yerevan
s:ae-new,company,Silverline General Trading,,AE,,,2023-03-01,Dubai
s:listed,person,Arkady Voronin,,RU,,1961,,
s:delisted,person,Oleg Tarasov,,RU,,1958,,
s:cardholder,person,Farzaneh Karimi,,IR,,1990,,
s:lookalike,person,Arkadii Voronin,,RU,,1961,,
s:namesake,person,Arkady Vasnetsov,,RU,,1961,,
)";

const char* const kDesignations = R"(entity,regime,list,programs,listed_from,listed_to
s:sdn-bank,OFAC,SDN,RUSSIA-EO14024,2024-11-21,
s:listed,EU,EU-269,RUSSIA,2022-03-15,
s:delisted,OFAC,SDN,RUSSIA-EO14024,2022-06-02,2024-03-15
)";

const char* const kPayments =
    R"(id,date,originator,beneficiary,originator_bic,beneficiary_bic,intermediary_bics,network,currency,amount,purpose
P-SPFS-X,2024-02-06,s:ru-co,s:kz-co,VOLGRUMM,STEPKZKA,,SPFS,RUB,2316400,contract 1
P-SPFS-D,2024-03-14,s:ru-co,s:ru-co,VOLGRUMM,KAMARU2K,,SPFS,RUB,845300,domestic
P-SEPAM,2023-06-20,s:ir-co,s:ru-co,ZAGRIRTH,VOLGRUMM,,SEPAM,RUB,12640000,steel coils
P-SEPAM-D,2024-05-22,s:ir-co,s:ir-co,ZAGRIRTH,ALBOIRTH,,SEPAM,IRR,18400000000,domestic packaging
P-SHETAB,2024-12-09,s:cardholder,s:ru-co,ZAGRIRTH,KAMARU2K,,SHETAB,RUB,18400,POS purchase Kazan
P-MIR-D,2025-05-05,s:ru-co,s:ru-co,VOLGRUMM,KAMARU2K,,MIR,RUB,41800,hotel Moscow
P-CIPS,2023-11-08,s:ru-co,s:cn-co,VOLGRUMM,HEIHCNBH,,CIPS,CNY,3260000,components
P-CIPS-N,2024-01-15,s:cn-co,s:hk-co,HEIHCNBH,HARBHKHH,,CIPS,CNY,500000,trade
P-SDN-ON,2024-11-21,s:ru-co,s:cn-co,URALRU2Y,HEIHCNBH,,SWIFT,CNY,1845000,listing day
P-SDN-BEFORE,2024-11-20,s:ru-co,s:cn-co,URALRU2Y,HEIHCNBH,,SWIFT,CNY,1845000,day before listing
P-DELISTED-IN,2023-05-02,s:delisted,s:de-co,VOLGRUMM,RHEIDEFF,,SWIFT,EUR,10000,in window
P-DELISTED-AFTER,2024-06-03,s:delisted,s:de-co,VOLGRUMM,RHEIDEFF,,SWIFT,EUR,10000,after delisting
P-PLAIN,2024-06-03,s:de-co,s:hk-co,RHEIDEFF,HARBHKHH,,SWIFT,EUR,10000,ordinary trade
)";

const char* const kShipments =
    R"(id,date,exporter,consignee,end_user,hs_code,description,value,currency,origin,destination,route,mode,vessel,loading_port,discharge_port
S-CHP-RU,2024-03-01,s:de-co,s:ru-co,,854231,processors,50000,EUR,DE,RU,PL|BY,road,,,
S-NONCHP-RU,2024-03-02,s:de-co,s:ru-co,,940360,wooden furniture,20000,EUR,DE,RU,PL|BY,road,,,
S-HUB-NEW,2024-04-01,s:de-co,s:kg-new,,903020,oscilloscopes,30000,EUR,DE,KG,PL|KZ,road,,,
S-HUB-OLD,2024-04-02,s:de-co,s:am-old,,903020,oscilloscopes,30000,EUR,DE,AM,GE,road,,,
S-UAV,2024-05-01,s:cn-co,s:ir-co,,880730,UAV parts,80000,USD,CN,IR,,air,,,
S-UAV-N,2024-05-02,s:cn-co,s:de-co,,850131,servo motors,9000,USD,CN,DE,,air,,,
S-CASPIAN,2024-06-01,s:ru-co,s:ir-co,,848210,ball bearings,40000,USD,RU,IR,,sea,,Astrakhan,Bandar Anzali
S-CASPIAN-N,2024-06-02,s:ru-co,s:ir-co,,100199,milling wheat,400000,USD,RU,IR,,sea,,Makhachkala,Amirabad
)";

/// The world imported into dir/sanx.db.
sanx::store::Database scenario_db(const TempDir& dir) {
  dir.write("world/dataset.toml", kManifest);
  dir.write("world/entities.csv", kEntities);
  dir.write("world/designations.csv", kDesignations);
  dir.write("world/payments.csv", kPayments);
  dir.write("world/shipments.csv", kShipments);
  auto db = sanx::store::Database::open(dir / "sanx.db");
  const auto imported = app::import_dataset(dir / "world", db);
  REQUIRE_FALSE(imported.diagnostics.has_errors());
  return db;
}

app::AuditOptions bundled_pack() {
  app::AuditOptions options;
  options.rule_roots = {std::filesystem::path(SANX_SOURCE_DIR) / "rules"};
  options.project_root = SANX_SOURCE_DIR;
  options.as_of = sanx::core::Date::ymd(2025, 6, 30);
  return options;
}

/// Fired subjects per rule after importing the world and auditing it with the bundled pack.
std::map<std::string, std::set<std::string>> fired_by_rule() {
  TempDir dir;
  auto db = scenario_db(dir);
  const auto out = app::run_audit(db, bundled_pack());
  INFO((out.diagnostics.empty() ? std::string() : out.diagnostics.items()[0].message));
  REQUIRE_FALSE(out.diagnostics.has_errors());
  std::map<std::string, std::set<std::string>> fired;
  for (const auto& f : out.findings) {
    if (f.outcome == sanx::eval::Outcome::fired) fired[f.rule()].emplace(f.subject());
  }
  return fired;
}

const std::map<std::string, std::set<std::string>>& fired() {
  static const auto result = fired_by_rule();
  return result;
}

std::set<std::string> fired_for(const std::string& rule) {
  auto it = fired().find(rule);
  return it == fired().end() ? std::set<std::string>{} : it->second;
}

using Subjects = std::set<std::string>;

}  // namespace

TEST_CASE("spfs_cross_border_message fires on an SPFS message to a Kazakh bank, not on Russian domestic SPFS",
          "[scenario][rules][rails]") {
  CHECK(fired_for("payments.spfs_cross_border_message") == Subjects{"P-SPFS-X"});
}

TEST_CASE("sepam_spfs_bridge_iran_russia fires on an Iranian-Russian SEPAM payment, not on Iranian domestic SEPAM",
          "[scenario][rules][rails]") {
  CHECK(fired_for("payments.sepam_spfs_bridge_iran_russia") == Subjects{"P-SEPAM"});
}

TEST_CASE("mir_shetab_card_link fires on a Shetab card used in Russia, not on a Mir card used at home",
          "[scenario][rules][rails]") {
  CHECK(fired_for("payments.mir_shetab_card_link") == Subjects{"P-SHETAB"});
}

TEST_CASE("cips_rmb_russia_corridor fires on CIPS from a Russian bank, not on CIPS between China and Hong Kong",
          "[scenario][rules][rails]") {
  CHECK(fired_for("payments.cips_rmb_russia_corridor") == Subjects{"P-CIPS"});
}

TEST_CASE("designated_party_or_bank fires from the listing day and only while the listing is in force",
          "[scenario][rules][rails]") {
  CHECK(fired_for("payments.designated_party_or_bank") == Subjects{"P-SDN-ON", "P-DELISTED-IN"});
}

TEST_CASE("chp_direct_export_to_russia records processors to Russia, not furniture to Russia",
          "[scenario][rules][trade]") {
  CHECK(fired_for("trade.chp_direct_export_to_russia") == Subjects{"S-CHP-RU"});
}

TEST_CASE("consignee_incorporated_after_invasion and eaeu_internal_border_diversion fire for a consignee founded "
          "after the invasion, not for an old one",
          "[scenario][rules][trade]") {
  CHECK(fired_for("trade.consignee_incorporated_after_invasion") == Subjects{"S-HUB-NEW"});
  CHECK(fired_for("trade.eaeu_internal_border_diversion") == Subjects{"S-HUB-NEW"});
}

TEST_CASE("iran_uav_component_procurement fires on UAV parts to Iran, not on the same kind of motors to Germany",
          "[scenario][rules][corridors]") {
  CHECK(fired_for("corridors.iran_uav_component_procurement") == Subjects{"S-UAV"});
}

TEST_CASE("caspian_instc_chp_cargo fires on bearings from Russia to Iran by sea; wheat on the same route is context",
          "[scenario][rules][corridors]") {
  CHECK(fired_for("corridors.caspian_instc_chp_cargo") == Subjects{"S-CASPIAN"});
  CHECK(fired_for("corridors.caspian_instc_ordinary_cargo") == Subjects{"S-CASPIAN-N"});
}

TEST_CASE("listed_party fires on parties designated on the audit date, not on a delisted one",
          "[scenario][rules][parties]") {
  CHECK(fired_for("parties.listed_party") == Subjects{"s:sdn-bank", "s:listed"});
}

TEST_CASE("hub_company_after_invasion fires on post-invasion hub companies, not on one founded in 2015",
          "[scenario][rules][parties]") {
  CHECK(fired_for("parties.hub_company_after_invasion") == Subjects{"s:kg-new", "s:ae-new"});
}

TEST_CASE("name_resembles_listed_party fires on a spelling variant of a listed person, not on a namesake",
          "[scenario][rules][parties]") {
  CHECK(fired_for("parties.name_resembles_listed_party") == Subjects{"s:lookalike"});
}

TEST_CASE("an audit saving its findings writes the same JSON lines and saves the same evidence as the reports do",
          "[scenario][audit][jsonl]") {
  TempDir dir;
  auto db = scenario_db(dir);
  app::AuditOptions options = bundled_pack();
  options.jsonl = true;
  const auto out = app::run_audit(db, options);
  REQUIRE(out.findings.size() > 10);
  CHECK(out.jsonl == sanx::report::render_jsonl(out.findings));
  const sanx::testing::RawDb raw(dir / "sanx.db");
  // Saved in order, one row per finding; the evidence as evidence_json writes it, and valid JSON.
  CHECK(raw.integer("SELECT count(*) FROM findings WHERE run_id = " + std::to_string(out.run_id)) ==
        static_cast<std::int64_t>(out.findings.size()));
  CHECK(raw.integer("SELECT count(*) FROM findings WHERE NOT json_valid(evidence)") == 0);
  const std::int64_t first = raw.integer("SELECT min(id) FROM findings WHERE run_id = " + std::to_string(out.run_id));
  for (const std::size_t i : {std::size_t{0}, out.findings.size() / 2, out.findings.size() - 1}) {
    CHECK(raw.text("SELECT evidence FROM findings WHERE id = " + std::to_string(first + static_cast<std::int64_t>(i))) ==
          sanx::report::evidence_json(out.findings[i]));
  }
}

TEST_CASE("an audit not saving its findings still writes them as JSON lines", "[scenario][audit][jsonl]") {
  TempDir dir;
  auto db = scenario_db(dir);
  app::AuditOptions options = bundled_pack();
  options.jsonl = true;
  options.save = false;
  const auto out = app::run_audit(db, options);
  REQUIRE_FALSE(out.findings.empty());
  CHECK(out.run_id == 0);
  CHECK(out.jsonl == sanx::report::render_jsonl(out.findings));
}
