// The parser as a specification: what each construct of docs/dsl.md turns into, with spans, and what
// each kind of mistake is reported as.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "sanx/dsl/parse.hpp"

namespace core = sanx::core;
namespace dsl = sanx::dsl;
namespace ast = sanx::dsl::ast;

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Parsed {
  core::SourceMap sources;
  dsl::ParseResult result;
};

Parsed parse_text(std::string text, std::string path = "test.rules") {
  Parsed p;
  const core::FileId id = p.sources.add(std::move(path), std::move(text));
  p.result = dsl::parse(p.sources, id);
  return p;
}

Parsed parse_fixture(std::string_view name) {
  const auto path = std::filesystem::path(SANX_TEST_DATA_DIR) / "dsl" / name;
  return parse_text(read_file(path), std::string(name));
}

std::string rendered(const core::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) out += core::render_text(d) + "\n";
  return out;
}

/// Parses `source` (one rule around `when`) and returns its condition.
const ast::Expr& condition(const Parsed& p) {
  INFO(rendered(p.result.diagnostics));
  REQUIRE(p.result.diagnostics.empty());
  REQUIRE(p.result.file.rules.size() == 1);
  return *p.result.file.rules[0].when;
}

Parsed when(std::string expression) {
  return parse_text("rule r {\n  on payment p\n  when " + std::move(expression) + "\n}\n");
}

std::string text_of(const Parsed& p, const core::Span& s) { return std::string(p.sources.text(s)); }

/// The one diagnostic of `source` has `code` at `line`:`column`.
void check_fails_with(std::string_view code, std::uint32_t line, std::uint32_t column, std::string source) {
  const Parsed p = parse_text(std::move(source));
  INFO(rendered(p.result.diagnostics));
  REQUIRE(p.result.diagnostics.size() == 1);
  const auto& d = p.result.diagnostics.items()[0];
  CHECK(d.code == code);
  CHECK(d.where.line == line);
  CHECK(d.where.column == column);
}

const core::Diagnostic& only_diagnostic(const Parsed& p) {
  INFO(rendered(p.result.diagnostics));
  REQUIRE(p.result.diagnostics.size() == 1);
  return p.result.diagnostics.items()[0];
}

}  // namespace

TEST_CASE("the example of docs/dsl.md parses into its declarations", "[dsl][parse]") {
  const Parsed p = parse_fixture("example.rules");
  INFO(rendered(p.result.diagnostics));
  REQUIRE(p.result.diagnostics.empty());
  const ast::File& f = p.result.file;

  REQUIRE(f.namespace_name);
  CHECK(f.namespace_name->name == "corridors");
  REQUIRE(f.imports.size() == 1);
  CHECK(f.imports[0].path == "reference/sets.rules");
  CHECK(text_of(p, f.imports[0].span) == "\"reference/sets.rules\"");

  REQUIRE(f.consts.size() == 1);
  CHECK(f.consts[0].name.name == "LARGE");
  CHECK(f.consts[0].value->literal.kind == ast::LiteralKind::integer);
  CHECK(f.consts[0].value->literal.integer == 1000000);
  CHECK(text_of(p, f.consts[0].span) == "const LARGE = 1000000");

  REQUIRE(f.sets.size() == 2);
  const ast::SetDecl& eaeu = f.sets[0];
  CHECK(eaeu.name.name == "EAEU");
  REQUIRE(eaeu.element_type);
  CHECK(eaeu.element_type->name == "country");
  REQUIRE(eaeu.elements.size() == 5);
  CHECK(eaeu.elements[4]->literal.string == "RU");
  CHECK_FALSE(eaeu.table);
  const ast::SetDecl& chp = f.sets[1];
  CHECK_FALSE(chp.element_type);
  REQUIRE(chp.table);
  CHECK(chp.table->path == "../datasets/reference/chp.csv");
  CHECK(chp.table->column.name == "hs6");
  REQUIRE(chp.table->where);
  CHECK(chp.table->where->binary_op == ast::BinaryOp::eq);
  CHECK(text_of(p, chp.table->where->span) == "tier == \"1\"");

  REQUIRE(f.rules.size() == 1);
  const ast::RuleDecl& r = f.rules[0];
  CHECK(r.name.name == "spfs_cross_border");
  CHECK(r.subject_kind.name == "payment");
  CHECK(r.subject.name == "p");
  REQUIRE(r.lets.size() == 2);
  CHECK(r.lets[0].name.name == "obank");
  CHECK(r.lets[0].value->kind == ast::ExprKind::field);
  CHECK(r.lets[0].value->name.name == "originator_bank");
  CHECK(r.lets[0].value->operands[0]->name.name == "p");
  CHECK(text_of(p, r.span).rfind("rule spfs_cross_border {", 0) == 0);
  CHECK(text_of(p, r.span).back() == '}');
}

