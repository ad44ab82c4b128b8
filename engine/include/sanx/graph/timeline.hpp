/// \file
/// Ownership exposure as of any date, for evaluating rules over subjects that each carry their own date.
/// Exposure only changes on the days a relation or a designation starts or ends, so the timeline cuts
/// time at those days and computes one OwnershipAnalysis per interval and regime, on first use, shared
/// by every thread. A payment dated 2024-06-03 and one dated 2024-06-04 with no change between them
/// read the same analysis.
///
/// The rule built-ins (status, blocked, share, controlled, paths) read a smaller dataset: the entities a
/// designated person of any regime can reach through ownership, control and branch relations of any date,
/// plus one entity standing for all the others (nothing reaches them, so they share its answer). Time is
/// cut only where that part changes (and where the decimals of the shares in force change), so its
/// analyses are few and small; their answers are the whole dataset's (tests/graph/timeline_test.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
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

  /// The analysis of the whole dataset for `regime` in force on `day`; without a day, the one after the
  /// last change (every relation and designation that has started and not ended). Thread-safe; computed
  /// on first use. The queries below give the same answers far more cheaply.
  [[nodiscard]] const OwnershipAnalysis& at(Regime regime, std::optional<core::Date> day) const;

  /// at(regime, day).status(e).
  [[nodiscard]] Status status(model::EntityIx e, Regime regime, std::optional<core::Date> day) const;
  /// at(regime, day).share(e).
  [[nodiscard]] std::pair<core::Decimal, core::Decimal> share(model::EntityIx e, Regime regime,
                                                              std::optional<core::Date> day) const;

  /// Blocked under `regime` on `day`: listed or blocked, and under the EU and UK also controlled.
  /// Unknown (nullopt) when only unstated shares could make it blocked.
  [[nodiscard]] std::optional<bool> blocked(model::EntityIx e, Regime regime, std::optional<core::Date> day) const;
  /// Controlled on `day` through a control relation in force from a party the regime blocks (for OFAC:
  /// listed or blocked), whether or not the entity is also owned.
  [[nodiscard]] bool controlled(model::EntityIx e, Regime regime, std::optional<core::Date> day) const;
  /// The proof paths of exposure(e), one line per path: `X -[50%]-> A -[control: nominee]-> B`.
  [[nodiscard]] std::vector<std::string> paths(model::EntityIx e, Regime regime, std::optional<core::Date> day) const;

  /// Whether a designated person (any regime, any day) reaches `e` through ownership, control or branch
  /// relations. When none does, every query above gives `e` the same answer on every day, so a caller may
  /// decide such an entity once for all dates (the batch filter does).
  [[nodiscard]] bool reached(model::EntityIx e) const noexcept;

  /// Days (since 1970-01-01) on which something starts or ends, ascending: the interval boundaries.
  [[nodiscard]] const std::vector<std::int32_t>& changes() const noexcept { return changes_; }

 private:
  struct Slot;
  /// The interval of `changes` that holds `day`.
  [[nodiscard]] static std::size_t interval_of(const std::vector<std::int32_t>& changes,
                                               std::optional<core::Date> day) noexcept;
  /// The day that stands for interval `k` of `changes`.
  [[nodiscard]] std::int32_t first_day(const std::vector<std::int32_t>& changes, std::size_t k) const noexcept;
  void build_part();
  /// The analysis of part_ in force on `day`, and the interval's first day.
  [[nodiscard]] std::pair<const OwnershipAnalysis*, std::int32_t> part_at(Regime regime,
                                                                           std::optional<core::Date> day) const;
  /// e's index in part_: the stand-in for every entity nothing designated reaches.
  [[nodiscard]] model::EntityIx local(model::EntityIx e) const noexcept;

  const model::Dataset& data_;
  ExposureOptions options_;
  std::vector<std::int32_t> changes_;
  std::unique_ptr<Slot[]> slots_;  ///< (changes_.size() + 1) × 3 regimes
  model::Dataset part_;            ///< the reachable entities in their order, then the stand-in
  std::vector<std::uint32_t> local_;                       ///< per entity of data_: its index in part_
  std::vector<std::uint32_t> scaled_;                      ///< relations of data_ whose shares add decimals
  std::vector<std::int32_t> part_changes_;                 ///< the days part_ or the scale of shares changes
  std::vector<std::vector<std::uint32_t>> controls_into_;  ///< per entity of part_: its control relations
  std::unique_ptr<Slot[]> part_slots_;                     ///< (part_changes_.size() + 1) × 3 regimes
  Status unreached_ = Status::not_blocked;  ///< the status of every entity out of reach, on any day
};

/// One proof path as text: `X -[50%]-> A -[?%]-> B`, with entity ids; a branch step reads back to its head
/// office: `X -[50%]-> A <-[branch of]- A-branch`.
[[nodiscard]] std::string format_path(const model::Dataset& data, const Path& path);

}  // namespace sanx::graph
