// The fields that windows read from their candidates (`q.currency`, `q.consignee.country`), copied out of
// the dataset once per audit into one row per candidate. A window whose `where` compares its candidates
// with the subject evaluates it on every candidate of every subject, and on a large dataset the cost is
// memory, not instructions: each candidate's fields lie in its shipment, its references and its parties'
// entities, several cache lines apart. Its row holds them side by side. The paths that
// model::PaymentColumns and model::ShipmentColumns hold are copied from there (ColumnRead), not from the
// payments and shipments.
//
// Only windows that are evaluated per subject (not precomputed in the index) get columns, and only paths
// from the candidate through fields that read the dataset (no field that builds text, such as s.legs).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "compile/ir.hpp"
#include "eval/build_crew.hpp"
#include "eval/large_blocks.hpp"
#include "sanx/core/date.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::eval {

class WindowIndexes;

class CandidateColumns {
 public:
  /// Columns for the windows of `rules` for which `wanted(rule, window)` holds, read from `data` on up to
  /// `threads` threads (BuildThreads). With `indexes`, only the rows of the candidates in those windows' indexes are read
  /// (the others stay missing): a window visits the candidates of its own index, or those another window
  /// evaluated per subject kept from its index (WindowIndexes::share), and no others.
  CandidateColumns(const compile::RuleSet::Impl& rules, const model::Dataset& data, std::optional<core::Date> as_of,
                   BuildThreads threads, const std::function<bool(std::size_t, std::size_t)>& wanted,
                   const WindowIndexes* indexes = nullptr);

  /// The column node `node` of rule `rule` reads, or -1 when it has none.
  [[nodiscard]] const std::int32_t* columns_of(std::size_t rule) const noexcept { return column_of_[rule].data(); }
  /// The row of candidate `ix` of `kind` (payment or shipment), or nullptr when that kind has no columns.
  [[nodiscard]] const compile::Value* row(compile::SubjectKind kind, std::uint32_t ix) const noexcept {
    const Kind& k = kinds_[kind == compile::SubjectKind::shipment ? 1 : 0];
    if (k.paths.empty()) return nullptr;
    return k.values.data() + std::size_t{k.slot_of.empty() ? ix : k.slot_of[ix]} * k.paths.size();
  }
  /// How many rows of `kind` hold values (read from the dataset, or all missing): every candidate's, or
  /// with indexes those of the candidates they hold and one missing row the others share.
  [[nodiscard]] std::size_t rows(compile::SubjectKind kind) const noexcept {
    const Kind& k = kinds_[kind == compile::SubjectKind::shipment ? 1 : 0];
    return k.paths.empty() ? 0 : k.values.size() / k.paths.size();
  }
  [[nodiscard]] std::size_t width(compile::SubjectKind kind) const noexcept {
    return kinds_[kind == compile::SubjectKind::shipment ? 1 : 0].paths.size();
  }

 private:
  struct Kind {
    std::vector<std::vector<std::uint16_t>> paths;  ///< fields, applied from the candidate outward
    /// [ix] the row of candidate ix: 0 (all missing) for the candidates no index holds, then the others'
    /// in dataset order. Empty: row ix. Four bytes a candidate, where a row is 24 per path: on a large
    /// dataset most payments are in no window's index, and memory touched for the first time is costly.
    LargeArray<std::uint32_t> slot_of;
    /// [row * paths.size() + column]. Sized once, in blocks of its own when large (large_blocks.hpp): on a
    /// million payments the rows are tens of megabytes.
    LargeArray<compile::Value> values;
  };

  Kind kinds_[2];                                    ///< payment, shipment
  std::vector<std::vector<std::int32_t>> column_of_;  ///< [rule][node]
};

}  // namespace sanx::eval
