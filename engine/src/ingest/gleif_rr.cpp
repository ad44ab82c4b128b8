// Reader for GLEIF Level-2 relationship records (`gleif-rr`): the RR-CDF XML golden copy (rr:RelationshipData)
// and the same records as a JSON array (the form bodspipelines keeps them in). Each record relates two LEIs:
// the StartNode (child, fund, branch) to the EndNode (parent, manager, head office); sanx writes relations
// from the parent to the child. Records are read in one pass; GLEIF RR has no names, so the snapshot holds
// relations only (their ends are `lei:<LEI>` ids of entities from other sources). docs/lists/gleif-rr.md.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/json_support.hpp"
#include "ingest/xml_support.hpp"
#include "sanx/core/error.hpp"
#include "sanx/core/text.hpp"
#include "sanx/ingest/csv.hpp"
#include "sanx/ingest/lists.hpp"

namespace sanx::ingest {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kSyntax = "E2345";
constexpr std::string_view kEncoding = "E2346";
constexpr std::string_view kBadDate = "E2348";
constexpr std::string_view kBadLei = "E2350";
constexpr std::string_view kBadXml = "E2351";

/// One value of a record and where it was written: an XML element, or a JSON key inside a record's span.
struct Value {
  std::string text;
  pugi::xml_node node;  // XML
  std::string key;      // JSON
};

struct Period {
  Value start;
  Value end;
  std::string type;
};

/// A relationship record, whichever syntax it came in.
struct Record {
  Value start_node;
  Value end_node;
  Value type;
  std::string status;
  std::string registration_status;
  Value last_update;
  std::vector<Period> periods;
  pugi::xml_node node;  // XML: the RelationshipRecord
  json::Span span;      // JSON
};

struct Mapping {
  std::string_view type;
  model::RelationKind kind;
  std::string_view basis;
};

// Consolidation is control: IFRS 10 / US GAAP consolidate the entities a parent controls, whatever its
// equity share, so no share is implied. A branch is part of its head office's legal person: owned in full.
constexpr Mapping kMappings[] = {
    {"IS_DIRECTLY_CONSOLIDATED_BY", model::RelationKind::control, "accounting_consolidation"},
    {"IS_ULTIMATELY_CONSOLIDATED_BY", model::RelationKind::control, "ultimate_accounting_consolidation"},
    {"IS_INTERNATIONAL_BRANCH_OF", model::RelationKind::ownership, ""},
    {"IS_FUND-MANAGED_BY", model::RelationKind::control, "fund_management"},
    {"IS_SUBFUND_OF", model::RelationKind::control, "umbrella_fund"},
    {"IS_FEEDER_TO", model::RelationKind::associate, ""},
};

class GleifReader {
 public:
  GleifReader(std::string file, core::Diagnostics& diags, const ListReadOptions& options)
      : file_(std::move(file)), diags_(diags), options_(options), start_errors_(diags.error_count()) {}

  ListSnapshot read_xml(const std::filesystem::path& path);
  ListSnapshot read_json(const std::filesystem::path& path);

 private:
  bool too_many_errors() const {
    return options_.max_errors != 0 && diags_.error_count() - start_errors_ >= options_.max_errors;
  }
  void report(core::Severity severity, std::string_view code, std::string message, const Value& v, const Record& r,
              std::string label);
  std::optional<core::Date> date(const Value& v, const Record& r, std::string_view path);
  void add(const Record& r);

