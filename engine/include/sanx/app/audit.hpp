/// \file
/// Checking rule packs and running audits: load the pack, check it, compile it, load the facts from the
/// store, evaluate, and keep the run with its findings.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/diagnostic.hpp"
#include "sanx/eval/finding.hpp"
#include "sanx/eval/profile.hpp"
#include "sanx/store/database.hpp"

namespace sanx::app {

struct CheckOutcome {
  core::Diagnostics diagnostics;
  std::size_t files = 0;
  std::size_t rules = 0;
  std::size_t typologies = 0;
  std::string digest;  ///< of the compiled rule set; empty when the pack has errors
};

/// Parses, checks and (when clean) compiles every rule file under `roots` (files or folders) and what
/// they import.
/// `project_root` is where table paths are also looked up.
[[nodiscard]] CheckOutcome check_rules(const std::vector<std::filesystem::path>& roots,
                                       const std::filesystem::path& project_root = ".");

struct AuditOptions {
  std::vector<std::filesystem::path> rule_roots;
  std::filesystem::path project_root = ".";
  core::Date as_of;  ///< date for entity and relation rules (the caller supplies today's date by default)
  std::size_t threads = 1;
  std::string command;  ///< recorded with the run
  bool save = true;     ///< keep the run and its findings in the database
  bool profile = false; ///< measure each rule's cost (AuditOutcome::profile)
  /// Also write the findings as JSON lines (AuditOutcome::jsonl). When saving, each line is written as its
  /// finding is saved and the saved evidence copied out of it: the evidence JSON is made once, not twice.
  bool jsonl = false;
  std::function<void(std::string_view stage, std::size_t done, std::size_t total)> progress;
};

struct AuditOutcome {
  core::Diagnostics diagnostics;  ///< rule problems; when it has errors nothing was evaluated
  std::vector<eval::Finding> findings;  ///< rule findings, then typology findings (eval::evaluate)
  std::size_t rules = 0;
  std::size_t typologies = 0;
  std::size_t payments = 0, shipments = 0, entities = 0, relations = 0;
  std::string rules_digest;
  std::int64_t run_id = 0;  ///< 0 when not saved
  double seconds = 0;
  double load_seconds = 0;  ///< reading the facts from the store (part of `seconds`)
  std::optional<eval::EvalProfile> profile;  ///< with AuditOptions::profile
  std::string jsonl;  ///< with AuditOptions::jsonl: report::render_jsonl(findings)
};

/// Runs every rule of the pack over the database's current data. Rule problems are diagnostics in the
/// outcome; environment problems throw.
[[nodiscard]] AuditOutcome run_audit(store::Database& db, const AuditOptions& options);

}  // namespace sanx::app
