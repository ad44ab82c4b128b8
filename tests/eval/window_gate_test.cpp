// A rule whose `when` needs a window to have candidates (A7's `third > 0`) is not evaluated on a subject for
// which that window has none in range: no candidate with its key, none in its dates, or none its sub-key
// leaves (window_gates, Machine::run). These tests say which windows gate their rule, and check on random
// worlds that skipping those subjects gives exactly the findings, fired and undetermined, of evaluating
// every subject. The batch filter rules out a batch's payments whose gating window has no candidate with
// their key in range before the machine runs (Filter::gate): the same findings, and fewer subjects reached.
#include <algorithm>
#include <array>
#include <utility>

#include "eval/a7_world.hpp"
#include "eval/machine.hpp"
#include "sanx/eval/profile.hpp"

using namespace sanx;

namespace {

/// A pack of payment rules, each `let w = <window>` with its own `when` and `w` in its reason; a let `x`
/// that is missing when the payment has no reference, for `when`s that are undetermined on a non-empty window.
std::string gate_rules(const std::vector<std::pair<std::string_view, std::string_view>>& rules) {
  std::string out = "set HUBS = {\"AE\", \"TR\", \"KZ\"}\n";
  int i = 0;
  for (const auto& [window, when] : rules) {
    out += fmt::format(
        "rule r{} {{\n  meta {{ severity = low }}\n  on payment p\n  let w = {}\n  let x = p.reference\n  when {}\n"
        "  reason \"{{w}}\"\n}}\n",
        i++, window, when);
  }
  return out;
}

constexpr std::string_view kA7 =
    "count shipment q where q.exporter == p.beneficiary and (coalesce(q.contract == p.reference, false) or "
    "(p.reference is missing and q.currency == p.currency and q.value >= p.amount * 0.98)) and q.consignee != "
    "p.originator within 10d around";
constexpr std::string_view kPlain = "count shipment q where q.exporter == p.beneficiary within 3d around";

/// Windows and `when`s: those a window gates first (the number of gates is each one's expected count).
const std::vector<std::pair<std::string_view, std::string_view>> kRules{
    {kA7, "w > 0"},
    {kA7, "w > 0 and x != \"C9\""},  // undetermined when the window has candidates and x is missing
    {kA7, "x == \"C1\" and w >= 1"},
    {kPlain, "w > 0 and x is missing"},
    {kPlain, "w >= 2"},
    {"sum q.value over shipment q where q.exporter == p.beneficiary and q.currency == p.currency within 5d before", "w > 150"},
    // Precomputed: its `where` reads the candidate alone.
    {"count shipment q where q.exporter == p.beneficiary and q.destination in HUBS within 4d around", "w > 0 and x != \"C2\""},
    // Narrower than the first rules' window (A7's sensitive twin): it reads what their window kept, and
    // nothing when the gate found that window empty.
    {"count shipment q where q.exporter == p.beneficiary and (coalesce(q.contract == p.reference, false) or "
     "(p.reference is missing and q.currency == p.currency and q.value >= p.amount * 0.98)) and q.consignee != "
     "p.originator and q.destination in HUBS within 10d around",
     "w > 0"},
    // Not gates: an empty window makes these true or missing, or leaves the `when` undecided.
    {kA7, "w == 0"},
    {kPlain, "w >= 0"},
    // The max of nothing is missing: undetermined, not clean.
    {"max q.value over shipment q where q.exporter == p.beneficiary within 5d after", "w > 150"},
    {kA7, "w > 0 or x == \"C1\""},
};
constexpr std::size_t kGated = 8;

/// How an audit is run: with or without the gates, on how many threads, with or without the batch filter.
struct Run {
  bool gates = true;
  std::size_t threads = 1;
  bool filter = true;
};

std::vector<std::string> audit(const compile::RuleSet& rules, const model::Dataset& data, Run run) {
  eval::EvalOptions options;
  options.window_gates = run.gates;
  options.batch_filter = run.filter;
  options.threads = run.threads;
  return test::finding_lines(eval::evaluate(rules, data, options));
}

/// A7's shape with few shipments in short windows, so that many payments have no candidate.
model::Dataset sparse_world(std::uint64_t seed) {
  test::A7Shape shape;
  shape.references = {"", "", "", "C1", "C2", "R9"};
  shape.payment_currencies = {"", "USD", "EUR", "CNY"};
  shape.contracts = {"C1", "C2", "C3"};
  shape.shipment_currencies = {"USD", "EUR", "CNY"};
  return test::a7_world(seed, shape);
}

/// sparse_world with payments that have no beneficiary, and payments dated by their month alone.
model::Dataset gappy_world(std::uint64_t seed) {
  test::A7Shape shape;
  shape.references = {"", "", "", "C1", "C2", "R9"};
  shape.payment_currencies = {"", "USD", "EUR", "CNY"};
  shape.shipment_currencies = {"USD", "EUR", "CNY"};
  shape.no_beneficiary = 7;
  shape.month_dated = 5;
  return test::a7_world(seed, shape);
}

/// Checks on four sparse worlds (seeds from `seed`) that `rules` give with their gates, with and without the
/// batch filter, on 1 and 2 threads (and, when `compiler_order`, without the learnt order) the findings of
/// evaluating every subject; gives how many of those fired and how many were undetermined.
std::pair<std::size_t, std::size_t> gated_as_every(const compile::RuleSet& rules, std::uint64_t seed, bool compiler_order) {
  std::size_t fired = 0;
  std::size_t undetermined = 0;
  for (const std::uint64_t last = seed + 3; seed <= last; ++seed) {
    const model::Dataset data = sparse_world(seed);
    const auto every = audit(rules, data, {false, 1, false});
    for (const Run run : {Run{true, 1, false}, Run{true, 1, true}, Run{true, 2, true}}) {
      INFO("seed " << seed << ", threads " << run.threads << ", filter " << run.filter);
      CHECK(test::first_difference(every, audit(rules, data, run)) == "");
    }
    if (compiler_order) {
      eval::EvalOptions fixed;
      fixed.adaptive_order = false;
      INFO("seed " << seed << ", compiler's order");
      CHECK(test::first_difference(every, test::finding_lines(eval::evaluate(rules, data, fixed))) == "");
    }
    const auto undecided = std::count_if(every.begin(), every.end(),
                                         [](const std::string& l) { return l.find(" undetermined ") != std::string::npos; });
    undetermined += static_cast<std::size_t>(undecided);
    fired += every.size() - static_cast<std::size_t>(undecided);
  }
  return {fired, undetermined};
}

/// The pack's A7 pair in the shape of rules/payments/intermediaries.rules: `third` gates the first rule and
/// is a donor to its `sensitive`, and to the twin's windows, which gate the twin.
constexpr std::string_view kA7Link =
    "q.exporter == p.beneficiary and (coalesce(q.contract == p.reference, false) or (p.reference is missing and "
    "q.currency == p.currency and q.value >= p.amount * 0.98 and q.value <= p.amount * 1.02)) and q.consignee != "
    "p.originator";
std::string a7_pair() {
  return fmt::format(
      "set HUBS = {{\"AE\", \"TR\"}}\n"
      "rule third {{\n  meta {{ severity = low }}\n  on payment p\n"
      "  let third = count shipment q where {0} within 20d around\n"
      "  let sensitive = count shipment q where {0} and q.destination in HUBS within 20d around\n"
      "  when third > 0 and sensitive == 0\n  reason \"{{third}}\"\n}}\n"
      "rule sensitive {{\n  meta {{ severity = low }}\n  on payment p\n"
      "  let sensitive = count shipment q where {0} and q.destination in HUBS within 20d around\n"
      "  let goods = distinct q.hs_code over shipment q where {0} and q.destination in HUBS within 20d around\n"
      "  when sensitive > 0\n  reason \"{{sensitive}} {{goods}}\"\n}}\n",
      kA7Link);
}

}  // namespace

