// Test doubles and one-line checks for the ingest tests: a sink that records rows, a resolver built
// from a few ids and BICs, and diagnostic lookups by code and position.
#pragma once

#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sanx/core/diagnostic.hpp"
#include "sanx/ingest/canonical.hpp"
#include "sanx/ingest/csv.hpp"
#include "support/temp_dir.hpp"

namespace sanx::testing {

/// Records every row it is handed, with its line. Ids listed in `in_database` are refused as duplicates.
class FakeSink final : public ingest::RowSink {
 public:
  std::vector<std::pair<model::Entity, std::uint32_t>> entities;
  std::vector<std::pair<model::Relation, std::uint32_t>> relations;
  std::vector<std::pair<model::Designation, std::uint32_t>> designations;
  std::vector<std::pair<model::Payment, std::uint32_t>> payments;
  std::vector<std::pair<model::Shipment, std::uint32_t>> shipments;
  std::set<std::string, std::less<>> in_database;

  bool entity(const model::Entity& e, std::uint32_t line) override {
    if (in_database.count(e.id) != 0) return false;
    entities.emplace_back(e, line);
    return true;
  }
  void relation(const model::Relation& r, std::uint32_t line) override { relations.emplace_back(r, line); }
  void designation(const model::Designation& d, std::uint32_t line) override { designations.emplace_back(d, line); }
  bool payment(const model::Payment& p, std::uint32_t line) override {
    if (in_database.count(p.id) != 0) return false;
    payments.emplace_back(p, line);
    return true;
  }
  bool shipment(const model::Shipment& s, std::uint32_t line) override {
    if (in_database.count(s.id) != 0) return false;
    shipments.emplace_back(s, line);
    return true;
  }
  [[nodiscard]] std::size_t total() const noexcept {
    return entities.size() + relations.size() + designations.size() + payments.size() + shipments.size();
  }
};

/// Knows a fixed set of entities (id -> kind) and bank BICs.
class FakeResolver final : public ingest::Resolver {
 public:
  std::map<std::string, model::EntityKind, std::less<>> entities{
      {"demo:acme", model::EntityKind::company},   {"demo:ivanov", model::EntityKind::person},
      {"demo:vtb", model::EntityKind::bank},       {"demo:sber", model::EntityKind::bank},
      {"demo:mv-ocean", model::EntityKind::vessel}};
  std::set<std::string, std::less<>> bics{"VTBRRUMM", "SABRRUMM"};

  [[nodiscard]] std::optional<model::EntityKind> entity_kind(std::string_view id) const override {
    const auto it = entities.find(id);
    if (it == entities.end()) return std::nullopt;
    return it->second;
  }
  [[nodiscard]] bool bic_known(std::string_view bic) const override {
    return bics.count(bic) != 0 || (bic.size() == 11 && bics.count(bic.substr(0, 8)) != 0);
  }
};

/// The first diagnostic with `code`, or nullptr.
inline const core::Diagnostic* find_code(const core::Diagnostics& diags, std::string_view code) {
  for (const auto& d : diags.items()) {
    if (d.code == code) return &d;
  }
  return nullptr;
}

inline std::string dump(const core::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) out += core::render_text(d);
  return out;
}

/// Checks that some diagnostic has `code` at `line`:`column`, and returns it (nullptr if none).
inline const core::Diagnostic* check_fails_with(const core::Diagnostics& diags, std::string_view code,
                                                std::uint32_t line, std::uint32_t column) {
  INFO(dump(diags));
  for (const auto& d : diags.items()) {
    if (d.code == code && d.where.line == line && d.where.column == column) {
      CHECK(!d.where.file.empty());
      CHECK(d.where.length >= 1);
      CHECK(!d.source_line.empty());
      CHECK(!d.label.empty());
      return &d;
    }
  }
  FAIL_CHECK("no " << code << " at " << line << ":" << column);
  return nullptr;
}

/// All records of a CSV text, read through a temporary file.
struct CsvResult {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> positions;  // (line, column) per field
  std::vector<std::uint32_t> lines;
  std::vector<std::string> source_lines;
  core::Diagnostics diags;
};

inline CsvResult read_csv(std::string_view content, ingest::CsvOptions options = {}) {
  TempDir dir;
  const auto path = dir.write("data.csv", content);
  CsvResult out;
  ingest::CsvReader reader(path, "data.csv", options);
  ingest::CsvRecord record;
  while (reader.next(record, out.diags)) {
    auto& row = out.rows.emplace_back();
    auto& pos = out.positions.emplace_back();
    for (const auto& f : record.fields) {
      row.emplace_back(f.text);
      pos.emplace_back(f.line, f.column);
    }
    out.lines.push_back(record.line);
    out.source_lines.emplace_back(record.source_line);
  }
  return out;
}

/// Reads `content` as a canonical file of `kind` named `name`.
struct CanonicalResult {
  FakeSink sink;
  core::Diagnostics diags;
  ingest::ReadReport report;
};

inline CanonicalResult read_canonical(model::FileKind kind, std::string_view content,
                                      std::vector<std::pair<std::string, std::string>> columns = {},
                                      ingest::ReadOptions options = {}, const FakeResolver& resolver = {},
                                      std::set<std::string, std::less<>> in_database = {}) {
  TempDir dir;
  model::DataFile file;
  file.name = std::string(model::to_string(kind)) + ".csv";
  file.path = dir.write(file.name, content);
  file.kind = kind;
  file.columns = std::move(columns);
  CanonicalResult out;
  out.sink.in_database = std::move(in_database);
  out.report = ingest::read_canonical_file(file, out.sink, resolver, out.diags, options);
  return out;
}

}  // namespace sanx::testing
