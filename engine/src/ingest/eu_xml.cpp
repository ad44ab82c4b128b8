// Reader for the EU Financial Sanctions Files XML v1.1 (xmlFullSanctionsList_1_1, namespace
// http://eu.europa.ec/fpi/fsd/export): one sanctionEntity per listed party, almost every value in an
// attribute. Written from the official XSD (schema_1_1.xsd); no real file was available to check it on.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>
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

/// Programme codes of the EU's restrictive-measures regimes as the FSF writes them. Another code is
/// kept as written, with a warning, since the Commission adds regimes.
constexpr std::string_view kProgrammes[] = {
    "AFG", "BDI", "BIH", "BLR", "CAF", "CHN", "COD", "EGY", "GIN", "GNB", "GTM", "HTI", "IRN", "IRQ",
    "LBN", "LBY", "MDA", "MLI", "MMR", "NER", "NIC", "PRK", "RUS", "SDN", "SOM", "SSD", "SYR", "TAQA",
    "TERR", "TUN", "TUR", "UKR", "VEN", "YEM", "ZWE",
};

std::string attr(const pugi::xml_node& n, std::string_view name) {
  return std::string(core::trim(xml::attribute(n, name).value()));
}

std::string lower(std::string_view s) { return core::to_lower_ascii(core::trim(s)); }

class Reader : xml::ReaderBase {
 public:
  using ReaderBase::ReaderBase;

  ListSnapshot run();

 private:
  void read_entity(const pugi::xml_node& node, const std::string& path, ListSnapshot& out);
  /// An optional xs:date attribute; E2325 when present and not a date.
  std::optional<core::Date> date(const pugi::xml_node& node, std::string_view name);
  /// The ISO code of a detail's countryIso2Code; empty for none or the FSF's "00" (unknown).
  std::string country(const pugi::xml_node& node, ListEntry& entry);
  void name_alias(const pugi::xml_node& node, ListEntry& entry, bool& have_primary);
  void birthdate(const pugi::xml_node& node, ListEntry& entry, std::vector<core::Date>& dates);
  void address(const pugi::xml_node& node, ListEntry& entry, std::vector<std::string>& countries);
  void identification(const pugi::xml_node& node, ListEntry& entry);
  /// regulationSummary / remark / additionalInformation of any detail.
  void common(const pugi::xml_node& node, ListEntry& entry);

  std::unordered_set<std::string> ids_;
};

std::optional<core::Date> Reader::date(const pugi::xml_node& node, std::string_view name) {
  const std::string t = attr(node, name);
  if (t.empty()) return std::nullopt;
  auto d = xml::parse_xs_date(t);
  if (!d) {
    report_.attribute_error(std::string(kBadDate), fmt::format("invalid {} '{}'", name, t), node, name,
                            "expected a date YYYY-MM-DD");
  }
  return d;
}

std::string Reader::country(const pugi::xml_node& node, ListEntry& entry) {
  const std::string code = attr(node, "countryIso2Code");
  if (code.empty() || code == "00") return {};
  if (core::is_country_code(code)) return code;
  report_.attribute_warning(std::string(kUnknownCountry), fmt::format("'{}' is not an ISO 3166 alpha-2 country code", code),
                            node, "countryIso2Code", "expected an upper-case ISO 3166-1 alpha-2 code; kept as a fact");
  xml::add_fact(entry, "country", attr(node, "countryDescription").empty() ? code : attr(node, "countryDescription"));
  return {};
}

void Reader::common(const pugi::xml_node& node, ListEntry& entry) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view n = xml::local_name(c);
    if (n == "remark") {
      xml::add_fact(entry, "remarks", xml::text(c));
    } else if (n == "additionalInformation") {
      xml::add_fact(entry, attr(c, "key"), attr(c, "value"));
    } else if (n == "regulationSummary") {
      // The regulation that added or amended this detail: an entity amended by several shows each.
      xml::add_fact(entry, "regulation", attr(c, "numberTitle"));
    }
  }
}

