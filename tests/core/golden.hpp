// Golden files: rendered output compared byte for byte with tests/data/<name>. Run the tests with
// SANX_UPDATE_GOLDEN=1 to (re)write the files from the current output, then review the diff.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

namespace sanx::testing {

inline std::filesystem::path golden_path(std::string_view name) {
  return std::filesystem::path(SANX_TEST_DATA_DIR) / name;
}

inline std::string read_golden(std::string_view name) {
  std::ifstream in(golden_path(name), std::ios::binary | std::ios::ate);
  INFO("golden file " << golden_path(name).string());
  REQUIRE(in.good());
  const std::streamsize size = in.tellg();
  std::string text(static_cast<std::size_t>(size), '\0');
  in.seekg(0);
  in.read(text.data(), size);
  REQUIRE(in.gcount() == size);
  return text;
}

/// Checks `actual` against the golden file `name` (relative to tests/data).
inline void check_golden(std::string_view name, const std::string& actual) {
  if (const char* update = std::getenv("SANX_UPDATE_GOLDEN"); update != nullptr && std::string_view(update) == "1") {
    std::ofstream(golden_path(name), std::ios::binary) << actual;
  }
  INFO("golden file " << golden_path(name).string() << "; SANX_UPDATE_GOLDEN=1 rewrites it");
  CHECK(actual == read_golden(name));
}

}  // namespace sanx::testing
