/// \file
/// Rendering findings for people and tools: a text summary grouped by severity and rule, JSON lines
/// (one finding per line), and CSV. Returns text; the CLI decides where it goes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/eval/finding.hpp"

namespace sanx::report {

struct TextOptions {
  bool color = false;
  std::size_t examples_per_rule = 3;  ///< findings shown under each rule (0: counts only)
};

/// Severities from most to least serious: critical, high, medium, low, info.
[[nodiscard]] int severity_rank(std::string_view severity) noexcept;

/// Grouped by severity (most serious first) and rule, with counts and a few examples each:
/// ```
/// critical  2 findings
///   ownership.ofac_50pct_blocked        2  (payment)
///     PAY-B1-01 2024-06-03  Beneficiary demo:x is 50% owned by blocked persons …
/// ```
[[nodiscard]] std::string render_text(const std::vector<eval::Finding>& findings, const TextOptions& options = {});

/// Appends `s` to `out` as a JSON string, exactly as nlohmann's compact dump writes it: `"`, `\` and
/// control characters escaped (`\n`, `\u001f` …), other UTF-8 copied as it is, ill-formed UTF-8 replaced
/// by U+FFFD.
void append_json_string(std::string& out, std::string_view s);

/// Writes findings as JSON, keeping what the findings of one rule write alike (their escaped rule,
/// pattern, severity, subject kind, regimes and evidence keys, and which items a repeated path hides)
/// from one finding to the next: findings come rule by rule, so that is worked out once per rule rather
/// than per finding.
class FindingJson {
 public:
  /// Where a finding's evidence object lies in the text it was appended to: out[begin, end).
  struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
  };
  /// finding_json(f) appended to `out`; returns where its evidence object is, so that a caller that
  /// also needs evidence_json(f) (an audit saving its findings) copies it instead of writing it again.
  Span append_finding(std::string& out, const eval::Finding& f);
  /// evidence_json(f) appended to `out`.
  void append_evidence(std::string& out, const eval::Finding& f);

 private:
  void prepare(const eval::Finding& f);

  /// The header the texts below were made for; holding it keeps its address from being reused by another.
  std::shared_ptr<const eval::FindingRule> header_;
  std::string head_;     ///< {"rule":…,"pattern":…,"severity":…
  std::string kind_;     ///< ,"subject_kind":…
  std::string regimes_;  ///< ,"regimes":[…]
  struct Key {
    std::string json;        ///< `"path":`, after a comma but for the first
    std::uint32_t value = 0;  ///< the evidence item whose value it shows
  };
  std::vector<Key> keys_;
};

/// The evidence as one JSON object, expression text -> value text, in evaluation order.
[[nodiscard]] std::string evidence_json(const eval::Finding& f);

/// One JSON object: rule, pattern, severity, outcome, subject_kind, subject, date, reason, regimes,
/// evidence (object), missing (array), source.
[[nodiscard]] std::string finding_json(const eval::Finding& f);

/// finding_json of each finding, each followed by a newline.
[[nodiscard]] std::string render_jsonl(const std::vector<eval::Finding>& findings);

/// RFC 4180 CSV with a header row: rule,pattern,severity,outcome,subject_kind,subject,date,reason,regimes,
/// evidence,source (regimes '|'-joined; evidence as `path=value` pairs joined by "; ").
[[nodiscard]] std::string render_csv(const std::vector<eval::Finding>& findings);

}  // namespace sanx::report