void Reader::name_alias(const pugi::xml_node& node, ListEntry& entry, bool& have_primary) {
  std::string text = attr(node, "wholeName");
  if (text.empty()) {
    std::vector<std::string> parts;
    for (const std::string_view n : {"firstName", "middleName", "lastName"}) {
      if (std::string v = attr(node, n); !v.empty()) parts.push_back(std::move(v));
    }
    text = core::join(parts, " ");
  }
  common(node, entry);
  xml::add_fact(entry, "gender", attr(node, "gender") == "M" ? "Male" : attr(node, "gender") == "F" ? "Female" : "");
  xml::add_fact(entry, "title", attr(node, "title"));
  xml::add_fact(entry, "position", attr(node, "function"));
  if (text.empty()) return;
  const auto same = [&](const model::Name& n) { return n.text == text; };
  if (std::any_of(entry.entity.names.begin(), entry.entity.names.end(), same)) return;
  // The FSF marks its main names strong="true"; the first of them is the primary name, the rest are
  // a.k.a.s (the file has no separate f.k.a. or low-quality marks).
  const bool strong = lower(attr(node, "strong")) != "false";
  model::Name name{text, model::NameKind::aka, model::detect_script(text)};
  if (strong && !have_primary) {
    name.kind = model::NameKind::primary;
    entry.entity.names.insert(entry.entity.names.begin(), std::move(name));
    have_primary = true;
  } else {
    entry.entity.names.push_back(std::move(name));
  }
}

void Reader::birthdate(const pugi::xml_node& node, ListEntry& entry, std::vector<core::Date>& dates) {
  common(node, entry);
  const bool circa = lower(attr(node, "circa")) == "true";
  std::optional<core::Date> d;
  std::string text;
  if (xml::attribute(node, "birthdate")) {
    d = date(node, "birthdate");
    if (d) text = d->to_string();
  } else if (xml::attribute(node, "year")) {
    d = xml::date_from_parts(attr(node, "year"), attr(node, "monthOfYear"), attr(node, "dayOfMonth"));
    if (!d) {
      report_.attribute_error(std::string(kBadDate),
                              fmt::format("year {}, month {}, day {} do not make a date", attr(node, "year"),
                                          attr(node, "monthOfYear"), attr(node, "dayOfMonth")),
                              node, "year", "expected year (1000-9999), monthOfYear (1-12) and dayOfMonth of a date");
    }
    if (d) text = d->to_string();
  } else if (xml::attribute(node, "yearRangeFrom")) {
    const auto a = xml::date_from_parts(attr(node, "yearRangeFrom"), {}, {});
    const auto b = xml::date_from_parts(attr(node, "yearRangeTo").empty() ? attr(node, "yearRangeFrom") : attr(node, "yearRangeTo"), {}, {});
    if (!a || !b) {
      report_.attribute_error(std::string(kBadDate), "invalid year range of birth", node, !a ? "yearRangeFrom" : "yearRangeTo",
                              "expected a year YYYY");
    } else {
      d = std::min(*a, *b);
      text = *a == *b ? a->to_string() : fmt::format("{}/{}", std::min(*a, *b).to_string(), std::max(*a, *b).to_string());
    }
  }
  if (d) {
    dates.push_back(*d);
    xml::add_fact(entry, "birth_date", circa ? text + " (approximately)" : text);
  }
  std::vector<std::string> place;
  for (const std::string_view n : {"place", "city", "zipCode", "region"}) {
    if (std::string v = attr(node, n); !v.empty()) place.push_back(std::move(v));
  }
  const std::string code = country(node, entry);
  if (const std::string c = attr(node, "countryDescription"); !c.empty() && c != "UNKNOWN" && c != "00") place.push_back(c);
  xml::add_fact(entry, "place_of_birth", core::join(place, ", "));
  xml::add_fact(entry, "birth_country", code);
}

void Reader::address(const pugi::xml_node& node, ListEntry& entry, std::vector<std::string>& countries) {
  common(node, entry);
  std::vector<std::string> parts;
  for (const std::string_view n : {"street", "poBox", "zipCode", "city", "place", "region"}) {
    if (std::string v = attr(node, n); !v.empty()) parts.push_back(n == "poBox" ? "P.O. Box " + v : v);
  }
  const std::string code = country(node, entry);
  if (const std::string c = attr(node, "countryDescription"); !c.empty() && c != "UNKNOWN" && c != "00") parts.push_back(c);
  if (std::string a = core::join(parts, ", ");
      !a.empty() && std::find(entry.entity.addresses.begin(), entry.entity.addresses.end(), a) == entry.entity.addresses.end()) {
    entry.entity.addresses.push_back(std::move(a));
  }
  if (!code.empty()) countries.push_back(code);
  for (pugi::xml_node c : xml::children(node, "contactInfo")) {
    const std::string key = lower(attr(c, "key"));
    const std::string value = attr(c, "value");
    if (key == "email") xml::add_identifier(entry, "email", value);
    else if (key == "web" || key == "website") xml::add_identifier(entry, "website", value);
    else if (key == "phone" || key == "fax") xml::add_identifier(entry, key, value);
    else xml::add_fact(entry, attr(c, "key"), value);
  }
}

