/// \file
/// Ownership exposure of every entity at once (`sanx exposure --all`): each regime's analysis over the
/// store's data as of one date, kept as a run whose findings are the entities that are not clear, so
/// that reviewers and later audits read the same result with its proof.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/decimal.hpp"
#include "sanx/graph/ownership.hpp"
#include "sanx/store/database.hpp"

namespace sanx::app {

struct ExposureAllOptions {
  std::vector<graph::Regime> regimes{graph::Regime::ofac, graph::Regime::eu, graph::Regime::uk};
  core::Date as_of;
  core::Decimal near_from = core::Decimal::from_int(40);
  std::string command;  ///< recorded with the run
  bool save = true;
  std::function<void(std::string_view stage, std::size_t done, std::size_t total)> progress;
};

/// One entity that is not clear under a regime.
struct ExposedEntity {
  std::string entity;
  graph::Status status = graph::Status::not_blocked;
  core::Decimal share_min, share_max;
  std::vector<std::string> paths;  ///< graph::format_path of each proof
  std::vector<std::string> notes;
};

struct RegimeExposure {
  graph::Regime regime = graph::Regime::ofac;
  /// Entities per status, indexed by graph::Status.
  std::array<std::size_t, 6> counts{};
  std::vector<ExposedEntity> entities;  ///< every status but not_blocked, in dataset order
  double seconds = 0;
};

struct ExposureAllOutcome {
  std::vector<RegimeExposure> regimes;
  std::size_t entities = 0, relations = 0;
  std::int64_t run_id = 0;  ///< 0 when not saved
  double seconds = 0;
};

/// Computes every entity's exposure under each regime and (with `save`) keeps it as a run. Environment
/// problems (SQLite) throw.
[[nodiscard]] ExposureAllOutcome expose_all(store::Database& db, const ExposureAllOptions& options);

}  // namespace sanx::app
