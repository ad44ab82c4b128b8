// Private to the model: each enum is written as a word from a table of names indexed by enumerator value,
// and read back by exact comparison. One pair of helpers instead of a loop and an assertion per enum.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "sanx/core/assert.hpp"

namespace sanx::model::detail {

template <typename Enum, std::size_t N>
std::string_view name_of(const std::array<std::string_view, N>& names, Enum value) noexcept {
  const auto i = static_cast<std::size_t>(value);
  SANX_ASSERT(i < N && "an enum value is one of its enumerators");
  return names[i];
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names, std::string_view s) noexcept {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace sanx::model::detail
