// `sanx import PATH`: load a dataset folder into the database as one transaction.
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "sanx/app/import.hpp"
#include "sanx/store/database.hpp"

namespace sanx::cli {
namespace {

nlohmann::json outcome_json(const app::ImportOutcome& out) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : out.files) {
    files.push_back({{"file", f.file}, {"kind", f.kind}, {"status", app::to_string(f.status)}, {"rows", f.rows},
                     {"sha256", f.sha256}});
  }
  const char* status = out.diagnostics.has_errors() ? "failed" : out.committed ? "imported" : "unchanged";
  return {{"dataset", out.dataset},
          {"manifest", out.manifest.generic_string()},
          {"status", status},
          {"committed", out.committed},
          {"seconds", out.seconds},
          {"files", files},
          {"diagnostics", nlohmann::json::parse(diagnostics_json(out.diagnostics))}};
}

void print_text(const app::ImportOutcome& out, const Terminal& term) {
  if (out.dataset.empty()) return;  // the manifest itself was unreadable: the diagnostics say why
  if (out.unchanged()) {
    std::printf("dataset `%s` unchanged: all %zu files match their imported versions (same SHA-256); nothing written\n",
                out.dataset.c_str(), out.files.size());
    return;
  }
  std::printf("%s dataset `%s` from %s\n", out.committed ? "imported" : "did not import", out.dataset.c_str(),
              out.manifest.generic_string().c_str());
  std::int64_t rows = 0;
  for (const auto& f : out.files) {
    if (f.status == app::FileStatus::imported || f.status == app::FileStatus::replaced) rows += f.rows;
    std::string count = f.status == app::FileStatus::not_run ? std::string("-") : group_thousands(f.rows);
    std::printf("  %-24s %-13s %12s rows  %s\n", f.file.c_str(), f.kind.c_str(), count.c_str(),
                std::string(app::to_string(f.status)).c_str());
  }
  if (out.committed) {
    std::printf("%s rows written in %.2f s\n", group_thousands(rows).c_str(), out.seconds);
  } else {
    std::printf("%s; the database is unchanged\n",
                bold(fmt::format("import failed with {} error{}", out.diagnostics.error_count(),
                                 out.diagnostics.error_count() == 1 ? "" : "s"),
                     term.stdout_color)
                    .c_str());
  }
}

}  // namespace

int run_import(const ImportArgs& args, const Terminal& term) {
  auto db = store::Database::open(args.database);
  Progress progress(term);
  app::ImportOptions options;
  if (args.format == Format::text) {
    options.progress = [&](std::string_view file, std::uint64_t done, std::uint64_t total) {
      progress.update(file, done, total);
    };
  }
  const auto out = app::import_dataset(args.path, db, options);
  progress.finish();
  if (args.format == Format::json) {
    std::printf("%s\n", outcome_json(out).dump(2).c_str());
  } else {
    print_diagnostics(out.diagnostics, term);
    print_text(out, term);
  }
  return out.diagnostics.has_errors() ? kExitBadInput : kExitOk;
}

}  // namespace sanx::cli
