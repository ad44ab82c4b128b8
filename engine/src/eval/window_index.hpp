// Indexes for window aggregates (docs/dsl.md, "Windows"): for each window of each rule, the subjects of
// the kind it ranges over, grouped by the value of the window's key and sorted by date, so that a subject
// is answered by one hash lookup and a binary search on dates instead of a scan of every subject.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compile/ir.hpp"
#include "sanx/core/date.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::eval {

class Machine;

/// One window's index: key text -> (date, subject index), sorted by date then index.
struct WindowIndex {
  struct Entry {
    std::int32_t date;
    std::uint32_t ix;
  };
  std::unordered_map<std::string, std::vector<Entry>, compile::TransparentHash, std::equal_to<>> by_key;

  [[nodiscard]] const std::vector<Entry>* find(std::string_view key) const {
    const auto it = by_key.find(key);
    return it == by_key.end() ? nullptr : &it->second;
  }
};

/// The text a key value is indexed under, or nullopt for a missing key (such a subject is in no window).
/// Strings and countries are their text, so that `q.exporter_country == s.consignee.country` and a string
/// key meet; other kinds are tagged so that the int 5 and the string "5" do not.
[[nodiscard]] std::optional<std::string> window_key(const compile::Value& v);

/// Every window of every rule in a pack, indexed over one dataset. Built once per audit, before the
/// threads start; read-only afterwards, so machines on several threads share it.
class WindowIndexes {
 public:
  WindowIndexes(const compile::RuleSet::Impl& rules, const model::Dataset& data, std::optional<core::Date> as_of);

  [[nodiscard]] const WindowIndex& at(std::size_t rule, std::size_t window) const { return indexes_[rule][window]; }
  [[nodiscard]] static bool needed(const compile::RuleSet::Impl& rules);

 private:
  std::vector<std::vector<WindowIndex>> indexes_;  ///< [rule][window]
};

}  // namespace sanx::eval
