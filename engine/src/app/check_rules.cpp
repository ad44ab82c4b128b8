// Checking a rule pack without running it: what `sanx check` does. A clean pack is also compiled, so that
// `check` vouches for everything `audit` will need from the rules.
#include "sanx/app/audit.hpp"
#include "sanx/check/check.hpp"
#include "sanx/compile/rule_set.hpp"
#include "sanx/dsl/parse.hpp"

namespace sanx::app {

CheckOutcome check_rules(const std::vector<std::filesystem::path>& roots, const std::filesystem::path& project_root) {
  CheckOutcome out;
  auto pack = dsl::load_pack(roots, out.diagnostics);
  check::CheckOptions options;
  options.project_root = project_root;
  check::check(pack, out.diagnostics, options);
  out.files = pack.files.size();
  for (const auto& f : pack.files) {
    out.rules += f.rules.size();
    out.typologies += f.typologies.size();
  }
  if (!out.diagnostics.has_errors()) out.digest = compile::compile(pack).digest();
  return out;
}

}  // namespace sanx::app
