// What a finding says: meta copied from the rule, subject and provenance, the rendered reason, the
// evidence, and for undetermined findings the missing paths.
#include <array>

#include "eval/eval_test_support.hpp"

using namespace sanx;
using sanx::test::payment_rule;
using sanx::test::run;
using sanx::test::small_world;

namespace {

/// P1 from small_world(), plus P2 whose beneficiary BIC names no known bank.
const model::Dataset& world_with_unknown_bank() {
  static const model::Dataset data = [] {
    test::World w;
    w.company("demo:orig", "Orig LLC", "RU")
        .company("demo:benef", "Benef GmbH", "DE")
        .bank("demo:vtb", "VTB Bank", "RU", "VTBRRUMM")
        .bank("demo:db", "Deutsche Bank", "DE", "DEUTDEFF");
    w.payment(test::payment("P1", "2024-07-01", "VTBRRUMM", "DEUTDEFF", "100", model::Network::spfs));
    w.payment(test::payment("P2", "2024-07-02", "VTBRRUMM", "UNKNRUMM", "200", model::Network::spfs));
    return w.build();
  }();
  return data;
}

/// The findings of a low-severity shipment rule `r` over `data`: `when condition`, `reason "reason"`.
std::vector<eval::Finding> shipment_findings(const model::Dataset& data, std::string_view condition,
                                             std::string_view reason) {
  return run(fmt::format("rule r {{\n  meta {{ severity = low }}\n  on shipment s\n  when {}\n  reason \"{}\"\n}}\n",
                         condition, reason),
             data);
}

/// A company with a name (demo:named, TR) and one without (demo:bare, RU).
test::World named_and_bare() {
  test::World w;
  w.company("demo:named", "Named LLC", "TR").company("demo:bare", "", "RU");
  return w;
}

/// Shipment S1 of 2024-07-01 from named_and_bare()'s demo:named to its demo:bare.
model::Shipment named_to_bare() {
  model::Shipment s;
  s.id = "S1";
  s.date = test::day("2024-07-01");
  s.exporter = "demo:named";
  s.consignee = "demo:bare";
  return s;
}

}  // namespace

TEST_CASE("A fired finding carries the rule's meta, the subject, its date and provenance", "[eval][findings]") {
  const auto findings = run(R"(
rule spfs {
  meta {
    title = "SPFS payment"
    severity = high
    pattern = "spfs_cross_border_message"
    regimes = [EU, OFAC]
    status = stable
  }
  on payment p
  when p.network == "SPFS" and p.amount > 150
})", world_with_unknown_bank());
  REQUIRE(findings.size() == 1);
  const eval::Finding& f = findings[0];
  CHECK(f.rule() == "test.spfs");
  CHECK(f.severity() == "high");
  CHECK(f.pattern() == "spfs_cross_border_message");
  CHECK(f.regimes() == std::vector<std::string>{"EU", "OFAC"});
  CHECK(f.subject_kind() == "payment");
  CHECK(f.subject() == "P2");
  CHECK(f.date() == "2024-07-02");
  CHECK(f.outcome == eval::Outcome::fired);
  CHECK(f.source() == "payments.csv:3");
  CHECK(f.missing().empty());
}

TEST_CASE("A condition that is missing gives an undetermined finding naming the missing path", "[eval][missing]") {
  const auto findings = run(payment_rule(R"(p.beneficiary_bank.country == "RU")"), world_with_unknown_bank());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject() == "P2");
  CHECK(findings[0].outcome == eval::Outcome::undetermined);
  CHECK(findings[0].missing().to_vector() == std::vector<std::string>{"p.beneficiary_bank"});
}

TEST_CASE("Missing paths through a let name the field the let stands for", "[eval][missing]") {
  const auto findings = run(R"(
rule r {
  meta { severity = low }
  on payment p
  let obank = p.originator_bank
  let bbank = p.beneficiary_bank
  when p.network == "SPFS" and not (obank.country == "RU" and bbank.country == "RU")
})", world_with_unknown_bank());
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].subject() == "P1");
  CHECK(findings[0].outcome == eval::Outcome::fired);
  CHECK(findings[1].subject() == "P2");
  CHECK(findings[1].outcome == eval::Outcome::undetermined);
  CHECK(findings[1].missing().to_vector() == std::vector<std::string>{"p.beneficiary_bank"});
}

