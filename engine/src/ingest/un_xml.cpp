// Reader for the UN Security Council consolidated list (consolidated.xml): one INDIVIDUAL or ENTITY
// element per listed party, every value in element text, no namespace. Countries are written as English
// names (UN style: "Iran (Islamic Republic of)") and mapped to ISO alpha-2.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "ingest/xml_support.hpp"
#include "sanx/core/text.hpp"
#include "sanx/ingest/lists.hpp"
#include "sanx/model/entity.hpp"

namespace sanx::ingest {

namespace {

using namespace xml::codes;  // NOLINT(google-build-using-namespace): the group's codes

/// The UN_LIST_TYPE values of the Council's sanctions committees (1267 Al-Qaida/ISIL, 1518 Iraq, 1533 DRC,
/// 1591 Sudan, 1636 Lebanon, 1718 DPRK, 1970 Libya, 1988 Taliban, 2048 Guinea-Bissau, 2127 CAR, 2140
/// Yemen, 2206 South Sudan, 2231 Iran, 2374 Mali, 2653 Haiti, 2713 / 751 Somalia).
constexpr std::string_view kPrograms[] = {"Al-Qaida", "Iraq",  "DRC",   "Sudan", "Lebanon", "DPRK",
                                          "Libya",    "Taliban", "GB",  "CAR",   "Yemen",   "SouthSudan",
                                          "Iran",     "Mali",  "Haiti", "Somalia"};

/// Record elements that are read elsewhere (names, id) or only serve the UN's own bookkeeping.
constexpr std::string_view kAdministrative[] = {"DATAID",      "VERSIONNUM", "FIRST_NAME",           "SECOND_NAME",
                                                "THIRD_NAME",  "FOURTH_NAME", "NAME_ORIGINAL_SCRIPT", "SORT_KEY",
                                                "SORT_KEY_LAST_MOD"};

std::string lower(std::string_view s) { return core::to_lower_ascii(core::trim(s)); }

/// Element text with inner whitespace runs (the list wraps long values) made single spaces.
std::string clean(const pugi::xml_node& node) { return core::collapse_whitespace(xml::text(node)); }

class Reader : xml::ReaderBase {
 public:
  using ReaderBase::ReaderBase;

  ListSnapshot run();

 private:
  void read_record(const pugi::xml_node& node, bool person, const std::string& path, ListSnapshot& out);
  std::optional<core::Date> date(const pugi::xml_node& node, std::string_view what);
  /// ISO code of a country name; unmapped names are kept as a fact `key` with a warning.
  std::string country(const pugi::xml_node& node, ListEntry& entry, std::string_view key);
  void birth_date(const pugi::xml_node& node, std::vector<core::Date>& dates, ListEntry& entry);
  void document(const pugi::xml_node& node, ListEntry& entry);
  static std::string place(const pugi::xml_node& node, bool with_country);

