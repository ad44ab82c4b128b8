// `sanx stats`: what the database holds, per table and per imported dataset version.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "sanx/core/error.hpp"
#include "sanx/store/database.hpp"

namespace sanx::cli {

store::Database open_existing_database(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw IoError(fmt::format("database `{}` does not exist; run `sanx import DATASET --db {}` first",
                              path.generic_string(), path.generic_string()));
  }
  return store::Database::open(path);
}

int run_stats(const StatsArgs& args, const Terminal& term) {
  const auto db = open_existing_database(args.database);
  const auto stats = db.stats();

  if (args.format == Format::json) {
    nlohmann::json tables = nlohmann::json::object();
    for (const auto& t : stats.tables) tables[t.table] = t.rows;
    nlohmann::json versions = nlohmann::json::array();
    for (const auto& v : stats.versions) {
      versions.push_back({{"id", v.id}, {"dataset", v.dataset}, {"file", v.file}, {"kind", v.kind},
                          {"rows", v.rows}, {"sha256", v.sha256}, {"source", v.source}, {"as_of", v.as_of},
                          {"imported_at", v.imported_at}, {"current", v.current}});
    }
    nlohmann::json out = {{"database", args.database.generic_string()},
                          {"schema_version", stats.schema_version},
                          {"tables", tables},
                          {"dataset_versions", versions}};
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }

  std::printf("%s %s (schema %d)\n\n", bold("database", term.stdout_color).c_str(),
              args.database.generic_string().c_str(), stats.schema_version);
  std::printf("%s\n", bold(fmt::format("{:<20} {:>12}", "table", "rows"), term.stdout_color).c_str());
  for (const auto& t : stats.tables) {
    std::printf("%-20s %12s\n", t.table.c_str(), group_thousands(t.rows).c_str());
  }
  std::printf("\n%s\n", bold(fmt::format("{:<4} {:<12} {:<22} {:<13} {:>10}  {:<12} {:<10} {:<20} {}", "id", "dataset",
                                         "file", "kind", "rows", "sha256", "as of", "imported at", "status"),
                             term.stdout_color)
                            .c_str());
  if (stats.versions.empty()) std::printf("(no dataset imported yet)\n");
  for (const auto& v : stats.versions) {
    std::printf("%-4lld %-12s %-22s %-13s %10s  %-12s %-10s %-20s %s\n", static_cast<long long>(v.id),
                v.dataset.c_str(), v.file.c_str(), v.kind.c_str(), group_thousands(v.rows).c_str(),
                v.sha256.substr(0, 12).c_str(), v.as_of.empty() ? "-" : v.as_of.c_str(), v.imported_at.c_str(),
                v.current ? "current" : "replaced");
  }
  return kExitOk;
}

}  // namespace sanx::cli
