/// \file
/// Relations between entities: ownership (with a share in percent, or unknown), control (with a basis),
/// the softer links that screening and review use (director, family, associate), and branch (the target
/// is a branch of the source, its head office: one legal person, so the same exposure). Dated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sanx/core/date.hpp"
#include "sanx/core/decimal.hpp"

namespace sanx::model {

enum class RelationKind { ownership, control, director, family, associate, branch };

struct Relation {
  std::string source;  ///< owner / controller / director / relative / associate / head office
  std::string target;  ///< owned / controlled entity, the branch, or the other party
  RelationKind kind = RelationKind::ownership;
  std::optional<core::Decimal> share;  ///< percent, 0–100; ownership only; absent = unknown
  std::string basis;                   ///< control basis: board_majority, voting_agreement, nominee, ...
  std::optional<core::Date> start;
  std::optional<core::Date> end;  ///< exclusive; absent = still in force

  /// In force on the day `days` (days since 1970-01-01): start <= day < end, partial dates taken at their
  /// earliest day, open ends allowed.
  [[nodiscard]] bool in_force_on(std::int32_t days) const noexcept;
};

[[nodiscard]] std::string_view to_string(RelationKind k) noexcept;
[[nodiscard]] std::optional<RelationKind> parse_relation_kind(std::string_view s) noexcept;

}  // namespace sanx::model
