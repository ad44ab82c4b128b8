#include "sanx/model/relation.hpp"

#include <array>
#include <cstddef>

#include "model/enum_names.hpp"

namespace sanx::model {

namespace {

// Indexed by enumerator value.
constexpr std::array<std::string_view, 6> kRelationKindNames = {"ownership", "control",   "director",
                                                                "family",    "associate", "branch"};

}  // namespace

std::string_view to_string(RelationKind k) noexcept { return detail::name_of(kRelationKindNames, k); }

bool Relation::in_force_on(std::int32_t days) const noexcept {
  if (start && days < start->earliest().days_since_epoch()) return false;
  return !end || days < end->earliest().days_since_epoch();
}

std::optional<RelationKind> parse_relation_kind(std::string_view s) noexcept {
  return detail::parse_name<RelationKind>(kRelationKindNames, s);
}

}  // namespace sanx::model
