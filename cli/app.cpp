// Command-line definition (the only translation unit that includes CLI11): global options, sanx.toml
// defaults, logging sinks, and dispatch to the commands.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>
#include <map>
#include <string>

#include "commands/commands.hpp"
#include "output.hpp"
#include "sanx/config/settings.hpp"
#include "sanx/core/country.hpp"
#include "sanx/ingest/lists.hpp"

namespace sanx::cli {
namespace {

const std::map<std::string, Format> kFormats{{"text", Format::text}, {"json", Format::json}};
const std::map<std::string, ColorMode> kColorModes{
    {"auto", ColorMode::automatic}, {"always", ColorMode::always}, {"never", ColorMode::never}};

constexpr const char* kMainFooter = R"(Examples:
  sanx import datasets/demo              import a dataset folder into ./sanx.db
  sanx check rules                       check a rule pack
  sanx audit --rules rules               run the rules over the imported data
  sanx stats --format json               row counts and dataset versions as JSON
  sanx import --format un-xml FILE       an official sanctions list, as a dated snapshot
  sanx lists                             imported lists and their snapshots
  sanx exposure ofac:12345               blocked through its owners? OFAC, EU and UK, with proof
  sanx screen "Юрий Ковальчук"           which listed parties a name could be, with the reasons
  sanx import --help                     help for one command

Defaults come from sanx.toml in the working directory when it exists (database, rule_dirs, log_level).
Exit codes: 0 ok, 1 findings, 2 bad input, 3 environment error (see docs/cli.md).
Colour is used only on a terminal; set NO_COLOR to turn it off.)";

constexpr const char* kImportFooter = R"(Examples:
  sanx import datasets/demo                      a folder holding dataset.toml
  sanx import datasets/demo/dataset.toml --db audit.db
  sanx import datasets/demo --format json        machine-readable outcome and diagnostics
  sanx import --format un-xml datasets/lists/un_consolidated_2026-02/UN_consolidated.xml
                                                 an official list, as a dated snapshot
  sanx import --format ofac-csv --as-of 2021-07-07 datasets/lists/ofac_sdn_2021-07/sdn.csv
                                                 a list file that states no date
  sanx import --format un-xml --format json old.xml new.xml
                                                 two snapshots, oldest first, JSON outcome

--format takes a list format (ofac-csv, ofac-xml, ofac-advanced, un-xml, uk-csv, eu-xml, ftm, bods,
gleif-rr, or auto to detect it), an output format (text, json), or one of each by repeating it.
A single file that is not a dataset.toml is read as a list, its format detected.
Each list file is a snapshot of its source: a newer one records delistings (listed_to), changes and
additions; an older one than the source's latest is refused (E2363). See docs/lists.md.

The whole import is one transaction: any error leaves the database exactly as it was.
Files whose SHA-256 matches their imported version are skipped as unchanged; a changed file replaces
the rows of its previous version. Exit code 2 when the data has errors.)";

constexpr const char* kListsFooter = R"(Examples:
  sanx lists                                     every list source and its snapshots
  sanx lists --format json                       the same as JSON
  sanx lists diff un-sc                          added, removed and changed entries, last two snapshots
  sanx lists diff un-sc --from 2026-01-31 --to 2026-02-27 --format json

Exit code 2 when the source or a snapshot is unknown; 3 when the database does not exist.)";

constexpr const char* kListsDiffFooter = R"(Examples:
  sanx lists diff un-sc                          the last two snapshots of un-sc
  sanx lists diff ofac-sdn --from 3              snapshot 3 against the latest
  sanx lists diff un-sc --from 2026-01-31 --to 2026-02-27 --format json

--from and --to take a snapshot id (see `sanx lists`) or an as-of date. Changed entries name the
fields that differ: kind, names, identifiers, countries, addresses, birth_date, incorporated,
designations, facts.)";

constexpr const char* kStatsFooter = R"(Examples:
  sanx stats                          tables and dataset versions of ./sanx.db
  sanx stats --db build/demo/sanx.db --format json)";

