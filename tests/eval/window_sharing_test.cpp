// A window whose condition holds all of another window's conjuncts (and more) scans only the candidates
// that other window kept for the same subject, across rules (Machine::begin_batch), and reads its
// candidates' fields from a row of columns (candidate_columns.hpp). These tests say when one window
// narrows another and which paths get columns, and check that both give exactly the findings of scanning
// every window over the dataset.
#include <algorithm>
#include <random>

#include "eval/a7_world.hpp"
#include "eval/candidate_columns.hpp"
#include "eval/window_index.hpp"
#include "eval/eval_test_support.hpp"

using namespace sanx;

namespace {

const compile::CompiledRule& rule_of(const compile::RuleSet& rules, std::size_t i) { return rules.impl().rules[i]; }

/// A pack of one payment rule per window expression, each `let w = <window>` and `when w > 0`.
std::string window_rules(std::initializer_list<std::string_view> windows) {
  std::string out = "set HUBS = {\"AE\", \"TR\", \"KZ\"}\nset OTHER = {\"AE\", \"TR\", \"KZ\"}\nset FEWER = {\"AE\", \"TR\"}\n";
  int i = 0;
  for (const std::string_view w : windows) {
    out += fmt::format("rule r{} {{\n  meta {{ severity = low }}\n  on payment p\n  let w = {}\n  when w > 0\n}}\n", i++, w);
  }
  return out;
}

/// Whether the only window of rule a narrows the only window of rule b in a pack of the two.
bool narrows(std::string_view a, std::string_view b) {
  const compile::RuleSet rules = test::compile_rules(window_rules({a, b}));
  const auto& ra = rule_of(rules, 0);
  const auto& rb = rule_of(rules, 1);
  return eval::window_narrows(ra, ra.windows.at(0), rb, rb.windows.at(0));
}

constexpr std::string_view kBase =
    "count shipment q where q.exporter == p.beneficiary and q.currency == p.currency and q.value >= p.amount * 0.98 within 90d around";

}  // namespace

TEST_CASE("a window narrows another whose condition holds all its conjuncts, in any order, and more",
          "[eval][window][sharing]") {
  CHECK(narrows(kBase, kBase));
  CHECK(narrows(kBase, "count shipment q where q.value >= p.amount * 0.98 and q.exporter == p.beneficiary and "
                       "q.destination in HUBS and q.currency == p.currency within 90d around"));
  CHECK(narrows(kBase, "distinct q.hs_code over shipment q where q.exporter == p.beneficiary and q.currency == p.currency "
                       "and q.value >= p.amount * 0.98 and q.destination in HUBS within 90d around"));
  CHECK_FALSE(narrows("count shipment q where q.exporter == p.beneficiary and q.currency == p.currency and "
                      "q.destination in HUBS within 90d around",
                      kBase));  // the other way round: a conjunct it lacks
}

TEST_CASE("a window does not narrow one with another key, range, constant, set or candidate kind", "[eval][window][sharing]") {
  CHECK_FALSE(narrows(kBase, "count shipment q where q.consignee == p.beneficiary and q.currency == p.currency and "
                             "q.value >= p.amount * 0.98 within 90d around"));
  CHECK_FALSE(narrows(kBase, "count shipment q where q.exporter == p.beneficiary and q.currency == p.currency and "
                             "q.value >= p.amount * 0.98 within 60d around"));
  CHECK_FALSE(narrows(kBase, "count shipment q where q.exporter == p.beneficiary and q.currency == p.currency and "
                             "q.value >= p.amount * 0.98 within 90d before"));
  CHECK_FALSE(narrows(kBase, "count shipment q where q.exporter == p.beneficiary and q.currency == p.currency and "
                             "q.value >= p.amount * 0.99 within 90d around"));
  CHECK_FALSE(narrows(kBase, "count shipment q where q.exporter == p.originator and q.currency == p.currency and "
                             "q.value >= p.amount * 0.98 within 90d around"));
  CHECK(narrows("count shipment q where q.exporter == p.beneficiary and q.destination in HUBS within 9d around",
                "count shipment q where q.exporter == p.beneficiary and q.destination in HUBS and q.value > 5 within 9d around"));
  // Sets are compared by their members, whatever their names.
  CHECK(narrows("count shipment q where q.exporter == p.beneficiary and q.destination in HUBS within 9d around",
                "count shipment q where q.exporter == p.beneficiary and q.destination in OTHER within 9d around"));
  CHECK_FALSE(narrows("count shipment q where q.exporter == p.beneficiary and q.destination in HUBS within 9d around",
                      "count shipment q where q.exporter == p.beneficiary and q.destination in FEWER within 9d around"));
  CHECK_FALSE(narrows("count payment q where q.originator == p.beneficiary within 9d around",
                      "count shipment q where q.exporter == p.beneficiary within 9d around"));
}

