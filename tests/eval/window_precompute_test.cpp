// Windows whose condition reads only the candidate are answered from values computed once per candidate
// when the index is built; these tests check that this gives exactly the findings of the general scan.
#include <algorithm>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "eval/build_crew.hpp"
#include "eval/candidate_columns.hpp"
#include "eval/column_read.hpp"
#include "eval/eval_test_support.hpp"
#include "eval/machine.hpp"
#include "eval/window_index.hpp"

using namespace sanx;

namespace {

constexpr std::array kParties{"demo:a", "demo:b", "demo:c", "demo:d", "demo:nobody"};

/// A random world: payments and shipments among a few parties over 120 days, with missing purposes,
/// values and unknown parties mixed in.
model::Dataset random_world(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  test::World w;
  w.company("demo:a", "A LLC", "IR").company("demo:b", "B LLC", "IR").company("demo:c", "C LLC", "KZ")
      .company("demo:d", "D LLC", "RU");
  w.bank("demo:vtb", "VTB Bank", "RU", "VTBRRUMM").bank("demo:mellat", "Bank Mellat", "IR", "BKMTIRTH");
  constexpr std::array purposes{"", "cards", "cards top-up", "invoice", "loan"};
  constexpr std::array networks{model::Network::shetab, model::Network::mir, model::Network::swift};
  for (int i = 0; i < 700; ++i) {
    model::Payment p = test::payment(fmt::format("P{}", i), core::Date::from_days_since_epoch(19700 + static_cast<std::int32_t>(pick(120))).to_string(),
                                     pick(2) ? "VTBRRUMM" : "BKMTIRTH", "VTBRRUMM", fmt::format("{}.{}", 10 + pick(900), pick(100)),
                                     networks[pick(networks.size())]);
    p.originator = kParties[pick(kParties.size())];
    p.beneficiary = kParties[pick(kParties.size())];
    p.purpose = purposes[pick(purposes.size())];
    p.currency = pick(5) == 0 ? "" : (pick(2) ? "USD" : "EUR");
    w.payment(std::move(p));
  }
  constexpr std::array hs{"854239", "854231", "870899", "847130", "8471"};
  constexpr std::array countries{"RU", "KZ", "AM", "TR"};
  for (int i = 0; i < 250; ++i) {
    model::Shipment s;
    s.id = fmt::format("S{}", i);
    s.date = core::Date::from_days_since_epoch(19700 + static_cast<std::int32_t>(pick(120)));
    s.exporter = kParties[pick(kParties.size())];
    s.consignee = kParties[pick(kParties.size())];
    s.hs_code = hs[pick(hs.size())];
    s.destination = countries[pick(countries.size())];
    if (pick(4) != 0) s.value = test::dec(fmt::format("{}", 100 + pick(5000)));
    w.shipment(std::move(s));
  }
  return w.build();
}

/// Windows of every aggregate and direction; most read only the candidate, four compare it with the
/// subject (and stay on the general path), two of those with a conjunct on the candidate alone that
/// keeps candidates out of the index (g3; g4, where it is missing on some); some share their key and
/// `where` with another (c1 and s3, d1 and m1), which shares their matches.
constexpr std::string_view kPack = R"(
rule payments {
  meta { severity = low }
  on payment p
  let c1 = count payment q where q.originator == p.originator and q.network == "SHETAB" within 10d before
  let c2 = count payment q where q.beneficiary == p.originator and q.purpose contains "cards" within 14d around
  let s1 = sum q.amount over payment q where q.originator == p.originator and q.amount > 300 within 1mo before
  let s2 = sum q.amount over payment q where q.currency == p.currency within 5d after
  let d1 = distinct q.beneficiary over payment q where q.originator == p.originator within 20d before
  let d2 = distinct q.purpose over payment q where q.originator == p.originator and q.network != "MIR" within 9d around
  let m1 = min q.amount over payment q where q.originator == p.originator within 15d after
  let m2 = max q.purpose over payment q where q.originator_bic == p.originator_bic within 3d before
  let m3 = max q.date over payment q where q.originator == p.originator and bic_country(q.originator_bic) == "IR" within 30d before
  let g1 = count payment q where q.originator == p.originator and q.amount > p.amount within 10d before
  let g2 = count shipment q where q.exporter == p.beneficiary and q.destination == "RU" within 60d after
  let s3 = sum q.amount over payment q where q.originator == p.originator and q.network == "SHETAB" within 30d before
  let g3 = count payment q where q.originator == p.originator and q.network == "SHETAB" and q.amount > p.amount within 20d around
  let g4 = max q.amount over payment q where q.originator == p.originator and q.purpose contains "cards"
           and q.currency == p.currency within 20d before
  when c1 is missing or c1 is not missing
  reason "{c1} {c2} {s1} {s2} {d1} {d2} {m1} {m2} {m3} {g1} {g2} {s3} {g3} {g4}"
}
rule shipments {
  meta { severity = low }
  on shipment s
  let onward = count shipment q where q.exporter == s.consignee and q.destination == "RU"
               and left(q.hs_code, 4) == left(s.hs_code, 4) within 90d after
  let heading = count shipment q where left(q.hs_code, 4) == left(s.hs_code, 4) and q.destination in ["RU", "KZ"] within 20d around
  let total = sum q.value over shipment q where q.exporter == s.exporter and q.destination == "RU" within 45d before
  let dests = distinct q.destination over shipment q where q.exporter == s.consignee within 1mo around
  let first = min q.value over shipment q where q.consignee == s.consignee within 30d before
  let paid = sum q.amount over payment q where q.originator == s.consignee and q.network == "SHETAB" within 30d before
  when onward is missing or onward is not missing
  reason "{onward} {heading} {total} {dests} {first} {paid}"
}
)";

