// Private to app: one list file into an open import session, shared by `sanx import --format` and the
// `kind = "list"` files of a dataset.toml.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "sanx/app/import.hpp"
#include "sanx/core/date.hpp"
#include "sanx/core/diagnostic.hpp"
#include "sanx/store/database.hpp"
#include "sanx/store/import_session.hpp"

namespace sanx::app::detail {

struct ListFile {
  std::filesystem::path path;
  std::string name;             ///< for outcomes and the version record
  std::string format = "auto";  ///< list format name or `auto`
  std::optional<core::Date> as_of;
  std::string source;
  core::Location format_where;  ///< where the format was named (dataset.toml), for E2360
  std::string format_source_line;
};

/// The SHA-256 of an imported snapshot equal to the file's, if any: the file is then `unchanged`.
[[nodiscard]] bool list_file_unchanged(const ListFile& file, const store::Database& db, FileOutcome& f);

/// Reads `file` and writes it as a snapshot in `session`. Returns false (with diagnostics) when it failed;
/// the caller must then not commit.
[[nodiscard]] bool import_list_file(const ListFile& file, store::ImportSession& session, const store::Database& db,
                                    FileOutcome& f, core::Diagnostics& diags, const ImportOptions& options);

}  // namespace sanx::app::detail
