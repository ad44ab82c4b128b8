#include "sanx/model/shipment_columns.hpp"

#include "sanx/model/dataset.hpp"

namespace sanx::model {

ShipmentColumns ShipmentColumns::build(const Dataset& data) {
  ShipmentColumns c;
  const std::size_t n = data.shipments.size();
  c.rows = n;
  for (auto* v : {&c.exporter, &c.consignee, &c.origin, &c.destination, &c.hs_code, &c.currency, &c.contract, &c.mode}) {
    v->reserve(n);
  }
  c.days.reserve(n);
  const ShipmentRefs none{};  // a shipment whose references are not resolved: every party missing
  for (std::size_t i = 0; i < n; ++i) {
    const Shipment& s = data.shipments[i];
    const ShipmentRefs& refs = i < data.shipment_refs.size() ? data.shipment_refs[i] : none;
    c.exporter.push_back(refs.exporter.value);
    c.consignee.push_back(refs.consignee.value);
    c.origin.push_back(c.countries.intern(s.origin));
    c.destination.push_back(c.countries.intern(s.destination));
    c.hs_code.push_back(c.hs_codes.intern(s.hs_code));
    c.currency.push_back(c.currencies.intern(s.currency));
    c.contract.push_back(c.contracts.intern(s.contract));
    c.mode.push_back(s.mode ? static_cast<std::uint32_t>(*s.mode) + 1 : 0);
    c.days.push_back(s.date.days_since_epoch());
  }
  return c;
}

}  // namespace sanx::model
