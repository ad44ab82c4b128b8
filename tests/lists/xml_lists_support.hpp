// Test support for the XML list readers (OFAC advanced, UN, EU): finding an entry and its facts, a copy
// of a fixture with one change, and the one diagnostic a bad input must give.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/diagnostic.hpp"
#include "sanx/ingest/lists.hpp"
#include "support/golden.hpp"
#include "support/temp_dir.hpp"

namespace sanx::testing {

inline const ingest::ListEntry& entry(const ingest::ListSnapshot& s, std::string_view id) {
  const auto it = std::find_if(s.entries.begin(), s.entries.end(), [&](const auto& e) { return e.entity.id == id; });
  INFO("entry " << id);
  REQUIRE(it != s.entries.end());
  return *it;
}

/// Values of the entry's facts with this key, in order.
inline std::vector<std::string> facts(const ingest::ListEntry& e, std::string_view key) {
  std::vector<std::string> out;
  for (const auto& f : e.facts) {
    if (f.key == key) out.push_back(f.value);
  }
  return out;
}

/// `fixture` with its first `from` replaced by `to`, written under the same name into `dir`.
inline std::filesystem::path mutated(const TempDir& dir, const std::filesystem::path& fixture, std::string_view from,
                                     std::string_view to) {
  std::string text = read_text(fixture);
  const std::size_t at = text.find(from);
  INFO("fixture " << fixture.string() << " has no '" << from << "'");
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return dir.write(fixture.filename().string(), text);
}

/// The single diagnostic of `diags`, which must have `code` (all of them are shown when not).
inline const core::Diagnostic& only(const core::Diagnostics& diags, std::string_view code) {
  std::string all;
  for (const auto& d : diags.items()) all += core::render_text(d);
  INFO(all);
  REQUIRE(diags.size() == 1);
  REQUIRE(diags.items()[0].code == code);
  return diags.items()[0];
}

}  // namespace sanx::testing
