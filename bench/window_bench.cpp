// Window benchmark: the SHETAB structuring rule (count and sum of an originator's SHETAB USD operations in
// the 30 days before each payment) over N synthetic payments, against a hand-written C++ peer that computes
// the same two aggregates with a sort and a sliding window per originator: the best a dedicated program
// can do, measured in the same run, which must find the same payments.
//
//   sanx_window_bench [--payments N] [--parties P] [--runs R] [--where subject|constant|both]
//
// Prints one line per engine and form of the rule: payments/s (best of R runs; sanx with 1 and 2 threads,
// its window index build included, as eval::evaluate builds it) and the number of findings. The rule is
// written twice: matching the subject's network and currency (the general path: the condition is
// evaluated on every candidate for every subject), and naming them (precomputed once per candidate).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/check/check.hpp"
#include "sanx/compile/rule_set.hpp"
#include "sanx/core/date.hpp"
#include "sanx/core/decimal.hpp"
#include "sanx/core/diagnostic.hpp"
#include "sanx/dsl/parse.hpp"
#include "sanx/eval/evaluator.hpp"
#include "sanx/model/dataset.hpp"

using namespace sanx;

namespace {

// The candidates are matched on the subject's own network and currency, so the residual condition of each
// window depends on the subject, the general case (the `when` makes them SHETAB and USD).
constexpr std::string_view kRule = R"(
rule card_bursts {
  meta { severity = high }
  on payment p
  let earlier = count payment q where q.originator == p.originator and q.network == p.network
                and q.currency == p.currency within 30d before
  let earlier_total = sum q.amount over payment q where q.originator == p.originator
                      and q.network == p.network and q.currency == p.currency within 30d before
  when p.network == "SHETAB" and p.currency == "USD" and earlier >= 13 and earlier_total + p.amount > 10000
}
)";

// The same rule with the network and currency named: the `where` reads the candidate alone.
constexpr std::string_view kConstantRule = R"(
rule card_bursts {
  meta { severity = high }
  on payment p
  let earlier = count payment q where q.originator == p.originator and q.network == "SHETAB"
                and q.currency == "USD" within 30d before
  let earlier_total = sum q.amount over payment q where q.originator == p.originator
                      and q.network == "SHETAB" and q.currency == "USD" within 30d before
  when p.network == "SHETAB" and p.currency == "USD" and earlier >= 13 and earlier_total + p.amount > 10000
}
)";

/// Parses, checks and compiles one rule text; nullopt (diagnostics printed) when it has errors.
std::optional<compile::RuleSet> compile_text(std::string_view text) {
  dsl::Pack pack;
  const core::FileId file = pack.sources.add("window_bench.rules", std::string(text));
  dsl::ParseResult parsed = dsl::parse(pack.sources, file);
  core::Diagnostics diags = std::move(parsed.diagnostics);
  pack.files.push_back(std::move(parsed.file));
  if (!diags.has_errors()) check::check(pack, diags);
  for (const core::Diagnostic& d : diags.items()) std::fprintf(stderr, "%s\n", core::render_text(d).c_str());
  if (diags.has_errors()) return std::nullopt;
  return compile::compile(pack);
}

struct Rng {  // splitmix64: deterministic across platforms
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  std::uint64_t below(std::uint64_t n) { return next() % n; }
};

/// Payments by `parties` originators over one year; 40% SHETAB, 80% of those in USD, 50–1,500 USD; a fifth
/// of them by the busiest 1% of the originators.
model::Dataset generate(std::size_t n, std::size_t parties, std::vector<std::uint32_t>& originator) {
  model::Dataset d;
  for (std::size_t i = 0; i < parties; ++i) {
    model::Entity e;
    e.id = fmt::format("bench:party-{}", i);
    e.kind = model::EntityKind::company;
    e.names.push_back({fmt::format("Party {}", i), model::NameKind::primary, "Latn"});
    e.countries = {"IR"};
    d.entities.push_back(std::move(e));
    d.entity_origin.push_back({"generated", static_cast<std::uint32_t>(i + 1)});
  }
  Rng rng{42};
  const std::int32_t start = core::Date::ymd(2024, 1, 1).days_since_epoch();
  for (std::size_t i = 0; i < n; ++i) {
    model::Payment p;
    p.id = fmt::format("P{}", i + 1);
    p.date = core::Date::from_days_since_epoch(start + static_cast<std::int32_t>(rng.below(365)));
    // A fifth of the payments come from the busiest 1% of the parties, who are the ones to find.
    const std::size_t busy = std::max<std::size_t>(1, parties / 100);
    originator.push_back(static_cast<std::uint32_t>(rng.below(10) < 2 ? rng.below(busy) : rng.below(parties)));
    p.originator = fmt::format("bench:party-{}", originator.back());
    p.beneficiary = p.originator;
    p.network = rng.below(10) < 4 ? model::Network::shetab : model::Network::swift;
    p.currency = rng.below(10) < 8 ? "USD" : "EUR";
    p.amount = core::Decimal::from_int(static_cast<std::int64_t>(50 + rng.below(1451)));
    d.payments.push_back(std::move(p));
    d.payment_origin.push_back({"generated", static_cast<std::uint32_t>(i + 1)});
  }
  d.build_indices();
  for (const model::Payment& p : d.payments) {
    model::PaymentRefs refs;
    refs.originator = d.find_entity(p.originator);
    refs.beneficiary = d.find_entity(p.beneficiary);
    d.payment_refs.push_back(std::move(refs));
  }
  d.build_payment_columns();
  return d;
}