namespace {

/// Third-party payer rules in the shape of pack A7: a window, the same window narrowed by a conjunct in
/// the same rule and in the next, another aggregate over the narrowed window, and a rule whose window
/// is narrowed by nothing (another key). Windows are computed lazily, so which rule scans first varies.
constexpr std::string_view kPack = R"(
set HUBS = {"AE", "TR", "KZ"}
rule third {
  meta { severity = low }
  on payment p
  let third = count shipment q where q.exporter == p.beneficiary
              and (coalesce(q.contract == p.reference, false)
                   or (p.reference is missing and q.currency == p.currency and q.value >= p.amount * 0.98))
              and q.consignee != p.originator within 30d around
  let hub = count shipment q where q.exporter == p.beneficiary
            and (coalesce(q.contract == p.reference, false)
                 or (p.reference is missing and q.currency == p.currency and q.value >= p.amount * 0.98))
            and q.consignee != p.originator and q.destination in HUBS within 30d around
  when third > 0 and hub == 0
  reason "{third} {hub}"
}
rule hub {
  meta { severity = low }
  on payment p
  let hub = count shipment q where q.exporter == p.beneficiary
            and (coalesce(q.contract == p.reference, false)
                 or (p.reference is missing and q.currency == p.currency and q.value >= p.amount * 0.98))
            and q.consignee != p.originator and q.destination in HUBS within 30d around
  let goods = distinct q.hs_code over shipment q where q.exporter == p.beneficiary
              and (coalesce(q.contract == p.reference, false)
                   or (p.reference is missing and q.currency == p.currency and q.value >= p.amount * 0.98))
              and q.consignee != p.originator and q.destination in HUBS within 30d around
  let top = max q.value over shipment q where q.exporter == p.beneficiary and q.consignee != p.originator
            and q.destination in HUBS and q.hs_code != "620342" within 30d around
  when hub > 0 or top > 300
  reason "{hub} {goods} {top}"
}
rule consignee {
  meta { severity = low }
  on payment p
  let own = count shipment q where q.consignee == p.originator and q.destination in HUBS within 30d around
  when own > 1
  reason "{own}"
}
)";

std::vector<std::string> audit(const compile::RuleSet& rules, const model::Dataset& data, bool sharing, bool filter,
                               std::size_t threads = 1, bool columns = true) {
  eval::EvalOptions options;
  options.window_sharing = sharing;
  options.window_columns = columns;
  options.batch_filter = filter;
  options.threads = threads;
  return test::finding_lines(eval::evaluate(rules, data, options));
}

}  // namespace

TEST_CASE("in the A7 pack, the narrowed windows are those with the extra hub conjunct", "[eval][window][sharing]") {
  const compile::RuleSet rules = test::compile_rules(kPack);
  const auto& third = rule_of(rules, 0);
  const auto& hub = rule_of(rules, 1);
  // Windows are numbered as the compiler meets them; find them by aggregate.
  const auto window = [](const compile::CompiledRule& r, dsl::ast::AggregateKind a) -> const compile::WindowSpec& {
    const auto it = std::find_if(r.windows.begin(), r.windows.end(), [&](const auto& w) { return w.aggregate == a; });
    REQUIRE(it != r.windows.end());
    return *it;
  };
  using dsl::ast::AggregateKind;
  REQUIRE(third.windows.size() == 2);
  const auto conjuncts = [&](const compile::WindowSpec& w) { return eval::conjuncts_of(third, w.where).size(); };
  const auto& all = conjuncts(third.windows[0]) < conjuncts(third.windows[1]) ? third.windows[0] : third.windows[1];
  const auto& to_hubs = &all == &third.windows[0] ? third.windows[1] : third.windows[0];
  CHECK(eval::window_narrows(third, all, third, to_hubs));
  CHECK_FALSE(eval::window_narrows(third, to_hubs, third, all));
  const auto& hub_count = window(hub, AggregateKind::count);
  const auto& goods = window(hub, AggregateKind::distinct);
  const auto& top = window(hub, AggregateKind::max);
  CHECK(eval::window_narrows(third, all, hub, hub_count));
  CHECK(eval::window_narrows(third, to_hubs, hub, hub_count));
  CHECK(eval::window_narrows(third, to_hubs, hub, goods));
  CHECK(eval::window_narrows(hub, hub_count, hub, goods));
  CHECK(eval::window_narrows(hub, goods, hub, hub_count));
  CHECK_FALSE(eval::window_narrows(third, all, hub, top));
  CHECK_FALSE(eval::window_narrows(hub, hub_count, third, all));
}

