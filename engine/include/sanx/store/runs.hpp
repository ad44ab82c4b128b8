/// \file
/// Audit runs and their findings, kept so that a run can be reproduced and compared: which rules (by
/// digest), as of which date, over which dataset versions, and what they found.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sanx/store/database.hpp"

namespace sanx::store {

using RunId = std::int64_t;

struct RunRecord {
  std::string command;       ///< e.g. "audit --rules rules"
  std::string rules_digest;  ///< compile::RuleSet::digest()
  std::string as_of;         ///< ISO date or empty
  std::string started_at;    ///< UTC ISO 8601
  std::string finished_at;
  std::string status;        ///< "completed"
  std::string summary_json;  ///< counts by severity and rule, dataset versions: a JSON object
};

/// One finding, flattened for storage (the evaluator's Finding lives in a layer above the store).
struct FindingRecord {
  std::string rule;
  std::string pattern;
  std::string severity;
  std::string outcome;  ///< fired | undetermined
  std::string subject_kind;
  std::string subject_id;
  std::string subject_date;
  std::string reason;
  std::string regimes;        ///< '|'-joined
  std::string evidence_json;  ///< JSON object
  std::string missing;        ///< '|'-joined field paths
  std::string source;         ///< file:line
};

/// Who makes sure that every finding's evidence_json is a JSON object and its outcome fired or
/// undetermined. database: the findings table's CHECKs, row by row. writer: the caller, whose records are so
/// by construction (the audit's, written by report::FindingJson); the CHECKs are then skipped for these
/// rows (they stay in the schema for every other writer): json_valid alone re-parsed each evidence object
/// and cost about a third of saving an audit's findings.
enum class FindingChecks { database, writer };

/// Stores a run and all its findings in one transaction. Throws StoreError.
RunId save_run(Database& db, const RunRecord& run, const std::vector<FindingRecord>& findings);

/// The same for `count` findings handed over one at a time: `finding(i)` returns the i-th, which is stored
/// before finding(i + 1) is asked for. So a caller can refill one record instead of holding a copy of
/// every finding (an audit's findings run to hundreds of thousands).
RunId save_run(Database& db, const RunRecord& run, std::size_t count,
               const std::function<const FindingRecord&(std::size_t)>& finding,
               FindingChecks checks = FindingChecks::database);

/// Current UTC time as `YYYY-MM-DDTHH:MM:SSZ` (the one place the store reads the clock).
[[nodiscard]] std::string utc_now();

}  // namespace sanx::store
