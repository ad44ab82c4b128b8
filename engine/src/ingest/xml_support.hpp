// Shared by the XML list readers (OFAC standard and advanced, UN, EU): loading a document with pugixml,
// turning a node into a file:line:column location and an element path for diagnostics, and matching
// elements by local name so that a namespace change (OFAC's 2020 vs 2024 advanced files) does not matter.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/diagnostic.hpp"
#include "sanx/ingest/lists.hpp"

namespace sanx::ingest::xml {

/// A parsed XML file with what diagnostics need: its display name and where each line starts.
class Document {
 public:
  /// Loads and parses `path`. On a parse error (truncated file, bad encoding, mismatched tags) adds one
  /// diagnostic `code` ("expected …" at the exact line and column) and returns nullopt. Throws IoError
  /// when the file cannot be read.
  static std::optional<Document> load(const std::filesystem::path& path, core::Diagnostics& diags,
                                      std::string_view code);

  [[nodiscard]] pugi::xml_node root() const { return doc_->document_element(); }
  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] std::uint64_t size() const noexcept { return text_.size(); }

  /// Location of the node's start tag (line and column of its `<`), length of its name.
  [[nodiscard]] core::Location location(const pugi::xml_node& node) const;
  /// Line of the node's start tag.
  [[nodiscard]] std::uint32_t line(const pugi::xml_node& node) const;
  /// Text of a 1-based line without its line break (for diagnostics' source lines).
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const;
  /// A diagnostic pointing at `node`, with the element path in a note.
  [[nodiscard]] core::Diagnostic diagnostic(core::Severity severity, std::string code, std::string message,
                                            const pugi::xml_node& node, std::string label) const;

  /// The file's raw bytes.
  [[nodiscard]] std::string_view bytes() const noexcept { return text_; }
  /// A diagnostic with carets on the value of `node`'s attribute `name` (matched by local name), with the
  /// element path in a note; on the start tag when the attribute is not written in the file.
  [[nodiscard]] core::Diagnostic attribute_diagnostic(core::Severity severity, std::string code, std::string message,
                                                      const pugi::xml_node& node, std::string_view name,
                                                      std::string label) const;
  /// A diagnostic with carets on the text content of `node` (its first line), with the element path in a
  /// note; on the start tag when the element is empty.
  [[nodiscard]] core::Diagnostic text_diagnostic(core::Severity severity, std::string code, std::string message,
                                                 const pugi::xml_node& node, std::string label) const;
  /// A diagnostic at a byte offset of the file, `length` bytes long, with the path of the innermost
  /// element that starts before it in a note.
  [[nodiscard]] core::Diagnostic diagnostic_at(core::Severity severity, std::string code, std::string message,
                                               std::size_t offset, std::size_t length, std::string label) const;
  /// pugixml passes bytes through unchecked, so a Latin-1 byte in a file that declares (or defaults to)
  /// UTF-8 would end up in names. Adds error `code` at the first invalid byte and returns false; true
  /// when the bytes are valid UTF-8 or the declaration names another encoding (pugixml converts it).
  bool check_utf8(core::Diagnostics& diags, std::string_view code) const;

 private:
  Document() = default;
  std::string file_;
  std::string text_;  ///< the raw bytes; pugixml parses a copy
  std::vector<std::size_t> line_starts_;
  std::shared_ptr<pugi::xml_document> doc_;
};

/// Local name of an element: `sdnEntry` for both `sdnEntry` and `ns:sdnEntry`.
[[nodiscard]] std::string_view local_name(const pugi::xml_node& node) noexcept;
/// First child element with this local name; empty node when none.
[[nodiscard]] pugi::xml_node child(const pugi::xml_node& node, std::string_view name) noexcept;
/// Every child element with this local name, in document order.
[[nodiscard]] std::vector<pugi::xml_node> children(const pugi::xml_node& node, std::string_view name);
/// Trimmed text of the first child with this local name; empty when none.
[[nodiscard]] std::string child_text(const pugi::xml_node& node, std::string_view name);
/// Trimmed text content of the node itself.
[[nodiscard]] std::string text(const pugi::xml_node& node);
/// Attribute by local name; empty attribute when none.
[[nodiscard]] pugi::xml_attribute attribute(const pugi::xml_node& node, std::string_view name) noexcept;
/// Document::load and Document::check_utf8 together, for the list readers: a parse error at the very end
/// of the file is labelled as a truncated file, whatever pugixml's status (an unclosed element reports
/// "start-end tags mismatch").
[[nodiscard]] std::optional<Document> load_list_file(const std::filesystem::path& path, core::Diagnostics& diags,
                                                     std::string_view malformed_code, std::string_view encoding_code);

/// Collects one reader's diagnostics and stops taking errors after `max_errors` (0: no limit), so that
/// a broken file yields a bounded report; the reader checks stopped() to end its loops early.
class Reporter {
 public:
  Reporter(const Document& doc, core::Diagnostics& diags, std::size_t max_errors) noexcept
      : doc_(doc), diags_(diags), max_errors_(max_errors) {}
  [[nodiscard]] const Document& doc() const noexcept { return doc_; }
  void add(core::Diagnostic d);
  void error(std::string code, std::string message, const pugi::xml_node& node, std::string label);
  void warning(std::string code, std::string message, const pugi::xml_node& node, std::string label);
  void attribute_error(std::string code, std::string message, const pugi::xml_node& node, std::string_view name,
                       std::string label);
  void attribute_warning(std::string code, std::string message, const pugi::xml_node& node, std::string_view name,
                         std::string label);
  void text_error(std::string code, std::string message, const pugi::xml_node& node, std::string label);
  void text_warning(std::string code, std::string message, const pugi::xml_node& node, std::string label);
  [[nodiscard]] bool stopped() const noexcept { return max_errors_ != 0 && errors_ >= max_errors_; }
  [[nodiscard]] std::size_t errors() const noexcept { return errors_; }

