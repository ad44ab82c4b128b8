// Windows and aggregates: count, sum, distinct, min and max over the payments or shipments that share a
// key with the subject, dated within a window before, after or around the subject's date.
#include <map>

#include "eval/eval_test_support.hpp"

using namespace sanx;

namespace {

/// A payment by `originator` on `date`, in USD over `network`.
model::Payment op(std::string id, std::string originator, std::string_view date, std::string_view amount = "100",
                  model::Network network = model::Network::shetab) {
  model::Payment p = test::payment(std::move(id), date, "VTBRRUMM", "DEUTDEFF", amount, network);
  p.originator = std::move(originator);
  p.currency = "USD";
  return p;
}

test::World& parties(test::World& w) {
  w.company("demo:a", "A LLC", "IR").company("demo:b", "B LLC", "IR").company("demo:benef", "Benef", "RU");
  return w.bank("demo:vtb", "VTB Bank", "RU", "VTBRRUMM").bank("demo:db", "Deutsche Bank", "DE", "DEUTDEFF");
}

/// What `expr` gives for each payment of `data`, rendered: payment id -> value ("?" when missing).
std::map<std::string, std::string> values(std::string_view expr, const model::Dataset& data) {
  const auto findings = test::run(
      fmt::format("rule r {{\n  meta {{ severity = low }}\n  on payment p\n  let v = {}\n"
                  "  when v is missing or v is not missing\n  reason \"{{v}}\"\n}}\n",
                  expr),
      data);
  std::map<std::string, std::string> out;
  for (const auto& f : findings) out[std::string(f.subject())] = f.reason();
  return out;
}

using Values = std::map<std::string, std::string>;

constexpr std::string_view kCountBefore =
    "count payment q where q.originator == p.originator within 30d before";

}  // namespace

TEST_CASE("A window before the subject includes the day 30 days earlier and not the day 31 days earlier",
          "[eval][window]") {
  test::World w;
  parties(w).payment(op("S", "demo:a", "2024-03-31")).payment(op("IN", "demo:a", "2024-03-01"))
      .payment(op("OUT", "demo:a", "2024-02-29"));
  CHECK(values(kCountBefore, w.build()) == Values{{"IN", "1"}, {"OUT", "0"}, {"S", "1"}});
}

TEST_CASE("A window after the subject includes the day 30 days later and not the day 31 days later",
          "[eval][window]") {
  test::World w;
  parties(w).payment(op("S", "demo:a", "2024-03-01")).payment(op("IN", "demo:a", "2024-03-31"))
      .payment(op("OUT", "demo:a", "2024-04-01"));
  CHECK(values("count payment q where q.originator == p.originator within 30d after", w.build()) ==
        Values{{"IN", "1"}, {"OUT", "0"}, {"S", "1"}});
}

TEST_CASE("A window around the subject includes both sides up to its length", "[eval][window]") {
  test::World w;
  parties(w).payment(op("S", "demo:a", "2024-03-31")).payment(op("E30", "demo:a", "2024-03-01"))
      .payment(op("E31", "demo:a", "2024-02-29")).payment(op("L30", "demo:a", "2024-04-30"))
      .payment(op("L31", "demo:a", "2024-05-01"));
  CHECK(values("count payment q where q.originator == p.originator within 30d around", w.build()).at("S") == "2");
}

TEST_CASE("A window in months is counted on the calendar", "[eval][window]") {
  test::World w;
  parties(w).payment(op("S", "demo:a", "2024-03-31")).payment(op("IN", "demo:a", "2024-02-29"))
      .payment(op("OUT", "demo:a", "2024-02-28"));
  CHECK(values("count payment q where q.originator == p.originator within 1mo before", w.build()).at("S") == "1");
}

TEST_CASE("The subject is not in its own window but another subject on the same day is", "[eval][window]") {
  test::World w;
  parties(w).payment(op("S", "demo:a", "2024-03-31")).payment(op("SAME_DAY", "demo:a", "2024-03-31"))
      .payment(op("OTHER", "demo:b", "2024-03-31"));
  CHECK(values(kCountBefore, w.build()) == Values{{"OTHER", "0"}, {"SAME_DAY", "1"}, {"S", "1"}});
}

TEST_CASE("Only subjects whose where is true are counted", "[eval][window]") {
  test::World w;
  parties(w).payment(op("S", "demo:a", "2024-03-31")).payment(op("CARD", "demo:a", "2024-03-30"))
      .payment(op("WIRE", "demo:a", "2024-03-29", "100", model::Network::swift));
  CHECK(values("count payment q where q.originator == p.originator and q.network == \"SHETAB\" within 30d before",
               w.build()) == Values{{"CARD", "0"}, {"S", "1"}, {"WIRE", "0"}});
}