TEST_CASE("meta values are literals, words and lists", "[dsl][parse][meta]") {
  const Parsed p = parse_fixture("example.rules");
  const auto& meta = p.result.file.rules.at(0).meta;
  REQUIRE(meta.size() == 7);
  CHECK(meta[0].key.name == "title");
  CHECK(meta[0].value.kind == ast::MetaValue::Kind::literal);
  CHECK(meta[0].value.literal.string == "Cross-border payment over SPFS");
  CHECK(meta[1].value.kind == ast::MetaValue::Kind::word);
  CHECK(meta[1].value.word.name == "high");
  CHECK(meta[3].value.kind == ast::MetaValue::Kind::list);
  REQUIRE(meta[3].value.items.size() == 2);
  CHECK(meta[3].value.items[1].word.name == "OFAC");
  CHECK(meta[4].value.items[0].literal.string == "EU Reg. 833/2014 Art. 5ae");
  CHECK(meta[6].value.literal.kind == ast::LiteralKind::date);
  CHECK(meta[6].value.literal.date == core::Date::ymd(2024, 6, 25));
  CHECK(text_of(p, meta[3].value.span) == "[EU, OFAC]");
}

TEST_CASE("the example's condition nests `not` over a parenthesised `and`", "[dsl][parse][precedence]") {
  const Parsed p = parse_fixture("example.rules");
  const ast::Expr& w = *p.result.file.rules.at(0).when;
  REQUIRE(w.kind == ast::ExprKind::binary);
  CHECK(w.binary_op == ast::BinaryOp::logical_and);
  CHECK(w.operands[0]->binary_op == ast::BinaryOp::eq);
  const ast::Expr& n = *w.operands[1];
  CHECK(n.kind == ast::ExprKind::unary);
  CHECK(n.unary_op == ast::UnaryOp::logical_not);
  CHECK(n.operands[0]->binary_op == ast::BinaryOp::logical_and);
  CHECK(text_of(p, n.span) == "not (obank.country == \"RU\" and bbank.country == \"RU\")");
}

TEST_CASE("spans of nodes give their line and column", "[dsl][parse][span]") {
  const Parsed p = parse_fixture("example.rules");
  const ast::RuleDecl& r = p.result.file.rules.at(0);
  const auto name = p.sources.location(r.name.span);
  CHECK(name.line == 8);
  CHECK(name.column == 6);
  CHECK(name.length == 17);
  const auto when_loc = p.sources.location(r.when->span);
  CHECK(when_loc.line == 21);
  CHECK(when_loc.column == 8);
  const ast::Expr& network = *r.when->operands[0]->operands[0];
  CHECK(network.kind == ast::ExprKind::field);
  CHECK(text_of(p, network.span) == "p.network");
  CHECK(text_of(p, network.name.span) == "network");
  const auto severity = p.sources.location(r.meta.at(1).value.span);
  CHECK(severity.line == 11);
  CHECK(severity.column == 16);
}

TEST_CASE("a reason template splits into text and interpolated expressions", "[dsl][parse][template]") {
  const Parsed p = parse_fixture("example.rules");
  const ast::RuleDecl& r = p.result.file.rules.at(0);
  REQUIRE(r.reason_span);
  CHECK(text_of(p, *r.reason_span) == "\"SPFS payment {p.id} between {obank.country} and {bbank.country}\"");
  REQUIRE(r.reason.size() == 6);
  CHECK(r.reason[0].text == "SPFS payment ");
  CHECK_FALSE(r.reason[0].expr);
  REQUIRE(r.reason[1].expr);
  CHECK(r.reason[1].expr->kind == ast::ExprKind::field);
  CHECK(text_of(p, r.reason[1].span) == "{p.id}");
  CHECK(text_of(p, r.reason[1].expr->span) == "p.id");
  const auto loc = p.sources.location(r.reason[1].expr->span);
  CHECK(loc.line == 22);
  CHECK(loc.column == 25);
  CHECK(r.reason[2].text == " between ");
  CHECK(text_of(p, r.reason[5].expr->span) == "bbank.country");
}

