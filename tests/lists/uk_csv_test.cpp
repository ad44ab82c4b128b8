// Reading the `uk-csv` format: the OFSI Consolidated List in its 2018 (Windows-1252, 29 columns) and 2025
// (36 columns) layouts, and the FCDO UK Sanctions List layout.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sanx/core/diagnostic.hpp"
#include "sanx/ingest/csv.hpp"
#include "sanx/ingest/lists.hpp"
#include "lists/list_test_support.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
namespace core = sanx::core;
namespace ingest = sanx::ingest;
namespace model = sanx::model;
using sanx::testing::entry;
using sanx::testing::facts;
using sanx::testing::identifiers;
using sanx::testing::names;

namespace {

const fs::path kConList2018 = fs::path(SANX_SOURCE_DIR) / "datasets/lists/uk_ofsi_conlist_2018-04/sanctionsconlist.csv";
const fs::path kConList2025 =
    fs::path(SANX_SOURCE_DIR) / "datasets/lists/uk_ofsi_conlist_2025-04/ConList_2025-04-10_Russia.derived.csv";
const fs::path kFcdo = fs::path(SANX_TEST_DATA_DIR) / "lists/uk/UK-Sanctions-List.csv";

std::size_t count_kind(const ingest::ListSnapshot& s, model::EntityKind k) {
  return static_cast<std::size_t>(std::count_if(s.entries.begin(), s.entries.end(), [&](const auto& e) { return e.entity.kind == k; }));
}

const std::string kHeader2025 =
    "Last Updated,10/04/2025\n"
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,Name Non-Latin Script,Non-Latin Script Type,Non-Latin Script "
    "Language,DOB,Town of Birth,Country of Birth,Nationality,Passport Number,Passport Details,National Identification "
    "Number,National Identification Details,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,"
    "Post/Zip Code,Country,Other Information,Group Type,Alias Type,Alias Quality,Regime,Listed On,UK Sanctions List "
    "Date Designated,Last Updated,Group ID\n";

/// A 2025-layout row: name parts, DOB, group type, alias type, regime, listed on, group id (other cells empty).
std::string row(const std::string& name6, const std::string& name1, const std::string& dob, const std::string& type,
                const std::string& alias, const std::string& regime, const std::string& listed, const std::string& id) {
  return name6 + "," + name1 + ",,,,,,,,," + dob + ",,,,,,,,,,,,,,,,,," + type + "," + alias + ",," + regime + "," + listed +
         "," + listed + "," + listed + "," + id + "\n";
}

ingest::ListSnapshot read(const fs::path& p, core::Diagnostics& diags) { return ingest::read_uk_csv(p, diags, {}); }

}  // namespace

TEST_CASE("the 2018 ConList folds its 9,487 name rows into 2,106 designated parties", "[ingest][lists][uk-csv]") {
  core::Diagnostics diags;
  const auto snap = read(kConList2018, diags);
  CHECK(diags.empty());
  CHECK(snap.source == "uk-ofsi");
  CHECK(snap.entries.size() == 2106);
  CHECK(count_kind(snap, model::EntityKind::person) == 1426);  // the 6,857 Individual rows
  CHECK(count_kind(snap, model::EntityKind::company) == 680);  // the 2,630 Entity rows
  REQUIRE(snap.as_of.has_value());
  CHECK(snap.as_of->to_string() == "2018-04-13");
}

