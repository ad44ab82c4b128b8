// A window whose `where` compares a path of its candidate with the subject (A7's `coalesce(q.contract ==
// p.reference, false)`) scans, per subject, only the candidates of its group whose path has the subject's
// value, when every other candidate has a false conjunct (SubKeyPlan). These tests say which windows
// have such a plan, and check on random worlds that it gives exactly the findings of scanning the group.
#include "eval/a7_world.hpp"
#include "eval/window_index.hpp"

using namespace sanx;

namespace {

/// A pack of one payment rule per window expression: `let w = <window>`, fired when w > 0 and undetermined
/// when it is missing, the value in its reason.
std::string window_rules(const std::vector<std::string_view>& windows) {
  std::string out = "set HUBS = {\"AE\", \"TR\", \"KZ\"}\n";
  int i = 0;
  for (const std::string_view w : windows) {
    out += fmt::format("rule r{} {{\n  meta {{ severity = low }}\n  on payment p\n  let w = {}\n  when w > 0\n  reason \"{{w}}\"\n}}\n",
                       i++, w);
  }
  return out;
}

/// The sub-key plan of the only window of a pack of one rule.
std::optional<eval::SubKeyPlan> plan_of(std::string_view window) {
  const compile::RuleSet rules = test::compile_rules(window_rules({window}));
  const compile::CompiledRule& rule = rules.impl().rules.at(0);
  return eval::sub_key_plan(rule, rule.windows.at(0));
}

/// Whether a plan has an equality step on a path, and whether that one also scans missing paths.
bool has_equal(const eval::SubKeyPlan& plan, bool missing_too) {
  return std::any_of(plan.steps.begin(), plan.steps.end(), [&](const eval::SubKeyPlan::Step& s) {
    return s.kind == eval::SubKeyPlan::Kind::equal && s.missing_too == missing_too;
  });
}

constexpr std::string_view kA7 =
    "count shipment q where q.exporter == p.beneficiary and (coalesce(q.contract == p.reference, false) or "
    "(p.reference is missing and q.currency == p.currency and q.value >= p.amount * 0.98)) and q.consignee != "
    "p.originator within 30d around";

/// References and contracts drawn from few values, so that several shipments share a contract and several
/// payments a reference; some contracts are no payment's reference and some references no contract;
/// currencies sometimes missing on both sides.
model::Dataset random_world(std::uint64_t seed) {
  test::A7Shape shape;
  shape.references = {"", "", "C1", "C2", "C3", "C4", "R9"};
  shape.payment_currencies = {"", "USD", "EUR", "EUR", "CNY"};
  shape.contracts = {"C1", "C2", "C3", "C4", "C5"};
  shape.contracted = 2;
  shape.shipment_currencies = {"USD", "EUR", "EUR", "CNY"};
  return test::a7_world(seed, shape);
}

/// Windows the plan applies to in every form, and windows it must leave alone, with every aggregate (min
/// and max keep the first of equal values, so the order of the candidates counts).
const std::vector<std::string_view> kWindows{
    kA7,
    "count shipment q where q.exporter == p.beneficiary and coalesce(q.contract == p.reference, false) within 30d around",
    "sum q.value over shipment q where q.exporter == p.beneficiary and coalesce(p.reference == q.contract, false) within 60d before",
    "max q.value over shipment q where q.consignee == p.originator and q.currency == p.currency within 40d around",
    "min q.value over shipment q where q.exporter == p.beneficiary and q.currency == p.currency and q.hs_code != \"620342\" within 40d around",
    "distinct q.hs_code over shipment q where q.exporter == p.beneficiary and (coalesce(q.contract == p.reference, false) "
    "or (p.reference is missing and q.currency == p.currency)) and q.destination in HUBS within 50d around",
    // Payments over payments: the subject is among its own sub-key's candidates.
    "count payment q where q.beneficiary == p.beneficiary and coalesce(q.reference == p.reference, false) within 20d around",
    "count payment q where q.originator == p.beneficiary and q.currency == p.currency within 20d around",
    // Keys computed by builtins on both sides.
    "sum q.value over shipment q where q.consignee == p.originator and lower(q.currency) == lower(p.currency) within 40d around",
    // Not for the plan: an `or` that may hold for any candidate, a coalesce to true, numbers.
    "count shipment q where q.exporter == p.beneficiary and (q.contract == p.reference or q.value > 200) within 30d around",
    "count shipment q where q.exporter == p.beneficiary and coalesce(q.contract == p.reference, true) within 30d around",
    "count shipment q where q.exporter == p.beneficiary and q.value == p.amount within 30d around",
    // A guard alone decides: no candidate when the payment has a reference.
    "count shipment q where q.exporter == p.beneficiary and (p.reference is missing or coalesce(q.contract == p.reference, false)) "
    "and q.currency == p.currency within 30d around",
    // Ranges (values and amounts are multiples of 50, so their edges are met): A7's band, strict and
    // mirrored comparisons, a range in one arm of an `or` only, text compared as text with missing
    // values on both sides, and payments over payments.
    "count shipment q where q.exporter == p.beneficiary and (coalesce(q.contract == p.reference, false) or (p.reference is "
    "missing and q.currency == p.currency and q.value >= p.amount * 0.98 and q.value <= p.amount * 1.02)) and q.consignee "
    "!= p.originator within 40d around",
    "sum q.value over shipment q where q.exporter == p.beneficiary and q.currency == p.currency and q.value < p.amount within 40d around",
    "max q.value over shipment q where q.consignee == p.originator and q.currency == p.currency and p.amount <= q.value "
    "and -q.value > -(p.amount + 100) within 40d around",
    "min q.value over shipment q where q.exporter == p.beneficiary and (coalesce(q.contract == p.reference, false) or "
    "(q.currency == p.currency and q.value > p.amount)) within 40d around",
    "count shipment q where q.exporter == p.beneficiary and q.currency == p.currency and q.contract >= p.reference within 30d around",
    "count payment q where q.beneficiary == p.beneficiary and q.currency == p.currency and q.amount <= p.amount * 1.5 "
    "and q.amount > p.amount - 100 within 20d around",
    // A bound negated, and one too deep for the stack that works bounds out (it rules nothing out).
    "sum q.value over shipment q where q.exporter == p.beneficiary and q.currency == p.currency and q.value <= -(-p.amount - 100) "
    "and q.value > (p.amount + (p.amount + (p.amount + (p.amount + p.amount)))) / 10 within 40d around",
};

std::vector<std::string> audit(const compile::RuleSet& rules, const model::Dataset& data, bool keyed, std::size_t threads,
                               bool sharing) {
  eval::EvalOptions options;
  options.window_precompute = keyed;  // off: every window scans its whole group, no sub-keys
  options.window_sharing = sharing;
  options.threads = threads;
  return test::finding_lines(eval::evaluate(rules, data, options));
}

}  // namespace

