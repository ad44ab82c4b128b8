// Who is linked to whom, for `linked_to`, `shared_identity` and `shared_identity_detail`: built once per
// audit from a Dataset (relations as an undirected adjacency; normalised addresses, phone numbers and
// directors as groups of entities), then read by every evaluation thread. Every question is asked as of
// a day, because relations and designations are dated: a director who resigned before the subject's date
// links nothing on it.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::eval {

class IdentityIndex {
 public:
  /// With `threads` > 1 the address groups (most of the build on a large world: every address normalised
  /// and hashed) are made on another thread while this one makes the rest (run_tasks).
  explicit IdentityIndex(const model::Dataset& data, std::size_t threads = 1);

  /// True when `e`, or an entity within `depth` relations of any kind and direction in force on `day`,
  /// has `country` as its main country. Without a day, relations that have not ended count.
  /// Within one and two relations the answer is looked up in what each entity reaches, worked out on its
  /// first call (a shipment's parties are asked again and again); deeper, the relations are walked.
  [[nodiscard]] bool linked_to(model::EntityIx e, std::string_view country, std::int64_t depth,
                               const std::optional<core::Date>& day) const;
  /// linked_to's answer when it is the same on every day and without a day (the filter's table of a
  /// party), else nullopt: always for a depth above two.
  [[nodiscard]] std::optional<bool> linked_every_day(model::EntityIx e, std::string_view country, std::int64_t depth) const;
  /// The same answer found by walking the relations breadth first: what the looked-up one is tested against.
  [[nodiscard]] bool linked_to_by_walk(model::EntityIx e, std::string_view country, std::int64_t depth,
                                       const std::optional<core::Date>& day) const;

  /// What `e` shares with a designated entity, for reasons: "address '…'", "phone '…'", "director '…'".
  struct Shared {
    model::EntityIx other;
    std::string detail;
  };
  /// The first entity by id, other than `e`, designated under `regime` (or any regime for "any") on
  /// `day` that shares with `e` a normalised address, a phone number, or a director in force to both.
  [[nodiscard]] std::optional<Shared> shared_identity(model::EntityIx e, std::string_view regime,
                                                      const std::optional<core::Date>& day) const;

  /// The days [from, to) around `day` (days since 1970-01-01) on which linked_to(e, c, depth, that day)
  /// gives one answer for every country c and depth of at most two: none of e's reaches starts or ends.
  [[nodiscard]] std::pair<std::int32_t, std::int32_t> linked_days(model::EntityIx e, std::int32_t day) const;

  /// Whether `e` has no relation and shares no address or phone: then linked_to is its own main country
  /// and shared_identity finds nobody, on every day.
  [[nodiscard]] bool isolated(model::EntityIx e) const noexcept;

  /// An address as compared: ASCII lower case, every run of other than letters and digits one space,
  /// trimmed ("12 Nasr St., Dubai" and "12 nasr st dubai" are one address).
  [[nodiscard]] static std::string normalise_address(std::string_view address);

 private:
  struct Edge {
    std::uint32_t other;
    std::uint32_t relation;
  };
  /// Entities that share one value (an address or a phone), with the value as written first.
  struct Group {
    std::string text;
    std::vector<std::uint32_t> members;
  };

  /// A main country reached through a chain of relations, and the days on which all of them are in force:
  /// [from, to), in days since 1970-01-01; `to` is kOpen when none of them ends.
  struct Reach {
    std::uint16_t country;
    std::int32_t from;
    std::int32_t to;
  };
  static constexpr std::int32_t kOpen = std::numeric_limits<std::int32_t>::max();
  static constexpr std::uint16_t kNoCountry = 0xFFFF;
  /// Per entity: the countries within one relation and within two, sorted, the days of each merged; and
  /// the days on which one of them starts or ends, ascending and distinct (linked_days).
  struct Reaches {
    std::array<std::vector<Reach>, 2> within;
    std::vector<std::int32_t> changes;
  };

  [[nodiscard]] bool in_force(std::uint32_t relation, const std::optional<core::Date>& day) const;
  [[nodiscard]] const Reaches& reaches_of(std::uint32_t e) const;
  [[nodiscard]] Reaches compute_reaches(std::uint32_t e) const;
  [[nodiscard]] std::uint16_t country_index(std::string_view country) const noexcept;
  [[nodiscard]] bool designated(std::uint32_t e, std::string_view regime, const std::optional<core::Date>& day) const;

  const model::Dataset& data_;
  std::vector<std::vector<Edge>> adjacent_;       ///< per entity: relations of any kind, both directions
  std::vector<std::vector<Edge>> directors_of_;   ///< per company: its director relations (other = person)
  std::vector<std::vector<Edge>> directorships_;  ///< per person: its director relations (other = company)
  std::vector<Group> addresses_;
  std::vector<Group> phones_;
  std::vector<std::vector<std::uint32_t>> address_groups_of_;  ///< per entity: indices into addresses_
  std::vector<std::vector<std::uint32_t>> phone_groups_of_;    ///< per entity: indices into phones_
  std::vector<std::string> countries_;        ///< the distinct main countries, sorted
  /// The countries of at most four bytes by their bytes as one number (short_code), sorted, with their
  /// index in countries_: a country asked for is found without comparing strings.
  std::vector<std::pair<std::uint32_t, std::uint16_t>> short_countries_;
  std::vector<std::uint16_t> country_of_;     ///< per entity: its main country in countries_, or kNoCountry
  std::vector<std::pair<std::int32_t, std::int32_t>> relation_days_;  ///< per relation: [from, to), as in Reach
  mutable std::unique_ptr<std::once_flag[]> reaches_once_;
  mutable std::unique_ptr<std::atomic<bool>[]> reaches_ready_;  ///< set once reaches_ is written: no lock to read it
  mutable std::vector<Reaches> reaches_;
};

}  // namespace sanx::eval
