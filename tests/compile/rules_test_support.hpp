// Helpers for the compile and eval suites: compile `.rules` text through the real parser and checker, and
// build a small model::Dataset in memory.
#pragma once

#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sanx/check/check.hpp"
#include "sanx/compile/rule_set.hpp"
#include "sanx/core/date.hpp"
#include "sanx/core/decimal.hpp"
#include "sanx/dsl/parse.hpp"
#include "sanx/eval/evaluator.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::test {

/// Parses and checks `source` (as file `test.rules`, so rules are named `test.<rule>`), requiring no
/// errors, and compiles it.
inline compile::RuleSet compile_rules(std::string_view source) {
  dsl::Pack pack;
  const core::FileId file = pack.sources.add("test.rules", std::string(source));
  dsl::ParseResult parsed = dsl::parse(pack.sources, file);
  core::Diagnostics diags = std::move(parsed.diagnostics);
  pack.files.push_back(std::move(parsed.file));
  if (!diags.has_errors()) check::check(pack, diags);
  std::string errors;
  for (const core::Diagnostic& d : diags.items()) {
    if (d.severity == core::Severity::error) errors += core::render_text(d) + "\n";
  }
  INFO(errors);
  REQUIRE_FALSE(diags.has_errors());
  return compile::compile(pack);
}

inline core::Date day(std::string_view iso) { return *core::Date::parse_iso(iso); }
inline core::Decimal dec(std::string_view text) { return *core::Decimal::parse(text); }

/// A dataset built by hand: entities first, then payments, shipments and relations that refer to them by
/// id; build() resolves the references as store::load_dataset does.
class World {
 public:
  World& entity(std::string id, model::EntityKind kind, std::string name, std::vector<std::string> countries = {},
                std::vector<model::Identifier> identifiers = {}) {
    model::Entity e;
    e.id = std::move(id);
    e.kind = kind;
    if (!name.empty()) e.names.push_back({std::move(name), model::NameKind::primary, "Latn"});
    e.countries = std::move(countries);
    e.identifiers = std::move(identifiers);
    data_.entities.push_back(std::move(e));
    data_.entity_origin.push_back({"entities.csv", static_cast<std::uint32_t>(data_.entities.size() + 1)});
    return *this;
  }
  World& company(std::string id, std::string name, std::string country) {
    return entity(std::move(id), model::EntityKind::company, std::move(name), {std::move(country)});
  }
  World& bank(std::string id, std::string name, std::string country, std::string bic) {
    return entity(std::move(id), model::EntityKind::bank, std::move(name), {std::move(country)},
                  {{"bic", std::move(bic)}});
  }
  World& designate(std::string entity, std::string regime, std::string list, std::optional<core::Date> from,
                   std::optional<core::Date> to = std::nullopt, std::vector<std::string> programs = {}) {
    model::Designation d;
    d.entity = std::move(entity);
    d.regime = std::move(regime);
    d.list = std::move(list);
    d.listed_from = from;
    d.listed_to = to;
    d.programs = std::move(programs);
    data_.designations.push_back(std::move(d));
    return *this;
  }
  World& payment(model::Payment p) {
    data_.payments.push_back(std::move(p));
    data_.payment_origin.push_back({"payments.csv", static_cast<std::uint32_t>(data_.payments.size() + 1)});
    return *this;
  }
  World& shipment(model::Shipment s) {
    data_.shipments.push_back(std::move(s));
    data_.shipment_origin.push_back({"shipments.csv", static_cast<std::uint32_t>(data_.shipments.size() + 1)});
    return *this;
  }
  World& relation(model::Relation r) {
    data_.relations.push_back(std::move(r));
    return *this;
  }

  const model::Dataset& build() {
    data_.build_indices();
    data_.payment_refs.clear();
    for (const model::Payment& p : data_.payments) {
      model::PaymentRefs refs;
      refs.originator = data_.find_entity(p.originator);
      refs.beneficiary = data_.find_entity(p.beneficiary);
      refs.originator_bank = data_.find_bank(p.originator_bic);
      refs.beneficiary_bank = data_.find_bank(p.beneficiary_bic);
      for (const std::string& bic : p.intermediary_bics) refs.intermediary_banks.push_back(data_.find_bank(bic));
      data_.payment_refs.push_back(std::move(refs));
    }
    data_.shipment_refs.clear();
    for (const model::Shipment& s : data_.shipments) {
      data_.shipment_refs.push_back({data_.find_entity(s.exporter), data_.find_entity(s.consignee),
                                     data_.find_entity(s.end_user), data_.find_entity(s.vessel)});
    }
    data_.relation_refs.clear();
    for (const model::Relation& r : data_.relations) {
      data_.relation_refs.push_back({data_.find_entity(r.source), data_.find_entity(r.target)});
    }
    return data_;
  }

 private:
  model::Dataset data_;
};

/// A payment with the fields most tests need; adjust the rest on the result.
inline model::Payment payment(std::string id, std::string_view date, std::string originator_bic,
                              std::string beneficiary_bic, std::string_view amount = "100",
                              model::Network network = model::Network::swift) {
  model::Payment p;
  p.id = std::move(id);
  p.date = day(date);
  p.originator = "demo:orig";
  p.beneficiary = "demo:benef";
  p.originator_bic = std::move(originator_bic);
  p.beneficiary_bic = std::move(beneficiary_bic);
  p.network = network;
  p.currency = "EUR";
  p.amount = dec(amount);
  return p;
}

/// Compiles `rules` and evaluates them over `data`.
inline std::vector<eval::Finding> run(std::string_view rules, const model::Dataset& data,
                                      std::optional<core::Date> as_of = std::nullopt, std::size_t threads = 1) {
  const compile::RuleSet set = compile_rules(rules);
  eval::EvalOptions options;
  options.as_of = as_of;
  options.threads = threads;
  return eval::evaluate(set, data, options);
}

}  // namespace sanx::test
