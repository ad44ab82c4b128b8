// Saving audit runs and their findings.
#include "sanx/store/runs.hpp"

#include "store/database_impl.hpp"
#include "store/sqlite.hpp"

namespace sanx::store {

std::string utc_now() { return detail::utc_now_iso(); }

RunId save_run(Database& database, const RunRecord& run, const std::vector<FindingRecord>& findings) {
  return save_run(database, run, findings.size(), [&](std::size_t i) -> const FindingRecord& { return findings[i]; });
}

RunId save_run(Database& database, const RunRecord& run, std::size_t count,
               const std::function<const FindingRecord&(std::size_t)>& finding) {
  Database::Impl& impl = database.impl();
  sqlite3* db = impl.db.get();
  detail::exec(db, impl.path_text, "BEGIN IMMEDIATE", "begin saving a run");
  try {
    detail::Statement insert_run(db, impl.path_text,
                                 "INSERT INTO runs(started_at, finished_at, command, rules_digest, as_of, status, "
                                 "summary) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    insert_run.bind_text(1, run.started_at);
    insert_run.bind_text_or_null(2, run.finished_at);
    insert_run.bind_text(3, run.command);
    insert_run.bind_text_or_null(4, run.rules_digest);
    insert_run.bind_text_or_null(5, run.as_of);
    insert_run.bind_text(6, run.status);
    insert_run.bind_text_or_null(7, run.summary_json);
    insert_run.run();
    const RunId id = sqlite3_last_insert_rowid(db);

    detail::Statement insert(db, impl.path_text,
                             "INSERT INTO findings(run_id, rule, pattern, severity, outcome, subject_kind, subject_id, "
                             "subject_date, reason, regimes, evidence, missing, source, created_at) "
                             "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    const std::string& created_at = run.finished_at.empty() ? run.started_at : run.finished_at;
    for (std::size_t i = 0; i < count; ++i) {
      const FindingRecord& f = finding(i);
      insert.bind_int(1, id);
      insert.bind_text(2, f.rule);
      insert.bind_text_or_null(3, f.pattern);
      insert.bind_text(4, f.severity);
      insert.bind_text(5, f.outcome);
      insert.bind_text(6, f.subject_kind);
      insert.bind_text(7, f.subject_id);
      insert.bind_text_or_null(8, f.subject_date);
      insert.bind_text_or_null(9, f.reason);
      insert.bind_text_or_null(10, f.regimes);
      insert.bind_text_or_null(11, f.evidence_json);
      insert.bind_text_or_null(12, f.missing);
      insert.bind_text_or_null(13, f.source);
      insert.bind_text(14, created_at);
      insert.run();
    }
    detail::exec(db, impl.path_text, "COMMIT", "commit the run");
    return id;
  } catch (...) {
    // Undo the partial run; the original error is what the caller needs to see.
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace sanx::store
