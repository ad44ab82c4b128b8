// Saving audit runs and their findings.
#include "sanx/store/runs.hpp"

#include <iterator>
#include <string>
#include <vector>

#include "store/database_impl.hpp"
#include "store/sqlite.hpp"

namespace sanx::store {

namespace {

/// The text columns of a finding after run_id, in the order of insert_findings_sql (created_at follows).
struct TextColumn {
  std::string FindingRecord::*field;
  bool null_when_empty;  ///< the schema keeps "no value" as NULL
};
constexpr TextColumn kTextColumns[] = {
    {&FindingRecord::rule, false},         {&FindingRecord::pattern, true},      {&FindingRecord::severity, false},
    {&FindingRecord::outcome, false},      {&FindingRecord::subject_kind, false}, {&FindingRecord::subject_id, false},
    {&FindingRecord::subject_date, true},  {&FindingRecord::reason, true},       {&FindingRecord::regimes, true},
    {&FindingRecord::evidence_json, true}, {&FindingRecord::missing, true},      {&FindingRecord::source, true},
};
constexpr std::size_t kFindingColumns = std::size(kTextColumns) + 2;  // and run_id, created_at
constexpr std::size_t kRowsPerInsert = 32;  // 448 parameters, far below SQLite's limit

/// INSERT of `rows` findings, parameters numbered row by row in the column order below.
std::string insert_findings_sql(std::size_t rows) {
  return detail::insert_rows_sql(
      "INSERT INTO findings(run_id, rule, pattern, severity, outcome, subject_kind, subject_id, subject_date, "
      "reason, regimes, evidence, missing, source, created_at) VALUES ",
      kFindingColumns, rows);
}

}  // namespace

std::string utc_now() { return detail::utc_now_iso(); }

RunId save_run(Database& database, const RunRecord& run, const std::vector<FindingRecord>& findings) {
  return save_run(database, run, findings.size(), [&](std::size_t i) -> const FindingRecord& { return findings[i]; });
}

RunId save_run(Database& database, const RunRecord& run, std::size_t count,
               const std::function<const FindingRecord&(std::size_t)>& finding, FindingChecks checks) {
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

    // The pragma decides when a statement is prepared (setting it expires those prepared before), so it
    // is set before the findings' inserts are prepared and cleared whatever happens: the connection
    // checks again for everything after.
    const bool skip_checks = checks == FindingChecks::writer;
    if (skip_checks) detail::exec(db, impl.path_text, "PRAGMA ignore_check_constraints = ON", "save findings");
    struct Restore {
      sqlite3* db;
      bool on;
      ~Restore() {
        if (on) sqlite3_exec(db, "PRAGMA ignore_check_constraints = OFF", nullptr, nullptr, nullptr);
      }
    } restore{db, skip_checks};

    // Findings go in kRowsPerInsert to a statement: each statement's own cost (starting, halting,
    // resetting) then counts once per batch instead of once per finding. The rest go one at a time.
    const std::string& created_at = run.finished_at.empty() ? run.started_at : run.finished_at;
    const auto bind = [&](detail::Statement& insert, int first, const FindingRecord& f) {
      insert.bind_int(first + 1, id);
      int column = first + 2;
      for (const TextColumn& text : kTextColumns) {
        if (text.null_when_empty) {
          insert.bind_text_or_null(column++, f.*text.field);
        } else {
          insert.bind_text(column++, f.*text.field);
        }
      }
      insert.bind_text(column, created_at);
    };
    // A batch's slot k keeps the text bound to its parameters, and the binding stays after each run: a
    // column whose text is what the slot already holds is not bound again. Findings come rule by rule, so
    // the rule's texts (rule, pattern, severity, kind, regimes), the outcome and usually `missing` are bound
    // about once per rule rather than per finding; run_id and created_at once per slot.
    const auto rebind = [&](detail::Statement& insert, int first, FindingRecord& slot, const FindingRecord& f) {
      int column = first + 2;
      for (const TextColumn& text : kTextColumns) {
        std::string& held = slot.*text.field;
        const std::string& next = f.*text.field;
        if (held != next) {
          held = next;  // reuses the string's room from the batch before
          if (text.null_when_empty) {
            insert.bind_text_or_null(column, held);
          } else {
            insert.bind_text(column, held);
          }
        }
        ++column;
      }
    };
    std::size_t i = 0;
    if (count >= kRowsPerInsert) {
      detail::Statement insert(db, impl.path_text, insert_findings_sql(kRowsPerInsert));
      std::vector<FindingRecord> batch(kRowsPerInsert);  // bound text must live until the statement runs
      for (std::size_t k = 0; k < kRowsPerInsert; ++k) bind(insert, static_cast<int>(k * kFindingColumns), batch[k]);
      for (; count - i >= kRowsPerInsert; i += kRowsPerInsert) {
        for (std::size_t k = 0; k < kRowsPerInsert; ++k) {
          rebind(insert, static_cast<int>(k * kFindingColumns), batch[k], finding(i + k));
        }
        insert.run();
      }
    }
    if (i < count) {
      detail::Statement insert(db, impl.path_text, insert_findings_sql(1));
      for (; i < count; ++i) {
        bind(insert, 0, finding(i));
        insert.run();
      }
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
