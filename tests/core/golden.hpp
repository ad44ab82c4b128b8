// Golden files of the core tests, named relative to tests/data.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "support/golden.hpp"

namespace sanx::testing {

inline std::filesystem::path golden_path(std::string_view name) {
  return std::filesystem::path(SANX_TEST_DATA_DIR) / name;
}

/// Checks `actual` against the golden file `name` (relative to tests/data).
inline void check_golden(std::string_view name, const std::string& actual) { check_golden_file(golden_path(name), actual); }

}  // namespace sanx::testing
