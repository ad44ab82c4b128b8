#include "eval/window_index.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <charconv>
#include <thread>

#include "eval/machine.hpp"

namespace sanx::eval {

using check::Builtin;
using compile::CompiledRule;
using compile::Node;
using compile::Op;
using compile::SubjectKind;
using compile::Value;
using compile::ValueKind;

namespace {

/// The hash key of an entity, payment, shipment or relation; nullopt for other kinds.
std::optional<std::uint64_t> index_key(const Value& v) {
  switch (v.kind) {
    case ValueKind::entity:
    case ValueKind::payment:
    case ValueKind::shipment:
    case ValueKind::relation: return (std::uint64_t{static_cast<std::uint8_t>(v.kind)} << 32) | v.index;
    default: return std::nullopt;
  }
}

/// Whether `node` reads nothing but constants, the variables in `slots` (the window's and those of
/// quantifiers inside it) and fields of them.
bool candidate_only(const CompiledRule& rule, std::uint32_t node, std::vector<std::uint32_t>& slots) {
  const Node& n = rule.nodes[node];
  switch (n.op) {
    case Op::constant: return true;
    case Op::quantifier_var: return std::find(slots.begin(), slots.end(), n.a) != slots.end();
    case Op::subject:
    case Op::let_ref:  // lets are the subject's
    case Op::window: return false;
    case Op::quantifier: {
      if (!candidate_only(rule, n.a, slots)) return false;
      slots.push_back(n.c);  // the body may read the quantifier's own variable
      const bool ok = candidate_only(rule, n.b, slots);
      slots.pop_back();
      return ok;
    }
    case Op::in_set:
      if (rule.sets[n.b]->dated) return false;  // decided as of the subject's date
      break;
    case Op::call:
      if (!Machine::pure_builtin(static_cast<Builtin>(n.field))) return false;
      break;
    default: break;
  }
  return all_operands(rule, n, [&](std::uint32_t child) { return candidate_only(rule, child, slots); });
}

/// Evaluates the window's `where` and value on every candidate of `index` once. False (and `index`
/// left on the general path) when a value is a list or set, which the aggregates do not take.
bool precompute(Machine& machine, const CompiledRule& rule, const compile::WindowSpec& spec, WindowIndex& index) {
  const ValueKind bound_kind = spec.over == SubjectKind::payment ? ValueKind::payment : ValueKind::shipment;
  const bool distinct = spec.aggregate == dsl::ast::AggregateKind::distinct;
  std::unordered_map<std::string, std::uint32_t> ids;  // distinct: value key -> id
  std::string text;
  auto fill = [&](WindowIndex::Group& g) {
    const std::size_t n = g.entries.size();
    g.state.resize(n);
    g.in_before.assign(n + 1, 0);
    g.missing_before.assign(n + 1, 0);
    if (spec.value) g.values.resize(n);
    if (distinct) g.value_ids.resize(n);
    const bool known = g.matched.size() == n;  // from a window of the same rule with the same `where`
    g.matched.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const Value bound = Value::of_index(bound_kind, g.entries[i].ix);
      if (!known) {
        const Value matched = machine.eval_bound(rule, spec.where, spec.slot, bound);
        g.matched[i] = matched.is_false()  ? WindowIndex::State::out
                       : matched.is_true() ? WindowIndex::State::in
                                           : WindowIndex::State::missing;
      }
      WindowIndex::State state = g.matched[i];
      if (state == WindowIndex::State::in && spec.value) {
        Value v = machine.eval_bound(rule, *spec.value, spec.slot, bound);
        if (v.kind == ValueKind::list || v.kind == ValueKind::set) return false;
        if (v.is_missing()) {
          state = WindowIndex::State::missing;
        } else {
          if (v.kind == ValueKind::string) v = Value::of_string(index.texts.emplace_back(v.string));
          if (distinct && window_key_into(v, text)) {
            g.value_ids[i] = ids.try_emplace(text, static_cast<std::uint32_t>(ids.size())).first->second;
          }
          g.values[i] = v;
        }
      }
      g.state[i] = state;
      g.in_before[i + 1] = g.in_before[i] + (state == WindowIndex::State::in ? 1 : 0);
      g.missing_before[i + 1] = g.missing_before[i] + (state == WindowIndex::State::missing ? 1 : 0);
    }
    return true;
  };
  for (auto& [key, group] : index.by_index) {
    if (!fill(group)) return false;
  }
  for (auto& [key, group] : index.by_text) {
    if (!fill(group)) return false;
  }
  return true;
}

/// Clears what precompute() stored, but the matches of the `where` when `keep_matched`.
void drop_precomputed(WindowIndex& index, bool keep_matched = false) {
  auto clear = [keep_matched](WindowIndex::Group& g) {
    if (!keep_matched) g.matched = {};
    g.state = {};
    g.in_before = {};
    g.missing_before = {};
    g.values = {};
    g.value_ids = {};
  };
  for (auto& [key, group] : index.by_index) clear(group);
  for (auto& [key, group] : index.by_text) clear(group);
  index.texts.clear();  // the values that pointed into it were cleared with the groups
  index.precomputed = false;
}

/// The conjuncts of the window's `where` (its top-level `and`) that read the candidate alone. A candidate
/// for which one of them is false is in no subject's window (false and anything is false, even missing),
/// so it is left out of the index: an SPFS-only window then indexes the SPFS payments, not all of them.
std::vector<std::uint32_t> candidate_conjuncts(const CompiledRule& rule, const compile::WindowSpec& spec) {
  std::vector<std::uint32_t> out;
  std::vector<std::uint32_t> todo{spec.where};
  while (!todo.empty()) {
    const std::uint32_t node = todo.back();
    todo.pop_back();
    const Node& n = rule.nodes[node];
    if (n.op == Op::logical_and) {
      for (std::uint32_t i = n.b; i-- > 0;) todo.push_back(rule.lists[n.a + i]);
      continue;
    }
    std::vector<std::uint32_t> slots{spec.slot};
    if (candidate_only(rule, node, slots)) out.push_back(node);
  }
  return out;
}

/// The conjuncts as written, to tell whether two windows index the same candidates.
std::string conjuncts_text(const CompiledRule& rule, const std::vector<std::uint32_t>& conjuncts) {
  std::string out;
  for (const std::uint32_t c : conjuncts) out.append(rule.texts[rule.nodes[c].text]).push_back('\n');
  return out;
}

/// Groups every candidate of `spec`'s kind by its key, each group sorted by date then index, but those
/// that one of `conjuncts` (candidate_conjuncts) rules out.
void add_entries(Machine& machine, const CompiledRule& rule, const compile::WindowSpec& spec,
                 const std::vector<std::uint32_t>& conjuncts, const model::Dataset& data, WindowIndex& index,
                 std::string& scratch) {
  const bool payments = spec.over == SubjectKind::payment;
  const std::size_t n = payments ? data.payments.size() : data.shipments.size();
  for (std::size_t ix = 0; ix < n; ++ix) {
    const auto i = static_cast<std::uint32_t>(ix);
    const Value bound = Value::of_index(payments ? ValueKind::payment : ValueKind::shipment, i);
    // The key first: most candidates of a sparse key (a contract, a reference) have none, and cost no more.
    // It is evaluated again to be inserted, since each evaluation may reuse the memory of the last one.
    if (machine.eval_bound(rule, spec.inner_key, spec.slot, bound).is_missing()) continue;
    if (std::any_of(conjuncts.begin(), conjuncts.end(), [&](std::uint32_t c) {
          return machine.eval_bound(rule, c, spec.slot, bound).is_false();
        })) {
      continue;
    }
    WindowIndex::Group* group = index.insert(machine.eval_bound(rule, spec.inner_key, spec.slot, bound), scratch);
    if (group == nullptr) continue;
    const core::Date& date = payments ? data.payments[ix].date : data.shipments[ix].date;
    group->entries.push_back({date.days_since_epoch(), i});
  }
  auto sort = [](WindowIndex::Group& g) {
    std::sort(g.entries.begin(), g.entries.end(),
              [](const auto& a, const auto& b) { return a.date != b.date ? a.date < b.date : a.ix < b.ix; });
  };
  for (auto& [key, group] : index.by_index) sort(group);
  for (auto& [key, group] : index.by_text) sort(group);
}

}  // namespace

