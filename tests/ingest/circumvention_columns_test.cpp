// The canonical columns added for the circumvention packs (issue 7): all optional, checked as they are
// read, each bad value reported at its line and column. docs/data-formats.md lists them.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "ingest/ingest_test_support.hpp"

using sanx::model::FileKind;
using sanx::testing::check_fails_with;
using sanx::testing::read_canonical;

namespace {

/// The 1-based column where `part` first appears in `row`: where a diagnostic about it must point.
std::uint32_t column_of(std::string_view row, std::string_view part) {
  return static_cast<std::uint32_t>(row.find(part) + 1);
}


constexpr std::string_view kEntities = "id,kind,name,sectors,web_presence,phones\n";
constexpr std::string_view kPayments =
    "id,date,originator,beneficiary,originator_bic,network,currency,amount,ordering_bic,reference,channel\n";
constexpr std::string_view kShipments =
    "id,date,exporter,consignee,hs_code,origin,destination,notify_party,contract,contract_date,no_russia_clause,"
    "loading_port,discharge_port,quantity,unit\n";

sanx::testing::CanonicalResult read(FileKind kind, std::string_view header, std::string_view row) {
  return read_canonical(kind, std::string(header) + std::string(row) + "\n");
}

/// A file of `kind` with the one row `row` gives exactly one error: `code` at the column of `part` in line
/// 2, with `message`, and no row reaches the sink. Returns the result for further checks.
sanx::testing::CanonicalResult check_error_at(FileKind kind, std::string_view header, std::string_view row,
                                              std::string_view code, std::string_view part,
                                              std::string_view message) {
  auto r = read(kind, header, row);
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.error_count() == 1);
  const auto* d = check_fails_with(r.diags, code, 2, column_of(row, part));
  if (d != nullptr) CHECK(d->message == message);
  CHECK(r.sink.total() == 0);
  return r;
}

}  // namespace

TEST_CASE("sectors, web presence and phones are read, phones normalised to + and digits", "[ingest][canonical][issue7]") {
  const auto r = read(FileKind::entities, kEntities,
                      "demo:acme,company,Acme,general_trading | ru.manufacturing,thin,+971 4 555-0101|0044 (20) 7946.0958");
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.empty());
  REQUIRE(r.sink.entities.size() == 1);
  const auto& e = r.sink.entities[0].first;
  CHECK(e.sectors == std::vector<std::string>{"general_trading", "ru.manufacturing"});
  CHECK(e.web_presence == sanx::model::WebPresence::thin);
  CHECK(e.phones == std::vector<std::string>{"+97145550101", "+442079460958"});
}

TEST_CASE("an entities file without the new columns, or with them empty, gives none of them", "[ingest][canonical][issue7]") {
  const auto r = read(FileKind::entities, kEntities, "demo:acme,company,Acme,,,");
  REQUIRE(r.sink.entities.size() == 1);
  const auto& e = r.sink.entities[0].first;
  CHECK(e.sectors.empty());
  CHECK(!e.web_presence);
  CHECK(e.phones.empty());
}

TEST_CASE("a phone number without its country code, or with letters, is E2023 at the number", "[ingest][canonical][issue7]") {
  const std::string_view local = "demo:acme,company,Acme,,,+971 4 555-0101|04 555 0101";
  check_error_at(FileKind::entities, kEntities, local, "E2023", "04 555",
                 "invalid phone number `04 555 0101` in column `phones`");
  const std::string_view letters = "demo:acme,company,Acme,,,+1 800 FLOWERS";
  check_error_at(FileKind::entities, kEntities, letters, "E2023", "+1 800",
                 "invalid phone number `+1 800 FLOWERS` in column `phones`");
  const std::string_view short_number = "demo:acme,company,Acme,,,+49 123";
  check_error_at(FileKind::entities, kEntities, short_number, "E2023", "+49",
                 "invalid phone number `+49 123` in column `phones`");
}

TEST_CASE("a web presence other than none, thin or normal is E2009", "[ingest][canonical][issue7]") {
  const std::string_view row = "demo:acme,company,Acme,,Thin,";
  const auto r = check_error_at(FileKind::entities, kEntities, row, "E2009", "Thin",
                                "unknown web presence `Thin` in column `web_presence`");
  CHECK(sanx::testing::find_code(r.diags, "E2009")->label == "expected one of: none, thin, normal");
}

TEST_CASE("a sector that is not a lower-case word is E2009 at the sector", "[ingest][canonical][issue7]") {
  const std::string_view row = "demo:acme,company,Acme,bank|General Trading,,";
  check_error_at(FileKind::entities, kEntities, row, "E2009", "General",
                 "invalid sector `General Trading` in column `sectors`");
}

TEST_CASE("a branch relation is read; a share or a basis on it is E2017", "[ingest][canonical][issue7]") {
  const std::string_view header = "source,target,kind,share,basis,start,end\n";
  const auto ok = read(FileKind::relations, header, "demo:vtb,demo:sber,branch,,,2019,");
  INFO(sanx::testing::dump(ok.diags));
  CHECK(ok.diags.empty());
  REQUIRE(ok.sink.relations.size() == 1);
  CHECK(ok.sink.relations[0].first.kind == sanx::model::RelationKind::branch);

  const std::string_view share = "demo:vtb,demo:sber,branch,100,,,";
  check_error_at(FileKind::relations, header, share, "E2017", "100",
                 "a share is given for a `branch` relation; shares belong to ownership only");
  const std::string_view basis = "demo:vtb,demo:sber,branch,,nominee,,";
  check_error_at(FileKind::relations, header, basis, "E2017", "nominee",
                 "a basis is given for a `branch` relation; a branch is part of its head office");
}

