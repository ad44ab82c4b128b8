// Reading the `un-xml` format: the UN Security Council consolidated.xml.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
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

const fs::path kUn = fs::path(SANX_SOURCE_DIR) / "datasets/lists/un_consolidated_2026-02/UN_consolidated.xml";
const fs::path kSample = fs::path(SANX_TEST_DATA_DIR) / "lists/un/un_sample.xml";

ingest::ListSnapshot read(const fs::path& path, core::Diagnostics& diags) {
  return ingest::read_list(ingest::ListFormat::un_xml, path, diags);
}

}  // namespace

TEST_CASE("the UN consolidated list 2026-02 imports 730 individuals and 273 entities", "[ingest][lists][un-xml]") {
  core::Diagnostics diags;
  const auto s = read(kUn, diags);
  // The only remark: one nationality is "former Soviet Union", which has no ISO code.
  const auto& d = only(diags, "W2421");
  CHECK(d.where.line == 22489);
  CHECK(s.source == "un-sc");
  CHECK(s.as_of->to_string() == "2026-02-27");
  REQUIRE(s.entries.size() == 1003);
  std::size_t persons = 0;
  std::map<std::string, std::size_t> regimes;
  for (const auto& e : s.entries) {
    persons += e.entity.kind == model::EntityKind::person ? 1 : 0;
    REQUIRE(e.designations.size() == 1);
    CHECK(e.designations[0].list == "UN-SC");
    for (const auto& p : e.designations[0].programs) ++regimes[p];
  }
  CHECK(persons == 730);
  CHECK(s.entries.size() - persons == 273);
  CHECK(regimes == std::map<std::string, std::size_t>{{"Al-Qaida", 341}, {"DPRK", 155},   {"Taliban", 140},
                                                      {"Iran", 121},     {"Iraq", 75},     {"DRC", 53},
                                                      {"Libya", 30},     {"Somalia", 24},  {"CAR", 15},
                                                      {"Haiti", 11},     {"Yemen", 11},    {"GB", 10},
                                                      {"Sudan", 9},      {"SouthSudan", 8}});
}

TEST_CASE("UN: an individual with aliases of both qualities, positions, nationality and birth place", "[ingest][lists][un-xml]") {
  core::Diagnostics diags;
  const auto s = read(kUn, diags);
  const auto& e = entry(s, "un:6907995");
  CHECK(e.element_path == "/CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[3]");
  CHECK(e.entity.kind == model::EntityKind::person);
  CHECK(e.entity.names == std::vector<model::Name>{{"GASTON IYAMUREMYE", model::NameKind::primary, "Latn"},
                                                   {"Rumuli", model::NameKind::weak, "Latn"},
                                                   {"Byiringiro Victor Rumuli", model::NameKind::aka, "Latn"},
                                                   {"Victor Rumuri", model::NameKind::aka, "Latn"},
                                                   {"Michel Byiringiro", model::NameKind::aka, "Latn"}});
  CHECK(e.entity.countries == std::vector<std::string>{"RW", "CD"});  // nationality, then the address
  CHECK(e.entity.birth_date->to_string() == "1948");
  CHECK(e.entity.addresses ==
        std::vector<std::string>{"North Kivu Province, Democratic Republic of the Congo (as of June 2016)"});
  CHECK(facts(e, "position") == std::vector<std::string>{"FDLR Interim President", "FDLR-FOCA 1st Vice-President",
                                                         "FDLR-FOCA Major General"});
  CHECK(facts(e, "place_of_birth") ==
        std::vector<std::string>{"Musanze District, Northern Province, Rwanda", "Ruhengeri, Rwanda"});
  CHECK(facts(e, "reference_number") == std::vector<std::string>{"CDi.003"});
  CHECK(facts(e, "gender") == std::vector<std::string>{"Male"});
  const auto& d = e.designations[0];
  CHECK(d.entity == "un:6907995");
  CHECK(d.regime == "UN");
  CHECK(d.programs == std::vector<std::string>{"DRC"});
  CHECK(d.listed_from->to_string() == "2010-12-01");
  CHECK(d.measures == std::vector<std::string>{"asset_freeze", "travel_ban", "arms_embargo"});
  CHECK(d.source_ref == "UN_consolidated.xml#/CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[3]");
}