/// Every finding as one line, to compare two evaluations.
std::vector<std::string> lines(const std::vector<eval::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    out.push_back(fmt::format("{} {} {} {} [{}]", f.rule(), f.subject(), f.outcome == eval::Outcome::fired ? "fired" : "undetermined",
                              f.reason(), fmt::join(f.missing(), ",")));
  }
  return out;
}

/// The first line where `a` and `b` differ ("" when they are equal): fast on large results.
std::string first_difference(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] != b[i]) return fmt::format("#{}: {} | {}", i, a[i], b[i]);
  }
  return a.size() == b.size() ? "" : fmt::format("sizes {} and {}", a.size(), b.size());
}

std::vector<std::string> audit(const compile::RuleSet& rules, const model::Dataset& data, bool precompute, bool filter) {
  eval::EvalOptions options;
  options.window_precompute = precompute;
  options.batch_filter = filter;
  return lines(eval::evaluate(rules, data, options));
}

const compile::CompiledRule& rule_of(const compile::RuleSet& rules, std::size_t i) { return rules.impl().rules[i]; }

}  // namespace

TEST_CASE("Precomputed windows give the same findings as the general scan on random worlds",
          "[eval][window][precompute]") {
  const compile::RuleSet rules = test::compile_rules(kPack);
  for (const std::uint64_t seed : {1U, 2U, 3U}) {
    INFO("seed " << seed);
    const model::Dataset data = random_world(seed);
    const auto general = audit(rules, data, false, true);
    REQUIRE(general.size() == data.payments.size() + data.shipments.size());
    const auto with_missing = std::count_if(general.begin(), general.end(),
                                            [](const std::string& l) { return l.find('?') != std::string::npos; });
    CHECK(with_missing > 0);  // missing purposes, values, currencies and parties reach some windows
    CHECK(static_cast<std::size_t>(with_missing) < general.size());
    CHECK(first_difference(audit(rules, data, true, true), general).empty());
    CHECK(first_difference(audit(rules, data, true, false), general).empty());
  }
}

TEST_CASE("A window whose condition reads only the candidate is precomputed, one that reads the subject is not",
          "[eval][window][precompute]") {
  const compile::RuleSet rules = test::compile_rules(kPack);
  const compile::CompiledRule& payments = rule_of(rules, 0);
  REQUIRE(payments.windows.size() == 14);
  for (const std::size_t w : {0U, 1U, 2U, 3U, 4U, 5U, 6U, 7U, 8U, 11U}) CHECK(eval::window_precomputable(payments, payments.windows[w]));
  CHECK_FALSE(eval::window_precomputable(payments, payments.windows[9]));   // q.amount > p.amount
  CHECK_FALSE(eval::window_precomputable(payments, payments.windows[12]));  // q.amount > p.amount
  CHECK_FALSE(eval::window_precomputable(payments, payments.windows[13]));  // q.currency == p.currency
  const compile::CompiledRule& shipments = rule_of(rules, 1);
  CHECK_FALSE(eval::window_precomputable(shipments, shipments.windows[0]));  // left(s.hs_code, 4) in the where
}

TEST_CASE("A window that reads designations is not precomputed: they are in force as of the subject's date",
          "[eval][window][precompute]") {
  const compile::RuleSet rules = test::compile_rules(R"(
rule r {
  meta { severity = low }
  on payment p
  let n = count payment q where q.originator == p.originator and designated(q.beneficiary, "OFAC") within 30d before
  when n > 0
})");
  CHECK_FALSE(eval::window_precomputable(rule_of(rules, 0), rule_of(rules, 0).windows[0]));
}

namespace {

/// Windows of several rules that index the same candidates under the same key (their conjuncts on the
/// candidate alone in another order, or the same window in another rule) and near-misses that must not
/// share: one constant, one set member, one argument, one quantified country apart.
constexpr std::string_view kSharingPack = R"(
rule a {
  meta { severity = low }
  on payment p
  let n1 = count payment q where q.originator == p.originator and q.network == "SHETAB" and q.amount > 300 within 20d before
  let n2 = sum q.amount over payment q where q.beneficiary == p.originator and q.network == "SHETAB" within 20d around
  let n3 = max q.purpose over payment q where q.originator == p.originator and q.purpose in ["cards", "loan"] within 10d after
  when n1 is missing or n1 is not missing
  reason "{n1} {n2} {n3}"
}
rule b {
  meta { severity = low }
  on payment p
  let same_order = count payment q where q.amount > 300 and q.network == "SHETAB" and q.originator == p.originator within 20d before
  let other_network = count payment q where q.originator == p.originator and q.network == "MIR" and q.amount > 300 within 20d before
  let other_amount = count payment q where q.originator == p.originator and q.network == "SHETAB" and q.amount > 30 within 20d before
  let other_scale = count payment q where q.originator == p.originator and q.network == "SHETAB" and q.amount > 300.5 within 20d before
  let subject_too = count payment q where q.originator == p.originator and q.network == "SHETAB" and q.amount > 300
                    and q.currency == p.currency within 20d before
  let valued = min q.amount over payment q where q.originator == p.originator and q.network == "SHETAB" and q.amount > 300 within 20d before
  let copy = sum q.amount over payment q where q.beneficiary == p.originator and q.network == "SHETAB" within 20d around
  let other_key = sum q.amount over payment q where q.originator == p.originator and q.network == "SHETAB" within 20d around
  let other_list = max q.purpose over payment q where q.originator == p.originator and q.purpose in ["cards", "invoice"] within 10d after
  let prefix4 = count payment q where q.originator == p.originator and left(q.purpose, 4) == "card" within 10d before
  let prefix3 = count payment q where q.originator == p.originator and left(q.purpose, 3) == "card" within 10d before
  when same_order is missing or same_order is not missing
  reason "{same_order} {other_network} {other_amount} {other_scale} {subject_too} {valued} {copy} {other_key} {other_list} {prefix4} {prefix3}"
}
rule c {
  meta { severity = low }
  on shipment s
  let ru_kz = count shipment q where q.exporter == s.consignee and q.destination in ["RU", "KZ"] within 60d after
  let ru_am = count shipment q where q.exporter == s.consignee and q.destination in ["RU", "AM"] within 60d after
  let valued = count shipment q where q.exporter == s.consignee and q.destination in ["RU", "AM"] and q.value is not missing
               within 60d after
  let kz_ru = count shipment q where q.exporter == s.consignee and q.destination in ["KZ", "RU"] within 60d after
  let any_ru = count shipment q where q.exporter == s.consignee and (any d in [q.destination, q.origin]: d == "RU") within 60d after
  let any_kz = count shipment q where q.exporter == s.consignee and (any d in [q.destination, q.origin]: d == "KZ") within 60d after
  when ru_kz is missing or ru_kz is not missing
  reason "{ru_kz} {ru_am} {kz_ru} {any_ru} {any_kz} {valued}"
}
)";

}  // namespace

