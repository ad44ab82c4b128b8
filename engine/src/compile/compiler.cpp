// Compiles a checked pack into the flat IR of compile/ir.hpp.
//
// Each expression becomes nodes in its rule's vector, children before parents. Constant subexpressions
// are folded with the same value operations the evaluator uses (compile/value.hpp). Lets that are plain
// paths (`let obank = p.originator_bank`) are inlined at each use, so that missing paths name the real
// field; other lets become slots computed once per subject. `and` / `or` chains are flattened and their
// operands ordered by an estimated cost, which is sound because both are commutative in the three-valued
// logic of docs/dsl.md.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <map>
#include <utility>

#include "compile/ir.hpp"
#include "compile/regex.hpp"
#include "sanx/compile/rule_set.hpp"
#include "sanx/core/assert.hpp"
#include "sanx/core/text.hpp"
#include "sanx/model/entity.hpp"
#include "sanx/model/payment.hpp"
#include "sanx/model/relation.hpp"

namespace sanx::compile {

namespace {

namespace ast = dsl::ast;
using ast::BinaryOp;
using ast::Expr;
using ast::ExprKind;
using ast::ResolvedKind;
using check::Builtin;
using check::FieldId;
using dsl::TypeKind;

using ConstKey = std::pair<int, int>;  // (file, index)

/// Pack-wide state: constants and named sets are compiled once and shared by every rule.
struct PackState {
  const dsl::Pack& pack;
  RuleSet::Impl& impl;
  std::map<ConstKey, Value> consts;
  std::map<ConstKey, const ConstSet*> sets;
  std::vector<ConstKey> consts_in_progress;
};

/// The set of values of an enum-like field that a word names, as a bit mask; 0 when the word names none.
/// Comparison is exact (`"SPFS"`, not `"spfs"`), as it would be on the field's text.
std::uint32_t enum_bit(FieldId field, std::string_view word) {
  auto bit = [](auto e) { return std::uint32_t{1} << static_cast<unsigned>(e); };
  switch (field) {
    case FieldId::payment_network:
      if (auto n = model::parse_network(word); n && model::to_string(*n) == word) return bit(*n);
      return 0;
    case FieldId::entity_kind:
      if (auto k = model::parse_entity_kind(word); k && model::to_string(*k) == word) return bit(*k);
      return 0;
    case FieldId::shipment_mode:
      if (auto m = model::parse_transport_mode(word); m && model::to_string(*m) == word) return bit(*m);
      return 0;
    case FieldId::relation_kind:
      if (auto k = model::parse_relation_kind(word); k && model::to_string(*k) == word) return bit(*k);
      return 0;
    default: return 0;
  }
}

bool is_enum_field(FieldId f) {
  return f == FieldId::payment_network || f == FieldId::entity_kind || f == FieldId::shipment_mode ||
         f == FieldId::relation_kind;
}

std::optional<TypeKind> type_word(std::string_view w) {
  if (w == "country") return TypeKind::country;
  if (w == "string") return TypeKind::string;
  if (w == "int" || w == "integer") return TypeKind::integer;
  if (w == "decimal") return TypeKind::decimal;
  if (w == "percent") return TypeKind::percent;
  if (w == "date") return TypeKind::date;
  return std::nullopt;
}

class RuleCompiler {
 public:
  RuleCompiler(PackState& state, CompiledRule& rule, const ast::RuleDecl* decl, int file)
      : state_(state), rule_(rule), decl_(decl), file_(file) {
    rule_.texts.emplace_back();  // text 0: none
    if (decl_ != nullptr) let_nodes_.resize(decl_->lets.size());
  }

  std::uint32_t compile(const Expr& e) {
    switch (e.kind) {
      case ExprKind::literal: return constant(literal_value(e.literal, e.type), source(e));
      case ExprKind::name: return compile_name(e);
      case ExprKind::field: return compile_field(e);
      case ExprKind::call: return compile_call(e);
      case ExprKind::unary: return compile_unary(e);
      case ExprKind::binary: return compile_binary(e);
      case ExprKind::is_missing: {
        const std::uint32_t x = compile(*e.operands.at(0));
        if (is_const(x)) return constant(Value::of_bool(value(x).is_missing() != e.negated), source(e));
        return add({Op::is_missing, e.negated ? std::uint8_t{1} : std::uint8_t{0}, 0, x, 0, 0}, cost(x),
                   source(e));
      }
      case ExprKind::quantifier: return compile_quantifier(e);
      case ExprKind::window: return compile_window(e);
      case ExprKind::set_literal:
      case ExprKind::list_literal: return compile_collection(e);
    }
    SANX_ASSERT(false && "every expression kind is compiled");
    return 0;
  }

  // A window's residual `where` and value are evaluated on every candidate; their parts that read the
  // subject but not the candidate (`p.amount * 0.98`, `p.originator.country`) are the same for all of
  // them. hoist() makes each such part a let of its own, computed once per subject (lets are cached per
  // subject) and read back for the other candidates.

  /// Whether `node` reads no quantifier variable and no window; `subject` is set when it reads the
  /// subject or a let.
  bool invariant(std::uint32_t node, bool& subject) const {
    const Node& n = rule_.nodes[node];
    switch (n.op) {
      case Op::constant: return true;
      case Op::subject:
      case Op::let_ref: subject = true; return true;
      case Op::quantifier_var:
      case Op::window: return false;
      default: break;
    }
    switch (operands_of(n.op)) {
      case Operands::a: return invariant(n.a, subject);
      case Operands::a_b: return invariant(n.a, subject) && invariant(n.b, subject);
      case Operands::list:
        for (std::uint32_t i = 0; i < n.b; ++i) {
          if (!invariant(rule_.lists[n.a + i], subject)) return false;
        }
        return true;
      case Operands::none: return true;
    }
    return true;
  }

