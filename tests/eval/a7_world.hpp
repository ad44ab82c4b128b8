// Random worlds in the shape of pack A7 (third-party payers) for the window tests: payments and shipments
// among a few parties, linked by references and contracts or by currency and value, each sometimes
// missing so that conditions are sometimes undecided.
#pragma once

#include <array>
#include <random>
#include <vector>

#include "eval/eval_test_support.hpp"

namespace sanx::test {

/// What the values of a world are drawn from ("" is a missing value).
struct A7Shape {
  std::vector<const char*> references{"", "", "C1", "C2", "C3"};  ///< payments' references
  std::vector<const char*> payment_currencies{"EUR", "USD"};
  std::vector<const char*> contracts{"C1", "C2", "C3"};
  std::size_t contracted = 1;  ///< of 3 shipments, how many have a contract
  std::vector<const char*> shipment_currencies{"EUR", "USD"};  ///< of shipments with one (4 in 5)
  std::size_t no_beneficiary = 0;  ///< every n-th payment has no beneficiary at all (0: none)
  std::size_t month_dated = 0;     ///< every n-th payment is dated by its month alone (0: none)
};

/// 400 payments and 300 shipments among four companies in four countries and one unknown party, over 150
/// days; a shipment's value is missing 1 time in 5, its currency 1 in 5.
inline model::Dataset a7_world(std::uint64_t seed, const A7Shape& shape = {}) {
  constexpr std::array parties{"demo:a", "demo:b", "demo:c", "demo:d", "demo:nobody"};
  std::mt19937_64 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  World w;
  w.company("demo:a", "A LLC", "AE").company("demo:b", "B LLC", "CN").company("demo:c", "C LLC", "KZ")
      .company("demo:d", "D LLC", "RU");
  auto day = [&] { return core::Date::from_days_since_epoch(19700 + static_cast<std::int32_t>(pick(150))); };
  for (int i = 0; i < 400; ++i) {
    model::Payment p = payment(fmt::format("P{}", i), day().to_string(), "A", "B", fmt::format("{}", 100 + 50 * pick(8)));
    p.originator = parties[pick(parties.size())];
    p.beneficiary = parties[pick(parties.size())];
    p.currency = shape.payment_currencies[pick(shape.payment_currencies.size())];
    p.reference = shape.references[pick(shape.references.size())];
    // By position, not drawn: worlds without these keep their random sequence.
    const auto at = static_cast<std::size_t>(i);
    if (shape.no_beneficiary != 0 && at % shape.no_beneficiary == 0) p.beneficiary.clear();
    if (shape.month_dated != 0 && (at + 1) % shape.month_dated == 0) {
      p.date = *core::Date::parse_iso(fmt::format("{:04}-{:02}", p.date.year(), p.date.month()));
    }
    w.payment(std::move(p));
  }
  constexpr std::array hs{"854239", "870899", "847130", "620342"};
  constexpr std::array countries{"RU", "KZ", "AE", "TR"};
  for (int i = 0; i < 300; ++i) {
    model::Shipment s;
    s.id = fmt::format("S{}", i);
    s.date = day();
    s.exporter = parties[pick(parties.size())];
    s.consignee = parties[pick(parties.size())];
    s.hs_code = hs[pick(hs.size())];
    s.destination = countries[pick(countries.size())];
    if (pick(5) != 0) s.value = dec(fmt::format("{}", 100 + 50 * pick(8)));
    if (pick(5) != 0) s.currency = shape.shipment_currencies[pick(shape.shipment_currencies.size())];
    if (pick(3) < shape.contracted) s.contract = shape.contracts[pick(shape.contracts.size())];
    w.shipment(std::move(s));
  }
  return w.build();
}

}  // namespace sanx::test