TEST_CASE("a window comparing a candidate path with the subject inside `coalesce(…, false)` has a sub-key plan",
          "[eval][window][subkey]") {
  const auto a7 = plan_of(kA7);
  REQUIRE(a7);
  // The contract (no missing contracts: coalesce makes them false) and the currency (a plain ==).
  CHECK(a7->keys.size() == 2);
  CHECK(has_equal(*a7, false));
  CHECK(has_equal(*a7, true));
  CHECK(a7->steps.at(0).kind == eval::SubKeyPlan::Kind::all_of);
  const auto plain = plan_of("count shipment q where q.exporter == p.beneficiary and q.currency == p.currency within 9d around");
  REQUIRE(plain);
  CHECK(has_equal(*plain, true));
  CHECK_FALSE(has_equal(*plain, false));
  CHECK(plan_of("count shipment q where q.exporter == p.beneficiary and coalesce(p.reference == q.contract, false) within 9d around"));
  // A key computed from the candidate, against one computed from the subject (trade rules: HS chapters).
  const auto computed = plan_of("count shipment q where q.exporter == p.beneficiary and left(q.hs_code, 2) == left(p.purpose, 2) within 9d around");
  REQUIRE(computed);
  CHECK(computed->keys.size() == 1);
}

TEST_CASE("a comparison of a candidate path with a value of the subject narrows a sub-key plan to a range",
          "[eval][window][subkey][range]") {
  using dsl::ast::BinaryOp;
  const auto band = plan_of(
      "count shipment q where q.exporter == p.beneficiary and (coalesce(q.contract == p.reference, false) or (p.reference is "
      "missing and q.currency == p.currency and q.value >= p.amount * 0.98 and q.value <= p.amount * 1.02)) within 9d around");
  REQUIRE(band);
  REQUIRE(band->ranges.size() == 2);
  CHECK(band->ranges[0].op == BinaryOp::ge);
  CHECK(band->ranges[1].op == BinaryOp::le);
  CHECK(band->ranges[0].signature == band->ranges[1].signature);  // both q.value: read once per candidate
  REQUIRE(band->flat);
  // Read from the table only when the reference is missing (its arm is the only open one).
  std::size_t ranged = 0;
  for (const std::uint8_t r : band->flat->range_table) ranged += r == 3 ? 1U : 0U;
  CHECK(ranged > 0);
  CHECK(ranged < band->flat->range_table.size());
  // The subject on the left: the comparison is turned around, so that X is on the left.
  const auto mirrored = plan_of("count shipment q where q.exporter == p.beneficiary and q.currency == p.currency and p.amount < q.value within 9d around");
  REQUIRE(mirrored);
  REQUIRE(mirrored->ranges.size() == 1);
  CHECK(mirrored->ranges[0].op == BinaryOp::gt);
  // A constant is a condition of the candidate alone; only two ranges are kept, the others left out.
  const auto constant = plan_of("count shipment q where q.exporter == p.beneficiary and q.currency == p.currency and q.value > 200 within 9d around");
  REQUIRE(constant);
  CHECK(constant->ranges.empty());
  const auto three = plan_of(
      "count shipment q where q.exporter == p.beneficiary and q.currency == p.currency and q.value > p.amount and q.value < "
      "p.amount * 2 and q.value != p.amount and q.value <= p.amount * 3 within 9d around");
  REQUIRE(three);
  CHECK(three->ranges.size() == eval::SubKeyPlan::kMaxRanges);
  // An `or` with a range in every arm: a range alone restricts no key, so there is no plan without an equality.
  CHECK_FALSE(plan_of("count shipment q where q.exporter == p.beneficiary and (q.value > p.amount or q.value < p.amount * 0.5) within 9d around"));
}

