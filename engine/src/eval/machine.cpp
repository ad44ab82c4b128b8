#include "eval/machine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <new>
#include <tuple>

#include "compile/regex.hpp"
#include "sanx/core/assert.hpp"
#include "sanx/core/text.hpp"

namespace sanx::eval {

using check::Builtin;
using check::FieldId;
using compile::ListKind;
using compile::ListView;
using compile::Node;
using compile::Op;
using compile::SubjectKind;
using compile::Value;
using compile::ValueKind;
using dsl::ast::BinaryOp;
using dsl::ast::QuantifierKind;

namespace {

Value text_or_missing(const std::string& s) noexcept {
  return s.empty() ? Value::missing() : Value::of_string(s);
}

Value entity_or_missing(model::EntityIx ix) noexcept {
  return ix.valid() ? Value::of_index(ValueKind::entity, ix.value) : Value::missing();
}

Value date_or_missing(const std::optional<core::Date>& d) noexcept {
  return d ? Value::of_date(d->days_since_epoch()) : Value::missing();
}

template <typename T>
Value list_of(const std::vector<T>& v, ListKind kind) noexcept {
  return Value::of_list(v.data(), static_cast<std::uint32_t>(v.size()), kind);
}

/// Appends `d` in ISO form, as core::Date::to_string writes it.
void append_iso_date(std::string& out, const core::Date& d) {
  char text[core::Date::kMaxIsoSize];
  out.append(text, d.write_iso(text));
}

/// `a op b` (a comparison), with fast paths for two values of one kind, the commonest tests: a path against
/// a constant, a window's candidate against the subject (`q.contract == p.reference`, `q.consignee !=
/// p.originator`: strings by size first, so that most unequal texts are not read). Everything else goes
/// through compile::compare.
inline Value compare_values(BinaryOp op, const Value& a, const Value& b) noexcept {
  if (a.kind == b.kind) {
    const bool equality = op == BinaryOp::eq || op == BinaryOp::ne;
    switch (a.kind) {
      case ValueKind::country:
        if (equality) return Value::of_bool((a.country[0] == b.country[0] && a.country[1] == b.country[1]) == (op == BinaryOp::eq));
        break;
      case ValueKind::string:
        if (equality) return Value::of_bool((a.string == b.string) == (op == BinaryOp::eq));
        break;
      case ValueKind::entity:
      case ValueKind::payment:
      case ValueKind::shipment:
      case ValueKind::relation:
        if (equality) return Value::of_bool((a.index == b.index) == (op == BinaryOp::eq));
        break;
      case ValueKind::decimal: return Value::of_bool(compile::holds(op, compile::compare_decimals(a.decimal, b.decimal)));
      case ValueKind::date: return Value::of_bool(compile::holds(op, a.date < b.date ? -1 : (a.date > b.date ? 1 : 0)));
      default: break;
    }
  }
  return compile::compare(op, a, b);
}

/// Appends the decimal digits of `n`, as fmt and std::to_string write them.
template <typename Int>
void append_int(std::string& out, Int n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, static_cast<std::size_t>(end - digits));
}

/// Copies `n` bytes (sizeof(Word) ≤ n ≤ 2·sizeof(Word)) as a head and a tail word that overlap when n is less.
template <class Word>
inline void copy_two_words(char* to, const char* from, std::size_t n) noexcept {
  Word head{};
  Word tail{};
  std::memcpy(&head, from, sizeof(Word));
  std::memcpy(&tail, from + n - sizeof(Word), sizeof(Word));
  std::memcpy(to, &head, sizeof(Word));
  std::memcpy(to + n - sizeof(Word), &tail, sizeof(Word));
}

/// Sixteen bytes, moved by one load and one store (copy_two_words of up to 32 bytes).
struct Block16 {
  std::array<char, 16> bytes;
};

/// Copies `n` bytes from `from` to `to` (not overlapping). A reason is ~20 pieces of a few bytes each
/// (", ", a country, an id), and most evidence values are short too (a name, a BIC, an amount): up to 32
/// bytes are moved by at most two loads and stores of fixed size, overlapping when fewer, instead of a
/// call of memcpy per piece.
inline void copy_short(char* to, const char* from, std::size_t n) noexcept {
  if (n > 32) {
    std::memcpy(to, from, n);
  } else if (n >= 16) {
    copy_two_words<Block16>(to, from, n);
  } else if (n >= 8) {
    copy_two_words<std::uint64_t>(to, from, n);
  } else if (n >= 4) {
    copy_two_words<std::uint32_t>(to, from, n);
  } else if (n > 0) {
    // 1 to 3 bytes: the first, the middle and the last (some the same), without a loop
    to[0] = from[0];
    to[n / 2] = from[n / 2];
    to[n - 1] = from[n - 1];
  }
}

/// Bytes readable after every source of copy_padded, and writable after its destination.
constexpr std::size_t kCopySlack = 32;

/// Copies `n` bytes from `from` to `to` (not overlapping), where both have kCopySlack bytes more: up to 32
/// bytes in one or two loads and stores of 16, whatever their number (a reason's pieces are mostly a few
/// bytes, its names and texts a few dozen).
inline void copy_padded(char* to, const char* from, std::size_t n) noexcept {
  static_assert(kCopySlack >= 32);
  if (n <= 16) [[likely]] {
    std::memcpy(to, from, 16);
  } else if (n <= 32) {
    std::memcpy(to, from, 32);
  } else {
    std::memcpy(to, from, n);
  }
}

/// Appends "source -> target (kind)", how a relation is named in findings.
void append_relation(std::string& out, const model::Relation& r) {
  out.append(r.source).append(" -> ").append(r.target).append(" (").append(model::to_string(r.kind)).append(")");
}

template <typename T>
const T& at(const std::vector<T>& v, std::size_t i) {
  SANX_ASSERT(i < v.size() && "a subject index lies inside its dataset vector");
  return v[i];
}

}  // namespace

char* Arena::allocate(std::size_t n) {
  while (block_ < blocks_.size()) {
    if (used_ + n <= sizes_[block_]) {
      char* p = blocks_[block_].get() + used_;
      used_ += n;
      return p;
    }
    ++block_;
    used_ = 0;
  }
  const std::size_t size = std::max(kBlockSize, n);
  blocks_.push_back(std::make_unique<char[]>(size));
  sizes_.push_back(size);
  block_ = blocks_.size() - 1;
  used_ = n;
  return blocks_.back().get();
}

Machine::Machine(const compile::RuleSet::Impl& rules, const model::Dataset& data, std::optional<core::Date> as_of)
    : rules_(rules), data_(data), as_of_(as_of) {
  std::size_t lets = 0;
  std::size_t quantifiers = 0;
  for (const compile::CompiledRule& r : rules.rules) {
    lets = std::max<std::size_t>(lets, r.let_slots);
    quantifiers = std::max<std::size_t>(quantifiers, r.quantifier_slots);
  }
  let_values_.resize(lets);
  let_generation_.resize(lets, 0);
  quantifier_values_.resize(quantifiers);
  adaptive_.resize(rules.rules.size());
  finding_rules_.resize(rules.rules.size());
  reason_plans_.resize(rules.rules.size());
  gates_.reserve(rules.rules.size());
  for (const compile::CompiledRule& r : rules.rules) gates_.push_back(window_gates(r));
}

void Machine::begin_batch(std::uint32_t first, std::uint32_t count) {
  batch_first_ = first;
  ++batch_stamp_;
  memo_rows_ = count;
  for (RestrictionMemo& m : restriction_memos_) {
    if (m.stamp.size() < count) {
      m.stamp.resize(count, 0);
      m.choice.resize(count);
    }
  }
  kept_pool_.clear();
  const std::uint32_t slots = windows_ != nullptr ? windows_->share_slots() : 0;
  if (slots == 0) count = 0;
  // A new layout (another count) needs no clearing: what was written under the old one has the stamp of
  // an earlier batch, never read as this one's (the chunks' last batches change the count back and forth).
  if (const std::size_t size = std::size_t{slots} * count; kept_stamp_.size() < size) {
    kept_stamp_.resize(size, 0);
    kept_begin_.resize(size);
    kept_size_.resize(size);
  }
  batch_count_ = count;
}

void Machine::begin_subject(SubjectKind kind, std::uint32_t ix) {
  kind_ = kind;
  subject_ix_ = ix;
  arena_.reset();
  switch (kind) {
    case SubjectKind::payment: subject_ = Value::of_index(ValueKind::payment, ix); break;
    case SubjectKind::shipment: subject_ = Value::of_index(ValueKind::shipment, ix); break;
    case SubjectKind::entity: subject_ = Value::of_index(ValueKind::entity, ix); break;
    case SubjectKind::relation: subject_ = Value::of_index(ValueKind::relation, ix); break;
  }
  date_ = subject_date(kind, ix);
  switch (kind) {
    case SubjectKind::payment: date_days_ = payment_days(ix); break;
    case SubjectKind::shipment: date_days_ = shipment_days(ix); break;
    case SubjectKind::entity:
    case SubjectKind::relation: date_days_ = date_ ? date_->days_since_epoch() : 0; break;
  }
}

std::int32_t Machine::payment_days(std::uint32_t ix) const { return column_days<model::PaymentColumns>(data_.payments, ix); }

std::int32_t Machine::shipment_days(std::uint32_t ix) const { return column_days<model::ShipmentColumns>(data_.shipments, ix); }

template <typename Columns, typename Row>
std::int32_t Machine::column_days(const std::vector<Row>& rows, std::uint32_t ix) const {
  // The columns, when up to date, hold the same number, read instead of computed from the date (a few
  // dozen instructions, for every subject and for each `p.date`).
  if (const Columns* c = current_columns<Columns>(data_); c != nullptr && ix < c->days.size()) return c->days[ix];
  return at(rows, ix).date.days_since_epoch();
}

bool Machine::applies(const compile::CompiledRule& rule) const {
  if (!date_) return true;  // no date to filter on: entity rules without --as-of
  if (rule.effective && date_days_ < *rule.effective) return false;
  if (rule.expires && date_days_ >= *rule.expires) return false;
  return true;
}

std::optional<Finding> Machine::run(const compile::CompiledRule& rule) {
  const std::optional<Outcome> outcome = decide(rule);
  if (!outcome) return std::nullopt;
  std::optional<Finding> f(std::in_place, finding_rule(rule));
  write_finding(rule, *outcome, *f);
  return f;
}

std::optional<Outcome> Machine::decide(const compile::CompiledRule& rule) {
  if (!applies(rule)) return std::nullopt;
  rule_ = &rule;
  ++generation_;
  // Before the gates: the leading gate's window may be evaluated with them, in the learnt order.
  if (adaptive_on_) {
    AdaptiveOrder& order = adaptive_[static_cast<std::size_t>(&rule - rules_.rules.data())];
    if (order.lists.size() != rule.lists.size()) {
      order.lists = rule.lists;
      order.decided.assign(rule.lists.size(), 0);
      order.runs.assign(rule.lists.size(), 0);
    }
    order_ = &order;
  }
  if (gates_on_) {
    for (const std::uint32_t w : gates_[static_cast<std::size_t>(&rule - rules_.rules.data())]) {
      if (window_empty(rule.nodes[w])) {
        order_ = nullptr;
        return std::nullopt;
      }
    }
    // The gate the `when` evaluates first (A7's `third > 0`): its window now, read back by the `when`.
    // When it is 0, the value it has without candidates, its conjunct is false (window_gates) and so is the
    // `when`, which need not be evaluated; its `and` learns as if it had been (adaptive_logical).
    if (const std::optional<std::uint32_t> w = leading_gate(rule); w && overrides_.empty()) {
      const Node& n = rule.nodes[*w];
      const Value count = window(n);
      value_memo_ = {&n, generation_, kind_, subject_ix_};
      value_memo_value_ = count;
      if (count.kind == ValueKind::integer && count.integer == 0) {
        if (const Node& root = rule.nodes[rule.root]; root.op == Op::logical_and && order_ != nullptr) {
          ++order_->decided[root.a];
          if (++order_->runs[root.a] == kAdaptivePeriod) reorder(root);
        }
        order_ = nullptr;
        return std::nullopt;
      }
    }
  }
  const Value v = eval<false>(rule.root);
  order_ = nullptr;
  if (v.is_true()) return Outcome::fired;
  if (v.kind == ValueKind::boolean || rule.ignore_missing) return std::nullopt;
  // Undetermined: evaluate again, recording which missing values decided the outcome.
  missing_.clear();
  (void)eval<true>(rule.root);
  return Outcome::undetermined;
}

std::optional<Outcome> Machine::decide_true(const compile::CompiledRule& rule) {
  if (!rule.windows.empty()) return decide(rule);
  if (!applies(rule)) return std::nullopt;
  // What decide leaves for write_finding: the rule current, and no let value of another subject or rule.
  rule_ = &rule;
  ++generation_;
  missing_.clear();
  return Outcome::fired;
}

// ---- evaluation ----

template <bool Explain>
Value Machine::eval(std::uint32_t node) {
  if constexpr (Explain) {
    // A node whose value is known discards what its operands recorded (e.g. `false and <missing>`); a
    // missing node with nothing recorded below it is itself the missing thing (a field, a call).
    const std::size_t mark = missing_.size();
    const Value v = step<true>(node);
    if (!v.is_missing()) {
      missing_.resize(mark);
    } else if (missing_.size() == mark) {
      missing_.push_back(node);
    }
    return v;
  } else {
    return step<false>(node);
  }
}