void Reader::identification(const pugi::xml_node& node, ListEntry& entry) {
  common(node, entry);
  const std::string code = lower(attr(node, "identificationTypeCode"));
  const std::string description = attr(node, "identificationTypeDescription");
  std::string number = attr(node, "number");
  if (number.empty()) number = attr(node, "latinNumber");
  if (number.empty()) return;
  std::string scheme;
  if (code == "passport") scheme = "passport";
  else if (code == "id" || code == "nationalid") scheme = "national_id";
  else if (code == "regnumber") scheme = "registration_id";
  else if (code == "fiscalcode" || code == "tax") scheme = "tax_id";
  else if (code == "swiftbic") scheme = "bic";
  else if (code == "imo") scheme = "imo";
  else if (code == "inn" || code == "ogrn" || code == "kpp" || code == "okpo") scheme = code;
  const std::string country_code = country(node, entry);
  if (scheme.empty()) {
    const std::string label = description.empty() ? attr(node, "identificationTypeCode") : description;
    xml::add_fact(entry, label, country_code.empty() ? number : fmt::format("{} ({})", number, country_code));
    return;
  }
  xml::add_identifier(entry, scheme, number);
  xml::add_fact(entry, scheme + "_country", country_code);
  for (const auto& [flag, what] : {std::pair<std::string_view, std::string_view>{"knownFalse", "known false"},
                                   {"knownExpired", "known expired"},
                                   {"reportedLost", "reported lost"},
                                   {"revokedByIssuer", "revoked by issuer"},
                                   {"diplomatic", "diplomatic"}}) {
    if (lower(attr(node, flag)) == "true") xml::add_fact(entry, scheme + "_note", fmt::format("{} {}", number, what));
  }
}

