/// \file
/// ISO 3166-1 alpha-2 country codes: the only form sanx stores. `XK` (Kosovo) is accepted because the
/// EU, UK and OFAC lists use it.
#pragma once

#include <string_view>

namespace sanx::core {

/// True for an officially assigned upper-case ISO 3166-1 alpha-2 code, or XK.
[[nodiscard]] bool is_country_code(std::string_view code) noexcept;

}  // namespace sanx::core
