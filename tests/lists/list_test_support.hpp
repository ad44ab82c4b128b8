// Test support for the list readers: one-line queries on a ListSnapshot, so that tests compare plain
// strings (`passport:592667`, `lei:A -ownership-> lei:B 100`), a copy of a fixture with one change, and
// the one diagnostic a bad input must give.
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

/// The entry with this id; the test fails when there is none.
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

inline std::vector<std::string> names(const ingest::ListEntry& e) {
  std::vector<std::string> out;
  for (const auto& n : e.entity.names) out.push_back(n.text);
  return out;
}

/// `scheme:value` of each identifier.
inline std::vector<std::string> identifiers(const ingest::ListEntry& e) {
  std::vector<std::string> out;
  for (const auto& i : e.entity.identifiers) out.push_back(i.scheme + ":" + i.value);
  return out;
}

/// `source -kind-> target[ basis][ share]` of each relation.
inline std::vector<std::string> relations(const ingest::ListSnapshot& s) {
  std::vector<std::string> out;
  for (const auto& r : s.relations) {
    std::string line = r.source + " -" + std::string(model::to_string(r.kind)) + "-> " + r.target;
    if (!r.basis.empty()) line += " " + r.basis;
    if (r.share) line += " " + r.share->to_string();
    out.push_back(line);
  }
  return out;
}

}  // namespace sanx::testing
