// Reading one-field paths of payments and shipments from their columns (model::PaymentColumns,
// model::ShipmentColumns) instead of the structs: four contiguous bytes per row instead of a field of a
// Payment or Shipment of several hundred bytes, and a code per distinct value, so that what a key or a
// condition gives each code can be kept in an array (window indexes, candidate columns).
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <type_traits>
#include <vector>

#include "compile/ir.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::eval {

/// `data`'s columns of one kind (model::PaymentColumns or model::ShipmentColumns) when they are up to date
/// (built for as many rows as it has), else null: a caller that changed the rows after the load.
template <typename Columns>
[[nodiscard]] const Columns* current_columns(const model::Dataset& data) noexcept {
  if constexpr (std::is_same_v<Columns, model::PaymentColumns>) {
    return data.payment_columns.rows == data.payments.size() ? &data.payment_columns : nullptr;
  } else {
    static_assert(std::is_same_v<Columns, model::ShipmentColumns>);
    return data.shipment_columns.rows == data.shipments.size() ? &data.shipment_columns : nullptr;
  }
}

/// `data`'s columns of one kind when they are up to date, else `own`, built.
template <typename Columns>
[[nodiscard]] const Columns& columns_for(const model::Dataset& data, std::optional<Columns>& own) {
  if (const Columns* current = current_columns<Columns>(data)) return *current;
  own = Columns::build(data);
  return *own;
}

/// Whether a field of `path` makes its value as text built while evaluating (in the machine's arena,
/// reset per subject, so not to be kept past the next evaluation): a payment's corridor, a shipment's
/// countries or legs.
[[nodiscard]] inline bool builds_text(std::span<const std::uint16_t> path) noexcept {
  return std::any_of(path.begin(), path.end(), [](std::uint16_t f) {
    const auto id = static_cast<check::FieldId>(f);
    return id == check::FieldId::payment_corridor || id == check::FieldId::shipment_countries ||
           id == check::FieldId::shipment_legs;
  });
}

/// A path of one field that the columns of its kind hold: for payments network, currency, BICs, reference,
/// parties, banks and date; for shipments exporter, consignee, origin, destination, HS code, currency, contract,
/// mode and date. value() is what Machine::read_path gives for the path; its strings live in the columns.
class ColumnRead {
 public:
  ColumnRead() = default;
  /// The column of `path` (fields from a payment), or one that reads nothing (false).
  ColumnRead(const model::PaymentColumns& c, std::span<const std::uint16_t> path, std::size_t entities) {
    if (path.size() != 1) return;
    switch (static_cast<check::FieldId>(path[0])) {
      case check::FieldId::payment_network: set(Kind::network, c.network, kNetworks); break;
      case check::FieldId::payment_currency: set(Kind::text, c.currency, c.currencies.size(), &c.currencies); break;
      case check::FieldId::payment_originator_bic: set(Kind::text, c.originator_bic, c.bics.size(), &c.bics); break;
      case check::FieldId::payment_beneficiary_bic: set(Kind::text, c.beneficiary_bic, c.bics.size(), &c.bics); break;
      case check::FieldId::payment_reference: set(Kind::text, c.reference, c.references.size(), &c.references); break;
      case check::FieldId::payment_originator: set(Kind::entity, c.originator, entities + 1); break;
      case check::FieldId::payment_beneficiary: set(Kind::entity, c.beneficiary, entities + 1); break;
      case check::FieldId::payment_originator_bank: set(Kind::entity, c.originator_bank, entities + 1); break;
      case check::FieldId::payment_beneficiary_bank: set(Kind::entity, c.beneficiary_bank, entities + 1); break;
      case check::FieldId::payment_date: set_days(c.days); break;
      default: break;
    }
  }
  /// The column of `path` (fields from a shipment), or one that reads nothing (false).
  ColumnRead(const model::ShipmentColumns& c, std::span<const std::uint16_t> path, std::size_t entities) {
    if (path.size() != 1) return;
    switch (static_cast<check::FieldId>(path[0])) {
      case check::FieldId::shipment_exporter: set(Kind::entity, c.exporter, entities + 1); break;
      case check::FieldId::shipment_consignee: set(Kind::entity, c.consignee, entities + 1); break;
      case check::FieldId::shipment_origin: set(Kind::country, c.origin, c.countries.size(), &c.countries); break;
      case check::FieldId::shipment_destination: set(Kind::country, c.destination, c.countries.size(), &c.countries); break;
      case check::FieldId::shipment_hs_code: set(Kind::text, c.hs_code, c.hs_codes.size(), &c.hs_codes); break;
      case check::FieldId::shipment_currency: set(Kind::text, c.currency, c.currencies.size(), &c.currencies); break;
      case check::FieldId::shipment_contract: set(Kind::text, c.contract, c.contracts.size(), &c.contracts); break;
      case check::FieldId::shipment_mode: set(Kind::mode, c.mode, kModes + 1); break;
      case check::FieldId::shipment_date: set_days(c.days); break;
      default: break;
    }
  }
  /// The column of `path` from a candidate of kind `over` (payment or shipment), from whichever of
  /// `payments` and `shipments` is not null; one that reads nothing without a path or without columns.
  static ColumnRead of(compile::SubjectKind over, const model::PaymentColumns* payments,
                       const model::ShipmentColumns* shipments, const std::optional<std::vector<std::uint16_t>>& path,
                       std::size_t entities) {
    if (!path) return {};
    if (over == compile::SubjectKind::payment) return payments != nullptr ? ColumnRead(*payments, *path, entities) : ColumnRead();
    if (over == compile::SubjectKind::shipment) return shipments != nullptr ? ColumnRead(*shipments, *path, entities) : ColumnRead();
    return {};
  }

