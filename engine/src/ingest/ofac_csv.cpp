// Reader for the `ofac-csv` list format (see sanx/ingest/lists.hpp and docs/lists/ofac-csv.md): OFAC's
// legacy sdn.csv / cons_prim.csv with the companions add, alt and comments beside it.
//
// The first half of this file is what the CSV and the XML reader share (ofac_common.hpp): OFAC's country
// names, program codes, dates, and the labels of the facts that the CSV writes into Remarks and the XML
// writes as id items. It lives here rather than in a file of its own because the build lists one source
// file per format.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>

#include "ingest/ofac_common.hpp"
#include "sanx/core/country.hpp"
#include "sanx/core/text.hpp"
#include "sanx/ingest/csv.hpp"
#include "sanx/ingest/lists.hpp"

namespace sanx::ingest::ofac {

namespace {

// Program codes seen in OFAC's files (2021 SDN set, 2025-12 consolidated CSV, 2026-01 consolidated XML) and
// a few later ones; any other code is kept, with a warning, so that a new program is noticed.
constexpr std::string_view kPrograms[] = {
    "561-Related", "BALKANS", "BALKANS-EO14033", "BELARUS", "BELARUS-EO14038", "BURMA-EO14014", "BURUNDI",
    "CAATSA - IRAN", "CAATSA - RUSSIA", "CAR", "CMIC-EO13959", "CUBA", "CYBER2", "DARFUR", "DPRK", "DPRK-NKSPEA",
    "DPRK2", "DPRK3", "DPRK4", "DRCONGO", "ELECTION-EO13848", "FSE-IR", "FSE-SY", "FTO", "GLOMAG", "HIFPAA",
    "HK-EO13936", "HOSTAGES-EO14078", "HRIT-IR", "HRIT-SY", "IFCA", "IFSR", "ILLICIT-DRUGS-EO14059", "IRAN",
    "IRAN-CON-ARMS-EO", "IRAN-EO13846", "IRAN-EO13871", "IRAN-EO13876", "IRAN-EO13902", "IRAN-HR", "IRAN-TRA",
    "IRAQ2", "IRAQ3", "IRGC", "ISA", "LEBANON", "LIBYA2", "LIBYA3", "MAGNIT", "MALI-EO13882", "NICARAGUA",
    "NICARAGUA-NHRAA", "NPWMD", "NS-MBS", "NS-PLC", "PAARSSR-EO13894", "PEESA", "PEESA-EO14039", "RUSSIA-EO14024",
    "SDGT", "SDNT", "SDNTK", "SOMALIA", "SOUTH SUDAN", "SUDAN-EO14098", "SYRIA", "SYRIA-CAESAR", "SYRIA-EO13894",
    "TCO", "UKRAINE-EO13660", "UKRAINE-EO13661", "UKRAINE-EO13662", "UKRAINE-EO13685", "VENEZUELA",
    "VENEZUELA-EO13850", "VENEZUELA-EO13884", "WEST-BANK-EO14115", "YEMEN", "ZIMBABWE",
};

// Programs of the non-SDN lists: a file whose entries mostly carry one of these is the consolidated list.
constexpr std::string_view kNonSdnPrograms[] = {"NS-PLC", "UKRAINE-EO13662", "CMIC-EO13959", "NS-MBS", "NS-ISA"};

enum class Act {
  identifier,       // scheme; value `NUMBER (Country) issued DATE expires DATE`
  document,         // a fact shaped like an identifier (same parsing), for documents sanx has no scheme for
  fact,             // the value as written
  dob,              // a date of birth
  pob,              // place of birth
  nationality,      // a nationality (fact + country)
  citizenship,      // a citizenship (fact + country)
  registration,     // nationality of registration (fact + country)
  flag,             // a vessel flag (fact + country)
  established,      // organisation established date (fact + incorporated)
  vessel_registry,  // `IMO 1234567` (imo) or another registration (fact)
  currency,         // `Digital Currency Address - XBT`
  measure,          // a fact that also adds `extra` as a designation measure
  additional,       // `Additional Sanctions Information -`: a measure when it names secondary sanctions
};

struct LabelRule {
  std::string_view label;  // as OFAC writes it, without a trailing `:` or ` -`
  Act act;
  std::string_view key;    // scheme or fact key
  std::string_view extra;  // measure
};

constexpr LabelRule kLabels[] = {
    {"Passport", Act::identifier, "passport", {}},
    {"Diplomatic Passport", Act::identifier, "passport", {}},
    {"National ID No.", Act::identifier, "national_id", {}},
    {"Cedula No.", Act::identifier, "national_id", {}},
    {"D.N.I.", Act::identifier, "national_id", {}},
    {"Identification Number", Act::identifier, "national_id", {}},
    {"Personal ID Card", Act::identifier, "national_id", {}},
    {"Kenyan ID No.", Act::identifier, "national_id", {}},
    {"Turkish Identification Number", Act::identifier, "national_id", {}},
    {"Citizen's Card Number", Act::identifier, "national_id", {}},
    {"Numero de Identidad", Act::identifier, "national_id", {}},
    {"C.U.R.P.", Act::identifier, "national_id", {}},
    {"SSN", Act::identifier, "national_id", {}},
    {"Tax ID No.", Act::identifier, "tax_id", {}},
    {"R.F.C.", Act::identifier, "tax_id", {}},
    {"RFC", Act::identifier, "tax_id", {}},
    {"V.A.T. Number", Act::identifier, "tax_id", {}},
    {"C.U.I.T.", Act::identifier, "tax_id", {}},
    {"US FEIN", Act::identifier, "tax_id", {}},
    {"Italian Fiscal Code", Act::identifier, "tax_id", {}},
    {"RTN", Act::identifier, "tax_id", {}},
    {"NIT #", Act::identifier, "tax_id", {}},
    {"RUC #", Act::identifier, "tax_id", {}},
    {"Registration ID", Act::identifier, "registration_id", {}},
    {"Registration Number", Act::identifier, "registration_id", {}},
    {"Company Number", Act::identifier, "registration_id", {}},
    {"UK Company Number", Act::identifier, "registration_id", {}},
    {"Commercial Registry Number", Act::identifier, "registration_id", {}},
    {"Business Registration Number", Act::identifier, "registration_id", {}},
    {"Business Registration Document #", Act::identifier, "registration_id", {}},
    {"Public Registration Number", Act::identifier, "registration_id", {}},
    {"C.R. No.", Act::identifier, "registration_id", {}},
    {"Certificate of Incorporation Number", Act::identifier, "registration_id", {}},
    {"Chamber of Commerce Number", Act::identifier, "registration_id", {}},
    {"Matricula Mercantil No", Act::identifier, "registration_id", {}},
    {"Folio Mercantil No.", Act::identifier, "registration_id", {}},
    {"Trade License No.", Act::identifier, "registration_id", {}},
    {"Enterprise Number", Act::identifier, "registration_id", {}},
    {"Registered Charity No.", Act::identifier, "registration_id", {}},
    {"Legal Entity Number", Act::identifier, "lei", {}},
    {"SWIFT/BIC", Act::identifier, "bic", {}},
    {"ISIN", Act::identifier, "isin", {}},
    {"Unified Social Credit Code (USCC)", Act::identifier, "uscc", {}},
    {"United Social Credit Code Certificate (USCCC)", Act::identifier, "uscc", {}},
    {"Email Address", Act::identifier, "email", {}},
    {"Email", Act::identifier, "email", {}},
    {"Website", Act::identifier, "website", {}},
    {"Phone Number", Act::identifier, "phone", {}},
    {"Phone No.", Act::identifier, "phone", {}},
    {"Telephone", Act::identifier, "phone", {}},
    {"Telephone No.", Act::identifier, "phone", {}},
    {"MMSI", Act::identifier, "mmsi", {}},
    {"IMO", Act::identifier, "imo", {}},
    {"Other Vessel Call Sign", Act::identifier, "call_sign", {}},
    {"Aircraft Manufacturer's Serial Number (MSN)", Act::identifier, "aircraft_msn", {}},
    {"Vessel Registration Identification", Act::vessel_registry, "vessel_registration", {}},
    {"Digital Currency Address", Act::currency, "crypto", {}},
    {"Government Gazette Number", Act::document, "government_gazette_number", {}},
    {"BIK (RU)", Act::document, "bik", {}},
    {"License", Act::document, "license", {}},
    {"Driver's License No.", Act::document, "drivers_license", {}},
    {"Birth Certificate Number", Act::document, "birth_certificate", {}},
    {"Residency Number", Act::document, "residency_number", {}},
    {"Electoral Registry No.", Act::document, "electoral_registry", {}},
    {"Credencial electoral", Act::document, "electoral_credential", {}},
    {"Cartilla de Servicio Militar Nacional", Act::document, "military_service_card", {}},
    {"Travel Document Number", Act::document, "travel_document", {}},
    {"Passport Booklet", Act::document, "passport_booklet", {}},
    {"I.F.E.", Act::document, "ife", {}},
    {"C.U.I.P.", Act::document, "cuip", {}},
    {"LE Number", Act::document, "le_number", {}},
    {"D-U-N-S Number", Act::document, "duns", {}},
    {"Branch Unit Number", Act::document, "branch_unit_number", {}},
    {"Chinese Commercial Code", Act::document, "chinese_commercial_code", {}},
    {"Public Security and Immigration No.", Act::document, "public_security_and_immigration_no", {}},
    {"Dubai Chamber of Commerce Membership No.", Act::document, "dubai_chamber_of_commerce_membership", {}},
    {"Equity Ticker", Act::fact, "equity_ticker", {}},
    {"Issuer Name", Act::fact, "issuer_name", {}},
    {"Target Type", Act::fact, "target_type", {}},
    {"Organization Type", Act::fact, "organization_type", {}},
    {"CAATSA Section 235 Information", Act::fact, "caatsa_section_235", {}},
    {"Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions", Act::fact,
     "transactions_prohibited", {}},
    {"Aircraft Construction Number (also called L/N or S/N or F/N)", Act::fact, "aircraft_construction_number", {}},
    {"Aircraft Manufacture Date", Act::fact, "aircraft_manufacture_date", {}},
    {"Aircraft Model", Act::fact, "aircraft_model", {}},
    {"Aircraft Operator", Act::fact, "aircraft_operator", {}},
    {"Aircraft Tail Number", Act::fact, "aircraft_tail_number", {}},
    {"Previous Aircraft Tail Number", Act::fact, "previous_aircraft_tail_number", {}},
    {"Aircraft Mode S Transponder Code", Act::fact, "aircraft_mode_s_transponder_code", {}},
    {"Other Vessel Type", Act::fact, "vessel_type", {}},
    {"Vessel Year of Build", Act::fact, "vessel_year_of_build", {}},
    {"Former Vessel Flag", Act::fact, "former_vessel_flag", {}},
    {"Other Vessel Flag", Act::flag, "vessel_flag", {}},
    {"Gender", Act::fact, "gender", {}},
    {"DOB", Act::dob, "birth_date", {}},
    {"POB", Act::pob, "place_of_birth", {}},
    {"nationality", Act::nationality, "nationality", {}},
    {"citizen", Act::citizenship, "citizenship", {}},
    {"Nationality of Registration", Act::registration, "nationality_of_registration", {}},
    {"Organization Established Date", Act::established, "organization_established_date", {}},
    {"Additional Sanctions Information", Act::additional, "additional_sanctions_information", "secondary_sanctions_risk"},
    {"Secondary sanctions risk", Act::measure, "secondary_sanctions_risk", "secondary_sanctions_risk"},
    {"Executive Order 13662 Directive Determination", Act::measure, "eo13662_directive", "sectoral"},
    {"Executive Order 14024 Directive Information", Act::measure, "eo14024_directive", "sectoral"},
};

// ASCII only, and inline: std::tolower (locale-aware, a call per byte) was a sixth of the reading time.
constexpr char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && core::equals_ignore_case(s.substr(0, prefix.size()), prefix);
}

/// The label rules, longest first, so that `Passport Booklet` wins over `Passport`.
const std::vector<const LabelRule*>& rules_by_length() {
  static const std::vector<const LabelRule*> rules = [] {
    std::vector<const LabelRule*> v;
    for (const LabelRule& r : kLabels) v.push_back(&r);
    std::stable_sort(v.begin(), v.end(), [](const LabelRule* a, const LabelRule* b) { return a->label.size() > b->label.size(); });
    return v;
  }();
  return rules;
}

/// A label as the XML writes it (`Secondary sanctions risk:`, `Executive Order 13662 Directive
/// Determination -`) without its trailing punctuation.
std::string_view bare_label(std::string_view label) noexcept {
  label = core::trim(label);
  while (!label.empty() && (label.back() == ':' || label.back() == '-' || label.back() == ' ')) label.remove_suffix(1);
  return label;
}

const LabelRule* rule_for_label(std::string_view label) noexcept {
  const std::string_view bare = bare_label(label);
  for (const LabelRule& r : kLabels) {
    if (core::equals_ignore_case(r.label, bare)) return &r;
  }
  return nullptr;
}

/// `Listing Date (EO 14024 Directive 2):` → `listing_date_eo_14024_directive_2`.
std::string fact_key(std::string_view label) {
  std::string key;
  for (const char c : bare_label(label)) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      key += lower(c);
    } else if (!key.empty() && key.back() != '_') {
      key += '_';
    }
  }
  while (!key.empty() && key.back() == '_') key.pop_back();
  return key;
}

