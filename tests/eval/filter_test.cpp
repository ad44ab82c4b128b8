// The batch filter (engine/src/eval/filter.hpp) is an optimisation and nothing else: with it and without
// it, every rule gives the same findings, with the same outcome, reason, evidence and missing values. The
// worlds here are generated (fixed seeds) with missing fields, unknown banks, designations and amounts at
// several scales; the rules are random and/or/not combinations of conditions the filter decides (one
// path), conditions it cannot (two paths, designations, quantifiers) and missing-value tests.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/filter.hpp"
#include "eval/identity_index.hpp"
#include "eval/machine.hpp"
#include "eval_test_support.hpp"
#include "sanx/core/date.hpp"
#include "sanx/graph/timeline.hpp"

namespace {

using sanx::model::Network;
using sanx::test::World;

/// A small deterministic generator (SplitMix64), so that the worlds are the same everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) {
    return items[below(N)];
  }

 private:
  std::uint64_t state_;
};

/// A BIC as a payment may carry it: mostly as the bank lists it, else as its BIC8 or BIC11 form (which
/// find_bank resolves), in lower case (no valid BIC, so no country), or empty.
std::string variant(Random& rng, const std::string& bic) {
  switch (rng.below(24)) {
    case 0: return bic.size() == 11 ? bic.substr(0, 8) : bic + "XXX";
    case 1: {
      std::string lower = bic;
      for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      return lower;
    }
    case 2: return "";
    default: return bic;
  }
}

/// `payments` payments (more than one batch of 1,024) between banks of a few countries, some banks
/// without a country, some BICs of no bank, some fields empty, amounts with up to 18 decimals or too
/// large to be held as integers at the others' scale.
sanx::model::Dataset generated_world(std::uint64_t seed, std::size_t payments) {
  World world;
  Random rng(seed);
  const std::array<const char*, 8> countries{"RU", "IR", "AE", "TR", "KZ", "DE", "CN", ""};
  std::vector<std::string> bics;
  for (std::size_t i = 0; i < 40; ++i) {
    const std::string country = countries[i % countries.size()];
    const std::string bic = fmt::format("B{:03}{}{}", i, country.empty() ? "XX" : country, i % 3 == 0 ? "MMXXX" : "MM");
    bics.push_back(bic);
    if (i % 9 == 8) continue;  // a BIC that names no bank
    if (country.empty()) {
      world.entity(fmt::format("g:bank-{}", i), sanx::model::EntityKind::bank, fmt::format("Bank {}", i), {},
                   {{"bic", bic}});
    } else {
      world.bank(fmt::format("g:bank-{}", i), fmt::format("Bank {}", i), country, bic);
    }
  }
  bics.push_back("not a bic");
  world.company("demo:orig", "Orig LLC", "RU").company("demo:benef", "Benef GmbH", "AE");
  world.designate("demo:benef", "OFAC", "SDN", sanx::test::day("2024-03-01"));
  world.designate("g:bank-1", "EU", "EU-833", sanx::test::day("2024-01-01"), sanx::test::day("2024-09-01"));

  const std::array<Network, 7> networks{Network::swift, Network::spfs, Network::sepam, Network::cips,
                                        Network::mir, Network::shetab, Network::card};
  const std::array<const char*, 6> currencies{"RUB", "USD", "EUR", "IRR", "CNY", ""};
  const std::array<const char*, 7> purposes{"invoice oil", "drone parts", "Gold bars", "", "services",
                                            "crude oil cargo", "inv 22 drones"};
  const std::array<const char*, 10> amounts{"100",  "9999.99", "10000", "250000.5", "1000000.001", "0.5",
                                            "-20", "0.000000000000000001", "123456789012345678", "10000.000"};
  for (std::size_t i = 0; i < payments; ++i) {
    sanx::model::Payment p = sanx::test::payment(
        fmt::format("P{}", i), i % 2 == 0 ? "2024-05-01" : "2024-10-01", variant(rng, bics[rng.below(bics.size())]),
        variant(rng, bics[rng.below(bics.size())]), amounts[rng.below(amounts.size())], rng.pick(networks));
    p.currency = rng.pick(currencies);
    p.purpose = rng.pick(purposes);
    if (rng.below(4) == 0) p.beneficiary = "demo:orig";
    if (rng.below(3) == 0) p.intermediary_bics = {bics[rng.below(bics.size())]};
    world.payment(p);
  }
  return world.build();
}

/// Conditions over one payment; the first group the filter decides, the rest it leaves to the machine.
constexpr std::array kConditions{
    "p.network == \"SPFS\"",
    "p.network in {\"MIR\", \"SHETAB\"}",
    "p.currency == \"RUB\"",
    "p.currency in {\"RUB\", \"IRR\"}",
    "p.currency is missing",
    "p.purpose is not missing",
    "p.amount > 10000",
    "p.amount <= 9999.99",
    "p.amount == 10000",
    "p.purpose contains \"oil\"",
    "p.purpose starts_with \"inv\"",
    "p.purpose matches \"dr.ne\"",
    "lower(p.purpose) matches \"oil|drone\"",
    "p.purpose matches \"^inv|s$|^services$|Gold\"",
    "lower(p.purpose) matches \"^gold|CRUDE|cargo$\"",
    "bic_country(p.originator_bic) == \"RU\"",
    "bic_country(p.beneficiary_bic) in {\"AE\", \"TR\", \"KZ\"}",
    "p.originator_bank.country == \"RU\"",
    "p.beneficiary_bank.country is missing",
    "p.beneficiary_bank.country not in {\"DE\", \"CN\"}",
    "lower(p.currency) == \"rub\"",
    "len(p.purpose) > 10",
    "coalesce(p.purpose, \"none\") contains \"o\"",
    "p.amount * 2 > 30000",
    "p.amount >= 10000.0001",
    "p.amount < 0.000000000000000002",
    "p.amount > 123456789012345677",
    "p.amount == -20",
    "p.date >= 2024-06-01",
    "p.currency == \"CHF\"",
    "p.currency == \"\"",
    "p.purpose ends_with \"s\"",
    "p.purpose contains \"\" and p.amount < 0",
    "p.network != \"SWIFT\" and p.amount == 100",
    "p.network starts_with \"SH\"",
    "p.originator_bic starts_with \"B00\"",
    "p.beneficiary_bic == \"B002AEMM\"",
    "bic_country(p.beneficiary_bic) is missing and p.amount == 0.5",
    "p.originator_bank.country in {\"RU\", \"IR\"}",
    "p.beneficiary_bank.country == \"AE\"",
    // not decided by the filter
    "p.originator_bank.country == bic_country(p.originator_bic)",
    "designated(p.beneficiary, \"OFAC\")",
    "designated(p.originator_bank, \"EU\")",
    "any b in p.intermediary_banks: b.country == \"RU\"",
    "p.originator_bank.country == p.beneficiary_bank.country",
};

