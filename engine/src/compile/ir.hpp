// The compiled form of a rule pack, shared by compile/ (which builds it) and eval/ (which runs it).
// Each rule is a flat vector of nodes that refer to each other by index; fields are FieldIds, constants
// are folded into a pool, sets are lookup tables, and `and`/`or` operands are ordered cheapest first.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "compile/regex.hpp"
#include "compile/value.hpp"
#include "sanx/check/schema.hpp"
#include "sanx/compile/rule_set.hpp"

namespace sanx::compile {

enum class SubjectKind : std::uint8_t { payment, shipment, entity, relation };

enum class Op : std::uint8_t {
  constant,        ///< consts[a]
  subject,         ///< the rule's subject
  field,           ///< field of node a
  let_ref,         ///< cached let slot a, computed by node b
  quantifier_var,  ///< quantifier variable slot a
  logical_and,     ///< n-ary: list[a, a + b)
  logical_or,      ///< n-ary: list[a, a + b)
  logical_not,     ///< not a
  is_missing,      ///< a is missing (aux = 1: is not missing)
  compare,         ///< a <aux> b
  compare_const,   ///< a <aux> consts[b]
  arithmetic,      ///< a <aux> b
  negate,          ///< -a
  in_set,          ///< a in sets[b] (aux = 1: not in)
  in_collection,   ///< a in b, where b evaluates to a list, set or string (aux = 1: not in)
  enum_test,       ///< field (network, entity kind, mode, relation kind) of node a has a bit in mask b;
                   ///< aux = 1 negates
  string_test,     ///< a <aux> b for starts_with, ends_with, contains (string or collection)
  matches,         ///< a matches regexes[b] (which may search a's ASCII lower-case form: Regex::make_lowered)
  matches_dynamic, ///< a matches the pattern b, compiled when evaluated
  call,            ///< builtin `field`, arguments list[a, a + b)
  quantifier,      ///< aux = QuantifierKind, variable slot c over collection a, body b
  list_literal,    ///< list[a, a + b), evaluated on access
  window,          ///< aux = AggregateKind over windows[a]
};

/// Where a node's operand nodes are: none (constants, the subject, variables, lets, windows), node `a`,
/// nodes `a` and `b` (a quantifier's collection and body), or the list entries [a, a + b) (and, or, list
/// literals, call arguments). `a` of compare_const, in_set, matches and enum_test is their only operand;
/// their `b` indexes constants, sets, regexes or is a mask.
enum class Operands : std::uint8_t { none, a, a_b, list };

[[nodiscard]] constexpr Operands operands_of(Op op) noexcept {
  switch (op) {
    case Op::field:
    case Op::logical_not:
    case Op::is_missing:
    case Op::negate:
    case Op::compare_const:
    case Op::in_set:
    case Op::matches:
    case Op::enum_test: return Operands::a;
    case Op::compare:
    case Op::arithmetic:
    case Op::in_collection:
    case Op::string_test:
    case Op::matches_dynamic:
    case Op::quantifier: return Operands::a_b;
    case Op::logical_and:
    case Op::logical_or:
    case Op::list_literal:
    case Op::call: return Operands::list;
    default: return Operands::none;
  }
}

struct Node {
  Op op = Op::constant;
  std::uint8_t aux = 0;
  std::uint16_t field = 0;  ///< check::FieldId for field and enum_test, check::Builtin for call
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t c = 0;
  std::uint32_t text = 0;  ///< index into CompiledRule::texts: the path (`p.originator_bank.country`,
                           ///< lets expanded) or source text; what an undetermined finding names
};

/// An aggregate over the payments or shipments that share a key with the subject, dated in a window
/// around the subject's date (docs/dsl.md, "Windows"). The evaluator indexes the subjects of kind `over`
/// by the value of `inner_key` (computed with the variable slot bound to each of them) and answers each
/// subject from the entries whose key is the subject's `outer_key`.
struct WindowSpec {
  dsl::ast::AggregateKind aggregate = dsl::ast::AggregateKind::count;
  dsl::ast::WindowDirection direction = dsl::ast::WindowDirection::before;
  SubjectKind over = SubjectKind::payment;
  std::int32_t months = 0;       ///< the far end: its distance from the subject's date
  std::int32_t days = 0;
  std::int32_t near_months = 0;  ///< the near end (0 unless `within near to far`)
  std::int32_t near_days = 0;
  std::uint32_t slot = 0;       ///< quantifier slot of the bound variable
  std::uint32_t where = 0;      ///< node: the condition without the key (the lookup decides it)
  std::uint32_t inner_key = 0;  ///< node: depends on the variable alone
  std::uint32_t outer_key = 0;  ///< node: depends on the subject, not on the variable
  std::optional<std::uint32_t> value;  ///< node: the aggregated value (all but count)
  bool decimal = false;                ///< sum: the result is a decimal (0.0 when nothing is summed)
};

/// One piece of a reason: text, or the value of a node.
struct ReasonPart {
  std::string text;
  std::optional<std::uint32_t> node;
  /// An evidence item that is the same path (from the subject or from the same let): a finding copies its
  /// text instead of evaluating and rendering the placeholder again.
  std::optional<std::uint32_t> evidence;
};

/// A path or name used in `when` or `reason`, as written, and the node computing it.
struct EvidenceItem {
  std::string text;
  std::uint32_t node = 0;
};

struct CompiledRule {
  RuleSummary summary;
  SubjectKind subject = SubjectKind::payment;
  std::string title;
  std::vector<std::string> regimes;
  std::optional<std::int32_t> effective;  ///< days since the epoch; subjects dated before are skipped
  std::optional<std::int32_t> expires;    ///< subjects dated on or after are skipped
  bool ignore_missing = false;            ///< meta on_missing = ignore

