// Scenario tests of the ownership pack (rules/ownership/): the pattern catalog's worlds S2 (OFAC 50% rule
// arithmetic) and S3 (time validity), and a world of EU and UK cases, each imported into a fresh database
// and audited with the pack. For every rule the set of fired (and undetermined) subjects is compared
// exactly, so a near-miss that fires fails the test as much as a case that is missed.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "sanx/app/audit.hpp"
#include "sanx/app/import.hpp"
#include "sanx/store/database.hpp"
#include "support/temp_dir.hpp"

using sanx::testing::TempDir;
namespace app = sanx::app;
namespace fs = std::filesystem;

namespace {

using Subjects = std::set<std::string>;

struct World {
  const char* entities;
  const char* designations;
  const char* relations;
  const char* payments;
};

/// Per rule (without the `ownership.` prefix), the subjects it fired on and those it left undetermined.
struct Audit {
  std::map<std::string, Subjects> fired;
  std::map<std::string, Subjects> undetermined;

  [[nodiscard]] Subjects fired_for(const std::string& rule) const { return get(fired, rule); }
  [[nodiscard]] Subjects undetermined_for(const std::string& rule) const { return get(undetermined, rule); }

 private:
  static Subjects get(const std::map<std::string, Subjects>& m, const std::string& rule) {
    const auto it = m.find(rule);
    return it == m.end() ? Subjects{} : it->second;
  }
};

const char* const kManifest = R"([dataset]
name = "ownership-scenario"
as_of = 2025-06-30
[[files]]
path = "entities.csv"
kind = "entities"
[[files]]
path = "designations.csv"
kind = "designations"
[[files]]
path = "relations.csv"
kind = "relations"
[[files]]
path = "payments.csv"
kind = "payments"
)";

const char* const kPaymentHeader =
    "id,date,originator,beneficiary,originator_bic,beneficiary_bic,intermediary_bics,network,currency,amount,purpose\n";

/// Imports `world`, audits it as of `as_of` with the packs under rules/`packs`, and sorts the findings.
Audit audit(const World& world, sanx::core::Date as_of, std::vector<std::string> packs = {"ownership"}) {
  TempDir dir;
  dir.write("world/dataset.toml", kManifest);
  dir.write("world/entities.csv", world.entities);
  dir.write("world/designations.csv", world.designations);
  dir.write("world/relations.csv", world.relations);
  dir.write("world/payments.csv", std::string(kPaymentHeader) + world.payments);
  auto db = sanx::store::Database::open(dir / "sanx.db");
  const auto imported = app::import_dataset(dir / "world", db);
  INFO((imported.diagnostics.empty() ? std::string() : imported.diagnostics.items()[0].message));
  REQUIRE_FALSE(imported.diagnostics.has_errors());
  app::AuditOptions options;
  for (const auto& p : packs) options.rule_roots.push_back(fs::path(SANX_SOURCE_DIR) / "rules" / p);
  options.project_root = SANX_SOURCE_DIR;
  options.as_of = as_of;
  options.save = false;
  const auto out = app::run_audit(db, options);
  INFO((out.diagnostics.empty() ? std::string() : out.diagnostics.items()[0].message));
  REQUIRE_FALSE(out.diagnostics.has_errors());
  Audit result;
  for (const auto& f : out.findings) {
    const std::string rule = f.rule().starts_with("ownership.") ? f.rule().substr(10) : f.rule();
    (f.outcome == sanx::eval::Outcome::fired ? result.fired : result.undetermined)[rule].emplace(f.subject());
  }
  return result;
}

sanx::core::Date day(int y, int m, int d) { return sanx::core::Date::ymd(y, m, d); }

// --- S2: OFAC 50% rule arithmetic (pattern catalog §3, S2) ------------------------------------------

const World kS2{
    R"(id,kind,name,aliases,country,identifiers,birth_date,incorporated,address
X,company,Orlan Quarry Holdings JSC,,RU,,,2004-03-11,
Y,person,Ilmar Tvorogin,,RU,,,,
A,company,Kestrel Polymer LLC,,RU,,,2010-02-01,
B,company,Halvard Logistics FZE,,AE,,,2019-09-30,
C,company,Mirabel Instruments LLP,,KZ,,,2016-04-12,
D,company,Tessaly Components Ltd,,HK,,,2018-01-08,
E,company,Pallas Microwave LLC,,AM,,,2020-07-21,
F,company,Corvin Agro LLP,,KZ,,,2012-05-05,
G,company,Lumen Harbour Ltd,,CY,,,2015-10-19,
H,company,Nordvik Reefer AS,,NO,,,2011-03-03,
I,company,Skerry Cold Chain Ltd,,IE,,,2014-06-16,
US,company,Aldgate Pump Supplies LLC,,US,bic:ALPSUS33,,2001-01-01,
)",
    R"(entity,regime,list,programs,listed_from,listed_to
