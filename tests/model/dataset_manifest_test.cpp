#include "sanx/model/dataset_manifest.hpp"

#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

namespace model = sanx::model;
using model::FileKind;
using Columns = std::vector<std::string_view>;

TEST_CASE("file kinds round-trip through their names", "[model][manifest]") {
  for (const FileKind k : model::kFileKindOrder) {
    CHECK(model::parse_file_kind(model::to_string(k)) == k);
  }
  CHECK(model::to_string(FileKind::designations) == "designations");
}

TEST_CASE("file kind names are exact lower-case plurals", "[model][manifest]") {
  for (const char* text : {"entity", "Entities", "PAYMENTS", "owners", ""}) {
    INFO('"' << text << '"');
    CHECK_FALSE(model::parse_file_kind(text).has_value());
  }
}

TEST_CASE("entities files have the canonical entity columns", "[model][manifest]") {
  CHECK(model::canonical_columns(FileKind::entities) ==
        Columns{"id", "kind", "name", "aliases", "country", "identifiers", "birth_date", "incorporated", "address",
                "sectors", "web_presence", "phones"});
}

TEST_CASE("relations files have the canonical relation columns", "[model][manifest]") {
  CHECK(model::canonical_columns(FileKind::relations) ==
        Columns{"source", "target", "kind", "share", "basis", "start", "end"});
}

TEST_CASE("designations files have the canonical designation columns", "[model][manifest]") {
  CHECK(model::canonical_columns(FileKind::designations) ==
        Columns{"entity", "regime", "list", "programs", "listed_from", "listed_to"});
}

TEST_CASE("payments files have the canonical payment columns", "[model][manifest]") {
  CHECK(model::canonical_columns(FileKind::payments) ==
        Columns{"id", "date", "originator", "beneficiary", "originator_bic", "beneficiary_bic", "intermediary_bics",
                "network", "currency", "amount", "purpose", "ordering_bic", "reference", "channel"});
}

TEST_CASE("shipments files have the canonical shipment columns", "[model][manifest]") {
  CHECK(model::canonical_columns(FileKind::shipments) ==
        Columns{"id", "date", "exporter", "consignee", "end_user", "hs_code", "description", "value", "currency",
                "origin", "destination", "route", "mode", "vessel", "notify_party", "contract", "contract_date",
                "no_russia_clause", "loading_port", "discharge_port", "quantity", "unit"});
}
