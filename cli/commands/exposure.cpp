// `sanx exposure ENTITY_ID`: whether OFAC, the EU or the UK treat an entity as blocked through who owns or
// controls it, as of a date, with the share that decides and the relation paths that prove it.
#include <fmt/format.h>

#include <cctype>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "sanx/app/exposure.hpp"
#include "sanx/graph/timeline.hpp"
#include "sanx/core/text.hpp"
#include "sanx/graph/ownership.hpp"
#include "sanx/graph/relation_check.hpp"
#include "sanx/store/load.hpp"

namespace sanx::cli {

namespace {

/// "x (X Corp)", or the id alone when the entity has no name.
std::string label(const model::Dataset& data, model::EntityIx e) {
  const model::Entity& entity = data.entities[e.value];
  const std::string& name = entity.primary_name();
  return name.empty() ? entity.id : fmt::format("{} ({})", entity.id, name);
}

/// The designations of `e` under `regime` in force on `day`: "SDN RUSSIA-EO14024; …".
std::string designation_text(const model::Dataset& data, model::EntityIx e, graph::Regime regime, const core::Date& day) {
  std::string out;
  if (e.value >= data.designations_of.size()) return out;
  for (const std::uint32_t d_ix : data.designations_of[e.value]) {
    const model::Designation& d = data.designations[d_ix];
    if (!core::equals_ignore_case(d.regime, graph::to_string(regime)) || !d.in_force_on(day)) continue;
    if (!out.empty()) out += "; ";
    out += d.list;
    for (const std::string& p : d.programs) out += " " + p;
  }
  return out;
}

/// `text` names the id as a whole word, not as the prefix of a longer id.
bool names_id(std::string_view text, std::string_view id) {
  auto id_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '-' || c == '_' || c == '.'; };
  for (std::size_t at = text.find(id); at != std::string_view::npos; at = text.find(id, at + 1)) {
    const bool start = at == 0 || !id_char(text[at - 1]);
    const std::size_t end = at + id.size();
    // A full stop right after the id ends a sentence rather than continuing the id.
    const bool stop = end == text.size() || !id_char(text[end]) || (text[end] == '.' && end + 1 == text.size());
    if (start && stop) return true;
  }
  return false;
}

bool exposed(graph::Status s) {
  return s == graph::Status::listed || s == graph::Status::blocked || s == graph::Status::possibly_blocked ||
         s == graph::Status::controlled;
}

}  // namespace

int run_exposure_all(const ExposureArgs& args, const Terminal& term) {
  auto db = open_existing_database(args.database);
  Progress progress(term);
  app::ExposureAllOptions options;
  options.regimes = args.regimes;
  options.as_of = args.as_of;
  options.near_from = args.near_from;
  options.command = args.command;
  options.progress = [&](std::string_view stage, std::size_t done, std::size_t total) {
    progress.update(stage, done, total);
  };
  const app::ExposureAllOutcome out = app::expose_all(db, options);
  progress.finish();

  bool any = false;
  for (const auto& r : out.regimes) {
    for (const auto& e : r.entities) any = any || (exposed(e.status) && e.status != graph::Status::listed);
  }
  if (args.format == Format::json) {
    nlohmann::ordered_json regimes = nlohmann::ordered_json::array();
    for (const auto& r : out.regimes) {
      nlohmann::ordered_json counts = nlohmann::ordered_json::object();
      for (std::size_t s = 0; s < r.counts.size(); ++s) {
        counts[std::string(graph::to_string(static_cast<graph::Status>(s)))] = r.counts[s];
      }
      nlohmann::ordered_json entities = nlohmann::ordered_json::array();
      for (const auto& e : r.entities) {
        entities.push_back({{"entity", e.entity},
                            {"status", graph::to_string(e.status)},
                            {"share", {{"min", e.share_min.to_string()}, {"max", e.share_max.to_string()}}},
                            {"paths", e.paths},
                            {"notes", e.notes}});
      }
      regimes.push_back({{"regime", graph::to_string(r.regime)}, {"counts", counts}, {"entities", entities}});
    }
    const nlohmann::ordered_json json = {{"as_of", args.as_of.to_string()},
                                         {"run", out.run_id},
                                         {"entities", out.entities},
                                         {"relations", out.relations},
                                         {"results", regimes}};
    std::printf("%s\n", json.dump(2).c_str());
    return any ? kExitFindings : kExitOk;
  }

  std::printf("exposure of %zu entities over %zu relations as of %s in %.2f s (run %lld)\n", out.entities, out.relations,
              args.as_of.to_string().c_str(), out.seconds, static_cast<long long>(out.run_id));
  for (const auto& r : out.regimes) {
    std::printf("\n%s", bold(fmt::format("{:<4}", graph::to_string(r.regime)), term.stdout_color).c_str());
    for (std::size_t s = 0; s < r.counts.size(); ++s) {
      std::printf("  %s %zu", std::string(graph::to_string(static_cast<graph::Status>(s))).c_str(), r.counts[s]);
    }
    std::printf("\n");
    for (const graph::Status status : {graph::Status::blocked, graph::Status::controlled, graph::Status::possibly_blocked,
                                       graph::Status::near_threshold}) {
      std::size_t shown = 0;
      const std::size_t total = r.counts[static_cast<std::size_t>(status)];
      for (const auto& e : r.entities) {
        if (e.status != status) continue;
        if (shown++ == args.limit) break;
        const std::string share = e.share_min == e.share_max
                                      ? fmt::format("{}%", e.share_min.to_string())
                                      : fmt::format("{}% to {}%", e.share_min.to_string(), e.share_max.to_string());
        std::printf("  %-16s %-11s %s  %s\n", std::string(graph::to_string(status)).c_str(), share.c_str(),
                    e.entity.c_str(), e.paths.empty() ? "" : e.paths.front().c_str());
      }
      if (total > args.limit) std::printf("  %-16s … and %zu more\n", "", total - args.limit);
    }
  }
  return any ? kExitFindings : kExitOk;
}