X,OFAC,SDN,RUSSIA-EO14024,2023-05-19,
Y,OFAC,SDN,RUSSIA-EO14024,2022-06-28,
)",
    R"(source,target,kind,share,basis,start,end
X,A,ownership,50.0,,2021-01-01,
A,B,ownership,50.0,,2021-01-01,
X,C,ownership,10.0,,2021-01-01,
A,C,ownership,40.0,,2021-01-01,
X,D,ownership,40.0,,2021-01-01,
D,E,ownership,100.0,,2021-01-01,
X,F,ownership,25.0,,2021-01-01,
Y,F,ownership,25.0,,2021-01-01,
X,G,ownership,49.9,,2021-01-01,
H,I,ownership,30.0,,2021-01-01,
I,H,ownership,30.0,,2021-01-01,
)",
    R"(PA,2024-06-03,US,A,ALPSUS33,,,SWIFT,USD,10000,goods
PB,2024-06-03,US,B,ALPSUS33,,,SWIFT,USD,10000,goods
PC,2024-06-03,US,C,ALPSUS33,,,SWIFT,USD,10000,goods
PD,2024-06-03,US,D,ALPSUS33,,,SWIFT,USD,10000,goods
PE,2024-06-03,US,E,ALPSUS33,,,SWIFT,USD,10000,goods
PF,2024-06-03,US,F,ALPSUS33,,,SWIFT,USD,10000,goods
PG,2024-06-03,US,G,ALPSUS33,,,SWIFT,USD,10000,goods
PH,2024-06-03,US,H,ALPSUS33,,,SWIFT,USD,10000,goods
PI,2024-06-03,US,I,ALPSUS33,,,SWIFT,USD,10000,goods
QA,2023-05-18,US,A,ALPSUS33,,,SWIFT,USD,10000,goods
QB,2023-05-18,US,B,ALPSUS33,,,SWIFT,USD,10000,goods
QC,2023-05-18,US,C,ALPSUS33,,,SWIFT,USD,10000,goods
QD,2023-05-18,US,D,ALPSUS33,,,SWIFT,USD,10000,goods
QF,2023-05-18,US,F,ALPSUS33,,,SWIFT,USD,10000,goods
QG,2023-05-18,US,G,ALPSUS33,,,SWIFT,USD,10000,goods
)"};

const Audit& s2() {
  static const Audit result = audit(kS2, day(2024, 6, 3));
  return result;
}

TEST_CASE("S2: the 50% rule blocks A, B (50% through blocked A, not 25%), C (10% + 40%) and F (25% + 25%)",
          "[scenario][rules][ownership]") {
  CHECK(s2().fired_for("ofac_owned_party_payment") == Subjects{"PA", "PB", "PC", "PF"});
  CHECK(s2().fired_for("ofac_owned_entity") == Subjects{"A", "B", "C", "F"});
}

TEST_CASE("S2: 40% and 49.9% are near the threshold, not blocked; E behind unblocked D and the H-I cycle raise nothing",
          "[scenario][rules][ownership]") {
  CHECK(s2().fired_for("near_threshold_ownership_payment") == Subjects{"PD", "PG"});
  CHECK(s2().fired_for("near_threshold_ownership") == Subjects{"D", "G"});
  for (const auto& [rule, subjects] : s2().fired) {
    INFO(rule);
    CHECK(subjects.count("PE") == 0);
    CHECK(subjects.count("E") == 0);
    CHECK(subjects.count("PH") == 0);
    CHECK(subjects.count("PI") == 0);
  }
  CHECK(s2().undetermined.empty());
}

TEST_CASE("S2: the day before X is listed only Y is blocked, and F's 25% raises neither B1 nor B5",
          "[scenario][rules][ownership]") {
  for (const auto& [rule, subjects] : s2().fired) {
    for (const auto& s : subjects) {
      INFO(rule << " fired on " << s);
      CHECK(s.front() != 'Q');
    }
  }
  const Audit before = audit(kS2, day(2023, 5, 18));
  CHECK(before.fired_for("ofac_owned_entity").empty());
  CHECK(before.fired_for("near_threshold_ownership").empty());
}

