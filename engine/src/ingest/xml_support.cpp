#include "ingest/xml_support.hpp"

#include "sanx/core/country.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>
#include <unordered_map>
#include <utility>

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

// ---- Additions for the OFAC advanced, UN and EU readers ----

namespace sanx::ingest::xml {

namespace {

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// End (exclusive) of the start tag that begins at `from` (its `<` or name), skipping quoted values.
std::size_t start_tag_end(std::string_view text, std::size_t from) noexcept {
  char quote = 0;
  for (std::size_t i = from; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return i + 1;
    }
  }
  return text.size();
}

}  // namespace

core::Diagnostic Document::diagnostic_at(core::Severity severity, std::string code, std::string message,
                                         std::size_t offset, std::size_t length, std::string label) const {
  offset = std::min(offset, text_.size());
  const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const auto line = static_cast<std::uint32_t>(it - line_starts_.begin());
  const std::size_t start = line_starts_[line - 1];
  const std::string_view rest = std::string_view(text_).substr(offset, length);
  core::Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = std::move(message);
  d.where = {file_, line,
             static_cast<std::uint32_t>(core::count_code_points(std::string_view(text_).substr(start, offset - start)) + 1),
             static_cast<std::uint32_t>(core::find_invalid_utf8(rest) == std::string_view::npos
                                            ? core::count_code_points(rest)
                                            : rest.size())};
  d.source_line = std::string(line_text(line));
  d.label = std::move(label);
  // The innermost element whose start tag begins before the offset.
  pugi::xml_node at;
  for (pugi::xml_node n = root(); n;) {
    if (static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, n.offset_debug())) > offset) break;
    at = n;
    pugi::xml_node next;
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      if (static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, c.offset_debug())) > offset) break;
      next = c;
    }
    n = next;
  }
  if (at) d.notes.push_back(fmt::format("note: in element {}", element_path(at)));
  return d;
}

core::Diagnostic Document::attribute_diagnostic(core::Severity severity, std::string code, std::string message,
                                                const pugi::xml_node& node, std::string_view name,
                                                std::string label) const {
  const std::string_view text = text_;
  const auto tag = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, node.offset_debug()));
  const std::size_t end = start_tag_end(text, tag);
  // Walk the attributes of the start tag: name = "value".
  std::size_t i = tag;
  while (i < end && !is_space(text[i]) && text[i] != '>' && text[i] != '/') ++i;
  while (i < end) {
    while (i < end && is_space(text[i])) ++i;
    const std::size_t name_start = i;
    while (i < end && !is_space(text[i]) && text[i] != '=' && text[i] != '>' && text[i] != '/') ++i;
    std::string_view attr = text.substr(name_start, i - name_start);
    if (attr.empty()) break;
    while (i < end && (is_space(text[i]) || text[i] == '=')) ++i;
    if (i >= end || (text[i] != '"' && text[i] != '\'')) break;
    const char quote = text[i++];
    const std::size_t value_start = i;
    while (i < end && text[i] != quote) ++i;
    const std::size_t value_end = i++;
    if (const std::size_t colon = attr.find(':'); colon != std::string_view::npos) attr.remove_prefix(colon + 1);
    if (attr == name) {
      core::Diagnostic d = diagnostic_at(severity, std::move(code), std::move(message), value_start,
                                         std::max<std::size_t>(1, value_end - value_start), std::move(label));
      if (value_end == value_start) d.where.length = 1;
      d.notes = {fmt::format("note: in element {}", element_path(node))};
      return d;
    }
  }
  return diagnostic(severity, std::move(code), std::move(message), node, std::move(label));
}

core::Diagnostic Document::text_diagnostic(core::Severity severity, std::string code, std::string message,
                                           const pugi::xml_node& node, std::string label) const {
  const std::string_view text = text_;
  const auto tag = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, node.offset_debug()));
  const std::size_t end = start_tag_end(text, tag);
  if (end >= 2 && text[end - 2] == '/') return diagnostic(severity, std::move(code), std::move(message), node, std::move(label));
  std::size_t from = end;
  while (from < text.size() && is_space(text[from])) ++from;
  std::size_t to = from;
  while (to < text.size() && text[to] != '<' && text[to] != '\n') ++to;
  while (to > from && is_space(text[to - 1])) --to;
  if (to == from) return diagnostic(severity, std::move(code), std::move(message), node, std::move(label));
  core::Diagnostic d = diagnostic_at(severity, std::move(code), std::move(message), from, to - from, std::move(label));
  d.notes = {fmt::format("note: in element {}", element_path(node))};
  return d;
}

