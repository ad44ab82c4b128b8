// Reading the `ofac-csv` format: sdn.csv / cons_prim.csv with add, alt and comments beside it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "ingest/ofac_common.hpp"
#include "sanx/core/diagnostic.hpp"
#include "sanx/ingest/csv.hpp"
#include "sanx/ingest/lists.hpp"
#include "support/golden.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
namespace core = sanx::core;
namespace ingest = sanx::ingest;
namespace model = sanx::model;

namespace {

const fs::path kLists = fs::path(SANX_SOURCE_DIR) / "datasets" / "lists";
const fs::path kFixtures = fs::path(SANX_TEST_DATA_DIR) / "lists" / "ofac";

ingest::ListSnapshot read_csv(const fs::path& p, core::Diagnostics& diags, const ingest::ListReadOptions& o = {}) {
  return ingest::read_list(ingest::ListFormat::ofac_csv, p, diags, o);
}

const ingest::ListEntry& entry(const ingest::ListSnapshot& s, std::string_view id) {
  const auto it = std::find_if(s.entries.begin(), s.entries.end(), [&](const auto& e) { return e.entity.id == id; });
  REQUIRE(it != s.entries.end());
  return *it;
}

std::vector<std::string> facts(const ingest::ListEntry& e, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& f : e.facts) {
    if (f.key == key) out.push_back(f.value);
  }
  return out;
}

std::set<std::string> ids_of(const ingest::ListEntry& e) {
  std::set<std::string> out;
  for (const auto& i : e.entity.identifiers) out.insert(i.scheme + ":" + i.value);
  return out;
}

std::vector<std::string> names_of(const ingest::ListEntry& e, model::NameKind kind) {
  std::vector<std::string> out;
  for (const auto& n : e.entity.names) {
    if (n.kind == kind) out.push_back(n.text);
  }
  return out;
}

bool related(const ingest::ListSnapshot& s, std::string_view from, std::string_view to) {
  return std::any_of(s.relations.begin(), s.relations.end(), [&](const model::Relation& r) {
    return r.source == from && r.target == to && r.kind == model::RelationKind::associate;
  });
}

std::string all(const core::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) out += core::render_text(d) + "\n";
  return out;
}

const core::Diagnostic* find_code(const core::Diagnostics& diags, std::string_view code) {
  for (const auto& d : diags.items()) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

/// Rows of a CSV file read independently of the list reader, as (first field, every field).
std::vector<std::vector<std::string>> rows(const fs::path& p) {
  std::vector<std::vector<std::string>> out;
  ingest::CsvReader r(p, p.string());
  ingest::CsvRecord rec;
  core::Diagnostics diags;
  while (r.next(rec, diags)) {
    std::vector<std::string> row;
    for (const auto& f : rec.fields) row.emplace_back(f.text);
    out.push_back(std::move(row));
  }
  return out;
}

/// Reads `text` as a lone sdn.csv.
ingest::ListSnapshot read_sdn_text(std::string_view text, core::Diagnostics& diags, const ingest::ListReadOptions& o = {}) {
  const sanx::testing::TempDir dir;
  return read_csv(dir.write("sdn.csv", text), diags, o);
}

constexpr std::string_view kAero = "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";

}  // namespace

