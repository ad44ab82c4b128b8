// Reader for the `ofac-xml` list format (see sanx/ingest/lists.hpp and docs/lists/ofac-xml.md): OFAC's
// SDN.XML and CONSOLIDATED.XML (`<sdnList>`), matched by local names so that the namespace (which OFAC
// changed with the Sanctions List Service) does not matter. What an entry says goes through the same
// functions as the CSV reader's (ofac_common.hpp), so that both formats of one list agree.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string>
#include <unordered_map>

#include "ingest/ofac_common.hpp"
#include "ingest/xml_support.hpp"
#include "sanx/core/text.hpp"
#include "sanx/ingest/lists.hpp"

namespace sanx::ingest {

namespace {

using ofac::Draft;
using ofac::Problems;

class XmlListReader {
 public:
  XmlListReader(const std::filesystem::path& path, core::Diagnostics& diags, const ListReadOptions& options)
      : path_(path), diags_(diags), options_(options), errors_at_start_(diags.error_count()) {}

  ListSnapshot read() {
    snapshot_.format = ListFormat::ofac_xml;
    snapshot_.files.push_back(path_);
    auto doc = xml::Document::load(path_, diags_, "E2307");
    if (!doc) return std::move(snapshot_);
    doc_ = &*doc;
    const pugi::xml_node root = doc->root();
    if (xml::local_name(root) != "sdnList") {
      diags_.add(doc->diagnostic(core::Severity::error, "E2308",
                                 fmt::format("the root element is `{}`, not `sdnList`", xml::local_name(root)), root,
                                 "expected `<sdnList>`, the root of OFAC's SDN.XML and CONSOLIDATED.XML"));
      return std::move(snapshot_);
    }
    std::size_t entry_count = 0;
    for (pugi::xml_node n = root.first_child(); n; n = n.next_sibling()) {
      if (n.type() == pugi::node_element && xml::local_name(n) == "sdnEntry") ++entry_count;
    }
    drafts_.reserve(entry_count);
    std::size_t index = 0;
    std::uint64_t last_progress = 0;
    pugi::xml_node record_count;
    for (pugi::xml_node n = root.first_child(); n && !full(); n = n.next_sibling()) {
      if (n.type() != pugi::node_element) continue;
      const std::string_view name = xml::local_name(n);
      if (name == "publshInformation" || name == "publishInformation") {
        read_publish_information(n, record_count);
        continue;
      }
      if (name != "sdnEntry") continue;
      ++index;
      const std::string path = entry_count > 1 ? fmt::format("/{}/sdnEntry[{}]", xml::local_name(root), index)
                                               : fmt::format("/{}/sdnEntry", xml::local_name(root));
      read_entry(n, path);
      if (options_.progress) {
        const auto at = static_cast<std::uint64_t>(std::max<std::ptrdiff_t>(0, n.offset_debug()));
        if (at - last_progress >= 256 * 1024) {
          options_.progress(at, doc->size());
          last_progress = at;
        }
      }
    }
    if (record_count) {
      const std::string text = checked_text(record_count);
      std::size_t stated = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), stated);
      if (ec != std::errc() || end != text.data() + text.size() || stated != entry_count) {
        diags_.add(doc->diagnostic(core::Severity::warning, "W2406",
                                   fmt::format("Record_Count says `{}` but the file has {} sdnEntry elements", text, entry_count),
                                   record_count, fmt::format("expected {}", entry_count)));
      }
    }
    snapshot_.source = ofac::source_of(path_, drafts_);
    ofac::finish(drafts_, snapshot_.source);
    for (const auto& u : ofac::link_entries(drafts_, snapshot_.relations)) {
      warn(remarks_nodes_[u.draft], {"W2403", fmt::format("`Linked To: {}` names no entry of this file", u.link.name),
                                     "expected the primary name of an entry in the same list; kept as the fact `linked_to`",
                                     0, 0});
    }
    snapshot_.entries.reserve(drafts_.size());
    for (Draft& d : drafts_) snapshot_.entries.push_back(std::move(d.entry));
    if (options_.progress) options_.progress(doc->size(), doc->size());
    return std::move(snapshot_);
  }

