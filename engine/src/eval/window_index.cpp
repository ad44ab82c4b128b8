#include "eval/window_index.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <atomic>
#include <chrono>
#include <charconv>
#include <cstring>
#include <limits>
#include <memory>
#include <thread>
#include <tuple>

#include "eval/candidate_columns.hpp"
#include "eval/column_read.hpp"
#include "eval/machine.hpp"

namespace sanx::eval {

using check::Builtin;
using compile::CompiledRule;
using compile::Node;
using compile::Op;
using compile::SubjectKind;
using compile::Value;
using compile::ValueKind;

namespace {

/// The hash key of an entity, payment, shipment or relation; nullopt for other kinds.
std::optional<std::uint64_t> index_key(const Value& v) {
  switch (v.kind) {
    case ValueKind::entity:
    case ValueKind::payment:
    case ValueKind::shipment:
    case ValueKind::relation: return (std::uint64_t{static_cast<std::uint8_t>(v.kind)} << 32) | v.index;
    default: return std::nullopt;
  }
}

/// Whether `node` reads nothing but constants, the variables in `slots` (the window's and those of
/// quantifiers inside it) and fields of them.
bool candidate_only(const CompiledRule& rule, std::uint32_t node, std::vector<std::uint32_t>& slots) {
  const Node& n = rule.nodes[node];
  switch (n.op) {
    case Op::constant: return true;
    case Op::quantifier_var: return std::find(slots.begin(), slots.end(), n.a) != slots.end();
    case Op::subject:
    case Op::let_ref:  // lets are the subject's
    case Op::window: return false;
    case Op::quantifier: {
      if (!candidate_only(rule, n.a, slots)) return false;
      slots.push_back(n.c);  // the body may read the quantifier's own variable
      const bool ok = candidate_only(rule, n.b, slots);
      slots.pop_back();
      return ok;
    }
    case Op::in_set:
      if (rule.sets[n.b]->dated) return false;  // decided as of the subject's date
      break;
    case Op::call:
      if (!Machine::pure_builtin(static_cast<Builtin>(n.field))) return false;
      break;
    default: break;
  }
  return all_operands(rule, n, [&](std::uint32_t child) { return candidate_only(rule, child, slots); });
}

/// The conjuncts of the window's `where` (its top-level `and`) that read the candidate alone. A candidate
/// for which one of them is false is in no subject's window (false and anything is false, even missing),
/// so it is left out of the index: an SPFS-only window then indexes the SPFS payments, not all of them.
std::vector<std::uint32_t> candidate_conjuncts(const CompiledRule& rule, const compile::WindowSpec& spec) {
  std::vector<std::uint32_t> out;
  for (const std::uint32_t node : conjuncts_of(rule, spec.where)) {
    std::vector<std::uint32_t> slots{spec.slot};
    if (candidate_only(rule, node, slots)) out.push_back(node);
  }
  return out;
}

/// The most paths a conjunct evaluated once per distinct tuple of their values reads (ConjunctCache::paths).
constexpr std::size_t kMemoPaths = 4;
/// How many candidates of a part try that memo before it is kept only if a quarter of them found their
/// tuple's answer there.
constexpr std::uint32_t kMemoTrial = 1024;

/// What a conjunct gave a candidate, shared by every window (of any rule) with the same conjunct: each
/// candidate is evaluated at most once per conjunct instead of once per window.
struct ConjunctCache {
  static constexpr std::uint8_t unknown = 0, holds = 1, fails = 2, missing = 3;
  const CompiledRule* rule = nullptr;
  std::uint32_t node = 0;
  std::uint32_t slot = 0;
  /// When the conjunct reads its candidate through one field path only (`q.network == "SPFS"`,
  /// `bic_country(q.originator_bic) in HUBS`): that path, and the nodes that read it (path_read).
  std::optional<std::vector<std::uint16_t>> path;
  std::vector<std::uint32_t> path_nodes;
  /// Else, when it reads its candidate through a few field paths and nothing else (`coalesce(q.originator.country
  /// in RU_BY or bic_country(q.originator_bic) in RU_BY, false)`): those paths (paths_read). Its answer is
  /// then a function of their values, evaluated once per distinct tuple of them (add_entries).
  std::vector<std::vector<std::uint16_t>> paths;
  /// When the conjunct is an enum test of the path's value (`q.network == "SPFS"`): the enum's field, whose
  /// code for that value (not the value, the candidate itself) tells its answer.
  std::optional<check::FieldId> enum_field;
  // Threads building different windows may both evaluate a candidate: they store the same answer, each
  // through an atomic_ref. One byte per candidate of the kind, sized once (in blocks of its own when large);
  // empty when the answers are by slot (by_slot).
  LargeArray<std::uint8_t> state;
  [[nodiscard]] std::uint8_t load(std::size_t ix) noexcept { return std::atomic_ref(state[ix]).load(std::memory_order_relaxed); }
  void store(std::size_t ix, std::uint8_t s) noexcept { std::atomic_ref(state[ix]).store(s, std::memory_order_relaxed); }
  /// When its answer is a function of the slot of a coded column (add_entries, choose_column): that column
  /// (its path's, or with `own_enum` the candidate's own enum column), and by_slot[slot] each slot's answer
  /// once add_entries found it (unknown until then), instead of `state`.
  ColumnRead column;
  bool own_enum = false;
  std::vector<std::uint8_t> by_slot;
  [[nodiscard]] std::uint8_t load_slot(std::uint32_t code) noexcept {
    return std::atomic_ref(by_slot[code]).load(std::memory_order_relaxed);
  }
  /// Its answer for candidate `ix` as add_entries left it: unknown for a candidate it did not test.
  [[nodiscard]] std::uint8_t known(std::uint32_t ix) noexcept { return by_slot.empty() ? load(ix) : load_slot(column.slot(ix)); }
};

/// Evaluates the window's `where` and value once on every entry of groups [first, last) of `index`, into
/// index.sums (sized by size_precomputed). The `where` gives `matched` ([position in `entries` − that of
/// the first group], one per entry) unless `known` (from a window with the same `where`, whose matches are
/// then in `matched` already); the `where` is evaluated on every group even when a value fails, for the
/// windows that read `matched` next. False when a value is a list or set, which the aggregates do not take
/// (the window then stays on the general path). Strings go to `texts`.
bool precompute(Machine& machine, const CompiledRule& rule, const compile::WindowSpec& spec, WindowIndex& index,
                std::uint32_t first, std::uint32_t last, const std::vector<ConjunctCache*>& conjuncts,
                std::vector<WindowIndex::State>& matched, bool known, std::deque<std::string>& texts) {
  using State = WindowIndex::State;
  const ValueKind bound_kind = spec.over == SubjectKind::payment ? ValueKind::payment : ValueKind::shipment;
  const bool distinct = spec.aggregate == dsl::ast::AggregateKind::distinct;
  std::unordered_map<std::string, std::uint32_t> ids;  // distinct: value key -> id
  std::string text;
  const std::size_t base = first < last ? index.position(index.groups[first]) : 0;
  if (!known) {
    const std::size_t n = first < last ? index.position(index.groups[last - 1]) + index.groups[last - 1].entries.size() - base : 0;
    matched.resize(n);
    // A `where` that is the conjunction of `conjuncts` (all of them read the candidate alone) is what
    // add_entries found them to give each candidate it kept: none false, so true unless one is missing (an
    // and of Kleene's logic). A candidate with one not known is evaluated.
    const bool conjoined = conjuncts_of(rule, spec.where).size() == conjuncts.size();
    const auto from_conjuncts = [&](std::uint32_t ix) {
      bool missing = false;
      for (ConjunctCache* c : conjuncts) {
        const std::uint8_t s = c->known(ix);
        if (s == ConjunctCache::missing) {
          missing = true;
        } else if (s != ConjunctCache::holds) {
          return std::optional<State>();
        }
      }
      return std::optional<State>(missing ? State::missing : State::in);
    };
    for (std::size_t i = 0; i < n; ++i) {
      const std::uint32_t ix = (*index.entries)[base + i].ix;
      if (const std::optional<State> s = conjoined ? from_conjuncts(ix) : std::nullopt) {
        matched[i] = *s;
        continue;
      }
      const Value v = machine.eval_bound(rule, spec.where, spec.slot, Value::of_index(bound_kind, ix));
      matched[i] = v.is_false() ? State::out : v.is_true() ? State::in : State::missing;
    }
  }
  WindowIndex::Precomputed& sums = index.sums;
  for (std::uint32_t group = first; group < last; ++group) {
    const WindowIndex::Group& g = index.groups[group];
    const std::size_t at = index.position(g);
    const std::size_t prefix = index.prefix_position(g);
    sums.in_before[prefix] = 0;
    sums.missing_before[prefix] = 0;
    for (std::size_t i = 0; i < g.entries.size(); ++i) {
      State state = matched[at + i - base];
      if (state == State::in && spec.value) {
        Value v = machine.eval_bound(rule, *spec.value, spec.slot, Value::of_index(bound_kind, g.entries[i].ix));
        if (v.kind == ValueKind::list || v.kind == ValueKind::set) return false;
        if (v.is_missing()) {
          state = State::missing;
        } else {
          if (v.kind == ValueKind::string) v = Value::of_string(texts.emplace_back(v.string));
          if (distinct && window_key_into(v, text)) {
            sums.value_ids[at + i] = ids.try_emplace(text, static_cast<std::uint32_t>(ids.size())).first->second;
          }
          sums.values[at + i] = v;
        }
      }
      sums.state[at + i] = state;
      sums.in_before[prefix + i + 1] = sums.in_before[prefix + i] + (state == State::in ? 1 : 0);
      sums.missing_before[prefix + i + 1] = sums.missing_before[prefix + i] + (state == State::missing ? 1 : 0);
    }
  }
  return true;
}

/// Sizes index.sums for precompute(), once for all the groups.
void size_precomputed(WindowIndex& index, const compile::WindowSpec& spec) {
  const std::size_t n = index.entries ? index.entries->size() : 0;
  WindowIndex::Precomputed& sums = index.sums;
  sums.state.resize(n);
  sums.in_before.resize(n + index.groups.size());
  sums.missing_before.resize(n + index.groups.size());
  if (spec.value) sums.values.resize(n);
  if (spec.aggregate == dsl::ast::AggregateKind::distinct) sums.value_ids.resize(n);
}

/// Clears what precompute() stored.
void drop_precomputed(WindowIndex& index) {
  index.sums = {};
  index.texts.clear();  // the values that pointed into it were cleared with the sums
  index.precomputed = false;
}

/// Appends the bytes of `x` (a signature's building block).
template <typename T>
void put(std::string& out, T x) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &x, sizeof(T));
  out.append(bytes, sizeof(T));
}

/// A structural signature of expressions, equal for two expressions (of any rules) that give every
/// candidate the same value: the nodes with their constants, sets and fields, quantifier slots renumbered
/// in order of binding. For candidate-only expressions (the default) it is false for what it cannot vouch
/// for on every subject (the subject, lets, other windows, builtins that are not functions of their
/// arguments), which is then never shared; for one subject (`one_subject`), the subject is itself, a let
/// is its definition and every builtin is a function of its arguments and the subject's date.
class Signer {
 public:
  Signer(const CompiledRule& rule, std::uint32_t slot, bool one_subject = false)
      : rule_(rule), slots_{slot}, one_subject_(one_subject) {}

