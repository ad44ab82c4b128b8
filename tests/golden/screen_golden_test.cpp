// Golden batch screening: every code of a batch CSV (E2601–E2619, W2621–W2639 in docs/diagnostics.md) has a
// folder tests/golden/screen/<CODE>-<slug>/ holding `input.csv` and `expected.txt`: every diagnostic that
// screening the batch produces, rendered without colour and each followed by a blank line, with the
// folder's path removed so that locations read `input.csv:3:15`. The batch is screened against an empty
// dataset: these are problems of the input, found before any name is matched.
//
// SANX_UPDATE_GOLDEN=1 rewrites expected.txt from the current output; review the diff before keeping it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include "sanx/app/screen.hpp"
#include "sanx/core/diagnostic.hpp"
#include "support/golden.hpp"

namespace fs = std::filesystem;
namespace core = sanx::core;

namespace {

const fs::path kFixtures = fs::path(SANX_SOURCE_DIR) / "tests" / "golden" / "screen";
const fs::path kRegistry = fs::path(SANX_SOURCE_DIR) / "docs" / "diagnostics.md";

std::string code_of(const std::string& folder) { return folder.substr(0, folder.find('-')); }

/// Batch screening codes documented in docs/diagnostics.md: `| E2601 | error | ... |`.
std::set<std::string> documented_screen_codes() {
  std::set<std::string> codes;
  std::istringstream lines(sanx::testing::read_text(kRegistry));
  for (std::string line; std::getline(lines, line);) {
    if (line.size() < 9 || line.compare(0, 2, "| ") != 0 || line.compare(7, 2, " |") != 0) continue;
    const std::string code = line.substr(2, 5);
    if (code.starts_with("E26") || code.starts_with("W26")) codes.insert(code);
  }
  return codes;
}

std::set<std::string> fixture_folders() {
  std::set<std::string> out;
  for (const auto& entry : fs::directory_iterator(kFixtures)) {
    if (entry.is_directory()) out.insert(entry.path().filename().string());
  }
  return out;
}

std::string screened(const fs::path& folder) {
  const sanx::app::ScreeningSession session{sanx::model::Dataset{}};
  sanx::app::ScreenFilter filter;
  filter.as_of = core::Date::ymd(2025, 6, 30);
  const auto out = session.screen_file(folder / "input.csv", filter, 1);
  std::string text;
  for (const auto& d : out.diagnostics.items()) {
    text += core::render_text(d);
    text += '\n';
  }
  const std::string prefix = folder.lexically_normal().generic_string() + "/";
  for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) text.erase(at, prefix.size());
  return text;
}

}  // namespace

TEST_CASE("each golden batch prints exactly its expected diagnostics", "[golden][screen]") {
  for (const auto& folder : fixture_folders()) {
    SECTION(folder) {
      const std::string text = screened(kFixtures / folder);
      CHECK(text.find("[" + code_of(folder) + "]") != std::string::npos);
      sanx::testing::check_golden_file(kFixtures / folder / "expected.txt", text);
    }
  }
}

TEST_CASE("every batch screening code in docs/diagnostics.md has a golden folder, and every folder a documented code",
          "[golden][screen][registry]") {
  const auto documented = documented_screen_codes();
  REQUIRE(documented.size() >= 7);
  std::set<std::string> tested;
  for (const auto& folder : fixture_folders()) tested.insert(code_of(folder));
  for (const auto& code : documented) {
    if (tested.count(code) == 0) FAIL_CHECK(code << " is documented but has no folder in tests/golden/screen");
  }
  for (const auto& code : tested) {
    if (documented.count(code) == 0) FAIL_CHECK(code << " has a golden folder but is not documented");
  }
}
