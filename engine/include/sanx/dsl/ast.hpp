/// \file
/// The abstract syntax of rule files: what the parser produces and the checker annotates. Plain std and
/// sanx types with byte spans into a core::SourceMap; Boost.Spirit stays inside engine/src/dsl/grammar/.
///
/// Expressions are "fat" nodes (one struct, a kind, and the members that kind uses) owned through
/// unique_ptr, so that the checker can annotate them in place (`type`, `resolved`) for the compiler.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/decimal.hpp"
#include "sanx/core/source_map.hpp"
#include "sanx/dsl/types.hpp"

namespace sanx::dsl::ast {

using core::Span;

struct Identifier {
  std::string name;
  Span span;
};

/// Calendar months and days. `90d` = {0, 90}, `3w` = {0, 21}, `18mo` = {18, 0}, `2y` = {24, 0}.
struct Duration {
  std::int32_t months = 0;
  std::int32_t days = 0;
  friend bool operator==(const Duration&, const Duration&) = default;
};

enum class LiteralKind { boolean, integer, decimal, percent, string, date, duration };

struct Literal {
  LiteralKind kind = LiteralKind::boolean;
  bool boolean = false;
  std::int64_t integer = 0;
  core::Decimal decimal;  ///< decimal, and percent (50% holds 50)
  std::string string;     ///< unescaped
  core::Date date;
  Duration duration;
};

enum class ExprKind {
  literal,
  name,        ///< `p`, `EAEU`, `obank`: a subject, let, quantifier variable, const or set
  field,       ///< operands[0] `.` name: `p.originator_bank.country`
  call,        ///< name `(` operands `)`: `designated(p.beneficiary, "OFAC")`
  unary,       ///< unary_op operands[0]
  binary,      ///< operands[0] binary_op operands[1]
  is_missing,  ///< operands[0] `is missing` (negated: `is not missing`)
  quantifier,  ///< quantifier name `in` operands[0] `:` operands[1]
  set_literal,   ///< `{` operands `}`
  list_literal,  ///< `[` operands `]`
  window,        ///< an aggregate over other subjects in a time window: see Window; operands: the `where`
                 ///< condition, then (all but `count`) the aggregated value. name: the bound variable
};

enum class UnaryOp { logical_not, negate };

enum class BinaryOp {
  logical_and, logical_or,
  eq, ne, lt, le, gt, ge,
  add, sub, mul, div,
  in, not_in, contains, starts_with, ends_with, matches,
};

enum class QuantifierKind { any, all, none };

enum class AggregateKind { count, sum, distinct, min, max };
enum class WindowDirection { before, after, around };

/// `count payment q where q.originator == p.originator within 30d before`: the parts of a window that are
/// not expressions.
struct Window {
  AggregateKind aggregate = AggregateKind::count;
  Identifier subject_kind;  ///< payment | shipment
  Literal length;           ///< a duration, checked by the checker
  Span length_span;
  /// `within near to far before|after`: a shifted window whose near end is `length` away from the subject's
  /// date and whose far end is `far` away (docs/dsl.md, "Windows").
  std::optional<Literal> far;
  Span far_span;
  WindowDirection direction = WindowDirection::before;
  /// Written by the checker: the key, the `inner == outer` conjunct of `where` that the evaluator indexes
  /// on (its position in the top-level `and` chain, left to right), and whether the inner side is on the left.
  std::int32_t key = -1;
  bool key_inner_left = true;
};

/// What a name, field or call refers to, filled in by the checker. `index` is interpreted per kind:
/// a check::FieldId, a check::Builtin, or an index into the pack's consts / sets / the rule's lets.
enum class ResolvedKind { none, subject, let, quantifier_variable, constant, set, field, builtin };

struct Resolution {
  ResolvedKind kind = ResolvedKind::none;
  std::int32_t index = -1;
  std::int32_t file = -1;  ///< for constant and set: index of the declaring file in the pack
};

struct Expr {
  ExprKind kind = ExprKind::literal;
  Span span;
  Literal literal;
  Identifier name;  ///< name / field name / function / bound variable of a quantifier
  UnaryOp unary_op = UnaryOp::logical_not;
  BinaryOp binary_op = BinaryOp::logical_and;
  QuantifierKind quantifier = QuantifierKind::any;
  bool negated = false;  ///< is_missing: `is not missing`
  std::vector<std::unique_ptr<Expr>> operands;
  std::unique_ptr<Window> window;  ///< kind window

