#include "eval/filter.hpp"

#include <algorithm>
#include <bit>
#include <climits>
#include <cstring>
#include <span>

#include "eval/identity_index.hpp"
#include "sanx/check/schema.hpp"
#include "sanx/core/assert.hpp"
#include "sanx/model/payment.hpp"

namespace sanx::eval {

using check::Builtin;
using compile::CompiledRule;
using compile::Node;
using compile::Op;
using compile::Value;
using compile::ValueKind;

namespace {

/// Results in a leaf table and in the filter's view of a row: one bit each, so that the true and false
/// bits of eight rows' results gather into mask bits with a multiplication (gather_bit0).
constexpr std::uint8_t kTrue = 1;
constexpr std::uint8_t kFalse = 2;
constexpr std::uint8_t kNeither = 4;  ///< missing, or not a boolean
constexpr std::uint8_t kUnknown = 8;  ///< table entry not computed yet
/// Table entry of a gated leaf whose entity has dated facts: decided per row, at the subject's date.
/// It has the bit of kUnknown: where rows are gathered in bulk, both are left to the slow path.
constexpr std::uint8_t kDated = kUnknown | 16;

constexpr std::uint32_t kDatedBits = 16;  ///< Filter::dated_ holds 2^16 results (1 MB)
constexpr std::uint32_t kSpanBits = 10;   ///< Filter::spans_ has 2^10 sets of kSpanWays spans (160 KB)
constexpr std::uint32_t kSpanWays = 8;    ///< a party's rows come in any order of dates: its spans side by side
constexpr std::uint32_t kFirstDictionaryCode = 1024;  ///< below: missing, booleans and countries
constexpr std::uint32_t kEmptyListCode = 1023;  ///< an empty list of parties

std::uint8_t result_of(const Value& v) noexcept {
  if (v.is_true()) return kTrue;
  if (v.is_false()) return kFalse;
  return kNeither;
}

bool any(const BatchMask& m) noexcept {
  return std::any_of(m.begin(), m.end(), [](std::uint64_t w) { return w != 0; });
}

/// Bit k of the result: bit 0 of byte k of `x` (little-endian).
inline std::uint64_t gather_bit0(std::uint64_t x) noexcept {
  return ((x & 0x0101010101010101ULL) * 0x0102040810204080ULL) >> 56;
}

/// Calls f(i) for each row of `live` not in `computed` yet, and adds them to it; a whole word (what a
/// batch's first leaf on a path mostly finds) in a plain loop.
template <typename F>
inline void each_new_row(const BatchMask& live, BatchMask& computed, F&& f) {
  for (std::uint32_t w = 0; w < kBatchWords; ++w) {
    const std::uint64_t todo = live[w] & ~computed[w];
    computed[w] |= todo;
    if (todo == ~std::uint64_t{0}) {
      for (std::uint32_t i = w * 64; i < w * 64 + 64; ++i) f(i);
      continue;
    }
    for (std::uint64_t bits = todo; bits != 0; bits &= bits - 1) f(w * 64 + static_cast<std::uint32_t>(std::countr_zero(bits)));
  }
}

/// As the machine reads a text field: empty is missing.
Value text_value(const std::string& s) noexcept { return s.empty() ? Value::missing() : Value::of_string(s); }

}  // namespace

ColumnSource column_source(const FilterPath& path) noexcept {
  using check::FieldId;
  if (path.kind != compile::SubjectKind::payment) return ColumnSource::none;
  if (path.enum_field) {
    const bool network = path.fields.empty() && !path.bic_country && *path.enum_field == static_cast<std::uint16_t>(FieldId::payment_network);
    return network ? ColumnSource::network : ColumnSource::none;
  }
  if (path.fields.size() == 1) {
    switch (static_cast<FieldId>(path.fields[0])) {
      case FieldId::payment_network: return ColumnSource::network;
      case FieldId::payment_currency: return ColumnSource::currency;
      case FieldId::payment_originator_bic: return ColumnSource::originator_bic;
      case FieldId::payment_beneficiary_bic: return ColumnSource::beneficiary_bic;
      case FieldId::payment_amount: return path.bic_country ? ColumnSource::none : ColumnSource::amount;
      case FieldId::payment_purpose: return path.bic_country ? ColumnSource::none : ColumnSource::purpose;
      default: return ColumnSource::none;
    }
  }
  if (path.fields.size() == 2 && !path.bic_country && static_cast<FieldId>(path.fields[1]) == FieldId::entity_country) {
    switch (static_cast<FieldId>(path.fields[0])) {
      case FieldId::payment_originator_bank: return ColumnSource::originator_bank_country;
      case FieldId::payment_beneficiary_bank: return ColumnSource::beneficiary_bank_country;
      default: return ColumnSource::none;
    }
  }
  return ColumnSource::none;
}

// ---- the plan ----

/// What a subexpression depends on: pure (no designations, no subject date), and through which path.
struct FilterPlan::Purity {
  std::optional<std::uint32_t> path;
  std::vector<std::uint32_t> overrides;
  bool gated = false;  ///< it calls a gated builtin
  /// The dated table sets it tests membership in (at the subject's date).
  std::vector<const compile::ConstSet*> dated_sets;
};

FilterPlan::FilterPlan(const compile::RuleSet::Impl& rules) {
  roots_.reserve(rules.rules.size());
  for (const CompiledRule& rule : rules.rules) {
    const std::uint32_t root = build(rule, rule.root);
    roots_.push_back(nodes_[root].op == FilterOp::opaque ? kNone : root);
  }
}

std::uint32_t FilterPlan::add(FilterNode n) {
  nodes_.push_back(n);
  return static_cast<std::uint32_t>(nodes_.size() - 1);
}

namespace {

/// Whether `fields` read one entity's own fields: an entity-valued field of the subject, then fields of
/// that entity, which do not change with the subject's date.
bool via_entity(const FilterPath& path) {
  if (path.fields.size() < 2 || path.enum_field || path.bic_country) return false;
  if (check::field_info(static_cast<check::FieldId>(path.fields[0])).type != dsl::Type::of(dsl::TypeKind::entity)) return false;
  return std::all_of(path.fields.begin() + 1, path.fields.end(), [](std::uint16_t f) {
    return check::field_info(static_cast<check::FieldId>(f)).owner == dsl::TypeKind::entity;
  });
}

/// Whether two constants are the same, as written: a decimal with its scale, a set with its members.
bool same_constant(const Value& a, const Value& b);

bool same_members(const compile::ConstSet& a, const compile::ConstSet& b) {
  if (&a == &b) return true;
  // A dated table's periods are not among its values: only the same table is the same.
  if (a.dated || b.dated || a.ordered_list != b.ordered_list || a.values.size() != b.values.size()) return false;
  return std::equal(a.values.begin(), a.values.end(), b.values.begin(), same_constant);
}

bool same_constant(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ValueKind::missing: return true;
    case ValueKind::boolean: return a.boolean == b.boolean;
    case ValueKind::integer: return a.integer == b.integer;
    case ValueKind::decimal: return a.decimal.mantissa() == b.decimal.mantissa() && a.decimal.scale() == b.decimal.scale();
    case ValueKind::string: return a.string == b.string;
    case ValueKind::country: return a.country[0] == b.country[0] && a.country[1] == b.country[1];
    case ValueKind::date: return a.date == b.date;
    case ValueKind::duration:
      return a.duration.months == b.duration.months && a.duration.days == b.duration.days &&
             a.duration.anchor == b.duration.anchor;
    case ValueKind::set: return same_members(*a.set, *b.set);
    default: return false;  // lists and subjects: never shared
  }
}

/// Whether the leaf under node `a` of rule `ra` and the one under `b` of `rb` are one function of their
/// paths' values: the same operations on the same constants, sets and builtins, with their path nodes
/// (the overrides) in the same places and variables bound in the same order. A let counts as its
/// definition: within one evaluation of a leaf it is computed once, from the same path value.
class SameLeaf {
 public:
  SameLeaf(const CompiledRule& ra, std::span<const std::uint32_t> pa, const CompiledRule& rb,
           std::span<const std::uint32_t> pb)
      : ra_(ra), rb_(rb), pa_(pa), pb_(pb) {}

  bool operator()(std::uint32_t a, std::uint32_t b) {
    const bool path_a = std::find(pa_.begin(), pa_.end(), a) != pa_.end();
    const bool path_b = std::find(pb_.begin(), pb_.end(), b) != pb_.end();
    if (path_a || path_b) return path_a && path_b;
    const Node& x = ra_.nodes[a];
    const Node& y = rb_.nodes[b];
    if (x.op == Op::let_ref) return (*this)(x.b, b);
    if (y.op == Op::let_ref) return (*this)(a, y.b);
    if (x.op != y.op || x.aux != y.aux || x.field != y.field) return false;
    switch (x.op) {
      case Op::constant: return same_constant(ra_.consts[x.a], rb_.consts[y.a]);
      case Op::quantifier_var: {
        // The innermost binding of x's slot must be the one of y's, at the same depth.
        for (auto it = bound_.rbegin(); it != bound_.rend(); ++it) {
          if (it->first == x.a || it->second == y.a) return it->first == x.a && it->second == y.a;
        }
        return false;  // bound outside the leaf: not vouched for
      }
      case Op::compare_const: return same_constant(ra_.consts[x.b], rb_.consts[y.b]) && (*this)(x.a, y.a);
      case Op::in_set: return same_members(*ra_.sets[x.b], *rb_.sets[y.b]) && (*this)(x.a, y.a);
      case Op::enum_test: return x.b == y.b && (*this)(x.a, y.a);
      case Op::matches: {
        const compile::Regex* rx = ra_.regexes[x.b];
        const compile::Regex* ry = rb_.regexes[y.b];
        return (rx == ry || (rx != nullptr && ry != nullptr && rx->same_as(*ry))) && (*this)(x.a, y.a);
      }
      case Op::quantifier: {
        if (!(*this)(x.a, y.a)) return false;
        bound_.emplace_back(x.c, y.c);
        const bool same = (*this)(x.b, y.b);
        bound_.pop_back();
        return same;
      }
      default: break;
    }
    switch (compile::operands_of(x.op)) {
      case compile::Operands::a: return (*this)(x.a, y.a);
      case compile::Operands::a_b: return (*this)(x.a, y.a) && (*this)(x.b, y.b);
      case compile::Operands::list:
        if (x.b != y.b) return false;
        for (std::uint32_t i = 0; i < x.b; ++i) {
          if (!(*this)(ra_.lists[x.a + i], rb_.lists[y.a + i])) return false;
        }
        return true;
      case compile::Operands::none: return false;  // the subject, windows: never in a leaf
    }
    return false;
  }

