// The compiled form: constants folded, enum-like fields pre-resolved, sets as lookup tables, cheap
// conditions first, summaries and digest.
#include "compile/ir.hpp"
#include "compile/rules_test_support.hpp"

using namespace sanx;
using compile::Op;
using sanx::test::compile_rules;

namespace {

const compile::CompiledRule& only_rule(const compile::RuleSet& set) {
  REQUIRE(set.impl().rules.size() == 1);
  return set.impl().rules[0];
}

const compile::Node& root(const compile::CompiledRule& r) { return r.nodes[r.root]; }

std::string rule_on(std::string_view condition) {
  return "rule r { meta { severity = low } on payment p when " + std::string(condition) + " }";
}

}  // namespace

TEST_CASE("Rule summaries carry the qualified name and meta", "[compile][summary]") {
  const auto set = compile_rules(R"(
namespace corridors
rule spfs {
  meta { severity = high pattern = "spfs_cross_border_message" status = stable }
  on payment p
  when p.network == "SPFS"
})");
  REQUIRE(set.rules().size() == 1);
  CHECK(set.rules()[0].name == "corridors.spfs");
  CHECK(set.rules()[0].subject_kind == "payment");
  CHECK(set.rules()[0].severity == "high");
  CHECK(set.rules()[0].pattern == "spfs_cross_border_message");
  CHECK(set.rules()[0].status == "stable");
}

TEST_CASE("Rules are named after the file when there is no namespace", "[compile][summary]") {
  CHECK(compile_rules(rule_on("p.amount > 0")).rules()[0].name == "test.r");
}

TEST_CASE("Constant arithmetic and named constants are folded", "[compile][fold]") {
  const auto set = compile_rules("const LARGE = 2 * 500\n" + rule_on("p.amount > LARGE + 1"));
  const auto& r = only_rule(set);
  REQUIRE(root(r).op == Op::compare_const);
  const compile::Value& c = r.consts[root(r).b];
  CHECK(compile::render_plain(c) == "1001");
}

TEST_CASE("A constant on the left of a comparison is moved to the right", "[compile][fold]") {
  const auto set = compile_rules(rule_on("1000 < p.amount"));
  const auto& r = only_rule(set);
  REQUIRE(root(r).op == Op::compare_const);
  CHECK(static_cast<dsl::ast::BinaryOp>(root(r).aux) == dsl::ast::BinaryOp::gt);
}

TEST_CASE("Network literals become enum tests, not string compares", "[compile][enum]") {
  const auto set = compile_rules(rule_on(R"(p.network in {"SPFS", "SEPAM"})"));
  const auto& r = only_rule(set);
  REQUIRE(root(r).op == Op::enum_test);
  CHECK(root(r).b == ((1U << static_cast<unsigned>(model::Network::spfs)) |
                      (1U << static_cast<unsigned>(model::Network::sepam))));
}

TEST_CASE("Country literals compared with countries are country constants", "[compile][fold]") {
  const auto set = compile_rules(rule_on(R"(p.originator_bank.country == "RU")"));
  const auto& r = only_rule(set);
  REQUIRE(root(r).op == Op::compare_const);
  CHECK(r.consts[root(r).b].kind == compile::ValueKind::country);
}

TEST_CASE("Set membership uses a lookup table", "[compile][sets]") {
  const auto set = compile_rules(R"(set EAEU: country = {"AM", "BY", "KZ", "KG", "RU"})"
                                 "\n" + rule_on("p.originator_bank.country in EAEU"));
  const auto& r = only_rule(set);
  REQUIRE(root(r).op == Op::in_set);
  const compile::ConstSet& s = *r.sets[root(r).b];
  CHECK(s.values.size() == 5);
  CHECK(s.contains(compile::Value::of_country("KZ")));
  CHECK_FALSE(s.contains(compile::Value::of_country("DE")));
}

TEST_CASE("And operands are ordered cheapest first", "[compile][cost]") {
  const auto set = compile_rules(rule_on(
      R"(any b in p.intermediary_banks: b.country == "RU" and designated(p.beneficiary, "OFAC") and p.currency in {"EUR"} and p.amount > 10)"));
  const auto& r = only_rule(set);
  REQUIRE(root(r).op == Op::logical_and);
  REQUIRE(root(r).b == 4);
  CHECK(r.nodes[r.lists[root(r).a + 0]].op == Op::compare_const);
  CHECK(r.nodes[r.lists[root(r).a + 1]].op == Op::in_set);
  CHECK(r.nodes[r.lists[root(r).a + 2]].op == Op::call);
  CHECK(r.nodes[r.lists[root(r).a + 3]].op == Op::quantifier);
}

