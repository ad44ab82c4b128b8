// Reading the `ftm` format: OpenSanctions FollowTheMoney entities as JSON lines.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "sanx/core/diagnostic.hpp"
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

namespace {

const fs::path kFixture = fs::path(SANX_TEST_DATA_DIR) / "lists/ftm/entities.ftm.json";
// OpenSanctions data is CC BY-NC: it is read from the shared data folder, never copied into the repository.
const fs::path kRealSample = "/work/shared/data/opensanctions_ftm/t1/entities.ftm.json";

/// Reads `lines` written to a temporary entities.ftm.json.
ingest::ListSnapshot read_text(const std::string& lines, core::Diagnostics& diags) {
  sanx::testing::TempDir dir;
  return ingest::read_ftm(dir.write("entities.ftm.json", lines), diags, {});
}

const std::string kPerson = R"({"id":"p1","schema":"Person","properties":{"name":["Anna Ivanova"]}})"
                            "\n";

}  // namespace

TEST_CASE("FtM parties become entries with names, countries, identifiers and dates", "[ingest][lists][ftm]") {
  core::Diagnostics diags;
  const auto snap = ingest::read_ftm(kFixture, diags, {});
  CHECK(diags.empty());
  CHECK(snap.source == "opensanctions");
  REQUIRE(snap.entries.size() == 3);  // the Address and the links are not parties
  const auto& p = entry(snap, "ftm:p-ivanova");
  CHECK(p.entity.kind == model::EntityKind::person);
  REQUIRE(p.entity.names.size() == 3);
  CHECK(p.entity.names[0].text == "Marina Petrovna IVANOVA");  // the caption, though listed second
  CHECK(p.entity.names[0].kind == model::NameKind::primary);
  CHECK(p.entity.names[1].text == "Марина Петровна ИВАНОВА");
  CHECK(p.entity.names[1].script == "Cyrl");
  CHECK(p.entity.names[2].text == "Marina Ivanova");
  CHECK(p.entity.countries == std::vector<std::string>{"RU"});
  CHECK(identifiers(p) == std::vector<std::string>{"passport:7201234567"});
  CHECK(p.entity.birth_date->to_string() == "1971-03-04");
  CHECK(facts(p, "birth_date") == std::vector<std::string>{"1971-03-04", "1972"});
  CHECK(p.entity.addresses == std::vector<std::string>{"5 Lake Road, Tver, Russia"});  // from its Address entity
  CHECK(p.where.line == 1);

  const auto& c = entry(snap, "ftm:c-northwind");
  CHECK(c.entity.kind == model::EntityKind::company);
  CHECK(c.entity.names[1].kind == model::NameKind::fka);
  CHECK(c.entity.names[2].kind == model::NameKind::weak);
  CHECK(identifiers(c) == std::vector<std::string>{"inn:7700000001", "ogrn:1027700000001"});
  CHECK(c.entity.incorporated->to_string() == "2009-05");

  const auto& v = entry(snap, "ftm:v-polar-star");
  CHECK(v.entity.kind == model::EntityKind::vessel);
  CHECK(identifiers(v) == std::vector<std::string>{"imo:9100001"});
  CHECK(v.entity.countries == std::vector<std::string>{"PA"});
  CHECK(facts(v, "vessel_type") == std::vector<std::string>{"Crude oil tanker"});
}

TEST_CASE("FtM sanctions become designations with the authority's regime", "[ingest][lists][ftm]") {
  core::Diagnostics diags;
  const auto snap = ingest::read_ftm(kFixture, diags, {});
  const auto& p = entry(snap, "ftm:p-ivanova");
  REQUIRE(p.designations.size() == 1);
  const auto& d = p.designations[0];
  CHECK(d.entity == "ftm:p-ivanova");
  CHECK(d.regime == "OFAC");
  CHECK(d.list == "fictional_list");
  CHECK(d.programs == std::vector<std::string>{"RUSSIA-EO14024"});
  CHECK(d.listed_from->to_string() == "2022-04-06");
  CHECK(d.measures == std::vector<std::string>{"asset_freeze"});
  CHECK(d.source_ref == "entities.ftm.json:5");
  const auto& c = entry(snap, "ftm:c-northwind");
  REQUIRE(c.designations.size() == 1);
  CHECK(c.designations[0].regime == "CH");  // an authority sanx has no name for: its country
  CHECK(c.designations[0].listed_from->to_string() == "2022-03-16");
  CHECK(c.designations[0].listed_to->to_string() == "2024-01-31");
}

TEST_CASE("FtM links become relations, also to entities of other files", "[ingest][lists][ftm]") {
  core::Diagnostics diags;
  const auto snap = ingest::read_ftm(kFixture, diags, {});
  REQUIRE(snap.relations.size() == 5);
  const auto& own = snap.relations[0];
  CHECK(own.source == "ftm:p-ivanova");
  CHECK(own.target == "ftm:c-northwind");
  CHECK(own.kind == model::RelationKind::ownership);
  CHECK(own.share == core::Decimal::from_int(51));
  CHECK(own.start->to_string() == "2015-07-01");
  CHECK_FALSE(own.end.has_value());
  CHECK(snap.relations[1].end->to_string() == "2023-12-31");
  CHECK(snap.relations[2].kind == model::RelationKind::director);
  CHECK(snap.relations[3].kind == model::RelationKind::family);
  CHECK(snap.relations[3].target == "ftm:p-not-in-this-file");
  CHECK(snap.relations[4].kind == model::RelationKind::associate);
}