/// Conditions through the gated builtins (designations, ownership, identity links), which the filter
/// decides only for parties that have none of those facts, and a few it decides outright.
constexpr std::array kGatedConditions{
    "designated(p.originator, \"OFAC\")",
    "listed_on(p.beneficiary, \"EU-269\")",
    "delisted(p.originator, \"EU\")",
    "blocked(p.beneficiary, \"OFAC\")",
    "blocked(p.originator, \"EU\")",
    "owned_share(p.originator, \"OFAC\") >= 50%",
    "controlled(p.beneficiary, \"EU\")",
    "linked_to(p.originator, \"IR\", 1)",
    "shared_identity(p.beneficiary, \"OFAC\") is not missing",
    "exposure_paths(p.originator, \"OFAC\") contains \"->\"",
    "designated(p.originator_bank, \"OFAC\")",
    "coalesce(blocked(p.beneficiary, \"UK\"), false)",
    "not designated(p.beneficiary, \"UK\") and blocked(p.beneficiary, \"UK\")",
    "p.network == \"SPFS\"",
    "p.amount > 500",
    "p.originator.country == \"IR\"",
    // a party's own fields, decided once per party whatever their type
    "any x in p.originator.sectors: x == \"general_trading\"",
    "p.beneficiary.web_presence in {\"none\", \"thin\"}",
    "p.originator.incorporated < 2023-01-01",
    "p.beneficiary.name contains \"1\"",
    // expensive leaves (a regex, a lower-cased copy) beside cheap ones on the same party
    "lower(p.originator.name) matches \"company [12]\" and p.originator.country in {\"IR\", \"AE\"}",
    "p.beneficiary.country == \"IR\" and (linked_to(p.beneficiary, \"IR\", 2) or p.beneficiary.name matches \"y 1.\")",
    // lists of parties: empty, one party (coded by it) or more
    "any b in p.intermediary_banks: designated(b, \"OFAC\")",
    "all b in p.intermediary_banks: not blocked(b, \"OFAC\")",
};

template <std::size_t N>
std::string random_condition(Random& rng, int depth, const std::array<const char*, N>& conditions) {
  const std::size_t choice = depth <= 0 ? 0 : rng.below(6);
  auto sub = [&] { return random_condition(rng, depth - 1, conditions); };
  switch (choice) {
    case 1: return fmt::format("({} and {})", sub(), sub());
    case 2: return fmt::format("({} or {})", sub(), sub());
    case 3: return fmt::format("not ({})", sub());
    case 4: return fmt::format("({} and {} and {})", sub(), sub(), sub());
    default: return conditions[rng.below(N)];
  }
}

/// `count` random rules, each with a reason that shows two paths; every other rule ignores missing
/// values (its undetermined cases give no finding), which keeps the findings to compare fewer.
template <std::size_t N = kConditions.size()>
std::vector<std::string> random_rules(std::uint64_t seed, std::size_t count,
                                      const std::array<const char*, N>& conditions = kConditions) {
  Random rng(seed);
  std::vector<std::string> rules;
  for (std::size_t i = 0; i < count; ++i) {
    rules.push_back(fmt::format(
        "rule r{} {{\n  meta {{ severity = low {}}}\n  on payment p\n  let from = bic_country(p.originator_bic)\n"
        "  when ({} and {}) or (from == \"IR\" and {})\n  reason \"{{p.id}} {{p.currency}} {{from}}\"\n}}\n",
        i, i % 2 == 0 ? "on_missing = ignore " : "", random_condition(rng, 3, conditions),
        random_condition(rng, 2, conditions), random_condition(rng, 1, conditions)));
  }
  return rules;
}

template <std::size_t N = kConditions.size()>
std::string random_pack(std::uint64_t seed, std::size_t count, const std::array<const char*, N>& conditions = kConditions) {
  std::string pack;
  for (const std::string& rule : random_rules(seed, count, conditions)) pack += rule;
  return pack;
}

sanx::model::Relation relation(std::string source, std::string target, sanx::model::RelationKind kind,
                               std::optional<std::string_view> share, std::string_view start,
                               std::optional<std::string_view> end = std::nullopt) {
  sanx::model::Relation r;
  r.source = std::move(source);
  r.target = std::move(target);
  r.kind = kind;
  if (share) r.share = sanx::test::dec(*share);
  if (kind == sanx::model::RelationKind::control) r.basis = "board_majority";
  r.start = sanx::test::day(start);
  if (end) r.end = sanx::test::day(*end);
  return r;
}

/// The companies of the gated worlds: c0 to c29, c12 in Iran, the others in turn in `countries`.
void add_companies(World& world, const std::array<const char*, 6>& countries) {
  for (std::size_t i = 0; i < 30; ++i) {
    world.company(fmt::format("c{}", i), fmt::format("Company {}", i), i == 12 ? "IR" : countries[i % countries.size()]);
  }
}

/// Parties c0–c29 and 1,300 payments between them on dates around every change below. c0 (SDN from
/// 2024-03-01), c1 (EU-269 from 2024-01-01 to 2024-09-01) and c2 (UK from 2024-06-01) are designated;
/// c0 owns 60% of c3 from 2024-05-01, c3 half of c4 until 2024-12-01, and c9 with an unstated share;
/// c1 controls c5; c6 is a branch of c2; c12 (IR) is an associate of c13 from 2024-04-01 to 2024-08-01;
/// c14 shares c0's address. c15–c29 have none of these facts: the filter decides them once. Some
/// payments pass through an intermediary bank (the designated Iranian one, or not), a few both. Sectors,
/// web presence and incorporation dates vary from party to party, some missing. `daily`: the payments
/// fall on every day from 2023-12-20 to 2025-01-22 instead, across each of those changes day by day.
sanx::model::Dataset gated_world(std::uint64_t seed, bool daily = false) {
  using sanx::model::RelationKind;
  World world;
  Random rng(seed);
  add_companies(world, {"IR", "AE", "RU", "DE", "TR", "HK"});
  world.bank("bank-ir", "Bank Iran", "IR", "BIRXIRTH").bank("bank-de", "Bank Germany", "DE", "BDEXDEFF");
  world.designate("c0", "OFAC", "SDN", sanx::test::day("2024-03-01"));
  world.designate("c1", "EU", "EU-269", sanx::test::day("2024-01-01"), sanx::test::day("2024-09-01"));
  world.designate("c2", "UK", "UK", sanx::test::day("2024-06-01"));
  world.designate("bank-ir", "OFAC", "SDN", sanx::test::day("2024-02-01"));
  world.relation(relation("c0", "c3", RelationKind::ownership, "60", "2024-05-01"));
  world.relation(relation("c3", "c4", RelationKind::ownership, "50", "2024-01-01", "2024-12-01"));
  world.relation(relation("c0", "c9", RelationKind::ownership, std::nullopt, "2024-01-01"));
  world.relation(relation("c1", "c5", RelationKind::control, std::nullopt, "2024-02-01"));
  world.relation(relation("c2", "c6", RelationKind::branch, std::nullopt, "2020-01-01"));
  world.relation(relation("c12", "c13", RelationKind::associate, std::nullopt, "2024-04-01", "2024-08-01"));
  const std::array<const char*, 6> dates{"2024-01-15", "2024-04-15", "2024-05-15", "2024-06-15", "2024-10-15", "2025-01-15"};
  const std::array<const char*, 3> bics{"BIRXIRTH", "BDEXDEFF", ""};
  const std::array<Network, 3> networks{Network::swift, Network::spfs, Network::shetab};
  const std::int32_t first_day = sanx::test::day("2023-12-20").days_since_epoch();
  for (std::size_t i = 0; i < 1300; ++i) {
    const std::string date = daily ? sanx::core::Date::from_days_since_epoch(first_day + static_cast<std::int32_t>(i % 400)).to_string()
                                   : std::string(rng.pick(dates));
    sanx::model::Payment p = sanx::test::payment(fmt::format("P{}", i), date, rng.pick(bics), rng.pick(bics),
                                                 i % 2 == 0 ? "100" : "1000", rng.pick(networks));
    p.originator = fmt::format("c{}", rng.below(30));
    p.beneficiary = fmt::format("c{}", rng.below(30));
    if (i % 3 == 0) p.intermediary_bics = {bics[i % 2]};  // the designated Iranian bank, or none designated
    if (i % 7 == 0) p.intermediary_bics = {bics[1], bics[0]};
    world.payment(p);
  }
  sanx::model::Dataset data = world.build();
  for (std::size_t i = 0; i < 30; ++i) {  // some without these fields: missing values
    sanx::model::Entity& e = data.entities[data.find_entity(fmt::format("c{}", i)).value];
    if (i % 3 != 0) e.sectors = {i % 2 == 0 ? "general_trading" : "ru.manufacturing", "logistics"};
    if (i % 4 != 0) e.web_presence = i % 4 == 1 ? sanx::model::WebPresence::thin : sanx::model::WebPresence::normal;
    if (i % 5 != 0) e.incorporated = sanx::test::day(i % 2 == 0 ? "2022-05-01" : "2019-01-01");
  }
  data.entities[data.find_entity("c0").value].addresses = {"Office 1204, Al Nasr Tower, Deira, Dubai"};
  data.entities[data.find_entity("c14").value].addresses = {"office 1204 al nasr tower deira dubai"};
  return data;
}