bool window_key_into(const Value& v, std::string& out) {
  out.clear();
  auto number = [&](char tag, auto x) {
    out.push_back(tag);
    out.push_back(':');
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, x);
    out.append(buf, r.ptr);
  };
  switch (v.kind) {
    case ValueKind::missing: return false;
    case ValueKind::string:
    case ValueKind::country: out.append("s:").append(compile::text_of(v)); return true;
    case ValueKind::entity: number('e', v.index); return true;
    case ValueKind::payment: number('p', v.index); return true;
    case ValueKind::shipment: number('h', v.index); return true;
    case ValueKind::relation: number('r', v.index); return true;
    case ValueKind::integer: number('n', v.integer); return true;
    default: out.append("v:").append(compile::render_plain(v)); return true;  // decimals canonical, dates ISO
  }
}

std::optional<std::string> window_key(const Value& v) {
  std::string out;
  if (!window_key_into(v, out)) return std::nullopt;
  return out;
}

const WindowIndex::Group* WindowIndex::find(const Value& key, std::string& scratch) const {
  if (const auto k = index_key(key)) {
    const auto it = by_index.find(*k);
    return it == by_index.end() ? nullptr : &it->second;
  }
  if (!window_key_into(key, scratch)) return nullptr;
  const auto it = by_text.find(std::string_view(scratch));
  return it == by_text.end() ? nullptr : &it->second;
}

