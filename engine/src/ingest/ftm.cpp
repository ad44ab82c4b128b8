// Reader for OpenSanctions FollowTheMoney entities (`ftm`): JSON lines, one entity per line, every
// property a list of strings. Parties (Person, Company, Organization, LegalEntity, PublicBody, Vessel,
// Airplane) become entries; Sanction entities become designations of the party they name; Ownership,
// Directorship, Family, Associate and UnknownLink become relations; Address entities give addresses to the
// parties that point at them. Links are resolved after the whole file is read, because FtM does not order
// entities. docs/lists/ftm.md describes the mapping.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ingest/json_support.hpp"
#include "sanx/core/country.hpp"
#include "sanx/core/decimal.hpp"
#include "sanx/core/text.hpp"
#include "sanx/ingest/lists.hpp"
#include "sanx/model/entity.hpp"

namespace sanx::ingest {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kSyntax = "E2345";
constexpr std::string_view kEncoding = "E2346";
constexpr std::string_view kUnknownEntity = "E2347";
constexpr std::string_view kBadDate = "E2348";
constexpr std::string_view kStructure = "E2349";

std::optional<model::EntityKind> party_kind(std::string_view schema) {
  if (schema == "Person") return model::EntityKind::person;
  if (schema == "Company" || schema == "LegalEntity") return model::EntityKind::company;
  if (schema == "Organization" || schema == "PublicBody") return model::EntityKind::organization;
  if (schema == "Vessel") return model::EntityKind::vessel;
  if (schema == "Airplane") return model::EntityKind::aircraft;
  return std::nullopt;
}

/// FtM property → identifier scheme (sanx/ingest/lists.hpp conventions).
std::string_view identifier_scheme(std::string_view prop) {
  static constexpr std::pair<std::string_view, std::string_view> kSchemes[] = {
      {"innCode", "inn"},        {"ogrnCode", "ogrn"},     {"kppCode", "kpp"},       {"okpoCode", "okpo"},
      {"leiCode", "lei"},        {"swiftBic", "bic"},      {"imoNumber", "imo"},     {"mmsi", "mmsi"},
      {"registrationNumber", "registration_id"},           {"taxNumber", "tax_id"},  {"idNumber", "national_id"},
      {"passportNumber", "passport"},                      {"email", "email"},       {"website", "website"},
      {"phone", "phone"},        {"isinCode", "isin"},     {"uscCode", "uscc"},      {"callSign", "call_sign"},
      {"serialNumber", "aircraft_msn"}};
  for (const auto& [p, s] : kSchemes) {
    if (p == prop) return s;
  }
  return {};
}

/// Regime of a Sanction's authority: the four regimes sanx knows by name, else nullopt.
std::optional<std::string> regime_of_authority(std::string_view authority) {
  const std::string a = core::to_lower_ascii(authority);
  auto has = [&](std::string_view s) { return a.find(s) != std::string::npos; };
  if (has("office of foreign assets control") || has("ofac") || has("department of the treasury")) return "OFAC";
  if (has("financial sanctions implementation") || has("ofsi") || has("hm treasury") ||
      has("foreign, commonwealth") || a == "uk" || has("united kingdom")) {
    return "UK";
  }
  if (has("security council") || has("united nations")) return "UN";
  if (has("european union") || has("european commission") || has("council of the eu") || a == "eu") return "EU";
  return std::nullopt;
}

/// A Sanction or relationship entity, kept until every party has been read.
struct Link {
  std::string schema;
  std::string id;
  Json properties;
  std::string dataset;
  json::Span span;
};

class FtmReader : private json::Reporter {
 public:
  FtmReader(const json::Text& text, core::Diagnostics& diags, const ListReadOptions& options)
      : json::Reporter(text, diags, options.max_errors), options_(options) {}

  ListSnapshot read();

