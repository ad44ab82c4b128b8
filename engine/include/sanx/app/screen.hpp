/// \file
/// Screening use cases (`sanx screen`): one name, or a CSV batch on every core, against the listed parties
/// in the store, keeping only hits designated under the asked regime on the asked date, each with its
/// designations. The matching itself is match::Screener.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/diagnostic.hpp"
#include "sanx/match/screening.hpp"
#include "sanx/model/dataset.hpp"
#include "sanx/store/database.hpp"

namespace sanx::app {

struct ScreenFilter {
  std::optional<std::string> regime;  ///< OFAC, EU, UK, UN, …; any when absent
  core::Date as_of;                   ///< hits need a designation in force on this day
  match::ScreenOptions options;
};

struct ScreenedHit {
  std::string entity;  ///< id
  std::string name;    ///< primary name
  std::string kind;
  std::string matched_name;
  double score = 0;
  std::vector<match::Feature> features;
  std::vector<model::Designation> designations;  ///< those in force on the day, of the regime asked
};

struct ScreenAnswer {
  std::vector<ScreenedHit> hits;
  std::optional<std::string> error;  ///< the query cannot be screened (empty name, invalid UTF-8, …)
};

/// One row of a batch: its `id` column (or the line number), and either hits or a diagnostic.
struct BatchRow {
  std::string id;
  std::uint32_t line = 0;
  std::string name;
  std::vector<ScreenedHit> hits;
  std::optional<core::Diagnostic> error;
  bool reported = false;  ///< `error` is already in BatchOutcome::diagnostics (a record the CSV reader skipped)
};

struct BatchOutcome {
  std::vector<BatchRow> rows;        ///< in input order, bad rows included
  core::Diagnostics diagnostics;     ///< file-level problems and each bad row's diagnostic
  std::size_t screened = 0;          ///< rows that were screened
  double seconds = 0;                ///< screening time, without loading
};

/// The store's data and an index over its listed parties, built once and shared by every query.
class ScreeningSession {
 public:
  explicit ScreeningSession(store::Database& db);
  ScreeningSession(model::Dataset data);  ///< for tests and benches: an in-memory dataset

  [[nodiscard]] ScreenAnswer screen(const match::Query& query, const ScreenFilter& filter) const;

  /// Screens every row of a CSV file (header `id,name,kind,country,dob`; only `name` is required) on
  /// `threads` threads. A bad row gets a diagnostic with its line and column and the run goes on.
  /// Throws IoError when the file cannot be read.
  [[nodiscard]] BatchOutcome screen_file(const std::filesystem::path& csv, const ScreenFilter& filter, std::size_t threads,
                                         const std::function<void(std::size_t done, std::size_t total)>& progress = {}) const;

  [[nodiscard]] const model::Dataset& data() const noexcept { return *data_; }
  [[nodiscard]] const match::Screener& screener() const noexcept { return *screener_; }
  [[nodiscard]] double index_seconds() const noexcept { return index_seconds_; }

 private:
  void build();

  std::unique_ptr<model::Dataset> data_;
  std::unique_ptr<match::Screener> screener_;
  double index_seconds_ = 0;
};

}  // namespace sanx::app
