// The screening index and scorer. Retrieval gathers, for each query token, the indexed tokens that are
// equal, variants (same skeleton) or typos (shared trigrams, then checked), and the names that hold them,
// plus names whose words joined or split differently give the same skeleton; only names that gather
// enough of the query's weight are scored. Scoring aligns tokens order-free and weighs each token by how
// rare it is in the index, so that legal forms and generic words count little but are never ignored.
#include "sanx/match/screening.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <limits>
#include <memory>
#include <span>
#include <tuple>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "match/normalize.hpp"
#include "match/similarity.hpp"
#include "sanx/core/text.hpp"

namespace sanx::match {

using detail::Token;
using detail::TokenClass;

std::optional<QueryKind> parse_query_kind(std::string_view s) noexcept {
  if (s == "any") return QueryKind::any;
  if (s == "person") return QueryKind::person;
  if (s == "company") return QueryKind::company;
  if (s == "vessel") return QueryKind::vessel;
  return std::nullopt;
}

std::string_view to_string(QueryKind k) noexcept {
  switch (k) {
    case QueryKind::any: return "any";
    case QueryKind::person: return "person";
    case QueryKind::company: return "company";
    case QueryKind::vessel: return "vessel";
  }
  return "any";
}

std::vector<std::string> normalize_tokens(std::string_view utf8) {
  std::vector<std::string> out;
  if (core::find_invalid_utf8(utf8) != std::string_view::npos) return out;
  for (auto& t : detail::analyse_name(utf8)) out.push_back(std::move(t.text));
  return out;
}

namespace {

constexpr std::size_t kMaxTokens = 16;
constexpr std::size_t kCommonPostings = 2500;  // a token this common only adds to names found otherwise

/// The 64-bit hash of a text, as every key map of the index uses it.
std::uint64_t text_hash(std::string_view s) noexcept { return std::hash<std::string_view>{}(s); }

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

constexpr std::uint32_t kNoToken = 0xFFFFFFFF;

/// A token as the scorer sees it: its normalised forms, class and weight.
struct ScoredToken {
  std::string_view text;
  std::string_view key;
  std::string_view skeleton;
  std::string_view vowels;
  TokenClass cls = TokenClass::word;
  double weight = 1;
  bool vowelless = false;
  std::uint32_t id = kNoToken;  ///< dictionary token of an indexed name; kNoToken for the query's
};

double class_weight(TokenClass cls, std::string_view key, std::uint32_t df) noexcept {
  switch (cls) {
    case TokenClass::legal_form: return 0.1;
    case TokenClass::article: return 0.05;
    case TokenClass::particle: return 0.1;
    case TokenClass::initial: return 0.5;
    default: break;
  }
  // inverse frequency: a token in one name weighs ~1, in 40 names 0.5, in 1,000 names 0.2
  double w = 1.0 / (1.0 + std::log2(1.0 + static_cast<double>(df) / 40.0));
  if (detail::is_generic_word(key)) w = std::min(w, 0.35);
  return std::max(w, 0.08);
}

bool significant(TokenClass cls) noexcept {
  return cls == TokenClass::word || cls == TokenClass::number || cls == TokenClass::initial ||
         cls == TokenClass::patronymic;
}

enum class PairKind : std::uint8_t { equal, initial, variant, typo, joined };

std::string_view to_string(PairKind k) noexcept {
  switch (k) {
    case PairKind::equal: return "equal";
    case PairKind::initial: return "initial";
    case PairKind::variant: return "variant";
    case PairKind::typo: return "typo";
    case PairKind::joined: return "joined";
  }
  return "";
}

/// Similarity of two tokens and why; 0 when they should not be aligned.
std::pair<double, PairKind> token_similarity(const ScoredToken& q, const ScoredToken& c) noexcept {
  if (q.key == c.key) return {1.0, PairKind::equal};
  const bool q_special = q.cls == TokenClass::legal_form || q.cls == TokenClass::article || q.cls == TokenClass::particle;
  const bool c_special = c.cls == TokenClass::legal_form || c.cls == TokenClass::article || c.cls == TokenClass::particle;
  if (q_special || c_special) return {0.0, PairKind::typo};
  if (q.cls == TokenClass::number || c.cls == TokenClass::number) return {0.0, PairKind::typo};
  if (q.cls == TokenClass::initial || c.cls == TokenClass::initial) {
    if (!q.text.empty() && !c.text.empty() && q.text[0] == c.text[0]) return {0.8, PairKind::initial};
    return {0.0, PairKind::typo};
  }
  // a name written without short vowels (Arabic script) can only be compared by its consonants
  const bool vowelless = q.vowelless || c.vowelless;
  const std::size_t longest = std::max(q.text.size(), c.text.size());
  const std::size_t shortest = std::min(q.text.size(), c.text.size());
  const bool close_lengths = longest - shortest <= std::max<std::size_t>(2, longest / 3);
  if (vowelless ? q.skeleton == c.skeleton && (q.skeleton.size() >= 2 || q.text[0] == c.text[0])
                : q.vowels == c.vowels && q.vowels.size() >= 3 && close_lengths) {
    // the same frame with other vowels is a variant (Yuri/Iurii, Omar/Umar) unless the words hardly
    // look alike from their first letter on (Kirill/Carol)
    if (vowelless || q.text[0] == c.text[0] || detail::jaro_winkler(q.text, c.text) >= 0.7) {
      return {0.93, PairKind::variant};
    }
    return {0.6, PairKind::variant};
  }
  if (!vowelless && !close_lengths) return {0.0, PairKind::typo};
  const double jw = detail::jaro_winkler(q.text, c.text);
  const double floor = shortest <= 4 ? 0.80 : 0.86;
  // (jw + lev) / 2 >= floor needs jw >= 2 floor - 1: no edit distance below that
  if (jw >= 2 * floor - 1) {
    const std::size_t d = detail::osa_distance(q.text, c.text);
    const double lev = 1.0 - static_cast<double>(d) / static_cast<double>(longest);
    const double sim = (jw + lev) / 2.0;
    if (sim >= floor) return {sim, PairKind::typo};
  }
  if (vowelless && q.skeleton.size() >= 3 && c.skeleton.size() >= 3 &&
      std::max(q.skeleton.size(), c.skeleton.size()) - std::min(q.skeleton.size(), c.skeleton.size()) <= 1 &&
      q.skeleton[0] == c.skeleton[0] && detail::osa_distance(q.skeleton, c.skeleton) == 1) {
    return {0.85, PairKind::variant};
  }
  return {0.0, PairKind::typo};
}

/// Similarities of the query's tokens to dictionary tokens already compared in this query: the same
/// indexed tokens ("mohammad", "company") come back in many candidate names. A small open-addressing
/// table per thread, stamped per query, never cleared; when it is half full, further pairs are computed
/// without being kept. Its size does not grow with the index.
class SimilarityCache {
 public:
  void start() {
    if (slots_.empty()) slots_.resize(kSlots);
    used_ = 0;
    if (++now_ == 0) {  // wrapped: old stamps could come back to life
      for (auto& s : slots_) s.stamp = 0;
      now_ = 1;
    }
  }
  /// The slot of (query token, dictionary token): filled when `*known`, else to be filled; null when full.
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t stamp = 0;
    float sim = 0;
    PairKind kind = PairKind::typo;
  };
  /// How many more pairs can be kept in this query.
  [[nodiscard]] std::size_t room() const noexcept { return kSlots / 2 - used_; }
  Slot* find(std::size_t query_token, std::uint32_t dict_token, bool* known) noexcept {
    const std::uint64_t key = (std::uint64_t{query_token} << 32) | dict_token;
    std::size_t i = (key * 0x9E3779B97F4A7C15ULL) >> (64 - kBits);
    for (;; i = (i + 1) & (kSlots - 1)) {
      Slot& s = slots_[i];
      if (s.stamp != now_) {
        if (used_ >= kSlots / 2) return nullptr;
        ++used_;
        s.stamp = now_;
        s.key = key;
        *known = false;
        return &s;
      }
      if (s.key == key) {
        *known = true;
        return &s;
      }
    }
  }

 private:
  static constexpr unsigned kBits = 14;
  static constexpr std::size_t kSlots = std::size_t{1} << kBits;
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  std::uint32_t now_ = 0;
};

/// The keys of one token list's runs of two and three tokens joined (by skeleton and by vowel key), each
/// computed when first asked: scoring compares them only for names with neighbouring unaligned tokens.
class RunKeys {
 public:
  void clear() noexcept { known_.fill(false); }
  std::string_view get(const std::vector<ScoredToken>& t, std::size_t from, std::size_t len, bool vowelless) {
    const std::size_t k = slot(from, len, vowelless);
    if (!known_[k]) {
      std::array<char, kShort> buffer;
      const std::string_view text = joined(t, from, len, buffer);
      if (vowelless) {
        detail::assign_skeleton(keys_[k], text);
      } else {
        detail::assign_vowel_key(keys_[k], text);
      }
      known_[k] = true;
    }
    return keys_[k];
  }
  /// Where the key of a run is kept, by skeleton (`vowelless`) or vowel key.
  static std::size_t slot(std::size_t from, std::size_t len, bool vowelless) noexcept {
    return from * 4 + (len - 2) * 2 + (vowelless ? 1 : 0);
  }
  /// Both keys of a run, worked out at once (the query's pairs are looked up by both).
  void prepare_both(const std::vector<ScoredToken>& t, std::size_t from, std::size_t len) {
    const std::size_t skeleton = slot(from, len, true);
    const std::size_t vowels = slot(from, len, false);
    if (known_[skeleton] && known_[vowels]) return;
    std::array<char, kShort> buffer;
    detail::assign_keys(keys_[skeleton], keys_[vowels], joined(t, from, len, buffer));
    known_[skeleton] = known_[vowels] = true;
  }

 private:
  static constexpr std::size_t kShort = 96;
  /// The run's texts joined: on the stack in `buffer` when short (most runs), else in a scratch whose
  /// room is reused query after query.
  std::string_view joined(const std::vector<ScoredToken>& t, std::size_t from, std::size_t len,
                          std::array<char, kShort>& buffer) {
    std::size_t size = 0;
    for (std::size_t i = from; i < from + len; ++i) size += t[i].text.size();
    if (size <= kShort) {
      char* p = buffer.data();
      for (std::size_t i = from; i < from + len; ++i) p = std::copy(t[i].text.begin(), t[i].text.end(), p);
      return {buffer.data(), size};
    }
    joined_.clear();
    for (std::size_t i = from; i < from + len; ++i) joined_ += t[i].text;
    return joined_;
  }

  std::string joined_;
  std::array<std::string, kMaxTokens * 4> keys_;
  std::array<bool, kMaxTokens * 4> known_{};
};

/// The text_hash of a RunKeys' keys, each computed when first asked: the query's runs are looked up in
/// several maps (joined pairs, single tokens, join hashes), each by the same hash.
class RunHashes {
 public:
  void clear() noexcept { known_.fill(false); }
  std::uint64_t get(RunKeys& keys, const std::vector<ScoredToken>& t, std::size_t from, std::size_t len, bool vowelless) {
    const std::size_t k = RunKeys::slot(from, len, vowelless);
    if (!known_[k]) {
      hashes_[k] = text_hash(keys.get(t, from, len, vowelless));
      known_[k] = true;
    }
    return hashes_[k];
  }