TEST_CASE("Windows of several rules that share their key and candidate conditions give the findings of unshared indexes",
          "[eval][window][precompute]") {
  const compile::RuleSet rules = test::compile_rules(kSharingPack);
  for (const std::uint64_t seed : {4U, 5U}) {
    INFO("seed " << seed);
    const model::Dataset data = random_world(seed);
    const auto plain = audit(rules, data, false, true);
    REQUIRE(plain.size() == 2 * data.payments.size() + data.shipments.size());
    CHECK(first_difference(audit(rules, data, true, true), plain).empty());
  }
}

/// The words of a line's reason (lines() puts rule, subject and outcome first, the missing list last).
std::vector<std::string> reason_words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string w; in >> w;) words.push_back(w);
  return words.size() < 4 ? std::vector<std::string>{} : std::vector<std::string>(words.begin() + 3, words.end() - 1);
}

TEST_CASE("A candidate condition that reads several paths of the candidate gives the findings of the general scan",
          "[eval][window][precompute]") {
  // Each condition on the candidate alone reads two to four paths (an entity's country, a BIC, a coded
  // network, a text purpose, a date; some missing): it is evaluated once per distinct tuple of their
  // values while the index is built, and a tuple that told two candidates apart by one path only would
  // keep or leave out the wrong ones. Over four paths, or with a value that is not numbered (an amount),
  // it is evaluated on every candidate.
  const compile::RuleSet rules = test::compile_rules(R"(
rule r {
  meta { severity = low }
  on payment p
  let a = count payment q where q.beneficiary == p.beneficiary
          and coalesce(q.originator.country == "IR" or bic_country(q.originator_bic) == "RU", false) within 30d around
  let b = count payment q where q.beneficiary == p.beneficiary and (q.originator.country == "RU" or q.currency == "USD")
          within 30d before
  let c = sum q.amount over payment q where q.originator == p.originator and q.amount > p.amount
          and (q.network == "SHETAB" or q.purpose contains "cards") within 20d around
  let d = count payment q where q.originator == p.originator and q.amount > p.amount
          and (q.network == "MIR" or q.purpose == "loan" or q.currency == "EUR" or q.beneficiary.country == "KZ"
               or q.date > 2023-12-01) within 20d around
  let e = count payment q where q.beneficiary == p.beneficiary and q.amount > p.amount
          and (q.network == "MIR" or q.amount > 500) within 20d around
  when a is missing or a is not missing
  reason "{a} {b} {c} {d} {e}"
})");
  for (const std::uint64_t seed : {1U, 2U, 3U}) {
    INFO("seed " << seed);
    const model::Dataset data = random_world(seed);
    const auto general = audit(rules, data, false, true);
    REQUIRE(general.size() == data.payments.size());
    const auto counted = std::count_if(general.begin(), general.end(), [](const std::string& l) {
      const auto words = reason_words(l);
      return words.size() == 5 && words[0] != "0" && words[1] != "0" && words[3] != "0" && words[4] != "0";
    });
    CHECK(counted > 0);  // every window keeps some candidates
    CHECK(first_difference(audit(rules, data, true, true), general).empty());
    CHECK(first_difference(audit(rules, data, true, false), general).empty());
  }
}


TEST_CASE("The near-miss windows of the sharing pack count different candidates, so sharing them would show",
          "[eval][window][precompute]") {
  const compile::RuleSet rules = test::compile_rules(kSharingPack);
  const auto findings = audit(rules, random_world(4), false, true);
  // Whether the values of lets i and j of rule `rule` differ on some subject.
  auto differ = [&](std::string_view rule, std::size_t i, std::size_t j) {
    return std::any_of(findings.begin(), findings.end(), [&](const std::string& line) {
      if (line.rfind(fmt::format("test.{} ", rule), 0) != 0) return false;
      const auto words = reason_words(line);
      return words.size() > std::max(i, j) && words[i] != words[j];
    });
  };
  CHECK(differ("b", 0, 1));   // SHETAB, MIR
  CHECK(differ("b", 0, 2));   // > 300, > 30
  CHECK(differ("b", 0, 4));   // and the currency of the subject
  CHECK(differ("b", 6, 7));   // beneficiary, originator
  CHECK(differ("b", 9, 10));  // left 4, left 3
  CHECK(differ("c", 0, 1));   // RU or KZ, RU or AM
  CHECK(differ("c", 3, 4));   // any RU, any KZ
  CHECK(differ("c", 1, 5));   // and a value
  CHECK_FALSE(differ("c", 0, 2));  // the same set in another order
}

