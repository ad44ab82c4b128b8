// Rule definitions of the rule-file grammar (docs/dsl.md, "Grammar"). Structured like Boost's
// rexpr_full / calc9 examples: rule objects with IDs here, BOOST_SPIRIT_DEFINE at the end, one
// instantiation in grammar.cpp.
//
// Every expectation target (the right of `>`) is a named rule, so an expectation failure reads
// "expected `}` to close rule" or "expected an expression", never a mangled type name. Expression rules
// build Node trees with semantic actions attached to whole sequences (an action on the right of `>` would
// hide the rule's name); declaration rules fill fusion-adapted structs by attribute propagation. Spans
// come from annotate_span::on_success, which X3 calls with the rule's bytes after leading whitespace
// (`_where` in Boost 1.74 does not give the matched bytes).
#pragma once

#include <cstddef>
#include <utility>

#include <boost/fusion/include/at_c.hpp>
#include <boost/spirit/home/x3.hpp>

#include "dsl/grammar/ast_adapted.hpp"
#include "dsl/grammar/config.hpp"
#include "dsl/grammar/grammar.hpp"
#include "sanx/dsl/ast.hpp"

namespace sanx::dsl::grammar {
namespace parser {

namespace ascii = x3::ascii;
using boost::fusion::at_c;
using x3::attr;
using x3::lexeme;
using x3::lit;
using x3::raw;

// ---------------------------------------------------------------------------------------------------
// Semantic actions

namespace actions {

using Range = boost::iterator_range<iterator_type>;

inline Node binary(Node lhs, Node rhs, int op) {
  Node n;
  n.kind = NodeKind::binary;
  n.op = op;
  n.begin = lhs.begin;
  n.end = rhs.end;
  n.children.push_back(std::move(lhs));
  n.children.push_back(std::move(rhs));
  return n;
}

auto const assign = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };

/// A token node whose text is the matched bytes: names and literals.
inline auto token(NodeKind kind) {
  return [kind](auto& ctx) {
    Range const& range = x3::_attr(ctx);
    Node n;
    n.kind = kind;
    n.text.assign(range.begin(), range.end());
    n.name_begin = range.begin();
    n.name_end = range.end();
    x3::_val(ctx) = std::move(n);
  };
}

inline auto boolean(bool value) {
  return [value](auto& ctx) {
    Node n;
    n.kind = NodeKind::boolean;
    n.op = value ? 1 : 0;
    n.text = value ? "true" : "false";
    x3::_val(ctx) = std::move(n);
  };
}

/// `lhs op rhs` with a fixed operator: _attr is the right operand.
inline auto fold(ast::BinaryOp op) {
  return [op](auto& ctx) {
    Node& value = x3::_val(ctx);
    value = binary(std::move(value), std::move(x3::_attr(ctx)), static_cast<int>(op));
  };
}

/// `lhs op rhs` with a parsed operator: _attr is (operator, right operand).
auto const fold_parsed = [](auto& ctx) {
  auto& parsed = x3::_attr(ctx);
  Node& value = x3::_val(ctx);
  value = binary(std::move(value), std::move(at_c<1>(parsed)), at_c<0>(parsed));
};

inline auto unary(ast::UnaryOp op) {
  return [op](auto& ctx) {
    Node n;
    n.kind = NodeKind::unary;
    n.op = static_cast<int>(op);
    n.children.push_back(std::move(x3::_attr(ctx)));
    x3::_val(ctx) = std::move(n);
  };
}

/// `operand is [not] missing`: _attr says whether `not` was written.
auto const is_missing = [](auto& ctx) {
  Node& value = x3::_val(ctx);
  Node n;
  n.kind = NodeKind::is_missing;
  n.negated = x3::_attr(ctx);
  n.begin = value.begin;
  n.children.push_back(std::move(value));
  value = std::move(n);
};

/// `operand . name`: _attr is the field name.
auto const field = [](auto& ctx) {
  Node& value = x3::_val(ctx);
  Node& name = x3::_attr(ctx);
  Node n;
  n.kind = NodeKind::field;
  n.text = std::move(name.text);
  n.name_begin = name.begin;
  n.name_end = name.end;
  n.begin = value.begin;
  n.end = name.end;
  n.children.push_back(std::move(value));
  value = std::move(n);
};

/// `name ( arguments )`: _attr is (name, arguments).
auto const call = [](auto& ctx) {
  auto& parsed = x3::_attr(ctx);
  Node& name = at_c<0>(parsed);
  Node n;
  n.kind = NodeKind::call;
  n.text = std::move(name.text);
  n.name_begin = name.begin;
  n.name_end = name.end;
  n.children = std::move(at_c<1>(parsed));
  x3::_val(ctx) = std::move(n);
};

inline auto collection(NodeKind kind) {
  return [kind](auto& ctx) {
    Node n;
    n.kind = kind;
    n.children = std::move(x3::_attr(ctx));
    x3::_val(ctx) = std::move(n);
  };
}

/// `any x in collection : body`: _attr is (kind, variable, collection, body).
auto const quantifier = [](auto& ctx) {
  auto& parsed = x3::_attr(ctx);
  Node& variable = at_c<1>(parsed);
  Node n;
  n.kind = NodeKind::quantifier;
  n.op = at_c<0>(parsed);
  n.text = std::move(variable.text);
  n.name_begin = variable.begin;
  n.name_end = variable.end;
  n.children.push_back(std::move(at_c<2>(parsed)));
  n.children.push_back(std::move(at_c<3>(parsed)));
  x3::_val(ctx) = std::move(n);
};

/// A window aggregate. `count kind x where cond within length direction`: _attr is (kind, x, cond, length,
/// direction); the other aggregates add the kind in front and the value after it:
/// (aggregate, value, kind, x, cond, length, direction).
inline Node window(int aggregate, Node value, Node kind, Node variable, Node where, Node length, Node far,
                   Node direction) {
  Node n;
  n.kind = NodeKind::window;
  n.op = aggregate;
  n.text = std::move(variable.text);
  n.name_begin = variable.begin;
  n.name_end = variable.end;
  n.children.push_back(std::move(kind));
  n.children.push_back(std::move(where));
  n.children.push_back(std::move(length));
  n.children.push_back(std::move(far));
  n.children.push_back(std::move(direction));
  if (value.kind != NodeKind::none) n.children.push_back(std::move(value));
  return n;
}

/// The far end of `within near to far`, or a node of kind none.
inline Node far_end(boost::optional<Node>& far) { return far ? std::move(*far) : Node{}; }

auto const count_window = [](auto& ctx) {
  auto& p = x3::_attr(ctx);
  x3::_val(ctx) = window(static_cast<int>(ast::AggregateKind::count), Node{}, std::move(at_c<0>(p)),
                         std::move(at_c<1>(p)), std::move(at_c<2>(p)), std::move(at_c<3>(p)), far_end(at_c<4>(p)),
                         std::move(at_c<5>(p)));
};

auto const value_window = [](auto& ctx) {
  auto& p = x3::_attr(ctx);
  x3::_val(ctx) = window(at_c<0>(p), std::move(at_c<1>(p)), std::move(at_c<2>(p)), std::move(at_c<3>(p)),
                         std::move(at_c<4>(p)), std::move(at_c<5>(p)), far_end(at_c<6>(p)), std::move(at_c<7>(p)));
};

/// `table "path" column name [where expr]`: _attr is (path, column, optional where).
auto const table = [](auto& ctx) {
  auto& parsed = x3::_attr(ctx);
  Node n;
  n.kind = NodeKind::table;
  n.children.push_back(std::move(at_c<0>(parsed)));
  n.children.push_back(std::move(at_c<1>(parsed)));
  if (at_c<2>(parsed)) n.children.push_back(std::move(*at_c<2>(parsed)));
  x3::_val(ctx) = std::move(n);
};

}  // namespace actions

// ---------------------------------------------------------------------------------------------------
// Lexical helpers

auto const word_char = ascii::alnum | lit('_');

/// A keyword: the word, not followed by a character that would continue an identifier.
template <std::size_t N>
constexpr auto kw(char const (&word)[N]) {
  return lexeme[lit(word) >> !word_char];
}

struct KeywordTable : x3::symbols<int> {
  KeywordTable() {
    for (const char* word : {"namespace", "import", "const", "set", "table", "column", "where", "rule", "meta",
                             "on", "let", "when", "reason", "and", "or", "not", "in", "contains", "starts_with",
                             "ends_with", "matches", "is", "missing", "any", "all", "none", "true", "false",
                             "typology"}) {
      add(word, 0);
    }
  }
};
KeywordTable const keyword_table;
auto const keyword = lexeme[keyword_table >> !word_char];

struct CompareTable : x3::symbols<int> {
  CompareTable() {
    add("==", static_cast<int>(ast::BinaryOp::eq))("!=", static_cast<int>(ast::BinaryOp::ne))(
        "<", static_cast<int>(ast::BinaryOp::lt))("<=", static_cast<int>(ast::BinaryOp::le))(
        ">", static_cast<int>(ast::BinaryOp::gt))(">=", static_cast<int>(ast::BinaryOp::ge));
  }
};
CompareTable const compare_table;

constexpr int op(ast::BinaryOp o) { return static_cast<int>(o); }
constexpr int op(ast::QuantifierKind q) { return static_cast<int>(q); }
constexpr int op(ast::AggregateKind a) { return static_cast<int>(a); }

// ---------------------------------------------------------------------------------------------------
// Rule IDs and objects

#define SANX_RULE(name, attribute, label, base)   \
  struct name##_class : base {};                  \
  x3::rule<name##_class, attribute> const name = label;

struct no_handler {};

// Punctuation and keywords that are expected somewhere (their names are the error messages).
SANX_RULE(equals, x3::unused_type, "`=`", no_handler)
SANX_RULE(colon, x3::unused_type, "`:`", no_handler)
SANX_RULE(lbrace, x3::unused_type, "`{`", no_handler)
SANX_RULE(rule_end, x3::unused_type, kExpectedRuleEnd, no_handler)
SANX_RULE(meta_end, x3::unused_type, "`}` to close `meta`", no_handler)
SANX_RULE(set_end, x3::unused_type, "`}` to close the set", no_handler)
SANX_RULE(list_end, x3::unused_type, "`]` to close the list", no_handler)
SANX_RULE(paren_end, x3::unused_type, "`)`", no_handler)
SANX_RULE(call_end, x3::unused_type, "`)` to close the argument list", no_handler)
SANX_RULE(string_end, x3::unused_type, kExpectedStringEnd, no_handler)
SANX_RULE(kw_on, x3::unused_type, "`on`", no_handler)
SANX_RULE(kw_when, x3::unused_type, "`let` or `when`", no_handler)
SANX_RULE(kw_in, x3::unused_type, "`in`", no_handler)
SANX_RULE(kw_column, x3::unused_type, "`column`", no_handler)
SANX_RULE(kw_missing, x3::unused_type, "`missing`", no_handler)
SANX_RULE(kw_where, x3::unused_type, "`where`", no_handler)
SANX_RULE(kw_over, x3::unused_type, "`over`", no_handler)
SANX_RULE(kw_within, x3::unused_type, "`within`", no_handler)
SANX_RULE(typology_end, x3::unused_type, kExpectedTypologyEnd, no_handler)
SANX_RULE(band_open, x3::unused_type, "`[` to open the band", no_handler)
SANX_RULE(band_comma, x3::unused_type, "`,`", no_handler)
SANX_RULE(band_close, x3::unused_type, "`)` to close the band (bands are half-open: `[low, high)`)", no_handler)
SANX_RULE(band_arrow, x3::unused_type, "`->`", no_handler)

// Names, each named after its role.
SANX_RULE(identifier, Node, "an identifier", annotate_span)
SANX_RULE(identifier_body, Node, "an identifier", no_handler)
SANX_RULE(namespace_name, Node, "a namespace name", no_handler)
SANX_RULE(rule_name, Node, "a rule name", no_handler)
SANX_RULE(const_name, Node, "a constant name", no_handler)
SANX_RULE(set_name, Node, "a set name", no_handler)
SANX_RULE(type_name, Node, "an element type", no_handler)
SANX_RULE(column_name, Node, "a column name", no_handler)
SANX_RULE(subject_kind, Node, "a subject kind (`payment`, `shipment`, `entity` or `relation`)", no_handler)
SANX_RULE(subject_name, Node, "a name for the subject", no_handler)
SANX_RULE(let_name, Node, "a name for the binding", no_handler)
SANX_RULE(bound_name, Node, "a variable name", no_handler)
SANX_RULE(field_name, Node, "a field name", no_handler)
SANX_RULE(meta_key, Node, "a meta key", no_handler)
SANX_RULE(typology_name, Node, "a typology name", no_handler)
SANX_RULE(rule_ref, Node, "a rule name (`rule` or `namespace.rule`)", annotate_span)
SANX_RULE(rule_ref_body, Node, "a rule name (`rule` or `namespace.rule`)", no_handler)
SANX_RULE(band_outcome, Node, "an outcome (`clear`, `review` or `block`)", no_handler)

// Literals.
SANX_RULE(date_literal, Node, "a date", annotate_span)
SANX_RULE(date_literal_body, Node, "a date", no_handler)
SANX_RULE(number_literal, Node, "a number", annotate_span)
SANX_RULE(number_literal_body, Node, "a number", no_handler)
SANX_RULE(string_literal, Node, "a string", annotate_span)
SANX_RULE(string_literal_body, Node, "a string", no_handler)
SANX_RULE(bool_literal, Node, "`true` or `false`", annotate_span)
SANX_RULE(bool_literal_body, Node, "`true` or `false`", no_handler)
SANX_RULE(literal, Node, "a literal", no_handler)
SANX_RULE(import_path, Node, "a string (the file to import)", no_handler)
SANX_RULE(table_path, Node, "a string (the table's file)", no_handler)
SANX_RULE(reason_text, Node, "a string (the reason)", no_handler)

// Expressions: all named "an expression", which is what a reader expects to be told is missing.
SANX_RULE(expr, Node, "an expression", annotate_span)
SANX_RULE(or_expr, Node, "an expression", annotate_span)
SANX_RULE(or_expr_body, Node, "an expression", no_handler)
SANX_RULE(and_expr, Node, "an expression", annotate_span)
SANX_RULE(and_expr_body, Node, "an expression", no_handler)
SANX_RULE(not_expr, Node, "an expression", annotate_span)
SANX_RULE(not_expr_body, Node, "an expression", no_handler)
SANX_RULE(test, Node, "an expression", annotate_span)
SANX_RULE(test_body, Node, "an expression", no_handler)
SANX_RULE(sum, Node, "an expression", annotate_span)
SANX_RULE(sum_body, Node, "an expression", no_handler)
SANX_RULE(product, Node, "an expression", annotate_span)
SANX_RULE(product_body, Node, "an expression", no_handler)
SANX_RULE(unary, Node, "an expression", annotate_span)
SANX_RULE(unary_body, Node, "an expression", no_handler)
SANX_RULE(postfix, Node, "an expression", annotate_span)
SANX_RULE(postfix_body, Node, "an expression", no_handler)
SANX_RULE(primary, Node, "an expression", annotate_span)
SANX_RULE(call, Node, "an expression", annotate_span)
SANX_RULE(call_body, Node, "an expression", no_handler)
SANX_RULE(name_ref, Node, "an expression", no_handler)
SANX_RULE(paren, Node, "an expression", no_handler)
SANX_RULE(set_literal, Node, "a set", annotate_span)
SANX_RULE(set_literal_body, Node, "a set", no_handler)
SANX_RULE(list_literal, Node, "a list", annotate_span)
SANX_RULE(list_literal_body, Node, "a list", no_handler)
SANX_RULE(quantifier, Node, "an expression", annotate_span)
SANX_RULE(quantifier_body, Node, "an expression", no_handler)
SANX_RULE(arguments, std::vector<Node>, "a list of expressions", no_handler)
SANX_RULE(compare_op, int, "a comparison", no_handler)
SANX_RULE(add_op, int, "`+` or `-`", no_handler)
SANX_RULE(mul_op, int, "`*` or `/`", no_handler)
SANX_RULE(window, Node, "an expression", annotate_span)
SANX_RULE(window_body, Node, "an expression", no_handler)
SANX_RULE(count_head, x3::unused_type, "`count`", no_handler)
SANX_RULE(aggregate_head, int, "`sum`, `distinct`, `min` or `max`", no_handler)
SANX_RULE(window_kind, Node, "a subject kind (`payment` or `shipment`)", no_handler)
SANX_RULE(window_length, Node, "a duration (`30d`, `4w`, `18mo`)", no_handler)
SANX_RULE(window_far, Node, "a duration (`30d`, `4w`, `18mo`)", no_handler)
SANX_RULE(window_direction, Node, "`before`, `after` or `around`", annotate_span)
SANX_RULE(window_direction_body, Node, "`before`, `after` or `around`", no_handler)
SANX_RULE(quantifier_kind, int, "`any`, `all` or `none`", no_handler)
SANX_RULE(missing_tail, bool, "`missing` or `not missing`", no_handler)

// Declarations and their parts.
SANX_RULE(meta_block, std::vector<MetaEntry>, "a `meta` block", no_handler)
SANX_RULE(meta_entry, MetaEntry, "a meta entry", no_handler)
SANX_RULE(meta_value, Node, "a value (a literal, a word or a list)", no_handler)
SANX_RULE(meta_list, Node, "a list", annotate_span)
SANX_RULE(meta_list_body, Node, "a list", no_handler)
SANX_RULE(meta_items, std::vector<Node>, "a list of values", no_handler)
SANX_RULE(let_binding, LetBinding, "a `let` binding", no_handler)
SANX_RULE(set_source, Node, "a set `{`...`}` or a `table`", no_handler)
SANX_RULE(table_source, Node, "a `table`", annotate_span)
SANX_RULE(table_source_body, Node, "a `table`", no_handler)
SANX_RULE(weight_entry, TypologyWeight, "a `weight` entry", no_handler)
SANX_RULE(weight_value, Node, "a number (the rule's weight)", no_handler)
SANX_RULE(band_entry, TypologyBand, "a `band`", no_handler)
SANX_RULE(weight_list, std::vector<TypologyWeight>, "a `weight` entry", no_handler)
SANX_RULE(band_list, std::vector<TypologyBand>, "a `band`", no_handler)
SANX_RULE(band_low, Node, "a number (the band's low end)", no_handler)
SANX_RULE(band_high, Node, "a number or `..` (the band's high end)", no_handler)

#undef SANX_RULE

// Entry rules: declared in grammar.hpp; their IDs carry the error handler.
struct namespace_decl_class : error_handler_base {};
struct import_decl_class : error_handler_base {};
struct const_decl_class : error_handler_base {};
struct set_decl_class : error_handler_base {};
struct rule_decl_class : error_handler_base {};
struct typology_decl_class : error_handler_base {};
struct template_expr_class : error_handler_base, annotate_span {};

namespace_decl_type const namespace_decl = "a `namespace` declaration";
import_decl_type const import_decl = "an `import` declaration";
const_decl_type const const_decl = "a `const` declaration";
set_decl_type const set_decl = "a `set` declaration";
rule_decl_type const rule_decl = "a rule";
typology_decl_type const typology_decl = "a typology";
template_expr_type const template_expr = "an expression";

// ---------------------------------------------------------------------------------------------------
// Definitions

auto const equals_def = lit('=') >> !lit('=');
auto const colon_def = lit(':');
auto const lbrace_def = lit('{');
auto const rule_end_def = lit('}');
auto const meta_end_def = lit('}');
auto const set_end_def = lit('}');
auto const list_end_def = lit(']');
auto const paren_end_def = lit(')');
auto const call_end_def = lit(')');
auto const string_end_def = lit('"');
auto const kw_on_def = kw("on");
auto const kw_when_def = kw("when");
auto const kw_in_def = kw("in");
auto const kw_column_def = kw("column");
auto const kw_missing_def = kw("missing");
auto const kw_where_def = kw("where");
auto const kw_over_def = kw("over");
auto const kw_within_def = kw("within");
auto const typology_end_def = lit('}');
auto const band_open_def = lit('[');
auto const band_comma_def = lit(',');
auto const band_close_def = lit(')');
auto const band_arrow_def = lit("->");

auto const identifier_def = identifier_body;
auto const identifier_body_def =
    !keyword >> raw[lexeme[(ascii::alpha | lit('_')) >> *word_char]][actions::token(NodeKind::name)];
auto const namespace_name_def = identifier;
auto const rule_name_def = identifier;
auto const const_name_def = identifier;
auto const set_name_def = identifier;
auto const type_name_def = identifier;
auto const column_name_def = identifier;
auto const subject_kind_def = identifier;
auto const subject_name_def = identifier;
auto const let_name_def = identifier;
auto const bound_name_def = identifier;
auto const field_name_def = identifier;
auto const meta_key_def = identifier;
auto const typology_name_def = identifier;
auto const band_outcome_def = identifier;
// `rule` or `namespace.rule`, one token (no spaces around the dot).
auto const rule_ref_def = rule_ref_body;
auto const rule_ref_body_def =
    !keyword >> raw[lexeme[(ascii::alpha | lit('_')) >> *word_char >>
                           -(lit('.') >> (ascii::alpha | lit('_')) >> *word_char)]][actions::token(NodeKind::name)];

// A date-shaped token is a date even when it names no day (2024-02-30 is reported, not read as
// arithmetic). A numeric token runs on over letters, so that `12ab` and `5x` are reported as one bad
// number rather than as a number followed by a name.
auto const date_literal_def = date_literal_body;
auto const date_literal_body_def =
    raw[lexeme[x3::repeat(4)[ascii::digit] >> lit('-') >> +ascii::digit >> lit('-') >> +ascii::digit >>
               !word_char]][actions::token(NodeKind::date)];
auto const number_literal_def = number_literal_body;
auto const number_literal_body_def =
    raw[lexeme[ascii::digit >> *(word_char | (lit('.') >> ascii::digit)) >> -lit('%')]]
       [actions::token(NodeKind::number)];
auto const string_literal_def = string_literal_body;
auto const string_literal_body_def =
    lexeme[lit('"') >> raw[*((lit('\\') >> (x3::char_ - x3::eol)) | (x3::char_ - '"' - '\\' - x3::eol))]
                          [actions::token(NodeKind::string)] > string_end];
auto const bool_literal_def = bool_literal_body;
auto const bool_literal_body_def = kw("true")[actions::boolean(true)] | kw("false")[actions::boolean(false)];
auto const literal_def = date_literal | number_literal | string_literal | bool_literal;
auto const import_path_def = string_literal;
auto const table_path_def = string_literal;
auto const reason_text_def = string_literal;

auto const expr_def = or_expr;
auto const or_expr_def = or_expr_body;
auto const or_expr_body_def = and_expr[actions::assign] >> *((kw("or") > and_expr)[actions::fold(ast::BinaryOp::logical_or)]);
auto const and_expr_def = and_expr_body;
auto const and_expr_body_def =
    not_expr[actions::assign] >> *((kw("and") > not_expr)[actions::fold(ast::BinaryOp::logical_and)]);
auto const not_expr_def = not_expr_body;
auto const not_expr_body_def = (kw("not") > not_expr)[actions::unary(ast::UnaryOp::logical_not)] | test[actions::assign];
auto const test_def = test_body;
auto const test_body_def = sum[actions::assign] >>
                      -((compare_op > sum)[actions::fold_parsed] | (kw("is") > missing_tail)[actions::is_missing]);
auto const missing_tail_def = ((kw("not") >> attr(true)) | attr(false)) > kw_missing;
auto const compare_op_def = compare_table | (kw("in") >> attr(op(ast::BinaryOp::in))) |
                            (kw("not") >> kw("in") >> attr(op(ast::BinaryOp::not_in))) |
                            (kw("contains") >> attr(op(ast::BinaryOp::contains))) |
                            (kw("starts_with") >> attr(op(ast::BinaryOp::starts_with))) |
                            (kw("ends_with") >> attr(op(ast::BinaryOp::ends_with))) |
                            (kw("matches") >> attr(op(ast::BinaryOp::matches)));
auto const sum_def = sum_body;
auto const sum_body_def = product[actions::assign] >> *((add_op > product)[actions::fold_parsed]);
auto const add_op_def = (lit('+') >> attr(op(ast::BinaryOp::add))) | (lit('-') >> attr(op(ast::BinaryOp::sub)));
auto const product_def = product_body;
auto const product_body_def = unary[actions::assign] >> *((mul_op > unary)[actions::fold_parsed]);
auto const mul_op_def = (lit('*') >> attr(op(ast::BinaryOp::mul))) | (lit('/') >> attr(op(ast::BinaryOp::div)));
auto const unary_def = unary_body;
auto const unary_body_def = (lit('-') > unary)[actions::unary(ast::UnaryOp::negate)] | postfix[actions::assign];
auto const postfix_def = postfix_body;
auto const postfix_body_def = primary[actions::assign] >> *((lit('.') > field_name)[actions::field]);
auto const primary_def = literal | quantifier | window | call | name_ref | paren | set_literal | list_literal;
auto const call_def = call_body;
auto const call_body_def = (identifier >> lit('(') >> arguments > call_end)[actions::call];
auto const name_ref_def = identifier;
auto const paren_def = lit('(') > expr > paren_end;
auto const set_literal_def = set_literal_body;
auto const set_literal_body_def = (lit('{') >> arguments > set_end)[actions::collection(NodeKind::set_literal)];
auto const list_literal_def = list_literal_body;
auto const list_literal_body_def = (lit('[') >> arguments > list_end)[actions::collection(NodeKind::list_literal)];
auto const arguments_def = -(expr >> *(lit(',') > expr));
auto const quantifier_def = quantifier_body;
auto const quantifier_body_def = (quantifier_kind > bound_name > kw_in > postfix > colon > not_expr)[actions::quantifier];
// A window starts with an aggregate word followed by a name (`count payment q`, `sum q.amount`): a name
// is never followed by another name elsewhere, so `count`, `sum`, ... stay usable as ordinary names and
// calls (`max(a, b)`), and `over`, `within`, `before`, `after`, `around` are not reserved.
auto const window_def = window_body;
auto const window_body_def =
    (count_head > window_kind > bound_name > kw_where > expr > kw_within > window_length >
     -(kw("to") > window_far) > window_direction)[actions::count_window] |
    (aggregate_head > sum > kw_over > window_kind > bound_name > kw_where > expr > kw_within > window_length >
     -(kw("to") > window_far) > window_direction)[actions::value_window];
auto const count_head_def = kw("count") >> &identifier;
auto const aggregate_head_def = ((kw("sum") >> attr(op(ast::AggregateKind::sum))) |
                                 (kw("distinct") >> attr(op(ast::AggregateKind::distinct))) |
                                 (kw("min") >> attr(op(ast::AggregateKind::min))) |
                                 (kw("max") >> attr(op(ast::AggregateKind::max)))) >>
                                &identifier;
auto const window_kind_def = identifier;
auto const window_length_def = number_literal;
auto const window_far_def = number_literal;
auto const window_direction_def = window_direction_body;
auto const window_direction_body_def =
    raw[kw("before") | kw("after") | kw("around")][actions::token(NodeKind::name)];
auto const quantifier_kind_def = (kw("any") >> attr(op(ast::QuantifierKind::any))) |
                                 (kw("all") >> attr(op(ast::QuantifierKind::all))) |
                                 (kw("none") >> attr(op(ast::QuantifierKind::none)));

auto const meta_block_def = kw("meta") > lbrace > *meta_entry > meta_end;
auto const meta_entry_def = meta_key > equals > meta_value;
auto const meta_value_def = literal | identifier | meta_list;
auto const meta_list_def = meta_list_body;
auto const meta_list_body_def = (lit('[') >> meta_items > list_end)[actions::collection(NodeKind::list_literal)];
auto const meta_items_def = -(meta_value >> *(lit(',') > meta_value));
auto const let_binding_def = kw("let") > let_name > equals > expr;
auto const set_source_def = set_literal | table_source;
auto const table_source_def = table_source_body;
auto const table_source_body_def =
    (kw("table") > table_path > kw_column > column_name > -(kw("where") > expr))[actions::table];

auto const namespace_decl_def = kw("namespace") > namespace_name;
auto const import_decl_def = kw("import") > import_path;
auto const const_decl_def = kw("const") > const_name > equals > expr;
auto const set_decl_def = kw("set") > set_name > -(lit(':') > type_name) > equals > set_source;
auto const rule_decl_def = kw("rule") > rule_name > lbrace > -meta_block > kw_on > subject_kind > subject_name >
                           *let_binding > kw_when > expr > -(kw("reason") > reason_text) > rule_end;
auto const template_expr_def = expr;
auto const weight_entry_def = kw("weight") > rule_ref > equals > weight_value;
auto const weight_value_def = number_literal;
auto const band_entry_def = kw("band") > band_open > band_low > band_comma > band_high > band_close > band_arrow >
                            band_outcome;
auto const band_low_def = number_literal;
auto const band_high_def = number_literal | (lit("..") >> attr(Node{}));
auto const typology_decl_def = kw("typology") > typology_name > lbrace > -meta_block > kw_on > subject_kind >
                               weight_list > band_list > typology_end;
auto const weight_list_def = +weight_entry;
auto const band_list_def = +band_entry;

BOOST_SPIRIT_DEFINE(equals, colon, lbrace, rule_end, meta_end, set_end, list_end, paren_end, call_end, string_end,
                    kw_on, kw_when, kw_in, kw_column, kw_missing, kw_where, kw_over, kw_within)
BOOST_SPIRIT_DEFINE(typology_end, band_open, band_comma, band_close, band_arrow, typology_name, band_outcome, rule_ref,
                    rule_ref_body, weight_entry, weight_value, band_entry, band_low, band_high, window_far,
                    weight_list, band_list)
BOOST_SPIRIT_DEFINE(identifier, namespace_name, rule_name, const_name, set_name, type_name, column_name,
                    subject_kind, subject_name, let_name, bound_name, field_name, meta_key)
BOOST_SPIRIT_DEFINE(date_literal, number_literal, string_literal, bool_literal, literal, import_path, table_path,
                    reason_text)
BOOST_SPIRIT_DEFINE(expr, or_expr, and_expr, not_expr, test, sum, product, unary, postfix, primary, call, name_ref,
                    paren, set_literal, list_literal, quantifier, arguments, compare_op, add_op, mul_op,
                    quantifier_kind, missing_tail, window, count_head, aggregate_head, window_kind,
                    window_length, window_direction)
BOOST_SPIRIT_DEFINE(meta_block, meta_entry, meta_value, meta_list, meta_items, let_binding, set_source,
                    table_source)
BOOST_SPIRIT_DEFINE(identifier_body, date_literal_body, number_literal_body, string_literal_body, bool_literal_body, or_expr_body, and_expr_body, not_expr_body, test_body, sum_body, product_body, unary_body, postfix_body, call_body, set_literal_body, list_literal_body, quantifier_body, meta_list_body, table_source_body, window_body, window_direction_body)
BOOST_SPIRIT_DEFINE(namespace_decl, import_decl, const_decl, set_decl, rule_decl, typology_decl, template_expr)

}  // namespace parser

}  // namespace sanx::dsl::grammar
