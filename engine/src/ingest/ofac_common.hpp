// What the two OFAC "standard" formats (the legacy CSV set and SDN.XML / CONSOLIDATED.XML) share: both
// describe the same entries, the CSV hiding in Remarks what the XML gives as id items. Both readers feed
// the same Draft through the same functions, so that one entry read from either file comes out the same
// (tests/lists/ofac_xml_test.cpp compares the two entry by entry). Defined in ofac_csv.cpp (one
// translation unit per format, as engine/src/ingest/CMakeLists.txt lists them).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/ingest/lists.hpp"
#include "sanx/model/entity.hpp"

namespace sanx::ingest::ofac {

enum class SdnType { individual, entity, vessel, aircraft };

/// `individual`, `vessel`, `aircraft` (CSV; `-0-` is an entity) or `Individual`, `Entity`, `Vessel`,
/// `Aircraft` (XML). nullopt for anything else.
[[nodiscard]] std::optional<SdnType> parse_sdn_type(std::string_view text) noexcept;

/// A `Linked To:` name waiting for every entry to be read; `offset` is where it starts in the text it
/// came from (the CSV Remarks), for the warning when it names no entry.
struct Link {
  std::string name;
  std::size_t offset = 0;
};

/// Everything known about one listed party while it is being read. finish() turns it into a ListEntry.
struct Draft {
  ListEntry entry;
  SdnType type = SdnType::entity;
  std::string listed_name;  ///< the primary name as OFAC writes it (`ABBAS, Abu`)
  std::vector<std::string> programs;
  std::vector<std::string> measures;
  std::vector<std::string> person_countries;        ///< nationality, citizenship
  std::vector<std::string> registration_countries;  ///< nationality of registration, flag, registry
  std::vector<std::string> address_countries;
  std::vector<core::Date> birth_dates;
  std::vector<Link> links;
  std::string source_ref;  ///< the designation's: `sdn.csv:12` or `ofac.xml#/sdnList/sdnEntry[3]`
};

/// A problem inside one value (a Remarks text, an id item): byte offset and length in that text, so that
/// each reader can place it (CSV: line and column; XML: the element). Always a warning.
struct Problem {
  std::string code;
  std::string message;
  std::string label;
  std::size_t offset = 0;
  std::size_t length = 0;
};
using Problems = std::vector<Problem>;

/// `First LAST` for an individual whose listed name is `LAST, First` (exactly one ", "); the listed form
/// otherwise.
[[nodiscard]] std::string display_name(std::string_view listed, bool individual);

/// ISO 3166-1 alpha-2 code of a country as OFAC names it (`Russia`, `Korea, North`, `Burma`, …);
/// nullopt when it is not a country sanx knows.
[[nodiscard]] std::optional<std::string> country_code(std::string_view name);

/// Whether `code` is an OFAC program code sanx knows (others are kept, with a warning).
[[nodiscard]] bool known_program(std::string_view code) noexcept;

/// OFAC dates as written in Remarks and the XML: `10 Dec 1948`, `Dec 1948`, `1948`, with `circa`, and
/// ranges (`1960 to 1962`, `circa 1951-1953`): the earliest date; nullopt when unreadable.
[[nodiscard]] std::optional<core::Date> parse_ofac_date(std::string_view text);

void add_fact(Draft& d, std::string key, std::string_view value);
/// Adds a name unless the entry has it already (same text and kind); individuals' names are reordered.
void add_name(Draft& d, std::string_view listed, model::NameKind kind);
/// Adds the primary name (names[0]) and, for an individual, the fact `listed_name`.
void set_primary_name(Draft& d, std::string_view listed);
/// Splits a program field (`SDGT] [NS-PLC`) or takes one program; keeps each once.
void add_programs(Draft& d, std::string_view field);
/// A country named by the list: mapped into `into` when it maps, else a fact `<key>` and a warning.
void add_country(Draft& d, std::vector<std::string> Draft::*into, std::string_view name, std::size_t offset,
                 Problems& problems);
/// An address: its parts (street …, country) joined with ", " (each address once), and its country.
void add_address(Draft& d, const std::vector<std::string>& parts, std::string_view country, Problems& problems);
/// A date of birth as written: a fact `birth_date`, and the model date when it parses (else a warning).
void add_birth_date(Draft& d, std::string_view text, std::size_t offset, Problems& problems);
/// The vessel columns of the CSV, the vesselInfo of the XML.
void add_vessel_info(Draft& d, std::string_view call_sign, std::string_view type, std::string_view tonnage,
                     std::string_view grt, std::string_view flag, std::string_view owner, Problems& problems);

/// One labelled item: an XML `id` (idType, idNumber, idCountry) or a CSV Remarks part split the same way.
/// The label decides: an identifier (`passport`, `tax_id`, `bic`, …, with `<scheme>_country`), a measure
/// (`Secondary sanctions risk:`), a date, a country, or a fact named after the label. `offset` is where the
/// value starts in the reader's text, for problems.
void apply_item(Draft& d, std::string_view label, std::string_view value, std::string_view country,
                std::size_t offset, Problems& problems);

/// Parses a Remarks text (`DOB 10 Dec 1948; POB Cairo, Egypt; Passport 1084010 (Egypt); a.k.a. 'X'; Linked
/// To: NAME.`): every part with a known label goes through apply_item; weak aliases and links are added.
/// Keeps the whole text as the fact `remarks`.
void apply_remarks(Draft& d, std::string_view remarks, Problems& problems);

/// The list a file is a snapshot of: `ofac-cons` or `ofac-sdn`. By file name first (`cons` or `sdn` in it),
/// then by content: a file in which most entries carry a non-SDN program (NS-PLC, UKRAINE-EO13662 = SSI,
/// CMIC-EO13959, NS-MBS, FSE-…) is the consolidated non-SDN list.
[[nodiscard]] std::string source_of(const std::filesystem::path& path, const std::vector<Draft>& drafts);

/// Completes every draft: kind (a bank when it has a BIC or is a financial institution), countries in the
/// conventional order, birth date, the designation (regime OFAC, list SDN or CONS per `source`).
void finish(std::vector<Draft>& drafts, std::string_view source);

/// A `Linked To:` name that matches no entry of the snapshot.
struct Unresolved {
  std::size_t draft = 0;
  Link link;
};
/// Resolves every draft's `Linked To:` names against the primary names (as listed) of the drafts, adding
/// associate relations (source: the entry that names, target: each entry named). A name that matches no
/// entry is kept as the fact `linked_to` and returned, so that the reader can warn where it is written.
[[nodiscard]] std::vector<Unresolved> link_entries(std::vector<Draft>& drafts, std::vector<model::Relation>& relations);

}  // namespace sanx::ingest::ofac
