#include "eval/candidate_columns.hpp"

#include <algorithm>
#include <thread>

#include "eval/machine.hpp"
#include "eval/window_index.hpp"

namespace sanx::eval {

namespace {

using compile::Node;
using compile::Op;
using compile::SubjectKind;

/// Fields whose value is text built while evaluating (in the machine's arena, reset per subject): never
/// copied into a column.
bool builds_text(check::FieldId f) {
  return f == check::FieldId::payment_corridor || f == check::FieldId::shipment_countries ||
         f == check::FieldId::shipment_legs;
}

constexpr int kMaxDepth = 8;  // the longest path Machine::operand reads in one go

}  // namespace

CandidateColumns::CandidateColumns(const compile::RuleSet::Impl& rules, std::span<Machine* const> machines,
                                   std::size_t payments, std::size_t shipments,
                                   const std::function<bool(std::size_t, std::size_t)>& wanted) {
  column_of_.resize(rules.rules.size());
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    const compile::CompiledRule& rule = rules.rules[r];
    column_of_[r].assign(rule.nodes.size(), -1);
    for (std::size_t w = 0; w < rule.windows.size(); ++w) {
      if (!wanted(r, w)) continue;
      const compile::WindowSpec& spec = rule.windows[w];
      Kind& kind = kinds_[spec.over == SubjectKind::shipment ? 1 : 0];
      // Every node the window's `where` and value reach (not inside another window, which has its own).
      std::vector<std::uint32_t> todo{spec.where};
      if (spec.value) todo.push_back(*spec.value);
      std::vector<bool> seen(rule.nodes.size(), false);
      while (!todo.empty()) {
        const std::uint32_t n = todo.back();
        todo.pop_back();
        if (seen[n]) continue;
        seen[n] = true;
        const Node& node = rule.nodes[n];
        switch (compile::operands_of(node.op)) {
          case compile::Operands::a: todo.push_back(node.a); break;
          case compile::Operands::a_b: todo.push_back(node.a); todo.push_back(node.b); break;
          case compile::Operands::list:
            for (std::uint32_t i = 0; i < node.b; ++i) todo.push_back(rule.lists[node.a + i]);
            break;
          case compile::Operands::none:
            if (node.op == Op::let_ref) todo.push_back(node.b);
            break;
        }
        if (node.op != Op::field) continue;
        // A path from the window's variable, with no field that builds text.
        std::optional<std::vector<std::uint16_t>> path = variable_path(rule, n, spec.slot);
        if (!path || static_cast<int>(path->size()) > kMaxDepth ||
            std::any_of(path->begin(), path->end(), [](std::uint16_t f) { return builds_text(static_cast<check::FieldId>(f)); })) {
          continue;
        }
        auto it = std::find(kind.paths.begin(), kind.paths.end(), *path);
        if (it == kind.paths.end()) it = kind.paths.insert(kind.paths.end(), std::move(*path));
        column_of_[r][n] = static_cast<std::int32_t>(it - kind.paths.begin());
      }
    }
  }
  fill(machines, payments, shipments);
}

void CandidateColumns::fill(std::span<Machine* const> machines, std::size_t payments, std::size_t shipments) {
  for (const SubjectKind k : {SubjectKind::payment, SubjectKind::shipment}) {
    Kind& kind = kinds_[k == SubjectKind::shipment ? 1 : 0];
    const std::size_t rows = k == SubjectKind::shipment ? shipments : payments;
    const std::size_t width = kind.paths.size();
    if (width == 0) continue;
    kind.values.resize(rows * width);
    // Row ranges per machine: each machine reads on its own thread.
    const std::size_t parts = std::max<std::size_t>(1, std::min(machines.size(), rows / 4096 + 1));
    auto work = [&](std::size_t part) {
      Machine& m = *machines[part];
      const std::size_t begin = rows * part / parts;
      const std::size_t end = rows * (part + 1) / parts;
      for (std::size_t ix = begin; ix < end; ++ix) {
        for (std::size_t c = 0; c < width; ++c) {
          kind.values[ix * width + c] = m.read_path(k, static_cast<std::uint32_t>(ix), kind.paths[c]);
        }
      }
    };
    std::vector<std::thread> pool;
    for (std::size_t p = 1; p < parts; ++p) pool.emplace_back(work, p);
    work(0);
    for (auto& t : pool) t.join();
  }
}

}  // namespace sanx::eval