namespace {

/// The first difference between group `a` and group `b` of one key ("" when equal). Value ids are
/// compared as a partition of the entries in the window: the same ids for the same entries, whatever
/// their numbers.
std::string group_difference(const eval::WindowIndex& x, std::uint32_t gx, const eval::WindowIndex& y, std::uint32_t gy) {
  const eval::WindowIndex::Group& ga = x.groups[gx];
  const eval::WindowIndex::Group& gb = y.groups[gy];
  if (ga.entries.size() != gb.entries.size()) return fmt::format("{} and {} entries", ga.entries.size(), gb.entries.size());
  for (std::size_t i = 0; i < ga.entries.size(); ++i) {
    if (ga.entries[i].date != gb.entries[i].date || ga.entries[i].ix != gb.entries[i].ix) return fmt::format("entry {}", i);
  }
  if (!x.precomputed) return "";  // nothing precomputed (the caller compared the flags)
  const eval::WindowIndex::Sums a = x.sums_of(ga);
  const eval::WindowIndex::Sums b = y.sums_of(gb);
  const auto same = [](auto p, auto q) { return std::equal(p.begin(), p.end(), q.begin(), q.end()); };
  if (!same(a.state, b.state) || !same(a.in_before, b.in_before) || !same(a.missing_before, b.missing_before)) return "states";
  if (a.values.size() != b.values.size() || a.value_ids.size() != b.value_ids.size()) return "value sizes";
  for (std::size_t i = 0; i < a.values.size(); ++i) {
    if (eval::window_key(a.values[i]) != eval::window_key(b.values[i])) return fmt::format("value {}", i);
  }
  std::map<std::uint32_t, std::uint32_t> ab, ba;
  for (std::size_t i = 0; i < a.value_ids.size(); ++i) {
    if (a.state[i] != eval::WindowIndex::State::in) continue;  // no value, no id
    if (ab.try_emplace(a.value_ids[i], b.value_ids[i]).first->second != b.value_ids[i] ||
        ba.try_emplace(b.value_ids[i], a.value_ids[i]).first->second != a.value_ids[i]) {
      return fmt::format("value id {}", i);
    }
  }
  return "";
}

/// The first difference between the sub-keys (SubKeyPlan) of group `gx` of `x` and group `gy` of `y`: the
/// same ids, each with the same candidates in the same order ("" when equal).
std::string sub_key_difference(const eval::WindowIndex& x, std::uint32_t gx, const eval::WindowIndex& y, std::uint32_t gy) {
  if (x.plan.has_value() != y.plan.has_value() || x.sub_keys.size() != y.sub_keys.size()) return "sub-key plans";
  for (std::size_t k = 0; k < x.sub_keys.size(); ++k) {
    const eval::WindowIndex::SubKeys& a = *x.sub_keys[k];
    const eval::WindowIndex::SubKeys& b = *y.sub_keys[k];
    const auto spans = [](const eval::WindowIndex::SubKeys& keys, std::uint32_t g) {
      std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>> out;  // (id, candidates)
      for (std::uint32_t i = keys.first[g]; i < keys.first[g + 1]; ++i) {
        auto& [id, ixs] = out.emplace_back(keys.spans[i].id, std::vector<std::uint32_t>());
        for (std::uint32_t e = 0; e < keys.spans[i].size; ++e) ixs.push_back(keys.entries[keys.spans[i].begin + e].ix);
      }
      return out;
    };
    if (spans(a, gx) != spans(b, gy)) return fmt::format("sub-key {}", k);
  }
  return "";
}

/// Every entity, payment, shipment or relation key of `keys` with its group, whether hashed (by_index) or
/// dense: an index keeps such a key in either, depending on how its keys were read.
std::map<std::uint64_t, std::uint32_t> index_keys(const eval::WindowIndex::Keys& keys) {
  std::map<std::uint64_t, std::uint32_t> out(keys.by_index.begin(), keys.by_index.end());
  for (std::uint64_t i = 0; i < keys.dense.size(); ++i) {
    if (keys.dense[i] != 0) out.emplace(std::uint64_t{static_cast<std::uint8_t>(keys.dense_kind)} << 32 | i, keys.dense[i] - 1);
  }
  return out;
}

/// The first difference between the indexes of every window of `rules` ("" when equal), key by key.
std::string index_difference(const compile::RuleSet& rules, const eval::WindowIndexes& a, const eval::WindowIndexes& b) {
  for (std::size_t r = 0; r < rules.impl().rules.size(); ++r) {
    for (std::size_t w = 0; w < rules.impl().rules[r].windows.size(); ++w) {
      const eval::WindowIndex& x = a.at(r, w);
      const eval::WindowIndex& y = b.at(r, w);
      const std::string where = fmt::format("rule {} window {}: ", r, w);
      if (x.precomputed != y.precomputed) return where + "precomputed";
      const std::map<std::uint64_t, std::uint32_t> xi = index_keys(*x.keys);
      const std::map<std::uint64_t, std::uint32_t> yi = index_keys(*y.keys);
      if (xi.size() != yi.size() || x.keys->by_text.size() != y.keys->by_text.size()) return where + "keys";
      for (const auto& [key, g] : xi) {
        const auto it = yi.find(key);
        if (it == yi.end()) return where + fmt::format("key {}", key);
        if (auto d = group_difference(x, g, y, it->second); !d.empty()) return where + d;
        if (auto d = sub_key_difference(x, g, y, it->second); !d.empty()) return where + d;
      }
      for (const auto& [key, g] : x.keys->by_text) {
        const auto it = y.keys->by_text.find(key);
        if (it == y.keys->by_text.end()) return where + key;
        if (auto d = group_difference(x, g, y, it->second); !d.empty()) return where + key + ": " + d;
        if (auto d = sub_key_difference(x, g, y, it->second); !d.empty()) return where + key + ": " + d;
      }
    }
  }
  return "";
}

}  // namespace

