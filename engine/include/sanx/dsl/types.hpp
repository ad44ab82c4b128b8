/// \file
/// The types of the rule language. Values of every type may be *missing* (a field the data does not
/// have); missing is not a type but a state, handled by three-valued logic (docs/dsl.md).
#pragma once

#include <string>
#include <string_view>

namespace sanx::dsl {

enum class TypeKind {
  error,  ///< the checker already reported a problem here; suppresses follow-on errors
  boolean,
  integer,
  decimal,
  percent,   ///< a decimal number of percent, 0–100 in shares: `50%`
  string,
  country,   ///< ISO 3166-1 alpha-2
  date,
  duration,  ///< months and days: `90d`, `18mo`, `2y`
  entity,
  payment,
  shipment,
  relation,
  designation,
  set,   ///< of `element`
  list,  ///< of `element`
};

struct Type {
  TypeKind kind = TypeKind::error;
  TypeKind element = TypeKind::error;  ///< for set and list

  static constexpr Type of(TypeKind k) noexcept { return Type{k, TypeKind::error}; }
  static constexpr Type set_of(TypeKind e) noexcept { return Type{TypeKind::set, e}; }
  static constexpr Type list_of(TypeKind e) noexcept { return Type{TypeKind::list, e}; }
  [[nodiscard]] constexpr bool is_collection() const noexcept {
    return kind == TypeKind::set || kind == TypeKind::list;
  }
  friend constexpr bool operator==(const Type&, const Type&) = default;
};

/// "decimal", "set<country>", "list<entity>"
[[nodiscard]] std::string to_string(const Type& t);
[[nodiscard]] std::string_view to_string(TypeKind k) noexcept;

}  // namespace sanx::dsl