TEST_CASE("S2: only OFAC lists X and Y, so the EU and UK rules stay silent", "[scenario][rules][ownership]") {
  for (const char* rule : {"eu_owned_or_controlled_payment", "eu_owned_or_controlled_entity",
                           "uk_owned_or_controlled_payment", "uk_owned_or_controlled_entity"}) {
    INFO(rule);
    CHECK(s2().fired_for(rule).empty());
  }
}

// --- S3: time validity (pattern catalog §3, S3) -----------------------------------------------------

const World kS3{
    R"(id,kind,name,aliases,country,identifiers,birth_date,incorporated,address
M,company,Cobaltine Trade House LLC,,RU,,,2008-09-02,
N,company,Yellowfin Metals LLP,,KZ,,,2021-12-20,
O,company,Obsidian Rail Parts LLC,,RU,,,2014-05-27,
US,company,Aldgate Pump Supplies LLC,,US,bic:ALPSUS33,,2001-01-01,
)",
    R"(entity,regime,list,programs,listed_from,listed_to
M,OFAC,SDN,RUSSIA-EO14024,2022-11-14,2024-03-01
N,OFAC,SDN,RUSSIA-EO14024,2024-09-10,
)",
    R"(source,target,kind,share,basis,start,end
M,O,ownership,60.0,,2019-01-01,
)",
    R"(P3a,2023-06-15,US,M,ALPSUS33,,,SWIFT,USD,120000,goods
P3b,2024-04-02,US,M,ALPSUS33,,,SWIFT,USD,75000,goods
P3c,2024-04-02,US,O,ALPSUS33,,,SWIFT,USD,30000,goods
P3d,2024-09-09,US,N,ALPSUS33,,,SWIFT,USD,40000,goods
P3e,2024-09-10,US,N,ALPSUS33,,,SWIFT,USD,40000,goods
P3f,2023-06-15,US,O,ALPSUS33,,,SWIFT,USD,15000,goods
)"};

const Audit& s3() {
  static const Audit result = audit(kS3, day(2025, 6, 30), {"ownership", "payments"});
  return result;
}

TEST_CASE("S3: a listed-party hit only while the designation is in force, the listing day included",
          "[scenario][rules][ownership]") {
  CHECK(s3().fired_for("payments.designated_party_or_bank") == Subjects{"P3a", "P3e"});
}

TEST_CASE("S3: after M's delisting a payment to M is information only (B6), and the day before N's listing is nothing",
          "[scenario][rules][ownership]") {
  CHECK(s3().fired_for("designation_out_of_window") == Subjects{"P3b"});
}

TEST_CASE("S3: O is blocked through M while M is listed, and free once M is delisted", "[scenario][rules][ownership]") {
  CHECK(s3().fired_for("ofac_owned_party_payment") == Subjects{"P3f"});
  for (const auto& [rule, subjects] : s3().undetermined) {
    INFO(rule);
    CHECK(rule.starts_with("payments."));  // payments without a beneficiary bank leave payment rules open
  }
}

// --- EU and UK: aggregation, control, exactly 50%, unknown shares ------------------------------------

const World kEuUk{
    R"(id,kind,name,aliases,country,identifiers,birth_date,incorporated,address
V,person,Valery Ostrogin,,RU,,1960,,
U1,person,Ulyana Mirskaya,,RU,,1971,,
U2,person,Ugo Sarkisov,,RU,,1969,,
Z,person,Zakhar Belov,,RU,,1958,,
W,company,Whitcombe Trading Ltd,,CY,,,2012-01-01,
L,company,Lorvane Shipping Ltd,,MT,,,2013-01-01,
K,company,Karsholm Agencies Ltd,,CY,,,2014-01-01,
R1,company,Rostavel Holdings Ltd,,CY,,,2015-01-01,
R2,company,Rostavel Logistics LLP,,KZ,,,2016-01-01,
T,company,Tamberly Investments Ltd,,AE,,,2017-01-01,
J1,person,Juri Kaskov,,RU,,1966,,
J2,person,Jana Kaskova,,RU,,1970,,
Q,company,Quayside Bunkering Ltd,,GI,,,2018-01-01,
US,company,Aldgate Pump Supplies LLC,,US,bic:ALPSUS33,,2001-01-01,
)",
    R"(entity,regime,list,programs,listed_from,listed_to
V,OFAC,SDN,RUSSIA-EO14024,2022-04-06,
V,EU,EU-269,RUSSIA,2022-04-08,
V,UK,UK-OFSI,RUSSIA,2022-04-13,
U1,EU,EU-269,RUSSIA,2022-03-15,
U1,UK,UK-OFSI,RUSSIA,2022-03-15,
U2,EU,EU-269,RUSSIA,2022-03-15,
U2,UK,UK-OFSI,RUSSIA,2022-03-15,
Z,OFAC,SDN,RUSSIA-EO14024,2022-06-28,
Z,EU,EU-269,RUSSIA,2022-06-03,
Z,UK,UK-OFSI,RUSSIA,2022-06-29,
J1,UK,UK-OFSI,RUSSIA,2022-05-04,
J2,UK,UK-OFSI,RUSSIA,2022-05-04,
)",
    R"(source,target,kind,share,basis,start,end