TEST_CASE("Indexes built in small parts on 1, 2 or 3 threads, their own or a crew's, equal those built whole on one thread",
          "[eval][window][precompute][threads]") {
  for (const std::string_view pack : {kPack, kSharingPack}) {
    const compile::RuleSet rules = test::compile_rules(pack);
    const model::Dataset data = random_world(6);
    const eval::WindowIndexes whole(rules.impl(), data, std::nullopt, true, 1);
    for (const std::size_t threads : {1U, 2U, 3U}) {
      for (const std::size_t part : {1U, 37U, 128U}) {  // 700 to 6 parts of the 700 payments
        INFO(threads << " threads, parts of " << part);
        const eval::WindowIndexes split(rules.impl(), data, std::nullopt, true, threads, part);
        CHECK(index_difference(rules, whole, split) == "");
        CHECK(index_difference(rules, split, whole) == "");
        // This thread and threads - 1 helpers of a crew (as while an audit's threads evaluate the rules
        // without windows and join the build when they have none left).
        eval::BuildCrew crew;
        std::vector<std::thread> helpers;
        for (std::size_t h = 1; h < threads; ++h) helpers.emplace_back([&] { crew.help(); });
        const eval::WindowIndexes crewed(rules.impl(), data, std::nullopt, true, eval::BuildThreads(threads, &crew), part);
        crew.finish();
        for (auto& t : helpers) t.join();
        CHECK(index_difference(rules, whole, crewed) == "");
      }
    }
  }
}

namespace {

/// Rules without windows, before and after kSharingPack's: evaluated while its indexes are built.
constexpr std::string_view kPlainBefore = R"(
rule big_shetab {
  meta { severity = low }
  on payment p
  when p.network == "SHETAB" and p.amount > 300
  reason "{p.amount}"
}
)";
constexpr std::string_view kPlainAfter = R"(
rule to_ru {
  meta { severity = low }
  on shipment s
  when s.destination in ["RU", "KZ"]
  reason "{s.destination}"
}
)";

}  // namespace

TEST_CASE("Rules with and without windows give the same findings and profile counts on 1, 2 and 3 threads",
          "[eval][window][threads][profile]") {
  const std::string mixed = std::string(kPlainBefore) + std::string(kSharingPack) + std::string(kPlainAfter);
  for (const std::string_view pack : {std::string_view(mixed), kSharingPack}) {
    const compile::RuleSet rules = test::compile_rules(pack);
    const model::Dataset data = random_world(7);
    for (const bool filter : {true, false}) {
      auto run = [&](std::size_t threads, eval::EvalProfile& profile) {
        eval::EvalOptions options;
        options.threads = threads;
        options.batch_filter = filter;
        options.profile = &profile;
        return lines(eval::evaluate(rules, data, options));
      };
      eval::EvalProfile first;
      const auto one = run(1, first);
      REQUIRE(one.size() > data.payments.size());
      for (const std::size_t threads : {2U, 3U}) {
        INFO(threads << " threads, filter " << filter);
        eval::EvalProfile profile;
        CHECK(first_difference(run(threads, profile), one).empty());
        CHECK(profile.index_seconds > 0);
        CHECK(profile.index_seconds <= profile.seconds);
        REQUIRE(profile.rules.size() == first.rules.size());
        for (std::size_t r = 0; r < first.rules.size(); ++r) {
          CHECK(profile.rules[r].reached == first.rules[r].reached);
          CHECK(profile.rules[r].fired == first.rules[r].fired);
          CHECK(profile.rules[r].undetermined == first.rules[r].undetermined);
        }
      }
    }
  }
}

namespace {

/// Windows keyed and filtered by the payment paths model::PaymentColumns holds: BICs (known, unknown and
/// missing), banks, parties, currency, network and date; precomputed or not, text and entity keys.
constexpr std::string_view kColumnPack = R"(
const ALERT = 2024-02-01
rule by_payment {
  meta { severity = low }
  on payment p
  let b1 = count payment q where q.beneficiary_bic == p.beneficiary_bic and q.network == "SPFS"
           and q.date < ALERT within 20y before
  let b2 = count payment q where q.originator_bic == p.beneficiary_bic and q.network in {"MIR", "SHETAB"} within 30d before
  let k1 = sum q.amount over payment q where q.beneficiary == p.originator and q.currency == "EUR" within 30d around
  let k2 = count payment q where q.currency == p.currency and bic_country(q.originator_bic) == "IR" within 10d around
  let k3 = count payment q where q.beneficiary_bank == p.originator_bank and q.amount > p.amount within 10d before
  when b1 is missing or b1 is not missing
  reason "{b1} {b2} {k1} {k2} {k3}"
}
rule by_entity {
  meta { severity = low }
  on entity e
  let first = min q.date over payment q where q.originator_bank == e and q.network == "SPFS" within 20y before
  let paid = count payment q where q.originator == e and q.network != "SWIFT" within 20y before
  when first is missing or first is not missing
  reason "{first} {paid}"
}
)";

