// Values of the rule language as the compiled rules and the evaluator see them: a small tagged union that
// is copied by value and never allocates. Strings are views into the dataset, the rule set's interned
// strings or the evaluator's per-subject arena. Shared by compile/ (constant folding) and eval/.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sanx/core/decimal.hpp"
#include "sanx/dsl/ast.hpp"

namespace sanx::compile {

enum class ValueKind : std::uint8_t {
  missing, boolean, integer, decimal, string, country, date, duration,
  entity, payment, shipment, relation, list, set,
};

/// Calendar months and days. A duration made by `date - date` remembers the date it was measured from
/// (`anchor`, days since the epoch), so that comparing it with months is done on the calendar:
/// `a - b < 18mo` holds exactly when `a < b + 18mo`.
struct DurationValue {
  static constexpr std::int32_t kNoAnchor = INT32_MIN;
  std::int32_t months;
  std::int32_t days;
  std::int32_t anchor;
};

/// What a ListView points at.
enum class ListKind : std::uint8_t {
  strings,      ///< const std::string*; empty strings are skipped as absent
  countries,    ///< const std::string* of country codes
  entities,     ///< const model::EntityIx*; invalid indices (unknown banks) are skipped
  names,        ///< const model::Name*: their text
  identifiers,  ///< const model::Identifier*: `scheme:value`
  nodes,        ///< const std::uint32_t*: IR nodes of a list literal, evaluated on access
  values,       ///< const Value*: a constant list or set
};

struct ListView {
  const void* data;
  std::uint32_t size;
  ListKind kind;
};

struct ConstSet;

struct Value {
  ValueKind kind = ValueKind::missing;
  union {
    std::int64_t integer;
    bool boolean;
    core::Decimal decimal;
    std::string_view string;  ///< string
    char country[2];          ///< ISO 3166-1 alpha-2
    std::int32_t date;        ///< days since 1970-01-01 (earliest day of a partial date)
    DurationValue duration;
    std::uint32_t index;  ///< entity, payment, shipment, relation
    ListView list;
    const ConstSet* set;
  };

  Value() noexcept : integer(0) {}

  [[nodiscard]] bool is_missing() const noexcept { return kind == ValueKind::missing; }
  [[nodiscard]] bool is_true() const noexcept { return kind == ValueKind::boolean && boolean; }
  [[nodiscard]] bool is_false() const noexcept { return kind == ValueKind::boolean && !boolean; }

  static Value missing() noexcept { return {}; }
  static Value of_bool(bool b) noexcept {
    Value v;
    v.kind = ValueKind::boolean;
    v.boolean = b;
    return v;
  }
  static Value of_int(std::int64_t i) noexcept {
    Value v;
    v.kind = ValueKind::integer;
    v.integer = i;
    return v;
  }
  static Value of_decimal(const core::Decimal& d) noexcept {
    Value v;
    v.kind = ValueKind::decimal;
    v.decimal = d;
    return v;
  }
  static Value of_string(std::string_view s) noexcept {
    Value v;
    v.kind = ValueKind::string;
    v.string = s;
    return v;
  }
  /// A country from its code; missing unless `code` has two characters.
  static Value of_country(std::string_view code) noexcept {
    Value v;
    if (code.size() != 2) return v;
    v.kind = ValueKind::country;
    v.country[0] = code[0];
    v.country[1] = code[1];
    return v;
  }
  static Value of_date(std::int32_t days) noexcept {
    Value v;
    v.kind = ValueKind::date;
    v.date = days;
    return v;
  }
  static Value of_duration(std::int32_t months, std::int32_t days,
                           std::int32_t anchor = DurationValue::kNoAnchor) noexcept {
    Value v;
    v.kind = ValueKind::duration;
    v.duration = {months, days, anchor};
    return v;
  }
  static Value of_index(ValueKind k, std::uint32_t ix) noexcept {
    Value v;
    v.kind = k;
    v.index = ix;
    return v;
  }
  static Value of_list(const void* data, std::uint32_t size, ListKind k) noexcept {
    Value v;
    v.kind = ValueKind::list;
    v.list = {data, size, k};
    return v;
  }
  static Value of_set(const ConstSet* s) noexcept {
    Value v;
    v.kind = ValueKind::set;
    v.set = s;
    return v;
  }
};

/// Text of a string or country value (a view into the value itself for countries).
[[nodiscard]] inline std::string_view text_of(const Value& v) noexcept {
  if (v.kind == ValueKind::string) return v.string;
  if (v.kind == ValueKind::country) return {v.country, 2};
  return {};
}

/// Index of a country code in a 26×26 table, or -1 when it is not two upper-case letters.
[[nodiscard]] inline int country_slot(char a, char b) noexcept {
  if (a < 'A' || a > 'Z' || b < 'A' || b > 'Z') return -1;
  return (a - 'A') * 26 + (b - 'A');
}

struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

/// A constant set (or list) of values, with lookup structures per element kind: strings in a hash set,
/// countries in a bitset, numbers and dates in small vectors.
struct ConstSet {
  bool ordered_list = false;  ///< a constant list literal: keeps order and duplicates, renders as `[...]`
  std::vector<Value> values;  ///< in declaration order; duplicates removed for sets, kept for lists
  std::unordered_set<std::string_view, TransparentHash, std::equal_to<>> strings;
  std::bitset<26 * 26> countries;
  std::vector<std::size_t> string_lengths;  ///< distinct lengths of the strings, ascending (hs_in)
  std::vector<core::Decimal> numbers;
  std::vector<std::int32_t> dates;