/// Everything a finding says, one line per finding.
std::vector<std::string> described(const std::vector<sanx::eval::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    std::string line = fmt::format("{} {} {} {}", f.rule(), f.subject(),
                                   f.outcome == sanx::eval::Outcome::fired ? "fired" : "undetermined", f.reason());
    for (const auto& [path, value] : f.evidence()) line += fmt::format(" {}={}", path, value);
    for (const std::string_view m : f.missing()) line.append(" missing:").append(m);
    out.push_back(std::move(line));
  }
  return out;
}

/// Empty when equal; else the first line where they differ, as "filtered: … / plain: …".
std::string first_difference(const std::vector<std::string>& filtered, const std::vector<std::string>& plain) {
  for (std::size_t i = 0; i < std::max(filtered.size(), plain.size()); ++i) {
    const std::string a = i < filtered.size() ? filtered[i] : "(none)";
    const std::string b = i < plain.size() ? plain[i] : "(none)";
    if (a != b) return fmt::format("finding {}: filtered: {} / plain: {}", i, a, b);
  }
  return {};
}

std::vector<std::string> evaluate(const sanx::compile::RuleSet& rules, const sanx::model::Dataset& data, bool filter,
                                  std::size_t threads) {
  sanx::eval::EvalOptions options;
  options.batch_filter = filter;
  options.threads = threads;
  return described(sanx::eval::evaluate(rules, data, options));
}

/// Checks that the filtered evaluation, on 1 and 2 threads, gives the findings of the unfiltered one, of
/// which there are more than `at_least` (a comparison worth making).
void check_filter_changes_nothing(const sanx::compile::RuleSet& rules, const sanx::model::Dataset& data,
                                  std::size_t at_least) {
  const std::vector<std::string> plain = evaluate(rules, data, false, 1);
  REQUIRE(plain.size() > at_least);
  CHECK(first_difference(evaluate(rules, data, true, 1), plain) == std::string());
  CHECK(first_difference(evaluate(rules, data, true, 2), plain) == std::string());
}

/// Checks that the filter lets through exactly the subjects that `rule_text` (a one-rule pack, `when
/// condition`) fires on or leaves undetermined, with the findings of the unfiltered evaluation (on 1 and 2
/// threads), on a world where it fires often.
void check_reaches_exactly(const sanx::model::Dataset& data, const std::string& rule_text, const char* condition) {
  const sanx::compile::RuleSet rule = sanx::test::compile_rules(rule_text);
  sanx::eval::EvalProfile profile;
  sanx::eval::EvalOptions options;
  options.profile = &profile;
  const auto findings = sanx::eval::evaluate(rule, data, options);
  const std::vector<std::string> expected = evaluate(rule, data, false, 1);
  INFO(condition);
  REQUIRE(profile.rules.size() == 1);
  CHECK(expected.size() > 20);
  CHECK(profile.rules[0].reached == expected.size());
  CHECK(first_difference(described(findings), expected) == std::string());
  CHECK(first_difference(evaluate(rule, data, true, 2), expected) == std::string());
}

/// check_reaches_exactly for a payment rule.
void check_reaches_exactly_its_findings(const sanx::model::Dataset& data, const char* condition) {
  check_reaches_exactly(data, sanx::test::payment_rule(condition), condition);
}

}  // namespace

TEST_CASE("the batch filter changes no finding of random rules over a generated world", "[eval][filter]") {
  const sanx::model::Dataset data = generated_world(7, 1100);
  for (const std::uint64_t seed : {1ULL, 2ULL, 3ULL}) {
    const sanx::compile::RuleSet rules = sanx::test::compile_rules(random_pack(seed, 30));
    const std::vector<std::string> plain = evaluate(rules, data, false, 1);
    INFO("rule pack seed " << seed);
    // The packs fire, leave some undetermined and rule most payments out: a comparison worth making.
    REQUIRE(plain.size() > 500);
    CHECK(first_difference(evaluate(rules, data, true, 1), plain) == std::string());
    CHECK(first_difference(evaluate(rules, data, true, 2), plain) == std::string());
  }
}

TEST_CASE("the batch filter decides a missing path value as the machine does", "[eval][filter]") {
  // Rows with no currency: `p.currency == "RUB"` is missing there, so `not (...)` is missing too and
  // the rule is undetermined, never silently false.
  World w;
  w.company("demo:orig", "Orig LLC", "RU").company("demo:benef", "Benef GmbH", "DE");
  for (int i = 0; i < 1500; ++i) {
    sanx::model::Payment p = sanx::test::payment(fmt::format("P{}", i), "2024-07-01", "", "");
    p.currency = i % 500 == 0 ? "" : "EUR";
    w.payment(p);
  }
  const sanx::model::Dataset& data = w.build();
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(sanx::test::payment_rule("not (p.currency == \"EUR\")"));
  const std::vector<std::string> filtered = evaluate(rules, data, true, 1);
  CHECK(first_difference(filtered, evaluate(rules, data, false, 1)) == std::string());
  REQUIRE(filtered.size() == 3);
  CHECK(filtered[0].find("undetermined") != std::string::npos);
}

TEST_CASE("the batch filter gives the same findings from the dataset's own payment columns", "[eval][filter]") {
  // generated_world leaves the columns unbuilt, so evaluate builds its own; here the dataset has them, as
  // store::load_dataset leaves it.
  sanx::model::Dataset data = generated_world(11, 1100);
  data.build_payment_columns();
  REQUIRE(data.payment_columns.rows == data.payments.size());
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(random_pack(4, 20));
  const std::vector<std::string> plain = evaluate(rules, data, false, 1);
  REQUIRE(plain.size() > 500);
  CHECK(first_difference(evaluate(rules, data, true, 1), plain) == std::string());
  CHECK(first_difference(evaluate(rules, data, true, 2), plain) == std::string());
}

