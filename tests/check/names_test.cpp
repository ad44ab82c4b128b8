// Name resolution: rules, lets, quantifier variables, consts and sets across files and namespaces,
// fields and functions (E01xx).
#include <catch2/catch.hpp>

#include "check/check_test_support.hpp"

using sanx::testing::check_fails_with;
using sanx::testing::check_files;
using sanx::testing::check_source;
using sanx::testing::payment_when;
namespace ast = sanx::dsl::ast;

namespace {

constexpr const char* kRuleA = "rule a {\n  meta { severity = high }\n  on payment p\n  when p.amount > 1\n}\n";

}  // namespace

TEST_CASE("a rule declared twice is reported at the second name", "[check][names]") {
  check_fails_with("E0101", 6, 6, std::string(kRuleA) + kRuleA);
}

TEST_CASE("a duplicate rule points back at the first declaration", "[check][names]") {
  const auto checked = check_source(std::string(kRuleA) + kRuleA);
  REQUIRE(checked.diagnostics.size() == 1);
  const auto& d = checked.diagnostics.items()[0];
  REQUIRE(d.related.size() == 1);
  CHECK(d.related[0].where.line == 1);
  CHECK(d.related[0].where.column == 6);
  CHECK(d.related[0].message == "first declared here");
}

TEST_CASE("rules of the same name in different namespaces are different rules", "[check][names]") {
  const auto checked = check_files({{"a.rules", std::string("namespace a\n") + kRuleA},
                                    {"b.rules", std::string("namespace b\n") + kRuleA}});
  CHECK(checked.diagnostics.empty());
}

TEST_CASE("an undeclared name is reported where it is used", "[check][names]") {
  check_fails_with("E0102", 4, 8, payment_when("q.amount > 1"));
}

TEST_CASE("a quantifier variable is not visible after its body", "[check][names]") {
  check_fails_with("E0102", 4, 63, payment_when("(any b in p.intermediary_banks: b.country == \"RU\") and b.country == \"IR\""));
}

TEST_CASE("a let cannot use a later let", "[check][names]") {
  check_fails_with("E0102", 4, 11,
                   "rule r {\n  meta { severity = high }\n  on payment p\n  let a = b\n  let b = p.amount\n"
                   "  when a > 1\n}\n");
}

TEST_CASE("an unknown field is reported at the field name", "[check][names]") {
  check_fails_with("E0103", 4, 10, payment_when("p.amout > 1"));
}

TEST_CASE("an unknown field lists the fields of its owner", "[check][names]") {
  const auto checked = check_source(payment_when("p.amout > 1"));
  REQUIRE(checked.diagnostics.size() == 1);
  const auto& notes = checked.diagnostics.items()[0].notes;
  REQUIRE(notes.size() == 2);
  CHECK(notes[0] ==
        "help: fields of payment are id, date, originator, beneficiary, originator_bic, beneficiary_bic, "
        "intermediary_bics, originator_bank, beneficiary_bank, intermediary_banks, network, currency, amount, purpose, "
        "ordering_bic, ordering_bank, reference, channel, origin_country, destination_country, corridor");
  CHECK(notes[1] == "help: did you mean `amount`?");
}

TEST_CASE("fields are followed through entity references", "[check][names]") {
  check_fails_with("E0103", 4, 26, payment_when("p.originator_bank.countyr == \"RU\""));
}

TEST_CASE("a field of a value that is not an entity is unknown", "[check][names]") {
  check_fails_with("E0103", 4, 17, payment_when("p.amount.value > 1"));
}

TEST_CASE("an unknown function is reported at its name", "[check][names]") {
  check_fails_with("E0104", 4, 8, payment_when("designatd(p.beneficiary, \"OFAC\")"));
}

TEST_CASE("two sets of one name in a file are reported at the second", "[check][names]") {
  check_fails_with("E0105", 2, 5, "set A = {\"x\"}\nset A = {\"y\"}\n" + payment_when("p.purpose in A"));
}

TEST_CASE("a const and a set share one name space", "[check][names]") {
  check_fails_with("E0105", 2, 5, "const A = \"x\"\nset A = {\"y\"}\n" + payment_when("p.purpose == A"));
}

TEST_CASE("a let declared twice in a rule is reported at the second", "[check][names]") {
  check_fails_with("E0105", 5, 7,
                   "rule r {\n  meta { severity = high }\n  on payment p\n  let a = p.amount\n  let a = p.amount\n"
                   "  when a > 1\n}\n");
}

