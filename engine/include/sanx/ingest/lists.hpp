/// \file
/// Official sanctions lists and ownership registers: one reader per published format, each turning a
/// regulator's own file (or set of files) into a ListSnapshot — entities, designations and relations in
/// sanx's model, plus the facts the model has no field for — with diagnostics that name the file, line,
/// column and, for XML, the element path. Readers never touch SQLite: store/ records a snapshot as a
/// dataset version, and decides what changed since the previous snapshot of the same source.
///
/// Conventions every reader follows (docs/lists.md says the same for users):
/// - entity ids are `<prefix>:<the list's own id>`: `ofac:<ent_num|uid|FixedRef>`, `un:<DATAID>`,
///   `uk:<Group ID>`, `eu:<logicalId>`, `ftm:<id>`, `lei:<LEI>` (BODS and GLEIF; else `bods:<recordId>`);
/// - names: names[0] is the primary name; a.k.a. → NameKind::aka, f.k.a. → fka, n.k.a. → aka, low-quality or
///   "weak" aliases → weak; `script` from model::detect_script; individuals' names written "Given Family"
///   where the list gives the parts separately (the list's own form is also kept as a fact `listed_name`
///   when it differs, e.g. OFAC "ABBAS, Abu");
/// - identifiers: lower-case schemes `passport`, `national_id`, `tax_id`, `registration_id`, `bic`,
///   `imo`, `mmsi`, `lei`, `inn`, `ogrn`, `kpp`, `okpo`, `uscc`, `isin`, `email`, `website`, `phone`,
///   `aircraft_msn`, `call_sign`, `digital_currency:<asset>` is written `crypto_<asset>` (e.g. `crypto_xbt`);
///   the value exactly as listed (no country); where a document names its issuing country that goes in a fact
///   `<scheme>_country` (ISO alpha-2 where it maps);
/// - countries: ISO 3166-1 alpha-2 (core/country.hpp maps names); for persons nationality/citizenship first,
///   for others the country of registration or of the first address;
/// - dates: core::Date, partial where the list is partial; a range or several dates keep the earliest in
///   the model and every one as a fact (`birth_date`);
/// - designations: regime `OFAC`, `UN`, `UK`, `EU` (or the FtM authority's country code upper-cased);
///   list `SDN`, `CONS` (OFAC non-SDN consolidated: SSI, NS-PLC, CMIC, …, the exact list also in programs'
///   context via facts), `UN-SC`, `UK-OFSI`, `UK-FCDO`, `EU-FSF`; programs as the list writes them
///   (`RUSSIA-EO14024`, `IRAN`, UN list type `DPRK`, UK regime `Russia`, EU programme `UKR`); measures in
///   snake_case (`asset_freeze`, `secondary_sanctions_risk`, `sectoral`, `travel_ban`, `arms_embargo`);
///   listed_from from the listing date where given; source_ref `<file>:<line>` or `<file>#<element path>`;
/// - relations: ownership (share in percent when stated, else absent = unknown), control, director, family,
///   associate; source owns/controls/directs target. Both ends are entity ids; a relation may name an id
///   that is not in this snapshot only in registers (BODS, GLEIF, FtM), never in a list.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/diagnostic.hpp"
#include "sanx/model/designation.hpp"
#include "sanx/model/entity.hpp"
#include "sanx/model/relation.hpp"

