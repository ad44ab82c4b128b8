// Private to the store: what a Database holds. ImportSession (a friend of Database) reaches the
// connection through it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "sanx/store/database.hpp"
#include "store/sqlite.hpp"

namespace sanx::store {

/// The names that need a stored Latin form and have none: a character outside printable ASCII
/// (GLOB '*[^ -~]*'; ASCII control characters too, which the import skips: screening reads ASCII names
/// without ICU). A query on its own, or the tail of one.
inline constexpr std::string_view kNamesWithoutForms =
    "SELECT DISTINCT n.text FROM entity_names n WHERE n.text GLOB '*[^ -~]*' AND NOT EXISTS "
    "(SELECT 1 FROM name_transliterations t WHERE t.text = n.text)";

/// Whether the stored Latin forms are of `method` (transliteration_method's one row, if any).
inline bool forms_method_is(sqlite3* db, const std::string& path, std::string_view method) {
  detail::Statement stored(db, path, "SELECT method FROM transliteration_method");
  detail::ResetGuard guard(stored);
  return stored.step() && stored.column_text(0) == method;
}

struct Database::Impl {
  std::filesystem::path path;
  std::string path_text;  ///< for messages; statements point at it, so Impl never moves (held by unique_ptr)
  detail::Connection db;
};

}  // namespace sanx::store
