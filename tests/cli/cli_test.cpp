// Specification of the `sanx` executable as a user meets it: help, version, exit codes, JSON output,
// colour, and the bundled demo dataset importing cleanly.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <sqlite3.h>
#include <sys/wait.h>

#include "support/temp_dir.hpp"

using sanx::testing::TempDir;

namespace {

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Runs `sanx ARGS` in `cwd` with `env` prefixed (e.g. "NO_COLOR=1"), capturing both streams.
Run run_sanx(const std::string& args, const std::filesystem::path& cwd = SANX_SOURCE_DIR, const std::string& env = "") {
  TempDir capture;
  const std::string cmd = "cd '" + cwd.string() + "' && env " + (env.empty() ? "" : env + " ") + "'" SANX_BINARY "' " +
                          args + " >'" + (capture / "out").string() + "' 2>'" + (capture / "err").string() + "'";
  const int status = std::system(cmd.c_str());
  Run r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = slurp(capture / "out");
  r.err = slurp(capture / "err");
  return r;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

const char* const kEntities =
    "id,kind,name,aliases,country,identifiers,birth_date,incorporated,address\n"
    "c:bank,bank,Caspian Bank,,AZ,bic:CSPNAZ22,,1999,Baku\n"
    "c:one,company,One LLC,,AZ,,,2020-01-01,Baku\n"
    "c:two,company,Two LLC,,IR,,,2021-01-01,Tehran\n";

/// A dataset folder with a payments file holding `payment_rows`.
void write_dataset(const TempDir& dir, const std::string& payment_rows) {
  dir.write("ds/dataset.toml", "[dataset]\nname = \"cli\"\nas_of = 2025-01-01\n"
                               "[[files]]\npath = \"entities.csv\"\nkind = \"entities\"\n"
                               "[[files]]\npath = \"payments.csv\"\nkind = \"payments\"\n");
  dir.write("ds/entities.csv", kEntities);
  dir.write("ds/payments.csv",
            "id,date,originator,beneficiary,originator_bic,beneficiary_bic,intermediary_bics,network,currency,amount,"
            "purpose\n" +
                payment_rows);
}

}  // namespace

TEST_CASE("sanx --version prints the version and exits 0", "[cli][version]") {
  auto r = run_sanx("--version");
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "sanx 0."));
}

TEST_CASE("sanx --help lists the commands, examples and exit codes", "[cli][help]") {
  auto r = run_sanx("--help");
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "import"));
  CHECK(contains(r.out, "stats"));
  CHECK(contains(r.out, "Examples:"));
  CHECK(contains(r.out, "Exit codes"));
}

TEST_CASE("every command's --help shows examples", "[cli][help]") {
  for (const char* cmd : {"import", "stats", "check", "audit", "lists", "lists diff", "exposure", "screen"}) {
    auto r = run_sanx(std::string(cmd) + " --help");
    INFO(cmd);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "Examples:"));
    CHECK(contains(r.out, "--format"));
  }
}

TEST_CASE("an unknown option is bad input, exit code 2", "[cli][exit-codes]") {
  auto r = run_sanx("stats --frobnicate");
  CHECK(r.exit_code == 2);
  CHECK_FALSE(r.err.empty());
}

TEST_CASE("the bundled demo dataset imports cleanly and a second import reports it unchanged", "[cli][demo]") {
  TempDir dir;
  const std::string db = "--db '" + (dir / "demo.db").string() + "'";
  auto first = run_sanx("import datasets/demo " + db);
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(contains(first.out, "imported dataset `demo`"));
  auto stats = run_sanx("stats --format json " + db);
  REQUIRE(stats.exit_code == 0);
  auto json = nlohmann::json::parse(stats.out);
  CHECK(json["tables"]["entities"].get<int>() >= 100);
  CHECK(json["tables"]["payments"].get<int>() >= 1000);
  CHECK(json["tables"]["shipments"].get<int>() >= 300);
  CHECK(json["dataset_versions"].size() == 5);
  auto second = run_sanx("import datasets/demo " + db);
  CHECK(second.exit_code == 0);
  CHECK(contains(second.out, "unchanged"));
}

