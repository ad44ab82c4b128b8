// The canonical CSV reader: header mapping, one model row per valid line, and a diagnostic with the
// exact line, column and message for every kind of bad value.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "ingest/ingest_test_support.hpp"

using sanx::core::Severity;
using sanx::model::FileKind;
using sanx::testing::check_fails_with;
using sanx::testing::read_canonical;

namespace {

constexpr std::string_view kPaymentsHeader =
    "id,date,originator,beneficiary,originator_bic,beneficiary_bic,intermediary_bics,network,currency,amount,purpose\n";
// Columns of the fields of kGoodPayment: 1 5 16 26 38 47 56 57 63 67 71.
constexpr std::string_view kGoodPayment = "P-1,2024-03-01,demo:acme,demo:ivanov,VTBRRUMM,SABRRUMM,,SWIFT,USD,100,goods\n";
constexpr std::string_view kEntitiesHeader =
    "id,kind,name,aliases,country,identifiers,birth_date,incorporated,address\n";
constexpr std::string_view kRelationsHeader = "source,target,kind,share,basis,start,end\n";
constexpr std::string_view kShipmentsHeader =
    "id,date,exporter,consignee,end_user,hs_code,description,value,currency,origin,destination,route,mode,vessel\n";

std::string payments(std::string_view rows) { return std::string(kPaymentsHeader) + std::string(rows); }
std::string entities(std::string_view rows) { return std::string(kEntitiesHeader) + std::string(rows); }
std::string relations(std::string_view rows) { return std::string(kRelationsHeader) + std::string(rows); }
std::string shipments(std::string_view rows) { return std::string(kShipmentsHeader) + std::string(rows); }

std::string fixture(std::string_view name) {
  std::ifstream in(std::string(SANX_TEST_DATA_DIR) + "/ingest/" + std::string(name), std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Checks the one error of a single-row file: code, position and message.
void check_single_error(const sanx::testing::CanonicalResult& r, std::string_view code, std::uint32_t line,
                        std::uint32_t column, std::string_view message) {
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.error_count() == 1);
  const auto* d = check_fails_with(r.diags, code, line, column);
  if (d != nullptr) CHECK(d->message == message);
  CHECK(r.sink.total() == 0);
}

}  // namespace

// --- valid files ---

TEST_CASE("a valid entities file yields entities with names, aliases, scripts and identifiers",
          "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::entities, fixture("entities.csv"));
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.empty());
  REQUIRE(r.sink.entities.size() == 4);
  CHECK(r.report.rows == 4);

  const auto& [acme, acme_line] = r.sink.entities[0];
  CHECK(acme_line == 2);
  CHECK(acme.id == "demo:acme");
  CHECK(acme.kind == sanx::model::EntityKind::company);
  using sanx::model::Name;
  using sanx::model::NameKind;
  CHECK(acme.names == std::vector<Name>{{"Acme Trading LLC", NameKind::primary, "Latn"},
                                        {"Acme Trade", NameKind::aka, "Latn"},
                                        {"Acme Old", NameKind::fka, "Latn"},
                                        {"ACME", NameKind::weak, "Latn"}});
  CHECK(acme.countries == std::vector<std::string>{"AE", "RU"});
  CHECK(acme.identifiers == std::vector<sanx::model::Identifier>{{"lei", "5493001KJTIIGC8Y1R12"}});
  CHECK(acme.incorporated == sanx::core::Date::parse_iso("2019-03"));
  CHECK(!acme.birth_date);
  CHECK(acme.addresses == std::vector<std::string>{"12 Sheikh Zayed Rd, Dubai", "Moscow"});

  const auto& vtb = r.sink.entities[1].first;
  CHECK(vtb.kind == sanx::model::EntityKind::bank);
  CHECK(vtb.names == std::vector<Name>{{"Банк ВТБ", NameKind::primary, "Cyrl"}, {"VTB Bank", NameKind::aka, "Latn"}});
  CHECK(vtb.identifiers ==
        std::vector<sanx::model::Identifier>{{"bic", "VTBRRUMM"}, {"inn", "7702070139"}});
  CHECK(vtb.addresses.empty());

  const auto& ivanov = r.sink.entities[2].first;
  CHECK(ivanov.birth_date == sanx::core::Date::parse_iso("1964-05-17"));
  CHECK(ivanov.names.size() == 1);

