// Ownership exposure benchmark (bench/ownership_bench.sh): a deterministic synthetic ownership graph,
// graph::OwnershipAnalysis under OFAC, the EU and the UK (each alone, then all three on 2 threads),
// single-entity query latency, and the obvious SQL alternative in SQLite for OFAC (an iterated
// INSERT … SELECT … GROUP BY … HAVING SUM(share) >= 50 until no row is added), which must find exactly
// the same blocked set: the program exits with 1 if it does not.
//
//   sanx_ownership_bench [--entities N] [--edges M] [--seeds S] [--queries Q] [--runs R] [--no-sql]
#include <sqlite3.h>
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ownership_gen.hpp"
#include "sanx/graph/ownership.hpp"

namespace graph = sanx::graph;
namespace model = sanx::model;
namespace core = sanx::core;
namespace bench = sanx::bench;

namespace {

using bench::kOwnershipAsOf;

struct Options {
  bench::OwnershipShape shape;
  std::size_t queries = 10'000;
  int runs = 3;
  bool sql = true;
};

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

long peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

/// The best of `runs` wall-clock times of `work`.
double best_of(int runs, const std::function<void()>& work) {
  double best = 1e300;
  for (int i = 0; i < runs; ++i) {
    const auto t = std::chrono::steady_clock::now();
    work();
    best = std::min(best, seconds_since(t));
  }
  return best;
}

std::vector<std::uint32_t> blocked_set(const graph::OwnershipAnalysis& a, std::size_t n) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t e = 0; e < n; ++e) {
    const auto s = a.status(model::EntityIx{e});
    if (s == graph::Status::listed || s == graph::Status::blocked) out.push_back(e);
  }
  return out;
}

// --- The SQL peer ------------------------------------------------------------------------------------

void exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error != nullptr ? error : "?";
    sqlite3_free(error);
    throw std::runtime_error(fmt::format("SQLite: {} in {}", message, sql));
  }
}