std::string_view strip_final_period(std::string_view s) noexcept {
  s = core::trim(s);
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return core::trim(s);
}

bool all_digits(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool looks_like_lei(std::string_view s) noexcept {
  return s.size() == 20 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
         });
}

void push_unique(std::vector<std::string>& v, std::string_view s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.emplace_back(s);
}

void add_identifier(Draft& d, std::string_view scheme, std::string_view value) {
  auto& ids = d.entry.entity.identifiers;
  for (const auto& id : ids) {
    if (id.scheme == scheme && id.value == value) return;
  }
  ids.push_back({std::string(scheme), std::string(value)});
}

/// A warning about a country name that is no ISO country, kept as a fact.
Problem country_problem(std::string_view name, std::size_t offset) {
  return {"W2402", fmt::format("country `{}` is not an ISO 3166 country sanx knows", name),
          "expected a country name such as `Russia` or `Korea, North`; kept as a fact", offset, name.size()};
}

/// The identifier-shaped value `NUMBER (Country) issued DATE expires DATE`: number, country, and the
/// issued / expires texts.
struct DocumentValue {
  std::string_view number;
  std::string_view country;
  std::size_t country_offset = 0;
  std::string_view issued;
  std::string_view expires;
};

DocumentValue split_document(std::string_view value) {
  DocumentValue out;
  std::string_view rest;
  const std::size_t open = value.find('(') == std::string_view::npos || value.find('(') == 0
                               ? std::string_view::npos
                               : value.find('(');
  const std::size_t issued = value.find(" issued ");
  const std::size_t expires = value.find(" expires ");
  std::size_t end = std::min({open, issued, expires});
  if (end == std::string_view::npos) end = value.size();
  out.number = strip_final_period(value.substr(0, end));
  rest = value.substr(end);
  if (open == end && open != std::string_view::npos) {
    const std::size_t close = value.find(')', open);
    if (close != std::string_view::npos) {
      out.country = core::trim(value.substr(open + 1, close - open - 1));
      out.country_offset = open + 1;
      rest = value.substr(close + 1);
    }
  }
  rest = strip_final_period(rest);
  if (const std::size_t i = rest.find("issued "); i != std::string_view::npos) {
    std::string_view t = rest.substr(i + 7);
    t = t.substr(0, t.find(" expires"));
    out.issued = strip_final_period(t);
  }
  if (const std::size_t i = rest.find("expires "); i != std::string_view::npos) {
    out.expires = strip_final_period(rest.substr(i + 8));
  }
  return out;
}