 private:
  const CompiledRule& ra_;
  const CompiledRule& rb_;
  std::span<const std::uint32_t> pa_;
  std::span<const std::uint32_t> pb_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> bound_;  ///< quantifier slots (a's, b's) in binding order
};

/// Whether the path's values are parties (or the subject itself, an entity): their codes are the
/// entities' indices whatever the path.
bool entity_valued(const FilterPath& path) {
  if (path.enum_field || path.bic_country) return false;
  if (path.fields.empty()) return path.kind == compile::SubjectKind::entity;
  return check::field_info(static_cast<check::FieldId>(path.fields.back())).type == dsl::Type::of(dsl::TypeKind::entity);
}

}  // namespace

std::uint32_t FilterPlan::table(std::uint32_t function, std::vector<std::uint32_t> space) {
  std::pair<std::uint32_t, std::vector<std::uint32_t>> key{function, std::move(space)};
  const auto it = std::find(table_keys_.begin(), table_keys_.end(), key);
  if (it != table_keys_.end()) return static_cast<std::uint32_t>(it - table_keys_.begin());
  table_keys_.push_back(std::move(key));
  return static_cast<std::uint32_t>(table_keys_.size() - 1);
}

void FilterPlan::share(const CompiledRule& rule, FilterNode& n) {
  std::vector<std::uint32_t> instance{static_cast<std::uint32_t>(n.op), n.path};
  if (n.op == FilterOp::enum_leaf) {
    instance.insert(instance.end(), n.enum_results.begin(), n.enum_results.end());
  } else {
    const std::span<const std::uint32_t> mine(overrides_.data() + n.first, n.count);
    std::uint32_t f = 0;
    for (; f < functions_.size(); ++f) {
      const Function& other = functions_[f];
      if (SameLeaf(rule, mine, *other.rule, std::span(overrides_.data() + other.first, other.count))(n.ir_node, other.ir_node)) break;
    }
    if (f == functions_.size()) functions_.push_back({&rule, n.ir_node, n.first, n.count});
    n.function = f;
    instance.push_back(f);
    if (n.gated && entity_valued(paths_[n.path]) && !blind(rule, n.ir_node, n)) n.blind_count = 0;
    if (n.gated && entity_valued(paths_[n.path])) {
      n.spans = spanned(rule, n.ir_node, n) && (n.span_designations || n.span_links);
      if (!n.spans) n.span_designations = n.span_links = false;
    }
    // Code spaces: a party's index (any path to a party), one party's own field (any path to that party),
    // a payment column's dictionary, or the path's own dictionary.
    const FilterPath& path = paths_[n.path];
    std::vector<std::uint32_t> space{3, n.path};
    if (entity_valued(path)) {
      space = {0};
    } else if (path.via_entity) {
      space = {1};
      space.insert(space.end(), path.fields.begin() + 1, path.fields.end());
    }
    n.slot = table(f, space);
    switch (path.source) {
      case ColumnSource::none:
      case ColumnSource::amount:
      case ColumnSource::purpose: n.source_slot = n.slot; break;
      case ColumnSource::network: n.source_slot = table(f, {2, 0}); break;
      case ColumnSource::currency: n.source_slot = table(f, {2, 1}); break;
      case ColumnSource::originator_bic:
      case ColumnSource::beneficiary_bic: n.source_slot = table(f, {2, 2, path.bic_country ? 1U : 0U}); break;
      case ColumnSource::originator_bank_country:
      case ColumnSource::beneficiary_bank_country: n.source_slot = table(f, {2, 3}); break;
    }
  }
  const auto [it, added] = instances_.try_emplace(std::move(instance), static_cast<std::uint32_t>(instance_uses_.size()));
  n.instance = it->second;
  if (added) instance_uses_.push_back(0);
  ++instance_uses_[n.instance];
}

namespace {

/// Whether `node` reads the party of `paths` only as the first argument of calls that `accept` takes
/// (each call is offered before its other arguments are walked): what FilterPlan::blind and
/// FilterPlan::spanned ask, each with its own builtins.
template <class Accept>
bool party_only_in_calls(const CompiledRule& rule, std::uint32_t node, std::span<const std::uint32_t> paths,
                         Accept& accept) {
  auto is_path = [&](std::uint32_t x) { return std::find(paths.begin(), paths.end(), x) != paths.end(); };
  if (is_path(node)) return false;  // the party read otherwise than as a builtin's first argument
  const Node& x = rule.nodes[node];
  if (x.op == Op::let_ref) return party_only_in_calls(rule, x.b, paths, accept);
  if (x.op == Op::call && x.b > 0 && is_path(rule.lists[x.a])) {
    if (!accept(x)) return false;
    for (std::uint32_t i = 1; i < x.b; ++i) {
      if (!party_only_in_calls(rule, rule.lists[x.a + i], paths, accept)) return false;
    }
    return true;
  }
  if (compile::operands_of(x.op) == compile::Operands::none) return true;  // constants, variables
  return all_operands(rule, x, [&](std::uint32_t child) { return party_only_in_calls(rule, child, paths, accept); });
}

}  // namespace

bool FilterPlan::blind(const CompiledRule& rule, std::uint32_t node, FilterNode& n) const {
  auto accept = [&](const Node& x) {
    const auto b = static_cast<Builtin>(x.field);
    if (!Machine::same_without_facts(b)) return false;
    const auto end = n.blind.begin() + n.blind_count;
    if (std::find(n.blind.begin(), end, b) == end) {
      if (n.blind_count == n.blind.size()) return false;
      n.blind[n.blind_count++] = b;
    }
    return true;
  };
  return party_only_in_calls(rule, node, std::span<const std::uint32_t>(overrides_.data() + n.first, n.count), accept);
}

bool FilterPlan::spanned(const CompiledRule& rule, std::uint32_t node, FilterNode& n) const {
  auto accept = [&](const Node& x) {
    const auto b = static_cast<Builtin>(x.field);
    if (b == Builtin::designated || b == Builtin::listed_on || b == Builtin::delisted) {
      n.span_designations = true;
      return true;
    }
    if (b != Builtin::linked_to || x.b != 3) return false;
    // IdentityIndex::linked_days covers the reaches of one and two relations; deeper, relations are walked.
    const Node& depth = rule.nodes[rule.lists[x.a + 2]];
    if (depth.op != Op::constant) return false;
    const Value& d = rule.consts[depth.a];
    if (d.kind != ValueKind::integer || d.integer > 2) return false;
    n.span_links = true;
    return true;
  };
  return party_only_in_calls(rule, node, std::span<const std::uint32_t>(overrides_.data() + n.first, n.count), accept);
}

std::uint32_t FilterPlan::intern(FilterPath path) {
  path.source = column_source(path);
  path.via_entity = path.source == ColumnSource::none && via_entity(path);
  if (path.via_entity) {
    FilterPath party;
    party.kind = path.kind;
    party.fields = {path.fields.front()};
    path.party = intern(std::move(party));
  }
  const auto it = std::find(paths_.begin(), paths_.end(), path);
  if (it != paths_.end()) return static_cast<std::uint32_t>(it - paths_.begin());
  paths_.push_back(std::move(path));
  return static_cast<std::uint32_t>(paths_.size() - 1);
}

std::optional<FilterPath> FilterPlan::path_of(const CompiledRule& rule, std::uint32_t node) const {
  FilterPath p;
  p.kind = rule.subject;
  for (;;) {
    const Node& n = rule.nodes[node];
    if (n.op == Op::field) {
      p.fields.push_back(n.field);
      node = n.a;
    } else if (n.op == Op::let_ref) {
      node = n.b;
    } else if (n.op == Op::subject) {
      std::reverse(p.fields.begin(), p.fields.end());
      return p;
    } else if (n.op == Op::call && static_cast<Builtin>(n.field) == Builtin::bic_country && n.b == 1 &&
               p.fields.empty() && !p.bic_country) {
      p.bic_country = true;
      node = rule.lists[n.a];
    } else {
      return std::nullopt;
    }
  }
}

bool FilterPlan::analyze(const CompiledRule& rule, std::uint32_t node, Purity& p) {
  if (auto path = path_of(rule, node)) {
    const std::uint32_t ix = intern(std::move(*path));
    if (p.path && *p.path != ix) return false;  // two paths: the value of one does not decide it
    p.path = ix;
    p.overrides.push_back(node);
    return true;
  }
  const Node& n = rule.nodes[node];
  switch (n.op) {
    case Op::constant:
    case Op::quantifier_var: return true;
    case Op::subject: return false;  // handled by path_of
    case Op::in_set:
      // A dated set reads the subject's date, but only on the days of its periods (FilterNode::dated_sets).
      if (rule.sets[n.b]->dated) p.dated_sets.push_back(rule.sets[n.b]);
      break;
    case Op::let_ref: return analyze(rule, n.b, p);
    case Op::window: return false;  // reads other subjects and the subject's date
    case Op::call: {
      const auto b = static_cast<Builtin>(n.field);
      if (Machine::gated_builtin(b)) {
        p.gated = true;
      } else if (!Machine::pure_builtin(b)) {
        return false;
      }
      break;
    }
    default: break;
  }
  return all_operands(rule, n, [&](std::uint32_t child) { return analyze(rule, child, p); });
}

