// Who is linked to whom, for `linked_to`, `shared_identity` and `shared_identity_detail`: built once per
// audit from a Dataset (relations as an undirected adjacency; normalised addresses, phone numbers and
// directors as groups of entities), then read by every evaluation thread. Every question is asked as of
// a day, because relations and designations are dated: a director who resigned before the subject's date
// links nothing on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::eval {

class IdentityIndex {
 public:
  explicit IdentityIndex(const model::Dataset& data);

  /// True when `e`, or an entity within `depth` relations of any kind and direction in force on `day`,
  /// has `country` as its main country. Without a day, relations that have not ended count.
  [[nodiscard]] bool linked_to(model::EntityIx e, std::string_view country, std::int64_t depth,
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

  [[nodiscard]] bool in_force(std::uint32_t relation, const std::optional<core::Date>& day) const;
  [[nodiscard]] bool designated(std::uint32_t e, std::string_view regime, const std::optional<core::Date>& day) const;

  const model::Dataset& data_;
  std::vector<std::vector<Edge>> adjacent_;       ///< per entity: relations of any kind, both directions
  std::vector<std::vector<Edge>> directors_of_;   ///< per company: its director relations (other = person)
  std::vector<std::vector<Edge>> directorships_;  ///< per person: its director relations (other = company)
  std::vector<Group> addresses_;
  std::vector<Group> phones_;
  std::vector<std::vector<std::uint32_t>> address_groups_of_;  ///< per entity: indices into addresses_
  std::vector<std::vector<std::uint32_t>> phone_groups_of_;    ///< per entity: indices into phones_
};

}  // namespace sanx::eval
