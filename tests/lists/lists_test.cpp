// The list formats as a whole: names, and reading by format name.
#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>
#include <string_view>

#include "sanx/core/error.hpp"
#include "sanx/ingest/lists.hpp"
#include "support/temp_dir.hpp"

namespace ingest = sanx::ingest;

TEST_CASE("every list format name parses back to its format", "[ingest][lists]") {
  REQUIRE(ingest::all_list_formats().size() == 9);
  for (const ingest::ListFormat f : ingest::all_list_formats()) {
    CHECK(ingest::parse_list_format(ingest::to_string(f)) == f);
  }
  CHECK_FALSE(ingest::parse_list_format("ofac").has_value());
}

namespace {

const std::filesystem::path kLists = std::filesystem::path(SANX_SOURCE_DIR) / "datasets" / "lists";

std::optional<ingest::ListFormat> detect_text(const sanx::testing::TempDir& dir, std::string_view name, std::string_view text) {
  return ingest::detect_list_format(dir.write(name, text));
}

}  // namespace

TEST_CASE("the bundled list files are recognised by their content", "[ingest][lists][detect]") {
  using F = ingest::ListFormat;
  CHECK(ingest::detect_list_format(kLists / "ofac_sdn_2021-07" / "sdn.csv") == F::ofac_csv);
  CHECK(ingest::detect_list_format(kLists / "ofac_cons_2025-12" / "cons_prim.csv") == F::ofac_csv);
  CHECK(ingest::detect_list_format(kLists / "ofac_cons_xml_2026-01" / "ofac.xml") == F::ofac_xml);
  CHECK(ingest::detect_list_format(kLists / "ofac_cons_advanced_2020-03" / "cons_advanced.xml") == F::ofac_advanced);
  CHECK(ingest::detect_list_format(kLists / "un_consolidated_2026-02" / "UN_consolidated.xml") == F::un_xml);
  CHECK(ingest::detect_list_format(kLists / "uk_ofsi_conlist_2018-04" / "sanctionsconlist.csv") == F::uk_csv);
  CHECK(ingest::detect_list_format(kLists / "uk_ofsi_conlist_2025-04" / "ConList_2025-04-10_Russia.derived.csv") == F::uk_csv);
  // companions are not lists of their own
  CHECK_FALSE(ingest::detect_list_format(kLists / "ofac_sdn_2021-07" / "alt.csv").has_value());
}

TEST_CASE("small files of each format are recognised by their first bytes", "[ingest][lists][detect]") {
  using F = ingest::ListFormat;
  sanx::testing::TempDir dir;
  CHECK(detect_text(dir, "a.xml", "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x -->\n<export xmlns=\"http://eu.europa.ec/fpi/fsd/export\" generationDate=\"2024-01-01\">") == F::eu_xml);
  CHECK_FALSE(detect_text(dir, "b.xml", "<export xmlns=\"urn:other\">").has_value());
  CHECK(detect_text(dir, "c.xml", "<?xml version=\"1.0\"?><rr:RelationshipData xmlns:rr=\"http://www.gleif.org/data/schema/rr/2016\">") == F::gleif_rr);
  CHECK(detect_text(dir, "d.xml", "<sdn:sdnList xmlns:sdn=\"x\">") == F::ofac_xml);
  CHECK(detect_text(dir, "e.json", "{\"id\":\"NK-1\",\"schema\":\"Person\",\"properties\":{}}\n{\"id\":\"NK-2\",\"schema\":\"Company\"}\n") == F::ftm);
  CHECK(detect_text(dir, "f.json", "[\n  {\n    \"statementId\": \"1\",\n    \"recordType\": \"entity\"\n  }\n]") == F::bods);
  CHECK(detect_text(dir, "g.json", "[{\"statementID\": \"1\", \"statementType\": \"entityStatement\"}]") == F::bods);
  CHECK(detect_text(dir, "h.json", "[{\"Relationship\": {\"StartNode\": {\"NodeID\": \"X\"}, \"RelationshipType\": \"IS_DIRECTLY_CONSOLIDATED_BY\"}}]") == F::gleif_rr);
  CHECK(detect_text(dir, "i.csv", "36,\"AEROCARIBBEAN AIRLINES\",-0- ,\"CUBA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n") == F::ofac_csv);
  CHECK(detect_text(dir, "j.csv", "Last Updated,13/04/2018,,,\nName 6,Name 1,Group Type,Group ID\n") == F::uk_csv);
  CHECK(detect_text(dir, "k.csv", "Report Date: 01-Jan-2025\nLast Updated,Unique ID,OFSI Group ID\n") == F::uk_csv);
  CHECK_FALSE(detect_text(dir, "l.csv", "id,kind,name\ne1,company,ACME\n").has_value());
  // failing the content, OFAC's file names
  CHECK(detect_text(dir, "SDN.XML", "") == F::ofac_xml);
  CHECK(detect_text(dir, "cons_advanced.xml", "") == F::ofac_advanced);
}

TEST_CASE("detecting the format of a missing file is an I/O error", "[ingest][lists][detect]") {
  CHECK_THROWS_AS(ingest::detect_list_format("/nonexistent/sdn.csv"), sanx::IoError);
}