TEST_CASE("the batch filter does not read payment columns built before payments were added", "[eval][filter]") {
  sanx::model::Dataset data = generated_world(5, 1100);
  data.build_payment_columns();
  sanx::model::Payment extra = data.payments.front();
  extra.id = "EXTRA";
  data.payments.push_back(extra);
  data.payment_refs.push_back(data.payment_refs.front());
  data.payment_origin.push_back(data.payment_origin.front());
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(random_pack(5, 20));
  const std::vector<std::string> plain = evaluate(rules, data, false, 1);
  CHECK(std::any_of(plain.begin(), plain.end(), [](const std::string& f) { return f.find(" EXTRA ") != std::string::npos; }));
  CHECK(first_difference(evaluate(rules, data, true, 1), plain) == std::string());
}

TEST_CASE("the batch filter changes no finding of rules on designations, ownership and identity links", "[eval][filter]") {
  const sanx::model::Dataset data = gated_world(3);
  for (const std::uint64_t seed : {1ULL, 2ULL}) {
    const sanx::compile::RuleSet rules = sanx::test::compile_rules(random_pack(seed, 30, kGatedConditions));
    const std::vector<std::string> plain = evaluate(rules, data, false, 1);
    INFO("rule pack seed " << seed);
    REQUIRE(plain.size() > 300);
    CHECK(first_difference(evaluate(rules, data, true, 1), plain) == std::string());
    CHECK(first_difference(evaluate(rules, data, true, 2), plain) == std::string());
  }
}

TEST_CASE("the batch filter keeps exactly the payments a rule on designations and ownership fires on", "[eval][filter]") {
  const sanx::model::Dataset data = gated_world(5);
  // Designations: c0, c1, c2 (and a bank). A designated person reaches, over relations of any date:
  // c0 → c3 → c4, c0 → c9, c1 → c5, c2 → c6 (branch).
  const std::vector<std::string> designated{"c0", "c1", "c2"};
  const std::vector<std::string> reached{"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c9"};
  auto in = [](const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  };
  // Parties without such facts are decided once; the others at each payment's own date, so that a
  // payment before a designation or after an ownership ends is ruled out too.
  std::uint64_t with_facts = 0;
  for (const auto& p : data.payments) if (in(designated, p.originator) || in(reached, p.beneficiary)) ++with_facts;
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(
      sanx::test::payment_rule("designated(p.originator, \"OFAC\") or blocked(p.beneficiary, \"OFAC\")"));
  sanx::eval::EvalProfile profile;
  sanx::eval::EvalOptions options;
  options.profile = &profile;
  const auto findings = sanx::eval::evaluate(rules, data, options);
  const std::vector<std::string> plain = evaluate(rules, data, false, 1);
  REQUIRE(profile.rules.size() == 1);
  CHECK(profile.rules[0].reached == plain.size());
  CHECK(plain.size() < with_facts);
  CHECK(with_facts < data.payments.size() / 2);
  CHECK(first_difference(described(findings), plain) == std::string());
}

namespace {

/// A pack of payment rules r0, r1, … whose `when` are `conditions`, in order.
std::string pack_of(std::initializer_list<std::string_view> conditions) {
  std::string pack;
  std::size_t i = 0;
  for (const std::string_view c : conditions) {
    pack += fmt::format("rule r{} {{\n  meta {{ severity = low }}\n  on payment p\n  when {}\n}}\n", i++, c);
  }
  return pack;
}

/// The leaves (and enum leaves) under rule r's filter root, in the plan's order.
std::vector<const sanx::eval::FilterNode*> leaves_of(const sanx::eval::FilterPlan& plan, std::size_t r) {
  using sanx::eval::FilterOp;
  std::vector<const sanx::eval::FilterNode*> out;
  std::vector<std::uint32_t> todo;
  if (plan.root(r) != sanx::eval::FilterPlan::kNone) todo.push_back(plan.root(r));
  while (!todo.empty()) {
    const sanx::eval::FilterNode& n = plan.node(todo.back());
    todo.pop_back();
    if (n.op == FilterOp::all_of || n.op == FilterOp::any_of) {
      for (std::uint32_t i = 0; i < n.count; ++i) todo.push_back(plan.list(n.first + i));
    } else if (n.op == FilterOp::negation) {
      todo.push_back(n.first);
    } else if (n.op == FilterOp::leaf || n.op == FilterOp::enum_leaf) {
      out.push_back(&n);
    }
  }
  return out;
}

/// Rule r's only gated leaf (designated, blocked, …).
const sanx::eval::FilterNode& gated_leaf(const sanx::eval::FilterPlan& plan, std::size_t r) {
  const auto leaves = leaves_of(plan, r);
  const auto it = std::find_if(leaves.begin(), leaves.end(), [](const auto* n) { return n->gated; });
  REQUIRE(it != leaves.end());
  return **it;
}

/// Every rule's candidate rows in every batch of the payments (batch by batch, rule by rule, as the
/// evaluator asks for them), from one filter over all of `rules`.
std::vector<sanx::eval::BatchMask> all_candidates(const sanx::compile::RuleSet& rules, const sanx::model::Dataset& data,
                                                  const sanx::model::PaymentColumns* columns) {
  const auto& impl = rules.impl();
  const sanx::graph::ExposureTimeline ownership(data);
  const sanx::eval::IdentityIndex identity(data);
  sanx::eval::Machine machine(impl, data, std::nullopt);
  machine.set_ownership(&ownership);
  machine.set_identity(&identity);
  const sanx::eval::FilterPlan plan(impl);
  sanx::eval::Filter filter(plan, impl, machine, data, columns);
  std::vector<sanx::eval::BatchMask> out;
  const auto payments = static_cast<std::uint32_t>(data.payments.size());
  for (std::uint32_t first = 0; first < payments; first += sanx::eval::kBatchRows) {
    filter.begin_batch(sanx::compile::SubjectKind::payment, first, std::min(sanx::eval::kBatchRows, payments - first));
    for (std::size_t r = 0; r < impl.rules.size(); ++r) filter.candidates(r, out.emplace_back());
  }
  return out;
}

/// Empty when rule r's masks in `shared` (a pack of `rules` rules) equal those of the pack of rule r
/// alone (`alone`, one rule); else where they first differ.
std::string mask_difference(const std::vector<sanx::eval::BatchMask>& shared, std::size_t rules, std::size_t r,
                            const std::vector<sanx::eval::BatchMask>& alone) {
  if (shared.size() != alone.size() * rules) return "batch counts differ";
  for (std::size_t b = 0; b < alone.size(); ++b) {
    if (shared[b * rules + r] != alone[b]) return fmt::format("rule {}, batch {}", r, b);
  }
  return {};
}

/// Rows ruled out by any rule, over every mask: what a comparison of masks is worth.
std::size_t ruled_out(const std::vector<sanx::eval::BatchMask>& masks, std::size_t payments) {
  std::size_t kept = 0;
  for (const auto& m : masks) {
    for (const std::uint64_t w : m) kept += static_cast<std::size_t>(std::popcount(w));
  }
  return masks.size() / ((payments + sanx::eval::kBatchRows - 1) / sanx::eval::kBatchRows) * payments - kept;
}

}  // namespace