TEST_CASE("a window gates its rule when a conjunct of the `when` is false for the window without candidates",
          "[eval][window][gate]") {
  const compile::RuleSet rules = test::compile_rules(gate_rules(kRules));
  for (std::size_t r = 0; r < kRules.size(); ++r) {
    const compile::CompiledRule& rule = rules.impl().rules.at(r);
    INFO("rule " << r << ": " << kRules[r].second);
    const auto gates = eval::window_gates(rule);
    CHECK(gates.size() == (r < kGated ? 1U : 0U));
    for (const std::uint32_t g : gates) CHECK(rule.nodes.at(g).op == compile::Op::window);
  }
  // The narrower window reads what the first rule's kept, so a subject the first rule's gate skipped is
  // read as having kept nothing.
  const compile::CompiledRule& first = rules.impl().rules.at(0);
  const compile::CompiledRule& narrow = rules.impl().rules.at(7);
  CHECK(eval::window_narrows(first, first.windows.at(0), narrow, narrow.windows.at(0)));
}

TEST_CASE("the pack's A7 rules are gated by their first window, not by `sensitive == 0`", "[eval][window][gate]") {
  const compile::RuleSet rules = test::compile_rules(
      "rule a7 {\n  meta { severity = low }\n  on payment p\n  let third = " + std::string(kA7) +
      "\n  let sensitive = " + std::string(kPlain) + "\n  when third > 0 and sensitive == 0\n  reason \"{third}\"\n}\n");
  const compile::CompiledRule& rule = rules.impl().rules.at(0);
  const auto gates = eval::window_gates(rule);
  REQUIRE(gates.size() == 1);
  CHECK(rule.windows.at(rule.nodes.at(gates[0]).a).days == 10);  // third's, not sensitive's 3 days
}

