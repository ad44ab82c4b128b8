// Rule metadata: severity, status, dates, regimes and the other keys (E03xx, W0401).
#include <catch2/catch.hpp>

#include "check/check_test_support.hpp"

using sanx::testing::check_clean;
using sanx::testing::check_fails_with;
using sanx::testing::check_warns_with;

namespace {

/// A payment rule whose meta block holds `entries`, one per line from line 3 on.
std::string rule_with_meta(std::string_view entries) {
  return "rule r {\n  meta {\n" + std::string(entries) + "  }\n  on payment p\n  when p.amount > 1\n}\n";
}

}  // namespace

TEST_CASE("every documented meta key is accepted", "[check][meta]") {
  check_clean(rule_with_meta(
      "    title = \"Cross-border payment over SPFS\"\n    severity = high\n    pattern = \"spfs\"\n"
      "    regimes = [EU, OFAC]\n    references = [\"EU Reg. 833/2014 Art. 5ae\"]\n    status = stable\n"
      "    effective = 2024-06-25\n    expires = 2025-01-01\n    on_missing = ignore\n    tags = [spfs, russia]\n"));
}

TEST_CASE("a rule without a severity is reported at its name", "[check][meta]") {
  check_fails_with("E0301", 1, 6, "rule r {\n  on payment p\n  when p.amount > 1\n}\n");
}

TEST_CASE("an unknown severity is reported at the value", "[check][meta]") {
  check_fails_with("E0301", 3, 16, rule_with_meta("    severity = hihg\n"));
}

TEST_CASE("an unknown status is reported at the value", "[check][meta]") {
  check_fails_with("E0302", 4, 14, rule_with_meta("    severity = high\n    status = stabel\n"));
}

TEST_CASE("an expiry that is not after the effective date is reported at the expiry", "[check][meta]") {
  check_fails_with("E0303", 5, 15,
                   rule_with_meta("    severity = high\n    effective = 2024-06-25\n    expires = 2024-06-25\n"));
}

TEST_CASE("an unknown regime is reported at the word", "[check][meta]") {
  check_fails_with("E0304", 4, 20, rule_with_meta("    severity = high\n    regimes = [EU, OFCA]\n"));
}

TEST_CASE("a meta value of the wrong type is reported at the value", "[check][meta]") {
  check_fails_with("E0305", 4, 17, rule_with_meta("    severity = high\n    effective = \"2024-06-25\"\n"));
}

TEST_CASE("an unknown on_missing value is reported at the value", "[check][meta]") {
  check_fails_with("E0305", 4, 18, rule_with_meta("    severity = high\n    on_missing = skip\n"));
}

TEST_CASE("a meta key given twice is reported at the second", "[check][meta]") {
  check_fails_with("E0306", 4, 5, rule_with_meta("    severity = high\n    severity = low\n"));
}

TEST_CASE("an unknown meta key is a warning at the key", "[check][meta]") {
  check_warns_with("W0401", 4, 5, rule_with_meta("    severity = high\n    owner = \"sanctions team\"\n"));
}
