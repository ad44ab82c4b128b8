// Specification of the payments' columns (model::PaymentColumns): one code per distinct text, the empty
// text as code 0, the banks' countries as the references resolved them, amounts as integers at the scale
// that holds most of them exactly, and purposes end to end in one buffer.
#include "sanx/model/payment_columns.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sanx/model/dataset.hpp"

namespace model = sanx::model;
using sanx::core::Decimal;

namespace {

model::Entity bank(std::string id, std::vector<std::string> countries) {
  model::Entity e;
  e.id = std::move(id);
  e.kind = model::EntityKind::bank;
  e.countries = std::move(countries);
  return e;
}

model::Payment payment(std::string currency, std::string bic, std::string_view amount, std::string purpose = "") {
  model::Payment p;
  p.currency = std::move(currency);
  p.originator_bic = std::move(bic);
  p.amount = Decimal::parse(amount).value();
  p.purpose = std::move(purpose);
  return p;
}

/// Payments 0–3 with the given amounts; the originator bank of payment i is `banks[i]` (an entity index,
/// or none).
model::Dataset world(std::vector<std::string_view> amounts, std::vector<model::EntityIx> banks = {}) {
  model::Dataset d;
  d.entities = {bank("b:ru", {"RU", "KZ"}), bank("b:none", {})};
  const std::vector<std::string> currencies{"EUR", "", "RUB", "EUR"};
  for (std::size_t i = 0; i < amounts.size(); ++i) {
    d.payments.push_back(payment(currencies[i % 4], i % 2 == 0 ? "AAAARUMM" : "", amounts[i], i == 1 ? "" : "p" + std::to_string(i)));
    model::PaymentRefs refs;
    if (i < banks.size()) refs.originator_bank = banks[i];
    d.payment_refs.push_back(refs);
  }
  d.build_payment_columns();
  return d;
}

}  // namespace

TEST_CASE("equal texts get one code and the empty text code 0", "[model][payment_columns]") {
  const model::PaymentColumns& c = world({"1", "2", "3", "4"}).payment_columns;
  REQUIRE(c.rows == 4);
  CHECK(c.currency[0] == c.currency[3]);
  CHECK(c.currency[0] != c.currency[2]);
  CHECK(c.currency[1] == 0);
  CHECK(c.currencies.text(c.currency[2]) == "RUB");
  CHECK(c.currencies.text(0).empty());
  CHECK(c.originator_bic[1] == 0);
  CHECK(c.bics.text(c.originator_bic[0]) == "AAAARUMM");
}

TEST_CASE("references are coded as the other texts, a payment without one code 0", "[model][payment_columns]") {
  model::Dataset d;
  for (const std::string_view reference : {"C-1", "", "C-1", "C-2"}) {
    model::Payment p = payment("EUR", "", "1");
    p.reference = std::string(reference);
    d.payments.push_back(p);
  }
  d.build_payment_columns();
  const model::PaymentColumns& c = d.payment_columns;
  CHECK(c.reference[0] == c.reference[2]);
  CHECK(c.reference[1] == 0);
  CHECK(c.references.text(c.reference[3]) == "C-2");
  CHECK(c.references.size() == 3);  // "", "C-1", "C-2"
}

TEST_CASE("a bank's country is its first country, and code 0 without a bank or a country", "[model][payment_columns]") {
  const model::PaymentColumns& c =
      world({"1", "1", "1", "1"}, {model::EntityIx{0}, model::EntityIx{1}, model::EntityIx{}}).payment_columns;
  CHECK(c.countries.text(c.originator_bank_country[0]) == "RU");
  CHECK(c.originator_bank_country[1] == 0);  // a bank without a country
  CHECK(c.originator_bank_country[2] == 0);  // a BIC of no known bank
  CHECK(c.originator_bank_country[3] == 0);  // no reference at all
}

TEST_CASE("amounts are integers at the scale that holds most of them exactly", "[model][payment_columns]") {
  const model::PaymentColumns& c = world({"1500.5", "-0.25", "7", "0.001"}).payment_columns;
  REQUIRE(c.amount_scale == 3);
  CHECK(c.amount_units == std::vector<std::int64_t>{1500500, -250, 7000, 1});
}

TEST_CASE("amounts not exact in 64 bits at the common scale are marked, not rounded", "[model][payment_columns]") {
  // Most amounts have two decimals; one has 18, and one is too large to take two more digits.
  const model::PaymentColumns& c = world({"10.25", "0.000000000000000001", "922337203685477580", "3.10"}).payment_columns;
  REQUIRE(c.amount_scale == 2);
  CHECK(c.amount_units[0] == 1025);
  CHECK(c.amount_units[1] == model::PaymentColumns::kInexactAmount);
  CHECK(c.amount_units[2] == model::PaymentColumns::kInexactAmount);
  CHECK(c.amount_units[3] == 310);
}

TEST_CASE("purposes lie end to end, each readable by its payment's index", "[model][payment_columns]") {
  const model::PaymentColumns& c = world({"1", "1", "1", "1"}).payment_columns;
  CHECK(c.purpose(0) == "p0");
  CHECK(c.purpose(1).empty());
  CHECK(c.purpose(3) == "p3");
  CHECK(c.purpose_text == "p0p2p3");
}

TEST_CASE("a dataset without payments has empty columns", "[model][payment_columns]") {
  model::Dataset d;
  d.build_payment_columns();
  CHECK(d.payment_columns.rows == 0);
  CHECK(d.payment_columns.purpose_offsets == std::vector<std::uint64_t>{0});
}

TEST_CASE("parties, banks and days are those of the references and dates, kNone where unresolved",
          "[model][payment_columns]") {
  model::Dataset d;
  d.entities = {bank("b:ru", {"RU"}), bank("b:ir", {"IR"})};
  const std::vector<std::string_view> dates{"2024-03-07", "2024-03", "2024", "1969-12-31"};
  for (std::size_t i = 0; i < 4; ++i) {
    model::Payment p = payment("EUR", "", "1");
    p.date = sanx::core::Date::parse_iso(dates[i]).value();
    d.payments.push_back(p);
  }
  // Payment 0 fully resolved, 1 with its beneficiary side unknown, 2 with nothing, 3 without references.
  d.payment_refs = {{model::EntityIx{0}, model::EntityIx{1}, model::EntityIx{1}, model::EntityIx{0}, {}, {}},
                    {model::EntityIx{1}, {}, model::EntityIx{0}, {}, {}, {}},
                    {}};
  d.build_payment_columns();
  const model::PaymentColumns& c = d.payment_columns;
  constexpr std::uint32_t none = model::EntityIx::kNone;
  CHECK(c.originator == std::vector<std::uint32_t>{0, 1, none, none});
  CHECK(c.beneficiary == std::vector<std::uint32_t>{1, none, none, none});
  CHECK(c.originator_bank == std::vector<std::uint32_t>{1, 0, none, none});
  CHECK(c.beneficiary_bank == std::vector<std::uint32_t>{0, none, none, none});
  for (std::size_t i = 0; i < 4; ++i) CHECK(c.days[i] == d.payments[i].date.days_since_epoch());
  CHECK(c.days[0] - c.days[3] == 19790);  // 1969-12-31 to 2024-03-07
}
