#include "sanx/model/entity.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace model = sanx::model;
using model::EntityKind;
using model::Identifier;
using model::NameKind;

namespace Catch {
template <>
struct StringMaker<Identifier> {
  static std::string convert(const Identifier& id) { return id.scheme + ":" + id.value; }
};
}  // namespace Catch

namespace {
std::optional<Identifier> id(std::string_view s) { return model::parse_identifier(s); }
}  // namespace

TEST_CASE("entity kinds round-trip through their names", "[model][entity]") {
  for (const EntityKind k : {EntityKind::person, EntityKind::company, EntityKind::organization, EntityKind::bank,
                             EntityKind::vessel, EntityKind::aircraft}) {
    CHECK(model::parse_entity_kind(model::to_string(k)) == k);
  }
  CHECK(model::to_string(EntityKind::organization) == "organization");
}

TEST_CASE("entity kind names are exact lower-case words", "[model][entity]") {
  for (const char* text : {"Person", "COMPANY", "org", "individual", "organisation", " bank", ""}) {
    INFO('"' << text << '"');
    CHECK_FALSE(model::parse_entity_kind(text).has_value());
  }
}

TEST_CASE("name kinds round-trip through their names", "[model][entity]") {
  for (const NameKind k : {NameKind::primary, NameKind::aka, NameKind::fka, NameKind::weak}) {
    CHECK(model::parse_name_kind(model::to_string(k)) == k);
  }
  CHECK(model::to_string(NameKind::aka) == "aka");
}

TEST_CASE("name kind names are exact lower-case words", "[model][entity]") {
  for (const char* text : {"AKA", "a.k.a.", "alias", ""}) {
    INFO('"' << text << '"');
    CHECK_FALSE(model::parse_name_kind(text).has_value());
  }
}

TEST_CASE("the primary name is the first name", "[model][entity]") {
  model::Entity e;
  e.names = {{"VTB Bank (PJSC)", NameKind::primary, "Latn"}, {"Банк ВТБ", NameKind::aka, "Cyrl"}};
  CHECK(e.primary_name() == "VTB Bank (PJSC)");
}

TEST_CASE("an entity without names has an empty primary name", "[model][entity]") {
  CHECK(model::Entity{}.primary_name().empty());
}

TEST_CASE("identifiers_of gives the values of one scheme in order", "[model][entity]") {
  model::Entity e;
  e.identifiers = {{"bic", "VTBRRUMM"}, {"inn", "7702070139"}, {"bic", "VTBRRUM2"}};
  CHECK(e.identifiers_of("bic") == std::vector<std::string_view>{"VTBRRUMM", "VTBRRUM2"});
  CHECK(e.identifiers_of("inn") == std::vector<std::string_view>{"7702070139"});
  CHECK(e.identifiers_of("imo").empty());
}

TEST_CASE("each supported script is recognised", "[model][entity][script]") {
  const std::vector<std::pair<const char*, const char*>> cases = {
      {"Vladimir Putin", "Latn"}, {"Владимир Путин", "Cyrl"}, {"Αθήνα", "Grek"},  {"Հայաստան", "Armn"},
      {"საქართველო", "Geor"},     {"ישראל", "Hebr"},          {"محمد", "Arab"},   {"پژوهشگاه", "Arab"},
      {"中国银行", "Hani"},       {"やまだ", "Hira"},         {"ヤマダ", "Kana"}, {"김정은", "Hang"},
      {"ประเทศไทย", "Thai"},      {"भारत", "Deva"},
  };
  for (const auto& [name, script] : cases) {
    INFO(name);
    CHECK(model::detect_script(name) == script);
  }
}

TEST_CASE("the script with the most letters wins", "[model][entity][script]") {
  CHECK(model::detect_script("Bank Россия") == "Cyrl");
  CHECK(model::detect_script("OOO Ромашка Trading Company") == "Latn");
}

TEST_CASE("accented and Vietnamese Latin letters count as Latin", "[model][entity][script]") {
  CHECK(model::detect_script("Ñúñez Й") == "Latn");
  CHECK(model::detect_script("Nguyễn Й") == "Latn");
}

