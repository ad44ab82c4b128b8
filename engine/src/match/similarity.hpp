/// \file
/// Internal to the match layer: string similarities on normalised tokens and identifier checks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sanx::match::detail {

/// Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, at most 4 prefix characters).
[[nodiscard]] double jaro_winkler(std::string_view a, std::string_view b) noexcept;

/// Optimal string alignment distance (Levenshtein with adjacent transpositions).
[[nodiscard]] std::size_t osa_distance(std::string_view a, std::string_view b) noexcept;

/// How many letters one token holds that the other lacks, in the direction with more: a lower bound of
/// their edit distance, since an edit removes at most one letter from either side's surplus. Letters
/// are counted by class (byte & 63), which keeps the bound: merged classes can only cancel surplus.
[[nodiscard]] int letters_apart(std::string_view a, std::string_view b) noexcept;

/// A token's letters in 64 bits, to compare tokens without reading their text: for each class byte & 31,
/// how often it occurs, saturated at 3, in 2 bits.
[[nodiscard]] std::uint64_t letter_sketch(std::string_view token) noexcept;

/// letters_apart as far as two sketches tell, never more than letters_apart of the tokens themselves:
/// per class, the sketch holds the sum of two exact classes (a surplus of one can only cancel a shortfall
/// of the other) capped at 3 (a cap keeps a shortfall or shrinks it). So whatever a test on this number
/// rejects, the same test on letters_apart rejects too.
[[nodiscard]] int sketch_letters_apart(std::uint64_t a, std::uint64_t b) noexcept;

/// An identifier value as compared: upper case, without spaces, dots, hyphens and slashes, and without
/// a repeated scheme prefix ("IMO 9354521" → "9354521").
[[nodiscard]] std::string normalize_identifier_value(std::string_view scheme, std::string_view value);

/// identifier_checks of an identifier whose value is already normalised (normalize_identifier_value).
[[nodiscard]] bool normalized_identifier_checks(std::string_view scheme, const std::string& value);

}  // namespace sanx::match::detail