  // Annotations written by the checker.
  Type type;
  Resolution resolved;
};

using ExprPtr = std::unique_ptr<Expr>;

/// A meta value: a literal, a bare word (`high`, `OFAC`) or a list of values.
struct MetaValue {
  enum class Kind { literal, word, list };
  Kind kind = Kind::literal;
  Literal literal;
  Identifier word;
  std::vector<MetaValue> items;
  Span span;
};

struct MetaEntry {
  Identifier key;
  MetaValue value;
};

struct LetBinding {
  Identifier name;
  ExprPtr value;
};

/// One piece of a reason template: text, or an interpolated `{expression}`.
struct TemplatePart {
  std::string text;  ///< literal text (braces unescaped), when expr is null
  ExprPtr expr;
  Span span;
};

struct RuleDecl {
  Identifier name;
  Span span;  ///< the whole rule
  std::vector<MetaEntry> meta;
  Identifier subject_kind;  ///< payment | shipment | entity | relation
  Identifier subject;       ///< the variable naming the subject: `p`
  std::vector<LetBinding> lets;
  ExprPtr when;
  std::vector<TemplatePart> reason;
  std::optional<Span> reason_span;
};

/// `table "path" column NAME [where EXPR]`: the set is the column's values in the rows that match. Inside
/// `where`, bare names are the table's columns.
struct TableSource {
  std::string path;  ///< relative to the rule file's folder
  Span path_span;
  Identifier column;
  ExprPtr where;
};

/// A row of a dated table: value `values[value]` is in the set on days in [from, to); an absent bound is
/// open.
struct ValuePeriod {
  std::uint32_t value = 0;
  std::optional<core::Date> from;
  std::optional<core::Date> to;
};

struct SetDecl {
  Identifier name;
  std::optional<Identifier> element_type;  ///< `set HUBS: country = ...`
  Span span;
  std::vector<ExprPtr> elements;  ///< a literal set
  std::optional<TableSource> table;

  // Filled by the checker: the set's values as text, in declaration or table order.
  std::vector<std::string> values;
  /// A table with a `from` and/or `to` column is dated: membership is decided as of a date, from these
  /// periods (one per row kept by `where`; a value may have several). `values` then holds every value
  /// that is in the set on some day.
  bool dated = false;
  std::vector<ValuePeriod> periods;
};

struct ConstDecl {
  Identifier name;
  ExprPtr value;
  Span span;
};

struct ImportDecl {
  std::string path;  ///< as written, relative to the importing file's folder
  Span span;
};

enum class TypologyOutcome { clear, review, block };

/// `weight trade.uav_component_procurement = 2`.
struct TypologyWeight {
  std::optional<Identifier> namespace_name;  ///< `trade` of `trade.rule`; absent: the typology's own namespace
  Identifier rule;
  Span span;  ///< the whole reference as written
  Literal weight;
  Span weight_span;
  // Written by the checker: the weighted rule, as pack.files[file].rules[rule_index].
  std::int32_t file = -1;
  std::int32_t rule_index = -1;
};

/// `band [2, 4) -> review`: scores in [low, high); no high (`..`) is unbounded.
struct TypologyBand {
  Literal low;
  Span low_span;
  std::optional<Literal> high;
  Span high_span;  ///< the number, or `..`
  Identifier outcome;
  Span span;
  // Written by the checker when the band is well formed.
  TypologyOutcome resolved = TypologyOutcome::clear;
};

/// A named, weighted combination of rule outcomes on one kind of subject, with score bands mapping to
/// clear / review / block (docs/dsl.md, "Typologies").
struct TypologyDecl {
  Identifier name;
  Span span;
  std::vector<MetaEntry> meta;
  Identifier subject_kind;
  std::vector<TypologyWeight> weights;
  std::vector<TypologyBand> bands;
};

/// One parsed .rules file.
struct File {
  core::FileId source;
  std::optional<Identifier> namespace_name;  ///< `namespace corridors`; else the file's stem
  std::vector<ImportDecl> imports;
  std::vector<ConstDecl> consts;
  std::vector<SetDecl> sets;
  std::vector<RuleDecl> rules;
  std::vector<TypologyDecl> typologies;
};

}  // namespace sanx::dsl::ast