  bool sign(std::uint32_t node, std::string& out) {
    const Node& n = rule_.nodes[node];
    put(out, n.op);
    put(out, n.aux);
    put(out, n.field);
    switch (n.op) {
      case Op::constant: return sign_value(rule_.consts[n.a], out);
      case Op::quantifier_var: {
        const auto it = std::find(slots_.begin(), slots_.end(), n.a);
        if (it == slots_.end()) return false;
        put(out, static_cast<std::uint32_t>(it - slots_.begin()));
        return true;
      }
      case Op::subject: return one_subject_;
      case Op::let_ref: return one_subject_ && sign(n.b, out);
      case Op::window: return false;
      case Op::compare_const: return sign(n.a, out) && sign_value(rule_.consts[n.b], out);
      case Op::in_set: return sign(n.a, out) && sign_set(*rule_.sets[n.b], out);
      case Op::enum_test: put(out, n.b); return sign(n.a, out);
      case Op::matches: put(out, reinterpret_cast<std::uintptr_t>(rule_.regexes[n.b])); return sign(n.a, out);
      case Op::quantifier: {
        if (!sign(n.a, out)) return false;
        slots_.push_back(n.c);
        const bool ok = sign(n.b, out);
        slots_.pop_back();
        return ok;
      }
      case Op::call:
        if (!one_subject_ && !Machine::pure_builtin(static_cast<Builtin>(n.field))) return false;
        break;
      default: break;
    }
    if (compile::operands_of(n.op) == compile::Operands::list) put(out, n.b);
    return all_operands(rule_, n, [&](std::uint32_t child) { return sign(child, out); });
  }

 private:
  static bool sign_value(const Value& v, std::string& out) {
    put(out, v.kind);
    switch (v.kind) {
      case ValueKind::missing: return true;
      case ValueKind::boolean: put(out, v.boolean); return true;
      case ValueKind::integer: put(out, v.integer); return true;
      case ValueKind::decimal: put(out, v.decimal.mantissa()); put(out, v.decimal.scale()); return true;
      case ValueKind::string: put(out, v.string.size()); out.append(v.string); return true;
      case ValueKind::country: out.append(v.country, 2); return true;
      case ValueKind::date: put(out, v.date); return true;
      case ValueKind::set: return sign_set(*v.set, out);
      default: return false;
    }
  }
  static bool sign_set(const compile::ConstSet& set, std::string& out) {
    put(out, set.ordered_list);
    put(out, set.dated);
    if (set.dated) {  // its periods are not in `values`: the same table only
      put(out, reinterpret_cast<std::uintptr_t>(&set));
      return true;
    }
    put(out, set.values.size());
    return std::all_of(set.values.begin(), set.values.end(), [&](const Value& v) { return sign_value(v, out); });
  }

  const CompiledRule& rule_;
  std::vector<std::uint32_t> slots_;  ///< bound slots in order of binding, the window's first
  bool one_subject_;
};

}  // namespace

std::optional<std::vector<std::uint16_t>> variable_path(const CompiledRule& rule, std::uint32_t node, std::uint32_t slot) {
  std::vector<std::uint16_t> fields;
  const Node* n = &rule.nodes[node];
  for (; n->op == Op::field; n = &rule.nodes[n->a]) fields.push_back(n->field);
  if (n->op != Op::quantifier_var || n->a != slot) return std::nullopt;
  std::reverse(fields.begin(), fields.end());
  return fields;
}

std::vector<std::uint32_t> conjuncts_of(const CompiledRule& rule, std::uint32_t n) {
  std::vector<std::uint32_t> out;
  std::vector<std::uint32_t> todo{n};
  while (!todo.empty()) {
    const std::uint32_t node = todo.back();
    todo.pop_back();
    const Node& x = rule.nodes[node];
    if (x.op != Op::logical_and) {
      out.push_back(node);
      continue;
    }
    for (std::uint32_t i = x.b; i-- > 0;) todo.push_back(rule.lists[x.a + i]);  // in order
  }
  return out;
}

namespace {

/// Whether `node` reads nothing of a window's candidate: constants, the subject, its lets, and the
/// variables in `bound` (quantifiers inside it); no window, whose candidates it would scan.
bool subject_only(const CompiledRule& rule, std::uint32_t node, std::vector<std::uint32_t>& bound) {
  const Node& n = rule.nodes[node];
  switch (n.op) {
    case Op::constant:
    case Op::subject: return true;
    case Op::quantifier_var: return std::find(bound.begin(), bound.end(), n.a) != bound.end();
    case Op::let_ref: return subject_only(rule, n.b, bound);  // its definition, evaluated for the subject
    case Op::window: return false;
    case Op::quantifier: {
      if (!subject_only(rule, n.a, bound)) return false;
      bound.push_back(n.c);
      const bool ok = subject_only(rule, n.b, bound);
      bound.pop_back();
      return ok;
    }
    default: break;
  }
  return all_operands(rule, n, [&](std::uint32_t child) { return subject_only(rule, child, bound); });
}

class PlanBuilder {
 public:
  PlanBuilder(const CompiledRule& rule, const compile::WindowSpec& spec) : rule_(rule), spec_(spec) {}

  /// The step of `node` (SubKeyPlan), or nullopt when it restricts nothing the analysis can tell.
  std::optional<std::uint32_t> step(std::uint32_t node) {
    const Node& n = rule_.nodes[node];
    if (n.op == Op::constant) return std::nullopt;
    std::vector<std::uint32_t> bound;
    if (subject_only(rule_, node, bound)) {
      SubKeyPlan::Step guard{SubKeyPlan::Kind::guard, node, 0, false, 0, 0, {}, false, false, false, {}};
      const Node& test = rule_.nodes[unlet(node)];  // a test the windows of a rule share is a let of its own
      if (test.op == Op::is_missing && read_directly(test.a, guard)) {
        guard.tests_missing = true;
        guard.missing_is_true = test.aux == 0;
      }
      return add(std::move(guard));
    }
    if (n.op == Op::logical_and || n.op == Op::logical_or) {
      std::vector<std::uint32_t> kids;
      const std::vector<std::uint32_t> operands =
          n.op == Op::logical_and ? conjuncts_of(rule_, node)
                                  : std::vector<std::uint32_t>(rule_.lists.begin() + n.a, rule_.lists.begin() + n.a + n.b);
      for (const std::uint32_t o : operands) {
        const auto kid = step(o);
        if (kid) {
          kids.push_back(*kid);
        } else if (n.op == Op::logical_or) {
          return std::nullopt;  // an operand that may hold for any candidate
        }
      }
      if (kids.empty()) return std::nullopt;
      SubKeyPlan::Step s{n.op == Op::logical_and ? SubKeyPlan::Kind::all_of : SubKeyPlan::Kind::any_of, 0, 0, false,
                         static_cast<std::uint32_t>(plan_.children.size()), static_cast<std::uint32_t>(kids.size()), {},
                         false, false, false, {}};
      plan_.children.insert(plan_.children.end(), kids.begin(), kids.end());
      return add(std::move(s));
    }
    if (n.op == Op::call && static_cast<Builtin>(n.field) == Builtin::coalesce && n.b == 2) {
      const Node& fallback = rule_.nodes[rule_.lists[n.a + 1]];
      if (fallback.op == Op::constant && rule_.consts[fallback.a].is_false()) return equality(rule_.lists[n.a], false);
      return std::nullopt;
    }
    if (auto r = range(node)) return r;
    return equality(node, true);
  }

  std::optional<SubKeyPlan> finish(std::optional<std::uint32_t> root) {
    const bool keyed = std::any_of(plan_.steps.begin(), plan_.steps.end(),
                                   [](const SubKeyPlan::Step& s) { return s.kind == SubKeyPlan::Kind::equal; });
    if (!root || !keyed) return std::nullopt;
    // The root first: steps were added children before parents.
    std::swap(plan_.steps[0], plan_.steps[*root]);
    for (std::uint32_t& c : plan_.children) c = c == 0 ? *root : (c == *root ? 0 : c);
    return std::move(plan_);
  }

 private:
  /// `X == Y` with X reading the candidate alone (and reading it) and Y the subject alone (either side).
  std::optional<std::uint32_t> equality(std::uint32_t node, bool missing_too) {
    const Node& n = rule_.nodes[node];
    if (n.op != Op::compare || static_cast<dsl::ast::BinaryOp>(n.aux) != dsl::ast::BinaryOp::eq) return std::nullopt;
    for (const auto& [x, y] : {std::pair{n.a, n.b}, std::pair{n.b, n.a}}) {
      std::vector<std::uint32_t> slots{spec_.slot};
      std::vector<std::uint32_t> bound;
      if (subject_only(rule_, x, bound) || !candidate_only(rule_, x, slots) || !subject_only(rule_, y, bound)) continue;
      std::string signature;
      if (!Signer(rule_, spec_.slot).sign(x, signature)) signature.clear();
      // The same key twice in one `where` is grouped once.
      std::uint32_t key = 0;
      while (key < plan_.keys.size() && (signature.empty() || plan_.signatures[key] != signature) && plan_.keys[key] != x) ++key;
      if (key == plan_.keys.size()) {
        plan_.keys.push_back(x);
        plan_.signatures.push_back(std::move(signature));
      }
      SubKeyPlan::Step equal{SubKeyPlan::Kind::equal, y, key, missing_too, 0, 0, {}, false, false, false, {}};
      (void)read_directly(y, equal);
      return add(std::move(equal));
    }
    return std::nullopt;
  }

  /// `X op Y` (or `Y op X`) for op <, <=, >, >=, with X a path of the candidate and Y reading the subject
  /// (not a constant alone: that is a condition on the candidate only).
  std::optional<std::uint32_t> range(std::uint32_t node) {
    using dsl::ast::BinaryOp;
    const Node& n = rule_.nodes[node];
    if (n.op != Op::compare || plan_.ranges.size() == SubKeyPlan::kMaxRanges) return std::nullopt;
    const auto op = static_cast<BinaryOp>(n.aux);
    if (op != BinaryOp::lt && op != BinaryOp::le && op != BinaryOp::gt && op != BinaryOp::ge) return std::nullopt;
    for (const auto& [x, y, mirrored] : {std::tuple{n.a, n.b, false}, std::tuple{n.b, n.a, true}}) {
      std::vector<std::uint32_t> bound;
      std::optional<std::vector<std::uint16_t>> path = variable_path(rule_, x, spec_.slot);
      if (!path || rule_.nodes[unlet(y)].op == Op::constant || !subject_only(rule_, y, bound)) continue;
      SubKeyPlan::Range r{x, std::move(*path), mirrored ? compile::mirror(op) : op, {}};
      if (!Signer(rule_, spec_.slot).sign(x, r.signature)) r.signature.clear();
      SubKeyPlan::Step step{SubKeyPlan::Kind::range, y, static_cast<std::uint32_t>(plan_.ranges.size()), false, 0, 0, {},
                            false, false, false, {}};
      if (!terms(y, step.terms)) step.terms.clear();
      plan_.ranges.push_back(std::move(r));
      return add(std::move(step));
    }
    return std::nullopt;
  }