TEST_CASE("rules skipped on subjects whose gating window has no candidate give the same findings",
          "[eval][window][gate]") {
  const auto [fired, undetermined] = gated_as_every(test::compile_rules(gate_rules(kRules)), 1, false);
  // Both outcomes occur, so a subject wrongly skipped would show.
  CHECK(fired > 100);
  CHECK(undetermined > 100);
}

TEST_CASE("a gate the `when` evaluates first is evaluated before it, with the findings of evaluating the `when` whole",
          "[eval][window][gate]") {
  // decide() evaluates the window of the gate whose conjunct comes first (in the learnt order) and stops
  // when it is 0; a window missing for some candidate (no currency, no reference) is not 0 but missing,
  // and a count whose candidates in range all fail its `where` is 0 like an empty one.
  const std::string distinct =
      "distinct q.hs_code over shipment q where q.exporter == p.beneficiary and (coalesce(q.contract == p.reference, "
      "false) or (p.reference is missing and q.currency == p.currency and q.value >= p.amount * 0.98)) within 10d around";
  const compile::RuleSet rules = test::compile_rules(gate_rules({
      {kA7, "w > 0"},
      {kA7, "w >= 1 and x != \"C9\""},
      {distinct, "w > 1 and x is not missing"},
      {kA7, "x == \"C1\" and w >= 1"},
  }));
  const auto [fired, undetermined] = gated_as_every(rules, 21, true);
  INFO("fired " << fired << ", undetermined " << undetermined);
  CHECK(fired > 100);
  CHECK(undetermined > 100);
}

TEST_CASE("rules gated for whole batches give the same findings with payments without a beneficiary or a day",
          "[eval][window][gate][filter]") {
  const compile::RuleSet rules = test::compile_rules(gate_rules(kRules));
  const compile::RuleSet pair = test::compile_rules(a7_pair());
  std::size_t lines = 0;
  for (std::uint64_t seed = 11; seed <= 14; ++seed) {
    const model::Dataset data = gappy_world(seed);
    for (const compile::RuleSet* set : {&rules, &pair}) {
      const auto every = audit(*set, data, {false, 1, false});
      lines += every.size();
      for (const Run run : {Run{true, 1, true}, Run{true, 2, true}, Run{false, 1, true}}) {
        INFO("seed " << seed << ", threads " << run.threads << ", gates " << run.gates);
        CHECK(test::first_difference(every, audit(*set, data, run)) == "");
      }
    }
  }
  CHECK(lines > 400);
}

