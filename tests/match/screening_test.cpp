// Specification of screening a name against a small index: scores that mean what docs/screening.md
// says, features that explain them, evidence beyond the name, and bad queries answered with an error.
#include <catch2/catch.hpp>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <thread>
#include <vector>

#include "match/listed_world.hpp"
#include "sanx/match/screening.hpp"

namespace match = sanx::match;
namespace model = sanx::model;
using sanx::core::Date;
using sanx::testing::listed;

namespace {

model::Entity entity(std::string id, model::EntityKind kind, std::vector<std::string> names) {
  model::Entity e;
  e.id = std::move(id);
  e.kind = kind;
  for (auto& n : names) e.names.push_back(model::Name{std::move(n), model::NameKind::aka, model::detect_script(n)});
  return e;
}

model::Entity person(std::string id, std::vector<std::string> names) {
  return entity(std::move(id), model::EntityKind::person, std::move(names));
}
model::Entity company(std::string id, std::vector<std::string> names) {
  return entity(std::move(id), model::EntityKind::company, std::move(names));
}

match::Query query(std::string name, match::QueryKind kind = match::QueryKind::any) {
  match::Query q;
  q.name = std::move(name);
  q.kind = kind;
  return q;
}

/// Score of `id` for the query, 0 when it is not a hit at all (threshold 0 keeps every scored name).
double score_of(const match::Screener& s, const model::Dataset& d, const match::Query& q, std::string_view id) {
  match::ScreenOptions all;
  all.threshold = 0.0;
  all.limit = 1000;
  for (const auto& h : s.screen(q, all).hits) {
    if (d.entities[h.entity.value].id == id) return h.score;
  }
  return 0.0;
}

const match::Feature* feature(const match::Hit& h, std::string_view name) {
  for (const auto& f : h.features) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// A small world with the names of the known failures and a few common words, so that weights by
// frequency have something to weigh.
const model::Dataset& world() {
  static const model::Dataset d = listed({
      person("p:putin", {"Vladimir Vladimirovich PUTIN", "Владимир Владимирович Путин"}),
      person("p:smith", {"John SMITH"}),
      person("p:hussein", {"Mohammad HUSSEIN"}),
      person("p:zhang", {"ZHANG Wei"}),
      person("p:yusuf", {"Yousef ABOUTALEBI"}),
      company("c:11420", {"11420 CORP."}),
      company("c:romashka", {"ROMASHKA LLC"}),
      company("c:gazprom", {"GAZPROM PAO"}),
      company("c:trading1", {"SUNRISE INTERNATIONAL TRADING COMPANY"}),
      company("c:trading2", {"OCEAN INTERNATIONAL TRADING COMPANY"}),
      company("c:trading3", {"DELTA INTERNATIONAL TRADING COMPANY"}),
      entity("v:vessel", model::EntityKind::vessel, {"OCEAN STAR"}),
  });
  return d;
}

const match::Screener& screener() {
  static const match::Screener s(world());
  return s;
}

double score(std::string name, std::string_view id, match::QueryKind kind = match::QueryKind::any) {
  return score_of(screener(), world(), query(std::move(name), kind), id);
}

}  // namespace

TEST_CASE("the index holds every name of every designated entity", "[match][index]") {
  CHECK(screener().indexed_entities() == world().entities.size());
  CHECK(screener().indexed_names() == 12);  // Путин's Cyrillic name reads as its Latin one: kept once
}

TEST_CASE("an entity without a designation is indexed only when listed_only is off", "[match][index]") {
  model::Dataset d = listed({person("p:a", {"Ivan PETROV"})});
  d.entities.push_back(person("p:own", {"Ivan PETROV"}));
  d.build_indices();
  CHECK(match::Screener(d).indexed_entities() == 1);
  CHECK(match::Screener(d, match::IndexOptions{false}).indexed_entities() == 2);
}

TEST_CASE("the same name scores 1 and a hit names the entity and the name that matched", "[match][score]") {
  const auto r = screener().screen(query("John Smith"));
  REQUIRE(r.hits.size() == 1);
  CHECK(world().entities[r.hits[0].entity.value].id == "p:smith");
  CHECK(r.hits[0].matched_name == "John SMITH");
  CHECK(r.hits[0].score == Approx(1.0));
  REQUIRE(feature(r.hits[0], "name") != nullptr);
  CHECK(feature(r.hits[0], "name")->detail == "john=john, smith=smith");
}

TEST_CASE("Jon Smith scores high against John Smith, not 0.5", "[match][score][person]") {
  CHECK(score("Jon Smith", "p:smith") >= 0.9);
}

TEST_CASE("token order does not matter for names", "[match][score][person]") {
  CHECK(score("Smith John", "p:smith") == Approx(score("John Smith", "p:smith")));
  CHECK(score("PUTIN Vladimir", "p:putin") == Approx(score("Vladimir PUTIN", "p:putin")));
}

TEST_CASE("an initial stands for a given name", "[match][score][person]") {
  CHECK(score("V. Putin", "p:putin") >= 0.8);
  CHECK(score("W. Putin", "p:putin") < score("V. Putin", "p:putin"));
}

TEST_CASE("a missing patronymic costs little, a contradicting name a lot", "[match][score][person]") {
  CHECK(score("Vladimir Putin", "p:putin") >= 0.95);
  CHECK(score("Vladimir Petrov", "p:putin") < 0.6);
  CHECK(score("Igor Putin", "p:putin") < 0.8);
}

TEST_CASE("transliteration variants and other scripts meet the listed name", "[match][score][script]") {
  CHECK(score("Владимир Путин", "p:putin") >= 0.95);
  CHECK(score("Muhammad Husayn", "p:hussein") >= 0.9);
  CHECK(score("محمد حسين", "p:hussein") >= 0.9);
  CHECK(score("张伟", "p:zhang") >= 0.95);
  CHECK(score("یوسف ابوطالبی", "p:yusuf") >= 0.9);  // the Persian letters of the UK list's own name
}

TEST_CASE("a Cyrillic letter hidden in a Latin name does not hide it", "[match][score][script]") {
  CHECK(score("Gаzprоm PAO", "c:gazprom") == Approx(1.0));  // Cyrillic а and о
}

TEST_CASE("legal forms are equivalent across languages and weigh little, but are never deleted", "[match][score][legal]") {
  const auto r = screener().screen(query("OOO Romashka"));
  REQUIRE_FALSE(r.hits.empty());
  CHECK(world().entities[r.hits[0].entity.value].id == "c:romashka");
  CHECK(r.hits[0].score >= 0.95);
  REQUIRE(feature(r.hits[0], "legal_form") != nullptr);
  CHECK(feature(r.hits[0], "legal_form")->detail == "ooo = llc (llc)");
  CHECK(score("ПАО Газпром", "c:gazprom") >= 0.95);
  CHECK(score("Gazprom", "c:gazprom") >= 0.9);  // the form dropped
  // deleting legal forms made this 100% in another tool
  CHECK(score("BELLETECH CORP", "c:11420") < 0.3);
}

TEST_CASE("generic words count less than distinctive ones", "[match][score][company]") {
  CHECK(score("SUNRISE TRADING", "c:trading1") >= 0.8);
  CHECK(score("MOONRISE INTERNATIONAL TRADING COMPANY", "c:trading1") < 0.6);
}

TEST_CASE("a typo costs a little", "[match][score]") {
  const double s = score("Vladimir Vladimirovich PUITN", "p:putin");
  CHECK(s >= 0.8);
  CHECK(s < 1.0);
}

TEST_CASE("the kind of the query excludes other kinds unless it is any", "[match][kind]") {
  CHECK(score("OCEAN STAR", "v:vessel", match::QueryKind::vessel) == Approx(1.0));
  CHECK(score("OCEAN STAR", "v:vessel", match::QueryKind::company) == 0.0);
  CHECK(score("John Smith", "p:smith", match::QueryKind::company) == 0.0);
  CHECK(score("John Smith", "p:smith", match::QueryKind::person) == Approx(1.0));
}

TEST_CASE("words joined or split differently are found however long they are", "[match][score][joined]") {
  // runs of words whose text passes 96 letters are joined elsewhere than short ones: both give one key
  for (const std::size_t length : {6U, 40U, 70U}) {
    CAPTURE(length);
    const std::string first = "Abdul" + std::string(length, 'r') + "ahman";
    const std::string second = "Sali" + std::string(length, 'm') + "ov";
    const std::string third = "Tash" + std::string(length, 'k') + "ent";
    const model::Dataset d = listed({person("p:joined", {first + second + " " + third}),
                                     person("p:split", {first + " " + second + " " + third})});
    const match::Screener s(d);
    // the query splits what the first name joins, and joins what the second splits
    CHECK(score_of(s, d, query(first + " " + second + " " + third), "p:joined") >= 0.85);
    CHECK(score_of(s, d, query(first + second + " " + third), "p:split") >= 0.85);
    match::ScreenOptions explained;
    explained.threshold = 0.8;
    const auto r = s.screen(query(first + second + " " + third), explained);
    REQUIRE_FALSE(r.hits.empty());
    const auto it = std::find_if(r.hits.begin(), r.hits.end(), [&](const match::Hit& h) {
      return d.entities[h.entity.value].id == "p:split";
    });
    REQUIRE(it != r.hits.end());
    REQUIRE(feature(*it, "name") != nullptr);
    CHECK(feature(*it, "name")->detail.find("(joined)") != std::string::npos);
  }
}

TEST_CASE("query kinds parse and print", "[match][kind]") {
  for (const char* k : {"any", "person", "company", "vessel"}) {
    REQUIRE(match::parse_query_kind(k).has_value());
    CHECK(match::to_string(*match::parse_query_kind(k)) == k);
  }
  CHECK_FALSE(match::parse_query_kind("ship").has_value());
}

TEST_CASE("identifiers pass their schemes' checks or are not used", "[match][identifier]") {
  auto ok = [](std::string scheme, std::string value) { return match::identifier_checks({std::move(scheme), std::move(value)}); };
  CHECK(ok("imo", "9354521"));
  CHECK(ok("imo", "IMO 9354521"));
  CHECK_FALSE(ok("imo", "9354522"));
  CHECK(ok("lei", "5493001KJTIIGC8Y1R12"));
  CHECK(ok("lei", "2138001ABCDEF1234577"));
  CHECK_FALSE(ok("lei", "2138001ABCDEF1234578"));
  CHECK(ok("inn", "7707083893"));
  CHECK(ok("inn", "500100732259"));
  CHECK_FALSE(ok("inn", "7707083894"));
  CHECK(ok("ogrn", "1027700132195"));
  CHECK_FALSE(ok("ogrn", "1027700132196"));
  CHECK(ok("bic", "VTBRRUMM"));
  CHECK_FALSE(ok("bic", "VTB"));
  CHECK(ok("passport", "A1234567"));
}

TEST_CASE("an equal identifier dominates a weak name, a differing one lowers the score", "[match][identifier]") {
  model::Entity ship = entity("v:ship", model::EntityKind::vessel, {"NOBLE STAR"});
  ship.identifiers.push_back({"imo", "9354521"});
  const model::Dataset d = listed({ship});
  const match::Screener s(d);
  match::Query q = query("NOBEL STARLIGHT MARINE");
  q.identifiers.push_back({"imo", "IMO 9354521"});
  const auto r = s.screen(q);
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].score >= 0.97);
  REQUIRE(feature(r.hits[0], "identifier") != nullptr);
  CHECK(feature(r.hits[0], "identifier")->detail == "imo:9354521 equal");

  match::Query other = query("NOBLE STAR");
  other.identifiers.push_back({"imo", "9176187"});  // valid, another ship
  CHECK(score_of(s, d, other, "v:ship") < score_of(s, d, query("NOBLE STAR"), "v:ship"));
  match::Query invalid = query("NOBLE STAR");
  invalid.identifiers.push_back({"imo", "9176188"});  // fails its check digit: no evidence either way
  CHECK(score_of(s, d, invalid, "v:ship") == Approx(score_of(s, d, query("NOBLE STAR"), "v:ship")));
}