TEST_CASE("the real OpenSanctions sample reads without diagnostics", "[ingest][lists][ftm][shared]") {
  if (!fs::exists(kRealSample)) {
    WARN("skipped: " << kRealSample << " is not present");
    return;
  }
  core::Diagnostics diags;
  const auto snap = ingest::read_ftm(kRealSample, diags, {});
  CHECK(diags.empty());
  CHECK(snap.entries.size() == 6);  // 4 Person + 2 Organization; the Address is not a party
  const auto& p = entry(snap, "ftm:NK-2Ka3UvopqbpZmVDFjWd4LA");
  CHECK(p.entity.names[0].text == "Vitaly Yurievich KUZMENKO");
  CHECK(p.entity.names.size() == 3);
  CHECK(p.entity.birth_date->to_string() == "1971-01-22");
  CHECK(p.entity.countries == std::vector<std::string>{"RU"});
  CHECK(identifiers(p) == std::vector<std::string>{"tax_id:366510784303"});
  CHECK(facts(p, "position") == std::vector<std::string>{"General Director of JSC 163 Armor Repair Plant"});
  const auto& o = entry(snap, "ftm:NK-2GdmHtZTeNXjNVrBGEXZNj");
  CHECK(o.entity.kind == model::EntityKind::organization);
  CHECK(o.entity.names.size() == 12);
  CHECK(o.entity.countries == std::vector<std::string>{"BY"});
  CHECK(identifiers(o) == std::vector<std::string>{"registration_id:808000714"});
}

TEST_CASE("a truncated FtM line is an error at its end, and the other lines are still read", "[ingest][lists][ftm]") {
  core::Diagnostics diags;
  const auto snap = read_text(R"({"id":"p0","schema":"Person","properties":{"name":["Cut)" "\n" + kPerson, diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "E2345");
  CHECK(diags.items()[0].where.line == 1);
  CHECK(diags.items()[0].where.column == 56);  // just after the last character
  CHECK(snap.entries.size() == 1);
}

TEST_CASE("an FtM line that is not UTF-8 is an error at the byte", "[ingest][lists][ftm]") {
  core::Diagnostics diags;
  (void)read_text(kPerson + "{\"id\":\"p2\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Jos\xE9\"]}}\n", diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "E2346");
  CHECK(diags.items()[0].where.line == 2);
  CHECK(diags.items()[0].where.column == 56);
}

TEST_CASE("a sanction of an entity that is not in the file is an error at the id", "[ingest][lists][ftm]") {
  core::Diagnostics diags;
  const auto snap = read_text(
      kPerson + R"({"id":"s1","schema":"Sanction","properties":{"entity":["p9"],"authority":["UN Security Council"]}})" "\n",
      diags);
  REQUIRE(diags.error_count() == 1);
  const auto& d = diags.items()[0];
  CHECK(d.code == "E2347");
  CHECK(d.where.line == 2);
  CHECK(d.where.column == 57);
  CHECK(d.where.length == 2);
  CHECK(snap.entries[0].designations.empty());
}

TEST_CASE("an impossible FtM date is an error naming the property", "[ingest][lists][ftm]") {
  core::Diagnostics diags;
  (void)read_text(R"({"id":"p1","schema":"Person","properties":{"birthDate":["2020-13-01"]}})" "\n", diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "E2348");
  CHECK(diags.items()[0].message == "invalid date `2020-13-01` at properties.birthDate[0]");
  CHECK(diags.items()[0].where.column == 58);
}

TEST_CASE("an authority sanx does not know and no country is a warning", "[ingest][lists][ftm]") {
  core::Diagnostics diags;
  const auto snap = read_text(
      kPerson + R"({"id":"s1","schema":"Sanction","properties":{"entity":["p1"],"authority":["Ministry of Magic"]}})" "\n",
      diags);
  CHECK_FALSE(diags.has_errors());
  REQUIRE(diags.warning_count() == 1);
  CHECK(diags.items()[0].code == "W2441");
  REQUIRE(snap.entries[0].designations.size() == 1);
  CHECK(snap.entries[0].designations[0].regime == "MINISTRY OF MAGIC");
}

TEST_CASE("an FtM record without an id or with a property that is not a list is an error", "[ingest][lists][ftm]") {
  core::Diagnostics diags;
  (void)read_text(R"({"schema":"Person","properties":{}})" "\n"
                  R"({"id":"p1","schema":"Person","properties":{"name":"Anna"}})" "\n",
                  diags);
  REQUIRE(diags.error_count() == 2);
  CHECK(diags.items()[0].code == "E2349");
  CHECK(diags.items()[1].code == "E2349");
  CHECK(diags.items()[1].where.line == 2);
}

TEST_CASE("an ownership percentage that is not a number leaves the share unknown, with a warning",
          "[ingest][lists][ftm]") {
  core::Diagnostics diags;
  const auto snap =
      read_text(R"({"id":"o1","schema":"Ownership","properties":{"owner":["a"],"asset":["b"],"percentage":["majority"]}})" "\n",
                diags);
  REQUIRE(diags.warning_count() == 1);
  CHECK(diags.items()[0].code == "W2442");
  REQUIRE(snap.relations.size() == 1);
  CHECK_FALSE(snap.relations[0].share.has_value());
}
