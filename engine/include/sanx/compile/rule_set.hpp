/// \file
/// Compiling a checked pack into an immutable rule set: typed IR with fields resolved to accessors,
/// constants folded, sets turned into lookup tables, and cheap conditions ordered first. A RuleSet is
/// shared read-only by any number of evaluator threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sanx/dsl/parse.hpp"

namespace sanx::compile {

struct RuleSummary {
  std::string name;  ///< qualified: namespace.rule
  std::string subject_kind;
  std::string severity;
  std::string pattern;
  std::string status;
};

class RuleSet {
 public:
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;
  ~RuleSet();

  [[nodiscard]] const std::vector<RuleSummary>& rules() const noexcept;
  /// The typologies, after the rules in the findings (summary.name qualified, subject_kind, severity …).
  [[nodiscard]] const std::vector<RuleSummary>& typologies() const noexcept;
  /// A stable digest of the compiled rules (hex), recorded with each audit run.
  [[nodiscard]] const std::string& digest() const noexcept;

  struct Impl;
  [[nodiscard]] const Impl& impl() const noexcept { return *impl_; }
  explicit RuleSet(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

/// Compiles a pack that checked without errors.
[[nodiscard]] RuleSet compile(const dsl::Pack& checked);

}  // namespace sanx::compile