TEST_CASE("birth date and country raise or lower a score", "[match][evidence]") {
  model::Entity p = person("p:x", {"Ivan Sergeyevich PETROV"});
  p.birth_date = Date::ymd(1961, 2, 3);
  p.countries = {"RU"};
  const model::Dataset d = listed({p});
  const match::Screener s(d);
  const double base = score_of(s, d, query("Ivan Petrov"), "p:x");
  match::Query same = query("Ivan Petrov");
  same.birth_date = Date::parse_iso("1961");
  match::Query differ = query("Ivan Petrov");
  differ.birth_date = Date::parse_iso("1975-05-05");
  CHECK(score_of(s, d, same, "p:x") > base);
  CHECK(score_of(s, d, differ, "p:x") < base - 0.1);
  match::Query ru = query("Ivan Petrov");
  ru.country = "RU";
  match::Query de = query("Ivan Petrov");
  de.country = "DE";
  CHECK(score_of(s, d, ru, "p:x") > score_of(s, d, de, "p:x"));
}

TEST_CASE("hits are best first, cut at the threshold and the limit", "[match][options]") {
  match::ScreenOptions opts;
  opts.threshold = 0.0;
  opts.limit = 2;
  const auto r = screener().screen(query("INTERNATIONAL TRADING COMPANY"), opts);
  REQUIRE(r.hits.size() == 2);
  CHECK(r.hits[0].score >= r.hits[1].score);
  CHECK(screener().screen(query("INTERNATIONAL TRADING COMPANY")).hits.empty());  // generic words only
}

