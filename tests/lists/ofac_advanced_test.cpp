// Reading the `ofac-advanced` format: OFAC's sdn_advanced.xml / cons_advanced.xml.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "sanx/core/diagnostic.hpp"
#include "sanx/ingest/lists.hpp"
#include "lists/list_test_support.hpp"

namespace fs = std::filesystem;
namespace core = sanx::core;
namespace ingest = sanx::ingest;
namespace model = sanx::model;
using namespace sanx::testing;  // entry, facts, mutated, only, TempDir

namespace {

const fs::path kCons = fs::path(SANX_SOURCE_DIR) / "datasets/lists/ofac_cons_advanced_2020-03/cons_advanced.xml";
const fs::path kSample = fs::path(SANX_TEST_DATA_DIR) / "lists/advanced/sls_sample.xml";

ingest::ListSnapshot read(const fs::path& path, core::Diagnostics& diags) {
  return ingest::read_list(ingest::ListFormat::ofac_advanced, path, diags);
}

std::vector<std::string> names(const ingest::ListEntry& e, model::NameKind kind) {
  std::vector<std::string> out;
  for (const auto& n : e.entity.names) {
    if (n.kind == kind) out.push_back(n.text);
  }
  return out;
}

std::size_t owned_by(const ingest::ListSnapshot& s, std::string_view owner) {
  return static_cast<std::size_t>(std::count_if(s.relations.begin(), s.relations.end(), [&](const model::Relation& r) {
    return r.source == owner && r.kind == model::RelationKind::ownership;
  }));
}

}  // namespace

TEST_CASE("cons_advanced.xml 2020 imports every party, relation, entry and document", "[ingest][lists][ofac-advanced]") {
  core::Diagnostics diags;
  const auto s = read(kCons, diags);
  CHECK(diags.empty());
  CHECK(s.source == "ofac-cons");
  CHECK(s.format == ingest::ListFormat::ofac_advanced);
  REQUIRE(s.as_of.has_value());
  CHECK(s.as_of->to_string() == "2020-03-17");
  CHECK(s.entries.size() == 375);

  std::size_t designations = 0;
  std::size_t documents = 0;
  for (const auto& e : s.entries) {
    designations += e.designations.size();
    for (const auto& id : e.entity.identifiers) {
      const std::string& k = id.scheme;
      if (k == "passport" || k == "registration_id" || k == "tax_id" || k == "okpo") ++documents;
    }
    documents += facts(e, "License").size() + facts(e, "Government Gazette Number").size();
  }
  CHECK(designations == 759);
  CHECK(documents == 573);

  CHECK(s.relations.size() == 276);
  std::set<std::string> ids;
  for (const auto& e : s.entries) ids.insert(e.entity.id);
  for (const auto& r : s.relations) {
    CHECK(r.kind == model::RelationKind::ownership);
    CHECK_FALSE(r.share.has_value());
    CHECK(ids.count(r.source) == 1);
    CHECK(ids.count(r.target) == 1);
  }
}

TEST_CASE("cons_advanced.xml: the owner is the To end of 'Owned or Controlled By'", "[ingest][lists][ofac-advanced]") {
  core::Diagnostics diags;
  const auto s = read(kCons, diags);
  CHECK(entry(s, "ofac:17250").entity.primary_name() == "OPEN JOINT STOCK COMPANY GAZPROM");
  CHECK(owned_by(s, "ofac:17250") == 51);
  CHECK(entry(s, "ofac:17260").entity.primary_name() == "ROSTEC");
  CHECK(owned_by(s, "ofac:17260") == 41);
  CHECK(entry(s, "ofac:17016").entity.primary_name() == "GAZPROMBANK OAO");
  CHECK(owned_by(s, "ofac:17016") == 26);
  CHECK(entry(s, "ofac:17018").entity.primary_name() == "Sberbank of Russia");
  CHECK(owned_by(s, "ofac:17018") == 24);
  // ProfileRelationship 2211: OJSC ORENBURGNEFT (18267) is owned by Rosneft (17022).
  const auto r = std::find_if(s.relations.begin(), s.relations.end(),
                              [](const auto& x) { return x.target == "ofac:18267"; });
  REQUIRE(r != s.relations.end());
  CHECK(r->source == "ofac:17022");
}