constexpr const char* kCheckFooter = R"(Examples:
  sanx check rules                       every .rules file under rules/ and what they import
  sanx check rules/corridors/spfs.rules  one file
  sanx check rules --format json         diagnostics for editors and CI

Exit code 0 when the rules are clean (warnings allowed), 2 when any has an error.)";

constexpr const char* kAuditFooter = R"(Examples:
  sanx audit --rules rules                              summary by severity and rule
  sanx audit --rules rules --as-of 2025-06-30           entity rules as of a date
  sanx audit --rules rules --format jsonl --out findings.jsonl
  sanx audit --rules rules --format csv > findings.csv
  sanx audit --rules rules --profile                    and each rule's cost, on stderr

Payments and shipments are judged as of their own dates; --as-of (default: today, UTC) dates entity and
relation rules. Each run and its findings are kept in the database. Exit code 0 without findings,
1 with findings, 2 when the rules have errors.)";

constexpr const char* kScreenFooter = R"(Examples:
  sanx screen "Gazprom Neft"                               any regime, designations in force today
  sanx screen "Юрий Ковальчук" --kind person --dob 1951   Cyrillic, with a birth year
  sanx screen "ООО Ромашка" --regime EU --as-of 2024-06-30 --format json
  sanx screen "NEPTUNE STAR" --kind vessel --id imo:9354521
  sanx screen --input customers.csv --out hits.jsonl      a batch on every core, one JSON line per row

Scores are in [0, 1]; each hit lists the features behind its score and the designations in force on
--as-of (default: today, UTC), of --regime when given. The batch CSV has the header id,name,kind,country,dob
(only name is required; identifiers may be given as scheme:value|...). A bad row is reported with its
line and column, written as an error line, and the run goes on. docs/screening.md explains scores and
thresholds. Exit code 0 without hits, 1 with hits, 2 for a bad query or any bad batch row.)";

constexpr const char* kExposureFooter = R"(Examples:
  sanx exposure demo:co-neva-trade                         OFAC, EU and UK, as of today
  sanx exposure demo:co-neva-trade --regime OFAC --as-of 2024-06-30
  sanx exposure ofac:17013 --format json                   statuses, shares and proof paths as JSON
  sanx exposure --all --as-of 2025-06-30                   every entity, kept as a run in the database
  sanx exposure --all --regime UK --format json --near-from 45

OFAC: blocked when designated owners hold 50% or more in aggregate, directly or through blocked entities
(never multiplied along a chain); control alone is a note for review. EU: 50% or more in aggregate, or
control. UK: more than 50% held by one designated person, or control. Unknown shares give bounds and the
status possibly_blocked; from --near-from (default 40%) up to the threshold is near_threshold.
With --all every entity is computed and the ones that are not clear are kept as a run (like an audit's
findings, rule exposure.ofac|eu|uk, with their proof paths as evidence). Exit code 0 when no regime
finds the entity (with --all: any entity not itself listed) listed, blocked, possibly blocked or
controlled, 1 when one does, 2 for an unknown entity or bad option.)";

/// Today's date in UTC: the default as-of date of an audit.
core::Date today_utc() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return core::Date::from_days_since_epoch(static_cast<std::int32_t>(now.time_since_epoch().count()));
}

/// `--as-of`: the date given, or today when none; false after saying what is wrong.
bool as_of_or_today(const std::string& text, core::Date& out) {
  if (text.empty()) {
    out = today_utc();
    return true;
  }
  const auto parsed = core::Date::parse_iso(text);
  if (!parsed || !parsed->is_full()) {
    std::fprintf(stderr, "error: --as-of `%s` is not a date; expected YYYY-MM-DD\n", text.c_str());
    return false;
  }
  out = *parsed;
  return true;
}

void configure_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("sanx");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%^%l%$: %v");
  spdlog::set_level(spdlog::level::from_str(level));
}

