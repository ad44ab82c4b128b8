// The grammar's own syntax tree and its entry points: plain std types, so that parse.cpp can use them
// without seeing Boost. The tree is copyable (X3 moves and copies attributes while it backtracks) and
// records raw bytes: parse.cpp checks literals, builds the public dsl::ast and reports diagnostics.
// Only grammar.cpp, which includes X3, implements the functions declared here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sanx::dsl::grammar {

enum class NodeKind : std::uint8_t {
  none,  ///< an optional part that is absent
  name,
  string,   ///< text: the raw bytes between the quotes, escapes not yet decoded
  number,   ///< text: a numeric token, `42`, `12.5`, `50%`, `90d` (or a malformed one: `12ab`)
  date,     ///< text: a date-shaped token, `2024-06-25` (maybe invalid: `2024-02-30`)
  boolean,  ///< op: 1 for true
  field,    ///< children[0] `.` text
  call,     ///< text `(` children `)`
  unary,    ///< op: ast::UnaryOp; children[0]
  binary,   ///< op: ast::BinaryOp; children[0], children[1]
  is_missing,   ///< children[0] `is [not] missing`; negated
  quantifier,   ///< op: ast::QuantifierKind; text: the bound variable; children: collection, body
  set_literal,
  list_literal,
  table,  ///< children: path (string), column (name), optionally the `where` expression
  window,  ///< op: ast::AggregateKind; text: the bound variable; children: subject kind (name), `where`
           ///< condition, length (number), far end (number after `to`, or kind none), direction (name),
           ///< and for all but `count` the value
};

/// One node. `begin`/`end` delimit its bytes; `name_begin`/`name_end` the bytes of `text` for names,
/// fields, calls and quantifier variables.
struct Node {
  NodeKind kind = NodeKind::none;
  const char* begin = nullptr;
  const char* end = nullptr;
  std::string text;
  const char* name_begin = nullptr;
  const char* name_end = nullptr;
  int op = 0;
  bool negated = false;
  std::vector<Node> children;
};

struct MetaEntry {
  Node key;
  Node value;  ///< a literal, a name (a bare word) or a list_literal of values
};

struct LetBinding {
  Node name;
  Node value;
};

struct ConstDecl {
  Node name;
  Node value;
};

struct SetDecl {
  Node name;
  Node element_type;  ///< kind none when absent
  Node source;        ///< set_literal or table
};

struct RuleDecl {
  Node name;
  std::vector<MetaEntry> meta;
  Node subject_kind;
  Node subject;
  std::vector<LetBinding> lets;
  Node when;
  Node reason;  ///< a string, or kind none
};

/// `weight ns.rule = 2`: rule is a name token whose text may hold one `.`.
struct TypologyWeight {
  Node rule;
  Node value;  ///< a number token
};

/// `band [low, high) -> outcome`; high has kind none for `..` (no upper bound).
struct TypologyBand {
  Node low;
  Node high;
  Node outcome;
};

struct TypologyDecl {
  Node name;
  std::vector<MetaEntry> meta;
  Node subject_kind;
  std::vector<TypologyWeight> weights;
  std::vector<TypologyBand> bands;
};

enum class ItemKind : std::uint8_t { namespace_decl, import_decl, const_decl, set_decl, rule_decl, typology_decl };

/// One top-level declaration. `node` holds the namespace name or the import path.
struct Item {
  ItemKind kind = ItemKind::namespace_decl;
  Node node;
  ConstDecl const_decl;
  SetDecl set_decl;
  RuleDecl rule_decl;
  TypologyDecl typology_decl;
};

/// Where parsing stopped and what it expected there. `where` may point before whitespace.
struct SyntaxError {
  const char* where = nullptr;
  std::string expected;  ///< the name of the rule that failed: "an expression", "`}` to close rule"
};

struct ItemParse {
  bool ok = false;
  Item item;
  const char* end = nullptr;  ///< just after the item's last token, when ok
  SyntaxError error;          ///< when not ok
};

/// Parses one declaration starting at `first` (whitespace and comments before it are skipped).
[[nodiscard]] ItemParse parse_item(const char* first, const char* last);

struct ExpressionParse {
  bool ok = false;
  Node expr;
  SyntaxError error;
};

/// Parses [first, last) as exactly one expression (a reason template's interpolation).
[[nodiscard]] ExpressionParse parse_expression(const char* first, const char* last);

/// Rule names that parse.cpp gives a special meaning to.
inline constexpr const char* kExpectedStringEnd = "`\"` to close the string";
inline constexpr const char* kExpectedRuleEnd = "`}` to close rule";
inline constexpr const char* kExpectedTypologyEnd = "`band` or `}` to close typology";
inline constexpr const char* kExpectedInterpolationEnd = "`}` to end the interpolation";
inline constexpr const char* kExpectedDeclaration =
    "a declaration (`namespace`, `import`, `const`, `set`, `rule` or `typology`)";

}  // namespace sanx::dsl::grammar