TEST_CASE("without explain, hits have the entities, scores and order of explained ones but no features", "[match][options]") {
  for (const match::Query& q : {query("Vladimir PUTIN"), query("INTERNATIONAL TRADING COMPANY"), query("Jon Smith"),
                                query("Ocean Star", match::QueryKind::vessel)}) {
    match::ScreenOptions opts;
    opts.threshold = 0.3;
    opts.limit = 5;
    const auto explained = screener().screen(q, opts);
    opts.explain = false;
    const auto bare = screener().screen(q, opts);
    INFO(q.name);
    REQUIRE(bare.hits.size() == explained.hits.size());
    CHECK_FALSE(explained.hits.empty());
    for (std::size_t i = 0; i < bare.hits.size(); ++i) {
      CHECK(bare.hits[i].entity == explained.hits[i].entity);
      CHECK(bare.hits[i].score == explained.hits[i].score);
      CHECK(bare.hits[i].features.empty());
      CHECK(bare.hits[i].matched_name.empty());
      CHECK_FALSE(explained.hits[i].features.empty());
    }
  }
}

TEST_CASE("equal scores are ordered by entity index", "[match][options]") {
  const model::Dataset d = listed({company("c:b", {"ACME HOLDING"}), company("c:a", {"ACME HOLDING"})});
  const auto r = match::Screener(d).screen(query("Acme Holding"));
  REQUIRE(r.hits.size() == 2);
  CHECK(r.hits[0].score == r.hits[1].score);
  CHECK(r.hits[0].entity.value == 0);
  CHECK(r.hits[1].entity.value == 1);
}