TEST_CASE("UN: a passport, a full birth date and a birth-year range", "[ingest][lists][un-xml]") {
  core::Diagnostics diags;
  const auto s = read(kUn, diags);
  const auto& ri = entry(s, "un:6908555");
  CHECK(ri.entity.primary_name() == "RI WON HO");
  CHECK(ri.entity.countries == std::vector<std::string>{"KP"});
  CHECK(ri.entity.identifiers == std::vector<model::Identifier>{{"passport", "381310014"}});
  CHECK(ri.entity.birth_date->to_string() == "1964-07-17");
  CHECK(ri.designations[0].programs == std::vector<std::string>{"DPRK"});

  const auto& bosco = entry(s, "un:6908021");
  CHECK(bosco.entity.primary_name() == "BOSCO TAGANDA");
  CHECK(bosco.entity.birth_date->to_string() == "1973");  // BETWEEN 1973 and 1974: the earliest
  CHECK(facts(bosco, "birth_date") == std::vector<std::string>{"1973/1974"});
  CHECK(facts(bosco, "last_updated") == std::vector<std::string>{"2016-10-13", "2020-08-19", "2023-03-01"});
  CHECK(facts(bosco, "alias_note") ==
        std::vector<std::string>{"Lydia: When he was part of APR.", "Tango Romeo: Call sign", "Romeo: Call sign"});
  CHECK(facts(bosco, "place_of_birth") == std::vector<std::string>{"Bigogwe, Rwanda"});
}

TEST_CASE("UN: an entity with a.k.a. and f.k.a. names and an address country", "[ingest][lists][un-xml]") {
  core::Diagnostics diags;
  const auto s = read(kUn, diags);
  const auto& adf = entry(s, "un:6908402");
  CHECK(adf.element_path == "/CONSOLIDATED_LIST/ENTITIES/ENTITY[1]");
  CHECK(adf.entity.kind == model::EntityKind::company);
  CHECK(adf.entity.names ==
        std::vector<model::Name>{{"ADF", model::NameKind::primary, "Latn"},
                                 {"Allied Democratic Forces", model::NameKind::aka, "Latn"},
                                 {"Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda", model::NameKind::fka, "Latn"},
                                 {"ADF/NALU", model::NameKind::fka, "Latn"},
                                 {"NALU", model::NameKind::fka, "Latn"}});
  CHECK(adf.entity.countries == std::vector<std::string>{"CD"});
  CHECK(adf.designations[0].listed_from->to_string() == "2014-06-30");
}

TEST_CASE("UN: a name in its original script is kept with that script", "[ingest][lists][un-xml]") {
  core::Diagnostics diags;
  const auto s = read(kUn, diags);
  const auto& saddam = entry(s, "un:6908048");
  REQUIRE(saddam.entity.names.size() >= 2);
  CHECK(saddam.entity.names[0].text == "SADDAM HUSSEIN AL-TIKRITI");
  CHECK(saddam.entity.names[1] == model::Name{"صدام حسين التكريتي", model::NameKind::aka, "Arab"});
  CHECK(saddam.designations[0].measures == std::vector<std::string>{"asset_freeze"});  // the Iraq list freezes only
}

TEST_CASE("UN: a truncated file is a parse error at its end", "[ingest][lists][un-xml][bad-input]") {
  TempDir dir;
  const std::string text = sanx::testing::read_text(kSample);
  const auto path = dir.write("cut.xml", text.substr(0, text.find("<ENTITIES>") + 10));
  core::Diagnostics diags;
  (void)read(path, diags);
  const auto& d = only(diags, "E2320");
  CHECK(d.where.line == 109);
  CHECK(d.label == "expected more XML: the file ends here");
}

