// Each operator of the rule language, evaluated on payment P1 of small_world() (see eval_test_support.hpp).
#include "eval/eval_test_support.hpp"

using sanx::test::outcome;

TEST_CASE("Equality compares strings, countries, decimals and enum-like fields", "[eval][operators]") {
  CHECK(outcome(R"(p.currency == "EUR")") == "fired");
  CHECK(outcome(R"(p.currency != "EUR")") == "none");
  CHECK(outcome(R"(p.originator_bank.country == "RU")") == "fired");
  CHECK(outcome(R"(p.beneficiary_bank.country != "RU")") == "fired");
  CHECK(outcome("p.amount == 1500.50") == "fired");
  CHECK(outcome(R"(p.network == "SWIFT")") == "fired");
  CHECK(outcome(R"(p.network == "SPFS")") == "none");
  CHECK(outcome(R"(p.network != "SPFS")") == "fired");
}

TEST_CASE("Ordering compares numbers and dates", "[eval][operators]") {
  CHECK(outcome("p.amount > 1500") == "fired");
  CHECK(outcome("p.amount >= 1500.5") == "fired");
  CHECK(outcome("p.amount < 1500.5") == "none");
  CHECK(outcome("p.amount <= 1500.5") == "fired");
  CHECK(outcome("p.date >= 2024-07-01") == "fired");
  CHECK(outcome("p.date < 2024-07-01") == "none");
  CHECK(outcome("1000 < p.amount") == "fired");
}

TEST_CASE("Two fields of one kind compare as text, number, date or identity", "[eval][operators]") {
  // countries, strings, decimals at different scales, dates, integers, entities; a missing side is missing
  CHECK(outcome("p.originator_bank.country == p.originator.country") == "fired");
  CHECK(outcome("p.originator_bank.country == p.beneficiary_bank.country") == "none");
  CHECK(outcome("p.originator_bic != p.beneficiary_bic") == "fired");
  CHECK(outcome("p.beneficiary_bic <= p.originator_bic") == "fired");  // DEUTDEFF before VTBRRUMM
  CHECK(outcome("p.amount == p.amount * 1.0") == "fired");
  CHECK(outcome("p.amount < p.amount * 2") == "fired");
  CHECK(outcome("p.amount >= p.amount + 0.01") == "none");
  CHECK(outcome("p.date > p.date - 1d") == "fired");
  CHECK(outcome("p.originator != p.beneficiary") == "fired");
  CHECK(outcome("p.originator_bank == p.originator_bank") == "fired");
  CHECK(outcome("len(p.currency) == len(p.purpose) - 20") == "fired");  // ints: 3 and 23 - 20
  CHECK(outcome("p.originator.incorporated == p.beneficiary.incorporated") == "undetermined");  // missing
}

TEST_CASE("Arithmetic is exact on decimals", "[eval][operators]") {
  CHECK(outcome("p.amount + 0.5 == 1501") == "fired");
  CHECK(outcome("p.amount - 500.5 == 1000") == "fired");
  CHECK(outcome("p.amount * 2 == 3001") == "fired");
  CHECK(outcome("p.amount / 2 == 750.25") == "fired");
  CHECK(outcome("-p.amount < 0") == "fired");
  CHECK(outcome("0.1 + 0.2 == 0.3") == "fired");
}

TEST_CASE("Membership tests sets, lists and enum-like fields", "[eval][operators]") {
  CHECK(outcome(R"(p.currency in {"EUR", "USD"})") == "fired");
  CHECK(outcome(R"(p.currency not in {"EUR", "USD"})") == "none");
  CHECK(outcome(R"(p.originator_bank.country in {"RU", "BY"})") == "fired");
  CHECK(outcome(R"(p.network in {"SPFS", "SWIFT"})") == "fired");
  CHECK(outcome(R"(p.network not in {"SPFS", "SEPAM"})") == "fired");
  CHECK(outcome(R"("CHASUS33" in p.intermediary_bics)") == "fired");
  CHECK(outcome(R"(p.intermediary_bics contains "NOWHGB22")") == "fired");
}

TEST_CASE("String operators test substrings, prefixes, suffixes and patterns", "[eval][operators]") {
  CHECK(outcome(R"(p.purpose contains "drone")") == "fired");
  CHECK(outcome(R"(p.purpose contains "Drone")") == "none");
  CHECK(outcome(R"(p.purpose starts_with "payment")") == "fired");
  CHECK(outcome(R"(p.purpose ends_with "parts")") == "fired");
  CHECK(outcome(R"(p.purpose matches "dr[o0]ne")") == "fired");
  CHECK(outcome(R"(p.purpose matches "^drone")") == "none");
}

TEST_CASE("Keyword lists match as regexes do, in lower(x) without its upper-case branches", "[eval][operators]") {
  CHECK(outcome(R"(p.purpose matches "crude|drone|oil")") == "fired");
  CHECK(outcome(R"(p.purpose matches "crude|Drone|oil")") == "none");
  CHECK(outcome(R"(lower(p.purpose) matches "crude|drone")") == "fired");
  CHECK(outcome(R"(lower(p.purpose) matches "crude|DRONE|Payment")") == "none");  // lower(x) has no upper case
  CHECK(outcome(R"(upper(p.purpose) matches "CRUDE|DRONE")") == "fired");
  CHECK(outcome(R"(p.purpose matches "^payment for drone parts$")") == "fired");
  CHECK(outcome(R"(p.purpose matches "^drone|parts$")") == "fired");
  CHECK(outcome(R"(p.purpose matches "^drone|^parts$|^$")") == "none");
  CHECK(outcome(R"(p.purpose matches "crude|")") == "fired");  // an empty branch matches everywhere
  CHECK(outcome(R"(lower(p.originator_bank.country) matches "by|ru")") == "fired");  // a country as text
  CHECK(outcome(R"(lower(p.beneficiary.web_presence) matches "none|thin|")") == "undetermined");  // missing
}

TEST_CASE("Is missing is always true or false", "[eval][operators]") {
  CHECK(outcome("p.originator_bank is not missing") == "fired");
  CHECK(outcome("p.originator_bank is missing") == "none");
  CHECK(outcome("p.originator is missing") == "none");
  CHECK(outcome("p.originator.country is missing") == "none");
}

TEST_CASE("Builtins compute countries, lengths and case", "[eval][builtins]") {
  CHECK(outcome(R"(bic_country(p.originator_bic) == "RU")") == "fired");
  CHECK(outcome("len(p.intermediary_bics) == 2") == "fired");
  CHECK(outcome(R"(len(p.currency) == 3)") == "fired");
  CHECK(outcome(R"(lower(p.purpose) contains "drone")") == "fired");
  CHECK(outcome(R"(upper(p.purpose) contains "DRONE")") == "fired");
  CHECK(outcome(R"(coalesce(p.beneficiary_bank.country, "KZ") == "DE")") == "fired");
  CHECK(outcome("days(3w) == 21") == "fired");
}

TEST_CASE("Quantifiers range over list fields, skipping unknown banks", "[eval][operators]") {
  CHECK(outcome(R"(any b in p.intermediary_banks: b.id == "demo:nowhere")") == "fired");
  CHECK(outcome("len(p.intermediary_banks) == 1") == "fired");
  CHECK(outcome(R"(all b in p.intermediary_bics: len(b) == 8)") == "fired");
  CHECK(outcome(R"(none b in p.intermediary_bics: b starts_with "VTB")") == "fired");
}