TEST_CASE("cons_advanced.xml: VTB Bank with its BIC, registration ids, addresses and SSI entries", "[ingest][lists][ofac-advanced]") {
  core::Diagnostics diags;
  const auto s = read(kCons, diags);
  const auto& vtb = entry(s, "ofac:17013");
  CHECK(vtb.entity.kind == model::EntityKind::bank);
  CHECK(vtb.entity.names[0].text == "VTB BANK OAO");
  CHECK(vtb.entity.names[0].kind == model::NameKind::primary);
  CHECK(vtb.entity.names[0].script == "Latn");
  CHECK(names(vtb, model::NameKind::aka) ==
        std::vector<std::string>{"JSC VTB BANK", "BANK VTB, OPEN JOINT-STOCK COMPANY", "VTB Bank, open joint-stock company",
                                 "BANK VTB OAO"});
  CHECK(names(vtb, model::NameKind::fka).front() == "VNESHTORGBANK");
  CHECK(names(vtb, model::NameKind::fka).size() == 6);
  CHECK(vtb.entity.countries == std::vector<std::string>{"RU"});
  CHECK(vtb.entity.identifiers == std::vector<model::Identifier>{{"bic", "VTBRRUMM"},
                                                                 {"website", "www.vtb.com"},
                                                                 {"registration_id", "1027739609391"},
                                                                 {"okpo", "00032520"},
                                                                 {"tax_id", "7702070139"}});
  CHECK(facts(vtb, "registration_id_country") == std::vector<std::string>{"RU"});
  CHECK(facts(vtb, "License") == std::vector<std::string>{"1000 (RU)"});
  CHECK(vtb.entity.addresses == std::vector<std::string>{"29, Bolshaya Morskaya str., St. Petersburg, 190000, Russia",
                                                         "37 Plyushchikha ul., Moscow, 119121, Russia",
                                                         "43, Vorontsovskaya str., Moscow, 109044, Russia"});
  CHECK(facts(vtb, "Executive Order 13662 Directive Determination") == std::vector<std::string>{"Subject to Directive 1"});
  CHECK(facts(vtb, "list") == std::vector<std::string>{"Consolidated List", "Sectoral Sanctions Identifications List"});
  REQUIRE(vtb.designations.size() == 2);
  for (const auto& d : vtb.designations) {
    CHECK(d.entity == "ofac:17013");
    CHECK(d.regime == "OFAC");
    CHECK(d.list == "CONS");
    CHECK(d.programs == std::vector<std::string>{"UKRAINE-EO13662"});
    CHECK(d.measures == std::vector<std::string>{"sectoral"});
  }
  CHECK(vtb.designations[0].listed_from->to_string() == "2014-10-10");
  CHECK(vtb.designations[1].listed_from->to_string() == "2014-07-29");
  CHECK(vtb.designations[1].source_ref == "cons_advanced.xml#/Sanctions/SanctionsEntries/SanctionsEntry[161]");
  CHECK(vtb.element_path == "/Sanctions/DistinctParties/DistinctParty[80]");
  CHECK(vtb.where.line == 20268);
}

TEST_CASE("cons_advanced.xml: an individual with a birth year, place of birth and NS-PLC entries", "[ingest][lists][ofac-advanced]") {
  core::Diagnostics diags;
  const auto s = read(kCons, diags);
  const auto& haniya = entry(s, "ofac:9639");
  CHECK(haniya.entity.kind == model::EntityKind::person);
  CHECK(haniya.entity.primary_name() == "Ismail Abdul Salah HANIYA");
  CHECK(facts(haniya, "listed_name") == std::vector<std::string>{"HANIYA, Ismail Abdul Salah"});
  CHECK(names(haniya, model::NameKind::aka) == std::vector<std::string>{"Ismail HANIYA", "Ismaeel HANIYYA"});
  REQUIRE(haniya.entity.birth_date.has_value());
  CHECK(haniya.entity.birth_date->to_string() == "1962");  // DatePeriod 1962-01-01 .. 1962-12-31
  CHECK(facts(haniya, "birth_date") == std::vector<std::string>{"1962"});
  CHECK(facts(haniya, "place_of_birth") == std::vector<std::string>{"Shati"});
  REQUIRE(haniya.designations.size() == 2);
  CHECK(haniya.designations[0].programs == std::vector<std::string>{"NS-PLC"});
  CHECK(haniya.designations[0].measures == std::vector<std::string>{"reject"});
  CHECK(haniya.designations[0].listed_from->to_string() == "2014-10-10");
  CHECK(haniya.designations[1].listed_from->to_string() == "2006-04-12");
  CHECK(facts(haniya, "list") ==
        std::vector<std::string>{"Consolidated List", "Non-SDN Palestinian Legislative Council List"});
}

