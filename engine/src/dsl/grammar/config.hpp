// The one iterator type, skipper and context type the grammar is instantiated for (grammar.cpp).
// Parsing always goes through make_context() below, so the context can never differ from the one
// BOOST_SPIRIT_INSTANTIATE compiled (a mismatch would otherwise surface only as a link error).
#pragma once

#include <functional>
#include <string>
#include <type_traits>

#include <boost/spirit/home/x3.hpp>

#include "dsl/grammar/syntax.hpp"

namespace sanx::dsl::grammar::parser {

namespace x3 = boost::spirit::x3;

using iterator_type = const char*;

/// Whitespace, line breaks and `#` comments. ASCII classes only: bytes >= 0x80 are never "space", and
/// the standard encoding's classifiers assert on them.
inline auto const skipper = x3::ascii::space | (x3::lit('#') >> *(x3::char_ - x3::eol));
using skipper_type = std::remove_cv_t<decltype(skipper)>;

/// What the error handler records: the first expectation failure of a declaration.
struct ErrorState {
  iterator_type where = nullptr;
  std::string expected;
};

struct error_state_tag;

using skipper_context_type = x3::context<x3::skipper_tag, skipper_type const, x3::unused_type>;
using context_type = x3::context<error_state_tag, std::reference_wrapper<ErrorState>, skipper_context_type>;

/// The rexpr_full model: rules whose ID derives from this record an expectation failure and fail,
/// instead of letting the exception escape.
struct error_handler_base {
  template <typename Iterator, typename Exception, typename Context>
  x3::error_handler_result on_error(Iterator& /*first*/, Iterator const& /*last*/, Exception const& x,
                                    Context const& context) const {
    ErrorState& state = x3::get<error_state_tag>(context).get();
    if (state.where == nullptr) {
      state.where = x.where();
      state.expected = x.which();
    }
    return x3::error_handler_result::fail;
  }
};

/// Gives a node the bytes its rule matched (after leading whitespace).
struct annotate_span {
  template <typename Iterator, typename Context>
  void on_success(Iterator const& first, Iterator const& last, Node& node, Context const& /*context*/) const {
    node.begin = first;
    node.end = last;
  }
};

}  // namespace sanx::dsl::grammar::parser
