/// \file
/// The SQLite store: schema with numbered migrations applied at open, foreign keys on, WAL journal.
/// It keeps what was imported (entities, relations, designations, payments, shipments), which version of
/// which dataset file each row came from, and the runs and findings of audits. Nothing above this layer
/// sees SQL. A Database is used from one thread at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanx::store {

using VersionId = std::int64_t;

/// One imported version of one dataset file.
struct VersionInfo {
  VersionId id = 0;
  std::string dataset;      ///< dataset name from dataset.toml
  std::string file;         ///< file name as written in dataset.toml
  std::string kind;         ///< entities, relations, designations, payments, shipments
  std::string sha256;       ///< of the file's bytes, lower-case hex
  std::string source;       ///< dataset source
  std::string as_of;        ///< dataset as-of date, ISO, may be empty
  std::string imported_at;  ///< UTC, ISO 8601 `YYYY-MM-DDTHH:MM:SSZ`
  std::int64_t rows = 0;
  bool current = true;  ///< false once a newer version of the same file replaced it
};

struct TableCount {
  std::string table;
  std::int64_t rows = 0;
};

struct Stats {
  int schema_version = 0;
  std::vector<TableCount> tables;      ///< every data table, in schema order
  std::vector<VersionInfo> versions;   ///< every dataset version, current and replaced, oldest first
};

class ImportSession;

class Database {
 public:
  /// Opens (creating if needed) and migrates to the newest schema. Throws StoreError when the file
  /// cannot be opened, is not a sanx database, or has a schema newer than this build knows.
  [[nodiscard]] static Database open(const std::filesystem::path& path);

  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  ~Database();

  [[nodiscard]] int schema_version() const;
  /// Highest migration number this build knows.
  [[nodiscard]] static int latest_schema_version() noexcept;

  [[nodiscard]] Stats stats() const;

  /// The current version of (dataset, file), if that file was imported before.
  [[nodiscard]] std::optional<VersionInfo> current_version(std::string_view dataset, std::string_view file) const;

  /// Whether an entity name that screening needs a Latin form of (one with a character outside ASCII)
  /// has none stored under `method` (match::transliteration_method): a database imported before schema
  /// 4, or by a build whose method differs. An import fills them in (model::NameTransliterations).
  [[nodiscard]] bool names_lack_forms(std::string_view method) const;

  [[nodiscard]] const std::filesystem::path& path() const noexcept;

  /// The connection behind the database, for the store's own translation units (Impl is opaque elsewhere).
  struct Impl;
  [[nodiscard]] Impl& impl() const noexcept { return *impl_; }

 private:
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  friend class ImportSession;
};

}  // namespace sanx::store
