// `sanx lists`: the official lists in the database, snapshot by snapshot; `sanx lists diff SOURCE`: what
// changed between two snapshots of one list.
#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "sanx/core/text.hpp"
#include "sanx/store/list_snapshots.hpp"

namespace sanx::cli {
namespace {

nlohmann::json snapshot_json(const store::SnapshotInfo& s) {
  return {{"id", s.id},           {"source", s.source},   {"format", s.format},   {"as_of", s.as_of},
          {"imported_at", s.imported_at}, {"files", s.files}, {"sha256", s.sha256}, {"entries", s.entries},
          {"added", s.added},     {"removed", s.removed}, {"changed", s.changed}};
}

/// The snapshot `which` names among `snapshots` (oldest first): its id, or its as-of date (the latest
/// import of that date). nullptr when none matches.
const store::SnapshotInfo* find_snapshot(const std::vector<store::SnapshotInfo>& snapshots, const std::string& which) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(which.data(), which.data() + which.size(), id);
  const bool numeric = ec == std::errc() && end == which.data() + which.size();
  const store::SnapshotInfo* found = nullptr;
  for (const auto& s : snapshots) {
    if ((numeric && s.id == id) || (!numeric && s.as_of == which)) found = &s;
  }
  return found;
}

int bad_input(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return kExitBadInput;
}

int run_overview(const store::Database& db, const ListsArgs& args, const Terminal& term) {
  const auto snapshots = store::list_snapshots(db);
  if (args.format == Format::json) {
    // One object per source, its snapshots oldest first.
    std::map<std::string, nlohmann::json> by_source;
    for (const auto& s : snapshots) by_source[s.source].push_back(snapshot_json(s));
    nlohmann::json sources = nlohmann::json::array();
    for (auto& [source, list] : by_source) {
      sources.push_back({{"source", source}, {"format", list.back()["format"]}, {"as_of", list.back()["as_of"]},
                         {"entries", list.back()["entries"]}, {"snapshots", list}});
    }
    std::printf("%s\n", nlohmann::json{{"database", args.database.generic_string()}, {"sources", sources}}.dump(2).c_str());
    return kExitOk;
  }
  if (snapshots.empty()) {
    std::printf("no list imported yet; import one with `sanx import --format NAME FILE`\n");
    return kExitOk;
  }
  std::printf("%s\n", bold(fmt::format("{:<12} {:>4}  {:<14} {:<10} {:<20} {:>8} {:>7} {:>7} {:>7}", "source", "id",
                                       "format", "as of", "imported at", "entries", "added", "removed", "changed"),
                           term.stdout_color)
                          .c_str());
  for (const auto& s : snapshots) {
    std::printf("%-12s %4lld  %-14s %-10s %-20s %8s %7s %7s %7s\n", s.source.c_str(), static_cast<long long>(s.id),
                s.format.c_str(), s.as_of.c_str(), s.imported_at.c_str(), group_thousands(s.entries).c_str(),
                group_thousands(s.added).c_str(), group_thousands(s.removed).c_str(),
                group_thousands(s.changed).c_str());
  }
  return kExitOk;
}

int run_diff(const store::Database& db, const ListsArgs& args, const Terminal& term) {
  const auto snapshots = store::snapshots_of(db, args.source);
  if (snapshots.empty()) {
    std::string known;
    for (const auto& s : store::list_snapshots(db)) {
      if (known.find(s.source) == std::string::npos) known += (known.empty() ? "" : ", ") + s.source;
    }
    return bad_input(fmt::format("no snapshot of list `{}` in the database (lists: {})", args.source,
                                 known.empty() ? "none" : known));
  }
  const store::SnapshotInfo* to = args.to.empty() ? &snapshots.back() : find_snapshot(snapshots, args.to);
  if (to == nullptr) return bad_input(fmt::format("`{}` names no snapshot of `{}` (give its id or as-of date)", args.to, args.source));
  const store::SnapshotInfo* from = nullptr;
  if (args.from.empty()) {
    for (const auto& s : snapshots) {
      if (&s == to) break;
      from = &s;
    }
    if (from == nullptr) return bad_input(fmt::format("`{}` has no snapshot before {}; nothing to compare", args.source, to->as_of));
  } else {
    from = find_snapshot(snapshots, args.from);
    if (from == nullptr) return bad_input(fmt::format("`{}` names no snapshot of `{}` (give its id or as-of date)", args.from, args.source));
  }
  const auto diff = store::diff_snapshots(db, from->id, to->id);

  if (args.format == Format::json) {
    nlohmann::json changes = nlohmann::json::array();
    for (const auto& c : diff.changes) {
      nlohmann::json item = {{"change", store::to_string(c.kind)}, {"id", c.entity_id}, {"name", c.name}};
      if (c.kind == store::EntryChangeKind::changed) {
        item["fields"] = c.fields;
        if (!c.previous_name.empty()) item["previous_name"] = c.previous_name;
      }
      changes.push_back(std::move(item));
    }
    std::size_t counts[3] = {0, 0, 0};
    for (const auto& c : diff.changes) ++counts[static_cast<int>(c.kind)];
    nlohmann::json out = {{"source", args.source},
                          {"from", snapshot_json(diff.from)},
                          {"to", snapshot_json(diff.to)},
                          {"added", counts[0]},
                          {"removed", counts[1]},
                          {"changed", counts[2]},
                          {"changes", changes}};
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  std::printf("%s\n", bold(fmt::format("{}: snapshot {} (as of {}) -> snapshot {} (as of {})", args.source,
                                       diff.from.id, diff.from.as_of, diff.to.id, diff.to.as_of),
                           term.stdout_color)
                          .c_str());
  if (diff.changes.empty()) std::printf("no entry added, removed or changed\n");
  for (const auto& c : diff.changes) {
    const char sign = c.kind == store::EntryChangeKind::added ? '+' : c.kind == store::EntryChangeKind::removed ? '-' : '~';
    std::string detail;
    if (c.kind == store::EntryChangeKind::changed) {
      detail = "  (" + core::join(c.fields, ", ") + ")";
      if (!c.previous_name.empty()) detail += fmt::format("  was `{}`", c.previous_name);
    }
    std::printf("%c %-16s %s%s\n", sign, c.entity_id.c_str(), c.name.c_str(), detail.c_str());
  }
  return kExitOk;
}

}  // namespace

int run_lists(const ListsArgs& args, const Terminal& term) {
  const auto db = open_existing_database(args.database);
  return args.diff ? run_diff(db, args, term) : run_overview(db, args, term);
}

}  // namespace sanx::cli