TEST_CASE("digits, punctuation and spaces are not letters", "[model][entity][script]") {
  CHECK(model::detect_script("") == "Zyyy");
  CHECK(model::detect_script("12345 - (№ 7) ・") == "Zyyy");
  CHECK(model::detect_script("١٢٣ 0 Ф") == "Cyrl");  // Arabic-Indic digits are not Arabic letters
}

TEST_CASE("a tie goes to the script listed first, Latin before Cyrillic", "[model][entity][script]") {
  CHECK(model::detect_script("аб ab") == "Latn");
}

TEST_CASE("invalid UTF-8 bytes are skipped when detecting the script", "[model][entity][script]") {
  CHECK(model::detect_script("\xFF\xFE\xC0Мир") == "Cyrl");
}

TEST_CASE("an identifier is a scheme and a value around the first colon", "[model][entity][identifier]") {
  CHECK(id("bic:VTBRRUMM") == Identifier{"bic", "VTBRRUMM"});
  CHECK(id("url:https://example.org/a") == Identifier{"url", "https://example.org/a"});
  CHECK(id("ogrn_2:1027739609391") == Identifier{"ogrn_2", "1027739609391"});
}

TEST_CASE("an upper-case scheme is lower-cased", "[model][entity][identifier]") {
  CHECK(id("IMO:9354521") == Identifier{"imo", "9354521"});
}

TEST_CASE("an identifier value is trimmed", "[model][entity][identifier]") {
  CHECK(id(" inn: 7702070139 \t") == Identifier{"inn", "7702070139"});
}

TEST_CASE("text that is not scheme:value is not an identifier", "[model][entity][identifier]") {
  for (const char* text : {"", "VTBRRUMM", ":VTBRRUMM", "bic:", "bic:   ", "1bic:x", "_x:1", "b-c:x", "b c:x", "bic :x",
                           "бик:1"}) {
    INFO('"' << text << '"');
    CHECK_FALSE(id(text).has_value());
  }
}

TEST_CASE("8- and 11-character BICs with a real country are valid", "[model][entity][bic]") {
  CHECK(model::is_valid_bic("VTBRRUMM"));
  CHECK(model::is_valid_bic("VTBRRUMMXXX"));
  CHECK(model::is_valid_bic("DEUTDEFF500"));
  CHECK(model::is_valid_bic("BKCHCNBJ2G1"));
}

TEST_CASE("a BIC of the wrong length is invalid", "[model][entity][bic]") {
  for (const char* bic : {"", "VTBRRUM", "VTBRRUMMX", "VTBRRUMMXX", "VTBRRUMMXXXX"}) {
    INFO(bic);
    CHECK_FALSE(model::is_valid_bic(bic));
  }
}

TEST_CASE("a BIC must be upper case", "[model][entity][bic]") {
  CHECK_FALSE(model::is_valid_bic("vtbrrumm"));
  CHECK_FALSE(model::is_valid_bic("VTBRRUMMxxx"));
}

TEST_CASE("a BIC's institution and country are letters, its location and branch letters or digits",
          "[model][entity][bic]") {
  CHECK_FALSE(model::is_valid_bic("VTB1RUMM"));
  CHECK_FALSE(model::is_valid_bic("VTBR1UMM"));
  CHECK_FALSE(model::is_valid_bic("VTBRRU-M"));
  CHECK_FALSE(model::is_valid_bic("VTBRRUMM_XX"));
  CHECK(model::is_valid_bic("VTBRRU22"));
}

TEST_CASE("a BIC's country must be an ISO code: UK is not, GB is", "[model][entity][bic]") {
  CHECK_FALSE(model::is_valid_bic("BARCUK22"));
  CHECK(model::is_valid_bic("BARCGB22"));
}

TEST_CASE("a BIC's country is its fifth and sixth characters", "[model][entity][bic]") {
  CHECK(model::bic_country("VTBRRUMM") == "RU");
  CHECK(model::bic_country("MELIIRTHXXX") == "IR");
  CHECK(model::bic_country("VTBR").empty());
}
