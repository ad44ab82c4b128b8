// Golden diagnostics: tests/golden/check/<CODE>-<slug>.rules is loaded with dsl::load_pack (so with the
// files it imports, kept under data/ with the tables) and checked with the source folder as project root.
// Everything reported, rendered without colour and each followed by a blank line, must equal <CODE>-<slug>.expected byte for byte. Paths are shown relative to the source
// folder. SANX_UPDATE_GOLDEN=1 rewrites the .expected files: review every difference before keeping it.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>

#include "check/check_test_support.hpp"
#include "support/golden.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kSourceDir = fs::path(SANX_SOURCE_DIR);
const fs::path kGolden = kSourceDir / "tests" / "golden" / "check";

/// The codes the checker owns; each has at least one golden file.
const std::set<std::string> kCodes{
    "E0101", "E0102", "E0103", "E0104", "E0105", "E0106", "E0107", "E0108", "E0109", "E0110", "E0111", "E0112",
    "E0201", "E0202", "E0203", "E0204", "E0205", "E0206", "E0207", "E0208", "E0209", "E0210", "E0211", "E0212", "E0213", "E0214", "E0215", "E0216", "E0217",
    "E0218", "E0219", "E0220",
    "E0301", "E0302", "E0303", "E0304", "E0305", "E0306",
    "W0401", "W0402", "W0403", "W0404", "W0405"};

std::string strip_source_dir(std::string text) {
  const std::string prefix = kSourceDir.lexically_normal().generic_string() + "/";
  for (auto at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) text.erase(at, prefix.size());
  return text;
}

void check_golden(const fs::path& rules) {
  INFO("golden " << rules.string());
  sanx::check::CheckOptions options;
  options.project_root = kSourceDir;
  sanx::testing::Checked checked;
  checked.pack = sanx::dsl::load_pack({rules}, checked.diagnostics);
  {
    INFO("loading:\n" << sanx::testing::render(checked.diagnostics));
    REQUIRE(checked.diagnostics.empty());
  }
  sanx::check::check(checked.pack, checked.diagnostics, options);
  const std::string actual = strip_source_dir(sanx::testing::render(checked.diagnostics));
  fs::path expected = rules;
  expected.replace_extension(".expected");
  sanx::testing::check_golden_file(expected, actual);
  const std::string code = rules.stem().string().substr(0, 5);
  bool found = false;
  for (const auto& d : checked.diagnostics.items()) found = found || d.code == code;
  CHECK(found);
}

}  // namespace

TEST_CASE("every golden rule file reports what its expected file shows", "[check][golden]") {
  std::set<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kGolden)) {
    if (entry.path().extension() == ".rules") files.insert(entry.path());
  }
  REQUIRE(!files.empty());
  for (const auto& f : files) check_golden(f);
}

TEST_CASE("every checker code has a golden file and every golden file is named after a checker code",
          "[check][golden]") {
  std::set<std::string> covered;
  for (const auto& entry : fs::directory_iterator(kGolden)) {
    if (entry.path().extension() != ".rules") continue;
    const std::string code = entry.path().stem().string().substr(0, 5);
    CHECK(kCodes.count(code) == 1);
    covered.insert(code);
  }
  for (const auto& code : kCodes) {
    INFO(code);
    CHECK(covered.count(code) == 1);
  }
}