int month_number(std::string_view m) noexcept {
  static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                               "jul", "aug", "sep", "oct", "nov", "dec"};
  if (m.size() < 3) return 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (core::equals_ignore_case(m.substr(0, 3), kMonths[i])) return static_cast<int>(i) + 1;
  }
  return 0;
}

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

std::optional<SdnType> parse_sdn_type(std::string_view text) noexcept {
  if (text.empty() || core::equals_ignore_case(text, "entity")) return SdnType::entity;
  if (core::equals_ignore_case(text, "individual")) return SdnType::individual;
  if (core::equals_ignore_case(text, "vessel")) return SdnType::vessel;
  if (core::equals_ignore_case(text, "aircraft")) return SdnType::aircraft;
  return std::nullopt;
}

std::string display_name(std::string_view listed, bool individual) {
  listed = core::trim(listed);
  if (!individual) return std::string(listed);
  const std::size_t comma = listed.find(", ");
  if (comma == std::string_view::npos || listed.find(", ", comma + 2) != std::string_view::npos) return std::string(listed);
  const std::string_view last = core::trim(listed.substr(0, comma));
  const std::string_view first = core::trim(listed.substr(comma + 2));
  if (last.empty() || first.empty()) return std::string(listed);
  return fmt::format("{} {}", first, last);
}

std::optional<std::string> country_code(std::string_view name) {
  name = strip_final_period(name);
  if (istarts_with(name, "Region: ")) name = core::trim(name.substr(8));
  if (const auto code = core::country_code_of_name(name)) return std::string(*code);
  if (name.size() == 2) {
    const std::string upper = core::to_upper_ascii(name);
    if (core::is_country_code(upper)) return upper;
  }
  return std::nullopt;
}

bool known_program(std::string_view code) noexcept {
  return std::find(std::begin(kPrograms), std::end(kPrograms), code) != std::end(kPrograms);
}

