// The field and built-in tables. Kept in FieldId / Builtin order so that lookups by id are an index;
// a static_assert-like check at the first call guards the order (see field_info).
#include "sanx/check/schema.hpp"

#include <array>

#include "sanx/core/assert.hpp"

namespace sanx::check {
namespace {

using dsl::Type;
using dsl::TypeKind;
constexpr TypeKind kPayment = TypeKind::payment;
constexpr TypeKind kShipment = TypeKind::shipment;
constexpr TypeKind kEntity = TypeKind::entity;
constexpr TypeKind kRelation = TypeKind::relation;

constexpr Type t(TypeKind k) { return Type::of(k); }
constexpr Type list(TypeKind k) { return Type::list_of(k); }

constexpr std::array kFields{
    // payment
    FieldInfo{FieldId::payment_id, kPayment, "id", t(TypeKind::string), "the payment's id"},
    FieldInfo{FieldId::payment_date, kPayment, "date", t(TypeKind::date), "value date"},
    FieldInfo{FieldId::payment_originator, kPayment, "originator", t(kEntity), "ordering customer"},
    FieldInfo{FieldId::payment_beneficiary, kPayment, "beneficiary", t(kEntity), "beneficiary customer"},
    FieldInfo{FieldId::payment_originator_bic, kPayment, "originator_bic", t(TypeKind::string),
              "BIC of the originator's bank, as written"},
    FieldInfo{FieldId::payment_beneficiary_bic, kPayment, "beneficiary_bic", t(TypeKind::string),
              "BIC of the beneficiary's bank, as written"},
    FieldInfo{FieldId::payment_intermediary_bics, kPayment, "intermediary_bics", list(TypeKind::string),
              "BICs of intermediary banks, in order"},
    FieldInfo{FieldId::payment_originator_bank, kPayment, "originator_bank", t(kEntity),
              "bank entity holding originator_bic; missing when no bank has that BIC"},
    FieldInfo{FieldId::payment_beneficiary_bank, kPayment, "beneficiary_bank", t(kEntity),
              "bank entity holding beneficiary_bic; missing when no bank has that BIC"},
    FieldInfo{FieldId::payment_intermediary_banks, kPayment, "intermediary_banks", list(kEntity),
              "bank entities of the intermediary BICs that name a known bank"},
    FieldInfo{FieldId::payment_network, kPayment, "network", t(TypeKind::string),
              "rail, upper case: SWIFT, SPFS, SEPAM, CIPS, MIR, SHETAB, SEPA, FEDWIRE, CHAPS, CARD, BOOK, OTHER"},
    FieldInfo{FieldId::payment_currency, kPayment, "currency", t(TypeKind::string), "ISO 4217 code"},
    FieldInfo{FieldId::payment_amount, kPayment, "amount", t(TypeKind::decimal), "amount in `currency`"},
    FieldInfo{FieldId::payment_purpose, kPayment, "purpose", t(TypeKind::string), "remittance information"},
    FieldInfo{FieldId::payment_ordering_bic, kPayment, "ordering_bic", t(TypeKind::string),
              "BIC of the ordering institution when it is not the originator's bank (nested correspondent)"},
    FieldInfo{FieldId::payment_ordering_bank, kPayment, "ordering_bank", t(kEntity),
              "bank entity holding ordering_bic; missing when none"},
    FieldInfo{FieldId::payment_reference, kPayment, "reference", t(TypeKind::string),
              "invoice or contract the payment settles (a shipment's contract)"},
    FieldInfo{FieldId::payment_channel, kPayment, "channel", t(TypeKind::string),
              "transfer, atm, pos or ecom; never missing (transfer when not given)"},
    FieldInfo{FieldId::payment_origin_country, kPayment, "origin_country", t(TypeKind::country),
              "country of the originator's bank (its BIC's country: a foreign branch carries its own), else the "
              "originator's main country"},
    FieldInfo{FieldId::payment_destination_country, kPayment, "destination_country", t(TypeKind::country),
              "country of the beneficiary's bank (its BIC's country), else the beneficiary's main country"},
    FieldInfo{FieldId::payment_corridor, kPayment, "corridor", t(TypeKind::string),
              "the payment's corridor `ORIGIN-DESTINATION NETWORK`, e.g. `IR-RU SPFS`; missing when either country is unknown"},
    // shipment
    FieldInfo{FieldId::shipment_id, kShipment, "id", t(TypeKind::string), "the shipment's id"},
    FieldInfo{FieldId::shipment_date, kShipment, "date", t(TypeKind::date), "shipment date"},
    FieldInfo{FieldId::shipment_exporter, kShipment, "exporter", t(kEntity), "exporter"},
    FieldInfo{FieldId::shipment_consignee, kShipment, "consignee", t(kEntity), "consignee"},
    FieldInfo{FieldId::shipment_end_user, kShipment, "end_user", t(kEntity), "declared end user"},
    FieldInfo{FieldId::shipment_hs_code, kShipment, "hs_code", t(TypeKind::string),
              "Harmonized System code, 4-10 digits"},
    FieldInfo{FieldId::shipment_description, kShipment, "description", t(TypeKind::string), "goods description"},
    FieldInfo{FieldId::shipment_value, kShipment, "value", t(TypeKind::decimal), "declared value in `currency`"},
    FieldInfo{FieldId::shipment_currency, kShipment, "currency", t(TypeKind::string), "ISO 4217 code"},
    FieldInfo{FieldId::shipment_origin, kShipment, "origin", t(TypeKind::country), "country of origin"},
    FieldInfo{FieldId::shipment_destination, kShipment, "destination", t(TypeKind::country),
              "country of destination"},
    FieldInfo{FieldId::shipment_route, kShipment, "route", list(TypeKind::country), "transit countries, in order"},
    FieldInfo{FieldId::shipment_mode, kShipment, "mode", t(TypeKind::string), "sea, rail, road or air"},
    FieldInfo{FieldId::shipment_vessel, kShipment, "vessel", t(kEntity), "vessel entity"},
    FieldInfo{FieldId::shipment_notify_party, kShipment, "notify_party", t(kEntity), "notify party"},
    FieldInfo{FieldId::shipment_contract, kShipment, "contract", t(TypeKind::string),
              "contract reference (payments name it in reference)"},
    FieldInfo{FieldId::shipment_contract_date, kShipment, "contract_date", t(TypeKind::date),
              "date the contract was concluded; may be partial"},
    FieldInfo{FieldId::shipment_no_russia_clause, kShipment, "no_russia_clause", t(TypeKind::boolean),
              "the contract has the EU Art. 12g no-re-export-to-Russia clause; missing when unknown"},
    FieldInfo{FieldId::shipment_loading_port, kShipment, "loading_port", t(TypeKind::string),
              "port or rail station of loading, as written"},
    FieldInfo{FieldId::shipment_discharge_port, kShipment, "discharge_port", t(TypeKind::string),
              "port or rail station of discharge, as written"},
    FieldInfo{FieldId::shipment_quantity, kShipment, "quantity", t(TypeKind::decimal), "quantity in unit"},
    FieldInfo{FieldId::shipment_unit, kShipment, "unit", t(TypeKind::string), "unit of quantity, lower case"},
    FieldInfo{FieldId::shipment_countries, kShipment, "countries", list(TypeKind::country),
              "origin, transit countries in order, destination"},
    FieldInfo{FieldId::shipment_legs, kShipment, "legs", list(TypeKind::string),
              "route legs `FROM-TO` between consecutive countries of `countries`, e.g. `SE-KZ`"},
    // entity
    FieldInfo{FieldId::entity_id, kEntity, "id", t(TypeKind::string), "the entity's id"},
    FieldInfo{FieldId::entity_kind, kEntity, "kind", t(TypeKind::string),
              "person, company, organization, bank, vessel or aircraft"},
    FieldInfo{FieldId::entity_name, kEntity, "name", t(TypeKind::string), "primary name"},
    FieldInfo{FieldId::entity_names, kEntity, "names", list(TypeKind::string), "all names, primary first"},
    FieldInfo{FieldId::entity_country, kEntity, "country", t(TypeKind::country), "main country"},
    FieldInfo{FieldId::entity_countries, kEntity, "countries", list(TypeKind::country), "all countries"},
    FieldInfo{FieldId::entity_identifiers, kEntity, "identifiers", list(TypeKind::string),
              "identifiers written `scheme:value`"},
    FieldInfo{FieldId::entity_bic, kEntity, "bic", t(TypeKind::string), "first `bic:` identifier"},
    FieldInfo{FieldId::entity_lei, kEntity, "lei", t(TypeKind::string), "first `lei:` identifier"},
    FieldInfo{FieldId::entity_imo, kEntity, "imo", t(TypeKind::string), "first `imo:` identifier"},
    FieldInfo{FieldId::entity_inn, kEntity, "inn", t(TypeKind::string), "first `inn:` identifier"},
    FieldInfo{FieldId::entity_birth_date, kEntity, "birth_date", t(TypeKind::date), "persons; may be partial"},
    FieldInfo{FieldId::entity_incorporated, kEntity, "incorporated", t(TypeKind::date),
              "companies, organisations, banks; may be partial"},
    FieldInfo{FieldId::entity_addresses, kEntity, "addresses", list(TypeKind::string), "addresses"},
    FieldInfo{FieldId::entity_sectors, kEntity, "sectors", list(TypeKind::string),
              "sectors of activity, lower-case words such as general_trading or ru.manufacturing"},
    FieldInfo{FieldId::entity_web_presence, kEntity, "web_presence", t(TypeKind::string),
              "none, thin or normal (from KYC); missing when unknown"},
    FieldInfo{FieldId::entity_phones, kEntity, "phones", list(TypeKind::string),
              "phone numbers as + and digits"},
    // relation
    FieldInfo{FieldId::relation_source, kRelation, "source", t(kEntity),
              "owner, controller, director, relative, associate or head office"},
    FieldInfo{FieldId::relation_target, kRelation, "target", t(kEntity),
              "owned or controlled entity, the branch, or the other party"},
    FieldInfo{FieldId::relation_kind, kRelation, "kind", t(TypeKind::string),
              "ownership, control, director, family, associate or branch"},
    FieldInfo{FieldId::relation_share, kRelation, "share", t(TypeKind::percent), "ownership share, 0-100%"},
    FieldInfo{FieldId::relation_basis, kRelation, "basis", t(TypeKind::string), "control basis"},
    FieldInfo{FieldId::relation_start, kRelation, "start", t(TypeKind::date), "in force from"},
    FieldInfo{FieldId::relation_end, kRelation, "end", t(TypeKind::date), "in force until (exclusive)"},
};

constexpr bool fields_in_id_order() {
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if (static_cast<std::size_t>(kFields[i].id) != i) return false;
  }
  return true;
}
static_assert(fields_in_id_order(), "kFields lists every field in FieldId order");

constexpr std::array kBuiltins{
    BuiltinInfo{Builtin::designated, "designated", 2, 3, "designated(entity, string[, string]) -> bool"},
    BuiltinInfo{Builtin::listed_on, "listed_on", 2, 2, "listed_on(entity, string) -> bool"},
    BuiltinInfo{Builtin::bic_country, "bic_country", 1, 1, "bic_country(string) -> country"},
    BuiltinInfo{Builtin::hs_in, "hs_in", 2, 2, "hs_in(string, set<string>) -> bool"},
    BuiltinInfo{Builtin::len, "len", 1, 1, "len(list | set | string) -> int"},
    BuiltinInfo{Builtin::lower, "lower", 1, 1, "lower(string) -> string"},
    BuiltinInfo{Builtin::upper, "upper", 1, 1, "upper(string) -> string"},
    BuiltinInfo{Builtin::coalesce, "coalesce", 2, 2, "coalesce(T, T) -> T"},
    BuiltinInfo{Builtin::days, "days", 1, 1, "days(duration) -> int"},
    BuiltinInfo{Builtin::blocked, "blocked", 2, 2, "blocked(entity, string) -> bool"},
    BuiltinInfo{Builtin::owned_share, "owned_share", 2, 2, "owned_share(entity, string) -> percent"},
    BuiltinInfo{Builtin::controlled, "controlled", 2, 2, "controlled(entity, string) -> bool"},
    BuiltinInfo{Builtin::exposure_paths, "exposure_paths", 2, 2, "exposure_paths(entity, string) -> string"},
    BuiltinInfo{Builtin::delisted, "delisted", 2, 2, "delisted(entity, string) -> bool"},
    BuiltinInfo{Builtin::name_match, "name_match", 2, 3, "name_match(entity | string, string[, decimal]) -> entity"},
    BuiltinInfo{Builtin::left, "left", 2, 2, "left(string, int) -> string"},
    BuiltinInfo{Builtin::linked_to, "linked_to", 3, 3, "linked_to(entity, country, int) -> bool"},
    BuiltinInfo{Builtin::shared_identity, "shared_identity", 2, 2, "shared_identity(entity, string) -> entity"},
    BuiltinInfo{Builtin::shared_identity_detail, "shared_identity_detail", 2, 2,
                "shared_identity_detail(entity, string) -> string"},
};

constexpr bool builtins_in_id_order() {
  for (std::size_t i = 0; i < kBuiltins.size(); ++i) {
    if (static_cast<std::size_t>(kBuiltins[i].id) != i) return false;
  }
  return true;
}
static_assert(builtins_in_id_order(), "kBuiltins lists every builtin in Builtin order");

}  // namespace

std::span<const FieldInfo> fields() noexcept { return kFields; }

const FieldInfo* find_field(dsl::TypeKind owner, std::string_view name) noexcept {
  for (const auto& f : kFields) {
    if (f.owner == owner && f.name == name) return &f;
  }
  return nullptr;
}

const FieldInfo& field_info(FieldId id) noexcept {
  const auto i = static_cast<std::size_t>(id);
  SANX_ASSERT(i < kFields.size() && "field id is in the table");
  return kFields[i];
}

std::optional<dsl::TypeKind> subject_kind(std::string_view word) noexcept {
  if (word == "payment") return TypeKind::payment;
  if (word == "shipment") return TypeKind::shipment;
  if (word == "entity") return TypeKind::entity;
  if (word == "relation") return TypeKind::relation;
  return std::nullopt;
}

std::span<const BuiltinInfo> builtins() noexcept { return kBuiltins; }

const BuiltinInfo* find_builtin(std::string_view name) noexcept {
  for (const auto& b : kBuiltins) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

}  // namespace sanx::check
