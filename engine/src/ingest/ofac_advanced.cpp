// Reader for OFAC's advanced XML (sdn_advanced.xml, cons_advanced.xml): a relational file whose parties,
// documents, locations, relations and sanctions entries refer to each other and to ~40 reference-value
// tables by numeric id. Every id is resolved through the file's own tables; the well-known ids
// (AliasType 1403 "Name", SanctionsType 1 "Program", …) are only a fallback for a file without tables.
// Elements are matched by local name: the 2020 files use the namespace http://www.un.org/sanctions/1.0,
// the Sanctions List Service ones https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "ingest/xml_support.hpp"
#include "sanx/core/country.hpp"
#include "sanx/core/text.hpp"
#include "sanx/ingest/lists.hpp"
#include "sanx/model/entity.hpp"

namespace sanx::ingest {

namespace {

using namespace xml::codes;  // NOLINT(google-build-using-namespace): the group's codes

using Id = std::int64_t;

std::optional<Id> parse_id(std::string_view s) {
  s = core::trim(s);
  Id v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::string lower(std::string_view s) { return core::to_lower_ascii(s); }

/// One code table of ReferenceValueSets: id → the element (its text is the label).
struct Table {
  bool present = false;
  std::unordered_map<Id, pugi::xml_node> rows;
};

/// The labels OFAC has used for the well-known ids, for a file that lacks a table altogether.
struct Fallback {
  std::string_view table;
  Id id;
  std::string_view label;
};
constexpr Fallback kFallbacks[] = {
    {"AliasType", 1400, "A.K.A."},          {"AliasType", 1401, "F.K.A."},
    {"AliasType", 1402, "N.K.A."},          {"AliasType", 1403, "Name"},
    {"PartyType", 1, "Individual"},         {"PartyType", 2, "Entity"},
    {"PartyType", 3, "Location"},           {"PartyType", 4, "Transport"},
    {"PartyType", 5, "Other Entity"},       {"PartySubType", 1, "Vessel"},
    {"PartySubType", 2, "Aircraft"},        {"PartySubType", 3, "Unknown"},
    {"PartySubType", 4, "Unknown"},         {"List", 1550, "SDN List"},
    {"RelationType", 15003, "Owned or Controlled By"},
    {"SanctionsType", 1, "Program"},        {"SanctionsType", 1705, "Block"},
    {"SanctionsType", 1706, "Reject"},      {"FeatureType", 8, "Birthdate"},
    {"FeatureType", 9, "Place of Birth"},   {"FeatureType", 10, "Nationality Country"},
    {"FeatureType", 11, "Citizenship Country"}, {"FeatureType", 13, "SWIFT/BIC"},
    {"FeatureType", 14, "Website"},         {"FeatureType", 21, "Email Address"},
    {"FeatureType", 25, "Location"},        {"FeatureType", 224, "Gender"},
    {"FeatureType", 365, "Nationality of Registration"},
    {"NamePartType", 1520, "Last Name"},    {"NamePartType", 1521, "First Name"},
    {"NamePartType", 1522, "Middle Name"},  {"NamePartType", 1525, "Entity Name"},
    {"NamePartType", 1526, "Vessel Name"},  {"NamePartType", 1528, "Aircraft Name"},
    {"IDRegDocType", 1571, "Passport"},     {"IDRegDocType", 1585, "Registration ID"},
    {"IDRegDocType", 1596, "Tax ID No."},   {"LocPartType", 1450, "REGION"},
    {"LocPartType", 1451, "ADDRESS1"},      {"LocPartType", 1452, "ADDRESS2"},
    {"LocPartType", 1453, "ADDRESS3"},      {"LocPartType", 1454, "CITY"},
    {"LocPartType", 1455, "STATE/PROVINCE"}, {"LocPartType", 1456, "POSTAL CODE"},
    {"Script", 215, "Latin"},
};

struct Location {
  std::string country;       ///< ISO alpha-2, empty when none
  std::string country_name;  ///< as the CountryValues table writes it
  std::string address;       ///< parts joined, country last; empty when the location has no parts
};

struct Party {
  std::size_t entry = 0;  ///< index in snapshot.entries
  bool person = false;
  std::vector<std::string> nationalities;  ///< persons: nationality / citizenship countries
  std::vector<std::string> other_countries;  ///< registration, then addresses
  std::vector<core::Date> birth_dates;
};

class Reader : xml::ReaderBase {
 public:
  using ReaderBase::ReaderBase;

  ListSnapshot run();

 private:
  // ---- reference values ----
  void read_tables(const pugi::xml_node& sets);
  /// Label of `id` in `table` (e.g. "AliasType"); reports E2324 at `node`'s attribute when unknown.
  std::optional<std::string> label(std::string_view table, const pugi::xml_node& node, std::string_view attribute);
  std::optional<std::string> label_of(std::string_view table, Id id) const;
  const pugi::xml_node* row(std::string_view table, Id id) const;
  /// The id of the row of `table` whose label is `label`, from the file's table or the fallbacks.
  std::optional<Id> id_of(std::string_view table, std::string_view label) const;
  std::optional<Id> id_attribute(const pugi::xml_node& node, std::string_view attribute, bool required);

  // ---- parts ----
  void read_date_of_issue(const pugi::xml_node& node, ListSnapshot& out);
  void read_locations(const pugi::xml_node& node);
  void read_party(const pugi::xml_node& node, std::string path, ListSnapshot& out);
  void read_identity(const pugi::xml_node& identity, bool person, ListEntry& entry);
  void read_feature(const pugi::xml_node& feature, Party& party, ListEntry& entry);
  std::optional<core::Date> read_date_period(const pugi::xml_node& period, std::string& text);
  std::optional<core::Date> read_ymd(const pugi::xml_node& node);
  void read_documents(const pugi::xml_node& node, ListSnapshot& out);
  void read_relations(const pugi::xml_node& node, ListSnapshot& out);
  void read_sanctions(const pugi::xml_node& node, ListSnapshot& out);
  void finish_party(Party& party, ListEntry& entry);


  std::unordered_map<std::string, Table> tables_;
  std::unordered_map<Id, Location> locations_;
  std::unordered_map<Id, std::size_t> party_by_profile_;   // Profile ID → parties_ index
  std::unordered_map<Id, std::size_t> party_by_identity_;  // Identity ID → parties_ index
  std::vector<Party> parties_;
  std::unordered_set<std::string> ids_;
  std::vector<pugi::xml_node> deferred_documents_;  // IDRegDocuments are read after the parties
  std::unordered_set<std::string> known_programs_;
};

void Reader::read_tables(const pugi::xml_node& sets) {
  for (pugi::xml_node set = sets.first_child(); set; set = set.next_sibling()) {
    if (set.type() != pugi::node_element) continue;
    std::string_view name = xml::local_name(set);
    if (!name.ends_with("Values")) continue;
    name.remove_suffix(6);
    Table& t = tables_[std::string(name)];
    t.present = true;
    for (pugi::xml_node r = set.first_child(); r; r = r.next_sibling()) {
      if (r.type() != pugi::node_element) continue;
      if (const auto id = parse_id(xml::attribute(r, "ID").value())) t.rows.emplace(*id, r);
    }
  }
}

const pugi::xml_node* Reader::row(std::string_view table, Id id) const {
  const auto t = tables_.find(std::string(table));
  if (t == tables_.end()) return nullptr;
  const auto r = t->second.rows.find(id);
  return r == t->second.rows.end() ? nullptr : &r->second;
}

std::optional<std::string> Reader::label_of(std::string_view table, Id id) const {
  const auto t = tables_.find(std::string(table));
  if (t != tables_.end() && t->second.present) {
    const auto r = t->second.rows.find(id);
    if (r == t->second.rows.end()) return std::nullopt;
    return xml::text(r->second);
  }
  for (const Fallback& f : kFallbacks) {
    if (f.table == table && f.id == id) return std::string(f.label);
  }
  return std::nullopt;
}

std::optional<Id> Reader::id_of(std::string_view table, std::string_view label) const {
  const auto t = tables_.find(std::string(table));
  if (t != tables_.end() && t->second.present) {
    for (const auto& [id, node] : t->second.rows) {
      if (lower(xml::text(node)) == lower(label)) return id;
    }
    return std::nullopt;
  }
  for (const Fallback& f : kFallbacks) {
    if (f.table == table && lower(f.label) == lower(label)) return f.id;
  }
  return std::nullopt;
}

std::optional<Id> Reader::id_attribute(const pugi::xml_node& node, std::string_view attribute, bool required) {
  const pugi::xml_attribute a = xml::attribute(node, attribute);
  if (!a) {
    if (required) {
      report_.error(std::string(kMissing), fmt::format("<{}> has no {} attribute", xml::local_name(node), attribute),
                    node, fmt::format("expected a {} attribute here", attribute));
    }
    return std::nullopt;
  }
  const auto id = parse_id(a.value());
  if (!id) {
    report_.attribute_error(std::string(kMissing), fmt::format("{} is not a numeric id: '{}'", attribute, a.value()),
                            node, attribute, "expected a numeric id");
  }
  return id;
}

std::optional<std::string> Reader::label(std::string_view table, const pugi::xml_node& node, std::string_view attribute) {
  const auto id = id_attribute(node, attribute, false);
  if (!id) return std::nullopt;
  auto l = label_of(table, *id);
  if (!l) {
    report_.attribute_error(std::string(kUnknownRefValue),
                            fmt::format("{} {} is not in the reference values {}Values", attribute, *id, table), node,
                            attribute, fmt::format("expected an ID of {}Values", table));
  }
  return l;
}

std::optional<core::Date> Reader::read_ymd(const pugi::xml_node& node) {
  const pugi::xml_node y = xml::child(node, "Year");
  const auto d = xml::date_from_parts(xml::text(y), xml::child_text(node, "Month"), xml::child_text(node, "Day"));
  if (!d) {
    report_.error(std::string(kBadDate), "invalid date", y ? y : node,
                  "expected Year (1000-9999), Month (1-12) and Day (1-31) that make a date");
  }
  return d;
}

void Reader::read_date_of_issue(const pugi::xml_node& node, ListSnapshot& out) {
  if (!node) return;
  out.as_of = read_ymd(node);
}

void Reader::read_locations(const pugi::xml_node& node) {
  // Parts in the order an address is written, whatever their ids.
  static constexpr std::string_view kOrder[] = {"ADDRESS1", "ADDRESS2", "ADDRESS3", "CITY",
                                                "STATE/PROVINCE", "POSTAL CODE", "REGION"};
  for (pugi::xml_node loc = node.first_child(); loc; loc = loc.next_sibling()) {
    if (loc.type() != pugi::node_element || xml::local_name(loc) != "Location") continue;
    const auto id = id_attribute(loc, "ID", true);
    if (!id) continue;
    Location l;
    std::vector<std::pair<std::size_t, std::string>> parts;
    for (pugi::xml_node c = loc.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = xml::local_name(c);
      if (name == "LocationCountry") {
        const auto country_id = id_attribute(c, "CountryID", true);
        if (!country_id) continue;
        const pugi::xml_node* country = row("Country", *country_id);
        if (country == nullptr) {
          report_.attribute_error(std::string(kUnknownRefValue),
                                  fmt::format("CountryID {} is not in the reference values CountryValues", *country_id),
                                  c, "CountryID", "expected an ID of CountryValues");
          continue;
        }
        l.country_name = xml::text(*country);
        const std::string iso = xml::attribute(*country, "ISO2").value();
        if (core::is_country_code(iso)) l.country = iso;
      } else if (name == "LocationPart") {
        const auto type = label("LocPartType", c, "LocPartTypeID");
        if (!type) continue;
        std::string value;
        for (pugi::xml_node v = c.first_child(); v; v = v.next_sibling()) {
          if (xml::local_name(v) != "LocationPartValue") continue;
          if (value.empty() || std::string_view(xml::attribute(v, "Primary").value()) == "true") value = xml::child_text(v, "Value");
        }
        const auto at = std::find(std::begin(kOrder), std::end(kOrder), *type);
        parts.emplace_back(static_cast<std::size_t>(at - std::begin(kOrder)), std::move(value));
      }
    }
    std::stable_sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> text;
    for (auto& [order, value] : parts) {
      if (!value.empty()) text.push_back(std::move(value));
    }
    if (!text.empty() && !l.country_name.empty()) text.push_back(l.country_name);
    l.address = core::join(text, ", ");
    locations_.emplace(*id, std::move(l));
  }
}

std::optional<core::Date> Reader::read_date_period(const pugi::xml_node& period, std::string& text) {
  // A birth date is a period from Start/From to End/To; a whole year or month comes as its first and
  // last day. Reduce it to the most precise partial date that covers it, and write ranges as `a/b`.
  const pugi::xml_node start = xml::child(period, "Start");
  const pugi::xml_node end = xml::child(period, "End");
  const pugi::xml_node from = xml::child(start, "From") ? xml::child(start, "From") : start;
  const pugi::xml_node to = xml::child(end, "To") ? xml::child(end, "To") : (end ? end : from);
  if (!from || !xml::child(from, "Year")) {
    report_.error(std::string(kBadDate), "a DatePeriod without a start date", period,
                  "expected Start/From with Year, Month and Day");
    return std::nullopt;
  }
  const auto a = read_ymd(from);
  const auto b = read_ymd(to);
  if (!a || !b) return std::nullopt;
  const bool approximate = std::string_view(xml::attribute(start, "Approximate").value()) == "true";
  core::Date lo = *a;
  core::Date hi = *b;
  if (hi < lo) std::swap(lo, hi);
  core::Date date = lo;
  if (lo == hi) {
    text = lo.to_string();
  } else if (lo.is_full() && hi.is_full() && lo.month() == 1 && lo.day() == 1 && hi.month() == 12 && hi.day() == 31) {
    date = *core::Date::parse_iso(fmt::format("{:04d}", lo.year()));
    text = lo.year() == hi.year() ? fmt::format("{:04d}", lo.year()) : fmt::format("{:04d}/{:04d}", lo.year(), hi.year());
  } else if (lo.is_full() && hi.is_full() && lo.year() == hi.year() && lo.month() == hi.month() && lo.day() == 1 &&
             hi.day() == core::days_in_month(hi.year(), hi.month())) {
    date = *core::Date::parse_iso(fmt::format("{:04d}-{:02d}", lo.year(), lo.month()));
    text = date.to_string();
  } else {
    text = lo.to_string() + "/" + hi.to_string();
  }
  if (approximate) text += " (approximately)";
  return date;
}

void Reader::read_identity(const pugi::xml_node& identity, bool person, ListEntry& entry) {
  // NamePartGroupID → the part's type label ("Last Name", "First Name", "Entity Name", …).
  std::unordered_map<Id, std::string> part_types;
  for (pugi::xml_node master : xml::children(xml::child(identity, "NamePartGroups"), "MasterNamePartGroup")) {
    for (pugi::xml_node g : xml::children(master, "NamePartGroup")) {
      const auto id = id_attribute(g, "ID", true);
      const auto type = label("NamePartType", g, "NamePartTypeID");
      if (id && type) part_types.emplace(*id, *type);
    }
  }
  const auto alias_primary = id_of("AliasType", "Name");
  const bool primary_identity = std::string_view(xml::attribute(identity, "Primary").value()) != "false";
  for (pugi::xml_node alias : xml::children(identity, "Alias")) {
    const auto type_id = id_attribute(alias, "AliasTypeID", true);
    const auto type = label("AliasType", alias, "AliasTypeID");
    if (!type) continue;
    const bool is_primary = primary_identity && type_id && alias_primary && *type_id == *alias_primary &&
                            std::string_view(xml::attribute(alias, "Primary").value()) == "true";
    model::NameKind kind = model::NameKind::aka;
    const std::string t = lower(*type);
    if (t == "f.k.a.") kind = model::NameKind::fka;
    if (std::string_view(xml::attribute(alias, "LowQuality").value()) == "true") kind = model::NameKind::weak;
    bool first_name = true;
    for (pugi::xml_node dn : xml::children(alias, "DocumentedName")) {
      // Parts by role; a person's name is written given names first, as lists.hpp asks.
      std::vector<std::string> first;
      std::vector<std::string> middle;
      std::vector<std::string> last;
      std::vector<std::string> other;
      std::string script;
      for (pugi::xml_node part : xml::children(dn, "DocumentedNamePart")) {
        const pugi::xml_node v = xml::child(part, "NamePartValue");
        if (!v) continue;
        std::string value = xml::text(v);
        if (value.empty()) continue;
        if (script.empty() && xml::attribute(v, "ScriptID")) {
          if (const auto id = id_attribute(v, "ScriptID", false)) {
            if (const pugi::xml_node* s = row("Script", *id)) {
              script = std::string(xml::script_code_of_name(xml::attribute(*s, "ScriptCode").value()));
              if (script.empty()) script = std::string(xml::script_code_of_name(xml::text(*s)));
            } else if (!label_of("Script", *id)) {
              report_.attribute_error(std::string(kUnknownRefValue),
                                      fmt::format("ScriptID {} is not in the reference values ScriptValues", *id), v,
                                      "ScriptID", "expected an ID of ScriptValues");
            }
          }
        }
        const auto group = id_attribute(v, "NamePartGroupID", true);
        const auto part_type = group ? part_types.find(*group) : part_types.end();
        if (group && part_type == part_types.end()) {
          report_.attribute_error(std::string(kUnknownId),
                                  fmt::format("NamePartGroupID {} is not a NamePartGroup of this identity", *group), v,
                                  "NamePartGroupID", "expected the ID of a NamePartGroup in NamePartGroups");
        }
        const std::string role = part_type == part_types.end() ? std::string() : lower(part_type->second);
        if (role == "first name") first.push_back(std::move(value));
        else if (role == "middle name" || role == "patronymic") middle.push_back(std::move(value));
        else if (role == "last name" || role == "matronymic" || role == "maiden name") last.push_back(std::move(value));
        else other.push_back(std::move(value));
      }
      std::vector<std::string> ordered;
      for (auto* group : {&first, &middle, &last, &other}) {
        for (auto& s : *group) ordered.push_back(s);
      }
      model::Name name;
      name.text = core::join(ordered, " ");
      if (name.text.empty()) continue;
      if (script.empty()) script = model::detect_script(name.text);
      name.script = script;
      if (is_primary && first_name && (entry.entity.names.empty() || entry.entity.names[0].kind != model::NameKind::primary)) {
        name.kind = model::NameKind::primary;
        // OFAC's own form of a person's name, "LAST, First", as the CSV and the standard XML write it.
        if (person && !last.empty() && (!first.empty() || !middle.empty())) {
          std::vector<std::string> given = first;
          given.insert(given.end(), middle.begin(), middle.end());
          xml::add_fact(entry, "listed_name", core::join(last, " ") + ", " + core::join(given, " "));
        }
        entry.entity.names.insert(entry.entity.names.begin(), std::move(name));
      } else {
        name.kind = kind;
        const auto same = [&](const model::Name& n) { return n.text == name.text && n.kind == name.kind; };
        if (std::none_of(entry.entity.names.begin(), entry.entity.names.end(), same)) entry.entity.names.push_back(std::move(name));
      }
      first_name = false;
    }
  }
}

void Reader::read_feature(const pugi::xml_node& feature, Party& party, ListEntry& entry) {
  const auto type = label("FeatureType", feature, "FeatureTypeID");
  if (!type) return;
  const std::string t = lower(*type);
  for (pugi::xml_node version : xml::children(feature, "FeatureVersion")) {
    std::string value;
    std::optional<core::Date> date;
    const Location* location = nullptr;
    pugi::xml_node detail;  // where the value is written, for diagnostics
    for (pugi::xml_node c = version.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = xml::local_name(c);
      if (name == "DatePeriod") {
        date = read_date_period(c, value);
      } else if (name == "VersionDetail") {
        if (xml::attribute(c, "DetailReferenceID")) {
          if (auto l = label("DetailReference", c, "DetailReferenceID")) value = std::move(*l);
        } else if (std::string text = xml::text(c); !text.empty()) {
          value = std::move(text);
          detail = c;
        }
      } else if (name == "VersionLocation") {
        const auto id = id_attribute(c, "LocationID", true);
        if (!id) continue;
        const auto it = locations_.find(*id);
        if (it == locations_.end()) {
          report_.attribute_error(std::string(kUnknownId), fmt::format("LocationID {} is not a Location of this file", *id), c,
                                  "LocationID", "expected the ID of a Location in Locations");
          continue;
        }
        location = &it->second;
      }
    }
    if (t == "birthdate") {
      if (date) {
        party.birth_dates.push_back(*date);
        xml::add_fact(entry, "birth_date", value);
      }
    } else if (t == "place of birth") {
      xml::add_fact(entry, "place_of_birth", location != nullptr && value.empty() ? location->address : value);
    } else if (t == "citizenship country" || t == "nationality country") {
      if (location != nullptr && !location->country.empty()) {
        party.nationalities.push_back(location->country);
        xml::add_fact(entry, t == "citizenship country" ? "citizenship" : "nationality", location->country);
      } else if (location != nullptr) {
        xml::add_fact(entry, t == "citizenship country" ? "citizenship" : "nationality", location->country_name);
      }
    } else if (t == "nationality of registration") {
      if (location != nullptr && !location->country.empty()) {
        party.other_countries.insert(party.other_countries.begin(), location->country);
        xml::add_fact(entry, "registration_country", location->country);
      }
    } else if (t == "location") {
      if (location != nullptr) {
        if (!location->address.empty() &&
            std::find(entry.entity.addresses.begin(), entry.entity.addresses.end(), location->address) == entry.entity.addresses.end()) {
          entry.entity.addresses.push_back(location->address);
        }
        if (!location->country.empty()) party.other_countries.push_back(location->country);
      }
    } else if (t == "swift/bic") {
      if (model::is_valid_bic(value)) {
        xml::add_identifier(entry, "bic", value);
      } else if (!value.empty()) {
        report_.text_warning(std::string(kBadBic), fmt::format("'{}' is not a valid BIC; kept as a fact", value),
                             detail ? detail : version,
                        "expected 8 or 11 characters: bank (4 letters), country (2), location (2), branch (3)");
        xml::add_fact(entry, "bic", value);
      }
    } else if (t == "website") {
      xml::add_identifier(entry, "website", value);
    } else if (t == "email address") {
      xml::add_identifier(entry, "email", value);
    } else if (t == "phone number") {
      xml::add_identifier(entry, "phone", value);
    } else if (t == "gender") {
      xml::add_fact(entry, "gender", value);
    } else if (t.starts_with("digital currency address - ")) {
      xml::add_identifier(entry, "crypto_" + lower(core::trim(std::string_view(t).substr(27))), value);
    } else if (t == "vessel call sign") {
      xml::add_identifier(entry, "call_sign", value);
    } else if (t == "mmsi") {
      xml::add_identifier(entry, "mmsi", value);
    } else if (t.starts_with("aircraft manufacturer") && t.find("serial number") != std::string::npos) {
      xml::add_identifier(entry, "aircraft_msn", value);
    } else if (t == "vessel type") {
      xml::add_fact(entry, "vessel_type", value);
    } else if (t == "vessel flag") {
      xml::add_fact(entry, "vessel_flag", location != nullptr && !location->country.empty() ? location->country : value);
    } else if (t == "vessel tonnage") {
      xml::add_fact(entry, "tonnage", value);
    } else {
      // Unknown to sanx, harmless: kept under the list's own label.
      if (value.empty() && location != nullptr) value = location->address.empty() ? location->country_name : location->address;
      std::string_view key = core::trim(*type);
      while (!key.empty() && (key.back() == '-' || key.back() == ':' || key.back() == ' ')) key.remove_suffix(1);
      xml::add_fact(entry, std::string(key), value);
    }
  }
}

void Reader::read_party(const pugi::xml_node& node, std::string path, ListSnapshot& out) {
  const auto fixed = id_attribute(node, "FixedRef", true);
  if (!fixed) return;
  const pugi::xml_node profile = xml::child(node, "Profile");
  if (!profile) {
    report_.error(std::string(kMissing), "<DistinctParty> has no <Profile>", node, "expected a Profile element inside");
    return;
  }
  ListEntry entry;
  entry.entity.id = fmt::format("ofac:{}", *fixed);
  if (!ids_.insert(entry.entity.id).second) {
    report_.attribute_error(std::string(kDuplicate), fmt::format("FixedRef {} is listed twice", *fixed), node, "FixedRef",
                            "expected each DistinctParty once");
    return;
  }
  xml::add_fact(entry, "remarks", xml::child_text(node, "Comment"));
  entry.where = doc_.location(node);
  entry.where.column = 0;
  entry.where.length = 0;
  entry.element_path = std::move(path);

  // Kind: the sub-type names vessels and aircraft; otherwise its party type says individual or entity.
  Party party;
  if (const auto sub = id_attribute(profile, "PartySubTypeID", true)) {
    if (const auto sub_label = label("PartySubType", profile, "PartySubTypeID")) {
      std::optional<std::string> party_type;
      if (const pugi::xml_node* r = row("PartySubType", *sub)) {
        if (const auto pt = parse_id(xml::attribute(*r, "PartyTypeID").value())) party_type = label_of("PartyType", *pt);
      } else {
        // Without a table: OFAC's sub-types 1 and 2 are transports, 4 an individual, the rest entities.
        party_type = *sub == 4 ? "Individual" : "Entity";
      }
      const std::string s = lower(*sub_label);
      const std::string p = lower(party_type.value_or(""));
      if (s == "vessel") entry.entity.kind = model::EntityKind::vessel;
      else if (s == "aircraft") entry.entity.kind = model::EntityKind::aircraft;
      else if (p == "individual") entry.entity.kind = model::EntityKind::person;
      else if (p == "other entity" || p == "location") entry.entity.kind = model::EntityKind::organization;
      else entry.entity.kind = model::EntityKind::company;
    }
  }
  party.person = entry.entity.kind == model::EntityKind::person;

  const auto profile_id = id_attribute(profile, "ID", true);
  const std::size_t party_index = parties_.size();
  if (profile_id && !party_by_profile_.emplace(*profile_id, party_index).second) {
    report_.attribute_error(std::string(kDuplicate), fmt::format("Profile ID {} is used twice", *profile_id), profile, "ID",
                            "expected each Profile ID once");
  }
  for (pugi::xml_node c = profile.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = xml::local_name(c);
    if (name == "Identity") {
      if (const auto id = id_attribute(c, "ID", true)) party_by_identity_.emplace(*id, party_index);
      read_identity(c, party.person, entry);
    } else if (name == "Feature") {
      read_feature(c, party, entry);
    }
  }
  if (entry.entity.names.empty() || entry.entity.names[0].kind != model::NameKind::primary) {
    if (entry.entity.names.empty()) {
      report_.error(std::string(kMissing), fmt::format("party {} has no name", entry.entity.id), profile,
                    "expected an Identity with an Alias whose AliasType is \"Name\"");
      return;
    }
    entry.entity.names[0].kind = model::NameKind::primary;
  }
  party.entry = out.entries.size();
  parties_.push_back(std::move(party));
  out.entries.push_back(std::move(entry));
}

void Reader::finish_party(Party& party, ListEntry& entry) {
  for (const auto& c : party.nationalities) xml::add_country(entry, c);
  for (const auto& c : party.other_countries) xml::add_country(entry, c);
  entry.entity.birth_date = xml::earliest(party.birth_dates);
  // "Secondary sanctions risk:" is a feature of the party, but a measure of each of its designations.
  const auto secondary = [](const ListFact& f) { return lower(f.key) == "secondary sanctions risk"; };
  if (std::any_of(entry.facts.begin(), entry.facts.end(), secondary)) {
    for (auto& d : entry.designations) {
      if (std::find(d.measures.begin(), d.measures.end(), "secondary_sanctions_risk") == d.measures.end()) {
        d.measures.push_back("secondary_sanctions_risk");
      }
    }
  }
  if (entry.entity.kind == model::EntityKind::company && !entry.entity.identifiers_of("bic").empty()) {
    entry.entity.kind = model::EntityKind::bank;
  }
}

void Reader::read_documents(const pugi::xml_node& node, ListSnapshot& out) {
  for (pugi::xml_node d = node.first_child(); d && !report_.stopped(); d = d.next_sibling()) {
    if (d.type() != pugi::node_element || xml::local_name(d) != "IDRegDocument") continue;
    const auto identity = id_attribute(d, "IdentityID", true);
    const auto type = label("IDRegDocType", d, "IDRegDocTypeID");
    if (!identity || !type) continue;
    const auto party = party_by_identity_.find(*identity);
    if (party == party_by_identity_.end()) {
      report_.attribute_error(std::string(kUnknownId),
                              fmt::format("IdentityID {} is not the Identity of any DistinctParty", *identity), d,
                              "IdentityID", "expected the ID of an Identity in DistinctParties");
      continue;
    }
    ListEntry& entry = out.entries[parties_[party->second].entry];
    const std::string number = xml::child_text(d, "IDRegistrationNo");
    std::string country;
    if (const auto country_id = id_attribute(d, "IssuedBy-CountryID", false)) {
      if (const pugi::xml_node* c = row("Country", *country_id)) {
        country = xml::attribute(*c, "ISO2").value();
        if (!core::is_country_code(country)) country = xml::text(*c);
      } else {
        report_.attribute_error(std::string(kUnknownRefValue),
                                fmt::format("IssuedBy-CountryID {} is not in the reference values CountryValues", *country_id),
                                d, "IssuedBy-CountryID", "expected an ID of CountryValues");
      }
    }
    const std::string t = lower(*type);
    std::string scheme;
    if (t == "passport" || t == "diplomatic passport") scheme = "passport";
    else if (t == "registration id" || t == "registration number" || t == "business registration number" ||
             t == "commercial registry number" || t == "public registration number" ||
             t == "business registration document #")
      scheme = "registration_id";
    else if (t == "tax id no." || t == "v.a.t. number" || t == "rut #" || t == "nit #") scheme = "tax_id";
    else if (t == "national id no." || t == "cedula no." || t == "identification number" || t == "national id")
      scheme = "national_id";
    else if (t == "government gazette number" && country == "RU") scheme = "okpo";  // OFAC writes Russian OKPO codes so
    else if (t == "swift/bic") scheme = "bic";
    else if (t == "legal entity number") scheme = "lei";
    else if (t == "isin") scheme = "isin";
    else if (t == "unified social credit code (uscc)") scheme = "uscc";
    else if (t == "mmsi") scheme = "mmsi";
    else if (t == "vessel registration identification") scheme = "imo";
    std::string value = number;
    if (scheme == "imo" && value.starts_with("IMO ")) value = value.substr(4);
    if (scheme.empty()) {
      // A document type sanx has no scheme for: kept as a fact under OFAC's label.
      xml::add_fact(entry, *type, country.empty() ? number : fmt::format("{} ({})", number, country));
      continue;
    }
    xml::add_identifier(entry, scheme, value);
    if (!country.empty()) xml::add_fact(entry, scheme + "_country", country);
    // Issue and expiration dates (SDN passports have them): `<scheme>_issued` / `<scheme>_expires`.
    for (pugi::xml_node date : xml::children(d, "DocumentDate")) {
      const auto kind = label("IDRegDocDateType", date, "IDRegDocDateTypeID");
      const pugi::xml_node period = xml::child(date, "DatePeriod");
      std::string text;
      if (!kind || !period || !read_date_period(period, text)) continue;
      const std::string k = lower(*kind);
      xml::add_fact(entry, scheme + (k.starts_with("issue") ? "_issued" : k.starts_with("expiration") ? "_expires" : "_date"),
                    text);
    }
  }
}

void Reader::read_relations(const pugi::xml_node& node, ListSnapshot& out) {
  const auto owned_by = id_of("RelationType", "Owned or Controlled By");
  for (pugi::xml_node r = node.first_child(); r && !report_.stopped(); r = r.next_sibling()) {
    if (r.type() != pugi::node_element || xml::local_name(r) != "ProfileRelationship") continue;
    const auto from = id_attribute(r, "From-ProfileID", true);
    const auto to = id_attribute(r, "To-ProfileID", true);
    const auto type_id = id_attribute(r, "RelationTypeID", true);
    const auto type = label("RelationType", r, "RelationTypeID");
    if (!from || !to || !type) continue;
    const auto a = party_by_profile_.find(*from);
    const auto b = party_by_profile_.find(*to);
    if (a == party_by_profile_.end() || b == party_by_profile_.end()) {
      const bool from_missing = a == party_by_profile_.end();
      report_.attribute_error(std::string(kUnknownId),
                              fmt::format("{} {} is not the Profile of any DistinctParty", from_missing ? "From-ProfileID" : "To-ProfileID",
                                          from_missing ? *from : *to),
                              r, from_missing ? "From-ProfileID" : "To-ProfileID",
                              "expected the ID of a Profile in DistinctParties");
      continue;
    }
    ListEntry& from_entry = out.entries[parties_[a->second].entry];
    const std::string& from_id = from_entry.entity.id;
    const std::string& to_id = out.entries[parties_[b->second].entry].entity.id;
    if (std::string_view(xml::attribute(r, "Former").value()) == "true") {
      xml::add_fact(from_entry, "former_relation", fmt::format("{} {}", *type, to_id));
      continue;
    }
    model::Relation rel;
    const std::string t = lower(*type);
    if (owned_by && type_id && *type_id == *owned_by) {
      // "From is owned or controlled by To": the owner is the source; the share is not stated.
      rel.source = to_id;
      rel.target = from_id;
      rel.kind = model::RelationKind::ownership;
    } else {
      rel.source = from_id;
      rel.target = to_id;
      if (t.find("family") != std::string::npos || t.find("relative") != std::string::npos) {
        rel.kind = model::RelationKind::family;
      } else if (t.find("leader") != std::string::npos || t.find("executive") != std::string::npos ||
                 t.find("director") != std::string::npos) {
        rel.kind = model::RelationKind::director;
      } else {
        rel.kind = model::RelationKind::associate;
      }
      xml::add_fact(from_entry, "relation", fmt::format("{} {}", *type, to_id));
    }
    out.relations.push_back(std::move(rel));
  }
}

void Reader::read_sanctions(const pugi::xml_node& node, ListSnapshot& out) {
  const auto program_type = id_of("SanctionsType", "Program");
  std::size_t index = 0;
  const std::size_t count = xml::count_children(node, "SanctionsEntry");
  const std::string parent = fmt::format("{}#/{}/SanctionsEntries", file_name_, xml::local_name(doc_.root()));
  std::size_t on_sdn = 0;
  for (pugi::xml_node e = node.first_child(); e && !report_.stopped(); e = e.next_sibling()) {
    if (e.type() != pugi::node_element || xml::local_name(e) != "SanctionsEntry") continue;
    ++index;
    if (index % 256 == 0) xml::report_progress(options_, doc_, e);
    const auto profile = id_attribute(e, "ProfileID", true);
    const auto list = label("List", e, "ListID");
    if (!profile || !list) continue;
    const auto party = party_by_profile_.find(*profile);
    if (party == party_by_profile_.end()) {
      report_.attribute_error(std::string(kUnknownId), fmt::format("ProfileID {} is not the Profile of any DistinctParty", *profile),
                              e, "ProfileID", "expected the ID of a Profile in DistinctParties");
      continue;
    }
    ListEntry& entry = out.entries[parties_[party->second].entry];
    model::Designation d;
    d.entity = entry.entity.id;
    d.regime = "OFAC";
    const bool sdn = lower(*list) == "sdn list";
    on_sdn += sdn ? 1 : 0;
    d.list = sdn ? "SDN" : "CONS";
    xml::add_fact(entry, "list", *list);
    d.source_ref = xml::indexed_path(parent, "SanctionsEntry", index, count);
    for (pugi::xml_node c = e.first_child(); c; c = c.next_sibling()) {
      const std::string_view name = xml::local_name(c);
      if (name == "EntryEvent") {
        if (xml::attribute(c, "LegalBasisID")) {
          if (auto basis = label("LegalBasis", c, "LegalBasisID"); basis && lower(*basis) != "unknown") {
            xml::add_fact(entry, "legal_basis", *basis);
          }
        }
        const pugi::xml_node date = xml::child(c, "Date");
        if (!date) continue;
        if (const auto day = read_ymd(date); day && (!d.listed_from || *day < *d.listed_from)) d.listed_from = day;
      } else if (name == "SanctionsMeasure") {
        const auto type_id = id_attribute(c, "SanctionsTypeID", true);
        const auto type = label("SanctionsType", c, "SanctionsTypeID");
        if (!type_id || !type) continue;
        if (program_type && *type_id == *program_type) {
          const pugi::xml_node comment = xml::child(c, "Comment");
          const std::string program = xml::text(comment);
          if (program.empty()) {
            report_.error(std::string(kMissing), "a Program measure without its program code", c,
                          "expected the program code in <Comment>");
            continue;
          }
          if (known_programs_.count(program) == 0) {
            report_.text_warning(std::string(kUnknownProgram),
                                 fmt::format("program '{}' is not in the reference values SanctionsProgramValues", program),
                                 comment, "expected a program of SanctionsProgramValues; kept as written");
          }
          if (std::find(d.programs.begin(), d.programs.end(), program) == d.programs.end()) d.programs.push_back(program);
          continue;
        }
        const std::string t = lower(*type);
        std::string measure;
        if (t == "block") measure = "asset_freeze";
        else if (t == "reject") measure = "reject";
        else if (t.find("sectoral directive") != std::string::npos) {
          measure = "sectoral";
          xml::add_fact(entry, "sectoral_directive", *type);
        } else if (t.starts_with("561")) {
          measure = "correspondent_account_restriction";
        } else {
          for (const char ch : t) {
            const bool alnum = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
            if (alnum) measure += ch;
            else if (!measure.empty() && measure.back() != '_') measure += '_';
          }
          while (!measure.empty() && measure.back() == '_') measure.pop_back();
        }
        if (!measure.empty() && std::find(d.measures.begin(), d.measures.end(), measure) == d.measures.end()) {
          d.measures.push_back(std::move(measure));
        }
      }
    }
    entry.designations.push_back(std::move(d));
  }
  if (index > 0) out.source = on_sdn == index ? "ofac-sdn" : "ofac-cons";
}

ListSnapshot Reader::run() {
  const std::string name = lower(std::filesystem::path(doc_.file()).filename().string());
  ListSnapshot out = xml::unread_snapshot(ListFormat::ofac_advanced, name.starts_with("sdn") ? "ofac-sdn" : "ofac-cons",
                                          doc_.file());
  if (!xml::check_root(report_, "Sanctions", kWrongRoot, "an OFAC advanced XML file",
                       "expected <Sanctions> (sdn_advanced.xml / cons_advanced.xml)")) {
    return out;
  }
  const pugi::xml_node root = doc_.root();
  pugi::xml_node parties;
  pugi::xml_node documents;
  pugi::xml_node relations;
  pugi::xml_node sanctions;
  // The tables first, wherever they are: everything else refers to them.
  read_tables(xml::child(root, "ReferenceValueSets"));
  for (const auto& [id, program] : tables_["SanctionsProgram"].rows) known_programs_.insert(xml::text(program));
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    const std::string_view n = xml::local_name(c);
    if (n == "DateOfIssue") read_date_of_issue(c, out);
    else if (n == "Locations") read_locations(c);
    else if (n == "IDRegDocuments") documents = c;
    else if (n == "DistinctParties") parties = c;
    else if (n == "ProfileRelationships") relations = c;
    else if (n == "SanctionsEntries") sanctions = c;
  }
  const std::size_t count = xml::count_children(parties, "DistinctParty");
  const std::string parent = fmt::format("/{}/DistinctParties", xml::local_name(root));
  std::size_t index = 0;
  for (pugi::xml_node p = parties.first_child(); p && !report_.stopped(); p = p.next_sibling()) {
    if (p.type() != pugi::node_element || xml::local_name(p) != "DistinctParty") continue;
    ++index;
    if (index % 256 == 0) xml::report_progress(options_, doc_, p);
    read_party(p, xml::indexed_path(parent, "DistinctParty", index, count), out);
  }
  read_documents(documents, out);
  read_relations(relations, out);
  read_sanctions(sanctions, out);
  for (Party& p : parties_) finish_party(p, out.entries[p.entry]);
  if (options_.progress) options_.progress(doc_.size(), doc_.size());
  return out;
}

}  // namespace

ListSnapshot read_ofac_advanced(const std::filesystem::path& path, core::Diagnostics& diags,
                                const ListReadOptions& options) {
  auto doc = xml::load_list_file(path, diags, kMalformed, kBadEncoding);
  if (!doc) return xml::unread_snapshot(ListFormat::ofac_advanced, "ofac-cons", path);
  return Reader(*doc, diags, options).run();
}

}  // namespace sanx::ingest
