/// \file
/// The fields rules can read from each subject and the built-in functions they can call, with their
/// types: the checker resolves names against these tables, the evaluator implements each FieldId and
/// Builtin. docs/dsl.md lists them for rule authors.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "sanx/dsl/types.hpp"

namespace sanx::check {

/// Every readable field. Reference fields (`originator`, `originator_bank`) have type entity and can be
/// followed: `p.originator_bank.country`.
enum class FieldId : std::uint16_t {
  // payment
  payment_id, payment_date, payment_originator, payment_beneficiary, payment_originator_bic,
  payment_beneficiary_bic, payment_intermediary_bics, payment_originator_bank, payment_beneficiary_bank,
  payment_intermediary_banks, payment_network, payment_currency, payment_amount, payment_purpose,
  payment_ordering_bic, payment_ordering_bank, payment_reference, payment_channel,
  payment_origin_country, payment_destination_country, payment_corridor,
  // shipment
  shipment_id, shipment_date, shipment_exporter, shipment_consignee, shipment_end_user, shipment_hs_code,
  shipment_description, shipment_value, shipment_currency, shipment_origin, shipment_destination,
  shipment_route, shipment_mode, shipment_vessel, shipment_notify_party, shipment_contract,
  shipment_contract_date, shipment_no_russia_clause, shipment_loading_port, shipment_discharge_port,
  shipment_quantity, shipment_unit, shipment_countries, shipment_legs,
  // entity
  entity_id, entity_kind, entity_name, entity_names, entity_country, entity_countries, entity_identifiers,
  entity_bic, entity_lei, entity_imo, entity_inn, entity_birth_date, entity_incorporated, entity_addresses,
  entity_sectors, entity_web_presence, entity_phones,
  // relation
  relation_source, relation_target, relation_kind, relation_share, relation_basis, relation_start, relation_end,
};

struct FieldInfo {
  FieldId id;
  dsl::TypeKind owner;  ///< payment, shipment, entity or relation
  std::string_view name;
  dsl::Type type;
  std::string_view doc;
};

/// All fields, in FieldId order.
[[nodiscard]] std::span<const FieldInfo> fields() noexcept;
[[nodiscard]] const FieldInfo* find_field(dsl::TypeKind owner, std::string_view name) noexcept;
[[nodiscard]] const FieldInfo& field_info(FieldId id) noexcept;

/// Subject kinds a rule can be `on`.
[[nodiscard]] std::optional<dsl::TypeKind> subject_kind(std::string_view word) noexcept;

enum class Builtin : std::uint16_t {
  designated,    ///< designated(x: entity, regime: string [, program: string]) -> bool, in force on the subject's date
  listed_on,     ///< listed_on(x: entity, list: string) -> bool, in force on the subject's date
  bic_country,   ///< bic_country(bic: string) -> country (characters 5–6)
  hs_in,         ///< hs_in(code: string, codes: set<string>) -> bool, prefix match
  len,           ///< len(x: list|set|string) -> integer
  lower,         ///< lower(s: string) -> string
  upper,         ///< upper(s: string) -> string
  coalesce,      ///< coalesce(a: T, b: T) -> T: a unless missing
  days,          ///< days(d: duration) -> integer; the checker rejects a duration in months (E0207)
  // Ownership and control (graph/ownership.hpp), as of the subject's date. The regime is OFAC, EU or UK.
  blocked,         ///< blocked(x: entity, regime: string) -> bool; missing when only unstated shares could block
  owned_share,     ///< owned_share(x: entity, regime: string) -> percent held by the owners that count; missing when unstated shares leave it open
  controlled,      ///< controlled(x: entity, regime: string) -> bool: a control relation from a blocked party
  exposure_paths,  ///< exposure_paths(x: entity, regime: string) -> string: the proof paths, `; `-separated
  delisted,        ///< delisted(x: entity, regime: string) -> bool: designated before the subject's date, no longer
  name_match,      ///< name_match(x: entity | string, regime: string [, threshold: decimal]) -> entity: best listed match
  left,            ///< left(s: string, n: int) -> string: the first n characters (an HS heading: left(hs, 4))
  // Identity and links (eval/identity_index.hpp), as of the subject's date.
  linked_to,               ///< linked_to(x: entity, c: country, depth: int) -> bool: x or an entity within depth relations has main country c
  shared_identity,         ///< shared_identity(x: entity, regime: string) -> entity: a designated party sharing an address, phone or director
  shared_identity_detail,  ///< shared_identity_detail(x: entity, regime: string) -> string: what is shared, for reasons
};

struct BuiltinInfo {
  Builtin id;
  std::string_view name;
  std::size_t min_args;
  std::size_t max_args;
  std::string_view signature;  ///< for messages and docs: "designated(entity, string[, string]) -> bool"
};

[[nodiscard]] std::span<const BuiltinInfo> builtins() noexcept;
[[nodiscard]] const BuiltinInfo* find_builtin(std::string_view name) noexcept;

}  // namespace sanx::check