TEST_CASE("doubled braces in a reason are literal braces and escapes are decoded", "[dsl][parse][template]") {
  const Parsed p = parse_text("rule r {\n on payment p\n when true\n reason \"{{a}} \\\"{p.id}\\\" }}\"\n}\n");
  INFO(rendered(p.result.diagnostics));
  REQUIRE(p.result.diagnostics.empty());
  const auto& reason = p.result.file.rules.at(0).reason;
  REQUIRE(reason.size() == 3);
  CHECK(reason[0].text == "{a} \"");
  CHECK(text_of(p, reason[1].expr->span) == "p.id");
  CHECK(reason[2].text == "\" }");
}

TEST_CASE("`or` binds looser than `and`, `and` than `not`, `not` than a comparison", "[dsl][parse][precedence]") {
  const Parsed p = when("a or b and not c == d");
  const ast::Expr& e = condition(p);
  REQUIRE(e.binary_op == ast::BinaryOp::logical_or);
  CHECK(e.operands[0]->name.name == "a");
  const ast::Expr& conj = *e.operands[1];
  REQUIRE(conj.binary_op == ast::BinaryOp::logical_and);
  CHECK(conj.operands[0]->name.name == "b");
  const ast::Expr& neg = *conj.operands[1];
  REQUIRE(neg.kind == ast::ExprKind::unary);
  CHECK(neg.unary_op == ast::UnaryOp::logical_not);
  CHECK(neg.operands[0]->binary_op == ast::BinaryOp::eq);
  CHECK(text_of(p, neg.span) == "not c == d");
  CHECK(text_of(p, conj.span) == "b and not c == d");
}

TEST_CASE("arithmetic is left-associative with `*` and `/` above `+` and `-`", "[dsl][parse][precedence]") {
  const Parsed p = when("a - b - c * d / -e > 1");
  const ast::Expr& e = condition(p);
  REQUIRE(e.binary_op == ast::BinaryOp::gt);
  const ast::Expr& sum = *e.operands[0];
  REQUIRE(sum.binary_op == ast::BinaryOp::sub);
  CHECK(text_of(p, sum.operands[0]->span) == "a - b");
  const ast::Expr& quotient = *sum.operands[1];
  CHECK(quotient.binary_op == ast::BinaryOp::div);
  CHECK(quotient.operands[0]->binary_op == ast::BinaryOp::mul);
  CHECK(quotient.operands[1]->unary_op == ast::UnaryOp::negate);
}

TEST_CASE("field chains nest from the left", "[dsl][parse][field]") {
  const Parsed p = when("p.beneficiary_bank.country == \"RU\"");
  const ast::Expr& chain = *condition(p).operands[0];
  REQUIRE(chain.kind == ast::ExprKind::field);
  CHECK(chain.name.name == "country");
  const ast::Expr& inner = *chain.operands[0];
  CHECK(inner.name.name == "beneficiary_bank");
  CHECK(inner.operands[0]->kind == ast::ExprKind::name);
  CHECK(text_of(p, inner.span) == "p.beneficiary_bank");
}

TEST_CASE("a quantifier binds a variable over a collection with a `not`-level body", "[dsl][parse][quantifier]") {
  const Parsed p = when("any c in s.route: c in EAEU and x");
  const ast::Expr& e = condition(p);
  REQUIRE(e.binary_op == ast::BinaryOp::logical_and);
  const ast::Expr& q = *e.operands[0];
  REQUIRE(q.kind == ast::ExprKind::quantifier);
  CHECK(q.quantifier == ast::QuantifierKind::any);
  CHECK(q.name.name == "c");
  CHECK(text_of(p, q.name.span) == "c");
  CHECK(text_of(p, q.operands[0]->span) == "s.route");
  CHECK(q.operands[1]->binary_op == ast::BinaryOp::in);
  CHECK(text_of(p, q.span) == "any c in s.route: c in EAEU");
}