TEST_CASE("a lone sdn.csv imports without its companion files", "[ingest][lists][ofac-csv]") {
  core::Diagnostics diags;
  ingest::ListReadOptions options;
  std::uint64_t last_done = 0;
  std::uint64_t last_total = 0;
  options.progress = [&](std::uint64_t done, std::uint64_t total) {
    last_done = done;
    last_total = total;
  };
  const auto s = read_csv(kFixtures / "lone" / "sdn.csv", diags, options);
  INFO(all(diags));
  CHECK(diags.empty());
  CHECK(s.files.size() == 1);
  CHECK(last_total == fs::file_size(kFixtures / "lone" / "sdn.csv"));
  CHECK(last_done == last_total);
  CHECK(s.source == "ofac-sdn");
  CHECK_FALSE(s.as_of.has_value());
  REQUIRE(s.entries.size() == 2);  // the trailing 0x1A is no row
  const auto& aero = entry(s, "ofac:36");
  CHECK(aero.entity.kind == model::EntityKind::company);
  CHECK(aero.entity.primary_name() == "AEROCARIBBEAN AIRLINES");
  CHECK(facts(aero, "remarks").empty());  // -0- is no value
  CHECK(facts(aero, "title").empty());
  const auto& abbas = entry(s, "ofac:2674");
  CHECK(abbas.entity.kind == model::EntityKind::person);
  CHECK(abbas.entity.primary_name() == "Abu ABBAS");
  CHECK(facts(abbas, "listed_name") == std::vector<std::string>{"ABBAS, Abu"});
  CHECK(abbas.entity.birth_date == core::Date::ymd(1948, 12, 10));
  CHECK(facts(abbas, "place_of_birth") == std::vector<std::string>{"Safed, Palestine"});
  CHECK(facts(abbas, "title") == std::vector<std::string>{"Director of PALESTINE LIBERATION FRONT - ABU ABBAS FACTION"});
  REQUIRE(abbas.designations.size() == 1);
  CHECK(abbas.designations[0].regime == "OFAC");
  CHECK(abbas.designations[0].list == "SDN");
  CHECK(abbas.designations[0].programs == std::vector<std::string>{"SDGT"});
  CHECK(abbas.designations[0].source_ref == "sdn.csv:2");
  CHECK(abbas.where.line == 2);
}

TEST_CASE("a set with companions joins aliases, addresses and comments, and reads what Remarks say",
          "[ingest][lists][ofac-csv]") {
  core::Diagnostics diags;
  const auto s = read_csv(kFixtures / "set" / "sdn.csv", diags);
  INFO(all(diags));
  CHECK(diags.empty());
  CHECK(s.files.size() == 4);
  REQUIRE(s.entries.size() == 3);

  const auto& sami = entry(s, "ofac:100");
  CHECK(sami.entity.primary_name() == "Sami TRADER");
  CHECK(names_of(sami, model::NameKind::aka) == std::vector<std::string>{"Sami AL-TAJER"});
  CHECK(names_of(sami, model::NameKind::weak) == std::vector<std::string>{"THE TRADER"});
  CHECK(ids_of(sami) == std::set<std::string>{"passport:N0123456", "national_id:01020304", "email:trader@example.com",
                                              "website:www.example.com"});
  CHECK(facts(sami, "passport_country") == std::vector<std::string>{"SY"});
  CHECK(facts(sami, "passport_expires") == std::vector<std::string>{"01 Jan 2030"});
  CHECK(facts(sami, "birth_date") == std::vector<std::string>{"circa 1960 to 1962"});
  CHECK(sami.entity.birth_date == core::Date::parse_iso("1960"));
  // the comment row continues the cut Remarks mid-word: `Sy` + `ria`
  CHECK(facts(sami, "place_of_birth") == std::vector<std::string>{"Damascus, Syria"});
  CHECK(facts(sami, "gender") == std::vector<std::string>{"Male"});
  CHECK(sami.entity.countries == std::vector<std::string>{"SY"});
  CHECK(sami.entity.addresses == std::vector<std::string>{"Baramkeh Street, Damascus, Syria"});
  CHECK(sami.designations[0].programs == std::vector<std::string>{"SYRIA", "SDGT"});
  CHECK(sami.designations[0].measures == std::vector<std::string>{"asset_freeze", "secondary_sanctions_risk"});
  CHECK(related(s, "ofac:100", "ofac:200"));

  const auto& shipping = entry(s, "ofac:200");
  CHECK(shipping.entity.kind == model::EntityKind::bank);  // it has a SWIFT/BIC
  CHECK(ids_of(shipping) == std::set<std::string>{"bic:EXSHSYDA", "registration_id:12345"});
  CHECK(names_of(shipping, model::NameKind::fka) == std::vector<std::string>{"EXAMPLE MARITIME"});
  CHECK(shipping.designations[0].measures == std::vector<std::string>{"asset_freeze", "secondary_sanctions_risk"});

  const auto& ship = entry(s, "ofac:300");
  CHECK(ship.entity.kind == model::EntityKind::vessel);
  CHECK(ids_of(ship) == std::set<std::string>{"call_sign:YKAB1", "imo:9123456", "mmsi:352000001"});
  CHECK(facts(ship, "vessel_type") == std::vector<std::string>{"Crude Oil Tanker"});
  CHECK(facts(ship, "tonnage") == std::vector<std::string>{"12,000"});
  CHECK(facts(ship, "gross_registered_tonnage") == std::vector<std::string>{"8,000"});
  CHECK(facts(ship, "vessel_owner") == std::vector<std::string>{"Example Shipping Co."});
  CHECK(ship.entity.countries == std::vector<std::string>{"PA"});  // the flag
  CHECK(ship.entity.addresses.empty());                            // an address row of -0- only
  CHECK(related(s, "ofac:300", "ofac:200"));
}

