#include "sanx/eval/evaluator.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <thread>

#include "compile/ir.hpp"
#include "eval/filter.hpp"
#include "eval/machine.hpp"
#include "eval/typology.hpp"
#include "eval/window_index.hpp"

namespace sanx::eval {

namespace {

using compile::SubjectKind;

constexpr std::array kKinds{SubjectKind::payment, SubjectKind::shipment, SubjectKind::entity, SubjectKind::relation};

/// A range of subjects of one kind, evaluated by one thread against every rule of that kind.
struct Chunk {
  SubjectKind kind;
  std::uint32_t begin;
  std::uint32_t end;
};

/// A finding with its place in the deterministic output order.
struct Placed {
  std::uint32_t rule;
  std::uint32_t subject;
  Finding finding;
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

}  // namespace

std::vector<Finding> evaluate(const compile::RuleSet& rules, const model::Dataset& data, const EvalOptions& options) {
  const compile::RuleSet::Impl& impl = rules.impl();
  std::array<std::vector<std::uint32_t>, kKinds.size()> rules_of;
  for (std::size_t r = 0; r < impl.rules.size(); ++r) {
    rules_of[static_cast<std::size_t>(impl.rules[r].subject)].push_back(static_cast<std::uint32_t>(r));
  }

  const std::size_t threads = std::max<std::size_t>(1, options.threads);
  std::vector<Chunk> chunks;
  std::size_t total = 0;
  for (const SubjectKind kind : kKinds) {
    if (rules_of[static_cast<std::size_t>(kind)].empty()) continue;
    const std::size_t n = subject_count(data, kind);
    total += n;
    const std::size_t size = std::max<std::size_t>(4096, n / (threads * 8) + 1);
    for (std::size_t begin = 0; begin < n; begin += size) {
      chunks.push_back({kind, static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(std::min(n, begin + size))});
    }
  }

  std::atomic<std::size_t> next{0};
  std::size_t done = 0;
  std::mutex progress_mutex;
  const FilterPlan plan(impl);
  std::optional<graph::ExposureTimeline> ownership;
  if (uses(impl, {check::Builtin::blocked, check::Builtin::owned_share, check::Builtin::controlled,
                  check::Builtin::exposure_paths})) {
    ownership.emplace(data);
  }
  std::unique_ptr<NameMatcher> names;
  if (uses(impl, {check::Builtin::name_match})) names = std::make_unique<NameMatcher>(data);
  std::optional<model::PaymentColumns> own_columns;  // only when the dataset's are out of date
  const bool use_columns = options.batch_filter && !rules_of[static_cast<std::size_t>(SubjectKind::payment)].empty();
  const model::PaymentColumns* columns = use_columns ? &payment_columns_for(data, own_columns) : nullptr;
  std::optional<WindowIndexes> windows;  // built before the threads start, read-only while they run
  if (WindowIndexes::needed(impl)) windows.emplace(impl, data, options.as_of);
  auto work = [&](std::vector<Placed>& out) {
    Machine machine(impl, data, options.as_of);
    if (windows) machine.set_windows(&*windows);
    if (ownership) machine.set_ownership(&*ownership);
    machine.set_name_matcher(names.get());
    Filter filter(plan, impl, machine, columns);
    BatchMask rows{};
    for (std::size_t c = next++; c < chunks.size(); c = next++) {
      const Chunk& chunk = chunks[c];
      const std::vector<std::uint32_t>& kind_rules = rules_of[static_cast<std::size_t>(chunk.kind)];
      if (!options.batch_filter) {
        for (std::uint32_t s = chunk.begin; s < chunk.end; ++s) {
          machine.begin_subject(chunk.kind, s);
          for (const std::uint32_t r : kind_rules) {
            if (auto f = machine.run(impl.rules[r])) out.push_back({r, s, std::move(*f)});
          }
        }
      }
      for (std::uint32_t batch = chunk.begin; options.batch_filter && batch < chunk.end; batch += kBatchRows) {
        filter.begin_batch(chunk.kind, batch, std::min(kBatchRows, chunk.end - batch));
        for (const std::uint32_t r : kind_rules) {
          filter.candidates(r, rows);
          for (std::uint32_t w = 0; w < kBatchWords; ++w) {
            for (std::uint64_t bits = rows[w]; bits != 0; bits &= bits - 1) {
              const std::uint32_t s = batch + w * 64 + static_cast<std::uint32_t>(std::countr_zero(bits));
              machine.begin_subject(chunk.kind, s);
              if (auto f = machine.run(impl.rules[r])) out.push_back({r, s, std::move(*f)});
            }
          }
        }
      }
      if (options.progress) {
        const std::lock_guard lock(progress_mutex);
        done += chunk.end - chunk.begin;
        options.progress(done, total);
      }
    }
  };

  std::vector<std::vector<Placed>> results(std::min(threads, std::max<std::size_t>(1, chunks.size())));
  if (results.size() == 1) {
    work(results[0]);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(results.size());
    for (auto& out : results) pool.emplace_back(work, std::ref(out));
    for (auto& t : pool) t.join();
  }

  // Order by (rule, subject) through keys, moving each finding once: findings are large to move around.
  std::vector<std::pair<std::uint64_t, Finding*>> order;
  for (auto& part : results) {
    for (Placed& p : part) order.emplace_back((std::uint64_t{p.rule} << 32) | p.subject, &p.finding);
  }
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Finding> typologies;
  if (!impl.typologies.empty()) {
    const std::vector<KeyedFinding> keyed(order.begin(), order.end());
    typologies = typology_findings(impl, keyed);
  }
  std::vector<Finding> findings;
  findings.reserve(order.size() + typologies.size());
  for (const auto& [key, finding] : order) findings.push_back(std::move(*finding));
  // Typology findings come after every rule's, in typology order.
  for (Finding& f : typologies) findings.push_back(std::move(f));
  return findings;
}

}  // namespace sanx::eval
