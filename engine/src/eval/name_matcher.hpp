// `name_match(x, regime[, threshold])` for the evaluator: the listed party a subject's entity (or a free
// text) most resembles, designated under the regime on the subject's date. The screening of each entity
// is done once and kept, since many payments name the same parties.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compile/ir.hpp"
#include "sanx/core/date.hpp"
#include "sanx/match/screening.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::eval {

class NameMatcher {
 public:
  /// The threshold of `name_match(x, regime)` without one.
  static constexpr double kDefaultThreshold = 0.8;

  /// Screens at `floor`: no call may ask for a lower threshold (floor_for says which floor a rule set needs).
  explicit NameMatcher(const model::Dataset& data, double floor = kFloor);

  /// A `name_match` threshold argument as a score: an integer or a decimal; nullopt for anything else.
  [[nodiscard]] static std::optional<double> threshold_of(const compile::Value& v);

  /// The lowest threshold the `name_match` calls of `rules` can ask for: their constant thresholds, the
  /// default 0.8 where none is given, kFloor where it is computed.
  [[nodiscard]] static double floor_for(const compile::RuleSet::Impl& rules);

  /// The best listed party other than `e` itself scoring at least `threshold`, with a designation of
  /// `regime` ("any" for every regime) in force on `day` (without a day: one that has not ended).
  [[nodiscard]] std::optional<std::uint32_t> best(model::EntityIx e, std::string_view regime,
                                                  std::optional<core::Date> day, double threshold) const;
  /// The same for a free-text name.
  [[nodiscard]] std::optional<std::uint32_t> best(std::string_view name, std::string_view regime,
                                                  std::optional<core::Date> day, double threshold) const;

 private:
  /// Candidates are screened once at a floor; a rule's own threshold then only filters them. This one is
  /// for thresholds computed at run time, and was the floor for every call before the rule set's was used.
  static constexpr double kFloor = 0.5;
  static constexpr std::size_t kKept = 32;

  [[nodiscard]] std::optional<std::uint32_t> pick(const std::vector<match::Hit>& hits, std::uint32_t self,
                                                  std::string_view regime, std::optional<core::Date> day,
                                                  double threshold) const;

  const model::Dataset& data_;
  double floor_;
  match::Screener screener_;
  mutable std::unique_ptr<std::once_flag[]> entity_once_;
  mutable std::vector<std::vector<match::Hit>> entity_hits_;
  mutable std::mutex text_mutex_;
  mutable std::unordered_map<std::string, std::vector<match::Hit>> text_hits_;
};

}  // namespace sanx::eval
