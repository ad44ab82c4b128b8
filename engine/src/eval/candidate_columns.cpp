#include "eval/candidate_columns.hpp"

#include <algorithm>

#include "eval/column_read.hpp"
#include "eval/machine.hpp"
#include "eval/window_index.hpp"

namespace sanx::eval {

namespace {

using compile::Node;
using compile::Op;
using compile::SubjectKind;

constexpr int kMaxDepth = 8;  // the longest path Machine::operand reads in one go

}  // namespace

CandidateColumns::CandidateColumns(const compile::RuleSet::Impl& rules, const model::Dataset& data,
                                   std::optional<core::Date> as_of, BuildThreads threads,
                                   const std::function<bool(std::size_t, std::size_t)>& wanted,
                                   const WindowIndexes* indexes) {
  column_of_.resize(rules.rules.size());
  std::vector<const void*> marked;  // the entries already marked in slot_of: windows sharing a source share them
  for (std::size_t r = 0; r < rules.rules.size(); ++r) {
    const compile::CompiledRule& rule = rules.rules[r];
    column_of_[r].assign(rule.nodes.size(), -1);
    for (std::size_t w = 0; w < rule.windows.size(); ++w) {
      if (!wanted(r, w)) continue;
      const compile::WindowSpec& spec = rule.windows[w];
      const std::size_t k = spec.over == SubjectKind::shipment ? 1 : 0;
      Kind& kind = kinds_[k];
      if (const auto& entries = indexes != nullptr ? indexes->at(r, w).entries : nullptr; entries != nullptr) {
        // slot_of[ix]: 1 while some wanted window's index holds candidate ix; numbered into rows below.
        kind.slot_of.resize(k == 1 ? data.shipments.size() : data.payments.size(), 0);
        if (std::find(marked.begin(), marked.end(), entries.get()) == marked.end()) {
          marked.push_back(entries.get());
          for (const WindowIndex::Entry& e : *entries) kind.slot_of[e.ix] = 1;
        }
      } else if (indexes != nullptr) {
        indexes = nullptr;  // a window without an index (not built): every row
      }
      // Every node the window's `where` and value reach (not inside another window, which has its own).
      // Machine::operand reads a column for a path it reads in one go, never for the inner part of a
      // longer path (q.consignee in q.consignee.country): only nodes some other node has as an operand
      // get one (`read`), and a row is as wide as the paths they read.
      std::vector<std::uint32_t> todo{spec.where};
      if (spec.value) todo.push_back(*spec.value);
      std::vector<bool> seen(rule.nodes.size(), false);
      std::vector<bool> read(rule.nodes.size(), false);
      for (const std::uint32_t root : todo) read[root] = true;
      while (!todo.empty()) {
        const std::uint32_t n = todo.back();
        todo.pop_back();
        if (seen[n]) continue;
        seen[n] = true;
        const Node& node = rule.nodes[n];
        (void)all_operands(rule, node, [&](std::uint32_t child) {
          if (node.op != Op::field) read[child] = true;
          todo.push_back(child);
          return true;
        });
        if (node.op == Op::let_ref) {
          read[node.b] = true;
          todo.push_back(node.b);  // a let's definition
        }
      }
      for (std::uint32_t n = 0; n < rule.nodes.size(); ++n) {
        if (!seen[n] || !read[n] || rule.nodes[n].op != Op::field) continue;
        // A path from the window's variable, with no field that builds text.
        std::optional<std::vector<std::uint16_t>> path = variable_path(rule, n, spec.slot);
        if (!path || static_cast<int>(path->size()) > kMaxDepth || builds_text(*path)) {  // never copied into a column
          continue;
        }
        auto it = std::find(kind.paths.begin(), kind.paths.end(), *path);
        if (it == kind.paths.end()) it = kind.paths.insert(kind.paths.end(), std::move(*path));
        column_of_[r][n] = static_cast<std::int32_t>(it - kind.paths.begin());
      }
    }
  }
  // Rows in ranges of 4,096, each task with its own machine.
  constexpr std::size_t kRows = 4096;
  struct Range {
    SubjectKind kind;
    std::size_t begin, end;
  };
  std::vector<Range> ranges;
  for (const SubjectKind k : {SubjectKind::payment, SubjectKind::shipment}) {
    Kind& kind = kinds_[k == SubjectKind::shipment ? 1 : 0];
    const std::size_t rows = k == SubjectKind::shipment ? data.shipments.size() : data.payments.size();
    if (indexes == nullptr || kind.paths.empty()) kind.slot_of.clear();  // every row, or none
    if (kind.paths.empty()) continue;
    std::size_t slots = rows;
    if (!kind.slot_of.empty()) {
      slots = 1;  // row 0: the candidates no index holds
      for (std::uint32_t& s : kind.slot_of) s = s != 0 ? static_cast<std::uint32_t>(slots++) : 0;
    }
    kind.values.resize(slots * kind.paths.size());
    for (std::size_t b = 0; b < rows; b += kRows) ranges.push_back({k, b, std::min(rows, b + kRows)});
  }
  // Paths the dataset's columns hold are read from them (their strings live as long as the dataset;
  // columns that are out of date are not used).
  std::vector<ColumnRead> from_columns[2];  // [payment, shipment][column]
  // A coded column's value of each slot, made once when there are no more slots than rows to fill (a
  // currency, a party; not a contract): a row then copies its slot's value instead of making it.
  std::vector<std::vector<compile::Value>> slot_values[2];  // [payment, shipment][column][slot]
  const auto* payment_columns = current_columns<model::PaymentColumns>(data);
  const auto* shipment_columns = current_columns<model::ShipmentColumns>(data);
  for (const SubjectKind k : {SubjectKind::payment, SubjectKind::shipment}) {
    const std::size_t i = k == SubjectKind::shipment ? 1 : 0;
    for (const std::vector<std::uint16_t>& path : kinds_[i].paths) {
      const ColumnRead& column = from_columns[i].emplace_back(ColumnRead::of(k, payment_columns, shipment_columns, path, data.entities.size()));
      std::vector<compile::Value>& values = slot_values[i].emplace_back();
      if (!column.coded() || column.slots() > rows(k)) continue;
      values.reserve(column.slots());
      for (std::uint32_t slot = 0; slot < column.slots(); ++slot) values.push_back(column.value_of(slot));
    }
  }
  run_with_machines(ranges.size(), threads, rules, data, as_of, [&](std::size_t t, Machine& m) {
    const Range& r = ranges[t];
    const bool payments = r.kind == SubjectKind::payment;
    Kind& kind = kinds_[payments ? 0 : 1];
    const std::size_t width = kind.paths.size();
    // The range's rows that hold values ([k]: a candidate's offset from r.begin) and their slots.
    std::vector<std::uint32_t> rows;
    std::vector<std::uint32_t> slots;
    rows.reserve(r.end - r.begin);
    slots.reserve(r.end - r.begin);
    for (std::size_t ix = r.begin; ix < r.end; ++ix) {
      const std::size_t slot = kind.slot_of.empty() ? ix : kind.slot_of[ix];
      if (!kind.slot_of.empty() && slot == 0) continue;
      rows.push_back(static_cast<std::uint32_t>(ix - r.begin));
      slots.push_back(static_cast<std::uint32_t>(slot));
    }
    if (rows.empty()) return;
    std::vector<compile::Value> read;  // a path's values by offset (read_path_rows), for paths in no column
    for (std::size_t c = 0; c < width; ++c) {
      const ColumnRead& column = from_columns[payments ? 0 : 1][c];
      compile::Value* const values = kind.values.data() + c;
      if (const std::vector<compile::Value>& of_slot = slot_values[payments ? 0 : 1][c]; !of_slot.empty()) {
        const std::uint32_t* const codes = column.codes() + r.begin;
        const std::uint32_t offset = column.slot_offset();
        for (std::size_t k = 0; k < rows.size(); ++k) {
          values[std::size_t{slots[k]} * width] = of_slot[static_cast<std::uint32_t>(codes[rows[k]] + offset)];
        }
        continue;
      }
      if (column) {
        for (std::size_t k = 0; k < rows.size(); ++k) {
          values[std::size_t{slots[k]} * width] = column.value(static_cast<std::uint32_t>(r.begin + rows[k]));
        }
        continue;
      }
      // Read a path at a time, as the batch filter does: the same values as read_path, for less.
      read.resize(r.end - r.begin);
      m.read_path_rows(r.kind, static_cast<std::uint32_t>(r.begin), kind.paths[c], rows.data(), rows.size(), read.data());
      for (std::size_t k = 0; k < rows.size(); ++k) values[std::size_t{slots[k]} * width] = read[rows[k]];
    }
  });
}

}  // namespace sanx::eval
