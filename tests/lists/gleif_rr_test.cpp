// Reading the `gleif-rr` format: GLEIF Level-2 relationship records (RR-CDF XML, and the same as JSON).
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "sanx/core/diagnostic.hpp"
#include "sanx/ingest/lists.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
namespace core = sanx::core;
namespace ingest = sanx::ingest;
namespace model = sanx::model;

namespace {

const fs::path kData = fs::path(SANX_TEST_DATA_DIR) / "lists/gleif";

ingest::ListSnapshot read(const fs::path& p, core::Diagnostics& diags) { return ingest::read_gleif_rr(p, diags, {}); }

/// `source -kind-> target basis share start..end` for comparing relations in one line.
std::vector<std::string> relations(const ingest::ListSnapshot& s) {
  std::vector<std::string> out;
  for (const auto& r : s.relations) {
    std::string line = r.source + " -" + std::string(model::to_string(r.kind)) + "-> " + r.target;
    if (!r.basis.empty()) line += " " + r.basis;
    if (r.share) line += " " + r.share->to_string();
    line += " " + (r.start ? r.start->to_string() : std::string("?")) + ".." + (r.end ? r.end->to_string() : std::string());
    out.push_back(line);
  }
  return out;
}

/// An RR file with one record between two LEIs of the given type and start date.
std::string one_record(const std::string& child, const std::string& parent, const std::string& type,
                       const std::string& start) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<rr:RelationshipData xmlns:rr=\"http://www.gleif.org/data/schema/rr/2016\">\n"
         "<rr:RelationshipRecords>\n"
         "<rr:RelationshipRecord>\n"
         "<rr:Relationship>\n"
         "<rr:StartNode><rr:NodeID>" + child + "</rr:NodeID></rr:StartNode>\n"
         "<rr:EndNode><rr:NodeID>" + parent + "</rr:NodeID></rr:EndNode>\n"
         "<rr:RelationshipType>" + type + "</rr:RelationshipType>\n"
         "<rr:RelationshipPeriods><rr:RelationshipPeriod>\n"
         "<rr:StartDate>" + start + "</rr:StartDate><rr:PeriodType>RELATIONSHIP_PERIOD</rr:PeriodType>\n"
         "</rr:RelationshipPeriod></rr:RelationshipPeriods>\n"
         "<rr:RelationshipStatus>ACTIVE</rr:RelationshipStatus>\n"
         "</rr:Relationship>\n"
         "</rr:RelationshipRecord>\n"
         "</rr:RelationshipRecords>\n"
         "</rr:RelationshipData>\n";
}

ingest::ListSnapshot read_text(const std::string& text, core::Diagnostics& diags) {
  sanx::testing::TempDir dir;
  return read(dir.write("rr.xml", text), diags);
}

const std::string kChild = "5493000SUBSIDIARY001";
const std::string kParent = "5493000HEADOFFICE001";

}  // namespace

TEST_CASE("the real GLEIF RR extract gives one relation per record, parent to child", "[ingest][lists][gleif-rr]") {
  core::Diagnostics diags;
  const auto snap = read(kData / "rr-data.xml", diags);
  CHECK(diags.empty());
  CHECK(snap.source == "gleif");
  CHECK(snap.as_of->to_string() == "2023-06-05");
  CHECK(snap.entries.empty());
  const auto rels = relations(snap);
  REQUIRE(rels.size() == 10);
  CHECK(rels[0] == "lei:5493001Z012YSB2A0K51 -control-> lei:001GPB6A9XPE8XJICC14 fund_management 2012-11-29..");
  CHECK(rels[1] == "lei:C7J4FOV6ELAVE39B7M82 -control-> lei:001GPB6A9XPE8XJICC14 umbrella_fund 2012-11-29..");
  CHECK(rels[7] == "lei:ZZG38T0MDR3QY1ETUA76 -control-> lei:010CMKZ3VON21WF2ZD45 accounting_consolidation 2018-02-06..");
  CHECK(rels[8] ==
        "lei:3C7474T6CDKPR9K6YT90 -control-> lei:010CMKZ3VON21WF2ZD45 ultimate_accounting_consolidation 2018-02-06..");
}

