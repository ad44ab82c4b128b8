// Reading the `eu-xml` format: the EU Financial Sanctions Files XML v1.1. No real FSF file is available,
// so the fixture is hand-written from schema_1_1.xsd (and validates against it with xmllint --schema).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
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

const fs::path kSample = fs::path(SANX_TEST_DATA_DIR) / "lists/eu/fsf_sample.xml";

ingest::ListSnapshot read(const fs::path& path, core::Diagnostics& diags) {
  return ingest::read_list(ingest::ListFormat::eu_xml, path, diags);
}

}  // namespace

TEST_CASE("an EU FSF file imports each sanctionEntity with its regulation's programme", "[ingest][lists][eu-xml]") {
  core::Diagnostics diags;
  const auto s = read(kSample, diags);
  CHECK(diags.empty());
  CHECK(s.source == "eu-fsf");
  CHECK(s.as_of->to_string() == "2024-05-21");
  REQUIRE(s.entries.size() == 4);
  std::vector<std::string> programmes;
  for (const auto& e : s.entries) {
    REQUIRE(e.designations.size() == 1);
    CHECK(e.designations[0].regime == "EU");
    CHECK(e.designations[0].list == "EU-FSF");
    CHECK(e.designations[0].measures == std::vector<std::string>{"asset_freeze"});
    programmes.push_back(e.designations[0].programs.at(0));
  }
  CHECK(programmes == std::vector<std::string>{"UKR", "RUS", "IRN", "TAQA"});
}

TEST_CASE("EU: a person with names in two scripts, citizenship, two birth dates and a passport", "[ingest][lists][eu-xml]") {
  core::Diagnostics diags;
  const auto s = read(kSample, diags);
  const auto& p = entry(s, "eu:1001");
  CHECK(p.element_path == "/export/sanctionEntity[1]");
  CHECK(p.where.line == 4);
  CHECK(p.entity.kind == model::EntityKind::person);
  CHECK(p.entity.names == std::vector<model::Name>{{"Ivan Petrovich Sidorov", model::NameKind::primary, "Latn"},
                                                   {"Иван Петрович Сидоров", model::NameKind::aka, "Cyrl"},
                                                   {"Ivan Sidorov", model::NameKind::aka, "Latn"}});
  CHECK(p.entity.countries == std::vector<std::string>{"RU"});
  CHECK(p.entity.birth_date->to_string() == "1960");  // circa 1960 is earlier than 1961-05-17
  CHECK(facts(p, "birth_date") == std::vector<std::string>{"1961-05-17", "1960 (approximately)"});
  CHECK(facts(p, "place_of_birth") == std::vector<std::string>{"Sevastopol, UKRAINE"});
  CHECK(p.entity.identifiers == std::vector<model::Identifier>{{"passport", "751234567"}});
  CHECK(facts(p, "passport_country") == std::vector<std::string>{"RU"});
  CHECK(facts(p, "gender") == std::vector<std::string>{"Male"});
  CHECK(facts(p, "position") == std::vector<std::string>{"Deputy Minister"});
  CHECK(facts(p, "eu_reference_number") == std::vector<std::string>{"EU.39.12"});
  // Listed by 269/2014, amended by 2015/1514: both regulations are kept.
  CHECK(facts(p, "regulation") == std::vector<std::string>{"269/2014 (OJ L78)", "2015/1514 (OJ L239)"});
  const auto& d = p.designations[0];
  CHECK(d.entity == "eu:1001");
  CHECK(d.listed_from->to_string() == "2014-03-18");  // entryIntoForceDate, not publicationDate
  CHECK_FALSE(d.listed_to.has_value());
  CHECK(d.source_ref == "fsf_sample.xml#/export/sanctionEntity[1]");
}

