// Kept apart because g++ 12 reports false -Wmaybe-uninitialized warnings inside libstdc++'s regex
// compiler at -O1 with sanitizers; CMakeLists.txt silences that one warning for this file only.
#include "compile/regex.hpp"

#include <string>

namespace sanx::compile {

std::unique_ptr<std::regex> make_regex(std::string_view pattern) {
  try {
    return std::make_unique<std::regex>(std::string(pattern), std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    return nullptr;
  }
}

}  // namespace sanx::compile