std::uint32_t FilterPlan::build(const CompiledRule& rule, std::uint32_t node) {
  const Node& n = rule.nodes[node];
  switch (n.op) {
    case Op::let_ref: return build(rule, n.b);
    case Op::logical_and:
    case Op::logical_or: {
      std::vector<std::uint32_t> children;
      for (std::uint32_t i = 0; i < n.b; ++i) children.push_back(build(rule, rule.lists[n.a + i]));
      FilterNode f;
      f.op = n.op == Op::logical_and ? FilterOp::all_of : FilterOp::any_of;
      f.cost = 0;
      for (const std::uint32_t c : children) f.cost += nodes_[c].cost;
      f.first = static_cast<std::uint32_t>(lists_.size());
      f.count = static_cast<std::uint32_t>(children.size());
      lists_.insert(lists_.end(), children.begin(), children.end());
      return add(f);
    }
    case Op::logical_not: {
      const std::uint32_t child = build(rule, n.a);
      if (nodes_[child].op == FilterOp::opaque) return child;
      FilterNode f;
      f.op = FilterOp::negation;
      f.first = child;
      f.cost = nodes_[child].cost;
      return add(f);
    }
    default: break;
  }
  if (n.op == Op::enum_test) {
    if (auto path = path_of(rule, n.a)) {
      path->enum_field = n.field;
      FilterNode f;
      f.op = FilterOp::enum_leaf;
      f.path = intern(std::move(*path));
      f.enum_results[0] = kNeither;  // code 0: missing; code c: enum value c - 1, a bit of the mask n.b
      for (std::uint32_t code = 1; code < f.enum_results.size(); ++code) {
        f.enum_results[code] = (((n.b >> (code - 1)) & 1U) != 0) != (n.aux != 0) ? kTrue : kFalse;
      }
      share(rule, f);
      return add(f);
    }
  }
  Purity purity;
  // A leaf on dated sets is decided on a path whose values are few (a destination, an HS code), kept per
  // value and span of days; not through gated builtins too, nor on a party's own field (a result per party
  // and span, more than Filter::spans_ holds) or a payment column (read by code, without spans).
  const auto dated_ok = [&] {
    if (purity.dated_sets.empty()) return true;
    const FilterPath& path = paths_[*purity.path];
    return !purity.gated && !path.via_entity && path.source == ColumnSource::none;
  };
  if (!analyze(rule, node, purity) || !purity.path || !dated_ok()) {
    FilterNode f;
    f.op = FilterOp::opaque;
    f.cost = 1000;  // settles nothing: last
    return add(f);
  }
  FilterNode f;
  f.op = FilterOp::leaf;
  f.cost = 2;  // a path value and a table lookup; without a direct form and a dictionary, the machine
  f.path = *purity.path;
  f.gated = purity.gated;
  f.ir_node = node;
  f.first = static_cast<std::uint32_t>(overrides_.size());
  f.count = static_cast<std::uint32_t>(purity.overrides.size());
  overrides_.insert(overrides_.end(), purity.overrides.begin(), purity.overrides.end());
  if (!purity.dated_sets.empty()) {
    // Every day a period of one of its sets starts or ends; open ends are the int32 extremes, no day.
    std::vector<std::int32_t> cuts;
    for (const compile::ConstSet* set : purity.dated_sets) {
      for (const auto& [value, periods] : set->periods) {
        for (const auto& [from, to] : periods) {
          for (const std::int32_t day : {from, to}) {
            if (day != INT32_MIN && day != INT32_MAX) cuts.push_back(day);
          }
        }
      }
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    f.dated_sets = true;
    f.cuts_first = static_cast<std::uint32_t>(cuts_.size());
    f.cuts_count = static_cast<std::uint32_t>(cuts.size());
    cuts_.insert(cuts_.end(), cuts.begin(), cuts.end());
  }
  if (!f.gated && !f.dated_sets && path_of(rule, n.a)) {
    if (n.op == Op::compare_const) {
      f.direct = DirectForm::compare;
      f.cmp = static_cast<dsl::ast::BinaryOp>(n.aux);
      f.constant = rule.consts[n.b];
      if (f.constant.kind == ValueKind::decimal) {
        __extension__ using Wide = __int128;
        Wide m = f.constant.decimal.mantissa();
        for (int s = f.constant.decimal.scale(); s <= core::Decimal::kMaxScale; ++s) {
          if (m > INT64_MAX || m < INT64_MIN) break;
          f.scaled[static_cast<std::size_t>(s)] = static_cast<std::int64_t>(m);
          f.scaled_valid |= 1U << s;
          m *= 10;
        }
      }
    } else if (n.op == Op::string_test && rule.nodes[n.b].op == Op::constant &&
               rule.consts[rule.nodes[n.b].a].kind == ValueKind::string) {
      f.direct = DirectForm::string_test;
      f.cost = 5;  // a substring search
      f.cmp = static_cast<dsl::ast::BinaryOp>(n.aux);
      f.constant = rule.consts[rule.nodes[n.b].a];
    } else if (n.op == Op::matches && rule.regexes[n.b] != nullptr && rule.regexes[n.b]->literal()) {
      f.direct = DirectForm::matches;
      f.cost = 5;  // a substring search
      f.regex = rule.regexes[n.b];
    } else if (n.op == Op::in_set) {
      f.direct = DirectForm::in_set;
      f.set = rule.sets[n.b];
      f.negate = n.aux != 0;
    }
  }
  if (f.gated && n.op == Op::call && static_cast<Builtin>(n.field) == Builtin::linked_to && n.b == 3 &&
      path_of(rule, rule.lists[n.a])) {
    const Node& country = rule.nodes[rule.lists[n.a + 1]];
    const Node& depth = rule.nodes[rule.lists[n.a + 2]];
    if (country.op == Op::constant && depth.op == Op::constant) {
      const Value& c = rule.consts[country.a];
      const Value& d = rule.consts[depth.a];
      if ((c.kind == ValueKind::string || c.kind == ValueKind::country) && d.kind == ValueKind::integer && d.integer >= 0 &&
          d.integer <= 2) {
        f.linked = true;
        f.constant = c;
        f.link_depth = static_cast<std::uint8_t>(d.integer);
      }
    }
  }
  share(rule, f);
  if (f.dated_sets) f.spans = true;  // its spans are those between the cuts (Filter::stable_days)
  return add(f);
}

// ---- one worker's filter ----

Filter::Filter(const FilterPlan& plan, const compile::RuleSet::Impl& rules, Machine& machine, const model::Dataset& data,
               const model::PaymentColumns* columns)
    : plan_(plan),
      rules_(rules),
      machine_(machine),
      data_(data),
      payment_columns_(columns),
      shipment_days_(data.shipment_columns.rows == data.shipments.size() && !data.shipments.empty()
                         ? data.shipment_columns.days.data()
                         : nullptr),
      columns_(plan.paths().size()),
      tables_(plan.table_count()),
      blind_results_(plan.table_count(), kUnknown),
      kept_(plan.instance_count()),
      stats_(plan.node_count()) {
  // Each builtin of a blind leaf is a bit of every party's facts, asked once per party for all of them:
  // leaves of many functions read a party through the same builtins.
  constexpr std::uint32_t kNoMask = 0x100;
  facts_mask_.assign(plan.table_count(), 0);
  for (std::uint32_t ix = 0; ix < plan.node_count(); ++ix) {
    const FilterNode& n = plan.node(ix);
    if (n.op != FilterOp::leaf || n.blind_count == 0) continue;
    std::uint32_t mask = 0;
    for (std::uint32_t k = 0; k < n.blind_count; ++k) {
      auto it = std::find(blind_builtins_.begin(), blind_builtins_.end(), n.blind[k]);
      if (it == blind_builtins_.end() && blind_builtins_.size() < kFactBits) it = blind_builtins_.insert(it, n.blind[k]);
      // A builtin beyond the bits leaves the slot without a mask: without_facts asks the machine each time.
      mask = it == blind_builtins_.end() || mask == kNoMask ? kNoMask : mask | 1U << (it - blind_builtins_.begin());
    }
    facts_mask_[n.slot] = mask == kNoMask ? 0 : static_cast<std::uint8_t>(mask);
  }
  order_.reserve(plan.list_count());
  for (std::uint32_t i = 0; i < plan.list_count(); ++i) order_.push_back(plan.list(i));
  if (columns == nullptr) return;
  for (std::size_t p = 0; p < columns_.size(); ++p) {
    Column& column = columns_[p];
    switch (plan.paths()[p].source) {
      case ColumnSource::none: break;
      case ColumnSource::network: column.source = columns->network.data(); break;
      case ColumnSource::currency: column.source = columns->currency.data(); break;
      case ColumnSource::originator_bic: column.source = columns->originator_bic.data(); break;
      case ColumnSource::beneficiary_bic: column.source = columns->beneficiary_bic.data(); break;
      case ColumnSource::originator_bank_country: column.source = columns->originator_bank_country.data(); break;
      case ColumnSource::beneficiary_bank_country: column.source = columns->beneficiary_bank_country.data(); break;
      case ColumnSource::amount: column.amounts = columns->amount_units.data(); break;
      case ColumnSource::purpose: column.purpose = true; break;
    }
  }
  // Tables of coded columns cover every code from the start, so that a row's result is one load.
  for (std::uint32_t ix = 0; ix < plan.node_count(); ++ix) {
    const FilterNode& n = plan.node(ix);
    if (n.op != FilterOp::leaf) continue;
    std::uint32_t codes = 0;
    switch (plan.paths()[n.path].source) {
      case ColumnSource::network: codes = 32; break;
      case ColumnSource::currency: codes = columns->currencies.size(); break;
      case ColumnSource::originator_bic:
      case ColumnSource::beneficiary_bic: codes = columns->bics.size(); break;
      case ColumnSource::originator_bank_country:
      case ColumnSource::beneficiary_bank_country: codes = columns->countries.size(); break;
      default: continue;
    }
    if (tables_[n.source_slot].size() < codes) tables_[n.source_slot].assign(codes, kUnknown);
  }
}

void Filter::reorder() {
  for (std::uint32_t ix = 0; ix < plan_.node_count(); ++ix) {
    const FilterNode& n = plan_.node(ix);
    if (n.op != FilterOp::all_of && n.op != FilterOp::any_of) continue;
    // Most rows settled per unit of work first; a child not seen yet keeps its place after those seen.
    auto score = [&](std::uint32_t child) {
      const Stat& st = stats_[child];
      if (st.seen == 0) return -1.0;
      return static_cast<double>(st.settled) / static_cast<double>(st.seen) / plan_.node(child).cost;
    };
    const auto begin = order_.begin() + n.first;
    std::stable_sort(begin, begin + n.count, [&](std::uint32_t a, std::uint32_t b) { return score(a) > score(b); });
  }
}

void Filter::begin_batch(compile::SubjectKind kind, std::uint32_t first, std::uint32_t rows) {
  SANX_ASSERT(rows <= kBatchRows && "a batch holds at most kBatchRows subjects");
  kind_ = kind;
  first_ = first;
  rows_ = rows;
  all_.fill(0);
  if (party_facts_.empty()) ask_facts();  // the machine has its ownership and identity indexes by now
  for (std::uint32_t w = 0; w < kBatchWords; ++w) {
    const std::uint32_t begin = w * 64;
    if (begin >= rows) break;
    const std::uint32_t n = std::min<std::uint32_t>(64, rows - begin);
    all_[w] = n == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << n) - 1;
  }
  for (Column& c : columns_) {
    c.computed.fill(0);
    c.facts_computed.fill(0);
  }
  if (++batches_ % 8 == 0) reorder();
}