TEST_CASE("a 2018 ConList individual is read field by field, with every birth year its rows give",
          "[ingest][lists][uk-csv]") {
  core::Diagnostics diags;
  const auto snap = read(kConList2018, diags);
  const auto& e = entry(snap, "uk:13349");
  CHECK(e.entity.kind == model::EntityKind::person);
  REQUIRE(e.entity.names.size() == 8);
  CHECK(e.entity.names[0].text == "Nayef Salam Muhammad Ujaym AL-HABABI");  // the `Prime Alias` row, though not first
  CHECK(e.entity.names[0].kind == model::NameKind::primary);
  CHECK(e.entity.names[1].text == "Sheikh Farooq AL-QAHTANI");
  CHECK(e.entity.names[1].kind == model::NameKind::aka);
  CHECK(e.entity.countries == std::vector<std::string>{"SA", "QA", "AF"});
  CHECK(identifiers(e) == std::vector<std::string>{"passport:592667"});
  REQUIRE(e.entity.birth_date.has_value());
  CHECK(e.entity.birth_date->to_string() == "1980");  // 00/00/1980: the year only
  CHECK(facts(e, "birth_date") == std::vector<std::string>{"1980", "1981"});
  CHECK(facts(e, "nationality") == std::vector<std::string>{"Saudi Arabia", "Qatar"});
  REQUIRE(e.designations.size() == 1);
  const auto& d = e.designations[0];
  CHECK(d.entity == "uk:13349");
  CHECK(d.regime == "UK");
  CHECK(d.list == "UK-OFSI");
  CHECK(d.programs == std::vector<std::string>{"The ISIL (Da'esh) and Al-Qaida organisations"});
  REQUIRE(d.listed_from.has_value());
  CHECK(d.listed_from->to_string() == "2016-04-01");
  CHECK(d.measures == std::vector<std::string>{"asset_freeze"});
  CHECK(d.source_ref == "sanctionsconlist.csv:3");
}

TEST_CASE("a party listed under two regimes has one designation per regime", "[ingest][lists][uk-csv]") {
  core::Diagnostics diags;
  const auto snap = read(kConList2018, diags);
  const auto& e = entry(snap, "uk:6995");
  REQUIRE(e.designations.size() == 2);
  CHECK(e.designations[0].programs == std::vector<std::string>{"The ISIL (Da'esh) and Al-Qaida organisations"});
  CHECK(e.designations[0].listed_from->to_string() == "2001-11-08");
  CHECK(e.designations[1].programs == std::vector<std::string>{"Somalia"});
  CHECK(e.designations[1].listed_from->to_string() == "2010-04-28");
}

TEST_CASE("the Windows-1252 bytes of the 2018 ConList are read as the characters they stand for",
          "[ingest][lists][uk-csv]") {
  core::Diagnostics diags;
  const auto snap = read(kConList2018, diags);
  const auto& e = entry(snap, "uk:13190");
  CHECK(e.entity.names[0].text == "Abdullah Yahya AL HAKIM");
  const auto all = names(e);
  CHECK(std::find(all.begin(), all.end(), "Abdallah AL-MU\u2019AYYAD") != all.end());  // byte 0x92
  CHECK(e.entity.addresses == std::vector<std::string>{"Dahyan, Sa\u2019dah Governorate, Yemen"});
}

TEST_CASE("the 2025 Russia ConList folds its 3,814 rows into 2,181 designated parties", "[ingest][lists][uk-csv]") {
  core::Diagnostics diags;
  const auto snap = read(kConList2025, diags);
  CHECK(diags.empty());
  CHECK(snap.entries.size() == 2181);
  CHECK(count_kind(snap, model::EntityKind::person) == 1766);
  CHECK(count_kind(snap, model::EntityKind::company) == 415);
  CHECK(snap.as_of->to_string() == "2025-04-10");
}

