// Shared by the XML list readers (OFAC standard and advanced, UN, EU): loading a document with pugixml,
// turning a node into a file:line:column location and an element path for diagnostics, and matching
// elements by local name so that a namespace change (OFAC's 2020 vs 2024 advanced files) does not matter.
#pragma once

#include <pugixml.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/diagnostic.hpp"

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
/// `/sdnList/sdnEntry[12]/akaList/aka[2]` (1-based positions among same-named siblings, shown only
/// when there are several).
[[nodiscard]] std::string element_path(const pugi::xml_node& node);

}  // namespace sanx::ingest::xml