void Filter::candidates(std::size_t r, BatchMask& out, BatchMask* sure) {
  const std::uint32_t root = plan_.root(r);
  BatchMask t{};
  if (root == FilterPlan::kNone) {
    out = all_;
  } else {
    BatchMask f{};
    eval(rules_.rules[r], root, all_, t, f);
    for (std::uint32_t w = 0; w < kBatchWords; ++w) out[w] = all_[w] & ~f[w];
  }
  if (kind_ == compile::SubjectKind::payment && payment_columns_ != nullptr) gate(r, out);
  if (sure != nullptr) {
    for (std::uint32_t w = 0; w < kBatchWords; ++w) (*sure)[w] = t[w] & out[w];
  }
}

// ---- Window gates for a whole batch ----

const std::vector<Filter::BatchGate>& Filter::batch_gates(std::size_t r) {
  // Before the machine reads built indexes there is nothing to gate with, and nothing is remembered: the
  // rule's gates are worked out on its first batch once they are there.
  static const std::vector<BatchGate> kNoGates;
  const WindowIndexes* windows = machine_.windows();
  if (windows == nullptr) return kNoGates;
  if (batch_gates_.empty()) batch_gates_.resize(rules_.rules.size());
  std::optional<std::vector<BatchGate>>& gates = batch_gates_[r];
  if (gates) return *gates;
  gates.emplace();
  const CompiledRule& rule = rules_.rules[r];
  for (const std::uint32_t g : machine_.active_gates(r)) {
    const compile::WindowSpec& spec = rule.windows[rule.nodes[g].a];
    // Only a key that is one field of the payment, as the columns hold it.
    const Node& key = rule.nodes[spec.outer_key];
    if (key.op != Op::field || rule.nodes[key.a].op != Op::subject) continue;
    const std::uint16_t field = key.field;
    BatchGate gate;
    gate.index = &windows->at(r, rule.nodes[g].a);
    gate.spec = &spec;
    gate.share = &windows->share(r, rule.nodes[g].a);
    gate.outer = ColumnRead(*payment_columns_, std::span(&field, 1), data_.entities.size());
    if (!gate.outer.coded()) continue;
    // A range of whole days is the subject's day plus two offsets (add_to_date adds days as they are).
    gate.by_days = spec.months == 0 && spec.near_months == 0;
    gate.offsets = window_days(spec, 0);
    // What WindowIndex::find gives each slot's value, looked up once per slot rather than once per payment.
    std::string scratch;
    gate.group_of.resize(gate.outer.slots());
    for (std::uint32_t slot = 0; slot < gate.group_of.size(); ++slot) {
      const Value v = gate.outer.value_of(slot);
      const WindowIndex::Group* group = v.is_missing() ? nullptr : gate.index->find(v, scratch);
      gate.group_of[slot] = v.is_missing() ? kMissingKey
                            : group == nullptr ? 0
                                               : static_cast<std::uint32_t>(group - gate.index->groups.data()) + 1;
    }
    gates->push_back(std::move(gate));
  }
  return *gates;
}

void Filter::gate(std::size_t r, BatchMask& rows) {
  for (const BatchGate& g : batch_gates(r)) {
    const bool donors = !g.share->donors.empty();
    // Whether the window of row ix, with group number + 1 `group`, is empty as window_empty finds it, and
    // keeps nothing then as it does.
    const auto empty = [&](std::uint32_t ix, std::uint32_t group) {
      if (group != 0) {
        if (donors && machine_.donor_kept_none(*g.share, ix)) return true;
        const std::int32_t day = payment_columns_->days[ix];
        const auto [from, to] = g.by_days ? std::pair(day + g.offsets.first, day + g.offsets.second) : window_days(*g.spec, day);
        const WindowIndex::Group& found = g.index->groups[group - 1];
        if (any_dated(found.entries, from, to) &&
            !machine_.sub_keys_empty(*g.index, found, compile::SubjectKind::payment, ix, from, to).value_or(false)) {
          return false;
        }
      }
      machine_.keep_none(*g.share, ix);
      return true;
    };
    for (std::uint32_t w = 0; w < kBatchWords; ++w) {
      for (std::uint64_t bits = rows[w]; bits != 0; bits &= bits - 1) {
        const std::uint32_t ix = first_ + w * 64 + static_cast<std::uint32_t>(std::countr_zero(bits));
        const std::uint32_t group = g.group_of[g.outer.slot(ix)];
        if (group != kMissingKey && empty(ix, group)) rows[w] &= ~(bits & -bits);
      }
    }
  }
}

// ---- end of the window gates ----

void Filter::eval(const CompiledRule& rule, std::uint32_t node, const BatchMask& live, BatchMask& t, BatchMask& f,
                  BatchMask* defer) {
  const FilterNode& n = plan_.node(node);
  switch (n.op) {
    case FilterOp::all_of:
    case FilterOp::any_of: {
      // and: true where every child is true, false where one is; a row already false is not evaluated
      // further (or, dually, a row already true).
      const bool conjunction = n.op == FilterOp::all_of;
      BatchMask decided{};  // rows whose result is settled: false for and, true for or
      BatchMask neutral = live;  // rows where every child so far is true (and) or false (or), or deferred
      // Leaf children leave their rows decided per subject's date for last (Kleene's and/or commute per
      // row): another operand often settles them first, as a bank outside Russia does `blocked(bank)` of a
      // Russian bank with ownership facts. A child deferring when kMaxDeferred others already do does not.
      constexpr std::uint32_t kMaxDeferred = 8;
      std::array<BatchMask, kMaxDeferred> deferred;
      std::array<std::uint32_t, kMaxDeferred> deferred_child{};
      std::uint32_t deferring = 0;
      for (std::uint32_t i = 0; i < n.count; ++i) {
        BatchMask sub;
        for (std::uint32_t w = 0; w < kBatchWords; ++w) sub[w] = live[w] & ~decided[w];
        if (!any(sub)) break;
        BatchMask ct{};
        BatchMask cf{};
        const std::uint32_t child = order_[n.first + i];
        BatchMask* const later = deferring < kMaxDeferred ? &deferred[deferring] : nullptr;
        eval(rule, child, sub, ct, cf, later);
        const BatchMask& settles = conjunction ? cf : ct;
        BatchMask& keeps = conjunction ? ct : cf;
        if (later != nullptr && any(*later)) {
          deferred_child[deferring++] = child;
          for (std::uint32_t w = 0; w < kBatchWords; ++w) keeps[w] |= (*later)[w];  // neutral keeps them for now
        }
        if (batches_ % 8 == 1) {  // a sample is enough to order by
          for (std::uint32_t w = 0; w < kBatchWords; ++w) {
            stats_[child].seen += static_cast<std::uint64_t>(std::popcount(sub[w]));
            stats_[child].settled += static_cast<std::uint64_t>(std::popcount(settles[w]));
          }
        }
        for (std::uint32_t w = 0; w < kBatchWords; ++w) {
          decided[w] |= settles[w];
          neutral[w] &= keeps[w];
        }
      }
      for (std::uint32_t k = 0; k < deferring; ++k) {
        BatchMask sub;
        for (std::uint32_t w = 0; w < kBatchWords; ++w) sub[w] = deferred[k][w] & ~decided[w];
        if (!any(sub)) continue;
        BatchMask ct{};
        BatchMask cf{};
        eval(rule, deferred_child[k], sub, ct, cf);
        const BatchMask& settles = conjunction ? cf : ct;
        const BatchMask& keeps = conjunction ? ct : cf;
        for (std::uint32_t w = 0; w < kBatchWords; ++w) {
          decided[w] |= settles[w];
          neutral[w] &= ~sub[w] | keeps[w];
        }
      }
      for (std::uint32_t w = 0; w < kBatchWords; ++w) {
        const std::uint64_t settled = decided[w] & live[w];
        const std::uint64_t other = neutral[w] & ~decided[w] & live[w];
        t[w] = conjunction ? other : settled;
        f[w] = conjunction ? settled : other;
      }
      if (defer != nullptr) defer->fill(0);
      return;
    }
    case FilterOp::negation: eval(rule, n.first, live, f, t, defer); return;
    case FilterOp::opaque:
      t.fill(0);
      f.fill(0);
      if (defer != nullptr) defer->fill(0);
      return;
    case FilterOp::leaf:
    case FilterOp::enum_leaf:
      if (plan_.shared_instance(n.instance)) {
        eval_kept(rule, n, live, t, f, defer);
      } else {
        eval_leaf(rule, n, live, t, f, defer);
      }
      return;
  }
}

void Filter::eval_kept(const CompiledRule& rule, const FilterNode& n, const BatchMask& live, BatchMask& t, BatchMask& f,
                       BatchMask* defer) {
  Kept& kept = kept_[n.instance];
  if (kept.batch != batches_) {
    kept.batch = batches_;
    kept.computed.fill(0);
    kept.t.fill(0);
    kept.f.fill(0);
  }
  BatchMask todo;
  for (std::uint32_t w = 0; w < kBatchWords; ++w) todo[w] = live[w] & ~kept.computed[w];
  BatchMask later{};
  if (any(todo)) {
    BatchMask more_t;
    BatchMask more_f;
    eval_leaf(rule, n, todo, more_t, more_f, defer != nullptr ? &later : nullptr);
    for (std::uint32_t w = 0; w < kBatchWords; ++w) {
      kept.t[w] |= more_t[w];
      kept.f[w] |= more_f[w];
      kept.computed[w] |= todo[w] & ~later[w];  // deferred rows are not decided yet
    }
  }
  for (std::uint32_t w = 0; w < kBatchWords; ++w) {
    t[w] = kept.t[w] & live[w];
    f[w] = kept.f[w] & live[w];
  }
  if (defer != nullptr) *defer = later;
}

