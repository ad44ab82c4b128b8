// The entry rules of the rule-file grammar (declared here, defined in grammar_def.hpp, instantiated
// once in grammar.cpp for config.hpp's iterator and context). Each declaration kind is its own entry
// rule: parse.cpp parses the file one declaration at a time, so that one broken rule does not hide
// errors in the next.
#pragma once

#include <boost/spirit/home/x3.hpp>

#include "dsl/grammar/syntax.hpp"

namespace sanx::dsl::grammar {
namespace parser {

namespace x3 = boost::spirit::x3;

struct namespace_decl_class;
struct import_decl_class;
struct const_decl_class;
struct set_decl_class;
struct rule_decl_class;
struct typology_decl_class;
struct template_expr_class;

using namespace_decl_type = x3::rule<namespace_decl_class, Node>;
using import_decl_type = x3::rule<import_decl_class, Node>;
using const_decl_type = x3::rule<const_decl_class, ConstDecl>;
using set_decl_type = x3::rule<set_decl_class, SetDecl>;
using rule_decl_type = x3::rule<rule_decl_class, RuleDecl>;
using typology_decl_type = x3::rule<typology_decl_class, TypologyDecl>;
using template_expr_type = x3::rule<template_expr_class, Node>;

BOOST_SPIRIT_DECLARE(namespace_decl_type, import_decl_type, const_decl_type, set_decl_type, rule_decl_type,
                     typology_decl_type, template_expr_type)

}  // namespace parser

// Accessors (named apart from the rule objects: X3 cannot tell them apart in one namespace).
parser::namespace_decl_type const& namespace_declaration();
parser::import_decl_type const& import_declaration();
parser::const_decl_type const& const_declaration();
parser::set_decl_type const& set_declaration();
parser::rule_decl_type const& rule_declaration();
parser::typology_decl_type const& typology_declaration();
parser::template_expr_type const& template_expression();

}  // namespace sanx::dsl::grammar