 private:
  [[nodiscard]] bool full() const noexcept {
    return options_.max_errors != 0 && diags_.error_count() - errors_at_start_ >= options_.max_errors;
  }

  void warn(const pugi::xml_node& node, const ofac::Problem& p) {
    diags_.add(doc_->diagnostic(core::Severity::warning, p.code, p.message, node, p.label));
  }

  void error(const pugi::xml_node& node, std::string code, std::string message, std::string label) {
    diags_.add(doc_->diagnostic(core::Severity::error, std::move(code), std::move(message), node, std::move(label)));
  }

  /// Trimmed text of an element, checked to be UTF-8 (pugixml passes bytes through unchecked).
  std::string checked_text(const pugi::xml_node& node) {
    std::string t = xml::text(node);
    if (core::find_invalid_utf8(t) != std::string::npos) {
      core::Diagnostic d = doc_->diagnostic(core::Severity::error, "E2309",
                                            fmt::format("the text of `{}` is not valid UTF-8", xml::local_name(node)),
                                            node, "expected UTF-8 text (or an encoding named in the XML declaration)");
      // carets on the bad byte itself when it is on the element's first line
      const pugi::xml_node pcdata = node.first_child();
      if (pcdata && pcdata.type() == pugi::node_pcdata) {
        const std::string_view raw = pcdata.value();
        const std::size_t bad = core::find_invalid_utf8(raw);
        const std::uint32_t line = doc_->line(pcdata);
        const std::string_view line_text = doc_->line_text(line);
        const std::size_t at = line_text.find(raw.substr(0, bad + 1));
        if (raw.substr(0, bad).find('\n') == std::string_view::npos && at != std::string_view::npos) {
          d.where.line = line;
          d.where.column = static_cast<std::uint32_t>(core::count_code_points(line_text.substr(0, at + bad)) + 1);
          d.where.length = 1;
          d.source_line = std::string(line_text);
          d.message = fmt::format("invalid UTF-8 byte 0x{:02X} in `{}`", static_cast<unsigned char>(raw[bad]),
                                  xml::local_name(node));
        }
      }
      diags_.add(std::move(d));
    }
    return t;  // kept as it is, so that one bad byte does not also make the element look empty
  }

  std::string child_text(const pugi::xml_node& node, std::string_view name) {
    const pugi::xml_node c = xml::child(node, name);
    return c ? checked_text(c) : std::string();
  }

  void read_publish_information(const pugi::xml_node& info, pugi::xml_node& record_count) {
    record_count = xml::child(info, "Record_Count");
    const pugi::xml_node date = xml::child(info, "Publish_Date");
    if (!date) return;
    const std::string text = checked_text(date);
    // MM/DD/YYYY
    std::optional<core::Date> d;
    if (text.size() == 10 && text[2] == '/' && text[5] == '/') {
      d = core::Date::parse_iso(fmt::format("{}-{}-{}", text.substr(6, 4), text.substr(0, 2), text.substr(3, 2)));
    }
    if (!d || !d->is_full()) {
      error(date, "E2310", fmt::format("Publish_Date `{}` is not a date", text),
            "expected the publication date as MM/DD/YYYY, e.g. 01/08/2026");
      return;
    }
    snapshot_.as_of = *d;
  }