TEST_CASE("A missing text matched in lower case names the text's path, keyword list or not", "[eval][missing]") {
  // A keyword list searches p.purpose itself, ASCII case folded; another pattern, the lowered copy.
  for (const char* pattern : {"crude|oil", "cr[u]de|oil"}) {
    INFO("pattern: " << pattern);
    const auto findings = run(payment_rule(fmt::format(R"(lower(p.purpose) matches "{}")", pattern)),
                              world_with_unknown_bank());
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].outcome == eval::Outcome::undetermined);
    CHECK(findings[0].missing().to_vector() == std::vector<std::string>{"p.purpose"});
  }
}

TEST_CASE("Missing values that did not decide the outcome are not listed", "[eval][missing]") {
  const auto findings = run(
      payment_rule(R"((p.beneficiary_bank.country == "RU" or p.originator.birth_date > 2000-01-01) and p.amount > 0)"),
      world_with_unknown_bank());
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].missing().to_vector() == std::vector<std::string>{"p.originator.birth_date"});
  CHECK(findings[1].missing().to_vector() == std::vector<std::string>{"p.beneficiary_bank", "p.originator.birth_date"});
}

TEST_CASE("A false operand of and decides the rule even when the other is missing", "[eval][missing]") {
  CHECK(run(payment_rule(R"(p.beneficiary_bank.country == "RU" and p.amount > 1000)"), world_with_unknown_bank())
            .empty());
}

TEST_CASE("With on_missing = ignore a missing condition gives no finding", "[eval][missing]") {
  CHECK(run(payment_rule(R"(p.beneficiary_bank.country == "RU")", "on_missing = ignore"), world_with_unknown_bank())
            .empty());
}

TEST_CASE("The reason interpolates values: decimals, dates, entities, and ? for missing", "[eval][reason]") {
  const auto findings =
      run(payment_rule(R"(p.amount > 150)", "",
                       "{p.id}: {p.amount} {p.currency} on {p.date} from {p.originator} via {p.originator_bank.country} "
                       "to {p.beneficiary_bank.country} {{literal}}"),
          world_with_unknown_bank());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].reason() == "P2: 200 EUR on 2024-07-02 from demo:orig (Orig LLC) via RU to ? {literal}");
}

TEST_CASE("Evidence lists each path and let used in when and reason with its value", "[eval][evidence]") {
  const auto findings = run(R"(
rule r {
  meta { severity = low }
  on payment p
  let obank = p.originator_bank
  when p.network == "SPFS" and obank.country == "RU" and designated(obank, "OFAC") == false
  reason "{p.id} via {p.beneficiary_bank.country}"
})", world_with_unknown_bank());
  REQUIRE(findings.size() == 2);
  using Evidence = std::vector<std::pair<std::string, std::string>>;
  CHECK(test::evidence_of(findings[0]) == Evidence{{"p.network", "SPFS"},
                                         {"obank.country", "RU"},
                                         {"obank", "demo:vtb (VTB Bank)"},
                                         {"p.id", "P1"},
                                         {"p.beneficiary_bank.country", "DE"}});
  CHECK(findings[1].evidence().back() == eval::EvidencePair{"p.beneficiary_bank.country", "?"});
}

TEST_CASE("Effective and expires limit a rule to subjects dated from effective up to, not including, expires", "[eval][meta]") {
  test::World w;
  for (const char* d : {"2024-06-30", "2024-07-01", "2024-07-02", "2024-07-03"}) {
    w.payment(test::payment(std::string("P-") + d, d, "A", "B"));
  }
  const auto findings =
      run(payment_rule("p.amount > 0", "effective = 2024-07-01 expires = 2024-07-03"), w.build());
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].subject() == "P-2024-07-01");
  CHECK(findings[1].subject() == "P-2024-07-02");
}

TEST_CASE("Findings are ordered by rule, then subject", "[eval][findings]") {
  const auto findings = run(R"(
rule b { meta { severity = low } on payment p when p.amount > 0 }
rule a { meta { severity = low } on payment p when p.amount > 0 }
)", world_with_unknown_bank());
  REQUIRE(findings.size() == 4);
  CHECK(findings[0].rule() == "test.b");
  CHECK(findings[0].subject() == "P1");
  CHECK(findings[1].subject() == "P2");
  CHECK(findings[2].rule() == "test.a");
}