struct Statement {
  sqlite3_stmt* stmt = nullptr;
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) throw std::runtime_error(sqlite3_errmsg(db));
  }
  ~Statement() { sqlite3_finalize(stmt); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  void text(int i, const std::optional<core::Date>& d) {
    if (d) {
      const std::string s = d->to_string();
      sqlite3_bind_text(stmt, i, s.c_str(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    } else {
      sqlite3_bind_null(stmt, i);
    }
  }
  void step_reset() {
    if (sqlite3_step(stmt) != SQLITE_DONE) throw std::runtime_error("SQLite step failed");
    sqlite3_reset(stmt);
  }
};

struct SqlResult {
  double load_seconds = 0;
  double compute_seconds = 0;
  int iterations = 0;
  std::vector<std::uint32_t> blocked;
};

/// Relations and designations as tables (shares as integer hundredths of a percent: exact), then the
/// OFAC rule as the obvious iterated aggregate.
SqlResult sql_peer(const model::Dataset& data) {
  SqlResult out;
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) throw std::runtime_error("cannot open SQLite");
  auto t = std::chrono::steady_clock::now();
  exec(db, "CREATE TABLE relations(src INTEGER, dst INTEGER, kind TEXT, share INTEGER, start TEXT, end TEXT)");
  exec(db, "CREATE TABLE designations(entity INTEGER, regime TEXT, list TEXT, listed_from TEXT, listed_to TEXT)");
  exec(db, "BEGIN");
  {
    Statement rel(db, "INSERT INTO relations VALUES (?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < data.relations.size(); ++i) {
      const auto& r = data.relations[i];
      sqlite3_bind_int64(rel.stmt, 1, data.relation_refs[i].source.value);
      sqlite3_bind_int64(rel.stmt, 2, data.relation_refs[i].target.value);
      sqlite3_bind_text(rel.stmt, 3, r.kind == model::RelationKind::ownership ? "ownership" : "control", -1, SQLITE_STATIC);
      if (r.share) {
        std::int64_t h = r.share->mantissa();
        for (int s = r.share->scale(); s < 2; ++s) h *= 10;
        sqlite3_bind_int64(rel.stmt, 4, h);
      } else {
        sqlite3_bind_null(rel.stmt, 4);
      }
      rel.text(5, r.start);
      rel.text(6, r.end);
      rel.step_reset();
    }
    Statement des(db, "INSERT INTO designations VALUES (?, ?, ?, ?, ?)");
    for (const auto& d : data.designations) {
      sqlite3_bind_int64(des.stmt, 1, data.find_entity(d.entity).value);
      sqlite3_bind_text(des.stmt, 2, d.regime.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(des.stmt, 3, d.list.c_str(), -1, SQLITE_TRANSIENT);
      des.text(4, d.listed_from);
      des.text(5, d.listed_to);
      des.step_reset();
    }
  }
  exec(db, "COMMIT");
  out.load_seconds = seconds_since(t);

  t = std::chrono::steady_clock::now();
  const std::string as_of = kOwnershipAsOf.to_string();
  exec(db, fmt::format("CREATE TABLE owns AS SELECT src, dst, share FROM relations WHERE kind = 'ownership' AND "
                       "share IS NOT NULL AND (start IS NULL OR start <= '{0}') AND (end IS NULL OR end > '{0}')",
                       as_of)
               .c_str());
  exec(db, "CREATE INDEX owns_src ON owns(src)");
  exec(db, "CREATE TABLE blocked(id INTEGER PRIMARY KEY)");
  exec(db, fmt::format("INSERT OR IGNORE INTO blocked SELECT entity FROM designations WHERE regime = 'OFAC' AND "
                       "list = 'SDN' AND (listed_from IS NULL OR listed_from <= '{0}') AND (listed_to IS NULL OR "
                       "listed_to > '{0}')",
                       as_of)
               .c_str());
  // Each round sums, for every entity not yet blocked, the shares its blocked owners hold.
  const char* round = "INSERT INTO blocked SELECT o.dst FROM owns o JOIN blocked b ON b.id = o.src "
                      "WHERE o.dst NOT IN (SELECT id FROM blocked) GROUP BY o.dst HAVING SUM(o.share) >= 5000";
  do {
    exec(db, round);
    ++out.iterations;
  } while (sqlite3_changes(db) > 0);
  out.compute_seconds = seconds_since(t);

  Statement all(db, "SELECT id FROM blocked ORDER BY id");
  while (sqlite3_step(all.stmt) == SQLITE_ROW) out.blocked.push_back(static_cast<std::uint32_t>(sqlite3_column_int64(all.stmt, 0)));
  sqlite3_close(db);
  return out;
}

// --- Queries -----------------------------------------------------------------------------------------

struct Latency {
  double p50_us = 0;
  double p99_us = 0;
  double max_us = 0;
  std::size_t count = 0;
};

Latency latency(const graph::OwnershipAnalysis& a, const std::vector<std::uint32_t>& entities) {
  std::vector<double> us;
  us.reserve(entities.size());
  for (const std::uint32_t e : entities) {
    const auto t = std::chrono::steady_clock::now();
    const graph::Exposure x = a.exposure(model::EntityIx{e});
    us.push_back(seconds_since(t) * 1e6);
  }
  if (us.empty()) return {};
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<std::size_t>(q * static_cast<double>(us.size())))]; };
  return {at(0.5), at(0.99), us.back(), us.size()};
}

}  // namespace

