// `sanx import PATH`: load a dataset folder into the database as one transaction; `sanx import --format
// NAME FILE…`: official list files as dated snapshots.
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
    nlohmann::json file = {{"file", f.file}, {"kind", f.kind}, {"status", app::to_string(f.status)},
                           {"rows", f.rows}, {"sha256", f.sha256}};
    if (f.kind == "list") {
      file["format"] = f.format;
      file["source"] = f.source;
      file["as_of"] = f.as_of;
      file["snapshot"] = f.snapshot;
      file["added"] = f.added;
      file["removed"] = f.removed;
      file["changed"] = f.changed;
    }
    files.push_back(std::move(file));
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

/// `un-sc as of 2026-02-27: 1,003 entries (+12 −3 ~7)`
std::string list_summary(const app::FileOutcome& f) {
  std::string out = fmt::format("{} as of {}", f.source, f.as_of.empty() ? "?" : f.as_of);
  if (f.status == app::FileStatus::imported || f.status == app::FileStatus::replaced) {
    out += fmt::format(": +{} added, -{} removed, ~{} changed", f.added, f.removed, f.changed);
  }
  return out;
}

void print_list_text(const app::ImportOutcome& out, const Terminal& term) {
  if (out.files.empty()) return;
  if (out.unchanged()) {
    std::printf("unchanged: every file matches an imported snapshot (same SHA-256); nothing written\n");
  }
  std::int64_t rows = 0;
  for (const auto& f : out.files) {
    if (f.status == app::FileStatus::imported || f.status == app::FileStatus::replaced) rows += f.rows;
    std::string count = f.status == app::FileStatus::not_run ? std::string("-") : group_thousands(f.rows);
    std::printf("  %-28s %-13s %10s entries  %-11s %s\n", f.file.c_str(), f.format.empty() ? "?" : f.format.c_str(),
                count.c_str(), std::string(app::to_string(f.status)).c_str(), list_summary(f).c_str());
  }
  if (out.committed) {
    std::printf("%s entries written in %.2f s\n", group_thousands(rows).c_str(), out.seconds);
  } else if (out.diagnostics.has_errors()) {
    std::printf("%s; the database is unchanged\n",
                bold(fmt::format("import failed with {} error{}", out.diagnostics.error_count(),
                                 out.diagnostics.error_count() == 1 ? "" : "s"),
                     term.stdout_color)
                    .c_str());
  }
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
    std::printf("  %-24s %-13s %12s rows  %s%s\n", f.file.c_str(), f.kind.c_str(), count.c_str(),
                std::string(app::to_string(f.status)).c_str(),
                f.kind == "list" ? fmt::format("  {}", list_summary(f)).c_str() : "");
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
  const bool lists = !args.list_format.empty();
  app::ImportOutcome out;
  if (lists) {
    app::ListImportRequest request;
    request.files = args.paths;
    request.format = args.list_format;
    request.as_of = args.as_of;
    request.source = args.source;
    out = app::import_lists(request, db, options);
  } else {
    out = app::import_dataset(args.paths.front(), db, options);
  }
  progress.finish();
  if (args.format == Format::json) {
    auto json = outcome_json(out);
    if (lists) {
      json.erase("dataset");
      json.erase("manifest");
    }
    std::printf("%s\n", json.dump(2).c_str());
  } else {
    print_diagnostics(out.diagnostics, term);
    if (lists) {
      print_list_text(out, term);
    } else {
      print_text(out, term);
    }
  }
  return out.diagnostics.has_errors() ? kExitBadInput : kExitOk;
}

}  // namespace sanx::cli
