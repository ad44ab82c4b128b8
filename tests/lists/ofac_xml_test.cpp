// Reading the `ofac-xml` format (SDN.XML / CONSOLIDATED.XML), and the agreement of the XML and the CSV of
// the same list entry by entry.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "sanx/core/diagnostic.hpp"
#include "sanx/ingest/lists.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
namespace core = sanx::core;
namespace ingest = sanx::ingest;
namespace model = sanx::model;

namespace {

const fs::path kLists = fs::path(SANX_SOURCE_DIR) / "datasets" / "lists";

std::string all(const core::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) out += core::render_text(d) + "\n";
  return out;
}

std::set<std::string> names_of(const ingest::ListEntry& e) {
  std::set<std::string> out;
  for (const auto& n : e.entity.names) out.insert(std::string(model::to_string(n.kind)) + ":" + n.text);
  return out;
}

std::set<std::string> ids_of(const ingest::ListEntry& e) {
  std::set<std::string> out;
  for (const auto& i : e.entity.identifiers) out.insert(i.scheme + ":" + i.value);
  return out;
}

std::set<std::string> programs_of(const ingest::ListEntry& e) {
  return {e.designations.at(0).programs.begin(), e.designations.at(0).programs.end()};
}

/// Reads `text` as an OFAC XML file named sdn.xml.
ingest::ListSnapshot read_xml_text(std::string_view text, core::Diagnostics& diags) {
  const sanx::testing::TempDir dir;
  return ingest::read_list(ingest::ListFormat::ofac_xml, dir.write("sdn.xml", text), diags);
}

/// Where the CSV and the XML of the consolidated list legitimately differ on names (docs/lists/ofac-xml.md):
/// OFAC's CSV has no escaped quotes, so its export writes a double quote inside a name as an apostrophe.
const std::map<std::string, std::pair<std::string, std::string>> kAllowedNameDifferences = {
    {"ofac:22391",
     {"aka:OPEN JOINT-STOCK COMPANY 'OIL TRUNK PIPELINES 'DRUZHBA''",
      "aka:OPEN JOINT-STOCK COMPANY \"OIL TRUNK PIPELINES 'DRUZHBA'\""}},
};

}  // namespace

TEST_CASE("the consolidated CSV of 2025-12 and the consolidated XML of 2026-01 agree entry by entry: names, programs, "
          "identifiers, kind, birth date, countries and measures",
          "[ingest][lists][ofac-xml][ofac-csv]") {
  core::Diagnostics csv_diags;
  core::Diagnostics xml_diags;
  const auto csv = ingest::read_list(ingest::ListFormat::ofac_csv, kLists / "ofac_cons_2025-12" / "cons_prim.csv", csv_diags);
  const auto xml = ingest::read_list(ingest::ListFormat::ofac_xml, kLists / "ofac_cons_xml_2026-01" / "ofac.xml", xml_diags);
  INFO(all(csv_diags) << all(xml_diags));
  CHECK_FALSE(csv_diags.has_errors());
  CHECK_FALSE(xml_diags.has_errors());
  REQUIRE(csv.entries.size() == 442);
  REQUIRE(xml.entries.size() == 442);
  std::map<std::string, const ingest::ListEntry*> by_id;
  for (const auto& e : csv.entries) by_id[e.entity.id] = &e;
  for (const auto& x : xml.entries) {
    const auto it = by_id.find(x.entity.id);
    REQUIRE(it != by_id.end());
    const ingest::ListEntry& c = *it->second;
    INFO(x.entity.id << " " << x.entity.primary_name());
    if (const auto allowed = kAllowedNameDifferences.find(x.entity.id); allowed != kAllowedNameDifferences.end()) {
      // the one documented difference: the CSV's name where the XML has the other
      const auto& [csv_name, xml_name] = allowed->second;
      auto csv_names = names_of(c);
      CHECK(csv_names.erase(csv_name) == 1);
      csv_names.insert(xml_name);
      CHECK(csv_names == names_of(x));
    } else {
      CHECK(names_of(c) == names_of(x));
    }
    CHECK(programs_of(c) == programs_of(x));
    CHECK(ids_of(c) == ids_of(x));
    CHECK(c.entity.kind == x.entity.kind);
    CHECK(c.entity.birth_date == x.entity.birth_date);
    CHECK(c.entity.countries == x.entity.countries);
    CHECK(c.designations.at(0).measures == x.designations.at(0).measures);
  }
}

