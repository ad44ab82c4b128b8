// `sanx audit --rules DIR`: run a rule pack over the database and report the findings.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "sanx/app/audit.hpp"
#include "sanx/core/error.hpp"
#include "sanx/report/findings.hpp"
#include "sanx/store/database.hpp"

namespace sanx::cli {
namespace {

double rate(std::uint64_t subjects, double seconds) { return seconds > 0 ? static_cast<double>(subjects) / seconds : 0.0; }

/// The profile as a table, costliest rule first.
std::string profile_text(const eval::EvalProfile& p, double load_seconds) {
  std::string out = fmt::format(
      "profile: {} subjects in {:.3f} s on {} thread{} ({} subjects/s); setup {:.3f} s; window indexes {:.3f} s; data loaded in {:.3f} s\n",
      group_thousands(static_cast<std::int64_t>(p.subjects)), p.seconds, p.threads, p.threads == 1 ? "" : "s",
      group_thousands(static_cast<std::int64_t>(rate(p.subjects, p.seconds))), p.setup_seconds, p.index_seconds, load_seconds);
  std::vector<const eval::RuleCost*> rules;
  double total = 0;
  for (const auto& r : p.rules) {
    rules.push_back(&r);
    total += r.seconds + r.index_seconds;
  }
  std::stable_sort(rules.begin(), rules.end(), [](const auto* a, const auto* b) {
    return a->seconds + a->index_seconds > b->seconds + b->index_seconds;
  });
  std::size_t width = 4;
  for (const auto* r : rules) width = std::max(width, r->rule.size());
  out += fmt::format("{:<{}}  {:<8} {:>11} {:>11} {:>8} {:>8} {:>9} {:>9} {:>6}\n", "rule", width, "kind", "subjects",
                     "reached", "fired", "undet.", "index s", "eval s", "share");
  for (const auto* r : rules) {
    out += fmt::format("{:<{}}  {:<8} {:>11} {:>11} {:>8} {:>8} {:>9.3f} {:>9.3f} {:>5.1f}%\n", r->rule, width, r->subject_kind,
                       group_thousands(static_cast<std::int64_t>(r->subjects)), group_thousands(static_cast<std::int64_t>(r->reached)),
                       group_thousands(static_cast<std::int64_t>(r->fired)), group_thousands(static_cast<std::int64_t>(r->undetermined)),
                       r->index_seconds, r->seconds, total > 0 ? 100.0 * (r->seconds + r->index_seconds) / total : 0.0);
  }
  out += "eval s is summed over the threads; index s is spent before the rules with windows run\n";
  return out;
}

std::string profile_json(const eval::EvalProfile& p, double load_seconds) {
  nlohmann::ordered_json rules = nlohmann::ordered_json::array();
  for (const auto& r : p.rules) {
    rules.push_back({{"rule", r.rule},
                     {"subject_kind", r.subject_kind},
                     {"subjects", r.subjects},
                     {"reached", r.reached},
                     {"fired", r.fired},
                     {"undetermined", r.undetermined},
                     {"index_seconds", r.index_seconds},
                     {"seconds", r.seconds}});
  }
  const nlohmann::ordered_json j = {{"subjects", p.subjects},      {"seconds", p.seconds},
                                    {"setup_seconds", p.setup_seconds}, {"index_seconds", p.index_seconds}, {"threads", p.threads}, {"load_seconds", load_seconds},
                                    {"subjects_per_second", rate(p.subjects, p.seconds)}, {"minor_faults", p.minor_faults},
                                    {"rules", rules}};
  return j.dump() + "\n";
}

}  // namespace

int run_audit(const AuditArgs& args, const Terminal& term) {
  auto db = open_existing_database(args.database);
  Progress progress(term);
  app::AuditOptions options;
  options.rule_roots = args.rules;
  options.project_root = args.project_root;
  options.as_of = args.as_of;
  options.threads = args.threads;
  options.command = args.command;
  options.profile = args.profile;
  options.jsonl = args.format == AuditFormat::jsonl;
  options.progress = [&](std::string_view stage, std::size_t done, std::size_t total) {
    progress.update(stage, done, total);
  };
  auto out = app::run_audit(db, options);
  progress.finish();
  print_diagnostics(out.diagnostics, term);
  if (out.diagnostics.has_errors()) {
    std::fprintf(stderr, "the rules have errors; nothing was evaluated (run `sanx check` for details)\n");
    return kExitBadInput;
  }

  std::string body;
  switch (args.format) {
    case AuditFormat::text: {
      report::TextOptions text;
      text.color = args.out.empty() && term.stdout_color;
      body = report::render_text(out.findings, text);
      break;
    }
    case AuditFormat::jsonl: body = std::move(out.jsonl); break;
    case AuditFormat::csv: body = report::render_csv(out.findings); break;
  }
  const std::string typologies =
      out.typologies == 0 ? std::string()
                          : fmt::format(" and {} typolog{}", out.typologies, out.typologies == 1 ? "y" : "ies");
  const std::string headline = fmt::format(
      "audit of {} rules{} over {} payments, {} shipments, {} entities and {} relations as of {}: {} finding{} in "
      "{:.2f} s{}",
      out.rules, typologies, out.payments, out.shipments, out.entities, out.relations, args.as_of.to_string(), out.findings.size(),
      out.findings.size() == 1 ? "" : "s", out.seconds, out.run_id != 0 ? fmt::format(" (run {})", out.run_id) : "");
  if (!args.out.empty()) {
    std::ofstream file(args.out, std::ios::binary);
    file << body;
    if (!file) throw IoError(fmt::format("cannot write {}", args.out.generic_string()));
    std::printf("%s; written to %s\n", headline.c_str(), args.out.generic_string().c_str());
  } else if (args.format == AuditFormat::text) {
    std::printf("%s\n\n%s", headline.c_str(), body.c_str());
  } else {
    std::fputs(body.c_str(), stdout);
    std::fprintf(stderr, "%s\n", headline.c_str());
  }
  if (out.profile) {
    const std::string profile = args.format == AuditFormat::text ? profile_text(*out.profile, out.load_seconds)
                                                                 : profile_json(*out.profile, out.load_seconds);
    std::fputs(profile.c_str(), stderr);
  }
  return out.findings.empty() ? kExitOk : kExitFindings;
}

}  // namespace sanx::cli