TEST_CASE("a batch-gated rule reaches only the payments whose gating window has a candidate in range or no key",
          "[eval][window][gate][filter]") {
  // One gate, no `when` the filter decides: a payment is ruled out when no shipment of its beneficiary
  // is dated on its day or the day before, and kept when its beneficiary is missing or unknown (its
  // window is missing, not empty).
  const compile::RuleSet rules = test::compile_rules(
      gate_rules({{"count shipment q where q.exporter == p.beneficiary within 1d before", "w >= 2"}}));
  const model::Dataset data = gappy_world(3);
  std::uint64_t expected = 0;
  for (std::size_t i = 0; i < data.payments.size(); ++i) {
    const model::Payment& p = data.payments[i];
    const std::int32_t day = p.date.days_since_epoch();
    const bool resolved = !p.beneficiary.empty() && p.beneficiary != "demo:nobody";  // a company of the world
    expected += !resolved || std::any_of(data.shipments.begin(), data.shipments.end(), [&](const model::Shipment& s) {
      const std::int32_t d = s.date.days_since_epoch();
      return s.exporter == p.beneficiary && d >= day - 1 && d <= day;
    });
  }
  for (const bool gates : {true, false}) {
    eval::EvalProfile profile;
    eval::EvalOptions options;
    options.window_gates = gates;
    options.profile = &profile;
    (void)eval::evaluate(rules, data, options);
    INFO("gates " << gates);
    CHECK(profile.rules.at(0).reached == (gates ? expected : data.payments.size()));
  }
  CHECK(expected > 100);
  CHECK(expected + 100 < data.payments.size());
}

TEST_CASE("the A7 pair's twin reaches no payment its donor's batch gate ruled out", "[eval][window][gate][filter]") {
  // `third`'s gate rules out the payments with no shipment of their beneficiary in range or none with
  // their contract (its sub-keys), and keeps nothing for them: the twin's gate reads that (its donor test).
  const compile::RuleSet rules = test::compile_rules(a7_pair());
  const model::Dataset data = gappy_world(5);
  std::array<eval::EvalProfile, 2> profiles;
  for (const bool gates : {true, false}) {
    eval::EvalOptions options;
    options.window_gates = gates;
    options.profile = &profiles[gates ? 0 : 1];
    (void)eval::evaluate(rules, data, options);
  }
  const auto& gated = profiles[0].rules;
  CHECK(profiles[1].rules.at(0).reached == data.payments.size());
  CHECK(gated.at(0).reached + 20 < data.payments.size());
  CHECK(gated.at(1).reached + 20 < gated.at(0).reached);
}

