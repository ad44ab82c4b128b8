#include "compile/equivalence.hpp"

#include <algorithm>

namespace sanx::compile {

namespace {

/// The same constant: same kind and the same bits (1.0 and 1.00 differ: they render differently).
bool identical(const Value& x, const Value& y) {
  if (x.kind != y.kind) return false;
  switch (x.kind) {
    case ValueKind::missing: return true;
    case ValueKind::boolean: return x.boolean == y.boolean;
    case ValueKind::integer: return x.integer == y.integer;
    case ValueKind::decimal: return x.decimal.mantissa() == y.decimal.mantissa() && x.decimal.scale() == y.decimal.scale();
    case ValueKind::string: return x.string == y.string;
    case ValueKind::country: return x.country[0] == y.country[0] && x.country[1] == y.country[1];
    case ValueKind::date: return x.date == y.date;
    case ValueKind::duration:
      return x.duration.months == y.duration.months && x.duration.days == y.duration.days &&
             x.duration.anchor == y.duration.anchor;
    case ValueKind::entity:
    case ValueKind::payment:
    case ValueKind::shipment:
    case ValueKind::relation: return x.index == y.index;
    case ValueKind::list: return x.list.data == y.list.data && x.list.size == y.list.size && x.list.kind == y.list.kind;
    case ValueKind::set: return x.set == y.set;
  }
  return false;
}

struct Comparer {
  const CompiledRule& ra;
  const CompiledRule& rb;
  std::uint32_t slot_a;
  std::uint32_t slot_b;

  bool same_lists(std::uint32_t a, std::uint32_t b, std::uint32_t count) const {
    for (std::uint32_t i = 0; i < count; ++i) {
      if (!same(ra.lists[a + i], rb.lists[b + i])) return false;
    }
    return true;
  }

  bool same(std::uint32_t a, std::uint32_t b) const {
    const Node& x = ra.nodes[a];
    const Node& y = rb.nodes[b];
    if (x.op != y.op || x.aux != y.aux || x.field != y.field) return false;
    switch (x.op) {
      case Op::constant: return identical(ra.consts[x.a], rb.consts[y.a]);
      case Op::subject: return true;
      case Op::let_ref: return same(x.b, y.b);  // by definition: slots are numbered per rule
      case Op::quantifier_var: return x.a == slot_a && y.a == slot_b;
      case Op::compare_const: return identical(ra.consts[x.b], rb.consts[y.b]) && same(x.a, y.a);
      case Op::in_set: return ra.sets[x.b] == rb.sets[y.b] && same(x.a, y.a);
      case Op::matches: return ra.regexes[x.b] == rb.regexes[y.b] && same(x.a, y.a);
      case Op::enum_test: return x.b == y.b && same(x.a, y.a);
      case Op::quantifier:
      case Op::window: return false;  // their own variables and indexes: not compared
      default: break;
    }
    switch (operands_of(x.op)) {
      case Operands::none: return false;
      case Operands::a: return same(x.a, y.a);
      case Operands::a_b: return same(x.a, y.a) && same(x.b, y.b);
      case Operands::list: return x.b == y.b && same_lists(x.a, y.a, x.b);
    }
    return false;
  }
};

bool is_true_constant(const CompiledRule& rule, std::uint32_t n) {
  const Node& node = rule.nodes[n];
  return node.op == Op::constant && rule.consts[node.a].is_true();
}

}  // namespace

bool same_expression(const CompiledRule& ra, std::uint32_t a, std::uint32_t slot_a, const CompiledRule& rb,
                     std::uint32_t b, std::uint32_t slot_b) {
  return Comparer{ra, rb, slot_a, slot_b}.same(a, b);
}

std::vector<std::uint32_t> conjuncts_of(const CompiledRule& rule, std::uint32_t n) {
  const Node& node = rule.nodes[n];
  if (node.op != Op::logical_and) return {n};
  return {rule.lists.begin() + node.a, rule.lists.begin() + node.a + node.b};
}

bool window_narrows(const CompiledRule& ra, const WindowSpec& wa, const CompiledRule& rb, const WindowSpec& wb) {
  if (ra.subject != rb.subject || wa.over != wb.over || wa.direction != wb.direction || wa.months != wb.months ||
      wa.days != wb.days || wa.near_months != wb.near_months || wa.near_days != wb.near_days) {
    return false;
  }
  const Comparer cmp{ra, rb, wa.slot, wb.slot};
  if (!cmp.same(wa.inner_key, wb.inner_key) || !cmp.same(wa.outer_key, wb.outer_key)) return false;
  const std::vector<std::uint32_t> theirs = conjuncts_of(rb, wb.where);
  for (const std::uint32_t c : conjuncts_of(ra, wa.where)) {
    if (is_true_constant(ra, c)) continue;
    if (std::none_of(theirs.begin(), theirs.end(), [&](std::uint32_t d) { return cmp.same(c, d); })) return false;
  }
  return true;
}

}  // namespace sanx::compile