TEST_CASE("Constant operands of and are dropped or decide it", "[compile][fold]") {
  CHECK(root(only_rule(compile_rules(rule_on("true and p.amount > 1")))).op == Op::compare_const);
  const auto set = compile_rules(rule_on("1 > 2 and p.amount > 1"));
  const auto& r = only_rule(set);
  REQUIRE(root(r).op == Op::constant);
  CHECK(r.consts[root(r).a].is_false());
}

TEST_CASE("Path lets are inlined, so their fields read as full paths", "[compile][lets]") {
  const auto set = compile_rules(R"(
rule r { meta { severity = low } on payment p let obank = p.originator_bank when obank.country == "RU" })");
  const auto& r = only_rule(set);
  REQUIRE(root(r).op == Op::compare_const);
  const compile::Node& field = r.nodes[root(r).a];
  CHECK(r.texts[field.text] == "p.originator_bank.country");
}

TEST_CASE("A keyword list is matched as plain texts, in lower(x) without lowering x", "[compile][regex]") {
  {
    const auto set = compile_rules(rule_on(R"(lower(p.purpose) matches "crude|bitumen")"));
    const auto& r = only_rule(set);
    REQUIRE(root(r).op == Op::matches);
    CHECK(r.nodes[root(r).a].op == Op::field);  // p.purpose itself, not the call of lower
    CHECK(r.texts[r.nodes[root(r).a].text] == "p.purpose");
    REQUIRE(r.regexes[root(r).b] != nullptr);
    CHECK(r.regexes[root(r).b]->literal());
    CHECK(r.regexes[root(r).b]->search("CRUDE oil"));
    CHECK(r.costs[r.root] == r.costs[r.nodes[root(r).a].a] + 1 + 3 + 20);  // as the call and the regex: same order
  }
  {
    // Not plain texts: the text is lowered and searched by std::regex.
    const auto set = compile_rules(rule_on(R"(lower(p.purpose) matches "cr[u]de")"));
    const auto& r = only_rule(set);
    REQUIRE(root(r).op == Op::matches);
    CHECK(r.nodes[root(r).a].op == Op::call);
    CHECK_FALSE(r.regexes[root(r).b]->literal());
  }
  {
    const auto set = compile_rules(rule_on(R"(p.purpose matches "^crude|oil$")"));
    const auto& r = only_rule(set);
    REQUIRE(root(r).op == Op::matches);
    CHECK(r.nodes[root(r).a].op == Op::field);
    CHECK(r.regexes[root(r).b]->literal());
    CHECK_FALSE(r.regexes[root(r).b]->search("CRUDE oil cargo"));
    CHECK(r.regexes[root(r).b]->search("crude oil cargo"));
  }
}

TEST_CASE("The reason is compiled into text and value parts", "[compile][reason]") {
  const auto set = compile_rules(R"(
rule r { meta { severity = low } on payment p when p.amount > 1 reason "paid {p.amount} in {p.currency}" })");
  const auto& r = only_rule(set);
  REQUIRE(r.reason.size() == 4);
  CHECK(r.reason[0].text == "paid ");
  CHECK(r.reason[1].node.has_value());
  CHECK(r.reason[2].text == " in ");
  CHECK(r.reason[3].node.has_value());
}

TEST_CASE("The digest is stable and changes with the rules", "[compile][digest]") {
  const std::string a = compile_rules(rule_on("p.amount > 1")).digest();
  CHECK(a.size() == 16);
  CHECK(compile_rules(rule_on("p.amount > 1")).digest() == a);
  CHECK(compile_rules(rule_on("p.amount > 2")).digest() != a);
}

TEST_CASE("A window compiles to one node with its key split into an inner and an outer side", "[compile][window]") {
  const auto set = compile_rules(rule_on(
      "sum q.amount over payment q where q.network == \"SHETAB\" and p.originator == q.originator within 2mo around "
      "> 10"));
  const auto& r = only_rule(set);
  REQUIRE(r.windows.size() == 1);
  const compile::WindowSpec& w = r.windows[0];
  CHECK(w.aggregate == dsl::ast::AggregateKind::sum);
  CHECK(w.direction == dsl::ast::WindowDirection::around);
  CHECK(w.over == compile::SubjectKind::payment);
  CHECK(w.months == 2);
  CHECK(w.days == 0);
  CHECK(w.decimal);
  CHECK(r.texts[r.nodes[w.inner_key].text] == "q.originator");
  CHECK(r.texts[r.nodes[w.outer_key].text] == "p.originator");
  REQUIRE(w.value);
  CHECK(r.texts[r.nodes[*w.value].text] == "q.amount");
  CHECK(w.slot < r.quantifier_slots);
  REQUIRE(root(r).op == Op::compare_const);
  CHECK(r.nodes[root(r).a].op == Op::window);
}

