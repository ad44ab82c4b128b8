// Whether two compiled expressions, possibly of different rules of one pack, always give the same value for
// the same subject: the evaluator uses it to let one window reuse what another window of the same subject
// already found (docs/dsl.md, "Windows"). The comparison is structural and conservative: equal operators,
// fields, builtins and constants, the same named sets, lets compared by their definitions, and each
// window's candidate variable mapped to the other's. Anything it cannot compare (regexes, nested windows,
// quantifiers, literal sets) counts as different, which only costs a missed reuse.
#pragma once

#include <cstdint>
#include <vector>

#include "compile/ir.hpp"

namespace sanx::compile {

/// Whether node `a` of rule `ra` and node `b` of rule `rb` always have the same value, the quantifier
/// variable slot `slot_a` of `ra` standing for slot `slot_b` of `rb`.
[[nodiscard]] bool same_expression(const CompiledRule& ra, std::uint32_t a, std::uint32_t slot_a, const CompiledRule& rb,
                                   std::uint32_t b, std::uint32_t slot_b);

/// The conjuncts of node `n`: the operands of a top-level `and`, else the node itself.
[[nodiscard]] std::vector<std::uint32_t> conjuncts_of(const CompiledRule& rule, std::uint32_t n);

/// Whether every candidate for which window `wb` of `rb` holds its `where` (or leaves it undecided) is one
/// for which window `wa` of `ra` does too, for every subject: the same subject kind, candidate kind, key and
/// range, and every conjunct of `wa`'s `where` is one of `wb`'s. Then a candidate `wa` rules out, `wb` rules
/// out as well (its `and` has a false operand), so `wb` need only look at the candidates `wa` kept.
[[nodiscard]] bool window_narrows(const CompiledRule& ra, const WindowSpec& wa, const CompiledRule& rb,
                                  const WindowSpec& wb);

}  // namespace sanx::compile
