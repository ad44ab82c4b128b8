/// \file
/// Parsing rule files into the AST, and loading a pack (folders of .rules files plus their imports).
/// Syntax errors are diagnostics (E0010–E0016); one bad declaration does not hide errors in the next ones.
#pragma once

#include <filesystem>
#include <vector>

#include "sanx/core/diagnostic.hpp"
#include "sanx/core/source_map.hpp"
#include "sanx/dsl/ast.hpp"

namespace sanx::dsl {

struct ParseResult {
  ast::File file;
  core::Diagnostics diagnostics;
};

/// Parses one file already in `sources`. Never throws on bad input; never crashes on any byte sequence.
[[nodiscard]] ParseResult parse(const core::SourceMap& sources, core::FileId file);

/// Every file of a rule pack, in a stable order (roots in the order given, files sorted by path,
/// imports after the file that imports them, each file once).
struct Pack {
  core::SourceMap sources;
  std::vector<ast::File> files;
};

/// Loads `.rules` files from each root (a file, or a folder searched recursively) and every file they
/// import. Problems (a root that does not exist E0001, an unreadable file E0002, an import that cannot be
/// found E0003, syntax errors) are added to `diags`; the pack holds whatever could be parsed.
[[nodiscard]] Pack load_pack(const std::vector<std::filesystem::path>& roots, core::Diagnostics& diags);

}  // namespace sanx::dsl