TEST_CASE("a count window binds a variable over a subject kind with a where, a length and a direction",
          "[dsl][parse][window]") {
  const Parsed p = when("count payment q where q.originator == p.originator and q.network == \"SHETAB\" "
                        "within 30d before >= 13");
  const ast::Expr& e = condition(p);
  REQUIRE(e.binary_op == ast::BinaryOp::ge);
  const ast::Expr& w = *e.operands[0];
  REQUIRE(w.kind == ast::ExprKind::window);
  REQUIRE(w.window != nullptr);
  CHECK(w.window->aggregate == ast::AggregateKind::count);
  CHECK(w.window->subject_kind.name == "payment");
  CHECK(w.name.name == "q");
  CHECK(w.window->length.duration == ast::Duration{0, 30});
  CHECK(w.window->direction == ast::WindowDirection::before);
  REQUIRE(w.operands.size() == 1);
  CHECK(text_of(p, w.operands[0]->span) == "q.originator == p.originator and q.network == \"SHETAB\"");
  CHECK(text_of(p, w.window->length_span) == "30d");
  CHECK(text_of(p, w.span) ==
        "count payment q where q.originator == p.originator and q.network == \"SHETAB\" within 30d before");
}

TEST_CASE("sum, distinct, min and max windows aggregate a value written before `over`", "[dsl][parse][window]") {
  const Parsed p = when("sum q.amount * 2 over payment q where q.originator == p.originator within 18mo around > 1");
  const ast::Expr& w = *condition(p).operands[0];
  REQUIRE(w.kind == ast::ExprKind::window);
  CHECK(w.window->aggregate == ast::AggregateKind::sum);
  CHECK(w.window->direction == ast::WindowDirection::around);
  CHECK(w.window->length.duration == ast::Duration{18, 0});
  REQUIRE(w.operands.size() == 2);
  CHECK(text_of(p, w.operands[1]->span) == "q.amount * 2");
  for (const auto& [word, kind] : {std::pair{"distinct", ast::AggregateKind::distinct},
                                   std::pair{"min", ast::AggregateKind::min}, std::pair{"max", ast::AggregateKind::max}}) {
    const Parsed q = when(std::string(word) + " q.date over shipment q where q.exporter == s.consignee within 3w after > 1");
    CHECK(condition(q).operands[0]->window->aggregate == kind);
    CHECK(condition(q).operands[0]->window->direction == ast::WindowDirection::after);
  }
}

TEST_CASE("aggregate words stay ordinary names and functions when no name follows them", "[dsl][parse][window]") {
  const Parsed p = when("count > 3 and max(sum, min) > distinct");
  const ast::Expr& e = condition(p);
  CHECK(e.operands[0]->operands[0]->kind == ast::ExprKind::name);
  CHECK(e.operands[1]->operands[0]->kind == ast::ExprKind::call);
}

TEST_CASE("a window without `within` or a direction says what it expected", "[dsl][parse][window][error]") {
  const Parsed no_within = when("count payment q where q.originator == p.originator > 3");
  CHECK(only_diagnostic(no_within).message == "expected `within`, found `>`");
  const Parsed no_direction = when("count payment q where q.originator == p.originator within 30d ago");
  CHECK(only_diagnostic(no_direction).message == "expected `before`, `after` or `around`, found `ago`");
  const Parsed no_over = when("sum q.amount payment q where q.originator == p.originator within 3d before");
  CHECK(only_diagnostic(no_over).message == "expected `over`, found `payment`");
}

TEST_CASE("every form in the windows fixture parses without diagnostics", "[dsl][parse][window]") {
  const Parsed p = parse_fixture("windows.rules");
  INFO(rendered(p.result.diagnostics));
  CHECK(p.result.diagnostics.empty());
  CHECK(p.result.file.rules.size() == 2);
}