  /// `node`, or a let computing it when it reads the subject and not the candidate (and is more than a
  /// constant, the subject, a let or a one-step field of the subject); its operands hoisted otherwise.
  /// List literals stay as they are: their items are evaluated on access.
  std::uint32_t hoist(std::uint32_t node) {
    const Node n = rule_.nodes[node];  // a copy: add() may move the nodes
    bool subject = false;
    const bool trivial = n.op == Op::constant || n.op == Op::subject || n.op == Op::let_ref ||
                         n.op == Op::list_literal || (n.op == Op::field && rule_.nodes[n.a].op == Op::subject);
    if (!trivial && invariant(node, subject) && subject) {
      return add({Op::let_ref, 0, 0, rule_.let_slots++, node, 0}, cost(node), rule_.texts[n.text]);
    }
    if (n.op == Op::list_literal) return node;
    switch (operands_of(n.op)) {
      case Operands::a_b: {
        const std::uint32_t b = hoist(n.b);
        rule_.nodes[node].b = b;
        [[fallthrough]];
      }
      case Operands::a: {
        const std::uint32_t a = hoist(n.a);
        rule_.nodes[node].a = a;
        break;
      }
      case Operands::list:
        for (std::uint32_t i = 0; i < n.b; ++i) {
          const std::uint32_t item = hoist(rule_.lists[n.a + i]);
          rule_.lists[n.a + i] = item;
        }
        break;
      case Operands::none: break;  // leaves, lets and windows stay
    }
    return node;
  }

  [[nodiscard]] const Value& value(std::uint32_t node) const { return rule_.consts[rule_.nodes[node].a]; }
  [[nodiscard]] bool is_const(std::uint32_t node) const { return rule_.nodes[node].op == Op::constant; }

  /// Adds the paths and names used in `e` (outside quantifier bodies' own variables) as evidence.
  void collect_evidence(const Expr& e) {
    switch (e.kind) {
      case ExprKind::field: {
        const Expr* root = &e;
        while (root->kind == ExprKind::field) root = root->operands.at(0).get();
        if (root->kind == ExprKind::name) {
          const ResolvedKind k = name_kind(*root);
          if (k == ResolvedKind::subject || k == ResolvedKind::let) add_evidence(e);
          return;
        }
        collect_evidence(*root);
        return;
      }
      case ExprKind::name:
        if (name_kind(e) == ResolvedKind::let) add_evidence(e);
        return;
      default:
        for (const auto& op : e.operands) collect_evidence(*op);
        return;
    }
  }

 private:
  // ---- node building ----

  std::uint32_t add(Node n, std::uint32_t node_cost, std::string text) {
    n.text = static_cast<std::uint32_t>(rule_.texts.size());
    rule_.texts.push_back(std::move(text));
    rule_.nodes.push_back(n);
    rule_.costs.push_back(node_cost);
    return static_cast<std::uint32_t>(rule_.nodes.size() - 1);
  }

  std::uint32_t constant(const Value& v, std::string text) {
    rule_.consts.push_back(v);
    return add({Op::constant, 0, 0, static_cast<std::uint32_t>(rule_.consts.size() - 1), 0, 0}, 0, std::move(text));
  }

  std::uint32_t cost(std::uint32_t node) const { return rule_.costs[node]; }

  std::uint32_t add_list(const std::vector<std::uint32_t>& items) {
    const auto start = static_cast<std::uint32_t>(rule_.lists.size());
    rule_.lists.insert(rule_.lists.end(), items.begin(), items.end());
    return start;
  }

  std::string source(const Expr& e) const {
    if (e.span.end <= e.span.begin || e.span.file.value >= state_.pack.sources.size()) return {};
    return std::string(state_.pack.sources.text(e.span));
  }

  Value literal_value(const ast::Literal& l, const dsl::Type& type) {
    switch (l.kind) {
      case ast::LiteralKind::boolean: return Value::of_bool(l.boolean);
      case ast::LiteralKind::integer: return Value::of_int(l.integer);
      case ast::LiteralKind::decimal:
      case ast::LiteralKind::percent: return Value::of_decimal(l.decimal);
      case ast::LiteralKind::string:
        if (type.kind == TypeKind::country && l.string.size() == 2) return Value::of_country(l.string);
        return Value::of_string(state_.impl.intern(l.string));
      case ast::LiteralKind::date: return Value::of_date(l.date.days_since_epoch());
      case ast::LiteralKind::duration: return Value::of_duration(l.duration.months, l.duration.days);
    }
    return Value::missing();
  }

  // ---- names ----

  ResolvedKind name_kind(const Expr& e) const {
    if (e.resolved.kind != ResolvedKind::none) return e.resolved.kind;
    if (decl_ == nullptr) return ResolvedKind::none;
    for (const auto& [name, slot] : scope_) {
      if (name == e.name.name) return ResolvedKind::quantifier_variable;
    }
    for (const auto& let : decl_->lets) {
      if (let.name.name == e.name.name) return ResolvedKind::let;
    }
    if (decl_->subject.name == e.name.name) return ResolvedKind::subject;
    return ResolvedKind::none;
  }

