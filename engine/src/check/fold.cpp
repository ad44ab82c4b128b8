#include "check/fold.hpp"

#include "check/regex.hpp"

#include "sanx/core/text.hpp"

namespace sanx::check::detail {
namespace {

namespace ast = dsl::ast;
using Kind = Value::Kind;
using Folded = std::optional<Value>;

Value missing() { return Value{}; }

Value boolean(bool b) {
  Value v;
  v.kind = Kind::boolean;
  v.boolean = b;
  return v;
}

Value number(const core::Decimal& d) {
  Value v;
  v.kind = Kind::number;
  v.number = d;
  return v;
}

Value string(std::string s) {
  Value v;
  v.kind = Kind::string;
  v.text = std::move(s);
  return v;
}

Value from_literal(const ast::Literal& l) {
  Value v;
  switch (l.kind) {
    case ast::LiteralKind::boolean: return boolean(l.boolean);
    case ast::LiteralKind::integer: return number(core::Decimal::from_int(l.integer));
    case ast::LiteralKind::decimal:
    case ast::LiteralKind::percent: return number(l.decimal);
    case ast::LiteralKind::string: return string(l.string);
    case ast::LiteralKind::date:
      v.kind = Kind::date;
      v.date = l.date;
      return v;
    case ast::LiteralKind::duration:
      v.kind = Kind::duration;
      v.duration = l.duration;
      return v;
  }
  return v;
}

/// Equality of two known, non-missing values; nullopt when they cannot be compared here.
std::optional<bool> equal(const Value& a, const Value& b) {
  if (a.kind != b.kind) return std::nullopt;
  switch (a.kind) {
    case Kind::boolean: return a.boolean == b.boolean;
    case Kind::number: return a.number == b.number;
    case Kind::string: return a.text == b.text;
    case Kind::date: return a.date == b.date;
    case Kind::duration:
      if ((a.duration.months != 0 && a.duration.days != 0) || (b.duration.months != 0 && b.duration.days != 0)) {
        return std::nullopt;
      }
      return a.duration == b.duration;
    case Kind::missing:
    case Kind::list: return std::nullopt;
  }
  return std::nullopt;
}

/// -1, 0, 1; nullopt when the values have no order known here (months against days, partial dates).
std::optional<int> compare(const Value& a, const Value& b) {
  auto sign = [](auto c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); };
  if (a.kind != b.kind) return std::nullopt;
  switch (a.kind) {
    case Kind::number: return sign(a.number <=> b.number);
    case Kind::string: return sign(a.text.compare(b.text));
    case Kind::date:
      if (!a.date.is_full() || !b.date.is_full()) return std::nullopt;
      return sign(a.date <=> b.date);
    case Kind::duration:
      if (a.duration.months == 0 && b.duration.months == 0) return sign(a.duration.days <=> b.duration.days);
      if (a.duration.days == 0 && b.duration.days == 0) return sign(a.duration.months <=> b.duration.months);
      return std::nullopt;
    case Kind::missing:
    case Kind::boolean:
    case Kind::list: return std::nullopt;
  }
  return std::nullopt;
}

Folded fold_set_decl(const ast::SetDecl& set, const FoldEnv& env) {
  Value v;
  v.kind = Kind::list;
  if (set.table) {
    if (env.row == nullptr) return std::nullopt;
    for (const auto& s : set.values) v.items.push_back(string(s));
    return v;
  }
  for (const auto& e : set.elements) {
    auto item = fold(*e, env);
    if (!item) return std::nullopt;
    v.items.push_back(std::move(*item));
  }
  return v;
}

Folded fold_name(const ast::Expr& e, const FoldEnv& env) {
  const auto& r = e.resolved;
  switch (r.kind) {
    case ast::ResolvedKind::none:
      // Inside a table's `where`, a name resolved to nothing is a column: index is its position.
      if (env.row == nullptr || r.index < 0 || static_cast<std::size_t>(r.index) >= env.row->size()) return std::nullopt;
      if ((*env.row)[static_cast<std::size_t>(r.index)].empty()) return missing();
      return string(std::string((*env.row)[static_cast<std::size_t>(r.index)]));
    case ast::ResolvedKind::constant:
      return fold(*env.pack->files.at(static_cast<std::size_t>(r.file)).consts.at(static_cast<std::size_t>(r.index)).value,
                  env);
    case ast::ResolvedKind::set:
      return fold_set_decl(env.pack->files.at(static_cast<std::size_t>(r.file)).sets.at(static_cast<std::size_t>(r.index)),
                           env);
    default: return std::nullopt;
  }
}

Folded logical(ast::BinaryOp op, const Folded& a, const Folded& b) {
  const bool is_and = op == ast::BinaryOp::logical_and;
  auto decisive = [&](const Folded& x) { return x && x->kind == Kind::boolean && x->boolean != is_and; };
  if (decisive(a) || decisive(b)) return boolean(!is_and);
  if (!a || !b) return std::nullopt;
  if (a->kind == Kind::boolean && b->kind == Kind::boolean) return boolean(is_and);
  return missing();
}

Folded membership(const Value& element, const Value& collection) {
  if (collection.kind != Kind::list) return std::nullopt;
  for (const auto& item : collection.items) {
    const auto eq = equal(element, item);
    if (!eq) return std::nullopt;
    if (*eq) return boolean(true);
  }
  return boolean(false);
}

Folded arithmetic(ast::BinaryOp op, const Value& a, const Value& b) {
  using ast::BinaryOp;
  if (a.kind == Kind::number && b.kind == Kind::number) {
    std::optional<core::Decimal> r;
    if (op == BinaryOp::add) r = a.number.add(b.number);
    if (op == BinaryOp::sub) r = a.number.subtract(b.number);
    if (r) return number(*r);
    return std::nullopt;
  }
  if (a.kind == Kind::date && b.kind == Kind::date && op == BinaryOp::sub && a.date.is_full() && b.date.is_full()) {
    Value v;
    v.kind = Kind::duration;
    v.duration.days = a.date.days_since_epoch() - b.date.days_since_epoch();
    return v;
  }
  if (a.kind == Kind::date && b.kind == Kind::duration && b.duration.months == 0 && a.date.is_full() &&
      (op == BinaryOp::add || op == BinaryOp::sub)) {
    Value v;
    v.kind = Kind::date;
    const std::int32_t delta = op == BinaryOp::add ? b.duration.days : -b.duration.days;
    v.date = core::Date::from_days_since_epoch(a.date.days_since_epoch() + delta);
    return v;
  }
  return std::nullopt;
}

Folded fold_binary(const ast::Expr& e, const FoldEnv& env) {
  using ast::BinaryOp;
  const auto op = e.binary_op;
  Folded a = fold(*e.operands[0], env);
  Folded b = fold(*e.operands[1], env);
  if (op == BinaryOp::logical_and || op == BinaryOp::logical_or) return logical(op, a, b);
  if (!a || !b) return std::nullopt;
  if (a->kind == Kind::missing || b->kind == Kind::missing) return missing();
  switch (op) {
    case BinaryOp::eq:
    case BinaryOp::ne: {
      const auto eq = equal(*a, *b);
      if (!eq) return std::nullopt;
      return boolean(op == BinaryOp::eq ? *eq : !*eq);
    }
    case BinaryOp::lt:
    case BinaryOp::le:
    case BinaryOp::gt:
    case BinaryOp::ge: {
      const auto c = compare(*a, *b);
      if (!c) return std::nullopt;
      if (op == BinaryOp::lt) return boolean(*c < 0);
      if (op == BinaryOp::le) return boolean(*c <= 0);
      if (op == BinaryOp::gt) return boolean(*c > 0);
      return boolean(*c >= 0);
    }
    case BinaryOp::add:
    case BinaryOp::sub:
    case BinaryOp::mul:
    case BinaryOp::div: return arithmetic(op, *a, *b);
    case BinaryOp::in:
    case BinaryOp::not_in: {
      auto r = membership(*a, *b);
      if (r && op == BinaryOp::not_in) r->boolean = !r->boolean;
      return r;
    }
    case BinaryOp::contains:
      if (a->kind == Kind::string && b->kind == Kind::string) {
        return boolean(a->text.find(b->text) != std::string::npos);
      }
      return membership(*b, *a);
    case BinaryOp::starts_with:
    case BinaryOp::ends_with: {
      if (a->kind != Kind::string || b->kind != Kind::string) return std::nullopt;
      const std::string_view s = a->text;
      const std::string_view affix = b->text;
      if (affix.size() > s.size()) return boolean(false);
      return boolean(op == BinaryOp::starts_with ? s.substr(0, affix.size()) == affix
                                                 : s.substr(s.size() - affix.size()) == affix);
    }
    case BinaryOp::matches: {
      if (a->kind != Kind::string || b->kind != Kind::string) return std::nullopt;
      const auto found = regex_search(a->text, b->text);  // an invalid regex was reported (E0208)
      if (!found) return std::nullopt;
      return boolean(*found);
    }
    case BinaryOp::logical_and:
    case BinaryOp::logical_or: break;
  }
  return std::nullopt;
}

Folded fold_call(const ast::Expr& e, const FoldEnv& env) {
  if (e.resolved.kind != ast::ResolvedKind::builtin) return std::nullopt;
  std::vector<Value> args;
  for (const auto& arg : e.operands) {
    auto v = fold(*arg, env);
    if (!v) return std::nullopt;
    args.push_back(std::move(*v));
  }
  const std::string_view name = e.name.name;
  if (name == "coalesce" && args.size() == 2) return args[0].kind == Kind::missing ? args[1] : args[0];
  if (args.size() != 1) return std::nullopt;
  const Value& x = args[0];
  if (x.kind == Kind::missing) return missing();
  if (name == "lower" && x.kind == Kind::string) return string(core::to_lower_ascii(x.text));
  if (name == "upper" && x.kind == Kind::string) return string(core::to_upper_ascii(x.text));
  if (name == "len" && x.kind == Kind::string) {
    return number(core::Decimal::from_int(static_cast<std::int64_t>(core::count_code_points(x.text))));
  }
  if (name == "len" && x.kind == Kind::list) {
    return number(core::Decimal::from_int(static_cast<std::int64_t>(x.items.size())));
  }
  if (name == "bic_country" && x.kind == Kind::string && x.text.size() >= 6) return string(x.text.substr(4, 2));
  return std::nullopt;
}

}  // namespace

