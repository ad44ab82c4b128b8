// Private to the model: each enum is written as a word from a table of names indexed by enumerator value,
// and read back by comparison (exact, or in any ASCII case). One pair of helpers instead of a loop and an assertion per enum.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "sanx/core/assert.hpp"
#include "sanx/core/text.hpp"

namespace sanx::model::detail {

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum value) noexcept {
  const auto i = static_cast<std::size_t>(value);
  SANX_ASSERT(i < N && "an enum value is one of its enumerators");
  return names[i];
}

/// The enumerator written `s`; with `any_case`, in any ASCII case ("swift" for SWIFT).
template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names, std::string_view s,
                               bool any_case = false) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (any_case ? core::equals_ignore_case(names[i], s) : names[i] == s) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace sanx::model::detail