template <bool Explain>
Value Machine::operand(std::uint32_t index) {
  if constexpr (Explain) {
    return eval<true>(index);
  } else {
    if (!overrides_.empty() && overridden(index)) [[unlikely]] return override_;
    // Leaves and field paths are read here without a recursive call: most conditions compare a path
    // from the subject with a constant, and the calls were most of the cost of evaluating them.
    const compile::CompiledRule& rule = *rule_;
    const Node* n = &rule.nodes[index];
    if (n->op == Op::constant) return rule.consts[n->a];
    if (n->op != Op::field) return n->op == Op::subject ? subject_ : step<false>(index);
    constexpr int kMaxDepth = 8;
    std::uint16_t fields[kMaxDepth];
    int depth = 0;
    while (n->op == Op::field && depth < kMaxDepth) {
      fields[depth++] = n->field;
      n = &rule.nodes[n->a];
    }
    if (n->op == Op::quantifier_var && row_ != nullptr && n->a == row_slot_) {
      if (const std::int32_t column = row_columns_[index]; column >= 0) return row_[column];
    }
    Value v = n->op == Op::subject ? subject_ : step<false>(static_cast<std::uint32_t>(n - rule.nodes.data()));
    while (depth-- > 0 && !v.is_missing()) v = field(static_cast<FieldId>(fields[depth]), v);
    return v;
  }
}

template <bool Explain>
Value Machine::step(std::uint32_t index) {
  if constexpr (!Explain) {
    if (!overrides_.empty() && overridden(index)) [[unlikely]] return override_;
  }
  const compile::CompiledRule& rule = *rule_;
  const Node& n = rule.nodes[index];
  switch (n.op) {
    case Op::constant: return rule.consts[n.a];
    case Op::subject: return subject_;
    case Op::field:
      if constexpr (Explain) {
        return field(static_cast<FieldId>(n.field), eval<true>(n.a));  // records the innermost missing field
      } else {
        return operand<false>(index);
      }
    case Op::let_ref:
      if constexpr (Explain) {
        return eval<true>(n.b);  // not cached: the explain pass records what each use depends on
      } else {
        if (let_generation_[n.a] != generation_) {
          let_values_[n.a] = eval<false>(n.b);
          let_generation_[n.a] = generation_;
        }
        return let_values_[n.a];
      }
    case Op::quantifier_var: return quantifier_values_[n.a];
    case Op::logical_and: {
      if constexpr (!Explain) {
        if (order_ != nullptr) return adaptive_logical<true>(n);
      }
      bool missing = false;
      for (std::uint32_t i = 0; i < n.b; ++i) {
        const Value v = eval<Explain>(rule.lists[n.a + i]);
        if (v.is_false()) return v;
        missing = missing || !v.is_true();
      }
      return missing ? Value::missing() : Value::of_bool(true);
    }
    case Op::logical_or: {
      if constexpr (!Explain) {
        if (order_ != nullptr) return adaptive_logical<false>(n);
      }
      bool missing = false;
      for (std::uint32_t i = 0; i < n.b; ++i) {
        const Value v = eval<Explain>(rule.lists[n.a + i]);
        if (v.is_true()) return v;
        missing = missing || !v.is_false();
      }
      return missing ? Value::missing() : Value::of_bool(false);
    }
    case Op::logical_not: {
      const Value v = eval<Explain>(n.a);
      return v.kind == ValueKind::boolean ? Value::of_bool(!v.boolean) : Value::missing();
    }
    case Op::is_missing: return Value::of_bool(eval<Explain>(n.a).is_missing() != (n.aux != 0));
    case Op::compare: {
      const Value a = operand<Explain>(n.a);
      return compare_values(static_cast<BinaryOp>(n.aux), a, operand<Explain>(n.b));
    }
    case Op::compare_const: return compare_values(static_cast<BinaryOp>(n.aux), operand<Explain>(n.a), rule.consts[n.b]);
    case Op::arithmetic: {
      const Value a = operand<Explain>(n.a);
      return compile::arithmetic(static_cast<BinaryOp>(n.aux), a, operand<Explain>(n.b));
    }
    case Op::negate: return compile::negate(eval<Explain>(n.a));
    case Op::in_set: {
      const Value x = operand<Explain>(n.a);
      if (x.is_missing()) return x;
      const compile::ConstSet& set = *rule.sets[n.b];
      if (set.dated) {  // as of the subject's date; an entity rule without --as-of has none
        if (!date_) return Value::missing();
        return Value::of_bool(set.contains_on(x, date_days_) != (n.aux != 0));
      }
      return Value::of_bool(set.contains(x) != (n.aux != 0));
    }
    case Op::in_collection: {
      const Value x = operand<Explain>(n.a);
      const Value c = operand<Explain>(n.b);
      const Value r = membership<Explain>(x, c);
      return r.kind == ValueKind::boolean ? Value::of_bool(r.boolean != (n.aux != 0)) : r;
    }
    case Op::enum_test: return enum_test(n, operand<Explain>(n.a));
    case Op::string_test: {
      const Value a = operand<Explain>(n.a);
      const Value b = operand<Explain>(n.b);
      if (a.kind == ValueKind::list || a.kind == ValueKind::set) return membership<Explain>(b, a);
      return compile::string_test(static_cast<BinaryOp>(n.aux), a, b);
    }
    case Op::matches: {
      const Value a = operand<Explain>(n.a);
      const compile::Regex* re = rule.regexes[n.b];
      if (a.is_missing() || re == nullptr) return Value::missing();
      return Value::of_bool(re->search(compile::text_of(a)));
    }
    case Op::matches_dynamic: {
      const Value a = operand<Explain>(n.a);
      const Value p = operand<Explain>(n.b);
      if (a.is_missing() || p.is_missing()) return Value::missing();
      const compile::Regex* re = dynamic_regex(compile::text_of(p));
      if (re == nullptr) return Value::missing();
      return Value::of_bool(re->search(compile::text_of(a)));
    }
    case Op::call: return call<Explain>(n);
    case Op::quantifier: return quantifier<Explain>(n);
    case Op::list_literal: return Value::of_list(&rule.lists[n.a], n.b, ListKind::nodes);
    case Op::window: return window(n);
  }
  SANX_ASSERT(false && "every IR op is evaluated");
  return Value::missing();
}

// `and` (IsAnd) or `or` in the learnt order: the same value as the compiler's order, since an operand that
// decides the node (false for `and`, true for `or`) decides it wherever it stands, and otherwise the node is
// missing exactly when some operand is.
template <bool IsAnd>
Value Machine::adaptive_logical(const Node& n) {
  AdaptiveOrder& order = *order_;
  const auto value = [&] {
    bool missing = false;
    for (std::uint32_t i = 0; i < n.b; ++i) {
      const Value v = step<false>(order.lists[n.a + i]);
      if (v.kind == ValueKind::boolean && v.boolean != IsAnd) {
        ++order.decided[n.a + i];
        return v;
      }
      missing = missing || v.kind != ValueKind::boolean;
    }
    return missing ? Value::missing() : Value::of_bool(IsAnd);
  }();
  if (++order.runs[n.a] == kAdaptivePeriod) reorder(n);
  return value;
}

std::vector<std::uint32_t> Machine::operand_order(const compile::CompiledRule& rule, std::uint32_t node) const {
  const Node& n = rule.nodes.at(node);
  const AdaptiveOrder& order = adaptive_.at(static_cast<std::size_t>(&rule - rules_.rules.data()));
  const std::vector<std::uint32_t>& lists = order.lists.size() == rule.lists.size() ? order.lists : rule.lists;
  return {lists.begin() + n.a, lists.begin() + n.a + n.b};
}

void Machine::reorder(const Node& n) {
  AdaptiveOrder& order = *order_;
  const compile::CompiledRule& rule = *rule_;
  // Operand k was evaluated as often as the node, less the times an operand before it decided.
  struct Rank {
    double rank;
    std::uint32_t node;
  };
  Rank ranks[16];
  if (n.b > std::size(ranks)) {  // long lists keep the compiler's order
    order.runs[n.a] = 0;
    std::fill_n(order.decided.begin() + n.a, n.b, 0U);
    return;
  }
  double evaluated = order.runs[n.a];
  for (std::uint32_t k = 0; k < n.b; ++k) {
    const std::uint32_t node = order.lists[n.a + k];
    const double decided = order.decided[n.a + k];
    // Half a decision in one more evaluation: an operand seldom reached is taken to decide half the time.
    const double share = (decided + 0.5) / (evaluated + 1.0);
    const double cost = 1.0 + (node < rule.costs.size() ? rule.costs[node] : 0);
    ranks[k] = {cost / share, node};
    evaluated -= decided;
    order.decided[n.a + k] = 0;
  }
  std::stable_sort(ranks, ranks + n.b, [](const Rank& x, const Rank& y) { return x.rank < y.rank; });
  for (std::uint32_t k = 0; k < n.b; ++k) order.lists[n.a + k] = ranks[k].node;
  order.runs[n.a] = 0;
}

template <bool Explain>
Value Machine::element(const ListView& list, std::uint32_t i) {
  switch (list.kind) {
    case ListKind::strings: return text_or_missing(static_cast<const std::string*>(list.data)[i]);
    case ListKind::countries: return Value::of_country(static_cast<const std::string*>(list.data)[i]);
    case ListKind::entities: return entity_or_missing(static_cast<const model::EntityIx*>(list.data)[i]);
    case ListKind::names: return Value::of_string(static_cast<const model::Name*>(list.data)[i].text);
    case ListKind::identifiers: {
      const model::Identifier& id = static_cast<const model::Identifier*>(list.data)[i];
      char* p = arena_.allocate(id.scheme.size() + 1 + id.value.size());
      std::memcpy(p, id.scheme.data(), id.scheme.size());
      p[id.scheme.size()] = ':';
      std::memcpy(p + id.scheme.size() + 1, id.value.data(), id.value.size());
      return Value::of_string({p, id.scheme.size() + 1 + id.value.size()});
    }
    case ListKind::nodes: return eval<Explain>(static_cast<const std::uint32_t*>(list.data)[i]);
    case ListKind::values: return static_cast<const Value*>(list.data)[i];
  }
  return Value::missing();
}

template <bool Explain>
Value Machine::membership(const Value& x, const Value& c) {
  if (x.is_missing() || c.is_missing()) return Value::missing();
  if (c.kind == ValueKind::set) return Value::of_bool(c.set->contains(x));
  if (c.kind == ValueKind::list) {
    for (std::uint32_t i = 0; i < c.list.size; ++i) {
      if (compile::equal(element<Explain>(c.list, i), x)) return Value::of_bool(true);
    }
    return Value::of_bool(false);
  }
  // a string: substring test
  return Value::of_bool(compile::text_of(c).find(compile::text_of(x)) != std::string_view::npos);
}

template <bool Explain>
Value Machine::quantifier(const Node& n) {
  const Value c = eval<Explain>(n.a);
  if (c.is_missing()) return c;
  const auto kind = static_cast<QuantifierKind>(n.aux);
  const bool looking_for = kind != QuantifierKind::all;  // any/none stop at true, all at false
  bool saw_missing = false;
  bool found = false;
  auto visit = [&](const Value& item) {
    quantifier_values_[n.c] = item;
    const Value v = eval<Explain>(n.b);
    if (v.kind == ValueKind::boolean && v.boolean == looking_for) {
      found = true;
    } else if (v.kind != ValueKind::boolean) {
      saw_missing = true;
    }
  };
  if (c.kind == ValueKind::set) {
    for (const Value& item : c.set->values) {
      visit(item);
      if (found) break;
    }
  } else if (c.kind == ValueKind::list) {
    for (std::uint32_t i = 0; i < c.list.size && !found; ++i) {
      const Value item = element<Explain>(c.list, i);
      if (!item.is_missing() || c.list.kind == ListKind::nodes) visit(item);
    }
  } else {
    return Value::missing();
  }
  switch (kind) {
    case QuantifierKind::any: return found ? Value::of_bool(true) : (saw_missing ? Value::missing() : Value::of_bool(false));
    case QuantifierKind::none: return found ? Value::of_bool(false) : (saw_missing ? Value::missing() : Value::of_bool(true));
    case QuantifierKind::all: return found ? Value::of_bool(false) : (saw_missing ? Value::missing() : Value::of_bool(true));
  }
  return Value::missing();
}

bool Machine::in_force(const model::Designation& d) const {
  if (date_) return d.in_force_on(*date_);
  return !d.listed_to;  // no date (entity rules without as_of): designations not yet ended
}