TEST_CASE("sharing kept candidates between windows gives the findings of scanning every window", "[eval][window][sharing]") {
  const compile::RuleSet rules = test::compile_rules(kPack);
  std::size_t fired = 0;
  std::size_t undetermined = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const model::Dataset data = test::a7_world(seed);
    const auto plain = audit(rules, data, false, true, 1, false);
    INFO("seed " << seed);
    CHECK(test::first_difference(plain, audit(rules, data, true, true)) == "");
    CHECK(test::first_difference(plain, audit(rules, data, true, false)) == "");
    CHECK(test::first_difference(plain, audit(rules, data, true, true, 2)) == "");
    for (const std::string& l : plain) ++(l.find(" undetermined ") != std::string::npos ? undetermined : fired);
  }
  // The worlds exercise both outcomes, so a wrong share would show.
  CHECK(fired > 50);
  CHECK(undetermined > 50);
}

TEST_CASE("the learnt order of `and` and `or` operands gives the findings of the compiler's order",
          "[eval][window][adaptive]") {
  // The pack's windows nest `or` in `and` with missing contracts, references, values and currencies, so
  // the order decides which missing operand is met first; the outcome must not depend on it.
  const compile::RuleSet rules = test::compile_rules(kPack);
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const model::Dataset data = test::a7_world(seed);
    eval::EvalOptions options;
    options.adaptive_order = false;
    const auto fixed = test::finding_lines(eval::evaluate(rules, data, options));
    options.adaptive_order = true;
    INFO("seed " << seed);
    CHECK(test::first_difference(fixed, test::finding_lines(eval::evaluate(rules, data, options))) == "");
    options.threads = 2;
    CHECK(test::first_difference(fixed, test::finding_lines(eval::evaluate(rules, data, options))) == "");
  }
}

TEST_CASE("windows read their candidates' paths from columns, except paths that build text", "[eval][window][columns]") {
  const compile::RuleSet rules = test::compile_rules(R"(
rule r {
  meta { severity = low }
  on payment p
  let a = count shipment q where q.exporter == p.beneficiary and q.consignee.country != p.originator.country
          and q.currency == p.currency and "RU-KZ" in q.legs within 30d around
  let b = count shipment q where q.exporter == p.beneficiary and q.currency == p.currency and q.value > p.amount within 30d around
  when a > 0 or b > 0
}
)");
  const model::Dataset data = test::a7_world(1);
  const eval::CandidateColumns columns(rules.impl(), data, std::nullopt, 2, [](std::size_t, std::size_t) { return true; });
  // q.consignee.country, q.currency (in both windows: one column) and q.value; not q.legs, nor the
  // q.consignee inside q.consignee.country, which the machine reads as part of the longer path.
  CHECK(columns.width(compile::SubjectKind::shipment) == 3);
  CHECK(columns.width(compile::SubjectKind::payment) == 0);
  CHECK(columns.row(compile::SubjectKind::payment, 0) == nullptr);
  const auto& rule = rules.impl().rules[0];
  std::size_t mapped = 0;
  for (std::size_t n = 0; n < rule.nodes.size(); ++n) {
    const std::int32_t c = columns.columns_of(0)[n];
    if (c < 0) continue;
    ++mapped;
    CHECK(rule.nodes[n].op == compile::Op::field);
    for (std::uint32_t ix = 0; ix < data.shipments.size(); ++ix) {
      // The column holds what the path reads: the currency and value of the shipment, its consignee's country.
      const compile::Value v = columns.row(compile::SubjectKind::shipment, ix)[c];
      const model::Shipment& s = data.shipments[ix];
      const std::string& text = rule.texts[rule.nodes[n].text];
      if (text == "q.currency") {
        CHECK(compile::text_of(v) == s.currency);
      } else if (text == "q.value") {
        CHECK(v.is_missing() == !s.value.has_value());
      } else {
        REQUIRE(text == "q.consignee.country");
        const auto consignee = data.find_entity(s.consignee);
        CHECK(compile::text_of(v) == (consignee.valid() ? data.entities[consignee.value].countries.at(0) : std::string()));
      }
    }
  }
  CHECK(mapped >= 3);
  for (std::size_t n = 0; n < rule.nodes.size(); ++n) {
    if (rule.texts[rule.nodes[n].text] == "q.consignee") CHECK(columns.columns_of(0)[n] < 0);
  }
}

