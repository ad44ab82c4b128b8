// Fusion adaptation of the declaration structs, so that X3 fills them from sequences by itself.
// Expression nodes are built by semantic actions instead (grammar_def.hpp).
#pragma once

#include <boost/fusion/include/adapt_struct.hpp>

#include "dsl/grammar/syntax.hpp"

BOOST_FUSION_ADAPT_STRUCT(sanx::dsl::grammar::MetaEntry, key, value)
BOOST_FUSION_ADAPT_STRUCT(sanx::dsl::grammar::LetBinding, name, value)
BOOST_FUSION_ADAPT_STRUCT(sanx::dsl::grammar::ConstDecl, name, value)
BOOST_FUSION_ADAPT_STRUCT(sanx::dsl::grammar::SetDecl, name, element_type, source)
BOOST_FUSION_ADAPT_STRUCT(sanx::dsl::grammar::RuleDecl, name, meta, subject_kind, subject, lets, when, reason)
BOOST_FUSION_ADAPT_STRUCT(sanx::dsl::grammar::TypologyWeight, rule, value)
BOOST_FUSION_ADAPT_STRUCT(sanx::dsl::grammar::TypologyBand, low, high, outcome)
BOOST_FUSION_ADAPT_STRUCT(sanx::dsl::grammar::TypologyDecl, name, meta, subject_kind, weights, bands)
