// Specification of the shipments' columns (model::ShipmentColumns): the parties as the references resolved
// them, one code per distinct text with the empty text as code 0, the mode shifted by one so that 0 is
// unknown, and the date as a day number.
#include "sanx/model/shipment_columns.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sanx/model/dataset.hpp"

namespace model = sanx::model;
using sanx::core::Date;

namespace {

model::Shipment shipment(std::string hs, std::string destination, std::string contract,
                         std::optional<model::TransportMode> mode) {
  model::Shipment s;
  s.date = *Date::parse_iso("2024-03-05");
  s.hs_code = std::move(hs);
  s.origin = "RU";
  s.destination = std::move(destination);
  s.currency = "EUR";
  s.contract = std::move(contract);
  s.mode = mode;
  return s;
}

/// Shipments 0–3; shipment 3 has no resolved references (shipment_refs is one short).
model::Dataset world() {
  model::Dataset d;
  d.shipments = {shipment("854239", "IR", "C-1", model::TransportMode::rail), shipment("", "RU", "", std::nullopt),
                 shipment("854239", "", "C-1", model::TransportMode::sea), shipment("8471", "IRN", "C-2", model::TransportMode::air)};
  d.shipments[1].date = *Date::parse_iso("2023-07");
  d.shipment_refs = {{model::EntityIx{0}, model::EntityIx{1}, {}, {}}, {model::EntityIx{}, model::EntityIx{2}, {}, {}},
                     {model::EntityIx{2}, model::EntityIx{}, {}, {}}};
  d.build_shipment_columns();
  return d;
}

}  // namespace

TEST_CASE("shipment columns hold each shipment's fields, equal texts under one code", "[model][shipment_columns]") {
  const model::Dataset d = world();
  const model::ShipmentColumns& c = d.shipment_columns;
  REQUIRE(c.rows == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    const model::Shipment& s = d.shipments[i];
    INFO("shipment " << i);
    CHECK(c.hs_codes.text(c.hs_code[i]) == s.hs_code);
    CHECK(c.countries.text(c.origin[i]) == s.origin);
    CHECK(c.countries.text(c.destination[i]) == s.destination);
    CHECK(c.currencies.text(c.currency[i]) == s.currency);
    CHECK(c.contracts.text(c.contract[i]) == s.contract);
    CHECK(c.days[i] == s.date.days_since_epoch());
  }
  CHECK(c.hs_code[0] == c.hs_code[2]);
  CHECK(c.hs_code[0] != c.hs_code[3]);
  CHECK(c.hs_code[1] == 0);
  CHECK(c.destination[2] == 0);
  CHECK(c.contract[0] == c.contract[2]);
  CHECK(c.origin[0] == c.destination[1]);  // one dictionary for both countries
  CHECK(c.days[1] == Date::parse_iso("2023-07-01")->days_since_epoch());  // a month: its first day
}

TEST_CASE("shipment parties are the resolved entity indices, none when missing or unresolved",
          "[model][shipment_columns]") {
  const model::ShipmentColumns& c = world().shipment_columns;
  CHECK(c.exporter == std::vector<std::uint32_t>{0, model::EntityIx::kNone, 2, model::EntityIx::kNone});
  CHECK(c.consignee == std::vector<std::uint32_t>{1, 2, model::EntityIx::kNone, model::EntityIx::kNone});
}

TEST_CASE("a shipment's mode is its value plus one, and 0 when unknown", "[model][shipment_columns]") {
  const model::ShipmentColumns& c = world().shipment_columns;
  CHECK(c.mode == std::vector<std::uint32_t>{static_cast<std::uint32_t>(model::TransportMode::rail) + 1, 0,
                                             static_cast<std::uint32_t>(model::TransportMode::sea) + 1,
                                             static_cast<std::uint32_t>(model::TransportMode::air) + 1});
}

TEST_CASE("a dataset without shipments has empty shipment columns", "[model][shipment_columns]") {
  model::Dataset d;
  d.build_shipment_columns();
  CHECK(d.shipment_columns.rows == 0);
  CHECK(d.shipment_columns.hs_code.empty());
  CHECK(d.shipment_columns.hs_codes.size() == 1);  // the empty text
}
