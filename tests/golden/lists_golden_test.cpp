// Golden list reads: every list-file diagnostic code of docs/diagnostics.md (E23xx, W24xx) has a folder
// tests/golden/lists/<CODE>-<slug>/ holding `read.txt` (first line: the format name as `sanx import
// --format` takes it, second line: the file to read, relative to the folder), the input file(s), and
// `expected.txt`: every diagnostic that reading produces, rendered without colour and each followed by a
// blank line, with the folder's path removed so that locations read `sdn.csv:3:15`.
//
// SANX_UPDATE_GOLDEN=1 rewrites expected.txt from the current output; review the diff before keeping it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>

#include "sanx/core/diagnostic.hpp"
#include "sanx/ingest/lists.hpp"
#include "support/golden.hpp"

namespace fs = std::filesystem;
namespace core = sanx::core;
namespace ingest = sanx::ingest;

namespace {

const fs::path kFixtures = fs::path(SANX_SOURCE_DIR) / "tests" / "golden" / "lists";
const fs::path kRegistry = fs::path(SANX_SOURCE_DIR) / "docs" / "diagnostics.md";

std::string code_of(const std::string& folder) { return folder.substr(0, folder.find('-')); }

std::string rendered(const core::Diagnostics& diags, const fs::path& folder) {
  std::string out;
  for (const auto& d : diags.items()) {
    out += core::render_text(d);
    out += '\n';
  }
  const std::string prefix = folder.lexically_normal().generic_string() + "/";
  for (std::size_t at = out.find(prefix); at != std::string::npos; at = out.find(prefix, at)) out.erase(at, prefix.size());
  return out;
}

/// List-file codes documented in docs/diagnostics.md: `| E2301 | error | ... |`.
std::set<std::string> documented_list_codes() {
  std::set<std::string> codes;
  std::istringstream lines(sanx::testing::read_text(kRegistry));
  for (std::string line; std::getline(lines, line);) {
    if (line.size() < 9 || line.compare(0, 2, "| ") != 0 || line.compare(7, 2, " |") != 0) continue;
    const std::string code = line.substr(2, 5);
    // E2360–E2379 and W2460–W2479 come from importing a snapshot, not from reading a file: they have golden
    // imports in tests/golden/list-import (golden_test.cpp) instead.
    const bool import_code = code.starts_with("E236") || code.starts_with("E237") || code.starts_with("W246") ||
                             code.starts_with("W247");
    if ((code.starts_with("E23") || code.starts_with("W24")) && !import_code) codes.insert(code);
  }
  return codes;
}

std::set<std::string> fixture_folders() {
  std::set<std::string> out;
  if (!fs::is_directory(kFixtures)) return out;
  for (const auto& entry : fs::directory_iterator(kFixtures)) {
    if (entry.is_directory()) out.insert(entry.path().filename().string());
  }
  return out;
}

}  // namespace

TEST_CASE("each golden list read prints exactly its expected diagnostics", "[golden][lists]") {
  for (const std::string& folder : fixture_folders()) {
    DYNAMIC_SECTION(folder) {
      const fs::path dir = kFixtures / folder;
      std::istringstream read(sanx::testing::read_text(dir / "read.txt"));
      std::string format_name;
      std::string file;
      std::getline(read, format_name);
      std::getline(read, file);
      const auto format = ingest::parse_list_format(format_name);
      INFO("read.txt names format '" << format_name << "'");
      REQUIRE(format.has_value());
      core::Diagnostics diags;
      (void)ingest::read_list(*format, dir / file, diags);
      sanx::testing::check_golden_file(dir / "expected.txt", rendered(diags, dir));
      bool shows_code = false;
      for (const auto& d : diags.items()) shows_code = shows_code || d.code == code_of(folder);
      CHECK(shows_code);
    }
  }
}

TEST_CASE("every list-file code in docs/diagnostics.md has a golden list read, and every folder a documented code",
          "[golden][lists][registry]") {
  const std::set<std::string> documented = documented_list_codes();
  std::set<std::string> tested;
  for (const std::string& folder : fixture_folders()) tested.insert(code_of(folder));
  for (const auto& code : documented) {
    if (tested.count(code) == 0) FAIL_CHECK(code << " is documented but has no folder in tests/golden/lists");
  }
  for (const auto& code : tested) {
    if (documented.count(code) == 0) FAIL_CHECK(code << " has a golden list read but is not documented");
  }
}