  CHECK(r.sink.entities[3].first.names[0].text == "Ocean \"Star\"");
  CHECK(r.sink.entities[3].first.countries.empty());
}

TEST_CASE("a valid relations file yields relations with shares, bases and dates", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, fixture("relations.csv"));
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.empty());
  REQUIRE(r.sink.relations.size() == 3);
  const auto& own = r.sink.relations[0].first;
  CHECK(own.source == "demo:ivanov");
  CHECK(own.target == "demo:acme");
  CHECK(own.kind == sanx::model::RelationKind::ownership);
  CHECK(own.share == sanx::core::Decimal::parse("50.5"));
  CHECK(own.start == sanx::core::Date::parse_iso("2020-01-01"));
  CHECK(!own.end);
  const auto& control = r.sink.relations[1].first;
  CHECK(control.kind == sanx::model::RelationKind::control);
  CHECK(!control.share);
  CHECK(control.basis == "board_majority");
  CHECK(control.end == sanx::core::Date::parse_iso("2023-06"));
  CHECK(r.sink.relations[2].first.kind == sanx::model::RelationKind::associate);
  CHECK(r.sink.relations[2].first.basis.empty());
  CHECK(r.sink.relations[2].second == 4);
}

TEST_CASE("a valid designations file yields designations with upper-case regimes", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::designations, fixture("designations.csv"));
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.empty());
  REQUIRE(r.sink.designations.size() == 2);
  const auto& sdn = r.sink.designations[0].first;
  CHECK(sdn.entity == "demo:vtb");
  CHECK(sdn.regime == "OFAC");
  CHECK(sdn.list == "SDN");
  CHECK(sdn.programs == std::vector<std::string>{"RUSSIA-EO14024", "UKRAINE-EO13662"});
  CHECK(sdn.listed_from == sanx::core::Date::parse_iso("2022-02-24"));
  CHECK(!sdn.listed_to);
  const auto& eu = r.sink.designations[1].first;
  CHECK(eu.regime == "EU");
  CHECK(eu.programs.empty());
  CHECK(eu.listed_to == sanx::core::Date::parse_iso("2024-01-01"));
}

TEST_CASE("a valid payments file yields payments with networks, BICs and exact amounts", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments, fixture("payments.csv"));
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.empty());
  CHECK(r.report.unknown_bics == 0);
  REQUIRE(r.sink.payments.size() == 2);
  const auto& p = r.sink.payments[0].first;
  CHECK(p.id == "P-1");
  CHECK(p.date == sanx::core::Date::ymd(2024, 3, 1));
  CHECK(p.originator == "demo:acme");
  CHECK(p.beneficiary == "demo:ivanov");
  CHECK(p.originator_bic == "VTBRRUMM");
  CHECK(p.beneficiary_bic == "SABRRUMMXXX");
  CHECK(p.intermediary_bics == std::vector<std::string>{"VTBRRUMM", "SABRRUMM"});
  CHECK(p.network == sanx::model::Network::spfs);
  CHECK(p.currency == "RUB");
  CHECK(p.amount == *sanx::core::Decimal::parse("1250000.5"));
  CHECK(p.purpose == "invoice 17, machine parts");
  const auto& q = r.sink.payments[1].first;
  CHECK(q.network == sanx::model::Network::swift);
  CHECK(q.originator_bic.empty());
  CHECK(q.intermediary_bics.empty());  // the reused row object does not keep the previous row's list
  CHECK(q.purpose.empty());
  CHECK(r.sink.payments[1].second == 3);
}

TEST_CASE("a valid shipments file yields shipments with normalised HS codes and routes", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::shipments, fixture("shipments.csv"));
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.empty());
  REQUIRE(r.sink.shipments.size() == 2);
  const auto& s = r.sink.shipments[0].first;
  CHECK(s.hs_code == "854231");
  CHECK(s.value == sanx::core::Decimal::parse("120000"));
  CHECK(s.origin == "CN");
  CHECK(s.destination == "KZ");
  CHECK(s.route == std::vector<std::string>{"AE", "KZ"});
  CHECK(s.mode == sanx::model::TransportMode::sea);
  CHECK(s.vessel == "demo:mv-ocean");
  CHECK(s.end_user == "demo:acme");
  const auto& t = r.sink.shipments[1].first;
  CHECK(t.hs_code == "84713000");
  CHECK(!t.value);
  CHECK(!t.mode);
  CHECK(t.route.empty());
  CHECK(t.vessel.empty());
}