bool Document::check_utf8(core::Diagnostics& diags, std::string_view code) const {
  // The declaration, if any, is in the first line: `<?xml version="1.0" encoding="utf-8"?>`.
  const std::string_view head = std::string_view(text_).substr(0, std::min<std::size_t>(text_.size(), 200));
  if (head.starts_with("<?xml")) {
    const std::size_t close = head.find("?>");
    const std::string_view decl = head.substr(0, close);
    const std::size_t enc = decl.find("encoding");
    if (enc != std::string_view::npos) {
      std::size_t q = decl.find_first_of("\"'", enc);
      if (q != std::string_view::npos) {
        const std::size_t q2 = decl.find(decl[q], q + 1);
        const std::string name = core::to_lower_ascii(decl.substr(q + 1, q2 - q - 1));
        if (name != "utf-8" && name != "utf8") return true;
      }
    }
  }
  const std::size_t bad = core::find_invalid_utf8(text_);
  if (bad == std::string_view::npos) return true;
  diags.add(diagnostic_at(core::Severity::error, std::string(code),
                          fmt::format("invalid UTF-8: byte 0x{:02X} in a file read as UTF-8",
                                      static_cast<unsigned>(static_cast<unsigned char>(text_[bad]))),
                          bad, 1, "expected UTF-8 text here (is the file Latin-1 or Windows-1252?)"));
  diags.item(diags.size() - 1).notes.push_back(
      "help: convert the file to UTF-8 (e.g. `iconv -f WINDOWS-1252 -t UTF-8`), or declare its real encoding");
  return false;
}

std::optional<Document> load_list_file(const std::filesystem::path& path, core::Diagnostics& diags,
                                       std::string_view malformed_code, std::string_view encoding_code) {
  const std::size_t before = diags.size();
  auto doc = Document::load(path, diags, malformed_code);
  if (!doc) {
    if (diags.size() > before) {
      core::Diagnostic& d = diags.item(diags.size() - 1);
      // Only whitespace after the error position: the file stops before its elements are closed.
      std::ifstream in(path, std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::size_t last = text.size();
      while (last > 0 && is_space(text[last - 1])) --last;
      const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(last), '\n'));
      if (d.where.line >= lines + 1) {
        d.message = "malformed XML: the file ends before its elements are closed (truncated?)";
        d.label = "expected more XML: the file ends here";
      }
    }
    return std::nullopt;
  }
  if (!doc->check_utf8(diags, encoding_code)) return std::nullopt;
  return doc;
}

void Reporter::add(core::Diagnostic d) {
  if (d.severity == core::Severity::error) {
    if (stopped()) return;
    ++errors_;
  }
  diags_.add(std::move(d));
}

void Reporter::error(std::string code, std::string message, const pugi::xml_node& node, std::string label) {
  if (stopped()) return;
  add(doc_.diagnostic(core::Severity::error, std::move(code), std::move(message), node, std::move(label)));
}

void Reporter::warning(std::string code, std::string message, const pugi::xml_node& node, std::string label) {
  add(doc_.diagnostic(core::Severity::warning, std::move(code), std::move(message), node, std::move(label)));
}

void Reporter::attribute_error(std::string code, std::string message, const pugi::xml_node& node, std::string_view name,
                               std::string label) {
  if (stopped()) return;
  add(doc_.attribute_diagnostic(core::Severity::error, std::move(code), std::move(message), node, name, std::move(label)));
}

void Reporter::attribute_warning(std::string code, std::string message, const pugi::xml_node& node,
                                 std::string_view name, std::string label) {
  add(doc_.attribute_diagnostic(core::Severity::warning, std::move(code), std::move(message), node, name,
                                std::move(label)));
}

void Reporter::text_error(std::string code, std::string message, const pugi::xml_node& node, std::string label) {
  if (stopped()) return;
  add(doc_.text_diagnostic(core::Severity::error, std::move(code), std::move(message), node, std::move(label)));
}

void Reporter::text_warning(std::string code, std::string message, const pugi::xml_node& node, std::string label) {
  add(doc_.text_diagnostic(core::Severity::warning, std::move(code), std::move(message), node, std::move(label)));
}

std::optional<core::Date> parse_xs_date(std::string_view s) noexcept {
  s = trim(s);
  if (s.size() < 10) return std::nullopt;
  const std::string_view rest = s.substr(10);
  const bool zone = rest.empty() || rest == "Z" ||
                    (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':');
  if (!zone && rest[0] != 'T') return std::nullopt;
  const auto d = core::Date::parse_iso(s.substr(0, 10));
  if (!d || !d->is_full()) return std::nullopt;
  return d;
}

std::optional<core::Date> date_from_parts(std::string_view year, std::string_view month, std::string_view day) noexcept {
  const auto number = [](std::string_view t, int& out) {
    t = trim(t);
    if (t.empty() || t.size() > 4) return false;
    out = 0;
    for (const char c : t) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + (c - '0');
    }
    return true;
  };
  int y = 0;
  int m = 0;
  int d = 0;
  if (!number(year, y)) return std::nullopt;
  const bool has_month = !trim(month).empty();
  const bool has_day = !trim(day).empty();
  if (has_month && !number(month, m)) return std::nullopt;
  if (has_day && (!has_month || !number(day, d))) return std::nullopt;
  std::string iso = fmt::format("{:04d}", y);
  if (has_month) iso += fmt::format("-{:02d}", m);
  if (has_day) iso += fmt::format("-{:02d}", d);
  return core::Date::parse_iso(iso);
}