std::optional<core::Date> parse_ofac_date(std::string_view text) {
  text = strip_final_period(text);
  if (istarts_with(text, "circa ")) text = core::trim(text.substr(6));
  if (const std::size_t to = text.find(" to "); to != std::string_view::npos) text = core::trim(text.substr(0, to));
  // `1951-1953`: a range of years
  if (text.size() == 9 && text[4] == '-' && all_digits(text.substr(0, 4)) && all_digits(text.substr(5))) {
    text = text.substr(0, 4);
  }
  const std::vector<std::string_view> w = words(text);
  int day = 0;
  int month = 0;
  std::string_view year;
  if (w.size() == 1) {
    year = w[0];
  } else if (w.size() == 2) {
    month = month_number(w[0]);
    year = w[1];
    if (month == 0) return std::nullopt;
  } else if (w.size() == 3) {
    if (!all_digits(w[0]) || w[0].size() > 2) return std::nullopt;
    day = std::stoi(std::string(w[0]));
    month = month_number(w[1]);
    year = w[2];
    if (month == 0) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (year.size() != 4 || !all_digits(year)) return std::nullopt;
  std::string iso(year);
  if (month != 0) iso += fmt::format("-{:02}", month);
  if (day != 0) iso += fmt::format("-{:02}", day);
  return core::Date::parse_iso(iso);
}

void add_fact(Draft& d, std::string key, std::string_view value) {
  value = core::trim(value);
  if (value.empty()) return;
  for (const auto& f : d.entry.facts) {
    if (f.key == key && f.value == value) return;
  }
  d.entry.facts.push_back({std::move(key), std::string(value)});
}

void add_name(Draft& d, std::string_view listed, model::NameKind kind) {
  listed = core::trim(listed);
  if (listed.empty()) return;
  std::string text = display_name(listed, d.type == SdnType::individual);
  for (const auto& n : d.entry.entity.names) {
    // an alias that repeats the primary name adds nothing (cons_alt.csv has a few; the XML drops them)
    if (n.text == text && (n.kind == kind || n.kind == model::NameKind::primary)) return;
  }
  std::string script = model::detect_script(text);
  d.entry.entity.names.push_back({std::move(text), kind, std::move(script)});
}

void set_primary_name(Draft& d, std::string_view listed) {
  d.listed_name = std::string(core::trim(listed));
  std::string text = display_name(d.listed_name, d.type == SdnType::individual);
  if (text != d.listed_name) add_fact(d, "listed_name", d.listed_name);
  std::string script = model::detect_script(text);
  d.entry.entity.names.insert(d.entry.entity.names.begin(), {std::move(text), model::NameKind::primary, std::move(script)});
}

void add_programs(Draft& d, std::string_view field) {
  std::size_t start = 0;
  while (start <= field.size()) {
    std::size_t end = field.find("] [", start);
    if (end == std::string_view::npos) end = field.size();
    std::string_view p = core::trim(field.substr(start, end - start));
    while (!p.empty() && (p.front() == '[' || p.front() == ' ')) p.remove_prefix(1);
    while (!p.empty() && (p.back() == ']' || p.back() == ' ')) p.remove_suffix(1);
    if (!p.empty()) push_unique(d.programs, p);
    start = end + 3;
  }
}

void add_country(Draft& d, std::vector<std::string> Draft::*into, std::string_view name, std::size_t offset,
                 Problems& problems) {
  name = strip_final_period(name);
  if (name.empty()) return;
  if (const auto code = country_code(name)) {
    push_unique(d.*into, *code);
  } else {
    add_fact(d, "country", name);
    problems.push_back(country_problem(name, offset));
  }
}

void add_address(Draft& d, const std::vector<std::string>& parts, std::string_view country, Problems& problems) {
  if (!parts.empty()) {
    std::string address = core::join(parts, ", ");
    auto& addresses = d.entry.entity.addresses;
    if (std::find(addresses.begin(), addresses.end(), address) == addresses.end()) addresses.push_back(std::move(address));
  }
  add_country(d, &Draft::address_countries, country, 0, problems);
}

void add_birth_date(Draft& d, std::string_view text, std::size_t offset, Problems& problems) {
  text = strip_final_period(text);
  if (text.empty()) return;
  add_fact(d, "birth_date", text);
  if (const auto date = parse_ofac_date(text)) {
    d.birth_dates.push_back(*date);
  } else {
    problems.push_back({"W2401", fmt::format("cannot read the date of birth `{}`", text),
                        "expected a date such as `10 Dec 1948`, `Dec 1948`, `1948`, `circa 1951` or `1960 to 1962`; "
                        "kept as a fact",
                        offset, text.size()});
  }
}

void add_vessel_info(Draft& d, std::string_view call_sign, std::string_view type, std::string_view tonnage,
                     std::string_view grt, std::string_view flag, std::string_view owner, Problems& problems) {
  if (!core::trim(call_sign).empty()) add_identifier(d, "call_sign", core::trim(call_sign));
  add_fact(d, "vessel_type", type);
  add_fact(d, "tonnage", tonnage);
  add_fact(d, "gross_registered_tonnage", grt);
  add_fact(d, "vessel_owner", owner);
  flag = core::trim(flag);
  if (!flag.empty()) {
    add_fact(d, "vessel_flag", flag);
    if (!core::equals_ignore_case(flag, "None Identified")) add_country(d, &Draft::registration_countries, flag, 0, problems);
  }
}

void apply_item(Draft& d, std::string_view label, std::string_view value, std::string_view country,
                std::size_t offset, Problems& problems) {
  value = core::trim(value);
  const LabelRule* rule = rule_for_label(label);
  // `Digital Currency Address - XBT` is a label with the asset in it.
  if (rule == nullptr && istarts_with(bare_label(label), "Digital Currency Address")) {
    const std::string_view asset = core::trim(bare_label(label).substr(24));
    const std::string_view a = asset.starts_with("-") ? core::trim(asset.substr(1)) : asset;
    if (!a.empty() && !value.empty()) add_identifier(d, "crypto_" + core::to_lower_ascii(a), strip_final_period(value));
    return;
  }
  if (rule == nullptr) {
    const std::string key = fact_key(label);
    if (key.empty()) return;
    add_fact(d, key, value);
    if (!core::trim(country).empty()) add_fact(d, key + "_country", core::trim(country));
    return;
  }
  switch (rule->act) {
    case Act::identifier:
    case Act::document: {
      const bool contact = rule->key == "phone" || rule->key == "email" || rule->key == "website";
      DocumentValue doc = contact ? DocumentValue{strip_final_period(value), {}, 0, {}, {}} : split_document(value);
      if (!core::trim(country).empty()) doc.country = core::trim(country);
      if (doc.number.empty()) return;
      std::string scheme(rule->key);
      if (scheme == "lei" && !looks_like_lei(doc.number)) scheme = "registration_id";
      if (rule->act == Act::identifier) {
        add_identifier(d, scheme, doc.number);
      } else {
        add_fact(d, scheme, doc.number);
      }
      if (!doc.country.empty()) {
        // OFAC writes the issuing country in parentheses, sometimes a state or city (`Jalisco`, `Medellin`):
        // ISO alpha-2 where it maps, else kept as written (lists.hpp), not warned about: it is what the list says.
        const auto code = country_code(doc.country);
        add_fact(d, scheme + "_country", code ? std::string_view(*code) : doc.country);
        if (code && d.type != SdnType::individual && (scheme == "registration_id" || scheme == "tax_id")) {
          push_unique(d.registration_countries, *code);
        }
      }
      add_fact(d, scheme + "_issued", doc.issued);
      add_fact(d, scheme + "_expires", doc.expires);
      if (scheme == "bic") d.entry.entity.kind = model::EntityKind::bank;
      return;
    }
    case Act::vessel_registry: {
      const std::string_view v = strip_final_period(value);
      if (istarts_with(v, "IMO ") && all_digits(core::trim(v.substr(4)))) {
        add_identifier(d, "imo", core::trim(v.substr(4)));
      } else {
        add_fact(d, std::string(rule->key), v);
      }
      return;
    }
    case Act::currency: return;  // handled above: the asset is part of the label
    case Act::fact: add_fact(d, std::string(rule->key), strip_final_period(value)); return;
    case Act::measure:
      add_fact(d, std::string(rule->key), value);
      push_unique(d.measures, rule->extra);
      return;
    case Act::additional:
      add_fact(d, std::string(rule->key), strip_final_period(value));
      if (value.find("Secondary Sanctions") != std::string_view::npos) push_unique(d.measures, rule->extra);
      return;
    case Act::dob: add_birth_date(d, value, offset, problems); return;
    case Act::pob: add_fact(d, "place_of_birth", strip_final_period(value)); return;
    case Act::nationality:
    case Act::citizenship:
    case Act::registration:
    case Act::flag: {
      const std::string_view v = strip_final_period(value);
      add_fact(d, std::string(rule->key), v);
      if (rule->act == Act::flag && core::equals_ignore_case(v, "None Identified")) return;
      add_country(d, rule->act == Act::registration || rule->act == Act::flag ? &Draft::registration_countries
                                                                              : &Draft::person_countries,
                  v, offset, problems);
      return;
    }
    case Act::established: {
      const std::string_view v = strip_final_period(value);
      add_fact(d, std::string(rule->key), v);
      if (const auto date = parse_ofac_date(v)) {
        if (!d.entry.entity.incorporated) d.entry.entity.incorporated = *date;
      } else {
        problems.push_back({"W2401", fmt::format("cannot read the date `{}`", v),
                            "expected a date such as `17 Oct 1990`; kept as a fact", offset, v.size()});
      }
      return;
    }
  }
}

void apply_remarks(Draft& d, std::string_view remarks, Problems& problems) {
  const std::string_view whole = remarks;
  remarks = core::trim(remarks);
  if (remarks.empty()) return;
  add_fact(d, "remarks", remarks);
  const auto lead = static_cast<std::size_t>(remarks.data() - whole.data());  // offsets are into `whole`
  std::size_t start = 0;
  while (start < remarks.size()) {
    std::size_t end = remarks.find("; ", start);
    if (end == std::string_view::npos) end = remarks.size();
    std::string_view part = remarks.substr(start, end - start);
    std::size_t at = lead + start;
    start = end + 2;
    // skip leading blanks and `alt. ` (another value of the same kind)
    while (!part.empty() && part.front() == ' ') {
      part.remove_prefix(1);
      ++at;
    }
    if (istarts_with(part, "alt. ")) {
      part.remove_prefix(5);
      at += 5;
    }
    if (part.starts_with("(") && part.ends_with(")")) {  // the XML's `(Linked To: NAME)`
      part = part.substr(1, part.size() - 2);
      ++at;
    }
    // weak aliases: a.k.a. 'NAME'
    if (istarts_with(part, "a.k.a. '") || istarts_with(part, "f.k.a. '") || istarts_with(part, "n.k.a. '")) {
      const std::size_t open = part.find('\'');
      const std::size_t close = part.rfind('\'');
      if (close > open + 1) add_name(d, part.substr(open + 1, close - open - 1), model::NameKind::weak);
      continue;
    }
    if (istarts_with(part, "Linked To:")) {
      std::string_view name = core::trim(part.substr(10));
      if (!name.empty()) d.links.push_back({std::string(name), at + static_cast<std::size_t>(name.data() - part.data())});
      continue;
    }
    if (istarts_with(part, "Digital Currency Address - ")) {
      const std::string_view rest = part.substr(27);
      const std::size_t space = rest.find(' ');
      if (space == std::string_view::npos) continue;
      const std::string label = fmt::format("Digital Currency Address - {}", rest.substr(0, space));
      apply_item(d, label, rest.substr(space + 1), {}, at + 27 + space + 1, problems);
      continue;
    }
    const LabelRule* matched = nullptr;
    for (const LabelRule* r : rules_by_length()) {
      if (!istarts_with(part, r->label)) continue;
      if (part.size() == r->label.size()) break;  // a label with no value
      const char next = part[r->label.size()];
      if (next == ' ' || next == ':' || next == '-') {
        matched = r;
        break;
      }
    }
    if (matched != nullptr) {
      std::size_t v = matched->label.size();
      while (v < part.size() && (part[v] == ' ' || part[v] == ':' || part[v] == '-')) ++v;
      apply_item(d, matched->label, part.substr(v), {}, at + v, problems);
      continue;
    }
    // `Some Label (details): value` that sanx has no rule for: a fact named after the label.
    if (const std::size_t colon = part.find(": "); colon != std::string_view::npos && colon <= 60 &&
                                                   part.substr(0, colon).find(',') == std::string_view::npos &&
                                                   part.front() >= 'A' && part.front() <= 'Z') {
      add_fact(d, fact_key(part.substr(0, colon)), strip_final_period(part.substr(colon + 2)));
    }
  }
}

std::string source_of(const std::filesystem::path& path, const std::vector<Draft>& drafts) {
  const std::string name = core::to_lower_ascii(path.filename().string());
  if (name.find("cons") != std::string::npos) return "ofac-cons";
  if (name.find("sdn") != std::string::npos) return "ofac-sdn";
  std::size_t non_sdn = 0;
  for (const Draft& d : drafts) {
    const bool any = std::any_of(d.programs.begin(), d.programs.end(), [](const std::string& p) {
      return p.starts_with("FSE-") ||
             std::find(std::begin(kNonSdnPrograms), std::end(kNonSdnPrograms), p) != std::end(kNonSdnPrograms);
    });
    if (any) ++non_sdn;
  }
  return !drafts.empty() && non_sdn * 2 > drafts.size() ? "ofac-cons" : "ofac-sdn";
}

void finish(std::vector<Draft>& drafts, std::string_view source) {
  const bool sdn = source == "ofac-sdn";
  for (Draft& d : drafts) {
    model::Entity& e = d.entry.entity;
    switch (d.type) {
      case SdnType::individual: e.kind = model::EntityKind::person; break;
      case SdnType::vessel: e.kind = model::EntityKind::vessel; break;
      case SdnType::aircraft: e.kind = model::EntityKind::aircraft; break;
      case SdnType::entity: {
        const bool financial = std::any_of(d.entry.facts.begin(), d.entry.facts.end(), [](const ListFact& f) {
          return f.key == "target_type" && f.value.find("Financial Institution") != std::string::npos;
        });
        e.kind = financial || !e.identifiers_of("bic").empty() ? model::EntityKind::bank : model::EntityKind::company;
        break;
      }
    }
    e.countries.clear();
    for (const auto& c : d.type == SdnType::individual ? d.person_countries : d.registration_countries) push_unique(e.countries, c);
    for (const auto& c : d.address_countries) push_unique(e.countries, c);
    if (d.type == SdnType::individual && !d.birth_dates.empty()) {
      e.birth_date = *std::min_element(d.birth_dates.begin(), d.birth_dates.end(), [](const core::Date& a, const core::Date& b) {
        return a.earliest() < b.earliest();
      });
    }
    model::Designation des;
    des.entity = e.id;
    des.regime = "OFAC";
    des.list = sdn ? "SDN" : "CONS";
    des.programs = d.programs;
    if (sdn) des.measures.emplace_back("asset_freeze");
    for (const auto& p : d.programs) {
      if (!sdn && p == "UKRAINE-EO13662") push_unique(des.measures, "sectoral");
      if (!sdn && p == "CMIC-EO13959") push_unique(des.measures, "investment_ban");
    }
    for (const auto& m : d.measures) push_unique(des.measures, m);
    des.source_ref = d.source_ref;
    d.entry.designations.clear();
    d.entry.designations.push_back(std::move(des));
  }
}

std::vector<Unresolved> link_entries(std::vector<Draft>& drafts, std::vector<model::Relation>& relations) {
  std::unordered_map<std::string_view, std::vector<std::size_t>> by_name;
  by_name.reserve(drafts.size());
  for (std::size_t i = 0; i < drafts.size(); ++i) by_name[drafts[i].listed_name].push_back(i);
  std::vector<Unresolved> unresolved;
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    Draft& d = drafts[i];
    std::vector<std::string> targets;
    for (const Link& link : d.links) {
      std::string_view name = link.name;
      auto it = by_name.find(name);
      if (it == by_name.end() && name.ends_with(".")) it = by_name.find(name.substr(0, name.size() - 1));
      if (it == by_name.end()) {
        add_fact(d, "linked_to", strip_final_period(name));
        unresolved.push_back({i, link});
        continue;
      }
      for (const std::size_t t : it->second) {
        if (t == i) continue;
        const std::string& target = drafts[t].entry.entity.id;
        if (std::find(targets.begin(), targets.end(), target) != targets.end()) continue;
        targets.push_back(target);
        model::Relation r;
        r.source = d.entry.entity.id;
        r.target = target;
        r.kind = model::RelationKind::associate;
        relations.push_back(std::move(r));
      }
    }
  }
  return unresolved;
}

}  // namespace sanx::ingest::ofac