TEST_CASE("bad data exits 2 with a rustc-style diagnostic naming file, line and column", "[cli][exit-codes]") {
  TempDir dir;
  write_dataset(dir, "p1,2024-01-01,c:one,c:two,CSPNAZ22,,,SWIFT,USD,12x,bad amount\n");
  auto r = run_sanx("import ds --db sanx.db", dir.path());
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "error[E2003]"));
  CHECK(contains(r.err, "--> ds/payments.csv:2:"));
  CHECK(contains(r.out, "the database is unchanged"));
}

TEST_CASE("import --format json reports each file and every diagnostic", "[cli][json]") {
  TempDir dir;
  write_dataset(dir, "p1,2024-01-01,c:one,c:two,CSPNAZ22,,,SEPAM,USD,100,ok\np1,2024-01-02,c:two,c:one,,,,SWIFT,USD,5,dup\n");
  auto r = run_sanx("import ds --db sanx.db --format json", dir.path());
  CHECK(r.exit_code == 2);
  auto json = nlohmann::json::parse(r.out);
  CHECK(json["status"] == "failed");
  CHECK(json["committed"] == false);
  REQUIRE(json["diagnostics"].size() == 1);
  CHECK(json["diagnostics"][0]["code"] == "E2005");
  CHECK(json["diagnostics"][0]["line"] == 3);
  CHECK(json["diagnostics"][0]["column"] == 1);
}

TEST_CASE("stats on a database that does not exist is an environment error, exit 3", "[cli][exit-codes]") {
  TempDir dir;
  auto r = run_sanx("stats --db nowhere.db", dir.path());
  CHECK(r.exit_code == 3);
  CHECK(contains(r.err, "does not exist"));
  CHECK_FALSE(std::filesystem::exists(dir / "nowhere.db"));
}

TEST_CASE("defaults come from sanx.toml in the working directory", "[cli][config]") {
  TempDir dir;
  write_dataset(dir, "p1,2024-01-01,c:one,c:two,CSPNAZ22,,,SWIFT,USD,100,ok\n");
  dir.write("sanx.toml", "database = \"from-config.db\"\n");
  auto r = run_sanx("import ds", dir.path());
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(std::filesystem::exists(dir / "from-config.db"));
}

TEST_CASE("an invalid sanx.toml is bad input, exit 2, with its location", "[cli][config]") {
  TempDir dir;
  dir.write("sanx.toml", "database = \n");
  auto r = run_sanx("stats", dir.path());
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "error[E2007]"));
  CHECK(contains(r.err, "sanx.toml:1:"));
}

TEST_CASE("colour is used only when asked for or on a terminal", "[cli][color]") {
  TempDir dir;
  write_dataset(dir, "p1,2024-01-01,c:one,c:two,CSPNAZ22,,,SWIFT,USD,oops,x\n");
  auto plain = run_sanx("import ds --db sanx.db", dir.path());
  CHECK_FALSE(contains(plain.err, "\x1b["));
  auto forced = run_sanx("--color always import ds --db sanx.db", dir.path());
  CHECK(contains(forced.err, "\x1b["));
  auto no_color = run_sanx("import ds --db sanx.db", dir.path(), "NO_COLOR=1");
  CHECK_FALSE(contains(no_color.err, "\x1b["));
}

TEST_CASE("sanx check passes the bundled rules and exits 0", "[cli][check]") {
  auto r = run_sanx("check rules");
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, ": ok"));
}

TEST_CASE("sanx check reports a broken rule rustc-style and exits 2", "[cli][check]") {
  TempDir dir;
  dir.write("bad.rules", "rule x {\n  meta { severity = high }\n  on payment p\n  when p.netwrk == \"SPFS\"\n}\n");
  auto r = run_sanx("check bad.rules", dir.path());
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "error[E0103]"));
  CHECK(contains(r.err, "--> bad.rules:4:"));
  auto json = run_sanx("check bad.rules --format json", dir.path());
  CHECK(json.exit_code == 2);
  auto j = nlohmann::json::parse(json.out);
  CHECK(j["errors"] == 1);
  CHECK(j["diagnostics"][0]["code"] == "E0103");
}

TEST_CASE("sanx check on a folder that does not exist is bad input", "[cli][check]") {
  TempDir dir;
  auto r = run_sanx("check no-such-rules", dir.path());
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "E0001"));
}

