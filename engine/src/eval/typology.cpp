#include "eval/typology.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>

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

std::string band_text(const CompiledTypology::Band& b) {
  return fmt::format("[{}, {})", b.low.to_string(), b.high ? b.high->to_string() : "..");
}

std::string severity_of(const CompiledTypology& t, TypologyOutcome o) {
  return o == TypologyOutcome::block ? std::string("critical") : t.summary.severity;
}

/// "trade.a (2), trade.b (1)" for the parts whose finding has outcome `which`.
std::string rules_text(const compile::RuleSet::Impl& rules, const Score& s, Outcome which) {
  std::string out;
  for (const auto& p : s.parts) {
    if (p.finding->outcome != which) continue;
    if (!out.empty()) out += ", ";
    out += fmt::format("{} ({})", rules.rules[p.weight->rule].summary.name, p.weight->weight.to_string());
  }
  return out;
}

std::optional<Finding> judge(const compile::RuleSet::Impl& rules, const CompiledTypology& t, const Score& s) {
  const auto& band = band_of(t, s.fired);
  const core::Decimal high = plus(s.fired, s.maybe);
  const TypologyOutcome worst = s.maybe.is_zero() ? band.outcome : worst_between(t, s.fired, high);
  if (worst == band.outcome && band.outcome == TypologyOutcome::clear) return std::nullopt;

  const Finding& first = *s.parts.front().finding;
  Finding f;
  f.rule = t.summary.name;
  f.pattern = t.summary.pattern;
  f.regimes = t.regimes;
  f.subject_kind = first.subject_kind;
  f.subject = first.subject;
  f.date = first.date;
  f.source = first.source;
  const std::string fired = rules_text(rules, s, Outcome::fired);
  if (worst == band.outcome) {
    f.outcome = Outcome::fired;
    f.severity = severity_of(t, band.outcome);
    f.reason = fmt::format("{}: score {} in {} from {}", outcome_word(band.outcome), s.fired.to_string(),
                           band_text(band), fired);
    f.evidence.emplace_back("outcome", std::string(outcome_word(band.outcome)));
  } else {
    // Undetermined rules could move the subject into a stricter band: say so rather than decide.
    f.outcome = Outcome::undetermined;
    f.severity = severity_of(t, worst);
    f.reason = fmt::format("{} or {}: score {} from {}, up to {} if {} fire", outcome_word(band.outcome),
                           outcome_word(worst), s.fired.to_string(), fired.empty() ? "no rule" : fired,
                           high.to_string(), rules_text(rules, s, Outcome::undetermined));
    f.evidence.emplace_back("outcome", fmt::format("{} or {}", outcome_word(band.outcome), outcome_word(worst)));
  }
  f.evidence.emplace_back("score", f.outcome == Outcome::fired ? s.fired.to_string()
                                                               : fmt::format("{} to {}", s.fired.to_string(),
                                                                             high.to_string()));
  f.evidence.emplace_back("band", band_text(band));
  for (const auto& p : s.parts) {
    const bool yes = p.finding->outcome == Outcome::fired;
    f.evidence.emplace_back(rules.rules[p.weight->rule].summary.name,
                            fmt::format("{}, weight {}", yes ? "fired" : "undetermined", p.weight->weight.to_string()));
    if (yes || f.outcome == Outcome::fired) continue;
    for (const auto& m : p.finding->missing) {
      f.missing.push_back(fmt::format("{}: {}", rules.rules[p.weight->rule].summary.name, m));
    }
  }
  return f;
}

}  // namespace

std::vector<Finding> typology_findings(const compile::RuleSet::Impl& rules, std::span<const KeyedFinding> ordered) {
  std::vector<Finding> out;
  for (const CompiledTypology& t : rules.typologies) {
    std::map<std::uint32_t, Score> scores;  // by subject index: dataset order
    for (const auto& w : t.weights) {
      const std::uint64_t first = std::uint64_t{w.rule} << 32;
      auto it = std::lower_bound(ordered.begin(), ordered.end(), first,
                                 [](const KeyedFinding& f, std::uint64_t k) { return f.first < k; });
      for (; it != ordered.end() && (it->first >> 32) == w.rule; ++it) {
        Score& s = scores[static_cast<std::uint32_t>(it->first)];
        Outcome o = it->second->outcome;
        if (o == Outcome::fired) {
          s.fired = plus(s.fired, w.weight);
        } else {
          s.maybe = plus(s.maybe, w.weight);
        }
        s.parts.push_back({&w, it->second});
      }
    }
    for (const auto& [subject, score] : scores) {
      if (auto f = judge(rules, t, score)) out.push_back(std::move(*f));
    }
  }
  return out;
}

}  // namespace sanx::eval
