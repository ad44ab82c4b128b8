#include "eval/typology.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sanx::eval {

namespace {

using compile::CompiledTypology;
using dsl::ast::TypologyOutcome;

/// What the weighted rules found on one subject.
struct Score {
  core::Decimal fired;  ///< the weights of the rules that fired
  core::Decimal maybe;  ///< the weights of the rules that could not decide
  struct Part {
    const CompiledTypology::Weight* weight;
    const Finding* finding;
  };
  std::vector<Part> parts;  ///< in the typology's weight order
};

core::Decimal plus(const core::Decimal& a, const core::Decimal& b) {
  // Weights are a handful of small numbers; 18 significant digits do not overflow in practice, and if
  // they did, saturating at the larger operand keeps the score where it was rather than inventing one.
  return a.add(b).value_or(std::max(a, b));
}

std::string_view outcome_word(TypologyOutcome o) {
  switch (o) {
    case TypologyOutcome::clear: return "clear";
    case TypologyOutcome::review: return "review";
    case TypologyOutcome::block: return "block";
  }
  return "?";
}

const CompiledTypology::Band& band_of(const CompiledTypology& t, const core::Decimal& score) {
  // The checker made the bands cover [0, ∞) without overlap, sorted by their low ends.
  auto it = std::upper_bound(t.bands.begin(), t.bands.end(), score,
                             [](const core::Decimal& s, const CompiledTypology::Band& b) { return s < b.low; });
  return *(it - 1);
}

/// The strictest outcome of a band meeting [low, high].
TypologyOutcome worst_between(const CompiledTypology& t, const core::Decimal& low, const core::Decimal& high) {
  TypologyOutcome worst = TypologyOutcome::clear;
  for (const auto& b : t.bands) {
    if (high < b.low || (b.high && *b.high <= low)) continue;
    worst = std::max(worst, b.outcome);
  }
  return worst;
}

/// The texts that every finding of one typology repeats, written once per evaluation.
struct Texts {
  std::vector<std::string> weights;  ///< per weight: its number
  std::vector<std::string> bands;    ///< per band: "[low, high)", "[low, ..)" when unbounded
};

Texts texts_of(const CompiledTypology& t) {
  Texts texts;
  for (const auto& w : t.weights) texts.weights.push_back(w.weight.to_string());
  for (const auto& b : t.bands) {
    std::string& text = texts.bands.emplace_back(1, '[');
    text.append(b.low.to_string()).append(", ").append(b.high ? b.high->to_string() : std::string("..")).append(")");
  }
  return texts;
}

std::string severity_of(const CompiledTypology& t, TypologyOutcome o) {
  return o == TypologyOutcome::block ? std::string("critical") : t.summary.severity;
}

/// Appends "trade.a (2), trade.b (1)" for the parts whose finding has outcome `which`; returns whether
/// there was any.
bool append_rules(std::string& out, const compile::RuleSet::Impl& rules, const CompiledTypology& t, const Texts& texts,
                  const Score& s, Outcome which) {
  bool any = false;
  for (const auto& p : s.parts) {
    if (p.finding->outcome != which) continue;
    if (any) out += ", ";
    any = true;
    const auto w = static_cast<std::size_t>(p.weight - t.weights.data());
    out.append(rules.rules[p.weight->rule].summary.name).append(" (").append(texts.weights[w]).append(")");
  }
  return any;
}

/// The headers of one typology's findings: they differ only by severity and by the rules that counted
/// (their evidence items), and a typology on a large audit makes thousands of findings from a handful of
/// such combinations. Findings share a header, as a rule's findings do.
class Headers {
 public:
  const std::shared_ptr<const FindingRule>& get(const compile::RuleSet::Impl& rules, const CompiledTypology& t,
                                                const Score& s, const std::string& severity,
                                                std::string_view subject_kind) {
    key_.assign(severity).push_back('\0');
    for (const auto& p : s.parts) {
      const auto w = static_cast<std::uint32_t>(p.weight - t.weights.data());
      key_.append(reinterpret_cast<const char*>(&w), sizeof w);
    }
    auto [it, fresh] = made_.try_emplace(key_);
    if (fresh) {
      auto header = std::make_shared<FindingRule>();
      header->rule = t.summary.name;
      header->pattern = t.summary.pattern;
      header->regimes = t.regimes;
      header->subject_kind = std::string(subject_kind);
      header->severity = severity;
      header->evidence = {"outcome", "score", "band"};
      for (const auto& p : s.parts) header->evidence.push_back(rules.rules[p.weight->rule].summary.name);
      it->second = std::move(header);
    }
    return it->second;
  }