TEST_CASE("Progress reports every subject of the kinds that have rules", "[eval][progress]") {
  const compile::RuleSet rules = test::compile_rules(payment_rule("p.amount > 0"));
  eval::EvalOptions options;
  std::size_t last_done = 0;
  std::size_t last_total = 0;
  options.progress = [&](std::size_t done, std::size_t total) {
    last_done = done;
    last_total = total;
  };
  (void)eval::evaluate(rules, small_world(), options);
  CHECK(last_done == 1);
  CHECK(last_total == 1);
}

TEST_CASE("The reason renders lists, integers, booleans, and an entity without a name as its id", "[eval][reason]") {
  test::World w = named_and_bare();
  model::Shipment s = named_to_bare();
  s.origin = "TR";
  s.route = {"GE", "AM"};
  s.destination = "RU";
  w.shipment(s);
  const auto findings = shipment_findings(
      w.build(), "len(s.route) > 1",
      "{s.route} has {len(s.route)} stops ({len(s.route) > 1}) from {s.exporter} to {s.consignee} on {s.date}");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].reason() == "[GE, AM] has 2 stops (true) from demo:named (Named LLC) to demo:bare on 2024-07-01");
  CHECK(findings[0].subject() == "S1");
  CHECK(findings[0].date() == "2024-07-01");
}

TEST_CASE("Dates other than the subject's show their own day, in the reason and the evidence", "[eval][reason]") {
  // The subject's day is written once for the finding and reused for evidence of that day only.
  test::World w;
  for (const auto& [id, contract] : {std::pair{"S1", "2024-06-30"}, std::pair{"S2", "2024-07-01"}}) {
    model::Shipment signed_then_shipped;
    signed_then_shipped.id = id;
    signed_then_shipped.contract_date = test::day(contract);
    signed_then_shipped.date = test::day("2024-07-01");
    w.shipment(signed_then_shipped);
  }
  const auto findings = shipment_findings(w.build(), "s.contract_date <= s.date",
                                          "{s.id} signed {s.contract_date}, shipped {s.date} ({s.id} again, {len(s.id)} {s.date}) ok");
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].date() == "2024-07-01");
  CHECK(findings[0].reason() == "S1 signed 2024-06-30, shipped 2024-07-01 (S1 again, 2 2024-07-01) ok");
  CHECK(findings[1].reason() == "S2 signed 2024-07-01, shipped 2024-07-01 (S2 again, 2 2024-07-01) ok");
  using Evidence = std::vector<std::pair<std::string, std::string>>;
  CHECK(test::evidence_of(findings[0]) ==
        Evidence{{"s.contract_date", "2024-06-30"}, {"s.date", "2024-07-01"}, {"s.id", "S1"}});
}

TEST_CASE("Subjects' dates read the same from the dataset's columns as from the subjects", "[eval][reason]") {
  // Loaded datasets have columns (model::PaymentColumns, ShipmentColumns), which give the subject's day
  // instead of working it out from its date; worlds built in tests have none until asked.
  test::World w;
  w.company("demo:orig", "Orig LLC", "RU").bank("demo:vtb", "VTB Bank", "RU", "VTBRRUMM");
  for (const auto& [id, day] : {std::pair{"P1", "1969-12-31"}, std::pair{"P2", "2024-02-29"}}) {
    w.payment(test::payment(id, day, "VTBRRUMM", "VTBRRUMM", "1", model::Network::spfs));
  }
  model::Shipment s;
  s.id = "S1";
  s.contract_date = test::day("2024-03-01");
  s.date = test::day("2024-02-29");
  w.shipment(s);
  model::Dataset with_columns = w.build();
  with_columns.build_payment_columns();
  with_columns.build_shipment_columns();
  REQUIRE(with_columns.payment_columns.days.size() == 2);
  REQUIRE(with_columns.shipment_columns.days.size() == 1);
  const model::Dataset without = w.build();
  REQUIRE(without.payment_columns.days.empty());
  for (const model::Dataset* data : std::array<const model::Dataset*, 2>{&with_columns, &without}) {
    const auto payments = run(payment_rule(R"(p.date < 2000-01-01 or p.date == 2024-02-29)", "", "on {p.date}"), *data);
    REQUIRE(payments.size() == 2);
    CHECK(payments[0].reason() == "on 1969-12-31");
    CHECK(payments[1].reason() == "on 2024-02-29");
    const auto shipments = shipment_findings(*data, "s.date < s.contract_date", "{s.date}");
    REQUIRE(shipments.size() == 1);
    CHECK(shipments[0].reason() == "2024-02-29");
  }
}