  std::string file_;
  core::Diagnostics& diags_;
  const ListReadOptions& options_;
  std::size_t start_errors_;
  ListSnapshot snap_;
  const xml::Document* doc_ = nullptr;
  const json::Text* json_ = nullptr;
};

void GleifReader::report(core::Severity severity, std::string_view code, std::string message, const Value& v,
                         const Record& r, std::string label) {
  if (doc_ != nullptr) {
    diags_.add(doc_->diagnostic(severity, std::string(code), std::move(message), v.node ? v.node : r.node, std::move(label)));
  } else {
    const std::size_t at = json_->find_value(r.span, v.key, v.text);
    diags_.add(json_->diagnostic(severity, std::string(code), std::move(message), at, std::max<std::size_t>(1, v.text.size()),
                                 std::move(label)));
  }
}

std::optional<core::Date> GleifReader::date(const Value& v, const Record& r, std::string_view path) {
  if (v.text.empty()) return std::nullopt;
  auto d = json::parse_date(v.text);
  if (!d) {
    report(core::Severity::error, kBadDate, fmt::format("invalid date `{}` in {}", v.text, path), v, r,
           "expected an ISO 8601 date or date-time, e.g. 2023-05-18T15:41:20Z");
  }
  return d;
}

void GleifReader::add(const Record& r) {
  for (const Value* node : {&r.start_node, &r.end_node}) {
    if (!json::is_lei(node->text)) {
      report(core::Severity::error, kBadLei, fmt::format("invalid LEI `{}`", node->text), *node, r,
             "expected an LEI: 20 characters A-Z and 0-9");
      return;
    }
  }
  const auto* m = std::find_if(std::begin(kMappings), std::end(kMappings), [&](const Mapping& x) { return x.type == r.type.text; });
  if (m == std::end(kMappings)) {
    report(core::Severity::warning, "W2445", fmt::format("relationship type `{}` is not one sanx reads; the record is skipped", r.type.text),
           r.type, r, "expected IS_DIRECTLY_CONSOLIDATED_BY, IS_ULTIMATELY_CONSOLIDATED_BY, IS_INTERNATIONAL_BRANCH_OF, …");
    return;
  }
  // ANNULLED: GLEIF withdrew the record as made in error; it states nothing.
  if (r.registration_status == "ANNULLED") return;
  model::Relation rel;
  rel.source = "lei:" + r.end_node.text;
  rel.target = "lei:" + r.start_node.text;
  rel.kind = m->kind;
  rel.basis = std::string(m->basis);
  if (m->kind == model::RelationKind::ownership) rel.share = core::Decimal::from_int(100);
  for (const Period& p : r.periods) {
    const auto start = date(p.start, r, "RelationshipPeriod/StartDate");
    const auto end = date(p.end, r, "RelationshipPeriod/EndDate");
    if (p.type != "RELATIONSHIP_PERIOD") continue;  // accounting and filing periods date documents, not the link
    rel.start = start;
    rel.end = end;
  }
  const auto updated = date(r.last_update, r, "Registration/LastUpdateDate");
  // INACTIVE without an end date: the relationship had ended by the time GLEIF recorded it as inactive.
  if (r.status == "INACTIVE" && !rel.end) rel.end = updated;
  snap_.relations.push_back(std::move(rel));
}

ListSnapshot GleifReader::read_xml(const std::filesystem::path& path) {
  snap_.source = "gleif";
  snap_.format = ListFormat::gleif_rr;
  const auto doc = xml::Document::load(path, diags_, kBadXml);
  if (!doc) return std::move(snap_);
  doc_ = &*doc;
  const pugi::xml_node root = doc->root();
  if (xml::local_name(root) != "RelationshipData") {
    diags_.add(doc->diagnostic(core::Severity::error, std::string(kBadXml),
                               fmt::format("root element `{}` is not a GLEIF relationship file", xml::local_name(root)), root,
                               "expected rr:RelationshipData"));
    return std::move(snap_);
  }
  snap_.as_of = json::parse_date(xml::child_text(xml::child(root, "Header"), "ContentDate"));
  const pugi::xml_node records = xml::child(root, "RelationshipRecords");
  std::size_t n = 0;
  for (pugi::xml_node rec = records.first_child(); rec && !too_many_errors(); rec = rec.next_sibling()) {
    if (rec.type() != pugi::node_element || xml::local_name(rec) != "RelationshipRecord") continue;
    Record r;
    r.node = rec;
    const pugi::xml_node rel = xml::child(rec, "Relationship");
    auto value = [](const pugi::xml_node& parent, std::string_view name) {
      const pugi::xml_node c = xml::child(parent, name);
      return Value{c ? xml::text(c) : std::string(), c ? c : parent, {}};
    };
    r.start_node = value(xml::child(rel, "StartNode"), "NodeID");
    r.end_node = value(xml::child(rel, "EndNode"), "NodeID");
    r.type = value(rel, "RelationshipType");
    r.status = xml::child_text(rel, "RelationshipStatus");
    for (const pugi::xml_node& p : xml::children(xml::child(rel, "RelationshipPeriods"), "RelationshipPeriod")) {
      r.periods.push_back({value(p, "StartDate"), value(p, "EndDate"), xml::child_text(p, "PeriodType")});
    }
    const pugi::xml_node reg = xml::child(rec, "Registration");
    r.registration_status = xml::child_text(reg, "RegistrationStatus");
    r.last_update = value(reg, "LastUpdateDate");
    add(r);
    if (options_.progress && ++n % 4096 == 0) {
      options_.progress(static_cast<std::uint64_t>(std::max<std::ptrdiff_t>(0, rec.offset_debug())), doc->size());
    }
  }
  return std::move(snap_);
}

ListSnapshot GleifReader::read_json(const std::filesystem::path& path) {
  snap_.source = "gleif";
  snap_.format = ListFormat::gleif_rr;
  const json::Text text = json::Text::load(path);
  json_ = &text;
  bool closed = true;
  const std::vector<json::Span> spans = text.array_elements(closed);
  if (!closed) {
    const std::size_t end = text.text().size();
    diags_.add(text.diagnostic(core::Severity::error, std::string(kSyntax), "malformed JSON: the array is never closed",
                               end == 0 ? 0 : end - 1, 1, "expected `]` before the end of the file"));
  }
  auto str = [](const Json& obj, std::string_view key) {
    const auto it = obj.is_object() ? obj.find(key) : obj.end();
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto sub = [](const Json& obj, std::string_view key) -> const Json& {
    static const Json kNull;
    const auto it = obj.is_object() ? obj.find(key) : obj.end();
    return it != obj.end() ? *it : kNull;
  };
  for (const json::Span span : spans) {
    if (too_many_errors()) break;
    const auto parsed = json::parse(text, span, diags_, kSyntax, kEncoding);
    if (!parsed) continue;
    Record r;
    r.span = span;
    const Json& rel = sub(*parsed, "Relationship");
    r.start_node = {str(sub(rel, "StartNode"), "NodeID"), {}, "StartNode"};
    r.end_node = {str(sub(rel, "EndNode"), "NodeID"), {}, "EndNode"};
    r.type = {str(rel, "RelationshipType"), {}, "RelationshipType"};
    r.status = str(rel, "RelationshipStatus");
    if (const Json& periods = sub(rel, "RelationshipPeriods"); periods.is_array()) {
      for (const Json& p : periods) {
        r.periods.push_back({{str(p, "StartDate"), {}, "StartDate"}, {str(p, "EndDate"), {}, "EndDate"}, str(p, "PeriodType")});
      }
    }
    const Json& reg = sub(*parsed, "Registration");
    r.registration_status = str(reg, "RegistrationStatus");
    r.last_update = {str(reg, "LastUpdateDate"), {}, "LastUpdateDate"};
    add(r);
  }
  return std::move(snap_);
}

/// The first invalid UTF-8 byte of the file, reported once: pugixml does not check the encoding. Read in
/// blocks, so that a large golden copy is not held twice.
void check_utf8(const std::filesystem::path& path, core::Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("cannot open {}", path.string()));
  constexpr std::size_t kBlock = std::size_t{1} << 20;
  std::string buffer;
  std::uint64_t buffer_offset = 0;   // file offset of buffer[0]
  std::uint64_t line_start = 0;      // file offset where the current line starts
  std::uint32_t line = 1;
  std::vector<char> block(kBlock);
  for (;;) {
    in.read(block.data(), static_cast<std::streamsize>(kBlock));
    const auto got = static_cast<std::size_t>(in.gcount());
    const bool eof = got < kBlock;
    buffer.append(block.data(), got);
    std::size_t bad = core::find_invalid_utf8(buffer);
    // A sequence cut by the end of the block is completed by the next one.
    const std::size_t carry_from = bad != std::string::npos && !eof && bad + 4 > buffer.size() ? bad : std::string::npos;
    const std::size_t scanned = bad == std::string::npos ? buffer.size() : bad;
    for (std::size_t i = 0; i < scanned; ++i) {
      if (buffer[i] == '\n') {
        ++line;
        line_start = buffer_offset + i + 1;
      }
    }
    if (bad != std::string::npos && carry_from == std::string::npos) {
      const std::uint64_t at = buffer_offset + bad;
      const auto text = read_lines(path, {line});
      const std::string line_text = text.empty() ? std::string() : text.front().second;
      const auto prefix = static_cast<std::size_t>(at - line_start);
      core::Diagnostic d;
      d.code = std::string(kEncoding);
      d.message = fmt::format("invalid UTF-8 byte 0x{:02X}", static_cast<unsigned char>(buffer[bad]));
      d.where = {path.string(), line,
                 static_cast<std::uint32_t>(core::count_code_points(std::string_view(line_text).substr(0, prefix)) + 1), 1};
      d.source_line = core::valid_utf8(line_text);
      d.label = "expected UTF-8 text";
      d.notes.emplace_back("help: GLEIF files are UTF-8; the file may have been re-encoded");
      diags.add(std::move(d));
      return;
    }
    if (eof) return;
    const std::size_t keep = carry_from == std::string::npos ? buffer.size() : carry_from;
    buffer_offset += keep;
    buffer.erase(0, keep);
  }
}

}  // namespace

ListSnapshot read_gleif_rr(const std::filesystem::path& path, core::Diagnostics& diags, const ListReadOptions& options) {
  GleifReader reader(path.string(), diags, options);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("cannot open {}", path.string()));
  char first = ' ';
  while (in.get(first) && (first == ' ' || first == '\n' || first == '\r' || first == '\t' || first == '\xEF' ||
                           first == '\xBB' || first == '\xBF')) {
  }
  in.close();
  ListSnapshot snap;
  if (first == '[' || first == '{') {
    snap = reader.read_json(path);
  } else {
    check_utf8(path, diags);
    snap = reader.read_xml(path);
  }
  snap.files = {path};
  return snap;
}

}  // namespace sanx::ingest