 private:
  std::array<std::uint64_t, kMaxTokens * 4> hashes_{};
  std::array<bool, kMaxTokens * 4> known_{};
};

/// Run keys kept per thread: the query's, cleared for each query, and those of the indexed names last
/// scored, which come back query after query (a list's names are few next to the names screened against
/// it). Direct-mapped by name; `owner` tells the indexes apart. An entry is made when first used: names
/// are seldom scored far enough to need their runs, and 1,024 entries of 2 KB made at once were fresh
/// pages for every thread.
class RunKeyCache {
 public:
  RunKeys query;
  RunHashes query_hashes;  ///< of `query`'s keys
  RunKeys& name(std::uint64_t owner, std::uint32_t n) {
    if (entries_.empty()) entries_.resize(kEntries);
    std::unique_ptr<Entry>& slot = entries_[(n ^ (owner * 0x9E3779B97F4A7C15ULL >> 40)) & (kEntries - 1)];
    if (slot == nullptr) slot = std::make_unique<Entry>();
    Entry& e = *slot;
    if (e.owner != owner || e.name != n) {
      e.owner = owner;
      e.name = n;
      e.keys.clear();
    }
    return e.keys;
  }

 private:
  static constexpr std::size_t kEntries = 1024;
  struct Entry {
    std::uint64_t owner = 0;
    std::uint32_t name = 0;
    RunKeys keys;
  };
  std::vector<std::unique_ptr<Entry>> entries_;
};

struct NameScore {
  double score = 0;
  std::string detail;
  std::string legal_detail;
};

/// Order-free alignment of two token lists: greedy by similarity, then runs of unaligned tokens joined
/// (Abdul Rahman / Abdulrahman); unaligned tokens cost their weight, less when only one side has any
/// (a missing middle name or patronymic) than when both do (a contradiction).
/// A name that cannot reach `floor` even if all its unaligned tokens were joined runs scores 0 without
/// looking for those runs (the costly part): its caller drops every score below `floor` anyway.
NameScore score_tokens(const std::vector<ScoredToken>& q, const std::vector<ScoredToken>& c, bool explain,
                       SimilarityCache* cache = nullptr, double floor = 0, RunKeys* q_keys = nullptr,
                       RunKeys* c_keys = nullptr) {
  NameScore out;
  const std::size_t nq = std::min(q.size(), kMaxTokens);
  const std::size_t nc = std::min(c.size(), kMaxTokens);
  struct Cand {
    double s;
    std::uint8_t i, j;
    PairKind kind;
  };
  std::array<Cand, kMaxTokens * kMaxTokens> cands;  // only [0, n) is read: not zeroed, 4 KB a name
  std::size_t n = 0;
  for (std::size_t i = 0; i < nq; ++i) {
    for (std::size_t j = 0; j < nc; ++j) {
      double s = 0;
      PairKind kind = PairKind::typo;
      // cached per query token and dictionary token, unless the name's vowellessness changes the answer
      bool known = false;
      SimilarityCache::Slot* slot =
          cache != nullptr && c[j].id != kNoToken && !c[j].vowelless ? cache->find(i, c[j].id, &known) : nullptr;
      if (slot != nullptr && known) {
        s = slot->sim;
        kind = slot->kind;
      } else {
        std::tie(s, kind) = token_similarity(q[i], c[j]);
        if (slot != nullptr) {
          slot->sim = static_cast<float>(s);
          slot->kind = kind;
        }
      }
      if (s > 0) cands[n++] = Cand{s, static_cast<std::uint8_t>(i), static_cast<std::uint8_t>(j), kind};
    }
  }
  std::sort(cands.begin(), cands.begin() + static_cast<std::ptrdiff_t>(n), [](const Cand& a, const Cand& b) {
    if (a.s != b.s) return a.s > b.s;
    return std::pair(a.i, a.j) < std::pair(b.i, b.j);
  });
  std::array<bool, kMaxTokens> used_q{};
  std::array<bool, kMaxTokens> used_c{};
  double num = 0;
  double den = 0;
  std::string aligned;
  for (std::size_t k = 0; k < n; ++k) {
    const Cand& p = cands[k];
    if (used_q[p.i] || used_c[p.j]) continue;
    used_q[p.i] = used_c[p.j] = true;
    const double w = q[p.i].weight + c[p.j].weight;
    num += p.s * w;
    den += w;
    if (explain) {
      if (!aligned.empty()) aligned += ", ";
      aligned += fmt::format("{}{}{}", q[p.i].text, p.kind == PairKind::equal ? "=" : "~", c[p.j].text);
      if (p.kind != PairKind::equal) aligned += fmt::format(" ({})", to_string(p.kind));
    }
    if (q[p.i].cls == TokenClass::legal_form && explain) {
      out.legal_detail = q[p.i].text == c[p.j].text ? fmt::format("{} = {}", q[p.i].text, c[p.j].text)
                                                    : fmt::format("{} = {} ({})", q[p.i].text, c[p.j].text, q[p.i].key);
    }
  }
  // runs of unaligned tokens that are the same name written joined or split differently
  bool any_vowelless = false;
  for (std::size_t i = 0; i < nq; ++i) any_vowelless = any_vowelless || q[i].vowelless;
  for (std::size_t j = 0; j < nc; ++j) any_vowelless = any_vowelless || c[j].vowelless;
  bool unaligned_q = false;
  bool unaligned_c = false;
  for (std::size_t i = 0; i < nq; ++i) unaligned_q = unaligned_q || (!used_q[i] && significant(q[i].cls));
  for (std::size_t j = 0; j < nc; ++j) unaligned_c = unaligned_c || (!used_c[j] && significant(c[j].cls));
  if (floor > 0 && !explain) {
    // joined runs add 0.9 of their weight to both sides of the ratio and missing tokens only add to its
    // denominator: the score lies between num / den and (num + 0.9 W) / (den + W), W all unaligned weight
    double open = 0;
    for (std::size_t i = 0; i < nq; ++i) open += used_q[i] ? 0.0 : q[i].weight;
    for (std::size_t j = 0; j < nc; ++j) open += used_c[j] ? 0.0 : c[j].weight;
    const double now = den > 0 ? num / den : 0.0;
    const double joined_all = den + open > 0 ? (num + 0.9 * open) / (den + open) : 0.0;
    if (std::max(now, joined_all) < floor) return out;
  }
  // a join pairs a run of two or three adjacent unaligned tokens with a run on the other side: without
  // such a pair of neighbours on either side, no key need be computed (the common case: one differing word)
  auto adjacent_unaligned = [](const std::array<bool, kMaxTokens>& used, std::size_t count) {
    for (std::size_t i = 0; i + 1 < count; ++i) {
      if (!used[i] && !used[i + 1]) return true;
    }
    return false;
  };
  if (unaligned_q && unaligned_c && (adjacent_unaligned(used_q, nq) || adjacent_unaligned(used_c, nc))) {
    // keys of the runs of 1–3 unaligned tokens on each side; those of two or three tokens from the
    // caller's caches when it has them (the same query and the same listed names come back)
    struct Run {
      std::size_t from, len;
      std::string_view key;
    };
    // without the caller's caches, keys of its own (allocated: a RunKeys is 2 KB of strings)
    std::unique_ptr<RunKeys> own_q = q_keys == nullptr ? std::make_unique<RunKeys>() : nullptr;
    std::unique_ptr<RunKeys> own_c = c_keys == nullptr ? std::make_unique<RunKeys>() : nullptr;
    auto runs_of = [&](const std::vector<ScoredToken>& t, std::size_t count, const std::array<bool, kMaxTokens>& used,
                       RunKeys& keys, std::array<Run, kMaxTokens * 3>& runs) {
      std::size_t n_runs = 0;
      for (std::size_t i = 0; i < count; ++i) {
        for (std::size_t len = 1; len <= 3 && i + len <= count && !used[i + len - 1]; ++len) {
          if (used[i]) break;
          // a single token's key is already known
          const std::string_view key = len == 1 ? (any_vowelless ? t[i].skeleton : t[i].vowels)
                                                : keys.get(t, i, len, any_vowelless);
          if (key.size() >= 3) runs[n_runs++] = Run{i, len, key};
        }
      }
      return std::span<const Run>(runs.data(), n_runs);
    };
    std::array<Run, kMaxTokens * 3> q_runs_room;
    std::array<Run, kMaxTokens * 3> c_runs_room;
    const std::span<const Run> qruns = runs_of(q, nq, used_q, q_keys != nullptr ? *q_keys : *own_q, q_runs_room);
    const std::span<const Run> cruns = runs_of(c, nc, used_c, c_keys != nullptr ? *c_keys : *own_c, c_runs_room);
    for (const Run& a : qruns) {
      for (const Run& b : cruns) {
        if (a.len == 1 && b.len == 1) continue;
        if (a.key != b.key) continue;
        bool free = true;
        for (std::size_t k = a.from; k < a.from + a.len; ++k) free = free && !used_q[k];
        for (std::size_t k = b.from; k < b.from + b.len; ++k) free = free && !used_c[k];
        if (!free) continue;
        double w = 0;
        std::string qs;
        std::string cs;
        for (std::size_t k = a.from; k < a.from + a.len; ++k) {
          used_q[k] = true;
          w += q[k].weight;
          if (explain) qs += std::string(q[k].text) + (k + 1 < a.from + a.len ? " " : "");
        }
        for (std::size_t k = b.from; k < b.from + b.len; ++k) {
          used_c[k] = true;
          w += c[k].weight;
          if (explain) cs += std::string(c[k].text) + (k + 1 < b.from + b.len ? " " : "");
        }
        num += 0.9 * w;
        den += w;
        if (explain) {
          if (!aligned.empty()) aligned += ", ";
          aligned += fmt::format("{}~{} (joined)", qs, cs);
        }
        break;
      }
    }
    unaligned_q = unaligned_c = false;
    for (std::size_t i = 0; i < nq; ++i) unaligned_q = unaligned_q || (!used_q[i] && significant(q[i].cls));
    for (std::size_t j = 0; j < nc; ++j) unaligned_c = unaligned_c || (!used_c[j] && significant(c[j].cls));
  }
  if (num <= 0) return out;
  const bool contradiction = unaligned_q && unaligned_c;
  std::string missing;
  // a word the query has and the listed name lacks weighs more than the reverse (a listed name without
  // its middle name is common, a listed alias that is one word of the query is weak evidence)
  auto cost = [&](const ScoredToken& t, bool query_side) {
    double f = 0;
    double w = t.weight;  // a whole missing word counts even when it is a common one
    switch (t.cls) {
      case TokenClass::word:
      case TokenClass::number: f = contradiction ? 1.0 : query_side ? 0.8 : 0.5; w = std::max(w, 0.6); break;
      case TokenClass::initial: f = contradiction ? 0.6 : query_side ? 0.4 : 0.2; break;
      case TokenClass::patronymic: f = contradiction ? 0.5 : 0.1; break;
      default: f = contradiction ? 0.5 : 0.1; break;
    }
    den += f * w;
    if (explain) {
      if (!missing.empty()) missing += ", ";
      missing += fmt::format("{}{}", query_side ? "" : "+", t.text);
    }
  };
  for (std::size_t i = 0; i < q.size(); ++i) {
    if (i >= nq || !used_q[i]) cost(q[i], true);
  }
  for (std::size_t j = 0; j < c.size(); ++j) {
    if (j >= nc || !used_c[j]) cost(c[j], false);
  }
  out.score = den > 0 ? std::clamp(num / den, 0.0, 1.0) : 0.0;
  if (explain) {
    out.detail = aligned;
    if (!missing.empty()) {
      out.detail += fmt::format("; {}: {}", contradiction ? "differing" : "missing", missing);
    }
  }
  return out;
}

QueryError error(std::string message) { return QueryError{std::move(message)}; }

/// A bad query's problem, or nullopt. Valid UTF-8 is checked before anything else reads the name.
std::optional<QueryError> check_name(std::string_view name) {
  if (name.size() > kMaxNameBytes) {
    return error(fmt::format("the name is {} bytes long; at most {} bytes are screened", name.size(), kMaxNameBytes));
  }
  // ASCII, most names: valid UTF-8, whose controls are the only characters that are not text and whose
  // letters and digits are the only ones u_isalnum accepts; told in one pass. A name with another byte
  // is checked below from the start, as UTF-8 first.
  bool ascii = true;
  bool letters = false;
  std::size_t first_control = name.size();
  for (std::size_t i = 0; i < name.size() && ascii; ++i) {
    const auto byte = static_cast<unsigned char>(name[i]);
    ascii = byte < 0x80;
    if (((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F) && first_control == name.size()) {
      first_control = i;
    }
    letters = letters || (byte >= '0' && byte <= '9') || ((byte | 0x20U) >= 'a' && (byte | 0x20U) <= 'z');
  }
  if (ascii) {
    if (first_control < name.size()) {
      return error(fmt::format("the name contains the character U+{:04X}, which is not text; expected a name",
                               static_cast<unsigned>(static_cast<unsigned char>(name[first_control]))));
    }
    if (letters) return std::nullopt;  // a letter or digit is neither blank nor whitespace: not empty either
    // no letter or digit: the steps below tell which error
  } else if (const auto bad = core::find_invalid_utf8(name); bad != std::string_view::npos) {
    return error(fmt::format("the name is not valid UTF-8 (byte {}); expected UTF-8 text", bad));
  }
  letters = false;
  for (std::size_t i = 0; i < name.size();) {
    // ASCII, most names: its controls are the only characters that are not text, its letters and digits
    // the only ones u_isalnum accepts
    if (const auto byte = static_cast<unsigned char>(name[i]); byte < 0x80) {
      ++i;
      if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F) {
        return error(fmt::format("the name contains the character U+{:04X}, which is not text; expected a name",
                                 static_cast<unsigned>(byte)));
      }
      letters = letters || (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z');
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(name.data()), i, name.size(), c);
    if (c < 0) return error("the name is not valid UTF-8; expected UTF-8 text");
    const auto type = u_charType(c);
    if (type == U_UNASSIGNED || type == U_PRIVATE_USE_CHAR || type == U_SURROGATE || c == 0xFFFD ||
        (type == U_CONTROL_CHAR && c != '\t' && c != '\n' && c != '\r')) {
      return error(fmt::format("the name contains the character U+{:04X}, which is not text; expected a name", c));
    }
    letters = letters || u_isalnum(c);
  }
  if (letters) return std::nullopt;  // a letter or digit is neither blank nor whitespace: not empty either
  if (core::trim(name).empty() || core::collapse_whitespace(name).empty()) {
    return error("the name is empty; expected a person's, company's or vessel's name");
  }
  return error("the name has no letters or digits; expected a person's, company's or vessel's name");
}

bool kind_allows(QueryKind q, model::EntityKind e) noexcept {
  switch (q) {
    case QueryKind::any: return true;
    case QueryKind::person: return e == model::EntityKind::person;
    case QueryKind::company:
      return e == model::EntityKind::company || e == model::EntityKind::organization || e == model::EntityKind::bank;
    case QueryKind::vessel: return e == model::EntityKind::vessel || e == model::EntityKind::aircraft;
  }
  return true;
}

/// Keys (strings hashed to 64 bits, or trigrams) each with a sorted list of ids, in three flat arrays
/// instead of a hash map of vectors: a million names would otherwise cost a node, a key string and a
/// vector allocation per key. Two strings with one hash only bring extra ids, which retrieval checks or
/// scores like any other: a collision can add work, never lose a name.
class Postings {
 public:
  static std::uint64_t hash(std::string_view s) noexcept { return text_hash(s); }

  void reserve(std::size_t pairs) { pending_.reserve(pairs); }
  void add(std::uint64_t key, std::uint32_t id) { pending_.emplace_back(key, id); }
  void add(std::string_view key, std::uint32_t id) { add(hash(key), id); }

  /// Sorts what was added into the flat arrays; ids of a key come out ascending and distinct. Without
  /// `filtered`, for a map only read by each_in, no filter is made for find.
  void freeze(bool filtered = true) {
    std::sort(pending_.begin(), pending_.end());
    pending_.erase(std::unique(pending_.begin(), pending_.end()), pending_.end());
    keys_.clear();
    starts_.clear();
    ids_.clear();
    ids_.reserve(pending_.size());
    for (const auto& [key, id] : pending_) {
      if (keys_.empty() || keys_.back() != key) {
        keys_.push_back(key);
        starts_.push_back(static_cast<std::uint32_t>(ids_.size()));
      }
      ids_.push_back(id);
    }
    starts_.push_back(static_cast<std::uint32_t>(ids_.size()));
    keys_.shrink_to_fit();
    starts_.shrink_to_fit();
    std::vector<std::pair<std::uint64_t, std::uint32_t>>().swap(pending_);
    // about 16 bits per key, a power of two: most keys looked up are in no list (a query's keys against a
    // list), and a clear bit says so without the binary search
    filter_bits_ = 6;
    if (!filtered) {
      filter_.assign(1, ~std::uint64_t{0});  // one word of set bits: every key may be there
      return;
    }
    while ((std::size_t{1} << filter_bits_) < 16 * keys_.size()) ++filter_bits_;
    filter_.assign((std::size_t{1} << filter_bits_) / 64, 0);
    for (const std::uint64_t key : keys_) filter_[filter_slot(key) >> 6] |= std::uint64_t{1} << (filter_slot(key) & 63);
  }

  /// False when no list has `key`; true when one may.
  [[nodiscard]] bool may_have(std::uint64_t key) const noexcept {
    const std::size_t slot = filter_slot(key);
    return !filter_.empty() && ((filter_[slot >> 6] >> (slot & 63)) & 1U) != 0;
  }

  [[nodiscard]] std::span<const std::uint32_t> find(std::uint64_t key) const noexcept {
    if (!may_have(key)) return {};
    const auto it = std::lower_bound(keys_.begin(), keys_.end(), key);
    if (it == keys_.end() || *it != key) return {};
    const auto k = static_cast<std::size_t>(it - keys_.begin());
    return {ids_.data() + starts_[k], ids_.data() + starts_[k + 1]};
  }
  /// f(key, ids) for each key in [from, to), ascending.
  template <typename F>
  void each_in(std::uint64_t from, std::uint64_t to, F&& f) const {
    for (auto it = std::lower_bound(keys_.begin(), keys_.end(), from); it != keys_.end() && *it < to; ++it) {
      const auto k = static_cast<std::size_t>(it - keys_.begin());
      f(*it, std::span<const std::uint32_t>(ids_.data() + starts_[k], ids_.data() + starts_[k + 1]));
    }
  }

 private:
  std::vector<std::pair<std::uint64_t, std::uint32_t>> pending_;  // only while building
  std::vector<std::uint64_t> keys_;    // ascending
  std::vector<std::uint32_t> starts_;  // ids of keys_[k]: [starts_[k], starts_[k + 1])
  std::vector<std::uint32_t> ids_;
  // a bit per slot of filter_slot, set for each key: a clear bit, no key
  std::vector<std::uint64_t> filter_;
  unsigned filter_bits_ = 6;
  [[nodiscard]] std::size_t filter_slot(std::uint64_t key) const noexcept {
    // keys are hashes or trigrams: mixed again, so that a trigram's buckets spread over the filter
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> (64 - filter_bits_));
  }
};

/// The hash of a run's key for telling whether a join is possible: odd, so that 0 marks a key too short to
/// join (under three letters). Two keys with one hash only make a join look possible: never a lost hit.
std::uint64_t join_hash(std::string_view key) noexcept { return key.size() >= 3 ? Postings::hash(key) | 1U : 0; }

/// The bit of a join hash in a name's join_bits (0 for a key too short to join).
std::uint64_t join_bit(std::uint64_t hash) noexcept { return hash == 0 ? 0 : std::uint64_t{1} << (hash >> 58); }

/// A run of two or three adjacent tokens of the query, with the join_hash of its joined key.
struct RunHash {
  std::uint64_t hash = 0;
  std::size_t from = 0;
  std::size_t len = 0;
};

/// Where an indexed name's run is, in one byte beside its hash (a million names hold several million
/// runs): its first token (< 16) and whether it is three tokens long.
std::uint8_t run_place(std::size_t from, std::size_t len) noexcept { return static_cast<std::uint8_t>(from << 1 | (len - 2)); }
/// The bits of a run's tokens.
std::uint32_t run_bits(std::size_t from, std::size_t len) noexcept { return ((std::uint32_t{1} << len) - 1U) << from; }
std::uint32_t place_bits(std::uint8_t place) noexcept { return run_bits(place >> 1U, 2U + (place & 1U)); }

/// The least an unaligned token can add to the denominator in score_tokens: its cost without a
/// contradiction.
double least_cost(TokenClass cls, double weight, bool query_side) noexcept {
  switch (cls) {
    case TokenClass::word:
    case TokenClass::number: return (query_side ? 0.8 : 0.5) * std::max(weight, 0.6);
    case TokenClass::initial: return (query_side ? 0.4 : 0.2) * weight;
    default: return 0.1 * weight;
  }
}

}  // namespace

