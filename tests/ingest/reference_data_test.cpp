// The bundled reference tables (datasets/reference/) as their README describes them: the documented
// columns in order, ISO country codes, valid dates with `from` before `to`, and a source on every row.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sanx/core/country.hpp"
#include "sanx/core/date.hpp"
#include "sanx/ingest/csv.hpp"

namespace fs = std::filesystem;
using sanx::core::Date;

namespace {

const fs::path kReference = fs::path(SANX_SOURCE_DIR) / "datasets" / "reference";

/// Every row of a table as column → value, after checking the header is `columns`.
std::vector<std::map<std::string, std::string>> table(const std::string& file, const std::vector<std::string>& columns) {
  sanx::ingest::CsvReader reader(kReference / file, file);
  sanx::ingest::CsvRecord record;
  sanx::core::Diagnostics diags;
  REQUIRE(reader.next(record, diags));
  std::vector<std::string> header;
  for (const auto& f : record.fields) header.emplace_back(f.text);
  REQUIRE(header == columns);
  std::vector<std::map<std::string, std::string>> rows;
  while (reader.next(record, diags)) {
    INFO(file << ":" << record.line);
    REQUIRE(record.fields.size() == columns.size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < columns.size(); ++i) row[columns[i]] = std::string(record.fields[i].text);
    rows.push_back(std::move(row));
  }
  CHECK(diags.empty());
  return rows;
}

void check_dates(const std::map<std::string, std::string>& row) {
  const auto from = Date::parse_iso(row.at("from"));
  REQUIRE(from.has_value());
  if (!row.at("to").empty()) {
    const auto to = Date::parse_iso(row.at("to"));
    REQUIRE(to.has_value());
    CHECK(from->days_since_epoch() < to->days_since_epoch());
  }
}

}  // namespace

TEST_CASE("the EAEU table has the five members since 2015 and Iran as an observer from 26 Dec 2024",
          "[ingest][reference]") {
  std::set<std::string> members;
  for (const auto& row : table("eaeu.csv", {"iso2", "name", "role", "from", "to", "source"})) {
    INFO(row.at("iso2"));
    CHECK(sanx::core::is_country_code(row.at("iso2")));
    CHECK((row.at("role") == "member" || row.at("role") == "observer"));
    CHECK_FALSE(row.at("source").empty());
    check_dates(row);
    if (row.at("role") == "member") members.insert(row.at("iso2"));
    if (row.at("iso2") == "IR") CHECK(row.at("from") == "2024-12-26");
  }
  CHECK(members == std::set<std::string>{"AM", "BY", "KG", "KZ", "RU"});
}

TEST_CASE("the EAEU-Iran interim agreement ends the day the full agreement starts", "[ingest][reference]") {
  std::map<std::string, std::map<std::string, std::string>> iran;
  for (const auto& row : table("eaeu_fta.csv", {"partner", "agreement", "from", "to", "source"})) {
    CHECK(sanx::core::is_country_code(row.at("partner")));
    check_dates(row);
    if (row.at("partner") == "IR") iran[row.at("from")] = row;
  }
  REQUIRE(iran.size() == 2);
  CHECK(iran.at("2019-10-27").at("to") == "2025-05-15");
  CHECK(iran.at("2025-05-15").at("to").empty());
}

TEST_CASE("the hubs table holds the 18 countries of FIN-2022-Alert003 and 4 later additions", "[ingest][reference]") {
  std::map<std::string, int> by_basis;
  std::set<std::string> codes;
  for (const auto& row : table("hubs.csv", {"iso2", "name", "basis", "from", "to", "source"})) {
    CHECK(sanx::core::is_country_code(row.at("iso2")));
    CHECK(codes.insert(row.at("iso2")).second);
    check_dates(row);
    ++by_basis[row.at("basis")];
  }
  CHECK(by_basis == std::map<std::string, int>{{"alert", 18}, {"later", 4}});
}