TEST_CASE("columns may come in any order and optional columns may be left out", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments,
                                "amount,currency,network,beneficiary,originator,date,id\n"
                                "7.25,EUR,sepa,demo:acme,demo:ivanov,2024-01-31,P-9\n");
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.empty());
  REQUIRE(r.sink.payments.size() == 1);
  CHECK(r.sink.payments[0].first.id == "P-9");
  CHECK(r.sink.payments[0].first.amount == *sanx::core::Decimal::parse("7.25"));
  CHECK(r.sink.payments[0].first.originator == "demo:ivanov");
}

TEST_CASE("the manifest's column mapping names the file's own columns", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, "owner,owned,type,pct\ndemo:ivanov,demo:acme,ownership,25\n",
                                {{"source", "owner"}, {"target", "owned"}, {"kind", "type"}, {"share", "pct"}});
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.empty());
  REQUIRE(r.sink.relations.size() == 1);
  CHECK(r.sink.relations[0].first.source == "demo:ivanov");
  CHECK(r.sink.relations[0].first.share == sanx::core::Decimal::parse("25"));
}

TEST_CASE("BOM, CRLF and a trailing 0x1A are accepted in canonical files", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations,
                                "\xEF\xBB\xBFsource,target,kind\r\ndemo:ivanov,demo:acme,family\r\n\x1A");
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.empty());
  CHECK(r.sink.relations.size() == 1);
}

TEST_CASE("trimmed spaces around values are ignored", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, " source , target ,kind\n demo:ivanov , demo:acme,director\n");
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.empty());
  REQUIRE(r.sink.relations.size() == 1);
  CHECK(r.sink.relations[0].first.source == "demo:ivanov");
}

TEST_CASE("progress is reported and ends at the file size", "[ingest][canonical]") {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
  sanx::ingest::ReadOptions options;
  options.progress = [&](std::uint64_t done, std::uint64_t total) { calls.emplace_back(done, total); };
  std::string rows;
  for (int i = 0; i < 25'000; ++i) rows += "P-" + std::to_string(i) + ",2024-03-01,demo:acme,demo:ivanov,,,,SWIFT,USD,1,\n";
  const std::string content = payments(rows);
  const auto r = read_canonical(FileKind::payments, content, {}, options);
  CHECK(r.diags.empty());
  CHECK(r.report.rows == 25'000);
  REQUIRE(calls.size() >= 3);
  CHECK(calls.back() == std::pair<std::uint64_t, std::uint64_t>{content.size(), content.size()});
}

// --- header problems ---

TEST_CASE("an empty file is E2022", "[ingest][canonical]") {
  for (const std::string_view content : {std::string_view(""), std::string_view("\n\r\n")}) {
    const auto r = read_canonical(FileKind::payments, content);
    REQUIRE(r.diags.error_count() == 1);
    const auto& d = r.diags.items()[0];
    CHECK(d.code == "E2022");
    CHECK(d.message == "data file `payments.csv` is empty");
    CHECK(d.where.file.ends_with("payments.csv"));
    CHECK(d.where.line == 0);
  }
}

TEST_CASE("a missing required column is E2008 at the start of the header", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, "source,kind\ndemo:ivanov,family\n");
  const auto* d = check_fails_with(r.diags, "E2008", 1, 1);
  REQUIRE(d != nullptr);
  CHECK(d->message == "missing required column `target`");
  CHECK(d->label == "the header has: source, kind");
  CHECK(r.diags.error_count() == 1);
  CHECK(r.sink.total() == 0);
}

TEST_CASE("a missing mapped column names its mapping", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, "source,target,kind\n", {{"target", "owned"}});
  INFO(sanx::testing::dump(r.diags));
  // `target` itself is a canonical name, but the manifest says the file calls it `owned`: it still counts.
  CHECK(r.diags.empty());
  const auto r2 = read_canonical(FileKind::relations, "source,kind\n", {{"target", "owned"}});
  const auto* d = check_fails_with(r2.diags, "E2008", 1, 1);
  REQUIRE(d != nullptr);
  CHECK(d->message == "missing required column `target` (mapped from `owned` in dataset.toml)");
}