TEST_CASE("a range's values are each indexed candidate's path, missing where it is", "[eval][window][subkey][range]") {
  const compile::RuleSet rules = test::compile_rules(window_rules({
      "count shipment q where q.exporter == p.beneficiary and q.currency == p.currency and q.value >= p.amount * 0.98 "
      "and q.value <= p.amount * 1.02 within 30d around"}));
  const model::Dataset data = random_world(6);
  const eval::WindowIndexes indexes(rules.impl(), data, std::nullopt);
  const eval::WindowIndex& index = indexes.at(0, 0);
  REQUIRE(index.plan);
  REQUIRE(index.range_values.size() == 2);
  CHECK(index.range_values[0] == index.range_values[1]);  // one X, read once
  const std::vector<compile::Value>& values = *index.range_values[0];
  REQUIRE(values.size() == data.shipments.size());
  // Read for the candidates in a group (the only ones a window compares), by their index.
  REQUIRE(index.entries);
  std::size_t missing = 0;
  for (const eval::WindowIndex::Entry& e : *index.entries) {
    const auto& value = data.shipments[e.ix].value;
    CHECK(values[e.ix].is_missing() == !value.has_value());
    if (value) CHECK((values[e.ix].kind == compile::ValueKind::decimal && values[e.ix].decimal == *value));
    missing += values[e.ix].is_missing() ? 1U : 0U;
  }
  CHECK(index.entries->size() > 100);
  CHECK(missing > 0);  // so that a missing X, which rules no candidate out, is met
}

TEST_CASE("a window whose `where` may hold whatever the candidate's path has no sub-key plan", "[eval][window][subkey]") {
  CHECK_FALSE(plan_of("count shipment q where q.exporter == p.beneficiary and (q.contract == p.reference or q.value > 5) within 9d around"));
  CHECK_FALSE(plan_of("count shipment q where q.exporter == p.beneficiary and coalesce(q.contract == p.reference, true) within 9d around"));
  CHECK_FALSE(plan_of("count shipment q where q.exporter == p.beneficiary and q.contract != p.reference within 9d around"));
  CHECK_FALSE(plan_of("count shipment q where q.exporter == p.beneficiary and p.reference is missing within 9d around"));
  // Candidate against candidate, or against another window: not the subject's value.
  CHECK_FALSE(plan_of("count shipment q where q.exporter == p.beneficiary and q.contract == q.description within 9d around"));
}

