// Test support for the list readers: one-line queries on a ListSnapshot, so that tests compare plain
// strings (`passport:592667`, `lei:A -ownership-> lei:B 100`).
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "sanx/ingest/lists.hpp"

namespace sanx::testing {

/// The entry with this id; the test fails when there is none.
inline const ingest::ListEntry& entry(const ingest::ListSnapshot& s, const std::string& id) {
  const auto it = std::find_if(s.entries.begin(), s.entries.end(), [&](const auto& e) { return e.entity.id == id; });
  INFO("entry " << id);
  REQUIRE(it != s.entries.end());
  return *it;
}

/// Values of the entry's facts with this key, in order.
inline std::vector<std::string> facts(const ingest::ListEntry& e, const std::string& key) {
  std::vector<std::string> out;
  for (const auto& f : e.facts) {
    if (f.key == key) out.push_back(f.value);
  }
  return out;
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