TEST_CASE("an unknown set on the right of `in` is an unknown set", "[check][names]") {
  check_fails_with("E0106", 4, 33, payment_when("p.beneficiary.country in EAUE"));
}

TEST_CASE("an unknown subject kind is reported at the kind", "[check][names]") {
  check_fails_with("E0109", 3, 6, "rule r {\n  meta { severity = high }\n  on paymnt p\n  when p.amount > 1\n}\n");
}

TEST_CASE("a name declared in two imported files must be qualified", "[check][names]") {
  const auto checked = check_files({{"main.rules", "import \"x.rules\"\nimport \"y.rules\"\n" +
                                                       payment_when("p.purpose in WORDS")},
                                    {"x.rules", "set WORDS = {\"a\"}\n"},
                                    {"y.rules", "set WORDS = {\"b\"}\n"}});
  sanx::testing::check_diagnostics_hold(checked.diagnostics, "E0110", 6, 21);
}

TEST_CASE("an unknown element type of a set is reported at the type", "[check][names]") {
  check_fails_with("E0111", 1, 8, "set A: contry = {\"RU\"}\n" + payment_when("p.beneficiary.country in A"));
}

TEST_CASE("a const defined in terms of itself is reported", "[check][names]") {
  check_fails_with("E0112", 1, 7, "const A = B\nconst B = A\n" + payment_when("p.amount > A"));
}

TEST_CASE("a name of the file resolves before the same name in an imported file", "[check][names]") {
  auto checked = check_files({{"main.rules", "import \"lib.rules\"\nconst LIMIT = 5\n" + payment_when("p.amount > LIMIT")},
                              {"lib.rules", "const LIMIT = \"x\"\nconst OTHER = 1\n" + payment_when("p.amount > OTHER")}});
  INFO(sanx::testing::render(checked.diagnostics));
  CHECK(checked.diagnostics.error_count() == 0);
  const auto& limit = *checked.pack.files[0].rules[0].when->operands[1];
  CHECK(limit.resolved.kind == ast::ResolvedKind::constant);
  CHECK(limit.resolved.file == 0);
}

TEST_CASE("a const of an imported file resolves unqualified and with its namespace", "[check][names]") {
  auto checked = check_files({{"rules/main.rules", "import \"ref/limits.rules\"\n" +
                                                      payment_when("p.amount > LARGE and p.amount < limits.HUGE")},
                              {"rules/ref/limits.rules", "const LARGE = 1000\nconst HUGE = 10000000\n"}});
  INFO(sanx::testing::render(checked.diagnostics));
  CHECK(checked.diagnostics.empty());
  const auto& when = *checked.pack.files[0].rules[0].when;
  const auto& large = *when.operands[0]->operands[1];
  const auto& huge = *when.operands[1]->operands[1];
  CHECK(large.resolved.kind == ast::ResolvedKind::constant);
  CHECK(large.resolved.file == 1);
  CHECK(huge.kind == ast::ExprKind::field);
  CHECK(huge.resolved.kind == ast::ResolvedKind::constant);
  CHECK(huge.resolved.file == 1);
  CHECK(huge.resolved.index == 1);
  CHECK(huge.type.kind == sanx::dsl::TypeKind::integer);
}

TEST_CASE("a const of a file that is not imported is not visible", "[check][names]") {
  const auto checked = check_files({{"main.rules", payment_when("p.amount > LARGE")},
                                    {"limits.rules", "const LARGE = 1000\n"}});
  sanx::testing::check_diagnostics_hold(checked.diagnostics, "E0102", 4, 19);
}

TEST_CASE("an error in one rule does not stop the checking of the next", "[check][names]") {
  const auto checked = check_source(
      "rule a {\n  meta { severity = high }\n  on payment p\n  when q.amount > 1\n}\n"
      "rule b {\n  meta { severity = high }\n  on payment p\n  when p.amout > 1\n}\n");
  INFO(sanx::testing::render(checked.diagnostics));
  CHECK(checked.diagnostics.size() == 2);
  CHECK(sanx::testing::has_diagnostic(checked.diagnostics, "E0102", 4, 8));
  CHECK(sanx::testing::has_diagnostic(checked.diagnostics, "E0103", 9, 10));
}

TEST_CASE("an expression around an unknown name is not reported again", "[check][names]") {
  check_fails_with("E0103", 4, 11, payment_when("(p.amout + 1) * 2 > p.amount"));
}