 private:
  /// The values of `prop`: a list of strings, as FtM writes every property; anything else is reported.
  std::vector<std::string> values(const Json& props, std::string_view prop, json::Span span);
  std::optional<core::Date> date(const std::string& value, std::string_view prop, std::size_t index, json::Span span);
  void read_record(json::Span span);
  void read_party(const Json& rec, model::EntityKind kind, const std::string& id, json::Span span);
  void resolve();
  void add_designation(const Link& link);
  void add_relation(const Link& link);

  const ListReadOptions& options_;
  ListSnapshot snap_;
  std::unordered_map<std::string, std::size_t> entries_;  // ftm id → entry
  std::unordered_map<std::string, std::string> addresses_;  // Address id → its full text
  std::vector<std::pair<std::size_t, std::string>> address_refs_;  // entry, Address id
  std::vector<Link> links_;
};

std::vector<std::string> FtmReader::values(const Json& props, std::string_view prop, json::Span span) {
  std::vector<std::string> out;
  const auto it = props.find(prop);
  if (it == props.end()) return out;
  if (!it->is_array()) {
    report(core::Severity::error, kStructure, fmt::format("property `properties.{}` is not a list", prop), span, prop, {},
           "expected a list of strings, as every FtM property is");
    return out;
  }
  for (const Json& v : *it) {
    if (v.is_string()) {
      out.push_back(v.get<std::string>());
    } else {
      report(core::Severity::error, kStructure, fmt::format("a value of `properties.{}` is not a string", prop), span, prop,
             {}, "expected a list of strings, as every FtM property is");
    }
  }
  return out;
}

std::optional<core::Date> FtmReader::date(const std::string& value, std::string_view prop, std::size_t index,
                                          json::Span span) {
  auto d = json::parse_date(value);
  if (!d) {
    report(core::Severity::error, kBadDate, fmt::format("invalid date `{}` at properties.{}[{}]", value, prop, index), span,
           prop, value, "expected a date YYYY[-MM[-DD]]");
  }
  return d;
}

ListSnapshot FtmReader::read() {
  snap_.source = "opensanctions";
  snap_.format = ListFormat::ftm;
  bool closed = true;
  const std::vector<json::Span> spans = text_.is_array() ? text_.array_elements(closed) : text_.lines();
  std::size_t done = 0;
  for (const json::Span span : spans) {
    if (too_many_errors()) break;
    read_record(span);
    if (options_.progress && ++done % 4096 == 0) options_.progress(span.end, text_.text().size());
  }
  resolve();
  if (options_.progress) options_.progress(text_.text().size(), text_.text().size());
  return std::move(snap_);
}

void FtmReader::read_record(json::Span span) {
  const auto parsed = json::parse(text_, span, diags_, kSyntax, kEncoding);
  if (!parsed) return;
  const Json& rec = *parsed;
  const auto id_it = rec.is_object() ? rec.find("id") : rec.end();
  const auto schema_it = rec.is_object() ? rec.find("schema") : rec.end();
  const auto props_it = rec.is_object() ? rec.find("properties") : rec.end();
  if (!rec.is_object() || id_it == rec.end() || !id_it->is_string() || schema_it == rec.end() || !schema_it->is_string() ||
      (props_it != rec.end() && !props_it->is_object())) {
    diags_.add(text_.diagnostic(core::Severity::error, std::string(kStructure),
                                "not an FtM entity: `id` and `schema` must be strings, `properties` an object", span.begin,
                                1, "expected {\"id\": …, \"schema\": …, \"properties\": {…}}"));
    return;
  }
  const std::string id = id_it->get<std::string>();
  const std::string schema = schema_it->get<std::string>();
  static const Json kEmpty = Json::object();
  const Json& props = props_it == rec.end() ? kEmpty : *props_it;
  if (const auto kind = party_kind(schema)) {
    read_party(rec, *kind, id, span);
    return;
  }
  if (schema == "Address") {
    const auto full = values(props, "full", span);
    if (!full.empty()) addresses_.emplace(id, full.front());
    return;
  }
  if (schema == "Sanction" || schema == "Ownership" || schema == "Directorship" || schema == "Family" ||
      schema == "Associate" || schema == "UnknownLink") {
    Link link{schema, id, props, {}, span};
    if (const auto ds = rec.find("datasets"); ds != rec.end() && ds->is_array() && !ds->empty() && ds->front().is_string()) {
      link.dataset = ds->front().get<std::string>();
    }
    links_.push_back(std::move(link));
  }
  // Other schemas (Passport, Identification, Thing, …) describe nothing the model holds.
}

void FtmReader::read_party(const Json& rec, model::EntityKind kind, const std::string& id, json::Span span) {
  const Json& props = rec.contains("properties") ? rec["properties"] : Json::object();
  const std::string entity_id = "ftm:" + id;
  if (entries_.count(id) != 0) {
    report(core::Severity::error, kStructure, fmt::format("entity `{}` appears twice", id), span, "id", id,
           "expected each id once");
    return;
  }
  entries_.emplace(id, snap_.entries.size());
  ListEntry& e = snap_.entries.emplace_back();
  e.entity.id = entity_id;
  e.entity.kind = kind;
  e.where = {text_.file(), text_.line_of(span.begin), 0, 0};

  auto add_name = [&](const std::string& n, model::NameKind k) {
    if (n.empty()) return;
    for (const model::Name& have : e.entity.names) {
      if (have.text == n) return;
    }
    e.entity.names.push_back({n, e.entity.names.empty() ? model::NameKind::primary : k, model::detect_script(n)});
  };
  // The caption is the name OpenSanctions shows; it is one of the names.
  const std::vector<std::string> names = values(props, "name", span);
  if (const auto cap = rec.find("caption"); cap != rec.end() && cap->is_string() &&
                                            std::find(names.begin(), names.end(), cap->get<std::string>()) != names.end()) {
    add_name(cap->get<std::string>(), model::NameKind::primary);
  }
  for (const auto& n : names) add_name(n, model::NameKind::aka);
  for (const auto& n : values(props, "alias", span)) add_name(n, model::NameKind::aka);
  for (const auto& n : values(props, "previousName", span)) add_name(n, model::NameKind::fka);
  for (const auto& n : values(props, "weakAlias", span)) add_name(n, model::NameKind::weak);

  // Countries: for persons nationality and citizenship first.
  const bool person = kind == model::EntityKind::person;
  const std::vector<std::string_view> country_props =
      person ? std::vector<std::string_view>{"nationality", "citizenship", "country", "jurisdiction"}
             : std::vector<std::string_view>{"jurisdiction", "country", "mainCountry", "flag"};
  for (const std::string_view prop : country_props) {
    for (const auto& c : values(props, prop, span)) {
      const std::string code = core::to_upper_ascii(c);
      if (core::is_country_code(code)) {
        if (std::find(e.entity.countries.begin(), e.entity.countries.end(), code) == e.entity.countries.end()) {
          e.entity.countries.push_back(code);
        }
      } else {
        e.facts.push_back({json::camel_to_snake(prop), c});  // `suhh` (Soviet Union), `zz` (global): kept as written
      }
    }
  }

  for (const auto& [prop, value] : props.items()) {
    if (prop == "name" || prop == "alias" || prop == "previousName" || prop == "weakAlias" ||
        std::find(country_props.begin(), country_props.end(), prop) != country_props.end()) {
      continue;
    }
    const std::vector<std::string> vs = values(props, prop, span);
    if (prop == "birthDate" || prop == "incorporationDate") {
      for (std::size_t i = 0; i < vs.size(); ++i) {
        const auto d = date(vs[i], prop, i, span);
        if (!d) continue;
        auto& field = prop == "birthDate" ? e.entity.birth_date : e.entity.incorporated;
        if (!field || *d < *field) field = d;
        e.facts.push_back({prop == "birthDate" ? "birth_date" : "incorporation_date", d->to_string()});
      }
      continue;
    }
    if (prop == "address") {
      for (const auto& a : vs) e.entity.addresses.push_back(a);
      continue;
    }
    if (prop == "addressEntity") {
      for (const auto& a : vs) address_refs_.emplace_back(entries_.at(id), a);
      continue;
    }
    if (const std::string_view scheme = identifier_scheme(prop); !scheme.empty()) {
      for (const auto& v : vs) {
        model::Identifier ident{std::string(scheme), v};
        if (std::find(e.entity.identifiers.begin(), e.entity.identifiers.end(), ident) == e.entity.identifiers.end()) {
          e.entity.identifiers.push_back(std::move(ident));
        }
      }
      continue;
    }
    // A vessel's `type` is its vessel type (lists.hpp names the fact `vessel_type`).
    const std::string key = kind == model::EntityKind::vessel && prop == "type" ? "vessel_type" : json::camel_to_snake(prop);
    for (const auto& v : vs) e.facts.push_back({key, v});
  }
  if (const auto ds = rec.find("datasets"); ds != rec.end() && ds->is_array()) {
    for (const Json& d : *ds) {
      if (d.is_string()) e.facts.push_back({"dataset", d.get<std::string>()});
    }
  }
  for (const char* key : {"first_seen", "last_seen"}) {
    if (const auto it = rec.find(key); it != rec.end() && it->is_string()) e.facts.push_back({key, it->get<std::string>()});
  }
}

void FtmReader::resolve() {
  for (const auto& [entry, address_id] : address_refs_) {
    const auto it = addresses_.find(address_id);
    if (it == addresses_.end()) continue;  // an Address entity of another file: nothing to show
    auto& addresses = snap_.entries[entry].entity.addresses;
    if (std::find(addresses.begin(), addresses.end(), it->second) == addresses.end()) addresses.push_back(it->second);
  }
  for (const Link& link : links_) {
    if (too_many_errors()) break;
    if (link.schema == "Sanction") {
      add_designation(link);
    } else {
      add_relation(link);
    }
  }
}

void FtmReader::add_designation(const Link& link) {
  const std::vector<std::string> targets = values(link.properties, "entity", link.span);
  if (targets.empty()) {
    report(core::Severity::error, kStructure, "sanction without `properties.entity`", link.span, "properties", {},
           "expected the id of the sanctioned entity");
    return;
  }
  const auto it = entries_.find(targets.front());
  if (it == entries_.end()) {
    report(core::Severity::error, kUnknownEntity,
           fmt::format("sanction `{}` names entity `{}`, which is not in the file", link.id, targets.front()), link.span,
           "entity", targets.front(), "expected the id of a Person, Company, Organization, Vessel, … of this file");
    return;
  }
  ListEntry& e = snap_.entries[it->second];
  model::Designation d;
  d.entity = e.entity.id;
  const std::vector<std::string> authorities = values(link.properties, "authority", link.span);
  const std::vector<std::string> countries = values(link.properties, "country", link.span);
  const std::string authority = authorities.empty() ? std::string() : authorities.front();
  if (auto regime = regime_of_authority(authority)) {
    d.regime = std::move(*regime);
  } else if (!countries.empty() && core::is_country_code(core::to_upper_ascii(countries.front()))) {
    d.regime = core::to_upper_ascii(countries.front());
  } else {
    d.regime = authority.empty() ? "UNKNOWN" : core::to_upper_ascii(authority);
    report(core::Severity::warning, "W2441",
           fmt::format("sanction `{}`: authority `{}` is not one sanx knows and no country is given", link.id, authority),
           link.span, authority.empty() ? "properties" : "authority", authority,
           "expected a known authority (OFAC, EU, OFSI, UN Security Council) or a `country`");
  }
  d.list = link.dataset.empty() ? "FTM" : link.dataset;
  for (const auto& p : values(link.properties, "program", link.span)) d.programs.push_back(p);
  if (d.programs.empty()) d.programs = values(link.properties, "programId", link.span);
  for (const char* prop : {"listingDate", "startDate"}) {
    const auto vs = values(link.properties, prop, link.span);
    for (std::size_t i = 0; i < vs.size(); ++i) {
      const auto day = date(vs[i], prop, i, link.span);
      if (day && !d.listed_from) d.listed_from = day;
    }
  }
  const auto ends = values(link.properties, "endDate", link.span);
  for (std::size_t i = 0; i < ends.size(); ++i) {
    if (const auto day = date(ends[i], "endDate", i, link.span); day && !d.listed_to) d.listed_to = day;
  }
  for (const auto& p : values(link.properties, "provisions", link.span)) {
    std::string m;
    for (const char c : p) {
      if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
        m += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      } else if (!m.empty() && m.back() != '_') {
        m += '_';
      }
    }
    while (!m.empty() && m.back() == '_') m.pop_back();
    if (!m.empty()) d.measures.push_back(std::move(m));
  }
  d.source_ref = fmt::format("{}:{}", std::filesystem::path(text_.file()).filename().string(), text_.line_of(link.span.begin));
  for (const auto& r : values(link.properties, "reason", link.span)) e.facts.push_back({"sanction_reason", r});
  for (const auto& a : authorities) e.facts.push_back({"sanction_authority", a});
  e.designations.push_back(std::move(d));
}

