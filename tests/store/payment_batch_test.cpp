#include "store/payment_batch.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "sanx/core/date.hpp"

using sanx::store::detail::append_iso_date;
using sanx::store::detail::HashSet;
using sanx::store::detail::PaymentBatch;

TEST_CASE("payment dates are written exactly as Date::to_string writes them", "[store][batch]") {
  for (const char* iso : {"2024-03-01", "1999-12-31", "1964", "2001-07", "1000-01-01", "9999-12"}) {
    const auto d = sanx::core::Date::parse_iso(iso).value();
    std::string out = "x";
    append_iso_date(out, d);
    CHECK(out == "x" + d.to_string());
    CHECK(out == std::string("x") + iso);
  }
}

TEST_CASE("the hash set tells a hash it holds from a new one, also after growing", "[store][batch]") {
  HashSet set;
  for (std::uint64_t h = 1; h <= 20000; ++h) CHECK(set.insert(h * 0x10001));
  CHECK(set.size() == 20000);
  for (std::uint64_t h = 1; h <= 20000; ++h) CHECK_FALSE(set.insert(h * 0x10001));
  CHECK(set.insert(HashSet::hash("P-1")));
  CHECK_FALSE(set.insert(HashSet::hash("P-1")));
  set.clear();
  CHECK(set.size() == 0);
  CHECK(set.insert(HashSet::hash("P-1")));
}

TEST_CASE("the hash of any text is never the empty-slot marker", "[store][batch]") {
  CHECK(HashSet::hash("") != 0);
  CHECK(HashSet::hash("P-1") != 0);
}

TEST_CASE("a batch keeps each field of a payment and can take back its last row", "[store][batch]") {
  sanx::model::Payment p;
  p.id = "P-7";
  p.date = sanx::core::Date::parse_iso("2024-02-29").value();
  p.originator = "demo:a";
  p.beneficiary = "demo:b";
  p.intermediary_bics = {"SABRRUMM", "DEUTDEFF"};
  p.network = sanx::model::Network::cips;
  p.currency = "CNY";
  p.amount = sanx::core::Decimal::parse("1000.50").value();
  PaymentBatch batch;
  batch.add(3, p, 9);
  p.id = "P-8";
  batch.add(3, p, 10);
  batch.pop_back();
  REQUIRE(batch.rows().size() == 1);
  const auto& r = batch.rows()[0];
  CHECK(r.version == 3);
  CHECK(r.line == 9);
  CHECK(batch.text(r.text[0]) == "P-7");
  CHECK(batch.text(r.text[1]) == "2024-02-29");
  CHECK(batch.text(r.text[4]).empty());
  CHECK(batch.text(r.text[6]) == "SABRRUMM|DEUTDEFF");
  CHECK(batch.text(r.text[7]) == "CIPS");
  CHECK(batch.text(r.text[9]) == "1000.5");
  CHECK_FALSE(batch.full());
}