TEST_CASE("sanx audit of the demo world exits 1 with findings and keeps the run", "[cli][audit]") {
  TempDir dir;
  const std::string db = "--db '" + (dir / "demo.db").string() + "'";
  REQUIRE(run_sanx("import datasets/demo " + db).exit_code == 0);
  auto r = run_sanx("audit --rules rules --as-of 2025-06-30 " + db);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "critical"));
  CHECK(contains(r.out, "payments.spfs_cross_border_message"));
  auto stats = nlohmann::json::parse(run_sanx("stats --format json " + db).out);
  CHECK(stats["tables"]["runs"] == 1);
  CHECK(stats["tables"]["findings"].get<int>() > 0);
}

TEST_CASE("sanx audit --format jsonl writes one finding per line with the documented fields", "[cli][audit]") {
  TempDir dir;
  const std::string db = "--db '" + (dir / "demo.db").string() + "'";
  REQUIRE(run_sanx("import datasets/demo " + db).exit_code == 0);
  auto r = run_sanx("audit --rules rules --as-of 2025-06-30 --format jsonl --out '" + (dir / "f.jsonl").string() +
                    "' " + db);
  CHECK(r.exit_code == 1);
  std::istringstream lines(slurp(dir / "f.jsonl"));
  int count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    auto j = nlohmann::json::parse(line);
    for (const char* key : {"rule", "pattern", "severity", "subject_kind", "subject", "date", "reason", "regimes",
                            "evidence"}) {
      CHECK(j.contains(key));
    }
  }
  CHECK(count > 0);
  CHECK(contains(r.out, "written to"));
}

TEST_CASE("sanx audit with a bad --as-of is bad input", "[cli][audit]") {
  TempDir dir;
  const std::string db = "--db '" + (dir / "demo.db").string() + "'";
  REQUIRE(run_sanx("import datasets/demo " + db).exit_code == 0);
  auto r = run_sanx("audit --rules rules --as-of 2025-13-01 " + db);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "--as-of"));
}

namespace {

const std::string kJanuary = "tests/data/lists/snapshots/un_2026-01-31.xml";
const std::string kFebruary = "tests/data/lists/snapshots/un_2026-02-27.xml";

std::string db_option(const TempDir& dir) { return "--db '" + (dir / "lists.db").string() + "'"; }

}  // namespace

TEST_CASE("import --format un-xml imports a list file as a snapshot and says what it added", "[cli][lists]") {
  TempDir dir;
  auto r = run_sanx("import --format un-xml " + kJanuary + " " + db_option(dir));
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "un-sc as of 2026-01-31"));
  CHECK(contains(r.out, "+3 added"));
  auto again = run_sanx("import --format un-xml " + kJanuary + " " + db_option(dir));
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "unchanged"));
}

TEST_CASE("import of list files with --format json gives each snapshot's source, date and changes", "[cli][lists][json]") {
  TempDir dir;
  auto r = run_sanx("import --format un-xml --format json " + kJanuary + " " + kFebruary + " " + db_option(dir));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  auto json = nlohmann::json::parse(r.out);
  CHECK(json["status"] == "imported");
  REQUIRE(json["files"].size() == 2);
  const auto& feb = json["files"][1];
  CHECK(feb["kind"] == "list");
  CHECK(feb["format"] == "un-xml");
  CHECK(feb["source"] == "un-sc");
  CHECK(feb["as_of"] == "2026-02-27");
  CHECK(feb["added"] == 2);
  CHECK(feb["removed"] == 1);
  CHECK(feb["changed"] == 1);
  CHECK(feb["status"] == "replaced");
}

TEST_CASE("sanx lists shows each source's snapshots, as text and as JSON", "[cli][lists][json]") {
  TempDir dir;
  REQUIRE(run_sanx("import --format un-xml " + kJanuary + " " + kFebruary + " " + db_option(dir)).exit_code == 0);
  auto text = run_sanx("lists " + db_option(dir));
  CHECK(text.exit_code == 0);
  CHECK(contains(text.out, "2026-01-31"));
  CHECK(contains(text.out, "2026-02-27"));
  auto r = run_sanx("lists --format json " + db_option(dir));
  REQUIRE(r.exit_code == 0);
  auto json = nlohmann::json::parse(r.out);
  REQUIRE(json["sources"].size() == 1);
  const auto& un = json["sources"][0];
  CHECK(un["source"] == "un-sc");
  CHECK(un["as_of"] == "2026-02-27");
  REQUIRE(un["snapshots"].size() == 2);
  CHECK(un["snapshots"][1]["removed"] == 1);
  CHECK(un["snapshots"][1]["imported_at"].get<std::string>().back() == 'Z');
}

