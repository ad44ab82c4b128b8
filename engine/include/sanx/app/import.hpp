/// \file
/// Use cases that combine layers for the CLI. Importing a dataset: read its manifest, skip files whose
/// content is unchanged, stream each changed file through the canonical reader into one store
/// transaction, and commit only when every file is clean.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

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
  std::string kind;
  FileStatus status = FileStatus::not_run;
  std::int64_t rows = 0;
  std::string sha256;
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

/// Imports the dataset at `path` (a dataset.toml or a folder with one) into `db` as one transaction.
/// Input problems become diagnostics in the outcome (and nothing is written); environment problems throw.
[[nodiscard]] ImportOutcome import_dataset(const std::filesystem::path& path, store::Database& db,
                                           const ImportOptions& options = {});

}  // namespace sanx::app
