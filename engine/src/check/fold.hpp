// Evaluation of expressions whose value the checker can know: literals, consts, literal sets, and (for
// `table ... where`) the columns of one table row. Used to fill SetDecl::values, to filter table rows,
// and to find conditions that are always true or always false (W0403, W0404). Follows docs/dsl.md's
// three-valued logic; anything that depends on facts (fields, lets, quantifier variables) is "unknown".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/decimal.hpp"
#include "sanx/dsl/parse.hpp"

namespace sanx::check::detail {

struct Value {
  enum class Kind { missing, boolean, number, string, date, duration, list };
  Kind kind = Kind::missing;
  bool boolean = false;
  core::Decimal number;  ///< int, decimal and percent (50% is 50)
  std::string text;
  core::Date date;
  dsl::ast::Duration duration;
  std::vector<Value> items;
};

struct FoldEnv {
  const dsl::Pack* pack = nullptr;
  /// The current table row's fields by column index, inside a table's `where`; null elsewhere. Table
  /// sets are only looked into when a row is given (their content is data, not a constant of the rule).
  const std::vector<std::string_view>* row = nullptr;
};

/// The value of `e`, or nullopt when it is not known before evaluation (or `e` had a type error).
[[nodiscard]] std::optional<Value> fold(const dsl::ast::Expr& e, const FoldEnv& env);

/// How a value is written into SetDecl::values: strings as they are, numbers canonical, ISO dates.
[[nodiscard]] std::string value_text(const Value& v);

}  // namespace sanx::check::detail