TEST_CASE("sub-keyed windows give the findings of scanning every candidate of the group", "[eval][window][subkey]") {
  const compile::RuleSet rules = test::compile_rules(window_rules(kWindows));
  std::size_t fired = 0;
  std::size_t undetermined = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const model::Dataset data = random_world(seed);
    if (seed == 1) {
      // The plan is in force in the index for the windows that have one, not for the others.
      const eval::WindowIndexes indexes(rules.impl(), data, std::nullopt);
      std::size_t planned = 0;
      for (std::size_t r = 0; r < kWindows.size(); ++r) {
        const eval::WindowIndex& index = indexes.at(r, 0);
        if (index.plan) CHECK(index.sub_keys.size() == index.plan->keys.size());
        if (index.plan) CHECK(index.range_values.size() == index.plan->ranges.size());
        if (index.plan) ++planned;
      }
      CHECK(planned == 18);  // all but the `or` with `q.value > 200` and the coalesce to true
    }
    const auto plain = audit(rules, data, false, 1, false);
    INFO("seed " << seed);
    CHECK(test::first_difference(plain, audit(rules, data, true, 1, false)) == "");
    CHECK(test::first_difference(plain, audit(rules, data, true, 1, true)) == "");
    CHECK(test::first_difference(plain, audit(rules, data, true, 2, true)) == "");
    for (const std::string& l : plain) ++(l.find(" undetermined ") != std::string::npos ? undetermined : fired);
  }
  // Both outcomes occur, so a candidate wrongly skipped or kept would show.
  CHECK(fired > 100);
  CHECK(undetermined > 100);
}

TEST_CASE("sub-keyed windows read the subject's paths from the payments' columns and give the findings of the scan",
          "[eval][window][subkey][columns]") {
  const compile::RuleSet rules = test::compile_rules(window_rules(kWindows));
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const model::Dataset data = random_world(seed);  // columns out of date: paths read from the payments
    model::Dataset with = data;
    with.build_payment_columns();
    with.build_shipment_columns();
    if (seed == 1) {
      // A7's plan reads p.reference and p.currency from their columns, with the hash of each value it
      // looks a sub-key up by; without the dataset's columns, neither.
      const eval::WindowIndexes indexes(rules.impl(), with, std::nullopt);
      const auto& flat = indexes.at(0, 0).plan->flat;
      REQUIRE(flat);
      REQUIRE(flat->leaf_reads == 2);
      REQUIRE(flat->columns.size() == flat->reads.size());  // and p.amount, for the range
      CHECK(flat->columns[0].coded());
      CHECK(flat->columns[1].coded());
      CHECK(flat->hashes[1].size() == flat->columns[1].slots());
      std::string scratch;
      for (std::size_t c = 0; c < 2; ++c) {
        for (std::uint32_t slot = 0; slot < flat->hashes[c].size(); ++slot) {
          CHECK(flat->hashes[c][slot] == eval::sub_key_hash(flat->columns[c].value_of(slot), scratch));
        }
      }
      const eval::WindowIndexes stale(rules.impl(), data, std::nullopt);
      CHECK(stale.at(0, 0).plan->flat->columns.empty());
    }
    INFO("seed " << seed);
    const auto plain = audit(rules, data, false, 1, false);
    CHECK(test::first_difference(plain, audit(rules, with, true, 1, true)) == "");
    CHECK(test::first_difference(plain, audit(rules, with, true, 2, true)) == "");
  }
}

TEST_CASE("values whose sub-key ids collide share a span, which widens a scan and changes no finding",
          "[eval][window][subkey]") {
  const compile::RuleSet rules = test::compile_rules(window_rules(kWindows));
  const model::Dataset data = random_world(4);
  const auto plain = audit(rules, data, false, 1, false);
  // Mask 0: every value has id 0 (only missing ones have their own); mask 1: two ids, some values shared.
  for (const std::uint32_t mask : {0U, 1U}) {
    const std::uint32_t before = eval::set_sub_key_mask(mask);
    const eval::WindowIndexes indexes(rules.impl(), data, std::nullopt);
    for (std::size_t r = 0; r < kWindows.size(); ++r) {
      for (const auto& sub : indexes.at(r, 0).sub_keys) {
        CHECK(sub->mask == mask);
        for (const auto& span : sub->spans) CHECK((span.id == eval::WindowIndex::SubKeys::kMissing || span.id <= mask));
      }
    }
    const auto one = audit(rules, data, true, 1, true);
    const auto two = audit(rules, data, true, 2, true);
    eval::set_sub_key_mask(before);
    INFO("mask " << mask);
    CHECK(test::first_difference(plain, one) == "");
    CHECK(test::first_difference(plain, two) == "");
  }
}

