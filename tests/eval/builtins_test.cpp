// designated() and listed_on() as of each subject's date; date arithmetic; hs_in; named sets.
#include "eval/eval_test_support.hpp"
#include "eval/name_matcher.hpp"

using namespace sanx;
using sanx::test::day;
using sanx::test::payment_rule;
using sanx::test::run;

namespace {

/// The beneficiary is designated by OFAC (SDN, RUSSIA-EO14024) from 2024-07-01, and was on the EU list
/// from 2022-03-01 until 2024-07-01 (delisted). Payments on 2024-06-30, 07-01 and 07-02.
const model::Dataset& designation_world() {
  static const model::Dataset data = [] {
    test::World w;
    w.company("demo:orig", "Orig LLC", "RU").company("demo:benef", "Benef GmbH", "RU");
    w.designate("demo:benef", "OFAC", "SDN", day("2024-07-01"), std::nullopt, {"RUSSIA-EO14024"});
    w.designate("demo:benef", "EU", "EU-269", day("2022-03-01"), day("2024-07-01"));
    for (const char* d : {"2024-06-30", "2024-07-01", "2024-07-02"}) {
      w.payment(test::payment(std::string("P-") + d, d, "A", "B"));
    }
    return w.build();
  }();
  return data;
}

std::vector<std::string> subjects(const std::vector<eval::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.subject);
  return out;
}

using Subjects = std::vector<std::string>;

}  // namespace

TEST_CASE("designated() is true from the day the listing starts, as of each payment's date", "[eval][designated]") {
  CHECK(subjects(run(payment_rule(R"(designated(p.beneficiary, "OFAC"))"), designation_world())) ==
        Subjects{"P-2024-07-01", "P-2024-07-02"});
}

TEST_CASE("designated() is false from the day a listing ends", "[eval][designated]") {
  CHECK(subjects(run(payment_rule(R"(designated(p.beneficiary, "EU"))"), designation_world())) ==
        Subjects{"P-2024-06-30"});
}

TEST_CASE("designated() with a program requires the program", "[eval][designated]") {
  CHECK(subjects(run(payment_rule(R"(designated(p.beneficiary, "OFAC", "RUSSIA-EO14024"))"), designation_world())) ==
        Subjects{"P-2024-07-01", "P-2024-07-02"});
  CHECK(run(payment_rule(R"(designated(p.beneficiary, "OFAC", "IRAN"))"), designation_world()).empty());
}

TEST_CASE("designated() of a missing party is missing", "[eval][designated]") {
  const auto findings = run(payment_rule(R"(designated(p.originator_bank, "OFAC"))"), designation_world());
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].outcome == eval::Outcome::undetermined);
  CHECK(findings[0].missing == std::vector<std::string>{"p.originator_bank"});
}

TEST_CASE("listed_on() names the list", "[eval][designated]") {
  CHECK(subjects(run(payment_rule(R"(listed_on(p.beneficiary, "SDN"))"), designation_world())) ==
        Subjects{"P-2024-07-01", "P-2024-07-02"});
}

TEST_CASE("Entity rules evaluate designations as of the audit date", "[eval][designated]") {
  const std::string rules = R"(rule r { meta { severity = low } on entity e when designated(e, "EU") })";
  CHECK(subjects(run(rules, designation_world(), day("2024-06-30"))) == Subjects{"demo:benef"});
  CHECK(run(rules, designation_world(), day("2024-07-01")).empty());
}

TEST_CASE("Dates move by days and by calendar months", "[eval][dates]") {
  test::World w;
  w.payment(test::payment("P1", "2024-01-31", "A", "B"));
  const model::Dataset& data = w.build();
  CHECK(test::outcome("p.date + 1mo == 2024-02-29", data) == "fired");
  CHECK(test::outcome("p.date + 30d == 2024-03-01", data) == "fired");
  CHECK(test::outcome("p.date - 1y == 2023-01-31", data) == "fired");
  CHECK(test::outcome("2024-03-01 - p.date == 30d", data) == "fired");
  CHECK(test::outcome("days(2024-03-01 - p.date) == 30", data) == "fired");
  CHECK(test::outcome("p.date - 2023-12-31 > 4w", data) == "fired");
}

TEST_CASE("A date difference compared with months is compared on the calendar", "[eval][dates]") {
  // Incorporated 2023-01-31: 18 months later is 2024-07-31.
  test::World w;
  w.company("demo:exp", "Exporter", "DE");
  w.entity("demo:shell", model::EntityKind::company, "Shell Co", {"AE"});
  for (const char* d : {"2024-07-30", "2024-07-31"}) {
    model::Shipment s;
    s.id = std::string("S-") + d;
    s.date = day(d);
    s.exporter = "demo:exp";
    s.consignee = "demo:shell";
    s.hs_code = "8471300000";
    w.shipment(s);
  }
  model::Dataset data = w.build();
  data.entities[1].incorporated = day("2023-01-31");
  const auto findings = run(R"(
rule young_consignee { meta { severity = low } on shipment s when s.date - s.consignee.incorporated < 18mo })",
                            data);
  CHECK(subjects(findings) == Subjects{"S-2024-07-30"});
}

