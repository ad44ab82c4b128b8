// Test support: golden files. Output is compared byte for byte with a file in the tree; running the
// tests with SANX_UPDATE_GOLDEN=1 rewrites the files from the current output, for review with git diff.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

namespace sanx::testing {

/// The whole file; the test fails when it cannot be read.
inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  INFO("reading " << path.string());
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline bool update_golden_requested() {
  const char* update = std::getenv("SANX_UPDATE_GOLDEN");
  return update != nullptr && std::string_view(update) == "1";
}

/// Checks `actual` against the golden file at `path` (rewriting it first under SANX_UPDATE_GOLDEN=1).
inline void check_golden_file(const std::filesystem::path& path, const std::string& actual) {
  if (update_golden_requested()) std::ofstream(path, std::ios::binary) << actual;
  INFO("golden file " << path.string() << "; SANX_UPDATE_GOLDEN=1 rewrites it");
  CHECK(actual == read_text(path));
}

}  // namespace sanx::testing
