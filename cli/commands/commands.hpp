// The commands of the `sanx` executable, each taking plain arguments parsed in app.cpp (the only
// translation unit that includes CLI11) and returning an exit code.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/graph/ownership.hpp"
#include "sanx/match/screening.hpp"
#include "sanx/store/database.hpp"

#include "output.hpp"

namespace sanx::cli {

/// Opens a database that must exist already (commands that read); throws IoError saying how to create it.
[[nodiscard]] store::Database open_existing_database(const std::filesystem::path& path);

struct ImportArgs {
  std::vector<std::filesystem::path> paths;  ///< a dataset folder or dataset.toml; or list files
  std::filesystem::path database;
  Format format = Format::text;
  /// List files: a list format name or `auto`; empty for a dataset (or a single file: then `auto`).
  std::string list_format;
  std::optional<core::Date> as_of;
  std::string source;
};
int run_import(const ImportArgs& args, const Terminal& term);

struct ListsArgs {
  std::filesystem::path database;
  Format format = Format::text;
  bool diff = false;  ///< `sanx lists diff SOURCE`
  std::string source;
  std::string from;  ///< snapshot id or as-of date; empty: the one before `to`
  std::string to;    ///< snapshot id or as-of date; empty: the latest
};
int run_lists(const ListsArgs& args, const Terminal& term);

struct StatsArgs {
  std::filesystem::path database;
  Format format = Format::text;
};
int run_stats(const StatsArgs& args, const Terminal& term);

struct CheckArgs {
  std::vector<std::filesystem::path> paths;
  std::filesystem::path project_root = ".";
  Format format = Format::text;
};
int run_check(const CheckArgs& args, const Terminal& term);

struct ExposureArgs {
  std::string entity;  ///< empty with `all`
  bool all = false;    ///< every entity, kept as a run
  std::filesystem::path database;
  std::vector<graph::Regime> regimes;
  core::Date as_of;
  core::Decimal near_from = core::Decimal::from_int(40);
  std::size_t limit = 20;  ///< entities listed per regime and status in text output with `all`
  Format format = Format::text;
  std::string command;
};
/// Exit 1 when some regime finds the entity listed, blocked, possibly blocked or controlled (with `all`:
/// when some entity that is not itself listed is).
int run_exposure(const ExposureArgs& args, const Terminal& term);

struct ScreenArgs {
  match::Query query;                 ///< one name (with `input` empty)
  std::filesystem::path input;        ///< a batch CSV
  std::filesystem::path out;          ///< batch output file; empty: stdout
  std::optional<std::string> regime;  ///< hits designated under this regime only
  core::Date as_of;
  double threshold = 0.80;
  std::size_t limit = 10;
  std::size_t threads = 1;
  std::filesystem::path database;
  std::string format = "text";  ///< text | json; jsonl for batches
};
/// Exit 1 with hits, 0 without, 2 for a bad query or (batch) any bad row or file problem.
int run_screen(const ScreenArgs& args, const Terminal& term);

enum class AuditFormat { text, jsonl, csv };

struct AuditArgs {
  std::vector<std::filesystem::path> rules;
  std::filesystem::path project_root = ".";
  std::filesystem::path database;
  core::Date as_of;
  AuditFormat format = AuditFormat::text;
  std::filesystem::path out;  ///< empty: stdout
  std::size_t threads = 1;
  std::string command;
  bool profile = false;  ///< print each rule's cost to stderr
};
int run_audit(const AuditArgs& args, const Terminal& term);

}  // namespace sanx::cli