TEST_CASE("a sub-key span holds exactly the group's candidates with that id, in date order", "[eval][window][subkey]") {
  const compile::RuleSet rules = test::compile_rules(window_rules({kWindows[3]}));
  const model::Dataset data = random_world(5);
  const eval::WindowIndexes indexes(rules.impl(), data, std::nullopt);
  const eval::WindowIndex& index = indexes.at(0, 0);
  REQUIRE(index.sub_keys.size() == 1);
  const eval::WindowIndex::SubKeys& sub = *index.sub_keys[0];
  REQUIRE(sub.first.size() == index.groups.size() + 1);
  std::string scratch;
  const auto earlier = [](const auto& x, const auto& y) { return x.date != y.date ? x.date < y.date : x.ix < y.ix; };
  for (std::uint32_t g = 0; g < index.groups.size(); ++g) {
    // Every candidate of the group is found under the id of its currency, and nothing else is.
    std::size_t found = 0;
    for (std::uint32_t s = sub.first[g]; s < sub.first[g + 1]; ++s) {
      const auto span = sub.find(g, sub.spans[s].id);
      CHECK(span.size() == sub.spans[s].size);
      CHECK(std::is_sorted(span.begin(), span.end(), earlier));
      for (const auto& e : span) {
        const std::string_view currency = data.shipments[e.ix].currency;
        const auto value = currency.empty() ? compile::Value::missing() : compile::Value::of_string(currency);
        CHECK(sub.id_of(eval::sub_key_hash(value, scratch)) == sub.spans[s].id);
      }
      found += span.size();
    }
    CHECK(found == index.groups[g].entries.size());
  }
}

namespace {

/// A random `where` for a window over shipments keyed by exporter: `and`s and `or`s of equalities between a
/// shipment path and a payment path (plain and in `coalesce(…, false)`), guards on whether a payment path is
/// missing, and conditions of the candidate alone.
std::string random_where(std::mt19937_64& rng, int depth) {
  static constexpr std::array leaves{
      "coalesce(q.contract == p.reference, false)",
      "q.currency == p.currency",
      "coalesce(p.currency == q.currency, false)",
      "p.reference is missing",
      "p.reference is not missing",
      "p.currency is missing",
      "q.destination == p.originator.country",
      "q.value >= p.amount * 0.98",
      "p.amount * 1.02 >= q.value",
      "q.value > len(p.purpose)",  // a range whose Y is no program of the subject's paths: left out of a table
      "q.destination in HUBS",
  };
  if (depth == 0 || rng() % 3 == 0) return leaves[rng() % leaves.size()];
  const int n = 2 + static_cast<int>(rng() % 2);
  const char* op = rng() % 2 == 0 ? " and " : " or ";
  std::string out = "(";
  for (int i = 0; i < n; ++i) out += (i == 0 ? "" : op) + random_where(rng, depth - 1);
  return out + ")";
}

}  // namespace

