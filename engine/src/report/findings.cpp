// Findings as text, JSON lines and CSV.
#include "sanx/report/findings.hpp"

#include "sanx/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace sanx::report {
namespace {

constexpr std::string_view kSeverities[] = {"critical", "high", "medium", "low", "info"};

std::string paint(std::string_view text, std::string_view code, bool color) {
  if (!color) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

std::string_view severity_color(std::string_view severity) {
  if (severity == "critical") return "1;31";
  if (severity == "high") return "31";
  if (severity == "medium") return "33";
  if (severity == "low") return "36";
  return "2";
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

int severity_rank(std::string_view severity) noexcept {
  for (std::size_t i = 0; i < std::size(kSeverities); ++i) {
    if (kSeverities[i] == severity) return static_cast<int>(i);
  }
  return static_cast<int>(std::size(kSeverities));
}

std::string render_text(const std::vector<eval::Finding>& findings, const TextOptions& options) {
  if (findings.empty()) return "no findings\n";
  // severity -> rule -> findings, rules in first-seen order within a severity.
  struct RuleGroup {
    std::string rule;
    std::string subject_kind;
    std::vector<const eval::Finding*> fired;
    std::vector<const eval::Finding*> undetermined;
  };
  std::map<int, std::vector<RuleGroup>> by_severity;
  for (const auto& f : findings) {
    auto& groups = by_severity[severity_rank(f.severity)];
    auto it = std::find_if(groups.begin(), groups.end(), [&](const RuleGroup& g) { return g.rule == f.rule; });
    if (it == groups.end()) {
      groups.push_back({f.rule, f.subject_kind, {}, {}});
      it = groups.end() - 1;
    }
    (f.outcome == eval::Outcome::fired ? it->fired : it->undetermined).push_back(&f);
  }
  std::string out;
  for (const auto& [rank, groups] : by_severity) {
    const std::string_view severity =
        rank < static_cast<int>(std::size(kSeverities)) ? kSeverities[rank] : std::string_view("unknown");
    std::size_t total = 0;
    for (const auto& g : groups) total += g.fired.size() + g.undetermined.size();
    out += fmt::format("{}  {} finding{}\n", paint(fmt::format("{:<8}", severity), severity_color(severity), options.color),
                       total, total == 1 ? "" : "s");
    for (const auto& g : groups) {
      std::string counts = fmt::format("{}", g.fired.size());
      if (!g.undetermined.empty()) counts += fmt::format(" (+{} undetermined)", g.undetermined.size());
      out += fmt::format("  {:<48} {:>8}  {}\n", g.rule, counts, g.subject_kind);
      std::size_t shown = 0;
      for (const auto* list : {&g.fired, &g.undetermined}) {
        for (const auto* f : *list) {
          if (shown++ >= options.examples_per_rule) break;
          const std::string marker = f->outcome == eval::Outcome::undetermined
                                         ? fmt::format(" [undetermined: missing {}]", core::join(f->missing, ", "))
                                         : std::string();
          out += fmt::format("    {} {}  {}{}\n", f->subject, f->date.empty() ? "-" : f->date, f->reason, marker);
        }
      }
      const std::size_t all = g.fired.size() + g.undetermined.size();
      if (all > options.examples_per_rule && options.examples_per_rule > 0) {
        out += fmt::format("    … and {} more\n", all - options.examples_per_rule);
      }
    }
  }
  return out;
}

namespace {

nlohmann::ordered_json evidence_object(const eval::Finding& f) {
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();
  for (const auto& [path, value] : f.evidence) evidence[path] = value;
  return evidence;
}

}  // namespace

std::string evidence_json(const eval::Finding& f) {
  return evidence_object(f).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string finding_json(const eval::Finding& f) {
  const nlohmann::ordered_json evidence = evidence_object(f);
  nlohmann::ordered_json j = {
      {"rule", f.rule},
      {"pattern", f.pattern},
      {"severity", f.severity},
      {"outcome", f.outcome == eval::Outcome::fired ? "fired" : "undetermined"},
      {"subject_kind", f.subject_kind},
      {"subject", f.subject},
      {"date", f.date},
      {"reason", f.reason},
      {"regimes", f.regimes},
      {"evidence", evidence},
      {"missing", f.missing},
      {"source", f.source},
  };
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string render_jsonl(const std::vector<eval::Finding>& findings) {
  std::string out;
  for (const auto& f : findings) {
    out += finding_json(f);
    out += '\n';
  }
  return out;
}

std::string render_csv(const std::vector<eval::Finding>& findings) {
  std::string out = "rule,pattern,severity,outcome,subject_kind,subject,date,reason,regimes,evidence,source\n";
  for (const auto& f : findings) {
    std::vector<std::string> evidence;
    for (const auto& [path, value] : f.evidence) evidence.push_back(path + "=" + value);
    const std::vector<std::string> fields = {
        f.rule,    f.pattern, f.severity, f.outcome == eval::Outcome::fired ? "fired" : "undetermined",
        f.subject_kind, f.subject, f.date, f.reason, core::join(f.regimes, "|"), core::join(evidence, "; "), f.source};
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i != 0) out += ',';
      out += csv_field(fields[i]);
    }
    out += '\n';
  }
  return out;
}

}  // namespace sanx::report