/// A random world whose payments have known, unknown and missing BICs, unknown and missing parties,
/// references (some a shipment's contract), and dates of a day, a month or a year; and whose shipments have
/// known, unknown and missing parties, HS codes, currencies, contracts (shared and missing), countries (one
/// of three letters, which rules read as missing) and modes, and dates of a day, a month or a year.
model::Dataset column_world(std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  test::World w;
  w.company("demo:a", "A LLC", "IR").company("demo:b", "B LLC", "RU").company("demo:c", "C LLC", "KZ");
  w.bank("demo:vtb", "VTB Bank", "RU", "VTBRRUMM").bank("demo:mellat", "Bank Mellat", "IR", "BKMTIRTH");
  constexpr std::array bics{"VTBRRUMM", "BKMTIRTH", "ZZZZXXYY", ""};
  constexpr std::array parties{"demo:a", "demo:b", "demo:c", "demo:nobody", ""};
  constexpr std::array networks{model::Network::spfs, model::Network::mir, model::Network::shetab, model::Network::swift};
  constexpr std::array currencies{"EUR", "USD", ""};
  constexpr std::array contracts{"C-1", "C-2", "", "", ""};
  auto date_of = [&] {  // a day, a month or a year
    std::string date = core::Date::from_days_since_epoch(19650 + static_cast<std::int32_t>(pick(120))).to_string();
    if (pick(8) == 0) date.resize(pick(2) == 0 ? 7 : 4);
    return date;
  };
  for (int i = 0; i < 600; ++i) {
    const std::string date = date_of();
    model::Payment p = test::payment(fmt::format("P{}", i), date, bics[pick(bics.size())], bics[pick(bics.size())],
                                     fmt::format("{}", 10 + pick(500)), networks[pick(networks.size())]);
    p.originator = parties[pick(parties.size())];
    p.beneficiary = parties[pick(parties.size())];
    p.currency = currencies[pick(currencies.size())];
    if (pick(3) == 0) p.reference = contracts[pick(contracts.size())];
    w.payment(std::move(p));
  }
  constexpr std::array hs{"854239", "854231", "8471", "847130", "87", ""};
  constexpr std::array countries{"RU", "BY", "IR", "KZ", "IRN", ""};
  constexpr std::array modes{model::TransportMode::sea, model::TransportMode::rail, model::TransportMode::road};
  for (int i = 0; i < 500; ++i) {
    model::Shipment s;
    s.id = fmt::format("S{}", i);
    s.date = test::day(date_of());
    s.exporter = parties[pick(parties.size())];
    s.consignee = parties[pick(parties.size())];
    s.hs_code = hs[pick(hs.size())];
    s.origin = countries[pick(countries.size())];
    s.destination = countries[pick(countries.size())];
    s.currency = currencies[pick(currencies.size())];
    s.contract = contracts[pick(contracts.size())];
    if (pick(4) != 0) s.mode = modes[pick(modes.size())];
    if (pick(3) != 0) s.quantity = test::dec(fmt::format("{}", 10 + pick(20)));
    if (pick(3) != 0) s.value = test::dec(fmt::format("{}", 10 + pick(500)));
    w.shipment(std::move(s));
  }
  model::Dataset data = w.build();
  data.build_payment_columns();
  data.build_shipment_columns();
  return data;
}

/// Shipment windows keyed, filtered and sub-keyed by the paths model::ShipmentColumns holds, as the bundled
/// packs' are: parties (known, unknown and missing) and countries as keys, conditions on the destination,
/// origin, mode and HS code and through the consignee (linked_to), sub-keys on a heading, a chapter, the
/// contract and the currency; precomputed or not, entity, text and country keys.
constexpr std::string_view kShipmentColumnPack = R"(
rule by_shipment {
  meta { severity = low }
  on shipment s
  let a = count shipment q where q.exporter == s.consignee and left(q.hs_code, 4) == left(s.hs_code, 4)
          and (q.destination == "IR" or linked_to(q.consignee, "IR", 2)) within 90d after
  let b = count shipment q where q.consignee == s.exporter and q.origin == "RU" and left(q.hs_code, 4) == left(s.hs_code, 4)
          and q.quantity is not missing and q.quantity >= s.quantity * 0.98 within 90d before
  let c = count shipment q where q.exporter == s.consignee and q.destination in {"RU", "BY"} and q.mode == "rail" within 90d after
  let d = count shipment q where q.consignee == s.consignee and left(q.hs_code, 2) == left(s.hs_code, 2) within 365d before
  let e = max q.date over shipment q where q.hs_code == s.hs_code and q.currency == "EUR" and q.mode != "sea" within 30d around
  let f = count shipment q where q.destination == s.origin and q.contract is not missing within 30d around
  when a is missing or a is not missing
  reason "{a} {b} {c} {d} {e} {f}"
}
rule by_payment {
  meta { severity = low }
  on payment p
  let third = count shipment q where q.exporter == p.beneficiary and q.value >= p.amount * 0.98
              and (coalesce(q.contract == p.reference, false) or (p.reference is missing and q.currency == p.currency))
              within 30d around
  when third is missing or third is not missing
  reason "{third}"
}
rule by_entity {
  meta { severity = low }
  on entity e
  let iran = count shipment q where q.exporter == e and hs_in(q.hs_code, {"8471", "854231"}) and q.destination == "IR"
             within 20y before
  when iran is missing or iran is not missing
  reason "{iran}"
}
)";

}  // namespace