int run_exposure(const ExposureArgs& args, const Terminal& term) {
  if (args.all) return run_exposure_all(args, term);
  const auto db = open_existing_database(args.database);
  const model::Dataset data = store::load_dataset(db, {.transactions = false});
  const model::EntityIx entity = data.find_entity(args.entity);
  if (!entity.valid()) {
    std::fprintf(stderr, "error: no entity `%s` in %s; `sanx stats` shows what is imported\n", args.entity.c_str(),
                 args.database.generic_string().c_str());
    return kExitBadInput;
  }
  graph::ExposureOptions options;
  options.as_of = args.as_of;
  options.near_from = args.near_from;

  std::vector<graph::Exposure> results;
  for (const graph::Regime regime : args.regimes) results.push_back(graph::OwnershipAnalysis(data, regime, options).exposure(entity));
  // Data problems in the entity's own relations (shares over 100% together, bad dates): the analysis
  // went on regardless, and the reviewer should know what it had to tolerate.
  for (const auto& d : graph::check_relations(data)) {
    if (!names_id(d.message, args.entity)) continue;
    for (auto& r : results) r.notes.push_back(fmt::format("data: {} ({})", d.message, d.code));
  }
  bool any = false;
  for (const auto& r : results) any = any || exposed(r.status);

  if (args.format == Format::json) {
    nlohmann::json out_results = nlohmann::json::array();
    for (const auto& r : results) {
      nlohmann::json paths = nlohmann::json::array();
      for (const auto& path : r.paths) {
        nlohmann::json steps = nlohmann::json::array();
        for (std::size_t i = 0; i < path.size(); ++i) {
          const graph::Step& s = path[i];
          nlohmann::json step = {{"from", data.entities[s.from.value].id},
                                 {"to", data.entities[s.to.value].id},
                                 {"kind", model::to_string(s.kind)},
                                 {"share", s.share ? nlohmann::json(s.share->to_string()) : nlohmann::json(nullptr)}};
          if (!s.basis.empty()) step["basis"] = s.basis;
          step["designation"] = i == 0 ? nlohmann::json(designation_text(data, s.from, r.regime, args.as_of))
                                       : nlohmann::json(nullptr);
          steps.push_back(std::move(step));
        }
        paths.push_back(std::move(steps));
      }
      out_results.push_back({{"regime", graph::to_string(r.regime)},
                             {"status", graph::to_string(r.status)},
                             {"share", {{"min", r.share_min.to_string()}, {"max", r.share_max.to_string()}}},
                             {"paths", paths},
                             {"notes", r.notes}});
    }
    const nlohmann::json out = {{"entity", args.entity}, {"as_of", args.as_of.to_string()}, {"results", out_results}};
    std::printf("%s\n", out.dump(2).c_str());
    return any ? kExitFindings : kExitOk;
  }

  std::printf("%s as of %s\n", bold(label(data, entity), term.stdout_color).c_str(), args.as_of.to_string().c_str());
  for (const auto& r : results) {
    const std::string share = r.share_min == r.share_max
                                  ? fmt::format("{}%", r.share_min.to_string())
                                  : fmt::format("{}% to {}%", r.share_min.to_string(), r.share_max.to_string());
    std::printf("\n%s  %s  held by designated owners: %s\n", bold(fmt::format("{:<4}", graph::to_string(r.regime)), term.stdout_color).c_str(),
                std::string(graph::to_string(r.status)).c_str(), share.c_str());
    if (r.status == graph::Status::listed) {
      std::printf("  designated: %s\n", designation_text(data, entity, r.regime, args.as_of).c_str());
    }
    for (const auto& path : r.paths) {
      std::printf("  %s [%s]\n", label(data, path.front().from).c_str(),
                  designation_text(data, path.front().from, r.regime, args.as_of).c_str());
      std::string indent = "  ";
      for (const graph::Step& s : path) {
        const std::string how = s.kind == model::RelationKind::control
                                    ? (s.basis.empty() ? std::string("controls") : "controls (" + s.basis + ")")
                                    : (s.share ? "owns " + s.share->to_string() + "%" : std::string("owns ?%"));
        std::printf("%s└─ %s → %s\n", indent.c_str(), how.c_str(), label(data, s.to).c_str());
        indent += "   ";
      }
    }
    for (const auto& note : r.notes) std::printf("  note: %s\n", note.c_str());
  }
  return any ? kExitFindings : kExitOk;
}

}  // namespace sanx::cli