TEST_CASE("UN: a Windows-1252 byte in the UTF-8 file is an encoding error", "[ingest][lists][un-xml][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  (void)read(mutated(dir, kSample, "<ALIAS_NAME>Victor Rumuri</ALIAS_NAME>", "<ALIAS_NAME>Victor Rumur\xEF</ALIAS_NAME>"), diags);
  const auto& d = only(diags, "E2321");
  CHECK(d.where.line == 38);
  CHECK(d.where.column == 33);
  CHECK(d.notes[0] == "note: in element /CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[1]/INDIVIDUAL_ALIAS[3]/ALIAS_NAME");
}

TEST_CASE("UN: an unknown list type is a warning and kept as the program", "[ingest][lists][un-xml][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  const auto s = read(mutated(dir, kSample, "<UN_LIST_TYPE>DPRK</UN_LIST_TYPE>", "<UN_LIST_TYPE>Atlantis</UN_LIST_TYPE>"), diags);
  const auto& d = only(diags, "W2420");
  CHECK(d.where.line == 71);
  CHECK(d.where.column == 21);
  CHECK(d.where.length == 8);
  CHECK(entry(s, "un:6908555").designations[0].programs == std::vector<std::string>{"Atlantis"});
}

TEST_CASE("UN: an impossible listing date is an error and leaves listed_from empty", "[ingest][lists][un-xml][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  const auto s = read(mutated(dir, kSample, "<LISTED_ON>2016-11-30</LISTED_ON>", "<LISTED_ON>2016-11-31</LISTED_ON>"), diags);
  const auto& d = only(diags, "E2325");
  CHECK(d.message == "invalid listing date: '2016-11-31'");
  CHECK(d.where.line == 73);
  CHECK(d.notes[0] == "note: in element /CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL[2]/LISTED_ON");
  CHECK_FALSE(entry(s, "un:6908555").designations[0].listed_from.has_value());
}

TEST_CASE("UN: a nationality with no ISO code is a warning and a fact", "[ingest][lists][un-xml][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  const auto s = read(mutated(dir, kSample, "<VALUE>Rwanda</VALUE>", "<VALUE>Ruritania</VALUE>"), diags);
  CHECK(only(diags, "W2421").message == "country 'Ruritania' has no ISO 3166 code known to sanx");
  CHECK(facts(entry(s, "un:6907995"), "nationality") == std::vector<std::string>{"Ruritania"});
  CHECK(entry(s, "un:6907995").entity.countries == std::vector<std::string>{"CD"});
}

TEST_CASE("UN: a DATAID listed twice is an error and the second record is dropped", "[ingest][lists][un-xml][bad-input]") {
  TempDir dir;
  core::Diagnostics diags;
  const auto s = read(mutated(dir, kSample, "<DATAID>6908555</DATAID>", "<DATAID>6907995</DATAID>"), diags);
  CHECK(only(diags, "E2327").message == "DATAID 6907995 is listed twice");
  CHECK(s.entries.size() == 2);
}

TEST_CASE("UN: a Latin-1 file that declares its encoding is read, not rejected", "[ingest][lists][un-xml]") {
  TempDir dir;
  std::string text = sanx::testing::read_text(kSample);
  text.replace(text.find("encoding=\"UTF-8\""), 16, "encoding=\"ISO-8859-1\"");
  text.replace(text.find("Victor Rumuri"), 13, "Victor Rumur\xE9");
  core::Diagnostics diags;
  const auto s = read(dir.write("latin1.xml", text), diags);
  CHECK(diags.empty());
  const auto& names = entry(s, "un:6907995").entity.names;
  CHECK(std::any_of(names.begin(), names.end(), [](const model::Name& n) { return n.text == "Victor Rumuré"; }));
}
