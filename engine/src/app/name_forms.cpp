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

}  // namespace sanx::app::detail