  void read_entry(const pugi::xml_node& entry, const std::string& path) {
    const pugi::xml_node uid_node = xml::child(entry, "uid");
    const std::string uid = uid_node ? checked_text(uid_node) : std::string();
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(uid.data(), uid.data() + uid.size(), n);
    if (uid.empty() || ec != std::errc() || end != uid.data() + uid.size()) {
      error(uid_node ? uid_node : entry, "E2302",
            uid_node ? fmt::format("uid `{}` is not a whole number", uid) : std::string("sdnEntry has no uid"),
            "expected the entry's number in `<uid>`, e.g. `<uid>36</uid>`");
      return;
    }
    if (const auto it = by_uid_.find(n); it != by_uid_.end()) {
      error(uid_node, "E2303", fmt::format("uid {} is listed twice", n), "expected each entry once");
      const ListEntry& first = drafts_[it->second].entry;
      core::Label label;
      label.where = first.where;
      label.where.column = 1;
      label.message = "first listed here";
      label.source_line = std::string(doc_->line_text(first.where.line));
      diags_.item(diags_.size() - 1).related.push_back(std::move(label));
      return;
    }
    const pugi::xml_node type_node = xml::child(entry, "sdnType");
    const std::string type_text = type_node ? checked_text(type_node) : std::string();
    const auto type = ofac::parse_sdn_type(type_text);
    if (!type) {
      error(type_node ? type_node : entry, "E2305", fmt::format("unknown SDN type `{}`", type_text),
            "expected `Individual`, `Entity`, `Vessel` or `Aircraft`");
      return;
    }
    const std::string last = child_text(entry, "lastName");
    if (last.empty()) {
      const pugi::xml_node at = xml::child(entry, "lastName");
      error(at ? at : entry, "E2306", fmt::format("entry {} has no name", n),
            "expected the entry's name in `<lastName>` (and `<firstName>` for an individual)");
      return;
    }
    Draft d;
    d.type = *type;
    d.entry.entity.id = fmt::format("ofac:{}", n);
    d.entry.where = {doc_->file(), doc_->line(entry), 0, 0};
    d.entry.element_path = path;
    d.source_ref = fmt::format("{}#{}", path_.filename().string(), path);
    const std::string first = child_text(entry, "firstName");
    ofac::set_primary_name(d, first.empty() ? last : fmt::format("{}, {}", last, first));
    pugi::xml_node remarks;
    for (pugi::xml_node c = entry.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const std::string_view name = xml::local_name(c);
      if (name == "uid" || name == "firstName" || name == "lastName" || name == "sdnType") continue;
      if (name == "programList") {
        read_programs(d, c);
      } else if (name == "idList") {
        for_each(c, "id", [&](const pugi::xml_node& id) { read_id(d, id); });
      } else if (name == "akaList") {
        for_each(c, "aka", [&](const pugi::xml_node& aka) { read_aka(d, aka); });
      } else if (name == "addressList") {
        for_each(c, "address", [&](const pugi::xml_node& a) { read_address(d, a); });
      } else if (name == "nationalityList" || name == "citizenshipList") {
        const bool nationality = name == "nationalityList";
        for_each(c, nationality ? "nationality" : "citizenship", [&](const pugi::xml_node& item) {
          Problems problems;
          ofac::apply_item(d, nationality ? "nationality" : "citizen", child_text(item, "country"), {}, 0, problems);
          for (const auto& p : problems) warn(xml::child(item, "country"), p);
        });
      } else if (name == "dateOfBirthList") {
        for_each(c, "dateOfBirthItem", [&](const pugi::xml_node& item) {
          Problems problems;
          ofac::add_birth_date(d, child_text(item, "dateOfBirth"), 0, problems);
          for (const auto& p : problems) warn(xml::child(item, "dateOfBirth"), p);
        });
      } else if (name == "placeOfBirthList") {
        for_each(c, "placeOfBirthItem", [&](const pugi::xml_node& item) {
          ofac::add_fact(d, "place_of_birth", child_text(item, "placeOfBirth"));
        });
      } else if (name == "vesselInfo") {
        Problems problems;
        ofac::add_vessel_info(d, child_text(c, "callSign"), child_text(c, "vesselType"), child_text(c, "tonnage"),
                              child_text(c, "grossRegisteredTonnage"), child_text(c, "vesselFlag"),
                              child_text(c, "vesselOwner"), problems);
        for (const auto& p : problems) warn(xml::child(c, "vesselFlag"), p);
      } else if (name == "title") {
        ofac::add_fact(d, "title", checked_text(c));
      } else if (name == "remarks") {
        remarks = c;
        Problems problems;
        ofac::apply_remarks(d, checked_text(c), problems);
        for (const auto& p : problems) warn(c, p);
      } else {
        // an element sanx does not read (yet): kept as a fact, never fatal
        ofac::add_fact(d, std::string(name), checked_text(c));
      }
    }
    by_uid_.emplace(n, drafts_.size());
    drafts_.push_back(std::move(d));
    remarks_nodes_.push_back(remarks ? remarks : entry);
  }