TEST_CASE("sanx lists diff names the entries added, removed and changed, with the changed fields", "[cli][lists][json]") {
  TempDir dir;
  REQUIRE(run_sanx("import --format un-xml " + kJanuary + " " + kFebruary + " " + db_option(dir)).exit_code == 0);
  auto text = run_sanx("lists diff un-sc " + db_option(dir));
  CHECK(text.exit_code == 0);
  CHECK(contains(text.out, "- un:1002"));
  CHECK(contains(text.out, "~ un:1003"));
  auto r = run_sanx("lists diff un-sc --from 2026-01-31 --to 2026-02-27 --format json " + db_option(dir));
  REQUIRE(r.exit_code == 0);
  auto json = nlohmann::json::parse(r.out);
  CHECK(json["added"] == 2);
  CHECK(json["removed"] == 1);
  CHECK(json["changed"] == 1);
  bool changed_names = false;
  for (const auto& c : json["changes"]) {
    if (c["change"] == "changed") changed_names = c["id"] == "un:1003" && c["fields"] == nlohmann::json{"names"};
  }
  CHECK(changed_names);
  CHECK(run_sanx("lists diff nowhere " + db_option(dir)).exit_code == 2);
}

TEST_CASE("list import problems exit 2: unknown format, older snapshot, missing file", "[cli][lists][exit-codes]") {
  TempDir dir;
  auto unknown = run_sanx("import --format un-xlm " + kJanuary + " " + db_option(dir));
  CHECK(unknown.exit_code == 2);
  CHECK(contains(unknown.err, "E2360"));
  REQUIRE(run_sanx("import --format un-xml " + kFebruary + " " + db_option(dir)).exit_code == 0);
  auto older = run_sanx("import --format un-xml " + kJanuary + " " + db_option(dir));
  CHECK(older.exit_code == 2);
  CHECK(contains(older.err, "error[E2363]"));
  CHECK(contains(older.out, "the database is unchanged"));
  auto missing = run_sanx("import --format un-xml nowhere.xml " + db_option(dir));
  CHECK(missing.exit_code == 2);
  CHECK(contains(missing.err, "E2006"));
}

TEST_CASE("sanx lists on a database that does not exist is an environment error", "[cli][lists][exit-codes]") {
  TempDir dir;
  CHECK(run_sanx("lists " + db_option(dir)).exit_code == 3);
}

TEST_CASE("an audit as of a date before a delisting still finds the delisted party designated", "[cli][lists][audit]") {
  TempDir dir;
  REQUIRE(run_sanx("import --format un-xml " + kJanuary + " " + kFebruary + " " + db_option(dir)).exit_code == 0);
  dir.write("rules/un.rules", "namespace lists\nrule un_listed {\n  meta {\n    title = \"Designated by the UN\"\n"
                              "    severity = high\n    regimes = [UN]\n    status = stable\n  }\n  on entity e\n"
                              "  when designated(e, \"UN\")\n  reason \"{e.name} is designated\"\n}\n");
  const auto subjects = [&](const std::string& as_of) {
    auto r = run_sanx("audit --rules '" + (dir / "rules").string() + "' --format jsonl --as-of " + as_of + " " +
                      db_option(dir));
    INFO(r.err);
    CHECK(r.exit_code == 1);
    std::set<std::string> out;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) out.insert(nlohmann::json::parse(line)["subject"]);
    return out;
  };
  CHECK(subjects("2026-02-01") == std::set<std::string>{"un:1001", "un:1002", "un:1003"});
  CHECK(subjects("2026-02-26") == std::set<std::string>{"un:1001", "un:1002", "un:1003", "un:1004"});
  CHECK(subjects("2026-02-27") == std::set<std::string>{"un:1001", "un:1003", "un:1004", "un:1005"});
}

