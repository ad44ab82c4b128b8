#include "sanx/model/dataset_manifest.hpp"

#include <array>
#include <cstddef>

#include "model/enum_names.hpp"

namespace sanx::model {

namespace {

// Indexed by enumerator value.
constexpr std::array<std::string_view, 5> kFileKindNames = {"entities", "relations", "designations", "payments",
                                                            "shipments"};

}  // namespace

std::string_view to_string(FileKind k) noexcept { return detail::name_of(kFileKindNames, k); }

std::optional<FileKind> parse_file_kind(std::string_view s) noexcept {
  return detail::parse_name<FileKind>(kFileKindNames, s);
}

const std::vector<std::string_view>& canonical_columns(FileKind k) {
  // Function-local statics: initialised once, thread-safe, and never destroyed before a caller is done.
  static const std::vector<std::string_view> kEntities = {
      "id",      "kind",     "name",         "aliases", "country", "identifiers", "birth_date", "incorporated",
      "address", "sectors", "web_presence", "phones"};
  static const std::vector<std::string_view> kRelations = {"source", "target", "kind", "share",
                                                           "basis",  "start",  "end"};
  static const std::vector<std::string_view> kDesignations = {"entity",   "regime",      "list",
                                                              "programs", "listed_from", "listed_to"};
  static const std::vector<std::string_view> kPayments = {
      "id",       "date",    "originator", "beneficiary", "originator_bic", "beneficiary_bic", "intermediary_bics",
      "network",  "currency", "amount",    "purpose", "ordering_bic", "reference", "channel"};
  static const std::vector<std::string_view> kShipments = {
      "id",    "date",     "exporter", "consignee", "end_user",    "hs_code", "description",
      "value", "currency", "origin",   "destination", "route",     "mode",    "vessel",
      "notify_party", "contract", "contract_date", "no_russia_clause", "loading_port", "discharge_port",
      "quantity", "unit"};
  switch (k) {
    case FileKind::entities: return kEntities;
    case FileKind::relations: return kRelations;
    case FileKind::designations: return kDesignations;
    case FileKind::payments: return kPayments;
    case FileKind::shipments: return kShipments;
  }
  return kEntities;
}

}  // namespace sanx::model