TEST_CASE("A where comparing each candidate with an expression of the subject counts as written",
          "[eval][window]") {
  // p.amount * 2 and lower(p.purpose) are computed once per subject (compiled as lets): each subject
  // still gets its own value, and a missing one makes the comparison missing for every candidate.
  test::World w;
  model::Payment s = op("S", "demo:a", "2024-03-31", "100");
  s.purpose = "Cards";
  model::Payment big = op("BIG", "demo:a", "2024-03-20", "250");
  big.purpose = "cards";
  model::Payment small = op("SMALL", "demo:a", "2024-03-10", "150");
  small.purpose = "CARDS";
  model::Payment none = op("NONE", "demo:a", "2024-04-01", "10");
  none.purpose = "";
  parties(w).payment(s).payment(big).payment(small).payment(none);
  const auto& data = w.build();
  CHECK(values("count payment q where q.originator == p.originator and q.amount > p.amount * 2 within 30d before",
               data) == Values{{"BIG", "0"}, {"NONE", "3"}, {"S", "1"}, {"SMALL", "0"}});
  CHECK(values("count payment q where q.originator == p.originator and lower(q.purpose) == lower(p.purpose)"
               " within 30d before", data) == Values{{"BIG", "1"}, {"NONE", "?"}, {"S", "2"}, {"SMALL", "0"}});
}

TEST_CASE("sum, min, max and distinct aggregate the value over the subjects in the window", "[eval][window]") {
  test::World w;
  parties(w).payment(op("S", "demo:a", "2024-03-31", "1")).payment(op("X", "demo:a", "2024-03-20", "250.25"))
      .payment(op("Y", "demo:a", "2024-03-10", "100"));
  model::Payment z = op("Z", "demo:a", "2024-03-05", "7");
  z.beneficiary = "demo:a";
  w.payment(z);
  const auto& data = w.build();
  const std::string where = "payment q where q.originator == p.originator within 30d before";
  CHECK(values("sum q.amount over " + where, data).at("S") == "357.25");
  CHECK(values("sum q.amount over " + where, data).at("Z") == "0");
  CHECK(values("min q.date over " + where, data).at("S") == "2024-03-05");
  CHECK(values("max q.amount over " + where, data).at("S") == "250.25");
  CHECK(values("max q.amount over " + where, data).at("Z") == "?");  // nothing to take the max of
  CHECK(values("distinct q.beneficiary over " + where, data).at("S") == "2");
}

TEST_CASE("A candidate whose where is missing makes the window missing, unless the rule decides it",
          "[eval][window]") {
  test::World w;
  model::Payment unknown = op("U", "demo:a", "2024-03-30");
  unknown.purpose = "";  // missing
  model::Payment cards = op("C", "demo:a", "2024-03-29");
  cards.purpose = "cards";
  model::Payment s = op("S", "demo:a", "2024-03-31");
  s.purpose = "cards";
  parties(w).payment(s).payment(unknown).payment(cards);
  const auto& data = w.build();
  CHECK(values("count payment q where q.originator == p.originator and q.purpose == \"cards\" within 30d before",
               data)
            .at("S") == "?");
  CHECK(values("count payment q where q.originator == p.originator and q.purpose is not missing and "
               "q.purpose == \"cards\" within 30d before",
               data)
            .at("S") == "1");
}

TEST_CASE("A subject whose key is missing has a missing window and is in no other window", "[eval][window]") {
  test::World w;
  parties(w).payment(op("S", "demo:a", "2024-03-31")).payment(op("NOBODY", "demo:nobody", "2024-03-30"));
  CHECK(values(kCountBefore, w.build()) == Values{{"NOBODY", "?"}, {"S", "0"}});
}

TEST_CASE("A missing window gives an undetermined finding naming the window", "[eval][window]") {
  test::World w;
  parties(w).payment(op("NOBODY", "demo:nobody", "2024-03-30"));
  const auto findings = test::run(test::payment_rule(std::string(kCountBefore) + " > 3"), w.build());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].outcome == eval::Outcome::undetermined);
  CHECK(findings[0].missing().to_vector() == std::vector<std::string>{std::string(kCountBefore)});
}