struct Screener::Impl {
  /// A place in `chars`: the strings of all dictionary tokens live in one buffer.
  struct Text {
    std::uint32_t at = 0;
    std::uint16_t size = 0;
  };
  struct DictToken {
    Text text, key, skeleton, vowels;
    TokenClass cls = TokenClass::word;
    bool vowelless = false;
    // vowelless: seen in a name written in Arabic script (retrieval compares it by consonants; scoring
    // uses the flag of the name itself)
  };
  struct NameRec {
    model::EntityIx entity;
    std::uint32_t name = 0;         // index into the entity's names
    std::uint32_t first_token = 0;  // its tokens: name_tokens[first_token, first_token + token_count)
    std::uint8_t token_count = 0;
    bool vowelless = false;
    model::EntityKind kind{};  // the entity's, kept here to filter candidates without reading the entity
    bool has_number = false;   // a token is a number (the bound before scoring treats those apart)
    // hashes of the skeleton and vowel key of all significant tokens joined: compared, never shown
    std::uint64_t compact = 0;
    std::uint64_t compact_vowels = 0;
  };

  const model::Dataset* data = nullptr;
  /// The dataset's stored Latin forms when they were written under this build's method, else null.
  const model::NameTransliterations* stored = nullptr;
  std::uint64_t generation = 0;  // tells this index apart from every other built in the process (RunKeyCache)
  std::string chars;
  std::vector<DictToken> dict;
  std::vector<std::uint32_t> slots;          // open addressing on a token's text → dict index (kNoToken: free)
  std::vector<std::uint32_t> posting_start;  // names holding dict token t: postings[posting_start[t], [t + 1])
  std::vector<std::uint32_t> postings;       // ascending per token
  Postings by_skeleton;  // → dict tokens
  Postings by_vowels;    // → dict tokens
  // → dict tokens, keyed by (trigram << 8 | bucket): bucket 0 holds the vowelless tokens, bucket L the
  // others of text length L (127: 127 or longer), so that typo retrieval reads only the lengths the scorer
  // can accept instead of every token holding a common trigram
  Postings by_trigram;
  Postings by_joined;    // keys of two adjacent tokens joined → names
  Postings by_compact;   // keys of all tokens joined → names
  StringMap<std::vector<std::uint32_t>> by_identifier;  // "scheme:VALUE" → entities
  std::vector<NameRec> names;
  std::vector<std::uint32_t> name_tokens;  // into dict
  std::vector<double> weights;             // per dict token
  std::vector<std::uint8_t> shape;         // per dict token: its length (at most 127), 0x80 when vowelless
  std::vector<std::uint64_t> sketches;     // per dict token: detail::letter_sketch of its text
  // For the bound on a name's score before it is scored (may_reach): per dict token the join_hash of its
  // vowel key [2t] and skeleton [2t + 1]; per name the join_hash of its runs of two and three tokens,
  // those of name n by vowel key in run_hashes[run_start[2n], run_start[2n + 1]), by skeleton next.
  std::vector<std::uint64_t> single_join;
  std::vector<std::uint64_t> run_hashes;
  std::vector<std::uint8_t> run_places;  // run_place of each run_hashes entry
  std::vector<std::uint32_t> run_start;
  // per name: a bit (join_bit) for each of its tokens' and runs' join hashes, by vowel key and by skeleton
  // in one word (8 bytes a name), so that a query run whose bit is clear is known to join nothing of the
  // name without reading its tokens or runs
  std::vector<std::uint64_t> join_bits;
  // every join hash of the index (of tokens and of runs, both kinds), ascending and distinct, without 0:
  // a query run whose hash is not here joins nothing of any name
  std::vector<std::uint64_t> join_keys;
  std::vector<double> name_weight;  // per name: the weights of its tokens summed
  std::size_t entities = 0;

