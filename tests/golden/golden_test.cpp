// Golden imports: every diagnostic code of docs/diagnostics.md has a dataset folder under
// tests/golden/import/<CODE>-<slug>/ that triggers it, and an expected.txt holding exactly what
// `sanx import` prints to stderr for it, minus the summary line: each diagnostic rendered without colour
// and followed by a blank line, paths relative to the dataset folder.
//
// A fixture is imported from a copy in a temporary folder, so that neither the database nor a replaced
// file touches the source tree. A fixture with a `stage2/` folder is imported twice: first as it is (that
// import must be clean), then again after stage2's files are copied over the first ones; the second
// import's output is the one compared.
//
// SANX_UPDATE_GOLDEN=1 rewrites expected.txt from the current output. Review the diff before keeping it:
// check that every caret points at the offending field and every message says what was expected.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "support/golden.hpp"
#include "sanx/app/import.hpp"
#include "sanx/core/diagnostic.hpp"
#include "sanx/store/database.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
namespace app = sanx::app;
namespace core = sanx::core;

namespace {

const fs::path kFixtures = fs::path(SANX_SOURCE_DIR) / "tests" / "golden" / "import";
/// Imports of official list files (dataset.toml `kind = "list"`): the snapshot codes E2360–E2379, W2460–W2479.
const fs::path kListFixtures = fs::path(SANX_SOURCE_DIR) / "tests" / "golden" / "list-import";
const fs::path kRegistry = fs::path(SANX_SOURCE_DIR) / "docs" / "diagnostics.md";

/// Fixture folders that have a test case below, filled before main() by GOLDEN_IMPORT.
std::set<std::string>& tested_fixtures() {
  static std::set<std::string> fixtures;
  return fixtures;
}

/// The same for GOLDEN_LIST_IMPORT.
std::set<std::string>& tested_list_fixtures() {
  static std::set<std::string> fixtures;
  return fixtures;
}

struct FixtureRegistration {
  explicit FixtureRegistration(const char* fixture, bool list = false) {
    (list ? tested_list_fixtures() : tested_fixtures()).insert(fixture);
  }
};

/// The code a fixture folder is named after: "E2004" for "E2004-unknown-entity".
std::string code_of(std::string_view fixture) { return std::string(fixture.substr(0, fixture.find('-'))); }

/// Copies the files of `from` into `to`, over any already there; expected.txt and subfolders stay behind.
void copy_files(const fs::path& from, const fs::path& to) {
  for (const auto& entry : fs::directory_iterator(from)) {
    if (!entry.is_regular_file() || entry.path().filename() == "expected.txt") continue;
    fs::copy_file(entry.path(), to / entry.path().filename(), fs::copy_options::overwrite_existing);
  }
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

/// The diagnostics as `sanx import` prints them (each followed by a blank line), with the temporary
/// dataset folder's path removed so that locations read `payments.csv:3:15`.
std::string rendered(const core::Diagnostics& diags, const fs::path& dataset) {
  std::string out;
  for (const auto& d : diags.items()) {
    out += core::render_text(d);
    out += '\n';
  }
  replace_all(out, dataset.lexically_normal().generic_string() + "/", "");
  return out;
}

bool has_code(const core::Diagnostics& diags, std::string_view code) {
  for (const auto& d : diags.items()) {
    if (d.code == code) return true;
  }
  return false;
}

void check_golden_import(const std::string& fixture, const fs::path& root = kFixtures) {
  const fs::path source = root / fixture;
  INFO("fixture " << source.string());
  REQUIRE(fs::is_directory(source));
  sanx::testing::TempDir dir;
  const fs::path dataset = dir / "dataset";
  fs::create_directories(dataset);
  copy_files(source, dataset);
  auto db = sanx::store::Database::open(dir / "sanx.db");
  auto outcome = app::import_dataset(dataset, db);
  if (fs::is_directory(source / "stage2")) {
    INFO("the first stage must import cleanly:\n" << rendered(outcome.diagnostics, dataset));
    REQUIRE(outcome.committed);
    REQUIRE(outcome.diagnostics.empty());
    copy_files(source / "stage2", dataset);
    outcome = app::import_dataset(dataset, db);
  }

  const std::string actual = rendered(outcome.diagnostics, dataset);
  const fs::path golden = source / "expected.txt";
  sanx::testing::check_golden_file(golden, actual);
  // Guards against accepting a rewritten golden file that no longer shows the fixture's code.
  CHECK(has_code(outcome.diagnostics, code_of(fixture)));
  // Errors leave the database untouched; warnings alone do not stop the import.
  CHECK(outcome.committed == !outcome.diagnostics.has_errors());
}

/// Codes in the first column of the registry's tables: `| E2004 | error | ... |`.
std::set<std::string> documented_codes() {
  std::set<std::string> codes;
  std::istringstream lines(sanx::testing::read_text(kRegistry));
  for (std::string line; std::getline(lines, line);) {
    if (line.size() < 9 || line.compare(0, 2, "| ") != 0 || line.compare(7, 2, " |") != 0) continue;
    const std::string code = line.substr(2, 5);
    const bool letter = code[0] == 'E' || code[0] == 'W';
    bool digits = true;
    for (std::size_t i = 1; i < code.size(); ++i) digits = digits && code[i] >= '0' && code[i] <= '9';
    if (letter && digits) codes.insert(code);
  }
  return codes;
}

std::vector<std::string> missing_from(const std::set<std::string>& wanted, const std::set<std::string>& have) {
  std::vector<std::string> out;
  for (const auto& item : wanted) {
    if (have.count(item) == 0) out.push_back(item);
  }
  return out;
}

/// Every fixture folder under `root` has a test case, and every test case a folder.
void check_folders_tested(const fs::path& root, const std::set<std::string>& tested, const char* macro) {
  std::set<std::string> folders;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) folders.insert(entry.path().filename().string());
  }
  const std::string where = fs::relative(root, SANX_SOURCE_DIR).generic_string();
  for (const auto& folder : missing_from(folders, tested)) FAIL_CHECK(where << "/" << folder << " has no " << macro << " test case");
  for (const auto& fixture : missing_from(tested, folders)) {
    FAIL_CHECK(macro << " names " << fixture << ", which is not a folder of " << where);
  }
}

}  // namespace