  int let_index(const Expr& e) const {
    if (e.resolved.kind == ResolvedKind::let && e.resolved.index >= 0) return e.resolved.index;
    for (std::size_t i = decl_->lets.size(); i-- > 0;) {
      if (decl_->lets[i].name.name == e.name.name) return static_cast<int>(i);
    }
    return -1;
  }

  std::uint32_t compile_name(const Expr& e) {
    switch (name_kind(e)) {
      case ResolvedKind::subject:
        return add({Op::subject, 0, 0, 0, 0, 0}, 0, decl_ != nullptr ? decl_->subject.name : e.name.name);
      case ResolvedKind::let: {
        const int i = let_index(e);
        SANX_ASSERT(i >= 0 && "a let reference names a let of its rule");
        return compile_let_use(static_cast<std::size_t>(i), e);
      }
      case ResolvedKind::quantifier_variable:
        for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
          if (it->first == e.name.name) return add({Op::quantifier_var, 0, 0, it->second, 0, 0}, 1, e.name.name);
        }
        SANX_ASSERT(false && "a quantifier variable is in scope where it is used");
        return 0;
      case ResolvedKind::constant: return constant(pack_const(e), e.name.name);
      case ResolvedKind::set: return constant(Value::of_set(pack_set(e)), e.name.name);
      default: {
        // Not annotated: a constant or set of the rule's file, found by name.
        const ast::File& f = state_.pack.files.at(static_cast<std::size_t>(file_));
        for (std::size_t i = 0; i < f.consts.size(); ++i) {
          if (f.consts[i].name.name == e.name.name) return constant(const_value(file_, static_cast<int>(i)), e.name.name);
        }
        for (std::size_t i = 0; i < f.sets.size(); ++i) {
          if (f.sets[i].name.name == e.name.name) {
            return constant(Value::of_set(set_value(file_, static_cast<int>(i), e.type)), e.name.name);
          }
        }
        SANX_ASSERT(false && "every name of a checked pack resolves");
        return 0;
      }
    }
  }

  static bool is_path(const Expr& e, const ast::RuleDecl& decl) {
    if (e.kind == ExprKind::field) return is_path(*e.operands.at(0), decl);
    if (e.kind != ExprKind::name) return false;
    return e.resolved.kind == ResolvedKind::subject || e.resolved.kind == ResolvedKind::let ||
           (e.resolved.kind == ResolvedKind::none && e.name.name == decl.subject.name);
  }

  std::uint32_t compile_let_use(std::size_t i, const Expr& use) {
    const ast::LetBinding& let = decl_->lets.at(i);
    if (is_path(*let.value, *decl_)) return compile(*let.value);  // inlined: a few loads, exact paths
    if (!let_nodes_[i]) {
      auto saved = std::exchange(scope_, {});  // a let sees no quantifier variables
      const std::uint32_t root = compile(*let.value);
      scope_ = std::move(saved);
      if (is_const(root)) {
        let_nodes_[i] = root;
      } else {
        let_nodes_[i] = add({Op::let_ref, 0, 0, rule_.let_slots++, root, 0}, cost(root), use.name.name);
      }
    }
    return *let_nodes_[i];
  }

  Value pack_const(const Expr& e) {
    return const_value(e.resolved.file >= 0 ? e.resolved.file : file_, e.resolved.index);
  }

  Value const_value(int file, int index) {
    const ConstKey key{file, index};
    if (auto it = state_.consts.find(key); it != state_.consts.end()) return it->second;
    if (std::find(state_.consts_in_progress.begin(), state_.consts_in_progress.end(), key) !=
        state_.consts_in_progress.end()) {
      return Value::missing();  // a cycle; the checker reports it
    }
    state_.consts_in_progress.push_back(key);
    const ast::ConstDecl& decl =
        state_.pack.files.at(static_cast<std::size_t>(file)).consts.at(static_cast<std::size_t>(index));
    CompiledRule scratch;
    RuleCompiler sub(state_, scratch, nullptr, file);
    const std::uint32_t node = sub.compile(*decl.value);
    const Value v = sub.is_const(node) ? sub.value(node) : Value::missing();
    state_.consts_in_progress.pop_back();
    state_.consts.emplace(key, v);
    return v;
  }

  const ConstSet* pack_set(const Expr& e) {
    return set_value(e.resolved.file >= 0 ? e.resolved.file : file_, e.resolved.index, e.type);
  }

  const ConstSet* set_value(int file, int index, const dsl::Type& use_type) {
    const ConstKey key{file, index};
    if (auto it = state_.sets.find(key); it != state_.sets.end()) return it->second;
    const ast::SetDecl& decl =
        state_.pack.files.at(static_cast<std::size_t>(file)).sets.at(static_cast<std::size_t>(index));
    ConstSet& set = state_.impl.sets.emplace_back();
    if (!decl.elements.empty()) {
      CompiledRule scratch;
      RuleCompiler sub(state_, scratch, nullptr, file);
      for (const auto& element : decl.elements) {
        const std::uint32_t node = sub.compile(*element);
        if (sub.is_const(node)) set.add(sub.value(node), false);
      }
    } else {
      std::optional<TypeKind> element;
      if (decl.element_type) element = type_word(decl.element_type->name);
      if (!element && use_type.is_collection()) element = use_type.element;
      for (const std::string& text : decl.values) set.add(parse_element(text, element.value_or(TypeKind::string)), false);
      set.dated = decl.dated;
      for (const ast::ValuePeriod& p : decl.periods) {
        const std::int32_t from =
            p.from ? p.from->days_since_epoch() : std::numeric_limits<std::int32_t>::min();
        const std::int32_t to = p.to ? p.to->days_since_epoch() : std::numeric_limits<std::int32_t>::max();
        set.periods[state_.impl.intern(decl.values.at(p.value))].emplace_back(from, to);
      }
    }
    state_.sets.emplace(key, &set);
    return &set;
  }