  std::string_view str(Text t) const noexcept { return {chars.data() + t.at, t.size}; }
  std::string_view text_of(std::uint32_t t) const noexcept { return str(dict[t].text); }
  std::size_t df(std::uint32_t t) const noexcept { return posting_start[t + 1] - posting_start[t]; }
  std::span<const std::uint32_t> names_of(std::uint32_t t) const noexcept {
    return {postings.data() + posting_start[t], postings.data() + posting_start[t + 1]};
  }
  std::span<const std::uint32_t> tokens_of(const NameRec& rec) const noexcept {
    return {name_tokens.data() + rec.first_token, rec.token_count};
  }

  /// The dictionary token written `text`, or kNoToken.
  std::uint32_t find_token(std::string_view text) const noexcept {
    if (slots.empty()) return kNoToken;
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = Postings::hash(text) & mask;; i = (i + 1) & mask) {
      if (slots[i] == kNoToken) return kNoToken;
      if (text_of(slots[i]) == text) return slots[i];
    }
  }
  void insert_slot(std::uint32_t id) {
    const std::size_t mask = slots.size() - 1;
    std::size_t i = Postings::hash(text_of(id)) & mask;
    while (slots[i] != kNoToken) i = (i + 1) & mask;
    slots[i] = id;
  }

  Text store(std::string_view s) {
    const Text t{static_cast<std::uint32_t>(chars.size()), static_cast<std::uint16_t>(std::min<std::size_t>(s.size(), 0xFFFF))};
    chars.append(s.substr(0, t.size));
    return t;
  }

  static std::uint32_t trigram(std::string_view s, std::size_t i) noexcept {
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])) << 16) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + 1])) << 8) |
           static_cast<std::uint32_t>(static_cast<unsigned char>(s[i + 2]));
  }
  /// Distinct trigrams of a token padded with ^ and $, sorted.
  static std::vector<std::uint32_t> trigrams_of(std::string_view key) {
    const std::string p = fmt::format("^{}$", key);
    std::vector<std::uint32_t> grams;
    for (std::size_t i = 0; i + 3 <= p.size(); ++i) grams.push_back(trigram(p, i));
    std::sort(grams.begin(), grams.end());
    grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
    return grams;
  }

  std::uint32_t intern(const Token& t) {
    if (const auto found = find_token(t.text); found != kNoToken) {
      dict[found].vowelless = dict[found].vowelless || t.vowelless;
      return found;
    }
    const auto id = static_cast<std::uint32_t>(dict.size());
    DictToken d;
    d.text = store(t.text);
    d.key = t.key == t.text ? d.text : store(t.key);
    d.skeleton = store(t.skeleton);
    d.vowels = t.vowels == t.skeleton ? d.skeleton : store(t.vowels);
    d.cls = t.cls;
    d.vowelless = t.vowelless;
    dict.push_back(d);
    if (slots.size() < 2 * dict.size()) {  // at most half full
      slots.assign(std::max<std::size_t>(1024, slots.size() * 2), kNoToken);
      for (std::uint32_t k = 0; k < dict.size(); ++k) insert_slot(k);
    } else {
      insert_slot(id);
    }
    if (t.cls == TokenClass::word || t.cls == TokenClass::patronymic) {
      by_skeleton.add(std::string_view(t.skeleton), id);
      by_vowels.add(std::string_view(t.vowels), id);
      // trigrams are added at the end of build(), when each token's vowelless flag is final
    }
    return id;
  }

  static std::string joined_text(const std::vector<Token>& tokens) {
    std::string s;
    for (const auto& t : tokens) {
      if (significant(t.cls)) s += t.text;
    }
    return s;
  }

  void build(const model::Dataset& d, const IndexOptions& options) {
    static std::atomic<std::uint64_t> built{0};
    generation = ++built;
    data = &d;
    if (!d.transliterations.names.empty() && d.transliterations.method == transliteration_method()) {
      stored = &d.transliterations;
    }
    std::vector<std::uint64_t> pairs;  // (dict token << 32 | name), in name order
    for (std::uint32_t e = 0; e < d.entities.size(); ++e) {
      if (options.listed_only && (e >= d.designations_of.size() || d.designations_of[e].empty())) continue;
      const model::Entity& entity = d.entities[e];
      ++entities;
      const auto first_name = static_cast<std::uint32_t>(names.size());
      for (std::uint32_t n = 0; n < entity.names.size(); ++n) {
        const std::string& text = entity.names[n].text;
        if (text.empty() || text.size() > kMaxNameBytes * 4 || core::find_invalid_utf8(text) != std::string::npos) continue;
        std::vector<Token> tokens = detail::analyse_name(text, stored);
        if (tokens.empty()) continue;
        if (tokens.size() > kMaxTokens) tokens.resize(kMaxTokens);
        NameRec rec;
        rec.entity = model::EntityIx{e};
        rec.name = n;
        rec.first_token = static_cast<std::uint32_t>(name_tokens.size());
        rec.token_count = static_cast<std::uint8_t>(tokens.size());
        for (const auto& t : tokens) name_tokens.push_back(intern(t));
        const std::span<const std::uint32_t> mine = tokens_of(rec);
        const bool again = std::any_of(names.begin() + first_name, names.end(), [&](const NameRec& other) {
          return std::ranges::equal(tokens_of(other), mine);
        });
        if (again) {  // the same name again
          name_tokens.resize(rec.first_token);
          continue;
        }
        const std::string all = joined_text(tokens);
        const std::string compact = detail::skeleton(all);
        const std::string compact_vowels = detail::vowel_key(all);
        rec.compact = Postings::hash(compact);
        rec.compact_vowels = Postings::hash(compact_vowels);
        rec.vowelless = tokens.front().vowelless;
        rec.kind = entity.kind;
        rec.has_number = std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.cls == TokenClass::number; });
        const auto id = static_cast<std::uint32_t>(names.size());
        std::vector<std::uint32_t> distinct(mine.begin(), mine.end());
        std::sort(distinct.begin(), distinct.end());
        distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
        for (auto t : distinct) pairs.push_back(std::uint64_t{t} << 32 | id);
        for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
          if (!significant(tokens[i].cls) && tokens[i].cls != TokenClass::article) continue;
          const std::string pair = tokens[i].text + tokens[i + 1].text;
          by_joined.add(std::string_view(detail::skeleton(pair)), id);
          by_joined.add(std::string_view(detail::vowel_key(pair)), id);
        }
        for (const std::string* k : {&compact, &compact_vowels}) {
          if (k->size() >= 4) by_compact.add(std::string_view(*k), id);
        }
        names.push_back(rec);
      }
      for (const auto& ident : entity.identifiers) {
        const std::string key = ident.scheme + ":" + detail::normalize_identifier_value(ident.scheme, ident.value);
        auto& v = by_identifier[key];
        if (v.empty() || v.back() != e) v.push_back(e);
      }
    }
    // postings by counting sort, which keeps each token's names in ascending order
    posting_start.assign(dict.size() + 1, 0);
    for (auto p : pairs) ++posting_start[(p >> 32) + 1];
    for (std::size_t t = 0; t < dict.size(); ++t) posting_start[t + 1] += posting_start[t];
    postings.resize(pairs.size());
    {
      std::vector<std::uint32_t> fill(posting_start.begin(), posting_start.end() - 1);
      for (auto p : pairs) postings[fill[p >> 32]++] = static_cast<std::uint32_t>(p);
    }
    std::vector<std::uint64_t>().swap(pairs);
    // The other maps are complete: frozen before the trigram map is filled, so that their pending pairs
    // and its own are never held at once (with a million names, that moment was the build's peak memory).
    // A key of n letters has at most n trigrams once padded: the trigram map's pending pairs are
    // reserved at once rather than grown by doubling.
    for (Postings* p : {&by_skeleton, &by_vowels, &by_joined, &by_compact}) p->freeze();
    auto in_trigram_map = [&](const DictToken& dt) {
      return (dt.cls == TokenClass::word || dt.cls == TokenClass::patronymic) && dt.key.size >= 4;
    };
    std::size_t trigram_pairs = 0;
    for (const DictToken& dt : dict) trigram_pairs += in_trigram_map(dt) ? std::size_t{dt.key.size} : std::size_t{0};
    by_trigram.reserve(trigram_pairs);
    for (std::uint32_t t = 0; t < dict.size(); ++t) {
      const DictToken& dt = dict[t];
      if (!in_trigram_map(dt)) continue;
      const std::uint64_t bucket = dt.vowelless ? 0 : std::min<std::uint64_t>(dt.text.size, 127);
      for (auto g : trigrams_of(str(dt.key))) by_trigram.add(std::uint64_t{g} << 8 | bucket, t);
    }
    by_trigram.freeze(false);  // read by each_in only
    chars.shrink_to_fit();
    dict.shrink_to_fit();
    names.shrink_to_fit();
    name_tokens.shrink_to_fit();
    weights.resize(dict.size());
    shape.resize(dict.size());
    sketches.resize(dict.size());
    for (std::uint32_t t = 0; t < dict.size(); ++t) {
      sketches[t] = detail::letter_sketch(text_of(t));
      shape[t] = static_cast<std::uint8_t>(std::min<std::size_t>(dict[t].text.size, 127) | (dict[t].vowelless ? 0x80U : 0U));
      weights[t] = class_weight(dict[t].cls, str(dict[t].key), static_cast<std::uint32_t>(df(t)));
    }
    single_join.resize(2 * dict.size());
    for (std::uint32_t t = 0; t < dict.size(); ++t) {
      single_join[2 * t] = join_hash(str(dict[t].vowels));
      single_join[2 * t + 1] = join_hash(str(dict[t].skeleton));
    }
    // the keys score_tokens compares for runs of two and three tokens (RunKeys::get)
    run_start.reserve(2 * names.size() + 1);
    for (const NameRec& rec : names) {
      const std::span<const std::uint32_t> tokens = tokens_of(rec);
      for (const bool vowelless : {false, true}) {
        run_start.push_back(static_cast<std::uint32_t>(run_hashes.size()));
        for (std::size_t i = 0; i + 2 <= tokens.size(); ++i) {
          std::string joined(text_of(tokens[i]));
          for (std::size_t len = 2; len <= 3 && i + len <= tokens.size(); ++len) {
            joined += text_of(tokens[i + len - 1]);
            const std::uint64_t h = join_hash(vowelless ? detail::skeleton(joined) : detail::vowel_key(joined));
            if (h == 0) continue;
            run_hashes.push_back(h);
            run_places.push_back(run_place(i, len));
          }
        }
      }
    }
    run_start.push_back(static_cast<std::uint32_t>(run_hashes.size()));
    join_bits.assign(names.size(), 0);
    for (std::uint32_t n = 0; n < names.size(); ++n) {
      std::uint64_t bits = 0;
      for (std::size_t kind = 0; kind < 2; ++kind) {
        for (const std::uint32_t t : tokens_of(names[n])) bits |= join_bit(single_join[2 * t + kind]);
        for (std::uint32_t r = run_start[2 * n + kind]; r < run_start[2 * n + kind + 1]; ++r) bits |= join_bit(run_hashes[r]);
      }
      join_bits[n] = bits;
    }
    run_hashes.shrink_to_fit();
    run_places.shrink_to_fit();
    join_keys.reserve(single_join.size() + run_hashes.size());
    join_keys.insert(join_keys.end(), single_join.begin(), single_join.end());
    join_keys.insert(join_keys.end(), run_hashes.begin(), run_hashes.end());
    std::erase(join_keys, std::uint64_t{0});
    std::sort(join_keys.begin(), join_keys.end());
    join_keys.erase(std::unique(join_keys.begin(), join_keys.end()), join_keys.end());
    join_keys.shrink_to_fit();
    name_weight.resize(names.size());
    for (std::uint32_t n = 0; n < names.size(); ++n) {
      for (const std::uint32_t t : tokens_of(names[n])) name_weight[n] += weights[t];
    }
  }

  ScoredToken scored_token(std::uint32_t t, double weight) const {
    const DictToken& d = dict[t];
    return ScoredToken{str(d.text), str(d.key), str(d.skeleton), str(d.vowels), d.cls, weight, d.vowelless, t};
  }
  /// The tokens of an indexed name; vowelless when that name was written in Arabic script.
  const std::vector<ScoredToken>& scored(const NameRec& rec) const {
    thread_local std::vector<ScoredToken> out;
    out.clear();
    for (auto t : tokens_of(rec)) {
      out.push_back(scored_token(t, weights[t]));
      out.back().vowelless = rec.vowelless;
    }
    return out;
  }
  /// The skeleton of a name's significant tokens joined, for explaining a joined/split match.
  std::string compact_text(const NameRec& rec) const {
    std::string all;
    for (auto t : tokens_of(rec)) {
      if (significant(dict[t].cls)) all += text_of(t);
    }
    return detail::skeleton(all);
  }

  ScreenResult screen(const Query& query, const ScreenOptions& options) const;
};

