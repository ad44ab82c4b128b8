/// \file
/// What a dataset folder holds, as its `dataset.toml` says: source, licence, as-of date, and each data
/// file with its kind and an optional mapping from the file's own column names onto the canonical ones.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/diagnostic.hpp"

namespace sanx::model {

enum class FileKind { entities, relations, designations, payments, shipments };

/// Import order: referenced kinds before those that reference them.
inline constexpr FileKind kFileKindOrder[] = {FileKind::entities, FileKind::relations, FileKind::designations,
                                              FileKind::payments, FileKind::shipments};

struct DataFile {
  std::filesystem::path path;  ///< absolute, or relative to the working directory
  std::string name;            ///< as written in dataset.toml, for messages and version records
  FileKind kind = FileKind::entities;
  std::string format = "csv";  ///< `csv` for canonical files; for a list, its format name or `auto`
  /// canonical column -> the file's column, for files that do not use the canonical header names.
  std::vector<std::pair<std::string, std::string>> columns;
  /// Columns of the file that are neither canonical nor mapped and are to be skipped. Any other unknown
  /// column is an error, so that a misspelt mapping never silently drops data.
  std::vector<std::string> ignored_columns;
  std::uint32_t manifest_line = 0;  ///< where in dataset.toml this file is declared, for messages

  /// `kind = "list"`: an official sanctions list or register, read by ingest::read_list as `format`
  /// (a list format name such as `un-xml`, or `auto`) and stored as a dated snapshot; `kind`, `columns`
  /// and `ignored_columns` do not apply.
  bool list = false;
  /// List files: the snapshot's as-of date, used instead of the date the file states (or when it states none).
  std::optional<core::Date> as_of;
  /// List files: the source name to file the snapshot under, instead of the reader's (e.g. `un-sc`).
  std::string source;
  /// Where `format` is written in dataset.toml (line 0 when absent) and that line, so that a layer that
  /// knows the list formats can point at an unknown one.
  core::Location format_where;
  std::string format_source_line;
};

struct DatasetManifest {
  std::filesystem::path manifest_path;  ///< the dataset.toml
  std::string name;                     ///< dataset name, unique in a database
  std::string source;
  std::string licence;
  std::optional<core::Date> as_of;
  std::string description;
  std::vector<DataFile> files;
};

[[nodiscard]] std::string_view to_string(FileKind k) noexcept;
[[nodiscard]] std::optional<FileKind> parse_file_kind(std::string_view s) noexcept;

/// The canonical CSV columns of a file kind, in canonical order.
[[nodiscard]] const std::vector<std::string_view>& canonical_columns(FileKind k);

}  // namespace sanx::model
