// Catalog scenario A3 in its structuring form: "14 Shetab card operations totalling more than USD 10,000
// in 30 days" by one originator. The rule counts the operations before each one (the operation itself is
// not in its own window, so 13 earlier ones make 14).
#include "eval/eval_test_support.hpp"

using namespace sanx;

namespace {

constexpr std::string_view kRule = R"(
rule shetab_structuring {
  meta { severity = high }
  on payment p
  let ops = count payment q where q.originator == p.originator and q.network == "SHETAB"
            and q.currency == "USD" within 30d before
  let total = sum q.amount over payment q where q.originator == p.originator and q.network == "SHETAB"
              and q.currency == "USD" within 30d before
  when p.network == "SHETAB" and p.currency == "USD" and ops + 1 >= 14 and total + p.amount > 10000
  reason "{ops} earlier SHETAB operations by {p.originator}, {total} USD before this one"
})";

/// `n` SHETAB operations of `amount` USD by demo:card on the given days after 2024-05-01.
model::Dataset card_operations(const std::vector<int>& days, std::string_view amount = "800") {
  test::World w;
  w.company("demo:card", "Card Holder", "IR").company("demo:benef", "Benef", "RU");
  for (std::size_t i = 0; i < days.size(); ++i) {
    model::Payment p = test::payment(fmt::format("OP{:02}", i), "2024-05-01", "", "", amount, model::Network::shetab);
    p.originator = "demo:card";
    p.currency = "USD";
    p.date = core::Date::from_days_since_epoch(test::day("2024-05-01").days_since_epoch() + days[i]);
    w.payment(p);
  }
  return w.build();
}

std::vector<int> every_other_day(int n, int start = 0) {
  std::vector<int> days;
  for (int i = 0; i < n; ++i) days.push_back(start + 2 * i);
  return days;
}

}  // namespace

TEST_CASE("Fourteen SHETAB operations over USD 10,000 in 30 days fire on the fourteenth", "[eval][window][scenario]") {
  const auto findings = test::run(kRule, card_operations(every_other_day(14)));  // days 0..26
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject() == "OP13");
  CHECK(findings[0].outcome == eval::Outcome::fired);
  CHECK(findings[0].reason() == "13 earlier SHETAB operations by demo:card (Card Holder), 10400 USD before this one");
  const auto evidence = test::evidence_of(findings[0]);
  CHECK(std::find(evidence.begin(), evidence.end(), std::pair<std::string, std::string>{"ops", "13"}) !=
        evidence.end());
}

TEST_CASE("Thirteen SHETAB operations in 30 days do not fire", "[eval][window][scenario]") {
  CHECK(test::run(kRule, card_operations(every_other_day(13), "1000")).empty());
}

TEST_CASE("Fourteen SHETAB operations over USD 10,000 spread over 31 days do not fire", "[eval][window][scenario]") {
  std::vector<int> days = every_other_day(13);  // days 0..24
  days.push_back(31);                           // the fourteenth: day 0 is 31 days before
  CHECK(test::run(kRule, card_operations(days, "1000")).empty());
}

TEST_CASE("Fourteen SHETAB operations in 30 days totalling USD 10,000 or less do not fire",
          "[eval][window][scenario]") {
  CHECK(test::run(kRule, card_operations(every_other_day(14), "700")).empty());
}