  /// Appends `node` as Terms (SubKeyPlan::Term) to `out`; false when it is not made of constants, paths of
  /// the subject, arithmetic and negation.
  bool terms(std::uint32_t node, std::vector<SubKeyPlan::Term>& out) const {
    using Term = SubKeyPlan::Term;
    node = unlet(node);
    const Node& n = rule_.nodes[node];
    switch (n.op) {
      case Op::constant: {
        Term t;
        t.value = rule_.consts[n.a];
        out.push_back(std::move(t));
        return true;
      }
      case Op::field: {
        SubKeyPlan::Step path;
        if (!read_directly(node, path)) return false;
        Term t;
        t.kind = Term::Kind::path;
        t.path = std::move(path.subject_path);
        out.push_back(std::move(t));
        return true;
      }
      case Op::arithmetic: {
        if (!terms(n.a, out) || !terms(n.b, out)) return false;
        Term t;
        t.kind = Term::Kind::arithmetic;
        t.op = static_cast<dsl::ast::BinaryOp>(n.aux);
        out.push_back(std::move(t));
        return true;
      }
      case Op::negate: {
        if (!terms(n.a, out)) return false;
        Term t;
        t.kind = Term::Kind::negate;
        out.push_back(std::move(t));
        return true;
      }
      default: return false;
    }
  }

  /// The node a let computes (its value is that node's for the same subject), else `node` itself.
  std::uint32_t unlet(std::uint32_t node) const {
    while (rule_.nodes[node].op == Op::let_ref) node = rule_.nodes[node].b;
    return node;
  }

  /// Whether `node` is a path of the subject (`p.reference`), or a let of one: then `step` reads it directly.
  bool read_directly(std::uint32_t node, SubKeyPlan::Step& step) const {
    std::vector<std::uint16_t> fields;
    const Node* n = &rule_.nodes[unlet(node)];
    for (; n->op == Op::field; n = &rule_.nodes[n->a]) fields.push_back(n->field);
    if (n->op != Op::subject) return false;
    std::reverse(fields.begin(), fields.end());
    step.subject_path = std::move(fields);
    step.direct = true;
    return true;
  }

  std::uint32_t add(SubKeyPlan::Step s) {
    plan_.steps.push_back(std::move(s));
    return static_cast<std::uint32_t>(plan_.steps.size() - 1);
  }

  const CompiledRule& rule_;
  const compile::WindowSpec& spec_;
  SubKeyPlan plan_;
};

}  // namespace

std::optional<SubKeyPlan> sub_key_plan(const CompiledRule& rule, const compile::WindowSpec& spec) {
  PlanBuilder builder(rule, spec);
  const auto root = builder.step(spec.where);
  auto plan = builder.finish(root);
  if (plan) flatten_sub_key_plan(*plan);
  return plan;
}

void flatten_sub_key_plan(SubKeyPlan& plan) {
  using Flat = SubKeyPlan::Flat;
  plan.flat.reset();
  Flat flat;
  for (std::uint32_t i = 0; i < plan.steps.size(); ++i) {
    const SubKeyPlan::Step& s = plan.steps[i];
    if (s.kind != SubKeyPlan::Kind::equal && s.kind != SubKeyPlan::Kind::guard) continue;
    if (!(s.kind == SubKeyPlan::Kind::equal ? s.direct : s.tests_missing)) return;  // read by evaluation
    if (flat.leaves.size() == Flat::kMaxLeaves) return;
    const auto read = static_cast<std::uint32_t>(std::find(flat.reads.begin(), flat.reads.end(), s.subject_path) - flat.reads.begin());
    if (read == flat.reads.size()) flat.reads.push_back(s.subject_path);
    flat.leaves.push_back({i, read});
  }
  // The ranges' paths are read with the leaves'; a range whose Y is no program of them, or whose paths
  // would read more than kMaxReads in all, is left out of the table (it only narrows a scan).
  constexpr std::uint32_t kNoStep = 0xffffffffU;
  flat.leaf_reads = flat.reads.size();
  flat.range_steps.assign(plan.ranges.size(), kNoStep);
  for (std::uint32_t i = 0; i < plan.steps.size(); ++i) {
    SubKeyPlan::Step& s = plan.steps[i];
    if (s.kind != SubKeyPlan::Kind::range || s.terms.empty()) continue;
    std::vector<std::vector<std::uint16_t>> reads = flat.reads;
    for (SubKeyPlan::Term& t : s.terms) {
      if (t.kind != SubKeyPlan::Term::Kind::path) continue;
      t.read = static_cast<std::uint32_t>(std::find(reads.begin(), reads.end(), t.path) - reads.begin());
      if (t.read == reads.size()) reads.push_back(t.path);
    }
    if (reads.size() > Flat::kMaxReads) continue;
    flat.reads = std::move(reads);
    flat.range_steps[s.key] = i;
  }
  // Every combination of the leaves' outcomes, walked as Machine::restriction walks the steps; a leaf's
  // key is told apart from the others' by its number.
  std::uint32_t combinations = 1;
  for (std::size_t i = 0; i < flat.leaves.size(); ++i) combinations *= 3;
  flat.table.resize(combinations);
  flat.range_table.resize(combinations);
  for (std::uint32_t c = 0; c < combinations; ++c) {
    const SubKeyChoice choice = choose_sub_key(plan, 0, [&](std::uint32_t step) {
      if (const SubKeyPlan::Step& s = plan.steps[step]; s.kind == SubKeyPlan::Kind::range) {
        SubKeyChoice range;
        if (flat.range_steps[s.key] == step) range.ranges = static_cast<std::uint8_t>(1U << s.key);
        return range;
      }
      std::uint32_t digits = c;
      for (std::uint32_t i = 0; i < flat.leaves.size(); ++i, digits /= 3) {
        if (flat.leaves[i].step != step) continue;
        SubKeyChoice leaf;
        if (digits % 3 == Flat::none) leaf.kind = SubKeyChoice::Kind::none;
        if (digits % 3 == Flat::key) leaf = {SubKeyChoice::Kind::key, 0, i, false};
        return leaf;
      }
      return SubKeyChoice{};  // not reached: every leaf step is in `leaves`
    });
    flat.table[c] = choice.kind == SubKeyChoice::Kind::key    ? static_cast<std::uint8_t>(Flat::key + choice.id)
                    : choice.kind == SubKeyChoice::Kind::none ? std::uint8_t{Flat::none}
                                                              : std::uint8_t{Flat::all};
    flat.range_table[c] = choice.kind == SubKeyChoice::Kind::none ? std::uint8_t{0} : choice.ranges;
  }
  plan.flat = std::move(flat);
}

void use_flat_columns(SubKeyPlan& plan, SubjectKind of, const model::PaymentColumns* payments,
                      const model::ShipmentColumns* shipments, std::size_t entities) {
  if (!plan.flat) return;
  SubKeyPlan::Flat& flat = *plan.flat;
  // Hashing every slot pays for few slots (currencies, countries), not for a party column.
  constexpr std::size_t kMaxHashed = 4096;
  flat.of = of;
  flat.columns.clear();
  flat.hashes.clear();
  const bool has_columns = of == SubjectKind::payment ? payments != nullptr : of == SubjectKind::shipment && shipments != nullptr;
  if (!has_columns) return;  // every path read from the subject
  std::string scratch;
  for (const std::vector<std::uint16_t>& path : flat.reads) {
    const ColumnRead& column = flat.columns.emplace_back(ColumnRead::of(of, payments, shipments, path, entities));
    std::vector<std::uint32_t>& hashes = flat.hashes.emplace_back();
    if (!column.coded() || column.slots() > kMaxHashed) continue;
    hashes.resize(column.slots());
    for (std::uint32_t slot = 0; slot < hashes.size(); ++slot) hashes[slot] = sub_key_hash(column.value_of(slot), scratch);
  }
}

namespace {

/// What window_narrows compares of one window, signed once (for one subject) instead of once per pair of
/// windows: its range, its keys and the conjuncts of its `where`.
struct NarrowSigns {
  NarrowSigns(const CompiledRule& r, const compile::WindowSpec& w) : rule(&r), spec(&w) {
    const auto signature = [&](std::uint32_t node) {
      std::string out;
      return Signer(r, w.slot, true).sign(node, out) ? std::optional<std::string>(std::move(out)) : std::nullopt;
    };
    inner = signature(w.inner_key);
    outer = signature(w.outer_key);
    residual.emplace();
    for (const std::uint32_t c : conjuncts_of(r, w.where)) {
      auto sig = signature(c);
      if (sig) signed_conjuncts.push_back(*sig);
      const Node& node = r.nodes[c];
      if (node.op == Op::constant && r.consts[node.a].is_true()) continue;  // no residual condition
      if (!sig) {
        residual.reset();
      } else if (residual) {
        residual->push_back(std::move(*sig));
      }
    }
  }
  const CompiledRule* rule;
  const compile::WindowSpec* spec;
  std::optional<std::string> inner, outer;
  std::vector<std::string> signed_conjuncts;  ///< every conjunct that can be signed
  /// The conjuncts but `true`, or nullopt when one cannot be signed.
  std::optional<std::vector<std::string>> residual;
};

/// window_narrows(a, b) on their signatures.
bool narrows(const NarrowSigns& a, const NarrowSigns& b) {
  const compile::WindowSpec& wa = *a.spec;
  const compile::WindowSpec& wb = *b.spec;
  if (a.rule->subject != b.rule->subject || wa.over != wb.over || wa.direction != wb.direction || wa.months != wb.months ||
      wa.days != wb.days || wa.near_months != wb.near_months || wa.near_days != wb.near_days) {
    return false;
  }
  if (!a.inner || a.inner != b.inner || !a.outer || a.outer != b.outer || !a.residual) return false;
  return std::all_of(a.residual->begin(), a.residual->end(), [&](const std::string& sig) {
    return std::find(b.signed_conjuncts.begin(), b.signed_conjuncts.end(), sig) != b.signed_conjuncts.end();
  });
}

}  // namespace

bool window_narrows(const CompiledRule& ra, const compile::WindowSpec& wa, const CompiledRule& rb,
                    const compile::WindowSpec& wb) {
  return narrows(NarrowSigns(ra, wa), NarrowSigns(rb, wb));
}

