#include "store/sqlite.hpp"

#include <fmt/core.h>

#include <chrono>
#include <ctime>
#include <limits>

#include "sanx/core/assert.hpp"
#include "sanx/core/error.hpp"

namespace sanx::store::detail {

void throw_error(sqlite3* db, int rc, const std::string& path, std::string_view what) {
  // sqlite3_errmsg describes the most recent failure on the connection; without a connection (open
  // failed before one existed) only the result code can be described.
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw StoreError(fmt::format("{}: {}: {}", path, what, message));
}

std::string insert_rows_sql(std::string_view head, std::size_t columns, std::size_t rows) {
  std::string sql(head);
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ",(";
    for (std::size_t c = 0; c < columns; ++c) sql += c == 0 ? "?" : ",?";
    sql += ')';
  }
  return sql;
}

void exec(sqlite3* db, const std::string& path, const char* sql, std::string_view what) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw StoreError(fmt::format("{}: {}: {}", path, what.empty() ? std::string_view(sql) : what, text));
  }
}

Statement::Statement(sqlite3* db, const std::string& path, std::string_view sql) : db_(db), path_(&path) {
  SANX_ASSERT(sql.size() < static_cast<std::size_t>(std::numeric_limits<int>::max()) && "SQL text is short");
  sqlite3_stmt* raw = nullptr;
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                                    nullptr);
  handle_.reset(raw);
  if (rc != SQLITE_OK) throw_error(db, rc, path, fmt::format("cannot prepare `{}`", sql));
}

void Statement::fail(int rc, std::string_view what) {
  // Read the message before reset() can replace it.
  std::string message = fmt::format("{}: {} `{}`: {}", *path_, what, sqlite3_sql(handle_.get()),
                                    db_ != nullptr && sqlite3_extended_errcode(db_) == rc ? sqlite3_errmsg(db_)
                                                                                        : sqlite3_errstr(rc));
  sqlite3_reset(handle_.get());
  throw StoreError(message);
}

void Statement::bind_int(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(handle_.get(), index, value);
  if (rc != SQLITE_OK) fail(rc, "cannot bind a parameter of");
}

void Statement::bind_text(int index, std::string_view text) {
  // SQLITE_STATIC: the caller keeps `text` alive until the statement is stepped; a non-null pointer also
  // for empty text, so '' stays '' rather than becoming NULL.
  const char* data = text.data() != nullptr ? text.data() : "";
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) fail(SQLITE_TOOBIG, "text too long for");
  const int rc = sqlite3_bind_text(handle_.get(), index, data, static_cast<int>(text.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK) fail(rc, "cannot bind a parameter of");
}

void Statement::bind_text_or_null(int index, std::string_view text) {
  if (text.empty()) {
    bind_null(index);
  } else {
    bind_text(index, text);
  }
}

void Statement::bind_null(int index) {
  const int rc = sqlite3_bind_null(handle_.get(), index);
  if (rc != SQLITE_OK) fail(rc, "cannot bind a parameter of");
}

bool Statement::step() {
  const int rc = sqlite3_step(handle_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc, "cannot run");
}

int Statement::step_rc() noexcept { return sqlite3_step(handle_.get()); }

void Statement::run() {
  ResetGuard guard(*this);
  while (step()) {
  }
}

void Statement::reset() noexcept { sqlite3_reset(handle_.get()); }

std::int64_t Statement::column_int(int column) const noexcept { return sqlite3_column_int64(handle_.get(), column); }

std::string_view Statement::column_text(int column) const noexcept {
  const auto* text = sqlite3_column_text(handle_.get(), column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(sqlite3_column_bytes(handle_.get(), column))};
}

bool Statement::column_is_null(int column) const noexcept {
  return sqlite3_column_type(handle_.get(), column) == SQLITE_NULL;
}

std::string utc_now_iso() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

}  // namespace sanx::store::detail
