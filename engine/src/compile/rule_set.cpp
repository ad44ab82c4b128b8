#include "sanx/compile/rule_set.hpp"

#include "compile/ir.hpp"

namespace sanx::compile {

RuleSet::RuleSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;
RuleSet::~RuleSet() = default;

const std::vector<RuleSummary>& RuleSet::rules() const noexcept { return impl_->summaries; }
const std::vector<RuleSummary>& RuleSet::typologies() const noexcept { return impl_->typology_summaries; }
const std::string& RuleSet::digest() const noexcept { return impl_->digest; }

}  // namespace sanx::compile