TEST_CASE("EU: an enterprise with an address, contact details and registration number", "[ingest][lists][eu-xml]") {
  core::Diagnostics diags;
  const auto s = read(kSample, diags);
  const auto& c = entry(s, "eu:1002");
  CHECK(c.entity.kind == model::EntityKind::company);
  CHECK(c.entity.primary_name() == "Joint Stock Company Severnaya Verf Trading");
  CHECK(c.entity.countries == std::vector<std::string>{"RU"});
  CHECK(c.entity.addresses ==
        std::vector<std::string>{"Korabelnaya street 6, 198096, Saint Petersburg, RUSSIAN FEDERATION"});
  CHECK(c.entity.identifiers == std::vector<model::Identifier>{{"email", "info@sv-trading.example"},
                                                               {"website", "www.sv-trading.example"},
                                                               {"phone", "+7 812 000 00 00"},
                                                               {"registration_id", "1027800000001"}});
  CHECK(facts(c, "Tax Identification Number (INN)") == std::vector<std::string>{"7805000001 (RU)"});
  CHECK(facts(c, "regulation") == std::vector<std::string>{"2022/330 (OJ L53)", "2023/1214 (OJ L159I)"});

  const auto& r = entry(s, "eu:1003");
  CHECK(r.entity.primary_name() == "Reza Karimi Tabar");
  CHECK(r.entity.birth_date->to_string() == "1955");
  CHECK(facts(r, "birth_date") == std::vector<std::string>{"1955/1958"});
  CHECK(facts(r, "un_id") == std::vector<std::string>{"IRi.099"});
  CHECK(facts(r, "national_id_note") == std::vector<std::string>{"0012345678 known expired"});
}

TEST_CASE("EU: a truncated file is a parse error at its end", "[ingest][lists][eu-xml][bad-input]") {
  TempDir dir;
  const std::string text = sanx::testing::read_text(kSample);
  core::Diagnostics diags;
  (void)read(dir.write("cut.xml", text.substr(0, text.size() / 2)), diags);
  const auto& d = only(diags, "E2320");
  CHECK(d.label == "expected more XML: the file ends here");
}

TEST_CASE("EU: a Latin-1 byte in the UTF-8 file is an encoding error", "[ingest][lists][eu-xml][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  (void)read(mutated(dir, kSample, "city=\"Sevastopol\"", "city=\"S\xE9vastopol\""), diags);
  const auto& d = only(diags, "E2321");
  CHECK(d.where.line == 22);
  CHECK(d.notes[0] == "note: in element /export/sanctionEntity[1]/birthdate[1]");
}

TEST_CASE("EU: an unknown programme is a warning at the attribute and kept", "[ingest][lists][eu-xml][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  const auto s = read(mutated(dir, kSample, "programme=\"RUS\"", "programme=\"RUSX\""), diags);
  const auto& d = only(diags, "W2420");
  CHECK(d.where.line == 33);
  CHECK(d.where.length == 4);
  CHECK(entry(s, "eu:1002").designations[0].programs == std::vector<std::string>{"RUSX"});
}

TEST_CASE("EU: an impossible birth date is an error at the attribute", "[ingest][lists][eu-xml][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  (void)read(mutated(dir, kSample, "birthdate=\"1961-05-17\"", "birthdate=\"1961-02-30\""), diags);
  const auto& d = only(diags, "E2325");
  CHECK(d.message == "invalid birthdate '1961-02-30'");
  CHECK(d.where.length == 10);
}

TEST_CASE("EU: a classification other than P or E is an error", "[ingest][lists][eu-xml][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  (void)read(mutated(dir, kSample, "classificationCode=\"E\"", "classificationCode=\"V\""), diags);
  CHECK(only(diags, "E2328").message == "classificationCode 'V' is neither P nor E");
}

TEST_CASE("EU: a country code that is not ISO 3166 is a warning and a fact", "[ingest][lists][eu-xml][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  const auto s = read(mutated(dir, kSample, "countryIso2Code=\"IR\" countryDescription", "countryIso2Code=\"QQ\" countryDescription"), diags);
  CHECK(only(diags, "W2421").message == "'QQ' is not an ISO 3166 alpha-2 country code");
  CHECK(entry(s, "eu:1003").entity.countries.empty());
  CHECK(facts(entry(s, "eu:1003"), "country") == std::vector<std::string>{"IRAN (ISLAMIC REPUBLIC OF)"});
}

TEST_CASE("EU: a logicalId listed twice is an error", "[ingest][lists][eu-xml][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  const auto s = read(mutated(dir, kSample, "logicalId=\"1004\"", "logicalId=\"1001\""), diags);
  CHECK(only(diags, "E2327").message == "logicalId 1001 is listed twice");
  CHECK(s.entries.size() == 3);
}