TEST_CASE("an unknown column is E2008 at its header cell", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, "source,target,kind,weight\n");
  const auto* d = check_fails_with(r.diags, "E2008", 1, 20);
  REQUIRE(d != nullptr);
  CHECK(d->message == "unknown column `weight` in a relations file");
  CHECK(d->label == "expected one of: source, target, kind, share, basis, start, end");
  CHECK(d->where.length == 6);
}

TEST_CASE("a column mapped onto a name that is not canonical is E2008", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, "source,target,kind,pct\n", {{"percent", "pct"}});
  const auto* d = check_fails_with(r.diags, "E2008", 1, 20);
  REQUIRE(d != nullptr);
  CHECK(d->message == "column `pct` is mapped to `percent`, which is not a column of a relations file");
}

TEST_CASE("a column that appears twice is E2008 pointing at both", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, "source,target,kind,source\n");
  const auto* d = check_fails_with(r.diags, "E2008", 1, 20);
  REQUIRE(d != nullptr);
  CHECK(d->message == "column `source` appears twice");
  REQUIRE(d->related.size() == 1);
  CHECK(d->related[0].where.line == 1);
  CHECK(d->related[0].where.column == 1);
  CHECK(d->related[0].message == "first here");
}

TEST_CASE("an empty column name is E2008", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, "source,target,kind,\n");
  const auto* d = check_fails_with(r.diags, "E2008", 1, 20);
  REQUIRE(d != nullptr);
  CHECK(d->message == "empty column name in the header");
}

TEST_CASE("a malformed header stops the file without an empty-file error", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, "source,tar\"get,kind\ndemo:ivanov,demo:acme,family\n");
  CHECK(r.diags.error_count() == 1);
  check_fails_with(r.diags, "E2013", 1, 11);
  CHECK(r.sink.total() == 0);
}

// --- row problems ---

TEST_CASE("a row with too many fields is E2001 at the first extra field", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, relations("demo:ivanov,demo:acme,family,,,,,extra\n"));
  const auto* d = check_fails_with(r.diags, "E2001", 2, 34);
  REQUIRE(d != nullptr);
  CHECK(d->message == "expected 7 fields as in the header, found 8");
  CHECK(d->label == "1 field too many");
}

TEST_CASE("a row with too few fields is E2001 at the end of the line", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, relations("demo:ivanov,demo:acme,family\n"));
  const auto* d = check_fails_with(r.diags, "E2001", 2, 29);
  REQUIRE(d != nullptr);
  CHECK(d->message == "expected 7 fields as in the header, found 3");
  CHECK(d->label == "expected 4 more fields");
}

TEST_CASE("a short row ending in a multi-line field is E2001 at the end of its last line", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, relations("demo:ivanov,demo:acme,\"fam\nily\"\n"));
  const auto* d = check_fails_with(r.diags, "E2001", 3, 5);
  REQUIRE(d != nullptr);
  CHECK(d->source_line == "ily\"");
}

TEST_CASE("an empty required value is E2015", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments, payments(",2024-03-01,demo:acme,demo:ivanov,,,,SWIFT,USD,1,\n"));
  check_single_error(r, "E2015", 2, 1, "missing value in required column `id`");
}

TEST_CASE("a shipment without a destination is E2015", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::shipments, shipments("S-1,2024-02-10,demo:acme,demo:ivanov,,8542,,,,CN,,,,\n"));
  check_single_error(r, "E2015", 2, 50, "missing value in required column `destination`");
}

TEST_CASE("an invalid date is E2002 with the value in the message", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments,
                                payments("P-1,2024-13-01,demo:acme,demo:ivanov,VTBRRUMM,SABRRUMM,,SWIFT,USD,100,goods\n"));
  check_single_error(r, "E2002", 2, 5, "invalid date `2024-13-01` in column `date`");
  const auto* d = sanx::testing::find_code(r.diags, "E2002");
  REQUIRE(d != nullptr);
  CHECK(d->where.length == 10);
  CHECK(d->label == "expected a date YYYY-MM-DD");
  CHECK(d->source_line == "P-1,2024-13-01,demo:acme,demo:ivanov,VTBRRUMM,SABRRUMM,,SWIFT,USD,100,goods");
}

