// Compiled typologies and shifted windows: weights point at the compiled rules, bands are sorted by their
// low ends, summaries carry the meta, and a window's near and far ends are kept apart.
#include "compile/ir.hpp"
#include "compile/rules_test_support.hpp"

using namespace sanx;
using sanx::test::compile_rules;

namespace {

constexpr std::string_view kPack = R"(
namespace corridors
rule big {
  meta { severity = low }
  on payment p
  when p.amount > 1000
}
rule spfs {
  meta { severity = low }
  on payment p
  when p.network == "SPFS"
}
typology profile {
  meta { severity = medium pattern = "pf_profile" status = test regimes = [EU, UK] title = "Profile" }
  on payment
  weight spfs = 1.5
  weight big = 2
  band [3, ..) -> block
  band [0, 1.5) -> clear
  band [1.5, 3) -> review
}
)";

}  // namespace

TEST_CASE("Typology summaries carry the qualified name and meta", "[compile][typology]") {
  const auto set = compile_rules(kPack);
  REQUIRE(set.typologies().size() == 1);
  CHECK(set.typologies()[0].name == "corridors.profile");
  CHECK(set.typologies()[0].subject_kind == "payment");
  CHECK(set.typologies()[0].severity == "medium");
  CHECK(set.typologies()[0].pattern == "pf_profile");
  CHECK(set.typologies()[0].status == "test");
  CHECK(set.rules().size() == 2);
}

TEST_CASE("A compiled typology weighs compiled rules and sorts its bands", "[compile][typology]") {
  const auto set = compile_rules(kPack);
  const compile::CompiledTypology& t = set.impl().typologies.at(0);
  CHECK(t.title == "Profile");
  CHECK(t.regimes == std::vector<std::string>{"EU", "UK"});
  REQUIRE(t.weights.size() == 2);
  CHECK(set.impl().rules[t.weights[0].rule].summary.name == "corridors.spfs");
  CHECK(t.weights[0].weight.to_string() == "1.5");
  CHECK(set.impl().rules[t.weights[1].rule].summary.name == "corridors.big");
  REQUIRE(t.bands.size() == 3);
  CHECK(t.bands[0].low.to_string() == "0");
  CHECK(t.bands[0].outcome == dsl::ast::TypologyOutcome::clear);
  CHECK(t.bands[1].high->to_string() == "3");
  CHECK(t.bands[2].outcome == dsl::ast::TypologyOutcome::block);
  CHECK_FALSE(t.bands[2].high.has_value());
}

TEST_CASE("A change in a typology changes the digest", "[compile][typology]") {
  std::string other(kPack);
  other.replace(other.find("weight big = 2"), 14, "weight big = 3");
  CHECK(compile_rules(kPack).digest() != compile_rules(other).digest());
}

TEST_CASE("A shifted window keeps its far end as the length and its near end apart", "[compile][window]") {
  const auto set = compile_rules(R"(
rule r {
  meta { severity = low }
  on shipment s
  when count shipment q where q.exporter == s.exporter within 24mo to 36mo before > 0
})");
  const compile::WindowSpec& w = set.impl().rules.at(0).windows.at(0);
  CHECK(w.months == 36);
  CHECK(w.near_months == 24);
  CHECK(w.days == 0);
  CHECK(w.near_days == 0);
}