TEST_CASE("CSV text held in memory reads as the file it came from, rows and positions alike", "[ingest][lists][uk-csv]") {
  std::ifstream in(kConList2025, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  ingest::CsvReader from_file(kConList2025, "conlist.csv");
  ingest::CsvReader from_text = ingest::CsvReader::from_text(text.str(), "conlist.csv");
  core::Diagnostics diags;
  ingest::CsvRecord a;
  ingest::CsvRecord b;
  std::map<std::string, int> rows_by_type;  // Group Type is column 29 of the 2025 layout
  int records = 0;
  int differing = 0;  // records whose line, fields or last column differ between the two readers
  while (from_file.next(a, diags)) {
    REQUIRE(from_text.next(b, diags));
    ++records;
    if (a.line != b.line || a.fields.size() != b.fields.size() || a.fields.back().column != b.fields.back().column ||
        a.text != b.text) {
      ++differing;
    }
    if (records > 2 && b.fields.size() > 28) ++rows_by_type[std::string(b.fields[28].text)];
  }
  CHECK(differing == 0);
  CHECK_FALSE(from_text.next(b, diags));
  CHECK(diags.empty());
  CHECK(records == 3814 + 2);  // the `Last Updated` line and the header
  CHECK(rows_by_type == std::map<std::string, int>{{"Entity", 1081}, {"Individual", 2733}});
  CHECK(from_text.file_size() == from_file.file_size());
}

TEST_CASE("a 2025 ConList individual keeps numbered nationalities, paired passports and the Cyrillic name",
          "[ingest][lists][uk-csv]") {
  core::Diagnostics diags;
  const auto snap = read(kConList2025, diags);
  const auto& e = entry(snap, "uk:14212");
  CHECK(names(e) == std::vector<std::string>{"Roman Arkadyevich ABRAMOVICH", "Roman ABRAMOVICH",
                                             "Роман Аркадьевич АБРАМОВИЧ"});
  CHECK(e.entity.names[2].script == "Cyrl");
  CHECK(e.entity.names[2].kind == model::NameKind::aka);
  CHECK(e.entity.countries == std::vector<std::string>{"RU", "IL", "PT"});
  CHECK(identifiers(e) == std::vector<std::string>{"passport:CB982788", "passport:24132276"});
  CHECK(facts(e, "passport_country") == std::vector<std::string>{"PT", "IL"});
  CHECK(e.entity.birth_date->to_string() == "1966-10-24");
  CHECK(facts(e, "uk_sanctions_list_ref") == std::vector<std::string>{"RUS0270"});
  CHECK(facts(e, "gender") == std::vector<std::string>{"Male"});
  CHECK(facts(e, "uk_sanctions_list_date_designated") == std::vector<std::string>{"2022-03-10"});
  REQUIRE(e.designations.size() == 1);
  CHECK(e.designations[0].programs == std::vector<std::string>{"Russia"});
  CHECK(e.designations[0].listed_from->to_string() == "2022-03-10");
}

TEST_CASE("no-break spaces inside a listed name are read as spaces", "[ingest][lists][uk-csv]") {
  core::Diagnostics diags;
  const auto snap = read(kConList2025, diags);
  CHECK(names(entry(snap, "uk:14214")) ==
        std::vector<std::string>{"Oleg Vladimirovich DERIPASKA", "Oleg DERIPASKA", "Олег Владимирович ДЕРИПАСКА"});
}

TEST_CASE("a 2025 ConList entity's Other Information gives identifiers, its parent and its subsidiaries",
          "[ingest][lists][uk-csv]") {
  core::Diagnostics diags;
  const auto snap = read(kConList2025, diags);
  const auto& e = entry(snap, "uk:16767");
  CHECK(e.entity.names[0].text == "JOINT-STOCK COMPANY SCIENTIFIC AND PRODUCTION ENTERPRISE SALYUT");
  const auto ids = identifiers(e);
  for (const char* want : {"ogrn:1125261000040", "inn:5261079332", "kpp:526101001", "website:https://nppsalut.ru/",
                           "email:salut@nppsalut.ru"}) {
    CHECK(std::find(ids.begin(), ids.end(), want) != ids.end());
  }
  CHECK(facts(e, "parent_company") == std::vector<std::string>{"Joint-Stock Company “Russian Electronics” Ruselectronics"});
  CHECK(facts(e, "entity_type") == std::vector<std::string>{"Joint-Stock Company"});
  CHECK(facts(e, "uk_sanctions_list_ref") == std::vector<std::string>{"RUS2416"});
  // `Post/Zip Code` `(1) 603950 (2) 603107`: one address per postcode.
  CHECK(e.entity.addresses == std::vector<std::string>{
                                  "Office 4264, Building 4, 7 Larina str., Nizhny Novgorod, 603950, Russia",
                                  "Office 4264, Building 4, 7 Larina str., Nizhny Novgorod, 603107, Russia"});
}

TEST_CASE("a party whose only rows are name variations takes its first row's name as primary",
          "[ingest][lists][uk-csv]") {
  core::Diagnostics diags;
  const auto snap = read(kConList2025, diags);
  const auto& e = entry(snap, "uk:16789");
  REQUIRE(e.entity.names.size() == 2);
  CHECK(e.entity.names[0].text == "PREMERA (H.K.) INTERNATIONAL CO, LIMITED");
  CHECK(e.entity.names[0].kind == model::NameKind::primary);
  CHECK(e.entity.names[1].script == "Hani");
}

TEST_CASE("a subsidiary named in Other Information and listed too becomes an ownership relation of unknown share",
          "[ingest][lists][uk-csv]") {
  core::Diagnostics diags;
  const auto snap = read(kConList2025, diags);
  // Rostec (uk:14185) names KAMAZ (uk:15332) among its subsidiaries.
  const auto it = std::find_if(snap.relations.begin(), snap.relations.end(), [](const model::Relation& r) {
    return r.source == "uk:14185" && r.target == "uk:15332";
  });
  REQUIRE(it != snap.relations.end());
  CHECK(it->kind == model::RelationKind::ownership);
  CHECK_FALSE(it->share.has_value());
}

TEST_CASE("the FCDO UK Sanctions List layout names parties by OFSI Group ID and takes measures from Sanctions Imposed",
          "[ingest][lists][uk-csv]") {
  core::Diagnostics diags;
  const auto snap = read(kFcdo, diags);
  CHECK(diags.empty());
  CHECK(snap.source == "uk-fcdo");
  CHECK(snap.as_of->to_string() == "2025-04-10");
  REQUIRE(snap.entries.size() == 3);
  const auto& person = entry(snap, "uk:90001");
  CHECK(names(person) == std::vector<std::string>{"Ivan Petrovich SIDOROV", "Ivan SIDOROFF"});
  CHECK(person.entity.names[1].kind == model::NameKind::weak);
  CHECK(person.entity.birth_date->to_string() == "1970-05");
  CHECK(facts(person, "uk_sanctions_list_ref") == std::vector<std::string>{"RUS9001"});
  REQUIRE(person.designations.size() == 1);
  CHECK(person.designations[0].list == "UK-FCDO");
  CHECK(person.designations[0].measures == std::vector<std::string>{"asset_freeze", "travel_ban"});
  CHECK(person.designations[0].listed_from->to_string() == "2022-03-15");
  const auto& ship = entry(snap, "uk:RUS9003");  // no OFSI Group ID: the FCDO Unique ID
  CHECK(ship.entity.kind == model::EntityKind::vessel);
  CHECK(identifiers(ship) == std::vector<std::string>{"imo:9100002"});
  CHECK(facts(ship, "vessel_flag") == std::vector<std::string>{"Cameroon"});
  REQUIRE(snap.relations.size() == 1);
  CHECK(snap.relations[0].source == "uk:90002");
  CHECK(snap.relations[0].target == "uk:RUS9003");
}

TEST_CASE("a byte that is no character in Windows-1252 is reported at its line and column", "[ingest][lists][uk-csv]") {
  sanx::testing::TempDir dir;
  const auto p = dir.write("conlist.csv", kHeader2025 + row("SMITH", "J\x81ohn", "", "Individual", "Primary name", "Russia",
                                                            "01/02/2022", "1"));
  core::Diagnostics diags;
  (void)read(p, diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "E2341");
  CHECK(diags.items()[0].where.line == 3);
  CHECK(diags.items()[0].where.column == 8);
}

TEST_CASE("an impossible date such as 31/02/2020 is an error at the date", "[ingest][lists][uk-csv]") {
  sanx::testing::TempDir dir;
  const auto p = dir.write("conlist.csv", kHeader2025 + row("SMITH", "John", "31/02/2020", "Individual", "Primary name",
                                                            "Russia", "01/02/2022", "1"));
  core::Diagnostics diags;
  const auto snap = read(p, diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "E2342");
  CHECK(diags.items()[0].where.line == 3);
  CHECK(diags.items()[0].where.column == 20);  // the eleventh field
  CHECK(diags.items()[0].where.length == 10);
  CHECK(diags.items()[0].label == "expected a date DD/MM/YYYY (00 for an unknown day or month)");
}

TEST_CASE("a group id whose rows disagree on the group type is an error pointing back at its first row",
          "[ingest][lists][uk-csv]") {
  sanx::testing::TempDir dir;
  const auto p = dir.write("conlist.csv", kHeader2025 +
                                              row("SMITH", "John", "", "Individual", "Primary name", "Russia", "01/02/2022", "7") +
                                              row("SMITH TRADING", "", "", "Entity", "AKA", "Russia", "01/02/2022", "7"));
  core::Diagnostics diags;
  const auto snap = read(p, diags);
  REQUIRE(diags.error_count() == 1);
  const auto& d = diags.items()[0];
  CHECK(d.code == "E2343");
  CHECK(d.where.line == 4);
  REQUIRE(d.related.size() == 1);
  CHECK(d.related[0].where.line == 3);
  CHECK(names(entry(snap, "uk:7")) == std::vector<std::string>{"John SMITH"});
}

TEST_CASE("a regime sanx does not know is a warning and is kept as the program", "[ingest][lists][uk-csv]") {
  sanx::testing::TempDir dir;
  const auto p = dir.write("conlist.csv", kHeader2025 + row("SMITH", "John", "", "Individual", "Primary name", "Atlantis",
                                                            "01/02/2022", "1"));
  core::Diagnostics diags;
  const auto snap = read(p, diags);
  CHECK_FALSE(diags.has_errors());
  REQUIRE(diags.warning_count() == 1);
  CHECK(diags.items()[0].code == "W2440");
  CHECK(entry(snap, "uk:1").designations[0].programs == std::vector<std::string>{"Atlantis"});
}

TEST_CASE("a row without a group id or with an unknown group type is an error", "[ingest][lists][uk-csv]") {
  sanx::testing::TempDir dir;
  const auto p = dir.write("conlist.csv", kHeader2025 +
                                              row("SMITH", "John", "", "Individual", "Primary name", "Russia", "01/02/2022", "") +
                                              row("ACME", "", "", "Company", "Primary name", "Russia", "01/02/2022", "2"));
  core::Diagnostics diags;
  const auto snap = read(p, diags);
  REQUIRE(diags.error_count() == 2);
  CHECK(diags.items()[0].code == "E2344");
  CHECK(diags.items()[1].code == "E2344");
  CHECK(diags.items()[1].label == "expected Individual, Entity or Ship");
  CHECK(snap.entries.empty());
}

TEST_CASE("a CSV that is not a UK list is rejected at its header", "[ingest][lists][uk-csv]") {
  sanx::testing::TempDir dir;
  const auto p = dir.write("other.csv", "id,name\n1,Smith\n");
  core::Diagnostics diags;
  const auto snap = read(p, diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "E2340");
  CHECK(diags.items()[0].where.line == 1);
  CHECK(snap.entries.empty());
}

TEST_CASE("an empty file, or the XLSX workbook itself, is not a UK list CSV", "[ingest][lists][uk-csv]") {
  sanx::testing::TempDir dir;
  core::Diagnostics empty_diags;
  (void)read(dir.write("empty.csv", ""), empty_diags);
  REQUIRE(empty_diags.error_count() == 1);
  CHECK(empty_diags.items()[0].code == "E2340");
  core::Diagnostics xlsx_diags;
  (void)read(dir.write("list.xlsx", std::string("PK\x03\x04\x14\0\x06\0", 8)), xlsx_diags);
  REQUIRE(xlsx_diags.error_count() == 1);
  CHECK(xlsx_diags.items()[0].code == "E2340");
}