TEST_CASE("an advanced file in the Sanctions List Service namespace reads the same way", "[ingest][lists][ofac-advanced]") {
  core::Diagnostics diags;
  const auto s = read(kSample, diags);
  CHECK(diags.empty());
  CHECK(s.source == "ofac-sdn");
  CHECK(s.as_of->to_string() == "2025-12-19");
  REQUIRE(s.entries.size() == 4);

  const auto& bank = entry(s, "ofac:50001");
  CHECK(bank.entity.kind == model::EntityKind::bank);
  CHECK(bank.entity.names == std::vector<model::Name>{{"SEVERNY TRADE BANK", model::NameKind::primary, "Latn"},
                                                      {"СЕВЕРНЫЙ ТОРГОВЫЙ БАНК", model::NameKind::aka, "Cyrl"},
                                                      {"NORTHERN COMMERCIAL BANK", model::NameKind::fka, "Latn"},
                                                      {"STB", model::NameKind::weak, "Latn"}});
  CHECK(bank.entity.identifiers_of("bic") == std::vector<std::string_view>{"SVTBRUMM"});
  CHECK(bank.entity.addresses == std::vector<std::string>{"10 Tverskaya ul., Moscow, 125009, Russia"});
  REQUIRE(bank.designations.size() == 1);
  const auto& d = bank.designations[0];
  CHECK(d.list == "SDN");
  // Program is SanctionsType 7 in this file, not OFAC's usual 1: read through the table.
  CHECK(d.programs == std::vector<std::string>{"RUSSIA-EO14024"});
  CHECK(d.measures == std::vector<std::string>{"asset_freeze", "secondary_sanctions_risk"});
  CHECK(d.listed_from->to_string() == "2024-06-12");
  CHECK(facts(bank, "legal_basis") == std::vector<std::string>{"Executive Order 14024 (Russia)"});

  const auto& person = entry(s, "ofac:50003");
  CHECK(person.entity.primary_name() == "Oleg Ivanovich PETROV");
  CHECK(person.entity.birth_date->to_string() == "1970-03");  // a whole month
  CHECK(person.entity.countries == std::vector<std::string>{"RU"});
  CHECK(person.entity.identifiers == std::vector<model::Identifier>{{"passport", "721234567"}});
  CHECK(facts(person, "passport_issued") == std::vector<std::string>{"2015-04-02"});
  CHECK(facts(person, "gender") == std::vector<std::string>{"Male"});

  const auto& vessel = entry(s, "ofac:50004");
  CHECK(vessel.entity.kind == model::EntityKind::vessel);
  CHECK(vessel.entity.identifiers == std::vector<model::Identifier>{{"imo", "9123456"}});
  CHECK(facts(vessel, "vessel_type") == std::vector<std::string>{"Crude Oil Tanker"});

  // Owned or Controlled By is 91725 here; the other relation type is an associate link.
  REQUIRE(s.relations.size() == 2);
  CHECK(s.relations[0].kind == model::RelationKind::ownership);
  CHECK(s.relations[0].source == "ofac:50002");
  CHECK(s.relations[0].target == "ofac:50001");
  CHECK(s.relations[1].kind == model::RelationKind::associate);
  CHECK(s.relations[1].source == "ofac:50003");
}

TEST_CASE("a truncated advanced file is a parse error at its end", "[ingest][lists][ofac-advanced][bad-input]") {
  TempDir dir;
  const std::string text = sanx::testing::read_text(kSample);
  const auto path = dir.write("cut.xml", text.substr(0, text.find("<SanctionsEntries>")));
  core::Diagnostics diags;
  const auto s = read(path, diags);
  const auto& d = only(diags, "E2320");
  CHECK(d.where.file == path.string());
  CHECK(d.where.line == 249);
  CHECK(d.label == "expected more XML: the file ends here");
  CHECK(s.entries.empty());
}

TEST_CASE("a Latin-1 byte in a UTF-8 advanced file is an encoding error at that byte", "[ingest][lists][ofac-advanced][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  (void)read(mutated(dir, kSample, "SEVERNY HOLDING JSC", "SEVERNY HOLDING J\xC9SC"), diags);
  const auto& d = only(diags, "E2321");
  CHECK(d.where.line == 173);
  CHECK(d.where.column == 85);
  CHECK(d.message == "invalid UTF-8: byte 0xC9 in a file read as UTF-8");
  REQUIRE_FALSE(d.notes.empty());
  CHECK(d.notes[0] == "note: in element /Sanctions/DistinctParties/DistinctParty[2]/Profile/Identity/Alias/DocumentedName/"
                      "DocumentedNamePart/NamePartValue");
}