TEST_CASE("the EU partner countries, the payment networks and the FATF lists are well formed", "[ingest][reference]") {
  std::set<std::string> partners;
  for (const auto& row : table("eu_partners.csv", {"iso2", "name", "from", "to", "source"})) {
    CHECK(sanx::core::is_country_code(row.at("iso2")));
    check_dates(row);
    partners.insert(row.at("iso2"));
  }
  CHECK(partners.size() == 11);
  CHECK(partners.count("GB") == 1);
  std::set<std::string> networks;
  for (const auto& row : table("networks.csv", {"network", "operator", "home", "kind", "launched", "connects", "notes"})) {
    CHECK(sanx::core::is_country_code(row.at("home")));
    networks.insert(row.at("network"));
  }
  CHECK(networks == std::set<std::string>{"CIPS", "MIR", "SEPAM", "SHETAB", "SPFS", "SWIFT"});
  std::map<std::string, int> lists;
  for (const auto& row : table("fatf.csv", {"iso2", "list", "as_of", "source"})) {
    CHECK(sanx::core::is_country_code(row.at("iso2")));
    CHECK(Date::parse_iso(row.at("as_of")).has_value());
    ++lists[row.at("list")];
  }
  CHECK(lists == std::map<std::string, int>{{"call_for_action", 3}, {"increased_monitoring", 22}});
}

TEST_CASE("the EU members table holds the 27 member states and the United Kingdom until 31 Jan 2020",
          "[ingest][reference]") {
  std::set<std::string> members_2025;
  std::set<std::string> codes;
  for (const auto& row : table("eu_members.csv", {"iso2", "name", "from", "to", "source"})) {
    INFO(row.at("iso2"));
    CHECK(sanx::core::is_country_code(row.at("iso2")));
    CHECK(codes.insert(row.at("iso2")).second);
    CHECK_FALSE(row.at("source").empty());
    check_dates(row);
    if (row.at("to").empty()) members_2025.insert(row.at("iso2"));
    if (row.at("iso2") == "GB") CHECK(row.at("to") == "2020-01-31");
    if (row.at("iso2") == "HR") CHECK(row.at("from") == "2013-07-01");
  }
  CHECK(members_2025.size() == 27);
  CHECK(members_2025.count("GB") == 0);
}

TEST_CASE("the Caspian ports table names the Russian and Iranian Caspian ports and the Astara crossing",
          "[ingest][reference]") {
  std::map<std::string, std::set<std::string>> ports_of;
  for (const auto& row : table("caspian_ports.csv", {"port", "country", "locode", "kind", "source"})) {
    INFO(row.at("port"));
    CHECK(sanx::core::is_country_code(row.at("country")));
    CHECK((row.at("kind") == "sea_port" || row.at("kind") == "rail_border"));
    CHECK_FALSE(row.at("source").empty());
    if (!row.at("locode").empty()) CHECK(row.at("locode").substr(0, 2) == row.at("country"));
    ports_of[row.at("country")].insert(row.at("port"));
  }
  CHECK(ports_of.at("RU") == std::set<std::string>{"Astrakhan", "Makhachkala", "Olya"});
  CHECK(ports_of.at("IR").count("Amirabad") == 1);
  CHECK(ports_of.at("AZ").count("Astara") == 1);
}

TEST_CASE("the UAV HS table holds six-digit codes, the E1 components and the 8806 headings", "[ingest][reference]") {
  std::set<std::string> codes;
  for (const auto& row : table("uav_hs.csv", {"hs6", "item", "source"})) {
    INFO(row.at("hs6"));
    CHECK(row.at("hs6").size() == 6);
    CHECK(row.at("hs6").find_first_not_of("0123456789") == std::string::npos);
    CHECK_FALSE(row.at("source").empty());
    CHECK(codes.insert(row.at("hs6")).second);
  }
  for (const char* code : {"840710", "850131", "852691", "854231", "880730", "880622"}) {
    INFO(code);
    CHECK(codes.count(code) == 1);
  }
}

TEST_CASE("the EU iron and steel table covers chapter 72 from 17 Mar 2022, directly and processed in a third country",
          "[ingest][reference]") {
  std::map<std::string, std::string> chapter_72_from;
  for (const auto& row : table("eu_iron_steel.csv", {"hs", "basis", "from", "to", "source"})) {
    INFO(row.at("hs") << " " << row.at("basis"));
    CHECK((row.at("hs").size() == 2 || row.at("hs").size() == 4));
    CHECK(row.at("hs").substr(0, 2) >= "72");
    CHECK(row.at("hs").substr(0, 2) <= "73");
    CHECK((row.at("basis") == "origin_or_export_russia" || row.at("basis") == "processed_in_third_country"));
    CHECK_FALSE(row.at("source").empty());
    check_dates(row);
    if (row.at("hs") == "72") chapter_72_from[row.at("basis")] = row.at("from");
  }
  CHECK(chapter_72_from.at("origin_or_export_russia") == "2022-03-17");
  CHECK(chapter_72_from.at("processed_in_third_country") > "2022-03-17");
}