template <bool Explain>
Value Machine::call(const Node& n) {
  const compile::CompiledRule& rule = *rule_;
  const std::uint32_t* args = &rule.lists[n.a];
  const auto id = static_cast<Builtin>(n.field);
  if (id == Builtin::coalesce) {
    for (std::uint32_t i = 0; i < n.b; ++i) {
      const Value v = operand<Explain>(args[i]);
      if (!v.is_missing()) return v;
    }
    return Value::missing();
  }
  const Value x = operand<Explain>(args[0]);
  if (gate_ && gated_builtin(id) && has_dated_facts(id, x)) [[unlikely]] {
    gate_hit_ = true;
    return Value::missing();
  }
  switch (id) {
    case Builtin::designated:
    case Builtin::listed_on: {
      const Value which = operand<Explain>(args[1]);
      const Value program = n.b > 2 ? operand<Explain>(args[2]) : Value::missing();
      if (x.is_missing() || which.is_missing() || (n.b > 2 && program.is_missing())) return Value::missing();
      if (x.kind != ValueKind::entity || x.index >= data_.designations_of.size()) return Value::of_bool(false);
      const std::string_view w = compile::text_of(which);
      for (const std::uint32_t d_ix : data_.designations_of[x.index]) {
        const model::Designation& d = data_.designations[d_ix];
        if (!core::equals_ignore_case(id == Builtin::designated ? d.regime : d.list, w) || !in_force(d)) continue;
        if (n.b > 2 && std::none_of(d.programs.begin(), d.programs.end(), [&](const std::string& p) {
              return core::equals_ignore_case(p, compile::text_of(program));
            })) {
          continue;
        }
        return Value::of_bool(true);
      }
      return Value::of_bool(false);
    }
    case Builtin::delisted: {
      // Every designation of the regime has ended by the subject's date (and there was one): the case
      // where a match against today's list would be wrong in a back-dated audit (pattern B6).
      const Value which = operand<Explain>(args[1]);
      if (x.is_missing() || which.is_missing()) return Value::missing();
      if (x.kind != ValueKind::entity || x.index >= data_.designations_of.size()) return Value::of_bool(false);
      bool ended = false;
      for (const std::uint32_t d_ix : data_.designations_of[x.index]) {
        const model::Designation& d = data_.designations[d_ix];
        if (!core::equals_ignore_case(d.regime, compile::text_of(which))) continue;
        if (in_force(d)) return Value::of_bool(false);
        const bool started = !d.listed_from || !date_ || d.listed_from->earliest().days_since_epoch() <= date_days_;
        if (d.listed_to && started) ended = true;
      }
      return Value::of_bool(ended);
    }
    case Builtin::name_match: {
      const Value regime = operand<Explain>(args[1]);
      const std::optional<double> threshold =
          n.b > 2 ? NameMatcher::threshold_of(operand<Explain>(args[2])) : NameMatcher::kDefaultThreshold;
      if (x.is_missing() || regime.is_missing() || !threshold || names_ == nullptr) return Value::missing();
      const double t = *threshold;
      // No listed party resembles it: missing, so that `name_match(...) is not missing` is the test.
      const auto hit = x.kind == ValueKind::entity
                           ? names_->best(model::EntityIx{x.index}, compile::text_of(regime), date_, t)
                           : names_->best(compile::text_of(x), compile::text_of(regime), date_, t);
      return hit ? Value::of_index(ValueKind::entity, *hit) : Value::missing();
    }
    case Builtin::bic_country: return bic_country_of(x);
    case Builtin::hs_in: {
      const Value codes = operand<Explain>(args[1]);
      if (x.is_missing() || codes.is_missing()) return Value::missing();
      const std::string_view code = compile::text_of(x);
      if (codes.kind == ValueKind::set) return Value::of_bool(codes.set->has_prefix_of(code));
      if (codes.kind == ValueKind::list) {
        for (std::uint32_t i = 0; i < codes.list.size; ++i) {
          const Value e = element<Explain>(codes.list, i);
          if (!e.is_missing() && code.starts_with(compile::text_of(e))) return Value::of_bool(true);
        }
      }
      return Value::of_bool(false);
    }
    case Builtin::len: {
      if (x.kind == ValueKind::string) return Value::of_int(static_cast<std::int64_t>(core::count_code_points(x.string)));
      if (x.kind == ValueKind::set) return Value::of_int(static_cast<std::int64_t>(x.set->values.size()));
      if (x.kind == ValueKind::list) {
        std::int64_t count = 0;
        for (std::uint32_t i = 0; i < x.list.size; ++i) {
          if (x.list.kind == ListKind::nodes || !element<Explain>(x.list, i).is_missing()) ++count;
        }
        return Value::of_int(count);
      }
      return Value::missing();
    }
    case Builtin::lower:
    case Builtin::upper:
      if (x.is_missing()) return x;
      return Value::of_string(copy_transformed(compile::text_of(x), id == Builtin::upper));
    case Builtin::days: return compile::duration_days(x);
    case Builtin::left: {
      const Value count = operand<Explain>(args[1]);
      if (x.is_missing() || count.is_missing() || count.integer < 0) return Value::missing();
      const std::string_view text = compile::text_of(x);
      std::size_t end = 0;  // after `count` code points: UTF-8 continuation bytes are 10xxxxxx
      for (std::int64_t k = 0; k < count.integer && end < text.size(); ++k) {
        ++end;
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
      }
      if (x.kind == ValueKind::country) return Value::of_string(copy_transformed(text.substr(0, end), true));
      return Value::of_string(text.substr(0, end));
    }
    case Builtin::blocked:
    case Builtin::owned_share:
    case Builtin::controlled:
    case Builtin::exposure_paths: return ownership(id, x, operand<Explain>(args[1]));
    case Builtin::linked_to:
    case Builtin::shared_identity:
    case Builtin::shared_identity_detail: {
      const Value second = operand<Explain>(args[1]);
      return identity(id, x, second, n.b > 2 ? operand<Explain>(args[2]) : Value::missing());
    }
    case Builtin::coalesce: break;
  }
  return Value::missing();
}

Value Machine::ownership(Builtin id, const Value& x, const Value& regime_value) {
  if (x.is_missing() || regime_value.is_missing() || ownership_ == nullptr) return Value::missing();
  const auto regime = graph::parse_regime(compile::text_of(regime_value));
  if (!regime) return Value::missing();
  if (x.kind != ValueKind::entity) return id == Builtin::owned_share || id == Builtin::exposure_paths ? Value::missing() : Value::of_bool(false);
  const model::EntityIx e{x.index};
  switch (id) {
    case Builtin::blocked: {
      const auto b = ownership_->blocked(e, *regime, date_);
      return b ? Value::of_bool(*b) : Value::missing();
    }
    case Builtin::owned_share: {
      // Bounds that differ leave the share open: missing, so that a rule on it is undetermined.
      const auto [lo, hi] = ownership_->share(e, *regime, date_);
      return lo == hi ? Value::of_decimal(lo) : Value::missing();
    }
    case Builtin::controlled: return Value::of_bool(ownership_->controlled(e, *regime, date_));
    case Builtin::exposure_paths: {
      const std::vector<std::string> paths = ownership_->paths(e, *regime, date_);
      std::size_t size = 0;
      for (const auto& p : paths) size += p.size() + 2;
      char* out = arena_.allocate(size);
      std::size_t at = 0;
      for (const auto& p : paths) {
        if (at > 0) {
          out[at++] = ';';
          out[at++] = ' ';
        }
        std::copy(p.begin(), p.end(), out + at);
        at += p.size();
      }
      return Value::of_string(std::string_view(out, at));
    }
    default: break;
  }
  return Value::missing();
}

Value Machine::identity(Builtin id, const Value& x, const Value& second, const Value& third) {
  // linked_to is never missing: an absent party (no end user on a shipment) is linked to nothing.
  if (id == Builtin::linked_to && (x.is_missing() || second.is_missing() || third.is_missing())) return Value::of_bool(false);
  if (x.is_missing() || second.is_missing()) return Value::missing();
  if (identity_ == nullptr) {
    if (!own_identity_) own_identity_ = std::make_unique<IdentityIndex>(data_);
    identity_ = own_identity_.get();
  }
  const model::EntityIx e{x.kind == ValueKind::entity ? x.index : model::EntityIx::kNone};
  if (id == Builtin::linked_to) return Value::of_bool(identity_->linked_to(e, compile::text_of(second), third.integer, date_));
  const auto shared = identity_->shared_identity(e, compile::text_of(second), date_);
  // Nobody shares an identity with it: missing, like name_match, so that `is not missing` is the test.
  if (!shared) return Value::missing();
  if (id == Builtin::shared_identity) return Value::of_index(ValueKind::entity, shared->other.value);
  char* out = arena_.allocate(shared->detail.size());
  std::copy(shared->detail.begin(), shared->detail.end(), out);
  return Value::of_string(std::string_view(out, shared->detail.size()));
}

std::string_view Machine::copy_transformed(std::string_view s, bool upper) {
  auto changes = [upper](char c) { return upper ? (c >= 'a' && c <= 'z') : (c >= 'A' && c <= 'Z'); };
  if (std::none_of(s.begin(), s.end(), changes)) return s;
  char* p = arena_.allocate(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    p[i] = changes(c) ? static_cast<char>(upper ? c - 'a' + 'A' : c - 'A' + 'a') : c;
  }
  return {p, s.size()};
}

const compile::Regex* Machine::dynamic_regex(std::string_view pattern) {
  auto it = dynamic_regexes_.find(std::string(pattern));
  if (it == dynamic_regexes_.end()) {
    it = dynamic_regexes_.emplace(std::string(pattern), compile::Regex::make(pattern)).first;
  }
  return it->second.get();
}

int Machine::enum_code(FieldId field, const Value& base) const {
  if (base.is_missing()) return -1;
  switch (field) {
    case FieldId::payment_network: return static_cast<int>(at(data_.payments, base.index).network);
    case FieldId::entity_kind: return static_cast<int>(at(data_.entities, base.index).kind);
    case FieldId::relation_kind: return static_cast<int>(at(data_.relations, base.index).kind);
    case FieldId::shipment_mode: {
      const auto& mode = at(data_.shipments, base.index).mode;
      return mode ? static_cast<int>(*mode) : -1;
    }
    default: return -1;
  }
}

void Machine::enum_code_rows(FieldId field, const std::uint32_t* rows, std::size_t n, const Value* bases,
                             std::uint32_t* codes) const {
  if (field == FieldId::payment_network) {  // the commonest: read straight from the payments
    for (std::size_t k = 0; k < n; ++k) {
      const Value& base = bases[rows[k]];
      codes[rows[k]] = base.kind == ValueKind::payment && base.index < data_.payments.size()
                           ? static_cast<std::uint32_t>(data_.payments[base.index].network) + 1
                           : static_cast<std::uint32_t>(enum_code(field, base) + 1);
    }
    return;
  }
  for (std::size_t k = 0; k < n; ++k) codes[rows[k]] = static_cast<std::uint32_t>(enum_code(field, bases[rows[k]]) + 1);
}

Value Machine::enum_test(const Node& n, const Value& base) const {
  const int code = enum_code(static_cast<FieldId>(n.field), base);
  if (code < 0) return Value::missing();
  return Value::of_bool((((n.b >> static_cast<unsigned>(code)) & 1U) != 0) != (n.aux != 0));
}

Value Machine::payment_country(std::uint32_t ix, bool origin) noexcept {
  // The bank's BIC country first: a foreign branch of a Russian bank carries its own country, which is what
  // the corridor is; the customer's country only when the payment names no BIC.
  const model::Payment& p = at(data_.payments, ix);
  const std::string& bic = origin ? p.originator_bic : p.beneficiary_bic;
  if (model::is_valid_bic(bic)) return Value::of_country(model::bic_country(bic));
  if (ix >= data_.payment_refs.size()) return Value::missing();
  const model::EntityIx party = origin ? data_.payment_refs[ix].originator : data_.payment_refs[ix].beneficiary;
  return party.valid() ? main_country(party.value) : Value::missing();
}

Value Machine::main_country(std::uint32_t entity) const {
  const auto& countries = at(data_.entities, entity).countries;
  return countries.empty() ? Value::missing() : Value::of_country(countries.front());
}

Value Machine::shipment_countries(std::uint32_t ix, bool legs) {
  const model::Shipment& s = at(data_.shipments, ix);
  std::vector<std::string_view> chain;
  chain.reserve(s.route.size() + 2);
  const auto add = [&chain](std::string_view c) {
    if (!c.empty() && (chain.empty() || chain.back() != c)) chain.push_back(c);
  };
  add(s.origin);
  for (const std::string& c : s.route) add(c);
  add(s.destination);
  const std::size_t n = legs ? (chain.size() < 2 ? 0 : chain.size() - 1) : chain.size();
  // Values live in the arena like the strings made during this evaluation.
  Value* values = arena_.allocate_array<Value>(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!legs) {
      values[i] = Value::of_country(chain[i]);
      continue;
    }
    char* text = arena_.allocate(chain[i].size() + chain[i + 1].size() + 1);
    std::copy(chain[i].begin(), chain[i].end(), text);
    text[chain[i].size()] = '-';
    std::copy(chain[i + 1].begin(), chain[i + 1].end(), text + chain[i].size() + 1);
    values[i] = Value::of_string(std::string_view(text, chain[i].size() + chain[i + 1].size() + 1));
  }
  return Value::of_list(values, static_cast<std::uint32_t>(n), ListKind::values);
}

Value Machine::bic_country_of(const Value& bic) noexcept {
  if (bic.is_missing()) return bic;
  const std::string_view t = compile::text_of(bic);
  return model::is_valid_bic(t) ? Value::of_country(model::bic_country(t)) : Value::missing();
}

bool Machine::overridden(std::uint32_t node) const noexcept {
  return std::find(overrides_.begin(), overrides_.end(), node) != overrides_.end();
}