#define SANX_GOLDEN_CONCAT2(a, b) a##b
#define SANX_GOLDEN_CONCAT(a, b) SANX_GOLDEN_CONCAT2(a, b)
/// A test case named "CODE: sentence" that imports tests/golden/import/CODE-slug and compares its output.
#define GOLDEN_IMPORT(code, slug, sentence)                                                               \
  static const FixtureRegistration SANX_GOLDEN_CONCAT(golden_fixture_, __LINE__){code "-" slug};          \
  TEST_CASE(code ": " sentence, "[golden][import]") { check_golden_import(code "-" slug); }

GOLDEN_IMPORT("E2001", "extra-field", "a row with more fields than the header is reported from the first extra field")
GOLDEN_IMPORT("E2002", "invalid-date", "an impossible payment date is reported at the date")
GOLDEN_IMPORT("E2003", "invalid-number", "an amount with thousands separators and a decimal comma is not a number")
GOLDEN_IMPORT("E2004", "unknown-entity", "a payment naming an unknown entity is reported at the id")
GOLDEN_IMPORT("E2005", "duplicate-id", "an entity id defined twice in one file points at both definitions")
GOLDEN_IMPORT("E2006", "missing-data-file", "a data file named in dataset.toml that does not exist is reported at its path")
GOLDEN_IMPORT("E2007", "invalid-toml", "a dataset.toml that is not valid TOML is reported where parsing stopped")
GOLDEN_IMPORT("E2008", "missing-column", "a payments header without the currency column is reported on the header")
GOLDEN_IMPORT("E2009", "unknown-network", "an unknown payment network is reported with the allowed words")
GOLDEN_IMPORT("E2010", "invalid-country", "a country that is not ISO 3166-1 alpha-2 is reported inside its list")
GOLDEN_IMPORT("E2011", "invalid-utf8", "a name in Windows-1251 is reported at the first byte that is not UTF-8")
GOLDEN_IMPORT("E2012", "unterminated-quote", "a quote that is never closed is reported where it opens")
GOLDEN_IMPORT("E2013", "stray-quote", "a quote inside an unquoted company name is reported at the quote")
GOLDEN_IMPORT("E2014", "missing-manifest-key", "a [[files]] entry without a kind is reported at its table")
GOLDEN_IMPORT("E2015", "empty-required-field", "a payment without a beneficiary is reported at the empty field")
GOLDEN_IMPORT("E2016", "invalid-identifier", "a malformed BIC and an identifier without a scheme are reported at the value")
GOLDEN_IMPORT("E2017", "out-of-range", "an ownership share of 120 percent is out of range")
GOLDEN_IMPORT("E2018", "wrong-entity-kind", "a shipment whose vessel is a company is reported at the vessel")
GOLDEN_IMPORT("E2019", "dropped-id",
              "replacing entities with a file that drops an id still used by payments is reported at each payment")