void FtmReader::add_relation(const Link& link) {
  struct Ends {
    std::string_view schema;
    std::string_view source;
    std::string_view target;
    model::RelationKind kind;
  };
  static constexpr Ends kEnds[] = {
      {"Ownership", "owner", "asset", model::RelationKind::ownership},
      {"Directorship", "director", "organization", model::RelationKind::director},
      {"Family", "person", "relative", model::RelationKind::family},
      {"Associate", "person", "associate", model::RelationKind::associate},
      {"UnknownLink", "subject", "object", model::RelationKind::associate},
  };
  const auto ends = std::find_if(std::begin(kEnds), std::end(kEnds), [&](const Ends& x) { return x.schema == link.schema; });
  const auto sources = values(link.properties, ends->source, link.span);
  const auto targets = values(link.properties, ends->target, link.span);
  if (sources.empty() || targets.empty()) {
    report(core::Severity::error, kStructure,
           fmt::format("{} `{}` lacks `properties.{}` or `properties.{}`", link.schema, link.id, ends->source, ends->target),
           link.span, "properties", {}, "expected both ends of the relation");
    return;
  }
  model::Relation r;
  r.source = "ftm:" + sources.front();
  r.target = "ftm:" + targets.front();
  r.kind = ends->kind;
  if (r.kind == model::RelationKind::ownership) {
    for (const auto& p : values(link.properties, "percentage", link.span)) {
      std::string_view t = core::trim(p);
      if (t.ends_with('%')) t = core::trim(t.substr(0, t.size() - 1));
      const auto share = core::Decimal::parse(t);
      if (share && !share->is_negative() && *share <= core::Decimal::from_int(100)) {
        r.share = share;
        break;
      }
      report(core::Severity::warning, "W2442", fmt::format("ownership `{}`: percentage `{}` is not a number from 0 to 100", link.id, p),
             link.span, "percentage", p, "expected a percentage such as 51 or 25.5; the share is left unknown");
    }
  }
  const auto starts = values(link.properties, "startDate", link.span);
  for (std::size_t i = 0; i < starts.size(); ++i) {
    if (const auto d = date(starts[i], "startDate", i, link.span); d && !r.start) r.start = d;
  }
  const auto stops = values(link.properties, "endDate", link.span);
  for (std::size_t i = 0; i < stops.size(); ++i) {
    if (const auto d = date(stops[i], "endDate", i, link.span); d && !r.end) r.end = d;
  }
  snap_.relations.push_back(std::move(r));
}

}  // namespace

ListSnapshot read_ftm(const std::filesystem::path& path, core::Diagnostics& diags, const ListReadOptions& options) {
  const json::Text text = json::Text::load(path);
  FtmReader reader(text, diags, options);
  ListSnapshot snap = reader.read();
  snap.files = {path};
  return snap;
}

}  // namespace sanx::ingest