TEST_CASE("a rule reads the sub-key choice its gate kept for a row of the batch, and only in that batch",
          "[eval][window][gate][filter]") {
  // The batch gate (Machine::sub_keys_empty) keeps the choice it worked out for each row it leaves to the
  // rule, whose windows then read it rather than work it out again. Batches of 16 rows: the rows of every
  // other one are gated first; the others are not, so a choice kept for a row of the batch before, a
  // different payment, would be read wrongly. Outcomes as a machine without batches decides them.
  const compile::RuleSet rules = test::compile_rules(gate_rules({{kA7, "w > 0 and x != \"C9\""}}));
  const compile::CompiledRule& rule = rules.impl().rules.at(0);
  const model::Dataset data = sparse_world(7);
  const eval::WindowIndexes windows(rules.impl(), data, std::nullopt);
  const eval::WindowIndex& index = windows.at(0, 0);
  REQUIRE(index.plan);
  REQUIRE(index.plan->flat);
  eval::Machine batched(rules.impl(), data, std::nullopt);
  eval::Machine plain(rules.impl(), data, std::nullopt);
  batched.set_windows(&windows);
  plain.set_windows(&windows);
  constexpr std::uint32_t kRows = 16;
  const std::array<std::uint16_t, 1> beneficiary{static_cast<std::uint16_t>(check::FieldId::payment_beneficiary)};
  std::string scratch;
  std::size_t kept = 0;
  std::array<std::size_t, 3> outcomes{};  // fired, undetermined, neither
  const auto n = static_cast<std::uint32_t>(data.payments.size());
  for (std::uint32_t first = 0; first < n; first += kRows) {
    const std::uint32_t rows = std::min(kRows, n - first);
    batched.begin_batch(first, rows);
    for (std::uint32_t ix = first; (first / kRows) % 2 == 0 && ix < first + rows; ++ix) {
      const compile::Value key = batched.read_path(compile::SubjectKind::payment, ix, beneficiary);
      const eval::WindowIndex::Group* group = key.is_missing() ? nullptr : index.find(key, scratch);
      if (group == nullptr) continue;
      const auto [from, to] = eval::window_days(rule.windows.at(0), data.payments[ix].date.days_since_epoch());
      if (batched.sub_keys_empty(index, *group, compile::SubjectKind::payment, ix, from, to) == false) ++kept;
    }
    for (std::uint32_t ix = first; ix < first + rows; ++ix) {
      batched.begin_subject(compile::SubjectKind::payment, ix);
      plain.begin_subject(compile::SubjectKind::payment, ix);
      const std::optional<eval::Outcome> expected = plain.decide(rule);
      INFO("payment " << ix);
      CHECK(batched.decide(rule) == expected);
      ++outcomes[expected ? (*expected == eval::Outcome::fired ? 0 : 1) : 2];
    }
  }
  CHECK(kept > 20);
  CHECK(outcomes[0] > 20);
  CHECK(outcomes[1] > 20);
  CHECK(outcomes[2] > 20);
}

TEST_CASE("windows that share kept candidates decide as without batches when the batches' sizes change",
          "[eval][window][sharing]") {
  // Batches of 16, 5 and 11 rows in turn: each size lays out the kept candidates differently, and what the
  // A7 pair's donor kept for a row under one layout (an earlier batch) must not be read under another.
  const compile::RuleSet rules = test::compile_rules(a7_pair());
  const model::Dataset data = gappy_world(9);
  const eval::WindowIndexes windows(rules.impl(), data, std::nullopt);
  REQUIRE(windows.share_slots() > 0);
  eval::Machine batched(rules.impl(), data, std::nullopt);
  eval::Machine plain(rules.impl(), data, std::nullopt);
  batched.set_windows(&windows);
  plain.set_windows(&windows);
  constexpr std::array<std::uint32_t, 3> kSizes{16, 5, 11};
  std::size_t fired = 0;
  const auto n = static_cast<std::uint32_t>(data.payments.size());
  std::size_t batch = 0;
  for (std::uint32_t first = 0; first < n; first += kSizes[batch++ % kSizes.size()]) {
    const std::uint32_t rows = std::min(kSizes[batch % kSizes.size()], n - first);
    batched.begin_batch(first, rows);
    for (const compile::CompiledRule& rule : rules.impl().rules) {  // rule by rule over the batch, as audits run
      for (std::uint32_t ix = first; ix < first + rows; ++ix) {
        batched.begin_subject(compile::SubjectKind::payment, ix);
        plain.begin_subject(compile::SubjectKind::payment, ix);
        const std::optional<eval::Outcome> expected = plain.decide(rule);
        INFO("payment " << ix << ", rule " << rule.summary.name);
        CHECK(batched.decide(rule) == expected);
        if (expected == eval::Outcome::fired) ++fired;
      }
    }
  }
  CHECK(fired > 20);
}
