// Specification of screening with the Latin forms of names stored at import (model::NameTransliterations):
// the same hits as an index that transliterates, no ICU on the way, and forms of another method never used.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "match/listed_world.hpp"
#include "match/normalize.hpp"
#include "sanx/match/screening.hpp"

namespace match = sanx::match;
namespace model = sanx::model;

namespace {

model::Entity listed_entity(std::string id, model::EntityKind kind, const std::vector<std::string>& names) {
  model::Entity e;
  e.id = std::move(id);
  e.kind = kind;
  for (const auto& n : names) e.names.push_back(model::Name{n, model::NameKind::aka, model::detect_script(n)});
  return e;
}

model::Dataset world() {
  return sanx::testing::listed(
      {listed_entity("p:putin", model::EntityKind::person, {"Vladimir PUTIN", "Владимир Владимирович Путин"}),
       listed_entity("p:hussein", model::EntityKind::person, {"Mohammad HUSSEIN", "محمد حسين"}),
       listed_entity("p:rezaei", model::EntityKind::person, {"Mohsen REZAEI", "محسن رضایی"}),
       listed_entity("p:zhang", model::EntityKind::person, {"ZHANG Wei", "张伟"}),
       listed_entity("p:papadopoulos", model::EntityKind::person, {"Γιώργος Παπαδόπουλος"}),
       listed_entity("c:armen", model::EntityKind::company, {"Արմեն Էքսպորտ ՍՊԸ"}),
       listed_entity("c:anadolu", model::EntityKind::company, {"Anadolu Yatırım Holding A.Ş."}),
       listed_entity("c:romashka", model::EntityKind::company, {"ООО «Ромашка»", "Romashka LLC"})});
}

/// `d` with the forms an import stores: every name outside ASCII, under this build's method.
model::Dataset with_stored_forms(model::Dataset d) {
  d.transliterations.method = match::transliteration_method();
  for (const auto& e : d.entities) {
    for (const auto& n : e.names) {
      if (auto form = match::transliterate_name(n.text)) d.transliterations.names.push_back(std::move(*form));
    }
  }
  std::sort(d.transliterations.names.begin(), d.transliterations.names.end(),
            [](const auto& a, const auto& b) { return a.text < b.text; });
  return d;
}

/// Every hit of `name` (threshold 0), with its score, matched name and features, one line each.
std::vector<std::string> hits(const match::Screener& s, const model::Dataset& d, const std::string& name) {
  match::Query q;
  q.name = name;
  std::vector<std::string> out;
  for (const auto& h : s.screen(q, {0.0, 1000, true}).hits) {
    std::string line = fmt::format("{} {:.17g} {}", d.entities[h.entity.value].id, h.score, h.matched_name);
    for (const auto& f : h.features) line += fmt::format(" | {} {:.17g} {}", f.name, f.score, f.detail);
    out.push_back(std::move(line));
  }
  return out;
}

}  // namespace

TEST_CASE("an index of stored Latin forms screens every query exactly as an index that transliterates",
          "[match][transliteration]") {
  const model::Dataset plain = world();
  const model::Dataset stored = with_stored_forms(world());
  REQUIRE(stored.transliterations.names.size() == 8);
  const match::Screener transliterating(plain);
  const match::Screener reading(stored);
  for (const std::string name :
       {"Владимир Владимирович Путин", "Vladimir Putin", "محمد حسين", "Muhammad Husain", "محسن رضایی", "张伟", "Zhang Wei",
        "Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos", "Արմեն Էքսպորտ ՍՊԸ", "Anadolu Yatirim Holding AS",
        "Anadolu Yatırım Holding A.Ş.", "ООО «Ромашка»", "Ромашка", "Путин Владимир"}) {
    INFO(name);
    CHECK(hits(reading, stored, name) == hits(transliterating, plain, name));
    CHECK_FALSE(hits(reading, stored, name).empty());
  }
}

TEST_CASE("an index of stored Latin forms, queried with those names, transliterates nothing with ICU",
          "[match][transliteration]") {
  const model::Dataset stored = with_stored_forms(world());
  const std::uint64_t before = match::detail::icu_transliterations();
  const match::Screener reading(stored);
  for (const auto& form : stored.transliterations.names) (void)hits(reading, stored, form.text);
  CHECK(match::detail::icu_transliterations() == before);
  // a name it does not store is transliterated as before
  (void)hits(reading, stored, "Путин");
  CHECK(match::detail::icu_transliterations() == before + 1);
}

TEST_CASE("the index reads a stored form of its own method and ignores one of another", "[match][transliteration]") {
  model::Dataset d = world();
  d.transliterations.names.push_back({"Владимир Владимирович Путин", "zzyzx qwerty", false});
  d.transliterations.method = match::transliteration_method();
  {
    const match::Screener reading(d);
    CHECK(hits(reading, d, "zzyzx qwerty").front().starts_with("p:putin 1 "));
  }
  d.transliterations.method = "ICU 0.0; another transliterator";
  const match::Screener ignoring(d);
  CHECK(hits(ignoring, d, "zzyzx qwerty").empty());
  CHECK(hits(ignoring, d, "Vladimir Vladimirovich Putin").front().starts_with("p:putin 1 "));
}

TEST_CASE("a name's form to store is its Latin text, for names outside ASCII that screening reads",
          "[match][transliteration]") {
  const auto putin = match::transliterate_name("Путин");
  REQUIRE(putin.has_value());
  CHECK(putin->text == "Путин");
  CHECK(putin->latin == "putin");
  CHECK_FALSE(putin->arabic);
  const auto hussein = match::transliterate_name("محمد حسين");
  REQUIRE(hussein.has_value());
  CHECK(hussein->arabic);
  CHECK(hussein->latin == match::detail::to_latin("محمد حسين"));
  CHECK_FALSE(match::transliterate_name("Vladimir Putin").has_value());  // ASCII: read without ICU
  CHECK_FALSE(match::transliterate_name("\xD0\x9F\xFF").has_value());    // invalid UTF-8: never indexed
  std::string long_name;
  while (long_name.size() <= match::kMaxNameBytes * 4) long_name += "Ж";
  CHECK_FALSE(match::transliterate_name(long_name).has_value());  // longer than an index reads
}

TEST_CASE("the transliteration method names the ICU version, the transliterator and the normaliser's source",
          "[match][transliteration]") {
  const std::string& method = match::transliteration_method();
  CHECK(method.starts_with("ICU "));
  CHECK(method.find("Russian-Latin/BGN; Any-Latin") != std::string::npos);
  CHECK(method.find("normalize.cpp ") != std::string::npos);
  CHECK(method.size() > method.find("normalize.cpp ") + 14 + 63);  // a SHA-256 in hex
  CHECK(&match::transliteration_method() == &method);
}