Value Machine::read_path(SubjectKind kind, std::uint32_t ix, std::span<const std::uint16_t> fields) {
  Value v;
  switch (kind) {
    case SubjectKind::payment: v = Value::of_index(ValueKind::payment, ix); break;
    case SubjectKind::shipment: v = Value::of_index(ValueKind::shipment, ix); break;
    case SubjectKind::entity: v = Value::of_index(ValueKind::entity, ix); break;
    case SubjectKind::relation: v = Value::of_index(ValueKind::relation, ix); break;
  }
  for (const std::uint16_t f : fields) {
    if (v.is_missing()) break;
    v = field(static_cast<FieldId>(f), v);
  }
  return v;
}

void Machine::read_path_rows(SubjectKind kind, std::uint32_t first, std::span<const std::uint16_t> fields,
                             const std::uint32_t* rows, std::size_t n, Value* out) {
  ValueKind subject = ValueKind::payment;
  switch (kind) {
    case SubjectKind::payment: subject = ValueKind::payment; break;
    case SubjectKind::shipment: subject = ValueKind::shipment; break;
    case SubjectKind::entity: subject = ValueKind::entity; break;
    case SubjectKind::relation: subject = ValueKind::relation; break;
  }
  if (n == 0) return;
  if (fields.size() == 1) {  // the common case, with the field fixed for the loop
    const auto id = static_cast<FieldId>(fields[0]);
    // The payment fields rules read most, each with a loop of its own (rows are ascending, so the last
    // one bounds them all); any other field goes through field().
    if (kind == SubjectKind::payment && first + rows[n - 1] < data_.payments.size()) {
      const model::Payment* payments = data_.payments.data() + first;
      auto each = [&](auto read) {
        for (std::size_t k = 0; k < n; ++k) out[rows[k]] = read(payments[rows[k]]);
      };
      switch (id) {
        case FieldId::payment_currency: each([](const model::Payment& p) { return text_or_missing(p.currency); }); return;
        case FieldId::payment_purpose: each([](const model::Payment& p) { return text_or_missing(p.purpose); }); return;
        case FieldId::payment_originator_bic:
          each([](const model::Payment& p) { return text_or_missing(p.originator_bic); });
          return;
        case FieldId::payment_beneficiary_bic:
          each([](const model::Payment& p) { return text_or_missing(p.beneficiary_bic); });
          return;
        case FieldId::payment_amount: each([](const model::Payment& p) { return Value::of_decimal(p.amount); }); return;
        case FieldId::payment_ordering_bic:
          each([](const model::Payment& p) { return text_or_missing(p.ordering_bic); });
          return;
        default: break;
      }
    }
    // The shipment fields the batch filter reads most, as field() reads them.
    if (kind == SubjectKind::shipment && first + rows[n - 1] < data_.shipments.size()) {
      const model::Shipment* shipments = data_.shipments.data() + first;
      auto each = [&](auto read) {
        for (std::size_t k = 0; k < n; ++k) out[rows[k]] = read(shipments[rows[k]]);
      };
      using S = model::Shipment;
      switch (id) {
        case FieldId::shipment_hs_code: each([](const S& s) { return text_or_missing(s.hs_code); }); return;
        case FieldId::shipment_description: each([](const S& s) { return text_or_missing(s.description); }); return;
        case FieldId::shipment_origin: each([](const S& s) { return Value::of_country(s.origin); }); return;
        case FieldId::shipment_destination: each([](const S& s) { return Value::of_country(s.destination); }); return;
        case FieldId::shipment_loading_port: each([](const S& s) { return text_or_missing(s.loading_port); }); return;
        case FieldId::shipment_discharge_port: each([](const S& s) { return text_or_missing(s.discharge_port); }); return;
        case FieldId::shipment_contract_date: each([](const S& s) { return date_or_missing(s.contract_date); }); return;
        case FieldId::shipment_quantity:
          each([](const S& s) { return s.quantity ? Value::of_decimal(*s.quantity) : Value::missing(); });
          return;
        default: break;
      }
    }
    for (std::size_t k = 0; k < n; ++k) out[rows[k]] = field(id, Value::of_index(subject, first + rows[k]));
    return;
  }
  for (std::size_t k = 0; k < n; ++k) {
    Value v = Value::of_index(subject, first + rows[k]);
    for (const std::uint16_t f : fields) {
      if (v.is_missing()) break;
      v = field(static_cast<FieldId>(f), v);
    }
    out[rows[k]] = v;
  }
}

Value Machine::eval_bound(const compile::CompiledRule& rule, std::uint32_t node, std::uint32_t slot,
                          const Value& bound) {
  rule_ = &rule;
  ++generation_;
  arena_.reset();
  quantifier_values_[slot] = bound;
  return eval<false>(node);
}

bool Machine::pure_builtin(Builtin b) noexcept {
  switch (b) {
    case Builtin::bic_country:
    case Builtin::hs_in:
    case Builtin::len:
    case Builtin::lower:
    case Builtin::upper:
    case Builtin::left:
    case Builtin::coalesce:
    case Builtin::days: return true;
    default: return false;
  }
}

bool Machine::gated_builtin(Builtin b) noexcept {
  switch (b) {
    case Builtin::designated:
    case Builtin::listed_on:
    case Builtin::delisted:
    case Builtin::blocked:
    case Builtin::owned_share:
    case Builtin::controlled:
    case Builtin::exposure_paths:
    case Builtin::linked_to:
    case Builtin::shared_identity:
    case Builtin::shared_identity_detail: return true;
    default: return false;
  }
}

bool Machine::has_dated_facts(Builtin id, const Value& x) const noexcept {
  if (x.kind != ValueKind::entity) return false;  // a missing or other value: answered without a date
  const model::EntityIx e{x.index};
  switch (id) {
    case Builtin::designated:
    case Builtin::listed_on:
    case Builtin::delisted: return x.index < data_.designations_of.size() && !data_.designations_of[x.index].empty();
    case Builtin::blocked:
    case Builtin::owned_share:
    case Builtin::controlled:
    case Builtin::exposure_paths: return ownership_ != nullptr && ownership_->reached(e);
    default: return identity_ == nullptr || !identity_->isolated(e);  // no index yet: assume the worst
  }
}

std::optional<Value> Machine::eval_gated(const compile::CompiledRule& rule, std::uint32_t node,
                                         std::span<const std::uint32_t> overrides, const Value& v) {
  gate_ = true;
  gate_hit_ = false;
  const Value result = eval_with(rule, node, overrides, v);
  gate_ = false;
  if (gate_hit_) return std::nullopt;
  return result;
}

namespace {

/// What an aggregate is before any candidate: 0 for sum, missing for min and max.
Value window_start(const compile::WindowSpec& w, dsl::ast::AggregateKind aggregate) {
  if (aggregate != dsl::ast::AggregateKind::sum) return Value::missing();
  return w.decimal ? Value::of_decimal(core::Decimal::from_int(0)) : Value::of_int(0);
}

/// Adds one candidate's value to a sum, min or max, in candidate order (the first of equals stays).
void window_fold(dsl::ast::AggregateKind aggregate, Value& result, const Value& v) {
  if (aggregate == dsl::ast::AggregateKind::sum) {
    result = compile::arithmetic(BinaryOp::add, result, v);
    return;
  }
  if (result.is_missing()) {
    result = v;
    return;
  }
  const auto c = compile::order(v, result);
  if (c && (aggregate == dsl::ast::AggregateKind::min ? *c < 0 : *c > 0)) result = v;
}

}  // namespace

std::vector<std::uint32_t> window_gates(const compile::CompiledRule& rule) {
  std::vector<std::uint32_t> gates;
  for (const std::uint32_t c : conjuncts_of(rule, rule.root)) {
    const Node& n = rule.nodes[c];
    if (n.op != Op::compare_const) continue;
    std::uint32_t at = n.a;
    if (rule.nodes[at].op == Op::let_ref) at = rule.nodes[at].b;
    const Node& w = rule.nodes[at];
    if (w.op != Op::window) continue;
    const auto aggregate = static_cast<dsl::ast::AggregateKind>(w.aux);
    const bool counts = aggregate == dsl::ast::AggregateKind::count || aggregate == dsl::ast::AggregateKind::distinct;
    const Value empty = counts ? Value::of_int(0) : window_start(rule.windows[w.a], aggregate);
    if (compare_values(static_cast<BinaryOp>(n.aux), empty, rule.consts[n.b]).is_false() &&
        std::find(gates.begin(), gates.end(), at) == gates.end()) {
      gates.push_back(at);
    }
  }
  return gates;
}

Machine::WindowRange Machine::window_range(const Node& n) {
  const compile::CompiledRule& rule = *rule_;
  const compile::WindowSpec& w = rule.windows[n.a];
  if (windows_ == nullptr) {
    own_windows_ = std::make_unique<WindowIndexes>(rules_, data_, as_of_);
    windows_ = own_windows_.get();
  }
  WindowRange range;
  if (!date_) return range;
  const Value outer = eval<false>(w.outer_key);
  if (outer.is_missing()) return range;
  const auto rule_ix = static_cast<std::size_t>(&rule - rules_.rules.data());
  range.index = &windows_->at(rule_ix, n.a);
  range.group = range.index->find(outer, key_scratch_);
  std::tie(range.from, range.to) = window_days(w, date_days_);
  range.defined = true;
  return range;
}

std::pair<std::int32_t, std::int32_t> window_days(const compile::WindowSpec& w, std::int32_t day) noexcept {
  using dsl::ast::WindowDirection;
  // Whole days are added as they are (add_to_date's answer without a call: most windows are in days).
  const auto add = [](std::int32_t d, std::int32_t months, std::int32_t days) {
    return months == 0 ? d + days : compile::add_to_date(d, months, days);
  };
  return {w.direction == WindowDirection::after ? add(day, w.near_months, w.near_days) : add(day, -w.months, -w.days),
          w.direction == WindowDirection::before ? add(day, -w.near_months, -w.near_days) : add(day, w.months, w.days)};
}

bool any_dated(std::span<const WindowIndex::Entry> entries, std::int32_t from, std::int32_t to) noexcept {
  const auto it = std::lower_bound(entries.begin(), entries.end(), from,
                                   [](const WindowIndex::Entry& e, std::int32_t d) { return e.date < d; });
  return it != entries.end() && it->date <= to;
}

bool Machine::shares() const noexcept { return shares(subject_ix_); }

bool Machine::shares(std::uint32_t ix) const noexcept {
  return overrides_.empty() && ix >= batch_first_ && ix - batch_first_ < batch_count_;
}

std::optional<std::uint32_t> Machine::donor_of(const WindowIndexes::Share& share) const { return donor_of(share, subject_ix_); }

bool Machine::donor_kept_none(const WindowIndexes::Share& share, std::uint32_t ix) const {
  const auto donor = donor_of(share, ix);
  return donor && kept_size_[*donor] == 0;
}

std::optional<std::uint32_t> Machine::donor_of(const WindowIndexes::Share& share, std::uint32_t ix) const {
  if (!shares(ix)) return std::nullopt;
  const std::uint32_t row = ix - batch_first_;
  for (const std::uint32_t slot : share.donors) {
    const std::size_t at = std::size_t{slot} * batch_count_ + row;
    if (kept_stamp_[at] == batch_stamp_) return static_cast<std::uint32_t>(at);
  }
  return std::nullopt;
}

// What window() would visit, without visiting: a donor's kept candidates (window_narrows) are among the
// window's own, or have a false conjunct of its `where`, so they change nothing when these are none.
bool Machine::window_empty(const Node& n) {
  const WindowRange range = window_range(n);
  if (!range.defined) return false;
  // For window() on the same subject: a gate's window reads the subject alone (its key is the subject's).
  if (overrides_.empty()) {
    range_memo_ = {&n, generation_, kind_, subject_ix_};
    range_memo_range_ = range;
  }
  const auto rule_ix = static_cast<std::size_t>(rule_ - rules_.rules.data());
  const WindowIndexes::Share& share = windows_->share(rule_ix, n.a);
  // A donor that kept nothing for this subject (A7's `third`, gated before the sensitive twin's window):
  // window() would visit nothing either.
  if (range.group != nullptr) {
    if (donor_kept_none(share, subject_ix_)) return true;
  }
  const bool empty = [&] {
    if (range.group == nullptr || !any_dated(range.group->entries, range.from, range.to)) return true;
    const WindowIndex& index = *range.index;
    if (index.precomputed || !index.plan) return false;
    return restricted_empty(index, *range.group, restriction(index), range.from, range.to);
  }();
  // Kept as window() would keep them, none, for the windows this one is a donor to.
  if (empty && share.slot >= 0 && shares()) keep_candidates(share, kept_scratch_.size());
  return empty;
}

std::optional<std::uint32_t> Machine::leading_gate(const compile::CompiledRule& rule) const {
  const Node& root = rule.nodes[rule.root];
  // The conjunct the `when` evaluates first: its only one, or the first of its `and` in the current order.
  std::uint32_t first = rule.root;
  if (root.op == Op::logical_and) first = (order_ != nullptr ? order_->lists : rule.lists)[root.a];
  const Node& c = rule.nodes[first];
  if (c.op != Op::compare_const) return std::nullopt;
  std::uint32_t at = c.a;
  if (rule.nodes[at].op == Op::let_ref) at = rule.nodes[at].b;
  const Node& w = rule.nodes[at];
  const auto aggregate = static_cast<dsl::ast::AggregateKind>(w.aux);
  if (w.op != Op::window || (aggregate != dsl::ast::AggregateKind::count && aggregate != dsl::ast::AggregateKind::distinct)) {
    return std::nullopt;
  }
  const std::vector<std::uint32_t>& gates = gates_[static_cast<std::size_t>(&rule - rules_.rules.data())];
  if (std::find(gates.begin(), gates.end(), at) == gates.end()) return std::nullopt;
  return at;
}

