// Specification of the letter tests that typo retrieval uses to reject candidates before scoring them:
// each may only reject what the edit distance itself rejects, so none of them can lose a match.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "match/similarity.hpp"
#include "sanx/match/screening.hpp"

namespace detail = sanx::match::detail;
namespace match = sanx::match;
namespace model = sanx::model;

namespace {

/// A random token of 1 to 12 bytes drawn from `alphabet`, so that letters repeat and classes collide.
std::string random_token(std::mt19937& rng, std::string_view alphabet) {
  std::string s(1 + rng() % 12, ' ');
  for (char& ch : s) ch = alphabet[rng() % alphabet.size()];
  return s;
}

int sketch_apart(std::string_view a, std::string_view b) {
  return detail::sketch_letters_apart(detail::letter_sketch(a), detail::letter_sketch(b));
}

bool at_most_three(std::string_view token) {
  return std::all_of(token.begin(), token.end(), [&](char ch) { return std::count(token.begin(), token.end(), ch) <= 3; });
}

/// The first of `pairs` random pairs for which `broken` holds, or nothing.
template <typename Broken>
std::optional<std::pair<std::string, std::string>> first_pair(std::string_view alphabet, int pairs, Broken broken) {
  std::mt19937 rng(20261130);
  for (int k = 0; k < pairs; ++k) {
    std::string a = random_token(rng, alphabet);
    std::string b = random_token(rng, alphabet);
    if (broken(a, b)) return std::pair(std::move(a), std::move(b));
  }
  return std::nullopt;
}

// Lower-case letters, digits (in the classes of p to y), bytes of other scripts left untransliterated
// (which share classes with letters) and few distinct letters, so that counts pass the sketch's cap of 3.
constexpr std::string_view kMixed = "aaeeiknrs0159pq\xC3\xA9\xD0\xB6";

}  // namespace

TEST_CASE("the letters two tokens do not share never exceed their edit distance", "[match][typo]") {
  const auto broken = first_pair(kMixed, 20000, [](const std::string& a, const std::string& b) {
    return detail::letters_apart(a, b) > static_cast<int>(detail::osa_distance(a, b));
  });
  CHECK_FALSE(broken.has_value());
  CHECK(detail::letters_apart("kamirovel", "kamirovel") == 0);
  CHECK(detail::letters_apart("kamirovel", "kamriovel") == 0);  // a transposition moves letters only
  CHECK(detail::letters_apart("kamirovel", "kamirovl") == 1);
  CHECK(detail::letters_apart("kamirovel", "tansorbek") == 4);  // m, i, v, l against t, n, s, b
}

TEST_CASE("a letter sketch never puts two tokens further apart than their letters", "[match][typo]") {
  const auto broken = first_pair(kMixed, 20000, [](const std::string& a, const std::string& b) {
    return sketch_apart(a, b) > detail::letters_apart(a, b);
  });
  CHECK_FALSE(broken.has_value());
}

TEST_CASE("a letter sketch tells tokens apart exactly while no letter occurs more than three times",
          "[match][typo]") {
  // the 26 lower-case letters have a class each, in the sketch as in the exact count
  const auto differs = first_pair("abcdefghijklmnopqrstuvwxyz", 20000, [](const std::string& a, const std::string& b) {
    return at_most_three(a) && at_most_three(b) && sketch_apart(a, b) != detail::letters_apart(a, b);
  });
  CHECK_FALSE(differs.has_value());
  CHECK(sketch_apart("kamirovel", "tansorbek") == 4);
  CHECK(sketch_apart("kamirovel", "kamirovl") == 1);
  // beyond three, counts are capped: five a against one a differ by two only
  CHECK(sketch_apart("aaaaa", "a") == 2);
  CHECK(detail::letters_apart("aaaaa", "a") == 4);
}

TEST_CASE("a typo in a word with letters repeated past the sketch's cap is still found", "[match][typo]") {
  model::Dataset d;
  for (const auto& [id, name] : {std::pair{"c:miss", "MISSISSIPPI SHIPPING"}, std::pair{"c:other", "SUNRISE SHIPPING"}}) {
    model::Entity e;
    e.id = id;
    e.kind = model::EntityKind::company;
    e.names.push_back(model::Name{name, model::NameKind::primary, "Latn"});
    d.entities.push_back(std::move(e));
  }
  d.build_indices();
  const match::Screener screener(d, match::IndexOptions{.listed_only = false});
  match::Query q;
  q.name = "Missisipi Shipping";
  const auto result = screener.screen(q);
  REQUIRE_FALSE(result.hits.empty());
  CHECK(d.entities[result.hits.front().entity.value].id == "c:miss");
}

TEST_CASE("an identifier's normalised value passes the check its raw value passes", "[match][identifier]") {
  const std::vector<model::Identifier> ids = {{"imo", "IMO 9354521"}, {"imo", "9354522"}, {"lei", "5493001kjtiigc8y1r12"},
                                              {"inn", "7707-083-893"}, {"ogrn", "1027700132196"}, {"bic", "vtbr.ru.mm"},
                                              {"bic", "VTB"}, {"passport", "A 1234567"}, {"passport", " - "}};
  for (const auto& id : ids) {
    CAPTURE(id.scheme, id.value);
    CHECK(detail::normalized_identifier_checks(id.scheme, detail::normalize_identifier_value(id.scheme, id.value)) ==
          match::identifier_checks(id));
  }
  // the scheme repeated before the value goes, in any case, but never the whole value
  CHECK(detail::normalize_identifier_value("imo", "imo 9354521") == "9354521");
  CHECK(detail::normalize_identifier_value("imo", "I.M.O. 9354521") == "9354521");
  CHECK(detail::normalize_identifier_value("lei", "5493001kjtiigc8y1r12") == "5493001KJTIIGC8Y1R12");
  CHECK(detail::normalize_identifier_value("imo", "IMO") == "IMO");
  CHECK(detail::normalize_identifier_value("bic", "bi") == "BI");
  CHECK(detail::normalized_identifier_checks("imo", "9354521"));
  CHECK_FALSE(detail::normalized_identifier_checks("imo", "9354522"));
  CHECK_FALSE(detail::normalized_identifier_checks("passport", ""));
}