  std::vector<Node> nodes;
  /// Per node, the compiler's estimate of what evaluating it costs: `and`/`or` operands are ordered by it,
  /// and the machine weighs it against how often each operand decides (Machine's adaptive order).
  std::vector<std::uint32_t> costs;
  std::vector<std::uint32_t> lists;  ///< operand lists of n-ary nodes
  std::vector<Value> consts;
  std::vector<const ConstSet*> sets;
  std::vector<const Regex*> regexes;
  std::vector<std::string> texts;
  std::uint32_t root = 0;
  std::uint32_t let_slots = 0;
  std::uint32_t quantifier_slots = 0;
  std::vector<ReasonPart> reason;
  std::vector<EvidenceItem> evidence;
  std::vector<WindowSpec> windows;
};

/// A typology (docs/dsl.md, "Typologies"): per subject, the weights of its rules that fired add up to a
/// score, and the band holding the score gives the outcome.
struct CompiledTypology {
  struct Weight {
    std::uint32_t rule = 0;  ///< index into RuleSet::Impl::rules
    core::Decimal weight;
  };
  struct Band {
    core::Decimal low;
    std::optional<core::Decimal> high;  ///< none: no upper bound
    dsl::ast::TypologyOutcome outcome = dsl::ast::TypologyOutcome::clear;
  };
  RuleSummary summary;
  SubjectKind subject = SubjectKind::payment;
  std::string title;
  std::vector<std::string> regimes;
  std::vector<Weight> weights;  ///< in declaration order
  std::vector<Band> bands;      ///< by low end: they cover [0, ∞) without overlap
};

}  // namespace sanx::compile

struct sanx::compile::RuleSet::Impl {
  std::vector<RuleSummary> summaries;
  std::vector<RuleSummary> typology_summaries;
  std::string digest;
  std::vector<CompiledRule> rules;
  std::vector<CompiledTypology> typologies;

  // Storage the rules point into; node-based containers keep addresses stable while they grow.
  std::unordered_set<std::string> strings;
  std::deque<ConstSet> sets;
  std::vector<std::unique_ptr<Regex>> regexes;

  /// An interned copy of `s`, alive as long as the rule set.
  std::string_view intern(std::string_view s) { return *strings.emplace(s).first; }
};
