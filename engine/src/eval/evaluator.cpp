#include "sanx/eval/evaluator.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <exception>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include <sys/resource.h>

#include "compile/ir.hpp"
#include "eval/build_crew.hpp"
#include "eval/candidate_columns.hpp"
#include "eval/column_read.hpp"
#include "eval/filter.hpp"
#include "eval/large_blocks.hpp"
#include "eval/machine.hpp"
#include "eval/typology.hpp"
#include "eval/window_index.hpp"

namespace sanx::eval {

namespace {

using compile::SubjectKind;

constexpr std::array kKinds{SubjectKind::payment, SubjectKind::shipment, SubjectKind::entity, SubjectKind::relation};

/// A range of subjects of one kind, evaluated by one thread against the rules of that kind that need no
/// window index, or against those that do (`windowed`): the latter only once the indexes are built.
struct Chunk {
  SubjectKind kind;
  std::uint32_t begin;
  std::uint32_t end;
  bool windowed;
  /// The pass of the same range with the rules with windows (in the chunks), when this one is without
  /// them and that one exists; else kNoTwin.
  std::uint32_t twin;
};

constexpr std::uint32_t kNoTwin = 0xffffffffU;

/// One thread's findings, in blocks reserved once: a finding is written in its block and later moved into
/// the result, never again when the storage grows. A block is 2 MiB (large_blocks.hpp): a finding is
/// 48 bytes (its texts are in its FindingTexts piece), ~43,000 a block, so the 1M world's ~330,000 findings
/// take ~16 MB of blocks. Beside them, each finding's place in
/// the output order (rule, then subject) with its address: the keys are what putting the findings in order
/// reads, and reading them from the findings themselves was a cache miss a finding (15-30 ms on the 1M world).
class PlacedFindings {
 public:
  using Block = std::vector<Finding, BlockAllocator<Finding>>;
  /// A new finding of `header` for rule r on subject s, for the caller to write.
  Finding& add(std::uint32_t rule, std::uint32_t subject, const std::shared_ptr<const FindingRule>& header) {
    if (blocks_.empty() || blocks_.back().size() == kBlock) blocks_.emplace_back().reserve(kBlock);
    Finding& f = blocks_.back().emplace_back(header);
    keys_.emplace_back((std::uint64_t{rule} << 32) | subject, &f);
    return f;
  }
  [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }
  /// The findings' keys and addresses, in the order they were added.
  [[nodiscard]] const std::vector<KeyedFinding>& keys() const noexcept { return keys_; }