std::optional<Value> fold(const ast::Expr& e, const FoldEnv& env) {
  if (e.type.kind == dsl::TypeKind::error) return std::nullopt;
  switch (e.kind) {
    case ast::ExprKind::literal: return from_literal(e.literal);
    case ast::ExprKind::name: return fold_name(e, env);
    case ast::ExprKind::field:
      // `ns.NAME` is resolved on the field node itself.
      if (e.resolved.kind == ast::ResolvedKind::constant || e.resolved.kind == ast::ResolvedKind::set) {
        return fold_name(e, env);
      }
      return std::nullopt;
    case ast::ExprKind::call: return fold_call(e, env);
    case ast::ExprKind::unary: {
      auto v = fold(*e.operands[0], env);
      if (!v || v->kind == Kind::missing) return v;
      if (e.unary_op == ast::UnaryOp::logical_not && v->kind == Kind::boolean) return boolean(!v->boolean);
      if (e.unary_op == ast::UnaryOp::negate && v->kind == Kind::number) {
        auto r = core::Decimal::from_int(0).subtract(v->number);
        if (r) return number(*r);
      }
      return std::nullopt;
    }
    case ast::ExprKind::binary: return fold_binary(e, env);
    case ast::ExprKind::is_missing: {
      auto v = fold(*e.operands[0], env);
      if (!v) return std::nullopt;
      return boolean((v->kind == Kind::missing) != e.negated);
    }
    case ast::ExprKind::quantifier:
    case ast::ExprKind::window: return std::nullopt;
    case ast::ExprKind::set_literal:
    case ast::ExprKind::list_literal: {
      Value v;
      v.kind = Kind::list;
      for (const auto& item : e.operands) {
        auto x = fold(*item, env);
        if (!x) return std::nullopt;
        v.items.push_back(std::move(*x));
      }
      return v;
    }
  }
  return std::nullopt;
}

std::string value_text(const Value& v) {
  switch (v.kind) {
    case Kind::missing: return {};
    case Kind::boolean: return v.boolean ? "true" : "false";
    case Kind::number: return v.number.to_string();
    case Kind::string: return v.text;
    case Kind::date: return v.date.to_string();
    case Kind::duration: {
      std::string s;
      if (v.duration.months != 0) s += std::to_string(v.duration.months) + "mo";
      if (v.duration.days != 0 || s.empty()) s += std::to_string(v.duration.days) + "d";
      return s;
    }
    case Kind::list: {
      std::string s;
      for (const auto& item : v.items) {
        if (!s.empty()) s += ',';
        s += value_text(item);
      }
      return s;
    }
  }
  return {};
}

}  // namespace sanx::check::detail