TEST_CASE("equal leaves of different rules share their results, whatever party they read", "[eval][filter]") {
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(pack_of({
      "designated(p.originator, \"OFAC\")",
      "p.amount > 100 and designated(p.originator, \"OFAC\")",
      "designated(p.beneficiary, \"OFAC\")",
      "designated(p.originator, \"EU\")",
      "p.originator.country == \"IR\"",
      "p.beneficiary.country == \"IR\"",
      "p.originator.country == \"AE\"",
      "p.originator_bank.country == \"IR\"",
      "p.beneficiary_bank.country == \"IR\""}));
  const sanx::eval::FilterPlan plan(rules.impl());
  const auto& a = gated_leaf(plan, 0);
  const auto& b = gated_leaf(plan, 1);
  const auto& c = gated_leaf(plan, 2);
  const auto& d = gated_leaf(plan, 3);
  // The same leaf on the same path: one instance, whose rows a batch decides once.
  CHECK(a.instance == b.instance);
  CHECK(plan.shared_instance(a.instance));
  // On another party: the same function of the party, one table by party, rows of its own.
  CHECK(a.function == c.function);
  CHECK(a.slot == c.slot);
  CHECK(a.instance != c.instance);
  // Another constant: another function.
  CHECK(a.function != d.function);
  CHECK(a.slot != d.slot);
  // A party's own field: one table per field, by party.
  const auto& e = *leaves_of(plan, 4).at(0);
  const auto& f = *leaves_of(plan, 5).at(0);
  const auto& g = *leaves_of(plan, 6).at(0);
  CHECK(e.function == f.function);
  CHECK(e.slot == f.slot);
  CHECK(e.function != g.function);
  // Bank countries read from the payment columns: one dictionary of countries for both sides.
  const auto& h = *leaves_of(plan, 7).at(0);
  const auto& i = *leaves_of(plan, 8).at(0);
  CHECK(h.function == i.function);
  CHECK(h.source_slot == i.source_slot);
  CHECK(h.path != i.path);
}

TEST_CASE("a leaf that reads a party only through designations and ownership is decided once for parties without them",
          "[eval][filter]") {
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(pack_of({
      "coalesce(designated(p.originator, \"OFAC\"), blocked(p.originator, \"EU\"))",
      "coalesce(owned_share(p.beneficiary, \"OFAC\") >= 50%, controlled(p.beneficiary, \"EU\"))",
      "linked_to(p.originator, \"IR\", 1)",
      "shared_identity(p.beneficiary, \"OFAC\") is not missing",
      "any b in p.intermediary_banks: designated(b, \"OFAC\")"}));
  const sanx::eval::FilterPlan plan(rules.impl());
  auto builtins = [](const sanx::eval::FilterNode& n) {
    std::vector<sanx::check::Builtin> out(n.blind.begin(), n.blind.begin() + n.blind_count);
    std::sort(out.begin(), out.end());
    return out;
  };
  using sanx::check::Builtin;
  CHECK(builtins(gated_leaf(plan, 0)) == std::vector{Builtin::designated, Builtin::blocked});
  CHECK(builtins(gated_leaf(plan, 1)) == std::vector{Builtin::owned_share, Builtin::controlled});
  // linked_to reads the party's own country, shared_identity its neighbours; a list is not a party.
  CHECK(gated_leaf(plan, 2).blind_count == 0);
  CHECK(gated_leaf(plan, 3).blind_count == 0);
  CHECK(gated_leaf(plan, 4).blind_count == 0);
}

TEST_CASE("a leaf that is linked_to a constant country within two relations is asked of the identity index",
          "[eval][filter]") {
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(pack_of({
      "linked_to(p.originator, \"IR\", 2)",
      "linked_to(p.beneficiary, \"KP\", 0)",
      "linked_to(p.originator, \"IR\", 3)",
      "linked_to(p.originator, p.beneficiary.country, 1)",
      "not linked_to(p.beneficiary, \"IR\", 1)"}));
  const sanx::eval::FilterPlan plan(rules.impl());
  CHECK(gated_leaf(plan, 0).linked);
  CHECK(gated_leaf(plan, 0).link_depth == 2);
  CHECK(sanx::compile::text_of(gated_leaf(plan, 0).constant) == "IR");
  CHECK(gated_leaf(plan, 1).linked);
  CHECK(gated_leaf(plan, 1).link_depth == 0);
  CHECK_FALSE(gated_leaf(plan, 2).linked);  // deeper: the relations are walked, per date
  const auto fourth = leaves_of(plan, 3);  // two paths: not a leaf the filter decides
  CHECK(std::none_of(fourth.begin(), fourth.end(), [](const auto* n) { return n->linked; }));
  CHECK(gated_leaf(plan, 4).linked);  // under not, the leaf itself is the call
}

TEST_CASE("a rule's candidates are the same whether or not other rules share its leaves", "[eval][filter]") {
  // Parties with designations, ownership and identity links on several dates (decided row by row, and
  // kept per party and date), and payment columns read through shared dictionaries.
  struct Case {
    sanx::model::Dataset data;
    std::vector<std::string> rules;
  };
  std::vector<Case> cases;
  cases.push_back({gated_world(3), random_rules(1, 24, kGatedConditions)});
  cases.push_back({generated_world(7, 1100), random_rules(2, 24)});
  cases.back().data.build_payment_columns();
  for (const Case& c : cases) {
    const sanx::model::PaymentColumns* columns =
        c.data.payment_columns.rows == c.data.payments.size() ? &c.data.payment_columns : nullptr;
    std::string pack;
    for (const std::string& rule : c.rules) pack += rule;
    const sanx::compile::RuleSet all = sanx::test::compile_rules(pack);
    const sanx::eval::FilterPlan plan(all.impl());
    std::size_t leaves = 0;
    for (std::size_t r = 0; r < c.rules.size(); ++r) leaves += leaves_of(plan, r).size();
    CHECK(plan.table_count() < leaves / 2);  // most leaves repeat: a comparison worth making
    const auto shared = all_candidates(all, c.data, columns);
    CHECK(ruled_out(shared, c.data.payments.size()) > c.data.payments.size() * c.rules.size() / 4);
    for (std::size_t r = 0; r < c.rules.size(); ++r) {
      const auto alone = all_candidates(sanx::test::compile_rules(c.rules[r]), c.data, columns);
      CHECK(mask_difference(shared, c.rules.size(), r, alone) == std::string());
    }
  }
}