TEST_CASE("the JSON form of the GLEIF RR records reads as the XML does", "[ingest][lists][gleif-rr]") {
  core::Diagnostics xml_diags;
  core::Diagnostics json_diags;
  const auto from_xml = read(kData / "rr-data.xml", xml_diags);
  const auto from_json = read(kData / "rr-data.json", json_diags);
  CHECK(json_diags.empty());
  CHECK(relations(from_json) == relations(from_xml));
}

TEST_CASE("only the relationship period dates a relation, not the accounting period", "[ingest][lists][gleif-rr]") {
  core::Diagnostics diags;
  const auto rels = relations(read(kData / "rr-updates-data2.xml", diags));
  CHECK(diags.empty());
  REQUIRE(rels.size() == 11);
  CHECK(rels[4] == "lei:549300JB1P61FUTPEZ75 -control-> lei:097900BHF50000076475 accounting_consolidation 2022-10-24..");
}

TEST_CASE("a branch is owned in full, and an inactive relationship ends", "[ingest][lists][gleif-rr]") {
  core::Diagnostics diags;
  CHECK(relations(read(kData / "rr-branch-inactive.xml", diags)) ==
        std::vector<std::string>{
            "lei:5493000HEADOFFICE001 -ownership-> lei:5493000BRANCH0000001 100 2010-01-04..",
            "lei:5493000HEADOFFICE001 -control-> lei:5493000SUBSIDIARY001 accounting_consolidation 2015-07-01..2023-09-30",
            "lei:5493000HEADOFFICE001 -control-> lei:5493000SUBSIDIARY002 accounting_consolidation 2012-01-01..2020-06-30",
        });
  CHECK(diags.empty());
}

TEST_CASE("a truncated RR file is an error with its line", "[ingest][lists][gleif-rr]") {
  core::Diagnostics diags;
  const std::string whole = one_record(kChild, kParent, "IS_DIRECTLY_CONSOLIDATED_BY", "2015-07-01");
  const auto snap = read_text(whole.substr(0, whole.find("</rr:RelationshipRecord>")), diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "E2351");
  CHECK(diags.items()[0].where.line == 13);
  CHECK(snap.relations.empty());
}

TEST_CASE("an RR file that is not UTF-8 is an error at the byte", "[ingest][lists][gleif-rr]") {
  core::Diagnostics diags;
  (void)read_text(one_record(kChild, kParent, "IS_DIRECTLY_CONSOLIDATED_BY", "2015-07-01") + "<!-- Soci\xE9t\xE9 -->\n", diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "E2346");
  CHECK(diags.items()[0].where.line == 17);
  CHECK(diags.items()[0].where.column == 10);
}

TEST_CASE("a node that is not an LEI is an error with the element path", "[ingest][lists][gleif-rr]") {
  core::Diagnostics diags;
  const auto snap = read_text(one_record("NOT-AN-LEI", kParent, "IS_DIRECTLY_CONSOLIDATED_BY", "2015-07-01"), diags);
  REQUIRE(diags.error_count() == 1);
  const auto& d = diags.items()[0];
  CHECK(d.code == "E2350");
  CHECK(d.where.line == 6);
  REQUIRE(d.notes.size() == 1);
  CHECK(d.notes[0] == "note: in element /RelationshipData/RelationshipRecords/RelationshipRecord/Relationship/StartNode/NodeID");
  CHECK(snap.relations.empty());
}

TEST_CASE("an impossible relationship start date is an error at the element", "[ingest][lists][gleif-rr]") {
  core::Diagnostics diags;
  (void)read_text(one_record(kChild, kParent, "IS_DIRECTLY_CONSOLIDATED_BY", "2020-13-01T00:00:00Z"), diags);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.items()[0].code == "E2348");
  CHECK(diags.items()[0].where.line == 10);
}

TEST_CASE("a relationship type sanx does not read is a warning and the record is skipped", "[ingest][lists][gleif-rr]") {
  core::Diagnostics diags;
  const auto snap = read_text(one_record(kChild, kParent, "IS_PEN_PAL_OF", "2015-07-01"), diags);
  CHECK_FALSE(diags.has_errors());
  REQUIRE(diags.warning_count() == 1);
  CHECK(diags.items()[0].code == "W2445");
  CHECK(snap.relations.empty());
}