TEST_CASE("bad names are answered with an error, never a crash", "[match][errors]") {
  auto error = [](std::string name) {
    const auto r = screener().screen(query(std::move(name)));
    CHECK(r.hits.empty());
    return r.error ? r.error->message : std::string();
  };
  CHECK(error("") == "the name is empty; expected a person's, company's or vessel's name");
  CHECK(error(" \t  ") == "the name is empty; expected a person's, company's or vessel's name");
  CHECK(error("Ivan \xff\xfe Petrov") == "the name is not valid UTF-8 (byte 5); expected UTF-8 text");
  CHECK(error(std::string(10000, 'a')) == "the name is 10000 bytes long; at most 1024 bytes are screened");
  CHECK(error("Ivan \xee\x80\x80") ==
        "the name contains the character U+E000, which is not text; expected a name");  // private use
  CHECK(error("Ivan\x01Petrov") == "the name contains the character U+0001, which is not text; expected a name");
  // the first control character; invalid UTF-8 anywhere before any of them; the checks of other scripts after
  CHECK(error("Ivan\x7F\x02Petrov") == "the name contains the character U+007F, which is not text; expected a name");
  CHECK(error("\x1FIvan") == "the name contains the character U+001F, which is not text; expected a name");
  CHECK(error("Ivan\x01Petrov \xff") == "the name is not valid UTF-8 (byte 12); expected UTF-8 text");
  CHECK(error("Ivan\x01Петров") == "the name contains the character U+0001, which is not text; expected a name");
  CHECK(error("Пётр\x01") == "the name contains the character U+0001, which is not text; expected a name");
  CHECK(error("\t\n\r") == "the name is empty; expected a person's, company's or vessel's name");
  CHECK(error("- . -") == "the name has no letters or digits; expected a person's, company's or vessel's name");
  CHECK_FALSE(screener().screen(query("Z 9")).error.has_value());
  CHECK_FALSE(screener().screen(query("Ivan\tPetrov")).error.has_value());
  CHECK(error("!!! ???") == "the name has no letters or digits; expected a person's, company's or vessel's name");
  CHECK_FALSE(screener().screen(query("John Smith")).error.has_value());
}

