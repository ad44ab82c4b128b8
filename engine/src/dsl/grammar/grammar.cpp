// The one translation unit that compiles X3: it instantiates the grammar for config.hpp's iterator and
// context and turns each parse into the std-only results of syntax.hpp.
#include "dsl/grammar/grammar.hpp"

#include <functional>
#include <type_traits>

#include "dsl/grammar/config.hpp"
#include "dsl/grammar/grammar_def.hpp"

namespace sanx::dsl::grammar {

namespace parser {
BOOST_SPIRIT_INSTANTIATE(namespace_decl_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(import_decl_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(const_decl_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(set_decl_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(rule_decl_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(typology_decl_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(template_expr_type, iterator_type, context_type)
}  // namespace parser

parser::namespace_decl_type const& namespace_declaration() { return parser::namespace_decl; }
parser::import_decl_type const& import_declaration() { return parser::import_decl; }
parser::const_decl_type const& const_declaration() { return parser::const_decl; }
parser::set_decl_type const& set_declaration() { return parser::set_decl; }
parser::rule_decl_type const& rule_declaration() { return parser::rule_decl; }
parser::typology_decl_type const& typology_declaration() { return parser::typology_decl; }
parser::template_expr_type const& template_expression() { return parser::template_expr; }

namespace {

namespace x3 = boost::spirit::x3;
using parser::context_type;
using parser::ErrorState;
using parser::iterator_type;

/// Runs one entry rule with exactly the instantiated context. No post-skip: `first` ends up just after
/// the last token, which is where the declaration's span ends.
template <typename Rule, typename Attribute>
bool run(Rule const& rule, iterator_type& first, iterator_type last, Attribute& attribute, ErrorState& state) {
  parser::skipper_context_type const skip_context(parser::skipper, x3::unused);
  std::reference_wrapper<ErrorState> state_ref(state);
  context_type const context(state_ref, skip_context);
  return rule.parse(first, last, context, x3::unused, attribute);
}

const char* skip_space(const char* first, const char* last) {
  while (first != last && parser::skipper.parse(first, last, x3::unused, x3::unused, x3::unused)) {
  }
  return first;
}

}  // namespace

ItemParse parse_item(const char* first, const char* last) {
  ItemParse out;
  ErrorState state;
  // Every declaration starts with its keyword: a rule that fails without recording an expectation
  // failure did not see its keyword, and the next one is tried.
  auto attempt = [&](auto const& rule, auto& attribute, ItemKind kind) {
    iterator_type it = first;
    if (run(rule, it, last, attribute, state)) {
      out.ok = true;
      out.item.kind = kind;
      out.end = it;
      return true;
    }
    if (state.where != nullptr) {
      out.error = SyntaxError{state.where, state.expected};
      return true;
    }
    return false;
  };
  if (attempt(namespace_declaration(), out.item.node, ItemKind::namespace_decl) ||
      attempt(import_declaration(), out.item.node, ItemKind::import_decl) ||
      attempt(const_declaration(), out.item.const_decl, ItemKind::const_decl) ||
      attempt(set_declaration(), out.item.set_decl, ItemKind::set_decl) ||
      attempt(rule_declaration(), out.item.rule_decl, ItemKind::rule_decl) ||
      attempt(typology_declaration(), out.item.typology_decl, ItemKind::typology_decl)) {
    return out;
  }
  out.error = SyntaxError{skip_space(first, last), kExpectedDeclaration};
  return out;
}

ExpressionParse parse_expression(const char* first, const char* last) {
  ExpressionParse out;
  ErrorState state;
  iterator_type it = first;
  if (!run(template_expression(), it, last, out.expr, state)) {
    out.error = SyntaxError{state.where != nullptr ? state.where : skip_space(first, last), state.expected};
    if (out.error.expected.empty()) out.error.expected = "an expression";
    return out;
  }
  it = skip_space(it, last);
  if (it != last) {
    out.error = SyntaxError{it, kExpectedInterpolationEnd};
    return out;
  }
  out.ok = true;
  return out;
}

}  // namespace sanx::dsl::grammar