namespace sanx::ingest {

enum class ListFormat { ofac_csv, ofac_xml, ofac_advanced, un_xml, uk_csv, eu_xml, ftm, bods, gleif_rr };

/// `ofac-csv`, `ofac-xml`, `ofac-advanced`, `un-xml`, `uk-csv`, `eu-xml`, `ftm`, `bods`, `gleif-rr`.
[[nodiscard]] std::string_view to_string(ListFormat f) noexcept;
[[nodiscard]] std::optional<ListFormat> parse_list_format(std::string_view s) noexcept;
/// Every format, in the order above (for help texts and tests).
[[nodiscard]] const std::vector<ListFormat>& all_list_formats();

/// Guesses the format of a file from its first few kilobytes (XML root element and namespace, JSON keys,
/// CSV shape) and, failing that, its name. nullopt when it is none of them. Throws IoError when unreadable.
[[nodiscard]] std::optional<ListFormat> detect_list_format(const std::filesystem::path& path);

/// A fact the list states that the model has no field for, kept so that nothing is lost: `title`,
/// `gender`, `place_of_birth`, `birth_date` (every variant as written), `nationality`, `listed_name`,
/// `remarks`, `vessel_type`, `vessel_flag`, `tonnage`, `passport_country`, `linked_to`, …
struct ListFact {
  std::string key;
  std::string value;
  friend bool operator==(const ListFact&, const ListFact&) = default;
};

/// One listed party (or, in registers, one entity or person statement).
struct ListEntry {
  model::Entity entity;
  std::vector<model::Designation> designations;  ///< each with entity = entity.id
  std::vector<ListFact> facts;
  core::Location where;      ///< file and 1-based line where the record starts (column 0)
  std::string element_path;  ///< XML: e.g. `/sdnList/sdnEntry[12]`; empty for CSV and JSON lines
};

/// What one file (or set of companion files) of a list says, as of its date.
struct ListSnapshot {
  /// Stable name of the list this is a snapshot of, so that a newer file of the same list replaces it:
  /// `ofac-sdn`, `ofac-cons`, `un-sc`, `uk-ofsi`, `uk-fcdo`, `eu-fsf`, `opensanctions`, `gleif`, `bods`.
  std::string source;
  ListFormat format = ListFormat::ofac_csv;
  /// The date the file states it was published or generated; nullopt when it states none.
  std::optional<core::Date> as_of;
  std::vector<ListEntry> entries;  ///< in file order; ids unique
  std::vector<model::Relation> relations;
  std::vector<std::filesystem::path> files;  ///< every file read (companions included), in reading order
};

struct ListReadOptions {
  /// Stop after this many errors (the import fails anyway); 0: no limit.
  std::size_t max_errors = 50;
  /// Called now and then with bytes read and total bytes, for progress display.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

/// Reads `path` as `format`. For ofac-csv, `path` is sdn.csv or cons_prim.csv (or any name): add.csv,
/// alt.csv, sdn_comments.csv (cons_add.csv, cons_alt.csv, cons_comments.csv) beside it are read when
/// present. Problems go to `diags` (codes E23xx / W24xx in docs/diagnostics.md) with file, line, column
/// and the XML element path in the message; a caller must not store a snapshot when `diags` has errors.
/// Unknown but harmless fields are kept as facts, never fatal. Throws IoError when a file cannot be read.
[[nodiscard]] ListSnapshot read_list(ListFormat format, const std::filesystem::path& path, core::Diagnostics& diags,
                                     const ListReadOptions& options = {});

// One reader per format, each in its own engine/src/ingest/<format>.cpp; read_list dispatches to them.
[[nodiscard]] ListSnapshot read_ofac_csv(const std::filesystem::path& path, core::Diagnostics& diags,
                                         const ListReadOptions& options);
[[nodiscard]] ListSnapshot read_ofac_xml(const std::filesystem::path& path, core::Diagnostics& diags,
                                         const ListReadOptions& options);
[[nodiscard]] ListSnapshot read_ofac_advanced(const std::filesystem::path& path, core::Diagnostics& diags,
                                              const ListReadOptions& options);
[[nodiscard]] ListSnapshot read_un_xml(const std::filesystem::path& path, core::Diagnostics& diags,
                                       const ListReadOptions& options);
[[nodiscard]] ListSnapshot read_uk_csv(const std::filesystem::path& path, core::Diagnostics& diags,
                                       const ListReadOptions& options);
[[nodiscard]] ListSnapshot read_eu_xml(const std::filesystem::path& path, core::Diagnostics& diags,
                                       const ListReadOptions& options);
[[nodiscard]] ListSnapshot read_ftm(const std::filesystem::path& path, core::Diagnostics& diags,
                                    const ListReadOptions& options);
[[nodiscard]] ListSnapshot read_bods(const std::filesystem::path& path, core::Diagnostics& diags,
                                     const ListReadOptions& options);
[[nodiscard]] ListSnapshot read_gleif_rr(const std::filesystem::path& path, core::Diagnostics& diags,
                                         const ListReadOptions& options);

}  // namespace sanx::ingest