void add_fact(ListEntry& entry, std::string key, std::string value) {
  if (value.empty()) return;
  ListFact f{std::move(key), std::move(value)};
  if (std::find(entry.facts.begin(), entry.facts.end(), f) == entry.facts.end()) entry.facts.push_back(std::move(f));
}

void add_identifier(ListEntry& entry, std::string scheme, std::string value) {
  if (value.empty()) return;
  model::Identifier id{std::move(scheme), std::move(value)};
  auto& ids = entry.entity.identifiers;
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
}

void add_country(ListEntry& entry, const std::string& country) {
  auto& countries = entry.entity.countries;
  if (!country.empty() && std::find(countries.begin(), countries.end(), country) == countries.end()) {
    countries.push_back(country);
  }
}

std::optional<core::Date> earliest(const std::vector<core::Date>& dates) {
  if (dates.empty()) return std::nullopt;
  return *std::min_element(dates.begin(), dates.end(),
                           [](const core::Date& a, const core::Date& b) { return a.earliest() < b.earliest(); });
}

std::size_t count_children(const pugi::xml_node& node, std::string_view name) noexcept {
  std::size_t n = 0;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == name) ++n;
  }
  return n;
}

std::string indexed_path(std::string_view parent, std::string_view name, std::size_t index, std::size_t count) {
  return count > 1 ? fmt::format("{}/{}[{}]", parent, name, index) : fmt::format("{}/{}", parent, name);
}

void report_progress(const ListReadOptions& options, const Document& doc, const pugi::xml_node& node) {
  if (!options.progress) return;
  options.progress(static_cast<std::uint64_t>(std::max<std::ptrdiff_t>(0, node.offset_debug())), doc.size());
}

ListSnapshot unread_snapshot(ListFormat format, std::string source, const std::filesystem::path& path) {
  ListSnapshot out;
  out.format = format;
  out.source = std::move(source);
  out.files.push_back(path);
  return out;
}

bool check_root(Reporter& report, std::string_view expected, std::string_view code, std::string_view format_name,
                std::string label) {
  const pugi::xml_node root = report.doc().root();
  if (local_name(root) == expected) return true;
  report.error(std::string(code), fmt::format("<{}> is not the root of {}", root.name(), format_name), root,
               std::move(label));
  return false;
}

std::optional<core::Date> root_date(Reporter& report, std::string_view name, std::string_view code) {
  const pugi::xml_node root = report.doc().root();
  const pugi::xml_attribute a = attribute(root, name);
  if (!a) return std::nullopt;
  auto d = parse_xs_date(a.value());
  if (!d) {
    report.attribute_error(std::string(code), fmt::format("invalid {} '{}'", name, a.value()), root, name,
                           "expected an ISO 8601 date-time YYYY-MM-DDThh:mm:ss");
  }
  return d;
}

std::string_view script_code_of_name(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kScripts[] = {
      {"latin", "Latn"},      {"cyrillic", "Cyrl"},  {"arabic", "Arab"},   {"persian", "Arab"},
      {"chinese", "Hani"},    {"han", "Hani"},       {"han (simplified variant)", "Hans"},
      {"han (traditional variant)", "Hant"},         {"chinese simplified", "Hans"},
      {"chinese traditional", "Hant"},               {"korean", "Kore"},   {"hangul", "Hang"},
      {"hebrew", "Hebr"},     {"greek", "Grek"},     {"georgian", "Geor"}, {"armenian", "Armn"},
      {"thai", "Thai"},       {"japanese", "Jpan"},  {"devanagari", "Deva"}, {"burmese", "Mymr"},
      {"myanmar", "Mymr"},    {"ethiopic", "Ethi"},  {"khmer", "Khmr"},
  };
  const std::string_view t = trim(name);
  if (t.size() == 4 && t[0] >= 'A' && t[0] <= 'Z') {
    bool lower = true;
    for (std::size_t i = 1; i < 4; ++i) lower = lower && t[i] >= 'a' && t[i] <= 'z';
    if (lower) return t;
  }
  const std::string key = core::to_lower_ascii(t);
  for (const auto& [n, code] : kScripts) {
    if (n == key) return code;
  }
  return {};
}

}  // namespace sanx::ingest::xml

namespace sanx::ingest::xml {

namespace {

}  // namespace

std::string_view country_code_of_name(std::string_view name) {
  return core::country_code_of_name(name).value_or(std::string_view());
}

}  // namespace sanx::ingest::xml
