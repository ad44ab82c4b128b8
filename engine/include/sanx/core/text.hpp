/// \file
/// Small text utilities shared by the layers: list splitting, trimming, UTF-8 checks, code-point counts.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sanx::core {

/// Strips ASCII spaces and tabs from both ends.
[[nodiscard]] std::string_view trim(std::string_view s) noexcept;

/// Splits on `sep`, trimming each part and dropping empty parts: "a| b||c" -> {"a","b","c"}.
[[nodiscard]] std::vector<std::string_view> split_list(std::string_view s, char sep = '|');

/// Byte offset of the first invalid UTF-8 sequence, or npos when `s` is valid UTF-8.
[[nodiscard]] std::size_t find_invalid_utf8(std::string_view s) noexcept;

/// Number of code points in valid UTF-8 (continuation bytes are not counted).
[[nodiscard]] std::size_t count_code_points(std::string_view s) noexcept;

/// Joins `parts` with `sep` between them: {"a","b"}, "|" -> "a|b".
[[nodiscard]] std::string join(const std::vector<std::string>& parts, std::string_view sep);

[[nodiscard]] std::string to_upper_ascii(std::string_view s);
[[nodiscard]] std::string to_lower_ascii(std::string_view s);
/// Equal when ASCII letters are compared without case (list codes, regimes, programs).
[[nodiscard]] bool equals_ignore_case(std::string_view a, std::string_view b) noexcept;
/// `s` with each invalid UTF-8 byte replaced by U+FFFD, so that a diagnostic can show a line that holds one.
[[nodiscard]] std::string valid_utf8(std::string_view s);
/// `s` with each run of spaces, tabs and line breaks made one space, and none at either end.
[[nodiscard]] std::string collapse_whitespace(std::string_view s);

}  // namespace sanx::core
