/// \file
/// Where an evaluation spends its time, rule by rule: measured by the evaluator when asked
/// (EvalOptions::profile), per batch of subjects rather than per subject, so that measuring costs little.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sanx::eval {

struct RuleCost {
  std::string rule;          ///< qualified: namespace.rule
  std::string subject_kind;  ///< payment | shipment | entity | relation
  /// Evaluation time summed over the threads (batch filter and per-subject machine), in seconds.
  double seconds = 0;
  /// Building the rule's window indexes, summed over the threads (0 without windows), in seconds.
  double index_seconds = 0;
  std::uint64_t subjects = 0;      ///< subjects of the rule's kind
  std::uint64_t reached = 0;       ///< those the batch filter left for the machine (all without the filter)
  std::uint64_t fired = 0;         ///< findings that fired
  std::uint64_t undetermined = 0;  ///< findings left undetermined
};

struct EvalProfile {
  std::vector<RuleCost> rules;  ///< in pack order
  double seconds = 0;           ///< wall-clock of the whole evaluation, setup and indexes included
  /// Wall-clock of the setup at the start (part of `seconds`, before any rule runs): the ownership
  /// timeline, the identity and name-screening indexes, the payment columns when out of date.
  double setup_seconds = 0;
  /// Wall-clock from the start until the window indexes are built (part of `seconds`, setup included; the
  /// rules without windows are evaluated meanwhile).
  double index_seconds = 0;
  std::size_t threads = 1;
  std::uint64_t subjects = 0;   ///< subjects of the kinds the rules are about
  /// The process's minor page faults during `seconds` (getrusage): memory touched for the first time,
  /// which the kernel zeroes page by page, a cost that instruction counts do not show.
  std::uint64_t minor_faults = 0;
};

}  // namespace sanx::eval