  Value parse_element(const std::string& text, TypeKind kind) {
    switch (kind) {
      case TypeKind::country:
        if (text.size() == 2) return Value::of_country(text);
        break;
      case TypeKind::integer:
      case TypeKind::decimal:
      case TypeKind::percent:
        if (auto d = core::Decimal::parse(text)) {
          if (kind == TypeKind::integer && d->scale() == 0) return Value::of_int(d->mantissa());
          return Value::of_decimal(*d);
        }
        break;
      case TypeKind::date:
        if (auto d = core::Date::parse_iso(text)) return Value::of_date(d->days_since_epoch());
        break;
      default: break;
    }
    return Value::of_string(state_.impl.intern(text));
  }

  void add_evidence(const Expr& e) {
    std::string text = source(e);
    if (text.empty()) text = e.name.name;
    for (const EvidenceItem& item : rule_.evidence) {
      if (item.text == text) return;
    }
    const std::uint32_t node = compile(e);
    rule_.evidence.push_back({std::move(text), node});
  }

  // ---- fields and calls ----

  std::uint32_t compile_field(const Expr& e) {
    // `ns.NAME`: the checker resolved a const or set of another namespace, not a field of a value.
    if (e.resolved.kind == ResolvedKind::constant) return constant(pack_const(e), source(e));
    if (e.resolved.kind == ResolvedKind::set) return constant(Value::of_set(pack_set(e)), source(e));
    const Expr& base_expr = *e.operands.at(0);
    const std::uint32_t base = compile(base_expr);
    FieldId id{};
    if (e.resolved.kind == ResolvedKind::field && e.resolved.index >= 0) {
      id = static_cast<FieldId>(e.resolved.index);
    } else {
      const check::FieldInfo* info = check::find_field(base_expr.type.kind, e.name.name);
      SANX_ASSERT(info != nullptr && "every field of a checked pack resolves");
      id = info->id;
    }
    std::string text = rule_.texts[rule_.nodes[base].text] + "." + e.name.name;
    return add({Op::field, 0, static_cast<std::uint16_t>(id), base, 0, 0}, cost(base) + 1, std::move(text));
  }

  std::uint32_t compile_call(const Expr& e) {
    Builtin id{};
    if (e.resolved.kind == ResolvedKind::builtin && e.resolved.index >= 0) {
      id = static_cast<Builtin>(e.resolved.index);
    } else {
      const check::BuiltinInfo* info = check::find_builtin(e.name.name);
      SANX_ASSERT(info != nullptr && "every call of a checked pack names a builtin");
      id = info->id;
    }
    std::vector<std::uint32_t> args;
    std::uint32_t total = 0;
    bool all_const = true;
    for (const auto& op : e.operands) {
      args.push_back(compile(*op));
      total += cost(args.back());
      all_const = all_const && is_const(args.back());
    }
    if (id == Builtin::coalesce && !args.empty() && is_const(args[0])) {
      if (!value(args[0]).is_missing() || args.size() < 2) return args[0];
      return args[1];
    }
    if (all_const && args.size() == 1) {
      if (auto folded = fold_call(id, value(args[0]))) return constant(*folded, source(e));
    }
    std::uint32_t own = 3;
    if (id == Builtin::designated || id == Builtin::listed_on || id == Builtin::delisted) own = 8;
    if (id == Builtin::blocked || id == Builtin::owned_share || id == Builtin::controlled) own = 12;
    if (id == Builtin::exposure_paths) own = 40;  // builds the proofs
    if (id == Builtin::name_match) own = 60;      // screens a name
    if (id == Builtin::linked_to || id == Builtin::shared_identity || id == Builtin::shared_identity_detail) {
      own = 20;  // walks relations or identity groups
    }
    return add({Op::call, 0, static_cast<std::uint16_t>(id), add_list(args), static_cast<std::uint32_t>(args.size()), 0},
               total + own, source(e));
  }

  std::optional<Value> fold_call(Builtin id, const Value& v) {
    if (v.is_missing()) return Value::missing();
    switch (id) {
      case Builtin::bic_country: {
        const std::string_view t = text_of(v);
        return model::is_valid_bic(t) ? Value::of_country(model::bic_country(t)) : Value::missing();
      }
      case Builtin::lower: return Value::of_string(state_.impl.intern(core::to_lower_ascii(text_of(v))));
      case Builtin::upper: return Value::of_string(state_.impl.intern(core::to_upper_ascii(text_of(v))));
      case Builtin::len:
        if (v.kind == ValueKind::string) return Value::of_int(static_cast<std::int64_t>(core::count_code_points(v.string)));
        if (v.kind == ValueKind::set) return Value::of_int(static_cast<std::int64_t>(v.set->values.size()));
        return std::nullopt;
      case Builtin::days: return duration_days(v);
      default: return std::nullopt;
    }
  }

  // ---- operators ----

  std::uint32_t compile_unary(const Expr& e) {
    const std::uint32_t x = compile(*e.operands.at(0));
    if (e.unary_op == ast::UnaryOp::logical_not) {
      if (is_const(x)) {
        const Value& v = value(x);
        return constant(v.kind == ValueKind::boolean ? Value::of_bool(!v.boolean) : Value::missing(), source(e));
      }
      return add({Op::logical_not, 0, 0, x, 0, 0}, cost(x), source(e));
    }
    if (is_const(x)) return constant(negate(value(x)), source(e));
    return add({Op::negate, 0, 0, x, 0, 0}, cost(x) + 1, source(e));
  }