TEST_CASE("hs_in() matches codes by prefix against a set", "[eval][builtins]") {
  test::World w;
  for (const char* code : {"8471300000", "8542310000", "8543", "84"}) {
    model::Shipment s;
    s.id = code;
    s.date = day("2024-07-01");
    s.hs_code = code;
    w.shipment(s);
  }
  const auto findings = run(R"(
set CHP = {"8471", "854231"}
rule chp { meta { severity = low } on shipment s when hs_in(s.hs_code, CHP) })",
                            w.build());
  CHECK(subjects(findings) == Subjects{"8471300000", "8542310000"});
}

TEST_CASE("Named sets of countries, constants and literal lists", "[eval][sets]") {
  const auto findings = run(R"(
const LARGE = 1000
set EAEU: country = {"AM", "BY", "KZ", "KG", "RU"}
rule eaeu {
  meta { severity = low }
  on payment p
  when p.originator_bank.country in EAEU and p.beneficiary_bank.country not in EAEU and p.amount > LARGE
       and p.currency in ["EUR", "USD"]
})",
                            test::small_world());
  CHECK(subjects(findings) == Subjects{"P1"});
}

// ---- name_match: one screening per entity, shared by rules with different thresholds ----

namespace {

/// A listed company and a customer whose name has a typo of it: a resemblance below 1 (docs/screening.md).
const model::Dataset& resemblance_world() {
  static const model::Dataset data = [] {
    test::World w;
    w.company("demo:listed", "ROMASHKA HOLDING LLC", "RU").company("demo:customer", "ROMASHKA HOLDNG LLC", "RU");
    w.designate("demo:listed", "OFAC", "SDN", day("2023-01-01"), std::nullopt, {"RUSSIA-EO14024"});
    return w.build();
  }();
  return data;
}

std::string entity_rule(std::string_view name, std::string_view call) {
  return fmt::format("rule {} {{\n  meta {{ severity = low }}\n  on entity e\n  when {} is not missing and e.id == \"demo:customer\"\n}}\n",
                     name, call);
}

std::vector<std::string> subjects_of_rules(const std::vector<eval::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.rule() + " " + f.subject);
  return out;
}

}  // namespace

TEST_CASE("each name_match call keeps its own threshold when rules with others screen the same entity",
          "[eval][builtins][name_match]") {
  const std::string pack = entity_rule("strict", "name_match(e, \"OFAC\", 0.99)") +
                           entity_rule("default", "name_match(e, \"OFAC\")") +
                           entity_rule("loose", "name_match(e, \"any\", 0.7)");
  const auto found = subjects_of_rules(run(pack, resemblance_world(), day("2024-06-30")));
  CHECK(found == std::vector<std::string>{"test.default demo:customer", "test.loose demo:customer"});
}

TEST_CASE("the screening floor is the lowest threshold any name_match call can ask for", "[eval][builtins][name_match]") {
  const auto floor = [](std::string_view pack) { return eval::NameMatcher::floor_for(test::compile_rules(pack).impl()); };
  CHECK(floor(entity_rule("a", "name_match(e, \"OFAC\", 0.9)") + entity_rule("b", "name_match(e, \"EU\", 0.85)")) == 0.85);
  CHECK(floor(entity_rule("a", "name_match(e, \"OFAC\", 0.9)") + entity_rule("b", "name_match(e, \"EU\")")) ==
        eval::NameMatcher::kDefaultThreshold);
  CHECK(floor(entity_rule("a", "name_match(e, \"OFAC\", 1)")) == 1.0);
  // A threshold computed per subject could be anything: the floor every call had before.
  CHECK(floor(entity_rule("a", "name_match(e, \"OFAC\", len(e.name) * 0.01)")) == 0.5);
}

TEST_CASE("a decimal threshold is the double its text reads as, however many digits it has", "[eval][builtins][name_match]") {
  const auto threshold = [](std::string_view text) {
    return eval::NameMatcher::threshold_of(compile::Value::of_decimal(*core::Decimal::parse(text)));
  };
  for (const std::string_view text : {"0.9", "0.85", "0.1", "0.7", "1", "0", "-0.3", "0.123456789012345678",
                                      "123456789012345678", "9007199254740993", "0.000000000000000001"}) {
    CAPTURE(text);
    REQUIRE(threshold(text).has_value());
    CHECK(*threshold(text) == std::stod(std::string(text)));
  }
  CHECK(eval::NameMatcher::threshold_of(compile::Value::of_int(1)) == 1.0);
  CHECK_FALSE(eval::NameMatcher::threshold_of(compile::Value::missing()).has_value());
}