TEST_CASE("the consolidated XML of 2026-01 reads whole: 442 entries, its date and its list", "[ingest][lists][ofac-xml][real]") {
  core::Diagnostics diags;
  const auto s = ingest::read_list(ingest::ListFormat::ofac_xml, kLists / "ofac_cons_xml_2026-01" / "ofac.xml", diags);
  CHECK_FALSE(diags.has_errors());
  CHECK(s.entries.size() == 442);
  CHECK(s.as_of == core::Date::ymd(2026, 1, 8));
  CHECK(s.source == "ofac-cons");  // most entries carry non-SDN programs (the file is named ofac.xml)
  REQUIRE_FALSE(s.entries.empty());
  CHECK(s.entries[0].entity.id == "ofac:9639");
  CHECK(s.entries[0].element_path == "/sdnList/sdnEntry[1]");
  CHECK(s.entries[0].entity.primary_name() == "Ismail Abdul Salah HANIYA");
  std::size_t akas = 0;
  for (const auto& e : s.entries) akas += e.entity.names.size() - 1;
  CHECK(akas == 1143);  // 1,144 aka elements, one of which (entry 18282) repeats an alias of its entry
  const auto vtb = std::find_if(s.entries.begin(), s.entries.end(), [](const auto& e) { return e.entity.id == "ofac:17013"; });
  REQUIRE(vtb != s.entries.end());
  CHECK(vtb->entity.kind == model::EntityKind::bank);
  CHECK(ids_of(*vtb) == std::set<std::string>{"bic:VTBRRUMM", "website:www.vtb.com", "website:www.vtb.ru",
                                              "registration_id:1027739609391", "tax_id:7702070139",
                                              "lei:253400V1H6ART1UQ0N98"});
  CHECK(vtb->entity.incorporated == core::Date::ymd(1990, 10, 17));
  CHECK(vtb->designations.at(0).source_ref == "ofac.xml#" + vtb->element_path);
  CHECK(vtb->designations.at(0).measures == std::vector<std::string>{"sectoral", "secondary_sanctions_risk"});
}

TEST_CASE("SDN.XML elements: title, vesselInfo, citizenship, id dates, weak aliases and links", "[ingest][lists][ofac-xml]") {
  core::Diagnostics diags;
  const auto s = ingest::read_list(ingest::ListFormat::ofac_xml, fs::path(SANX_TEST_DATA_DIR) / "lists" / "ofac" / "sdn_sample.xml", diags);
  INFO(all(diags));
  CHECK(diags.empty());
  CHECK(s.source == "ofac-sdn");
  CHECK(s.as_of == core::Date::ymd(2021, 7, 7));
  REQUIRE(s.entries.size() == 3);
  const auto fact = [](const ingest::ListEntry& e, std::string_view key) {
    std::vector<std::string> out;
    for (const auto& f : e.facts) {
      if (f.key == key) out.push_back(f.value);
    }
    return out;
  };
  const auto& hasan = s.entries[0];
  CHECK(hasan.entity.primary_name() == "Hasan NASRALLAH");
  CHECK(fact(hasan, "listed_name") == std::vector<std::string>{"NASRALLAH, Hasan"});
  CHECK(fact(hasan, "title") == std::vector<std::string>{"Secretary General of Hizballah"});
  CHECK(names_of(hasan) == std::set<std::string>{"primary:Hasan NASRALLAH", "aka:Hasan Abd-al-Karim NASRALLAH"});
  CHECK(ids_of(hasan) == std::set<std::string>{"passport:042833"});
  CHECK(fact(hasan, "passport_country") == std::vector<std::string>{"LB"});
  CHECK(fact(hasan, "passport_issued") == std::vector<std::string>{"01 Jan 1999"});
  CHECK(fact(hasan, "passport_expires") == std::vector<std::string>{"01 Jan 2009"});
  CHECK(fact(hasan, "citizenship") == std::vector<std::string>{"Lebanon"});
  CHECK(fact(hasan, "gender") == std::vector<std::string>{"Male"});
  CHECK(hasan.entity.birth_date == core::Date::ymd(1953, 8, 31));
  CHECK(hasan.entity.countries == std::vector<std::string>{"LB"});
  CHECK(hasan.designations.at(0).measures == std::vector<std::string>{"asset_freeze", "secondary_sanctions_risk"});
  const auto& ship = s.entries[1];
  CHECK(ship.entity.kind == model::EntityKind::vessel);
  CHECK(names_of(ship) == std::set<std::string>{"primary:ARTAVIL", "weak:ALPHA"});
  CHECK(ids_of(ship) == std::set<std::string>{"imo:9187629", "mmsi:572469210", "call_sign:T2EU4"});
  CHECK(fact(ship, "tonnage") == std::vector<std::string>{"99,144"});
  CHECK(ship.entity.countries == std::vector<std::string>{"IR"});
  REQUIRE(s.relations.size() == 1);
  CHECK(s.relations[0].source == "ofac:15036");
  CHECK(s.relations[0].target == "ofac:9000");
  const auto& nitc = s.entries[2];
  CHECK(ids_of(nitc) == std::set<std::string>{"crypto_xbt:1AbCdEfGhIjKlMnOpQrStUvWxYz123456"});
  CHECK(fact(nitc, "stock_exchange_code") == std::vector<std::string>{"NITC"});  // an idType sanx has no rule for
}