bool Machine::restricted_empty(const WindowIndex& index, const WindowIndex::Group& group, const Restriction& r,
                               std::int32_t from, std::int32_t to) {
  if (r.kind == Restriction::Kind::none) return true;
  if (r.kind == Restriction::Kind::all) return r.ranges != 0 && !any_in_ranges(index, r, group.entries, from, to);
  const Restricted scan = restricted(index, group, r);
  if (r.ranges != 0) return !any_in_ranges(index, r, scan.keyed, from, to) && !any_in_ranges(index, r, scan.missing, from, to);
  return !any_dated(scan.keyed, from, to) && !any_dated(scan.missing, from, to);
}

bool Machine::in_ranges(const WindowIndex& index, const Restriction& r, std::uint32_t ix) noexcept {
  for (std::uint8_t bits = r.ranges; bits != 0; bits &= static_cast<std::uint8_t>(bits - 1)) {
    const auto b = static_cast<std::size_t>(std::countr_zero(bits));
    // As the `where` compares them: false rules the candidate out, missing (X or Y) does not.
    if (compare_values(index.plan->ranges[b].op, (*index.range_values[b])[ix], r.bounds[b]).is_false()) return false;
  }
  return true;
}

bool Machine::any_in_ranges(const WindowIndex& index, const Restriction& r, std::span<const WindowIndex::Entry> entries,
                            std::int32_t from, std::int32_t to) noexcept {
  auto it = std::lower_bound(entries.begin(), entries.end(), from,
                             [](const WindowIndex::Entry& e, std::int32_t d) { return e.date < d; });
  for (; it != entries.end() && it->date <= to; ++it) {
    if (in_ranges(index, r, it->ix)) return true;
  }
  return false;
}

std::optional<bool> Machine::sub_keys_empty(const WindowIndex& index, const WindowIndex::Group& group,
                                            compile::SubjectKind kind, std::uint32_t ix, std::int32_t from, std::int32_t to) {
  if (index.precomputed || !index.plan) return false;
  if (!index.plan->flat || !overrides_.empty()) return std::nullopt;
  FlatReads reads;
  std::uint8_t ranges = 0;
  Restriction r = flat_choice(index, kind, ix, reads, ranges);
  if (ranges == 0) {
    if (restricted_empty(index, group, r, from, to)) return true;
  } else if (r.kind != Restriction::Kind::none) {
    // The ranges' bounds only for a subject with candidates dated in range (they take arithmetic).
    const Restricted scan = r.kind == Restriction::Kind::key ? restricted(index, group, r) : Restricted{group.entries, {}};
    if (!any_dated(scan.keyed, from, to) && !any_dated(scan.missing, from, to)) return true;
    flat_bounds(index, kind, ix, ranges, reads, r);
    if (r.ranges != 0 && !any_in_ranges(index, r, scan.keyed, from, to) && !any_in_ranges(index, r, scan.missing, from, to)) {
      return true;
    }
  } else {
    return true;
  }
  // The gate leaves this subject to the rule, whose windows on this index ask again (window_empty, window).
  if (RestrictionMemo* memo = restriction_memo(index, ix)) memo->keep(ix - batch_first_, restriction_stamp(kind), r);
  return false;
}

void Machine::keep_none(const WindowIndexes::Share& share, std::uint32_t ix) {
  if (share.slot < 0 || !shares(ix)) return;
  const std::size_t at = static_cast<std::size_t>(share.slot) * batch_count_ + (ix - batch_first_);
  kept_stamp_[at] = batch_stamp_;
  kept_begin_[at] = static_cast<std::uint32_t>(kept_pool_.size());
  kept_size_[at] = 0;
}

void Machine::keep_candidates(const WindowIndexes::Share& share, std::size_t mark) {
  const std::size_t at = static_cast<std::size_t>(share.slot) * batch_count_ + (subject_ix_ - batch_first_);
  kept_stamp_[at] = batch_stamp_;
  kept_begin_[at] = static_cast<std::uint32_t>(kept_pool_.size());
  kept_size_[at] = static_cast<std::uint32_t>(kept_scratch_.size() - mark);
  kept_pool_.insert(kept_pool_.end(), kept_scratch_.begin() + static_cast<std::ptrdiff_t>(mark), kept_scratch_.end());
  kept_scratch_.resize(mark);
}

Machine::Restricted Machine::restricted(const WindowIndex& index, const WindowIndex::Group& group, const Restriction& r) {
  const auto g = static_cast<std::uint32_t>(&group - index.groups.data());
  const WindowIndex::SubKeys& sub = *index.sub_keys[r.key];
  return {sub.find(g, r.id), r.missing_too ? sub.find(g, WindowIndex::SubKeys::kMissing) : std::span<const WindowIndex::Entry>()};
}

// A window is evaluated without the explain pass's bookkeeping: when it is missing, the explain pass
// records the window itself (its source text) as the missing thing, not a field of some other subject.
Value Machine::window(const Node& n) {
  const bool memo = overrides_.empty();
  if (memo && value_memo_.holds(&n, generation_, kind_, subject_ix_)) return value_memo_value_;
  const compile::CompiledRule& rule = *rule_;
  const compile::WindowSpec& w = rule.windows[n.a];
  const WindowRange range = memo && range_memo_.holds(&n, generation_, kind_, subject_ix_) ? range_memo_range_ : window_range(n);
  if (!range.defined) return Value::missing();
  const auto rule_ix = static_cast<std::size_t>(&rule - rules_.rules.data());
  const WindowIndex& index = *range.index;
  const WindowIndex::Group* group = range.group;
  const std::int32_t from = range.from;
  const std::int32_t to = range.to;

  using dsl::ast::AggregateKind;
  const auto aggregate = static_cast<AggregateKind>(n.aux);
  if (group != nullptr && index.precomputed) return window_precomputed(w, aggregate, index.sums_of(*group), group->entries, from, to);
  const ValueKind bound_kind = w.over == SubjectKind::payment ? ValueKind::payment : ValueKind::shipment;
  std::int64_t count = 0;
  Value result = window_start(w, aggregate);
  bool saw_missing = false;
  distinct_.clear();
  // Sharing with the other windows of this subject (begin_batch): a donor's kept candidates, and this
  // window's own for the windows it is a donor to. Not while eval_with overrides nodes.
  const WindowIndexes::Share& share = windows_->share(rule_ix, n.a);
  const std::optional<std::uint32_t> donor = group != nullptr ? donor_of(share) : std::nullopt;
  const bool keep = share.slot >= 0 && shares();
  const std::size_t mark = kept_scratch_.size();
  // The candidates' columns, if they have any; a window inside the `where` sets its own and restores these.
  const Value* const outer_row = row_;
  const std::uint32_t outer_slot = row_slot_;
  const std::int32_t* const outer_columns = row_columns_;
  const bool with_columns = columns_ != nullptr && columns_->width(w.over) > 0;
  if (with_columns) {
    row_slot_ = w.slot;
    row_columns_ = columns_->columns_of(rule_ix);
  }
  // One candidate: its `where` (the key holds: the index grouped them by it), then its value.
  auto visit = [&](std::uint32_t ix) {
    quantifier_values_[w.slot] = Value::of_index(bound_kind, ix);
    if (with_columns) row_ = columns_->row(w.over, ix);
    const Value matched = eval<false>(w.where);
    if (matched.is_false()) return;
    if (keep) kept_scratch_.push_back(ix);
    if (!matched.is_true()) {
      saw_missing = true;
      return;
    }
    ++count;
    if (!w.value) return;
    const Value v = eval<false>(*w.value);
    if (v.is_missing()) {
      saw_missing = true;
      return;
    }
    switch (aggregate) {
      case AggregateKind::count: break;
      case AggregateKind::distinct:
        if (auto k = window_key(v); k && std::find(distinct_.begin(), distinct_.end(), *k) == distinct_.end()) {
          distinct_.push_back(std::move(*k));
        }
        break;
      default: window_fold(aggregate, result, v); break;
    }
  };
  if (donor) {
    // By offset: a window inside the `where` may add to the pool while this one reads it.
    const std::uint32_t begin = kept_begin_[*donor];
    for (std::uint32_t i = 0; i < kept_size_[*donor]; ++i) visit(kept_pool_[begin + i]);
  } else if (group != nullptr) {
    const auto by_date = [](const WindowIndex::Entry& e, std::int32_t d) { return e.date < d; };
    // The candidates from `it` (the first dated from `from` on) to the end of the window.
    // With a sub-key plan whose ranges rule out candidates (their `where` is false), those are skipped.
    Restriction r;
    const auto visit_from = [&](auto it, auto end) {
      for (; it != end && it->date <= to; ++it) {
        if (w.over == kind_ && it->ix == subject_ix_) continue;  // the subject is not in its own window
        if (r.ranges != 0 && !in_ranges(index, r, it->ix)) continue;
        visit(it->ix);
      }
    };
    const auto scan = [&](std::span<const WindowIndex::Entry> entries) {
      visit_from(std::lower_bound(entries.begin(), entries.end(), from, by_date), entries.end());
    };
    const std::span<const WindowIndex::Entry> entries = group->entries;
    const auto first = std::lower_bound(entries.begin(), entries.end(), from, by_date);
    // With a sub-key plan, only the candidates that the subject's value of the second key leaves (the
    // others have a false conjunct), once some candidate is in range.
    if (index.plan && first != entries.end() && first->date <= to) r = restriction(index);
    if (r.kind == Restriction::Kind::all) {
      visit_from(first, entries.end());
    } else if (r.kind == Restriction::Kind::key) {
      const auto [keyed, missing] = restricted(index, *group, r);
      if (missing.empty()) {
        scan(keyed);
      } else if (keyed.empty()) {
        scan(missing);
      } else {
        // Both, merged by date then index: the order of the group (min and max keep the first of equals).
        const auto before = [](const WindowIndex::Entry& x, const WindowIndex::Entry& y) {
          return x.date != y.date ? x.date < y.date : x.ix < y.ix;
        };
        // A stack like kept_scratch_: a window inside the `where` merges above this one's and pops.
        const std::size_t base = merged_.size();
        std::merge(std::lower_bound(keyed.begin(), keyed.end(), from, by_date), keyed.end(),
                   std::lower_bound(missing.begin(), missing.end(), from, by_date), missing.end(), std::back_inserter(merged_),
                   before);
        const std::size_t end = merged_.size();
        for (std::size_t i = base; i < end && merged_[i].date <= to; ++i) {  // by index: the stack may grow
          if (w.over == kind_ && merged_[i].ix == subject_ix_) continue;
          if (r.ranges != 0 && !in_ranges(index, r, merged_[i].ix)) continue;
          visit(merged_[i].ix);
        }
        merged_.resize(base);
      }
    }
  }
  row_ = outer_row;
  row_slot_ = outer_slot;
  row_columns_ = outer_columns;
  if (keep) keep_candidates(share, mark);
  // A candidate that could not be decided could change any aggregate: the window is missing rather than
  // letting the missing value count as "not in the window" (docs/dsl.md, "Windows").
  if (saw_missing) return Value::missing();
  switch (aggregate) {
    case AggregateKind::count: return Value::of_int(count);
    case AggregateKind::distinct: return Value::of_int(static_cast<std::int64_t>(distinct_.size()));
    default: return result;
  }
}

namespace {

/// What leaf step `s` (an equal, or a guard) gives alone for its subject value `y`: none, all, or the key
/// of y. A guard's `y` is the path it tests for missing when `read`, else the guard's own value.
SubKeyPlan::Flat::Outcome leaf_outcome(const SubKeyPlan::Step& s, const Value& y, bool read) {
  using Flat = SubKeyPlan::Flat;
  if (s.kind == SubKeyPlan::Kind::guard) {
    // `<path> is missing` is false when the path has a value, `is not missing` when it has none.
    if (read) return y.is_missing() != s.missing_is_true ? Flat::none : Flat::all;
    return y.is_false() ? Flat::none : Flat::all;
  }
  // coalesce(X == missing, false) is false for every candidate; X == missing is missing.
  if (y.is_missing()) return s.missing_too ? Flat::all : Flat::none;
  switch (y.kind) {
    case ValueKind::string:
    case ValueKind::country:
    case ValueKind::entity:
    case ValueKind::payment:
    case ValueKind::shipment:
    case ValueKind::relation:
    case ValueKind::date:
    case ValueKind::boolean: return Flat::key;
    default: return Flat::all;  // numbers and durations: equal values may have different keys
  }
}

}  // namespace

Machine::Restriction Machine::sub_key_of(const WindowIndex& index, const SubKeyPlan::Step& s, const Value& y) {
  const WindowIndex::SubKeys& sub = *index.sub_keys[s.key];
  return {Restriction::Kind::key, s.key, sub.id_of(sub_key_hash(y, key_scratch_)), s.missing_too};
}

