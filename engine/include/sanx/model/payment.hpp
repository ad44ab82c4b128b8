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

/// How the payment was made: a transfer, or a card operation (cash at an ATM, a purchase at a point of
/// sale, or online).
enum class Channel { transfer, atm, pos, ecom };

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
  /// BIC of the ordering institution (MT103 52a, pacs.008 DbtrAgt) when it is not the originator's bank:
  /// a bank sending through its correspondent's account (nested correspondent activity). Empty = none.
  std::string ordering_bic;
  std::string reference;  ///< invoice or contract the payment settles (a shipment's `contract`)
  Channel channel = Channel::transfer;
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
  std::string notify_party;  ///< entity id, may be empty
  std::string contract;      ///< contract reference, which payments name in `reference`
  std::optional<core::Date> contract_date;
  std::optional<bool> no_russia_clause;  ///< EU Art. 12g clause in the contract; absent = unknown
  std::string loading_port;    ///< port or rail station as written
  std::string discharge_port;  ///< port or rail station as written
  std::optional<core::Decimal> quantity;
  std::string unit;  ///< lower case: kg, t, pcs, l, ...
};

[[nodiscard]] std::string_view to_string(Network n) noexcept;  ///< upper case, as in the CSV
[[nodiscard]] std::optional<Network> parse_network(std::string_view s) noexcept;  ///< case-insensitive
[[nodiscard]] std::string_view to_string(Channel c) noexcept;
[[nodiscard]] std::optional<Channel> parse_channel(std::string_view s) noexcept;
[[nodiscard]] std::string_view to_string(TransportMode m) noexcept;
[[nodiscard]] std::optional<TransportMode> parse_transport_mode(std::string_view s) noexcept;

/// A unit of quantity: a lower-case word (`kg`, `t`, `pcs`, `l`, `m3`).
[[nodiscard]] bool is_unit_word(std::string_view s) noexcept;

/// ISO 4217 form: three upper-case letters.
[[nodiscard]] bool is_currency_code(std::string_view s) noexcept;

}  // namespace sanx::model