namespace {

/// The distinct field paths from window variable `slot` through which `node` reads its candidate, when it
/// reads it through nothing else (not the variable itself) and through at most `most` of them; else empty.
/// A path is the longest one: `q.originator.country` is one path, not `q.originator` too.
/// `nodes`, when given, gets the field nodes that read them (emptied when there are none to give).
std::vector<std::vector<std::uint16_t>> paths_read(const CompiledRule& rule, std::uint32_t node, std::uint32_t slot,
                                                   std::size_t most, std::vector<std::uint32_t>* nodes = nullptr) {
  std::vector<std::vector<std::uint16_t>> paths;
  bool ok = true;
  auto walk = [&](auto& self, std::uint32_t at) -> bool {
    const Node& n = rule.nodes[at];
    if (n.op == Op::quantifier_var && n.a == slot) return ok = false;
    if (n.op == Op::field) {
      if (auto p = variable_path(rule, at, slot)) {
        if (std::find(paths.begin(), paths.end(), *p) == paths.end()) paths.push_back(std::move(*p));
        if (nodes != nullptr) nodes->push_back(at);
        return ok = paths.size() <= most;
      }
    }
    (void)all_operands(rule, n, [&](std::uint32_t child) { return self(self, child); });  // false for a leaf
    return ok;
  };
  if (!walk(walk, node)) paths.clear();
  if (paths.empty() && nodes != nullptr) nodes->clear();
  return paths;
}

/// The one field path of window variable `slot` that `node` reads, with the nodes that read it; nullopt
/// when it reads none, several, or the variable itself (as a builtin's argument). Such a conjunct is a
/// function of the path's value: the machine evaluates it with those nodes given that value. An enum
/// test reads its field from the path's value (the variable itself for `q.network`).
std::optional<std::vector<std::uint16_t>> path_read(const CompiledRule& rule, std::uint32_t node, std::uint32_t slot,
                                                    std::vector<std::uint32_t>& nodes) {
  nodes.clear();
  if (rule.nodes[node].op == Op::enum_test) {
    std::optional<std::vector<std::uint16_t>> path = variable_path(rule, rule.nodes[node].a, slot);
    if (path) nodes.push_back(rule.nodes[node].a);
    return path;
  }
  std::vector<std::vector<std::uint16_t>> paths = paths_read(rule, node, slot, 1, &nodes);
  if (paths.empty()) return std::nullopt;
  return std::move(paths.front());
}

/// What tells `v` apart from the other values of its kind when it is neither text nor one of the kinds
/// whose values are not kept (decimals, lists, large integers: nullopt), in 32 bits.
std::optional<std::uint32_t> scalar_payload(const Value& v) {
  switch (v.kind) {
    case ValueKind::missing: return 0;
    case ValueKind::boolean: return v.boolean ? 1 : 0;
    case ValueKind::country: return static_cast<std::uint8_t>(v.country[0]) | static_cast<std::uint32_t>(static_cast<std::uint8_t>(v.country[1])) << 8;
    case ValueKind::date: return static_cast<std::uint32_t>(v.date);
    case ValueKind::entity:
    case ValueKind::payment:
    case ValueKind::shipment:
    case ValueKind::relation: return v.index;
    case ValueKind::integer:
      if (v.integer < 0 || v.integer > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
      return static_cast<std::uint32_t>(v.integer);
    default: return std::nullopt;
  }
}

/// Appends what identifies `v` among the values of one path to `key`: its kind and its text or scalar
/// payload, as PathMemo tells values apart; false for values not kept (decimals, lists, large integers).
bool append_memo_key(std::string& key, const Value& v) {
  key.push_back(static_cast<char>(v.kind));
  if (v.kind == ValueKind::string) {
    const auto size = static_cast<std::uint32_t>(v.string.size());
    key.append(reinterpret_cast<const char*>(&size), sizeof size);
    key.append(v.string);
    return true;
  }
  const std::optional<std::uint32_t> payload = scalar_payload(v);
  if (!payload) return false;
  key.append(reinterpret_cast<const char*>(&*payload), sizeof *payload);
  return true;
}

/// The values of one path of a window's candidates numbered 0, 1, … in the order met (within one part), so
/// that a tuple of paths is a tuple of small numbers. With a coded column of the path's first field (whose
/// value the rest of the path is a function of), a candidate's number is found by its slot once known.
struct PathIds {
  static constexpr std::uint32_t kNotKept = 0xffffffffU;  ///< a value not numbered (append_memo_key)
  ColumnRead column;
  std::vector<std::uint32_t> of_slot;  ///< [slot] its number + 1, 0 until known
  std::unordered_map<std::string, std::uint32_t, compile::TransparentHash, std::equal_to<>> ids;  ///< memo key -> number

  /// Candidate `ix`'s number (kind `over`), or kNotKept; `scratch` holds the memo key.
  std::uint32_t id(Machine& machine, SubjectKind over, std::uint32_t ix, const std::vector<std::uint16_t>& path,
                   std::string& scratch) {
    std::uint32_t* known = nullptr;
    if (column.coded()) {
      known = &of_slot[column.slot(ix)];
      if (*known != 0) return *known - 1;
    }
    scratch.clear();
    if (!append_memo_key(scratch, machine.read_path(over, ix, path))) return kNotKept;
    const auto it = ids.find(std::string_view(scratch));
    const std::uint32_t id = it != ids.end() ? it->second : ids.emplace(scratch, static_cast<std::uint32_t>(ids.size())).first->second;
    if (known != nullptr) *known = id + 1;
    return id;
  }
};

/// A conjunct's answers (ConjunctCache::holds, fails or missing) by a tuple of PathIds numbers packed in 64
/// bits: open addressing in a power-of-two table, a multiply and a load or two per lookup, where a
/// std::unordered_map divides by a prime and follows a node.
class TupleStates {
 public:
  /// The answer kept for `key`, or ConjunctCache::unknown.
  [[nodiscard]] std::uint8_t find(std::uint64_t key) const noexcept {
    if (states_.empty()) return 0;
    for (std::size_t at = slot(key);; at = (at + 1) & mask_) {
      if (states_[at] == 0 || keys_[at] == key) return states_[at];
    }
  }
  /// Keeps `state` (not unknown) for `key`, which has none yet.
  void add(std::uint64_t key, std::uint8_t state) {
    if (2 * (size_ + 1) > states_.size()) grow();
    std::size_t at = slot(key);
    while (states_[at] != 0) at = (at + 1) & mask_;
    keys_[at] = key;
    states_[at] = state;
    ++size_;
  }

 private:
  [[nodiscard]] std::size_t slot(std::uint64_t key) const noexcept {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_) & mask_;
  }
  void grow() {
    std::vector<std::uint64_t> keys = std::move(keys_);
    std::vector<std::uint8_t> states = std::move(states_);
    const std::size_t capacity = states.empty() ? 64 : 2 * states.size();
    keys_.assign(capacity, 0);
    states_.assign(capacity, 0);
    mask_ = capacity - 1;
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(capacity));
    size_ = 0;
    for (std::size_t i = 0; i < states.size(); ++i) {
      if (states[i] != 0) add(keys[i], states[i]);
    }
  }
  std::vector<std::uint64_t> keys_;
  std::vector<std::uint8_t> states_;  ///< 0 (ConjunctCache::unknown): an empty slot
  std::size_t size_ = 0;
  std::size_t mask_ = 0;
  unsigned shift_ = 64;
};

/// What a conjunct that reads one path (path_read) gave each value of that path, within one part:
/// candidates share few values (networks, countries, BICs), and a lookup costs less than an evaluation.
class PathMemo {
 public:
  /// Where the answer for `v` is kept (ConjunctCache::unknown until known), or nullptr for values not
  /// kept (decimals, lists, large integers). `v` becomes the memo's copy of a string, which outlives the
  /// evaluation's arena.
  std::uint8_t* find(Value& v) {
    if (v.kind == ValueKind::string) {
      auto it = texts_.find(v.string);
      if (it == texts_.end()) it = texts_.emplace(std::string(v.string), ConjunctCache::unknown).first;
      v = Value::of_string(it->first);
      return &it->second;
    }
    const std::optional<std::uint32_t> payload = scalar_payload(v);
    if (!payload) return nullptr;
    return &scalars_[std::uint64_t{static_cast<std::uint8_t>(v.kind)} << 32 | *payload];
  }

 private:
  std::unordered_map<std::uint64_t, std::uint8_t> scalars_;  ///< by kind and payload
  std::unordered_map<std::string, std::uint8_t, compile::TransparentHash, std::equal_to<>> texts_;
};

/// Candidates [begin, end) of one window's kind grouped by key (add_entries): a large window is grouped in
/// several parts, on several threads, then merged (merge_parts).
struct Part {
  std::size_t begin = 0, end = 0;
  std::unordered_map<std::uint64_t, std::uint32_t> by_index;  ///< key -> group in this part
  std::unordered_map<std::string, std::uint32_t, compile::TransparentHash, std::equal_to<>> by_text;
  /// A key read from a coded column (`column`) instead: [group in this part] the slot of its key, whose
  /// value merge_parts reads; no map, since distinct slots with a value have distinct keys.
  ColumnRead column;
  std::vector<std::uint32_t> group_slot;
  std::vector<std::uint32_t> sizes;         ///< [group in this part] its entries
  // Room for every candidate of the part (add_entries), left uninitialised: the pages of what they do not
  // fill are never touched (ordinary pages: a window often keeps few of its candidates), and an entry is
  // written without a vector's test of its capacity.
  std::unique_ptr<std::uint32_t[]> group_of;      ///< [entry] its group in this part
  std::unique_ptr<WindowIndex::Entry[]> entries;  ///< in index order
  std::size_t kept = 0;                           ///< entries written
};

/// The dataset's columns that indexes read instead of the payments and shipments where they hold a path
/// (null: none, every path read from the structs).
struct Columns {
  const model::PaymentColumns* payments = nullptr;
  const model::ShipmentColumns* shipments = nullptr;
};

/// Sets `c`'s column (ConjunctCache::column) for candidates of kind `over`: one whose answer is a function
/// of the slot of a coded column — its path's column, or the candidate's own enum column (`q.network ==
/// "SPFS"`: a test of the candidate whose network code is its slot) — is answered by slot.
void choose_column(ConjunctCache& c, SubjectKind over, const Columns& columns, std::size_t entities) {
  const ColumnRead col = ColumnRead::of(over, columns.payments, columns.shipments, c.path, entities);
  const bool own_field = c.enum_field && c.path && c.path->empty();
  const ColumnRead own = own_field ? ColumnRead::of(over, columns.payments, columns.shipments,
                                                    std::vector{static_cast<std::uint16_t>(*c.enum_field)}, entities)
                                   : ColumnRead();
  c.own_enum = !col.coded() && own.coded();
  c.column = c.own_enum ? own : col;
  if (c.column.coded()) c.by_slot.assign(c.column.slots(), ConjunctCache::unknown);
}

