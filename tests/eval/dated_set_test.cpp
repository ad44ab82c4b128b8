// Dated reference tables: `x in SET` over a table with `from` / `to` columns is decided as of the subject's
// own date (`from` inclusive, `to` exclusive, empty open), so a result is reproducible for a past date.
#include <array>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "eval/eval_test_support.hpp"
#include "sanx/core/date.hpp"

using namespace sanx;

namespace {

const std::string kTable = std::string(SANX_TEST_DATA_DIR) + "/dsl/dated/eaeu.csv";

/// A payment rule over a set of the dated EAEU table's rows whose status is `status`.
std::string rule_on(std::string_view status, std::string_view condition) {
  return fmt::format("set S: country = table \"{}\" column iso2 where status == \"{}\"\n{}", kTable, status,
                     test::payment_rule(condition));
}

/// A world of one payment on `date` to a bank in Iran (the BIC's country is IR).
model::Dataset iran_payment_on(std::string_view date) {
  test::World w;
  w.company("demo:orig", "Orig LLC", "RU").company("demo:benef", "Benef", "IR");
  w.payment(test::payment("P", date, "VTBRRUMM", "BMJIIRTH"));
  return w.build();
}

/// "fired", "undetermined" or "none" for `condition` over the set of `status` rows, for a payment on `date`.
std::string on_date(std::string_view status, std::string_view condition, std::string_view date) {
  const auto findings = test::run(rule_on(status, condition), iran_payment_on(date));
  if (findings.empty()) return "none";
  return findings.front().outcome == eval::Outcome::fired ? "fired" : "undetermined";
}

constexpr std::string_view kInSet = "bic_country(p.beneficiary_bic) in S";

}  // namespace

TEST_CASE("A dated set does not hold a value the day before its from date", "[eval][dated_set]") {
  CHECK(on_date("observer", kInSet, "2024-12-25") == "none");
}

TEST_CASE("A dated set holds a value from its from date on, inclusive", "[eval][dated_set]") {
  CHECK(on_date("observer", kInSet, "2024-12-26") == "fired");
  CHECK(on_date("observer", kInSet, "2026-01-01") == "fired");
}

TEST_CASE("A dated set holds a value up to the day before its to date, and not on it", "[eval][dated_set]") {
  CHECK(on_date("fta_interim", kInSet, "2019-10-26") == "none");
  CHECK(on_date("fta_interim", kInSet, "2019-10-27") == "fired");
  CHECK(on_date("fta_interim", kInSet, "2025-05-14") == "fired");
  CHECK(on_date("fta_interim", kInSet, "2025-05-15") == "none");
}

TEST_CASE("not in over a dated set is the negation on the subject's date", "[eval][dated_set]") {
  CHECK(on_date("observer", "bic_country(p.beneficiary_bic) not in S", "2024-12-25") == "fired");
  CHECK(on_date("observer", "bic_country(p.beneficiary_bic) not in S", "2024-12-26") == "none");
}

TEST_CASE("A value that no row names is never in a dated set", "[eval][dated_set]") {
  CHECK(on_date("member", kInSet, "2024-12-26") == "none");
}

TEST_CASE("The batch filter gives the same findings over a dated set as the machine alone", "[eval][dated_set]") {
  test::World w;
  w.company("demo:orig", "Orig LLC", "RU").company("demo:benef", "Benef", "IR");
  for (const char* date : {"2024-12-24", "2024-12-25", "2024-12-26", "2024-12-27", "2019-01-01", "2030-01-01"}) {
    w.payment(test::payment(std::string("P") + date, date, "VTBRRUMM", "BMJIIRTH"));
  }
  const model::Dataset data = w.build();
  const compile::RuleSet rules = test::compile_rules(rule_on("observer", kInSet));
  eval::EvalOptions filtered;
  eval::EvalOptions unfiltered;
  unfiltered.batch_filter = false;
  std::vector<std::string> with;
  std::vector<std::string> without;
  for (const auto& f : eval::evaluate(rules, data, filtered)) with.emplace_back(f.subject());
  for (const auto& f : eval::evaluate(rules, data, unfiltered)) without.emplace_back(f.subject());
  CHECK(with == std::vector<std::string>{"P2024-12-26", "P2024-12-27", "P2030-01-01"});
  CHECK(with == without);
}

TEST_CASE("An entity rule reads a dated set as of the audit's date, and without one cannot decide",
          "[eval][dated_set]") {
  test::World w;
  w.company("demo:ir", "Tehran Trading", "IR");
  const model::Dataset data = w.build();
  const std::string rules =
      fmt::format("set S: country = table \"{}\" column iso2 where status == \"observer\"\n"
                  "rule r {{\n  meta {{ severity = low }}\n  on entity e\n  when e.country in S\n}}\n",
                  kTable);
  CHECK(test::run(rules, data, test::day("2024-12-25")).empty());
  const auto after = test::run(rules, data, test::day("2024-12-26"));
  REQUIRE(after.size() == 1);
  CHECK(after.front().outcome == eval::Outcome::fired);
  const auto undated = test::run(rules, data);
  REQUIRE(undated.size() == 1);
  CHECK(undated.front().outcome == eval::Outcome::undetermined);
}

TEST_CASE("The batch filter rules out by a dated set exactly the payments it leaves out, day by day across its periods",
          "[eval][dated_set][filter]") {
  // Payments on every day around the starts and ends of the sets' periods, ordered by banks of several
  // countries: the filter keeps a value's result for the days between two of them, and must change it on
  // the very day a period starts or ends.
  test::World w;
  w.company("demo:orig", "Orig LLC", "RU").company("demo:benef", "Benef", "IR");
  const std::array<const char*, 4> bics{"BMJIIRTH", "VTBRRUMM", "DEUTDEFF", ""};
  std::size_t n = 0;
  for (const char* around : {"2019-10-27", "2024-12-26", "2025-05-15", "2015-01-01"}) {
    const std::int32_t day = test::day(around).days_since_epoch();
    for (std::int32_t d = day - 12; d <= day + 12; ++d) {
      for (const char* bic : bics) {
        model::Payment p = test::payment(fmt::format("P{}", n++), core::Date::from_days_since_epoch(d).to_string(), "VTBRRUMM", "");
        p.ordering_bic = bic;  // a path of no payment column: its values are coded per batch (Filter::fill)
        w.payment(std::move(p));
      }
    }
  }
  const model::Dataset data = w.build();
  for (const auto& [status, condition] : std::vector<std::pair<std::string_view, std::string_view>>{
           {"fta_interim", "bic_country(p.ordering_bic) in S"},
           {"observer", "bic_country(p.ordering_bic) not in S and bic_country(p.ordering_bic) == \"IR\""},
           {"member", "bic_country(p.ordering_bic) in S or bic_country(p.ordering_bic) == \"DE\""}}) {
    INFO(status << ": " << condition);
    const compile::RuleSet rules = test::compile_rules(rule_on(status, condition));
    eval::EvalProfile profile;
    eval::EvalOptions filtered;
    filtered.profile = &profile;
    eval::EvalOptions unfiltered;
    unfiltered.batch_filter = false;
    const auto with = test::finding_lines(eval::evaluate(rules, data, filtered));
    const auto without = test::finding_lines(eval::evaluate(rules, data, unfiltered));
    CHECK(test::first_difference(with, without) == "");
    CHECK(without.size() > 20);
    CHECK(without.size() < data.payments.size() * 3 / 4);
    REQUIRE(profile.rules.size() == 1);
    CHECK(profile.rules[0].reached == without.size());  // a payment the set leaves out never reaches the rule
  }
}