namespace sanx::ingest {

namespace {

using ofac::Draft;
using ofac::Problems;

constexpr std::uint64_t kProgressBytes = 256 * 1024;

/// A field's value: the null marker `-0-` (unquoted, with its trailing space) is empty.
std::string_view value_of(const CsvField& f) noexcept {
  const std::string_view t = core::trim(f.text);
  if (!f.quoted && t == "-0-") return {};
  return t;
}

/// A field's value exactly as written (no trimming), for Remarks and their continuation: OFAC cuts Remarks at
/// 1,000 characters wherever that falls, also just before or after a space that must be kept.
std::string_view untrimmed_value_of(const CsvField& f) noexcept {
  if (!f.quoted && core::trim(f.text) == "-0-") return {};
  return f.text;
}

/// Column of the first character of a field's value (after its opening quote).
std::uint32_t value_column(const CsvField& f) noexcept { return f.column + (f.quoted ? 1U : 0U); }

std::uint32_t to_u32(std::size_t n) noexcept { return static_cast<std::uint32_t>(n); }

/// The companion files of a primary file: add, alt and comments, by OFAC's names, matched without
/// regard to case (the OFAC site served SDN.CSV, ADD.CSV in capitals for years).
struct Companions {
  std::optional<std::filesystem::path> comments;
  std::optional<std::filesystem::path> alt;
  std::optional<std::filesystem::path> add;
};

Companions find_companions(const std::filesystem::path& primary) {
  const std::string stem = core::to_lower_ascii(primary.stem().string());
  // cons_prim.csv → cons_add.csv, cons_alt.csv, cons_comments.csv; anything else → add.csv, alt.csv, sdn_comments.csv
  const bool prim = stem.size() > 4 && stem.ends_with("prim");
  const std::string prefix = prim ? stem.substr(0, stem.size() - 4) : std::string();
  const std::string add = prefix + "add.csv";
  const std::string alt = prefix + "alt.csv";
  const std::string comments = prim ? prefix + "comments.csv" : "sdn_comments.csv";
  Companions out;
  std::filesystem::path dir = primary.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    const std::string name = core::to_lower_ascii(entry.path().filename().string());
    if (entry.path() == primary) continue;
    if (name == add) out.add = entry.path();
    if (name == alt) out.alt = entry.path();
    if (name == comments) out.comments = entry.path();
  }
  return out;
}

/// Where the Remarks of one entry are, for warnings about what they say.
struct RemarksPlace {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::string source_line;
  std::size_t main_length = 0;  ///< bytes of Remarks in the primary file; the rest is from the comments file
  std::uint32_t comment_line = 0;
  std::uint32_t comment_column = 0;
  std::string comment_source_line;
};

class CsvListReader {
 public:
  CsvListReader(const std::filesystem::path& path, core::Diagnostics& diags, const ListReadOptions& options)
      : path_(path), diags_(diags), options_(options), errors_at_start_(diags.error_count()) {}