  void flatten(const Expr& e, BinaryOp op, std::vector<const Expr*>& out) {
    if (e.kind == ExprKind::binary && e.binary_op == op) {
      for (const auto& operand : e.operands) flatten(*operand, op, out);
    } else {
      out.push_back(&e);
    }
  }

  /// `skip`: a part left out (a window's key, which its index lookup has already decided).
  std::uint32_t compile_logical(const Expr& e, const Expr* skip = nullptr) {
    const bool is_and = e.binary_op == BinaryOp::logical_and;
    std::vector<const Expr*> parts;
    flatten(e, e.binary_op, parts);
    std::vector<std::uint32_t> nodes;
    bool has_missing_const = false;
    for (const Expr* part : parts) {
      if (part == skip) continue;
      const std::uint32_t n = compile(*part);
      if (is_const(n)) {
        const Value& v = value(n);
        if (v.kind == ValueKind::boolean) {
          if (v.boolean != is_and) return constant(Value::of_bool(!is_and), source(e));  // decides the result
          continue;                                                                     // neutral: dropped
        }
        if (has_missing_const) continue;
        has_missing_const = true;
      }
      nodes.push_back(n);
    }
    if (nodes.empty()) return constant(Value::of_bool(is_and), source(e));
    if (nodes.size() == 1) return nodes[0];
    std::stable_sort(nodes.begin(), nodes.end(), [&](std::uint32_t x, std::uint32_t y) { return cost(x) < cost(y); });
    std::uint32_t total = 0;
    for (const std::uint32_t n : nodes) total += cost(n);
    return add({is_and ? Op::logical_and : Op::logical_or, 0, 0, add_list(nodes), static_cast<std::uint32_t>(nodes.size()), 0},
               total, source(e));
  }

  /// The enum-like field tested by node `n`, if it is one.
  std::optional<FieldId> enum_field(std::uint32_t n) const {
    const Node& node = rule_.nodes[n];
    if (node.op != Op::field) return std::nullopt;
    const auto id = static_cast<FieldId>(node.field);
    if (!is_enum_field(id)) return std::nullopt;
    return id;
  }

  std::uint32_t enum_test(FieldId field, std::uint32_t field_node, std::uint32_t mask, bool negated, const Expr& e) {
    const std::uint32_t base = rule_.nodes[field_node].a;
    return add({Op::enum_test, negated ? std::uint8_t{1} : std::uint8_t{0}, static_cast<std::uint16_t>(field), base, mask, 0},
               cost(base) + 1, source(e));
  }

  /// A constant compared with a field takes the field's representation: a string compared with a country
  /// becomes a country (two-byte compares), an integer compared with a decimal becomes a decimal.
  std::uint32_t as_country_const(std::uint32_t const_node, const Expr& other) {
    const Value& v = value(const_node);
    if (other.type.kind == TypeKind::country && v.kind == ValueKind::string && v.string.size() == 2) {
      return constant(Value::of_country(v.string), rule_.texts[rule_.nodes[const_node].text]);
    }
    if ((other.type.kind == TypeKind::decimal || other.type.kind == TypeKind::percent) && v.kind == ValueKind::integer) {
      return constant(Value::of_decimal(core::Decimal::from_int(v.integer)), rule_.texts[rule_.nodes[const_node].text]);
    }
    return const_node;
  }

  std::uint32_t compile_compare(const Expr& e) {
    BinaryOp op = e.binary_op;
    std::uint32_t l = compile(*e.operands.at(0));
    std::uint32_t r = compile(*e.operands.at(1));
    if (is_const(l) && is_const(r)) return constant(compare(op, value(l), value(r)), source(e));
    if (is_const(l)) {  // constant on the right
      std::swap(l, r);
      op = mirror(op);
      r = as_country_const(r, *e.operands.at(1));
    } else if (is_const(r)) {
      r = as_country_const(r, *e.operands.at(0));
    }
    if (is_const(r)) {
      const Value& v = value(r);
      if (auto field = enum_field(l); field && v.kind == ValueKind::string && (op == BinaryOp::eq || op == BinaryOp::ne)) {
        return enum_test(*field, l, enum_bit(*field, v.string), op == BinaryOp::ne, e);
      }
      return add({Op::compare_const, static_cast<std::uint8_t>(op), 0, l, rule_.nodes[r].a, 0}, cost(l) + 1, source(e));
    }
    return add({Op::compare, static_cast<std::uint8_t>(op), 0, l, r, 0}, cost(l) + cost(r) + 1, source(e));
  }