 private:
  std::string key_;
  std::unordered_map<std::string, std::shared_ptr<const FindingRule>> made_;
};

std::optional<Finding> judge(const compile::RuleSet::Impl& rules, const CompiledTypology& t, const Texts& texts,
                             const Score& s, Headers& headers, FindingTexts& blocks) {
  const auto& band = band_of(t, s.fired);
  const core::Decimal high = plus(s.fired, s.maybe);
  const TypologyOutcome worst = s.maybe.is_zero() ? band.outcome : worst_between(t, s.fired, high);
  if (worst == band.outcome && band.outcome == TypologyOutcome::clear) return std::nullopt;

  const Finding& first = *s.parts.front().finding;
  const std::string& band_text = texts.bands[static_cast<std::size_t>(&band - t.bands.data())];
  const std::string fired = s.fired.to_string();
  const bool decided = worst == band.outcome;
  Finding f(headers.get(rules, t, s, severity_of(t, decided ? band.outcome : worst), first.subject_kind()));
  std::string values;
  std::vector<std::uint32_t> ends;
  const auto add = [&](std::string_view value) {
    values += value;
    ends.push_back(static_cast<std::uint32_t>(values.size()));
  };
  std::vector<std::string> missing;
  std::string reason;
  if (decided) {
    f.outcome = Outcome::fired;
    reason.append(outcome_word(band.outcome)).append(": score ").append(fired).append(" in ").append(band_text);
    reason += " from ";
    append_rules(reason, rules, t, texts, s, Outcome::fired);
    add(outcome_word(band.outcome));
    add(fired);
  } else {
    // Undetermined rules could move the subject into a stricter band: say so rather than decide.
    f.outcome = Outcome::undetermined;
    const std::string either = std::string(outcome_word(band.outcome)).append(" or ").append(outcome_word(worst));
    const std::string up_to = high.to_string();
    reason.append(either).append(": score ").append(fired).append(" from ");
    if (!append_rules(reason, rules, t, texts, s, Outcome::fired)) reason += "no rule";
    reason.append(", up to ").append(up_to).append(" if ");
    append_rules(reason, rules, t, texts, s, Outcome::undetermined);
    reason += " fire";
    add(either);
    add(fired + " to " + up_to);
  }
  add(band_text);
  for (const auto& p : s.parts) {
    const bool yes = p.finding->outcome == Outcome::fired;
    const auto w = static_cast<std::size_t>(p.weight - t.weights.data());
    add(std::string(yes ? "fired" : "undetermined").append(", weight ").append(texts.weights[w]));
    if (yes || f.outcome == Outcome::fired) continue;
    const std::string& name = rules.rules[p.weight->rule].summary.name;
    for (const std::string_view m : p.finding->missing()) missing.push_back(std::string(name).append(": ").append(m));
  }
  const std::vector<std::string_view> paths(missing.begin(), missing.end());
  f.set_texts(values, ends, first.source(), reason, {first.subject(), first.date(), paths}, blocks);
  return f;
}

/// The findings of rule `rule` in `ordered` (sorted by key).
std::span<const KeyedFinding> findings_of(std::span<const KeyedFinding> ordered, std::uint32_t rule) {
  const std::uint64_t first = std::uint64_t{rule} << 32;
  const auto less = [](const KeyedFinding& f, std::uint64_t k) { return f.first < k; };
  const auto begin = std::lower_bound(ordered.begin(), ordered.end(), first, less);
  const auto end = std::lower_bound(begin, ordered.end(), first + (std::uint64_t{1} << 32), less);
  return {begin, end};
}

/// How many findings of `ordered` the rules that `t` weighs made.
std::size_t weighted_findings(const CompiledTypology& t, std::span<const KeyedFinding> ordered) {
  std::size_t n = 0;
  for (const auto& w : t.weights) n += findings_of(ordered, w.rule).size();
  return n;
}

}  // namespace