TEST_CASE("ordering BIC, reference and channel are read; an empty channel is a transfer", "[ingest][canonical][issue7]") {
  const auto r = read_canonical(FileKind::payments,
                                std::string(kPayments) +
                                    "P-1,2024-03-01,demo:acme,demo:ivanov,VTBRRUMM,MIR,RUB,100,SABRRUMMXXX,INV-2024/17,pos\n"
                                    "P-2,2024-03-01,demo:acme,demo:ivanov,VTBRRUMM,SWIFT,USD,100,,,\n");
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.empty());
  REQUIRE(r.sink.payments.size() == 2);
  const auto& card = r.sink.payments[0].first;
  CHECK(card.ordering_bic == "SABRRUMMXXX");
  CHECK(card.reference == "INV-2024/17");
  CHECK(card.channel == sanx::model::Channel::pos);
  const auto& wire = r.sink.payments[1].first;
  CHECK(wire.ordering_bic.empty());
  CHECK(wire.reference.empty());
  CHECK(wire.channel == sanx::model::Channel::transfer);
}

TEST_CASE("an unknown channel is E2009, and a malformed ordering BIC E2016", "[ingest][canonical][issue7]") {
  const std::string_view channel = "P-1,2024-03-01,demo:acme,demo:ivanov,VTBRRUMM,MIR,RUB,100,,,card";
  const auto r = check_error_at(FileKind::payments, kPayments, channel, "E2009", "card",
                                "unknown channel `card` in column `channel`");
  CHECK(sanx::testing::find_code(r.diags, "E2009")->label ==
        "expected one of: transfer, atm, pos, ecom (empty means transfer)");
  const std::string_view bic = "P-1,2024-03-01,demo:acme,demo:ivanov,VTBRRUMM,MIR,RUB,100,SABR-RU,,";
  check_error_at(FileKind::payments, kPayments, bic, "E2016", "SABR-RU",
                 "invalid BIC `SABR-RU` in column `ordering_bic`");
}

TEST_CASE("notify party, contract, clause, ports, quantity and unit are read", "[ingest][canonical][issue7]") {
  const auto r = read_canonical(
      FileKind::shipments,
      std::string(kShipments) +
          "S-1,2024-04-02,demo:acme,demo:ivanov,8542.31,CN,KZ,demo:vtb,C-77,2024-01,yes,Amirabad,Makhachkala,12.5,kg\n"
          "S-2,2024-04-03,demo:acme,demo:ivanov,8542.31,CN,KZ,,,,no,,,,\n"
          "S-3,2024-04-04,demo:acme,demo:ivanov,8542.31,CN,KZ,,,,,,,,\n");
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.empty());
  REQUIRE(r.sink.shipments.size() == 3);
  const auto& s = r.sink.shipments[0].first;
  CHECK(s.notify_party == "demo:vtb");
  CHECK(s.contract == "C-77");
  CHECK(s.contract_date == sanx::core::Date::parse_iso("2024-01"));
  CHECK(s.no_russia_clause == true);
  CHECK(s.loading_port == "Amirabad");
  CHECK(s.discharge_port == "Makhachkala");
  CHECK(s.quantity == sanx::core::Decimal::parse("12.5"));
  CHECK(s.unit == "kg");
  CHECK(r.sink.shipments[1].first.no_russia_clause == false);
  const auto& empty = r.sink.shipments[2].first;
  CHECK(!empty.no_russia_clause);
  CHECK(!empty.quantity);
  CHECK(!empty.contract_date);
  CHECK(empty.notify_party.empty());
}

TEST_CASE("bad shipment values are reported at the value: clause, quantity, unit, notify party, contract date",
          "[ingest][canonical][issue7]") {
  const std::string_view clause = "S-1,2024-04-02,demo:acme,demo:ivanov,8542.31,CN,KZ,,,,true,,,,";
  check_error_at(FileKind::shipments, kShipments, clause, "E2009", "true",
                 "invalid value `true` in column `no_russia_clause`");
  const std::string_view negative = "S-1,2024-04-02,demo:acme,demo:ivanov,8542.31,CN,KZ,,,,,,,-3,t";
  check_error_at(FileKind::shipments, kShipments, negative, "E2017", "-3",
                 "quantity `-3` in column `quantity` is negative");
  const std::string_view unit = "S-1,2024-04-02,demo:acme,demo:ivanov,8542.31,CN,KZ,,,,,,,3,KG";
  const auto u =
      check_error_at(FileKind::shipments, kShipments, unit, "E2009", "KG", "invalid unit `KG` in column `unit`");
  CHECK(sanx::testing::find_code(u.diags, "E2009")->notes == std::vector<std::string>{"help: write `kg`"});
  const std::string_view party = "S-1,2024-04-02,demo:acme,demo:ivanov,8542.31,CN,KZ,demo:nobody,,,,,,,";
  check_error_at(FileKind::shipments, kShipments, party, "E2004", "demo:nobody",
                 "unknown entity `demo:nobody` in column `notify_party`");
  const std::string_view date = "S-1,2024-04-02,demo:acme,demo:ivanov,8542.31,CN,KZ,,C-1,2024-13,,,,,";
  check_error_at(FileKind::shipments, kShipments, date, "E2002", "2024-13",
                 "invalid date `2024-13` in column `contract_date`");
}