TEST_CASE("sanx exposure shows a demo company blocked by aggregation under OFAC and the EU, with its proof paths",
          "[cli][exposure]") {
  TempDir dir;
  const std::string db = "--db '" + (dir / "demo.db").string() + "'";
  REQUIRE(run_sanx("import datasets/demo " + db).exit_code == 0);
  auto r = run_sanx("exposure demo:it-co-ferrara-componenti --as-of 2025-06-30 --format json " + db);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  const auto out = nlohmann::json::parse(r.out);
  CHECK(out["entity"] == "demo:it-co-ferrara-componenti");
  CHECK(out["as_of"] == "2025-06-30");
  REQUIRE(out["results"].size() == 3);
  const auto& ofac = out["results"][0];
  CHECK(ofac["regime"] == "OFAC");
  CHECK(ofac["status"] == "blocked");
  CHECK(ofac["share"]["min"] == "50");
  REQUIRE(ofac["paths"].size() == 2);
  CHECK(ofac["paths"][1][0]["from"] == "demo:ru-person-arkady-voronin");
  CHECK(ofac["paths"][1][0]["share"] == "50");
  CHECK(ofac["paths"][1][1]["to"] == "demo:it-co-ferrara-componenti");
  CHECK(out["results"][1]["status"] == "blocked");
  CHECK(out["results"][2]["regime"] == "UK");
  CHECK(out["results"][2]["status"] == "not_blocked");  // no single person holds more than half
}

TEST_CASE("sanx exposure of an unknown entity is bad input, exit 2", "[cli][exposure]") {
  TempDir dir;
  const std::string db = "--db '" + (dir / "demo.db").string() + "'";
  REQUIRE(run_sanx("import datasets/demo " + db).exit_code == 0);
  auto r = run_sanx("exposure demo:nobody " + db);
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "no entity `demo:nobody`"));
}

namespace {

/// The number of findings of `rule` kept with run `run` in the database file `path`.
long long kept_findings(const std::string& path, long long run, const std::string& rule) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT count(*) FROM findings WHERE run_id = ?1 AND rule = ?2", -1, &stmt, nullptr) ==
          SQLITE_OK);
  sqlite3_bind_int64(stmt, 1, run);
  sqlite3_bind_text(stmt, 2, rule.c_str(), -1, SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  const long long n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

}  // namespace

TEST_CASE("sanx exposure --all computes every demo entity, agrees with the single-entity query and keeps the run",
          "[cli][exposure]") {
  TempDir dir;
  const std::string path = (dir / "demo.db").string();
  const std::string db = "--db '" + path + "'";
  REQUIRE(run_sanx("import datasets/demo " + db).exit_code == 0);
  auto r = run_sanx("exposure --all --as-of 2025-06-30 --format json " + db);
  INFO(r.err);
  CHECK(r.exit_code == 1);
  const auto out = nlohmann::json::parse(r.out);
  REQUIRE(out["results"].size() == 3);
  CHECK(out["run"].get<long long>() > 0);
  for (const auto& regime : out["results"]) {
    INFO(regime["regime"]);
    std::size_t total = 0;
    for (const auto& [status, count] : regime["counts"].items()) total += count.get<std::size_t>();
    CHECK(total == out["entities"].get<std::size_t>());
    CHECK(regime["entities"].size() == total - regime["counts"]["not_blocked"].get<std::size_t>());
    const std::string rule = std::string("exposure.") + (regime["regime"] == "OFAC" ? "ofac" : regime["regime"] == "EU" ? "eu" : "uk");
    CHECK(kept_findings(path, out["run"].get<long long>(), rule) == static_cast<long long>(regime["entities"].size()));
  }
  // Every entity that --all reports blocked under OFAC is blocked when asked alone, with the same share.
  std::size_t compared = 0;
  for (const auto& e : out["results"][0]["entities"]) {
    if (e["status"] != "blocked" || compared == 3) continue;
    ++compared;
    auto one = run_sanx("exposure " + e["entity"].get<std::string>() + " --regime OFAC --as-of 2025-06-30 --format json " + db);
    const auto single = nlohmann::json::parse(one.out);
    CHECK(single["results"][0]["status"] == "blocked");
    CHECK(single["results"][0]["share"] == e["share"]);
  }
  CHECK(compared == 3);
}

