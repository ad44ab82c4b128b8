// Typologies (docs/dsl.md, "Typologies"): after the rules have run, each typology adds up, per subject,
// the weights of its rules that fired there, and the band holding the score decides clear / review /
// block. Works on the rule findings alone, so it costs nothing per subject that no weighted rule found.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "compile/ir.hpp"
#include "eval/large_blocks.hpp"
#include "sanx/eval/finding.hpp"

namespace sanx::eval {

/// A rule finding with its key in the output order: (rule index << 32) | subject index.
using KeyedFinding = std::pair<std::uint64_t, const Finding*>;
/// An audit's keyed findings, sized once: in blocks of their own when there are many (large_blocks.hpp),
/// hundreds of thousands on a large audit.
using KeyedFindings = LargeArray<KeyedFinding>;

/// Sorts `order`, whose keys are distinct, by key.
void sort_by_key(KeyedFindings& order);

/// At most how many findings typology_findings makes of `ordered` (sorted by key): one per typology and
/// subject of a weighted rule's finding, so at most the number of those findings.
[[nodiscard]] std::size_t typology_bound(const compile::RuleSet::Impl& rules, std::span<const KeyedFinding> ordered);

/// The typology findings of one evaluation, by typology (pack order) then subject (dataset order).
/// `ordered` holds every rule finding, sorted by key.
[[nodiscard]] std::vector<Finding> typology_findings(const compile::RuleSet::Impl& rules,
                                                     std::span<const KeyedFinding> ordered);

}  // namespace sanx::eval