namespace {

/// A trigram's token lists: Scratch::gram_spans[first, first + count), `total` ids in all.
struct GramLists {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  std::size_t total = 0;
};

/// Per-thread scratch space for retrieval, cleared through the list of names it touched.
struct Scratch {
  std::vector<GramLists> gram_lists;
  std::vector<std::pair<std::uint8_t, std::span<const std::uint32_t>>> gram_spans;  // (length bucket, tokens)
  std::vector<float> acc;
  std::vector<std::int16_t> last;
  std::vector<std::uint32_t> touched;  // names.size() long: [0, touched_count) are this query's
  std::size_t touched_count = 0;
  std::vector<std::uint16_t> gram_count;
  std::vector<std::uint32_t> gram_touched;
  std::vector<std::uint32_t> gram_reached;  // the touched tokens that share enough grams
  std::vector<std::uint64_t> gram_seen;     // a bit per dictionary token: touched
};

/// The dictionary tokens a query token retrieves, with their similarities, kept per thread and index:
/// words ("company", "llc", common given names) come back query after query, and their typo retrieval
/// is the costly part. Bounded: emptied when full or when another index is screened.
/// A similarity retrieval put in the SimilarityCache.
struct ComputedPair {
  std::uint32_t token;
  float sim;
  PairKind kind;
};

class TokenMatches {
 public:
  struct Entry {
    std::vector<std::pair<std::uint32_t, double>> matches;
    std::vector<ComputedPair> computed;  ///< in the order they were put in the cache
  };
  std::string key;  ///< scratch for building a key without allocating
  std::vector<ComputedPair> computed;  ///< scratch: what the token being retrieved put in the cache
  const Entry* find(std::uint64_t generation, const std::string& k) {
    if (generation != generation_) {
      known_.clear();
      generation_ = generation;
    }
    const auto it = known_.find(k);
    return it == known_.end() ? nullptr : &it->second;
  }
  void keep(const std::string& k, const std::vector<std::pair<std::uint32_t, double>>& matches) {
    if (known_.size() >= kMaxKept) known_.clear();
    known_.emplace(k, Entry{matches, computed});
  }

 private:
  static constexpr std::size_t kMaxKept = 4096;
  std::uint64_t generation_ = 0;
  StringMap<Entry> known_;
};

}  // namespace