 private:
  const Document& doc_;
  core::Diagnostics& diags_;
  std::size_t max_errors_;
  std::size_t errors_ = 0;
};

/// What every XML list reader holds: the document, a reporter, the options, and the file's name for
/// designations' source_ref.
class ReaderBase {
 public:
  ReaderBase(const Document& doc, core::Diagnostics& diags, const ListReadOptions& options)
      : doc_(doc), report_(doc, diags, options.max_errors), options_(options),
        file_name_(std::filesystem::path(doc.file()).filename().string()) {}

 protected:
  const Document& doc_;  // NOLINT(cppcoreguidelines-non-private-member-variables-in-classes)
  Reporter report_;
  const ListReadOptions& options_;
  std::string file_name_;
};

/// xs:date or xs:dateTime as the lists write them (`2020-03-17`, `2001-01-25-05:00`, `2026-02-27T00:00:09Z`):
/// the calendar date, ignoring time and zone; nullopt when it is not one.
[[nodiscard]] std::optional<core::Date> parse_xs_date(std::string_view s) noexcept;
/// A date from separate year, month and day numbers as text (month and day may be empty: a partial
/// date); nullopt when they do not make a date.
[[nodiscard]] std::optional<core::Date> date_from_parts(std::string_view year, std::string_view month,
                                                        std::string_view day) noexcept;
/// ISO 3166-1 alpha-2 code of an English country name as the UN, EU and OFAC write them
/// ("Iran (Islamic Republic of)", "Viet Nam", "Türkiye", "Russia"), case-insensitive; empty when unknown.
[[nodiscard]] std::string_view country_code_of_name(std::string_view name);
/// ISO 15924 code of a script as the OFAC advanced ScriptValues write it ("Latin" → "Latn",
/// "Cyrillic" → "Cyrl"); a four-letter code is returned as is; empty when unknown.
[[nodiscard]] std::string_view script_code_of_name(std::string_view name);

// ---- Helpers shared by the OFAC advanced, UN and EU readers ----

/// Their diagnostic codes (docs/diagnostics.md, "OFAC advanced XML, UN XML, EU FSF XML").
namespace codes {
inline constexpr std::string_view kMalformed = "E2320";       ///< not well-formed (truncated, bad tag)
inline constexpr std::string_view kBadEncoding = "E2321";     ///< not UTF-8
inline constexpr std::string_view kWrongRoot = "E2322";       ///< another format's root element
inline constexpr std::string_view kUnknownId = "E2323";       ///< a reference to an id the file lacks
inline constexpr std::string_view kUnknownRefValue = "E2324"; ///< an id missing from its reference-value table
inline constexpr std::string_view kBadDate = "E2325";         ///< not a date
inline constexpr std::string_view kMissing = "E2326";         ///< a required id, name or element missing
inline constexpr std::string_view kDuplicate = "E2327";       ///< the same party twice
inline constexpr std::string_view kBadValue = "E2328";        ///< a value outside the schema's list
inline constexpr std::string_view kUnknownProgram = "W2420";  ///< a program or list code sanx does not know
inline constexpr std::string_view kUnknownCountry = "W2421";  ///< a country without ISO 3166 code
inline constexpr std::string_view kBadBic = "W2422";          ///< an invalid BIC, kept as a fact
}  // namespace codes

/// Adds the fact unless its value is empty or the entry has it already.
void add_fact(ListEntry& entry, std::string key, std::string value);
/// Adds the identifier unless its value is empty or the entity has it already.
void add_identifier(ListEntry& entry, std::string scheme, std::string value);
/// Appends an ISO country unless empty or already there.
void add_country(ListEntry& entry, const std::string& country);
/// The date whose first possible day is the earliest (`1960` before `1960-05-17`); nullopt for none.
[[nodiscard]] std::optional<core::Date> earliest(const std::vector<core::Date>& dates);
/// Number of child elements with this local name.
[[nodiscard]] std::size_t count_children(const pugi::xml_node& node, std::string_view name) noexcept;
/// `<parent>/<name>[index]`, or `<parent>/<name>` when it is the only one (`count` == 1), as
/// element_path() writes it, without walking the tree for each record.
[[nodiscard]] std::string indexed_path(std::string_view parent, std::string_view name, std::size_t index,
                                       std::size_t count);
/// Calls options.progress, if set, with the byte offset of `node` in the document.
void report_progress(const ListReadOptions& options, const Document& doc, const pugi::xml_node& node);
/// The snapshot of a file that could not be parsed: its format, source and file only.
[[nodiscard]] ListSnapshot unread_snapshot(ListFormat format, std::string source, const std::filesystem::path& path);
/// True when the document element is `expected` (local name); otherwise reports `code` at it.
bool check_root(Reporter& report, std::string_view expected, std::string_view code, std::string_view format_name,
                std::string label);
/// The date part of the root's date-time attribute `name` (nullopt when absent); reports `code` when it
/// is not a date.
[[nodiscard]] std::optional<core::Date> root_date(Reporter& report, std::string_view name, std::string_view code);

/// `/sdnList/sdnEntry[12]/akaList/aka[2]` (1-based positions among same-named siblings, shown only
/// when there are several).
[[nodiscard]] std::string element_path(const pugi::xml_node& node);

}  // namespace sanx::ingest::xml
