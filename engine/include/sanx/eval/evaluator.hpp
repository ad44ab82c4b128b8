/// \file
/// Running a compiled rule set over a dataset: every rule over every subject of its kind, as of each
/// subject's own date (designations in force then), never walking the AST per record.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "sanx/compile/rule_set.hpp"
#include "sanx/core/date.hpp"
#include "sanx/eval/finding.hpp"
#include "sanx/eval/profile.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::eval {

struct EvalOptions {
  /// Evaluate entity rules (which have no date of their own) as of this date; default: today's date
  /// must be passed by the caller, since the engine never reads the clock.
  std::optional<core::Date> as_of;
  std::size_t threads = 1;
  /// Rule out subjects batch by batch before the per-subject evaluation (eval/filter.hpp). Off only to
  /// check that it changes nothing.
  bool batch_filter = true;
  /// Evaluate window conditions that read only the candidate once per candidate when the window indexes
  /// are built (eval/window_index.hpp). Off only to check that it changes nothing.
  bool window_precompute = true;
  /// Let a window scan only the candidates another window of the same subject kept, when that one's
  /// condition is part of its own (Machine::begin_batch). Off only to check that it changes nothing.
  bool window_sharing = true;
  /// Copy the fields windows read from their candidates into a row per candidate before evaluating
  /// (eval/candidate_columns.hpp). Off only to check that it changes nothing.
  bool window_columns = true;
  /// Evaluate the operands of `and` and `or` in the order learnt from the subjects so far (the operand
  /// that most often decides, for what it costs, first) rather than the compiler's. Off only to check
  /// that it changes nothing.
  bool adaptive_order = true;
  /// Skip a rule for a subject when a window its `when` needs candidates in (`count … > 0`) has none for
  /// it (Machine::set_window_gates, eval/machine.hpp window_gates). Off only to check that it changes nothing.
  bool window_gates = true;
  /// When set, filled with the time and counts of each rule (sanx audit --profile).
  EvalProfile* profile = nullptr;
  std::function<void(std::size_t done, std::size_t total)> progress;
};

/// Findings ordered by rule (pack order), then subject (dataset order), then the typologies' findings
/// (docs/dsl.md, "Typologies") by typology and subject, whatever `threads` is: with
/// threads > 1 the subjects are split into ranges evaluated on std::threads and the findings merged.
/// `progress` is called after each range, from the worker threads but never concurrently.
/// Entity and relation rules without `as_of` count designations without an end date as in force, and
/// ignore meta effective/expires.
[[nodiscard]] std::vector<Finding> evaluate(const compile::RuleSet& rules, const model::Dataset& data,
                                            const EvalOptions& options = {});

}  // namespace sanx::eval
