#include "sanx/store/database.hpp"

#include <fmt/core.h>

#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "sanx/core/error.hpp"
#include "store/database_impl.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"

namespace sanx::store {
namespace {

using detail::Statement;

// How long a writer waits for another writer before giving up with "database is locked".
constexpr int kBusyTimeoutMs = 5000;
// Page cache of the connection, in KiB (negative cache_size). A million-row import touches ~150 MB of
// pages; 64 MiB keeps the B-tree interiors and the hot leaves in memory while staying well under the
// import's RSS budget. Larger caches measured no faster (docs/perf/store.md).
constexpr int kCacheKib = 64 * 1024;

// Data tables in schema order, for stats(). Names are constants of this layer, never input.
constexpr std::array<std::string_view, 16> kTables{
    "dataset_versions", "entities",       "entity_names", "entity_identifiers", "entity_countries",
    "entity_addresses", "relations",      "designations", "payments",           "shipments",
    "runs",             "findings",       "list_snapshots", "list_entries",     "entity_facts",
    "name_transliterations"};

std::int64_t query_int(sqlite3* db, const std::string& path, std::string_view sql) {
  Statement s(db, path, sql);
  detail::ResetGuard guard(s);
  return s.step() ? s.column_int(0) : 0;
}

std::string query_text(sqlite3* db, const std::string& path, std::string_view sql) {
  Statement s(db, path, sql);
  detail::ResetGuard guard(s);
  return s.step() ? std::string(s.column_text(0)) : std::string();
}

[[noreturn]] void refuse(const std::string& path, std::string_view why) {
  throw StoreError(fmt::format("{}: not a sanx database: {}", path, why));
}

// Refuses files that are not SQLite, SQLite databases of other programs, and sanx databases from a newer
// build. Reads only: nothing is written to a file that is refused.
void check_identity(sqlite3* db, const std::string& path) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &raw, nullptr);
  detail::StatementHandle probe(raw);
  if (rc == SQLITE_OK) rc = sqlite3_step(probe.get());
  if (rc == SQLITE_NOTADB) refuse(path, sqlite3_errmsg(db));
  if (rc != SQLITE_ROW) detail::throw_error(db, rc, path, "cannot read the database header");
  const auto application_id = sqlite3_column_int64(probe.get(), 0);
  probe.reset();

  if (application_id == 0) {
    if (query_int(db, path, "SELECT count(*) FROM sqlite_schema") != 0) {
      refuse(path, "it holds tables of another program");
    }
  } else if (application_id != detail::kApplicationId) {
    refuse(path, fmt::format("its application id is {:#x}", application_id));
  }

  const auto version = query_int(db, path, "PRAGMA user_version");
  if (version > Database::latest_schema_version()) {
    throw StoreError(fmt::format("{}: database schema version {} is newer than this build of sanx supports ({}); "
                                 "use a newer sanx",
                                 path, version, Database::latest_schema_version()));
  }
}

void configure(sqlite3* db, const std::string& path, bool in_memory) {
  detail::exec(db, path, "PRAGMA foreign_keys = ON");
  if (query_int(db, path, "PRAGMA foreign_keys") != 1) {
    throw StoreError(fmt::format("{}: this SQLite cannot enforce foreign keys", path));
  }
  const std::string mode = query_text(db, path, "PRAGMA journal_mode = WAL");
  if (!in_memory && mode != "wal") {
    throw StoreError(fmt::format("{}: cannot switch to WAL journal mode (got `{}`)", path, mode));
  }
  // NORMAL is durable in WAL mode except for the last transactions before a power loss, never corrupting.
  detail::exec(db, path, "PRAGMA synchronous = NORMAL");
  detail::exec(db, path, fmt::format("PRAGMA cache_size = -{}", kCacheKib).c_str());
  // Sorts for temporary indexes and statement journals stay in memory instead of temp files.
  detail::exec(db, path, "PRAGMA temp_store = MEMORY");
  // A million-row import grows the WAL past 100 MB; truncate it after checkpoints instead of keeping
  // the file at its largest size until the last connection closes.
  detail::exec(db, path, "PRAGMA journal_size_limit = 67108864");
}

