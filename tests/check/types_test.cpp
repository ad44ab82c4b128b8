// Types of expressions: operators, functions, conditions and literal values (E02xx).
#include <catch2/catch.hpp>

#include "check/check_test_support.hpp"

using sanx::testing::check_clean;
using sanx::testing::check_fails_with;
using sanx::testing::check_source;
using sanx::testing::payment_when;

namespace {

std::string relation_when(std::string_view condition) {
  return "rule r {\n  meta { severity = high }\n  on relation r\n  when " + std::string(condition) + "\n}\n";
}

std::string shipment_when(std::string_view condition) {
  return "rule r {\n  meta { severity = high }\n  on shipment s\n  when " + std::string(condition) + "\n}\n";
}

}  // namespace

TEST_CASE("comparing a decimal with a string is reported with both types", "[check][types]") {
  check_fails_with("E0201", 4, 8, payment_when("p.amount == \"x\""));
  const auto checked = check_source(payment_when("p.amount == \"x\""));
  REQUIRE(checked.diagnostics.size() == 1);
  CHECK(checked.diagnostics.items()[0].message == "operator `==` does not accept decimal and string");
}

TEST_CASE("a country is not compared with a string that is not a literal", "[check][types]") {
  check_fails_with("E0201", 4, 8, payment_when("p.beneficiary.country == p.beneficiary_bic"));
}

TEST_CASE("a date cannot be added to a date", "[check][types]") {
  check_fails_with("E0201", 4, 8, payment_when("p.date + p.date > p.date"));
}

TEST_CASE("a decimal is not an element of a set of strings", "[check][types]") {
  check_fails_with("E0201", 4, 8, payment_when("p.amount in {\"a\"}"));
}

TEST_CASE("a percent is not added to a plain number", "[check][types]") {
  check_fails_with("E0201", 4, 8, relation_when("r.share + 5 > 50%"));
}

TEST_CASE("the pattern of matches must be a string literal", "[check][types]") {
  check_fails_with("E0201", 4, 26, payment_when("p.purpose matches p.id"));
}

TEST_CASE("a function called with too few arguments shows its signature", "[check][types]") {
  check_fails_with("E0202", 4, 8, payment_when("designated(p.beneficiary)"));
  const auto checked = check_source(payment_when("designated(p.beneficiary)"));
  REQUIRE(checked.diagnostics.size() == 1);
  CHECK(checked.diagnostics.items()[0].notes ==
        std::vector<std::string>{"note: designated(entity, string[, string]) -> bool"});
}

TEST_CASE("an argument of the wrong type is reported at the argument", "[check][types]") {
  check_fails_with("E0203", 4, 19, payment_when("designated(p.amount, \"OFAC\")"));
}

TEST_CASE("a when that is not a condition is reported", "[check][types]") {
  check_fails_with("E0204", 4, 8, payment_when("p.amount"));
}

TEST_CASE("a quantifier body that is not a condition is reported", "[check][types]") {
  check_fails_with("E0204", 4, 39, payment_when("any b in p.intermediary_banks: b.country"));
}

TEST_CASE("a string literal compared with a country must be a country code", "[check][types]") {
  check_fails_with("E0205", 4, 33, payment_when("p.beneficiary.country == \"Ru\""));
}

TEST_CASE("a literal set used with a country must hold country codes", "[check][types]") {
  check_fails_with("E0205", 4, 40, payment_when("p.beneficiary.country in {\"RU\", \"XX\"}"));
}

TEST_CASE("a named set of strings used with a country is checked at its declaration", "[check][types]") {
  check_fails_with("E0205", 1, 16, "set S = {\"RU\", \"Russia\"}\n" + payment_when("p.beneficiary.country in S"));
}

TEST_CASE("a set annotated country must hold country codes", "[check][types]") {
  check_fails_with("E0205", 1, 19, "set S: country = {\"ru\"}\n" + payment_when("p.beneficiary.country in S"));
}

TEST_CASE("a const holding a string literal is checked as a country where it is compared", "[check][types]") {
  check_fails_with("E0205", 5, 33, "const HOME = \"Ru\"\n" + payment_when("p.beneficiary.country == HOME"));
  check_clean("const HOME = \"RU\"\n" + payment_when("p.beneficiary.country == HOME"));
}

TEST_CASE("a percent literal above 100% is reported", "[check][types]") {
  check_fails_with("E0206", 4, 19, payment_when("p.amount * 150% > 1"));
}

TEST_CASE("days of a duration in months is reported", "[check][types]") {
  check_fails_with("E0207", 4, 13, payment_when("days(3mo) > 1"));
}

TEST_CASE("a duration in months is not compared with one in days", "[check][types]") {
  check_fails_with("E0207", 4, 8, payment_when("90d < 3mo"));
}

TEST_CASE("a difference of dates compares with months on the calendar", "[check][types]") {
  check_clean(payment_when("p.date - p.beneficiary.incorporated < 18mo"));
}

TEST_CASE("an invalid regex is reported at the pattern", "[check][types]") {
  check_fails_with("E0208", 4, 26, payment_when("p.purpose matches \"[a-\""));
}

TEST_CASE("a date plus a duration is a date", "[check][types]") {
  check_clean(payment_when("p.date + 90d > 2024-01-01"));
}

TEST_CASE("a percent field compares with a percent and with a number", "[check][types]") {
  check_clean(relation_when("r.share >= 50% or r.share > 25"));
}

TEST_CASE("coalesce gives the type of its arguments", "[check][types]") {
  check_clean(payment_when("coalesce(p.beneficiary_bank.country, bic_country(p.beneficiary_bic)) == \"RU\""));
}

TEST_CASE("a list field is ranged over and its elements have fields", "[check][types]") {
  check_clean(payment_when("any b in p.intermediary_banks: b.country in {\"RU\", \"BY\"}"));
}

TEST_CASE("a route of countries contains a country literal", "[check][types]") {
  check_clean(shipment_when("s.route contains \"AE\" and len(s.route) > 2"));
}

TEST_CASE("hs_in takes a code and a set of codes", "[check][types]") {
  check_clean("set CHIPS = {\"8542\", \"854231\"}\n" + shipment_when("hs_in(s.hs_code, CHIPS)"));
}
