/// \file
/// Payments and shipments: the transactions a batch audit walks through.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/decimal.hpp"

namespace sanx::model {

/// The rail a payment travelled on. SPFS (Bank of Russia), SEPAM (Central Bank of Iran), CIPS (China),
/// MIR (Russian cards), SHETAB (Iranian cards) are the alternatives to SWIFT that the packs watch.
enum class Network { swift, spfs, sepam, cips, mir, shetab, sepa, fedwire, chaps, card, book, other };

struct Payment {
  std::string id;
  core::Date date;
  std::string originator;   ///< entity id
  std::string beneficiary;  ///< entity id
  std::string originator_bic;
  std::string beneficiary_bic;
  std::vector<std::string> intermediary_bics;
  Network network = Network::swift;
  std::string currency;  ///< ISO 4217, upper case
  core::Decimal amount;
  std::string purpose;
};

enum class TransportMode { sea, rail, road, air };

struct Shipment {
  std::string id;
  core::Date date;
  std::string exporter;   ///< entity id
  std::string consignee;  ///< entity id
  std::string end_user;   ///< entity id, may be empty
  std::string hs_code;    ///< 4–10 digits, no dots
  std::string description;
  std::optional<core::Decimal> value;
  std::string currency;
  std::string origin;       ///< country
  std::string destination;  ///< country
  std::vector<std::string> route;  ///< ordered transit countries
  std::optional<TransportMode> mode;
  std::string vessel;  ///< entity id of the vessel, may be empty
};

[[nodiscard]] std::string_view to_string(Network n) noexcept;  ///< upper case, as in the CSV
[[nodiscard]] std::optional<Network> parse_network(std::string_view s) noexcept;  ///< case-insensitive
[[nodiscard]] std::string_view to_string(TransportMode m) noexcept;
[[nodiscard]] std::optional<TransportMode> parse_transport_mode(std::string_view s) noexcept;

/// ISO 4217 form: three upper-case letters.
[[nodiscard]] bool is_currency_code(std::string_view s) noexcept;

}  // namespace sanx::model