/// Groups the candidates of `part` by key but those that one of `conjuncts` (candidate_conjuncts) rules out.
void add_entries(Machine& machine, const CompiledRule& rule, const compile::WindowSpec& spec,
                 const std::vector<ConjunctCache*>& conjuncts, const model::Dataset& data, const Columns& columns,
                 Part& part) {
  const bool payments = spec.over == SubjectKind::payment;
  auto column = [&](const std::optional<std::vector<std::uint16_t>>& p) {
    return ColumnRead::of(spec.over, columns.payments, columns.shipments, p, data.entities.size());
  };
  const std::int32_t* const days = payments ? (columns.payments != nullptr ? columns.payments->days.data() : nullptr)
                                            : (columns.shipments != nullptr ? columns.shipments->days.data() : nullptr);
  // A key that is a path of the candidate is read without the machine's evaluation; one in a column, by
  // code: key_groups[slot] is its group in this part + 1, 0 until known, kMissingKey for a missing key.
  const std::optional<std::vector<std::uint16_t>> path = variable_path(rule, spec.inner_key, spec.slot);
  const ColumnRead key_column = column(path);
  constexpr std::uint32_t kMissingKey = 0xffffffffU;
  std::vector<std::uint32_t> key_groups(key_column.coded() ? key_column.slots() : 0, 0);
  part.column = key_column;
  // How each conjunct is tested. One whose answer is a function of the slot of a coded column — its path's
  // column, or the candidate's own enum column (`q.network == "SPFS"`: a test of the candidate whose
  // network code is its slot) — is looked up in a table by slot, filled on the slot's first candidate; it
  // needs no per-candidate state, since every window that shares it tests it the same way. The others
  // keep their answer per candidate in the shared state (ConjunctCache::state).
  struct Test {
    ConjunctCache* cache = nullptr;
    ColumnRead column;                 ///< the column of its path, or (own_enum) of the candidate's enum
    std::vector<std::uint8_t> table;   ///< by slot: [slot] the answer, ConjunctCache::unknown until known
    bool own_enum = false;             ///< by slot: evaluated with the candidate itself, not the slot's value
    /// Several paths (ConjunctCache::paths): each path's values numbered (PathIds), and the answer for
    /// each tuple of their numbers met in this part, packed into one key (bits_per_path each).
    std::vector<PathIds> path_ids;
    TupleStates by_ids;
    unsigned bits_per_path = 0;
    /// Tuples looked up and found; `memo` off (every candidate evaluated, as without paths) once a path's
    /// value cannot be numbered (a list: the route) or the first kMemoTrial lookups found too few.
    std::uint32_t looked_up = 0, found = 0;
    bool memo = true;
  };
  std::vector<Test> tests(conjuncts.size());
  for (std::size_t k = 0; k < conjuncts.size(); ++k) {
    Test& t = tests[k];
    ConjunctCache* c = conjuncts[k];
    t.cache = c;
    t.own_enum = c->own_enum;
    t.column = c->column;
    for (const std::vector<std::uint16_t>& p : c->paths) {
      // A path's value is a function of its first field's value: a coded column of that field numbers it.
      t.path_ids.emplace_back().column = column(std::vector{p.front()});
      if (t.path_ids.back().column.coded()) t.path_ids.back().of_slot.assign(t.path_ids.back().column.slots(), 0);
    }
    if (!c->paths.empty()) t.bits_per_path = std::min(32U, 64 / static_cast<unsigned>(c->paths.size()));
    if (!t.column.coded()) continue;  // tested per candidate, read through its column if it has one (a date)
    t.table.assign(t.column.slots(), ConjunctCache::unknown);
  }
  std::string text;
  // Whether the conjuncts are evaluated before the key: the key first while sampling (a sparse key, a
  // contract or a reference, leaves most candidates out at the cost of one read), then whichever left
  // more candidates out. Either order gives the same index.
  constexpr std::size_t kSample = 512;
  const std::size_t decide_at = part.begin + kSample;
  std::size_t keys_missing = 0;
  std::size_t conjuncts_false = 0;
  bool conjuncts_first = false;
  std::vector<PathMemo> memos(conjuncts.size());
  std::string memo_key;  // ConjunctCache::paths: a path's value, as PathIds numbers it
  std::vector<std::array<std::uint8_t, 64>> by_code(conjuncts.size());  // enum tests: state by enum code
  auto state_of = [](const Value& v) {
    return v.is_false() ? ConjunctCache::fails : v.is_true() ? ConjunctCache::holds : ConjunctCache::missing;
  };
  // A conjunct tested per candidate: its shared state, else evaluated (and the state kept).
  auto stated_state = [&](std::size_t k, std::size_t ix, std::uint32_t i, const Value& bound) {
    ConjunctCache* c = conjuncts[k];
    std::uint8_t s = c->load(ix);
    if (s != ConjunctCache::unknown) return s;
    if (c->enum_field) {
      // An enum test of a path: evaluated by the machine once per code of the enum.
      const Value base = c->path->empty() ? bound : machine.read_path(spec.over, i, *c->path);
      const int code = machine.enum_code(*c->enum_field, base);
      std::uint8_t unknown = ConjunctCache::unknown;
      std::uint8_t& known = code >= 0 && code < 64 ? by_code[k][static_cast<std::size_t>(code)] : unknown;
      if (known == ConjunctCache::unknown) known = state_of(machine.eval_with(*c->rule, c->node, c->path_nodes, base));
      s = known;
    } else if (c->path) {
      // One path: read directly, the conjunct evaluated by the machine once per value of it.
      const ColumnRead& col = tests[k].column;
      Value v = col ? col.value(i) : machine.read_path(spec.over, i, *c->path);
      std::uint8_t* known = memos[k].find(v);
      s = known != nullptr ? *known : ConjunctCache::unknown;
      if (s == ConjunctCache::unknown) s = state_of(machine.eval_with(*c->rule, c->node, c->path_nodes, v));
      if (known != nullptr) *known = s;
    } else if (!c->paths.empty() && tests[k].memo) {
      // A few paths: evaluated once per distinct tuple of their values, with the candidate itself, which
      // gives what those values give.
      Test& t = tests[k];
      std::uint64_t key = 0;
      bool kept = true;
      for (std::size_t p = 0; p < c->paths.size() && kept; ++p) {
        const std::uint32_t id = t.path_ids[p].id(machine, spec.over, i, c->paths[p], memo_key);
        kept = id < (std::uint64_t{1} << t.bits_per_path);  // PathIds::kNotKept too
        key |= std::uint64_t{id} << (p * t.bits_per_path);
      }
      s = kept ? t.by_ids.find(key) : ConjunctCache::unknown;
      if (s == ConjunctCache::unknown) {
        s = state_of(machine.eval_bound(*c->rule, c->node, c->slot, bound));
        if (kept) t.by_ids.add(key, s);
      } else {
        ++t.found;
      }
      // Reading and numbering the paths costs a fraction of an evaluation: worth it only when most
      // candidates share their tuple with an earlier one.
      if (!kept || (++t.looked_up == kMemoTrial && t.found * 4 < t.looked_up)) t.memo = false;
    } else {
      s = state_of(machine.eval_bound(*c->rule, c->node, c->slot, bound));
    }
    c->store(ix, s);
    return s;
  };
  std::vector<Test*> slotted;         // the conjuncts answered by slot
  std::vector<std::size_t> per_candidate;  // the others, by number
  for (std::size_t k = 0; k < tests.size(); ++k) {
    if (!tests[k].table.empty()) {
      slotted.push_back(&tests[k]);
    } else {
      per_candidate.push_back(k);
    }
  }
  // A slot's first candidate: the conjunct evaluated by the machine (out of the loop's way).
  const auto fill = [&](Test& t, std::uint32_t slot, std::uint32_t i) __attribute__((noinline)) {
    const ConjunctCache& c = *t.cache;
    const Value v = t.own_enum ? Value::of_index(payments ? ValueKind::payment : ValueKind::shipment, i) : t.column.value_of(slot);
    return t.table[slot] = state_of(machine.eval_with(*c.rule, c.node, c.path_nodes, v));
  };
  auto left_out = [&](std::size_t ix, std::uint32_t i, const Value& bound) {
    for (const std::size_t k : per_candidate) {
      if (stated_state(k, ix, i, bound) == ConjunctCache::fails) return true;
    }
    return false;
  };
  const bool stated_tests = !per_candidate.empty();
  const Test* const lead = slotted.empty() ? nullptr : slotted.front();
  bool decided = false;
  part.entries = std::make_unique_for_overwrite<WindowIndex::Entry[]>(part.end - part.begin);
  part.group_of = std::make_unique_for_overwrite<std::uint32_t[]>(part.end - part.begin);
  // The first table's codes and answers, read directly (ColumnRead::slot tests the column's kind per row).
  const std::uint32_t* const lead_codes = lead != nullptr ? lead->column.codes() : nullptr;
  const std::uint32_t lead_offset = lead != nullptr ? lead->column.slot_offset() : 0;
  const std::uint8_t* const lead_table = lead != nullptr ? lead->table.data() : nullptr;
  // A key that is a path in no column, when no table passes candidates over (every one reaches the key,
  // unless a conjunct tested first rules it out): read for a block of candidates at once
  // (Machine::read_path_rows, what read_path gives for less). Not a path that builds text, which the
  // conjuncts' evaluations between the read and its use may overwrite.
  constexpr std::size_t kAhead = 256;
  const bool read_ahead = path && !key_column && lead == nullptr && !builds_text(*path);
  std::vector<Value> ahead(read_ahead ? kAhead : 0);
  std::vector<std::uint32_t> ahead_rows(ahead.size());
  for (std::uint32_t k = 0; k < ahead_rows.size(); ++k) ahead_rows[k] = k;
  std::size_t ahead_begin = part.begin;
  std::size_t ahead_end = part.begin;  // [ahead_begin, ahead_end) read into `ahead`
  const auto key_ahead = [&](std::size_t ix) -> const Value& {
    if (ix >= ahead_end) {
      ahead_begin = ix;
      ahead_end = std::min(part.end, ix + kAhead);
      machine.read_path_rows(spec.over, static_cast<std::uint32_t>(ix), *path, ahead_rows.data(), ahead_end - ix, ahead.data());
    }
    return ahead[ix - ahead_begin];
  };
  for (std::size_t ix = part.begin; ix < part.end; ++ix) {
    // The candidates the first table already rules out are passed over in a loop of their own (most of
    // them, for a window over SPFS payments).
    if (lead != nullptr) {
      while (ix < part.end && lead_table[static_cast<std::uint32_t>(lead_codes[ix] + lead_offset)] == ConjunctCache::fails) ++ix;
      if (ix == part.end) break;
    }
    const auto i = static_cast<std::uint32_t>(ix);
    if (!decided && ix >= decide_at) {
      decided = true;
      conjuncts_first = conjuncts_false > keys_missing;
    }
    // The conjuncts answered by slot first, whatever the order below: a load of the code and one of the
    // answer each, less than reading the key.
    bool out = false;
    for (Test* t : slotted) {
      const std::uint32_t slot = t->column.slot(i);
      std::uint8_t s = t->table[slot];
      if (s == ConjunctCache::unknown) s = fill(*t, slot, i);
      if (s == ConjunctCache::fails) {
        out = true;
        break;
      }
    }
    if (out) continue;
    // A conjunct another window already found false costs one load, before the key is read.
    if (std::any_of(per_candidate.begin(), per_candidate.end(), [&](std::size_t k) {
          return conjuncts[k]->load(ix) == ConjunctCache::fails;
        })) {
      continue;
    }
    const Value bound = Value::of_index(payments ? ValueKind::payment : ValueKind::shipment, i);
    if (stated_tests && conjuncts_first && left_out(ix, i, bound)) continue;
    const std::uint32_t key_slot = key_column.coded() ? key_column.slot(i) : 0;
    std::uint32_t* known_group = key_column.coded() ? &key_groups[key_slot] : nullptr;
    if (known_group != nullptr && *known_group == kMissingKey) {
      ++keys_missing;
      continue;
    }
    const bool found = known_group != nullptr && *known_group != 0;
    std::optional<std::uint64_t> hashed;
    if (!found) {
      // The key is kept as a hash key or as text, since the conjuncts' evaluations may reuse its memory.
      const Value key = key_column   ? key_column.value(i)
                        : read_ahead ? key_ahead(ix)
                        : path       ? machine.read_path(spec.over, i, *path)
                                     : machine.eval_bound(rule, spec.inner_key, spec.slot, bound);
      if (!key.is_missing()) hashed = index_key(key);
      if (key.is_missing() || (!hashed && !window_key_into(key, text))) {  // a missing key (a contract not given)
        if (known_group != nullptr) *known_group = kMissingKey;
        ++keys_missing;
        continue;
      }
    }
    if (stated_tests && !conjuncts_first && left_out(ix, i, bound)) {
      ++conjuncts_false;
      continue;
    }
    const auto next = static_cast<std::uint32_t>(part.sizes.size());
    std::uint32_t group = next;
    if (found) {
      group = *known_group - 1;
    } else if (known_group != nullptr) {  // a slot's first candidate in this part: a group of its own
      part.group_slot.push_back(key_slot);
      *known_group = group + 1;
    } else {
      if (hashed) {
        group = part.by_index.try_emplace(*hashed, next).first->second;
      } else {
        const auto it = part.by_text.find(std::string_view(text));
        group = it != part.by_text.end() ? it->second : part.by_text.emplace(text, next).first->second;
      }
    }
    if (group == next) part.sizes.push_back(0);
    ++part.sizes[group];
    part.group_of[part.kept] = group;
    const std::int32_t day = days != nullptr ? days[ix] : (payments ? data.payments[ix].date : data.shipments[ix].date).days_since_epoch();
    part.entries[part.kept++] = {day, i};
  }
  // What the slots gave, for precompute() to read (every candidate kept here has its slots' answers).
  for (const Test* t : slotted) {
    for (std::uint32_t slot = 0; slot < t->table.size(); ++slot) {
      if (t->table[slot] != ConjunctCache::unknown) std::atomic_ref(t->cache->by_slot[slot]).store(t->table[slot], std::memory_order_relaxed);
    }
  }
}