TEST_CASE("A placeholder that is also evidence shows the evidence's text; others are computed in place", "[eval][reason]") {
  // {obank.country}, {p.amount} and {from} are evidence items too; {p.amount + 1} and {len(...)} are not.
  const auto findings = run(R"(
rule placeholders {
  meta { severity = medium title = "placeholders and evidence" }
  on payment p
  let from = bic_country(p.originator_bic)
  let obank = p.originator_bank
  when p.amount > 150
  reason "{obank.country}/{from}: {p.amount} then {p.amount + 1} ({len(p.id)}) on {p.date}, {p.beneficiary_bank.country}"
})", world_with_unknown_bank());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].reason() == "RU/RU: 200 then 201 (2) on 2024-07-02, ?");
  using Evidence = std::vector<std::pair<std::string, std::string>>;
  CHECK(test::evidence_of(findings[0]) == Evidence{{"p.amount", "200"},
                                         {"obank.country", "RU"},
                                         {"from", "RU"},
                                         {"p.id", "P2"},
                                         {"p.date", "2024-07-02"},
                                         {"p.beneficiary_bank.country", "?"}});
}

TEST_CASE("Evidence values of every length and kind read the same in the evidence and the reason", "[eval][evidence]") {
  // Texts of 1-3, 4-7, 8-15, 16-32 and over 32 bytes, decimals with and without a fraction, negative,
  // below one, integers, booleans and missing values: each is written into the finding's evidence in
  // place, then copied into the reason.
  test::World w;
  w.company("demo:short", "Ab", "RU")
      .company("demo:long", "A company name that is well over thirty-two bytes long", "DE")
      .bank("demo:mid", "Mid-sized Bank Sixteen", "RU", "MIDBRUMM");
  model::Payment p = test::payment("P123456789", "2024-07-01", "MIDBRUMM", "", "0.005");
  p.originator = "demo:short";
  p.beneficiary = "demo:long";
  p.currency = "EU";
  w.payment(p);
  const auto findings = run(R"(
rule kinds {
  meta { severity = low }
  on payment p
  let below = p.amount - 12.5
  let whole = p.amount * 200
  let big = p.amount > 1
  let n = len(p.id)
  when p.amount < 1
  reason "{p.originator.name}|{p.beneficiary.name}|{p.originator_bank.name}|{p.currency}|{p.id}|{p.originator_bic}|{p.beneficiary_bic}|{p.beneficiary_bank.name}|{p.amount}|{below}|{whole}|{n}|{big}|{p.date}"
})", w.build());
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].reason() ==
        "Ab|A company name that is well over thirty-two bytes long|Mid-sized Bank Sixteen|EU|P123456789|MIDBRUMM|?|?|"
        "0.005|-12.495|1|10|false|2024-07-01");
  using Evidence = std::vector<std::pair<std::string, std::string>>;
  CHECK(test::evidence_of(findings[0]) == Evidence{{"p.amount", "0.005"},
                                         {"p.originator.name", "Ab"},
                                         {"p.beneficiary.name", "A company name that is well over thirty-two bytes long"},
                                         {"p.originator_bank.name", "Mid-sized Bank Sixteen"},
                                         {"p.currency", "EU"},
                                         {"p.id", "P123456789"},
                                         {"p.originator_bic", "MIDBRUMM"},
                                         {"p.beneficiary_bic", "?"},
                                         {"p.beneficiary_bank.name", "?"},
                                         {"below", "-12.495"},
                                         {"whole", "1"},
                                         {"n", "10"},
                                         {"big", "false"},
                                         {"p.date", "2024-07-01"}});
}

