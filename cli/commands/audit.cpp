// `sanx audit --rules DIR`: run a rule pack over the database and report the findings.
#include <fmt/format.h>

#include <cstdio>
#include <fstream>

#include "commands/commands.hpp"
#include "sanx/app/audit.hpp"
#include "sanx/core/error.hpp"
#include "sanx/report/findings.hpp"
#include "sanx/store/database.hpp"

namespace sanx::cli {

int run_audit(const AuditArgs& args, const Terminal& term) {
  auto db = open_existing_database(args.database);
  Progress progress(term);
  app::AuditOptions options;
  options.rule_roots = args.rules;
  options.project_root = args.project_root;
  options.as_of = args.as_of;
  options.threads = args.threads;
  options.command = args.command;
  options.progress = [&](std::string_view stage, std::size_t done, std::size_t total) {
    progress.update(stage, done, total);
  };
  const auto out = app::run_audit(db, options);
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
    case AuditFormat::jsonl: body = report::render_jsonl(out.findings); break;
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
  return out.findings.empty() ? kExitOk : kExitFindings;
}

}  // namespace sanx::cli