TEST_CASE("normalize_tokens shows the tokens the index sees, and nothing for invalid UTF-8", "[match][normalize]") {
  CHECK(match::normalize_tokens("ООО «Газпром Нефть»") == std::vector<std::string>{"ooo", "gazprom", "neft"});
  CHECK(match::normalize_tokens("\xff").empty());
}

TEST_CASE("several threads may screen at once and get the answers one thread gets", "[match][threads]") {
  const std::vector<std::string> names = {"Jon Smith", "Владимир Путин", "OOO Romashka", "محمد حسين", "张伟"};
  std::vector<double> expected;
  for (const auto& n : names) expected.push_back(score(n, world().entities[screener().screen(query(n)).hits.at(0).entity.value].id));
  std::vector<std::vector<double>> got(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < got.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        for (const auto& n : names) {
          const auto r = screener().screen(query(n));
          got[t].push_back(r.hits.empty() ? 0.0 : r.hits[0].score);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& g : got) {
    REQUIRE(g.size() == 20 * names.size());
    for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == Approx(expected[i % names.size()]));
  }
}

namespace {

// Names built from a few words so that many share some, joined or split, with typos: what the pruning
// of hopeless names (below the threshold even with every bonus) and the kept keys of joined runs meet.
const std::vector<std::string> kWords = {"abdul", "rahman", "abdulrahman", "ocean", "star", "oceanstar", "trading",
                                         "company", "llc", "ooo", "ivan", "ivanov", "petrov", "petrova", "al",
                                         "hassan", "hasan", "nord", "stream", "nordstream", "2024", "7", "bin"};

// Names of generic words, country codes and numbers, numbers written whole or split ("2024", "20 24"):
// they differ mostly in a number, which aligns only with the same number, and may still be joined.
const std::vector<std::string> kNumberedWords = {"company", "firm", "bank", "ru", "ir", "llc", "jsc", "2024", "20",
                                                 "24", "1248", "12", "48", "7", "abdul", "rahman", "abdulrahman"};

/// One to `most` words of `words`, some with a typo when `typos`.
std::string random_name(std::uint32_t& seed, const std::vector<std::string>& words = kWords, std::uint32_t most = 4,
                        bool typos = true) {
  auto next = [&seed](std::uint32_t n) {
    seed = seed * 1664525U + 1013904223U;
    return (seed >> 8) % n;
  };
  std::string name;
  for (std::uint32_t k = 0, count = 1 + next(most); k < count; ++k) {
    std::string w = words[next(static_cast<std::uint32_t>(words.size()))];
    if (typos && next(5) == 0 && w.size() > 3) w[next(static_cast<std::uint32_t>(w.size()))] = 'x';  // a typo
    name += (k == 0 ? "" : " ") + w;
  }
  return name;
}

std::string valid_imo(std::uint32_t n) {
  std::string v = std::to_string(1000000 + n % 900000).substr(1, 6);
  int sum = 0;
  for (std::size_t i = 0; i < 6; ++i) sum += (v[i] - '0') * static_cast<int>(7 - i);
  return v + static_cast<char>('0' + sum % 10);
}

/// The third letter of every word of four or more letters made an x.
std::string misspelt(std::string name) {
  for (std::size_t start = 0; start < name.size();) {
    const std::size_t end = std::min(name.find(' ', start), name.size());
    if (end - start >= 4) name[start + 2] = 'x';
    start = end + 1;
  }
  return name;
}

/// Where two hit lists first differ (entity or score), or "" when they are the same.
std::string first_difference(const std::vector<match::Hit>& a, const std::vector<match::Hit>& b) {
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i].entity != b[i].entity || a[i].score != b[i].score) return "hit " + std::to_string(i) + " differs";
  }
  return a.size() == b.size() ? "" : "sizes " + std::to_string(a.size()) + " and " + std::to_string(b.size());
}