Machine::RestrictionMemo* Machine::restriction_memo(const WindowIndex& index, std::uint32_t ix) {
  if (ix - batch_first_ >= memo_rows_) return nullptr;  // outside the batch (below it wraps around)
  if (last_memo_ < restriction_memos_.size() && restriction_memos_[last_memo_].index == &index) {
    return &restriction_memos_[last_memo_];
  }
  // One memo per window index with a flat plan met so far: a few, found by a short walk (a rule's windows
  // ask one index for a subject one after another).
  const auto it = std::find_if(restriction_memos_.begin(), restriction_memos_.end(),
                               [&](const RestrictionMemo& m) { return m.index == &index; });
  last_memo_ = static_cast<std::size_t>(it - restriction_memos_.begin());
  if (it == restriction_memos_.end()) {
    restriction_memos_.push_back({&index, std::vector<std::uint64_t>(memo_rows_, 0), std::vector<SubKeyChoice>(memo_rows_)});
  }
  return &restriction_memos_[last_memo_];
}

Machine::Restriction Machine::flat_restriction(const WindowIndex& index, compile::SubjectKind kind, std::uint32_t ix) {
  RestrictionMemo* const memo = restriction_memo(index, ix);
  if (memo == nullptr) return read_flat_restriction(index, kind, ix);
  const std::uint32_t row = ix - batch_first_;
  const std::uint64_t stamp = restriction_stamp(kind);
  if (memo->stamp[row] == stamp) return memo->choice[row];
  const Restriction r = read_flat_restriction(index, kind, ix);
  memo->keep(row, stamp, r);
  return r;
}

Machine::Restriction Machine::read_flat_restriction(const WindowIndex& index, compile::SubjectKind kind,
                                                    std::uint32_t ix) {
  FlatReads reads;
  std::uint8_t ranges = 0;
  Restriction r = flat_choice(index, kind, ix, reads, ranges);
  if (ranges != 0) flat_bounds(index, kind, ix, ranges, reads, r);
  return r;
}

void Machine::flat_bounds(const WindowIndex& index, compile::SubjectKind kind, std::uint32_t ix, std::uint8_t ranges,
                          FlatReads& reads, Restriction& r) {
  const SubKeyPlan& plan = *index.plan;
  const SubKeyPlan::Flat& flat = *plan.flat;
  for (std::size_t i = flat.leaf_reads; i < flat.reads.size(); ++i) reads[i] = flat_read(flat, i, kind, ix);
  // Y from the paths read; a missing Y rules nothing out.
  for (std::uint8_t bits = ranges; bits != 0; bits &= static_cast<std::uint8_t>(bits - 1)) {
    const auto b = static_cast<std::size_t>(std::countr_zero(bits));
    r.bounds[b] = range_bound(plan.steps[plan.flat->range_steps[b]].terms, reads);
    if (!r.bounds[b].is_missing()) r.ranges |= static_cast<std::uint8_t>(1U << b);
  }
}

Machine::Restriction Machine::flat_choice(const WindowIndex& index, compile::SubjectKind kind, std::uint32_t ix,
                                          FlatReads& reads, std::uint8_t& ranges) {
  using Flat = SubKeyPlan::Flat;
  const SubKeyPlan& plan = *index.plan;
  const Flat& flat = *plan.flat;
  // From the columns when the index gave the plan those of this kind (the same values as read_path), with
  // the slot of a read whose slots' hashes it has.
  constexpr std::uint32_t kNoSlot = 0xffffffffU;
  std::array<std::uint32_t, Flat::kMaxReads> hashed;
  const bool columns = !flat.columns.empty() && flat.of == kind;
  for (std::size_t i = 0; i < flat.leaf_reads; ++i) {
    hashed[i] = kNoSlot;
    if (columns && flat.columns[i]) {
      const ColumnRead& column = flat.columns[i];
      if (!column.coded()) {
        reads[i] = column.value(ix);
        continue;
      }
      const std::uint32_t slot = column.slot(ix);
      reads[i] = column.value_of(slot);
      if (!flat.hashes[i].empty()) hashed[i] = slot;
      continue;
    }
    reads[i] = read_path(kind, ix, flat.reads[i]);
  }
  std::uint32_t at = 0;
  std::uint32_t scale = 1;
  for (const Flat::Leaf& leaf : flat.leaves) {
    at += leaf_outcome(plan.steps[leaf.step], reads[leaf.read], true) * scale;
    scale *= 3;
  }
  const std::uint8_t chosen = flat.table[at];
  if (chosen == Flat::none) return {Restriction::Kind::none};
  Restriction r;
  if (chosen != Flat::all) {
    const Flat::Leaf& leaf = flat.leaves[chosen - Flat::key];
    const SubKeyPlan::Step& s = plan.steps[leaf.step];
    if (hashed[leaf.read] != kNoSlot) {
      const WindowIndex::SubKeys& sub = *index.sub_keys[s.key];
      r = {Restriction::Kind::key, s.key, sub.id_of(flat.hashes[leaf.read][hashed[leaf.read]]), s.missing_too};
    } else {
      r = sub_key_of(index, s, reads[leaf.read]);
    }
  }
  ranges = flat.range_table[at];  // the ranges that hold for this outcome
  return r;
}

Value Machine::flat_read(const SubKeyPlan::Flat& flat, std::size_t i, compile::SubjectKind kind, std::uint32_t ix) {
  if (!flat.columns.empty() && flat.of == kind && flat.columns[i]) return flat.columns[i].value(ix);
  return read_path(kind, ix, flat.reads[i]);
}

Value Machine::range_bound(std::span<const SubKeyPlan::Term> terms, std::span<const Value> reads) noexcept {
  using Term = SubKeyPlan::Term;
  // A stack no deeper than the terms; Y is a short expression (`p.amount * 0.98`).
  constexpr std::size_t kDepth = 4;
  std::array<Value, kDepth> stack;
  std::size_t depth = 0;
  for (const Term& t : terms) {
    switch (t.kind) {
      case Term::Kind::constant:
      case Term::Kind::path:
        if (depth == kDepth) return Value::missing();  // too deep to hold: rules nothing out
        stack[depth++] = t.kind == Term::Kind::constant ? t.value : reads[t.read];
        break;
      case Term::Kind::arithmetic:
        --depth;
        stack[depth - 1] = compile::arithmetic(t.op, stack[depth - 1], stack[depth]);
        break;
      case Term::Kind::negate: stack[depth - 1] = compile::negate(stack[depth - 1]); break;
    }
  }
  return depth == 1 ? stack[0] : Value::missing();
}

Machine::Restriction Machine::restriction(const WindowIndex& index) {
  const SubKeyPlan& plan = *index.plan;
  using Flat = SubKeyPlan::Flat;
  // A path of the subject is read as eval would read it.
  if (plan.flat && overrides_.empty()) return flat_restriction(index, kind_, subject_ix_);
  return choose_sub_key(plan, 0, [&](std::uint32_t step) {
    const SubKeyPlan::Step& s = plan.steps[step];
    if (s.kind == SubKeyPlan::Kind::range) {
      // Every candidate, those whose X compared with Y is false left out; a missing Y rules none out.
      Restriction r;
      r.bounds[s.key] = eval<false>(s.node);
      if (!r.bounds[s.key].is_missing()) r.ranges = static_cast<std::uint8_t>(1U << s.key);
      return r;
    }
    const bool direct = overrides_.empty() && (s.kind == SubKeyPlan::Kind::equal ? s.direct : s.tests_missing);
    const Value y = direct ? read_path(kind_, subject_ix_, s.subject_path) : eval<false>(s.node);
    switch (leaf_outcome(s, y, direct)) {
      case Flat::none: return Restriction{Restriction::Kind::none};
      case Flat::key: return sub_key_of(index, s, y);
      default: return Restriction{};
    }
  });
}

// The same answer as the scan in window() from what the index computed once per candidate: counts are
// differences of prefix counts, and only sum, distinct, min and max visit the candidates in the window.
Value Machine::window_precomputed(const compile::WindowSpec& w, dsl::ast::AggregateKind aggregate, const WindowIndex::Sums& g,
                                  std::span<const WindowIndex::Entry> e, std::int32_t from, std::int32_t to) {
  using State = WindowIndex::State;
  const auto by_date = [](const WindowIndex::Entry& x, std::int32_t d) { return x.date < d; };
  const auto lo = static_cast<std::size_t>(std::lower_bound(e.begin(), e.end(), from, by_date) - e.begin());
  const auto hi = static_cast<std::size_t>(
      std::upper_bound(e.begin(), e.end(), to, [](std::int32_t d, const WindowIndex::Entry& x) { return d < x.date; }) -
      e.begin());
  if (lo >= hi) return aggregate == dsl::ast::AggregateKind::count || aggregate == dsl::ast::AggregateKind::distinct
                           ? Value::of_int(0)
                           : window_start(w, aggregate);
  // The subject is not in its own window: find it (by date, then index) among the candidates.
  std::size_t self = hi;
  if (w.over == kind_) {
    const auto it = std::lower_bound(e.begin() + static_cast<std::ptrdiff_t>(lo), e.begin() + static_cast<std::ptrdiff_t>(hi),
                                     WindowIndex::Entry{date_days_, subject_ix_}, [](const auto& x, const auto& y) {
                                       return x.date != y.date ? x.date < y.date : x.ix < y.ix;
                                     });
    if (it != e.begin() + static_cast<std::ptrdiff_t>(hi) && it->date == date_days_ && it->ix == subject_ix_) {
      self = static_cast<std::size_t>(it - e.begin());
    }
  }
  const auto in_window = [&](std::span<const std::uint32_t> before, State s) {
    return before[hi] - before[lo] - (self < hi && g.state[self] == s ? 1U : 0U);
  };
  if (in_window(g.missing_before, State::missing) > 0) return Value::missing();
  switch (aggregate) {
    case dsl::ast::AggregateKind::count: return Value::of_int(in_window(g.in_before, State::in));
    case dsl::ast::AggregateKind::distinct:
      distinct_ids_.clear();
      for (std::size_t i = lo; i < hi; ++i) {
        if (i == self || g.state[i] != State::in) continue;
        if (std::find(distinct_ids_.begin(), distinct_ids_.end(), g.value_ids[i]) == distinct_ids_.end()) {
          distinct_ids_.push_back(g.value_ids[i]);
        }
      }
      return Value::of_int(static_cast<std::int64_t>(distinct_ids_.size()));
    default: {
      Value result = window_start(w, aggregate);
      for (std::size_t i = lo; i < hi; ++i) {
        if (i != self && g.state[i] == State::in) window_fold(aggregate, result, g.values[i]);
      }
      return result;
    }
  }
}

Value Machine::eval_with(const compile::CompiledRule& rule, std::uint32_t node, std::span<const std::uint32_t> overrides,
                         const Value& v) {
  rule_ = &rule;
  ++generation_;  // let values cached for another subject or value are stale
  arena_.reset();  // only strings made by this evaluation live there, and its result is not kept
  overrides_ = overrides;
  override_ = v;
  const Value result = eval<false>(node);
  overrides_ = {};
  return result;
}

