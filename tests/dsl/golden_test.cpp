// Golden syntax diagnostics: each tests/golden/dsl/syntax/<name>.rules is parsed and its diagnostics,
// rendered without colour and each followed by a blank line, are compared with <name>.expected.
// SANX_UPDATE_GOLDEN=1 rewrites the expected files; review every difference before keeping it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support/golden.hpp"
#include "sanx/dsl/parse.hpp"

namespace fs = std::filesystem;
namespace core = sanx::core;
namespace dsl = sanx::dsl;

namespace {

const fs::path kGolden = fs::path(SANX_SOURCE_DIR) / "tests" / "golden" / "dsl" / "syntax";

std::vector<fs::path> golden_sources() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kGolden)) {
    if (entry.path().extension() == ".rules") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("syntax diagnostics match their golden files", "[dsl][golden]") {
  const auto sources = golden_sources();
  REQUIRE(sources.size() >= 8);
  std::set<std::string> codes;
  for (const auto& source : sources) {
    core::SourceMap map;
    const std::string name = source.filename().string();
    const core::FileId id = map.add("syntax/" + name, sanx::testing::read_text(source));
    const dsl::ParseResult result = dsl::parse(map, id);
    std::string actual;
    for (const auto& d : result.diagnostics.items()) {
      actual += core::render_text(d) + "\n";
      codes.insert(d.code);
    }
    fs::path expected = source;
    expected.replace_extension(".expected");
    sanx::testing::check_golden_file(expected, actual);
    CHECK_FALSE(actual.empty());
  }
  for (const char* code : {"E0010", "E0011", "E0012", "E0013", "E0014", "E0015", "E0016"}) {
    INFO("code " << code);
    CHECK(codes.count(code) == 1);
  }
}

TEST_CASE("three broken rules in one file give three independent errors", "[dsl][golden][recovery]") {
  core::SourceMap map;
  const core::FileId id = map.add("three.rules", sanx::testing::read_text(kGolden / "three_broken_rules.rules"));
  const dsl::ParseResult result = dsl::parse(map, id);
  REQUIRE(result.diagnostics.size() == 3);
  CHECK(result.file.rules.size() == 1);
}
