/// \file
/// Semantic checks of a parsed pack: name resolution, types, rule metadata, set and table loading, lint
/// warnings. Annotates the AST in place (Expr::type, Expr::resolved, SetDecl::values) for the compiler.
#pragma once

#include <filesystem>

#include "sanx/core/diagnostic.hpp"
#include "sanx/dsl/parse.hpp"

namespace sanx::check {

struct CheckOptions {
  /// Folder that relative table paths are also tried against (the project root), after the rule file's
  /// own folder.
  std::filesystem::path project_root = ".";
};

/// Checks every file of `pack`. Errors (E01xx names, E02xx types and values, E03xx meta) and warnings
/// (W04xx) go to `diags`; the pack may be compiled only when no error was added. Not thread-safe on one
/// pack; reads table files named by `set ... = table`.
///
/// Every expression node gets Expr::type (TypeKind::error only where an error was reported) and, for
/// names, fields and calls, Expr::resolved:
/// - subject: index 0; let: index into RuleDecl::lets; quantifier_variable: index = nesting depth of the
///   quantifier that binds it (0 for the outermost), so a slot per depth suffices;
/// - constant / set: index into File::consts / File::sets of pack.files[file];
/// - field: index = check::FieldId; builtin: index = check::Builtin.
/// - `ns.NAME` is an ExprKind::field node resolved as constant / set itself; its operand (the namespace
///   word) has kind none, file = the declaring file, and the same type. Evaluate the field node, not it.
/// - Inside a table's `where`, column names have kind none and index = the column's position. The
///   compiler never needs to evaluate a `where`: SetDecl::values already holds the set's content (as text,
///   for every set, literal or table, whose elements are known).
void check(dsl::Pack& pack, core::Diagnostics& diags, const CheckOptions& options = {});

}  // namespace sanx::check