inline Value Machine::field(FieldId id, const Value& base) {
  if (base.is_missing()) return base;
  const std::uint32_t ix = base.index;
  switch (id) {
    case FieldId::payment_id: return Value::of_string(at(data_.payments, ix).id);
    case FieldId::payment_date: return Value::of_date(payment_days(ix));
    case FieldId::payment_originator: return ix < data_.payment_refs.size() ? entity_or_missing(data_.payment_refs[ix].originator) : Value::missing();
    case FieldId::payment_beneficiary: return ix < data_.payment_refs.size() ? entity_or_missing(data_.payment_refs[ix].beneficiary) : Value::missing();
    case FieldId::payment_originator_bic: return text_or_missing(at(data_.payments, ix).originator_bic);
    case FieldId::payment_beneficiary_bic: return text_or_missing(at(data_.payments, ix).beneficiary_bic);
    case FieldId::payment_intermediary_bics: return list_of(at(data_.payments, ix).intermediary_bics, ListKind::strings);
    case FieldId::payment_originator_bank: return ix < data_.payment_refs.size() ? entity_or_missing(data_.payment_refs[ix].originator_bank) : Value::missing();
    case FieldId::payment_beneficiary_bank: return ix < data_.payment_refs.size() ? entity_or_missing(data_.payment_refs[ix].beneficiary_bank) : Value::missing();
    case FieldId::payment_intermediary_banks:
      return ix < data_.payment_refs.size() ? list_of(data_.payment_refs[ix].intermediary_banks, ListKind::entities) : Value::missing();
    case FieldId::payment_network: return Value::of_string(model::to_string(at(data_.payments, ix).network));
    case FieldId::payment_currency: return text_or_missing(at(data_.payments, ix).currency);
    case FieldId::payment_amount: return Value::of_decimal(at(data_.payments, ix).amount);
    case FieldId::payment_purpose: return text_or_missing(at(data_.payments, ix).purpose);
    case FieldId::payment_ordering_bic: return text_or_missing(at(data_.payments, ix).ordering_bic);
    case FieldId::payment_ordering_bank: return ix < data_.payment_refs.size() ? entity_or_missing(data_.payment_refs[ix].ordering_bank) : Value::missing();
    case FieldId::payment_reference: return text_or_missing(at(data_.payments, ix).reference);
    case FieldId::payment_channel: return Value::of_string(model::to_string(at(data_.payments, ix).channel));
    case FieldId::payment_origin_country: return payment_country(ix, true);
    case FieldId::payment_destination_country: return payment_country(ix, false);
    case FieldId::payment_corridor: {
      const Value from = payment_country(ix, true);
      const Value to = payment_country(ix, false);
      if (from.is_missing() || to.is_missing()) return Value::missing();
      const std::string_view network = model::to_string(at(data_.payments, ix).network);
      const std::string_view a = compile::text_of(from);
      const std::string_view b = compile::text_of(to);
      char* out = arena_.allocate(a.size() + b.size() + network.size() + 2);
      std::size_t n = 0;
      for (const std::string_view part : {a, std::string_view("-"), b, std::string_view(" "), network}) {
        std::copy(part.begin(), part.end(), out + n);
        n += part.size();
      }
      return Value::of_string(std::string_view(out, n));
    }

    case FieldId::shipment_id: return Value::of_string(at(data_.shipments, ix).id);
    case FieldId::shipment_date: return Value::of_date(shipment_days(ix));
    case FieldId::shipment_exporter: return ix < data_.shipment_refs.size() ? entity_or_missing(data_.shipment_refs[ix].exporter) : Value::missing();
    case FieldId::shipment_consignee: return ix < data_.shipment_refs.size() ? entity_or_missing(data_.shipment_refs[ix].consignee) : Value::missing();
    case FieldId::shipment_end_user: return ix < data_.shipment_refs.size() ? entity_or_missing(data_.shipment_refs[ix].end_user) : Value::missing();
    case FieldId::shipment_vessel: return ix < data_.shipment_refs.size() ? entity_or_missing(data_.shipment_refs[ix].vessel) : Value::missing();
    case FieldId::shipment_hs_code: return text_or_missing(at(data_.shipments, ix).hs_code);
    case FieldId::shipment_description: return text_or_missing(at(data_.shipments, ix).description);
    case FieldId::shipment_value: {
      const auto& v = at(data_.shipments, ix).value;
      return v ? Value::of_decimal(*v) : Value::missing();
    }
    case FieldId::shipment_currency: return text_or_missing(at(data_.shipments, ix).currency);
    case FieldId::shipment_origin: return Value::of_country(at(data_.shipments, ix).origin);
    case FieldId::shipment_destination: return Value::of_country(at(data_.shipments, ix).destination);
    case FieldId::shipment_route: return list_of(at(data_.shipments, ix).route, ListKind::countries);
    case FieldId::shipment_mode: {
      const auto& m = at(data_.shipments, ix).mode;
      return m ? Value::of_string(model::to_string(*m)) : Value::missing();
    }
    case FieldId::shipment_notify_party: return ix < data_.shipment_refs.size() ? entity_or_missing(data_.shipment_refs[ix].notify_party) : Value::missing();
    case FieldId::shipment_contract: return text_or_missing(at(data_.shipments, ix).contract);
    case FieldId::shipment_contract_date: return date_or_missing(at(data_.shipments, ix).contract_date);
    case FieldId::shipment_no_russia_clause: {
      const auto& clause = at(data_.shipments, ix).no_russia_clause;
      return clause ? Value::of_bool(*clause) : Value::missing();
    }
    case FieldId::shipment_loading_port: return text_or_missing(at(data_.shipments, ix).loading_port);
    case FieldId::shipment_discharge_port: return text_or_missing(at(data_.shipments, ix).discharge_port);
    case FieldId::shipment_quantity: {
      const auto& q = at(data_.shipments, ix).quantity;
      return q ? Value::of_decimal(*q) : Value::missing();
    }
    case FieldId::shipment_unit: return text_or_missing(at(data_.shipments, ix).unit);
    case FieldId::shipment_countries:
    case FieldId::shipment_legs: return shipment_countries(ix, id == FieldId::shipment_legs);

    case FieldId::entity_id: return Value::of_string(at(data_.entities, ix).id);
    case FieldId::entity_kind: return Value::of_string(model::to_string(at(data_.entities, ix).kind));
    case FieldId::entity_name: {
      const auto& names = at(data_.entities, ix).names;
      return names.empty() ? Value::missing() : text_or_missing(names.front().text);
    }
    case FieldId::entity_names: return list_of(at(data_.entities, ix).names, ListKind::names);
    case FieldId::entity_country: return main_country(ix);
    case FieldId::entity_countries: return list_of(at(data_.entities, ix).countries, ListKind::countries);
    case FieldId::entity_identifiers: return list_of(at(data_.entities, ix).identifiers, ListKind::identifiers);
    case FieldId::entity_bic:
    case FieldId::entity_lei:
    case FieldId::entity_imo:
    case FieldId::entity_inn: {
      const std::string_view scheme = id == FieldId::entity_bic   ? "bic"
                                      : id == FieldId::entity_lei ? "lei"
                                      : id == FieldId::entity_imo ? "imo"
                                                                  : "inn";
      for (const model::Identifier& i : at(data_.entities, ix).identifiers) {
        if (i.scheme == scheme) return text_or_missing(i.value);
      }
      return Value::missing();
    }
    case FieldId::entity_birth_date: return date_or_missing(at(data_.entities, ix).birth_date);
    case FieldId::entity_incorporated: return date_or_missing(at(data_.entities, ix).incorporated);
    case FieldId::entity_addresses: return list_of(at(data_.entities, ix).addresses, ListKind::strings);
    case FieldId::entity_sectors: return list_of(at(data_.entities, ix).sectors, ListKind::strings);
    case FieldId::entity_web_presence: {
      const auto& w = at(data_.entities, ix).web_presence;
      return w ? Value::of_string(model::to_string(*w)) : Value::missing();
    }
    case FieldId::entity_phones: return list_of(at(data_.entities, ix).phones, ListKind::strings);

    case FieldId::relation_source: return ix < data_.relation_refs.size() ? entity_or_missing(data_.relation_refs[ix].source) : Value::missing();
    case FieldId::relation_target: return ix < data_.relation_refs.size() ? entity_or_missing(data_.relation_refs[ix].target) : Value::missing();
    case FieldId::relation_kind: return Value::of_string(model::to_string(at(data_.relations, ix).kind));
    case FieldId::relation_share: {
      const auto& s = at(data_.relations, ix).share;
      return s ? Value::of_decimal(*s) : Value::missing();
    }
    case FieldId::relation_basis: return text_or_missing(at(data_.relations, ix).basis);
    case FieldId::relation_start: return date_or_missing(at(data_.relations, ix).start);
    case FieldId::relation_end: return date_or_missing(at(data_.relations, ix).end);
  }
  return Value::missing();
}

// ---- findings ----
// Everything is appended to the finding's own strings: a finding is made for every hit of every rule
// (hundreds of thousands in an audit), so temporaries and formatting show in the whole audit's time.

void Machine::entity_text(std::string& out, std::uint32_t ix) { out += entity_view(ix); }

std::string_view Machine::entity_view(std::uint32_t ix) {
  // From the cache when the entity's text is in it; else written at its end and kept there.
  if (entity_text_ends_.size() != data_.entities.size()) entity_text_ends_.assign(data_.entities.size(), {0, 0});
  std::pair<std::uint32_t, std::uint32_t>& kept = entity_text_ends_[ix];
  if (kept.second == 0) {
    const std::size_t begin = entity_texts_.size();
    write_entity_text(entity_texts_, ix);
    kept = {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(entity_texts_.size() - begin) + 1};
  }
  return {entity_texts_.data() + kept.first, kept.second - 1};
}

void Machine::write_entity_text(std::string& out, std::uint32_t ix) const {
  const model::Entity& e = at(data_.entities, ix);
  const std::string& name = e.primary_name();
  if (name.empty()) {
    out += e.id;
    return;
  }
  // `id (name)` sized once and copied in place: one check of the room instead of one per piece.
  const std::size_t begin = out.size();
  out.resize(begin + e.id.size() + name.size() + 3);
  char* p = out.data() + begin;
  copy_short(p, e.id.data(), e.id.size());
  p += e.id.size();
  *p++ = ' ';
  *p++ = '(';
  copy_short(p, name.data(), name.size());
  p[name.size()] = ')';
}

void Machine::render(std::string& out, const Value& v) {
  switch (v.kind) {
    case ValueKind::missing: out += '?'; return;
    case ValueKind::boolean: out += v.boolean ? "true" : "false"; return;
    case ValueKind::integer: append_int(out, v.integer); return;
    case ValueKind::string: out += v.string; return;
    case ValueKind::country: out.append(v.country, 2); return;
    case ValueKind::date: out += iso_day(v.date); return;
    case ValueKind::entity: entity_text(out, v.index); return;
    case ValueKind::payment: out += at(data_.payments, v.index).id; return;
    case ValueKind::shipment: out += at(data_.shipments, v.index).id; return;
    case ValueKind::relation: append_relation(out, at(data_.relations, v.index)); return;
    case ValueKind::list: {
      out += '[';
      bool first = true;
      for (std::uint32_t i = 0; i < v.list.size; ++i) {
        const Value e = element<false>(v.list, i);
        if (e.is_missing() && v.list.kind != ListKind::nodes) continue;
        if (!first) out += ", ";
        first = false;
        render(out, e);
      }
      out += ']';
      return;
    }
    default: compile::append_plain(out, v); return;
  }
}

std::string_view Machine::iso_day(std::int32_t days) noexcept {
  IsoDay& d = iso_days_[static_cast<std::uint32_t>(days) % iso_days_.size()];
  if (d.days != days) {
    d.days = days;
    d.size = static_cast<std::uint32_t>(core::Date::write_iso_days(d.text.data(), days) - d.text.data());
  }
  return {d.text.data(), d.size};
}

std::string_view Machine::subject_id(std::string& scratch) const {
  switch (kind_) {
    case SubjectKind::payment: return at(data_.payments, subject_ix_).id;
    case SubjectKind::shipment: return at(data_.shipments, subject_ix_).id;
    case SubjectKind::entity: return at(data_.entities, subject_ix_).id;
    case SubjectKind::relation:
      scratch.clear();
      append_relation(scratch, at(data_.relations, subject_ix_));
      return scratch;
  }
  return {};
}

const std::shared_ptr<const FindingRule>& Machine::finding_rule(const compile::CompiledRule& rule) {
  std::shared_ptr<const FindingRule>& shared = finding_rules_[static_cast<std::size_t>(&rule - rules_.rules.data())];
  if (!shared) {
    auto header = std::make_shared<FindingRule>();
    header->rule = rule.summary.name;
    header->pattern = rule.summary.pattern;
    header->severity = rule.summary.severity;
    header->regimes = rule.regimes;
    header->subject_kind = rule.summary.subject_kind;
    header->evidence.reserve(rule.evidence.size());
    for (const compile::EvidenceItem& item : rule.evidence) header->evidence.push_back(item.text);
    shared = std::move(header);
    reason_plans_[static_cast<std::size_t>(&rule - rules_.rules.data())] = reason_plan(rule);
  }
  return shared;
}

