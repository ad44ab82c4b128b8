#include "sanx/model/payment.hpp"

#include <array>
#include <cstddef>

#include "model/enum_names.hpp"

namespace sanx::model {

namespace {

// Indexed by enumerator value.
constexpr std::array<std::string_view, 12> kNetworkNames = {"SWIFT", "SPFS",    "SEPAM", "CIPS", "MIR",  "SHETAB",
                                                            "SEPA",  "FEDWIRE", "CHAPS", "CARD", "BOOK", "OTHER"};
constexpr std::array<std::string_view, 4> kChannelNames = {"transfer", "atm", "pos", "ecom"};
constexpr std::array<std::string_view, 4> kTransportModeNames = {"sea", "rail", "road", "air"};

}  // namespace

std::string_view to_string(Network n) noexcept { return detail::name_of(kNetworkNames, n); }

std::optional<Network> parse_network(std::string_view s) noexcept {
  return detail::parse_name<Network>(kNetworkNames, s, /*any_case=*/true);
}

std::string_view to_string(Channel c) noexcept { return detail::name_of(kChannelNames, c); }

std::optional<Channel> parse_channel(std::string_view s) noexcept {
  return detail::parse_name<Channel>(kChannelNames, s);
}

std::string_view to_string(TransportMode m) noexcept { return detail::name_of(kTransportModeNames, m); }

std::optional<TransportMode> parse_transport_mode(std::string_view s) noexcept {
  return detail::parse_name<TransportMode>(kTransportModeNames, s);
}

bool is_unit_word(std::string_view s) noexcept {
  if (s.empty() || s.front() < 'a' || s.front() > 'z') return false;
  for (const char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

bool is_currency_code(std::string_view s) noexcept {
  if (s.size() != 3) return false;
  for (const char c : s) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

}  // namespace sanx::model
