#include "check/regex.hpp"

// g++ 12 reports -Wmaybe-uninitialized inside libstdc++'s regex automaton at -O1 with sanitizers (a
// false positive in std::function's move constructor); it is not about this code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>

namespace sanx::check::detail {

std::optional<std::string> regex_problem(std::string_view pattern) {
  try {
    const std::regex re{std::string(pattern), std::regex::ECMAScript};
    return std::nullopt;
  } catch (const std::regex_error& e) {
    return std::string(e.what());
  }
}

std::optional<bool> regex_search(std::string_view text, std::string_view pattern) {
  try {
    const std::regex re{std::string(pattern), std::regex::ECMAScript};
    return std::regex_search(std::string(text), re);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

}  // namespace sanx::check::detail

#pragma GCC diagnostic pop
