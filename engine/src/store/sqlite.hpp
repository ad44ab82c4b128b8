// Private to the store: thin RAII wrappers over the SQLite C API. Every failure becomes a sanx::StoreError
// carrying the database path, what was being done and sqlite3_errmsg, so the CLI can print it as is.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sanx::store::detail {

struct ConnectionCloser {
  void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;

struct StatementDeleter {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using StatementHandle = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

/// Throws StoreError "`path`: `what`: <sqlite3_errmsg>". `db` may be null (then only `rc` is described).
[[noreturn]] void throw_error(sqlite3* db, int rc, const std::string& path, std::string_view what);

/// Runs SQL without parameters (DDL, PRAGMA, BEGIN/COMMIT). Only for text written in this layer, never
/// for values: those are bound through Statement. Errors name `what`, or the SQL itself when empty.
void exec(sqlite3* db, const std::string& path, const char* sql, std::string_view what = {});

/// `head` (`INSERT INTO t(a, b) VALUES `) followed by `rows` groups of `columns` parameters: one statement
/// for many rows, parameters numbered row by row.
[[nodiscard]] std::string insert_rows_sql(std::string_view head, std::size_t columns, std::size_t rows);

/// A prepared statement bound to its connection. Text is bound with SQLITE_STATIC: the caller keeps the
/// bound strings alive until the statement has been stepped (and reset). Every use ends in reset() (done
/// by run()/ the Reader guard), so a statement never keeps a read transaction or a stale binding active.
class Statement {
 public:
  Statement() = default;
  /// `path` must outlive the statement (it is the Database's own copy, used for messages only).
  Statement(sqlite3* db, const std::string& path, std::string_view sql);

  [[nodiscard]] explicit operator bool() const noexcept { return handle_ != nullptr; }

  void bind_int(int index, std::int64_t value);
  void bind_text(int index, std::string_view text);
  /// Binds NULL for empty text: the schema keeps "no value" as NULL, never as ''.
  void bind_text_or_null(int index, std::string_view text);
  void bind_null(int index);

  /// Steps once. Returns true for a row, false when done; throws on any error.
  bool step();
  /// Steps once and returns the raw (extended) result code, for callers that handle constraint codes.
  /// The statement is left to be reset by the caller.
  [[nodiscard]] int step_rc() noexcept;
  /// Steps to completion and resets; throws on error.
  void run();
  void reset() noexcept;

  [[nodiscard]] std::int64_t column_int(int column) const noexcept;
  /// Valid until the next step/reset of this statement. NULL reads as "".
  [[nodiscard]] std::string_view column_text(int column) const noexcept;
  [[nodiscard]] bool column_is_null(int column) const noexcept;

  /// Throws StoreError for result code `rc` of this statement, after resetting it.
  [[noreturn]] void fail(int rc, std::string_view what);

  [[nodiscard]] sqlite3_stmt* get() const noexcept { return handle_.get(); }

 private:
  sqlite3* db_ = nullptr;
  const std::string* path_ = nullptr;
  StatementHandle handle_;
};

/// Resets a statement when a query loop ends, also by exception.
class ResetGuard {
 public:
  explicit ResetGuard(Statement& s) noexcept : s_(s) {}
  ResetGuard(const ResetGuard&) = delete;
  ResetGuard& operator=(const ResetGuard&) = delete;
  ~ResetGuard() { s_.reset(); }

 private:
  Statement& s_;
};

/// Current UTC time as ISO 8601 `YYYY-MM-DDTHH:MM:SSZ`.
[[nodiscard]] std::string utc_now_iso();

}  // namespace sanx::store::detail
