/// \file
/// Internal to the match layer: string similarities on normalised tokens and identifier checks.
#pragma once

#include <string>
#include <string_view>

namespace sanx::match::detail {

/// Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, at most 4 prefix characters).
[[nodiscard]] double jaro_winkler(std::string_view a, std::string_view b) noexcept;

/// Optimal string alignment distance (Levenshtein with adjacent transpositions).
[[nodiscard]] std::size_t osa_distance(std::string_view a, std::string_view b) noexcept;

/// An identifier value as compared: upper case, without spaces, dots, hyphens and slashes, and without
/// a repeated scheme prefix ("IMO 9354521" → "9354521").
[[nodiscard]] std::string normalize_identifier_value(std::string_view scheme, std::string_view value);

}  // namespace sanx::match::detail
