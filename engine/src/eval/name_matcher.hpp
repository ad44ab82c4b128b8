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

#include "sanx/core/date.hpp"
#include "sanx/match/screening.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::eval {

class NameMatcher {
 public:
  explicit NameMatcher(const model::Dataset& data);

  /// The best listed party other than `e` itself scoring at least `threshold`, with a designation of
  /// `regime` ("any" for every regime) in force on `day` (without a day: one that has not ended).
  [[nodiscard]] std::optional<std::uint32_t> best(model::EntityIx e, std::string_view regime,
                                                  std::optional<core::Date> day, double threshold) const;
  /// The same for a free-text name.
  [[nodiscard]] std::optional<std::uint32_t> best(std::string_view name, std::string_view regime,
                                                  std::optional<core::Date> day, double threshold) const;

 private:
  /// Candidates are screened once at this floor; a rule's own threshold then only filters them.
  static constexpr double kFloor = 0.5;
  static constexpr std::size_t kKept = 32;

  [[nodiscard]] std::optional<std::uint32_t> pick(const std::vector<match::Hit>& hits, std::uint32_t self,
                                                  std::string_view regime, std::optional<core::Date> day,
                                                  double threshold) const;

  const model::Dataset& data_;
  match::Screener screener_;
  mutable std::unique_ptr<std::once_flag[]> entity_once_;
  mutable std::vector<std::vector<match::Hit>> entity_hits_;
  mutable std::mutex text_mutex_;
  mutable std::unordered_map<std::string, std::vector<match::Hit>> text_hits_;
};

}  // namespace sanx::eval
