#include "ingest/xml_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>

#include "sanx/core/error.hpp"
#include "sanx/core/text.hpp"

namespace sanx::ingest::xml {

namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<Document> Document::load(const std::filesystem::path& path, core::Diagnostics& diags,
                                       std::string_view code) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("cannot open {}", path.string()));
  Document d;
  d.file_ = path.string();
  d.text_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) throw IoError(fmt::format("cannot read {}", path.string()));
  d.line_starts_.push_back(0);
  for (std::size_t i = 0; i < d.text_.size(); ++i) {
    if (d.text_[i] == '\n') d.line_starts_.push_back(i + 1);
  }
  d.doc_ = std::make_shared<pugi::xml_document>();
  const pugi::xml_parse_result r =
      d.doc_->load_buffer(d.text_.data(), d.text_.size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
                          pugi::encoding_auto);
  if (!r || !d.doc_->document_element()) {
    const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, r.offset));
    const auto it = std::upper_bound(d.line_starts_.begin(), d.line_starts_.end(), offset);
    const auto line = static_cast<std::uint32_t>(it - d.line_starts_.begin());
    const std::size_t start = d.line_starts_[line - 1];
    core::Diagnostic diag;
    diag.code = std::string(code);
    diag.message = r ? "the file has no root element" : fmt::format("malformed XML: {}", r.description());
    diag.where = {d.file_, line,
                  static_cast<std::uint32_t>(core::count_code_points(std::string_view(d.text_).substr(start, offset - start)) + 1),
                  1};
    diag.source_line = std::string(d.line_text(line));
    diag.label = r.status == pugi::status_end_element_mismatch ? "expected the matching end tag here"
                 : offset >= d.text_.size()                    ? "expected more XML: the file ends here"
                                                               : "expected well-formed XML here";
    diags.add(std::move(diag));
    return std::nullopt;
  }
  return d;
}

std::uint32_t Document::line(const pugi::xml_node& node) const {
  const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, node.offset_debug()));
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(it - line_starts_.begin());
}

core::Location Document::location(const pugi::xml_node& node) const {
  const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, node.offset_debug()));
  const std::uint32_t l = line(node);
  const std::size_t start = line_starts_[l - 1];
  // offset_debug points at the name; the column shown is that of the `<` before it.
  const std::size_t lt = offset > start ? offset - 1 : offset;
  const auto column =
      static_cast<std::uint32_t>(core::count_code_points(std::string_view(text_).substr(start, lt - start)) + 1);
  return {file_, l, column, static_cast<std::uint32_t>(std::string_view(node.name()).size() + 1)};
}

std::string_view Document::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  const std::size_t start = line_starts_[line - 1];
  std::size_t end = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
  if (end > start && text_[end - 1] == '\r') --end;
  return std::string_view(text_).substr(start, end - start);
}

core::Diagnostic Document::diagnostic(core::Severity severity, std::string code, std::string message,
                                      const pugi::xml_node& node, std::string label) const {
  core::Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = std::move(message);
  d.where = location(node);
  d.source_line = std::string(line_text(d.where.line));
  d.label = std::move(label);
  d.notes.push_back(fmt::format("note: in element {}", element_path(node)));
  return d;
}

std::string_view local_name(const pugi::xml_node& node) noexcept {
  const std::string_view n = node.name();
  const std::size_t colon = n.find(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) noexcept {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& node, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == name) out.push_back(c);
  }
  return out;
}

std::string text(const pugi::xml_node& node) { return std::string(trim(node.child_value())); }

std::string child_text(const pugi::xml_node& node, std::string_view name) {
  const pugi::xml_node c = child(node, name);
  return c ? text(c) : std::string();
}

pugi::xml_attribute attribute(const pugi::xml_node& node, std::string_view name) noexcept {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    std::string_view n = a.name();
    const std::size_t colon = n.find(':');
    if (colon != std::string_view::npos) n = n.substr(colon + 1);
    if (n == name) return a;
  }
  return {};
}

std::string element_path(const pugi::xml_node& node) {
  std::vector<std::string> parts;
  for (pugi::xml_node n = node; n && n.type() == pugi::node_element; n = n.parent()) {
    const std::string_view name = local_name(n);
    std::size_t index = 0;
    std::size_t count = 0;
    if (n.parent()) {
      for (pugi::xml_node s = n.parent().first_child(); s; s = s.next_sibling()) {
        if (s.type() != pugi::node_element || local_name(s) != name) continue;
        ++count;
        if (s == n) index = count;
      }
    }
    parts.push_back(count > 1 ? fmt::format("{}[{}]", name, index) : std::string(name));
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += "/" + *it;
  return out;
}

}  // namespace sanx::ingest::xml