std::vector<match::Hit> at_least(std::vector<match::Hit> hits, double threshold) {
  std::erase_if(hits, [&](const match::Hit& h) { return h.score + 1e-12 < threshold; });
  return hits;
}

}  // namespace

TEST_CASE("screening at a threshold keeps exactly the hits of full scoring that reach it", "[match][options][pruning]") {
  std::uint32_t seed = 7;
  std::vector<model::Entity> entities;
  for (std::uint32_t i = 0; i < 120; ++i) {
    model::Entity e = i % 2 == 0 ? person("p" + std::to_string(i), {random_name(seed)})
                                 : company("c" + std::to_string(i), {random_name(seed), random_name(seed)});
    if (i % 3 == 0) e.identifiers.push_back({"imo", valid_imo(i)});
    if (i % 4 == 0) e.countries.push_back(i % 8 == 0 ? "RU" : "AE");
    if (i % 5 == 0) e.birth_date = Date::parse_iso("1970-01-01");
    entities.push_back(std::move(e));
  }
  const model::Dataset d = listed(std::move(entities));
  const match::Screener s(d);
  const match::Screener other(world());  // screened in turn, so that kept per-thread state is shared
  for (int k = 0; k < 300; ++k) {
    match::Query q = query(random_name(seed));
    if (k % 3 == 0) {  // the identifier of an entity, with its name misspelt or another name
      const auto i = static_cast<std::uint32_t>(k % 40) * 3;
      q.identifiers.push_back({"imo", valid_imo(i)});
      if (k % 2 == 0) q.name = misspelt(d.entities[i].names[0].text);
    }
    if (k % 4 == 0) q.country = "RU";
    if (k % 5 == 0) q.birth_date = Date::parse_iso("1970-01-01");
    INFO(q.name);
    const auto full = s.screen(q, {0.0, 10000, false}).hits;  // threshold 0: nothing is pruned
    for (const double threshold : {0.5, 0.8, 0.9, 0.95}) {
      INFO(threshold);
      CHECK(first_difference(s.screen(q, {threshold, 10000, false}).hits, at_least(full, threshold)).empty());
      CHECK(first_difference(s.screen(q, {threshold, 10000, true}).hits, at_least(full, threshold)).empty());
      (void)other.screen(query(random_name(seed)), {threshold, 10, false});
    }
  }
}

namespace {

std::string numbered_name(std::uint32_t& seed) { return random_name(seed, kNumberedWords, 5, false); }

/// `count` listed entities, persons and companies in turn, named by `name()` (a company twice).
template <typename Name>
model::Dataset listed_named(std::uint32_t count, Name&& name) {
  std::vector<model::Entity> entities;
  for (std::uint32_t i = 0; i < count; ++i) {
    entities.push_back(i % 2 == 0 ? person("p" + std::to_string(i), {name()})
                                  : company("c" + std::to_string(i), {name(), name()}));
  }
  return listed(std::move(entities));
}

/// Checks that `q` screened at each threshold keeps exactly the hits of full scoring (threshold 0, where
/// nothing is pruned) that reach it; returns how many hits were kept in all.
std::size_t check_pruning_keeps_full_hits(const match::Screener& s, const match::Query& q,
                                          std::initializer_list<double> thresholds) {
  INFO(q.name);
  const auto full = s.screen(q, {0.0, 10000, false}).hits;
  std::size_t hits = 0;
  for (const double threshold : thresholds) {
    INFO(threshold);
    const auto kept = s.screen(q, {threshold, 10000, false}).hits;
    CHECK(first_difference(kept, at_least(full, threshold)).empty());
    hits += kept.size();
  }
  return hits;
}

}  // namespace

TEST_CASE("names that differ in a number keep exactly the hits of full scoring at every threshold",
          "[match][options][pruning]") {
  std::uint32_t seed = 11;
  const model::Dataset d = listed_named(120, [&] { return numbered_name(seed); });
  const match::Screener s(d);
  std::size_t hits = 0;
  for (int k = 0; k < 200; ++k) {
    hits += check_pruning_keeps_full_hits(s, query(numbered_name(seed)), {0.5, 0.8, 0.9, 0.95});
  }
  CHECK(hits > 0);
}

