// Checking rule packs and running audits over the store.
#include "sanx/app/audit.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "sanx/check/check.hpp"
#include "sanx/core/text.hpp"
#include "sanx/compile/rule_set.hpp"
#include "sanx/dsl/parse.hpp"
#include "sanx/eval/evaluator.hpp"
#include "sanx/report/findings.hpp"
#include "sanx/store/load.hpp"
#include "sanx/store/runs.hpp"

namespace sanx::app {
namespace {

std::size_t count_rules(const dsl::Pack& pack) {
  std::size_t n = 0;
  for (const auto& f : pack.files) n += f.rules.size();
  return n;
}

/// Fills `r` with `f`, flattened for storage. `r` is reused from finding to finding, so its strings keep
/// their room and saving a run allocates almost nothing per finding. With `jsonl`, also appends f's JSON
/// line to it and copies the evidence from there. `header` is the rule whose texts `r` holds: findings come
/// rule by rule, so those are copied (and the regimes joined) once per rule. All findings live until the
/// run is saved, so no other header takes the address of one seen before.
void fill_record(const eval::Finding& f, report::FindingJson& json, store::FindingRecord& r,
                 const eval::FindingRule*& header, std::string* jsonl) {
  if (&f.header() != header) {
    header = &f.header();
    r.rule = f.rule();
    r.pattern = f.pattern();
    r.severity = f.severity();
    r.subject_kind = f.subject_kind();
    r.regimes = core::join(f.regimes(), "|");
  }
  r.outcome = f.outcome == eval::Outcome::fired ? "fired" : "undetermined";
  r.subject_id = f.subject();
  r.subject_date = f.date();
  r.reason = f.reason();
  if (jsonl != nullptr) {
    const report::FindingJson::Span evidence = json.append_finding(*jsonl, f);
    *jsonl += '\n';
    r.evidence_json.assign(*jsonl, evidence.begin, evidence.end - evidence.begin);
  } else {
    r.evidence_json.clear();
    json.append_evidence(r.evidence_json, f);
  }
  r.missing = core::join(f.missing().to_vector(), "|");
  r.source = f.source();
}

/// Counts by severity and by rule, and the dataset versions the run read: enough to compare runs.
std::string summary_json(const AuditOutcome& out, const store::Database& db) {
  nlohmann::ordered_json by_severity = nlohmann::ordered_json::object();
  nlohmann::ordered_json by_rule = nlohmann::ordered_json::object();
  std::size_t undetermined = 0;
  // Findings come rule by rule, so counts are added a run of equal keys at a time: a JSON object looks
  // its keys up one by one, which would cost a search per finding.
  const auto& findings = out.findings;
  const auto count_runs = [&](nlohmann::ordered_json& counts, const std::string& (eval::Finding::*key)() const) {
    for (std::size_t i = 0; i < findings.size();) {
      std::size_t j = i + 1;
      while (j < findings.size() && (findings[j].*key)() == (findings[i].*key)()) ++j;
      const std::string& k = (findings[i].*key)();
      counts[k] = counts.value(k, std::size_t{0}) + (j - i);
      i = j;
    }
  };
  count_runs(by_rule, &eval::Finding::rule);
  count_runs(by_severity, &eval::Finding::severity);
  for (const auto& f : findings) {
    if (f.outcome == eval::Outcome::undetermined) ++undetermined;
  }
  nlohmann::ordered_json versions = nlohmann::ordered_json::array();
  for (const auto& v : db.stats().versions) {
    if (v.current) versions.push_back({{"dataset", v.dataset}, {"file", v.file}, {"sha256", v.sha256}});
  }
  nlohmann::ordered_json j = {{"rules", out.rules},
                              {"typologies", out.typologies},
                              {"subjects",
                               {{"payments", out.payments},
                                {"shipments", out.shipments},
                                {"entities", out.entities},
                                {"relations", out.relations}}},
                              {"findings", out.findings.size()},
                              {"undetermined", undetermined},
                              {"by_severity", by_severity},
                              {"by_rule", by_rule},
                              {"dataset_versions", versions}};
  return j.dump();
}

}  // namespace

AuditOutcome run_audit(store::Database& db, const AuditOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const std::string started_at = store::utc_now();
  AuditOutcome out;
  auto pack = dsl::load_pack(options.rule_roots, out.diagnostics);
  check::CheckOptions check_options;
  check_options.project_root = options.project_root;
  check::check(pack, out.diagnostics, check_options);
  out.rules = count_rules(pack);
  for (const auto& f : pack.files) out.typologies += f.typologies.size();
  if (out.diagnostics.has_errors()) return out;

  const auto rules = compile::compile(pack);
  out.rules_digest = rules.digest();
  if (options.progress) options.progress("loading data", 0, 1);
  const auto loading = std::chrono::steady_clock::now();
  const auto data = store::load_dataset(db);
  out.load_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - loading).count();
  out.payments = data.payments.size();
  out.shipments = data.shipments.size();
  out.entities = data.entities.size();
  out.relations = data.relations.size();
  spdlog::debug("loaded {} entities, {} payments, {} shipments in {:.3f} s", out.entities, out.payments,
                out.shipments,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());

  eval::EvalOptions eval_options;
  eval_options.as_of = options.as_of;
  eval_options.threads = options.threads;
  if (options.progress) {
    eval_options.progress = [&](std::size_t done, std::size_t total) { options.progress("evaluating", done, total); };
  }
  if (options.profile) eval_options.profile = &out.profile.emplace();
  out.findings = eval::evaluate(rules, data, eval_options);

  if (options.save) {
    store::RunRecord run;
    run.command = options.command;
    run.rules_digest = out.rules_digest;
    run.as_of = options.as_of.to_string();
    run.started_at = started_at;
    run.finished_at = store::utc_now();
    run.status = "completed";
    run.summary_json = summary_json(out, db);
    store::FindingRecord record;
    const eval::FindingRule* header = nullptr;  // whose texts `record` holds
    report::FindingJson json;
    out.run_id = store::save_run(db, run, out.findings.size(), [&](std::size_t i) -> const store::FindingRecord& {
      fill_record(out.findings[i], json, record, header, options.jsonl ? &out.jsonl : nullptr);
      return record;
    }, store::FindingChecks::writer);  // FindingJson writes JSON objects by construction
  } else if (options.jsonl) {
    out.jsonl = report::render_jsonl(out.findings);
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace sanx::app
