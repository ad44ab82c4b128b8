// Test support for the store: a second, raw SQLite connection to look at what the store wrote, and
// one-line builders for model rows.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sanx/core/date.hpp"
#include "sanx/core/decimal.hpp"
#include "sanx/model/designation.hpp"
#include "sanx/model/entity.hpp"
#include "sanx/model/payment.hpp"
#include "sanx/model/relation.hpp"
#include "sanx/store/import_session.hpp"

namespace sanx::testing {

/// Read-only look at a database file, independent of the store's own code.
class RawDb {
 public:
  explicit RawDb(const std::filesystem::path& path) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + path.string());
  }

  [[nodiscard]] std::int64_t integer(const std::string& sql) const {
    Row r(db_.get(), sql);
    return r.has_row ? sqlite3_column_int64(r.stmt.get(), 0) : -1;
  }
  /// The first column of the first row as text; "<null>" for NULL, "<none>" without a row.
  [[nodiscard]] std::string text(const std::string& sql) const {
    Row r(db_.get(), sql);
    if (!r.has_row) return "<none>";
    const auto* t = sqlite3_column_text(r.stmt.get(), 0);
    return t == nullptr ? "<null>" : std::string(reinterpret_cast<const char*>(t));
  }
  void exec(const std::string& sql) const {
    if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_.get()));
    }
  }

 private:
  struct Closer {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
  };
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
  };
  struct Row {
    Row(sqlite3* db, const std::string& sql) {
      sqlite3_stmt* raw = nullptr;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
        throw std::runtime_error(sql + ": " + sqlite3_errmsg(db));
      }
      stmt.reset(raw);
      const int rc = sqlite3_step(raw);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db));
      has_row = rc == SQLITE_ROW;
    }
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt;
    bool has_row = false;
  };
  std::unique_ptr<sqlite3, Closer> db_;
};

inline core::Date date(std::string_view iso) { return core::Date::parse_iso(iso).value(); }
inline core::Decimal decimal(std::string_view text) { return core::Decimal::parse(text).value(); }

inline model::Entity entity(std::string id, model::EntityKind kind = model::EntityKind::company,
                            std::string name = "Some Company") {
  model::Entity e;
  e.id = std::move(id);
  e.kind = kind;
  e.names.push_back({std::move(name), model::NameKind::primary, "Latn"});
  return e;
}

inline model::Payment payment(std::string id, std::string originator, std::string beneficiary,
                              std::string_view amount = "100") {
  model::Payment p;
  p.id = std::move(id);
  p.date = date("2024-03-01");
  p.originator = std::move(originator);
  p.beneficiary = std::move(beneficiary);
  p.currency = "EUR";
  p.amount = decimal(amount);
  return p;
}

inline store::NewVersion version_of(std::string file, std::string kind, std::string sha256 = "0") {
  return {"demo", std::move(file), std::move(kind), std::move(sha256), "tests", "CC0", "2024-01-01"};
}

}  // namespace sanx::testing