TEST_CASE("a payment date must be a full date", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments, payments("P-1,2024-03,demo:acme,demo:ivanov,,,,SWIFT,USD,1,\n"));
  check_single_error(r, "E2002", 2, 5, "invalid date `2024-03` in column `date`");
}

TEST_CASE("an entity's birth date may be partial but must be a date", "[ingest][canonical]") {
  const auto ok = read_canonical(FileKind::entities, entities("demo:x,person,X,,,,1964,,\n"));
  CHECK(ok.diags.empty());
  const auto r = read_canonical(FileKind::entities, entities("demo:x,person,X,,,,17.05.1964,,\n"));
  check_single_error(r, "E2002", 2, 20, "invalid date `17.05.1964` in column `birth_date`");
  CHECK(sanx::testing::find_code(r.diags, "E2002")->label == "expected a date YYYY[-MM[-DD]]");
}

TEST_CASE("an invalid amount is E2003", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments,
                                payments("P-1,2024-03-01,demo:acme,demo:ivanov,,,,SWIFT,USD,\"1,000\",\n"));
  check_single_error(r, "E2003", 2, 52, "invalid number `1,000` in column `amount`");
  const auto* d = sanx::testing::find_code(r.diags, "E2003");
  REQUIRE(d != nullptr);
  CHECK(d->where.length == 5);  // the value inside the quotes, which start at column 51
  CHECK(d->notes == std::vector<std::string>{
                        "help: write numbers without thousands separators, with `.` as the decimal point"});
}

TEST_CASE("a share written with a percent sign is E2003 with a hint", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, relations("demo:ivanov,demo:acme,ownership,25%,,,\n"));
  check_single_error(r, "E2003", 2, 33, "invalid number `25%` in column `share`");
  CHECK(sanx::testing::find_code(r.diags, "E2003")->notes == std::vector<std::string>{"help: write the percentage without `%`"});
}

TEST_CASE("an unknown entity reference is E2004", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments, payments("P-1,2024-03-01,demo:acme,demo:nobody,,,,SWIFT,USD,1,\n"));
  check_single_error(r, "E2004", 2, 26, "unknown entity `demo:nobody` in column `beneficiary`");
}

TEST_CASE("a designation of an unknown entity is E2004", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::designations, "entity,regime,list\ndemo:ghost,OFAC,SDN\n");
  check_single_error(r, "E2004", 2, 1, "unknown entity `demo:ghost` in column `entity`");
}

TEST_CASE("an id used twice in one file is E2005 pointing back at the first", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments, payments(std::string(kGoodPayment) + "P-2,2024-03-01,demo:acme,demo:ivanov,,,,SWIFT,USD,1,\n"
                                                              "P-1,2024-03-02,demo:acme,demo:ivanov,,,,SWIFT,USD,1,\n"));
  const auto* d = check_fails_with(r.diags, "E2005", 4, 1);
  REQUIRE(d != nullptr);
  CHECK(d->message == "duplicate id `P-1` in column `id`");
  REQUIRE(d->related.size() == 1);
  CHECK(d->related[0].where.line == 2);
  CHECK(d->related[0].where.column == 1);
  CHECK(d->related[0].message == "first defined here");
  CHECK(r.sink.payments.size() == 2);  // the rows before the error were handed on
}

TEST_CASE("an entity id already in the database is E2005", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::entities, entities("demo:old,company,Old Co,,,,,,\n"), {}, {}, {},
                                {"demo:old"});
  const auto* d = check_fails_with(r.diags, "E2005", 2, 1);
  REQUIRE(d != nullptr);
  CHECK(d->message == "entity id `demo:old` is already in the database");
  CHECK(d->label == "already in the database");
  CHECK(r.report.rows == 0);
}

TEST_CASE("a payment id already in the database is E2005", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments, payments(kGoodPayment), {}, {}, {}, {"P-1"});
  const auto* d = check_fails_with(r.diags, "E2005", 2, 1);
  REQUIRE(d != nullptr);
  CHECK(d->message == "payment id `P-1` is already in the database");
}

TEST_CASE("a shipment id already in the database is E2005", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::shipments, shipments("S-1,2024-02-10,demo:acme,demo:ivanov,,8542,,,,CN,KZ,,,\n"),
                                {}, {}, {}, {"S-1"});
  const auto* d = check_fails_with(r.diags, "E2005", 2, 1);
  REQUIRE(d != nullptr);
  CHECK(d->message == "shipment id `S-1` is already in the database");
}