/// The options of a command that reads the database and prints text or JSON.
void add_db_and_format(CLI::App& cmd, std::string& db, std::string& format) {
  cmd.add_option("--db", db, "Database file (default from sanx.toml, else ./sanx.db)");
  cmd.add_option("--format", format, "Output format: text or json")->check(CLI::IsMember({"text", "json"}));
}

/// Sorts `--format` values into the output format and the list format, decides whether PATH names list
/// files, and parses --as-of. Returns kExitOk, or kExitBadInput after saying what is wrong.
int resolve_import_options(ImportArgs& args, const std::vector<std::string>& formats, const std::string& as_of) {
  for (const auto& f : formats) {
    if (f == "text" || f == "json") {
      args.format = kFormats.at(f);
    } else if (f == "auto" || ingest::parse_list_format(f)) {
      args.list_format = f;
    } else {
      std::string names;
      for (const auto format : ingest::all_list_formats()) names += ", " + std::string(ingest::to_string(format));
      std::fprintf(stderr, "error[E2360]: unknown --format `%s`; expected text, json, auto%s\n", f.c_str(),
                   names.c_str());
      return kExitBadInput;
    }
  }
  std::error_code ec;
  const auto& first = args.paths.front();
  const bool single_list_file = args.paths.size() == 1 && std::filesystem::is_regular_file(first, ec) &&
                                first.extension() != ".toml";
  if (args.list_format.empty() && (args.paths.size() > 1 || single_list_file)) args.list_format = "auto";
  if (args.list_format.empty() && (!as_of.empty() || !args.source.empty())) {
    std::fprintf(stderr, "error: --as-of and --source apply to list files; add --format NAME\n");
    return kExitBadInput;
  }
  if (!as_of.empty()) {
    auto parsed = core::Date::parse_iso(as_of);
    if (!parsed || !parsed->is_full()) {
      std::fprintf(stderr, "error: --as-of `%s` is not a date; expected YYYY-MM-DD\n", as_of.c_str());
      return kExitBadInput;
    }
    args.as_of = parsed;
  }
  return kExitOk;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"sanx: sanctions-exposure rules engine", "sanx"};
  app.set_version_flag("--version", std::string("sanx ") + SANX_VERSION);
  app.footer(kMainFooter);
  app.require_subcommand(1);

  std::filesystem::path config_path = "sanx.toml";
  std::string color = "auto";
  std::string log_level;
  std::string db_option;
  app.add_option("--config", config_path, "Settings file (default: sanx.toml in the working directory)");
  app.add_option("--color", color, "Colour output: auto (terminal only, honours NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off (default from sanx.toml, else warn)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));

  ImportArgs import_args;
  std::vector<std::string> import_formats;
  std::string import_as_of;
  auto* import_cmd =
      app.add_subcommand("import", "Import a dataset folder (dataset.toml + canonical CSV files) or official list files");
  import_cmd->footer(kImportFooter);
  import_cmd->add_option("PATH", import_args.paths, "Dataset folder or its dataset.toml; or list files (oldest first)")
      ->required();
  import_cmd->add_option("--db", db_option, "Database file (default from sanx.toml, else ./sanx.db)");
  import_cmd->add_option("--format", import_formats,
                         "List format (ofac-csv, un-xml, …, auto) and/or output format (text, json); repeatable")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  import_cmd->add_option("--as-of", import_as_of, "List files: snapshot date YYYY-MM-DD, instead of the file's own");
  import_cmd->add_option("--source", import_args.source, "List files: source name instead of the reader's (e.g. un-sc)");

  ListsArgs lists_args;
  std::string lists_format = "text";
  auto* lists_cmd = app.add_subcommand("lists", "Official lists in the database: sources, snapshots, changes");
  lists_cmd->footer(kListsFooter);
  add_db_and_format(*lists_cmd, db_option, lists_format);
  auto* diff_cmd = lists_cmd->add_subcommand("diff", "Entries added, removed and changed between two snapshots");
  diff_cmd->footer(kListsDiffFooter);
  diff_cmd->add_option("SOURCE", lists_args.source, "List source, e.g. un-sc, ofac-sdn (see `sanx lists`)")->required();
  diff_cmd->add_option("--from", lists_args.from, "Older snapshot: id or as-of date (default: the one before --to)");
  diff_cmd->add_option("--to", lists_args.to, "Newer snapshot: id or as-of date (default: the latest)");
  add_db_and_format(*diff_cmd, db_option, lists_format);

  StatsArgs stats_args;
  std::string stats_format = "text";
  auto* stats_cmd = app.add_subcommand("stats", "Row counts per table and per imported dataset version");
  stats_cmd->footer(kStatsFooter);
  add_db_and_format(*stats_cmd, db_option, stats_format);

  CheckArgs check_args;
  std::string check_format = "text";
  auto* check_cmd = app.add_subcommand("check", "Check rule files: syntax, names, types, metadata");
  check_cmd->footer(kCheckFooter);
  check_cmd->add_option("PATH", check_args.paths, "Rule files or folders (default: rule_dirs from sanx.toml)");
  check_cmd->add_option("--format", check_format, "Output format: text or json")->check(CLI::IsMember({"text", "json"}));

  AuditArgs audit_args;
  std::string audit_format = "text";
  std::string as_of_text;
  std::string out_path;
  audit_args.threads = std::max(1U, std::thread::hardware_concurrency());
  auto* audit_cmd = app.add_subcommand("audit", "Run a rule pack over the database and report findings");
  audit_cmd->footer(kAuditFooter);
  audit_cmd->add_option("--rules", audit_args.rules, "Rule files or folders (default: rule_dirs from sanx.toml)");
  audit_cmd->add_option("--db", db_option, "Database file (default from sanx.toml, else ./sanx.db)");
  audit_cmd->add_option("--as-of", as_of_text, "Date for entity and relation rules, YYYY-MM-DD (default: today)");
  audit_cmd->add_option("--format", audit_format, "Output format: text, jsonl or csv")
      ->check(CLI::IsMember({"text", "jsonl", "csv"}));
  audit_cmd->add_option("--out", out_path, "Write the findings to this file instead of stdout");
  audit_cmd->add_option("--threads", audit_args.threads, "Evaluation threads (default: all cores)")
      ->check(CLI::Range(1, 256));
  audit_cmd->add_flag("--profile", audit_args.profile,
                      "Print each rule's cost to stderr: a table, or JSON with --format jsonl or csv");

  ExposureArgs exposure_args;
  std::string exposure_format = "text";
  std::string exposure_regime = "all";
  std::string exposure_as_of;
  std::string exposure_near_from;
  auto* exposure_cmd =
      app.add_subcommand("exposure", "Ownership and control exposure of one entity under OFAC, EU and UK rules");
  exposure_cmd->footer(kExposureFooter);
  auto* exposure_entity = exposure_cmd->add_option("ENTITY_ID", exposure_args.entity, "Entity id, e.g. ofac:17013");
  auto* exposure_all = exposure_cmd->add_flag("--all", exposure_args.all, "Every entity at once, kept as a run");
  exposure_entity->excludes(exposure_all);
  exposure_cmd->add_option("--near-from", exposure_near_from,
                           "Lower edge of the near-threshold band in percent (default: 40)");
  exposure_cmd->add_option("--limit", exposure_args.limit, "With --all: entities shown per regime and status (default: 20)")
      ->check(CLI::NonNegativeNumber);
  exposure_cmd->add_option("--regime", exposure_regime, "OFAC, EU, UK or all (default: all)")
      ->check(CLI::IsMember({"OFAC", "EU", "UK", "all", "ofac", "eu", "uk", "ALL"}));
  exposure_cmd->add_option("--as-of", exposure_as_of, "Date of designations and relations, YYYY-MM-DD (default: today)");
  add_db_and_format(*exposure_cmd, db_option, exposure_format);

  ScreenArgs screen_args;
  std::string screen_kind = "any";
  std::string screen_dob;
  std::vector<std::string> screen_ids;
  std::string screen_regime;
  std::string screen_as_of;
  std::string screen_format;
  auto* screen_cmd = app.add_subcommand("screen", "Screen a name (or a CSV batch) against the listed parties");
  screen_cmd->footer(kScreenFooter);
  auto* screen_name = screen_cmd->add_option("NAME", screen_args.query.name, "The name to screen, in any script");
  auto* screen_input = screen_cmd->add_option("--input", screen_args.input, "A batch CSV: id,name,kind,country,dob");
  screen_name->excludes(screen_input);
  screen_cmd->add_option("--kind", screen_kind, "person, company, vessel or any (default: any)")
      ->check(CLI::IsMember({"person", "company", "vessel", "any"}));
  screen_cmd->add_option("--country", screen_args.query.country, "Country of the party, ISO 3166-1 alpha-2");
  screen_cmd->add_option("--dob", screen_dob, "Birth date (or year) of a person, YYYY[-MM[-DD]]");
  screen_cmd->add_option("--id", screen_ids, "Identifier scheme:value, e.g. imo:9354521 (repeatable)");
  screen_cmd->add_option("--threshold", screen_args.threshold, "Lowest score shown, 0.0-1.0 (default: 0.80)")
      ->check(CLI::Range(0.0, 1.0));
  screen_cmd->add_option("--limit", screen_args.limit, "Most hits per name (default: 10)")->check(CLI::Range(1, 1000));
  screen_cmd->add_option("--regime", screen_regime, "Only parties designated under this regime: OFAC, EU, UK, UN");
  screen_cmd->add_option("--as-of", screen_as_of, "Designations in force on this date, YYYY-MM-DD (default: today)");
  screen_cmd->add_option("--threads", screen_args.threads, "Batch threads (default: all cores)")->check(CLI::Range(1, 256));
  screen_cmd->add_option("--out", screen_args.out, "Batch output file (default: standard output)");
  screen_cmd->add_option("--db", db_option, "Database file (default from sanx.toml, else ./sanx.db)");
  screen_cmd->add_option("--format", screen_format, "text or json for a name; jsonl for a batch")
      ->check(CLI::IsMember({"text", "json", "jsonl"}));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }

  const Terminal term = detect_terminal(kColorModes.at(color));
  core::Diagnostics config_diags;
  const config::Settings settings = config::load_settings(config_path, config_diags);
  print_diagnostics(config_diags, term);
  if (config_diags.has_errors()) return kExitBadInput;
  configure_logging(log_level.empty() ? settings.log_level : log_level);

  const std::filesystem::path database = db_option.empty() ? settings.database : std::filesystem::path(db_option);
  if (import_cmd->parsed()) {
    import_args.database = database;
    if (const int code = resolve_import_options(import_args, import_formats, import_as_of); code != kExitOk) return code;
    return run_import(import_args, term);
  }
  if (lists_cmd->parsed()) {
    lists_args.database = database;
    lists_args.format = kFormats.at(lists_format);
    lists_args.diff = diff_cmd->parsed();
    return run_lists(lists_args, term);
  }
  if (check_cmd->parsed()) {
    if (check_args.paths.empty()) check_args.paths = settings.rule_dirs;
    if (check_args.paths.empty()) check_args.paths = {"rules"};
    check_args.format = kFormats.at(check_format);
    return run_check(check_args, term);
  }
  if (audit_cmd->parsed()) {
    if (audit_args.rules.empty()) audit_args.rules = settings.rule_dirs;
    if (audit_args.rules.empty()) audit_args.rules = {"rules"};
    audit_args.database = database;
    if (!as_of_or_today(as_of_text, audit_args.as_of)) return kExitBadInput;
    audit_args.format = audit_format == "jsonl" ? AuditFormat::jsonl
                        : audit_format == "csv" ? AuditFormat::csv
                                                : AuditFormat::text;
    audit_args.out = out_path;
    std::string command = "sanx";
    for (int i = 1; i < argc; ++i) command += std::string(" ") + argv[i];
    audit_args.command = command;
    return run_audit(audit_args, term);
  }
  if (exposure_cmd->parsed()) {
    exposure_args.database = database;
    exposure_args.format = kFormats.at(exposure_format);
    if (const auto r = graph::parse_regime(exposure_regime)) {
      exposure_args.regimes = {*r};
    } else {
      exposure_args.regimes = {graph::Regime::ofac, graph::Regime::eu, graph::Regime::uk};
    }
    if (!as_of_or_today(exposure_as_of, exposure_args.as_of)) return kExitBadInput;
    if (exposure_args.entity.empty() && !exposure_args.all) {
      std::fprintf(stderr, "error: give an ENTITY_ID, or --all for every entity (see `sanx exposure --help`)\n");
      return kExitBadInput;
    }
    if (!exposure_near_from.empty()) {
      std::string text = exposure_near_from;
      if (text.ends_with('%')) text.pop_back();
      const auto near = core::Decimal::parse(text);
      if (!near || near->is_negative() || *near > core::Decimal::from_int(100)) {
        std::fprintf(stderr, "error: --near-from `%s` is not a percentage from 0 to 100\n", exposure_near_from.c_str());
        return kExitBadInput;
      }
      exposure_args.near_from = *near;
    }
    std::string command = "sanx";
    for (int i = 1; i < argc; ++i) command += std::string(" ") + argv[i];
    exposure_args.command = command;
    return run_exposure(exposure_args, term);
  }
  if (screen_cmd->parsed()) {
    screen_args.database = database;
    const bool batch = !screen_args.input.empty();
    if (!batch && screen_name->count() == 0) {
      std::fprintf(stderr, "error: give a NAME, or --input FILE.csv for a batch (see `sanx screen --help`)\n");
      return kExitBadInput;
    }
    screen_args.format = screen_format.empty() ? (batch ? "jsonl" : "text") : screen_format;
    if (batch != (screen_args.format == "jsonl")) {
      std::fprintf(stderr, "error: --format %s: a batch is written as jsonl, a single name as text or json\n",
                   screen_args.format.c_str());
      return kExitBadInput;
    }
    screen_args.query.kind = *match::parse_query_kind(screen_kind);
    if (!screen_args.query.country.empty() && !core::is_country_code(screen_args.query.country)) {
      std::fprintf(stderr, "error: --country `%s` is not an ISO 3166-1 alpha-2 code (such as RU)\n",
                   screen_args.query.country.c_str());
      return kExitBadInput;
    }
    if (!screen_dob.empty()) {
      screen_args.query.birth_date = core::Date::parse_iso(screen_dob);
      if (!screen_args.query.birth_date) {
        std::fprintf(stderr, "error: --dob `%s` is not a date YYYY[-MM[-DD]]\n", screen_dob.c_str());
        return kExitBadInput;
      }
    }
    for (const auto& text : screen_ids) {
      const auto id = model::parse_identifier(text);
      if (!id) {
        std::fprintf(stderr, "error: --id `%s` is not scheme:value (such as imo:9354521)\n", text.c_str());
        return kExitBadInput;
      }
      screen_args.query.identifiers.push_back(*id);
    }
    if (!screen_regime.empty()) {
      std::string upper = screen_regime;
      for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      screen_args.regime = upper;
    }
    if (screen_args.threads == 1 && screen_cmd->count("--threads") == 0) {
      screen_args.threads = std::max(1U, std::thread::hardware_concurrency());
    }
    if (!as_of_or_today(screen_as_of, screen_args.as_of)) return kExitBadInput;
    return run_screen(screen_args, term);
  }
  if (stats_cmd->parsed()) {
    stats_args.database = database;
    stats_args.format = kFormats.at(stats_format);
    return run_stats(stats_args, term);
  }
  return kExitBadInput;
}

}  // namespace sanx::cli