TEST_CASE("A shipment window follows a consignee that ships onward", "[eval][window]") {
  test::World w;
  w.company("demo:x", "Exporter", "CN").company("demo:kz", "KZ Trading", "KZ").company("demo:ru", "RU Buyer", "RU");
  auto ship = [](std::string id, std::string exporter, std::string consignee, std::string_view date,
                 std::string hs, std::string destination) {
    model::Shipment s;
    s.id = std::move(id);
    s.date = test::day(date);
    s.exporter = std::move(exporter);
    s.consignee = std::move(consignee);
    s.hs_code = std::move(hs);
    s.destination = std::move(destination);
    return s;
  };
  w.shipment(ship("FIRST", "demo:x", "demo:kz", "2024-01-10", "854239", "KZ"))
      .shipment(ship("ONWARD", "demo:kz", "demo:ru", "2024-04-09", "854231", "RU"))     // day 90: in
      .shipment(ship("LATE", "demo:kz", "demo:ru", "2024-04-10", "854239", "RU"))       // day 91: out
      .shipment(ship("OTHER_HS", "demo:kz", "demo:ru", "2024-02-01", "870899", "RU"));  // another heading
  const auto findings = test::run(R"(
rule onward {
  meta { severity = high }
  on shipment s
  let onward = count shipment q where q.exporter == s.consignee and q.destination == "RU"
               and left(q.hs_code, 4) == left(s.hs_code, 4) within 90d after
  when s.destination == "KZ" and onward > 0
  reason "{s.consignee} shipped the heading on to RU {onward} times"
})",
                                  w.build());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject() == "FIRST");
  CHECK(findings[0].reason() == "demo:kz (KZ Trading) shipped the heading on to RU 1 times");
}

TEST_CASE("Windows give the same findings on four threads as on one, and with the batch filter on or off",
          "[eval][window][threads]") {
  test::World w;
  parties(w);
  for (int i = 0; i < 6000; ++i) {
    w.payment(op(fmt::format("P{:05}", i), i % 3 == 0 ? "demo:a" : (i % 3 == 1 ? "demo:b" : "demo:nobody"),
                 core::Date::from_days_since_epoch(19700 + i / 20).to_string(), fmt::format("{}", 50 + i % 700),
                 i % 4 == 0 ? model::Network::swift : model::Network::shetab));
  }
  const auto& data = w.build();
  const compile::RuleSet rules = test::compile_rules(R"(
rule bursts {
  meta { severity = high }
  on payment p
  let ops = count payment q where q.originator == p.originator and q.network == "SHETAB" within 10d before
  let total = sum q.amount over payment q where q.originator == p.originator within 10d before
  when p.network == "SHETAB" and ops >= 60 and total > 20000
  reason "{ops} {total}"
})");
  eval::EvalOptions one;
  eval::EvalOptions four;
  four.threads = 4;
  eval::EvalOptions unfiltered;
  unfiltered.batch_filter = false;
  const auto a = eval::evaluate(rules, data, one);
  const auto b = eval::evaluate(rules, data, four);
  const auto c = eval::evaluate(rules, data, unfiltered);
  REQUIRE(a.size() > 100);
  REQUIRE(a.size() == b.size());
  REQUIRE(a.size() == c.size());
  std::size_t undetermined = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO(i);
    REQUIRE(a[i].subject() == b[i].subject());
    REQUIRE(a[i].reason() == b[i].reason());
    REQUIRE(a[i].subject() == c[i].subject());
    REQUIRE(a[i].reason() == c[i].reason());
    REQUIRE(a[i].outcome == c[i].outcome);
    if (a[i].outcome == eval::Outcome::undetermined) ++undetermined;
  }
  CHECK(undetermined > 0);  // demo:nobody's payments: the key is missing
}

TEST_CASE("An entity rule's window is measured from the audit's as-of date and missing without one",
          "[eval][window]") {
  test::World w;
  parties(w).payment(op("IN", "demo:a", "2024-03-01")).payment(op("OUT", "demo:a", "2024-02-29"))
      .payment(op("OTHER", "demo:b", "2024-03-15"));
  const auto& data = w.build();
  const std::string rule = R"(
rule busy {
  meta { severity = low }
  on entity e
  let n = count payment q where q.originator == e within 30d before
  when e.id == "demo:a" and n >= 0
  reason "{n}"
})";
  const auto dated = test::run(rule, data, test::day("2024-03-31"));
  REQUIRE(dated.size() == 1);
  CHECK(dated[0].reason() == "1");
  const auto undated = test::run(rule, data);
  REQUIRE(undated.size() == 1);
  CHECK(undated[0].outcome == eval::Outcome::undetermined);
}