namespace {

/// The first row of `kind` (`rows` of them) whose value of the one-field path of `f` read from `column`
/// differs from what reading the payment or shipment gives, or whose slot is out of range; "" when none.
std::string column_difference(eval::Machine& machine, compile::SubjectKind kind, std::size_t rows, check::FieldId f,
                              const eval::ColumnRead& column) {
  const std::vector<std::uint16_t> path{static_cast<std::uint16_t>(f)};
  for (std::uint32_t ix = 0; ix < rows; ++ix) {
    const compile::Value x = column.value(ix);
    const compile::Value y = machine.read_path(kind, ix, path);
    if (x.kind != y.kind || eval::window_key(x) != eval::window_key(y)) return fmt::format("field {} row {}", static_cast<int>(f), ix);
    if (column.coded() && column.slot(ix) >= column.slots()) return fmt::format("field {} slot of {}", static_cast<int>(f), ix);
  }
  return "";
}

std::vector<std::uint16_t> path_of(check::FieldId f) { return {static_cast<std::uint16_t>(f)}; }

}  // namespace

TEST_CASE("A shipment path in the shipments' columns reads what reading the shipment gives", "[eval][window][columns]") {
  using check::FieldId;
  const compile::RuleSet rules = test::compile_rules(kShipmentColumnPack);
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    const model::Dataset data = column_world(seed);
    eval::Machine machine(rules.impl(), data, std::nullopt);
    for (const FieldId f : {FieldId::shipment_exporter, FieldId::shipment_consignee, FieldId::shipment_origin,
                            FieldId::shipment_destination, FieldId::shipment_hs_code, FieldId::shipment_currency,
                            FieldId::shipment_contract, FieldId::shipment_mode, FieldId::shipment_date}) {
      const eval::ColumnRead column(data.shipment_columns, path_of(f), data.entities.size());
      REQUIRE(column);
      CHECK(column.coded() == (f != FieldId::shipment_date));
      CHECK(column_difference(machine, compile::SubjectKind::shipment, data.shipments.size(), f, column) == "");
    }
    // Fields the columns do not hold, and paths of two fields, are read from the shipments.
    CHECK_FALSE(eval::ColumnRead(data.shipment_columns, path_of(FieldId::shipment_value), 3));
    CHECK_FALSE(eval::ColumnRead(data.shipment_columns, std::vector{static_cast<std::uint16_t>(FieldId::shipment_consignee),
                                                                    static_cast<std::uint16_t>(FieldId::entity_country)}, 3));
  }
}

TEST_CASE("A payment path in the payments' columns reads what reading the payment gives", "[eval][window][columns]") {
  using check::FieldId;
  const compile::RuleSet rules = test::compile_rules(kShipmentColumnPack);
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    const model::Dataset data = column_world(seed);
    eval::Machine machine(rules.impl(), data, std::nullopt);
    for (const FieldId f : {FieldId::payment_network, FieldId::payment_currency, FieldId::payment_originator_bic,
                            FieldId::payment_beneficiary_bic, FieldId::payment_reference, FieldId::payment_originator,
                            FieldId::payment_beneficiary, FieldId::payment_originator_bank,
                            FieldId::payment_beneficiary_bank, FieldId::payment_date}) {
      const eval::ColumnRead column(data.payment_columns, path_of(f), data.entities.size());
      REQUIRE(column);
      CHECK(column_difference(machine, compile::SubjectKind::payment, data.payments.size(), f, column) == "");
    }
    // The world has payments with a reference and payments without.
    const auto with_reference = std::count_if(data.payments.begin(), data.payments.end(),
                                              [](const model::Payment& p) { return !p.reference.empty(); });
    CHECK(with_reference > 0);
    CHECK(static_cast<std::size_t>(with_reference) < data.payments.size());
  }
}

TEST_CASE("Indexes that read the payments' and shipments' columns equal those that read the structs, on random worlds",
          "[eval][window][precompute][columns]") {
  for (const std::string_view pack : {kColumnPack, kShipmentColumnPack, kPack, kSharingPack}) {
    const compile::RuleSet rules = test::compile_rules(pack);
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      const model::Dataset data = pack == kColumnPack || pack == kShipmentColumnPack ? column_world(seed) : random_world(seed);
      for (const bool precompute : {true, false}) {
        INFO("seed " << seed << (precompute ? ", precomputed" : ", general"));
        const eval::WindowIndexes columns(rules.impl(), data, std::nullopt, precompute, 2, 64, true);
        const eval::WindowIndexes fields(rules.impl(), data, std::nullopt, precompute, 1, 0, false);
        CHECK(index_difference(rules, columns, fields) == "");
        CHECK(index_difference(rules, fields, columns) == "");
      }
    }
  }
}

TEST_CASE("An index keyed by a party read from the payments' columns keeps its keys in an array and finds the groups of the structs' index",
          "[eval][window][columns]") {
  const compile::RuleSet rules = test::compile_rules(kColumnPack);
  const model::Dataset data = column_world(1);
  const eval::WindowIndexes columns(rules.impl(), data, std::nullopt, true, 2, 64, true);  // in parts, merged
  const eval::WindowIndexes fields(rules.impl(), data, std::nullopt, true, 1, 0, false);
  const eval::WindowIndex& k1 = columns.at(0, 2);  // keyed by q.beneficiary
  CHECK(k1.keys->dense_kind == compile::ValueKind::entity);
  CHECK(k1.keys->by_index.empty());
  std::string scratch;
  std::size_t found = 0;
  for (std::uint32_t e = 0; e < data.entities.size(); ++e) {
    const compile::Value key = compile::Value::of_index(compile::ValueKind::entity, e);
    const eval::WindowIndex::Group* a = k1.find(key, scratch);
    const eval::WindowIndex::Group* b = fields.at(0, 2).find(key, scratch);
    REQUIRE((a == nullptr) == (b == nullptr));
    if (a == nullptr) continue;
    ++found;
    CHECK(std::equal(a->entries.begin(), a->entries.end(), b->entries.begin(), b->entries.end(),
                     [](const auto& x, const auto& y) { return x.ix == y.ix && x.date == y.date; }));
  }
  CHECK(found > 1);
  CHECK(k1.find(compile::Value::of_index(compile::ValueKind::payment, 0), scratch) == nullptr);  // another kind
}

