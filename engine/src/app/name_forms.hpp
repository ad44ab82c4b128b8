// Private to app: the Latin forms of names an import stores for screening (model::NameTransliterations),
// shared by `sanx import` of a dataset and of a list file.
#pragma once

#include <cstddef>

#include "sanx/store/import_session.hpp"

namespace sanx::app::detail {

/// Stores in `session`, before it commits, the Latin form of every name of the database that needs one
/// and has none under this build's method (match::transliteration_method). Returns how many it stored.
/// Loads ICU's transliteration rules of the names' scripts: the cost an audit's screening index no
/// longer pays.
std::size_t store_transliterations(store::ImportSession& session);

}  // namespace sanx::app::detail
