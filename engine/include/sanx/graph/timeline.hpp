/// \file
/// Ownership exposure as of any date, for evaluating rules over subjects that each carry their own date.
/// Exposure only changes on the days a relation or a designation starts or ends, so the timeline cuts
/// time at those days and computes one OwnershipAnalysis per interval and regime, on first use, shared
/// by every thread. A payment dated 2024-06-03 and one dated 2024-06-04 with no change between them
/// read the same analysis.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/graph/ownership.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::graph {

class ExposureTimeline {
 public:
  /// `options.as_of` is ignored: each interval uses its own first day.
  ExposureTimeline(const model::Dataset& data, ExposureOptions options = {});
  ~ExposureTimeline();
  ExposureTimeline(const ExposureTimeline&) = delete;
  ExposureTimeline& operator=(const ExposureTimeline&) = delete;

  /// The analysis of `regime` in force on `day`; without a day, the one after the last change (every
  /// relation and designation that has started and not ended). Thread-safe; computed on first use.
  [[nodiscard]] const OwnershipAnalysis& at(Regime regime, std::optional<core::Date> day) const;

  /// Blocked under `regime` on `day`: listed or blocked, and under the EU and UK also controlled.
  /// Unknown (nullopt) when only unstated shares could make it blocked.
  [[nodiscard]] std::optional<bool> blocked(model::EntityIx e, Regime regime, std::optional<core::Date> day) const;
  /// Controlled on `day` through a control relation in force from a party the regime blocks (for OFAC:
  /// listed or blocked), whether or not the entity is also owned.
  [[nodiscard]] bool controlled(model::EntityIx e, Regime regime, std::optional<core::Date> day) const;
  /// The proof paths of exposure(e), one line per path: `X -[50%]-> A -[control: nominee]-> B`.
  [[nodiscard]] std::vector<std::string> paths(model::EntityIx e, Regime regime, std::optional<core::Date> day) const;

  /// Days (since 1970-01-01) on which something starts or ends, ascending: the interval boundaries.
  [[nodiscard]] const std::vector<std::int32_t>& changes() const noexcept { return changes_; }

 private:
  struct Slot;
  [[nodiscard]] std::size_t interval_of(std::optional<core::Date> day) const noexcept;

  const model::Dataset& data_;
  ExposureOptions options_;
  std::vector<std::int32_t> changes_;
  std::vector<std::vector<std::uint32_t>> controls_into_;  ///< per entity: its control relations
  std::unique_ptr<Slot[]> slots_;                          ///< (changes_.size() + 1) × 3 regimes
};

/// One proof path as text: `X -[50%]-> A -[?%]-> B`, with entity ids; a branch step reads back to its head
/// office: `X -[50%]-> A <-[branch of]- A-branch`.
[[nodiscard]] std::string format_path(const model::Dataset& data, const Path& path);

}  // namespace sanx::graph