TEST_CASE("A shipment's texts, id and parties' names read as its fields give them, ? when missing", "[eval][evidence]") {
  test::World w = named_and_bare();
  model::Shipment s = named_to_bare();
  s.hs_code = "8471";
  s.contract = "C-7";
  w.shipment(s);
  const auto findings = shipment_findings(
      w.build(), "s.hs_code == \"8471\"",
      "{s.id} {s.hs_code} ({s.description}, {s.currency}, {s.contract}): {s.exporter.name} to {s.consignee.name} via "
      "{s.vessel.name}, {s.end_user.name}");
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].reason() == "S1 8471 (?, ?, C-7): Named LLC to ? via ?, ?");
  using Evidence = std::vector<std::pair<std::string, std::string>>;
  CHECK(test::evidence_of(findings[0]) == Evidence{{"s.hs_code", "8471"},
                                         {"s.id", "S1"},
                                         {"s.description", "?"},
                                         {"s.currency", "?"},
                                         {"s.contract", "C-7"},
                                         {"s.exporter.name", "Named LLC"},
                                         {"s.consignee.name", "?"},
                                         {"s.vessel.name", "?"},
                                         {"s.end_user.name", "?"}});
}

TEST_CASE("A finding pairs its header's evidence texts with values of its own, kept in one string",
          "[eval][findings]") {
  const auto header = std::make_shared<eval::FindingRule>();
  header->rule = "test.r";
  header->evidence = {"p.id", "empty", "p.reason", "p.id"};
  std::string values;
  std::vector<std::uint32_t> ends;
  for (const std::string_view value : {"P1", "", "a \"quoted\"\nline", "P1"}) {
    values += value;
    ends.push_back(static_cast<std::uint32_t>(values.size()));
  }
  eval::Finding f(header);
  CHECK(f.evidence().empty());  // no values yet
  f.set_evidence(values, ends);
  using Evidence = std::vector<std::pair<std::string, std::string>>;
  CHECK(test::evidence_of(f) ==
        Evidence{{"p.id", "P1"}, {"empty", ""}, {"p.reason", "a \"quoted\"\nline"}, {"p.id", "P1"}});
  const eval::Finding copy = f;
  CHECK(copy.evidence() == f.evidence());
  CHECK(&copy.header() == &f.header());  // shared, not copied
  CHECK(copy.evidence_value(2) == "a \"quoted\"\nline");
  CHECK(f.source().empty());
  f.set_source("payments.csv:7");  // kept after the values, in the same string
  CHECK(f.source() == "payments.csv:7");
  CHECK(f.evidence() == copy.evidence());
  f.set_evidence("x", std::vector<std::uint32_t>{0, 0, 1, 1});
  CHECK(test::evidence_of(f) == Evidence{{"p.id", ""}, {"empty", ""}, {"p.reason", "x"}, {"p.id", ""}});
  CHECK(f.source() == "payments.csv:7");
}

TEST_CASE("A finding keeps its reason with its evidence and source, each settable alone", "[eval][findings]") {
  const auto header = std::make_shared<eval::FindingRule>();
  header->evidence = {"p.id", "p.amount"};
  eval::Finding f(header);
  CHECK(f.reason().empty());
  f.set_reason("P1 paid 100");
  CHECK(f.reason() == "P1 paid 100");
  f.set_evidence_and_source("P1100", std::vector<std::uint32_t>{2, 5}, "payments.csv:3");
  CHECK(f.reason() == "P1 paid 100");  // kept
  f.set_reason("changed");
  CHECK(f.reason() == "changed");
  CHECK(f.evidence_value(0) == "P1");
  CHECK(f.evidence_value(1) == "100");
  CHECK(f.source() == "payments.csv:3");
  f.set_source("");
  CHECK(f.source().empty());
  CHECK(f.reason() == "changed");
  CHECK(f.evidence_value(1) == "100");
}

// An audit keeps hundreds of thousands of findings and moves each into order: every text of a finding
// lives in its one buffer, the finding itself is two shared pointers and a few counts.
static_assert(sizeof(eval::Finding) <= 48, "a finding is small");

