// Typologies: per subject, the weights of the named rules that fired add up to a score; the band holding
// the score gives clear (no finding), review (the typology's severity) or block (critical). Undetermined
// rule findings make the typology undetermined only when they could move the subject to a stricter band.
#include <array>
#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "eval/eval_test_support.hpp"
#include "eval/typology.hpp"

using namespace sanx;

namespace {

constexpr std::string_view kRules = R"(
rule big {
  meta { severity = low }
  on payment p
  when p.amount > 1000
}
rule drone {
  meta { severity = low }
  on payment p
  when p.purpose contains "drone"
}
rule spfs {
  meta { severity = low }
  on payment p
  when p.network == "SPFS"
}
)";

// big (2) + drone (1) + spfs (1): [0, 2) clear, [2, 4) review, [4, ..) block.
const std::string kPack = std::string(kRules) + R"(
typology profile {
  meta { severity = high pattern = "pf_profile" regimes = [EU] }
  on payment
  weight big = 2
  weight drone = 1
  weight spfs = 1
  band [0, 2) -> clear
  band [2, 4) -> review
  band [4, ..) -> block
}
)";

/// A payment `id` of `amount` for `purpose` (empty: none) over `network`.
model::Payment pay(std::string id, std::string_view amount, std::string purpose, model::Network network) {
  model::Payment p = test::payment(std::move(id), "2024-07-01", "VTBRRUMM", "DEUTDEFF", amount, network);
  p.purpose = std::move(purpose);
  return p;
}

const model::Dataset& world() {
  static const model::Dataset data = [] {
    test::World w;
    w.company("demo:orig", "Orig LLC", "RU").company("demo:benef", "Benef GmbH", "DE");
    w.payment(pay("ALL", "5000", "drone parts", model::Network::spfs))     // 2 + 1 + 1 = 4
        .payment(pay("BIG", "5000", "cars", model::Network::swift))        // 2
        .payment(pay("DRONE", "100", "drone parts", model::Network::swift))  // 1
        .payment(pay("SPFS_MAYBE", "100", "", model::Network::spfs))       // 1, drone undetermined: 1 to 2
        .payment(pay("BIG_SPFS_MAYBE", "5000", "", model::Network::spfs))  // 3, drone undetermined: 3 to 4
        .payment(pay("BIG_MAYBE", "5000", "", model::Network::swift))      // 2, drone undetermined: 2 to 3
        .payment(pay("NONE", "100", "cars", model::Network::swift));       // 0
    return w.build();
  }();
  return data;
}

/// The typology's findings: subject -> "outcome severity" (outcome as the evidence gives it).
std::map<std::string, std::string> typology_results(const std::vector<eval::Finding>& findings) {
  std::map<std::string, std::string> out;
  for (const auto& f : findings) {
    if (f.rule() != "test.profile") continue;
    std::string outcome;
    for (const auto& [what, value] : f.evidence()) {
      if (what == "outcome") outcome = value;
    }
    out[std::string(f.subject())] = fmt::format("{} {} {}", f.outcome == eval::Outcome::fired ? "fired" : "undetermined", outcome,
                                 f.severity());
  }
  return out;
}

using Results = std::map<std::string, std::string>;

/// The typology's finding on `subject`, or null.
const eval::Finding* typology_finding(const std::vector<eval::Finding>& findings, std::string_view subject) {
  for (const auto& f : findings) {
    if (f.rule() == "test.profile" && f.subject() == subject) return &f;
  }
  return nullptr;
}

/// The evidence of `f` on one line: "what=value; what=value".
std::string evidence_line(const eval::Finding& f) {
  std::string out;
  for (const auto& [what, value] : f.evidence()) out.append(out.empty() ? "" : "; ").append(what).append("=").append(value);
  return out;
}

}  // namespace

TEST_CASE("A typology maps each subject's score to the band holding it", "[eval][typology]") {
  const auto results = typology_results(test::run(kPack, world()));
  CHECK(results.at("ALL") == "fired block critical");
  CHECK(results.at("BIG") == "fired review high");
  CHECK(results.count("DRONE") == 0);
  CHECK(results.count("NONE") == 0);
}

TEST_CASE("Undetermined rules make a typology undetermined only when they could reach a stricter band",
          "[eval][typology]") {
  const auto results = typology_results(test::run(kPack, world()));
  CHECK(results.at("SPFS_MAYBE") == "undetermined clear or review high");
  CHECK(results.at("BIG_SPFS_MAYBE") == "undetermined review or block critical");
  CHECK(results.at("BIG_MAYBE") == "fired review high");
}

TEST_CASE("A typology finding names the typology and carries its meta and the contributing rules",
          "[eval][typology]") {
  const auto findings = test::run(kPack, world());
  const eval::Finding* all = typology_finding(findings, "ALL");
  REQUIRE(all != nullptr);
  CHECK(all->pattern() == "pf_profile");
  CHECK(all->regimes() == std::vector<std::string>{"EU"});
  CHECK(all->subject_kind() == "payment");
  CHECK(all->date() == "2024-07-01");
  CHECK(all->reason() == "block: score 4 in [4, ..) from test.big (2), test.drone (1), test.spfs (1)");
  using Evidence = std::vector<std::pair<std::string, std::string>>;
  CHECK(test::evidence_of(*all) == Evidence{{"outcome", "block"},
                                  {"score", "4"},
                                  {"band", "[4, ..)"},
                                  {"test.big", "fired, weight 2"},
                                  {"test.drone", "fired, weight 1"},
                                  {"test.spfs", "fired, weight 1"}});
}