TEST_CASE("a relation to an unknown profile is an error naming the relation", "[ingest][lists][ofac-advanced][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  const auto s = read(mutated(dir, kSample, "To-ProfileID=\"50002\"", "To-ProfileID=\"59999\""), diags);
  const auto& d = only(diags, "E2323");
  CHECK(d.message == "To-ProfileID 59999 is not the Profile of any DistinctParty");
  CHECK(d.where.line == 246);
  CHECK(d.where.column == 73);
  CHECK(d.where.length == 5);
  CHECK(d.notes[0] == "note: in element /Sanctions/ProfileRelationships/ProfileRelationship[1]");
  CHECK(s.relations.size() == 1);
}

TEST_CASE("a document of an unknown identity is an error naming the document", "[ingest][lists][ofac-advanced][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  (void)read(mutated(dir, kSample, "IdentityID=\"6004\">", "IdentityID=\"6999\">"), diags);
  const auto& d = only(diags, "E2323");
  CHECK(d.message == "IdentityID 6999 is not the Identity of any DistinctParty");
  CHECK(d.where.line == 110);
  CHECK(d.notes[0] == "note: in element /Sanctions/IDRegDocuments/IDRegDocument[4]");
}

TEST_CASE("a list id missing from ListValues is an unknown reference value", "[ingest][lists][ofac-advanced][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  const auto s = read(mutated(dir, kSample, "ProfileID=\"50004\" ListID=\"1550\"", "ProfileID=\"50004\" ListID=\"1551\""), diags);
  const auto& d = only(diags, "E2324");
  CHECK(d.message == "ListID 1551 is not in the reference values ListValues");
  CHECK(d.label == "expected an ID of ListValues");
  CHECK(d.notes[0] == "note: in element /Sanctions/SanctionsEntries/SanctionsEntry[4]");
  CHECK(entry(s, "ofac:50004").designations.empty());
}

TEST_CASE("a program missing from SanctionsProgramValues is a warning and kept", "[ingest][lists][ofac-advanced][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  const auto s = read(mutated(dir, kSample, "<Comment>RUSSIA-EO14024</Comment>", "<Comment>RUSSIA-EO99999</Comment>"), diags);
  const auto& d = only(diags, "W2420");
  CHECK(d.severity == core::Severity::warning);
  CHECK(d.where.length == 14);
  CHECK(entry(s, "ofac:50001").designations[0].programs == std::vector<std::string>{"RUSSIA-EO99999"});
}

TEST_CASE("an impossible listing date is an error at its Year", "[ingest][lists][ofac-advanced][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  const auto s = read(mutated(dir, kSample, "<Month>2</Month><Day>24</Day>", "<Month>2</Month><Day>30</Day>"), diags);
  const auto& d = only(diags, "E2325");
  CHECK(d.where.line == 259);
  CHECK(d.where.column == 15);
  CHECK(d.notes[0] == "note: in element /Sanctions/SanctionsEntries/SanctionsEntry[2]/EntryEvent/Date/Year");
  CHECK_FALSE(entry(s, "ofac:50002").designations[0].listed_from.has_value());
}

TEST_CASE("a party listed twice is an error", "[ingest][lists][ofac-advanced][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  const auto s = read(mutated(dir, kSample, "FixedRef=\"50004\"", "FixedRef=\"50001\""), diags);
  // The second party is not read, so its document and sanctions entry refer to an unknown identity and profile.
  REQUIRE(diags.size() == 3);
  CHECK(diags.items()[0].code == "E2327");
  CHECK(diags.items()[0].message == "FixedRef 50001 is listed twice");
  CHECK(diags.items()[1].message == "IdentityID 6004 is not the Identity of any DistinctParty");
  CHECK(diags.items()[2].message == "ProfileID 50004 is not the Profile of any DistinctParty");
  CHECK(s.entries.size() == 3);
}

TEST_CASE("another list's XML given as advanced is rejected at its root", "[ingest][lists][ofac-advanced][bad-input]") {
  core::Diagnostics diags;
  const auto s = read(fs::path(SANX_TEST_DATA_DIR) / "lists/eu/fsf_sample.xml", diags);
  CHECK(only(diags, "E2322").message == "<export> is not the root of an OFAC advanced XML file");
  CHECK(s.entries.empty());
}

TEST_CASE("reading stops taking errors at max_errors", "[ingest][lists][ofac-advanced][bad-input]") {
  TempDir dir;
  std::string text = sanx::testing::read_text(kSample);
  for (std::size_t at = text.find("ListID=\"1550\""); at != std::string::npos; at = text.find("ListID=\"1550\"", at)) {
    text.replace(at, 13, "ListID=\"1551\"");
  }
  core::Diagnostics diags;
  ingest::ListReadOptions options;
  options.max_errors = 2;
  (void)ingest::read_list(ingest::ListFormat::ofac_advanced, dir.write("many.xml", text), diags, options);
  CHECK(diags.error_count() == 2);
}