TEST_CASE("A finding keeps its subject, date and missing paths with its other texts, each settable alone",
          "[eval][findings]") {
  const auto header = std::make_shared<eval::FindingRule>();
  header->evidence = {"p.id", "p.amount"};
  eval::Finding f(header);
  CHECK(f.subject().empty());
  CHECK(f.date().empty());
  CHECK(f.missing().empty());
  f.set_subject("P1");
  f.set_date("2024-07-01");
  f.add_missing("p.purpose");
  f.add_missing("p.originator.country");
  f.set_evidence_and_source("P1100", std::vector<std::uint32_t>{2, 5}, "payments.csv:3");
  f.set_reason("P1 paid 100");
  CHECK(f.subject() == "P1");
  CHECK(f.date() == "2024-07-01");
  CHECK(f.missing().to_vector() == std::vector<std::string>{"p.purpose", "p.originator.country"});
  CHECK(f.evidence_value(1) == "100");
  CHECK(f.source() == "payments.csv:3");
  const eval::Finding copy = f;
  f.set_subject("a longer subject id than before");
  f.set_date("");
  const std::array<std::string_view, 1> one{"p.beneficiary_bank"};
  f.set_missing(one);
  CHECK(f.subject() == "a longer subject id than before");
  CHECK(f.date().empty());
  CHECK(f.missing().to_vector() == std::vector<std::string>{"p.beneficiary_bank"});
  CHECK(f.reason() == "P1 paid 100");  // the others kept
  CHECK(f.evidence_value(0) == "P1");
  CHECK(f.source() == "payments.csv:3");
  CHECK(copy.subject() == "P1");  // a copy of its own
  CHECK(copy.missing().size() == 2);
  f.set_missing({});
  CHECK(f.missing().empty());
  CHECK(f.subject() == "a longer subject id than before");
}

TEST_CASE("Findings made without a rule share one with no name and no evidence items", "[eval][findings]") {
  const eval::Finding none;
  CHECK(none.rule().empty());
  CHECK(none.subject_kind().empty());
  CHECK(none.evidence().empty());
  CHECK(none.shared_header() != nullptr);
  CHECK(none.header().evidence.empty());
  const eval::Finding other;
  CHECK(other.shared_header() == none.shared_header());
  CHECK(&other.header() == &none.header());
  eval::Finding written;
  written.set_reason("a reason");
  CHECK(written.reason() == "a reason");
  CHECK(written.shared_header() == none.shared_header());
}

TEST_CASE("Findings written with their subject's texts into shared blocks read them back, and set_texts alone keeps them",
          "[eval][findings]") {
  const auto header = std::make_shared<eval::FindingRule>();
  header->evidence = {"p.id"};
  eval::FindingTexts texts;
  std::vector<eval::Finding> findings;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string id = "P" + std::to_string(i);
    std::vector<std::string_view> missing;
    if (i == 1) missing = {"p.purpose", "p.date"};
    eval::Finding& f = findings.emplace_back(header);
    const std::vector<std::uint32_t> ends{static_cast<std::uint32_t>(id.size())};
    f.set_texts(id, ends, "", "reason " + id, {id, i == 2 ? "" : "2024-07-0" + std::to_string(i + 1), missing}, texts);
  }
  CHECK(findings[0].subject() == "P0");
  CHECK(findings[0].date() == "2024-07-01");
  CHECK(findings[0].missing().empty());
  CHECK(findings[1].subject() == "P1");
  CHECK(findings[1].missing().to_vector() == std::vector<std::string>{"p.purpose", "p.date"});
  std::vector<std::string> seen;
  for (const std::string_view m : findings[1].missing()) seen.emplace_back(m);
  CHECK(seen == std::vector<std::string>{"p.purpose", "p.date"});
  CHECK(findings[1].reason() == "reason P1");
  CHECK(findings[1].evidence_value(0) == "P1");
  CHECK(findings[2].date().empty());
  // Only the evidence, source and reason replaced: the subject's texts stay.
  findings[1].set_texts("Q", std::vector<std::uint32_t>{1}, "x.csv:1", "new", texts);
  CHECK(findings[1].subject() == "P1");
  CHECK(findings[1].date() == "2024-07-02");
  CHECK(findings[1].missing().to_vector() == std::vector<std::string>{"p.purpose", "p.date"});
  CHECK(findings[1].evidence_value(0) == "Q");
  CHECK(findings[1].source() == "x.csv:1");
  CHECK(findings[1].reason() == "new");
}