inline std::uint32_t Filter::party_code(std::uint32_t e) noexcept {
  return e < kNoCode - kFirstDictionaryCode ? kFirstDictionaryCode + e : kNoCode;
}

inline std::uint32_t Filter::row_party_code(std::uint32_t e) noexcept {
  return e == model::EntityIx::kNone ? 0 : party_code(e);
}

std::uint32_t Filter::entity_code(const Value& v) noexcept {
  return v.kind == ValueKind::entity ? party_code(v.index) : kNoCode;
}

std::uint32_t Filter::code_of(Column& column, const Value& v) {
  // A dictionary pays when values repeat (countries, currencies, BICs); free text and amounts do not, and
  // a dictionary of them would only grow.
  constexpr std::uint32_t kTrialCodes = 4096;
  constexpr std::uint64_t kRowsPerCode = 8;
  // An entity is coded by its index, without a dictionary and whatever the rows seen so far: a party
  // column holds as many values as there are parties, but each repeats over its subjects, and the
  // gated leaves (designated, blocked, …) are worth deciding once per party. A path has one type; the
  // two kinds of codes never share a column.
  if (v.kind == ValueKind::entity) {
    if (column.next_code != 0) return kNoCode;
    column.entities = true;
    return entity_code(v);
  }
  if (column.entities) return kNoCode;
  if (column.coding && column.next_code > kTrialCodes && column.next_code * kRowsPerCode > column.coded_rows) {
    column.coding = false;
    column.strings = {};
    column.long_strings = {};  // its texts are the dictionary's
    column.others = {};
    column.lists = {};
  }
  ++column.coded_rows;
  switch (v.kind) {
    case ValueKind::missing: return 0;
    case ValueKind::boolean: return v.boolean ? 2 : 1;
    case ValueKind::country: {
      const int slot = compile::country_slot(v.country[0], v.country[1]);
      return slot < 0 ? kNoCode : 3 + static_cast<std::uint32_t>(slot);
    }
    case ValueKind::string: {
      if (!column.coding) return kNoCode;
      std::uint64_t packed = 0;
      std::size_t slot = 0;
      const bool short_string = !v.string.empty() && v.string.size() <= 7;
      if (short_string) {
        if (column.short_strings.empty()) column.short_strings.resize(256);
        // Length in the top byte, so that "A" and "A\0" differ; a multiplicative hash picks the slot.
        std::memcpy(&packed, v.string.data(), v.string.size());
        packed |= static_cast<std::uint64_t>(v.string.size()) << 56;
        slot = static_cast<std::size_t>((packed * 0x9E3779B97F4A7C15ULL) >> 56);
        if (column.short_strings[slot].first == packed) return column.short_strings[slot].second;
      }
      // Longer ones (descriptions, ports) direct-mapped by their length and first and last eight bytes,
      // checked whole: a hit costs a comparison, where the dictionary hashes every byte.
      std::pair<std::string_view, std::uint32_t>* recent = nullptr;
      if (v.string.size() > 7) {
        if (column.long_strings.empty()) column.long_strings.resize(256);
        std::uint64_t head = 0;
        std::uint64_t tail = 0;
        std::memcpy(&head, v.string.data(), 8);
        std::memcpy(&tail, v.string.data() + v.string.size() - 8, 8);
        const std::uint64_t mix = (head ^ (tail * 0xC2B2AE3D27D4EB4FULL) ^ v.string.size()) * 0x9E3779B97F4A7C15ULL;
        recent = &column.long_strings[static_cast<std::size_t>(mix >> 56)];
        if (recent->first == v.string) return recent->second;  // never an empty slot: its text is empty
      }
      const auto [it, added] = column.strings.try_emplace(v.string, kFirstDictionaryCode + column.next_code);
      if (added) ++column.next_code;
      if (short_string) column.short_strings[slot] = {packed, it->second};
      if (recent != nullptr) *recent = {it->first, it->second};
      return it->second;
    }
    case ValueKind::integer:
    case ValueKind::date: {
      // Few distinct values per path (dates of a year); amounts and subjects are not coded.
      const std::uint64_t bits = v.kind == ValueKind::integer ? static_cast<std::uint64_t>(v.integer)
                                                              : static_cast<std::uint32_t>(v.date);
      if ((bits >> 59) != 0 || !column.coding) return kNoCode;  // the shift below would lose bits: not worth an entry
      const std::uint64_t key = (bits << 4) | static_cast<std::uint64_t>(v.kind);
      const auto [it, added] = column.others.try_emplace(key, kFirstDictionaryCode + column.next_code);
      if (added) ++column.next_code;
      return it->second;
    }
    case ValueKind::list: {
      if (v.list.kind == compile::ListKind::strings || v.list.kind == compile::ListKind::countries) {
        // Lists of texts (`s.route`, `p.intermediary_bics`) repeat like their texts do: coded by their
        // kind and items, each with its length, so that a leaf on them is decided once per list.
        if (!column.coding) return kNoCode;
        const auto list_kind = static_cast<std::uint8_t>(v.list.kind);
        if (v.list.size == 0 && column.empty_list != kNoCode && column.empty_list_kind == list_kind) return column.empty_list;
        std::string& key = column.list_key;
        key.assign(1, static_cast<char>(v.list.kind));
        const auto* items = static_cast<const std::string*>(v.list.data);
        for (std::uint32_t k = 0; k < v.list.size; ++k) {
          const auto size = static_cast<std::uint32_t>(items[k].size());
          key.append(reinterpret_cast<const char*>(&size), sizeof size);
          key.append(items[k]);
        }
        const auto it = column.lists.find(key);
        const std::uint32_t code = it != column.lists.end() ? it->second : kFirstDictionaryCode + column.next_code++;
        if (it == column.lists.end()) column.lists.emplace(key, code);
        if (v.list.size == 0) {
          column.empty_list = code;
          column.empty_list_kind = list_kind;
        }
        return code;
      }
      // A list of parties (`p.intermediary_banks`) repeats as its parties do: the empty list and each
      // one-party list are coded (by the party's index; a path has one type, so a column holding lists
      // holds no other codes), so that a leaf on them is decided once per party, not per row.
      if (v.list.kind != compile::ListKind::entities || v.list.size > 1) return kNoCode;
      if (v.list.size == 0) return kEmptyListCode;
      const model::EntityIx only = static_cast<const model::EntityIx*>(v.list.data)[0];
      return only.valid() ? party_code(only.value) : kNoCode;
    }
    default: return kNoCode;
  }
}

namespace {

/// `bic_country` of a BIC string, memoised per worker column by the BIC's bytes.
template <typename Memo>
Value bic_country_memo(Memo& memo, const Value& bic) {
  if (bic.kind != ValueKind::string || bic.string.size() > 15 || bic.string.empty()) return Machine::bic_country_of(bic);
  char bytes[16] = {};
  std::memcpy(bytes, bic.string.data(), bic.string.size());
  bytes[15] = static_cast<char>(bic.string.size());
  std::uint64_t a = 0;
  std::uint64_t b = 0;
  std::memcpy(&a, bytes, 8);
  std::memcpy(&b, bytes + 8, 8);
  auto& slot = memo[static_cast<std::size_t>(((a ^ (b * 0x9E3779B97F4A7C15ULL)) * 0xC2B2AE3D27D4EB4FULL) >> 54)];
  if (slot.a != a || slot.b != b) slot = {a, b, Machine::bic_country_of(bic)};
  return slot.country;
}

}  // namespace

void Filter::fill(std::uint32_t path_ix, const BatchMask& live) {
  Column& column = columns_[path_ix];
  const FilterPath& path = plan_.paths()[path_ix];
  // The party's column first: its fill uses rows_buffer_ too.
  if (path.via_entity) fill(path.party, live);
  if (const std::uint32_t* parties = payment_parties(path, column)) {
    // Codes as fill_parties makes them, straight from the column a word of rows at a time: no rows to list.
    column.entities = true;
    column.lazy = true;
    std::uint32_t* const codes = column.codes.data();
    each_new_row(live, column.computed, [&](std::uint32_t i) { codes[i] = row_party_code(parties[i]); });
    return;
  }
  std::size_t n = 0;
  std::uint32_t* const listed = rows_buffer_.data();
  each_new_row(live, column.computed, [&](std::uint32_t i) { listed[n++] = i; });
  if (n == 0) return;
  if (path.via_entity) {
    // Codes from the party's own column, read once for every path through that party (a missing party:
    // code 0, as its fields are missing); values only on a table miss (row_value).
    const Column& party = columns_[path.party];
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = rows_buffer_[k];
      column.codes[i] = party.codes[i];  // a party's code is 0 when missing, as its fields are
    }
    return;
  }
  if (fill_parties(path, column, n)) return;
  if (column.values.empty()) column.values.resize(kBatchRows);
  if (path.bic_country && column.bics.empty()) column.bics.resize(Column::kBicMemos);
  machine_.read_path_rows(kind_, first_, path.fields, rows_buffer_.data(), n, column.values.data());
  if (path.enum_field) {
    machine_.enum_code_rows(static_cast<check::FieldId>(*path.enum_field), rows_buffer_.data(), n, column.values.data(),
                            column.codes.data());
    return;
  }
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint32_t i = rows_buffer_[k];
    Value& v = column.values[i];
    if (path.bic_country) v = bic_country_memo(column.bics, v);
    // Countries and missing values code without a dictionary: inline here, everything else in code_of.
    if (v.kind == ValueKind::country) {
      const int slot = compile::country_slot(v.country[0], v.country[1]);
      column.codes[i] = slot < 0 ? kNoCode : 3 + static_cast<std::uint32_t>(slot);
    } else if (v.kind == ValueKind::missing) {
      column.codes[i] = 0;
    } else if (v.kind == ValueKind::entity && column.next_code == 0) {
      column.entities = true;  // as code_of codes a party, here without a call: parties fill most rows
      column.codes[i] = entity_code(v);
    } else {
      column.codes[i] = code_of(column, v);
    }
  }
}

