#include "sanx/ingest/lists.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <utility>

#include "sanx/core/error.hpp"
#include "sanx/core/text.hpp"

namespace sanx::ingest {

namespace {

constexpr std::array<std::pair<ListFormat, std::string_view>, 9> kNames{{
    {ListFormat::ofac_csv, "ofac-csv"},
    {ListFormat::ofac_xml, "ofac-xml"},
    {ListFormat::ofac_advanced, "ofac-advanced"},
    {ListFormat::un_xml, "un-xml"},
    {ListFormat::uk_csv, "uk-csv"},
    {ListFormat::eu_xml, "eu-xml"},
    {ListFormat::ftm, "ftm"},
    {ListFormat::bods, "bods"},
    {ListFormat::gleif_rr, "gleif-rr"},
}};

constexpr std::size_t kSniffBytes = 8192;

bool contains(std::string_view s, std::string_view what) noexcept { return s.find(what) != std::string_view::npos; }

std::string_view skip_space(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  return s;
}

/// The root element's start tag (`rr:RelationshipData xmlns:rr="…"`), past the XML declaration, comments
/// and a DOCTYPE; empty when there is none in the sniffed bytes.
std::string_view root_tag(std::string_view s) noexcept {
  for (;;) {
    s = skip_space(s);
    if (s.starts_with("<?")) {
      const std::size_t end = s.find("?>");
      if (end == std::string_view::npos) return {};
      s.remove_prefix(end + 2);
    } else if (s.starts_with("<!--")) {
      const std::size_t end = s.find("-->");
      if (end == std::string_view::npos) return {};
      s.remove_prefix(end + 3);
    } else if (s.starts_with("<!")) {
      const std::size_t end = s.find('>');
      if (end == std::string_view::npos) return {};
      s.remove_prefix(end + 1);
    } else if (s.starts_with("<")) {
      const std::size_t end = s.find('>');
      return s.substr(1, end == std::string_view::npos ? s.size() - 1 : end - 1);
    } else {
      return {};
    }
  }
}

std::optional<ListFormat> detect_xml(std::string_view head) {
  const std::string_view tag = root_tag(head);
  if (tag.empty()) return std::nullopt;
  std::string_view name = tag.substr(0, std::min(tag.find_first_of(" \t\r\n/"), tag.size()));
  const std::size_t colon = name.find(':');
  const std::string_view prefix = colon == std::string_view::npos ? std::string_view() : name.substr(0, colon);
  if (colon != std::string_view::npos) name.remove_prefix(colon + 1);
  if (name == "sdnList") return ListFormat::ofac_xml;
  if (name == "Sanctions") return ListFormat::ofac_advanced;
  if (name == "CONSOLIDATED_LIST") return ListFormat::un_xml;
  if (name == "export" && contains(tag, "http://eu.europa.ec/fpi/fsd/export")) return ListFormat::eu_xml;
  if (name == "RelationshipData" || prefix == "rr" || contains(head, "RelationshipRecords")) return ListFormat::gleif_rr;
  return std::nullopt;
}

std::optional<ListFormat> detect_json(std::string_view head) {
  const std::string_view first_line = head.substr(0, head.find('\n'));
  if (head.front() == '{' && contains(first_line, "\"schema\":")) return ListFormat::ftm;
  if (contains(head, "\"statementId\"") || contains(head, "\"statementID\"") || contains(head, "\"recordType\"")) {
    return ListFormat::bods;
  }
  if (contains(head, "RelationshipRecord") || (contains(head, "\"StartNode\"") && contains(head, "\"RelationshipType\""))) {
    return ListFormat::gleif_rr;
  }
  return std::nullopt;
}

/// The fields of the first CSV line, quotes removed, and whether each was quoted.
std::vector<std::pair<std::string_view, bool>> first_csv_fields(std::string_view line) {
  std::vector<std::pair<std::string_view, bool>> out;
  std::size_t i = 0;
  while (i <= line.size()) {
    if (i < line.size() && line[i] == '"') {
      const std::size_t close = line.find('"', i + 1);
      const std::size_t end = close == std::string_view::npos ? line.size() : close;
      out.emplace_back(line.substr(i + 1, end - i - 1), true);
      i = line.find(',', end);
    } else {
      const std::size_t comma = line.find(',', i);
      out.emplace_back(line.substr(i, (comma == std::string_view::npos ? line.size() : comma) - i), false);
      i = comma;
    }
    if (i == std::string_view::npos) break;
    ++i;
  }
  return out;
}

std::optional<ListFormat> detect_csv(std::string_view head) {
  std::string_view line = head.substr(0, head.find('\n'));
  if (line.ends_with("\r")) line.remove_suffix(1);
  const auto fields = first_csv_fields(line);
  if (fields.size() == 12) {
    const std::string_view num = fields[0].first;
    const bool numeric = !num.empty() && std::all_of(num.begin(), num.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (contains(line, "-0- ") || (numeric && fields[1].second)) return ListFormat::ofac_csv;
  }
  // OFSI ConList: `Last Updated,DD/MM/YYYY` then a header with Group ID; FCDO: `Report Date:` then Unique ID.
  const std::string_view start = head.substr(0, std::min<std::size_t>(head.size(), 2048));
  if (line.starts_with("Last Updated,") || line.starts_with("Report Date") || contains(start, "Group ID") ||
      contains(start, "Group Type") || contains(start, "Unique ID")) {
    return ListFormat::uk_csv;
  }
  return std::nullopt;
}

/// Last resort: OFAC's, the UN's and the EU's usual file names.
std::optional<ListFormat> detect_by_name(const std::filesystem::path& path) {
  const std::string name = sanx::core::to_lower_ascii(path.filename().string());
  if (name == "sdn.csv" || name == "cons_prim.csv") return ListFormat::ofac_csv;
  if (name == "sdn.xml" || name == "consolidated.xml") return ListFormat::ofac_xml;
  if (name == "sdn_advanced.xml" || name == "cons_advanced.xml") return ListFormat::ofac_advanced;
  if (name.ends_with(".ftm.json")) return ListFormat::ftm;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(ListFormat f) noexcept {
  for (const auto& [format, name] : kNames) {
    if (format == f) return name;
  }
  return "?";
}

std::optional<ListFormat> parse_list_format(std::string_view s) noexcept {
  for (const auto& [format, name] : kNames) {
    if (name == s) return format;
  }
  return std::nullopt;
}

const std::vector<ListFormat>& all_list_formats() {
  static const std::vector<ListFormat> formats = [] {
    std::vector<ListFormat> v;
    for (const auto& [format, name] : kNames) v.push_back(format);
    return v;
  }();
  return formats;
}

std::optional<ListFormat> detect_list_format(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("cannot open {}", path.string()));
  std::string buffer(kSniffBytes, '\0');
  in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  if (in.bad()) throw IoError(fmt::format("cannot read {}", path.string()));
  buffer.resize(static_cast<std::size_t>(in.gcount()));
  std::string_view head = buffer;
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  head = skip_space(head);
  std::optional<ListFormat> found;
  if (head.starts_with("<")) {
    found = detect_xml(head);
  } else if (head.starts_with("{") || head.starts_with("[")) {
    found = detect_json(head);
  } else if (!head.empty()) {
    found = detect_csv(head);
  }
  return found ? found : detect_by_name(path);
}

ListSnapshot read_list(ListFormat format, const std::filesystem::path& path, core::Diagnostics& diags,
                       const ListReadOptions& options) {
  switch (format) {
    case ListFormat::ofac_csv: return read_ofac_csv(path, diags, options);
    case ListFormat::ofac_xml: return read_ofac_xml(path, diags, options);
    case ListFormat::ofac_advanced: return read_ofac_advanced(path, diags, options);
    case ListFormat::un_xml: return read_un_xml(path, diags, options);
    case ListFormat::uk_csv: return read_uk_csv(path, diags, options);
    case ListFormat::eu_xml: return read_eu_xml(path, diags, options);
    case ListFormat::ftm: return read_ftm(path, diags, options);
    case ListFormat::bods: return read_bods(path, diags, options);
    case ListFormat::gleif_rr: return read_gleif_rr(path, diags, options);
  }
  return {};
}

}  // namespace sanx::ingest