TEST_CASE("An undetermined typology finding says what could fire and lists the missing fields",
          "[eval][typology]") {
  const auto findings = test::run(kPack, world());
  const eval::Finding* maybe = typology_finding(findings, "BIG_SPFS_MAYBE");
  REQUIRE(maybe != nullptr);
  CHECK(maybe->reason() == "review or block: score 3 from test.big (2), test.spfs (1), up to 4 if test.drone (1) fire");
  CHECK(maybe->missing().to_vector() == std::vector<std::string>{"test.drone: p.purpose"});
  const eval::Finding* low = typology_finding(findings, "SPFS_MAYBE");
  REQUIRE(low != nullptr);
  CHECK(low->reason() == "clear or review: score 1 from test.spfs (1), up to 2 if test.drone (1) fire");
  CHECK(evidence_line(*low) ==
        "outcome=clear or review; score=1 to 2; band=[0, 2); test.drone=undetermined, weight 1; test.spfs=fired, weight 1");
}

TEST_CASE("Typology findings follow every rule finding, by typology then subject, whatever the threads",
          "[eval][typology]") {
  const auto one = test::run(kPack, world(), std::nullopt, 1);
  const auto two = test::run(kPack, world(), std::nullopt, 2);
  std::vector<std::string> order;
  bool typology_seen = false;
  bool rule_after_typology = false;
  for (const auto& f : one) {
    if (f.rule() == "test.profile") {
      typology_seen = true;
      order.emplace_back(f.subject());
    } else if (typology_seen) {
      rule_after_typology = true;
    }
  }
  CHECK_FALSE(rule_after_typology);
  CHECK(order == std::vector<std::string>{"ALL", "BIG", "SPFS_MAYBE", "BIG_SPFS_MAYBE", "BIG_MAYBE"});
  REQUIRE(one.size() == two.size());
  for (std::size_t i = 0; i < one.size(); ++i) {
    CHECK(one[i].rule() == two[i].rule());
    CHECK(one[i].subject() == two[i].subject());
  }
}

TEST_CASE("A rule with on_missing = ignore adds nothing to a typology when it cannot decide", "[eval][typology]") {
  std::string pack = kPack;
  const std::string drone = "rule drone {\n  meta { severity = low }";
  pack.replace(pack.find(drone), drone.size(), "rule drone {\n  meta { severity = low on_missing = ignore }");
  const auto results = typology_results(test::run(pack, world()));
  CHECK(results.count("SPFS_MAYBE") == 0);
  CHECK(results.at("BIG_SPFS_MAYBE") == "fired review high");
}

TEST_CASE("Decimal weights and bounds add up exactly", "[eval][typology]") {
  const std::string pack = std::string(kRules) + R"(
typology profile {
  meta { severity = medium }
  on payment
  weight big = 0.1
  weight spfs = 0.2
  band [0, 0.3) -> clear
  band [0.3, ..) -> review
}
)";
  const auto results = typology_results(test::run(pack, world()));
  CHECK(results == Results{{"ALL", "fired review medium"}, {"BIG_SPFS_MAYBE", "fired review medium"}});
}

TEST_CASE("Keyed findings are sorted by key whichever bits of the rule and subject differ", "[eval][typology]") {
  std::mt19937_64 random(13);
  const std::array<std::pair<int, int>, 5> widths{{{0, 3}, {1, 0}, {6, 20}, {20, 32}, {32, 11}}};
  for (const auto& [rule_bits, subject_bits] : widths) {
    eval::KeyedFindings keys;
    std::set<std::uint64_t> expected;
    const auto bits = [&](int n) { return n == 0 ? std::uint64_t{0} : random() >> (64 - n); };
    const std::size_t possible = std::size_t{1} << (rule_bits + subject_bits);
    while (expected.size() < std::min<std::size_t>(5000, possible)) {
      const std::uint64_t key = (bits(rule_bits) << 32) | bits(subject_bits);
      if (expected.insert(key).second) keys.emplace_back(key, nullptr);
    }
    eval::sort_by_key(keys);
    REQUIRE(keys.size() == expected.size());
    std::size_t i = 0;
    for (const std::uint64_t key : expected) REQUIRE(keys[i++].first == key);
  }
}

TEST_CASE("Typology findings of one audit list each its own contributing rules and severity", "[eval][typology]") {
  // Findings with the same rules and severity share their header: each must still carry its own.
  const auto findings = test::run(kPack, world());
  const std::map<std::string, std::string> expected{
      {"ALL", "critical | outcome; score; band; test.big; test.drone; test.spfs"},
      {"BIG", "high | outcome; score; band; test.big"},
      {"BIG_MAYBE", "high | outcome; score; band; test.big; test.drone"},
      {"BIG_SPFS_MAYBE", "critical | outcome; score; band; test.big; test.drone; test.spfs"},
      {"SPFS_MAYBE", "high | outcome; score; band; test.drone; test.spfs"}};
  std::map<std::string, std::string> seen;
  for (const auto& f : findings) {
    if (f.rule() != "test.profile") continue;
    std::string line = f.severity() + " |";
    for (std::size_t i = 0; i < f.evidence().size(); ++i) line.append(i == 0 ? " " : "; ").append(f.evidence()[i].first);
    seen[std::string(f.subject())] = line;
  }
  CHECK(seen == expected);
}
