/// \file
/// Shipments as columns: the fields that shipment windows group, filter and sub-key their candidates by
/// (exporter, consignee, origin, destination, HS code, currency, contract, mode, date), one vector per
/// field, short texts interned as small integer codes (TextDictionary). Built once per dataset
/// (Dataset::build_shipment_columns, which store::load_dataset calls), never during an evaluation: a
/// window index then reads four contiguous bytes per shipment instead of a field of a Shipment of some 550 bytes,
/// and decides a candidate-only condition or a sub-key once per code (28 HS codes among 200,000
/// shipments in the generated worlds) rather than once per shipment.
#pragma once

#include <cstdint>
#include <vector>

#include "sanx/model/payment_columns.hpp"  // TextDictionary

namespace sanx::model {

struct Dataset;

/// One entry per shipment in each vector, in Dataset::shipments order.
struct ShipmentColumns {
  std::size_t rows = 0;  ///< shipments when built; a different count means out of date
  /// The parties (ShipmentRefs) as entity indices, EntityIx::kNone when missing or unresolved.
  std::vector<std::uint32_t> exporter, consignee;
  std::vector<std::uint32_t> origin, destination;  ///< codes in `countries`, as written (rules read 2 letters)
  std::vector<std::uint32_t> hs_code;   ///< code in `hs_codes`
  std::vector<std::uint32_t> currency;  ///< code in `currencies`
  std::vector<std::uint32_t> contract;  ///< code in `contracts`
  std::vector<std::uint32_t> mode;      ///< 0 when unknown, else the model::TransportMode value + 1
  std::vector<std::int32_t> days;       ///< the date as days since the epoch (a partial date's first day)
  TextDictionary countries, hs_codes, currencies, contracts;

  /// The columns of `data`'s shipments (and shipment_refs for the parties).
  [[nodiscard]] static ShipmentColumns build(const Dataset& data);
};

}  // namespace sanx::model
