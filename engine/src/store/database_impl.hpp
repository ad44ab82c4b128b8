// Private to the store: what a Database holds. ImportSession (a friend of Database) reaches the
// connection through it.
#pragma once

#include <filesystem>
#include <string>

#include "sanx/store/database.hpp"
#include "store/sqlite.hpp"

namespace sanx::store {

struct Database::Impl {
  std::filesystem::path path;
  std::string path_text;  ///< for messages; statements point at it, so Impl never moves (held by unique_ptr)
  detail::Connection db;
};

}  // namespace sanx::store
