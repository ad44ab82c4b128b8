#include "eval/window_index.hpp"

#include <algorithm>

#include "eval/machine.hpp"

namespace sanx::eval {

using compile::SubjectKind;
using compile::Value;
using compile::ValueKind;

std::optional<std::string> window_key(const Value& v) {
  switch (v.kind) {
    case ValueKind::missing: return std::nullopt;
    case ValueKind::string:
    case ValueKind::country: return std::string("s:").append(compile::text_of(v));
    case ValueKind::entity: return "e:" + std::to_string(v.index);
    case ValueKind::payment: return "p:" + std::to_string(v.index);
    case ValueKind::shipment: return "h:" + std::to_string(v.index);
    case ValueKind::relation: return "r:" + std::to_string(v.index);
    case ValueKind::integer: return "n:" + std::to_string(v.integer);
    default: return "v:" + compile::render_plain(v);  // decimals canonical, dates ISO, booleans
  }
}

bool WindowIndexes::needed(const compile::RuleSet::Impl& rules) {
  return std::any_of(rules.rules.begin(), rules.rules.end(), [](const auto& r) { return !r.windows.empty(); });
}

WindowIndexes::WindowIndexes(const compile::RuleSet::Impl& rules, const model::Dataset& data,
                             std::optional<core::Date> as_of) {
  Machine machine(rules, data, as_of);
  indexes_.resize(rules.rules.size());
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    const compile::CompiledRule& rule = rules.rules[r];
    indexes_[r].resize(rule.windows.size());
    for (std::size_t w = 0; w < rule.windows.size(); ++w) {
      const compile::WindowSpec& spec = rule.windows[w];
      const bool payments = spec.over == SubjectKind::payment;
      const std::size_t n = payments ? data.payments.size() : data.shipments.size();
      WindowIndex& index = indexes_[r][w];
      for (std::size_t ix = 0; ix < n; ++ix) {
        const auto i = static_cast<std::uint32_t>(ix);
        const Value bound = Value::of_index(payments ? ValueKind::payment : ValueKind::shipment, i);
        auto key = window_key(machine.eval_bound(rule, spec.inner_key, spec.slot, bound));
        if (!key) continue;
        const core::Date& date = payments ? data.payments[ix].date : data.shipments[ix].date;
        index.by_key[std::move(*key)].push_back({date.days_since_epoch(), i});
      }
      for (auto& [key, entries] : index.by_key) {
        std::sort(entries.begin(), entries.end(),
                  [](const auto& a, const auto& b) { return a.date != b.date ? a.date < b.date : a.ix < b.ix; });
      }
    }
  }
}

}  // namespace sanx::eval
