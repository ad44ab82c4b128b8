#include "sanx/model/relation.hpp"

#include <array>
#include <cstddef>

#include "sanx/core/assert.hpp"

namespace sanx::model {

namespace {

// Indexed by enumerator value.
constexpr std::array<std::string_view, 6> kRelationKindNames = {"ownership", "control",   "director",
                                                                "family",    "associate", "branch"};

}  // namespace

std::string_view to_string(RelationKind k) noexcept {
  const auto i = static_cast<std::size_t>(k);
  SANX_ASSERT(i < kRelationKindNames.size() && "a RelationKind is one of its enumerators");
  return kRelationKindNames[i];
}

bool Relation::in_force_on(std::int32_t days) const noexcept {
  if (start && days < start->earliest().days_since_epoch()) return false;
  return !end || days < end->earliest().days_since_epoch();
}

std::optional<RelationKind> parse_relation_kind(std::string_view s) noexcept {
  for (std::size_t i = 0; i < kRelationKindNames.size(); ++i) {
    if (kRelationKindNames[i] == s) return static_cast<RelationKind>(i);
  }
  return std::nullopt;
}

}  // namespace sanx::model