TEST_CASE("an unknown entity kind is E2009 listing the allowed kinds", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::entities, entities("demo:x,firm,X,,,,,,\n"));
  check_single_error(r, "E2009", 2, 8, "unknown entity kind `firm` in column `kind`");
  CHECK(sanx::testing::find_code(r.diags, "E2009")->label ==
        "expected one of: person, company, organization, bank, vessel, aircraft");
}

TEST_CASE("an unknown relation kind is E2009", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, relations("demo:ivanov,demo:acme,owner,,,,\n"));
  check_single_error(r, "E2009", 2, 23, "unknown relation kind `owner` in column `kind`");
  CHECK(sanx::testing::find_code(r.diags, "E2009")->label ==
        "expected one of: ownership, control, director, family, associate, branch");
}

TEST_CASE("a control basis that is not a lower-case word is E2009", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, relations("demo:ivanov,demo:acme,control,,Board Majority,,\n"));
  check_single_error(r, "E2009", 2, 32, "invalid basis `Board Majority` in column `basis`");
}

TEST_CASE("an unknown network is E2009 listing the networks", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments, payments("P-1,2024-03-01,demo:acme,demo:ivanov,,,,TELEX,USD,1,\n"));
  check_single_error(r, "E2009", 2, 41, "unknown network `TELEX` in column `network`");
  CHECK(sanx::testing::find_code(r.diags, "E2009")->label ==
        "expected one of: SWIFT, SPFS, SEPAM, CIPS, MIR, SHETAB, SEPA, FEDWIRE, CHAPS, CARD, BOOK, OTHER");
}

TEST_CASE("an unknown transport mode is E2009", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::shipments, shipments("S-1,2024-02-10,demo:acme,demo:ivanov,,8542,,,,CN,KZ,,ship,\n"));
  check_single_error(r, "E2009", 2, 54, "unknown transport mode `ship` in column `mode`");
}

TEST_CASE("a bad country inside a list is E2010 pointing at that country", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::entities, entities("demo:x,company,X,,RU| Russia|kz,,,,\n"));
  INFO(sanx::testing::dump(r.diags));
  CHECK(r.diags.error_count() == 2);
  const auto* russia = check_fails_with(r.diags, "E2010", 2, 23);
  REQUIRE(russia != nullptr);
  CHECK(russia->message == "invalid country `Russia` in column `country`");
  CHECK(russia->where.length == 6);
  const auto* kz = check_fails_with(r.diags, "E2010", 2, 30);
  REQUIRE(kz != nullptr);
  CHECK(kz->notes == std::vector<std::string>{"help: write `KZ`"});
}

TEST_CASE("a bad shipment origin is E2010", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::shipments, shipments("S-1,2024-02-10,demo:acme,demo:ivanov,,8542,,,,XX,KZ,,,\n"));
  check_single_error(r, "E2010", 2, 47, "invalid country `XX` in column `origin`");
}

TEST_CASE("an identifier without a scheme is E2016", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::entities, entities("demo:x,company,X,,,inn:7702070139|9354521,,,\n"));
  check_single_error(r, "E2016", 2, 35, "invalid identifier `9354521` in column `identifiers`");
}

TEST_CASE("a malformed BIC in an identifier list is E2016 pointing at the BIC", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::entities, entities("demo:x,bank,X,,,bic:VTB123,,,\n"));
  check_single_error(r, "E2016", 2, 21, "invalid BIC `VTB123` in column `identifiers`");
}

TEST_CASE("a malformed payment BIC is E2016", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments, payments("P-1,2024-03-01,demo:acme,demo:ivanov,vtbrrumm,,,SWIFT,USD,1,\n"));
  check_single_error(r, "E2016", 2, 38, "invalid BIC `vtbrrumm` in column `originator_bic`");
}

TEST_CASE("a share above 100 is E2017", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, relations("demo:ivanov,demo:acme,ownership,100.5,,,\n"));
  check_single_error(r, "E2017", 2, 33, "share `100.5` in column `share` is outside 0–100");
}

TEST_CASE("a share on a relation other than ownership is E2017", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, relations("demo:ivanov,demo:acme,control,30,,,\n"));
  check_single_error(r, "E2017", 2, 31, "a share is given for a `control` relation; shares belong to ownership only");
}