TEST_CASE("Findings written into shared text blocks stay whole when copied, changed and outlive the blocks",
          "[eval][findings]") {
  const auto header = std::make_shared<eval::FindingRule>();
  header->evidence = {"p.id", "p.amount"};
  std::vector<eval::Finding> findings;
  {
    eval::FindingTexts texts;
    // Enough findings to fill more than one block, and one too large to share a block.
    for (std::size_t i = 0; i < 20000; ++i) {
      const std::string id = "P" + std::to_string(i);
      const std::string values = id + std::to_string(i * 10);
      const std::string reason = i == 7 ? std::string(100000, 'r') : "reason " + id;
      eval::Finding& f = findings.emplace_back(header);
      const std::vector<std::uint32_t> ends{static_cast<std::uint32_t>(id.size()),
                                            static_cast<std::uint32_t>(values.size())};
      f.set_texts(values, ends, "payments.csv:" + std::to_string(i + 2), reason, texts);
    }
  }  // the blocks live on in the findings
  const std::vector<eval::Finding> copies = findings;
  for (std::size_t i = 0; i < 20000; ++i) {
    const std::string id = "P" + std::to_string(i);
    REQUIRE(findings[i].evidence_value(0) == id);
    REQUIRE(findings[i].evidence_value(1) == std::to_string(i * 10));
    REQUIRE(findings[i].source() == "payments.csv:" + std::to_string(i + 2));
    REQUIRE(findings[i].reason() == (i == 7 ? std::string(100000, 'r') : "reason " + id));
    REQUIRE(copies[i].reason() == findings[i].reason());
    REQUIRE(copies[i].evidence() == findings[i].evidence());
  }
  findings[3].set_reason("new reason");  // a copy of its own: neither its copy nor its neighbours change
  CHECK(findings[3].reason() == "new reason");
  CHECK(findings[3].evidence_value(0) == "P3");
  CHECK(copies[3].reason() == "reason P3");
  CHECK(findings[4].reason() == "reason P4");
  findings.clear();
  CHECK(copies[19999].reason() == "reason P19999");  // the copies keep the blocks
}

TEST_CASE("The findings of one rule share one header", "[eval][findings]") {
  const auto findings = run(payment_rule(R"(p.amount > 50)"), world_with_unknown_bank());
  REQUIRE(findings.size() == 2);
  CHECK(&findings[0].header() == &findings[1].header());
  CHECK(findings[0].rule() == "test.r");
}

TEST_CASE("Dates in findings read as the data wrote them, across leap days, centuries and the epoch", "[eval][reason]") {
  const std::vector<std::string> dates = {"1969-12-31", "1970-01-01", "1900-02-28", "1900-03-01", "2000-02-29",
                                          "2000-03-01", "2023-12-31", "2024-02-29", "2024-12-31", "2100-03-01",
                                          "9999-12-31", "1000-01-01"};
  test::World w;
  w.company("demo:orig", "Orig LLC", "RU").bank("demo:vtb", "VTB Bank", "RU", "VTBRRUMM");
  for (std::size_t i = 0; i < dates.size(); ++i) {
    w.payment(test::payment("P" + std::to_string(i + 10), dates[i], "VTBRRUMM", "VTBRRUMM", "1", model::Network::spfs));
  }
  const auto findings = run(payment_rule(R"(p.network == "SPFS")", "", "on {p.date}"), w.build());
  REQUIRE(findings.size() == dates.size());
  for (std::size_t i = 0; i < dates.size(); ++i) {
    CHECK(findings[i].date() == dates[i]);  // the subject's date
    CHECK(findings[i].reason() == "on " + dates[i]);  // p.date, a value
  }
}

TEST_CASE("Findings show each date as its own day when two dates of one finding are 1,024 days apart", "[eval][findings]") {
  // The machine keeps the texts of days by day modulo 1,024: an originator incorporated 1,024 days
  // before the payment takes the payment day's place there while the finding is written, before its
  // `p.date` (evidence after `p.originator.incorporated`, in the reason's order).
  test::World w;
  w.company("demo:orig", "Orig LLC", "AE").company("demo:benef", "Benef GmbH", "DE");
  w.payment(test::payment("P1", "2024-07-01", "", "")).payment(test::payment("P2", "2024-07-01", "", ""));
  model::Dataset data = w.build();
  data.entities[data.find_entity("demo:orig").value].incorporated = test::day("2021-09-11");
  const auto findings = run(payment_rule("p.amount > 0", "", "{p.originator.incorporated} then {p.date}"), data);
  REQUIRE(findings.size() == 2);
  for (const auto& f : findings) {
    CHECK(f.date() == "2024-07-01");
    CHECK(f.reason() == "2021-09-11 then 2024-07-01");
  }
}