V,W,ownership,50,,2020-01-01,
U1,L,ownership,30,,2020-01-01,
U2,L,ownership,30,,2020-01-01,
Z,K,control,,board_majority,2020-01-01,
V,R1,ownership,60,,2020-01-01,
R1,R2,ownership,60,,2020-01-01,
V,T,ownership,,,2020-01-01,
J1,Q,ownership,30,,2020-01-01,
J2,Q,ownership,30,,2020-01-01,
J1,J2,associate,,joint_arrangement,2020-01-01,
)",
    R"(PW,2024-06-03,US,W,ALPSUS33,,,SWIFT,USD,10000,goods
PK,2024-06-03,K,US,,ALPSUS33,,SWIFT,USD,10000,services
PT,2024-06-03,US,T,ALPSUS33,,,SWIFT,USD,10000,goods
)"};

const Audit& eu_uk() {
  static const Audit result = audit(kEuUk, day(2024, 6, 3));
  return result;
}

TEST_CASE("exactly 50% by one designated person blocks under OFAC and the EU, not under the UK (more than 50%)",
          "[scenario][rules][ownership]") {
  CHECK(eu_uk().fired_for("ofac_owned_entity").count("W") == 1);
  CHECK(eu_uk().fired_for("eu_owned_or_controlled_entity").count("W") == 1);
  CHECK(eu_uk().fired_for("uk_owned_or_controlled_entity").count("W") == 0);
  CHECK(eu_uk().fired_for("near_threshold_ownership").count("W") == 1);  // UK: at the threshold, not over it
}

TEST_CASE("two EU- and UK-listed owners of 30% each: owned under the EU (aggregated), not under the UK",
          "[scenario][rules][ownership]") {
  CHECK(eu_uk().fired_for("eu_owned_or_controlled_entity").count("L") == 1);
  CHECK(eu_uk().fired_for("uk_owned_or_controlled_entity").count("L") == 0);
  CHECK(eu_uk().fired_for("ofac_owned_entity").count("L") == 0);
}

TEST_CASE("two UK-designated persons of 30% each under a recorded joint arrangement own the company together",
          "[scenario][rules][ownership]") {
  CHECK(eu_uk().fired_for("uk_owned_or_controlled_entity").count("Q") == 1);
  CHECK(eu_uk().fired_for("eu_owned_or_controlled_entity").count("Q") == 0);  // not EU-listed
}

TEST_CASE("control without ownership blocks under the EU and the UK, and is a review (B4) under OFAC",
          "[scenario][rules][ownership]") {
  CHECK(eu_uk().fired_for("eu_owned_or_controlled_entity").count("K") == 1);
  CHECK(eu_uk().fired_for("uk_owned_or_controlled_entity").count("K") == 1);
  CHECK(eu_uk().fired_for("ofac_owned_entity").count("K") == 0);
  CHECK(eu_uk().fired_for("ofac_control_without_ownership") == Subjects{"K"});
  CHECK(eu_uk().fired_for("ofac_control_without_ownership_payment") == Subjects{"PK"});
}

TEST_CASE("the UK follows a designated person's chain through the companies it owns over 50%",
          "[scenario][rules][ownership]") {
  const Subjects expected{"R1", "R2"};
  for (const char* rule : {"ofac_owned_entity", "eu_owned_or_controlled_entity", "uk_owned_or_controlled_entity"}) {
    INFO(rule);
    Subjects got;
    for (const auto& s : eu_uk().fired_for(rule)) {
      if (s == "R1" || s == "R2") got.insert(s);
    }
    CHECK(got == expected);
  }
}

TEST_CASE("an ownership share the data does not state leaves the rules undetermined, never silently clear",
          "[scenario][rules][ownership]") {
  for (const char* rule : {"ofac_owned_entity", "eu_owned_or_controlled_entity", "uk_owned_or_controlled_entity"}) {
    INFO(rule);
    CHECK(eu_uk().fired_for(rule).count("T") == 0);
    CHECK(eu_uk().undetermined_for(rule) == Subjects{"T"});
  }
  CHECK(eu_uk().undetermined_for("ofac_owned_party_payment") == Subjects{"PT"});
}

}  // namespace
