#include "app/name_forms.hpp"

#include <string>
#include <vector>

#include "sanx/match/screening.hpp"

namespace sanx::app::detail {

std::size_t store_transliterations(store::ImportSession& session) {
  const std::vector<std::string> texts = session.names_to_transliterate(match::transliteration_method());
  std::size_t stored = 0;
  for (const std::string& text : texts) {
    const auto form = match::transliterate_name(text);
    if (!form) continue;
    session.add_transliteration(*form);
    ++stored;
  }
  return stored;
}

std::size_t refresh_transliterations(store::Database& db) {
  if (!db.names_lack_forms(match::transliteration_method())) return 0;
  store::ImportSession session(db);
  const std::size_t stored = store_transliterations(session);
  session.commit();
  return stored;
}

}  // namespace sanx::app::detail