int main(int argc, char** argv) try {
  Options o;
  CLI::App app{"Ownership exposure over a generated world: every regime's analysis, query latency, and the\n"
               "SQLite peer of the same blocked set (docs/benchmarks.md)."};
  app.add_option("--entities", o.shape.entities, "Entities")->capture_default_str();
  app.add_option("--edges", o.shape.edges, "Ownership and control relations")->capture_default_str();
  app.add_option("--seeds", o.shape.seeds, "Listed persons")->capture_default_str();
  app.add_option("--queries", o.queries, "exposure() queries timed one by one")->capture_default_str();
  app.add_option("--runs", o.runs, "Timed runs (the best is reported)")->capture_default_str()->check(CLI::PositiveNumber);
  bool no_sql = false;
  app.add_flag("--no-sql", no_sql, "Skip the SQLite peer");
  app.footer("Example:\n  sanx_ownership_bench --entities 1000000 --edges 3000000 --seeds 20000 --queries 10000 --runs 3");
  CLI11_PARSE(app, argc, argv);
  o.sql = !no_sql;
  auto t = std::chrono::steady_clock::now();
  const model::Dataset data = bench::generate_ownership(o.shape);
  fmt::print("generated {} entities, {} relations, {} designations in {:.2f} s (not timed below); peak RSS "
             "so far {} MB\n",
             data.entities.size(), data.relations.size(), data.designations.size(), seconds_since(t), peak_rss_mb());
  graph::ExposureOptions options;
  options.as_of = kOwnershipAsOf;
  const std::array regimes{graph::Regime::ofac, graph::Regime::eu, graph::Regime::uk};

  // Each regime alone, on one thread: build (adjacency of the relations in force) + every entity.
  std::array<double, 3> alone{};
  for (std::size_t r = 0; r < regimes.size(); ++r) {
    alone[r] = best_of(o.runs, [&] { const graph::OwnershipAnalysis a(data, regimes[r], options); });
  }
  // All three on 2 threads: OFAC then the EU on one, the UK (the slowest) on the other.
  const double together = best_of(o.runs, [&] {
    std::thread uk([&] { const graph::OwnershipAnalysis a(data, graph::Regime::uk, options); });
    { const graph::OwnershipAnalysis a(data, graph::Regime::ofac, options); }
    { const graph::OwnershipAnalysis a(data, graph::Regime::eu, options); }
    uk.join();
  });

  // Results and query latency: kept alive together, so the peak RSS includes all three analyses.
  std::vector<graph::OwnershipAnalysis> analyses;
  for (const auto regime : regimes) analyses.emplace_back(data, regime, options);
  const long rss = peak_rss_mb();

  fmt::print("\n| regime | build + all entities, 1 thread (s, best of {}) | listed | blocked | possibly | controlled | near | query p50 (µs) | p99 (µs) | max (µs) | blocked-only p50 / p99 (µs) |\n",
             o.runs);
  fmt::print("|---|---|---|---|---|---|---|---|---|---|---|\n");
  std::mt19937_64 rng(7);
  std::vector<std::uint32_t> sample(o.queries);
  for (auto& e : sample) e = static_cast<std::uint32_t>(rng() % data.entities.size());
  for (std::size_t r = 0; r < regimes.size(); ++r) {
    const auto& a = analyses[r];
    std::array<std::size_t, 6> counts{};
    std::vector<std::uint32_t> reached;
    for (std::uint32_t e = 0; e < data.entities.size(); ++e) {
      const auto s = a.status(model::EntityIx{e});
      ++counts[static_cast<std::size_t>(s)];
      if (s == graph::Status::blocked || s == graph::Status::controlled || s == graph::Status::possibly_blocked) {
        reached.push_back(e);
      }
    }
    std::shuffle(reached.begin(), reached.end(), rng);
    reached.resize(std::min(reached.size(), o.queries));
    const Latency any = latency(a, sample);
    const Latency hit = latency(a, reached);
    fmt::print("| {} | {:.3f} | {} | {} | {} | {} | {} | {:.1f} | {:.1f} | {:.0f} | {:.1f} / {:.1f} |\n",
               graph::to_string(regimes[r]), alone[r], counts[0], counts[1], counts[2], counts[3], counts[4],
               any.p50_us, any.p99_us, any.max_us, hit.p50_us, hit.p99_us);
  }
  fmt::print("\nall three regimes on 2 threads (build + all entities, best of {}): {:.3f} s (goal ≤ 10 s)\n", o.runs,
             together);
  fmt::print("peak RSS with the dataset and the three analyses: {} MB (goal ≤ 2048 MB)\n", rss);

  if (!o.sql) return 0;
  const auto ours = blocked_set(analyses[0], data.entities.size());
  const SqlResult peer = sql_peer(data);
  const bool same = ours == peer.blocked;
  fmt::print("\nSQLite peer (OFAC): load {:.2f} s (not compared); iterated INSERT … GROUP BY … HAVING: {} rounds, "
             "{:.3f} s; sanx OFAC {:.3f} s; ratio {:.1f}x\n",
             peer.load_seconds, peer.iterations, peer.compute_seconds, alone[0], peer.compute_seconds / alone[0]);
  fmt::print("blocked set (listed or blocked): sanx {}, SQLite {}: {}\n", ours.size(), peer.blocked.size(),
             same ? "identical" : "DIFFERENT");
  return same ? 0 : 1;
} catch (const std::exception& e) {
  fmt::print(stderr, "ownership_bench: {}\n", e.what());
  return 2;
}