namespace {

/// The reference of a payment or a shipment that party field `field` reads, as Machine::field does.
struct PartyMember {
  model::EntityIx model::PaymentRefs::*payment = nullptr;
  model::EntityIx model::ShipmentRefs::*shipment = nullptr;
};

PartyMember party_member(check::FieldId field) noexcept {
  using F = check::FieldId;
  using P = model::PaymentRefs;
  using S = model::ShipmentRefs;
  switch (field) {
    case F::payment_originator: return {&P::originator, nullptr};
    case F::payment_beneficiary: return {&P::beneficiary, nullptr};
    case F::payment_originator_bank: return {&P::originator_bank, nullptr};
    case F::payment_beneficiary_bank: return {&P::beneficiary_bank, nullptr};
    case F::shipment_exporter: return {nullptr, &S::exporter};
    case F::shipment_consignee: return {nullptr, &S::consignee};
    case F::shipment_end_user: return {nullptr, &S::end_user};
    case F::shipment_notify_party: return {nullptr, &S::notify_party};
    default: return {};
  }
}

}  // namespace

const std::uint32_t* Filter::payment_parties(const FilterPath& path, const Column& column) const noexcept {
  if (kind_ != compile::SubjectKind::payment || payment_columns_ == nullptr || path.fields.size() != 1 ||
      path.enum_field || path.bic_country || column.next_code != 0) {
    return nullptr;
  }
  // The payments' party columns hold the same indices as their references, four bytes a payment apart.
  using P = model::PaymentRefs;
  const model::PaymentColumns& c = *payment_columns_;
  const PartyMember party = party_member(static_cast<check::FieldId>(path.fields[0]));
  const std::vector<std::uint32_t>* parties = party.payment == &P::originator        ? &c.originator
                                              : party.payment == &P::beneficiary     ? &c.beneficiary
                                              : party.payment == &P::originator_bank ? &c.originator_bank
                                              : party.payment == &P::beneficiary_bank ? &c.beneficiary_bank
                                                                                      : nullptr;
  if (parties == nullptr || parties->size() < std::size_t{first_} + rows_) return nullptr;
  return parties->data() + first_;
}

bool Filter::fill_parties(const FilterPath& path, Column& column, std::size_t n) {
  if (path.fields.size() != 1 || path.enum_field || path.bic_country || column.next_code != 0) return false;
  const PartyMember party = party_member(static_cast<check::FieldId>(path.fields[0]));
  // Codes only, as fill and code_of would code the values; the few rows a leaf needs the value of read it
  // through the machine (row_value).
  // Each row's party as entity_code codes it (no party: 0), from party_of(ix): its index or EntityIx::kNone.
  auto code_parties = [&](std::size_t size, auto party_of) {
    column.entities = true;  // as code_of codes parties
    column.lazy = true;
    // Locals: the stores to the codes would otherwise make the compiler read the members again per row.
    const std::uint32_t first = first_;
    const std::uint32_t* const rows = rows_buffer_.data();
    std::uint32_t* const codes = column.codes.data();
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = rows[k];
      const std::uint32_t ix = first + i;
      const std::uint32_t e = ix < size ? party_of(ix) : model::EntityIx::kNone;
      codes[i] = row_party_code(e);
    }
  };
  auto fill_from = [&](const auto& refs, auto member) {
    if (member == nullptr) return false;
    const auto* const base = refs.data();
    code_parties(refs.size(), [base, member](std::uint32_t ix) { return (base[ix].*member).value; });
    return true;
  };
  if (kind_ == compile::SubjectKind::payment &&
      static_cast<check::FieldId>(path.fields[0]) == check::FieldId::payment_intermediary_banks) {
    // A list of parties: coded as code_of codes it (missing: 0; empty; one party: by that party; more:
    // no code), without building the list values.
    column.lazy = true;
    for (std::size_t k = 0; k < n; ++k) {
      const std::uint32_t i = rows_buffer_[k];
      const std::uint32_t ix = first_ + i;
      if (ix >= data_.payment_refs.size()) {
        column.codes[i] = 0;
        continue;
      }
      const std::vector<model::EntityIx>& banks = data_.payment_refs[ix].intermediary_banks;
      column.codes[i] = banks.empty() ? kEmptyListCode
                        : banks.size() == 1 && banks[0].valid()
                            ? party_code(banks[0].value)
                            : kNoCode;
    }
    return true;
  }
  if (kind_ == compile::SubjectKind::payment) return fill_from(data_.payment_refs, party.payment);
  if (kind_ == compile::SubjectKind::shipment) return fill_from(data_.shipment_refs, party.shipment);
  return false;
}

std::optional<std::uint8_t> Filter::direct_result(const FilterNode& n, const Value& v) noexcept {
  switch (n.direct) {
    case DirectForm::none: return std::nullopt;
    case DirectForm::compare: {
      // The machine's own fast path for the commonest case, then the general comparison.
      if (v.kind == ValueKind::decimal && n.constant.kind == ValueKind::decimal) {
        return compile::holds(n.cmp, compile::compare_decimals(v.decimal, n.constant.decimal)) ? kTrue : kFalse;
      }
      return result_of(compile::compare(n.cmp, v, n.constant));
    }
    case DirectForm::string_test:
      if (v.kind != ValueKind::string && v.kind != ValueKind::country && !v.is_missing()) return std::nullopt;
      return result_of(compile::string_test(n.cmp, v, n.constant));
    case DirectForm::matches:
      if (v.is_missing()) return kNeither;
      return n.regex->search(compile::text_of(v)) ? kTrue : kFalse;
    case DirectForm::in_set:
      if (v.is_missing()) return kNeither;
      return n.set->contains(v) != n.negate ? kTrue : kFalse;
  }
  return std::nullopt;
}

std::uint8_t Filter::leaf_result(const CompiledRule& rule, const FilterNode& n, const Value& v) {
  if (n.dated_sets) return kDated;  // decided at each subject's date, per span of days (coded_result)
  const std::span<const std::uint32_t> overrides(plan_.overrides().data() + n.first, n.count);
  if (n.gated) {
    const auto r = machine_.eval_gated(rule, n.ir_node, overrides, v);
    return r ? result_of(*r) : kDated;  // depends on the subject's own date
  }
  return result_of(machine_.eval_with(rule, n.ir_node, overrides, v));
}

void Filter::ask_facts() {
  // Every party's, once: a batch of payments meets most of them, and a row's facts are then one load.
  // After the party of every entity index, the facts of "no party": every bit (fill_facts).
  party_facts_.assign(data_.entities.size() + 1, kNoParty);
  if (blind_builtins_.empty()) return;
  for (std::uint32_t e = 0; e < data_.entities.size(); ++e) {
    const Value v = Value::of_index(ValueKind::entity, e);
    std::uint8_t facts = 0;
    for (std::size_t k = 0; k < blind_builtins_.size(); ++k) {
      if (machine_.facts_for(blind_builtins_[k], v)) facts = static_cast<std::uint8_t>(facts | 1U << k);
    }
    party_facts_[e] = facts;
  }
}

bool Filter::without_facts(const FilterNode& n, const Value& v) noexcept {
  if (n.blind_count == 0 || v.kind != ValueKind::entity) return false;
  const std::uint8_t mask = facts_mask_[n.slot];
  if (mask == 0 || v.index >= data_.entities.size()) {
    return std::none_of(n.blind.begin(), n.blind.begin() + n.blind_count,
                        [&](check::Builtin b) { return machine_.facts_for(b, v); });
  }
  return (party_facts_[v.index] & mask) == 0;
}

void Filter::fill_facts(Column& column, const BatchMask& live) noexcept {
  // A row's party facts, or every bit for a row without a party (missing, or not coded as one): the
  // entry after the parties'.
  const auto entities = static_cast<std::uint32_t>(data_.entities.size());
  const std::uint8_t* const facts = party_facts_.data();
  const std::uint32_t* const codes = column.codes.data();
  const auto facts_of = [&](std::uint32_t i) {
    const std::uint32_t e = codes[i] - kFirstDictionaryCode;  // codes below wrap around: not a party
    return facts[std::min(e, entities)];
  };
  std::uint8_t* const out = column.facts.data();
  each_new_row(live, column.facts_computed, [&](std::uint32_t i) { out[i] = facts_of(i); });
}

void Filter::blind_rows(const FilterNode& n, const Column& column, const BatchMask& live, BatchMask& rows) const noexcept {
  // Per byte: the row's facts on the leaf's builtins, at most 0x7F, so that adding 0x7F sets its top bit
  // exactly when it is not 0, without a carry into the next byte.
  constexpr std::uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;
  const std::uint64_t mask = std::uint64_t{facts_mask_[n.slot]} * 0x0101010101010101ULL;
  for (std::uint32_t w = 0; w < kBatchWords; ++w) {
    std::uint64_t without = 0;
    if (live[w] != 0) {
      for (std::uint32_t k = 0; k < 8; ++k) {
        std::uint64_t x = 0;
        std::memcpy(&x, column.facts.data() + w * 64 + k * 8, 8);
        const std::uint64_t with = ((x & mask) + kLow7) >> 7;  // bit 0 of each byte: the row has facts
        without |= gather_bit0(~with) << (8 * k);
      }
    }
    rows[w] = without & live[w];
  }
}

std::uint8_t Filter::blind_result(const CompiledRule& rule, const FilterNode& n, const Value& v) {
  std::uint8_t& r = blind_results_[n.slot];
  if (r == kUnknown) r = leaf_result(rule, n, v);
  SANX_ASSERT(r != kDated && "a party without facts is decided on every date");
  return r;
}

std::uint8_t Filter::dated_result(const CompiledRule& rule, const FilterNode& n, const Value& v, std::uint32_t i) {
  // The leaf reads the subject only through its path (v) and its date: with the machine on that subject,
  // the plain evaluation is the one Machine::run would make. begin_subject is harmless here: the
  // evaluator makes each subject current again before running a rule on it.
  machine_.begin_subject(kind_, first_ + i);
  const std::span<const std::uint32_t> overrides(plan_.overrides().data() + n.first, n.count);
  return result_of(machine_.eval_with(rule, n.ir_node, overrides, v));
}

std::optional<std::uint8_t> Filter::linked_result(const FilterNode& n, const Value& v, std::optional<std::int32_t> day) const {
  const IdentityIndex* identity = machine_.identity_index();
  if (identity == nullptr) return std::nullopt;
  // Machine::identity: anything but an entity (a missing party) is linked to nothing; a party with links
  // (has_dated_facts) depends on the subject's date.
  if (v.kind != ValueKind::entity) return kFalse;
  const model::EntityIx e{v.index};
  const std::string_view country = compile::text_of(n.constant);
  if (!day) {
    // one result for all the party's rows when the answer is the same on every day (most parties with
    // links: none of them leads to the country), else one per span of days
    const std::optional<bool> every = identity->linked_every_day(e, country, n.link_depth);
    return every ? (*every ? kTrue : kFalse) : kDated;
  }
  return identity->linked_to(e, country, n.link_depth, core::Date::from_days_since_epoch(*day)) ? kTrue : kFalse;
}

