/// \file
/// Checks of ownership and control relations that a row-level reader cannot make, or that data from
/// other sources (list snapshots, registers, a Dataset built in code) may not have had: owners of one
/// entity holding more than 100% at the same time (over overlapping validity intervals), shares outside
/// 0–100, an end before the start, an end that names no entity. The ownership analysis tolerates all of
/// these (it clamps shares and skips what it cannot resolve); these diagnostics say what it did.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/decimal.hpp"
#include "sanx/core/diagnostic.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::graph {

/// Ownership shares of one entity, in force at the same time, that add up to more than 100%.
struct OwnershipExcess {
  std::string target;                ///< the owned entity's id
  core::Decimal total;               ///< the largest total over time
  std::optional<core::Date> from;    ///< first day of that total; none: since ever
  std::optional<core::Date> until;   ///< exclusive; none: still
  std::vector<std::uint32_t> relations;  ///< indices of the relations in force then, in input order
};

/// One excess per owned entity (its largest total), in order of the entity's first relation. Only
/// ownership relations with a stated share from 0 to 100 and a non-empty validity interval take part.
[[nodiscard]] std::vector<OwnershipExcess> find_ownership_excess(std::span<const model::Relation> relations);

/// "the owners of `romashka` hold 130% in total from 2021-01-01 until 2022-01-01"
[[nodiscard]] std::string describe(const OwnershipExcess& excess);

/// `kaspiy → romashka (ownership 60%, 2019-05 – 2021-01-01)`: a relation named for a message.
[[nodiscard]] std::string describe(const model::Relation& r);

/// All the problems above as warnings (W2103, W2501–W2503 of docs/diagnostics.md) naming the relations;
/// without a file location, since a Dataset does not keep one for relations.
[[nodiscard]] std::vector<core::Diagnostic> check_relations(const model::Dataset& data);

}  // namespace sanx::graph