void Machine::write_finding(const compile::CompiledRule& rule, Outcome outcome, Finding& f) {
  SANX_ASSERT(&f.header() == finding_rule(rule).get());  // the evidence values go with the header's texts
  const std::string_view subject = subject_id(subject_text_);
  date_text_.clear();
  f.outcome = outcome;
  const model::Provenance* origin = nullptr;
  // A payment's or shipment's date is the subject's (begin_subject), whose days are known already. Written
  // once: most findings show it again as evidence (`p.date`), which is that day's text when it is a day.
  std::string_view day;
  const auto append_subject_date = [&] {
    if (date_ && date_->precision() == core::DatePrecision::day) {
      date_text_ += iso_day(date_days_);  // an append: no general replace for a text of a dozen bytes
      day = date_text_;  // not the cache's entry, which a date rendered below may take
    } else {
      append_iso_date(date_text_, *date_);
    }
  };
  switch (kind_) {
    case SubjectKind::payment:
      append_subject_date();
      if (subject_ix_ < data_.payment_origin.size()) origin = &data_.payment_origin[subject_ix_];
      break;
    case SubjectKind::shipment:
      append_subject_date();
      if (subject_ix_ < data_.shipment_origin.size()) origin = &data_.shipment_origin[subject_ix_];
      break;
    case SubjectKind::entity:
      if (subject_ix_ < data_.entity_origin.size()) origin = &data_.entity_origin[subject_ix_];
      break;
    case SubjectKind::relation: break;  // relations carry no provenance in model::Dataset
  }
  // Evidence first, into the machine's scratch (copied with the source and reason into one piece of a
  // FindingTexts block): a placeholder of the reason that is also an evidence item (`{p.amount}`) copies
  // the item's text instead of being evaluated and rendered again.
  const ReasonPlan& plan = reason_plans_[static_cast<std::size_t>(&rule - rules_.rules.data())];
  // Item i is [ends[i], ends[i + 1]): its start without a test for the first, its end written in place.
  evidence_ends_.resize(plan.reads.size() + 1);
  evidence_ends_[0] = 0;
  std::uint32_t* end = evidence_ends_.data();
  // evidence_values_ is room, not text: the items are written at `size` with copy_short, one check of
  // the room each, instead of a string append (its checks and a call of memcpy) per item. Most items'
  // texts are there already (a string field, the day's, an entity's cached text): only the rest are
  // rendered, into source_ (not needed yet), and copied.
  std::size_t size = 0;
  std::array<char, compile::kMaxDecimalSize> number{};  // a number's text, as render writes it
  for (const EvidenceRead& read : plan.reads) {
    std::string_view text;
    Value v;  // lives until the copy below: a country's text is its two letters inside v
    if (read.text != EvidenceRead::Text::none) {
      text = direct_text(read);
    } else {
      v = evidence_value(read);
      switch (v.kind) {
        case ValueKind::string: text = v.string; break;
        case ValueKind::date: text = v.date == date_days_ && !day.empty() ? day : iso_day(v.date); break;
        case ValueKind::entity: text = entity_view(v.index); break;
        case ValueKind::country: text = {v.country, 2}; break;
        case ValueKind::missing: text = "?"; break;
        case ValueKind::boolean: text = v.boolean ? "true" : "false"; break;
        case ValueKind::decimal:
          text = {number.data(), static_cast<std::size_t>(compile::write_decimal(number.data(), v.decimal) - number.data())};
          break;
        case ValueKind::integer:
          text = {number.data(), static_cast<std::size_t>(std::to_chars(number.data(), number.data() + number.size(), v.integer).ptr - number.data())};
          break;
        default:
          source_.clear();
          render(source_, v);
          text = source_;
          break;
      }
    }
    if (evidence_values_.size() < size + text.size() + kCopySlack) {
      evidence_values_.resize(std::max(2 * evidence_values_.size(), size + text.size() + kCopySlack));
    }
    copy_short(evidence_values_.data() + size, text.data(), text.size());
    size += text.size();
    *++end = static_cast<std::uint32_t>(size);
  }
  // kCopySlack bytes after the values, readable by copy_padded in write_reason: room made above.
  const std::string_view reason = write_reason(rule, size);
  const std::size_t values_size = size;
  source_.clear();
  if (origin != nullptr && !origin->file.empty()) {
    source_.append(origin->file).append(1, ':');
    append_int(source_, origin->line);
  }
  missing_texts_.clear();
  for (const std::uint32_t node : missing_) {
    const std::string& text = rule.texts[rule.nodes[node].text];
    if (std::find(missing_texts_.begin(), missing_texts_.end(), text) == missing_texts_.end()) {
      missing_texts_.emplace_back(text);
    }
  }
  missing_.clear();
  f.set_texts(std::string_view(evidence_values_.data(), values_size), std::span(evidence_ends_).subspan(1), source_,
              reason, {subject, date_text_, missing_texts_}, finding_texts_);
}

inline Value Machine::evidence_value(const EvidenceRead& read) {
  // operand is what eval gives for every node, without a call for a path from the subject; a path's
  // fields are known per rule, so that only they are read here (an audit writes ~10 items a finding).
  if (read.depth == 0) return operand<false>(read.node);
  SANX_ASSERT(overrides_.empty() && "no node is overridden while a finding is written");
  if (read.subject_date) return Value::of_date(date_days_);  // what field() reads: begin_subject's day
  Value v = subject_;
  for (std::uint32_t k = 0; k < read.depth && !v.is_missing(); ++k) v = field(static_cast<FieldId>(read.fields[k]), v);
  return v;
}

namespace {

/// Whether `members` (a field and its member per entry) has field `id`: then its member is in `found`.
template <typename Member, std::size_t N, typename Found>
bool find_member(FieldId id, const std::array<std::pair<FieldId, Member>, N>& members, Found& found) noexcept {
  for (const auto& [field, member] : members) {
    if (field == id) {
      found = member;
      return true;
    }
  }
  return false;
}

// The fields plan_direct_text reads: texts that field() makes missing when empty (text_or_missing), and
// parties it makes entities (entity_or_missing of the subject's refs).
constexpr std::array kPaymentTexts{
    std::pair{FieldId::payment_originator_bic, &model::Payment::originator_bic},
    std::pair{FieldId::payment_beneficiary_bic, &model::Payment::beneficiary_bic},
    std::pair{FieldId::payment_currency, &model::Payment::currency},
    std::pair{FieldId::payment_purpose, &model::Payment::purpose},
    std::pair{FieldId::payment_ordering_bic, &model::Payment::ordering_bic},
    std::pair{FieldId::payment_reference, &model::Payment::reference}};
constexpr std::array kShipmentTexts{std::pair{FieldId::shipment_hs_code, &model::Shipment::hs_code},
                                    std::pair{FieldId::shipment_description, &model::Shipment::description},
                                    std::pair{FieldId::shipment_currency, &model::Shipment::currency},
                                    std::pair{FieldId::shipment_contract, &model::Shipment::contract}};
constexpr std::array kPaymentParties{std::pair{FieldId::payment_originator, &model::PaymentRefs::originator},
                                     std::pair{FieldId::payment_beneficiary, &model::PaymentRefs::beneficiary},
                                     std::pair{FieldId::payment_originator_bank, &model::PaymentRefs::originator_bank},
                                     std::pair{FieldId::payment_beneficiary_bank, &model::PaymentRefs::beneficiary_bank},
                                     std::pair{FieldId::payment_ordering_bank, &model::PaymentRefs::ordering_bank}};
constexpr std::array kShipmentParties{std::pair{FieldId::shipment_exporter, &model::ShipmentRefs::exporter},
                                      std::pair{FieldId::shipment_consignee, &model::ShipmentRefs::consignee},
                                      std::pair{FieldId::shipment_end_user, &model::ShipmentRefs::end_user},
                                      std::pair{FieldId::shipment_vessel, &model::ShipmentRefs::vessel},
                                      std::pair{FieldId::shipment_notify_party, &model::ShipmentRefs::notify_party}};

}  // namespace

void Machine::plan_direct_text(SubjectKind kind, EvidenceRead& read) {
  // Only the fields whose value field() makes as direct_text reads them: a text (missing when empty) or
  // the id (a string even when empty) of the subject, or a party's name (entity_name of an entity field).
  using Text = EvidenceRead::Text;
  const auto first = static_cast<FieldId>(read.fields[0]);
  const bool payment = kind == SubjectKind::payment;
  if (!payment && kind != SubjectKind::shipment) return;
  if (read.depth == 1) {
    if (first == (payment ? FieldId::payment_id : FieldId::shipment_id)) {
      read.text = Text::id;
    } else if (payment ? find_member(first, kPaymentTexts, read.payment_text)
                       : find_member(first, kShipmentTexts, read.shipment_text)) {
      read.text = Text::field;
    }
  } else if (read.depth == 2 && static_cast<FieldId>(read.fields[1]) == FieldId::entity_name) {
    if (payment ? find_member(first, kPaymentParties, read.payment_party)
                : find_member(first, kShipmentParties, read.shipment_party)) {
      read.text = Text::party_name;
    }
  }
}

inline std::string_view Machine::direct_text(const EvidenceRead& read) const {
  const std::uint32_t ix = subject_ix_;
  const bool payment = kind_ == SubjectKind::payment;
  switch (read.text) {
    case EvidenceRead::Text::none: break;
    case EvidenceRead::Text::id: return payment ? at(data_.payments, ix).id : at(data_.shipments, ix).id;
    case EvidenceRead::Text::field: {
      const std::string& s = payment ? at(data_.payments, ix).*read.payment_text : at(data_.shipments, ix).*read.shipment_text;
      return s.empty() ? std::string_view("?") : std::string_view(s);
    }
    case EvidenceRead::Text::party_name: {
      model::EntityIx party{};
      if (payment) {
        if (ix < data_.payment_refs.size()) party = data_.payment_refs[ix].*read.payment_party;
      } else if (ix < data_.shipment_refs.size()) {
        party = data_.shipment_refs[ix].*read.shipment_party;
      }
      if (!party.valid()) return "?";
      const auto& names = at(data_.entities, party.value).names;
      return names.empty() || names.front().text.empty() ? std::string_view("?") : std::string_view(names.front().text);
    }
  }
  SANX_ASSERT(false && "direct_text reads an item planned as text");
  return {};
}

Machine::ReasonPlan Machine::reason_plan(const compile::CompiledRule& rule) {
  ReasonPlan plan;
  plan.reads.reserve(rule.evidence.size());
  for (const compile::EvidenceItem& item : rule.evidence) {
    // the path operand would read: fields down to the subject, at most EvidenceRead::kMaxDepth of them
    EvidenceRead read;
    read.node = item.node;
    std::array<std::uint16_t, EvidenceRead::kMaxDepth> outer_first{};
    std::size_t depth = 0;
    const Node* n = &rule.nodes[item.node];
    while (n->op == Op::field && depth < outer_first.size()) {
      outer_first[depth++] = n->field;
      n = &rule.nodes[n->a];
    }
    if (depth > 0 && n->op == Op::subject) {
      read.depth = static_cast<std::uint32_t>(depth);
      for (std::size_t k = 0; k < depth; ++k) read.fields[k] = outer_first[depth - 1 - k];
      const auto first = static_cast<FieldId>(read.fields[0]);
      read.subject_date = depth == 1 && (first == FieldId::payment_date || first == FieldId::shipment_date);
      plan_direct_text(rule.subject, read);
    }
    plan.reads.push_back(read);
  }
  std::vector<std::size_t> uses(rule.evidence.size(), 0);
  ReasonPiece piece;
  for (const compile::ReasonPart& part : rule.reason) {
    if (!part.node) {
      plan.texts += part.text;
      piece.text_size += static_cast<std::uint32_t>(part.text.size());
      continue;
    }
    if (part.evidence) {
      piece.evidence = static_cast<std::int32_t>(*part.evidence);
      plan.item_uses = std::max(plan.item_uses, ++uses[*part.evidence]);
    } else {
      piece.node = static_cast<std::int32_t>(*part.node);
      plan.rendered = true;
    }
    plan.pieces.push_back(piece);
    piece = ReasonPiece{};
    piece.text_begin = static_cast<std::uint32_t>(plan.texts.size());
  }
  if (piece.text_size > 0) plan.pieces.push_back(piece);
  plan.text_size = plan.texts.size();
  plan.texts.append(kCopySlack, '\0');  // for copy_padded
  return plan;
}

std::string_view Machine::write_reason(const compile::CompiledRule& rule, std::size_t values_size) {
  const ReasonPlan& plan = reason_plans_[static_cast<std::size_t>(&rule - rules_.rules.data())];
  // The placeholders that are not evidence items (few) rendered first, into the scratch (source_, not
  // needed yet), so that the reason's size is bounded: then its room is made once, and its pieces copied
  // without checking it for each. The bound: the texts, the rendered placeholders, and each evidence
  // value as often as an item is a placeholder at most.
  // Every source of a copy is followed by kCopySlack bytes (the plan's texts, the evidence values as
  // write_finding leaves them, source_ here), and so is the room made: copy_padded moves a short piece
  // in one load and store of fixed size.
  source_.clear();
  if (plan.rendered) {
    for (const ReasonPiece& piece : plan.pieces) {
      if (piece.node < 0) continue;
      render(source_, operand<false>(static_cast<std::uint32_t>(piece.node)));
      placeholder_ends_.push_back(static_cast<std::uint32_t>(source_.size()));
    }
    source_.append(kCopySlack, '\0');
  }
  const std::size_t bound = plan.text_size + source_.size() + plan.item_uses * values_size + kCopySlack;
  if (reason_.size() < bound) reason_.resize(bound);
  char* const begin = reason_.data();
  char* p = begin;
  const char* const texts = plan.texts.data();
  const char* const values = evidence_values_.data();
  const std::uint32_t* const ends = evidence_ends_.data();
  std::size_t placeholder = 0;
  std::uint32_t placeholder_begin = 0;
  for (const ReasonPiece& piece : plan.pieces) {
    copy_padded(p, texts + piece.text_begin, piece.text_size);
    p += piece.text_size;
    if (piece.evidence >= 0) {
      // inside evidence_values_ by construction: no bounds check
      const auto i = static_cast<std::uint32_t>(piece.evidence);
      copy_padded(p, values + ends[i], ends[i + 1] - ends[i]);
      p += ends[i + 1] - ends[i];
    } else if (piece.node >= 0) {
      const std::uint32_t end = placeholder_ends_[placeholder++];
      copy_padded(p, source_.data() + placeholder_begin, end - placeholder_begin);
      p += end - placeholder_begin;
      placeholder_begin = end;
    }
  }
  placeholder_ends_.clear();
  return {begin, static_cast<std::size_t>(p - begin)};
}

std::optional<core::Date> Machine::subject_date(SubjectKind kind, std::uint32_t ix) const {
  switch (kind) {
    case SubjectKind::payment: return at(data_.payments, ix).date;
    case SubjectKind::shipment: return at(data_.shipments, ix).date;
    case SubjectKind::entity:
    case SubjectKind::relation: break;
  }
  return as_of_;
}

bool Machine::same_without_facts(Builtin b) noexcept {
  // Listed, not derived from gated_builtin: a gated builtin added later is not assumed to qualify.
  static constexpr std::array kSame{Builtin::designated, Builtin::listed_on,  Builtin::delisted,      Builtin::blocked,
                                    Builtin::owned_share, Builtin::controlled, Builtin::exposure_paths};
  return std::find(kSame.begin(), kSame.end(), b) != kSame.end();
}

}  // namespace sanx::eval
