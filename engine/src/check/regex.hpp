// The regex dialect `matches` uses (ECMAScript), behind two functions so that <regex> is compiled in one
// translation unit only (it is slow to compile, and see regex.cpp for a g++ 12 warning).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sanx::check::detail {

/// Why `pattern` is not a valid ECMAScript regex, or nullopt when it is.
[[nodiscard]] std::optional<std::string> regex_problem(std::string_view pattern);

/// Whether `pattern` matches somewhere in `text`; nullopt when the pattern is invalid.
[[nodiscard]] std::optional<bool> regex_search(std::string_view text, std::string_view pattern);

}  // namespace sanx::check::detail