TEST_CASE("sanx exposure needs exactly one of ENTITY_ID and --all, and a near-threshold percentage", "[cli][exposure]") {
  TempDir dir;
  const std::string db = "--db '" + (dir / "demo.db").string() + "'";
  REQUIRE(run_sanx("import datasets/demo " + db).exit_code == 0);
  auto none = run_sanx("exposure " + db);
  CHECK(none.exit_code == 2);
  CHECK(contains(none.err, "--all"));
  CHECK(run_sanx("exposure demo:it-co-ferrara-componenti --all " + db).exit_code == 2);
  auto bad = run_sanx("exposure --all --near-from 140 " + db);
  CHECK(bad.exit_code == 2);
  CHECK(contains(bad.err, "--near-from `140`"));
}

TEST_CASE("sanx exposure --near-from moves the near-threshold band", "[cli][exposure]") {
  TempDir dir;
  const std::string db = "--db '" + (dir / "demo.db").string() + "'";
  REQUIRE(run_sanx("import datasets/demo " + db).exit_code == 0);
  auto count_near = [&](const std::string& extra) {
    auto r = run_sanx("exposure --all --regime OFAC --as-of 2025-06-30 --format json " + extra + " " + db);
    return nlohmann::json::parse(r.out)["results"][0]["counts"]["near_threshold"].get<int>();
  };
  const int wide = count_near("--near-from 40");
  const int narrow = count_near("--near-from 45%");
  CHECK(wide > narrow);
  CHECK(narrow >= 1);  // 49.9% is near under both
}

TEST_CASE("sanx exposure notes when an entity's recorded owners hold more than 100% and still computes it",
          "[cli][exposure]") {
  TempDir dir;
  dir.write("w/dataset.toml", R"([dataset]
name = "w"
as_of = 2025-01-01
[[files]]
path = "entities.csv"
kind = "entities"
[[files]]
path = "designations.csv"
kind = "designations"
[[files]]
path = "relations.csv"
kind = "relations"
)");
  dir.write("w/entities.csv", "id,kind,name,aliases,country,identifiers,birth_date,incorporated,address\n"
                              "x,person,Xenia Listed,,RU,,1970,,\n"
                              "y,person,Yuri Other,,RU,,1971,,\n"
                              "t,company,Target Ltd,,CY,,,2010-01-01,\n"
                              "t2,company,Target Two Ltd,,CY,,,2010-01-01,\n");
  dir.write("w/designations.csv", "entity,regime,list,programs,listed_from,listed_to\nx,OFAC,SDN,RUSSIA-EO14024,2022-01-01,\n");
  dir.write("w/relations.csv", "source,target,kind,share,basis,start,end\n"
                               "x,t,ownership,60,,2020-01-01,\n"
                               "y,t,ownership,70,,2020-01-01,\n"
                               "y,t2,ownership,10,,2020-01-01,\n");
  const std::string db = "--db '" + (dir / "w.db").string() + "'";
  auto imported = run_sanx("import " + (dir / "w").string() + " " + db);
  CHECK(imported.exit_code == 0);
  CHECK(contains(imported.err, "W2103"));
  auto r = run_sanx("exposure t --regime OFAC --as-of 2024-01-01 --format json " + db);
  CHECK(r.exit_code == 1);
  const auto out = nlohmann::json::parse(r.out);
  CHECK(out["results"][0]["status"] == "blocked");
  bool noted = false;
  for (const auto& note : out["results"][0]["notes"]) noted = noted || contains(note.get<std::string>(), "130%");
  CHECK(noted);
  // t2 shares no relation with the problem: no such note, and t is not mistaken for a prefix of t2.
  auto other = nlohmann::json::parse(run_sanx("exposure t2 --regime OFAC --as-of 2024-01-01 --format json " + db).out);
  CHECK(other["results"][0]["notes"].empty());
}

namespace {

/// A database holding the demo world, shared by the screening tests (they only read it).
const std::string& demo_db() {
  static TempDir dir;
  static const std::string db = [] {
    const std::string option = "--db '" + (dir / "demo.db").string() + "'";
    REQUIRE(run_sanx("import datasets/demo " + option).exit_code == 0);
    return option;
  }();
  return db;
}

}  // namespace