  ListSnapshot read() {
    const Companions companions = find_companions(path_);
    std::uint64_t total = file_size(path_);
    for (const auto* p : {&companions.comments, &companions.alt, &companions.add}) {
      if (*p) total += file_size(**p);
    }
    total_ = total;
    snapshot_.format = ListFormat::ofac_csv;
    snapshot_.files.push_back(path_);
    read_primary();
    if (companions.comments && !full()) {
      snapshot_.files.push_back(*companions.comments);
      read_comments(*companions.comments);
    }
    for (std::size_t i = 0; i < drafts_.size(); ++i) {
      Problems problems;
      ofac::apply_remarks(drafts_[i], remarks_[i], problems);
      for (const auto& p : problems) warn_in_remarks(i, p);
    }
    if (companions.alt && !full()) {
      snapshot_.files.push_back(*companions.alt);
      read_aliases(*companions.alt);
    }
    if (companions.add && !full()) {
      snapshot_.files.push_back(*companions.add);
      read_addresses(*companions.add);
    }
    snapshot_.source = ofac::source_of(path_, drafts_);
    ofac::finish(drafts_, snapshot_.source);
    for (const auto& u : ofac::link_entries(drafts_, snapshot_.relations)) {
      warn_in_remarks(u.draft, {"W2403", fmt::format("`Linked To: {}` names no entry of this file", u.link.name),
                                "expected the primary name of an entry in the same list; kept as the fact `linked_to`",
                                u.link.offset, u.link.name.size()});
    }
    snapshot_.entries.reserve(drafts_.size());
    for (Draft& d : drafts_) snapshot_.entries.push_back(std::move(d.entry));
    if (options_.progress) options_.progress(total_, total_);
    return std::move(snapshot_);
  }

 private:
  static std::uint64_t file_size(const std::filesystem::path& p) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(p, ec);
    return ec ? 0 : n;
  }

