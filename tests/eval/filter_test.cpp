// The batch filter (engine/src/eval/filter.hpp) is an optimisation and nothing else: with it and without
// it, every rule gives the same findings, with the same outcome, reason, evidence and missing values. The
// worlds here are generated (fixed seeds) with missing fields, unknown banks, designations and amounts at
// several scales; the rules are random and/or/not combinations of conditions the filter decides (one
// path), conditions it cannot (two paths, designations, quantifiers) and missing-value tests.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "eval_test_support.hpp"

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

std::string random_condition(Random& rng, int depth) {
  const std::size_t choice = depth <= 0 ? 0 : rng.below(6);
  switch (choice) {
    case 1: return fmt::format("({} and {})", random_condition(rng, depth - 1), random_condition(rng, depth - 1));
    case 2: return fmt::format("({} or {})", random_condition(rng, depth - 1), random_condition(rng, depth - 1));
    case 3: return fmt::format("not ({})", random_condition(rng, depth - 1));
    case 4:
      return fmt::format("({} and {} and {})", random_condition(rng, depth - 1), random_condition(rng, depth - 1),
                         random_condition(rng, depth - 1));
    default: return kConditions[rng.below(kConditions.size())];
  }
}

/// `count` random rules, each with a reason that shows two paths; every other rule ignores missing
/// values (its undetermined cases give no finding), which keeps the findings to compare fewer.
std::string random_pack(std::uint64_t seed, std::size_t count) {
  Random rng(seed);
  std::string pack;
  for (std::size_t i = 0; i < count; ++i) {
    pack += fmt::format(
        "rule r{} {{\n  meta {{ severity = low {}}}\n  on payment p\n  let from = bic_country(p.originator_bic)\n"
        "  when ({} and {}) or (from == \"IR\" and {})\n  reason \"{{p.id}} {{p.currency}} {{from}}\"\n}}\n",
        i, i % 2 == 0 ? "on_missing = ignore " : "", random_condition(rng, 3), random_condition(rng, 2),
        random_condition(rng, 1));
  }
  return pack;
}

/// Everything a finding says, one line per finding.
std::vector<std::string> described(const std::vector<sanx::eval::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    std::string line = fmt::format("{} {} {} {}", f.rule, f.subject,
                                   f.outcome == sanx::eval::Outcome::fired ? "fired" : "undetermined", f.reason);
    for (const auto& [path, value] : f.evidence) line += fmt::format(" {}={}", path, value);
    for (const auto& m : f.missing) line += " missing:" + m;
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
