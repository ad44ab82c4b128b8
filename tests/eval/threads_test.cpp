// Evaluation split across threads gives the same findings, in the same order, as one thread.
#include "eval/eval_test_support.hpp"

using namespace sanx;

namespace {

model::Dataset generated_world(std::size_t payments) {
  test::World w;
  w.bank("demo:vtb", "VTB Bank", "RU", "VTBRRUMM")
      .bank("demo:db", "Deutsche Bank", "DE", "DEUTDEFF")
      .bank("demo:ing", "ING", "NL", "INGBNL2A")
      .company("demo:orig", "Orig LLC", "RU")
      .company("demo:benef", "Benef GmbH", "DE");
  w.designate("demo:benef", "OFAC", "SDN", test::day("2024-03-01"));
  const char* bics[] = {"VTBRRUMM", "DEUTDEFF", "INGBNL2A", "UNKNRUMM"};
  const model::Network networks[] = {model::Network::swift, model::Network::spfs, model::Network::sepa};
  for (std::size_t i = 0; i < payments; ++i) {
    model::Payment p = test::payment(fmt::format("P{:06}", i), i % 2 == 0 ? "2024-02-01" : "2024-04-01",
                                     bics[i % 4], bics[(i / 4) % 4], fmt::format("{}.{}", i % 5000, i % 100),
                                     networks[i % 3]);
    p.purpose = i % 7 == 0 ? "drone parts" : "";
    w.payment(p);
  }
  return w.build();
}

}  // namespace

TEST_CASE("Four threads give the same findings as one", "[eval][threads]") {
  const model::Dataset data = generated_world(30000);
  const compile::RuleSet rules = test::compile_rules(R"(
rule spfs {
  meta { severity = high }
  on payment p
  let obank = p.originator_bank
  when p.network == "SPFS" and obank.country == "RU" and p.beneficiary_bank.country != "RU"
  reason "{p.id} {p.amount} {p.beneficiary_bank}"
}
rule sanctioned { meta { severity = critical } on payment p when designated(p.beneficiary, "OFAC") }
rule drones { meta { severity = medium } on payment p when lower(p.purpose) contains "drone" and p.amount >= 100 }
)");
  eval::EvalOptions one;
  eval::EvalOptions four;
  four.threads = 4;
  const auto a = eval::evaluate(rules, data, one);
  const auto b = eval::evaluate(rules, data, four);
  REQUIRE(a.size() == b.size());
  REQUIRE(a.size() > 1000);
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO(i);
    CHECK(a[i].rule() == b[i].rule());
    CHECK(a[i].subject == b[i].subject);
    CHECK(a[i].outcome == b[i].outcome);
    CHECK(a[i].reason == b[i].reason);
    CHECK(test::evidence_of(a[i]) == test::evidence_of(b[i]));
    CHECK(a[i].missing == b[i].missing);
  }
}
