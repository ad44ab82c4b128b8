// The per-rule profile (EvalOptions::profile, `sanx audit --profile`): what each rule reached, fired and
// left undetermined, counted the same with the batch filter on or off and on any number of threads.
#include <sys/resource.h>

#include "eval/eval_test_support.hpp"

using namespace sanx;

namespace {

/// 300 payments: every third over SHETAB, every fifth without a purpose.
const model::Dataset& world() {
  static const model::Dataset data = [] {
    test::World w;
    w.company("demo:orig", "Orig LLC", "RU").company("demo:benef", "Benef GmbH", "DE");
    w.bank("demo:vtb", "VTB Bank", "RU", "VTBRRUMM").bank("demo:db", "Deutsche Bank", "DE", "DEUTDEFF");
    for (int i = 0; i < 300; ++i) {
      model::Payment p = test::payment(fmt::format("P{}", i), "2024-07-01", "VTBRRUMM", "DEUTDEFF", "100",
                                       i % 3 == 0 ? model::Network::shetab : model::Network::swift);
      p.purpose = i % 5 == 0 ? "" : "goods";
      w.payment(std::move(p));
    }
    return w.build();
  }();
  return data;
}

constexpr std::string_view kPack = R"(
rule shetab {
  meta { severity = low }
  on payment p
  when p.network == "SHETAB"
}
rule goods {
  meta { severity = low }
  on payment p
  when p.purpose == "goods"
}
)";

eval::EvalProfile profile_of(bool filter, std::size_t threads) {
  eval::EvalProfile profile;
  eval::EvalOptions options;
  options.batch_filter = filter;
  options.threads = threads;
  options.profile = &profile;
  (void)eval::evaluate(test::compile_rules(kPack), world(), options);
  return profile;
}

}  // namespace

TEST_CASE("The profile counts each rule's findings by outcome and the subjects it was run on", "[eval][profile]") {
  const eval::EvalProfile p = profile_of(true, 1);
  REQUIRE(p.rules.size() == 2);
  CHECK(p.subjects == 300);
  CHECK(p.rules[0].rule == "test.shetab");
  CHECK(p.rules[0].subject_kind == "payment");
  CHECK(p.rules[0].subjects == 300);
  CHECK(p.rules[0].fired == 100);
  CHECK(p.rules[0].undetermined == 0);
  CHECK(p.rules[0].reached == 100);  // the filter decides the network: only the SHETAB payments reach it
  CHECK(p.rules[1].fired == 240);
  CHECK(p.rules[1].undetermined == 60);  // no purpose
  CHECK(p.seconds >= p.rules[0].seconds / 2);
}

TEST_CASE("Without the batch filter every subject reaches every rule, with the same findings counted",
          "[eval][profile]") {
  const eval::EvalProfile p = profile_of(false, 2);
  REQUIRE(p.rules.size() == 2);
  CHECK(p.threads == 1);  // 300 payments make one chunk
  CHECK(p.rules[0].reached == 300);
  CHECK(p.rules[0].fired == 100);
  CHECK(p.rules[1].fired == 240);
  CHECK(p.rules[1].undetermined == 60);
}

TEST_CASE("The profile counts the process's minor page faults during the evaluation only", "[eval][profile]") {
  const auto faults = [] {
    rusage usage{};
    REQUIRE(getrusage(RUSAGE_SELF, &usage) == 0);
    return static_cast<std::uint64_t>(usage.ru_minflt);
  };
  const std::uint64_t before = faults();
  const eval::EvalProfile p = profile_of(true, 2);
  const std::uint64_t after = faults();
  // Not the compiling of the rules nor the building of the world in profile_of: a part of the whole.
  CHECK(p.minor_faults <= after - before);
}

TEST_CASE("The profile's time includes the setup of the indexes the rules read, which comes before any rule",
          "[eval][profile]") {
  // name_match and blocked make the evaluation build a name-screening index and an ownership timeline.
  constexpr std::string_view kSetupPack = R"(
rule resembles {
  meta { severity = low }
  on entity e
  when name_match(e, "any", 0.9) is not missing
}
rule blocked_originator {
  meta { severity = low }
  on payment p
  when blocked(p.originator, "OFAC")
}
)";
  eval::EvalProfile profile;
  eval::EvalOptions options;
  options.profile = &profile;
  (void)eval::evaluate(test::compile_rules(kSetupPack), world(), options);
  CHECK(profile.setup_seconds > 0);
  CHECK(profile.setup_seconds <= profile.seconds);
  CHECK(profile.subjects == world().payments.size() + world().entities.size());
}