/// The peer: per originator, its qualifying operations sorted by date; for each qualifying payment, the
/// operations dated in [date − 30, date] other than itself, by two pointers. Amounts are whole dollars here.
std::size_t peer(const model::Dataset& d, const std::vector<std::uint32_t>& originator, std::size_t parties) {
  struct Op {
    std::int32_t date;
    std::uint32_t ix;
    std::int64_t amount;
  };
  std::vector<std::vector<Op>> by(parties);
  for (std::size_t i = 0; i < d.payments.size(); ++i) {
    const model::Payment& p = d.payments[i];
    if (p.network != model::Network::shetab || p.currency != "USD") continue;
    by[originator[i]].push_back({p.date.days_since_epoch(), static_cast<std::uint32_t>(i), p.amount.mantissa()});
  }
  std::size_t findings = 0;
  for (auto& ops : by) {
    std::sort(ops.begin(), ops.end(), [](const Op& a, const Op& b) { return a.date < b.date; });
    std::size_t lo = 0;
    std::size_t hi = 0;  // [lo, hi): dated in [date − 30, date]
    std::int64_t sum = 0;
    for (std::size_t k = 0; k < ops.size(); ++k) {
      while (hi < ops.size() && ops[hi].date <= ops[k].date) sum += ops[hi++].amount;
      while (ops[lo].date < ops[k].date - 30) sum -= ops[lo++].amount;
      const std::size_t count = hi - lo - 1;  // not itself
      if (count + 1 >= 14 && sum > 10000) ++findings;  // sum includes itself: total + p.amount
    }
  }
  return findings;
}

template <typename F>
double best_of(int runs, F&& f) {
  double best = 1e300;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 1000000;
  std::size_t parties = 20000;
  int runs = 3;
  std::string where = "both";
  CLI::App app{"A window rule over generated payments, its key a subject path or a constant, on 1 and 2 threads."};
  app.add_option("--payments", n, "Payments to generate")->capture_default_str();
  app.add_option("--parties", parties, "Originators they are spread over")->capture_default_str();
  app.add_option("--runs", runs, "Timed runs (the best is reported)")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--where", where, "Which rule form")->capture_default_str()->check(CLI::IsMember({"subject", "constant", "both"}));
  app.footer("Example:\n  sanx_window_bench --payments 1000000 --parties 20000 --runs 3");
  CLI11_PARSE(app, argc, argv);
  std::vector<std::uint32_t> originator;
  const model::Dataset data = generate(n, parties, originator);

  for (const auto& [form, text] : {std::pair{"subject", kRule}, std::pair{"constant", kConstantRule}}) {
    if (where != "both" && where != form) continue;
    const std::optional<compile::RuleSet> rules = compile_text(text);
    if (!rules) return 1;
    for (const std::size_t threads : {std::size_t{1}, std::size_t{2}}) {
      eval::EvalOptions options;
      options.threads = threads;
      std::size_t findings = 0;
      const double s = best_of(runs, [&] { findings = eval::evaluate(*rules, data, options).size(); });
      fmt::print("sanx where={} threads={} payments={} payments_per_s={:.0f} findings={} seconds={:.4f}\n", form,
                 threads, n, static_cast<double>(n) / s, findings, s);
      std::fflush(stdout);
    }
  }
  std::size_t findings = 0;
  const double s = best_of(runs, [&] { findings = peer(data, originator, parties); });
  fmt::print("c++-sliding-window threads=1 payments={} payments_per_s={:.0f} findings={} seconds={:.4f}\n", n,
             static_cast<double>(n) / s, findings, s);
  return 0;
}