  template <typename F>
  static void for_each(const pugi::xml_node& list, std::string_view item, F&& f) {
    for (pugi::xml_node c = list.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && xml::local_name(c) == item) f(c);
    }
  }

  void read_programs(Draft& d, const pugi::xml_node& list) {
    for_each(list, "program", [&](const pugi::xml_node& p) {
      const std::string code = checked_text(p);
      if (code.empty()) return;
      ofac::add_programs(d, code);
      if (!ofac::known_program(code)) {
        warn(p, {"W2404", fmt::format("program `{}` is not an OFAC program code sanx knows", code),
                 "expected an OFAC program code such as `SDGT` or `RUSSIA-EO14024`; kept as written", 0, 0});
      }
    });
  }

  void read_id(Draft& d, const pugi::xml_node& id) {
    const std::string type = child_text(id, "idType");
    std::string number = child_text(id, "idNumber");
    // written as the CSV writes them, so that one parser reads both
    if (const std::string issued = child_text(id, "issueDate"); !issued.empty()) number += " issued " + issued;
    if (const std::string expires = child_text(id, "expirationDate"); !expires.empty()) number += " expires " + expires;
    Problems problems;
    ofac::apply_item(d, type, number, child_text(id, "idCountry"), 0, problems);
    for (const auto& p : problems) warn(id, p);
  }

  void read_aka(Draft& d, const pugi::xml_node& aka) {
    const std::string type = child_text(aka, "type");
    const std::string category = child_text(aka, "category");
    const std::string last = child_text(aka, "lastName");
    const std::string first = child_text(aka, "firstName");
    if (last.empty() && first.empty()) return;
    model::NameKind kind = model::NameKind::aka;
    if (category == "weak") {
      kind = model::NameKind::weak;
    } else if (type == "f.k.a.") {
      kind = model::NameKind::fka;
    } else if (type != "a.k.a." && type != "n.k.a.") {
      warn(xml::child(aka, "type") ? xml::child(aka, "type") : aka,
           {"W2405", fmt::format("unknown alias type `{}`", type), "expected `a.k.a.`, `f.k.a.` or `n.k.a.`; read as a.k.a.",
            0, 0});
    }
    ofac::add_name(d, first.empty() ? last : last.empty() ? first : fmt::format("{}, {}", last, first), kind);
  }

  void read_address(Draft& d, const pugi::xml_node& a) {
    std::vector<std::string> parts;
    for (const std::string_view line : {"address1", "address2", "address3"}) {
      std::string v = child_text(a, line);
      if (!v.empty()) parts.push_back(std::move(v));
    }
    // The CSV writes city, state and postal code in one field, space-separated: so does this.
    std::vector<std::string> place;
    for (const std::string_view f : {"city", "stateOrProvince", "postalCode"}) {
      std::string v = child_text(a, f);
      if (!v.empty()) place.push_back(std::move(v));
    }
    if (!place.empty()) parts.push_back(core::join(place, " "));
    const std::string country = child_text(a, "country");
    if (!country.empty()) parts.push_back(country);
    Problems problems;
    ofac::add_address(d, parts, country, problems);
    for (const auto& p : problems) warn(xml::child(a, "country"), p);
  }

  std::filesystem::path path_;
  core::Diagnostics& diags_;
  const ListReadOptions& options_;
  std::size_t errors_at_start_;
  const xml::Document* doc_ = nullptr;
  ListSnapshot snapshot_;
  std::vector<Draft> drafts_;
  std::vector<pugi::xml_node> remarks_nodes_;  ///< per draft: its remarks (or the entry), for link warnings
  std::unordered_map<std::uint64_t, std::size_t> by_uid_;
};

}  // namespace

ListSnapshot read_ofac_xml(const std::filesystem::path& path, core::Diagnostics& diags, const ListReadOptions& options) {
  return XmlListReader(path, diags, options).read();
}

}  // namespace sanx::ingest