TEST_CASE("set and list literals, calls and `is not missing`", "[dsl][parse]") {
  const Parsed p = when("f(x, 1) not in {1, 2} and [] == [3] and x is not missing and y is missing");
  const ast::Expr& e = condition(p);
  const ast::Expr& first = *e.operands[0]->operands[0]->operands[0];
  REQUIRE(first.binary_op == ast::BinaryOp::not_in);
  CHECK(first.operands[0]->kind == ast::ExprKind::call);
  CHECK(first.operands[0]->name.name == "f");
  CHECK(first.operands[0]->operands.size() == 2);
  CHECK(first.operands[1]->kind == ast::ExprKind::set_literal);
  CHECK(first.operands[1]->operands.size() == 2);
  const ast::Expr& lists = *e.operands[0]->operands[0]->operands[1];
  CHECK(lists.operands[0]->kind == ast::ExprKind::list_literal);
  CHECK(lists.operands[0]->operands.empty());
  const ast::Expr& not_missing = *e.operands[0]->operands[1];
  CHECK(not_missing.kind == ast::ExprKind::is_missing);
  CHECK(not_missing.negated);
  CHECK(text_of(p, not_missing.span) == "x is not missing");
  CHECK_FALSE(e.operands[1]->negated);
}

TEST_CASE("literals: integers, decimals, percents, durations, dates, strings, booleans", "[dsl][parse][literal]") {
  const Parsed p = when("[42, 12.5, 33.3%, 90d, 3w, 18mo, 2y, 2024-02-29, \"a\\u{e9}\\n\", true]");
  const auto& items = condition(p).operands;
  REQUIRE(items.size() == 10);
  CHECK(items[0]->literal.integer == 42);
  CHECK(items[1]->literal.kind == ast::LiteralKind::decimal);
  CHECK(items[1]->literal.decimal == *core::Decimal::parse("12.5"));
  CHECK(items[2]->literal.kind == ast::LiteralKind::percent);
  CHECK(items[2]->literal.decimal == *core::Decimal::parse("33.3"));
  CHECK(items[3]->literal.duration == ast::Duration{0, 90});
  CHECK(items[4]->literal.duration == ast::Duration{0, 21});
  CHECK(items[5]->literal.duration == ast::Duration{18, 0});
  CHECK(items[6]->literal.duration == ast::Duration{24, 0});
  CHECK(items[7]->literal.date == core::Date::ymd(2024, 2, 29));
  CHECK(items[8]->literal.string == "a\xC3\xA9\n");
  CHECK(items[9]->literal.boolean);
}

TEST_CASE("every form in the expressions fixture parses without diagnostics", "[dsl][parse]") {
  const Parsed p = parse_fixture("expressions.rules");
  INFO(rendered(p.result.diagnostics));
  CHECK(p.result.diagnostics.empty());
  CHECK(p.result.file.rules.size() == 4);
  CHECK(p.result.file.consts.size() == 3);
}

TEST_CASE("keywords are not identifiers, but words that start with one are", "[dsl][parse]") {
  const Parsed p = when("notable and android or order");
  CHECK(condition(p).binary_op == ast::BinaryOp::logical_or);
  check_fails_with("E0010", 3, 8, "rule r {\n  on payment p\n  when in\n}\n");
}

TEST_CASE("a missing closing brace is reported where the next rule starts, naming the rule", "[dsl][parse][error]") {
  const Parsed p = parse_text("rule a {\n  on payment p\n  when true\n\nrule b {\n  on payment p\n  when false\n}\n");
  const auto& d = only_diagnostic(p);
  CHECK(d.code == "E0010");
  CHECK(d.message == "expected `}` to close rule `a`, found `rule`");
  CHECK(d.label == "expected `}` to close rule `a`");
  CHECK(d.where.line == 5);
  CHECK(d.where.column == 1);
  REQUIRE(p.result.file.rules.size() == 1);
  CHECK(p.result.file.rules[0].name.name == "b");
}

TEST_CASE("an operator without a right operand expects an expression", "[dsl][parse][error]") {
  const Parsed p = when("p.amount >   ");
  const auto& d = only_diagnostic(p);
  CHECK(d.message == "expected an expression, found `}`");
  CHECK(d.where.line == 4);
  CHECK(d.where.column == 1);
}

