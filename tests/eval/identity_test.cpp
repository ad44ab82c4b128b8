// linked_to, shared_identity and shared_identity_detail: links through dated relations of any kind, and
// the addresses, phones and directors a party shares with a designated one, as of the subject's date.
#include "eval/eval_test_support.hpp"
#include "eval/identity_index.hpp"

#include <array>
#include <limits>
#include <random>
#include <utility>

using namespace sanx;
using sanx::test::day;
using sanx::test::run;

namespace {

using Subjects = std::vector<std::string>;

model::Relation relation(std::string source, std::string target, model::RelationKind kind, std::string_view start,
                         std::optional<std::string_view> end = std::nullopt) {
  model::Relation r;
  r.source = std::move(source);
  r.target = std::move(target);
  r.kind = kind;
  if (kind == model::RelationKind::ownership) r.share = test::dec("60");
  r.start = day(start);
  if (end) r.end = day(*end);
  return r;
}

/// A (AE) is owned by B (TR), whose director is C (IR person) from 2023-01-01; D (HK) was an associate
/// of E (IR) until 2023-06-01. F (DE) has no relations.
const model::Dataset& link_world() {
  static const model::Dataset data = [] {
    test::World w;
    w.company("A", "Alpha Trading FZE", "AE").company("B", "Beta Dis Ticaret", "TR");
    w.entity("C", model::EntityKind::person, "Kian Example", {"IR"});
    w.company("D", "Delta Components Ltd", "HK").company("E", "Epsilon Exchange", "IR");
    w.company("F", "Foxtrot GmbH", "DE");
    w.relation(relation("B", "A", model::RelationKind::ownership, "2020-01-01"));
    w.relation(relation("C", "B", model::RelationKind::director, "2023-01-01"));
    w.relation(relation("D", "E", model::RelationKind::associate, "2020-01-01", "2023-06-01"));
    return w.build();
  }();
  return data;
}

std::string entity_rule(std::string_view condition) {
  return fmt::format("rule r {{\n  meta {{ severity = low }}\n  on entity e\n  when {}\n}}\n", condition);
}

Subjects fired(std::string_view condition, const model::Dataset& data, std::string_view as_of) {
  Subjects out;
  for (const auto& f : run(entity_rule(condition), data, day(as_of))) {
    out.push_back(f.outcome == eval::Outcome::fired ? std::string(f.subject()) : std::string(f.subject()) + " (undetermined)");
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("linked_to counts the entity's own main country at depth 0", "[eval][identity]") {
  CHECK(fired(R"(linked_to(e, "IR", 0))", link_world(), "2024-01-01") == Subjects{"C", "E"});
}

TEST_CASE("linked_to follows relations in both directions up to the depth", "[eval][identity]") {
  // A reaches C through its owner B (two relations); B reaches C directly.
  CHECK(fired(R"(linked_to(e, "IR", 1))", link_world(), "2024-01-01") == Subjects{"B", "C", "E"});
  CHECK(fired(R"(linked_to(e, "IR", 2))", link_world(), "2024-01-01") == Subjects{"A", "B", "C", "E"});
}

TEST_CASE("linked_to ignores relations not in force on the date", "[eval][identity]") {
  // Before C became B's director, and while D was still E's associate.
  CHECK(fired(R"(linked_to(e, "IR", 2))", link_world(), "2022-06-01") == Subjects{"C", "D", "E"});
}

TEST_CASE("linked_to of an absent party is false, never undetermined", "[eval][identity]") {
  test::World w;
  w.company("demo:orig", "Orig LLC", "RU").company("demo:benef", "Benef GmbH", "DE");
  w.payment(test::payment("P1", "2024-07-01", "", ""));
  model::Payment p2 = test::payment("P2", "2024-07-01", "", "");
  p2.beneficiary = "nobody";
  w.payment(p2);
  const auto findings = run(test::payment_rule(R"(not linked_to(p.beneficiary, "RU", 1))"), w.build());
  // P1's beneficiary is German; P2's names no known entity: neither is linked, and neither is undetermined.
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].outcome == eval::Outcome::fired);
  CHECK(findings[1].outcome == eval::Outcome::fired);
}

namespace {

/// A random graph: `n` entities with one of four main countries or none, and relations of random kinds
/// with a start, an end, both or neither, a few of them ending before they start.
model::Dataset random_link_world(std::uint32_t seed, std::size_t n, std::size_t relations) {
  std::mt19937 rng(seed);
  auto pick = [&](std::size_t k) { return static_cast<std::size_t>(rng() % k); };
  const std::array<std::string_view, 5> countries{"IR", "KP", "RU", "AE", ""};
  const std::array<std::string_view, 4> days{"2021-01-01", "2022-06-01", "2023-01-01", "2024-03-01"};
  test::World w;
  for (std::size_t e = 0; e < n; ++e) {
    const std::string_view c = countries[pick(countries.size())];
    w.entity("E" + std::to_string(e), model::EntityKind::company, "Company " + std::to_string(e),
             c.empty() ? std::vector<std::string>{} : std::vector<std::string>{std::string(c)});
  }
  for (std::size_t r = 0; r < relations; ++r) {
    model::Relation rel = relation("E" + std::to_string(pick(n)), "E" + std::to_string(pick(n)),
                                   static_cast<model::RelationKind>(pick(6)), days[pick(days.size())]);
    if (pick(3) == 0) rel.start.reset();
    if (pick(3) == 0) rel.end = day(days[pick(days.size())]);
    w.relation(std::move(rel));
  }
  return w.build();
}

}  // namespace

TEST_CASE("linked_to looked up in precomputed reaches answers as the walk does on random graphs", "[eval][identity]") {
  const std::array<std::optional<core::Date>, 6> on{std::nullopt, day("2020-01-01"), day("2022-06-01"),
                                                    day("2022-12-31"), day("2023-06-01"), day("2025-01-01")};
  for (const std::uint32_t seed : {1U, 2U, 3U, 4U}) {
    const model::Dataset data = random_link_world(seed, 40, seed * 25);
    const eval::IdentityIndex index(data);
    std::size_t calls = 0;
    std::size_t linked = 0;
    std::size_t differing = 0;
    for (std::uint32_t e = 0; e < data.entities.size(); ++e) {
      for (const std::string_view country : {"IR", "KP", "RU", "AE", "DE"}) {
        for (std::int64_t depth = -1; depth <= 3; ++depth) {
          for (const auto& d : on) {
            const bool looked_up = index.linked_to(model::EntityIx{e}, country, depth, d);
            ++calls;
            if (looked_up) ++linked;
            if (looked_up != index.linked_to_by_walk(model::EntityIx{e}, country, depth, d)) ++differing;
          }
        }
      }
    }
    INFO("seed " << seed << ": " << linked << " linked");
    CHECK(differing == 0);
    CHECK(linked > 0);
    CHECK(linked < calls);
  }
}

namespace {

/// Calls f(seed, data, index) on the random worlds of seeds 1 to 3: 30 entities, 20 relations a seed.
template <class F>
void on_random_link_worlds(F&& f) {
  for (const std::uint32_t seed : {1U, 2U, 3U}) {
    const model::Dataset data = random_link_world(seed, 30, seed * 20);
    const eval::IdentityIndex index(data);
    f(seed, data, index);
  }
}

}  // namespace

TEST_CASE("linked_to gives one answer on every day of the span linked_days finds around a day", "[eval][identity]") {
  const std::int32_t first = day("2020-06-01").days_since_epoch();
  const std::int32_t last = day("2025-06-01").days_since_epoch();
  on_random_link_worlds([&](std::uint32_t seed, const model::Dataset& data, const eval::IdentityIndex& index) {
    std::size_t changes = 0;
    for (std::uint32_t e = 0; e < data.entities.size(); ++e) {
      for (std::int32_t d = first; d < last; d += 37) {
        const auto [from, to] = index.linked_days(model::EntityIx{e}, d);
        INFO("seed " << seed << ", entity " << e << ", day " << d);
        REQUIRE(from <= d);
        REQUIRE(d < to);
        if (to < last) ++changes;
        // Every day of the span within the years the relations fall in, for every country and depth.
        for (std::int32_t x = std::max(from, first); x < std::min(to, last); x += 5) {
          for (const std::string_view country : {"IR", "KP", "RU", "AE"}) {
            for (std::int64_t depth = 0; depth <= 2; ++depth) {
              const auto at = [&](std::int32_t y) {
                return index.linked_to(model::EntityIx{e}, country, depth, core::Date::from_days_since_epoch(y));
              };
              REQUIRE(at(x) == at(d));
            }
          }
        }
      }
    }
    CHECK(changes > 0);  // spans do end where relations start or end
  });
}

namespace {

/// S (AE, 2023) shares a differently written address with the SDN X and, through director M, a board
/// with the SDN Y (director of Y only until 2024-03-01); T (AE) shares its address with U, who is not
/// designated; Z was designated only from 2025-01-01 and shares S's address too.
const model::Dataset& identity_world() {
  static const model::Dataset data = [] {
    test::World w;
    w.company("S", "Saffron Example General Trading LLC", "AE").company("T", "Teal Example LLC", "AE");
    w.company("U", "Umber Example LLC", "AE").company("X", "Xeric Exchange", "AE");
    w.company("Y", "Yarrow Components Ltd", "HK").company("Z", "Zircon Holding", "AE");
    w.entity("M", model::EntityKind::person, "Kian Vahidar", {"IR"});
    w.designate("X", "OFAC", "SDN", day("2024-06-25"), std::nullopt, {"SDGT"});
    w.designate("Y", "OFAC", "SDN", day("2022-01-01"), std::nullopt, {"NPWMD"});
    w.designate("Z", "OFAC", "SDN", day("2025-01-01"));
    w.relation(relation("M", "S", model::RelationKind::director, "2023-03-02"));
    w.relation(relation("M", "Y", model::RelationKind::director, "2021-01-01", "2024-03-01"));
    model::Dataset d = w.build();
    auto set_address = [&d](const std::string& id, std::string address) {
      d.entities[d.find_entity(id).value].addresses.push_back(std::move(address));
    };
    set_address("S", "Office 1204, Al Nasr Tower, Deira, Dubai");
    set_address("X", "office 1204 al nasr tower deira dubai");
    set_address("Z", "Office 1204 - Al Nasr Tower - Deira - Dubai");
    set_address("T", "Unit 7, Jebel Ali Free Zone");
    set_address("U", "UNIT 7 JEBEL ALI FREE ZONE");
    return d;
  }();
  return data;
}

}  // namespace

TEST_CASE("addresses are compared in lower case with punctuation and spacing ignored", "[eval][identity]") {
  CHECK(eval::IdentityIndex::normalise_address("  Office 1204, Al Nasr Tower -- Deira ") ==
        "office 1204 al nasr tower deira");
  CHECK(eval::IdentityIndex::normalise_address("").empty());
  CHECK(eval::IdentityIndex::normalise_address(" -- ,, ").empty());
  CHECK(eval::IdentityIndex::normalise_address("Ülm-5") == "Ülm 5");  // letters of other scripts kept as written
}

TEST_CASE("linked_to compares main countries written in any case and length as the walk does", "[eval][identity]") {
  test::World w;
  w.company("A", "Alpha LLC", "AE").company("B", "Beta LLC", "IR").company("C", "Gamma LLC", "ir");
  w.company("D", "Delta LLC", "IRN").company("E", "Epsilon LLC", "DE");
  w.relation(relation("A", "B", model::RelationKind::director, "2020-01-01"));
  w.relation(relation("A", "C", model::RelationKind::director, "2020-01-01"));
  w.relation(relation("D", "E", model::RelationKind::director, "2020-01-01"));
  const model::Dataset data = w.build();
  const eval::IdentityIndex index(data);
  for (std::uint32_t e = 0; e < data.entities.size(); ++e) {
    for (const std::string_view country : {"IR", "ir", "IRN", "DE", "AE", "XX", ""}) {
      for (std::int64_t depth = 0; depth <= 2; ++depth) {
        CAPTURE(e, country, depth);
        CHECK(index.linked_to(model::EntityIx{e}, country, depth, day("2024-01-01")) ==
              index.linked_to_by_walk(model::EntityIx{e}, country, depth, day("2024-01-01")));
      }
    }
  }
  CHECK(index.linked_to(data.find_entity("A"), "ir", 1, day("2024-01-01")));
  CHECK(index.linked_to(data.find_entity("E"), "IRN", 1, day("2024-01-01")));
  CHECK_FALSE(index.linked_to(data.find_entity("E"), "IR", 1, day("2024-01-01")));
}

TEST_CASE("an address line without a number or of fewer than three words is shared with nobody", "[eval][identity]") {
  test::World w;
  w.company("A", "Alpha LLC", "RU").company("B", "Beta LLC", "RU").company("C", "Gamma LLC", "RU");
  w.designate("B", "OFAC", "SDN", day("2022-01-01"));
  w.designate("C", "OFAC", "SDN", day("2022-01-01"));
  model::Dataset d = w.build();
  d.entities[0].addresses = {"Moscow 101000", "Russia", "Tverskaya Street, Moscow"};
  d.entities[1].addresses = {"Moscow 101000", "Russia"};
  d.entities[2].addresses = {"Tverskaya street moscow"};
  CHECK(fired(R"(e.id == "A" and shared_identity(e, "OFAC") is not missing)", d, "2024-01-01").empty());
}

TEST_CASE("shared_identity finds a party designated on the date that shares an address or a director",
          "[eval][identity]") {
  // On 2024-01-01 S shares a director with the listed Y; X is not yet listed, and what Y shares is
  // with S, which is not listed.
  CHECK(fired(R"(shared_identity(e, "OFAC") is not missing)", identity_world(), "2024-01-01") == Subjects{"S"});
  // On 2024-07-01 the board is no longer shared, but X is listed: S and Z share its address (Z itself is
  // listed only from 2025).
  CHECK(fired(R"(shared_identity(e, "OFAC") is not missing)", identity_world(), "2024-07-01") ==
        Subjects{"S", "Z"});
}

TEST_CASE("shared_identity never names the entity itself, nor a party of another regime", "[eval][identity]") {
  CHECK(fired(R"(shared_identity(e, "EU") is not missing)", identity_world(), "2025-06-01").empty());
  CHECK(fired(R"(shared_identity(e, "any") is not missing)", identity_world(), "2025-06-01") ==
        Subjects{"S", "X", "Z"});
}

TEST_CASE("shared_identity gives the first designated party by id, and the detail says what is shared",
          "[eval][identity]") {
  const std::string rule =
      "rule r {\n  meta { severity = low }\n  on entity e\n  let hit = shared_identity(e, \"OFAC\")\n"
      "  let what = shared_identity_detail(e, \"OFAC\")\n  when e.id == \"S\" and hit is not missing\n"
      "  reason \"{hit.id}: {what}\"\n}\n";
  const auto explained = run(rule, identity_world(), day("2025-06-01"));
  REQUIRE(explained.size() == 1);
  // The address as the first entity with it wrote it.
  CHECK(explained[0].reason() == "X: address 'Office 1204, Al Nasr Tower, Deira, Dubai'");
  const auto board = run(rule, identity_world(), day("2024-01-01"));
  REQUIRE(board.size() == 1);
  CHECK(board[0].reason() == "Y: director 'Kian Vahidar'");
}

TEST_CASE("shared_identity finds a shared phone number", "[eval][identity]") {
  test::World w;
  w.company("A", "Alpha LLC", "AE").company("B", "Beta Exchange", "AE").company("C", "Gamma LLC", "AE");
  w.designate("B", "OFAC", "SDN", day("2024-06-25"), std::nullopt, {"SDGT"});
  model::Dataset d = w.build();
  d.entities[0].phones = {"+97145550101"};
  d.entities[1].phones = {"+97145550199", "+97145550101"};
  d.entities[2].phones = {"+97145550102"};
  const std::string rule =
      "rule r {\n  meta { severity = low }\n  on entity e\n  let what = shared_identity_detail(e, \"OFAC\")\n"
      "  when shared_identity(e, \"OFAC\") is not missing\n  reason \"{what}\"\n}\n";
  const auto findings = run(rule, d, day("2024-07-01"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].subject() == "A");
  CHECK(findings[0].reason() == "phone '+97145550101'");
}

TEST_CASE("shared_identity of an entity sharing nothing with a designated party is missing", "[eval][identity]") {
  const auto findings = run(entity_rule(R"(e.id == "T" and shared_identity(e, "OFAC") is missing)"),
                            identity_world(), day("2025-06-01"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].outcome == eval::Outcome::fired);
}

TEST_CASE("an index whose address groups are made on a thread of their own answers as one made on one thread",
          "[eval][identity]") {
  std::mt19937 rng(11);
  const auto pick = [&rng](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  test::World w;
  for (std::size_t i = 0; i < 400; ++i) w.company("E" + std::to_string(i), "Company " + std::to_string(i), "AE");
  for (std::size_t i = 0; i < 400; i += 7) w.designate("E" + std::to_string(i), "OFAC", "SDN", day("2022-01-01"));
  model::Dataset data = w.build();
  for (auto& e : data.entities) {
    if (pick(3) != 0) e.addresses.push_back(fmt::format("Office {}, Tower {} Street, Dubai", pick(60), pick(3)));
    if (pick(4) == 0) e.addresses.push_back(fmt::format("OFFICE {} TOWER {} STREET DUBAI", pick(60), pick(3)));
    if (pick(3) == 0) e.phones.push_back(fmt::format("+9714555{:04}", pick(80)));
  }
  const eval::IdentityIndex one(data);
  const eval::IdentityIndex two(data, 2);
  std::size_t shared = 0;
  for (std::uint32_t e = 0; e < data.entities.size(); ++e) {
    CAPTURE(e);
    const auto a = one.shared_identity(model::EntityIx{e}, "OFAC", day("2024-01-01"));
    const auto b = two.shared_identity(model::EntityIx{e}, "OFAC", day("2024-01-01"));
    REQUIRE(a.has_value() == b.has_value());
    if (a) {
      ++shared;
      CHECK(a->other == b->other);
      CHECK(a->detail == b->detail);
    }
    CHECK(one.isolated(model::EntityIx{e}) == two.isolated(model::EntityIx{e}));
  }
  CHECK(shared > 50);  // the world does share addresses and phones
}

TEST_CASE("linked_days spans from the last day a reach starts or ends to the next one", "[eval][identity]") {
  // A's reaches: B (TR) from 2020-01-01, and C (IR) within two from 2023-01-01; D's: E (IR) until 2023-06-01.
  const model::Dataset& data = link_world();
  const eval::IdentityIndex index(data);
  const auto ix = [&](std::string_view id) {
    for (std::uint32_t e = 0; e < data.entities.size(); ++e) {
      if (data.entities[e].id == id) return model::EntityIx{e};
    }
    FAIL("no entity " << id);
    return model::EntityIx{};
  };
  const auto days = [&](std::string_view id, std::string_view on) {
    return index.linked_days(ix(id), day(on).days_since_epoch());
  };
  constexpr std::int32_t kBefore = std::numeric_limits<std::int32_t>::min();
  constexpr std::int32_t kAfter = std::numeric_limits<std::int32_t>::max();
  const std::int32_t y2020 = day("2020-01-01").days_since_epoch();
  const std::int32_t y2023 = day("2023-01-01").days_since_epoch();
  const std::int32_t jun2023 = day("2023-06-01").days_since_epoch();
  CHECK(days("A", "2019-06-01") == std::pair(kBefore, y2020));
  CHECK(days("A", "2020-01-01") == std::pair(y2020, y2023));
  CHECK(days("A", "2022-12-31") == std::pair(y2020, y2023));
  CHECK(days("A", "2024-06-01") == std::pair(y2023, kAfter));
  CHECK(days("D", "2022-01-01") == std::pair(y2020, jun2023));
  CHECK(days("D", "2023-06-01") == std::pair(jun2023, kAfter));
  CHECK(days("F", "2022-01-01") == std::pair(kBefore, kAfter));  // no relation: one answer on every day
}

TEST_CASE("linked_every_day answers only for parties whose links to the country hold or fail on every day",
          "[eval][identity]") {
  const std::int32_t first = day("2019-01-01").days_since_epoch();
  const std::int32_t last = day("2026-01-01").days_since_epoch();
  on_random_link_worlds([&](std::uint32_t seed, const model::Dataset& data, const eval::IdentityIndex& index) {
    std::size_t answered = 0;
    std::size_t open = 0;
    for (std::uint32_t e = 0; e < data.entities.size(); ++e) {
      for (const std::string_view country : {"IR", "KP", "RU", "AE", "XX"}) {
        for (std::int64_t depth = 0; depth <= 3; ++depth) {
          const model::EntityIx x{e};
          const std::optional<bool> every = index.linked_every_day(x, country, depth);
          INFO("seed " << seed << ", entity " << e << ", " << country << " within " << depth);
          if (!every) {
            ++open;
            continue;
          }
          ++answered;
          CHECK(index.linked_to(x, country, depth, std::nullopt) == *every);
          for (std::int32_t d = first; d < last; d += 11) {
            REQUIRE(index.linked_to(x, country, depth, core::Date::from_days_since_epoch(d)) == *every);
          }
        }
      }
    }
    CHECK(answered > 0);
    CHECK(open > 0);  // deeper than two, and links that start or end
  });
  CHECK(eval::IdentityIndex(link_world()).linked_every_day(model::EntityIx{}, "IR", 1) == false);
}