/// Keys::dense, when every key is of one kind (entity, payment, …) and at most a few indices below the
/// largest have no group: 4 bytes a slot, against a hash node of some 30. The keys are `keyed` (index key,
/// group), which go to Keys::by_index only when they cannot be dense, or else those of Keys::by_index.
void make_dense(WindowIndex::Keys& keys, const std::vector<std::pair<std::uint64_t, std::uint32_t>>& keyed) {
  keys.dense.clear();
  keys.dense_kind = ValueKind::missing;
  const auto sparse = [&] {
    for (const auto& [key, group] : keyed) keys.by_index.try_emplace(key, group);
  };
  const auto dense = [&](const auto& all) {
    if (all.empty() || !keys.by_text.empty()) return false;
    const std::uint64_t kind = all.begin()->first >> 32;
    std::uint64_t largest = 0;
    for (const auto& [key, group] : all) {
      if (key >> 32 != kind) return false;
      largest = std::max(largest, key & 0xffffffffU);
    }
    if (largest >= 4 * all.size() + 1024) return false;
    keys.dense.assign(largest + 1, 0);
    for (const auto& [key, group] : all) keys.dense[key & 0xffffffffU] = group + 1;
    keys.dense_kind = static_cast<ValueKind>(kind);
    return true;
  };
  if (keyed.empty()) {
    (void)dense(keys.by_index);
  } else if (!keys.by_index.empty() || !dense(keyed)) {
    sparse();
  }
}

/// The parts of one window, in order, as `index`'s keys, groups and entries (`entries`), each group's in
/// index order (not yet by date). Empties `parts`.
void merge_parts(std::vector<Part>& parts, WindowIndex& index, LargeArray<WindowIndex::Entry>& entries) {
  auto keys = std::make_shared<WindowIndex::Keys>();
  std::string text;
  std::vector<std::uint32_t> sizes;  // [group]
  std::vector<std::vector<std::uint32_t>> global(parts.size());  // [part][group in the part] -> group
  // Keys read from a coded column (every part has the same): [slot] its group + 1, 0 until met, so that
  // a key is neither hashed nor looked up; the entity keys among them, to be made dense or hashed once.
  std::vector<std::uint32_t> slot_group;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;  // (index key, group)
  for (std::size_t p = 0; p < parts.size(); ++p) {
    global[p].resize(parts[p].sizes.size());
    auto add = [&](std::uint32_t local, std::uint32_t group) {
      if (group == sizes.size()) sizes.push_back(0);
      global[p][local] = group;
      sizes[group] += parts[p].sizes[local];
    };
    for (const auto& [key, local] : parts[p].by_index) {
      add(local, keys->by_index.try_emplace(key, static_cast<std::uint32_t>(sizes.size())).first->second);
    }
    const auto add_text = [&](std::uint32_t local, std::string_view key) {
      const auto it = keys->by_text.find(key);
      add(local, it != keys->by_text.end() ? it->second
                                           : keys->by_text.emplace(key, static_cast<std::uint32_t>(sizes.size())).first->second);
    };
    for (const auto& [key, local] : parts[p].by_text) add_text(local, key);
    if (!parts[p].group_slot.empty() && slot_group.empty()) slot_group.assign(parts[p].column.slots(), 0);
    for (std::uint32_t local = 0; local < parts[p].group_slot.size(); ++local) {
      const std::uint32_t slot = parts[p].group_slot[local];
      if (slot_group[slot] != 0) {
        add(local, slot_group[slot] - 1);
        continue;
      }
      std::uint32_t group = static_cast<std::uint32_t>(sizes.size());
      const Value key = parts[p].column.value_of(slot);
      if (const auto k = index_key(key)) {
        keyed.emplace_back(*k, group);  // distinct slots have distinct keys
      } else if (window_key_into(key, text)) {
        group = keys->by_text.try_emplace(text, group).first->second;
      } else {
        continue;  // a missing key: not reached, add_entries left those out
      }
      slot_group[slot] = group + 1;
      add(local, group);
    }
  }
  make_dense(*keys, keyed);
  std::vector<std::size_t> next(sizes.size() + 1, 0);  // where each group's next entry goes
  for (std::size_t g = 0; g < sizes.size(); ++g) next[g + 1] = next[g] + sizes[g];
  entries.resize(next.back());
  auto groups = std::make_shared<std::vector<WindowIndex::Group>>(sizes.size());
  for (std::size_t g = 0; g < sizes.size(); ++g) (*groups)[g].entries = std::span(entries.data() + next[g], sizes[g]);
  index.groups = *groups;
  index.group_store = std::move(groups);
  for (std::size_t p = 0; p < parts.size(); ++p) {
    for (std::size_t j = 0; j < parts[p].kept; ++j) entries[next[global[p][parts[p].group_of[j]]]++] = parts[p].entries[j];
    parts[p] = {};
  }
  index.keys = std::move(keys);
}

/// Groups [first, last) of a window: groups of about `part` entries together, a large one alone.
std::vector<std::pair<std::uint32_t, std::uint32_t>> chunks_of(const WindowIndex& index, std::size_t part) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> out;
  std::size_t entries = 0;
  std::uint32_t first = 0;
  for (std::uint32_t g = 0; g < index.groups.size(); ++g) {
    entries += index.groups[g].entries.size();
    if (entries >= part) {
      out.emplace_back(first, g + 1);
      first = g + 1;
      entries = 0;
    }
  }
  if (first < index.groups.size() || out.empty()) out.emplace_back(first, static_cast<std::uint32_t>(index.groups.size()));
  return out;
}

/// The hash (sub_key_hash) of each candidate's value of one second key once known: shared by the sub-keys
/// of windows with that key (by structure) over any sources, so that the key is evaluated at most once per
/// candidate.
struct KeyValues {
  static constexpr std::uint32_t kUnknown = 0xfffffffdU;
  const CompiledRule* rule = nullptr;
  std::uint32_t slot = 0;
  SubjectKind over = SubjectKind::payment;
  std::uint32_t node = 0;  ///< the key X
  std::optional<std::vector<std::uint16_t>> path;  ///< X's fields when it is a path of the candidate
  /// Else, when X reads one path of the candidate (`left(q.hs_code, 2)`): that path and the nodes reading
  /// it (path_read), and the hash X gave each value of it: candidates share few values.
  std::optional<std::vector<std::uint16_t>> read;
  std::vector<std::uint32_t> read_nodes;
  std::unordered_map<std::string, std::uint32_t, compile::TransparentHash, std::equal_to<>> by_read;
  /// When `path` or `read` is in a column (ColumnRead): the hash X gave each slot of it (or kUnknown),
  /// instead of `of` and `by_read`: one load per candidate, no path read, no text hashed.
  ColumnRead column;
  std::vector<std::uint32_t> by_slot;
  std::vector<std::uint32_t> of;  ///< [candidate]: its hash, kMissing, or kUnknown
  std::vector<std::pair<std::size_t, std::shared_ptr<WindowIndex::SubKeys>>> builds;  ///< (source window, its sub-keys)

  std::uint32_t hash(Machine& machine, std::uint32_t ix, std::string& text) {
    if (column.coded()) {
      const std::uint32_t code = column.slot(ix);
      std::uint32_t& known = by_slot[code];
      if (known == kUnknown) {
        const Value v = column.value_of(code);
        known = sub_key_hash(read ? machine.eval_with(*rule, node, read_nodes, v) : v, text);
      }
      return known;
    }
    std::uint32_t& known = of[ix];
    if (known != kUnknown) return known;
    if (read) {
      const Value r = machine.read_path(over, ix, *read);
      // A read value with a key is looked up first; one without (missing) is evaluated every time.
      std::uint32_t* cached = nullptr;
      if (window_key_into(r, text)) {
        const auto [it, added] = by_read.try_emplace(text, 0);
        if (!added) return known = it->second;
        cached = &it->second;  // node-based map: stays valid
      }
      known = sub_key_hash(machine.eval_with(*rule, node, read_nodes, r), text);
      if (cached != nullptr) *cached = known;
      return known;
    }
    // A path is read without the machine's evaluation.
    const Value v = path ? machine.read_path(over, ix, *path)
                         : machine.eval_bound(*rule, node, slot, Value::of_index(over == SubjectKind::payment ? ValueKind::payment
                                                                                                               : ValueKind::shipment, ix));
    return known = sub_key_hash(v, text);
  }
};

/// Groups the candidates of each group of `index` by the id of their value of the key of `values` (`keys`).
void add_sub_keys(Machine& machine, const WindowIndex& index, KeyValues& values, WindowIndex::SubKeys& keys) {
  std::string text;
  // Sized once for the largest group, not per group: most groups are small and many.
  std::size_t largest = 0;
  for (const WindowIndex::Group& g : index.groups) largest = std::max(largest, g.entries.size());
  std::vector<std::uint32_t> ids(largest);     // [position in the group]
  std::vector<std::uint64_t> order(largest);  // id << 32 | position, when the ids are not in order
  const std::size_t total = index.entries ? index.entries->size() : 0;
  keys.entries.resize(total);  // every entry is written once, group after group
  keys.spans.reserve(total);   // at most one per entry
  keys.first.resize(index.groups.size() + 1);
  WindowIndex::Entry* out = keys.entries.data();
  const auto span = [&](std::uint32_t id, std::size_t size) {
    const auto begin = static_cast<std::uint32_t>(out - keys.entries.data());
    keys.spans.push_back({id, begin, static_cast<std::uint32_t>(size)});
  };
  for (std::size_t g = 0; g < index.groups.size(); ++g) {
    const std::span<const WindowIndex::Entry> group = index.groups[g].entries;
    keys.first[g] = static_cast<std::uint32_t>(keys.spans.size());
    bool sorted = true;  // often one value (a currency) for the whole group
    for (std::size_t k = 0; k < group.size(); ++k) {
      ids[k] = keys.id_of(values.hash(machine, group[k].ix, text));
      sorted = sorted && (k == 0 || ids[k - 1] <= ids[k]);
    }
    if (sorted) {
      // Runs of one id, in the group's order (by date, then subject index): copied as they are.
      for (std::size_t i = 0; i < group.size();) {
        std::size_t j = i + 1;
        while (j < group.size() && ids[j] == ids[i]) ++j;
        span(ids[i], j - i);
        out = std::copy(group.begin() + static_cast<std::ptrdiff_t>(i), group.begin() + static_cast<std::ptrdiff_t>(j), out);
        i = j;
      }
      continue;
    }
    // By id, then position: each id's candidates stay by date, then subject index (those of two values
    // with one id as well).
    for (std::size_t k = 0; k < group.size(); ++k) order[k] = std::uint64_t{ids[k]} << 32 | k;
    std::sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(group.size()));
    for (std::size_t i = 0; i < group.size();) {
      const auto id = static_cast<std::uint32_t>(order[i] >> 32);
      std::size_t j = i + 1;
      while (j < group.size() && order[j] >> 32 == id) ++j;
      span(id, j - i);
      for (; i < j; ++i) *out++ = group[order[i] & 0xffffffffU];
    }
  }
  keys.first.back() = static_cast<std::uint32_t>(keys.spans.size());
}

double seconds_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

/// The mask of the SubKeys built from now on (set_sub_key_mask).
std::atomic<std::uint32_t> sub_key_mask{0x7fffffffU};

}  // namespace