TEST_CASE("a file that ends inside a rule points just after the last token", "[dsl][parse][error]") {
  const Parsed p = parse_text("rule a {\n  on payment p\n  when x # comment\n");
  const auto& d = only_diagnostic(p);
  CHECK(d.message == "expected `}` to close rule `a`, found end of file");
  CHECK(d.where.line == 3);
  CHECK(d.where.column == 9);
}

TEST_CASE("syntax codes point at the offending bytes", "[dsl][parse][error]") {
  check_fails_with("E0011", 3, 13, "rule r {\n  on payment p\n  when x == \"abc\n}\n");
  check_fails_with("E0012", 3, 12, "rule r {\n  on payment p\n  when x < 2024-02-30\n}\n");
  check_fails_with("E0013", 3, 12, "rule r {\n  on payment p\n  when x < 12abc\n}\n");
  check_fails_with("E0013", 1, 11, "const X = 99999999999999999999\n");
  check_fails_with("E0014", 3, 15, "rule r {\n  on payment p\n  when x == \"a\\qb\"\n}\n");
  check_fails_with("E0015", 3, 10, "rule r {\n  on payment p\n  when x && y\n}\n");
  check_fails_with("E0010", 1, 1, "bogus\n");
}

TEST_CASE("errors inside an interpolation point into the reason string", "[dsl][parse][template][error]") {
  check_fails_with("E0010", 4, 17, "rule r {\n on payment p\n when true\n reason \"id {p. } x\"\n}\n");
  check_fails_with("E0010", 4, 19, "rule r {\n on payment p\n when true\n reason \"id {p.id x}\"\n}\n");
  check_fails_with("E0010", 4, 18, "rule r {\n on payment p\n when true\n reason \"id {p.id\"\n}\n");
  check_fails_with("E0010", 4, 14, "rule r {\n on payment p\n when true\n reason \"id {}\"\n}\n");
  check_fails_with("E0010", 4, 13, "rule r {\n on payment p\n when true\n reason \"id } x\"\n}\n");
}

TEST_CASE("one broken declaration does not hide the next ones", "[dsl][parse][recovery]") {
  const Parsed p = parse_text(
      "const A = \nconst B = 2\nrule x {\n  on payment p\n  when (a\n}\nset S = {1, 2}\nrule y { on payment p when true }\n");
  INFO(rendered(p.result.diagnostics));
  REQUIRE(p.result.diagnostics.size() == 2);
  CHECK(p.result.diagnostics.items()[0].where.line == 2);
  CHECK(p.result.diagnostics.items()[1].where.line == 6);
  CHECK(p.result.file.consts.size() == 1);
  CHECK(p.result.file.sets.size() == 1);
  CHECK(p.result.file.rules.size() == 1);
  CHECK(p.result.file.rules[0].name.name == "y");
}

TEST_CASE("brackets nested deeper than the parser allows are E0016, not a crash", "[dsl][parse][error]") {
  const std::string ok = std::string(90, '(') + "x" + std::string(90, ')');
  CHECK(when(ok).result.diagnostics.empty());
  const std::string deep = std::string(100000, '(');
  const Parsed p = when(deep);
  const auto& d = only_diagnostic(p);
  CHECK(d.code == "E0016");
  CHECK(d.where.column == 7 + 100);  // the rule's `{` is the first level
  std::string some_nots;
  for (int i = 0; i < 250; ++i) some_nots += i < 150 ? "not " : "- ";
  CHECK(when(some_nots + "x").result.diagnostics.empty());
  std::string many_nots;
  for (int i = 0; i < 50000; ++i) many_nots += "not ";
  CHECK(only_diagnostic(when(many_nots + "x")).code == "E0016");
}

TEST_CASE("a UTF-8 byte order mark and CRLF line ends are read as layout", "[dsl][parse]") {
  const Parsed p = parse_text("\xEF\xBB\xBFrule r {\r\n  on payment p # comment\r\n  when x == \"a\"\r\n}\r\n");
  INFO(rendered(p.result.diagnostics));
  CHECK(p.result.diagnostics.empty());
  REQUIRE(p.result.file.rules.size() == 1);
  CHECK(p.sources.location(p.result.file.rules[0].when->span).line == 3);
}