std::size_t typology_bound(const compile::RuleSet::Impl& rules, std::span<const KeyedFinding> ordered) {
  std::size_t bound = 0;
  for (const CompiledTypology& t : rules.typologies) bound += weighted_findings(t, ordered);
  return bound;
}

void sort_by_key(KeyedFindings& order) {
  // An LSD radix sort, kBits bits a pass, over the bits that differ between keys (the keys' rule and
  // subject indexes are small numbers): a few instructions a finding and pass, where std::sort's
  // comparisons and moves cost hundreds a finding. Keys are distinct (a rule finds a subject once), and
  // each pass is stable, so the order is the keys' order.
  if (order.size() < 2) return;
  std::uint64_t differ = 0;
  for (const KeyedFinding& k : order) differ |= k.first ^ order.front().first;
  constexpr unsigned kBits = 11;
  constexpr std::uint64_t kMask = (std::uint64_t{1} << kBits) - 1;
  // Passes within the subject half, then the rule half: rules are few, one pass covers them.
  constexpr std::array<std::pair<unsigned, unsigned>, 6> kPasses{
      {{0, 11}, {11, 11}, {22, 10}, {32, 11}, {43, 11}, {54, 10}}};
  KeyedFindings scratch;
  std::array<std::size_t, std::size_t{1} << kBits> counts{};
  for (const auto& [shift, bits] : kPasses) {
    const std::uint64_t mask = kMask >> (kBits - bits);
    if (((differ >> shift) & mask) == 0) continue;
    if (scratch.empty()) scratch.resize(order.size());
    counts.fill(0);
    for (const KeyedFinding& k : order) ++counts[(k.first >> shift) & mask];
    std::size_t sum = 0;
    for (std::size_t& c : counts) sum += std::exchange(c, sum);
    for (const KeyedFinding& k : order) scratch[counts[(k.first >> shift) & mask]++] = k;
    order.swap(scratch);
  }
}

std::vector<Finding> typology_findings(const compile::RuleSet::Impl& rules, std::span<const KeyedFinding> ordered) {
  std::vector<Finding> out;
  // One weighted rule finding: its subject, and the typology's weight that counts it.
  struct Hit {
    std::uint32_t subject;
    const CompiledTypology::Weight* weight;
    const Finding* finding;
  };
  std::vector<Hit> hits;
  Score s;
  FindingTexts blocks;  // the findings' texts, a few hundred bytes each, in blocks as the rules' are
  for (const CompiledTypology& t : rules.typologies) {
    hits.clear();
    hits.reserve(weighted_findings(t, ordered));  // tens of thousands on a large audit: grown once, not doubling
    for (const auto& w : t.weights) {
      for (const KeyedFinding& k : findings_of(ordered, w.rule)) hits.push_back({static_cast<std::uint32_t>(k.first), &w, k.second});
    }
    // By subject (dataset order), each subject's hits staying in the typology's weight order.
    std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) { return a.subject < b.subject; });
    const Texts texts = texts_of(t);
    Headers headers;
    for (std::size_t i = 0; i < hits.size();) {
      s.fired = core::Decimal();
      s.maybe = core::Decimal();
      s.parts.clear();
      const std::uint32_t subject = hits[i].subject;
      for (; i < hits.size() && hits[i].subject == subject; ++i) {
        const Hit& h = hits[i];
        if (h.finding->outcome == Outcome::fired) {
          s.fired = plus(s.fired, h.weight->weight);
        } else {
          s.maybe = plus(s.maybe, h.weight->weight);
        }
        s.parts.push_back({h.weight, h.finding});
      }
      if (auto f = judge(rules, t, texts, s, headers, blocks)) out.push_back(std::move(*f));
    }
  }
  return out;
}

}  // namespace sanx::eval