WindowIndex::Group* WindowIndex::insert(const Value& key, std::string& scratch) {
  if (const auto k = index_key(key)) return &by_index[*k];
  if (!window_key_into(key, scratch)) return nullptr;
  const auto it = by_text.find(std::string_view(scratch));
  return it != by_text.end() ? &it->second : &by_text[scratch];
}

bool window_precomputable(const CompiledRule& rule, const compile::WindowSpec& spec) {
  std::vector<std::uint32_t> slots{spec.slot};
  return candidate_only(rule, spec.where, slots) && (!spec.value || candidate_only(rule, *spec.value, slots));
}

bool WindowIndexes::needed(const compile::RuleSet::Impl& rules) {
  return std::any_of(rules.rules.begin(), rules.rules.end(), [](const auto& r) { return !r.windows.empty(); });
}

WindowIndexes::WindowIndexes(const compile::RuleSet::Impl& rules, const model::Dataset& data,
                             std::optional<core::Date> as_of, bool precompute_residuals, std::size_t threads) {
  indexes_.resize(rules.rules.size());
  seconds_.assign(rules.rules.size(), 0.0);
  for (std::size_t r = 0; r < rules.rules.size(); ++r) indexes_[r].resize(rules.rules[r].windows.size());
  // The rules' indexes are independent (windows share within a rule only): one rule at a time per thread.
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    Machine machine(rules, data, as_of);
    std::string scratch;
    for (std::size_t r = next++; r < rules.rules.size(); r = next++) {
      if (rules.rules[r].windows.empty()) continue;
      const auto started = std::chrono::steady_clock::now();
      build_rule(machine, rules.rules[r], data, precompute_residuals, indexes_[r], scratch);
      seconds_[r] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
  };
  const auto with_windows = static_cast<std::size_t>(
      std::count_if(rules.rules.begin(), rules.rules.end(), [](const auto& r) { return !r.windows.empty(); }));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < std::min(threads, with_windows); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

void WindowIndexes::build_rule(Machine& machine, const CompiledRule& rule, const model::Dataset& data,
                               bool precompute_residuals, std::vector<WindowIndex>& indexes, std::string& scratch) {
  // Per window, the conjuncts that leave candidates out (none without precomputing: the plain index of
  // every candidate, what the optimised one is checked against) and their text.
  std::vector<std::vector<std::uint32_t>> conjuncts(rule.windows.size());
  std::vector<std::string> conjuncts_key(rule.windows.size());
  for (std::size_t w = 0; precompute_residuals && w < rule.windows.size(); ++w) {
    conjuncts[w] = candidate_conjuncts(rule, rule.windows[w]);
    conjuncts_key[w] = conjuncts_text(rule, conjuncts[w]);
  }
  for (std::size_t w = 0; w < rule.windows.size(); ++w) {
    const compile::WindowSpec& spec = rule.windows[w];
    WindowIndex& index = indexes[w];
    const bool precomputable = precompute_residuals && window_precomputable(rule, spec);
    // A window of the same rule over the same kind with the same key (as written) has the same groups;
    // with the same `where` too, the same matches: copy them instead of evaluating them again.
    const auto text = [&](std::uint32_t node) -> const std::string& { return rule.texts[rule.nodes[node].text]; };
    const auto end = rule.windows.begin() + static_cast<std::ptrdiff_t>(w);
    const auto same = std::find_if(rule.windows.begin(), end, [&](const auto& o) {
      return o.over == spec.over && text(o.inner_key) == text(spec.inner_key) &&
             conjuncts_key[static_cast<std::size_t>(&o - rule.windows.data())] == conjuncts_key[w];
    });
    if (same != end) {
      const WindowIndex& earlier = indexes[static_cast<std::size_t>(same - rule.windows.begin())];
      const bool same_where = precomputable && earlier.precomputed && text(same->where) == text(spec.where);
      index.by_index = earlier.by_index;
      index.by_text = earlier.by_text;
      drop_precomputed(index, same_where);
    } else {
      add_entries(machine, rule, spec, conjuncts[w], data, index, scratch);
    }
    if (precomputable) {
      index.precomputed = precompute(machine, rule, spec, index);
      if (!index.precomputed) drop_precomputed(index);
    }
  }
}

}  // namespace sanx::eval
