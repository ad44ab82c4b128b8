/// \file
/// Use cases that combine layers for the CLI. Importing a dataset: read its manifest, skip files whose
/// content is unchanged, stream each changed file through the canonical reader into one store
/// transaction, and commit only when every file is clean.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/diagnostic.hpp"
#include "sanx/store/database.hpp"

namespace sanx::app {

/// imported: new file; replaced: a changed file replaced its previous version; unchanged: same SHA-256 as
/// the current version, skipped; failed: had errors; rolled_back: was clean but another file failed;
/// not_run: not read because an earlier file failed.
enum class FileStatus { imported, replaced, unchanged, failed, rolled_back, not_run };

[[nodiscard]] std::string_view to_string(FileStatus s) noexcept;

struct FileOutcome {
  std::string file;
  std::string kind;  ///< a canonical kind, or `list`
  FileStatus status = FileStatus::not_run;
  std::int64_t rows = 0;
  std::string sha256;

  // List files only: the snapshot written (or matched, when unchanged) and what changed since the
  // previous snapshot of its source.
  std::string format;  ///< e.g. `un-xml`
  std::string source;  ///< e.g. `un-sc`
  std::string as_of;   ///< ISO date
  std::int64_t snapshot = 0;
  std::int64_t added = 0;
  std::int64_t removed = 0;
  std::int64_t changed = 0;
};

struct ImportOutcome {
  std::string dataset;
  std::filesystem::path manifest;
  std::vector<FileOutcome> files;
  core::Diagnostics diagnostics;
  bool committed = false;  ///< false when nothing changed or when an error rolled everything back
  double seconds = 0;
  [[nodiscard]] bool unchanged() const noexcept;  ///< every file skipped as unchanged
};

struct ImportOptions {
  std::function<void(std::string_view file, std::uint64_t done, std::uint64_t total)> progress;
};

/// Official list files to import as snapshots (`sanx import --format NAME FILE…`).
struct ListImportRequest {
  std::vector<std::filesystem::path> files;  ///< each one snapshot, imported in this order
  std::string format = "auto";              ///< ingest::to_string(ListFormat), or `auto` to detect it
  std::optional<core::Date> as_of;          ///< snapshot date instead of the one the file states
  std::string source;                       ///< source name instead of the reader's
};

/// Imports list files as snapshots (docs/lists.md), all in one transaction: a file whose SHA-256 equals
/// an imported snapshot's is `unchanged`; any error (reader diagnostics, unknown or undetectable format
/// E2360/E2361, no as-of date E2362, a snapshot older than its source's latest E2363, an id held by another
/// dataset E2364, a missing file E2006) leaves the database as it was. Environment problems throw.
[[nodiscard]] ImportOutcome import_lists(const ListImportRequest& request, store::Database& db,
                                         const ImportOptions& options = {});

/// Imports the dataset at `path` (a dataset.toml or a folder with one) into `db` as one transaction.
/// Its list files (`kind = "list"`) are imported first, as by import_lists, then the canonical files.
/// Input problems become diagnostics in the outcome (and nothing is written); environment problems throw.
[[nodiscard]] ImportOutcome import_dataset(const std::filesystem::path& path, store::Database& db,
                                           const ImportOptions& options = {});

}  // namespace sanx::app