TEST_CASE("with the window indexes, columns hold the rows of the candidates in them only", "[eval][window][columns]") {
  const compile::RuleSet rules = test::compile_rules(R"(
rule r {
  meta { severity = low }
  on payment p
  let a = count shipment q where q.exporter == p.beneficiary and q.destination == "RU" and q.value > p.amount within 30d around
  when a > 0
}
)");
  const model::Dataset data = test::a7_world(1);
  const eval::WindowIndexes indexes(rules.impl(), data, std::nullopt);
  const eval::CandidateColumns columns(rules.impl(), data, std::nullopt, 2, [](std::size_t, std::size_t) { return true; }, &indexes);
  const auto& rule = rules.impl().rules[0];
  std::int32_t value = -1;  // q.value's column (q.destination has one too)
  for (std::size_t n = 0; n < rule.nodes.size(); ++n) {
    if (columns.columns_of(0)[n] >= 0 && rule.texts[rule.nodes[n].text] == "q.value") value = columns.columns_of(0)[n];
  }
  REQUIRE(value >= 0);
  std::size_t indexed = 0, left_out_with_value = 0;
  for (std::uint32_t ix = 0; ix < data.shipments.size(); ++ix) {
    const model::Shipment& s = data.shipments[ix];
    const compile::Value v = columns.row(compile::SubjectKind::shipment, ix)[value];
    // In the index: a shipment to Russia from a known exporter (demo:nobody is no entity: no key).
    if (s.destination == "RU" && data.find_entity(s.exporter).valid()) {
      ++indexed;
      CHECK(v.is_missing() == !s.value.has_value());
      // Read a path at a time for the candidates held, in their own rows: the shipment's own value.
      if (s.value) CHECK(eval::window_key(v) == eval::window_key(compile::Value::of_decimal(*s.value)));
    } else {
      if (s.value) ++left_out_with_value;
      CHECK(v.is_missing());
    }
  }
  CHECK(indexed > 0);
  CHECK(left_out_with_value > 0);
  // Rows only for those (in dataset order) and one missing row the others share; without the indexes,
  // one per shipment.
  CHECK(columns.rows(compile::SubjectKind::shipment) == indexed + 1);
  CHECK(columns.rows(compile::SubjectKind::payment) == 0);
  const eval::CandidateColumns every(rules.impl(), data, std::nullopt, 1, [](std::size_t, std::size_t) { return true; });
  CHECK(every.rows(compile::SubjectKind::shipment) == data.shipments.size());
  const compile::Value* previous = nullptr;
  for (std::uint32_t ix = 0; ix < data.shipments.size(); ++ix) {
    const compile::Value* row = columns.row(compile::SubjectKind::shipment, ix);
    if (!(data.shipments[ix].destination == "RU" && data.find_entity(data.shipments[ix].exporter).valid())) continue;
    CHECK((previous == nullptr || row > previous));  // in dataset order
    previous = row;
  }
}

TEST_CASE("reading candidates from columns gives the findings of reading the dataset", "[eval][window][columns]") {
  const compile::RuleSet rules = test::compile_rules(std::string(kPack) + R"(
rule countries {
  meta { severity = low }
  on payment p
  let far = count shipment q where q.exporter == p.beneficiary and q.consignee.country != p.originator.country
            and q.destination != p.beneficiary.country and q.hs_code != "620342" within 20d before
  let paid = sum q.amount over payment q where q.originator == p.originator and q.currency == p.currency
             and q.amount > p.amount within 10d before
  when far > 1 or paid > 500
  reason "{far} {paid}"
}
)");
  for (std::uint64_t seed = 7; seed <= 10; ++seed) {
    const model::Dataset data = test::a7_world(seed);
    INFO("seed " << seed);
    const auto plain = audit(rules, data, false, true, 1, false);
    CHECK_FALSE(plain.empty());
    CHECK(test::first_difference(plain, audit(rules, data, false, true, 1, true)) == "");
    CHECK(test::first_difference(plain, audit(rules, data, true, true, 2, true)) == "");
  }
}