  std::unordered_set<std::string> ids_;
};

std::optional<core::Date> Reader::date(const pugi::xml_node& node, std::string_view what) {
  const std::string t = xml::text(node);
  if (t.empty()) return std::nullopt;
  auto d = xml::parse_xs_date(t);
  if (!d) {
    report_.text_error(std::string(kBadDate), fmt::format("invalid {}: '{}'", what, t), node, "expected a date YYYY-MM-DD");
  }
  return d;
}

std::string Reader::country(const pugi::xml_node& node, ListEntry& entry, std::string_view key) {
  const std::string name = clean(node);
  const std::string l = lower(name);
  if (name.empty() || l == "na" || l == "n/a") return {};
  const std::string_view code = xml::country_code_of_name(name);
  if (code.empty()) {
    report_.text_warning(std::string(kUnknownCountry), fmt::format("country '{}' has no ISO 3166 code known to sanx", name),
                         node, fmt::format("expected a country name; kept as the fact `{}`", key));
    xml::add_fact(entry, std::string(key), name);
  }
  return std::string(code);
}

std::string Reader::place(const pugi::xml_node& node, bool with_country) {
  std::vector<std::string> parts;
  for (const std::string_view n : {"STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY"}) {
    if (n == "COUNTRY" && !with_country) continue;
    if (std::string v = clean(xml::child(node, n)); !v.empty()) parts.push_back(std::move(v));
  }
  return core::join(parts, ", ");
}

void Reader::birth_date(const pugi::xml_node& node, std::vector<core::Date>& dates, ListEntry& entry) {
  // EXACT / APPROXIMATELY / BETWEEN with DATE, YEAR or FROM_YEAR + TO_YEAR; each variant as a fact.
  const std::string type = lower(xml::child_text(node, "TYPE_OF_DATE"));
  const std::string suffix = type == "approximately" ? " (approximately)" : "";
  std::optional<core::Date> d;
  std::string text;
  if (const pugi::xml_node full = xml::child(node, "DATE"); full && !xml::text(full).empty()) {
    d = date(full, "date of birth");
    if (d) text = d->to_string();
  } else if (const pugi::xml_node year = xml::child(node, "YEAR"); year && !xml::text(year).empty()) {
    d = xml::date_from_parts(xml::text(year), {}, {});
    if (!d) report_.text_error(std::string(kBadDate), "invalid year of birth", year, "expected a year YYYY");
    if (d) text = d->to_string();
  } else if (const pugi::xml_node from = xml::child(node, "FROM_YEAR"); from && !xml::text(from).empty()) {
    const pugi::xml_node to = xml::child(node, "TO_YEAR");
    const auto a = xml::date_from_parts(xml::text(from), {}, {});
    const auto b = xml::date_from_parts(xml::text(to), {}, {});
    if (!a) report_.text_error(std::string(kBadDate), "invalid year of birth", from, "expected a year YYYY");
    if (a && !b) report_.text_error(std::string(kBadDate), "invalid year of birth", to ? to : node, "expected a year YYYY");
    if (a && b) {
      d = std::min(*a, *b);
      text = fmt::format("{}/{}", std::min(*a, *b).to_string(), std::max(*a, *b).to_string());
    }
  }
  if (!d) return;
  dates.push_back(*d);
  xml::add_fact(entry, "birth_date", text + suffix);
}

void Reader::document(const pugi::xml_node& node, ListEntry& entry) {
  const std::string number = clean(xml::child(node, "NUMBER"));
  std::string type = clean(xml::child(node, "TYPE_OF_DOCUMENT"));
  const std::string type2 = clean(xml::child(node, "TYPE_OF_DOCUMENT2"));
  if (number.empty() && type.empty()) return;
  const std::string t = lower(type + " " + type2);
  std::string scheme;
  if (t.find("passport") != std::string::npos || t.find("pasaporte") != std::string::npos ||
      t.find("passeport") != std::string::npos) {
    scheme = "passport";
  } else if (t.find("national identification") != std::string::npos || t.find("national identity") != std::string::npos ||
             t.find("national id") != std::string::npos) {
    scheme = "national_id";
  }
  if (scheme.empty() || number.empty()) {
    // Birth certificates, ration cards, … : one fact with all the list says of the document.
    std::vector<std::string> parts{type2.empty() ? type : type + " " + type2};
    if (!number.empty()) parts[0] += ": " + number;
    for (const std::string_view n : {"ISSUING_COUNTRY", "COUNTRY_OF_ISSUE", "CITY_OF_ISSUE", "DATE_OF_ISSUE", "NOTE"}) {
      if (std::string v = clean(xml::child(node, n)); !v.empty()) parts.push_back(std::move(v));
    }
    xml::add_fact(entry, "document", core::join(parts, ", "));
    return;
  }
  entry.entity.identifiers.push_back({scheme, number});
  for (const std::string_view n : {"ISSUING_COUNTRY", "COUNTRY_OF_ISSUE"}) {
    const pugi::xml_node c = xml::child(node, n);
    if (!c || clean(c).empty()) continue;
    const std::string code = country(c, entry, scheme + "_country");
    xml::add_fact(entry, scheme + "_country", code);
    break;
  }
  if (const pugi::xml_node issued = xml::child(node, "DATE_OF_ISSUE")) {
    if (const auto d = date(issued, "date of issue")) xml::add_fact(entry, scheme + "_issued", d->to_string());
  }
  xml::add_fact(entry, scheme + "_issued_in", clean(xml::child(node, "CITY_OF_ISSUE")));
  xml::add_fact(entry, scheme + "_note", clean(xml::child(node, "NOTE")));
}

void Reader::read_record(const pugi::xml_node& node, bool person, const std::string& path, ListSnapshot& out) {
  const pugi::xml_node data_id = xml::child(node, "DATAID");
  const std::string id_text = xml::text(data_id);
  if (id_text.empty()) {
    report_.error(std::string(kMissing), fmt::format("<{}> has no DATAID", xml::local_name(node)), node,
                  "expected a DATAID element with the record's id");
    return;
  }
  ListEntry entry;
  entry.entity.id = "un:" + id_text;
  if (!ids_.insert(entry.entity.id).second) {
    report_.text_error(std::string(kDuplicate), fmt::format("DATAID {} is listed twice", id_text), data_id,
                       "expected each DATAID once");
    return;
  }
  entry.entity.kind = person ? model::EntityKind::person : model::EntityKind::company;
  entry.where = doc_.location(node);
  entry.where.column = 0;
  entry.where.length = 0;
  entry.element_path = path;

  std::vector<std::string> parts;
  for (const std::string_view n : {"FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"}) {
    if (std::string v = clean(xml::child(node, n)); !v.empty()) parts.push_back(std::move(v));
  }
  if (parts.empty()) {
    report_.error(std::string(kMissing), fmt::format("record {} has no name", entry.entity.id), node,
                  "expected a FIRST_NAME element with the name");
    return;
  }
  const std::string primary = core::join(parts, " ");
  entry.entity.names.push_back({primary, model::NameKind::primary, model::detect_script(primary)});
  const auto add_name = [&](std::string text, model::NameKind kind) {
    if (text.empty()) return;
    const auto same = [&](const model::Name& n) { return n.text == text; };
    if (std::any_of(entry.entity.names.begin(), entry.entity.names.end(), same)) return;
    std::string script = model::detect_script(text);
    entry.entity.names.push_back({std::move(text), kind, std::move(script)});
  };
  add_name(clean(xml::child(node, "NAME_ORIGINAL_SCRIPT")), model::NameKind::aka);

  model::Designation d;
  d.entity = entry.entity.id;
  d.regime = "UN";
  d.list = "UN-SC";
  d.source_ref = fmt::format("{}#{}", file_name_, path);
  std::vector<core::Date> births;
  std::vector<std::string> nationalities;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view n = xml::local_name(c);
    if (n == "UN_LIST_TYPE") {
      const std::string program = clean(c);
      if (program.empty()) continue;
      if (std::find(std::begin(kPrograms), std::end(kPrograms), program) == std::end(kPrograms)) {
        report_.text_warning(std::string(kUnknownProgram), fmt::format("UN list type '{}' is not a regime known to sanx", program),
                             c, "expected a UN_LIST_TYPE such as Al-Qaida, DPRK, Iran, Taliban; kept as written");
      }
      d.programs.push_back(program);
    } else if (n == "LIST_TYPE") {
      for (pugi::xml_node v : xml::children(c, "VALUE")) {
        if (clean(v) != "UN List") {
          report_.text_warning(std::string(kUnknownProgram), fmt::format("list type '{}' is not the UN List", clean(v)), v,
                               "expected \"UN List\"; the record is read as on the UN list");
        }
      }
    } else if (n == "REFERENCE_NUMBER") {
      xml::add_fact(entry, "reference_number", clean(c));
    } else if (n == "LISTED_ON") {
      d.listed_from = date(c, "listing date");
    } else if (n == "GENDER") {
      xml::add_fact(entry, "gender", clean(c));
    } else if (n == "COMMENTS1") {
      xml::add_fact(entry, "remarks", clean(c));
    } else if (n == "TITLE" || n == "DESIGNATION" || n == "LAST_DAY_UPDATED") {
      const std::string key = n == "TITLE" ? "title" : n == "DESIGNATION" ? "position" : "last_updated";
      for (pugi::xml_node v : xml::children(c, "VALUE")) xml::add_fact(entry, key, clean(v));
    } else if (n == "NATIONALITY") {
      for (pugi::xml_node v : xml::children(c, "VALUE")) {
        if (std::string code = country(v, entry, "nationality"); !code.empty()) nationalities.push_back(std::move(code));
      }
    } else if (n == "INDIVIDUAL_ALIAS" || n == "ENTITY_ALIAS") {
      const std::string quality = lower(xml::child_text(c, "QUALITY"));
      model::NameKind kind = model::NameKind::aka;
      if (quality == "low") kind = model::NameKind::weak;
      else if (quality == "f.k.a.") kind = model::NameKind::fka;
      const std::string alias = clean(xml::child(c, "ALIAS_NAME"));
      add_name(alias, kind);
      // What the list says of this alias alone ("Call sign", its own date or place of birth).
      std::vector<std::string> about;
      for (const std::string_view part : {"NOTE", "DATE_OF_BIRTH", "CITY_OF_BIRTH", "COUNTRY_OF_BIRTH"}) {
        if (std::string v = clean(xml::child(c, part)); !v.empty()) about.push_back(std::move(v));
      }
      if (!alias.empty() && !about.empty()) xml::add_fact(entry, "alias_note", alias + ": " + core::join(about, ", "));
    } else if (n == "INDIVIDUAL_ADDRESS" || n == "ENTITY_ADDRESS") {
      std::string a = place(c, true);
      if (const std::string note = clean(xml::child(c, "NOTE")); !note.empty()) a = a.empty() ? note : a + " (" + note + ")";
      if (!a.empty() && std::find(entry.entity.addresses.begin(), entry.entity.addresses.end(), a) == entry.entity.addresses.end()) {
        entry.entity.addresses.push_back(std::move(a));
      }
      if (const pugi::xml_node country_node = xml::child(c, "COUNTRY"); country_node) {
        xml::add_country(entry, country(country_node, entry, "address_country"));
      }
    } else if (n == "INDIVIDUAL_DATE_OF_BIRTH") {
      birth_date(c, births, entry);
      xml::add_fact(entry, "birth_date_note", clean(xml::child(c, "NOTE")));
    } else if (n == "INDIVIDUAL_PLACE_OF_BIRTH") {
      std::string p = place(c, true);
      if (const std::string note = clean(xml::child(c, "NOTE")); !note.empty()) p = p.empty() ? note : p + " (" + note + ")";
      xml::add_fact(entry, "place_of_birth", p);
    } else if (n == "INDIVIDUAL_DOCUMENT") {
      document(c, entry);
    } else if (!xml::child(c, "VALUE") && std::find(std::begin(kAdministrative), std::end(kAdministrative), n) ==
                                              std::end(kAdministrative)) {
      // An element this reader does not know: kept under its own name, lower case.
      xml::add_fact(entry, lower(n), clean(c));
    }
  }
  // Persons: nationality first; entities: the countries of their addresses (added above).
  if (person) {
    std::vector<std::string> countries = std::move(nationalities);
    for (auto& c : entry.entity.countries) countries.push_back(std::move(c));
    entry.entity.countries.clear();
    for (const auto& c : countries) xml::add_country(entry, c);
  }
  entry.entity.birth_date = xml::earliest(births);
  // The Iraq list (resolution 1483 / 1518) freezes assets only; the other regimes add a travel ban and
  // an arms embargo.
  d.measures = {"asset_freeze"};
  if (std::find(d.programs.begin(), d.programs.end(), "Iraq") == d.programs.end()) {
    d.measures.push_back("travel_ban");
    d.measures.push_back("arms_embargo");
  }
  entry.designations.push_back(std::move(d));
  out.entries.push_back(std::move(entry));
}

ListSnapshot Reader::run() {
  ListSnapshot out = xml::unread_snapshot(ListFormat::un_xml, "un-sc", doc_.file());
  if (!xml::check_root(report_, "CONSOLIDATED_LIST", kWrongRoot, "a UN consolidated list",
                       "expected <CONSOLIDATED_LIST> (consolidated.xml)")) {
    return out;
  }
  out.as_of = xml::root_date(report_, "dateGenerated", kBadDate);
  // Appended, not `"/" + std::string(...)`: GCC 12 warns (-Wrestrict, a false positive) on that form at -O3.
  std::string root_path = "/";
  root_path += xml::local_name(doc_.root());
  for (const auto& [group, record] : {std::pair<std::string_view, std::string_view>{"INDIVIDUALS", "INDIVIDUAL"},
                                      {"ENTITIES", "ENTITY"}}) {
    const pugi::xml_node container = xml::child(doc_.root(), group);
    const std::size_t count = xml::count_children(container, record);
    std::size_t index = 0;
    for (pugi::xml_node c = container.first_child(); c && !report_.stopped(); c = c.next_sibling()) {
      if (c.type() != pugi::node_element || xml::local_name(c) != record) continue;
      if (++index % 256 == 0) xml::report_progress(options_, doc_, c);
      read_record(c, record == "INDIVIDUAL", xml::indexed_path(root_path + "/" + std::string(group), record, index, count), out);
    }
  }
  if (options_.progress) options_.progress(doc_.size(), doc_.size());
  return out;
}

}  // namespace

ListSnapshot read_un_xml(const std::filesystem::path& path, core::Diagnostics& diags, const ListReadOptions& options) {
  auto doc = xml::load_list_file(path, diags, kMalformed, kBadEncoding);
  if (!doc) return xml::unread_snapshot(ListFormat::un_xml, "un-sc", path);
  return Reader(*doc, diags, options).run();
}

}  // namespace sanx::ingest
