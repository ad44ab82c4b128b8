// Compiling `matches` patterns, in one translation unit of its own (see regex.cpp).
#pragma once

#include <memory>
#include <regex>
#include <string_view>

namespace sanx::compile {

/// An ECMAScript regex for `pattern`, searched anywhere in the text (`matches` is not anchored);
/// null when the pattern is invalid.
[[nodiscard]] std::unique_ptr<std::regex> make_regex(std::string_view pattern);

}  // namespace sanx::compile
