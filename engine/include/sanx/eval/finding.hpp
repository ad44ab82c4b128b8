/// \file
/// What an evaluation produces: findings, each with the rule that made it, the subject, a reason a
/// reviewer can read, and the evidence (the values that made the condition true).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sanx::eval {

/// fired: the condition was true. undetermined: it could not be decided because data was missing (the
/// fields are in `missing`); reported so that a missing value never silently hides a case.
enum class Outcome { fired, undetermined };

struct Finding {
  std::string rule;     ///< qualified: namespace.rule
  std::string pattern;  ///< catalog id from meta, may be empty
  std::string severity; ///< info | low | medium | high | critical
  std::vector<std::string> regimes;
  std::string subject_kind;  ///< payment | shipment | entity | relation
  std::string subject;       ///< the subject's id
  std::string date;          ///< the subject's own date (ISO), empty for entities
  std::string reason;        ///< the rendered reason template
  Outcome outcome = Outcome::fired;
  std::vector<std::pair<std::string, std::string>> evidence;  ///< expression text -> value text
  std::vector<std::string> missing;  ///< undetermined: the field paths that were missing
  std::string source;  ///< where the subject came from: file:line
};

}  // namespace sanx::eval