TEST_CASE("An index keyed by a payment path in no column holds every payment with that path under its value",
          "[eval][window][precompute]") {
  // q.purpose is in no column: its values are read for blocks of candidates at once.
  const compile::RuleSet rules = test::compile_rules(
      "rule r { meta { severity = low } on payment p\n"
      "  let n = count payment q where q.purpose == p.purpose within 30d around when n > 0 }");
  const model::Dataset data = random_world(3);
  const auto given = static_cast<std::size_t>(
      std::count_if(data.payments.begin(), data.payments.end(), [](const model::Payment& p) { return !p.purpose.empty(); }));
  REQUIRE(given > 300);  // more than one block
  for (const std::size_t part : {0U, 100U}) {  // whole, and in parts that end inside a block
    INFO("parts of " << part);
    const eval::WindowIndexes indexes(rules.impl(), data, std::nullopt, true, 1, part);
    const eval::WindowIndex& index = indexes.at(0, 0);
    std::string scratch;
    for (std::uint32_t ix = 0; ix < data.payments.size(); ++ix) {
      const std::string& purpose = data.payments[ix].purpose;
      if (purpose.empty()) continue;  // a missing key: in no group
      const eval::WindowIndex::Group* g = index.find(compile::Value::of_string(purpose), scratch);
      REQUIRE(g != nullptr);
      CHECK(std::any_of(g->entries.begin(), g->entries.end(), [&](const eval::WindowIndex::Entry& e) { return e.ix == ix; }));
    }
    std::size_t indexed = 0;
    for (const eval::WindowIndex::Group& g : index.groups) indexed += g.entries.size();
    CHECK(indexed == given);
  }
}

TEST_CASE("Every group of an index holds its candidates by date, then index, when the dataset is not in date order",
          "[eval][window][precompute]") {
  const compile::RuleSet rules = test::compile_rules(kPack);
  const model::Dataset data = random_world(4);  // payments and shipments on random days
  for (const std::size_t part : {0U, 37U}) {
    INFO("parts of " << part);
    const eval::WindowIndexes indexes(rules.impl(), data, std::nullopt, true, 2, part);
    std::size_t groups = 0;
    for (std::size_t r = 0; r < rules.impl().rules.size(); ++r) {
      for (std::size_t w = 0; w < rules.impl().rules[r].windows.size(); ++w) {
        for (const eval::WindowIndex::Group& g : indexes.at(r, w).groups) {
          ++groups;
          CHECK(std::is_sorted(g.entries.begin(), g.entries.end(), [](const auto& x, const auto& y) {
            return x.date != y.date ? x.date < y.date : x.ix < y.ix;
          }));
        }
      }
    }
    CHECK(groups > 0);
  }
}

/// Windows evaluated per subject that read their candidates' paths: most from the payments' and the
/// shipments' columns.
constexpr std::string_view kReadsPack = R"(
rule r {
  meta { severity = low }
  on payment p
  let a = count payment q where q.originator == p.originator and q.currency == p.currency and q.network != p.network
          and q.beneficiary_bic != p.originator_bic and q.beneficiary_bank != p.beneficiary_bank
          and q.date != p.date and q.amount > p.amount within 30d around
  when a > 0
}
rule s {
  meta { severity = low }
  on shipment s
  let a = count shipment q where q.exporter == s.exporter and q.consignee != s.consignee and q.origin != s.origin
          and q.destination != s.destination and q.hs_code != s.hs_code and q.currency != s.currency
          and q.contract != s.contract and q.mode != s.mode and q.date != s.date and q.value > s.value within 30d around
  when a > 0
}
)";

TEST_CASE("Candidate columns read from the payments' and shipments' columns hold what reading the structs gives",
          "[eval][window][columns]") {
  const compile::RuleSet rules = test::compile_rules(kReadsPack);
  const auto every = [](std::size_t, std::size_t) { return true; };
  for (std::uint64_t seed = 1; seed <= 2; ++seed) {
    const model::Dataset data = column_world(seed);
    model::Dataset stale = data;  // columns out of date: every path read from the payments and shipments
    stale.payment_columns = {};
    stale.shipment_columns = {};
    const eval::CandidateColumns columns(rules.impl(), data, std::nullopt, 2, every);
    const eval::CandidateColumns fields(rules.impl(), stale, std::nullopt, 1, every);
    for (const compile::SubjectKind kind : {compile::SubjectKind::payment, compile::SubjectKind::shipment}) {
      const bool payments = kind == compile::SubjectKind::payment;
      const std::size_t width = columns.width(kind);
      REQUIRE(width >= (payments ? 5U : 9U));  // one per path of q above
      std::string difference;
      const std::size_t rows = payments ? data.payments.size() : data.shipments.size();
      for (std::uint32_t ix = 0; ix < rows && difference.empty(); ++ix) {
        for (std::size_t c = 0; c < width; ++c) {
          const compile::Value& x = columns.row(kind, ix)[c];
          const compile::Value& y = fields.row(kind, ix)[c];
          if (x.kind != y.kind || eval::window_key(x) != eval::window_key(y)) difference = fmt::format("row {} column {}", ix, c);
        }
      }
      CHECK(difference == "");
    }
  }
}
