// Test support for the checker: parse `.rules` text with dsl::parse, check it, and assert on the
// diagnostics with one-line helpers.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sanx/check/check.hpp"
#include "sanx/core/diagnostic.hpp"
#include "sanx/dsl/parse.hpp"

namespace sanx::testing {

struct Checked {
  dsl::Pack pack;
  core::Diagnostics diagnostics;
};

inline std::string render(const core::Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags.items()) out += core::render_text(d) + "\n";
  return out;
}

/// Parses each (path, text) into one pack, in the order given, and checks it. The sources must parse.
inline Checked check_files(const std::vector<std::pair<std::string, std::string>>& files,
                           const check::CheckOptions& options = {}) {
  Checked out;
  for (const auto& [path, text] : files) {
    const auto id = out.pack.sources.add(path, text);
    auto parsed = dsl::parse(out.pack.sources, id);
    INFO("parsing " << path << ":\n" << render(parsed.diagnostics));
    REQUIRE(parsed.diagnostics.empty());
    out.pack.files.push_back(std::move(parsed.file));
  }
  check::check(out.pack, out.diagnostics, options);
  return out;
}

inline Checked check_source(std::string_view source) { return check_files({{"test.rules", std::string(source)}}); }

/// A payment rule with severity high whose `when` is `condition`: the condition starts at line 4, column 8.
inline std::string payment_when(std::string_view condition) {
  return "rule r {\n  meta { severity = high }\n  on payment p\n  when " + std::string(condition) + "\n}\n";
}

inline bool has_diagnostic(const core::Diagnostics& diags, std::string_view code, std::uint32_t line,
                           std::uint32_t column) {
  for (const auto& d : diags.items()) {
    if (d.code == code && d.where.line == line && d.where.column == column) return true;
  }
  return false;
}

/// The diagnostics hold `code` at line:column, and no error other than that one.
inline void check_diagnostics_hold(const core::Diagnostics& diags, std::string_view code, std::uint32_t line,
                                   std::uint32_t column) {
  INFO(render(diags));
  CHECK(has_diagnostic(diags, code, line, column));
  std::size_t other_errors = 0;
  for (const auto& d : diags.items()) {
    if (d.severity == core::Severity::error && !(d.code == code && d.where.line == line && d.where.column == column)) {
      ++other_errors;
    }
  }
  CHECK(other_errors == 0);
}

/// Checking `source` reports `code` at line:column, and no other error.
inline void check_fails_with(std::string_view code, std::uint32_t line, std::uint32_t column, std::string_view source) {
  const auto checked = check_source(source);
  check_diagnostics_hold(checked.diagnostics, code, line, column);
}

/// Checking `source` gives no errors, and warns with `code` at line:column.
inline void check_warns_with(std::string_view code, std::uint32_t line, std::uint32_t column, std::string_view source) {
  const auto checked = check_source(source);
  INFO(render(checked.diagnostics));
  CHECK(checked.diagnostics.error_count() == 0);
  CHECK(has_diagnostic(checked.diagnostics, code, line, column));
}

/// Checking `source` gives no diagnostic at all.
inline void check_clean(std::string_view source) {
  const auto checked = check_source(source);
  INFO(render(checked.diagnostics));
  CHECK(checked.diagnostics.empty());
}

}  // namespace sanx::testing