TEST_CASE("a plan read from its table chooses what walking its steps chooses, on random windows",
          "[eval][window][subkey]") {
  std::mt19937_64 rng(7);
  std::vector<std::string> windows;
  while (windows.size() < 24) {
    std::string w = "count shipment q where q.exporter == p.beneficiary and " + random_where(rng, 3) + " within 30d around";
    const auto plan = plan_of(w);
    if (!plan) continue;
    // The table answers every combination of its leaves as the walk does.
    if (plan->flat) {
      const auto& flat = *plan->flat;
      CHECK(flat.leaves.size() <= eval::SubKeyPlan::Flat::kMaxLeaves);
      for (std::uint32_t c = 0; c < flat.table.size(); ++c) {
        const auto outcome = [&](std::uint32_t i) { std::uint32_t d = c; while (i-- > 0) d /= 3; return d % 3; };
        const eval::SubKeyChoice walked = eval::choose_sub_key(*plan, 0, [&](std::uint32_t step) {
          if (const auto& s = plan->steps[step]; s.kind == eval::SubKeyPlan::Kind::range) {
            eval::SubKeyChoice range;  // all, narrowed by the range (with a bound) when Y is a program
            if (!s.terms.empty()) range.ranges = static_cast<std::uint8_t>(1U << s.key);
            return range;
          }
          for (std::uint32_t i = 0; i < flat.leaves.size(); ++i) {
            if (flat.leaves[i].step != step) continue;
            if (outcome(i) == 0) return eval::SubKeyChoice{eval::SubKeyChoice::Kind::none};
            if (outcome(i) == 2) return eval::SubKeyChoice{eval::SubKeyChoice::Kind::key, 0, i, false};
            return eval::SubKeyChoice{};
          }
          FAIL("a leaf step is not among the table's leaves");
          return eval::SubKeyChoice{};
        });
        const std::uint8_t expected = walked.kind == eval::SubKeyChoice::Kind::none  ? 0
                                      : walked.kind == eval::SubKeyChoice::Kind::all ? 1
                                                                                      : static_cast<std::uint8_t>(2 + walked.id);
        CHECK(flat.table[c] == expected);
        CHECK(flat.range_table[c] == (walked.kind == eval::SubKeyChoice::Kind::none ? 0 : walked.ranges));
      }
    }
    windows.push_back(std::move(w));
  }
  // And the findings: a table's choice against scanning every candidate of the group.
  std::vector<std::string_view> views(windows.begin(), windows.end());
  const compile::RuleSet rules = test::compile_rules(window_rules(views));
  std::size_t flat = 0;
  for (std::size_t r = 0; r < windows.size(); ++r) {
    const auto plan = eval::sub_key_plan(rules.impl().rules.at(r), rules.impl().rules.at(r).windows.at(0));
    if (plan && plan->flat) ++flat;
  }
  CHECK(flat >= 6);  // and the others are walked
  CHECK(flat < windows.size());
  for (std::uint64_t seed = 11; seed <= 12; ++seed) {
    const model::Dataset data = random_world(seed);
    const auto plain = audit(rules, data, false, 1, false);
    INFO("seed " << seed);
    CHECK(test::first_difference(plain, audit(rules, data, true, 1, true)) == "");
  }
}

TEST_CASE("a plan is read from a table only when its leaves read the subject's paths", "[eval][window][subkey]") {
  const auto a7 = plan_of(kA7);
  REQUIRE(a7);
  REQUIRE(a7->flat);
  CHECK(a7->flat->leaves.size() == 3);
  CHECK(a7->flat->leaf_reads == 2);  // p.reference is read once for the contract and the guard
  CHECK(a7->flat->reads.size() == 3);  // and p.amount for the range, only when it is needed
  // Two windows of one rule share `p.reference is missing` as a let: its path is still read directly.
  const compile::RuleSet shared = test::compile_rules(
      "set HUBS = {\"AE\"}\nrule a7 {\n  meta { severity = low }\n  on payment p\n  let third = " + std::string(kA7) +
      "\n  let hub = " + std::string(kA7.substr(0, kA7.size() - std::string_view(" within 30d around").size())) +
      " and q.destination in HUBS within 30d around\n  when third > 0 and hub == 0\n}\n");
  const compile::CompiledRule& rule = shared.impl().rules.at(0);
  REQUIRE(rule.windows.size() == 2);
  for (const auto& w : rule.windows) {
    const auto plan = eval::sub_key_plan(rule, w);
    REQUIRE(plan);
    CHECK(plan->flat);
  }
  // A computed subject side is evaluated, and so walked.
  const auto computed = plan_of("count shipment q where q.exporter == p.beneficiary and left(q.hs_code, 2) == left(p.purpose, 2) within 9d around");
  REQUIRE(computed);
  CHECK_FALSE(computed->flat);
  // More leaves than the table holds.
  const auto many = plan_of(
      "count shipment q where q.exporter == p.beneficiary and (p.reference is missing or p.currency is missing or "
      "p.purpose is missing or p.amount is missing or p.network is missing or coalesce(q.contract == p.reference, false)) "
      "within 9d around");
  REQUIRE(many);
  CHECK_FALSE(many->flat);
}
