// Parsing typologies and shifted windows: what each part becomes in the AST, with spans, and how a
// mistake inside a typology is reported (docs/dsl.md, "Typologies" and "Windows").
#include <catch2/catch.hpp>

#include <string>

#include "sanx/dsl/parse.hpp"

namespace core = sanx::core;
namespace dsl = sanx::dsl;
namespace ast = sanx::dsl::ast;

namespace {

struct Parsed {
  core::SourceMap sources;
  dsl::ParseResult result;
};

Parsed parse_text(std::string text) {
  Parsed p;
  const core::FileId id = p.sources.add("test.rules", std::move(text));
  p.result = dsl::parse(p.sources, id);
  return p;
}

std::string rendered(const core::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) out += core::render_text(d) + "\n";
  return out;
}

std::string text_of(const Parsed& p, const core::Span& s) { return std::string(p.sources.text(s)); }

constexpr const char* kTypology = R"(typology pf_profile {
  meta { title = "Proliferation financing" severity = high }
  on shipment
  weight uav_components = 2
  weight payments.third_party_payer = 1.5
  band [0, 2) -> clear
  band [2, 4) -> review
  band [4, ..) -> block
}
)";

/// The one diagnostic of parsing `text`, rendered.
std::string only_error(const std::string& text) {
  const Parsed p = parse_text(text);
  REQUIRE(p.result.diagnostics.items().size() == 1);
  return p.result.diagnostics.items()[0].message;
}

}  // namespace

TEST_CASE("a typology parses into its meta, subject kind, weights and bands", "[dsl][typology]") {
  const Parsed p = parse_text(kTypology);
  INFO(rendered(p.result.diagnostics));
  REQUIRE(p.result.diagnostics.empty());
  REQUIRE(p.result.file.typologies.size() == 1);
  const ast::TypologyDecl& t = p.result.file.typologies[0];
  CHECK(t.name.name == "pf_profile");
  CHECK(t.meta.size() == 2);
  CHECK(t.subject_kind.name == "shipment");
  REQUIRE(t.weights.size() == 2);
  CHECK_FALSE(t.weights[0].namespace_name.has_value());
  CHECK(t.weights[0].rule.name == "uav_components");
  CHECK(t.weights[0].weight.kind == ast::LiteralKind::integer);
  CHECK(t.weights[0].weight.integer == 2);
  CHECK(t.weights[1].namespace_name->name == "payments");
  CHECK(t.weights[1].rule.name == "third_party_payer");
  CHECK(text_of(p, t.weights[1].span) == "payments.third_party_payer");
  CHECK(text_of(p, t.weights[1].rule.span) == "third_party_payer");
  CHECK(t.weights[1].weight.decimal.to_string() == "1.5");
  CHECK(text_of(p, t.weights[1].weight_span) == "1.5");
  REQUIRE(t.bands.size() == 3);
  CHECK(t.bands[1].low.integer == 2);
  CHECK(t.bands[1].high->integer == 4);
  CHECK(t.bands[1].outcome.name == "review");
  CHECK(text_of(p, t.bands[1].span) == "[2, 4) -> review");
  CHECK_FALSE(t.bands[2].high.has_value());
  CHECK(text_of(p, t.bands[2].high_span) == "..");
  CHECK(text_of(p, t.span) == std::string(kTypology).substr(0, std::string(kTypology).size() - 1));
}

TEST_CASE("a typology sits among rules and the parser resynchronises at the next typology", "[dsl][typology]") {
  const Parsed p = parse_text(std::string("rule r {\n  on payment p\n  when true\n}\n") +
                              "typology broken {\n  on shipment\n  weight = 2\n}\n" + kTypology);
  CHECK(p.result.file.rules.size() == 1);
  CHECK(p.result.file.typologies.size() == 1);
  REQUIRE(p.result.diagnostics.items().size() == 1);
  CHECK(p.result.diagnostics.items()[0].message ==
        "expected a rule name (`rule` or `namespace.rule`), found `=`");
}

TEST_CASE("a typology without weights or bands, or with a closed band, names what was expected",
          "[dsl][typology]") {
  CHECK(only_error("typology t {\n  on shipment\n  band [0, ..) -> clear\n}\n") ==
        "expected a `weight` entry, found `band`");
  CHECK(only_error("typology t {\n  on shipment\n  weight r = 1\n}\n") == "expected a `band`, found `}`");
  CHECK(only_error("typology t {\n  on shipment\n  weight r = 1\n  band [0, 1] -> clear\n}\n") ==
        "expected `)` to close the band (bands are half-open: `[low, high)`), found `]`");
  CHECK(only_error("typology t {\n  on shipment\n  weight r = 1\n  band [0, ..) -> clear\n  weight s = 1\n}\n") ==
        "expected `band` or `}` to close typology, found `weight`");
}

TEST_CASE("typology is a reserved word", "[dsl][typology]") {
  const Parsed p = parse_text("rule r {\n  on payment p\n  let typology = 1\n  when true\n}\n");
  CHECK(p.result.diagnostics.has_errors());
}

TEST_CASE("a shifted window keeps its near end as the length and its far end apart", "[dsl][window]") {
  const Parsed p = parse_text(
      "rule r {\n  on shipment s\n  when count shipment q where q.exporter == s.exporter within 730d to 1095d before > 0\n}\n");
  INFO(rendered(p.result.diagnostics));
  REQUIRE(p.result.diagnostics.empty());
  const ast::Expr& window = *p.result.file.rules[0].when->operands[0];
  REQUIRE(window.kind == ast::ExprKind::window);
  CHECK(window.window->length.duration.days == 730);
  REQUIRE(window.window->far.has_value());
  CHECK(window.window->far->duration.days == 1095);
  CHECK(text_of(p, window.window->far_span) == "1095d");
  CHECK(window.window->direction == ast::WindowDirection::before);
}

TEST_CASE("a plain window has no far end", "[dsl][window]") {
  const Parsed p =
      parse_text("rule r {\n  on shipment s\n  when count shipment q where q.exporter == s.exporter within 30d after > 0\n}\n");
  REQUIRE(p.result.diagnostics.empty());
  const ast::Expr& window = *p.result.file.rules[0].when->operands[0];
  CHECK_FALSE(window.window->far.has_value());
  CHECK(window.window->direction == ast::WindowDirection::after);
}

TEST_CASE("a shifted window without its far duration names what was expected", "[dsl][window]") {
  CHECK(only_error("rule r {\n  on shipment s\n  when count shipment q where q.exporter == s.exporter within 30d to "
                   "before > 0\n}\n") == "expected a duration (`30d`, `4w`, `18mo`), found `before`");
}
