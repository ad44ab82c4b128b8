// A small world shared by the eval tests, and one-line helpers around a single-rule pack.
#pragma once

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compile/rules_test_support.hpp"

namespace sanx::test {

/// Two customers, three banks (one without a country), and payment P1 on 2024-07-01 from VTB (RU) to
/// Deutsche Bank (DE) over SWIFT: 1500.5 EUR, "payment for drone parts", intermediaries NOWHGB22 (a
/// known bank without country) and CHASUS33 (no known bank).
inline const model::Dataset& small_world() {
  static const model::Dataset data = [] {
    World w;
    w.company("demo:orig", "Orig LLC", "RU")
        .company("demo:benef", "Benef GmbH", "DE")
        .bank("demo:vtb", "VTB Bank", "RU", "VTBRRUMM")
        .bank("demo:db", "Deutsche Bank", "DE", "DEUTDEFF")
        .entity("demo:nowhere", model::EntityKind::bank, "Nowhere Bank", {}, {{"bic", "NOWHGB22"}});
    model::Payment p1 = payment("P1", "2024-07-01", "VTBRRUMM", "DEUTDEFF", "1500.5");
    p1.purpose = "payment for drone parts";
    p1.intermediary_bics = {"NOWHGB22", "CHASUS33"};
    w.payment(p1);
    return w.build();
  }();
  return data;
}

/// A pack with one payment rule `r` whose `when` is `condition`.
inline std::string payment_rule(std::string_view condition, std::string_view extra_meta = "",
                                std::string_view reason = "") {
  return fmt::format("rule r {{\n  meta {{ severity = low {} }}\n  on payment p\n  when {}\n{}}}\n", extra_meta,
                     condition, reason.empty() ? std::string() : fmt::format("  reason \"{}\"\n", reason));
}

/// "fired", "undetermined" or "none": what rule `when condition` gives for the first payment of `data`.
inline std::string outcome(std::string_view condition, const model::Dataset& data = small_world()) {
  const auto findings = run(payment_rule(condition), data);
  if (findings.empty()) return "none";
  return findings.front().outcome == eval::Outcome::fired ? "fired" : "undetermined";
}

/// The evidence of `f` as (path, value) pairs, in order.
inline std::vector<std::pair<std::string, std::string>> evidence_of(const eval::Finding& f) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [path, value] : f.evidence()) out.emplace_back(path, value);
  return out;
}

/// Every finding as one line (rule, subject, outcome, reason, missing paths): to compare two evaluations.
inline std::vector<std::string> finding_lines(const std::vector<eval::Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) {
    out.push_back(fmt::format("{} {} {} {} [{}]", f.rule(), f.subject(), f.outcome == eval::Outcome::fired ? "fired" : "undetermined",
                              f.reason(), fmt::join(f.missing(), ",")));
  }
  return out;
}

/// The first line where `a` and `b` differ ("" when they are equal): a Catch2 comparison of long vectors
/// would print them whole.
inline std::string first_difference(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] != b[i]) return fmt::format("#{}: {} | {}", i, a[i], b[i]);
  }
  return a.size() == b.size() ? "" : fmt::format("sizes {} and {}", a.size(), b.size());
}

}  // namespace sanx::test