TEST_CASE("The parts of a window's where that read only the subject become lets, computed once per subject",
          "[compile][window]") {
  const auto set = compile_rules(rule_on(
      "count payment q where q.originator == p.originator and q.amount > p.amount * 2 and q.currency == p.currency"
      " and q.beneficiary.country != p.beneficiary.country within 30d before > 0"));
  const auto& r = only_rule(set);
  REQUIRE(r.windows.size() == 1);
  std::vector<std::string> hoisted;  // the texts of the lets in the where, as they would name a missing value
  std::vector<std::uint32_t> todo{r.windows[0].where};
  while (!todo.empty()) {
    const compile::Node& n = r.nodes[todo.back()];
    todo.pop_back();
    if (n.op == Op::let_ref) {
      hoisted.push_back(r.texts[n.text]);
      continue;
    }
    if (n.op == Op::logical_and) {
      for (std::uint32_t i = 0; i < n.b; ++i) todo.push_back(r.lists[n.a + i]);
    } else if (n.op == Op::compare) {
      todo.push_back(n.a);
      todo.push_back(n.b);
    }
  }
  std::sort(hoisted.begin(), hoisted.end());
  // p.currency is one load: not worth a let; the arithmetic and the two-step path are.
  CHECK(hoisted == std::vector<std::string>{"p.amount * 2", "p.beneficiary.country"});
  CHECK(r.let_slots == 2);
}

TEST_CASE("A const or set named with its namespace compiles like the bare name", "[compile][fold]") {
  const auto set = compile_rules(
      "namespace refs\nconst LARGE = 1000\nset WATCHED = {\"RU\", \"IR\"}\n"
      "rule r { meta { severity = low } on payment p when p.amount > refs.LARGE and p.currency in refs.WATCHED }");
  const auto& r = only_rule(set);
  const auto bare = compile_rules(
      "namespace refs\nconst LARGE = 1000\nset WATCHED = {\"RU\", \"IR\"}\n"
      "rule r { meta { severity = low } on payment p when p.amount > LARGE and p.currency in WATCHED }");
  REQUIRE(r.nodes.size() == only_rule(bare).nodes.size());
  for (std::size_t i = 0; i < r.nodes.size(); ++i) CHECK(r.nodes[i].op == only_rule(bare).nodes[i].op);
}

namespace {

/// append_plain(v) after "x=", which it must leave in place.
std::string appended(const compile::Value& v) {
  std::string out = "x=";
  compile::append_plain(out, v);
  return out;
}

}  // namespace

TEST_CASE("append_plain writes decimals as Decimal::to_string does", "[compile][render]") {
  // Mantissas of every length (odd and even: write_decimal writes digits in pairs) and sign at every
  // scale they can have; the first difference, if any.
  std::string first_difference;
  for (int scale = 0; scale <= core::Decimal::kMaxScale; ++scale) {
    for (std::int64_t m : {std::int64_t{0}, std::int64_t{1}, std::int64_t{7}, std::int64_t{-3}, std::int64_t{10},
                           std::int64_t{42}, std::int64_t{-1234}, std::int64_t{12345}, std::int64_t{123456789}, std::int64_t{-100000000000000001}, std::int64_t{999999999999999999}}) {
      const auto d = core::Decimal::from_scaled(m, scale);
      if (!d) continue;
      if (first_difference.empty() && appended(compile::Value::of_decimal(*d)) != "x=" + d->to_string()) {
        first_difference = d->to_string();
      }
    }
  }
  CHECK(first_difference.empty());
  CHECK(appended(compile::Value::of_decimal(*core::Decimal::parse("-0.0012"))) == "x=-0.0012");
  CHECK(compile::render_plain(compile::Value::of_decimal(*core::Decimal::parse("12.5"))) == "12.5");
}

TEST_CASE("append_plain writes dates, durations and integers as render_plain always has", "[compile][render]") {
  const std::int32_t day = core::Date::ymd(2024, 2, 29).days_since_epoch();
  CHECK(appended(compile::Value::of_date(day)) == "x=2024-02-29");
  CHECK(appended(compile::Value::of_duration(18, 0)) == "x=18mo");
  CHECK(appended(compile::Value::of_duration(0, 90)) == "x=90d");
  CHECK(appended(compile::Value::of_duration(1, 2)) == "x=1mo 2d");
  CHECK(appended(compile::Value::of_duration(0, 0)) == "x=0d");
  CHECK(appended(compile::Value::of_int(-42)) == "x=-42");
  CHECK(appended(compile::Value::missing()) == "x=?");
  CHECK(compile::render_plain(compile::Value::of_duration(-1, 0)) == "-1mo");
}