std::optional<std::pair<std::int32_t, std::int32_t>> Filter::stable_days(const FilterNode& n, const Value& v,
                                                                          std::int32_t day) const {
  std::int32_t from = INT32_MIN;
  std::int32_t to = INT32_MAX;
  auto cut = [&](std::int32_t change) {
    if (change <= day) {
      from = std::max(from, change);
    } else {
      to = std::min(to, change);
    }
  };
  if (n.dated_sets) {
    // Between two consecutive days on which a period of its sets starts or ends, whatever the value.
    const auto cuts = std::span(plan_.cuts()).subspan(n.cuts_first, n.cuts_count);
    const auto after = std::upper_bound(cuts.begin(), cuts.end(), day);
    if (after != cuts.end()) to = *after;
    if (after != cuts.begin()) from = *(after - 1);
    return std::pair(from, to);
  }
  SANX_ASSERT(v.kind == ValueKind::entity && "a party with dated facts");
  // In force from listed_from to listed_to (each at its earliest day, as Designation::in_force_on reads
  // them), and delisted also reads whether one has started.
  if (n.span_designations && v.index < data_.designations_of.size()) {
    for (const std::uint32_t d : data_.designations_of[v.index]) {
      const model::Designation& designation = data_.designations[d];
      if (designation.listed_from) cut(designation.listed_from->earliest().days_since_epoch());
      if (designation.listed_to) cut(designation.listed_to->earliest().days_since_epoch());
    }
  }
  if (n.span_links) {
    const IdentityIndex* identity = machine_.identity_index();
    if (identity == nullptr) return std::nullopt;
    const auto [first, last] = identity->linked_days(model::EntityIx{v.index}, day);
    from = std::max(from, first);
    to = std::min(to, last);
  }
  return std::pair(from, to);
}

Value Filter::row_value(const FilterNode& n, const Column& column, std::uint32_t i) {
  const FilterPath& path = plan_.paths()[n.path];
  if (!path.via_entity && !column.lazy) return column.values[i];
  // A party's code is its value (fill_parties); anything else is read again.
  const std::uint32_t code = column.codes[i];
  if (column.lazy && column.entities && code != kNoCode) {
    return code == 0 ? Value::missing() : Value::of_index(ValueKind::entity, code - kFirstDictionaryCode);
  }
  return machine_.read_path(kind_, first_ + i, path.fields);
}

/// Sets bit i of t (f) for each live row i whose result(i) is kTrue (kFalse). Full words take a plain
/// loop, which the compiler unrolls; others visit their set bits.
template <typename Result>
inline void per_row(const BatchMask& live, BatchMask& t, BatchMask& f, Result&& result) {
  for (std::uint32_t w = 0; w < kBatchWords; ++w) {
    std::uint64_t tw = 0;
    std::uint64_t fw = 0;
    if (live[w] == ~std::uint64_t{0}) {
      for (std::uint32_t j = 0; j < 64; ++j) {
        const std::uint8_t r = result(w * 64 + j);
        tw |= static_cast<std::uint64_t>(r == kTrue) << j;
        fw |= static_cast<std::uint64_t>(r == kFalse) << j;
      }
    } else {
      for (std::uint64_t bits = live[w]; bits != 0; bits &= bits - 1) {
        const auto j = static_cast<std::uint32_t>(std::countr_zero(bits));
        const std::uint8_t r = result(w * 64 + j);
        tw |= static_cast<std::uint64_t>(r == kTrue) << j;
        fw |= static_cast<std::uint64_t>(r == kFalse) << j;
      }
    }
    t[w] = tw;
    f[w] = fw;
  }
}

std::uint8_t Filter::coded_result(const CompiledRule& rule, const FilterNode& n, const Column& column, std::uint32_t i,
                                  bool defer) {
  const std::uint32_t code = column.codes[i];
  if (code == kNoCode) {
    const Value v = row_value(n, column, i);
    const auto direct = direct_result(n, v);
    const std::uint8_t r = direct ? *direct : leaf_result(rule, n, v);
    return r != kDated ? r : defer ? kDated : dated_result(rule, n, v, i);
  }
  std::vector<std::uint8_t>& table = tables_[n.slot];
  if (code >= table.size()) {
    // A column of parties has a code per entity: its table is sized for all of them at once, rather than
    // doubled (and copied, fresh pages each time) as the parties are met.
    const bool parties = column.entities || plan_.paths()[n.path].via_entity;
    const std::size_t all = parties ? kFirstDictionaryCode + data_.entities.size() : 0;
    table.resize(std::max({std::size_t{code} + 1, table.size() * 2, all}), kUnknown);
  }
  if (table[code] == kUnknown) {
    // A direct form (never gated) computes what the machine would, as for an uncoded value above.
    const Value v = row_value(n, column, i);
    const auto direct = direct_result(n, v);
    const auto linked = n.linked && !direct ? linked_result(n, v, std::nullopt) : std::nullopt;
    table[code] = direct   ? *direct
                  : linked ? *linked
                  : without_facts(n, v) ? blind_result(rule, n, v)
                                        : leaf_result(rule, n, v);
  }
  if (table[code] != kDated) return table[code];
  // A result kept for the party's span of days or date is cheap; with `defer`, computing one waits.
  if (n.spans) {
    // The party has one result on every day until one of its designations or reaches starts or ends
    // (the builtins compare the earliest day of a partial date, as days_since_epoch gives it): one
    // result per span of days. A leaf of one function reads its party through the same builtins in every
    // rule, so the table's spans serve them all. (Ownership exposure changes on any day the reachable
    // part of the graph does, too often for spans to beat results per date.)
    std::int32_t day = 0;
    if (!column_day(i, day)) {
      const std::optional<core::Date> date = machine_.subject_date(kind_, first_ + i);
      if (!date) return dated_memo(rule, n, column, i, std::nullopt, defer);
      day = date->days_since_epoch();
    }
    if (const Span* span = find_span(n, code, day)) return span->result;
    if (defer) return kDated;
    Span* set = span_set(n.slot, code);
    // A new span takes the place of the set's oldest.
    const Value v = row_value(n, column, i);
    const auto days = stable_days(n, v, day);
    if (!days) return dated_memo(rule, n, column, i, machine_.subject_date(kind_, first_ + i));
    const auto linked = n.linked ? linked_result(n, v, day) : std::nullopt;
    const std::uint8_t result = linked ? *linked : dated_result(rule, n, v, i);
    std::move_backward(set, set + kSpanWays - 1, set + kSpanWays);
    set[0] = {n.slot, code, days->first, days->second, result};
    return result;
  }
  return dated_memo(rule, n, column, i, machine_.subject_date(kind_, first_ + i), defer);
}

inline bool Filter::column_day(std::uint32_t i, std::int32_t& day) const noexcept {
  if (kind_ == compile::SubjectKind::payment && payment_columns_ != nullptr) {
    day = payment_columns_->days[first_ + i];
    return true;
  }
  if (kind_ == compile::SubjectKind::shipment && shipment_days_ != nullptr) {
    day = shipment_days_[first_ + i];
    return true;
  }
  return false;
}

inline Filter::Span* Filter::span_set(std::uint32_t slot, std::uint32_t code) noexcept {
  const std::uint64_t key = (std::uint64_t{slot} << 32 | code) * 0x9E3779B97F4A7C15ULL;
  if (spans_.empty()) spans_.resize(std::size_t{kSpanWays} << kSpanBits);
  return spans_.data() + (key >> (64 - kSpanBits)) * kSpanWays;
}

inline const Filter::Span* Filter::find_span(const FilterNode& n, std::uint32_t code, std::int32_t day) noexcept {
  const Span* set = span_set(n.slot, code);
  for (std::uint32_t w = 0; w < kSpanWays; ++w) {
    const Span& span = set[w];
    if (span.slot == n.slot && span.code == code && day >= span.from && day < span.to) return &span;
  }
  return nullptr;
}

std::uint8_t Filter::dated_memo(const CompiledRule& rule, const FilterNode& n, const Column& column, std::uint32_t i,
                                const std::optional<core::Date>& date, bool defer) {
  // The party's rows on one date have one result, in every leaf of this table.
  const std::uint32_t code = column.codes[i];
  const std::uint32_t packed = date ? (static_cast<std::uint32_t>(static_cast<std::uint16_t>(date->year())) << 16) |
                                          static_cast<std::uint32_t>(date->month() << 8 | date->day())
                                    : 0xFFFFFFFF;  // no month 255
  const std::uint64_t hash = ((std::uint64_t{n.slot} << 32 | code) ^ (std::uint64_t{packed} << 13)) * 0x9E3779B97F4A7C15ULL;
  if (dated_.empty()) dated_.resize(std::size_t{1} << kDatedBits);
  Dated& memo = dated_[static_cast<std::size_t>(hash >> (64 - kDatedBits))];
  if (memo.slot != n.slot || memo.code != code || memo.date != packed) {
    if (defer) return kDated;
    memo = {n.slot, code, packed, dated_result(rule, n, row_value(n, column, i), i)};
  }
  return memo.result;
}

Value Filter::source_value(const FilterPath& path, std::uint32_t code) const {
  const model::PaymentColumns& c = *payment_columns_;
  Value v;
  switch (path.source) {
    case ColumnSource::network: v = Value::of_string(model::to_string(static_cast<model::Network>(code))); break;
    case ColumnSource::currency: v = text_value(c.currencies.text(code)); break;
    case ColumnSource::originator_bic:
    case ColumnSource::beneficiary_bic: v = text_value(c.bics.text(code)); break;
    case ColumnSource::originator_bank_country:
    case ColumnSource::beneficiary_bank_country:
      v = code == 0 ? Value::missing() : Value::of_country(c.countries.text(code));
      break;
    case ColumnSource::none:
    case ColumnSource::amount:
    case ColumnSource::purpose: SANX_ASSERT(false && "only coded columns have values by code"); break;
  }
  return path.bic_country ? Machine::bic_country_of(v) : v;
}

