#include "sanx/model/dataset.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

#include "sanx/core/assert.hpp"

namespace sanx::model {
namespace {

EntityIx ix_of(std::size_t i) {
  SANX_ASSERT(i < EntityIx::kNone && "a dataset holds fewer than 2^32 - 1 entities");
  return EntityIx{static_cast<std::uint32_t>(i)};
}

}  // namespace

EntityIx Dataset::find_entity(std::string_view id) const {
  const auto it = by_id_.find(id);
  return it == by_id_.end() ? EntityIx{} : it->second;
}

const NameTransliteration* NameTransliterations::find(std::string_view text) const noexcept {
  const auto it = std::lower_bound(names.begin(), names.end(), text,
                                   [](const NameTransliteration& n, std::string_view t) { return n.text < t; });
  return it != names.end() && it->text == text ? &*it : nullptr;
}

EntityIx Dataset::find_bank(std::string_view bic) const {
  if (const auto it = by_bic_.find(bic); it != by_bic_.end()) return it->second;
  // The same fallback as the import's BIC check, so a BIC accepted without W2101 always resolves here.
  const std::string other = bic_fallback(bic);
  if (other.empty()) return {};
  const auto it = by_bic_.find(other);
  return it == by_bic_.end() ? EntityIx{} : it->second;
}

void Dataset::build_indices() {
  by_id_.clear();
  by_bic_.clear();
  by_id_.reserve(entities.size());
  for (std::size_t i = 0; i < entities.size(); ++i) {
    // The store keeps ids unique; in a dataset built by hand, the first entity with an id wins.
    by_id_.emplace(entities[i].id, ix_of(i));
    if (entities[i].kind != EntityKind::bank) continue;
    // Only banks resolve BICs (a `bic:` on a company is an identifier, not a bank). When two banks list
    // the same BIC, the first in entity order wins, as every load gives the same order.
    for (const auto& identifier : entities[i].identifiers) {
      if (identifier.scheme == "bic") by_bic_.emplace(identifier.value, ix_of(i));
    }
  }

  designations_of.assign(entities.size(), {});
  for (std::size_t d = 0; d < designations.size(); ++d) {
    const auto e = find_entity(designations[d].entity);
    // A designation of an unknown entity belongs to nobody; store::load_dataset refuses such a store.
    if (!e.valid()) continue;
    SANX_ASSERT(d < EntityIx::kNone && "designation indices fit 32 bits");
    designations_of[e.value].push_back(static_cast<std::uint32_t>(d));
  }
}

}  // namespace sanx::model