std::uint32_t sub_key_hash(const Value& v, std::string& scratch) {
  const auto fold = [](std::uint64_t h) { return static_cast<std::uint32_t>(h ^ (h >> 32)) & 0x7fffffffU; };
  switch (v.kind) {
    case ValueKind::missing: return WindowIndex::SubKeys::kMissing;
    case ValueKind::string:
    case ValueKind::country: return fold(std::hash<std::string_view>{}(compile::text_of(v)));
    case ValueKind::entity:
    case ValueKind::payment:
    case ValueKind::shipment:
    case ValueKind::relation:
      return fold((std::uint64_t{static_cast<std::uint8_t>(v.kind)} << 32 | v.index) * 0x9e3779b97f4a7c15ULL);
    default:
      (void)window_key_into(v, scratch);
      return fold(std::hash<std::string_view>{}(scratch));
  }
}

std::uint32_t set_sub_key_mask(std::uint32_t mask) noexcept { return sub_key_mask.exchange(mask & 0x7fffffffU); }

bool window_key_into(const Value& v, std::string& out) {
  out.clear();
  auto number = [&](char tag, auto x) {
    out.push_back(tag);
    out.push_back(':');
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    out.append(buf, r.ptr);
  };
  switch (v.kind) {
    case ValueKind::missing: return false;
    case ValueKind::string:
    case ValueKind::country: out.append("s:").append(compile::text_of(v)); return true;
    case ValueKind::entity: number('e', v.index); return true;
    case ValueKind::payment: number('p', v.index); return true;
    case ValueKind::shipment: number('h', v.index); return true;
    case ValueKind::relation: number('r', v.index); return true;
    case ValueKind::integer: number('n', v.integer); return true;
    default: out.append("v:").append(compile::render_plain(v)); return true;  // decimals canonical, dates ISO
  }
}

std::optional<std::string> window_key(const Value& v) {
  std::string out;
  if (!window_key_into(v, out)) return std::nullopt;
  return out;
}

WindowIndex::Sums WindowIndex::sums_of(const Group& g) const {
  const std::size_t at = position(g);
  const std::size_t n = g.entries.size();
  const std::size_t prefix = prefix_position(g);
  const auto part = [&](const auto& v, std::size_t from, std::size_t size) {
    return v.empty() ? std::span<const typename std::decay_t<decltype(v)>::value_type>() : std::span(v.data() + from, size);
  };
  return {part(sums.state, at, n), part(sums.in_before, prefix, n + 1), part(sums.missing_before, prefix, n + 1),
          part(sums.values, at, n), part(sums.value_ids, at, n)};
}

const WindowIndex::Group* WindowIndex::find(const Value& key, std::string& scratch) const {
  if (!keys) return nullptr;
  if (key.kind == keys->dense_kind) {
    const std::uint32_t g = key.index < keys->dense.size() ? keys->dense[key.index] : 0;
    return g == 0 ? nullptr : &groups[g - 1];
  }
  if (const auto k = index_key(key)) {
    const auto it = keys->by_index.find(*k);
    return it == keys->by_index.end() ? nullptr : &groups[it->second];
  }
  if (!window_key_into(key, scratch)) return nullptr;
  const auto it = keys->by_text.find(std::string_view(scratch));
  return it == keys->by_text.end() ? nullptr : &groups[it->second];
}

bool window_precomputable(const CompiledRule& rule, const compile::WindowSpec& spec) {
  std::vector<std::uint32_t> slots{spec.slot};
  return candidate_only(rule, spec.where, slots) && (!spec.value || candidate_only(rule, *spec.value, slots));
}

bool WindowIndexes::needed(const compile::RuleSet::Impl& rules) {
  return std::any_of(rules.rules.begin(), rules.rules.end(), [](const auto& r) { return !r.windows.empty(); });
}