std::uint8_t Filter::source_result(const CompiledRule& rule, const FilterNode& n, std::uint32_t code) {
  const Value v = source_value(plan_.paths()[n.path], code);
  const auto direct = direct_result(n, v);
  std::uint8_t r = direct ? *direct : leaf_result(rule, n, v);
  if (r == kDated) r = kNeither;  // no entity-valued column comes from PaymentColumns: never met
  std::vector<std::uint8_t>& table = tables_[n.source_slot];
  SANX_ASSERT(code < table.size() && "the tables of coded columns cover the column's codes");
  table[code] = r;
  return r;
}

std::uint8_t Filter::row_result(const CompiledRule& rule, const FilterNode& n, std::uint32_t i) {
  const Value v = machine_.read_path(kind_, first_ + i, plan_.paths()[n.path].fields);
  const auto direct = direct_result(n, v);
  const std::uint8_t r = direct ? *direct : leaf_result(rule, n, v);
  return r == kDated ? dated_result(rule, n, v, i) : r;
}

namespace {

/// Sets bit i of t (f) for each live row i < rows whose result is kTrue (kFalse). `byte(i)` gives a
/// row's result, or a byte with kUnknown's bit, which `fix(i)` then computes. Words with many live rows
/// are computed whole, eight results to a register and no branch, then masked, and only their unknown
/// rows are fixed one by one; sparse words row by row.
template <typename Byte, typename Fix>
inline void byte_rows(std::uint32_t rows, const BatchMask& live, BatchMask& t, BatchMask& f, Byte&& byte, Fix&& fix) {
  for (std::uint32_t w = 0; w < kBatchWords; ++w) {
    const std::uint64_t lw = live[w];
    std::uint64_t tw = 0;
    std::uint64_t fw = 0;
    std::uint64_t one_by_one = lw;
    if (lw != 0 && w * 64 + 64 <= rows && std::popcount(lw) >= 28) {
      std::uint64_t unknown = 0;
      for (std::uint32_t k = 0; k < 8; ++k) {
        std::uint64_t x = 0;
        for (std::uint32_t j = 0; j < 8; ++j) x |= std::uint64_t{byte(w * 64 + k * 8 + j)} << (8 * j);
        tw |= gather_bit0(x) << (8 * k);
        fw |= gather_bit0(x >> 1) << (8 * k);
        unknown |= gather_bit0(x >> 3) << (8 * k);
      }
      tw &= lw;  // an unknown byte has neither bit: its row is added below
      fw &= lw;
      one_by_one = unknown & lw;
    }
    for (std::uint64_t bits = one_by_one; bits != 0; bits &= bits - 1) {
      const auto j = static_cast<std::uint32_t>(std::countr_zero(bits));
      std::uint8_t b = byte(w * 64 + j);
      if ((b & kUnknown) != 0) [[unlikely]] b = fix(w * 64 + j);
      tw |= static_cast<std::uint64_t>(b & kTrue) << j;
      fw |= static_cast<std::uint64_t>((b & kFalse) >> 1) << j;
    }
    t[w] = tw;
    f[w] = fw;
  }
}

}  // namespace

void Filter::eval_source_leaf(const CompiledRule& rule, const FilterNode& n, const Column& column, const BatchMask& live,
                              BatchMask& t, BatchMask& f) {
  if (column.source != nullptr) {
    const std::uint32_t* codes = column.source + first_;
    if (n.op == FilterOp::enum_leaf) {
      byte_rows(
          rows_, live, t, f, [&](std::uint32_t i) { return n.enum_results[std::min<std::uint32_t>(codes[i] + 1, 32)]; },
          [](std::uint32_t) { return kNeither; });
      return;
    }
    // One table entry per code (the table covers the column's codes), computed the first time it is met.
    const std::uint8_t* table = tables_[n.source_slot].data();
    byte_rows(
        rows_, live, t, f, [&](std::uint32_t i) { return table[codes[i]]; },
        [&](std::uint32_t i) { return source_result(rule, n, codes[i]); });
    return;
  }
  if (column.purpose) {
    // Text searches in the purposes' buffer; an empty purpose is missing, as the machine reads it.
    const std::string_view needle = n.constant.string;
    const auto cmp = n.cmp;
    const compile::Regex* const regex = n.direct == DirectForm::matches ? n.regex : nullptr;
    byte_rows(
        rows_, live, t, f,
        [&](std::uint32_t i) {
          const std::string_view text = payment_columns_->purpose(first_ + i);
          if (text.empty()) return kNeither;
          const bool hit = regex != nullptr                         ? regex->search(text)
                           : cmp == dsl::ast::BinaryOp::contains    ? text.find(needle) != std::string_view::npos
                           : cmp == dsl::ast::BinaryOp::starts_with ? text.starts_with(needle)
                                                                    : text.ends_with(needle);
          return hit ? kTrue : kFalse;
        },
        [](std::uint32_t) { return kNeither; });
    return;
  }
  // Amounts against a constant, both integers at the column's scale; the few amounts not exact there
  // are read from their payment.
  const std::int64_t* units = column.amounts + first_;
  const std::int64_t c = n.scaled[static_cast<std::size_t>(payment_columns_->amount_scale)];
  const std::array<std::uint8_t, 3> by_sign{compile::holds(n.cmp, -1) ? kTrue : kFalse,
                                            compile::holds(n.cmp, 0) ? kTrue : kFalse,
                                            compile::holds(n.cmp, 1) ? kTrue : kFalse};
  byte_rows(
      rows_, live, t, f,
      [&](std::uint32_t i) {
        const std::int64_t u = units[i];
        return u == model::PaymentColumns::kInexactAmount ? kUnknown : by_sign[static_cast<std::size_t>((u > c) - (u < c) + 1)];
      },
      [&](std::uint32_t i) { return row_result(rule, n, i); });
}

void Filter::eval_leaf(const CompiledRule& rule, const FilterNode& n, const BatchMask& live, BatchMask& t, BatchMask& f,
                       BatchMask* defer) {
  if (defer != nullptr) defer->fill(0);
  const Column& source = columns_[n.path];
  if (source.source != nullptr ||
      (source.purpose && (n.direct == DirectForm::string_test || n.direct == DirectForm::matches)) ||
      (source.amounts != nullptr && n.direct == DirectForm::compare && n.constant.kind == ValueKind::decimal &&
       ((n.scaled_valid >> payment_columns_->amount_scale) & 1U) != 0)) {
    eval_source_leaf(rule, n, source, live, t, f);
    return;
  }
  fill(n.path, live);
  const Column& column = columns_[n.path];
  if (n.op == FilterOp::enum_leaf) {
    byte_rows(
        rows_, live, t, f, [&](std::uint32_t i) { return n.enum_results[std::min<std::uint32_t>(column.codes[i], 32)]; },
        [](std::uint32_t) { return kNeither; });
  } else if (n.direct == DirectForm::compare && n.constant.kind == ValueKind::decimal && !plan_.paths()[n.path].via_entity &&
             !column.lazy) {
    // Amount bands: compare mantissas at the amount's scale; other values as any leaf.
    per_row(live, t, f, [&](std::uint32_t i) {
      const Value& v = column.values[i];
      if (v.kind == ValueKind::decimal) {
        const int s = v.decimal.scale();
        if (((n.scaled_valid >> s) & 1U) != 0) {
          const std::int64_t a = v.decimal.mantissa();
          const std::int64_t b = n.scaled[static_cast<std::size_t>(s)];
          return compile::holds(n.cmp, a < b ? -1 : (a > b ? 1 : 0)) ? kTrue : kFalse;
        }
      }
      return coded_result(rule, n, column, i);
    });
  } else {
    // A blind leaf on a column of parties: the rows of parties without facts for its builtins all have
    // the result of one of them (blind_result), set a word at a time; only the others read the table.
    const BatchMask* rest = &live;
    BatchMask blind_t{};
    BatchMask blind_f{};
    BatchMask others;
    if (facts_mask_[n.slot] != 0 && column.entities && !plan_.paths()[n.path].via_entity) {
      Column& facts = columns_[n.path];
      fill_facts(facts, live);
      BatchMask blind;
      blind_rows(n, facts, live, blind);
      std::uint32_t first = kBatchRows;
      for (std::uint32_t w = 0; w < kBatchWords && first == kBatchRows; ++w) {
        if (blind[w] != 0) first = w * 64 + static_cast<std::uint32_t>(std::countr_zero(blind[w]));
      }
      if (first != kBatchRows) {
        const std::uint8_t r = blind_result(rule, n, row_value(n, column, first));
        if (r == kTrue) blind_t = blind;
        if (r == kFalse) blind_f = blind;
        for (std::uint32_t w = 0; w < kBatchWords; ++w) others[w] = live[w] & ~blind[w];
        rest = &others;
      }
    }
    // The table of results by code, with the slow path (a new code, an uncoded value, a result decided
    // per row) out of line; it may grow the table.
    // Its data and size as locals, read again only after the slow path: the fast path then loads the
    // row's code and its result, not the vector's members too.
    const std::vector<std::uint8_t>& table = tables_[n.slot];
    const std::uint8_t* results = table.data();
    std::size_t known = table.size();
    const std::uint32_t* const codes = column.codes.data();
    byte_rows(
        rows_, *rest, t, f,
        [&](std::uint32_t i) {
          const std::uint32_t code = codes[i];
          return code < known ? results[code] : kUnknown;
        },
        [&](std::uint32_t i) {
          // A party with dated facts whose span covers the row's day (the commonest slow row of a leaf
          // with spans): its result without the full coded_result.
          if (n.spans) {
            const std::uint32_t code = codes[i];
            std::int32_t day = 0;
            if (code < known && results[code] == kDated && column_day(i, day)) {
              if (const Span* span = find_span(n, code, day)) return span->result;
            }
          }
          const std::uint8_t r = coded_result(rule, n, column, i, defer != nullptr);
          results = table.data();
          known = table.size();
          if (r == kDated) (*defer)[i / 64] |= std::uint64_t{1} << (i % 64);  // only returned with defer
          return r;
        });
    for (std::uint32_t w = 0; w < kBatchWords; ++w) {
      t[w] |= blind_t[w];
      f[w] |= blind_f[w];
    }
  }
}

}  // namespace sanx::eval