  [[nodiscard]] bool full() const noexcept {
    return options_.max_errors != 0 && diags_.error_count() - errors_at_start_ >= options_.max_errors;
  }

  void progress(const CsvReader& r) {
    if (!options_.progress) return;
    const std::uint64_t done = done_before_ + r.bytes_read();
    if (done - last_progress_ >= kProgressBytes) {
      options_.progress(done, total_);
      last_progress_ = done;
    }
  }

  void error(const CsvReader& r, const CsvRecord& rec, std::uint32_t line, std::uint32_t column, std::size_t length,
             std::string code, std::string message, std::string label) {
    core::Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.where = {r.display_name(), line, column, to_u32(std::max<std::size_t>(1, length))};
    d.source_line = std::string(rec.line_text(line));
    d.label = std::move(label);
    diags_.add(std::move(d));
  }

  void error_at(const CsvReader& r, const CsvRecord& rec, const CsvField& f, std::string code, std::string message,
                std::string label, core::Severity severity = core::Severity::error) {
    core::Diagnostic d;
    d.severity = severity;
    d.code = std::move(code);
    d.message = std::move(message);
    d.where = {r.display_name(), f.line, f.column, to_u32(std::max<std::size_t>(1, core::count_code_points(f.text) + (f.quoted ? 2 : 0)))};
    d.source_line = std::string(rec.line_text(f.line));
    d.label = std::move(label);
    diags_.add(std::move(d));
  }

  /// Checks the number of fields; reports and returns false when it is wrong.
  bool check_width(const CsvReader& r, const CsvRecord& rec, std::size_t want, std::string_view layout) {
    if (rec.fields.size() == want) return true;
    std::uint32_t column = 1;
    std::uint32_t line = rec.line;
    if (rec.fields.size() > want) {
      column = rec.fields[want].column;
      line = rec.fields[want].line;
    } else if (!rec.fields.empty()) {
      const CsvField& last = rec.fields.back();
      line = last.line;
      column = to_u32(last.column + core::count_code_points(last.text) + (last.quoted ? 2 : 0));
    }
    error(r, rec, line, column, 1, "E2301",
          fmt::format("{} fields in a row of {} where {} are expected", rec.fields.size(),
                      std::filesystem::path(r.display_name()).filename().string(), want),
          fmt::format("expected {} fields: {}", want, layout));
    return false;
  }

  /// The ent_num of a row, or nullopt (reported) when it is not a whole number.
  std::optional<std::uint64_t> ent_num(const CsvReader& r, const CsvRecord& rec) {
    const CsvField& f = rec.fields[0];
    const std::string_view t = core::trim(f.text);
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (t.empty() || ec != std::errc() || end != t.data() + t.size()) {
      error_at(r, rec, f, "E2302", fmt::format("ent_num `{}` is not a whole number", f.text),
               "expected the entry's number (ent_num), e.g. `36`");
      return std::nullopt;
    }
    return n;
  }

  /// The draft a companion row belongs to, or nullptr (reported) when its ent_num is in no entry.
  Draft* owner(const CsvReader& r, const CsvRecord& rec, std::string_view what) {
    const auto n = ent_num(r, rec);
    if (!n) return nullptr;
    const auto it = by_num_.find(*n);
    if (it == by_num_.end()) {
      error_at(r, rec, rec.fields[0], "E2304",
               fmt::format("{} for ent_num {}, which is not in {}", what, *n, path_.filename().string()),
               fmt::format("expected the ent_num of an entry of {}", path_.filename().string()));
      return nullptr;
    }
    return &drafts_[it->second];
  }

  void warn_at_field(const CsvReader& r, const CsvRecord& rec, const CsvField& f, const ofac::Problem& p) {
    core::Diagnostic d;
    d.severity = core::Severity::warning;
    d.code = p.code;
    d.message = p.message;
    const std::string_view text = core::trim(f.text);
    const std::size_t lead = static_cast<std::size_t>(text.data() - f.text.data());
    const std::size_t at = std::min(p.offset, text.size());
    d.where = {r.display_name(), f.line,
               to_u32(value_column(f) + core::count_code_points(f.text.substr(0, lead)) + core::count_code_points(text.substr(0, at))),
               to_u32(std::max<std::size_t>(1, core::count_code_points(text.substr(at, p.length))))};
    d.source_line = std::string(rec.line_text(f.line));
    d.label = p.label;
    diags_.add(std::move(d));
  }

  void warn_in_remarks(std::size_t i, const ofac::Problem& p) {
    const RemarksPlace& place = places_[i];
    const std::string& text = remarks_[i];
    core::Diagnostic d;
    d.severity = core::Severity::warning;
    d.code = p.code;
    d.message = p.message;
    const std::size_t at = std::min(p.offset, text.size());
    const auto length = to_u32(std::max<std::size_t>(1, core::count_code_points(std::string_view(text).substr(at, p.length))));
    if (at < place.main_length || place.comment_line == 0) {
      d.where = {path_.string(), place.line, to_u32(place.column + core::count_code_points(std::string_view(text).substr(0, at))), length};
      d.source_line = place.source_line;
    } else {
      d.where = {comments_file_, place.comment_line,
                 to_u32(place.comment_column + core::count_code_points(std::string_view(text).substr(place.main_length, at - place.main_length))),
                 length};
      d.source_line = place.comment_source_line;
      d.notes.push_back(fmt::format("note: this continues the Remarks of ent_num {} in {}:{}",
                                    drafts_[i].entry.entity.id.substr(5), path_.filename().string(), place.line));
    }
    d.label = p.label;
    diags_.add(std::move(d));
  }

