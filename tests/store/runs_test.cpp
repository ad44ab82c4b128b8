// Specification of how audit runs and their findings are kept.
#include <catch2/catch.hpp>

#include <map>

#include "sanx/core/error.hpp"
#include "sanx/store/runs.hpp"
#include "store/store_test_support.hpp"
#include "support/temp_dir.hpp"

namespace store = sanx::store;

namespace {

store::FindingRecord finding(std::string subject, std::string evidence_json = R"({"p.network":"SPFS"})") {
  store::FindingRecord f;
  f.rule = "corridors.spfs_cross_border";
  f.pattern = "spfs_cross_border_message";
  f.severity = "high";
  f.outcome = "fired";
  f.subject_kind = "payment";
  f.subject_id = std::move(subject);
  f.subject_date = "2024-07-01";
  f.reason = "SPFS payment";
  f.regimes = "EU|OFAC";
  f.evidence_json = std::move(evidence_json);
  f.source = "payments.csv:2";
  return f;
}

store::RunRecord run() {
  store::RunRecord r;
  r.command = "audit --rules rules";
  r.rules_digest = "abc";
  r.started_at = r.finished_at = "2026-11-29T20:00:00Z";
  r.status = "completed";
  r.summary_json = R"({"findings":2})";
  return r;
}

std::map<std::string, std::int64_t> counts(const store::Database& db) {
  std::map<std::string, std::int64_t> out;
  for (const auto& t : db.stats().tables) out[t.table] = t.rows;
  return out;
}

}  // namespace

TEST_CASE("a run is stored with all its findings", "[store][runs]") {
  sanx::testing::TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  const auto id = store::save_run(db, run(), {finding("P1"), finding("P2")});
  CHECK(id == 1);
  CHECK(counts(db)["runs"] == 1);
  CHECK(counts(db)["findings"] == 2);
  CHECK(store::save_run(db, run(), {}) == 2);
}

TEST_CASE("a run whose findings cannot be stored leaves nothing behind", "[store][runs][errors]") {
  sanx::testing::TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  // Evidence must be a JSON object: the schema's CHECK refuses the second finding.
  CHECK_THROWS_AS(store::save_run(db, run(), {finding("P1"), finding("P2", "not json")}), sanx::StoreError);
  CHECK(counts(db)["runs"] == 0);
  CHECK(counts(db)["findings"] == 0);
}

TEST_CASE("findings handed over one at a time from one refilled record are each stored as they were", "[store][runs]") {
  sanx::testing::TempDir dir;
  {
    auto db = store::Database::open(dir / "sanx.db");
    const std::vector<std::string> subjects = {"P1-with-a-long-identifier", "P2", ""};
    store::FindingRecord record;
    const auto id = store::save_run(db, run(), subjects.size(), [&](std::size_t i) -> const store::FindingRecord& {
      record = finding(subjects[i], i == 1 ? R"({"p.amount":"2"})" : R"({"p.network":"SPFS"})");
      if (i == 1) record.pattern.clear();
      return record;
    });
    CHECK(id == 1);
  }
  const sanx::testing::RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM findings WHERE run_id = 1") == 3);
  CHECK(raw.text("SELECT group_concat(subject_id, ',') FROM (SELECT subject_id FROM findings ORDER BY id)") ==
        "P1-with-a-long-identifier,P2,");
  CHECK(raw.text("SELECT evidence FROM findings WHERE subject_id = 'P2'") == R"({"p.amount":"2"})");
  CHECK(raw.text("SELECT pattern FROM findings WHERE subject_id = 'P2'") == "<null>");
  CHECK(raw.text("SELECT pattern FROM findings WHERE subject_id = 'P1-with-a-long-identifier'") ==
        "spfs_cross_border_message");
}

TEST_CASE("a run of many findings stores every one in order, in batches and one by one", "[store][runs]") {
  sanx::testing::TempDir dir;
  std::vector<store::FindingRecord> findings;
  std::string subjects;
  for (int i = 0; i < 70; ++i) {  // two batches of 32 and 6 more
    findings.push_back(finding("P" + std::to_string(i), R"({"n":")" + std::to_string(i) + "\"}"));
    if (i % 3 == 0) findings.back().pattern.clear();
    subjects += (i == 0 ? "P" : ",P") + std::to_string(i);
  }
  {
    auto db = store::Database::open(dir / "sanx.db");
    CHECK(store::save_run(db, run(), findings) == 1);
  }
  const sanx::testing::RawDb raw(dir / "sanx.db");
  CHECK(raw.integer("SELECT count(*) FROM findings WHERE run_id = 1") == 70);
  CHECK(raw.text("SELECT group_concat(subject_id, ',') FROM (SELECT subject_id FROM findings ORDER BY id)") == subjects);
  for (int i = 0; i < 70; ++i) {  // a batch's slot holds a pattern, then none, then one again
    const std::string where = " FROM findings WHERE subject_id = 'P" + std::to_string(i) + "'";
    CHECK(raw.text("SELECT evidence" + where) == R"({"n":")" + std::to_string(i) + "\"}");
    CHECK(raw.text("SELECT pattern" + where) == (i % 3 == 0 ? "<null>" : "spfs_cross_border_message"));
  }
}

TEST_CASE("a finding that cannot be stored in the middle of a batch leaves nothing behind", "[store][runs][errors]") {
  sanx::testing::TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  std::vector<store::FindingRecord> findings;
  for (int i = 0; i < 40; ++i) findings.push_back(finding("P" + std::to_string(i), i == 20 ? "not json" : "{}"));
  CHECK_THROWS_AS(store::save_run(db, run(), findings), sanx::StoreError);
  CHECK(counts(db)["runs"] == 0);
  CHECK(counts(db)["findings"] == 0);
}

TEST_CASE("findings whose writer vouches for them skip the table's checks, which apply again after", "[store][runs]") {
  sanx::testing::TempDir dir;
  auto db = store::Database::open(dir / "sanx.db");
  const std::vector<store::FindingRecord> vouched = {finding("P1"), finding("P2", "not json")};
  const auto at = [&](std::size_t i) -> const store::FindingRecord& { return vouched[i]; };
  // The store takes the writer's word: what it is given is what it keeps.
  CHECK(store::save_run(db, run(), vouched.size(), at, store::FindingChecks::writer) == 1);
  CHECK(counts(db)["findings"] == 2);
  CHECK_THROWS_AS(store::save_run(db, run(), vouched.size(), at), sanx::StoreError);
  CHECK_THROWS_AS(store::save_run(db, run(), {finding("P3", "[1")}), sanx::StoreError);
  CHECK(counts(db)["runs"] == 1);
}

TEST_CASE("the store's clock reads as UTC ISO 8601", "[store][runs]") {
  const auto now = store::utc_now();
  REQUIRE(now.size() == 20);
  CHECK(now[4] == '-');
  CHECK(now[10] == 'T');
  CHECK(now.back() == 'Z');
}