void Reader::read_entity(const pugi::xml_node& node, const std::string& path, ListSnapshot& out) {
  const std::string logical_id = attr(node, "logicalId");
  if (logical_id.empty()) {
    report_.error(std::string(kMissing), "<sanctionEntity> has no logicalId", node, "expected a logicalId attribute");
    return;
  }
  ListEntry entry;
  entry.entity.id = "eu:" + logical_id;
  if (!ids_.insert(entry.entity.id).second) {
    report_.attribute_error(std::string(kDuplicate), fmt::format("logicalId {} is listed twice", logical_id), node,
                            "logicalId", "expected each sanctionEntity once");
    return;
  }
  entry.where = doc_.location(node);
  entry.where.column = 0;
  entry.where.length = 0;
  entry.element_path = path;
  xml::add_fact(entry, "eu_reference_number", attr(node, "euReferenceNumber"));
  xml::add_fact(entry, "un_id", attr(node, "unitedNationId"));
  xml::add_fact(entry, "designation_details", attr(node, "designationDetails"));
  if (const auto designated = date(node, "designationDate")) xml::add_fact(entry, "designation_date", designated->to_string());

  model::Designation d;
  d.entity = entry.entity.id;
  d.regime = "EU";
  d.list = "EU-FSF";
  d.measures = {"asset_freeze"};
  d.source_ref = fmt::format("{}#{}", file_name_, path);
  d.listed_to = date(node, "delistingDate");
  bool have_subject = false;
  bool have_primary = false;
  std::vector<core::Date> births;
  std::vector<std::string> citizenships;
  std::vector<std::string> address_countries;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view n = xml::local_name(c);
    if (n == "regulation") {
      // The FSF names the regulation that listed the entity; it applies from its entry into force
      // (publicationDate only when that is missing).
      const std::string programme = attr(c, "programme");
      if (!programme.empty()) {
        if (std::find(std::begin(kProgrammes), std::end(kProgrammes), programme) == std::end(kProgrammes)) {
          report_.attribute_warning(std::string(kUnknownProgram),
                                    fmt::format("programme '{}' is not an EU regime known to sanx", programme), c,
                                    "programme", "expected a programme code such as UKR, RUS, IRN; kept as written");
        }
        if (std::find(d.programs.begin(), d.programs.end(), programme) == d.programs.end()) d.programs.push_back(programme);
      }
      auto from = date(c, "entryIntoForceDate");
      const auto published = date(c, "publicationDate");
      if (!from) from = published;
      if (from && (!d.listed_from || *from < *d.listed_from)) d.listed_from = from;
      xml::add_fact(entry, "regulation", attr(c, "numberTitle"));
      for (pugi::xml_node r = c.first_child(); r; r = r.next_sibling()) {
        const std::string_view rn = xml::local_name(r);
        if (rn == "publicationUrl") xml::add_fact(entry, "regulation_url", xml::text(r));
        else if (rn == "remark") xml::add_fact(entry, "remarks", xml::text(r));
      }
    } else if (n == "subjectType") {
      have_subject = true;
      const std::string code = attr(c, "classificationCode");
      if (code == "P") {
        entry.entity.kind = model::EntityKind::person;
      } else if (code == "E") {
        entry.entity.kind = model::EntityKind::company;
      } else {
        report_.attribute_error(std::string(kBadValue), fmt::format("classificationCode '{}' is neither P nor E", code), c,
                                "classificationCode", "expected P (person) or E (enterprise)");
      }
      xml::add_fact(entry, "subject_type", attr(c, "code"));
    } else if (n == "nameAlias") {
      name_alias(c, entry, have_primary);
    } else if (n == "citizenship") {
      common(c, entry);
      if (std::string code = country(c, entry); !code.empty()) citizenships.push_back(std::move(code));
    } else if (n == "birthdate") {
      birthdate(c, entry, births);
    } else if (n == "address") {
      address(c, entry, address_countries);
    } else if (n == "identification") {
      identification(c, entry);
    } else if (n == "remark") {
      xml::add_fact(entry, "remarks", xml::text(c));
    } else if (n == "additionalInformation") {
      xml::add_fact(entry, attr(c, "key"), attr(c, "value"));
    }
  }
  if (!have_subject) {
    report_.error(std::string(kMissing), fmt::format("sanctionEntity {} has no subjectType", logical_id), node,
                  "expected a <subjectType classificationCode=\"P|E\"> element");
  }
  if (entry.entity.names.empty()) {
    report_.error(std::string(kMissing), fmt::format("sanctionEntity {} has no name", logical_id), node,
                  "expected a <nameAlias> with wholeName or firstName/lastName");
    return;
  }
  entry.entity.names[0].kind = model::NameKind::primary;
  for (const auto* list : {&citizenships, &address_countries}) {
    for (const auto& c : *list) xml::add_country(entry, c);
  }
  entry.entity.birth_date = xml::earliest(births);
  entry.designations.push_back(std::move(d));
  out.entries.push_back(std::move(entry));
}

ListSnapshot Reader::run() {
  ListSnapshot out = xml::unread_snapshot(ListFormat::eu_xml, "eu-fsf", doc_.file());
  if (!xml::check_root(report_, "export", kWrongRoot, "an EU FSF XML file",
                       "expected <export xmlns=\"http://eu.europa.ec/fpi/fsd/export\">")) {
    return out;
  }
  out.as_of = xml::root_date(report_, "generationDate", kBadDate);
  const pugi::xml_node root = doc_.root();
  const std::size_t count = xml::count_children(root, "sanctionEntity");
  std::size_t index = 0;
  for (pugi::xml_node c = root.first_child(); c && !report_.stopped(); c = c.next_sibling()) {
    if (c.type() != pugi::node_element || xml::local_name(c) != "sanctionEntity") continue;
    if (++index % 256 == 0) xml::report_progress(options_, doc_, c);
    read_entity(c, xml::indexed_path("/export", "sanctionEntity", index, count), out);
  }
  if (options_.progress) options_.progress(doc_.size(), doc_.size());
  return out;
}

}  // namespace

ListSnapshot read_eu_xml(const std::filesystem::path& path, core::Diagnostics& diags, const ListReadOptions& options) {
  auto doc = xml::load_list_file(path, diags, kMalformed, kBadEncoding);
  if (!doc) return xml::unread_snapshot(ListFormat::eu_xml, "eu-fsf", path);
  return Reader(*doc, diags, options).run();
}

}  // namespace sanx::ingest