namespace {

/// A name shaped like the generated worlds' parties ("Company 6373 DE LLC", "Person 4441 IR"): a kind word,
/// a number below `numbers` (now and then split in two or joined to the word), a country code, sometimes a
/// legal form or a second number.
std::string audit_like_name(std::uint32_t& seed, std::uint32_t numbers) {
  auto next = [&seed](std::uint32_t n) {
    seed = seed * 1664525U + 1013904223U;
    return (seed >> 8) % n;
  };
  static const std::vector<std::string> kinds = {"Company", "Person", "Bank", "Vessel"};
  static const std::vector<std::string> countries = {"RU", "IR", "DE", "AE", "CN"};
  static const std::vector<std::string> forms = {"LLC", "JSC", "OOO", ""};
  const std::string kind = kinds[next(4)];
  const std::string number = std::to_string(next(numbers));
  std::string name;
  switch (next(6)) {
    case 0: name = kind + number; break;  // joined to the word
    case 1: name = kind + " " + number.substr(0, number.size() / 2) + " " + number.substr(number.size() / 2); break;
    default: name = kind + " " + number; break;
  }
  name += " " + countries[next(5)];
  if (const std::string& form = forms[next(4)]; !form.empty()) name += " " + form;
  if (next(8) == 0) name += " " + std::to_string(next(numbers));
  return name;
}

}  // namespace

TEST_CASE("names shaped like the audit's parties keep exactly the hits of full scoring at every threshold",
          "[match][options][pruning]") {
  // Half the queries' numbers are in no listed name: the bound taken before a name's join hashes are read
  // rejects those names, and must reject no name that full scoring keeps.
  std::uint32_t seed = 5;
  const model::Dataset d = listed_named(150, [&] { return audit_like_name(seed, 80); });
  const match::Screener s(d);
  std::size_t hits = 0;
  for (int k = 0; k < 400; ++k) {
    hits += check_pruning_keeps_full_hits(s, query(audit_like_name(seed, 160)), {0.5, 0.7, 0.8, 0.9, 0.95});
  }
  CHECK(hits > 0);
}

namespace {

// Words in three scripts, so that one word comes back written in Latin, Cyrillic and Arabic script (the
// last vowelless) and in legal phrases.
const std::vector<std::string> kScriptWords = {"ivan", "Иван", "petrov", "Петров", "mohammad", "محمد", "hassan",
                                               "حسن", "ocean", "star", "trading", "company", "ООО", "limited",
                                               "liability", "2024", "al", "abdul", "rahman", "عبد", "الرحمن"};

/// Hits of `q` at each threshold, screened on a thread of its own: nothing kept from earlier queries.
std::vector<std::vector<match::Hit>> screened_afresh(const match::Screener& s, const match::Query& q,
                                                     const std::vector<double>& thresholds) {
  std::vector<std::vector<match::Hit>> out;
  std::thread([&] {
    for (const double t : thresholds) out.push_back(s.screen(q, {t, 10000, false}).hits);
  }).join();
  return out;
}

}  // namespace

TEST_CASE("what a thread keeps of earlier queries (words, retrieved tokens) never changes a hit",
          "[match][options][pruning]") {
  std::uint32_t seed = 23;
  const model::Dataset d = listed_named(80, [&] { return random_name(seed, kScriptWords); });
  const match::Screener s(d);
  const match::Screener other(world());  // screened in between: what is kept belongs to one index
  const std::vector<double> thresholds = {0.5, 0.8, 0.9, 0.95};
  std::vector<match::Query> queries;
  for (int k = 0; k < 60; ++k) queries.push_back(query(random_name(seed, k % 2 == 0 ? kScriptWords : kWords)));
  std::vector<std::vector<std::vector<match::Hit>>> expected;
  for (const auto& q : queries) expected.push_back(screened_afresh(s, q, thresholds));
  std::size_t hits = 0;
  for (int round = 0; round < 2; ++round) {  // the second round meets every word again
    for (std::size_t k = 0; k < queries.size(); ++k) {
      INFO(queries[k].name);
      for (std::size_t t = 0; t < thresholds.size(); ++t) {
        INFO(thresholds[t]);
        const auto got = s.screen(queries[k], {thresholds[t], 10000, false}).hits;
        CHECK(first_difference(got, expected[k][t]).empty());
        hits += got.size();
        (void)other.screen(queries[(k + 1) % queries.size()], {thresholds[t], 10, false});
      }
    }
  }
  CHECK(hits > 0);
}