TEST_CASE("a blind leaf rules out the same payments whichever other builtins the pack's leaves read", "[eval][filter]") {
  // Every builtin a party's facts have a bit for, in one pack: a rule alone gives its builtins other bits
  // and meets its parties without facts on other rows first, yet keeps the same rows in every batch.
  static constexpr std::array kEveryBlind{
      "exposure_paths(p.beneficiary, \"OFAC\") contains \"->\"",
      "controlled(p.originator, \"EU\") or p.amount > 900",
      "owned_share(p.beneficiary, \"OFAC\") >= 50%",
      "delisted(p.originator, \"EU\")",
      "not blocked(p.beneficiary, \"OFAC\")",
      "listed_on(p.beneficiary, \"EU-269\") or designated(p.originator_bank, \"OFAC\")",
      "designated(p.originator, \"OFAC\") and p.network == \"SPFS\"",
      "coalesce(designated(p.beneficiary, \"UK\"), blocked(p.beneficiary, \"UK\"))",
  };
  const sanx::model::Dataset data = gated_world(15, true);
  const sanx::compile::RuleSet all = sanx::test::compile_rules(pack_of({kEveryBlind[0], kEveryBlind[1], kEveryBlind[2], kEveryBlind[3],
                                                                           kEveryBlind[4], kEveryBlind[5], kEveryBlind[6], kEveryBlind[7]}));
  const auto shared = all_candidates(all, data, nullptr);
  // Most payments are ruled out: the parties without facts decide them, a word of rows at a time.
  CHECK(ruled_out(shared, data.payments.size()) > data.payments.size() * kEveryBlind.size() / 2);
  for (std::size_t r = 0; r < kEveryBlind.size(); ++r) {
    INFO(kEveryBlind[r]);
    const auto alone = all_candidates(sanx::test::compile_rules(pack_of({kEveryBlind[r]})), data, nullptr);
    CHECK(mask_difference(shared, kEveryBlind.size(), r, alone) == std::string());
  }
  check_filter_changes_nothing(all, data, 100);
}

TEST_CASE("the batch filter changes no finding when many rules share leaves on parties with dated facts", "[eval][filter]") {
  // Few distinct conditions over both parties and the banks: most leaves are shared, between rules and
  // between paths to the same party, and the designated and owned parties' rows are decided by date.
  static constexpr std::array kShared{
      "designated(p.originator, \"OFAC\")",
      "designated(p.beneficiary, \"OFAC\")",
      "blocked(p.originator, \"OFAC\")",
      "blocked(p.beneficiary, \"OFAC\")",
      "listed_on(p.beneficiary, \"EU-269\")",
      "delisted(p.beneficiary, \"EU\")",
      "designated(p.originator_bank, \"OFAC\")",
      "p.originator.country == \"IR\"",
      "p.beneficiary.country == \"IR\"",
      "p.network == \"SPFS\"",
  };
  const sanx::model::Dataset data = gated_world(9);
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(random_pack(6, 30, kShared));
  check_filter_changes_nothing(rules, data, 300);
}

TEST_CASE("a leaf on designations and ownership keeps a party's result only for the days its facts leave unchanged",
          "[eval][filter]") {
  // Payments on every day across each designation's start and end and each ownership change: a result
  // kept for a span of days must end on the very day one of them falls.
  static constexpr std::array kDaily{
      "designated(p.originator, \"OFAC\")",
      "designated(p.beneficiary, \"UK\")",
      "listed_on(p.beneficiary, \"EU-269\")",
      "delisted(p.originator, \"EU\")",
      "blocked(p.beneficiary, \"OFAC\")",
      "blocked(p.originator, \"EU\") and not designated(p.originator, \"EU\")",
      "owned_share(p.beneficiary, \"OFAC\") >= 50%",
      "controlled(p.originator, \"EU\")",
      "exposure_paths(p.beneficiary, \"OFAC\") contains \"->\"",
      "coalesce(blocked(p.originator, \"UK\"), false)",
      "designated(p.originator_bank, \"OFAC\")",
      "p.network == \"SPFS\"",
  };
  const sanx::model::Dataset data = gated_world(11, true);
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(random_pack(8, 30, kDaily));
  check_filter_changes_nothing(rules, data, 300);

  // Decided outright, day by day: the filter keeps exactly the payments the rule fires on or leaves
  // undetermined (c9's unstated share).
  for (const char* condition : {"designated(p.originator, \"OFAC\") or blocked(p.beneficiary, \"EU\")",
                                "delisted(p.beneficiary, \"EU\") or owned_share(p.originator, \"OFAC\") >= 50%"}) {
    check_reaches_exactly_its_findings(data, condition);
  }
}

namespace {

/// Checks, on a generated and a gated world, that a pack of 30 random rules over `conditions` loses no
/// finding to the filter and that the filter rules out most of their payments (over three in four).
template <std::size_t N>
void check_coded_on_two_worlds(std::uint64_t seed, const std::array<const char*, N>& conditions) {
  for (const sanx::model::Dataset& data : {generated_world(5, 1100), gated_world(13)}) {
    const sanx::compile::RuleSet rules = sanx::test::compile_rules(random_pack(seed, 30, conditions));
    check_filter_changes_nothing(rules, data, 100);
    const auto masks = all_candidates(rules, data, nullptr);
    CHECK(ruled_out(masks, data.payments.size()) > data.payments.size() * 30 / 4);
  }
}

}  // namespace

TEST_CASE("a payment's intermediary banks are coded from its references as from the list's value", "[eval][filter]") {
  // No intermediary, one known bank, a BIC of no bank, two banks (not coded: decided row by row).
  static constexpr std::array kIntermediaries{
      "any b in p.intermediary_banks: b.country == \"RU\"",
      "all b in p.intermediary_banks: b.country in {\"DE\", \"AE\"}",
      "any b in p.intermediary_banks: designated(b, \"OFAC\")",
      "all b in p.intermediary_banks: not blocked(b, \"OFAC\")",
      "len(p.intermediary_banks) == 0",
      "p.intermediary_banks is missing",
      "p.network == \"SPFS\"",
      "p.originator.country == \"IR\"",
  };
  check_coded_on_two_worlds(9, kIntermediaries);
}

TEST_CASE("a leaf on identity links keeps a party's result only for the days its relations leave unchanged",
          "[eval][filter]") {
  // Payments on every day across the starts and ends of relations between parties of several countries:
  // a result kept for a span of days must end on the very day a reach of the party does. Deeper links
  // are walked and decided per date.
  static constexpr std::array kLinks{
      "linked_to(p.originator, \"IR\", 1)",
      "linked_to(p.beneficiary, \"IR\", 2)",
      "linked_to(p.originator, \"DE\", 2) and not designated(p.originator, \"OFAC\")",
      "linked_to(p.beneficiary, \"IR\", 3)",
      "linked_to(p.originator, \"AE\", 0)",
      "designated(p.beneficiary, \"UK\") or linked_to(p.beneficiary, \"RU\", 1)",
      "p.network == \"SPFS\"",
      "p.originator.country == \"IR\"",
  };
  const sanx::model::Dataset data = gated_world(11, true);
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(random_pack(10, 30, kLinks));
  check_filter_changes_nothing(rules, data, 300);

  // Decided outright, day by day: the filter keeps exactly the payments the rule fires on.
  for (const char* condition : {"linked_to(p.originator, \"IR\", 2) or linked_to(p.beneficiary, \"IR\", 1)",
                                "linked_to(p.beneficiary, \"DE\", 2) and not designated(p.beneficiary, \"UK\")"}) {
    check_reaches_exactly_its_findings(data, condition);
  }
}