GOLDEN_IMPORT("E2020", "invalid-currency", "a currency that is not an ISO 4217 code is reported at the currency")
GOLDEN_IMPORT("E2021", "invalid-hs-code", "an HS code with a dash is reported at the code")
GOLDEN_IMPORT("E2022", "empty-data-file", "an empty designations file is reported as a whole-file problem")
GOLDEN_IMPORT("E2023", "invalid-phone", "a national phone number without its country code is reported at the number")
GOLDEN_IMPORT("W2101", "unknown-bic", "a payment BIC that names no bank is a warning and the import goes ahead")
GOLDEN_IMPORT("W2102", "unknown-key", "an unknown key in dataset.toml is a warning and the import goes ahead")
GOLDEN_IMPORT("W2103", "owners-over-100",
              "owners holding more than 100% of an entity at the same time are a warning at each share, and the "
              "import goes ahead")

/// A test case named "CODE: sentence" that imports tests/golden/list-import/CODE-slug and compares its output.
#define GOLDEN_LIST_IMPORT(code, slug, sentence)                                                          \
  static const FixtureRegistration SANX_GOLDEN_CONCAT(golden_list_fixture_, __LINE__){code "-" slug, true}; \
  TEST_CASE(code ": " sentence, "[golden][import][lists]") { check_golden_import(code "-" slug, kListFixtures); }

GOLDEN_LIST_IMPORT("E2360", "unknown-list-format", "a misspelt list format in dataset.toml is reported at the name")
GOLDEN_LIST_IMPORT("E2361", "undetected-format", "a list file whose format cannot be detected asks for one")
GOLDEN_LIST_IMPORT("E2362", "no-as-of", "a list file that states no date and is given none asks for as_of")
GOLDEN_LIST_IMPORT("E2363", "older-snapshot", "a snapshot older than the list's latest is refused")
GOLDEN_LIST_IMPORT("E2364", "id-of-another-dataset",
                   "a list entry whose id another dataset holds is reported at the entry")
GOLDEN_LIST_IMPORT("W2460", "relation-to-unknown-id",
                   "a register relation between parties in neither the snapshot nor the database is skipped, with a warning")
GOLDEN_LIST_IMPORT("W2461", "as-of-override", "an as_of that differs from the file's own date is used, with a warning")

TEST_CASE("every folder of tests/golden/list-import has a GOLDEN_LIST_IMPORT test case", "[golden][registry]") {
  check_folders_tested(kListFixtures, tested_list_fixtures(), "GOLDEN_LIST_IMPORT");
}

/// The data-file and manifest codes (E2xxx, W21xx): the ones a golden import can show. List-file codes
/// (E23xx, W24xx) have golden list reads instead (lists_golden_test.cpp).
std::set<std::string> documented_import_codes() {
  std::set<std::string> out;
  for (const auto& code : documented_codes()) {
    if ((code.starts_with("E2") && !code.starts_with("E23") && !code.starts_with("E26")) || code.starts_with("W21")) {
      out.insert(code);  // E23xx: list files (lists_golden_test.cpp); E26xx: batch screening (screen_golden_test.cpp)
    }
  }
  return out;
}

TEST_CASE("every data-file code in docs/diagnostics.md has a golden import, and every golden import a documented "
          "code",
          "[golden][registry]") {
  const std::set<std::string> documented = documented_import_codes();
  REQUIRE(documented.size() >= 24);

  std::set<std::string> tested;
  for (const auto& fixture : tested_fixtures()) tested.insert(code_of(fixture));
  for (const auto& code : missing_from(documented, tested)) FAIL_CHECK(code << " is documented but has no golden import");
  for (const auto& code : missing_from(tested, documented)) FAIL_CHECK(code << " has a golden import but is not documented");

  check_folders_tested(kFixtures, tested_fixtures(), "GOLDEN_IMPORT");
}

TEST_CASE("every code in docs/diagnostics.md is shown by at least one golden file", "[golden][registry]") {
  // Golden outputs anywhere under tests/golden: import expected.txt files, rule .expected files.
  std::string all;
  for (const auto& entry : fs::recursive_directory_iterator(fs::path(SANX_SOURCE_DIR) / "tests" / "golden")) {
    const auto name = entry.path().filename().string();
    if (entry.is_regular_file() && (name == "expected.txt" || entry.path().extension() == ".expected")) {
      all += sanx::testing::read_text(entry.path());
    }
  }
  // Pack-loading problems (missing root, unreadable file, missing import) involve the file system around
  // the rules rather than their text; tests/dsl/pack_test.cpp checks them with exact locations.
  const std::set<std::string> covered_elsewhere{"E0001", "E0002", "E0003"};
  for (const auto& code : documented_codes()) {
    const bool shown = all.find("[" + code + "]") != std::string::npos || covered_elsewhere.count(code) == 1;
    if (!shown) FAIL_CHECK(code << " is documented but no golden file shows it");
  }
}