  /// A dated table set (docs/dsl.md, "Dated tables"): per value's text, the periods [from, to) in days
  /// since the epoch when it is a member (open ends as the int32 extremes). `values` holds every value
  /// that is ever a member; only contains_on answers membership.
  bool dated = false;
  std::unordered_map<std::string_view, std::vector<std::pair<std::int32_t, std::int32_t>>, TransparentHash,
                     std::equal_to<>>
      periods;

  /// Adds a value whose strings outlive the set. Returns false when a set already held it.
  bool add(const Value& v, bool keep_duplicates);
  [[nodiscard]] bool contains(const Value& v) const noexcept;
  /// Membership of a string or country on day `day` (days since the epoch), for a dated set.
  [[nodiscard]] bool contains_on(const Value& v, std::int32_t day) const noexcept;
  /// True when some string element is a prefix of `code` (hs_in).
  [[nodiscard]] bool has_prefix_of(std::string_view code) const noexcept;
};

// ---- operations shared by constant folding and evaluation (none reads the dataset) ----

/// Three-way comparison of two decimals without a call into core (the amount-band fast path).
[[nodiscard]] inline int compare_decimals(const core::Decimal& a, const core::Decimal& b) noexcept {
  if (a.scale() == b.scale()) return a.mantissa() < b.mantissa() ? -1 : (a.mantissa() > b.mantissa() ? 1 : 0);
  static constexpr std::int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
                                            1000000000, 10000000000, 100000000000, 1000000000000,
                                            10000000000000, 100000000000000, 1000000000000000,
                                            10000000000000000, 100000000000000000, 1000000000000000000};
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
  __int128 x = a.mantissa();
  __int128 y = b.mantissa();
#pragma GCC diagnostic pop
  if (a.scale() < b.scale()) {
    x *= kPow10[b.scale() - a.scale()];
  } else {
    y *= kPow10[a.scale() - b.scale()];
  }
  return x < y ? -1 : (x > y ? 1 : 0);
}

/// The result of a comparison operator given a three-way result.
[[nodiscard]] inline bool holds(dsl::ast::BinaryOp op, int c) noexcept {
  switch (op) {
    case dsl::ast::BinaryOp::eq: return c == 0;
    case dsl::ast::BinaryOp::ne: return c != 0;
    case dsl::ast::BinaryOp::lt: return c < 0;
    case dsl::ast::BinaryOp::le: return c <= 0;
    case dsl::ast::BinaryOp::gt: return c > 0;
    case dsl::ast::BinaryOp::ge: return c >= 0;
    default: return false;
  }
}

/// Three-way comparison: -1, 0, 1, or nullopt when the two values are of kinds that do not compare.
/// Integers and decimals compare as numbers, strings and countries as text, durations on the calendar.
[[nodiscard]] std::optional<int> order(const Value& a, const Value& b) noexcept;
[[nodiscard]] bool equal(const Value& a, const Value& b) noexcept;

/// `a op b` for eq, ne, lt, le, gt, ge; missing when either side is missing.
[[nodiscard]] Value compare(dsl::ast::BinaryOp op, const Value& a, const Value& b) noexcept;
/// `a op b` for add, sub, mul, div; missing when either side is missing, on overflow and division by 0.
[[nodiscard]] Value arithmetic(dsl::ast::BinaryOp op, const Value& a, const Value& b) noexcept;
[[nodiscard]] Value negate(const Value& a) noexcept;
/// starts_with, ends_with, and contains on two strings.
[[nodiscard]] Value string_test(dsl::ast::BinaryOp op, const Value& a, const Value& b) noexcept;
/// `days(d)`: months count as 30 days.
[[nodiscard]] Value duration_days(const Value& d) noexcept;

/// `date + months + days` on the calendar (the day is clamped to the end of a shorter month).
[[nodiscard]] std::int32_t add_to_date(std::int32_t date, std::int32_t months, std::int32_t days) noexcept;

/// The mirror of a comparison: `a < b` is `b > a`.
[[nodiscard]] dsl::ast::BinaryOp mirror(dsl::ast::BinaryOp op) noexcept;

/// Text of a value without dataset context: decimals canonical, dates ISO, durations `18mo`, `90d`,
/// `1mo 2d`, missing `?`. Entities and subjects render as `#index` (the evaluator renders them by id).
[[nodiscard]] std::string render_plain(const Value& v);
/// Appends render_plain(v) to `out` without a temporary: how findings render their values.
void append_plain(std::string& out, const Value& v);
/// Room for write_decimal's text: a sign, "0.", 18 zeros and 20 digits at most.
inline constexpr std::size_t kMaxDecimalSize = 48;
/// Writes render_plain of decimal `d` at `out` (room for kMaxDecimalSize characters) and returns its end.
char* write_decimal(char* out, const core::Decimal& d) noexcept;

}  // namespace sanx::compile
