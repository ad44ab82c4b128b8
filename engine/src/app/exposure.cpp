// Every entity's ownership exposure at once, kept as a run.
#include "sanx/app/exposure.hpp"

#include <fmt/format.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "sanx/core/text.hpp"
#include "sanx/graph/timeline.hpp"
#include "sanx/store/load.hpp"
#include "sanx/store/runs.hpp"

namespace sanx::app {
namespace {

/// The catalog pattern and the severity a status is kept with: blocked and controlled (EU, UK) as
/// critical like the rule pack, the rest as reviews.
std::string_view pattern_of(graph::Regime r, graph::Status s) {
  if (s == graph::Status::near_threshold) return "near_threshold_ownership";
  if (r == graph::Regime::ofac && s == graph::Status::controlled) return "control_without_ownership";
  switch (r) {
    case graph::Regime::ofac: return "ofac_50pct_aggregate_blocked";
    case graph::Regime::eu: return "eu_owned_or_controlled";
    case graph::Regime::uk: return "uk_owned_or_controlled";
  }
  return "";
}

std::string_view severity_of(graph::Status s) {
  switch (s) {
    case graph::Status::listed:
    case graph::Status::blocked:
    case graph::Status::controlled: return "critical";
    case graph::Status::possibly_blocked:
    case graph::Status::near_threshold: return "high";
    case graph::Status::not_blocked: return "info";
  }
  return "info";
}

std::string reason_of(graph::Regime r, const ExposedEntity& e) {
  const std::string share = e.share_min == e.share_max
                                ? fmt::format("{}%", e.share_min.to_string())
                                : fmt::format("{}% to {}%", e.share_min.to_string(), e.share_max.to_string());
  return fmt::format("{} {} under {} (held by designated owners: {})", e.entity, graph::to_string(e.status),
                     graph::to_string(r), share);
}

store::FindingRecord to_record(graph::Regime r, const ExposedEntity& e, const core::Date& as_of) {
  store::FindingRecord f;
  f.rule = fmt::format("exposure.{}", core::to_lower_ascii(graph::to_string(r)));
  f.pattern = pattern_of(r, e.status);
  f.severity = severity_of(e.status);
  f.outcome = e.status == graph::Status::possibly_blocked ? "undetermined" : "fired";
  f.subject_kind = "entity";
  f.subject_id = e.entity;
  f.subject_date = as_of.to_string();
  f.reason = reason_of(r, e);
  f.regimes = graph::to_string(r);
  const nlohmann::ordered_json evidence = {{"status", graph::to_string(e.status)},
                                           {"share", {{"min", e.share_min.to_string()}, {"max", e.share_max.to_string()}}},
                                           {"paths", e.paths},
                                           {"notes", e.notes}};
  f.evidence_json = evidence.dump();
  return f;
}

}  // namespace

ExposureAllOutcome expose_all(store::Database& db, const ExposureAllOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const std::string started_at = store::utc_now();
  ExposureAllOutcome out;
  if (options.progress) options.progress("loading data", 0, 1);
  const model::Dataset data = store::load_dataset(db, {.transactions = false});
  out.entities = data.entities.size();
  out.relations = data.relations.size();

  graph::ExposureOptions exposure_options;
  exposure_options.as_of = options.as_of;
  exposure_options.near_from = options.near_from;
  for (std::size_t k = 0; k < options.regimes.size(); ++k) {
    const auto regime_started = std::chrono::steady_clock::now();
    const graph::Regime regime = options.regimes[k];
    if (options.progress) options.progress(fmt::format("computing {}", graph::to_string(regime)), k, options.regimes.size());
    const graph::OwnershipAnalysis analysis(data, regime, exposure_options);
    RegimeExposure result;
    result.regime = regime;
    for (std::uint32_t i = 0; i < data.entities.size(); ++i) {
      const model::EntityIx e{i};
      const graph::Status status = analysis.status(e);
      ++result.counts[static_cast<std::size_t>(status)];
      if (status == graph::Status::not_blocked) continue;
      // Listed entities need no proof beyond their listing; the others carry theirs.
      const graph::Exposure x = status == graph::Status::listed ? graph::Exposure{} : analysis.exposure(e);
      ExposedEntity entity{data.entities[i].id, status, {}, {}, {}, x.notes};
      std::tie(entity.share_min, entity.share_max) = analysis.share(e);
      for (const auto& p : x.paths) entity.paths.push_back(graph::format_path(data, p));
      result.entities.push_back(std::move(entity));
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - regime_started).count();
    out.regimes.push_back(std::move(result));
  }

  if (options.save) {
    if (options.progress) options.progress("saving", 0, 1);
    nlohmann::ordered_json by_regime = nlohmann::ordered_json::object();
    std::vector<store::FindingRecord> records;
    for (const auto& r : out.regimes) {
      nlohmann::ordered_json counts = nlohmann::ordered_json::object();
      for (std::size_t s = 0; s < r.counts.size(); ++s) {
        counts[std::string(graph::to_string(static_cast<graph::Status>(s)))] = r.counts[s];
      }
      by_regime[std::string(graph::to_string(r.regime))] = counts;
      for (const auto& e : r.entities) records.push_back(to_record(r.regime, e, options.as_of));
    }
    store::RunRecord run;
    run.command = options.command;
    run.as_of = options.as_of.to_string();
    run.started_at = started_at;
    run.finished_at = store::utc_now();
    run.status = "completed";
    run.summary_json = nlohmann::ordered_json{{"kind", "exposure"},
                                              {"entities", out.entities},
                                              {"relations", out.relations},
                                              {"by_regime", by_regime}}
                           .dump();
    out.run_id = store::save_run(db, run, records);
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace sanx::app
