/// \file
/// The facts an evaluation runs over, in memory and indexed: entities with their designations and
/// relations, payments and shipments with their references resolved to entity indices. Filled by
/// store::load_dataset; read (never changed) by the evaluator, from any number of threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sanx/model/designation.hpp"
#include "sanx/model/entity.hpp"
#include "sanx/model/payment.hpp"
#include "sanx/model/payment_columns.hpp"
#include "sanx/model/relation.hpp"
#include "sanx/model/shipment_columns.hpp"

namespace sanx::model {

/// Index of an entity in Dataset::entities.
struct EntityIx {
  std::uint32_t value = kNone;
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;
  [[nodiscard]] constexpr bool valid() const noexcept { return value != kNone; }
  friend constexpr bool operator==(EntityIx, EntityIx) = default;
};

/// Where a row came from, for explanations: `payments.csv:812`.
struct Provenance {
  std::string file;
  std::uint32_t line = 0;
};

struct PaymentRefs {
  EntityIx originator, beneficiary;
  EntityIx originator_bank, beneficiary_bank;  ///< banks resolved from BICs; invalid when unknown
  std::vector<EntityIx> intermediary_banks;     ///< one per intermediary BIC, invalid when unknown
  EntityIx ordering_bank{};                     ///< bank holding ordering_bic; invalid when none
};

struct ShipmentRefs {
  EntityIx exporter, consignee, end_user, vessel;
  EntityIx notify_party{};  ///< invalid when none (the initialiser keeps 4-element brace initialisation valid)
};

struct RelationRefs {
  EntityIx source, target;
};

/// A name's Latin form as name screening writes it (match::to_latin: transliterated, ASCII, lower case),
/// computed when the name was imported. Screening a name in another script needs ICU's transliteration
/// rules, and compiling them (once per script and process) took most of a small audit: an index built from
/// stored forms loads none of them.
struct NameTransliteration {
  std::string text;   ///< the name as imported
  std::string latin;  ///< its Latin form
  bool arabic = false;  ///< written mostly in Arabic letters (screening then keys it without vowels)
};

/// The stored Latin forms of the dataset's names with letters outside ASCII (ASCII names need none), valid
/// only for the `method` that wrote them (match::transliteration_method: ICU version, transliterator and
/// normaliser source): screening ignores them under another method and transliterates itself.
struct NameTransliterations {
  std::string method;                      ///< empty: none stored
  std::vector<NameTransliteration> names;  ///< ordered by text (byte order), texts unique

  /// The stored form of `text`, or null.
  [[nodiscard]] const NameTransliteration* find(std::string_view text) const noexcept;
};

struct Dataset {
  std::vector<Entity> entities;
  std::vector<Provenance> entity_origin;
  std::vector<Designation> designations;
  std::vector<std::vector<std::uint32_t>> designations_of;  ///< per entity: indices into designations
  std::vector<Relation> relations;
  std::vector<RelationRefs> relation_refs;
  std::vector<Payment> payments;
  std::vector<PaymentRefs> payment_refs;
  std::vector<Provenance> payment_origin;
  std::vector<Shipment> shipments;
  std::vector<ShipmentRefs> shipment_refs;
  std::vector<Provenance> shipment_origin;
  /// The payments' most-read fields as columns, for the evaluator, as of the last build_payment_columns.
  /// An evaluation whose dataset has another number of payments than the columns builds its own; a
  /// payment changed in place needs build_payment_columns again.
  PaymentColumns payment_columns;
  /// The fields shipment windows read, as columns, as of the last build_shipment_columns; out of date
  /// like payment_columns (another number of shipments: an evaluation builds its own).
  ShipmentColumns shipment_columns;
  /// Latin forms of the entities' names, as stored at import (store::load_dataset fills them).
  NameTransliterations transliterations;

  /// Entity with this id; invalid when none.
  [[nodiscard]] EntityIx find_entity(std::string_view id) const;
  /// Bank holding `bic:<bic>` (BIC11 falls back to its BIC8, BIC8 to BIC8+"XXX"); invalid when none.
  [[nodiscard]] EntityIx find_bank(std::string_view bic) const;
  /// Rebuilds the id and BIC indices and designations_of from the vectors above.
  void build_indices();
  /// Rebuilds payment_columns from payments and payment_refs (after the banks are resolved).
  void build_payment_columns() { payment_columns = PaymentColumns::build(*this); }
  /// Rebuilds shipment_columns from shipments and shipment_refs.
  void build_shipment_columns() { shipment_columns = ShipmentColumns::build(*this); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, EntityIx, Hash, std::equal_to<>> by_id_;
  std::unordered_map<std::string, EntityIx, Hash, std::equal_to<>> by_bic_;
};

}  // namespace sanx::model