void migrate(sqlite3* db, const std::string& path) {
  for (const auto& m : detail::migrations()) {
    if (query_int(db, path, "PRAGMA user_version") >= m.number) continue;
    // IMMEDIATE takes the write lock first, so two processes opening a new file do not both migrate.
    detail::exec(db, path, "BEGIN IMMEDIATE");
    try {
      if (query_int(db, path, "PRAGMA user_version") < m.number) {
        detail::exec(db, path, std::string(m.sql).c_str(), fmt::format("schema migration {}", m.number));
        Statement record(db, path, "INSERT INTO schema_migrations(version, applied_at) VALUES (?1, ?2)");
        const std::string now = detail::utc_now_iso();
        record.bind_int(1, m.number);
        record.bind_text(2, now);
        record.run();
        // PRAGMA takes no parameters; the number is a constant of this build.
        detail::exec(db, path, fmt::format("PRAGMA user_version = {}", m.number).c_str());
      }
      detail::exec(db, path, "COMMIT");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
}

VersionInfo read_version(const Statement& s) {
  VersionInfo v;
  v.id = s.column_int(0);
  v.dataset = s.column_text(1);
  v.file = s.column_text(2);
  v.kind = s.column_text(3);
  v.sha256 = s.column_text(4);
  v.source = s.column_text(5);
  v.as_of = s.column_text(6);
  v.imported_at = s.column_text(7);
  v.rows = s.column_int(8);
  v.current = s.column_int(9) != 0;
  return v;
}

constexpr std::string_view kVersionColumns =
    "SELECT id, dataset, file, kind, sha256, source, as_of, imported_at, rows, current FROM dataset_versions ";

}  // namespace

Database Database::open(const std::filesystem::path& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->path_text = path.string();
  const bool in_memory = impl->path_text == ":memory:";

  sqlite3* raw = nullptr;
  // NOMUTEX: a Database is used from one thread at a time (database.hpp), so SQLite's per-call
  // connection mutex is pure overhead.
  const int rc = sqlite3_open_v2(impl->path_text.c_str(), &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  impl->db.reset(raw);
  if (rc != SQLITE_OK) detail::throw_error(raw, rc, impl->path_text, "cannot open the database");
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);

  check_identity(raw, impl->path_text);
  configure(raw, impl->path_text, in_memory);
  migrate(raw, impl->path_text);
  return Database(std::move(impl));
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

int Database::schema_version() const {
  return static_cast<int>(query_int(impl_->db.get(), impl_->path_text, "PRAGMA user_version"));
}

int Database::latest_schema_version() noexcept { return detail::migrations().back().number; }

Stats Database::stats() const {
  sqlite3* db = impl_->db.get();
  const std::string& path = impl_->path_text;
  Stats out;
  out.schema_version = schema_version();
  for (const auto table : kTables) {
    out.tables.push_back({std::string(table), query_int(db, path, fmt::format("SELECT count(*) FROM {}", table))});
  }
  Statement versions(db, path, fmt::format("{} ORDER BY id", kVersionColumns));
  detail::ResetGuard guard(versions);
  while (versions.step()) out.versions.push_back(read_version(versions));
  return out;
}

std::optional<VersionInfo> Database::current_version(std::string_view dataset, std::string_view file) const {
  Statement s(impl_->db.get(), impl_->path_text,
              fmt::format("{} WHERE dataset = ?1 AND file = ?2 AND current = 1", kVersionColumns));
  s.bind_text(1, dataset);
  s.bind_text(2, file);
  detail::ResetGuard guard(s);
  if (!s.step()) return std::nullopt;
  return read_version(s);
}

bool Database::names_lack_forms(std::string_view method) const {
  const bool same = forms_method_is(impl_->db.get(), impl_->path_text, method);
  // Under another method every stored form is stale: any name that needs one lacks it.
  Statement s(impl_->db.get(), impl_->path_text,
              same ? fmt::format("{} LIMIT 1", kNamesWithoutForms)
                   : std::string("SELECT 1 FROM entity_names WHERE text GLOB '*[^ -~]*' LIMIT 1"));
  detail::ResetGuard guard(s);
  return s.step();
}

const std::filesystem::path& Database::path() const noexcept { return impl_->path; }

}  // namespace sanx::store
