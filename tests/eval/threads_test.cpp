// Evaluation split across threads gives the same findings, in the same order, as one thread.
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "eval/build_crew.hpp"
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
    CHECK(a[i].subject() == b[i].subject());
    CHECK(a[i].outcome == b[i].outcome);
    CHECK(a[i].reason() == b[i].reason());
    CHECK(test::evidence_of(a[i]) == test::evidence_of(b[i]));
    CHECK(a[i].missing().to_vector() == b[i].missing().to_vector());
  }
}

TEST_CASE("Rules that need the setup's indexes (ownership, identity, names) find the same on one thread as on two",
          "[eval][threads]") {
  test::World w;
  w.company("demo:owner", "Owner Holding", "RU").company("demo:owned", "Owned Trading", "AE");
  w.company("demo:iran", "Persia Parts", "IR").company("demo:near", "Near Components", "TR");
  w.company("demo:alike", "Ownr Holding", "KZ").company("demo:plain", "Plain GmbH", "DE");
  w.designate("demo:owner", "OFAC", "SDN", test::day("2022-01-01"));
  model::Relation owns;
  owns.source = "demo:owner";
  owns.target = "demo:owned";
  owns.kind = model::RelationKind::ownership;
  owns.share = test::dec("60");
  w.relation(owns);
  model::Relation associate;
  associate.source = "demo:near";
  associate.target = "demo:iran";
  associate.kind = model::RelationKind::associate;
  w.relation(associate);
  const char* parties[] = {"demo:owned", "demo:near", "demo:alike", "demo:plain", "demo:iran"};
  for (std::size_t i = 0; i < 5000; ++i) {
    model::Shipment s;
    s.id = fmt::format("S{:05}", i);
    s.date = test::day(i % 2 == 0 ? "2024-02-01" : "2024-05-01");
    s.exporter = parties[i % 5];
    s.consignee = parties[(i / 5) % 5];
    s.hs_code = "847989";
    w.shipment(s);
  }
  const model::Dataset& data = w.build();
  const compile::RuleSet rules = test::compile_rules(R"(
rule owned { meta { severity = high } on shipment s when blocked(s.consignee, "OFAC") }
rule linked { meta { severity = low } on shipment s when linked_to(s.exporter, "IR", 2) }
rule alike { meta { severity = medium } on entity e let hit = name_match(e, "any", 0.8) when hit is not missing and not designated(e, "OFAC") reason "{e.name} {hit.name}" }
)");
  eval::EvalOptions one;
  one.as_of = test::day("2024-12-31");
  eval::EvalOptions two = one;
  two.threads = 2;
  const auto a = eval::evaluate(rules, data, one);
  const auto b = eval::evaluate(rules, data, two);
  const auto count = [&](std::string_view rule) {
    return std::count_if(a.begin(), a.end(), [&](const eval::Finding& f) { return f.rule() == rule; });
  };
  CHECK(count("test.owned") == 1000);   // consigned to the company the listed owner owns 60% of
  CHECK(count("test.linked") == 2000);  // exported by the Iranian company or by its associate
  CHECK(count("test.alike") == 1);      // "Ownr Holding", like the listed "Owner Holding"
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    INFO(i);
    CHECK(a[i].rule() == b[i].rule());
    CHECK(a[i].subject() == b[i].subject());
    CHECK(a[i].reason() == b[i].reason());
    CHECK(test::evidence_of(a[i]) == test::evidence_of(b[i]));
  }
}

TEST_CASE("A build crew runs every task of every stage once, whether its helpers join early, late or never",
          "[eval][threads]") {
  constexpr std::size_t kStages = 6;
  constexpr std::size_t kTasks = 200;
  for (const std::size_t helpers : {0U, 1U, 2U}) {
    INFO(helpers << " helpers");
    eval::BuildCrew crew;
    std::vector<std::atomic<int>> runs(kStages * kTasks);
    std::vector<std::thread> pool;
    for (std::size_t h = 0; h < helpers; ++h) {
      pool.emplace_back([&crew, h] {
        if (h == 1) std::this_thread::sleep_for(std::chrono::milliseconds(2));  // joins late
        crew.help();
      });
    }
    for (std::size_t stage = 0; stage < kStages; ++stage) {
      std::atomic<std::size_t> next{0};
      const std::function<void()> work = [&] {
        for (std::size_t t = next++; t < kTasks; t = next++) {
          std::this_thread::sleep_for(std::chrono::microseconds(20));
          ++runs[stage * kTasks + t];
        }
      };
      crew.run(work);
      // run() returns once the stage is done on every thread that helped with it.
      for (std::size_t t = 0; t < kTasks; ++t) REQUIRE(runs[stage * kTasks + t] == 1);
    }
    crew.finish();
    for (auto& t : pool) t.join();
    crew.help();  // after finish(): returns at once
  }
}