  std::uint32_t compile_membership(const Expr& e, std::uint32_t element, std::uint32_t collection, bool negated) {
    const auto neg = negated ? std::uint8_t{1} : std::uint8_t{0};
    if (is_const(collection)) {
      const Value& c = value(collection);
      if (c.kind == ValueKind::set && c.set->dated) {  // decided as of the subject's date: never folded
        rule_.sets.push_back(c.set);
        return add({Op::in_set, neg, 0, element, static_cast<std::uint32_t>(rule_.sets.size() - 1), 0},
                   cost(element) + 3, source(e));
      }
      if (c.kind == ValueKind::set) {
        if (is_const(element)) {
          const Value& x = value(element);
          return constant(x.is_missing() ? x : Value::of_bool(c.set->contains(x) != negated), source(e));
        }
        if (auto field = enum_field(element)) {
          std::uint32_t mask = 0;
          for (const Value& v : c.set->values) {
            if (v.kind == ValueKind::string) mask |= enum_bit(*field, v.string);
          }
          return enum_test(*field, element, mask, negated, e);
        }
        rule_.sets.push_back(c.set);
        return add({Op::in_set, neg, 0, element, static_cast<std::uint32_t>(rule_.sets.size() - 1), 0},
                   cost(element) + 2, source(e));
      }
    }
    return add({Op::in_collection, neg, 0, element, collection, 0}, cost(element) + cost(collection) + 4, source(e));
  }

  std::uint32_t compile_binary(const Expr& e) {
    const BinaryOp op = e.binary_op;
    switch (op) {
      case BinaryOp::logical_and:
      case BinaryOp::logical_or: return compile_logical(e);
      case BinaryOp::eq:
      case BinaryOp::ne:
      case BinaryOp::lt:
      case BinaryOp::le:
      case BinaryOp::gt:
      case BinaryOp::ge: return compile_compare(e);
      default: break;
    }
    const std::uint32_t l = compile(*e.operands.at(0));
    const std::uint32_t r = compile(*e.operands.at(1));
    const auto aux = static_cast<std::uint8_t>(op);
    switch (op) {
      case BinaryOp::add:
      case BinaryOp::sub:
      case BinaryOp::mul:
      case BinaryOp::div:
        if (is_const(l) && is_const(r)) return constant(arithmetic(op, value(l), value(r)), source(e));
        return add({Op::arithmetic, aux, 0, l, r, 0}, cost(l) + cost(r) + 1, source(e));
      case BinaryOp::in:
      case BinaryOp::not_in: return compile_membership(e, l, r, op == BinaryOp::not_in);
      case BinaryOp::contains:
        if (!(is_const(l) && value(l).kind == ValueKind::string)) {
          if (is_const(l) && value(l).kind == ValueKind::set) return compile_membership(e, r, l, false);
          if (e.operands.at(0)->type.is_collection()) return compile_membership(e, r, l, false);
        }
        [[fallthrough]];
      case BinaryOp::starts_with:
      case BinaryOp::ends_with:
        if (is_const(l) && is_const(r)) return constant(string_test(op, value(l), value(r)), source(e));
        return add({Op::string_test, aux, 0, l, r, 0}, cost(l) + cost(r) + 3, source(e));
      case BinaryOp::matches:
        if (is_const(r) && value(r).kind == ValueKind::string) {
          // An invalid pattern (null) evaluates to missing; the checker should report it. `lower(x) matches`
          // a set of plain texts is searched in x itself, ASCII letters folded, without lowering a copy of x
          // (the call's node is left unused; its operand is missing exactly when the call is, and is text
          // in the same way: text_of). The cost stays that of the call and the regex, so that the order of
          // and/or operands does not change.
          std::uint32_t text = l;
          std::unique_ptr<Regex> re;
          const Node& lhs = rule_.nodes[l];
          if (lhs.op == Op::call && static_cast<Builtin>(lhs.field) == Builtin::lower && lhs.b == 1) {
            re = Regex::make_lowered(value(r).string);
            if (re != nullptr) text = rule_.lists[lhs.a];
          }
          if (re == nullptr) re = Regex::make(value(r).string);
          state_.impl.regexes.push_back(std::move(re));
          rule_.regexes.push_back(state_.impl.regexes.back().get());
          return add({Op::matches, 0, 0, text, static_cast<std::uint32_t>(rule_.regexes.size() - 1), 0}, cost(l) + 20,
                     source(e));
        }
        return add({Op::matches_dynamic, 0, 0, l, r, 0}, cost(l) + cost(r) + 40, source(e));
      default: break;
    }
    SANX_ASSERT(false && "every binary operator is compiled");
    return 0;
  }

  std::uint32_t compile_quantifier(const Expr& e) {
    const std::uint32_t collection = compile(*e.operands.at(0));
    const std::uint32_t slot = rule_.quantifier_slots++;
    scope_.emplace_back(e.name.name, slot);
    const std::uint32_t body = compile(*e.operands.at(1));
    scope_.pop_back();
    return add({Op::quantifier, static_cast<std::uint8_t>(e.quantifier), 0, collection, body, slot},
               10 + cost(collection) + 4 * cost(body), source(e));
  }