TEST_CASE("CRLF and LF files read the same", "[ingest][lists][ofac-csv]") {
  sanx::testing::TempDir dir;
  for (const char* name : {"sdn.csv", "sdn_comments.csv", "alt.csv", "add.csv"}) {
    std::string text = sanx::testing::read_text(kFixtures / "set" / name);
    std::string crlf;
    for (const char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    dir.write(name, crlf + "\x1A");
  }
  core::Diagnostics lf_diags;
  core::Diagnostics crlf_diags;
  const auto lf = read_csv(kFixtures / "set" / "sdn.csv", lf_diags);
  const auto crlf = read_csv(dir / "sdn.csv", crlf_diags);
  INFO(all(crlf_diags));
  CHECK(crlf_diags.empty());
  REQUIRE(crlf.entries.size() == lf.entries.size());
  for (std::size_t i = 0; i < lf.entries.size(); ++i) {
    CHECK(crlf.entries[i].entity.names == lf.entries[i].entity.names);
    CHECK(crlf.entries[i].entity.identifiers == lf.entries[i].entity.identifiers);
    CHECK(crlf.entries[i].facts == lf.entries[i].facts);
  }
}

TEST_CASE("the 2021 SDN set reads whole: 8,976 entries, 11,910 aliases, 13,837 address rows, 5 comments",
          "[ingest][lists][ofac-csv][real]") {
  const fs::path dir = kLists / "ofac_sdn_2021-07";
  core::Diagnostics diags;
  const auto s = read_csv(dir / "sdn.csv", diags);
  INFO(all(diags));
  CHECK_FALSE(diags.has_errors());
  CHECK(s.source == "ofac-sdn");
  REQUIRE(s.entries.size() == 8976);
  std::map<std::string, const ingest::ListEntry*> by_num;
  for (const auto& e : s.entries) by_num[e.entity.id.substr(5)] = &e;

  // every alias row is one of its entry's names
  const auto alt = rows(dir / "alt.csv");
  CHECK(alt.size() == 11910);
  std::size_t aliases_found = 0;
  for (const auto& row : alt) {
    const auto* e = by_num.at(row[0]);
    std::string name = row[3];
    if (e->entity.kind == model::EntityKind::person && name.find(", ") != std::string::npos &&
        name.find(", ") == name.rfind(", ")) {
      name = name.substr(name.find(", ") + 2) + " " + name.substr(0, name.find(", "));
    }
    const bool found = std::any_of(e->entity.names.begin(), e->entity.names.end(), [&](const model::Name& n) { return n.text == name; });
    if (found) ++aliases_found;
  }
  CHECK(aliases_found == alt.size());

  // every address row belongs to an entry, and every entry has at least one
  const auto add = rows(dir / "add.csv");
  CHECK(add.size() == 13837);
  std::set<std::string> with_address;
  for (const auto& row : add) with_address.insert(row[0]);
  CHECK(with_address.size() == 8976);
  for (const auto& num : with_address) CHECK(by_num.count(num) == 1);

  // the five comments continue Remarks cut at 1,000 characters
  const auto comments = rows(dir / "sdn_comments.csv");
  CHECK(comments.size() == 5);
  for (const auto& row : comments) {
    const auto remarks = facts(*by_num.at(row[0]), "remarks");
    REQUIRE(remarks.size() == 1);
    CHECK(remarks[0].size() == 1000 + row[1].size());
    CHECK(remarks[0].ends_with(row[1]));
  }
  // one end to end: CIFUENTES VILLA's Remarks go on in the comment `Z S.A.S.; Linked To: …; Linked To: R D I S.A.`
  const auto& cifuentes = *by_num.at("12300");
  CHECK(facts(cifuentes, "remarks")[0].find("PROMO RAIZ S.A.S.; Linked To: RED MUNDIAL INMOBILIARIA") != std::string::npos);
  const auto rdi = std::find_if(s.entries.begin(), s.entries.end(), [](const auto& e) { return e.entity.primary_name() == "R D I S.A."; });
  REQUIRE(rdi != s.entries.end());
  CHECK(related(s, "ofac:12300", rdi->entity.id));  // named only in the comment's last part
}

TEST_CASE("real SDN entries of 2021 read field by field", "[ingest][lists][ofac-csv][real]") {
  core::Diagnostics diags;
  const auto s = read_csv(kLists / "ofac_sdn_2021-07" / "sdn.csv", diags);

  SECTION("an individual with dates of birth, place of birth and a passport: 2686 NASRALLAH") {
    const auto& e = entry(s, "ofac:2686");
    CHECK(e.entity.kind == model::EntityKind::person);
    CHECK(e.entity.primary_name() == "Hasan NASRALLAH");
    CHECK(names_of(e, model::NameKind::aka) == std::vector<std::string>{"Hasan Abd-al-Karim NASRALLAH"});
    CHECK(facts(e, "birth_date") == std::vector<std::string>{"31 Aug 1960", "31 Aug 1953", "31 Aug 1955", "31 Aug 1958"});
    CHECK(e.entity.birth_date == core::Date::ymd(1953, 8, 31));  // the earliest
    CHECK(facts(e, "place_of_birth") == std::vector<std::string>{"Al Basuriyah, Lebanon"});
    CHECK(ids_of(e) == std::set<std::string>{"passport:042833"});
    CHECK(facts(e, "passport_country") == std::vector<std::string>{"LB"});
    CHECK(facts(e, "gender") == std::vector<std::string>{"Male"});
    CHECK(e.designations[0].programs == std::vector<std::string>{"SDGT", "SYRIA"});
    CHECK(e.designations[0].measures == std::vector<std::string>{"asset_freeze", "secondary_sanctions_risk"});
    const auto hizballah = std::find_if(s.entries.begin(), s.entries.end(), [](const auto& x) { return x.entity.primary_name() == "HIZBALLAH"; });
    REQUIRE(hizballah != s.entries.end());
    CHECK(related(s, "ofac:2686", hizballah->entity.id));
  }
  SECTION("a vessel with an IMO number: 15036 ARTAVIL") {
    const auto& e = entry(s, "ofac:15036");
    CHECK(e.entity.kind == model::EntityKind::vessel);
    CHECK(e.entity.primary_name() == "ARTAVIL");
    CHECK(names_of(e, model::NameKind::fka) == std::vector<std::string>{"ABADAN", "SHONA"});
    CHECK(names_of(e, model::NameKind::weak) == std::vector<std::string>{"ALPHA"});
    CHECK(ids_of(e) == std::set<std::string>{"call_sign:T2EU4", "imo:9187629", "mmsi:572469210"});
    CHECK(facts(e, "vessel_type") == std::vector<std::string>{"Crude/Oil Products Tanker"});
    CHECK(facts(e, "former_vessel_flag") == std::vector<std::string>{"Malta", "Tuvalu", "None Identified", "Tanzania"});
    CHECK(e.entity.countries == std::vector<std::string>{"IR"});
    CHECK(e.designations[0].programs == std::vector<std::string>{"IRAN"});
    const auto nitc = std::find_if(s.entries.begin(), s.entries.end(), [](const auto& x) { return x.entity.primary_name() == "NATIONAL IRANIAN TANKER COMPANY"; });
    REQUIRE(nitc != s.entries.end());
    CHECK(related(s, "ofac:15036", nitc->entity.id));
  }
}

TEST_CASE("17013 VTB BANK of the consolidated CSV reads field by field", "[ingest][lists][ofac-csv][real]") {
  core::Diagnostics diags;
  const auto s = read_csv(kLists / "ofac_cons_2025-12" / "cons_prim.csv", diags);
  CHECK(s.source == "ofac-cons");
  CHECK(s.entries.size() == 442);
  const auto& e = entry(s, "ofac:17013");
  CHECK(e.entity.kind == model::EntityKind::bank);
  CHECK(e.entity.primary_name() == "VTB BANK PUBLIC JOINT STOCK COMPANY");
  CHECK(names_of(e, model::NameKind::weak) == std::vector<std::string>{"JSC VTB BANK NEW DELHI BRANCH"});
  CHECK(names_of(e, model::NameKind::fka).size() == 21);  // the fka rows of 17013 in cons_alt.csv
  CHECK(ids_of(e) == std::set<std::string>{"bic:VTBRRUMM", "website:www.vtb.com", "website:www.vtb.ru",
                                           "registration_id:1027739609391", "tax_id:7702070139",
                                           "lei:253400V1H6ART1UQ0N98"});
  CHECK(e.entity.incorporated == core::Date::ymd(1990, 10, 17));
  CHECK(e.entity.countries == std::vector<std::string>{"RU", "IN", "CN"});
  CHECK(facts(e, "bik") == std::vector<std::string>{"044030707", "044525187"});
  CHECK(facts(e, "eo13662_directive") == std::vector<std::string>{"Subject to Directive 1"});
  REQUIRE(e.designations.size() == 1);
  CHECK(e.designations[0].list == "CONS");
  CHECK(e.designations[0].programs == std::vector<std::string>{"UKRAINE-EO13662", "RUSSIA-EO14024"});
  CHECK(e.designations[0].measures == std::vector<std::string>{"sectoral", "secondary_sanctions_risk"});
  CHECK(related(s, "ofac:18721", "ofac:17013"));  // VTB BANK BELARUS: Linked To: VTB BANK PUBLIC JOINT STOCK COMPANY
}

TEST_CASE("a companion row for an unknown ent_num is an error with file, line and column", "[ingest][lists][ofac-csv]") {
  sanx::testing::TempDir dir;
  dir.write("sdn.csv", kAero);
  dir.write("add.csv", "36,25,-0- ,\"Havana\",\"Cuba\",-0- \r\n999,26,-0- ,\"Havana\",\"Cuba\",-0- \r\n");
  core::Diagnostics diags;
  (void)read_csv(dir / "sdn.csv", diags);
  const auto* d = find_code(diags, "E2304");
  REQUIRE(d != nullptr);
  CHECK(d->where.file == (dir / "add.csv").string());
  CHECK(d->where.line == 2);
  CHECK(d->where.column == 1);
  CHECK(d->where.length == 3);
}

TEST_CASE("rows with a wrong number of fields, a non-numeric or a duplicate ent_num are errors",
          "[ingest][lists][ofac-csv]") {
  core::Diagnostics diags;
  const auto s = read_sdn_text(std::string(kAero) + "37,\"SHORT\",-0- ,\"CUBA\"\r\nX38,\"BAD\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n" +
                           std::string(kAero), diags);
  CHECK(s.entries.size() == 1);
  REQUIRE(diags.error_count() == 3);
  CHECK(diags.items()[0].code == "E2301");
  CHECK(diags.items()[0].where.line == 2);
  CHECK(diags.items()[1].code == "E2302");
  CHECK(diags.items()[1].where.line == 3);
  CHECK(diags.items()[2].code == "E2303");
  CHECK(diags.items()[2].where.line == 4);
  CHECK(diags.items()[2].related.at(0).where.line == 1);
}

TEST_CASE("reading stops after max_errors errors", "[ingest][lists][ofac-csv]") {
  std::string text;
  for (int i = 0; i < 5; ++i) text += "X,\"BAD\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n";
  core::Diagnostics diags;
  ingest::ListReadOptions options;
  options.max_errors = 2;
  (void)read_sdn_text(text, diags, options);
  CHECK(diags.error_count() == 2);
}

TEST_CASE("an unreadable date of birth is a warning and the text is kept", "[ingest][lists][ofac-csv]") {
  core::Diagnostics diags;
  const auto s = read_sdn_text("2674,\"ABBAS, Abu\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 10 Dex 1948; POB Safed.\"\r\n", diags);
  CHECK_FALSE(diags.has_errors());
  const auto* d = find_code(diags, "W2401");
  REQUIRE(d != nullptr);
  CHECK(d->where.line == 1);
  CHECK(d->where.column == 79);  // `10 Dex 1948` after `"DOB `
  CHECK(d->where.length == 11);
  REQUIRE(s.entries.size() == 1);
  CHECK(facts(s.entries[0], "birth_date") == std::vector<std::string>{"10 Dex 1948"});
  CHECK_FALSE(s.entries[0].entity.birth_date.has_value());
}

TEST_CASE("a byte that is not UTF-8 is an error", "[ingest][lists][ofac-csv]") {
  core::Diagnostics diags;
  (void)read_sdn_text(std::string(kAero) + "37,\"CAF\xC9 CUBA\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", diags);
  const auto* d = find_code(diags, "E2011");
  REQUIRE(d != nullptr);
  CHECK(d->where.line == 2);
}

TEST_CASE("an unknown program code is kept, with a warning", "[ingest][lists][ofac-csv]") {
  core::Diagnostics diags;
  const auto s = read_sdn_text("36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA] [MOON-EO99999\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", diags);
  CHECK_FALSE(diags.has_errors());
  const auto* d = find_code(diags, "W2404");
  REQUIRE(d != nullptr);
  CHECK(d->where.column == 42);
  REQUIRE(s.entries.size() == 1);
  CHECK(s.entries[0].designations[0].programs == std::vector<std::string>{"CUBA", "MOON-EO99999"});
}

TEST_CASE("OFAC dates: full, partial, circa and ranges give the earliest date", "[ingest][lists][ofac-csv]") {
  namespace ofac = sanx::ingest::ofac;
  CHECK(ofac::parse_ofac_date("10 Dec 1948") == core::Date::ymd(1948, 12, 10));
  CHECK(ofac::parse_ofac_date("Dec 1948") == core::Date::parse_iso("1948-12"));
  CHECK(ofac::parse_ofac_date("1948.") == core::Date::parse_iso("1948"));
  CHECK(ofac::parse_ofac_date("circa 01 Jul 1951") == core::Date::ymd(1951, 7, 1));
  CHECK(ofac::parse_ofac_date("circa 1951-1953") == core::Date::parse_iso("1951"));
  CHECK(ofac::parse_ofac_date("01 Jan 1960 to 31 Dec 1962") == core::Date::ymd(1960, 1, 1));
  CHECK(ofac::parse_ofac_date("Mar 1960 to Feb 1961") == core::Date::parse_iso("1960-03"));
  CHECK_FALSE(ofac::parse_ofac_date("31 Feb 1960").has_value());
  CHECK_FALSE(ofac::parse_ofac_date("10 Dex 1948").has_value());
  CHECK_FALSE(ofac::parse_ofac_date("").has_value());
}

TEST_CASE("OFAC country names map to ISO 3166 alpha-2", "[ingest][lists][ofac-csv]") {
  namespace ofac = sanx::ingest::ofac;
  CHECK(ofac::country_code("Russia") == "RU");
  CHECK(ofac::country_code("Korea, North") == "KP");
  CHECK(ofac::country_code("Burma") == "MM");
  CHECK(ofac::country_code("Congo, Democratic Republic of the") == "CD");
  CHECK(ofac::country_code("Palestinian") == "PS");
  CHECK(ofac::country_code("Region: Gaza") == "PS");
  CHECK(ofac::country_code("Kosovo") == "XK");
  CHECK(ofac::country_code("UNITED KINGDOM") == "GB");
  CHECK_FALSE(ofac::country_code("Netherlands Antilles").has_value());  // dissolved: no current code
  CHECK_FALSE(ofac::country_code("Jalisco").has_value());
}

TEST_CASE("individuals' names are reordered only when OFAC writes exactly one `, `", "[ingest][lists][ofac-csv]") {
  namespace ofac = sanx::ingest::ofac;
  CHECK(ofac::display_name("ABBAS, Abu", true) == "Abu ABBAS");
  CHECK(ofac::display_name("ANGLO-CARIBBEAN CO., LTD.", false) == "ANGLO-CARIBBEAN CO., LTD.");
  CHECK(ofac::display_name("AL-ZAWAHIRI, Ayman, Dr.", true) == "AL-ZAWAHIRI, Ayman, Dr.");
  CHECK(ofac::display_name("HANIYA", true) == "HANIYA");
}

TEST_CASE("the 10 comments of the consolidated CSV continue their entries' Remarks", "[ingest][lists][ofac-csv][real]") {
  const fs::path dir = kLists / "ofac_cons_2025-12";
  core::Diagnostics diags;
  const auto s = read_csv(dir / "cons_prim.csv", diags);
  CHECK_FALSE(diags.has_errors());
  CHECK(s.files.size() == 4);
  const auto comments = rows(dir / "cons_comments.csv");
  REQUIRE(comments.size() == 10);
  for (const auto& row : comments) {
    const auto remarks = facts(entry(s, "ofac:" + row[0]), "remarks");
    REQUIRE(remarks.size() == 1);
    CHECK(remarks[0].size() == 1000 + row[1].size());
    CHECK(remarks[0].ends_with(row[1]));
  }
}