TEST_CASE("an operand decided per date is left for last and rules out no other row than when evaluated first",
          "[eval][filter]") {
  // A leaf on a party with dated facts beside cheap operands on the same payments, under and, or and
  // not, nested: whichever operand settles a row first, the candidates and findings are the same.
  static constexpr std::array kMixed{
      "blocked(p.beneficiary, \"OFAC\")",
      "owned_share(p.originator, \"OFAC\") >= 50%",
      "controlled(p.beneficiary, \"EU\")",
      "linked_to(p.originator, \"IR\", 3)",
      "designated(p.originator, \"OFAC\")",
      "p.network == \"SPFS\"",
      "p.originator.country in {\"IR\", \"AE\"}",
      "bic_country(p.originator_bic) not in {\"IR\"}",
      "p.amount > 500",
  };
  const sanx::model::Dataset data = gated_world(17, true);
  for (const std::uint64_t seed : {12ULL, 15ULL}) {
    const sanx::compile::RuleSet rules = sanx::test::compile_rules(random_pack(seed, 30, kMixed));
    const std::vector<std::string> plain = evaluate(rules, data, false, 1);
    INFO("rule pack seed " << seed);
    REQUIRE(plain.size() > 200);
    CHECK(first_difference(evaluate(rules, data, true, 1), plain) == std::string());
    CHECK(first_difference(evaluate(rules, data, true, 2), plain) == std::string());
  }
}

TEST_CASE("lists of texts are coded by their items, so that a leaf on them is decided once per list", "[eval][filter]") {
  // No intermediary BIC, one, or two in either order: lists that repeat over the payments.
  static constexpr std::array kTextLists{
      "any b in p.intermediary_bics: bic_country(b) == \"IR\"",
      "len(p.intermediary_bics) >= 2",
      "all b in p.intermediary_bics: b starts_with \"BDE\"",
      "p.intermediary_bics is missing",
      "p.network == \"SPFS\"",
      "p.originator.country == \"IR\"",
  };
  check_coded_on_two_worlds(14, kTextLists);
}

namespace {

/// Shipment S<i> of company c0 on 1 May 2024, its other fields empty.
sanx::model::Shipment plain_shipment(int i) {
  sanx::model::Shipment s;
  s.id = fmt::format("S{}", i);
  s.date = sanx::test::day("2024-05-01");
  s.exporter = "c0";
  return s;
}

}  // namespace

TEST_CASE("a batch's rows read a path's values as reading each subject does, empty and absent fields missing",
          "[eval][filter]") {
  using sanx::check::FieldId;
  World world;
  world.company("c0", "Company 0", "AE");
  Random rng(17);
  const std::array<const char*, 4> texts{"", "8542", "854231", "RU"};
  for (int i = 0; i < 300; ++i) {
    sanx::model::Shipment s = plain_shipment(i);
    s.hs_code = rng.pick(texts);
    s.description = rng.below(3) == 0 ? "" : fmt::format("item {}", rng.below(5));
    s.origin = rng.pick(texts);
    s.destination = rng.below(4) == 0 ? "" : "IR";
    s.loading_port = rng.pick(texts);
    s.discharge_port = rng.pick(texts);
    if (rng.below(3) != 0) s.quantity = sanx::test::dec(rng.below(2) == 0 ? "12.5" : "7");
    if (rng.below(3) != 0) s.contract_date = sanx::test::day(rng.below(2) == 0 ? "2023-02-01" : "2024-01-31");
    world.shipment(std::move(s));
    sanx::model::Payment p = sanx::test::payment(fmt::format("P{}", i), "2024-05-01", "VTBRRUMM", "DEUTDEFF");
    p.ordering_bic = rng.pick(texts);
    world.payment(std::move(p));
  }
  const sanx::model::Dataset data = world.build();
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(sanx::test::payment_rule("p.amount > 1"));
  sanx::eval::Machine machine(rules.impl(), data, std::nullopt);
  // Every other row from the 11th, as a batch's live rows may be.
  std::vector<std::uint32_t> rows;
  for (std::uint32_t i = 0; i < 280; i += 2) rows.push_back(i);
  const std::uint32_t first = 10;
  using Kind = sanx::compile::SubjectKind;
  for (const auto& [kind, f] : std::vector<std::pair<Kind, FieldId>>{
           {Kind::shipment, FieldId::shipment_hs_code},       {Kind::shipment, FieldId::shipment_description},
           {Kind::shipment, FieldId::shipment_origin},        {Kind::shipment, FieldId::shipment_destination},
           {Kind::shipment, FieldId::shipment_loading_port},  {Kind::shipment, FieldId::shipment_discharge_port},
           {Kind::shipment, FieldId::shipment_contract_date}, {Kind::shipment, FieldId::shipment_quantity},
           {Kind::payment, FieldId::payment_ordering_bic}}) {
    const std::vector<std::uint16_t> path{static_cast<std::uint16_t>(f)};
    std::vector<sanx::compile::Value> batch(300);
    machine.read_path_rows(kind, first, path, rows.data(), rows.size(), batch.data());
    std::string difference;
    std::size_t missing = 0;
    for (const std::uint32_t i : rows) {
      const sanx::compile::Value one = machine.read_path(kind, first + i, path);
      if (one.is_missing()) ++missing;
      const bool same = one.kind == batch[i].kind && (one.is_missing() || sanx::compile::order(one, batch[i]) == 0);
      if (!same && difference.empty()) difference = fmt::format("field {} row {}", static_cast<int>(f), i);
    }
    CHECK(difference == std::string());
    CHECK(missing > 0);  // empty texts and absent values are read as missing, as the machine reads them
    CHECK(missing < rows.size());
  }
}

TEST_CASE("long texts that share their length and first and last eight bytes are told apart by the filter",
          "[eval][filter]") {
  // Texts longer than seven bytes are looked up by their length and ends before the dictionary, and told
  // apart there by their whole text: a description that differs in the middle only is another value.
  World world;
  world.company("c0", "Company 0", "AE");
  const std::array<const char*, 4> texts{"STEEL PIPES GRADE A FOR OIL", "STEEL PIPES GRADE B FOR OIL",
                                         "STEEL PIPES GRADE C FOR OIL", "ALUMINIUM SHEETS"};
  Random rng(23);
  std::size_t grade_a = 0;
  for (int i = 0; i < 600; ++i) {
    sanx::model::Shipment s = plain_shipment(i);
    s.description = rng.pick(texts);
    if (s.description == texts[0]) ++grade_a;
    world.shipment(std::move(s));
  }
  const sanx::model::Dataset data = world.build();
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(
      "rule grade_a {\n  meta { severity = low }\n  on shipment s\n"
      "  when s.description == \"STEEL PIPES GRADE A FOR OIL\"\n  reason \"{s.description}\"\n}\n");
  sanx::eval::EvalOptions options;
  options.batch_filter = false;
  const auto every = sanx::test::finding_lines(sanx::eval::evaluate(rules, data, options));
  options.batch_filter = true;
  CHECK(sanx::test::first_difference(every, sanx::test::finding_lines(sanx::eval::evaluate(rules, data, options))) == "");
  CHECK(every.size() == grade_a);
  CHECK(grade_a > 100);
}