  std::uint32_t compile_window(const Expr& e) {
    const ast::Window& w = *e.window;
    SANX_ASSERT(w.key >= 0 && "a checked window has a key");
    WindowSpec spec;
    spec.aggregate = w.aggregate;
    spec.direction = w.direction;
    spec.over = w.subject_kind.name == "shipment" ? SubjectKind::shipment : SubjectKind::payment;
    if (w.far) {  // `within near to far`: the window's far end, and its near end shifted off the subject
      spec.months = w.far->duration.months;
      spec.days = w.far->duration.days;
      spec.near_months = w.length.duration.months;
      spec.near_days = w.length.duration.days;
    } else {
      spec.months = w.length.duration.months;
      spec.days = w.length.duration.days;
    }
    spec.slot = rule_.quantifier_slots++;
    scope_.emplace_back(e.name.name, spec.slot);
    // The residual: the `where` without its key, which holds for every candidate the index lookup gives.
    const Expr& where = *e.operands.at(0);
    std::vector<const Expr*> conjuncts;
    flatten(where, BinaryOp::logical_and, conjuncts);
    SANX_ASSERT(static_cast<std::size_t>(w.key) < conjuncts.size());
    const Expr* key = conjuncts[static_cast<std::size_t>(w.key)];
    SANX_ASSERT(key->operands.size() == 2);
    spec.where = conjuncts.size() == 1 ? constant(Value::of_bool(true), source(where)) : compile_logical(where, key);
    if (e.operands.size() > 1) {
      spec.value = compile(*e.operands[1]);
      spec.decimal = e.operands[1]->type.kind == TypeKind::decimal;
    }
    spec.inner_key = compile(*key->operands[w.key_inner_left ? 0 : 1]);
    spec.outer_key = compile(*key->operands[w.key_inner_left ? 1 : 0]);
    spec.where = hoist(spec.where);
    if (spec.value) spec.value = hoist(*spec.value);
    scope_.pop_back();
    rule_.windows.push_back(spec);
    // Costed high: an index lookup and the residual condition on each candidate, after cheaper tests.
    return add({Op::window, static_cast<std::uint8_t>(w.aggregate), 0,
                static_cast<std::uint32_t>(rule_.windows.size() - 1), 0, 0},
               200 + cost(spec.where) + cost(spec.outer_key), source(e));
  }

  std::uint32_t compile_collection(const Expr& e) {
    std::vector<std::uint32_t> items;
    bool all_const = true;
    std::uint32_t total = 0;
    for (const auto& op : e.operands) {
      items.push_back(compile(*op));
      all_const = all_const && is_const(items.back());
      total += cost(items.back());
    }
    if (all_const) {
      ConstSet& set = state_.impl.sets.emplace_back();
      set.ordered_list = e.kind == ExprKind::list_literal;
      for (const std::uint32_t n : items) set.add(value(n), set.ordered_list);
      return constant(Value::of_set(&set), source(e));
    }
    return add({Op::list_literal, 0, 0, add_list(items), static_cast<std::uint32_t>(items.size()), 0}, total + 1,
               source(e));
  }

