// What the checker leaves for the compiler: a type and a resolution on every expression node.
#include <catch2/catch.hpp>

#include <fstream>
#include <functional>
#include <sstream>

#include "check/check_test_support.hpp"
#include "sanx/check/schema.hpp"
#include "support/temp_dir.hpp"

namespace ast = sanx::dsl::ast;
using sanx::dsl::TypeKind;
using sanx::testing::TempDir;

namespace {

/// The first fenced code block of docs/dsl.md: the example rule file.
std::string dsl_md_example() {
  std::ifstream in(std::filesystem::path(SANX_SOURCE_DIR) / "docs" / "dsl.md");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const auto begin = doc.find("```\n");
  REQUIRE(begin != std::string::npos);
  const auto end = doc.find("```", begin + 4);
  REQUIRE(end != std::string::npos);
  return doc.substr(begin + 4, end - begin - 4);
}

void for_each_expr(ast::File& file, const std::function<void(ast::Expr&)>& visit) {
  std::function<void(ast::Expr&)> walk = [&](ast::Expr& e) {
    visit(e);
    for (auto& o : e.operands) walk(*o);
  };
  for (auto& c : file.consts) walk(*c.value);
  for (auto& s : file.sets) {
    for (auto& e : s.elements) walk(*e);
    if (s.table && s.table->where) walk(*s.table->where);
  }
  for (auto& r : file.rules) {
    for (auto& l : r.lets) walk(*l.value);
    walk(*r.when);
    for (auto& part : r.reason) {
      if (part.expr) walk(*part.expr);
    }
  }
}

/// The docs/dsl.md example in a pack, with the file it imports and the table it reads.
sanx::testing::Checked check_example(const TempDir& dir) {
  dir.write("datasets/reference/chp.csv", "hs6,tier\n854231,1\n852691,2\n");
  const auto main = dir.write("rules/corridors.rules", dsl_md_example());
  const auto sets = dir.write("rules/reference/sets.rules", "# shared sets\n");
  return sanx::testing::check_files({{main.string(), dsl_md_example()}, {sets.string(), "# shared sets\n"}});
}

}  // namespace

TEST_CASE("the docs/dsl.md example checks without errors", "[check][annotate]") {
  TempDir dir;
  const auto checked = check_example(dir);
  INFO(sanx::testing::render(checked.diagnostics));
  CHECK(checked.diagnostics.error_count() == 0);
  // Its const and sets are declared for show and never used.
  CHECK(checked.diagnostics.size() == 3);
  for (const auto& d : checked.diagnostics.items()) CHECK(d.code == "W0402");
  CHECK(checked.pack.files[0].sets[1].values == std::vector<std::string>{"854231"});
}

TEST_CASE("every expression of the docs/dsl.md example gets a type and a resolution", "[check][annotate]") {
  TempDir dir;
  auto checked = check_example(dir);
  std::size_t nodes = 0;
  for_each_expr(checked.pack.files[0], [&](ast::Expr& e) {
    ++nodes;
    INFO("expression `" << checked.pack.sources.text(e.span) << "`");
    CHECK(e.type.kind != TypeKind::error);
    if (e.kind == ast::ExprKind::name || e.kind == ast::ExprKind::field || e.kind == ast::ExprKind::call) {
      const bool column = e.kind == ast::ExprKind::name && e.resolved.kind == ast::ResolvedKind::none &&
                          e.resolved.index >= 0;  // a table column inside `where`
      CHECK((e.resolved.kind != ast::ResolvedKind::none || column));
    }
  });
  CHECK(nodes > 20);
}

TEST_CASE("names resolve to the subject, lets, fields and builtins with their types", "[check][annotate]") {
  auto checked = sanx::testing::check_source(
      "rule r {\n  meta { severity = high }\n  on payment p\n  let bank = p.beneficiary_bank\n"
      "  when designated(bank, \"OFAC\") and any b in p.intermediary_banks: b.country == \"RU\"\n}\n");
  INFO(sanx::testing::render(checked.diagnostics));
  REQUIRE(checked.diagnostics.empty());
  auto& rule = checked.pack.files[0].rules[0];
  const auto& let = *rule.lets[0].value;
  CHECK(let.resolved.kind == ast::ResolvedKind::field);
  CHECK(let.resolved.index == static_cast<std::int32_t>(sanx::check::FieldId::payment_beneficiary_bank));
  CHECK(let.type.kind == TypeKind::entity);
  CHECK(let.operands[0]->resolved.kind == ast::ResolvedKind::subject);
  CHECK(let.operands[0]->type.kind == TypeKind::payment);

  const auto& call = *rule.when->operands[0];
  CHECK(call.resolved.kind == ast::ResolvedKind::builtin);
  CHECK(call.resolved.index == static_cast<std::int32_t>(sanx::check::Builtin::designated));
  CHECK(call.operands[0]->resolved.kind == ast::ResolvedKind::let);
  CHECK(call.operands[0]->resolved.index == 0);

  const auto& any = *rule.when->operands[1];
  CHECK(any.type.kind == TypeKind::boolean);
  CHECK(any.operands[0]->type == sanx::dsl::Type::list_of(TypeKind::entity));
  const auto& b = *any.operands[1]->operands[0]->operands[0];
  CHECK(b.resolved.kind == ast::ResolvedKind::quantifier_variable);
  CHECK(b.resolved.index == 0);
  CHECK(b.type.kind == TypeKind::entity);
}

TEST_CASE("a literal set's values are filled in declaration order without repeats", "[check][annotate]") {
  const auto checked = sanx::testing::check_source("set S: country = {\"RU\", \"BY\", \"RU\"}\n" +
                                                   sanx::testing::payment_when("p.beneficiary.country in S"));
  REQUIRE(checked.diagnostics.empty());
  CHECK(checked.pack.files[0].sets[0].values == std::vector<std::string>{"RU", "BY"});
}
