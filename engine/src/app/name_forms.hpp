// Private to app: the Latin forms of names an import stores for screening (model::NameTransliterations),
// shared by `sanx import` of a dataset and of a list file.
#pragma once

#include <cstddef>

#include "sanx/store/database.hpp"
#include "sanx/store/import_session.hpp"

namespace sanx::app::detail {

/// Stores in `session`, before it commits, the Latin form of every name of the database that needs one
/// and has none under this build's method (match::transliteration_method). Returns how many it stored.
/// Loads ICU's transliteration rules of the names' scripts: the cost an audit's screening index no
/// longer pays.
std::size_t store_transliterations(store::ImportSession& session);

/// For an import that found every file unchanged and so opened no session: stores, in a transaction of
/// its own, the Latin forms the database lacks under this build's method (a database imported before
/// schema 4, or by a build of another method), so that its audits need not transliterate. Returns how
/// many it stored; 0, without writing, when none is missing.
std::size_t refresh_transliterations(store::Database& db);

}  // namespace sanx::app::detail