  void read_primary() {
    CsvReader r(path_, path_.string());
    CsvRecord rec;
    constexpr std::string_view kLayout =
        "ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner, Remarks";
    while (!full() && r.next(rec, diags_)) {
      progress(r);
      if (!check_width(r, rec, 12, kLayout)) continue;
      const auto n = ent_num(r, rec);
      if (!n) continue;
      if (const auto it = by_num_.find(*n); it != by_num_.end()) {
        error_at(r, rec, rec.fields[0], "E2303", fmt::format("ent_num {} is listed twice", *n),
                 "expected each entry once");
        core::Diagnostic& d = diags_.item(diags_.size() - 1);
        const ListEntry& first = drafts_[it->second].entry;
        core::Label label;
        label.where.file = first.where.file;
        label.where.line = first.where.line;
        label.where.column = 1;
        label.where.length = to_u32(core::count_code_points(rec.fields[0].text));
        label.message = "first listed here";
        label.source_line = places_[it->second].source_line;
        d.related.push_back(std::move(label));
        continue;
      }
      const std::string_view name = value_of(rec.fields[1]);
      if (name.empty()) {
        error_at(r, rec, rec.fields[1], "E2306", fmt::format("entry {} has no name", *n),
                 "expected the entry's name (SDN_Name)");
        continue;
      }
      const auto type = ofac::parse_sdn_type(value_of(rec.fields[2]));
      if (!type) {
        error_at(r, rec, rec.fields[2], "E2305", fmt::format("unknown SDN type `{}`", value_of(rec.fields[2])),
                 "expected `individual`, `vessel`, `aircraft` or -0- (an entity)");
        continue;
      }
      Draft d;
      d.type = *type;
      d.entry.entity.id = fmt::format("ofac:{}", *n);
      d.entry.where = {r.display_name(), rec.line, 0, 0};
      d.source_ref = fmt::format("{}:{}", path_.filename().string(), rec.line);
      ofac::set_primary_name(d, name);
      const CsvField& programs = rec.fields[3];
      ofac::add_programs(d, value_of(programs));
      for (const auto& p : d.programs) {
        if (ofac::known_program(p)) continue;
        const std::size_t at = value_of(programs).find(p);
        warn_at_field(r, rec, programs,
                      {"W2404", fmt::format("program `{}` is not an OFAC program code sanx knows", p),
                       "expected an OFAC program code such as `SDGT` or `RUSSIA-EO14024`; kept as written",
                       at == std::string_view::npos ? 0 : at, p.size()});
      }
      ofac::add_fact(d, "title", value_of(rec.fields[4]));
      Problems problems;
      ofac::add_vessel_info(d, value_of(rec.fields[5]), value_of(rec.fields[6]), value_of(rec.fields[7]),
                            value_of(rec.fields[8]), value_of(rec.fields[9]), value_of(rec.fields[10]), problems);
      for (const auto& p : problems) warn_at_field(r, rec, rec.fields[9], p);
      const CsvField& remarks = rec.fields[11];
      RemarksPlace place;
      place.line = remarks.line;
      place.column = value_column(remarks);
      place.source_line = std::string(rec.line_text(remarks.line));
      const std::string_view text = untrimmed_value_of(remarks);
      place.column += to_u32(core::count_code_points(remarks.text.substr(0, static_cast<std::size_t>(text.data() - remarks.text.data()))));
      place.main_length = text.size();
      by_num_.emplace(*n, drafts_.size());
      drafts_.push_back(std::move(d));
      remarks_.emplace_back(text);
      places_.push_back(std::move(place));
    }
    done_before_ += r.file_size();
  }

  /// Reads a companion file: checks each row's width and finds the entry it belongs to (by ent_num).
  template <typename OnRow>
  void read_companion(const std::filesystem::path& path, std::size_t width, std::string_view layout,
                      std::string_view what, OnRow&& on_row) {
    CsvReader r(path, path.string());
    CsvRecord rec;
    while (!full() && r.next(rec, diags_)) {
      progress(r);
      if (!check_width(r, rec, width, layout)) continue;
      if (Draft* d = owner(r, rec, what)) on_row(r, rec, *d);
    }
    done_before_ += r.file_size();
  }

  void read_comments(const std::filesystem::path& path) {
    comments_file_ = path.string();
    read_companion(path, 2, "ent_num, Remarks_Extended", "a comment", [&](const CsvReader& r, const CsvRecord& rec, Draft& d) {
      const auto i = static_cast<std::size_t>(&d - drafts_.data());
      RemarksPlace& place = places_[i];
      if (place.comment_line != 0) {
        error_at(r, rec, rec.fields[0], "E2303",
                 fmt::format("ent_num {} has a second comment row", d.entry.entity.id.substr(5)),
                 "expected at most one comment row per entry");
        return;
      }
      const CsvField& f = rec.fields[1];
      place.comment_line = f.line;
      place.comment_column = value_column(f);
      place.comment_source_line = std::string(rec.line_text(f.line));
      // The comment continues Remarks where OFAC cut them (at 1,000 characters), often mid-word: no separator.
      remarks_[i] += std::string(untrimmed_value_of(f));
    });
  }

  void read_aliases(const std::filesystem::path& path) {
    read_companion(path, 5, "ent_num, alt_num, alt_type, alt_name, alt_remarks", "an alias",
                   [&](const CsvReader& r, const CsvRecord& rec, Draft& d) {
                     const std::string_view type = value_of(rec.fields[2]);
                     model::NameKind kind = model::NameKind::aka;
                     if (type == "fka") {
                       kind = model::NameKind::fka;
                     } else if (type != "aka" && type != "nka") {
                       warn_at_field(r, rec, rec.fields[2],
                                     {"W2405", fmt::format("unknown alias type `{}`", type),
                                      "expected `aka`, `fka` or `nka`; read as `aka`", 0, type.size()});
                     }
                     ofac::add_name(d, value_of(rec.fields[3]), kind);
                     ofac::add_fact(d, "alias_remarks", value_of(rec.fields[4]));
                   });
  }

  void read_addresses(const std::filesystem::path& path) {
    read_companion(
        path, 6, "ent_num, add_num, Address, City/State/Province/Postal Code, Country, Add_remarks", "an address",
        [&](const CsvReader& r, const CsvRecord& rec, Draft& d) {
          std::vector<std::string> parts;
          for (const std::size_t c : {2U, 3U, 4U}) {
            const std::string_view v = value_of(rec.fields[c]);
            if (!v.empty()) parts.emplace_back(v);
          }
          Problems problems;
          ofac::add_address(d, parts, value_of(rec.fields[4]), problems);
          for (const auto& p : problems) warn_at_field(r, rec, rec.fields[4], p);
          ofac::add_fact(d, "address_remarks", value_of(rec.fields[5]));
        });
  }

  std::filesystem::path path_;
  core::Diagnostics& diags_;
  const ListReadOptions& options_;
  std::size_t errors_at_start_;
  ListSnapshot snapshot_;
  std::vector<Draft> drafts_;
  std::vector<std::string> remarks_;  ///< per draft: Remarks, continued by the comments file
  std::vector<RemarksPlace> places_;  ///< per draft
  std::unordered_map<std::uint64_t, std::size_t> by_num_;
  std::string comments_file_;
  std::uint64_t total_ = 0;
  std::uint64_t done_before_ = 0;
  std::uint64_t last_progress_ = 0;
};

}  // namespace

ListSnapshot read_ofac_csv(const std::filesystem::path& path, core::Diagnostics& diags, const ListReadOptions& options) {
  return CsvListReader(path, diags, options).read();
}

}  // namespace sanx::ingest