 private:
  static constexpr std::size_t kBlock = kPerBlock<Finding>;
  std::vector<Block> blocks_;
  std::vector<KeyedFinding> keys_;
};

std::size_t subject_count(const model::Dataset& data, SubjectKind kind) {
  switch (kind) {
    case SubjectKind::payment: return data.payments.size();
    case SubjectKind::shipment: return data.shipments.size();
    case SubjectKind::entity: return data.entities.size();
    case SubjectKind::relation: return data.relations.size();
  }
  return 0;
}

/// Whether any rule calls one of `builtins`: only then is what they read built (an ownership timeline,
/// a screening index).
bool uses(const compile::RuleSet::Impl& impl, std::initializer_list<check::Builtin> builtins) {
  for (const auto& rule : impl.rules) {
    for (const compile::Node& n : rule.nodes) {
      if (n.op != compile::Op::call) continue;
      for (const check::Builtin b : builtins) {
        if (static_cast<check::Builtin>(n.field) == b) return true;
      }
    }
  }
  return false;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// The process's minor page faults so far.
std::uint64_t minor_faults() {
  rusage usage{};
  return getrusage(RUSAGE_SELF, &usage) == 0 ? static_cast<std::uint64_t>(usage.ru_minflt) : 0;
}

/// One thread's counts for one rule, added up into the profile after the threads finish.
struct Tally {
  double seconds = 0;
  std::uint64_t reached = 0, fired = 0, undetermined = 0;
};

EvalProfile make_profile(const compile::RuleSet::Impl& impl, const model::Dataset& data,
                         const std::vector<std::vector<Tally>>& tallies, const WindowIndexes* windows) {
  EvalProfile profile;
  for (std::size_t r = 0; r < impl.rules.size(); ++r) {
    RuleCost cost;
    cost.rule = impl.rules[r].summary.name;
    cost.subject_kind = impl.rules[r].summary.subject_kind;
    cost.subjects = subject_count(data, impl.rules[r].subject);
    cost.index_seconds = windows != nullptr ? windows->seconds(r) : 0.0;
    for (const auto& thread : tallies) {
      cost.seconds += thread[r].seconds;
      cost.reached += thread[r].reached;
      cost.fired += thread[r].fired;
      cost.undetermined += thread[r].undetermined;
    }
    profile.rules.push_back(std::move(cost));
  }
  return profile;
}

}  // namespace

std::vector<Finding> evaluate(const compile::RuleSet& rules, const model::Dataset& data, const EvalOptions& options) {
  const compile::RuleSet::Impl& impl = rules.impl();
  std::array<std::vector<std::uint32_t>, kKinds.size()> rules_of;
  for (std::size_t r = 0; r < impl.rules.size(); ++r) {
    rules_of[static_cast<std::size_t>(impl.rules[r].subject)].push_back(static_cast<std::uint32_t>(r));
  }

  // The rules with windows need the window indexes, built first; the others are evaluated meanwhile
  // (every range's pass without windows comes before any pass with them).
  std::array<std::vector<std::uint32_t>, kKinds.size()> windowed_of;
  const std::array<std::vector<std::uint32_t>, kKinds.size()> all_of = rules_of;
  for (std::size_t k = 0; k < kKinds.size(); ++k) {
    const auto plain_end = std::stable_partition(rules_of[k].begin(), rules_of[k].end(),
                                                 [&](std::uint32_t r) { return impl.rules[r].windows.empty(); });
    windowed_of[k].assign(plain_end, rules_of[k].end());
    rules_of[k].erase(plain_end, rules_of[k].end());
  }

  const std::size_t threads = std::max<std::size_t>(1, options.threads);
  std::vector<Chunk> chunks;
  std::vector<Chunk> windowed_chunks;
  std::size_t total = 0;
  // About eight ranges per thread. On several threads, in whole batches of the filter and down to one
  // batch, so that on a small dataset the threads' last ranges end close together; one thread keeps
  // ranges of at least 4,096 subjects, for its progress reports only.
  const auto range_size = [&](std::size_t n) -> std::size_t {
    if (threads == 1) return std::max<std::size_t>(4096, n / 8 + 1);
    return (std::max<std::size_t>(kBatchRows, n / (threads * 8) + 1) + kBatchRows - 1) / kBatchRows * kBatchRows;
  };
  // On several threads, the kinds whose subjects fit in one range first (on a small dataset, its
  // entities: screening and ownership make one cost as much as many payments), while the threads have
  // the many ranges of the large kinds left to even out their ends with; the others in their order.
  // One thread keeps the order of kKinds: the filter adapts the order of its tests to the batches it has
  // seen, and the payments first suit it best.
  std::array<SubjectKind, kKinds.size()> kinds = kKinds;
  if (threads > 1) {
    std::stable_partition(kinds.begin(), kinds.end(), [&](SubjectKind kind) {
      const std::size_t n = subject_count(data, kind);
      return n <= range_size(n);
    });
  }
  for (const SubjectKind kind : kinds) {
    const auto k = static_cast<std::size_t>(kind);
    if (rules_of[k].empty() && windowed_of[k].empty()) continue;
    const std::size_t n = subject_count(data, kind);
    total += n;
    const std::size_t size = range_size(n);
    for (std::size_t begin = 0; begin < n; begin += size) {
      const auto first = static_cast<std::uint32_t>(begin);
      const auto end = static_cast<std::uint32_t>(std::min(n, begin + size));
      const std::uint32_t twin = windowed_of[k].empty() ? kNoTwin : static_cast<std::uint32_t>(windowed_chunks.size());
      if (!rules_of[k].empty()) chunks.push_back({kind, first, end, false, twin});
      if (twin != kNoTwin) windowed_chunks.push_back({kind, first, end, true, kNoTwin});
    }
  }
  for (Chunk& c : chunks) {
    if (c.twin != kNoTwin) c.twin += static_cast<std::uint32_t>(chunks.size());
  }
  chunks.insert(chunks.end(), windowed_chunks.begin(), windowed_chunks.end());
  // Which windowed passes have been taken: by themselves, or by their twin when the indexes were built by
  // the time it ran (then it runs every rule of its kind at once, reading each batch's filter columns once).
  const auto taken = std::make_unique<std::atomic<bool>[]>(chunks.size());

  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex progress_mutex;
  // The clock starts before the setup below (ownership timeline, identity and name-screening indexes,
  // payment columns): they are part of the audit, and on a small dataset they can be most of it.
  const bool timing = options.profile != nullptr;
  const std::uint64_t faults_before = timing ? minor_faults() : 0;
  const auto started = std::chrono::steady_clock::now();
  const FilterPlan plan(impl);
  // The setup's parts are independent of each other: on several threads they are made at once. The
  // identity index goes first: on a large world it alone takes tens of milliseconds, the others a few.
  std::vector<std::function<void()>> setup;
  std::unique_ptr<IdentityIndex> identity;
  if (uses(impl, {check::Builtin::linked_to, check::Builtin::shared_identity, check::Builtin::shared_identity_detail})) {
    setup.emplace_back([&] { identity = std::make_unique<IdentityIndex>(data, threads); });
  }
  std::optional<graph::ExposureTimeline> ownership;
  if (uses(impl, {check::Builtin::blocked, check::Builtin::owned_share, check::Builtin::controlled,
                  check::Builtin::exposure_paths})) {
    setup.emplace_back([&] { ownership.emplace(data); });
  }
  std::unique_ptr<NameMatcher> names;
  if (uses(impl, {check::Builtin::name_match})) {
    setup.emplace_back([&] { names = std::make_unique<NameMatcher>(data, NameMatcher::floor_for(impl)); });
  }
  std::optional<model::PaymentColumns> own_columns;  // only when the dataset's are out of date
  const bool use_columns = options.batch_filter && !all_of[static_cast<std::size_t>(SubjectKind::payment)].empty();
  const model::PaymentColumns* columns = nullptr;
  if (use_columns) setup.emplace_back([&] { columns = &columns_for(data, own_columns); });
  run_tasks(setup.size(), threads, [&](std::size_t t) { setup[t](); });
  const double setup_seconds = timing ? seconds_since(started) : 0.0;
  // The window indexes and candidate columns are built by the first thread to start (the build is task 0
  // when there are windows), split for all threads: the others evaluate the rules without windows
  // meanwhile and join the build (BuildCrew) when they have no such work left. The machines read the
  // indexes once built (`crew` finished), read-only; a range's pass without windows that starts after that
  // runs its kind's rules with windows too (`taken`), on one thread every pass.
  std::optional<WindowIndexes> windows;
  std::optional<CandidateColumns> candidate_columns;  // for the windows evaluated per subject
  double index_seconds = 0;
  BuildCrew crew;
  std::exception_ptr build_error;
  std::atomic<bool> built{false};  // set once the indexes can be read (or the build failed)
  const std::size_t build_tasks = WindowIndexes::needed(impl) ? 1 : 0;
  auto build = [&] {
    try {
      const BuildThreads build_threads(threads, &crew);
      windows.emplace(impl, data, options.as_of, options.window_precompute, build_threads);
      if (options.window_columns) {
        candidate_columns.emplace(impl, data, options.as_of, build_threads,
                                  [&](std::size_t r, std::size_t w) { return !windows->at(r, w).precomputed; }, &*windows);
      }
    } catch (...) {
      build_error = std::current_exception();
    }
    index_seconds = seconds_since(started);
    built.store(true, std::memory_order_release);
    crew.finish();
  };
  if (build_tasks == 0) crew.finish();
  const std::size_t items = build_tasks + chunks.size();
  std::vector<std::vector<Tally>> tallies(std::min(threads, std::max<std::size_t>(1, items)),
                                          std::vector<Tally>(timing ? impl.rules.size() : 0));
  auto work = [&](PlacedFindings& out, std::vector<Tally>& tally) {
    Machine machine(impl, data, options.as_of);
    machine.set_adaptive_order(options.adaptive_order);
    machine.set_window_gates(options.window_gates);
    if (ownership) machine.set_ownership(&*ownership);
    machine.set_name_matcher(names.get());
    machine.set_identity(identity.get());
    // Made on the thread's first range, not before: the thread that builds the indexes starts with the
    // build, which the rules with windows wait for (a filter's tables take a few million instructions).
    std::optional<Filter> filter;
    BatchMask rows{};
    BatchMask sure{};  // the rows of `rows` whose rule's `when` the filter found true
    // Runs rule r on subject s, counting its outcome when profiling; `known_true`: the filter found its `when` true.
    auto run = [&](std::uint32_t r, SubjectKind kind, std::uint32_t s, bool known_true) {
      machine.begin_subject(kind, s);
      const compile::CompiledRule& rule = impl.rules[r];
      const std::optional<Outcome> outcome = known_true ? machine.decide_true(rule) : machine.decide(rule);
      if (!outcome) return;
      if (timing) ++(*outcome == Outcome::fired ? tally[r].fired : tally[r].undetermined);
      machine.write_finding(rule, *outcome, out.add(r, s, machine.finding_rule(rule)));
    };
    bool ready = false;  // whether the machine reads the built indexes
    for (std::size_t c = next++; c < items; c = next++) {
      if (c < build_tasks) {
        build();
        continue;
      }
      const Chunk& chunk = chunks[c - build_tasks];
      if (chunk.windowed && taken[c - build_tasks].exchange(true)) continue;  // run with its twin
      if (!ready && (chunk.windowed || built.load(std::memory_order_acquire))) {
        crew.help();  // returns once the indexes are built
        if (build_error) return;
        if (windows) machine.set_windows(&*windows);
        if (candidate_columns) machine.set_candidate_columns(&*candidate_columns);
        ready = true;
      }
      const auto k = static_cast<std::size_t>(chunk.kind);
      const bool both = !chunk.windowed && chunk.twin != kNoTwin && ready && !taken[chunk.twin].exchange(true);
      const std::vector<std::uint32_t>& kind_rules = both ? all_of[k] : (chunk.windowed ? windowed_of : rules_of)[k];
      const bool last = both || chunk.windowed || chunk.twin == kNoTwin;  // the range's last pass
      if (!options.batch_filter && options.window_sharing) machine.begin_batch(chunk.begin, chunk.end - chunk.begin);
      // Rule by rule over the chunk (the findings are put in order at the end), so that a rule's time is
      // measured once per chunk, or once per batch with the filter, never per subject.
      for (const std::uint32_t r : kind_rules) {
        if (options.batch_filter) break;
        const auto t0 = timing ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
        for (std::uint32_t s = chunk.begin; s < chunk.end; ++s) run(r, chunk.kind, s, false);
        if (timing) {
          tally[r].seconds += seconds_since(t0);
          tally[r].reached += chunk.end - chunk.begin;
        }
      }
      if (options.batch_filter && !filter) filter.emplace(plan, impl, machine, data, columns);
      for (std::uint32_t batch = chunk.begin; options.batch_filter && batch < chunk.end; batch += kBatchRows) {
        filter->begin_batch(chunk.kind, batch, std::min(kBatchRows, chunk.end - batch));
        if (options.window_sharing) machine.begin_batch(batch, std::min(kBatchRows, chunk.end - batch));
        for (const std::uint32_t r : kind_rules) {
          const auto t0 = timing ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
          filter->candidates(r, rows, &sure);
          std::uint64_t reached = 0;
          for (std::uint32_t w = 0; w < kBatchWords; ++w) {
            reached += static_cast<std::uint64_t>(std::popcount(rows[w]));
            for (std::uint64_t bits = rows[w]; bits != 0; bits &= bits - 1) {
              const int bit = std::countr_zero(bits);
              run(r, chunk.kind, batch + w * 64 + static_cast<std::uint32_t>(bit), ((sure[w] >> bit) & 1U) != 0);
            }
          }
          if (timing) {
            tally[r].seconds += seconds_since(t0);
            tally[r].reached += reached;
          }
        }
      }
      if (options.progress && last) {
        const std::lock_guard lock(progress_mutex);
        done += chunk.end - chunk.begin;
        options.progress(done, total);
      }
    }
  };

  std::vector<PlacedFindings> results(tallies.size());
  // This thread is one of them: one thread fewer to start and end, and it has the setup's thread-local
  // state (a screening transliterator) already.
  run_tasks(results.size(), results.size(), [&](std::size_t t) { work(results[t], tallies[t]); });
  if (build_error) std::rethrow_exception(build_error);

  // Order by (rule, subject) through keys (16 bytes each), moving each finding once, into its place.
  // The typologies and the ordered result are part of the evaluation: the clock runs until they are made.
  std::vector<Finding> findings;
  {
    // Each thread's keys copied into their own slice, a thread's by a thread.
    std::vector<std::size_t> slice(results.size() + 1, 0);
    for (std::size_t t = 0; t < results.size(); ++t) slice[t + 1] = slice[t] + results[t].size();
    KeyedFindings order(slice.back());
    run_tasks(results.size(), results.size(), [&](std::size_t t) {
      std::copy(results[t].keys().begin(), results[t].keys().end(), order.begin() + static_cast<std::ptrdiff_t>(slice[t]));
    });
    sort_by_key(order);
    // Room for every finding, typologies' included (at most their bound), made while the typologies are
    // worked out on another thread: tens of MB on a large audit, as costly to touch first as the moves
    // into them. Then the threads move a share of the findings each.
    // Ordinary pages, not transparent huge ones (large_blocks.hpp says why): the 1M world's result, then
    // 44 MB, took 0.09-0.14 s to make in huge pages and 0.02-0.03 s in 4 KiB pages.
    findings.reserve(order.size() + typology_bound(impl, order));
    std::vector<Finding> typologies;
    run_tasks(2, results.size(), [&](std::size_t t) {
      if (t == 1) {
        findings.resize(order.size());
      } else if (!impl.typologies.empty()) {
        typologies = typology_findings(impl, order);
      }
    });
    const std::size_t n = order.size();
    const std::size_t parts = std::max<std::size_t>(1, std::min(results.size(), n / 4096));
    run_tasks(parts, parts, [&](std::size_t t) {
      // const_cast: the findings are the threads' (results), put in order through const pointers only
      // because typology_findings reads them so.
      for (std::size_t i = n * t / parts; i < n * (t + 1) / parts; ++i) {
        findings[i] = std::move(*const_cast<Finding*>(order[i].second));
      }
    });
    // Typology findings come after every rule's, in typology order.
    for (Finding& f : typologies) findings.push_back(std::move(f));
    // The threads' blocks, now of moved-from findings, freed a thread's by a thread.
    run_tasks(results.size(), results.size(), [&](std::size_t t) { results[t] = PlacedFindings(); });
  }
  if (timing) {
    *options.profile = make_profile(impl, data, tallies, windows ? &*windows : nullptr);
    options.profile->seconds = seconds_since(started);
    options.profile->index_seconds = index_seconds;
    options.profile->setup_seconds = setup_seconds;
    options.profile->threads = tallies.size();
    options.profile->subjects = total;
    options.profile->minor_faults = minor_faults() - faults_before;
  }
  return findings;
}

}  // namespace sanx::eval
