// Typologies in the checker: the weighted rules are resolved across namespaces and annotated for the
// compiler; names, meta and bands are checked (the error codes have goldens in tests/golden/check).
#include <catch2/catch.hpp>

#include "check/check_test_support.hpp"

using sanx::testing::check_diagnostics_hold;
using sanx::testing::check_files;
using sanx::testing::check_source;
using sanx::testing::render;

namespace {

constexpr const char* kTrade = R"(namespace trade
rule uav_components {
  meta { severity = high }
  on shipment s
  when s.hs_code starts_with "8807"
}
rule late_consignee {
  meta { severity = low }
  on shipment s
  when s.consignee.incorporated > 2022-02-24
}
)";

/// A typology on shipments with the given body lines after `on shipment`, in namespace `profiles`.
std::string typology(const std::string& body, const std::string& meta = "severity = high") {
  return "namespace profiles\ntypology t {\n  meta { " + meta + " }\n  on shipment\n" + body + "}\n";
}

const std::string kBands = "  band [0, 2) -> clear\n  band [2, 3.5) -> review\n  band [3.5, ..) -> block\n";

}  // namespace

TEST_CASE("a typology's weights resolve to rules of other namespaces and files", "[check][typology]") {
  const auto checked = check_files({{"trade.rules", kTrade},
                                    {"profiles.rules", typology("  weight trade.late_consignee = 1\n"
                                                                "  weight trade.uav_components = 2.5\n" + kBands)}});
  INFO(render(checked.diagnostics));
  REQUIRE(checked.diagnostics.empty());
  const auto& t = checked.pack.files[1].typologies[0];
  CHECK(t.weights[0].file == 0);
  CHECK(t.weights[0].rule_index == 1);
  CHECK(t.weights[1].rule_index == 0);
  CHECK(t.bands[2].resolved == sanx::dsl::ast::TypologyOutcome::block);
}

TEST_CASE("an unqualified weight names a rule of the typology's own namespace", "[check][typology]") {
  const auto checked =
      check_files({{"trade.rules", kTrade}, {"profiles.rules", typology("  weight uav_components = 2\n" + kBands)}});
  check_diagnostics_hold(checked.diagnostics, "E0213", 5, 10);
}

TEST_CASE("bands may be written in any order", "[check][typology]") {
  const auto checked = check_files(
      {{"trade.rules", kTrade},
       {"profiles.rules", typology("  weight trade.uav_components = 2\n  band [2, ..) -> block\n  band [0, 2) -> clear\n")}});
  INFO(render(checked.diagnostics));
  CHECK(checked.diagnostics.empty());
}

TEST_CASE("a typology named like a rule of its namespace is a duplicate", "[check][typology]") {
  const auto checked = check_source(std::string(kTrade) +
                                    "typology uav_components {\n  meta { severity = low }\n  on shipment\n"
                                    "  weight late_consignee = 1\n  band [0, 1) -> clear\n  band [1, ..) -> review\n}\n");
  check_diagnostics_hold(checked.diagnostics, "E0101", 12, 10);
}

TEST_CASE("a typology needs a severity and takes no effective date", "[check][typology]") {
  const auto no_severity =
      check_files({{"trade.rules", kTrade}, {"profiles.rules", typology("  weight trade.uav_components = 2\n" + kBands,
                                                                        "title = \"x\"")}});
  check_diagnostics_hold(no_severity.diagnostics, "E0301", 2, 10);
  const auto effective = check_files(
      {{"trade.rules", kTrade},
       {"profiles.rules", typology("  weight trade.uav_components = 2\n" + kBands, "severity = low effective = 2024-01-01")}});
  INFO(render(effective.diagnostics));
  CHECK_FALSE(effective.diagnostics.has_errors());
  REQUIRE(effective.diagnostics.items().size() == 1);
  CHECK(effective.diagnostics.items()[0].code == "W0401");
}

TEST_CASE("a typology on an unknown subject kind is reported at the kind", "[check][typology]") {
  const auto checked = check_source(std::string(kTrade) +
                                    "typology t {\n  meta { severity = low }\n  on shipments\n"
                                    "  weight uav_components = 1\n  band [0, 1) -> clear\n  band [1, ..) -> review\n}\n");
  check_diagnostics_hold(checked.diagnostics, "E0109", 14, 6);
}

TEST_CASE("a shifted window in days or in months is accepted", "[check][window]") {
  for (const char* window : {"within 730d to 1095d before", "within 1y to 3y after", "within 0d to 30d before"}) {
    const auto checked = check_source(std::string("rule r {\n  meta { severity = low }\n  on shipment s\n"
                                                  "  when count shipment q where q.exporter == s.exporter ") +
                                      window + " > 1\n}\n");
    INFO(window << "\n" << render(checked.diagnostics));
    CHECK(checked.diagnostics.empty());
  }
}
