// Reader for Beneficial Ownership Data Standard statements (`bods`): BODS 0.4 (recordType entity / person /
// relationship, with recordDetails) and, read into the same shape, BODS 0.2 (statementType entityStatement /
// personStatement / ownershipOrControlStatement), as a JSON array or JSON lines. Entity and person
// statements become entries, relationship statements relations; a later statement of the same recordId
// replaces an earlier one. Relationships are resolved after the whole file is read, because a statement
// may name records that come later. docs/lists/bods.md describes the mapping.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
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
constexpr std::string_view kBadDate = "E2348";
constexpr std::string_view kStructure = "E2349";
constexpr std::string_view kBadLei = "E2350";

enum class RecordType { entity, person, relationship };

struct Statement {
  RecordType type = RecordType::entity;
  std::string record_id;
  std::string status;  // new, updated, closed
  Json details;        // 0.4 recordDetails; for 0.2 the statement itself, with subject/interestedParty as ids
  std::optional<core::Date> statement_date;
  json::Span span;
  bool superseded = false;
};

/// `other-influence-or-control` (0.2) → `otherInfluenceOrControl` (0.4).
std::string camel(std::string_view kebab) {
  std::string out;
  bool upper = false;
  for (const char c : kebab) {
    if (c == '-' || c == '_' || c == ' ') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

/// BODS 0.4 interest types (and 0.2's `influenceOrControl`).
bool known_interest(std::string_view t) {
  static constexpr std::string_view kTypes[] = {
      "shareholding", "votingRights", "appointmentOfBoard", "otherInfluenceOrControl", "seniorManagingOfficial",
      "settlor", "trustee", "protector", "beneficiaryOfLegalArrangement", "rightsToSurplusAssetsOnDissolution",
      "rightsToProfitOrIncome", "rightsGrantedByContract", "conditionalRightsGrantedByContract",
      "controlViaCompanyRulesOrArticles", "controlByLegalFramework", "boardMember", "boardChair", "unknownInterest",
      "unpublishedInterest", "enjoymentAndUseOfAssets", "rightToProfitOrIncomeFromAssets", "nominee", "nominator",
      "influenceOrControl"};
  return std::find(std::begin(kTypes), std::end(kTypes), t) != std::end(kTypes);
}

std::string string_of(const Json& obj, std::string_view key) {
  if (!obj.is_object()) return {};
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// A number as BODS writes a share (`50`, `25.5`) as exact decimal text.
std::optional<core::Decimal> decimal_of(const Json& v) {
  if (v.is_number_integer()) return core::Decimal::from_int(v.get<std::int64_t>());
  if (v.is_number()) return core::Decimal::parse(v.dump());
  if (v.is_string()) return core::Decimal::parse(v.get<std::string>());
  return std::nullopt;
}

class BodsReader : private json::Reporter {
 public:
  BodsReader(const json::Text& text, core::Diagnostics& diags, const ListReadOptions& options)
      : json::Reporter(text, diags, options.max_errors), options_(options) {}

  ListSnapshot read();

 private:
  std::optional<core::Date> date(const Json& obj, std::string_view key, std::string_view path, json::Span span);
  void read_statement(json::Span span);
  void read_party(const Statement& s);
  void read_relationship(const Statement& s);

  const ListReadOptions& options_;
  ListSnapshot snap_;
  std::vector<Statement> statements_;
  std::unordered_map<std::string, std::size_t> latest_;     // recordId → statement
  std::unordered_map<std::string, std::size_t> entry_of_;   // recordId → entry
  std::unordered_map<std::string, std::string> id_of_;      // recordId → entity id
  std::unordered_map<std::string, std::size_t> entry_by_id_;  // entity id → entry
  std::unordered_set<std::string> relation_keys_;            // relations already made, to keep each once
};

std::optional<core::Date> BodsReader::date(const Json& obj, std::string_view key, std::string_view path, json::Span span) {
  const std::string v = string_of(obj, key);
  if (v.empty()) return std::nullopt;
  auto d = json::parse_date(v);
  if (!d) {
    report(core::Severity::error, kBadDate, fmt::format("invalid date `{}` at {}", v, path), span, key, v,
           "expected a date YYYY-MM-DD");
  }
  return d;
}

ListSnapshot BodsReader::read() {
  snap_.source = "bods";
  snap_.format = ListFormat::bods;
  bool closed = true;
  const std::vector<json::Span> spans = text_.is_array() ? text_.array_elements(closed) : text_.lines();
  if (!closed) {
    const std::size_t end = text_.text().size();
    diags_.add(text_.diagnostic(core::Severity::error, std::string(kSyntax), "malformed JSON: the array is never closed",
                                end == 0 ? 0 : end - 1, 1, "expected `]` before the end of the file"));
  }
  for (const json::Span span : spans) {
    if (too_many_errors()) break;
    read_statement(span);
  }
  for (const Statement& s : statements_) {
    if (!s.superseded && s.type != RecordType::relationship) read_party(s);
  }
  for (const Statement& s : statements_) {
    if (too_many_errors()) break;
    if (!s.superseded && s.type == RecordType::relationship) read_relationship(s);
  }
  if (options_.progress) options_.progress(text_.text().size(), text_.text().size());
  return std::move(snap_);
}

void BodsReader::read_statement(json::Span span) {
  auto parsed = json::parse(text_, span, diags_, kSyntax, kEncoding);
  if (!parsed) return;
  Json& st = *parsed;
  Statement s;
  s.span = span;
  const std::string record_type = string_of(st, "recordType");
  const std::string statement_type = string_of(st, "statementType");
  if (!record_type.empty()) {  // BODS 0.4
    s.record_id = string_of(st, "recordId");
    s.status = string_of(st, "recordStatus");
    if (record_type == "entity") s.type = RecordType::entity;
    else if (record_type == "person") s.type = RecordType::person;
    else if (record_type == "relationship") s.type = RecordType::relationship;
    else {
      report(core::Severity::error, kStructure, fmt::format("unknown recordType `{}`", record_type), span, "recordType",
             record_type, "expected entity, person or relationship");
      return;
    }
    const auto details = st.find("recordDetails");
    if (s.record_id.empty() || details == st.end() || !details->is_object()) {
      report(core::Severity::error, kStructure, "statement without `recordId` or `recordDetails`", span, "recordType",
             record_type, "expected a BODS 0.4 statement with recordId and recordDetails");
      return;
    }
    s.details = std::move(*details);
  } else if (!statement_type.empty()) {  // BODS 0.2: the statement is its own details
    s.record_id = string_of(st, "statementID");
    if (statement_type == "entityStatement") s.type = RecordType::entity;
    else if (statement_type == "personStatement") s.type = RecordType::person;
    else if (statement_type == "ownershipOrControlStatement") s.type = RecordType::relationship;
    else {
      report(core::Severity::error, kStructure, fmt::format("unknown statementType `{}`", statement_type), span,
             "statementType", statement_type, "expected entityStatement, personStatement or ownershipOrControlStatement");
      return;
    }
    if (s.record_id.empty()) {
      report(core::Severity::error, kStructure, "statement without `statementID`", span, "statementType", statement_type,
             "expected a BODS 0.2 statement with a statementID");
      return;
    }
    if (s.type == RecordType::relationship) {
      // 0.2 names the parties through {describedByEntityStatement | describedByPersonStatement}.
      for (const char* end : {"subject", "interestedParty"}) {
        if (!st.contains(end) || !st[end].is_object()) continue;
        std::string id = string_of(st[end], "describedByEntityStatement");
        if (id.empty()) id = string_of(st[end], "describedByPersonStatement");
        st[end] = id.empty() ? Json() : Json(id);
      }
      if (st.contains("interests") && st["interests"].is_array()) {
        for (Json& i : st["interests"]) {
          if (!i.is_object()) continue;
          if (i.contains("type") && i["type"].is_string()) i["type"] = camel(i["type"].get<std::string>());
          if (i.contains("interestLevel")) i["directOrIndirect"] = i["interestLevel"];
        }
      }
    }
    if (s.type == RecordType::entity && st.contains("entityType") && st["entityType"].is_string()) {
      st["entityType"] = Json{{"type", st["entityType"]}};
    }
    if (s.type == RecordType::entity && st.contains("incorporatedInJurisdiction")) {
      st["jurisdiction"] = st["incorporatedInJurisdiction"];
    }
    s.details = std::move(st);
  } else {
    diags_.add(text_.diagnostic(core::Severity::error, std::string(kStructure),
                                "not a BODS statement: neither `recordType` (0.4) nor `statementType` (0.2)", span.begin, 1,
                                "expected a BODS statement object"));
    return;
  }
  s.statement_date = date(*parsed, "statementDate", "statementDate", span);
  if (const auto pub = parsed->find("publicationDetails"); pub != parsed->end() && pub->is_object()) {
    if (const auto d = date(*pub, "publicationDate", "publicationDetails.publicationDate", span)) {
      if (!snap_.as_of || *snap_.as_of < *d) snap_.as_of = d;
    }
  }
  if (const auto it = latest_.find(s.record_id); it != latest_.end()) statements_[it->second].superseded = true;
  latest_[s.record_id] = statements_.size();
  statements_.push_back(std::move(s));
}

void BodsReader::read_party(const Statement& s) {
  const Json& d = s.details;
  ListEntry e;
  e.where = {text_.file(), text_.line_of(s.span.begin), 0, 0};
  auto add_name = [&](std::string n, model::NameKind k) {
    n = std::string(core::trim(n));
    if (n.empty()) return;
    for (const model::Name& have : e.entity.names) {
      if (have.text == n) return;
    }
    std::string script = model::detect_script(n);
    e.entity.names.push_back({std::move(n), e.entity.names.empty() ? model::NameKind::primary : k, std::move(script)});
  };
  auto add_country = [&](const Json& c) {
    std::string code = c.is_string() ? c.get<std::string>() : string_of(c, "code");
    code = core::to_upper_ascii(code);
    if (core::is_country_code(code) &&
        std::find(e.entity.countries.begin(), e.entity.countries.end(), code) == e.entity.countries.end()) {
      e.entity.countries.push_back(code);
    } else if (!code.empty()) {
      e.facts.push_back({"jurisdiction", code});  // `US-MA`: a subdivision, kept as written
    }
  };
  std::string lei;
  if (s.type == RecordType::entity) {
    const std::string kind = d.contains("entityType") ? string_of(d["entityType"], "type") : std::string();
    e.entity.kind = kind == "state" || kind == "stateBody" || kind == "arrangement" ? model::EntityKind::organization
                                                                                   : model::EntityKind::company;
    if (!kind.empty()) e.facts.push_back({"entity_type", kind});
    add_name(string_of(d, "name"), model::NameKind::primary);
    if (const auto alt = d.find("alternateNames"); alt != d.end() && alt->is_array()) {
      for (const Json& n : *alt) {
        if (n.is_string()) add_name(n.get<std::string>(), model::NameKind::aka);
      }
    }
    if (d.contains("jurisdiction")) add_country(d["jurisdiction"]);
    if (const auto f = date(d, "foundingDate", "recordDetails.foundingDate", s.span)) e.entity.incorporated = f;
    if (const auto f = date(d, "dissolutionDate", "recordDetails.dissolutionDate", s.span)) {
      e.facts.push_back({"dissolution_date", f->to_string()});
    }
  } else {
    e.entity.kind = model::EntityKind::person;
    if (const auto names = d.find("names"); names != d.end() && names->is_array()) {
      for (const Json& n : *names) {
        std::string full = string_of(n, "fullName");
        if (full.empty()) full = fmt::format("{} {}", string_of(n, "givenName"), string_of(n, "familyName"));
        add_name(full, string_of(n, "type") == "former" ? model::NameKind::fka : model::NameKind::aka);
      }
    }
    if (const auto nat = d.find("nationalities"); nat != d.end() && nat->is_array()) {
      for (const Json& c : *nat) add_country(c);
    }
    if (const auto b = date(d, "birthDate", "recordDetails.birthDate", s.span)) {
      e.entity.birth_date = b;
      e.facts.push_back({"birth_date", b->to_string()});
    }
    if (const std::string pt = string_of(d, "personType"); !pt.empty()) e.facts.push_back({"person_type", pt});
  }
  if (const auto ids = d.find("identifiers"); ids != d.end() && ids->is_array()) {
    for (const Json& i : *ids) {
      const std::string value = string_of(i, "id");
      const std::string scheme = string_of(i, "scheme");
      const std::string scheme_name = string_of(i, "schemeName");
      if (value.empty()) continue;
      if (scheme == "XI-LEI" || scheme_name.find("Legal Entity Identifier") != std::string::npos) {
        if (!json::is_lei(value)) {
          report(core::Severity::error, kBadLei, fmt::format("invalid LEI `{}` in recordDetails.identifiers", value), s.span,
                 "id", value, "expected an LEI: 20 characters A-Z and 0-9");
          continue;
        }
        if (lei.empty()) lei = value;
        e.entity.identifiers.push_back({"lei", value});
      } else {
        e.entity.identifiers.push_back({"registration_id", value});
        e.facts.push_back({"registration_scheme", scheme.empty() ? scheme_name : scheme});
      }
    }
  }
  if (const auto addrs = d.find("addresses"); addrs != d.end() && addrs->is_array()) {
    for (const Json& a : *addrs) {
      const std::string text = string_of(a, "address");
      if (!text.empty()) e.entity.addresses.push_back(text);
      if (a.contains("country") && e.entity.kind != model::EntityKind::person) add_country(a["country"]);
    }
  }
  if (e.entity.names.empty()) add_name(s.record_id, model::NameKind::primary);  // an unnamed arrangement
  e.entity.id = lei.empty() ? "bods:" + s.record_id : "lei:" + lei;
  e.facts.push_back({"bods_record_id", s.record_id});
  id_of_[s.record_id] = e.entity.id;
  const auto [it, fresh] = entry_by_id_.try_emplace(e.entity.id, snap_.entries.size());
  entry_of_[s.record_id] = it->second;  // two records for one LEI describe the same legal entity
  if (fresh) snap_.entries.push_back(std::move(e));
}

void BodsReader::read_relationship(const Statement& s) {
  const Json& d = s.details;
  auto party = [&](std::string_view key) -> std::string {
    const auto it = d.find(key);
    if (it == d.end() || !it->is_string()) return {};  // unspecified (`{"reason": …}`): no relation
    const std::string record = it->get<std::string>();
    if (const auto known = id_of_.find(record); known != id_of_.end()) return known->second;
    report(core::Severity::warning, "W2443",
           fmt::format("relationship `{}`: {} `{}` is not a record of this file", s.record_id, key, record), s.span, key,
           record, "expected the recordId of an entity or person statement; kept as bods:<recordId>");
    return "bods:" + record;
  };
  const std::string subject = party("subject");
  const std::string owner = party("interestedParty");
  if (subject.empty() || owner.empty()) return;
  const auto interests = d.find("interests");
  if (interests == d.end() || !interests->is_array()) return;
  ListEntry* subject_entry = nullptr;
  if (const auto it = entry_of_.find(string_of(d, "subject")); it != entry_of_.end()) subject_entry = &snap_.entries[it->second];
  for (const Json& i : *interests) {
    if (!i.is_object()) continue;
    const std::string type = string_of(i, "type");
    model::Relation r;
    r.source = owner;
    r.target = subject;
    if (type.empty() || type == "shareholding") {
      // An interest without a type (a component of an indirect chain) is ownership of unknown share.
      r.kind = model::RelationKind::ownership;
    } else if (type == "seniorManagingOfficial" || type == "boardMember" || type == "boardChair") {
      r.kind = model::RelationKind::director;
    } else {
      r.kind = model::RelationKind::control;
      r.basis = json::camel_to_snake(type);
      if (!known_interest(type)) {
        report(core::Severity::warning, "W2444", fmt::format("relationship `{}`: unknown interest type `{}`", s.record_id, type),
               s.span, "type", type, "expected a BODS interest type such as shareholding or votingRights; read as control");
      }
    }
    const std::string level = string_of(i, "directOrIndirect");
    if (const auto share = i.find("share"); share != i.end() && share->is_object()) {
      const auto exact = share->find("exact");
      if (exact != share->end() && r.kind == model::RelationKind::ownership) {
        r.share = decimal_of(*exact);
      } else if (subject_entry != nullptr) {
        // A range: the share stays unknown, the bounds are kept with the owned party.
        for (const char* bound : {"minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "exact"}) {
          if (const auto b = share->find(bound); b != share->end()) {
            if (const auto v = decimal_of(*b)) {
              subject_entry->facts.push_back({fmt::format("{}_share_{}", json::camel_to_snake(type.empty() ? "interest" : type), json::camel_to_snake(bound)),
                                              fmt::format("{} {}", owner, v->to_string())});
            }
          }
        }
      }
    }
    r.start = date(i, "startDate", "recordDetails.interests[].startDate", s.span);
    r.end = date(i, "endDate", "recordDetails.interests[].endDate", s.span);
    if (!r.end && s.status == "closed") r.end = s.statement_date;
    if (level == "indirect") {
      // An indirect interest summarises a chain whose links are relations of their own: as a relation it
      // would count the chain twice, so it is kept as a fact of the owned party.
      if (subject_entry != nullptr) {
        subject_entry->facts.push_back({"indirect_" + json::camel_to_snake(type.empty() ? "interest" : type),
                                        r.share ? fmt::format("{} {}", owner, r.share->to_string()) : owner});
      }
      continue;
    }
    const std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", r.source, r.target, model::to_string(r.kind), r.basis,
                                        r.share ? r.share->to_string() : "", r.start ? r.start->to_string() : "",
                                        r.end ? r.end->to_string() : "");
    if (relation_keys_.insert(key).second) snap_.relations.push_back(std::move(r));
  }
}

}  // namespace

ListSnapshot read_bods(const std::filesystem::path& path, core::Diagnostics& diags, const ListReadOptions& options) {
  const json::Text text = json::Text::load(path);
  BodsReader reader(text, diags, options);
  ListSnapshot snap = reader.read();
  snap.files = {path};
  return snap;
}

}  // namespace sanx::ingest