TEST_CASE("a relation that ends before it starts is E2017 at the end date", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, relations("demo:ivanov,demo:acme,family,,,2021-05-01,2020\n"));
  check_single_error(r, "E2017", 2, 43, "`end` 2020 is before `start` 2021-05-01");
  // A partial end that may fall after the start is accepted.
  CHECK(read_canonical(FileKind::relations, relations("demo:ivanov,demo:acme,family,,,2021-05-01,2021\n")).diags.empty());
}

TEST_CASE("a delisting before the listing is E2017", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::designations,
                                "entity,regime,list,programs,listed_from,listed_to\ndemo:vtb,EU,EU-269,,2022-03-01,2022-02-28\n");
  check_single_error(r, "E2017", 2, 32, "`listed_to` 2022-02-28 is before `listed_from` 2022-03-01");
}

TEST_CASE("an amount of zero is E2017", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments, payments("P-1,2024-03-01,demo:acme,demo:ivanov,,,,SWIFT,USD,0.00,\n"));
  check_single_error(r, "E2017", 2, 51, "amount `0.00` in column `amount` is not positive");
}

TEST_CASE("a negative shipment value is E2017", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::shipments, shipments("S-1,2024-02-10,demo:acme,demo:ivanov,,8542,,-5,,CN,KZ,,,\n"));
  check_single_error(r, "E2017", 2, 45, "value `-5` in column `value` is negative");
}

TEST_CASE("a vessel reference to an entity that is not a vessel is E2018", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::shipments,
                                shipments("S-1,2024-02-10,demo:acme,demo:ivanov,,8542,,,,CN,KZ,,sea,demo:acme\n"));
  check_single_error(r, "E2018", 2, 58, "`demo:acme` in column `vessel` is a company, not a vessel");
}

TEST_CASE("an invalid currency is E2020", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments, payments("P-1,2024-03-01,demo:acme,demo:ivanov,,,,SWIFT,usd,1,\n"));
  check_single_error(r, "E2020", 2, 47, "invalid currency `usd` in column `currency`");
  CHECK(sanx::testing::find_code(r.diags, "E2020")->notes == std::vector<std::string>{"help: write `USD`"});
}

TEST_CASE("an HS code that is not 4 to 10 digits is E2021", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::shipments, shipments("S-1,2024-02-10,demo:acme,demo:ivanov,,85A,,,,CN,KZ,,,\n"));
  check_single_error(r, "E2021", 2, 39, "invalid HS code `85A` in column `hs_code`");
  CHECK(read_canonical(FileKind::shipments, shipments("S-1,2024-02-10,demo:acme,demo:ivanov,,854,,,,CN,KZ,,,\n"))
            .diags.error_count() == 1);
  CHECK(read_canonical(FileKind::shipments, shipments("S-1,2024-02-10,demo:acme,demo:ivanov,,85423100001,,,,CN,KZ,,,\n"))
            .diags.error_count() == 1);
}

// --- warnings ---

TEST_CASE("a well-formed BIC of no known bank is W2101 and the row is still accepted", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments,
                                payments("P-1,2024-03-01,demo:acme,demo:ivanov,VTBRRUMM,ABCDIRTH,BKCHCNBJ,SWIFT,USD,1,\n"));
  CHECK(r.diags.error_count() == 0);
  CHECK(r.diags.warning_count() == 2);
  CHECK(r.report.unknown_bics == 2);
  CHECK(r.sink.payments.size() == 1);
  const auto* d = check_fails_with(r.diags, "W2101", 2, 47);
  REQUIRE(d != nullptr);
  CHECK(d->severity == Severity::warning);
  CHECK(d->message == "BIC `ABCDIRTH` in column `beneficiary_bic` names no bank entity");
  check_fails_with(r.diags, "W2101", 2, 56);
}

TEST_CASE("at most ten W2101 warnings are shown per file, then one summary", "[ingest][canonical]") {
  std::string rows;
  for (int i = 0; i < 15; ++i) rows += "P-" + std::to_string(i) + ",2024-03-01,demo:acme,demo:ivanov,ABCDIRTH,,,SWIFT,USD,1,\n";
  const auto r = read_canonical(FileKind::payments, payments(rows));
  CHECK(r.diags.error_count() == 0);
  CHECK(r.diags.warning_count() == 10);
  CHECK(r.report.unknown_bics == 15);
  CHECK(r.sink.payments.size() == 15);
  const auto& last = r.diags.items().back();
  CHECK(last.severity == Severity::note);
  CHECK(last.code == "W2101");
  CHECK(last.message == "5 more BICs in `payments.csv` name no bank entity (only the first 10 are shown)");
}