ScreenResult Screener::Impl::screen(const Query& query, const ScreenOptions& options) const {
  ScreenResult result;
  if (auto problem = check_name(query.name)) {
    result.error = std::move(problem);
    return result;
  }
  // the query's tokens, as analysed for their words (not copied) or written over the last query's
  // (numbers, legal phrases); all of them vowelless when the name was written in Arabic script
  thread_local std::vector<const Token*> qtokens_room;
  thread_local std::vector<Token> qtoken_own_room;
  std::vector<const Token*>& qtokens = qtokens_room;
  bool q_vowelless = false;
  detail::analyse_name_views(query.name, qtokens, qtoken_own_room, q_vowelless, stored);
  if (qtokens.empty()) {
    result.error = error("the name has no letters or digits that can be read; expected a name");
    return result;
  }
  if (qtokens.size() > kMaxTokens) qtokens.resize(kMaxTokens);

  // The query's lists below are kept per thread and cleared for each query, as qtokens is: their room
  // is reused (a screen is never entered again from within one). Each thread-local `x_room` is used
  // through a reference `x`, which the lambdas below capture, rather than looked up in the thread's
  // storage at each use.
  thread_local std::vector<ScoredToken> q_room;
  std::vector<ScoredToken>& q = q_room;
  thread_local std::vector<std::uint32_t> q_ids_room;  // the dictionary token written as each query token, or kNoToken
  std::vector<std::uint32_t>& q_ids = q_ids_room;
  q.clear();
  q_ids.clear();
  double total = 0;
  double total_significant = 0;
  for (const Token* token : qtokens) {
    const Token& t = *token;
    const std::uint32_t found = find_token(t.text);
    q_ids.push_back(found);
    const auto count = found == kNoToken ? std::uint32_t{0} : static_cast<std::uint32_t>(df(found));
    // the dictionary token's weight when it was classed alike (it was worked out from the same count)
    const bool alike = found != kNoToken && dict[found].cls == t.cls && str(dict[found].key) == t.key;
    const double weight = alike ? weights[found] : class_weight(t.cls, t.key, count);
    q.push_back(ScoredToken{t.text, t.key, t.skeleton, t.vowels, t.cls, weight, q_vowelless, kNoToken});
    total += q.back().weight;
    if (significant(t.cls)) total_significant += q.back().weight;
  }
  // the text_hash of each token's skeleton and vowel key, looked up in several maps (a number's are one)
  std::array<std::uint64_t, kMaxTokens> q_skeleton_hash{};
  std::array<std::uint64_t, kMaxTokens> q_vowels_hash{};
  for (std::size_t i = 0; i < q.size(); ++i) {
    q_skeleton_hash[i] = text_hash(q[i].skeleton);
    q_vowels_hash[i] = q[i].vowels == q[i].skeleton ? q_skeleton_hash[i] : text_hash(q[i].vowels);
  }

  // similarities found here are kept for scoring, which meets the same dictionary tokens again; only
  // for tokens never seen in a vowelless name, whose similarity then does not depend on the name
  thread_local SimilarityCache cache_room;
  SimilarityCache& cache = cache_room;
  cache.start();
  thread_local RunKeyCache run_keys_room;
  RunKeyCache& run_keys = run_keys_room;
  run_keys.query.clear();
  run_keys.query_hashes.clear();
  // the join_hash of a run of the query's tokens, and of a single token (kind 1: by skeleton), each key
  // hashed once
  auto run_join_hash = [&](std::size_t from, std::size_t len, bool vowelless) -> std::uint64_t {
    if (run_keys.query.get(q, from, len, vowelless).size() < 3) return 0;
    return run_keys.query_hashes.get(run_keys.query, q, from, len, vowelless) | 1U;
  };
  auto single_join_hash = [&](std::size_t i, std::size_t kind) -> std::uint64_t {
    if ((kind == 1 ? q[i].skeleton : q[i].vowels).size() < 3) return 0;
    return (kind == 1 ? q_skeleton_hash[i] : q_vowels_hash[i]) | 1U;
  };
  // each similarity worked out for the cache is also recorded in `computed`, so that a token's retrieval
  // taken from TokenMatches leaves the cache as working it out would have (scoring reads the cache)
  std::vector<ComputedPair>* computed = nullptr;
  bool cache_was_full = false;
  auto similarity = [&](std::size_t i, std::uint32_t d) -> double {
    bool known = false;
    SimilarityCache::Slot* slot = dict[d].vowelless ? nullptr : cache.find(i, d, &known);
    if (slot != nullptr && known) return slot->sim;
    const auto [sim, kind] = token_similarity(q[i], scored_token(d, 0));
    if (slot != nullptr) {
      slot->sim = static_cast<float>(sim);
      slot->kind = kind;
      if (computed != nullptr) computed->push_back(ComputedPair{d, static_cast<float>(sim), kind});
    } else if (!dict[d].vowelless) {
      cache_was_full = true;
    }
    return sim;
  };
  thread_local Scratch scratch_room;
  Scratch& scratch = scratch_room;
  if (scratch.acc.size() < names.size()) {
    scratch.acc.assign(names.size(), 0.0F);
    scratch.last.assign(names.size(), -1);
  }
  if (scratch.gram_count.size() < dict.size()) scratch.gram_count.assign(dict.size(), 0);
  if (scratch.gram_seen.size() * 64 < dict.size()) scratch.gram_seen.assign(dict.size() / 64 + 1, 0);
  // a name is touched once per query: room for every name, written without a check of the room each time
  if (scratch.touched.size() < names.size()) scratch.touched.resize(names.size());
  scratch.touched_count = 0;
  auto add = [&](std::uint32_t name, std::int16_t token, double amount, bool create) {
    if (scratch.last[name] == token) return;
    if (scratch.acc[name] == 0.0F) {
      if (!create) return;
      scratch.touched[scratch.touched_count++] = name;
    }
    scratch.last[name] = token;
    scratch.acc[name] += static_cast<float>(amount);
  };

  // rarest tokens first, so that very common ones only add to names already found
  thread_local std::vector<std::size_t> order_room;
  std::vector<std::size_t>& order = order_room;
  order.resize(q.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return q[a].weight > q[b].weight; });
  const bool only_special = total_significant <= 0;
  // per-thread lists, cleared before use: allocated once rather than for every query
  thread_local std::vector<std::pair<std::uint32_t, double>> matches_room;
  std::vector<std::pair<std::uint32_t, double>>& matches = matches_room;
  thread_local TokenMatches token_matches_room;
  TokenMatches& token_matches = token_matches_room;
  for (std::size_t i : order) {
    const ScoredToken& t = q[i];
    if (!only_special && !significant(t.cls)) continue;
    if (t.cls == TokenClass::initial) continue;  // an initial finds too much; the other tokens find the name
    // What a token retrieves depends on the token and the index only: known when the token came before.
    // Kept for words only: numbers, legal forms and the like only look up their own text.
    const bool costly = t.cls == TokenClass::word || t.cls == TokenClass::patronymic;
    std::string& memo_key = token_matches.key;
    const TokenMatches::Entry* known = nullptr;
    if (costly) {
      memo_key.assign(t.text).append(1, '\x1f').append(t.key).append(1, '\x1f');
      memo_key.append(1, static_cast<char>(t.cls)).append(1, t.vowelless ? 'v' : '-');
      known = token_matches.find(generation, memo_key);
    }
    // taken only when the cache has room for all it put there, as it had then (else it is worked out)
    if (known != nullptr && known->computed.size() <= cache.room()) {
      matches.assign(known->matches.begin(), known->matches.end());
      for (const ComputedPair& p : known->computed) {
        bool in_cache = false;
        if (SimilarityCache::Slot* slot = cache.find(i, p.token, &in_cache); slot != nullptr && !in_cache) {
          slot->sim = p.sim;
          slot->kind = p.kind;
        }
      }
    } else {
      token_matches.computed.clear();
      computed = &token_matches.computed;
      cache_was_full = false;
      matches.clear();
      if (const auto found = q_ids[i]; found != kNoToken) matches.emplace_back(found, 1.0);  // find_token(t.text)
      if (t.cls == TokenClass::word || t.cls == TokenClass::patronymic) {
        for (const auto& same : {by_skeleton.find(q_skeleton_hash[i]), by_vowels.find(q_vowels_hash[i])}) {
          for (auto d : same) {
            if (const auto s = similarity(i, d); s > 0) matches.emplace_back(d, s);
          }
        }
        if (t.key.size() >= 4) {
          // typos: indexed tokens sharing enough trigrams, then checked one by one. A token sharing `need`
          // of the g grams holds one of any g - need + 1 of them, so only the rarest g - need + 1 bring
          // tokens in and the others count for those alone; tokens whose length token_similarity would
          // reject (neither side vowelless) are skipped as they come.
          const std::vector<std::uint32_t> grams = trigrams_of(t.key);
          const std::size_t need = grams.size() > 4 ? grams.size() - 4 : 1;
          const std::size_t qlen = t.text.size();
          // The length buckets to read: every one for a vowelless query (the scorer compares it by
          // consonants, at any length) or a capped length; else the vowelless tokens (bucket 0), the capped
          // ones, and the lengths token_similarity would not reject.
          std::array<bool, 128> read{};
          for (std::size_t b = 0; b < read.size(); ++b) {
            const std::size_t longest = std::max(qlen, b);
            read[b] = t.vowelless || qlen >= 127 || b == 0 || b == 127 ||
                      longest - std::min(qlen, b) <= std::max<std::size_t>(2, longest / 3);
          }
          // A gram's lists are the few length buckets it occurs in, kept in one scratch array in ascending
          // bucket order (a table of all 128 buckets per gram cost more to clear than to read).
          auto& spans = scratch.gram_spans;
          spans.clear();
          auto& lists = scratch.gram_lists;
          lists.assign(grams.size(), GramLists{});
          for (std::size_t k = 0; k < grams.size(); ++k) {
            // a gram's keys, one per length bucket present, are neighbours in the map: one search finds all
            lists[k].first = static_cast<std::uint32_t>(spans.size());
            by_trigram.each_in(std::uint64_t{grams[k]} << 8, (std::uint64_t{grams[k]} + 1) << 8,
                               [&](std::uint64_t key, std::span<const std::uint32_t> ids) {
                                 const std::size_t b = key & 0xFF;
                                 if (b >= read.size() || !read[b]) return;
                                 spans.emplace_back(static_cast<std::uint8_t>(b), ids);
                                 lists[k].total += ids.size();
                               });
            lists[k].count = static_cast<std::uint32_t>(spans.size()) - lists[k].first;
          }
          std::sort(lists.begin(), lists.end(), [](const auto& a, const auto& b) { return a.total < b.total; });
          const std::size_t bring = lists.size() - std::min(lists.size(), need - 1);
          auto bucket_of = [&](std::uint32_t d) -> std::size_t { return (shape[d] & 0x80) != 0 ? 0 : (shape[d] & 0x7F); };
          // Each token is in one bucket only (a vowelless one in bucket 0), so it is counted once per gram.
          auto each = [&](const GramLists& g, auto&& f) {
            for (std::uint32_t k = g.first; k < g.first + g.count; ++k) {
              for (auto d : spans[k].second) f(d);
            }
          };
          auto bucket_list = [&](const GramLists& g, std::size_t bucket) -> std::span<const std::uint32_t> {
            for (std::uint32_t k = g.first; k < g.first + g.count; ++k) {
              if (spans[k].first == bucket) return spans[k].second;
            }
            return {};
          };
          // Outside Arabic script, a token found here can only be a typo (equal and variant tokens were found
          // by their keys above), and a typo's similarity needs an edit distance of at most (2 - 2 floor)
          // of the longer length; the letters one token has and the other lacks never exceed that distance.
          // The candidate's letter sketch, in a flat array beside its shape, bounds that count from below
          // (detail::sketch_letters_apart), so it rejects only what the count rejects, and it rejects
          // nearly all of them without reading the candidate's text, a cache miss per candidate in a big
          // index. Lengths capped at 127 are not exact: those tokens go to the count.
          const std::uint64_t q_sketch = detail::letter_sketch(t.text);
          auto beyond_typo = [&](int apart, std::size_t other_len) {
            const std::size_t longest = std::max(qlen, other_len);
            const double floor = std::min(qlen, other_len) <= 4 ? 0.80 : 0.86;
            return static_cast<double>(apart) > (2.0 - 2.0 * floor) * static_cast<double>(longest) + 1e-9;
          };
          // whether the candidate's letters rule it out: by its sketch, else by its text
          auto letters_too_far = [&](std::uint32_t d) {
            const std::uint8_t sh = shape[d];
            if (t.vowelless || (sh & 0x80) != 0) return false;  // shape: the flag without reading the token
            const std::size_t len = sh & 0x7F;
            if (len < 127 && beyond_typo(detail::sketch_letters_apart(q_sketch, sketches[d]), len)) return true;
            const std::string_view other = text_of(d);
            return beyond_typo(detail::letters_apart(t.text, other), other.size());
          };
          auto& touched = scratch.gram_touched;
          auto& seen = scratch.gram_seen;
          auto is_seen = [&](std::uint32_t d) { return ((seen[d >> 6] >> (d & 63)) & 1U) != 0; };
          touched.clear();
          for (std::size_t k = 0; k < bring; ++k) {
            each(lists[k], [&](std::uint32_t d) {
              if (scratch.gram_count[d] == 0) touched.push_back(d);
              ++scratch.gram_count[d];
            });
          }
          for (auto d : touched) seen[d >> 6] |= std::uint64_t{1} << (d & 63);
          // The other lists only count for the tokens brought in, and after each list a token that could
          // not reach `need` even if it were in every list left is dropped: the longest lists come last,
          // when few tokens are left, and are then searched for those (binary search, when 32 times longer
          // than the tokens left) rather than read. While a list is read, a bit per token says whether it is
          // still counted: a far smaller array to test than the counts.
          const std::size_t rest = lists.size() - bring;
          for (std::size_t j = 0; j < rest; ++j) {
            const GramLists& g = lists[bring + j];
            if (g.total > 32 * touched.size()) {
              for (auto d : touched) {
                const auto span = bucket_list(g, bucket_of(d));
                if (std::binary_search(span.begin(), span.end(), d)) ++scratch.gram_count[d];
              }
            } else {
              each(g, [&](std::uint32_t d) {
                if (is_seen(d)) ++scratch.gram_count[d];
              });
            }
            const std::size_t left = rest - j - 1;
            std::size_t kept = 0;
            for (auto d : touched) {
              if (scratch.gram_count[d] + left >= need) {
                touched[kept++] = d;
              } else {
                scratch.gram_count[d] = 0;
                seen[d >> 6] &= ~(std::uint64_t{1} << (d & 63));
              }
            }
            touched.resize(kept);
          }
          auto& reached = scratch.gram_reached;
          reached.clear();
          for (auto d : touched) {
            if (scratch.gram_count[d] >= need) reached.push_back(d);
            scratch.gram_count[d] = 0;
            seen[d >> 6] = 0;
          }
          // the sketches of the tokens left lie far apart in memory: asking for a few ahead lets the cache
          // misses overlap
          constexpr std::size_t kAhead = 8;
          for (std::size_t r = 0; r < reached.size(); ++r) {
            if (r + kAhead < reached.size()) {
              __builtin_prefetch(&sketches[reached[r + kAhead]]);
              __builtin_prefetch(&shape[reached[r + kAhead]]);
            }
            if (!letters_too_far(reached[r])) {
              if (const auto s = similarity(i, reached[r]); s > 0) matches.emplace_back(reached[r], s);
            }
          }
        }
      }
      std::sort(matches.begin(), matches.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
      });
      matches.erase(std::unique(matches.begin(), matches.end(),
                                [](const auto& a, const auto& b) { return a.first == b.first; }),
                    matches.end());
      computed = nullptr;
      if (costly && !cache_was_full) token_matches.keep(memo_key, matches);
    }
    const bool create_ok = scratch.touched_count == 0 || only_special;
    for (const auto& [d, s] : matches) {
      const bool create = create_ok || df(d) <= kCommonPostings;
      for (auto n : names_of(d)) add(n, static_cast<std::int16_t>(i), s * t.weight, create);
    }
  }
  // the same name joined or split differently: "abdulrahman" / "abdul rahman", Han syllables, "al" prefixes
  auto add_all = [&](std::span<const std::uint32_t> found, double amount, std::int16_t token) {
    for (auto n : found) add(n, token, amount, true);
  };
  constexpr std::int16_t kJoinedToken = 1000;
  for (std::size_t i = 0; i < q.size(); ++i) {
    if (!significant(q[i].cls)) continue;
    // maps are keyed by hash: one hash, one list (a number's two keys are its text)
    std::span<const std::uint32_t> joined_by_skeleton;
    const bool skeleton_looked_up = q[i].skeleton.size() >= 3;
    if (skeleton_looked_up) {
      joined_by_skeleton = by_joined.find(q_skeleton_hash[i]);
      add_all(joined_by_skeleton, q[i].weight, static_cast<std::int16_t>(kJoinedToken + i));
    }
    if (q[i].vowels.size() >= 4) {
      add_all(skeleton_looked_up && q_vowels_hash[i] == q_skeleton_hash[i] ? joined_by_skeleton : by_joined.find(q_vowels_hash[i]),
              q[i].weight, static_cast<std::int16_t>(kJoinedToken + 300 + i));
    }
    if (i + 1 < q.size()) {
      // the keys of the two tokens joined, kept for scoring, which compares the same runs
      run_keys.query.prepare_both(q, i, 2);
      const std::uint64_t pair_skeleton = run_keys.query_hashes.get(run_keys.query, q, i, 2, true);
      const std::uint64_t pair_vowels = run_keys.query_hashes.get(run_keys.query, q, i, 2, false);
      const double w = q[i].weight + q[i + 1].weight;
      const auto token = static_cast<std::int16_t>(kJoinedToken + 100 + i);
      add_all(by_joined.find(pair_skeleton), w, token);
      // one hash, one list, and the same token: its names were all just added
      if (pair_vowels != pair_skeleton) add_all(by_joined.find(pair_vowels), w, token);
      for (const auto& same : {by_skeleton.find(pair_skeleton), by_vowels.find(pair_vowels)}) {
        for (auto d : same) {
          for (auto n : names_of(d)) add(n, static_cast<std::int16_t>(kJoinedToken + 200 + i), w, true);
        }
      }
    }
  }
  // the whole name joined, and its keys: written over the last query's
  thread_local std::string qall_room;
  thread_local std::string qcompact_room;
  thread_local std::string qcompact_vowels_room;
  std::string& qall = qall_room;
  qall.clear();
  for (const Token* t : qtokens) {
    if (significant(t->cls)) qall += t->text;  // joined_text
  }
  const std::string& qcompact = qcompact_room;
  const std::string& qcompact_vowels = qcompact_vowels_room;
  detail::assign_keys(qcompact_room, qcompact_vowels_room, qall);
  const std::uint64_t qcompact_hash = Postings::hash(qcompact);
  const std::uint64_t qcompact_vowels_hash = Postings::hash(qcompact_vowels);
  if (qcompact.size() >= 4) add_all(by_compact.find(qcompact_hash), total, kJoinedToken + 400);
  if (qcompact_vowels.size() >= 4) add_all(by_compact.find(qcompact_vowels_hash), total, kJoinedToken + 401);
  // the whole name joined: only for names split into a different number of words
  auto same_compact = [&](const NameRec& rec) {
    if (!q_vowelless && !rec.vowelless && rec.token_count == qtokens.size()) return false;
    if (q_vowelless || rec.vowelless) return qcompact.size() >= 4 && qcompact_hash == rec.compact;
    return qcompact_vowels.size() >= 5 && qcompact_vowels_hash == rec.compact_vowels;
  };

  // identifiers: an equal identifier finds the entity whatever its name
  struct IdEvidence {
    std::string key;
    bool valid = false;
  };
  std::vector<IdEvidence> ids;
  ids.reserve(query.identifiers.size());
  std::vector<std::uint32_t> id_entities;
  for (const auto& ident : query.identifiers) {
    IdEvidence ev;
    // normalised once, for its check and its key
    const std::string value = detail::normalize_identifier_value(ident.scheme, ident.value);
    ev.valid = detail::normalized_identifier_checks(ident.scheme, value);
    ev.key.reserve(ident.scheme.size() + 1 + value.size());
    ev.key.append(ident.scheme).append(1, ':').append(value);
    if (ev.valid) {
      if (const auto it = by_identifier.find(ev.key); it != by_identifier.end()) {
        id_entities.insert(id_entities.end(), it->second.begin(), it->second.end());
      }
    }
    ids.push_back(std::move(ev));
  }

  // score the names that gathered enough of the query's weight, best name per entity
  const double needed = 0.3 * (only_special ? total : total_significant);
  thread_local std::vector<std::pair<float, std::uint32_t>> candidates_room;
  std::vector<std::pair<float, std::uint32_t>>& candidates = candidates_room;
  candidates.clear();
  for (const std::uint32_t n : std::span(scratch.touched.data(), scratch.touched_count)) {
    const float acc = scratch.acc[n];
    scratch.acc[n] = 0.0F;
    scratch.last[n] = -1;
    if (acc + 1e-6 < needed) continue;
    if (query.kind != QueryKind::any && !kind_allows(query.kind, names[n].kind)) continue;
    candidates.emplace_back(acc, n);
  }
  // the names that gathered most of the query's weight; the rest cannot score near them
  constexpr std::size_t kMaxScored = 300;
  if (candidates.size() > kMaxScored) {
    std::nth_element(candidates.begin(), candidates.begin() + kMaxScored, candidates.end(),
                     [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    candidates.resize(kMaxScored);
  }
  // names scoring below this cannot become hits: the most a birth date and a country add is 0.07. An
  // entity with an identifier equal to one of the query's needs its exact name score (its hit scores
  // 0.97 + 0.03 of it); those are exactly id_entities, known before any name is scored.
  const double floor = options.threshold - 0.08;
  std::sort(id_entities.begin(), id_entities.end());
  id_entities.erase(std::unique(id_entities.begin(), id_entities.end()), id_entities.end());
  auto has_equal_id = [&](std::uint32_t e) {
    return !id_entities.empty() && std::binary_search(id_entities.begin(), id_entities.end(), e);
  };
  // Whether a name could score `floor`, told before aligning anything. score_tokens' num - floor * den
  // is a sum over the tokens of both names: an aligned token adds (similarity - floor) * weight, a
  // joined one (0.9 - floor) * weight, an unaligned one -floor * its cost. Each token's largest
  // possible term, summed, bounds it from above. Any token may be aligned except a number, which only
  // aligns with the same number (its key is its text); a token may be joined only if a run holding it
  // has the key of a run on the other side (not two single tokens), which the hashes of both names'
  // runs tell; every token may be left unaligned, at no less than its cost without a contradiction.
  bool q_vowelless_any = false;
  for (const ScoredToken& t : q) q_vowelless_any = q_vowelless_any || t.vowelless;
  // by vowel key, by skeleton: worked out when first needed; the query's single tokens' after its runs
  thread_local std::array<std::vector<RunHash>, 2> q_runs_room;
  std::array<std::vector<RunHash>, 2>& q_runs = q_runs_room;
  thread_local std::array<std::vector<std::uint64_t>, 2> q_singles_room;
  std::array<std::vector<std::uint64_t>, 2>& q_singles = q_singles_room;
  for (std::size_t kind = 0; kind < 2; ++kind) {
    q_runs[kind].clear();
    q_singles[kind].clear();
  }
  std::array<bool, 2> q_runs_known{};
  auto query_runs = [&](std::size_t kind) -> const std::vector<RunHash>& {
    if (!q_runs_known[kind]) {
      for (std::size_t i = 0; i < q.size(); ++i) q_singles[kind].push_back(single_join_hash(i, kind));
      for (std::size_t i = 0; i + 2 <= q.size(); ++i) {
        for (std::size_t len = 2; len <= 3 && i + len <= q.size(); ++len) {
          const std::uint64_t h = run_join_hash(i, len, kind == 1);
          if (h != 0) q_runs[kind].push_back(RunHash{h, i, len});
        }
      }
      q_runs_known[kind] = true;
    }
    return q_runs[kind];
  };
  // The query's terms of that sum at `floor` (the only level asked for below), each worked out as
  // for any name: aligned, or else joined, or else unaligned.
  struct QueryTerms {
    double aligned, joined, alone;
  };
  thread_local std::vector<QueryTerms> q_terms_room;
  std::vector<QueryTerms>& q_terms = q_terms_room;
  q_terms.clear();
  std::uint32_t q_numbers = 0;
  std::uint32_t q_numbers_unlisted = 0;  // of those, the numbers no indexed name holds (no dictionary token)
  for (std::size_t i = 0; i < q.size(); ++i) {
    const double alone = -floor * least_cost(q[i].cls, q[i].weight, true);
    q_terms.push_back(QueryTerms{std::max(alone, (1.0 - floor) * q[i].weight), std::max(alone, (0.9 - floor) * q[i].weight), alone});
    if (q[i].cls == TokenClass::number) q_numbers |= run_bits(i, 1);
    if (q[i].cls == TokenClass::number && q_ids[i] == kNoToken) q_numbers_unlisted |= run_bits(i, 1);
  }
  // the query's numbers that the name's tokens lack (a bit per query token)
  auto lone_numbers = [&](std::span<const std::uint32_t> tokens) {
    std::uint32_t lone = q_numbers_unlisted;  // a name's tokens are dictionary tokens: none is one of those
    for (std::uint32_t m = q_numbers & ~q_numbers_unlisted; m != 0; m &= m - 1) {
      const auto i = static_cast<std::size_t>(std::countr_zero(m));
      if (std::find(tokens.begin(), tokens.end(), q_ids[i]) == tokens.end()) lone |= run_bits(i, 1);
    }
    return lone;
  };
  // the query's side of the sum, the tokens in `lone` unaligned, joined if also in `joined`
  auto query_sum = [&](std::uint32_t lone, std::uint32_t joined) {
    double sum = 0;
    for (std::size_t i = 0; i < q.size(); ++i) {
      const QueryTerms& term = q_terms[i];
      sum += ((lone >> i) & 1U) == 0 ? term.aligned : ((joined >> i) & 1U) != 0 ? term.joined : term.alone;
    }
    return sum;
  };
  auto may_reach = [&](const NameRec& rec, std::uint32_t n) {
    const std::span<const std::uint32_t> tokens = tokens_of(rec);
    // An alignable token gains at least as much aligned (up to 1) as joined (0.9): whether a token could
    // be joined matters only for one that cannot be aligned, a number the other name lacks. Names
    // without such a number (most) need no join hash compared.
    const std::uint32_t lone_q = lone_numbers(tokens);
    std::uint32_t lone_c = 0;
    for (std::size_t j = 0; j < tokens.size() && rec.has_number; ++j) {
      const std::uint32_t t = tokens[j];
      if (dict[t].cls == TokenClass::number && std::find(q_ids.begin(), q_ids.end(), t) == q_ids.end()) {
        lone_c |= run_bits(j, 1);
      }
    }
    std::uint32_t join_q = 0;
    std::uint32_t join_c = 0;
    if ((lone_q | lone_c) != 0) {
      const std::size_t kind = q_vowelless_any || rec.vowelless ? 1 : 0;
      const std::uint32_t c_first = run_start[2 * n + kind];
      const std::uint32_t c_end = run_start[2 * n + kind + 1];
      const std::uint64_t bits = join_bits[n];  // a clear bit: that hash is none of the name's
      for (const RunHash& a : query_runs(kind)) {
        if ((bits & join_bit(a.hash)) == 0) continue;
        for (std::size_t j = 0; j < tokens.size(); ++j) {
          if (single_join[2 * tokens[j] + kind] == a.hash) {
            join_q |= run_bits(a.from, a.len);
            join_c |= run_bits(j, 1);
          }
        }
        for (std::uint32_t r = c_first; r < c_end; ++r) {
          if (run_hashes[r] == a.hash) {
            join_q |= run_bits(a.from, a.len);
            join_c |= place_bits(run_places[r]);
          }
        }
      }
      for (std::size_t i = 0; i < q.size() && c_first != c_end; ++i) {
        const std::uint64_t h = q_singles[kind][i];
        if ((bits & join_bit(h)) == 0) continue;
        for (std::uint32_t r = c_first; r < c_end; ++r) {
          if (run_hashes[r] == h) {
            join_q |= run_bits(i, 1);
            join_c |= place_bits(run_places[r]);
          }
        }
      }
    }
    // summed in the same order as ever, so that the same terms give the same sum to the last bit
    double sum = query_sum(lone_q, join_q);
    for (std::size_t j = 0; j < tokens.size(); ++j) {
      const std::uint32_t t = tokens[j];
      const double w = weights[t];
      const double alone = -floor * least_cost(dict[t].cls, w, false);
      if (((lone_c >> j) & 1U) == 0) {
        sum += std::max(alone, (1.0 - floor) * w);
      } else {
        sum += ((join_c >> j) & 1U) != 0 ? std::max(alone, (0.9 - floor) * w) : alone;
      }
    }
    return sum >= -1e-9;
  };

  // may_reach's sum bounded again, without comparing the name's join hashes or reading its tokens' classes
  // and weights, so that most names which cannot reach `floor` cost a few dozen instructions. Term by term
  // it is at least may_reach's: a query token is taken as joined whenever a run or token holding it has a
  // join hash of the index at all (every join may_reach finds is with a hash of the name's, so of the
  // index's: the set of query tokens counted as joined only grows, and each token's joined term is at
  // least its unaligned one); each of the name's terms, max(-floor * cost, (x - floor) * w) with x 1 or
  // 0.9, is at most (1 - floor) * w for floor in [0, 1] (the first is not positive, the second at most
  // that), so their sum is at most (1 - floor) times the name's weight. Summed in another order than
  // may_reach's, the two sums of at most 32 terms below 2 differ by far less than the 1e-9 between the
  // margins, so a name this rejects is one may_reach rejects.
  std::array<std::uint32_t, 2> q_joinable{};  // by kind: the query tokens some run or token of the index may join
  std::array<bool, 2> q_joinable_known{};
  auto joinable = [&](std::size_t kind) {
    if (!q_joinable_known[kind]) {
      auto in_index = [&](std::uint64_t h) { return h != 0 && std::binary_search(join_keys.begin(), join_keys.end(), h); };
      // only numbers are ever taken as unaligned (lone_numbers): only their tokens and the runs holding
      // them are looked up, with the hashes query_runs would give
      for (std::uint32_t m = q_numbers; m != 0; m &= m - 1) {
        const auto i = static_cast<std::size_t>(std::countr_zero(m));
        if (in_index(single_join_hash(i, kind))) q_joinable[kind] |= run_bits(i, 1);
        for (std::size_t from = i >= 2 ? i - 2 : 0; from <= i; ++from) {
          for (std::size_t len = std::max<std::size_t>(2, i - from + 1); len <= 3 && from + len <= q.size(); ++len) {
            if (in_index(run_join_hash(from, len, kind == 1))) q_joinable[kind] |= run_bits(from, len);
          }
        }
      }
      q_joinable_known[kind] = true;
    }
    return q_joinable[kind];
  };
  // the query's side of that sum by kind, for the set of lone numbers last asked (most names lack the same)
  std::array<std::uint32_t, 2> rough_lone{};  // 0: none asked yet
  std::array<double, 2> rough_sum{};
  auto may_reach_roughly = [&](const NameRec& rec, std::uint32_t n) {
    if (floor > 1.0) return true;
    const std::uint32_t lone_q = lone_numbers(tokens_of(rec));
    if (lone_q == 0) return true;  // then every term is at least 0
    const std::size_t kind = q_vowelless_any || rec.vowelless ? 1 : 0;
    if (rough_lone[kind] != lone_q) {
      rough_sum[kind] = query_sum(lone_q, joinable(kind));
      rough_lone[kind] = lone_q;
    }
    return rough_sum[kind] + (1.0 - floor) * name_weight[n] >= -2e-9;
  };

  using EntityScore = std::pair<std::uint32_t, std::pair<double, std::uint32_t>>;  // entity, (score, name rec)
  thread_local std::vector<EntityScore> best_room;
  std::vector<EntityScore>& best = best_room;
  best.clear();
  best.reserve(candidates.size() + id_entities.size());
  for (const auto& [acc, n] : candidates) {
    const NameRec& rec = names[n];
    // as score_tokens does for a name below its floor: 0, which the floor drops like the score it had
    const double name_floor = has_equal_id(rec.entity.value) ? 0.0 : floor;
    double s = name_floor > 0 && (!may_reach_roughly(rec, n) || !may_reach(rec, n))
                   ? 0.0
                   : score_tokens(q, scored(rec), false, &cache, name_floor, &run_keys.query, &run_keys.name(generation, n))
                         .score;
    if (same_compact(rec)) s = std::max(s, 0.93);
    // a name below the floor is never an entity's kept hit, whichever of its names is best, unless the
    // entity has an equal identifier (then its best name's score counts, whatever it is)
    if (s < name_floor) continue;
    best.emplace_back(rec.entity.value, std::pair(s, n));
  }
  // the best name of each entity; of equal scores, the first scored
  std::stable_sort(best.begin(), best.end(), [](const EntityScore& a, const EntityScore& b) { return a.first < b.first; });
  std::size_t entities_scored = 0;
  for (std::size_t k = 0; k < best.size(); ++k) {
    if (entities_scored > 0 && best[entities_scored - 1].first == best[k].first) {
      if (best[k].second.first > best[entities_scored - 1].second.first) best[entities_scored - 1].second = best[k].second;
    } else {
      best[entities_scored++] = best[k];
    }
  }
  best.resize(entities_scored);
  for (auto e : id_entities) {
    if (!kind_allows(query.kind, data->entities[e].kind)) continue;
    const auto by_name = std::lower_bound(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(entities_scored), e,
                                          [](const EntityScore& a, std::uint32_t x) { return a.first < x; });
    if (by_name == best.begin() + static_cast<std::ptrdiff_t>(entities_scored) || by_name->first != e) {
      best.emplace_back(e, std::pair(0.0, std::numeric_limits<std::uint32_t>::max()));
    }
  }

  // The score of an entity's hit, and with `explain` its matched name and features: first without, for
  // every scored entity, then with, for the few that are kept.
  auto make_hit = [&](std::uint32_t e, const std::pair<double, std::uint32_t>& sn, bool explain) {
    const model::Entity& entity = data->entities[e];
    Hit hit;
    hit.entity = model::EntityIx{e};
    double score = sn.first;
    if (!explain) {
    } else if (sn.second != std::numeric_limits<std::uint32_t>::max()) {
      const NameRec& rec = names[sn.second];
      hit.matched_name = entity.names[rec.name].text;
      NameScore ns = score_tokens(q, scored(rec), true);
      if (same_compact(rec) && ns.score < 0.93) {
        ns.detail = fmt::format("the same name written joined or split differently ({})", compact_text(rec));
      }
      hit.features.push_back(Feature{"name", sn.first, ns.detail});
      if (!ns.legal_detail.empty()) hit.features.push_back(Feature{"legal_form", 0.0, ns.legal_detail});
    } else {
      hit.matched_name = entity.primary_name();
      hit.features.push_back(Feature{"name", 0.0, "no name of the entity is close; found by identifier"});
    }
    // identifiers
    bool equal_id = false;
    for (const auto& ev : ids) {
      const auto colon = ev.key.find(':');
      const std::string_view scheme = std::string_view(ev.key).substr(0, colon);
      if (!ev.valid) {
        if (explain) hit.features.push_back(Feature{"identifier", 0.0, fmt::format("{} fails its check: not used", ev.key)});
        continue;
      }
      bool same_scheme = false;
      bool equal = false;
      for (const auto& mine : entity.identifiers) {
        if (mine.scheme != scheme) continue;
        same_scheme = true;
        if (ev.key == mine.scheme + ":" + detail::normalize_identifier_value(mine.scheme, mine.value)) equal = true;
      }
      if (equal) {
        equal_id = true;
        if (explain) hit.features.push_back(Feature{"identifier", 1.0, fmt::format("{} equal", ev.key)});
      } else if (same_scheme) {
        score -= 0.15;
        if (explain) {
          hit.features.push_back(Feature{"identifier", -0.15, fmt::format("{} differs from the entity's {}", ev.key, scheme)});
        }
      }
    }
    if (equal_id) score = std::max(score, 0.97 + 0.03 * std::max(sn.first, 0.0));
    // birth date
    if (query.birth_date && entity.birth_date) {
      const core::Date& a = *query.birth_date;
      const core::Date& b = *entity.birth_date;
      const int dy = std::abs(a.year() - b.year());
      double adj = 0;
      std::string how;
      if (dy == 0) {
        if (a.is_full() && b.is_full()) {
          adj = a == b ? 0.05 : -0.03;
          how = a == b ? "=" : "≠ (same year)";
        } else {
          adj = 0.03;
          how = "= (year)";
        }
      } else {
        adj = dy == 1 ? -0.05 : -0.2;
        how = "≠";
      }
      score += adj;
      if (explain) hit.features.push_back(Feature{"birth_date", adj, fmt::format("{} {} {}", a.to_string(), how, b.to_string())});
    }
    // country
    if (!query.country.empty() && !entity.countries.empty()) {
      const bool same = std::any_of(entity.countries.begin(), entity.countries.end(),
                                    [&](const std::string& c) { return core::equals_ignore_case(c, query.country); });
      const double adj = same ? 0.02 : -0.05;
      score += adj;
      if (explain) {
        hit.features.push_back(Feature{"country", adj, same ? fmt::format("{} is one of the entity's countries", query.country)
                                                            : fmt::format("{} is not one of {}", query.country,
                                                                          core::join(entity.countries, ", "))});
      }
    }
    hit.score = std::clamp(score, 0.0, 1.0);
    return hit;
  };
  struct Kept {
    double score;
    std::uint32_t entity;
    std::pair<double, std::uint32_t> name;
  };
  std::vector<Kept> kept;
  for (const auto& [e, sn] : best) {
    if (sn.first < floor && !has_equal_id(e)) continue;  // at most 0.07 below the threshold: cannot be kept
    const double score = make_hit(e, sn, false).score;
    if (score + 1e-12 >= options.threshold) kept.push_back(Kept{score, e, sn});
  }
  std::sort(kept.begin(), kept.end(), [](const Kept& a, const Kept& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.entity < b.entity;
  });
  if (kept.size() > options.limit) kept.resize(options.limit);
  for (const Kept& k : kept) result.hits.push_back(make_hit(k.entity, k.name, options.explain));
  if (result.hits.size() > options.limit) result.hits.resize(options.limit);
  return result;
}

Screener::Screener(const model::Dataset& data, IndexOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->build(data, options);
}
Screener::~Screener() = default;
Screener::Screener(Screener&&) noexcept = default;
Screener& Screener::operator=(Screener&&) noexcept = default;

ScreenResult Screener::screen(const Query& query, const ScreenOptions& options) const {
  return impl_->screen(query, options);
}

std::size_t Screener::indexed_entities() const noexcept { return impl_->entities; }
std::size_t Screener::indexed_names() const noexcept { return impl_->names.size(); }

}  // namespace sanx::match
