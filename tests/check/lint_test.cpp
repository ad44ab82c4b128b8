// Lint warnings: unused declarations and lets, conditions known before any fact is read (W04xx).
#include <catch2/catch.hpp>

#include "check/check_test_support.hpp"

using sanx::testing::check_clean;
using sanx::testing::check_warns_with;
using sanx::testing::payment_when;

TEST_CASE("a const that no rule uses is a warning at its name", "[check][lint]") {
  check_warns_with("W0402", 1, 7, "const LARGE = 1000000\n" + payment_when("p.amount > 1"));
}

TEST_CASE("a set used only by an imported file's rule is used", "[check][lint]") {
  const auto checked = sanx::testing::check_files(
      {{"main.rules", "import \"sets.rules\"\n" + payment_when("p.beneficiary.country in EAEU")},
       {"sets.rules", "set EAEU: country = {\"AM\", \"BY\", \"KZ\", \"KG\", \"RU\"}\n"}});
  INFO(sanx::testing::render(checked.diagnostics));
  CHECK(checked.diagnostics.empty());
}

TEST_CASE("a part of a condition that is always true is a warning", "[check][lint]") {
  check_warns_with("W0403", 4, 25, payment_when("p.amount > 1 and 1 == 1"));
}

TEST_CASE("a literal that is not in a literal set is always false", "[check][lint]") {
  check_warns_with("W0404", 4, 8, payment_when("\"RU\" in {\"BY\"}"));
}

TEST_CASE("a condition over consts is folded", "[check][lint]") {
  check_warns_with("W0404", 5, 8, "const LIMIT = 10\n" + payment_when("LIMIT > 20 or p.amount > LIMIT"));
}

TEST_CASE("a condition that reads the subject is not folded", "[check][lint]") {
  check_clean(payment_when("p.network == \"SPFS\" and not (p.amount < 10)"));
}

TEST_CASE("a let that is never used is a warning at its name", "[check][lint]") {
  check_warns_with("W0405", 4, 7,
                   "rule r {\n  meta { severity = high }\n  on payment p\n  let bank = p.beneficiary_bank\n"
                   "  when p.amount > 1\n}\n");
}

TEST_CASE("a let used only in the reason is used", "[check][lint]") {
  check_clean("rule r {\n  meta { severity = high }\n  on payment p\n  let bank = p.beneficiary_bank\n"
              "  when p.amount > 1\n  reason \"paid to {bank.name}\"\n}\n");
}