namespace {

/// Shipments on every day of 400 from 20 Dec 2023, between the companies of gated_world's designations
/// and relations, with a route of no country, one or two; `columns`: with the dataset's shipment columns
/// (as store::load_dataset leaves it), else without (the filter then asks the machine for their dates).
sanx::model::Dataset shipment_world(std::uint64_t seed, bool columns) {
  using sanx::model::RelationKind;
  const std::array<const char*, 6> countries{"IR", "AE", "RU", "DE", "TR", "HK"};
  World world;
  add_companies(world, countries);
  Random rng(seed);
  world.designate("c0", "OFAC", "SDN", sanx::test::day("2024-03-01"));
  world.designate("c1", "EU", "EU-269", sanx::test::day("2024-01-01"), sanx::test::day("2024-09-01"));
  world.designate("c2", "UK", "UK", sanx::test::day("2024-06-01"));
  world.relation(relation("c12", "c13", RelationKind::associate, std::nullopt, "2024-04-01", "2024-08-01"));
  world.relation(relation("c13", "c14", RelationKind::associate, std::nullopt, "2024-02-01"));
  const std::array<std::vector<std::string>, 4> routes{std::vector<std::string>{}, std::vector<std::string>{},
                                                       std::vector<std::string>{"IR"},
                                                       std::vector<std::string>{"TR", "AE"}};
  const std::int32_t first_day = sanx::test::day("2023-12-20").days_since_epoch();
  for (int i = 0; i < 1300; ++i) {
    sanx::model::Shipment s;
    s.id = fmt::format("S{}", i);
    s.date = sanx::core::Date::from_days_since_epoch(first_day + i % 400);
    s.exporter = fmt::format("c{}", rng.below(15));
    s.consignee = fmt::format("c{}", rng.below(15));
    s.destination = rng.pick(countries);
    s.route = rng.pick(routes);
    world.shipment(std::move(s));
  }
  sanx::model::Dataset data = world.build();
  if (columns) data.build_shipment_columns();
  return data;
}

/// check_reaches_exactly for a shipment rule.
void check_reaches_exactly_its_shipments(const sanx::model::Dataset& data, const char* condition) {
  check_reaches_exactly(data,
                        fmt::format("rule r {{\n  meta {{ severity = low }}\n  on shipment s\n  when {}\n  reason "
                                    "\"{{s.id}}\"\n}}\n",
                                    condition),
                        condition);
}

}  // namespace

TEST_CASE("a shipment's parties with dated facts keep their results for the days their facts leave unchanged",
          "[eval][filter]") {
  // Shipments on every day across the designations' starts and ends and the links' reaches: a result
  // kept for a span of days must end on the very day one of them falls, whether the shipment's day comes
  // from the shipment columns or from its date.
  for (const bool columns : {false, true}) {
    INFO("shipment columns: " << columns);
    const sanx::model::Dataset data = shipment_world(21, columns);
    REQUIRE((data.shipment_columns.rows == data.shipments.size()) == columns);
    for (const char* condition : {"designated(s.exporter, \"OFAC\") or designated(s.consignee, \"EU\")",
                                  "linked_to(s.consignee, \"IR\", 2) and not designated(s.exporter, \"UK\")",
                                  "linked_to(s.exporter, \"IR\", 2) or linked_to(s.consignee, \"IR\", 2) or "
                                  "linked_to(s.end_user, \"IR\", 2) or linked_to(s.exporter, \"KP\", 1)",
                                  "designated(s.consignee, \"UK\") or listed_on(s.exporter, \"EU-269\")"}) {
      check_reaches_exactly_its_shipments(data, condition);
    }
  }
}

TEST_CASE("a list of texts with no item is coded as the other lists are, however often it repeats",
          "[eval][filter]") {
  // Most routes are empty: the first one is coded through the dictionary of lists, the next ones
  // without it, and a leaf on them keeps deciding them as the machine does.
  const sanx::model::Dataset data = shipment_world(22, true);
  for (const char* condition : {"len(s.route) == 0 and s.destination == \"IR\"", "any c in s.route: c == \"IR\"",
                                "not (all c in s.route: c in {\"TR\", \"AE\"}) or s.destination == \"RU\""}) {
    check_reaches_exactly_its_shipments(data, condition);
  }
}

TEST_CASE("the rows the filter finds a rule true on are rows the machine fires the rule on", "[eval][filter]") {
  // The evaluator writes their findings without evaluating the `when` again (Machine::decide_true).
  const sanx::model::Dataset data = generated_world(7, 1100);
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(random_pack(2, 30));
  const auto& impl = rules.impl();
  sanx::eval::Machine machine(impl, data, std::nullopt);
  const sanx::eval::FilterPlan plan(impl);
  sanx::eval::Filter filter(plan, impl, machine, data, nullptr);
  std::size_t sure_rows = 0;
  std::size_t fired_unsure = 0;
  std::string difference;
  const auto payments = static_cast<std::uint32_t>(data.payments.size());
  for (std::uint32_t first = 0; first < payments; first += sanx::eval::kBatchRows) {
    filter.begin_batch(sanx::compile::SubjectKind::payment, first, std::min(sanx::eval::kBatchRows, payments - first));
    for (std::size_t r = 0; r < impl.rules.size(); ++r) {
      sanx::eval::BatchMask out{};
      sanx::eval::BatchMask sure{};
      filter.candidates(r, out, &sure);
      for (std::uint32_t i = 0; i < sanx::eval::kBatchRows; ++i) {
        const bool in_out = ((out[i / 64] >> (i % 64)) & 1U) != 0;
        const bool in_sure = ((sure[i / 64] >> (i % 64)) & 1U) != 0;
        if (in_sure && !in_out && difference.empty()) difference = fmt::format("rule {} row {}: sure, not a candidate", r, first + i);
        if (!in_out) continue;
        machine.begin_subject(sanx::compile::SubjectKind::payment, first + i);
        const bool fired = machine.decide(impl.rules[r]) == sanx::eval::Outcome::fired;
        if (in_sure && !fired && difference.empty()) difference = fmt::format("rule {} row {}: sure, not fired", r, first + i);
        sure_rows += in_sure ? 1 : 0;
        fired_unsure += fired && !in_sure ? 1 : 0;
      }
    }
  }
  CHECK(difference == std::string());
  CHECK(sure_rows > 1000);   // most findings of these rules
  CHECK(fired_unsure > 10);  // and some the filter leaves to the machine (conditions it cannot decide)
}

TEST_CASE("a rule the filter finds true fires only on subjects dated from its effective date", "[eval][filter]") {
  World w;
  w.company("demo:orig", "Orig LLC", "RU").company("demo:benef", "Benef GmbH", "DE");
  for (const char* d : {"2024-06-30", "2024-07-01", "2024-07-03"}) {
    w.payment(sanx::test::payment(std::string("P-") + d, d, "", ""));
  }
  const sanx::model::Dataset& data = w.build();
  const sanx::compile::RuleSet rules = sanx::test::compile_rules(
      sanx::test::payment_rule("p.amount > 0", "effective = 2024-07-01 expires = 2024-07-03", "{p.id} on {p.date}"));
  const auto& impl = rules.impl();
  sanx::eval::Machine machine(impl, data, std::nullopt);
  std::vector<std::string> reasons;
  for (std::uint32_t ix = 0; ix < 3; ++ix) {
    machine.begin_subject(sanx::compile::SubjectKind::payment, ix);
    const std::optional<sanx::eval::Outcome> outcome = machine.decide_true(impl.rules[0]);
    if (!outcome) continue;
    CHECK(*outcome == sanx::eval::Outcome::fired);
    sanx::eval::Finding f(machine.finding_rule(impl.rules[0]));
    machine.write_finding(impl.rules[0], *outcome, f);
    reasons.emplace_back(f.reason());
  }
  CHECK(reasons == std::vector<std::string>{"P-2024-07-01 on 2024-07-01"});
}