// --- positions ---

TEST_CASE("columns after Cyrillic text count code points", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::entities, entities("demo:x,company,ООО Ромашка,Ромашка,RUS,,,,\n"));
  check_single_error(r, "E2010", 2, 36, "invalid country `RUS` in column `country`");
}

TEST_CASE("a bad value after a multi-line quoted field is placed on its physical line", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::entities,
                                entities("demo:x,company,X,,RU,,,,\"Line 1\nLine 2\"\n"
                                         "demo:y,company,Y,,RU,,,2020-02-30,\"a\nb\"\n"));
  CHECK(r.sink.entities.size() == 1);
  CHECK(r.diags.error_count() == 1);
  const auto* d = check_fails_with(r.diags, "E2002", 4, 24);
  REQUIRE(d != nullptr);
  CHECK(d->message == "invalid date `2020-02-30` in column `incorporated`");
  CHECK(d->source_line == "demo:y,company,Y,,RU,,,2020-02-30,\"a");
}

TEST_CASE("a bad value inside a multi-line quoted field is placed on its own line", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::shipments,
                                shipments("S-1,2024-02-10,demo:acme,demo:ivanov,,8542,\"long\ndescription\",,,CN,KZ,\"KZ|\n  Россия\",,\n"));
  check_single_error(r, "E2010", 4, 3, "invalid country `Россия` in column `route`");
  CHECK(sanx::testing::find_code(r.diags, "E2010")->source_line == "  Россия\",,");
}

// --- error semantics ---

TEST_CASE("after the first error no more rows reach the sink but every row is still checked",
          "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::payments,
                                payments("P-1,2024-03-01,demo:acme,demo:ivanov,,,,SWIFT,USD,1,\n"
                                         "P-2,2024-03-01,demo:acme,demo:ivanov,,,,SWIFT,USD,-1,\n"
                                         "P-3,2024-03-01,demo:acme,demo:ivanov,,,,SWIFT,USD,1,\n"
                                         "P-4,2024-03-99,demo:acme,demo:ivanov,,,,SWIFT,USD,1,\n"));
  REQUIRE(r.sink.payments.size() == 1);
  CHECK(r.sink.payments[0].first.id == "P-1");
  CHECK(r.diags.error_count() == 2);
  check_fails_with(r.diags, "E2017", 3, 51);
  check_fails_with(r.diags, "E2002", 5, 5);
}

TEST_CASE("a malformed record stops the sink like any other error", "[ingest][canonical]") {
  const auto r = read_canonical(FileKind::relations, relations("demo:ivanov,demo:acme,family,,,,\n"
                                                               "demo:ivanov,demo:acme,fam\xC0ily,,,,\n"
                                                               "demo:ivanov,demo:acme,family,,,,\n"));
  CHECK(r.sink.relations.size() == 1);
  check_fails_with(r.diags, "E2011", 3, 26);
  CHECK(r.diags.error_count() == 1);
}

TEST_CASE("checking stops after max_errors errors with a note", "[ingest][canonical]") {
  sanx::ingest::ReadOptions options;
  options.max_errors = 3;
  std::string rows;
  for (int i = 0; i < 10; ++i) rows += "demo:ivanov,demo:acme,bad,,,,\n";
  const auto r = read_canonical(FileKind::relations, relations(rows), {}, options);
  CHECK(r.diags.error_count() == 3);
  const auto& last = r.diags.items().back();
  CHECK(last.severity == Severity::note);
  CHECK(last.message == "stopped checking `relations.csv` after 3 errors");
}

TEST_CASE("max_errors 0 checks every row", "[ingest][canonical]") {
  sanx::ingest::ReadOptions options;
  options.max_errors = 0;
  std::string rows;
  for (int i = 0; i < 60; ++i) rows += "demo:ivanov,demo:acme,bad,,,,\n";
  const auto r = read_canonical(FileKind::relations, relations(rows), {}, options);
  CHECK(r.diags.error_count() == 60);
  CHECK(r.diags.items().back().severity == Severity::error);
}
