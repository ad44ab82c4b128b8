/// \file
/// A designation: an entity's listing under a sanctions regime, in force from `listed_from` until
/// `listed_to` (exclusive; open when absent).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sanx/core/date.hpp"

namespace sanx::model {

struct Designation {
  std::string entity;                 ///< entity id
  std::string regime;                 ///< OFAC, EU, UK, UN or another authority, upper case
  std::string list;                   ///< SDN, SSI, EU-269, UK-OFSI, UN-1718, ...
  std::vector<std::string> programs;  ///< RUSSIA-EO14024, IRAN, IRGC, SDGT, ...
  std::optional<core::Date> listed_from;
  std::optional<core::Date> listed_to;
  std::vector<std::string> measures;  ///< asset_freeze, travel_ban, sectoral, secondary_sanctions_risk, ...
  std::string source_ref;             ///< where it came from: file and record, or a legal reference

  /// In force on `day`: listed_from <= day < listed_to, with partial dates taken at their earliest day.
  [[nodiscard]] bool in_force_on(const core::Date& day) const noexcept;
};

}  // namespace sanx::model
