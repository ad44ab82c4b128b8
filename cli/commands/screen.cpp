// `sanx screen NAME` and `sanx screen --input FILE.csv`: which listed parties a name could be, with an
// explained score, one name at a time or a batch on every core.
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "commands/commands.hpp"
#include "sanx/app/screen.hpp"
#include "sanx/core/error.hpp"

namespace sanx::cli {
namespace {

double rounded(double score) { return std::round(score * 1000.0) / 1000.0; }

nlohmann::ordered_json hit_json(const app::ScreenedHit& h) {
  nlohmann::ordered_json features = nlohmann::ordered_json::array();
  for (const auto& f : h.features) features.push_back({{"name", f.name}, {"score", rounded(f.score)}, {"detail", f.detail}});
  nlohmann::ordered_json designations = nlohmann::ordered_json::array();
  for (const auto& d : h.designations) {
    designations.push_back({{"regime", d.regime},
                            {"list", d.list},
                            {"programs", d.programs},
                            {"listed_from", d.listed_from ? nlohmann::ordered_json(d.listed_from->to_string()) : nullptr},
                            {"listed_to", d.listed_to ? nlohmann::ordered_json(d.listed_to->to_string()) : nullptr}});
  }
  return {{"id", h.entity},       {"name", h.name},         {"kind", h.kind},
          {"matched_name", h.matched_name}, {"score", rounded(h.score)}, {"features", features},
          {"designations", designations}};
}

nlohmann::ordered_json query_json(const match::Query& q) {
  nlohmann::ordered_json ids = nlohmann::ordered_json::array();
  for (const auto& i : q.identifiers) ids.push_back(i.scheme + ":" + i.value);
  return {{"name", q.name},
          {"kind", match::to_string(q.kind)},
          {"country", q.country.empty() ? nullptr : nlohmann::ordered_json(q.country)},
          {"dob", q.birth_date ? nlohmann::ordered_json(q.birth_date->to_string()) : nullptr},
          {"identifiers", ids}};
}

std::string designation_line(const model::Designation& d) {
  std::string s = fmt::format("{} {}", d.regime, d.list);
  for (const auto& p : d.programs) s += " " + p;
  if (d.listed_from) s += " since " + d.listed_from->to_string();
  return s;
}

int run_batch(const ScreenArgs& args, const app::ScreeningSession& session, const app::ScreenFilter& filter,
              const Terminal& term) {
  Progress progress(term);
  const app::BatchOutcome out = session.screen_file(
      args.input, filter, args.threads, [&](std::size_t done, std::size_t total) { progress.update("screening", done, total); });
  progress.finish();
  print_diagnostics(out.diagnostics, term);

  std::ofstream file;
  if (!args.out.empty()) {
    file.open(args.out, std::ios::binary);
    if (!file) throw IoError(fmt::format("cannot write {}", args.out.generic_string()));
  }
  std::size_t with_hits = 0;
  std::size_t bad = 0;
  std::string line;
  for (const auto& row : out.rows) {
    nlohmann::ordered_json j = {{"id", row.id}, {"line", row.line}};
    if (row.error) {
      ++bad;
      j["error"] = {{"code", row.error->code}, {"message", row.error->message}, {"column", row.error->where.column}};
    } else {
      j["query"] = row.name;
      nlohmann::ordered_json hits = nlohmann::ordered_json::array();
      for (const auto& h : row.hits) hits.push_back(hit_json(h));
      if (!row.hits.empty()) ++with_hits;
      j["hits"] = std::move(hits);
    }
    line = j.dump();
    line += '\n';
    if (file.is_open()) {
      file << line;
    } else {
      std::fwrite(line.data(), 1, line.size(), stdout);
    }
  }
  std::fprintf(stderr, "screened %zu of %zu rows in %.2f s (index of %zu names built in %.2f s): %zu with hits, %zu bad\n",
               out.screened, out.rows.size(), out.seconds, session.screener().indexed_names(), session.index_seconds(),
               with_hits, bad);
  if (out.diagnostics.has_errors()) return kExitBadInput;
  return with_hits > 0 ? kExitFindings : kExitOk;
}

}  // namespace

int run_screen(const ScreenArgs& args, const Terminal& term) {
  auto db = open_existing_database(args.database);
  const app::ScreeningSession session(db);
  app::ScreenFilter filter;
  filter.regime = args.regime;
  filter.as_of = args.as_of;
  filter.options.threshold = args.threshold;
  filter.options.limit = args.limit;
  if (!args.input.empty()) return run_batch(args, session, filter, term);

  const app::ScreenAnswer answer = session.screen(args.query, filter);
  if (answer.error) {
    std::fprintf(stderr, "error: %s\n", answer.error->c_str());
    return kExitBadInput;
  }
  if (args.format == "json") {
    nlohmann::ordered_json hits = nlohmann::ordered_json::array();
    for (const auto& h : answer.hits) hits.push_back(hit_json(h));
    const nlohmann::ordered_json out = {{"query", query_json(args.query)},
                                        {"threshold", args.threshold},
                                        {"regime", args.regime ? nlohmann::ordered_json(*args.regime) : nullptr},
                                        {"as_of", args.as_of.to_string()},
                                        {"hits", hits}};
    std::printf("%s\n", out.dump(2).c_str());
    return answer.hits.empty() ? kExitOk : kExitFindings;
  }
  std::printf("%s: %zu hit%s at or above %.2f, designated %son %s\n", bold(args.query.name, term.stdout_color).c_str(),
              answer.hits.size(), answer.hits.size() == 1 ? "" : "s", args.threshold,
              args.regime ? (*args.regime + " ").c_str() : "", args.as_of.to_string().c_str());
  for (const auto& h : answer.hits) {
    std::printf("\n  %.3f  %s  %s (%s)\n", h.score, bold(h.entity, term.stdout_color).c_str(), h.name.c_str(), h.kind.c_str());
    if (h.matched_name != h.name) std::printf("         matched: %s\n", h.matched_name.c_str());
    for (const auto& d : h.designations) std::printf("         %s\n", designation_line(d).c_str());
    for (const auto& f : h.features) std::printf("         %-12s %+.3f  %s\n", f.name.c_str(), f.score, f.detail.c_str());
  }
  return answer.hits.empty() ? kExitOk : kExitFindings;
}

}  // namespace sanx::cli
