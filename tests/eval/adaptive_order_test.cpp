// The machine evaluates the operands of `and` and `or` in an order it learns from the subjects it has run:
// first the operand that most often decides the node, weighed against what it costs (Machine's
// AdaptiveOrder). These tests say that it learns, and that the order never changes a finding.
#include "eval/machine.hpp"
#include "eval/eval_test_support.hpp"

using namespace sanx;

namespace {

/// The source text of each operand of the rule's root node, in the order the machine now evaluates them.
std::vector<std::string> root_order(const eval::Machine& machine, const compile::CompiledRule& rule) {
  std::vector<std::string> out;
  for (const std::uint32_t n : machine.operand_order(rule, rule.root)) out.push_back(rule.texts[rule.nodes[n].text]);
  return out;
}

/// Runs the only rule of `pack` `times` times on the first payment of the small world; returns the order
/// of its root's operands before and after.
std::pair<std::vector<std::string>, std::vector<std::string>> learnt(std::string_view condition, int times,
                                                                     bool adaptive = true) {
  const compile::RuleSet rules = test::compile_rules(test::payment_rule(condition));
  const compile::CompiledRule& rule = rules.impl().rules.at(0);
  eval::Machine machine(rules.impl(), test::small_world(), std::nullopt);
  machine.set_adaptive_order(adaptive);
  auto before = root_order(machine, rule);
  for (int i = 0; i < times; ++i) {
    machine.begin_subject(compile::SubjectKind::payment, 0);
    (void)machine.run(rule);
  }
  return {std::move(before), root_order(machine, rule)};
}

}  // namespace

TEST_CASE("an `and` learns to test first the operand that is false, though it costs more", "[eval][adaptive]") {
  // P1 is 1500.5 EUR: the amount test never decides, the dearer currency test always does.
  const auto [before, after] = learnt("p.amount > 0 and lower(p.currency) == \"usd\"", 300);
  CHECK(before == std::vector<std::string>{"p.amount > 0", "lower(p.currency) == \"usd\""});
  CHECK(after == std::vector<std::string>{"lower(p.currency) == \"usd\"", "p.amount > 0"});
}

TEST_CASE("an `or` learns to test first the operand that is true", "[eval][adaptive]") {
  const auto [before, after] = learnt("p.amount < 0 or lower(p.currency) == \"eur\"", 300);
  CHECK(before == std::vector<std::string>{"p.amount < 0", "lower(p.currency) == \"eur\""});
  CHECK(after == std::vector<std::string>{"lower(p.currency) == \"eur\"", "p.amount < 0"});
}

TEST_CASE("the order is kept while too few subjects have been run, and when learning is off", "[eval][adaptive]") {
  CHECK(learnt("p.amount > 0 and lower(p.currency) == \"usd\"", 100).second ==
        std::vector<std::string>{"p.amount > 0", "lower(p.currency) == \"usd\""});
  CHECK(learnt("p.amount > 0 and lower(p.currency) == \"usd\"", 300, false).second ==
        std::vector<std::string>{"p.amount > 0", "lower(p.currency) == \"usd\""});
}

TEST_CASE("an operand that decides as often as a cheaper one stays behind it", "[eval][adaptive]") {
  // Both are false for P1: the cheaper one, first already, keeps its place.
  CHECK(learnt("p.amount < 0 and lower(p.currency) == \"usd\"", 300).second ==
        std::vector<std::string>{"p.amount < 0", "lower(p.currency) == \"usd\""});
}