TEST_CASE("sanx screen finds a listed person from a Cyrillic query, with its designations and the reasons",
          "[cli][screen]") {
  auto r = run_sanx("screen 'Аркадий Воронин' --kind person --as-of 2025-06-30 --format json " + demo_db());
  INFO(r.err);
  CHECK(r.exit_code == 1);
  const auto out = nlohmann::json::parse(r.out);
  CHECK(out["query"]["name"] == "Аркадий Воронин");
  REQUIRE_FALSE(out["hits"].empty());
  const auto& hit = out["hits"][0];
  CHECK(hit["id"] == "demo:ru-person-arkady-voronin");
  CHECK(hit["score"].get<double>() >= 0.9);
  CHECK(hit["score"].get<double>() <= 1.0);
  CHECK_FALSE(hit["features"].empty());
  std::set<std::string> regimes;
  for (const auto& d : hit["designations"]) regimes.insert(d["regime"].get<std::string>());
  CHECK(regimes == std::set<std::string>{"OFAC", "EU", "UK"});
}

TEST_CASE("sanx screen keeps only parties designated under --regime on --as-of", "[cli][screen]") {
  auto before = run_sanx("screen 'Arkady Voronin' --as-of 2022-03-01 --format json " + demo_db());
  CHECK(before.exit_code == 0);  // listed from 2022-03-15 at the earliest
  CHECK(nlohmann::json::parse(before.out)["hits"].empty());
  auto uk_only = run_sanx("screen 'Arkady Voronin' --regime uk --as-of 2022-03-20 --format json " + demo_db());
  CHECK(uk_only.exit_code == 1);
  const auto hits = nlohmann::json::parse(uk_only.out)["hits"];
  REQUIRE(hits.size() == 1);
  REQUIRE(hits[0]["designations"].size() == 1);
  CHECK(hits[0]["designations"][0]["regime"] == "UK");
}

TEST_CASE("sanx screen refuses bad queries with exit 2 and a reason", "[cli][screen]") {
  CHECK(run_sanx("screen '   ' " + demo_db()).exit_code == 2);
  CHECK(run_sanx("screen " + std::string(10000, 'a') + " " + demo_db()).exit_code == 2);
  auto utf8 = run_sanx("screen \"$(printf 'Vor\\377\\376nin')\" " + demo_db());  // invalid UTF-8
  CHECK(utf8.exit_code == 2);
  CHECK(contains(utf8.err, "UTF-8"));
  auto kind = run_sanx("screen Voronin --kind robot " + demo_db());
  CHECK(kind.exit_code == 2);
  CHECK(contains(kind.err, "--kind"));
  CHECK(run_sanx("screen Voronin --dob 14/08/1961 " + demo_db()).exit_code == 2);
  CHECK(run_sanx("screen " + demo_db()).exit_code == 2);
}

TEST_CASE("sanx screen --input writes one JSON line per row in order, with bad rows as errors, and goes on",
          "[cli][screen]") {
  TempDir dir;
  dir.write("batch.csv", "id,name,kind,country,dob\n"
                         "c1,Аркадий Воронин,person,RU,1961\n"
                         "c2,,person,,\n"
                         "c3,Vneshtorgkredit Bank,company,RU,\n"
                         "c4,Harbour Lights Bakery,company,IE,\n"
                         "c5,Someone,robot,,\n");
  auto r = run_sanx("screen --input '" + (dir / "batch.csv").string() + "' --as-of 2025-06-30 --threads 2 " + demo_db());
  CHECK(r.exit_code == 2);  // bad rows make the run's exit code 2, after every row is written
  CHECK(contains(r.err, "E2602"));
  CHECK(contains(r.err, "E2603"));
  std::vector<nlohmann::json> rows;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) rows.push_back(nlohmann::json::parse(line));
  REQUIRE(rows.size() == 5);
  CHECK(rows[0]["id"] == "c1");
  CHECK(rows[0]["line"] == 2);
  REQUIRE_FALSE(rows[0]["hits"].empty());
  CHECK(rows[0]["hits"][0]["id"] == "demo:ru-person-arkady-voronin");
  CHECK(rows[1]["error"]["code"] == "E2602");
  CHECK(rows[1]["line"] == 3);
  CHECK(rows[2]["hits"][0]["id"] == "demo:ru-bank-vneshtorgkredit");
  CHECK(rows[3]["hits"].empty());
  CHECK(rows[4]["error"]["code"] == "E2603");
}