WindowIndexes::WindowIndexes(const compile::RuleSet::Impl& rules, const model::Dataset& data,
                             std::optional<core::Date> as_of, bool precompute_residuals, BuildThreads threads,
                             std::size_t part, bool read_columns) {
  std::optional<model::PaymentColumns> own_payment_columns;
  std::optional<model::ShipmentColumns> own_shipment_columns;
  Columns columns;
  if (read_columns) {
    columns.payments = &columns_for(data, own_payment_columns);
    columns.shipments = &columns_for(data, own_shipment_columns);
  }
  indexes_.resize(rules.rules.size());
  seconds_.assign(rules.rules.size(), 0.0);
  for (std::size_t r = 0; r < rules.rules.size(); ++r) indexes_[r].resize(rules.rules[r].windows.size());

  // Windows, of one rule or of several, that index the same candidates under the same key share one build:
  // the first of them (its source) groups the candidates, the others share its groups. Windows that also
  // share their `where`, value and aggregate copy the first one's precomputed values as well. Without
  // precomputing, every window builds its own plain index of every candidate (what the optimised
  // indexes are checked against).
  struct Window {
    std::size_t rule = 0;
    std::size_t window = 0;
    std::size_t source = 0;    ///< the window (in `windows`) that builds the groups
    std::size_t same_as = 0;   ///< the window whose precomputed index this one copies (itself: none)
    std::size_t matches = 0;   ///< the window whose matches of the `where` this one copies (itself: none)
    bool precomputable = false;
    std::vector<ConjunctCache*> conjuncts;
    double seconds = 0;
  };
  std::vector<Window> windows;
  std::unordered_map<std::string, std::size_t> sources;  // signature -> window
  std::unordered_map<std::string, std::size_t> wheres;   // signature with the `where` -> window
  std::unordered_map<std::string, std::size_t> full;     // with the value and aggregate too -> window
  std::unordered_map<std::string, std::unique_ptr<ConjunctCache>> caches;
  std::vector<std::unique_ptr<ConjunctCache>> unshared;
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    const CompiledRule& rule = rules.rules[r];
    for (std::size_t w = 0; w < rule.windows.size(); ++w) {
      const compile::WindowSpec& spec = rule.windows[w];
      const std::size_t self = windows.size();
      Window& win = windows.emplace_back(Window{r, w, self, self, self, false, {}, 0});
      if (!precompute_residuals) continue;
      win.precomputable = window_precomputable(rule, spec);
      const std::size_t n = spec.over == SubjectKind::payment ? data.payments.size() : data.shipments.size();
      std::string key;
      put(key, spec.over);
      bool shared = Signer(rule, spec.slot).sign(spec.inner_key, key);
      std::vector<std::string> signed_conjuncts;
      for (const std::uint32_t c : candidate_conjuncts(rule, spec)) {
        std::string sig;
        put(sig, spec.over);
        ConjunctCache* cache = nullptr;
        if (Signer(rule, spec.slot).sign(c, sig)) {
          std::unique_ptr<ConjunctCache>& slot = caches[sig];
          if (!slot) slot = std::make_unique<ConjunctCache>();
          cache = slot.get();
          signed_conjuncts.push_back(std::move(sig));
        } else {
          shared = false;
          cache = unshared.emplace_back(std::make_unique<ConjunctCache>()).get();
        }
        if (cache->rule == nullptr) {  // new
          cache->rule = &rule;
          cache->node = c;
          cache->slot = spec.slot;
          cache->path = path_read(rule, c, spec.slot, cache->path_nodes);
          if (!cache->path) cache->paths = paths_read(rule, c, spec.slot, kMemoPaths);
          if (rule.nodes[c].op == Op::enum_test) cache->enum_field = static_cast<check::FieldId>(rule.nodes[c].field);
          choose_column(*cache, spec.over, columns, data.entities.size());
          if (cache->by_slot.empty()) cache->state.resize(n);  // zero: unknown; answered by slot, never read
        }
        win.conjuncts.push_back(cache);
      }
      if (!shared) continue;
      // The conjuncts in any order leave out the same candidates.
      std::sort(signed_conjuncts.begin(), signed_conjuncts.end());
      for (const std::string& c : signed_conjuncts) {
        put(key, c.size());
        key.append(c);
      }
      win.source = sources.try_emplace(key, self).first->second;
      if (!win.precomputable || !Signer(rule, spec.slot).sign(spec.where, key)) continue;
      win.matches = wheres.try_emplace(key, self).first->second;
      put(key, spec.aggregate);
      put(key, spec.value.has_value());
      if (spec.value && !Signer(rule, spec.slot).sign(*spec.value, key)) continue;
      win.same_as = full.try_emplace(key, self).first->second;
    }
  }
  auto index_of = [&](const Window& w) -> WindowIndex& { return indexes_[w.rule][w.window]; };
  // Each step's tasks note their seconds here, charged to their windows once the step is over.
  std::vector<double> spent;
  auto charge = [&](auto window_of) {
    for (std::size_t t = 0; t < spent.size(); ++t) windows[window_of(t)].seconds += spent[t];
  };

  // 1. The sources group their candidates, in parts on any thread. Each part has a map of its own and
  // the merge reads them all: no more parts than the threads can use.
  const auto part_of = [&](std::size_t n) {
    if (part > 0) return part;
    return threads.count <= 1 ? std::max<std::size_t>(n, 1)
                             : std::max(kPart, (n + 4 * threads.count - 1) / (4 * threads.count));
  };
  std::vector<std::size_t> builds;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    if (windows[i].source == i) builds.push_back(i);
  }
  std::vector<std::vector<Part>> parts(builds.size());
  std::vector<std::pair<std::size_t, std::size_t>> tasks;  // (build, part)
  for (std::size_t b = 0; b < builds.size(); ++b) {
    const compile::WindowSpec& spec = rules.rules[windows[builds[b]].rule].windows[windows[builds[b]].window];
    const std::size_t n = spec.over == SubjectKind::payment ? data.payments.size() : data.shipments.size();
    for (std::size_t begin = 0; begin < n || begin == 0; begin += part_of(n)) {
      tasks.emplace_back(b, parts[b].size());
      Part& p = parts[b].emplace_back();
      p.begin = begin;
      p.end = std::min(n, begin + part_of(n));
    }
  }
  spent.assign(tasks.size(), 0.0);
  run_with_machines(tasks.size(), threads, rules, data, as_of, [&](std::size_t t, Machine& machine) {
    const auto started = std::chrono::steady_clock::now();
    const Window& w = windows[builds[tasks[t].first]];
    const CompiledRule& rule = rules.rules[w.rule];
    add_entries(machine, rule, rule.windows[w.window], w.conjuncts, data, columns, parts[tasks[t].first][tasks[t].second]);
    spent[t] = seconds_since(started);
  });
  charge([&](std::size_t t) { return builds[tasks[t].first]; });

  // 2. Each source merges its parts in order, then its groups are sorted by date and index (in chunks of
  // about `part` entries, on any thread).
  std::vector<std::shared_ptr<LargeArray<WindowIndex::Entry>>> entries(builds.size());
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> chunks(builds.size());  // [build]
  std::vector<std::size_t> build_of(windows.size(), 0);                                     // [source window]
  spent.assign(builds.size(), 0.0);
  run_with_machines(builds.size(), threads, rules, data, as_of, [&](std::size_t b, Machine&) {
    const auto started = std::chrono::steady_clock::now();
    WindowIndex& index = index_of(windows[builds[b]]);
    entries[b] = std::make_shared<LargeArray<WindowIndex::Entry>>();
    merge_parts(parts[b], index, *entries[b]);
    chunks[b] = chunks_of(index, part_of(entries[b]->size()));
    spent[b] = seconds_since(started);
  });
  charge([&](std::size_t b) { return builds[b]; });
  tasks.clear();  // (build, chunk)
  for (std::size_t b = 0; b < builds.size(); ++b) {
    build_of[builds[b]] = b;
    index_of(windows[builds[b]]).entries = entries[b];
    for (std::size_t c = 0; c < chunks[b].size(); ++c) tasks.emplace_back(b, c);
  }
  spent.assign(tasks.size(), 0.0);
  run_with_machines(tasks.size(), threads, rules, data, as_of, [&](std::size_t t, Machine&) {
    const auto started = std::chrono::steady_clock::now();
    const auto [b, c] = tasks[t];
    WindowIndex::Entry* const base = entries[b]->data();  // the groups' spans, writable
    const WindowIndex& index = index_of(windows[builds[b]]);
    for (std::uint32_t g = chunks[b][c].first; g < chunks[b][c].second; ++g) {
      const std::span<const WindowIndex::Entry> e = index.groups[g].entries;
      WindowIndex::Entry* const from = base + (e.data() - base);
      const auto by_date = [](const WindowIndex::Entry& x, const WindowIndex::Entry& y) {
        return x.date != y.date ? x.date < y.date : x.ix < y.ix;
      };
      // In index order already, and datasets are often in date order: then one pass instead of a sort.
      if (!std::is_sorted(from, from + e.size(), by_date)) std::sort(from, from + e.size(), by_date);
    }
    spent[t] = seconds_since(started);
  });
  charge([&](std::size_t t) { return builds[tasks[t].first]; });

  // 3. The other windows read their source's keys, entries and groups; those that can precompute do, each chain of
  // windows sharing their matches of the `where` one after the other (the first computes them, the others
  // read them), in the source's chunks on any thread.
  std::vector<std::vector<std::size_t>> chains;
  std::unordered_map<std::size_t, std::size_t> chain_of;  // first window of matches -> chain
  for (std::size_t i = 0; i < windows.size(); ++i) {
    Window& w = windows[i];
    if (w.same_as != i) continue;  // shares an equal window's index (step 4)
    const auto [it, added] = chain_of.try_emplace(w.matches, chains.size());
    if (added) chains.emplace_back();
    chains[it->second].push_back(i);
    WindowIndex& index = index_of(w);
    if (w.source != i) {
      const WindowIndex& from = index_of(windows[w.source]);
      index.keys = from.keys;
      index.entries = from.entries;
      index.groups = from.groups;
      index.group_store = from.group_store;
    }
    if (w.precomputable) {
      index.texts.resize(chunks[build_of[w.source]].size());
      size_precomputed(index, rules.rules[w.rule].windows[w.window]);
    }
  }
  tasks.clear();  // (chain, chunk)
  for (std::size_t c = 0; c < chains.size(); ++c) {
    const bool computes = std::any_of(chains[c].begin(), chains[c].end(), [&](std::size_t i) { return windows[i].precomputable; });
    if (!computes) continue;  // windows on the general path: done
    for (std::size_t k = 0; k < chunks[build_of[windows[chains[c].front()].source]].size(); ++k) tasks.emplace_back(c, k);
  }
  const auto failed = std::make_unique<std::atomic<bool>[]>(windows.size());
  std::vector<std::vector<double>> chain_spent(tasks.size());
  run_with_machines(tasks.size(), threads, rules, data, as_of, [&](std::size_t t, Machine& machine) {
    const auto [c, k] = tasks[t];
    const std::vector<std::size_t>& chain = chains[c];
    const auto [first, last] = chunks[build_of[windows[chain.front()].source]][k];
    std::vector<WindowIndex::State> matched;
    chain_spent[t].assign(chain.size(), 0.0);
    for (std::size_t pos = 0; pos < chain.size(); ++pos) {
      const auto started = std::chrono::steady_clock::now();
      const std::size_t i = chain[pos];
      const Window& w = windows[i];
      WindowIndex& index = index_of(w);
      if (w.precomputable) {
        const CompiledRule& rule = rules.rules[w.rule];
        if (!precompute(machine, rule, rule.windows[w.window], index, first, last, w.conjuncts, matched, w.matches != i,
                        index.texts[k])) {
          failed[i] = true;
        }
      }
      chain_spent[t][pos] = seconds_since(started);
    }
  });
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    for (std::size_t pos = 0; pos < chains[tasks[t].first].size(); ++pos) {
      windows[chains[tasks[t].first][pos]].seconds += chain_spent[t][pos];
    }
  }
  for (std::size_t i = 0; i < windows.size(); ++i) {
    if (windows[i].same_as != i || !windows[i].precomputable) continue;
    if (failed[i]) {
      drop_precomputed(index_of(windows[i]));
    } else {
      index_of(windows[i]).precomputed = true;
    }
  }

  // 4. Windows evaluated per subject whose `where` compares a path of the candidate with the subject group
  // each group's candidates by that path as well (SubKeyPlan), once per source and path, on any thread.
  if (precompute_residuals) {
    std::vector<std::unique_ptr<KeyValues>> keys;
    std::unordered_map<std::string, std::size_t> key_of;  // signature with the kind of candidates -> keys
    // The X of the plans' ranges (SubKeyPlan::Range), read once per candidate for every window with that X.
    struct RangeValues {
      SubjectKind over;
      std::vector<std::uint16_t> path;
      std::vector<std::size_t> sources;  ///< the windows (in `windows`) whose groups hold the candidates compared
      std::shared_ptr<std::vector<Value>> values;
    };
    std::vector<RangeValues> range_values;
    std::unordered_map<std::string, std::size_t> range_of;  // signature with the kind of candidates -> range_values
    for (std::size_t i = 0; i < windows.size(); ++i) {
      const Window& w = windows[i];
      WindowIndex& index = index_of(w);
      if (w.same_as != i || index.precomputed || !index.keys) continue;
      const CompiledRule& rule = rules.rules[w.rule];
      const compile::WindowSpec& spec = rule.windows[w.window];
      index.plan = sub_key_plan(rule, spec);
      if (!index.plan) continue;
      // Only the dataset's own columns: a copy made above (they were out of date) dies with this constructor.
      if (read_columns) {
        use_flat_columns(*index.plan, rule.subject, current_columns<model::PaymentColumns>(data),
                         current_columns<model::ShipmentColumns>(data), data.entities.size());
      }
      for (std::size_t k = 0; k < index.plan->keys.size(); ++k) {
        std::string signature;
        put(signature, spec.over);
        signature += index.plan->signatures[k];
        std::size_t at = keys.size();
        if (!index.plan->signatures[k].empty()) at = key_of.try_emplace(signature, keys.size()).first->second;
        if (at == keys.size()) {
          auto& v = *keys.emplace_back(std::make_unique<KeyValues>());
          v.rule = &rule;
          v.slot = spec.slot;
          v.over = spec.over;
          v.node = index.plan->keys[k];
          v.path = variable_path(rule, v.node, spec.slot);
          if (!v.path) v.read = path_read(rule, v.node, spec.slot, v.read_nodes);
          v.column = ColumnRead::of(spec.over, columns.payments, columns.shipments, v.path ? v.path : v.read, data.entities.size());
          if (v.column.coded()) {
            v.by_slot.assign(v.column.slots(), KeyValues::kUnknown);
          } else {
            v.of.assign(spec.over == SubjectKind::payment ? data.payments.size() : data.shipments.size(), KeyValues::kUnknown);
          }
        }
        KeyValues& v = *keys[at];
        auto it = std::find_if(v.builds.begin(), v.builds.end(), [&](const auto& b) { return b.first == w.source; });
        if (it == v.builds.end()) {
          auto sub = std::make_shared<WindowIndex::SubKeys>();
          sub->mask = sub_key_mask.load();
          it = v.builds.insert(it, {w.source, std::move(sub)});
        }
        index.sub_keys.push_back(it->second);
      }
      for (const SubKeyPlan::Range& range : index.plan->ranges) {
        std::string signature;
        put(signature, spec.over);
        signature += range.signature;
        std::size_t at = range_values.size();
        if (!range.signature.empty()) at = range_of.try_emplace(signature, range_values.size()).first->second;
        if (at == range_values.size()) range_values.push_back({spec.over, range.path, {}, std::make_shared<std::vector<Value>>()});
        std::vector<std::size_t>& from = range_values[at].sources;
        if (std::find(from.begin(), from.end(), w.source) == from.end()) from.push_back(w.source);
        index.range_values.push_back(range_values[at].values);
      }
    }
    // A key's values are found once for all its sources, on one thread; keys and ranges on any thread.
    std::vector<std::vector<double>> key_spent(keys.size());
    std::vector<double> range_spent(range_values.size());
    run_with_machines(keys.size() + range_values.size(), threads, rules, data, as_of, [&](std::size_t t, Machine& machine) {
      if (t >= keys.size()) {
        const auto started = std::chrono::steady_clock::now();
        RangeValues& r = range_values[t - keys.size()];
        r.values->resize(r.over == SubjectKind::payment ? data.payments.size() : data.shipments.size());
        // Only the candidates in the windows' groups are ever compared (the others stay missing).
        for (const std::size_t source : r.sources) {
          const WindowIndex& index = index_of(windows[source]);
          if (!index.entries) continue;
          for (const WindowIndex::Entry& e : *index.entries) (*r.values)[e.ix] = machine.read_path(r.over, e.ix, r.path);
        }
        range_spent[t - keys.size()] = seconds_since(started);
        return;
      }
      for (const auto& [source, sub] : keys[t]->builds) {
        const auto started = std::chrono::steady_clock::now();
        add_sub_keys(machine, index_of(windows[source]), *keys[t], *sub);
        key_spent[t].push_back(seconds_since(started));
      }
      keys[t]->of = {};
    });
    for (std::size_t t = 0; t < keys.size(); ++t) {
      for (std::size_t b = 0; b < keys[t]->builds.size(); ++b) windows[keys[t]->builds[b].first].seconds += key_spent[t][b];
    }
    for (std::size_t t = 0; t < range_values.size(); ++t) windows[range_values[t].sources.front()].seconds += range_spent[t];
  }

  // 5. Windows the same as an earlier one in all but their rule read its index.
  at_.resize(rules.rules.size());
  for (std::size_t r = 0; r < rules.rules.size(); ++r) at_[r].resize(rules.rules[r].windows.size());
  for (const Window& w : windows) at_[w.rule][w.window] = &index_of(windows[w.same_as]);
  for (const Window& w : windows) seconds_[w.rule] += w.seconds;

  // Which windows may scan another's kept candidates; earlier rules first, since a batch runs them first.
  shares_.resize(rules.rules.size());
  std::vector<std::vector<NarrowSigns>> signs(rules.rules.size());  // [rule][window], signed once
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    shares_[r].resize(rules.rules[r].windows.size());
    for (const compile::WindowSpec& spec : rules.rules[r].windows) signs[r].emplace_back(rules.rules[r], spec);
  }
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    const CompiledRule& rule = rules.rules[r];
    for (std::size_t w = 0; w < rule.windows.size(); ++w) {
      for (std::size_t d = 0; d < rules.rules.size(); ++d) {
        const CompiledRule& donor = rules.rules[d];
        for (std::size_t v = 0; v < donor.windows.size(); ++v) {
          if ((d == r && v == w) || !narrows(signs[d][v], signs[r][w])) continue;
          Share& from = shares_[d][v];
          if (from.slot < 0) from.slot = static_cast<std::int32_t>(share_slots_++);
          shares_[r][w].donors.push_back(static_cast<std::uint32_t>(from.slot));
        }
      }
    }
  }
}

}  // namespace sanx::eval
