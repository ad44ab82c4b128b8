// `sanx check PATH...`: parse and check rule packs, report every problem.
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "sanx/app/audit.hpp"

namespace sanx::cli {

int run_check(const CheckArgs& args, const Terminal& term) {
  const auto out = app::check_rules(args.paths, args.project_root);
  const auto& d = out.diagnostics;
  if (args.format == Format::json) {
    nlohmann::json j = {{"files", out.files},
                        {"rules", out.rules},
                        {"typologies", out.typologies},
                        {"errors", d.error_count()},
                        {"warnings", d.warning_count()},
                        {"digest", out.digest},
                        {"diagnostics", nlohmann::json::parse(diagnostics_json(d))}};
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    print_diagnostics(d, term);
    const std::string verdict = d.has_errors() ? bold("failed", term.stdout_color) : std::string("ok");
    const std::string typologies =
        out.typologies == 0 ? std::string()
                            : fmt::format(", {} typolog{}", out.typologies, out.typologies == 1 ? "y" : "ies");
    std::printf("checked %zu file%s, %zu rule%s%s: %s\n", out.files, out.files == 1 ? "" : "s", out.rules,
                out.rules == 1 ? "" : "s", typologies.c_str(), verdict.c_str());
  }
  return d.has_errors() ? kExitBadInput : kExitOk;
}

}  // namespace sanx::cli