  PackState& state_;
  CompiledRule& rule_;
  const ast::RuleDecl* decl_;
  int file_;
  std::vector<std::pair<std::string, std::uint32_t>> scope_;  ///< quantifier variables, innermost last
  std::vector<std::optional<std::uint32_t>> let_nodes_;
};

std::string meta_text(const ast::MetaValue& v) {
  if (v.kind == ast::MetaValue::Kind::word) return v.word.name;
  if (v.kind == ast::MetaValue::Kind::literal && v.literal.kind == ast::LiteralKind::string) return v.literal.string;
  return {};
}

std::optional<SubjectKind> subject_of(std::string_view word) {
  if (word == "payment") return SubjectKind::payment;
  if (word == "shipment") return SubjectKind::shipment;
  if (word == "entity") return SubjectKind::entity;
  if (word == "relation") return SubjectKind::relation;
  return std::nullopt;
}

std::string namespace_of(const dsl::Pack& pack, const ast::File& file) {
  if (file.namespace_name) return file.namespace_name->name;
  if (file.source.value < pack.sources.size()) {
    return std::filesystem::path(pack.sources.path(file.source)).stem().string();
  }
  return {};
}

/// The meta that rules and typologies share: title, severity, pattern, status, regimes.
void read_shared_meta(const ast::MetaEntry& m, RuleSummary& summary, std::string& title,
                      std::vector<std::string>& regimes) {
  const std::string& key = m.key.name;
  if (key == "title") title = meta_text(m.value);
  if (key == "severity") summary.severity = meta_text(m.value);
  if (key == "pattern") summary.pattern = meta_text(m.value);
  if (key == "status") summary.status = meta_text(m.value);
  if (key == "regimes") {
    for (const ast::MetaValue& item : m.value.items) regimes.push_back(meta_text(item));
    if (m.value.kind != ast::MetaValue::Kind::list) regimes.push_back(meta_text(m.value));
  }
}

/// A rule's or typology's qualified name and subject kind into `summary`; the kind as the IR has it.
SubjectKind name_and_subject(const PackState& state, const ast::File& file, const std::string& name,
                             const std::string& subject_kind, RuleSummary& summary) {
  summary.name = namespace_of(state.pack, file) + "." + name;
  summary.subject_kind = subject_kind;
  const std::optional<SubjectKind> subject = subject_of(subject_kind);
  SANX_ASSERT(subject && "a checked rule or typology is on payment, shipment, entity or relation");
  return *subject;
}

/// Whether nodes `x` and `y` of `rule` are the same path of fields from the subject or from the same let:
/// then they have the same value whenever both are evaluated for one subject.
bool same_path(const compile::CompiledRule& rule, std::uint32_t x, std::uint32_t y) {
  for (;;) {
    const Node& a = rule.nodes[x];
    const Node& b = rule.nodes[y];
    if (a.op != b.op) return false;
    switch (a.op) {
      case Op::subject: return true;
      case Op::let_ref: return a.a == b.a;
      case Op::field:
        if (a.field != b.field || a.aux != b.aux || a.b != b.b || a.c != b.c) return false;
        x = a.a;
        y = b.a;
        continue;
      default: return x == y;
    }
  }
}

CompiledRule compile_rule(PackState& state, const ast::File& file, int file_index, const ast::RuleDecl& decl) {
  CompiledRule rule;
  rule.subject = name_and_subject(state, file, decl.name.name, decl.subject_kind.name, rule.summary);
  for (const ast::MetaEntry& m : decl.meta) {
    const std::string& key = m.key.name;
    read_shared_meta(m, rule.summary, rule.title, rule.regimes);
    if (key == "on_missing") rule.ignore_missing = meta_text(m.value) == "ignore";
    if ((key == "effective" || key == "expires") && m.value.kind == ast::MetaValue::Kind::literal &&
        m.value.literal.kind == ast::LiteralKind::date) {
      (key == "effective" ? rule.effective : rule.expires) = m.value.literal.date.days_since_epoch();
    }
  }
  RuleCompiler compiler(state, rule, &decl, file_index);
  rule.root = compiler.compile(*decl.when);
  for (const ast::TemplatePart& part : decl.reason) {
    if (part.expr) {
      rule.reason.push_back({{}, compiler.compile(*part.expr), std::nullopt});
    } else {
      rule.reason.push_back({part.text, std::nullopt, std::nullopt});
    }
  }
  compiler.collect_evidence(*decl.when);
  for (const ast::TemplatePart& part : decl.reason) {
    if (part.expr) compiler.collect_evidence(*part.expr);
  }
  for (ReasonPart& part : rule.reason) {
    for (std::uint32_t e = 0; part.node && !part.evidence && e < rule.evidence.size(); ++e) {
      if (same_path(rule, *part.node, rule.evidence[e].node)) part.evidence = e;
    }
  }
  return rule;
}

std::optional<core::Decimal> number_of(const ast::Literal& l) {
  if (l.kind == ast::LiteralKind::integer) return core::Decimal::from_int(l.integer);
  if (l.kind == ast::LiteralKind::decimal) return l.decimal;
  return std::nullopt;
}

/// `rule_index`: (file, rule in file) -> index in RuleSet::Impl::rules.
CompiledTypology compile_typology(const PackState& state, const ast::File& file, const ast::TypologyDecl& decl,
                                  const std::map<ConstKey, std::uint32_t>& rule_index) {
  CompiledTypology t;
  t.subject = name_and_subject(state, file, decl.name.name, decl.subject_kind.name, t.summary);
  for (const ast::MetaEntry& m : decl.meta) read_shared_meta(m, t.summary, t.title, t.regimes);
  for (const ast::TypologyWeight& w : decl.weights) {
    const auto it = rule_index.find({w.file, w.rule_index});
    const auto weight = number_of(w.weight);
    SANX_ASSERT(it != rule_index.end() && weight && "a checked typology weighs known rules by numbers");
    t.weights.push_back({it->second, *weight});
  }
  for (const ast::TypologyBand& b : decl.bands) {
    const auto low = number_of(b.low);
    SANX_ASSERT(low && "a checked band has numeric ends");
    t.bands.push_back({*low, b.high ? number_of(*b.high) : std::nullopt, b.resolved});
  }
  std::stable_sort(t.bands.begin(), t.bands.end(), [](const auto& a, const auto& b) { return a.low < b.low; });
  return t;
}

/// FNV-1a, 64 bits: the digest identifies a compiled pack, it is not a security measure.
struct Fnv {
  std::uint64_t h = 14695981039346656037ULL;
  void add(std::string_view s) {
    for (const char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xFF;  // separator
    h *= 1099511628211ULL;
  }
};

}  // namespace

RuleSet compile(const dsl::Pack& checked) {
  auto impl = std::make_unique<RuleSet::Impl>();
  PackState state{checked, *impl, {}, {}, {}};
  Fnv digest;
  digest.add("sanx-ir-1");
  std::map<ConstKey, std::uint32_t> rule_index;
  for (std::size_t f = 0; f < checked.files.size(); ++f) {
    const ast::File& file = checked.files[f];
    for (std::size_t r = 0; r < file.rules.size(); ++r) {
      const ast::RuleDecl& decl = file.rules[r];
      rule_index.emplace(ConstKey{static_cast<int>(f), static_cast<int>(r)}, static_cast<std::uint32_t>(impl->rules.size()));
      impl->rules.push_back(compile_rule(state, file, static_cast<int>(f), decl));
      impl->summaries.push_back(impl->rules.back().summary);
      digest.add(impl->rules.back().summary.name);
      if (decl.span.end > decl.span.begin && decl.span.file.value < checked.sources.size()) {
        digest.add(checked.sources.text(decl.span));
      }
    }
    for (const ast::ConstDecl& c : file.consts) {
      if (c.span.end > c.span.begin && c.span.file.value < checked.sources.size()) digest.add(checked.sources.text(c.span));
    }
    for (const ast::SetDecl& s : file.sets) {  // table sets: the loaded values count, not the path
      digest.add(s.name.name);
      for (const std::string& v : s.values) digest.add(v);
      for (const ast::ValuePeriod& p : s.periods) {
        digest.add(fmt::format("{}:{}:{}", p.value, p.from ? p.from->to_string() : "", p.to ? p.to->to_string() : ""));
      }
    }
  }
  for (const ast::File& file : checked.files) {
    for (const ast::TypologyDecl& decl : file.typologies) {
      impl->typologies.push_back(compile_typology(state, file, decl, rule_index));
      impl->typology_summaries.push_back(impl->typologies.back().summary);
      digest.add(impl->typologies.back().summary.name);
      if (decl.span.end > decl.span.begin && decl.span.file.value < checked.sources.size()) {
        digest.add(checked.sources.text(decl.span));
      }
    }
  }
  impl->digest = fmt::format("{:016x}", digest.h);
  return RuleSet(std::move(impl));
}

}  // namespace sanx::compile