  explicit operator bool() const noexcept { return kind_ != Kind::none; }
  /// Whether each value is that of a code (slot()), not a day.
  [[nodiscard]] bool coded() const noexcept { return kind_ != Kind::none && kind_ != Kind::day; }
  /// How many slots the codes use.
  [[nodiscard]] std::size_t slots() const noexcept { return slots_; }
  /// The slot of row `ix`'s code, below slots(): an entity index + 1 (0: none), else the code.
  [[nodiscard]] std::uint32_t slot(std::uint32_t ix) const noexcept {
    return kind_ == Kind::entity ? codes_[ix] + 1 : codes_[ix];  // kNone + 1 wraps to 0
  }
  /// The rows' codes and what slot() adds to one (1 for an entity, else 0): for a loop over many rows that
  /// need not test the column's kind on each.
  [[nodiscard]] const std::uint32_t* codes() const noexcept { return codes_; }
  [[nodiscard]] std::uint32_t slot_offset() const noexcept { return kind_ == Kind::entity ? 1 : 0; }
  /// The value of the rows whose code has slot `slot` (several slots may give a missing value: a country
  /// not of two letters).
  [[nodiscard]] compile::Value value_of(std::uint32_t slot) const {
    switch (kind_) {
      case Kind::text: return slot == 0 ? compile::Value::missing() : compile::Value::of_string(dict_->text(slot));
      case Kind::country: return compile::Value::of_country(dict_->text(slot));
      case Kind::network: return compile::Value::of_string(model::to_string(static_cast<model::Network>(slot)));
      case Kind::mode:
        return slot == 0 ? compile::Value::missing() : compile::Value::of_string(model::to_string(static_cast<model::TransportMode>(slot - 1)));
      case Kind::entity: return slot == 0 ? compile::Value::missing() : compile::Value::of_index(compile::ValueKind::entity, slot - 1);
      default: return compile::Value::missing();
    }
  }
  [[nodiscard]] compile::Value value(std::uint32_t ix) const { return kind_ == Kind::day ? compile::Value::of_date(days_[ix]) : value_of(slot(ix)); }

 private:
  enum class Kind : std::uint8_t { none, text, country, network, mode, entity, day };
  static constexpr std::size_t kNetworks = static_cast<std::size_t>(model::Network::other) + 1;
  static constexpr std::size_t kModes = static_cast<std::size_t>(model::TransportMode::air) + 1;

  void set(Kind kind, const std::vector<std::uint32_t>& codes, std::size_t slots, const model::TextDictionary* dict = nullptr) {
    kind_ = kind;
    codes_ = codes.data();
    slots_ = slots;
    dict_ = dict;
  }
  void set_days(const std::vector<std::int32_t>& days) {
    kind_ = Kind::day;
    days_ = days.data();
  }

  Kind kind_ = Kind::none;
  const std::uint32_t* codes_ = nullptr;
  const std::int32_t* days_ = nullptr;
  const model::TextDictionary* dict_ = nullptr;
  std::size_t slots_ = 0;
};

}  // namespace sanx::eval
