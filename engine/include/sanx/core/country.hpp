/// \file
/// ISO 3166-1 alpha-2 country codes: the only form sanx stores. `XK` (Kosovo) is accepted because the
/// EU, UK and OFAC lists use it.
#pragma once

#include <optional>
#include <string_view>

namespace sanx::core {

/// True for an officially assigned upper-case ISO 3166-1 alpha-2 code, or XK.
[[nodiscard]] bool is_country_code(std::string_view code) noexcept;

/// The code of a country as sanctions lists name it in English — ISO short names and the lists' own
/// forms (`Russia`, `Russian Federation`, `Korea, North`, `Iran (Islamic Republic of)`, `Burma`,
/// `Türkiye`) — ignoring case (ASCII, and the few accented capitals lists use) and runs of spaces.
/// nullopt for a name it does not know ("undetermined", historic states such as the Soviet Union).
[[nodiscard]] std::optional<std::string_view> country_code_of_name(std::string_view name);

}  // namespace sanx::core