TEST_CASE("a truncated OFAC XML file is an error at the point where it ends", "[ingest][lists][ofac-xml]") {
  core::Diagnostics diags;
  const auto s = read_xml_text("<?xml version=\"1.0\"?>\n<sdnList>\n  <sdnEntry>\n    <uid>36</uid>\n    <lastName>AERO", diags);
  CHECK(s.entries.empty());
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "E2307");
  CHECK(diags.items()[0].where.line == 5);
}

TEST_CASE("an unreadable dateOfBirth is a warning with the element path, and the text is kept", "[ingest][lists][ofac-xml]") {
  core::Diagnostics diags;
  const auto s = read_xml_text("<sdnList>\n<sdnEntry><uid>1</uid><lastName>X</lastName><sdnType>Individual</sdnType>\n"
                           "<dateOfBirthList><dateOfBirthItem><uid>2</uid>\n<dateOfBirth>31 Foo 1960</dateOfBirth>"
                           "</dateOfBirthItem></dateOfBirthList></sdnEntry>\n</sdnList>\n", diags);
  CHECK_FALSE(diags.has_errors());
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].code == "W2401");
  CHECK(diags.items()[0].where.line == 4);
  CHECK(diags.items()[0].notes.at(0) == "note: in element /sdnList/sdnEntry/dateOfBirthList/dateOfBirthItem/dateOfBirth");
  REQUIRE(s.entries.size() == 1);
  CHECK_FALSE(s.entries[0].entity.birth_date.has_value());
}

TEST_CASE("OFAC XML text in a wrong encoding is an error", "[ingest][lists][ofac-xml]") {
  core::Diagnostics diags;
  (void)read_xml_text("<sdnList>\n<sdnEntry><uid>1</uid><lastName>CAF\xC9</lastName><sdnType>Entity</sdnType></sdnEntry>\n</sdnList>\n", diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "E2309");
  CHECK(diags.items()[0].where.line == 2);
}

TEST_CASE("OFAC XML: a duplicate uid is an error, an unknown program a warning", "[ingest][lists][ofac-xml]") {
  core::Diagnostics diags;
  const auto s = read_xml_text("<sdnList>\n<sdnEntry><uid>1</uid><lastName>A</lastName><sdnType>Entity</sdnType>"
                           "<programList><program>MOON-EO1</program></programList></sdnEntry>\n"
                           "<sdnEntry><uid>1</uid><lastName>B</lastName><sdnType>Entity</sdnType></sdnEntry>\n</sdnList>\n", diags);
  CHECK(s.entries.size() == 1);
  REQUIRE(diags.size() == 2);
  CHECK(diags.items()[0].code == "W2404");
  CHECK(diags.items()[1].code == "E2303");
  CHECK(diags.items()[1].where.line == 3);
}
