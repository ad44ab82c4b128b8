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

/// Checks every file of `pack`. Errors (E02xx) and warnings (W02xx) go to `diags`; the pack may be
/// compiled only when no error was added.
void check(dsl::Pack& pack, core::Diagnostics& diags, const CheckOptions& options = {});

}  // namespace sanx::check
