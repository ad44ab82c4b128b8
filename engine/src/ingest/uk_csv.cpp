// Reader for the UK lists (`uk-csv`): the OFSI Consolidated List (ConList.csv, 2018 29-column and 2025
// 36-column layouts) and the FCDO "UK Sanctions List" CSV. Both write one row per name variant; rows of one
// designated party share an id (`Group ID`, or the FCDO `Unique ID`) and repeat every other column, so the
// rows are folded into one entry per id, in the order ids first appear (the 2018 file is sorted by name, so
// a party's rows are scattered). docs/lists/uk-csv.md describes the mapping field by field.
//
// The 2018 file is Windows-1252: a file that is not valid UTF-8 is converted to UTF-8 in memory before the
// CSV reader sees it, so that every position reported is still a line and a column of the file.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sanx/core/error.hpp"
#include "sanx/core/country.hpp"
#include "sanx/core/text.hpp"
#include "sanx/ingest/csv.hpp"
#include "sanx/ingest/lists.hpp"
#include "sanx/model/entity.hpp"

namespace sanx::ingest {
namespace {

constexpr std::string_view kBadEncoding = "E2341";


std::string lower(std::string_view s) { return core::to_lower_ascii(s); }

/// ISO code of a country name as listed ("Russia", "Congo (Democratic Republic)", "Iraq (previous
/// address)"); empty when unknown.
std::string country_code(std::string_view name) {
  std::string_view n = core::trim(name);
  while (!n.empty() && (n.back() == '.' || n.back() == ',')) n.remove_suffix(1);
  if (n.empty()) return {};
  if (const auto code = core::country_code_of_name(n)) return std::string(*code);
  // A remark in brackets after the name: "Iraq (previous address)", "Russia (as at November 2010)".
  if (const std::size_t open = n.find(" ("); open != std::string_view::npos) {
    if (const auto code = core::country_code_of_name(core::trim(n.substr(0, open)))) return std::string(*code);
  }
  return {};
}

/// Regime names the UK lists have used (ConList 2018 and 2025, UK Sanctions List); others get W2440.
bool known_regime(std::string_view regime) {
  static const std::unordered_set<std::string> known = {
      "afghanistan", "belarus", "bosnia and herzegovina", "burundi", "central african republic", "chemical weapons",
      "counter-terrorism (international)", "counter-terrorism (domestic)", "cyber",
      "democratic people's republic of korea", "north korea (democratic people's republic of korea)",
      "democratic republic of the congo", "egypt", "global anti-corruption", "global human rights",
      "global irregular migration and trafficking in persons", "guinea", "guinea-bissau", "republic of guinea",
      "republic of guinea-bissau", "haiti", "iran", "iran (nuclear)", "iran (nuclear proliferation)",
      "iran (human rights)", "iraq", "isil (da'esh) and al-qaida", "the isil (da'esh) and al-qaida organisations",
      "lebanon", "libya", "mali", "moldova", "myanmar", "nicaragua", "russia", "somalia", "south sudan", "sudan",
      "syria", "terrorism and terrorist financing", "tunisia", "uk freezing orders", "ukraine (sovereignty)",
      "ukraine (misappropriation)", "venezuela", "yemen", "zimbabwe"};
  return known.count(lower(core::trim(regime))) != 0;
}

// ---------------------------------------------------------------------------------------------------
// Encoding: UTF-8, or Windows-1252 converted to UTF-8.

/// Unicode code points of Windows-1252 bytes 0x80–0x9F; 0 where the code page defines no character.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

/// Number of well-formed multi-byte UTF-8 sequences: a Windows-1252 file has (almost) none.
std::size_t count_utf8_sequences(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t len = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
    if (len == 0 || i + len > s.size()) continue;
    if (core::find_invalid_utf8(s.substr(i, len)) == std::string_view::npos) {
      ++n;
      i += len - 1;
    }
  }
  return n;
}

struct BadByte {
  std::uint32_t line;
  std::uint32_t column;
  std::size_t out_line_start;
  unsigned char byte;
};

/// The file's text as UTF-8. A file that is valid UTF-8 is returned as is; one with invalid bytes is read
/// as Windows-1252 unless it is mostly UTF-8 (then the invalid bytes are the error). Bytes that are neither
/// (undefined in Windows-1252, or bad bytes in UTF-8) become U+FFFD and are reported (E2341).
std::string to_utf8(std::string bytes, const std::string& file, core::Diagnostics& diags, std::size_t max_errors) {
  if (core::find_invalid_utf8(bytes) == std::string::npos) return bytes;
  const bool mostly_utf8 = count_utf8_sequences(bytes) > 0;
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 16);
  std::vector<BadByte> bad;
  std::uint32_t line = 1;
  std::size_t out_line_start = 0;
  std::uint32_t column = 1;  // code points so far on this line, plus one
  std::string_view rest(bytes);
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b == '\n') {
      out += '\n';
      ++line;
      column = 1;
      out_line_start = out.size();
      ++i;
      continue;
    }
    if (b < 0x80) {
      out += static_cast<char>(b);
      ++column;
      ++i;
      continue;
    }
    if (mostly_utf8) {
      const std::size_t bad_at = core::find_invalid_utf8(rest.substr(i, 4));
      const std::size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
      if (bad_at != 0 && i + len <= bytes.size() && core::find_invalid_utf8(rest.substr(i, len)) == std::string::npos) {
        out.append(bytes, i, len);
        ++column;
        i += len;
        continue;
      }
    } else if (b >= 0xA0) {
      append_utf8(out, b);
      ++column;
      ++i;
      continue;
    } else if (const char32_t c = kCp1252High[b - 0x80]; c != 0) {
      append_utf8(out, c);
      ++column;
      ++i;
      continue;
    }
    bad.push_back({line, column, out_line_start, b});
    out += "\xEF\xBF\xBD";
    ++column;
    ++i;
  }
  for (const BadByte& at : bad) {
    if (max_errors != 0 && diags.error_count() >= max_errors) break;
    core::Diagnostic d;
    d.code = std::string(kBadEncoding);
    d.message = mostly_utf8 ? fmt::format("invalid UTF-8 byte 0x{:02X} in a UTF-8 file", at.byte)
                            : fmt::format("byte 0x{:02X} is not a character in UTF-8 or Windows-1252", at.byte);
    d.where = {file, at.line, at.column, 1};
    const std::size_t nl = out.find('\n', at.out_line_start);
    std::string_view text = std::string_view(out).substr(at.out_line_start, nl == std::string::npos ? std::string::npos
                                                                                                  : nl - at.out_line_start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    d.source_line = std::string(text);
    d.label = mostly_utf8 ? "expected UTF-8 text" : "expected UTF-8 or Windows-1252 text";
    d.notes.emplace_back("help: save the list as UTF-8 (OFSI's own CSV is Windows-1252, which is also read)");
    diags.add(std::move(d));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Cell values.

/// Splits a numbered multi-value cell: `(1) Russia (2) Israel`, `1) Saudi Arabia 2) Qatar`,
/// `a) Syrian Arab Republic b) State of Palestine`. Text before the first marker is dropped; a cell
/// without markers is one value. Values are trimmed of spaces and trailing `.`, `,` and `;`.
std::vector<std::string_view> split_numbered(std::string_view s) {
  // Position of the k-th marker at or after `from` (at the start, or after a space or punctuation).
  auto marker = [&](std::size_t from, int k, bool letters, bool bracketed) -> std::size_t {
    std::string text = letters ? std::string(1, static_cast<char>('a' + k - 1)) : std::to_string(k);
    text += ')';
    if (bracketed) text.insert(text.begin(), '(');
    for (std::size_t at = s.find(text, from); at != std::string_view::npos; at = s.find(text, at + 1)) {
      if (at == 0 || std::string_view(" \n.,;").find(s[at - 1]) != std::string_view::npos) return at;
    }
    return std::string_view::npos;
  };
  auto clean = [](std::string_view v) {
    v = core::trim(v);
    while (!v.empty() && (v.back() == '.' || v.back() == ',' || v.back() == ';' || v.back() == '\n' || v.back() == '\r')) {
      v.remove_suffix(1);
      v = core::trim(v);
    }
    return v;
  };
  std::vector<std::string_view> out;
  for (const bool letters : {false, true}) {
    for (const bool bracketed : {true, false}) {
      std::size_t at = marker(0, 1, letters, bracketed);
      if (at == std::string_view::npos) continue;
      if (marker(at + 2, 2, letters, bracketed) == std::string_view::npos) continue;  // one marker: not a list
      for (int k = 1; at != std::string_view::npos; ++k) {
        const std::size_t open = at;
        const std::size_t value_start = s.find(')', open) + 1;
        const std::size_t next = marker(value_start, k + 1, letters, bracketed);
        const std::string_view v = clean(s.substr(value_start, next == std::string_view::npos ? s.size() - value_start
                                                                                             : next - value_start));
        if (!v.empty()) out.push_back(v);
        at = next;
      }
      return out;
    }
  }
  if (const std::string_view v = clean(s); !v.empty()) out.push_back(v);
  return out;
}

/// The document number in free text: the first word with a digit and at least four characters, of
/// letters, digits, `-` and `/` (`Passport No: 592667 (Qatari ...)` → `592667`).
std::string_view document_number(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    std::string_view w = s.substr(i, j - i);
    while (!w.empty() && std::string_view(".,;:()").find(w.front()) != std::string_view::npos) w.remove_prefix(1);
    while (!w.empty() && std::string_view(".,;:()").find(w.back()) != std::string_view::npos) w.remove_suffix(1);
    const bool word_ok = std::all_of(w.begin(), w.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '/';
    });
    const bool has_digit = std::any_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
    if (word_ok && has_digit && w.size() >= 4) return w;
    i = j;
  }
  return {};
}

/// `DD/MM/YYYY` with `00` for an unknown day or month: `00/00/1964` is 1964, `00/05/1964` is 1964-05; the
/// 2025 list also writes a bare year (`1975`) or month and year (`05/1975`).
std::optional<core::Date> parse_uk_date(std::string_view s) {
  s = core::trim(s);
  const bool digits = std::all_of(s.begin(), s.end(), [](char c) { return c == '/' || std::isdigit(static_cast<unsigned char>(c)) != 0; });
  if (!digits) return std::nullopt;
  if (s.size() == 4) return core::Date::parse_iso(s);
  if (s.size() == 7 && s[2] == '/' && s.find('/', 3) == std::string_view::npos) {
    return s.substr(0, 2) == "00" ? core::Date::parse_iso(s.substr(3)) : core::Date::parse_iso(fmt::format("{}-{}", s.substr(3), s.substr(0, 2)));
  }
  if (s.size() != 10 || s[2] != '/' || s[5] != '/' || s.find('/', 6) != std::string_view::npos) return std::nullopt;
  const std::string_view day = s.substr(0, 2);
  const std::string_view month = s.substr(3, 2);
  const std::string_view year = s.substr(6, 4);
  if (month == "00") return core::Date::parse_iso(year);
  if (day == "00") return core::Date::parse_iso(fmt::format("{}-{}", year, month));
  return core::Date::parse_iso(fmt::format("{}-{}-{}", year, month, day));
}

/// Document numbers in a number column: `(1) CB982788 (2) 24132276`, `734088604. 735958824. 75330256`.
std::vector<std::string_view> document_numbers(std::string_view s) {
  std::vector<std::string_view> out;
  for (const std::string_view part : split_numbered(s)) {
    std::size_t i = 0;
    while (i < part.size()) {
      while (i < part.size() && (part[i] == ' ' || part[i] == ',' || part[i] == ';')) ++i;
      std::size_t j = i;
      while (j < part.size() && part[j] != ' ' && part[j] != ',' && part[j] != ';') ++j;
      std::string_view w = part.substr(i, j - i);
      while (!w.empty() && w.back() == '.') w.remove_suffix(1);
      if (std::any_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) out.push_back(w);
      i = j;
    }
  }
  return out;
}

/// `10-Apr-2025` (the FCDO list's report date).
std::optional<core::Date> parse_report_date(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                               "jul", "aug", "sep", "oct", "nov", "dec"};
  s = core::trim(s);
  const std::size_t a = s.find('-');
  const std::size_t b = s.rfind('-');
  if (a == std::string_view::npos || b == a) return std::nullopt;
  const std::string mon = lower(s.substr(a + 1, b - a - 1));
  const auto it = std::find(kMonths.begin(), kMonths.end(), std::string_view(mon).substr(0, 3));
  if (it == kMonths.end() || mon.size() < 3) return std::nullopt;
  const std::string_view day = s.substr(0, a);
  if (day.empty() || day.size() > 2) return std::nullopt;
  return core::Date::parse_iso(fmt::format("{}-{:02}-{:0>2}", s.substr(b + 1), static_cast<int>(it - kMonths.begin()) + 1, day));
}

/// `Sanctions Imposed` values → measure names: `Asset freeze` → `asset_freeze`.
std::string snake_case(std::string_view s) {
  std::string out;
  bool gap = false;
  for (const char c : core::trim(s)) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      if (gap && !out.empty()) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      gap = false;
    } else {
      gap = true;
    }
  }
  return out;
}

/// Trims and collapses runs of white space (no-break spaces U+00A0 and U+202F included: the 2025 list
/// has them inside Cyrillic names and addresses) to one space.
std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool space = false;
  s = core::trim(s);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {  // U+00A0
      space = true;
      ++i;
      continue;
    }
    if (c == '\xE2' && i + 2 < s.size() && s[i + 1] == '\x80' && s[i + 2] == '\xAF') {  // U+202F
      space = true;
      i += 2;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Columns.

enum class Role {
  other,  // kept as a fact named after the header
  name1, name2, name3, name4, name5, name6, title, non_latin, non_latin_type, non_latin_language,
  dob, town_of_birth, country_of_birth, nationality, passport_number, passport_details, national_id,
  national_id_details, position, address1, address2, address3, address4, address5, address6, post_code,
  country, other_information, group_type, alias_type, alias_quality, regime, listed_on, last_updated, group_id,
  unique_id, sanctions_imposed, date_designated, labelled  // labelled: an FCDO column that ConList packs into Other Information
};

struct ColumnName {
  std::string_view header;  // lower case
  Role role;
};

constexpr ColumnName kColumns[] = {
    {"name 1", Role::name1}, {"name 2", Role::name2}, {"name 3", Role::name3}, {"name 4", Role::name4},
    {"name 5", Role::name5}, {"name 6", Role::name6}, {"title", Role::title},
    {"name non-latin script", Role::non_latin}, {"non-latin script type", Role::non_latin_type},
    {"non-latin script language", Role::non_latin_language}, {"dob", Role::dob}, {"d.o.b", Role::dob},
    {"town of birth", Role::town_of_birth}, {"country of birth", Role::country_of_birth},
    {"nationality", Role::nationality}, {"nationality(/ies)", Role::nationality},
    {"passport number", Role::passport_number}, {"passport details", Role::passport_details},
    {"passport additional information", Role::passport_details}, {"ni number", Role::national_id_details},
    {"national identification number", Role::national_id}, {"national identifier number", Role::national_id},
    {"national identification details", Role::national_id_details},
    {"national identifier additional information", Role::national_id_details}, {"position", Role::position},
    {"address 1", Role::address1}, {"address 2", Role::address2}, {"address 3", Role::address3},
    {"address 4", Role::address4}, {"address 5", Role::address5}, {"address 6", Role::address6},
    {"address line 1", Role::address1}, {"address line 2", Role::address2}, {"address line 3", Role::address3},
    {"address line 4", Role::address4}, {"address line 5", Role::address5}, {"address line 6", Role::address6},
    {"post/zip code", Role::post_code}, {"address postal code", Role::post_code}, {"country", Role::country},
    {"address country", Role::country}, {"other information", Role::other_information},
    {"group type", Role::group_type}, {"designation type", Role::group_type}, {"alias type", Role::alias_type},
    {"name type", Role::alias_type}, {"alias quality", Role::alias_quality}, {"alias strength", Role::alias_quality},
    {"regime", Role::regime}, {"regime name", Role::regime}, {"listed on", Role::listed_on},
    {"date designated", Role::listed_on}, {"last updated", Role::last_updated}, {"group id", Role::group_id},
    {"ofsi group id", Role::group_id}, {"unique id", Role::unique_id}, {"uk sanctions list date designated", Role::date_designated}, {"sanctions imposed", Role::sanctions_imposed},
    {"uk statement of reasons", Role::labelled}, {"phone number", Role::labelled}, {"website", Role::labelled},
    {"email address", Role::labelled}, {"gender", Role::labelled}, {"type of entity", Role::labelled},
    {"subsidiaries", Role::labelled}, {"parent company", Role::labelled},
    {"business registration number (s)", Role::labelled}, {"imo number", Role::labelled},
    {"current believed flag of ship", Role::labelled}, {"type of ship", Role::labelled},
    {"tonnage of ship", Role::labelled}, {"un reference number", Role::labelled},
};

Role role_of(std::string_view header) {
  const std::string h = collapse_spaces(lower(header));
  for (const ColumnName& c : kColumns) {
    if (c.header == h) return c.role;
  }
  return Role::other;
}

// ---------------------------------------------------------------------------------------------------
// Folding rows into entries.

/// What is known of one designated party while its rows are read.
struct Group {
  std::size_t entry = 0;
  std::string type_text;         // Group Type as first seen
  core::Location type_where;     // where it was first seen
  std::string type_source_line;  // that row's line
  bool has_primary = false;      // names[0] came from a row marked as the primary name
  std::unordered_set<std::string> seen;  // "<column>\x1f<value>" already folded in
  std::vector<std::string> nationality_countries;
  std::vector<std::string> address_countries;
  std::vector<std::pair<std::string, std::optional<core::Date>>> regimes;  // program → earliest listing
  std::vector<std::string> parents;
  std::vector<std::string> subsidiaries;
};

class UkReader {
 public:
  UkReader(std::string file, core::Diagnostics& diags, const ListReadOptions& options)
      : file_(std::move(file)), diags_(diags), options_(options), start_errors_(diags.error_count()) {}

  ListSnapshot read(CsvReader& csv);

 private:
  bool too_many_errors() const {
    return options_.max_errors != 0 && diags_.error_count() - start_errors_ >= options_.max_errors;
  }
  void error(std::string code, std::string message, const CsvRecord& rec, const CsvField& f, std::string label,
             core::Severity severity = core::Severity::error);
  bool read_header(CsvReader& csv, CsvRecord& rec);
  void fold_row(const CsvRecord& rec);
  void fold_value(Group& g, ListEntry& e, Role role, std::string_view header, const CsvRecord& rec, const CsvField& f);
  void fold_labelled(Group& g, ListEntry& e, std::string_view label, std::string_view value);
  void fold_other_information(Group& g, ListEntry& e, std::string_view text);
  void fold_address(Group& g, ListEntry& e, const CsvRecord& rec);
  void add_name(Group& g, ListEntry& e, std::string text, model::NameKind kind, bool primary_row);
  void finish();

  std::string file_;
  core::Diagnostics& diags_;
  const ListReadOptions& options_;
  std::size_t start_errors_;
  ListSnapshot snap_;
  bool fcdo_ = false;
  std::vector<Role> roles_;
  std::vector<std::string> headers_;      // as written
  std::vector<std::string> fact_keys_;    // snake_case header, for Role::other and Role::labelled
  std::size_t id_column_ = 0;
  std::unordered_map<std::string, Group> groups_;
  std::vector<std::string> group_order_;
  std::unordered_set<std::string> warned_regimes_;
};

void add_fact(ListEntry& e, std::string key, std::string value) {
  if (value.empty()) return;
  for (const ListFact& f : e.facts) {
    if (f.key == key && f.value == value) return;
  }
  e.facts.push_back({std::move(key), std::move(value)});
}

void add_identifier(ListEntry& e, std::string scheme, std::string_view value) {
  value = core::trim(value);
  if (value.empty()) return;
  model::Identifier id{std::move(scheme), std::string(value)};
  if (std::find(e.entity.identifiers.begin(), e.entity.identifiers.end(), id) == e.entity.identifiers.end()) {
    e.entity.identifiers.push_back(std::move(id));
  }
}

void add_unique(std::vector<std::string>& v, std::string s) {
  if (!s.empty() && std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

void UkReader::error(std::string code, std::string message, const CsvRecord& rec, const CsvField& f, std::string label,
                     core::Severity severity) {
  core::Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = std::move(message);
  d.where = {file_, f.line, f.column + (f.quoted ? 1u : 0u),
             static_cast<std::uint32_t>(std::max<std::size_t>(1, core::count_code_points(f.text)))};
  d.source_line = std::string(rec.line_text(f.line));
  d.label = std::move(label);
  diags_.add(std::move(d));
}

bool UkReader::read_header(CsvReader& csv, CsvRecord& rec) {
  auto no_header = [&] {
    core::Diagnostic d;
    d.code = "E2340";
    d.message = "not a UK sanctions list: the file ends before its header";
    d.where.file = file_;
    d.label = "expected a `Last Updated` or `Report Date` line, then the header";
    diags_.add(std::move(d));
    return false;
  };
  if (!csv.next(rec, diags_)) return no_header();
  // Line 1: `Last Updated,10/04/2025` (ConList) or `Report Date: 10-Apr-2025` (FCDO); then the header.
  const std::string_view first = rec.fields.empty() ? std::string_view() : core::trim(rec.fields[0].text);
  if (lower(first) == "last updated" && rec.fields.size() > 1) {
    const CsvField& f = rec.fields[1];
    snap_.as_of = parse_uk_date(f.text);
    if (!snap_.as_of) {
      error("E2342", fmt::format("invalid date `{}` in the `Last Updated` line", f.text), rec, f,
            "expected a date DD/MM/YYYY");
    }
    if (!csv.next(rec, diags_)) return no_header();
  } else if (lower(first).starts_with("report date")) {
    fcdo_ = true;
    const std::size_t colon = first.find(':');
    std::string_view date = colon == std::string_view::npos ? std::string_view() : first.substr(colon + 1);
    if (date.empty() && rec.fields.size() > 1) date = rec.fields[1].text;
    snap_.as_of = parse_report_date(date);
    if (!snap_.as_of) {
      error("E2342", fmt::format("invalid date `{}` in the `Report Date` line", core::trim(date)), rec, rec.fields[0],
            "expected a date DD-Mon-YYYY");
    }
    if (!csv.next(rec, diags_)) return no_header();
  }
  bool has_group_id = false;
  bool has_unique_id = false;
  bool has_name6 = false;
  bool has_type = false;
  for (std::size_t i = 0; i < rec.fields.size(); ++i) {
    const Role r = role_of(rec.fields[i].text);
    roles_.push_back(r);
    headers_.emplace_back(core::trim(rec.fields[i].text));
    fact_keys_.push_back(snake_case(rec.fields[i].text));
    has_group_id = has_group_id || r == Role::group_id;
    has_unique_id = has_unique_id || r == Role::unique_id;
    has_name6 = has_name6 || r == Role::name6;
    has_type = has_type || r == Role::group_type;
  }
  fcdo_ = fcdo_ || has_unique_id;
  for (std::size_t i = 0; i < roles_.size(); ++i) {
    if (roles_[i] == (fcdo_ ? Role::unique_id : Role::group_id)) id_column_ = i;
  }
  if (!(fcdo_ ? has_unique_id : has_group_id) || !has_name6 || !has_type) {
    core::Diagnostic d;
    d.code = "E2340";
    d.message = "not a UK sanctions list: the header lacks `Name 6`, `Group Type` and `Group ID` (or `Unique ID`)";
    d.where = {file_, rec.line, 1, static_cast<std::uint32_t>(std::max<std::size_t>(1, core::count_code_points(rec.source_line)))};
    d.source_line = std::string(rec.source_line);
    d.label = "expected the header of the OFSI Consolidated List or the UK Sanctions List";
    d.notes.emplace_back("help: line 1 is `Last Updated,DD/MM/YYYY` (ConList) or `Report Date: DD-Mon-YYYY`, line 2 the header");
    diags_.add(std::move(d));
    return false;
  }
  snap_.source = fcdo_ ? "uk-fcdo" : "uk-ofsi";
  return true;
}

ListSnapshot UkReader::read(CsvReader& csv) {
  snap_.format = ListFormat::uk_csv;
  snap_.source = "uk-ofsi";
  CsvRecord rec;
  if (!read_header(csv, rec)) return std::move(snap_);
  std::size_t rows = 0;
  while (!too_many_errors() && csv.next(rec, diags_)) {
    fold_row(rec);
    if (options_.progress && ++rows % 1024 == 0) options_.progress(csv.bytes_read(), csv.file_size());
  }
  finish();
  if (options_.progress) options_.progress(csv.file_size(), csv.file_size());
  return std::move(snap_);
}

void UkReader::fold_row(const CsvRecord& rec) {
  if (rec.fields.size() <= id_column_) return;
  const CsvField& id_field = rec.fields[id_column_];
  std::string id(core::trim(id_field.text));
  if (fcdo_) {  // the OFSI Group ID, where the FCDO list gives one, so that both lists name a party alike
    for (std::size_t i = 0; i < roles_.size() && i < rec.fields.size(); ++i) {
      if (roles_[i] == Role::group_id && !core::trim(rec.fields[i].text).empty()) id = core::trim(rec.fields[i].text);
    }
  }
  if (id.empty()) {
    error("E2344", fmt::format("row without a `{}`", headers_[id_column_]), rec, id_field,
          "expected the id of the designated party this row names");
    return;
  }
  std::string_view type_text;
  const CsvField* type_field = nullptr;
  for (std::size_t i = 0; i < roles_.size() && i < rec.fields.size(); ++i) {
    if (roles_[i] == Role::group_type) {
      type_field = &rec.fields[i];
      type_text = core::trim(rec.fields[i].text);
    }
  }
  const std::string type = lower(type_text);
  std::optional<model::EntityKind> kind;
  if (type == "individual") kind = model::EntityKind::person;
  if (type == "entity") kind = model::EntityKind::company;
  if (type == "ship") kind = model::EntityKind::vessel;
  if (!kind) {
    error("E2344", fmt::format("unknown group type `{}`", type_text), rec, *type_field,
          "expected Individual, Entity or Ship");
    return;
  }
  auto [it, fresh] = groups_.try_emplace(id);
  Group& g = it->second;
  if (fresh) {
    g.entry = snap_.entries.size();
    g.type_text = std::string(type_text);
    g.type_where = {file_, type_field->line, type_field->column + (type_field->quoted ? 1u : 0u),
                    static_cast<std::uint32_t>(std::max<std::size_t>(1, core::count_code_points(type_text)))};
    g.type_source_line = std::string(rec.line_text(type_field->line));
    ListEntry& e = snap_.entries.emplace_back();
    e.entity.id = "uk:" + id;
    e.entity.kind = *kind;
    e.where = {file_, rec.line, 0, 0};
  } else if (lower(g.type_text) != type) {
    error("E2343", fmt::format("group `{}` is {} here but {} on an earlier row", id, type_text, g.type_text), rec,
          *type_field, fmt::format("expected {} like the group's first row", g.type_text));
    diags_.item(diags_.size() - 1).related.push_back({g.type_where, "first row of the group", g.type_source_line});
    return;
  }
  ListEntry& e = snap_.entries[g.entry];

  // Names: Name 6 is the family name (or an entity's whole name), Name 1–5 the given and other names.
  std::array<std::string_view, 6> parts{};
  std::string_view alias_type;
  std::string_view alias_quality;
  for (std::size_t i = 0; i < roles_.size() && i < rec.fields.size(); ++i) {
    const Role r = roles_[i];
    if (r >= Role::name1 && r <= Role::name6) parts[static_cast<std::size_t>(r) - static_cast<std::size_t>(Role::name1)] = rec.fields[i].text;
    if (r == Role::alias_type) alias_type = core::trim(rec.fields[i].text);
    if (r == Role::alias_quality) alias_quality = core::trim(rec.fields[i].text);
  }
  std::string given;
  for (std::size_t i = 0; i < 5; ++i) {
    const std::string part = collapse_spaces(parts[i]);
    if (part.empty()) continue;
    if (!given.empty()) given += ' ';
    given += part;
  }
  const std::string family = collapse_spaces(parts[5]);
  std::string name = given.empty() ? family : family.empty() ? given : given + " " + family;
  const std::string at = lower(alias_type);
  const bool primary_row = at == "prime alias" || at == "primary name";
  model::NameKind name_kind = model::NameKind::aka;
  if (at == "fka" || at.starts_with("former") || at.starts_with("previous")) name_kind = model::NameKind::fka;
  const std::string quality = lower(alias_quality);
  if (quality == "low quality" || quality == "weak") name_kind = model::NameKind::weak;
  if (!name.empty()) add_name(g, e, std::move(name), name_kind, primary_row);

  for (std::size_t i = 0; i < roles_.size() && i < rec.fields.size(); ++i) {
    const Role r = roles_[i];
    if ((r >= Role::name1 && r <= Role::name6) || (r >= Role::address1 && r <= Role::country) ||
        r == Role::alias_type || r == Role::alias_quality || r == Role::group_type || r == Role::group_id) {
      continue;
    }
    const std::string_view value = core::trim(rec.fields[i].text);
    if (value.empty()) continue;
    std::string key = std::to_string(i);
    key += '\x1f';
    key += value;
    if (!g.seen.insert(std::move(key)).second && r != Role::regime && r != Role::listed_on) continue;
    fold_value(g, e, r, headers_[i], rec, rec.fields[i]);
  }
  fold_address(g, e, rec);
  // A row's regime and listing date belong together: one designation per regime, listed from the
  // earliest date given for it.
  std::string_view regime;
  std::optional<core::Date> listed;
  for (std::size_t i = 0; i < roles_.size() && i < rec.fields.size(); ++i) {
    if (roles_[i] == Role::regime) regime = core::trim(rec.fields[i].text);
    if (roles_[i] == Role::listed_on) listed = parse_uk_date(rec.fields[i].text);
  }
  if (!regime.empty()) {
    auto r = std::find_if(g.regimes.begin(), g.regimes.end(), [&](const auto& p) { return p.first == regime; });
    if (r == g.regimes.end()) {
      g.regimes.emplace_back(std::string(regime), listed);
    } else if (listed && (!r->second || *listed < *r->second)) {
      r->second = listed;
    }
  }
}

void UkReader::add_name(Group& g, ListEntry& e, std::string text, model::NameKind kind, bool primary_row) {
  auto& names = e.entity.names;
  auto same = std::find_if(names.begin(), names.end(), [&](const model::Name& n) { return n.text == text; });
  if (primary_row && !g.has_primary) {
    // The listed primary name goes first; a name taken as primary only because it came first steps down.
    g.has_primary = true;
    if (!names.empty()) names.front().kind = model::NameKind::aka;
    if (same != names.end()) names.erase(same);
    std::string script = model::detect_script(text);
    names.insert(names.begin(), {std::move(text), model::NameKind::primary, std::move(script)});
    return;
  }
  if (same != names.end()) return;
  std::string script = model::detect_script(text);
  names.push_back({std::move(text), names.empty() ? model::NameKind::primary : kind, std::move(script)});
}

void UkReader::fold_value(Group& g, ListEntry& e, Role role, std::string_view header, const CsvRecord& rec,
                          const CsvField& f) {
  const std::string_view value = core::trim(f.text);
  const std::size_t column_index = static_cast<std::size_t>(&f - rec.fields.data());
  switch (role) {
    case Role::title: add_fact(e, "title", std::string(value)); break;
    case Role::non_latin: {
      const std::string text = collapse_spaces(value);
      if (std::none_of(e.entity.names.begin(), e.entity.names.end(), [&](const model::Name& n) { return n.text == text; })) {
        e.entity.names.push_back({text, e.entity.names.empty() ? model::NameKind::primary : model::NameKind::aka,
                                  model::detect_script(text)});
      }
      break;
    }
    case Role::non_latin_type: add_fact(e, "non_latin_script_type", std::string(value)); break;
    case Role::non_latin_language: add_fact(e, "non_latin_script_language", std::string(value)); break;
    case Role::dob:
    case Role::date_designated:
    case Role::listed_on:
    case Role::last_updated: {
      for (const std::string_view part : split_numbered(value)) {
        const auto date = parse_uk_date(part);
        if (!date) {
          error("E2342", fmt::format("invalid date `{}` in column `{}`", part, header), rec, f,
                "expected a date DD/MM/YYYY (00 for an unknown day or month)");
          continue;
        }
        if (role == Role::dob) {
          add_fact(e, "birth_date", date->to_string());
          if (!e.entity.birth_date || *date < *e.entity.birth_date) e.entity.birth_date = date;
        } else if (role == Role::last_updated) {
          add_fact(e, "last_updated", date->to_string());
        } else if (role == Role::date_designated) {
          add_fact(e, "uk_sanctions_list_date_designated", date->to_string());
        }
      }
      break;
    }
    case Role::town_of_birth: add_fact(e, "place_of_birth", std::string(value)); break;
    case Role::country_of_birth: add_fact(e, "country_of_birth", std::string(value)); break;
    case Role::nationality:
      for (const std::string_view n : split_numbered(value)) {
        add_fact(e, "nationality", std::string(n));
        add_unique(g.nationality_countries, country_code(n));
      }
      break;
    case Role::passport_number:
    case Role::national_id: {
      // Paired with the details column of the same row: `(1) Portugal (2) Israel` gives each passport's
      // country, `(1) TRN (2) INN` each number's kind.
      const bool passport = role == Role::passport_number;
      std::vector<std::string_view> details;
      for (std::size_t i = 0; i < roles_.size() && i < rec.fields.size(); ++i) {
        if (roles_[i] == (passport ? Role::passport_details : Role::national_id_details)) details = split_numbered(rec.fields[i].text);
      }
      const std::vector<std::string_view> numbers = document_numbers(value);
      for (std::size_t k = 0; k < numbers.size(); ++k) {
        const std::string_view detail = details.size() == numbers.size() ? details[k] : details.size() == 1 ? details[0] : std::string_view();
        const std::string d = " " + snake_case(detail) + "_";
        std::string scheme = passport ? "passport" : "national_id";
        if (!passport && d.find("_inn_") != std::string::npos) scheme = "inn";
        if (!passport && d.find(" inn_") != std::string::npos) scheme = "inn";
        if (!passport && d.find("russia") != std::string::npos && d.find("tax") != std::string::npos) scheme = "inn";
        add_identifier(e, scheme, numbers[k]);
        if (const std::string c = country_code(detail); !c.empty()) add_fact(e, scheme + "_country", c);
      }
      break;
    }
    case Role::passport_details:
    case Role::national_id_details: {
      const bool passport = role == Role::passport_details;
      add_fact(e, passport ? "passport_details" : "national_id_details", std::string(value));
      // The 2018 layout has no number column: the number is taken from the details.
      const Role number_role = passport ? Role::passport_number : Role::national_id;
      if (std::find(roles_.begin(), roles_.end(), number_role) == roles_.end()) {
        for (const std::string_view part : split_numbered(value)) {
          add_identifier(e, passport ? "passport" : "national_id", document_number(part));
        }
      }
      break;
    }
    case Role::position:
      for (const std::string_view p : split_numbered(value)) add_fact(e, "position", std::string(p));
      break;
    case Role::other_information: fold_other_information(g, e, value); break;
    case Role::unique_id: add_fact(e, "uk_sanctions_list_ref", std::string(value)); break;
    case Role::sanctions_imposed: {
      for (const std::string_view m : core::split_list(value, '|')) add_fact(e, "sanctions_imposed", snake_case(m));
      break;
    }
    case Role::labelled: fold_labelled(g, e, header, value); break;
    case Role::regime:
      if (!known_regime(value) && warned_regimes_.insert(std::string(value)).second) {
        error("W2440", fmt::format("regime `{}` is not one sanx knows; it is kept as the program", value), rec, f,
              "expected a UK sanctions regime such as Russia or Global Human Rights", core::Severity::warning);
      }
      break;
    case Role::other: add_fact(e, fact_keys_[column_index], std::string(value)); break;
    default: break;
  }
}

/// The row's address columns joined with `, `. A numbered column (`(1) 603950 (2) 603107`) makes one
/// address per number, the other columns repeated in each.
void UkReader::fold_address(Group& g, ListEntry& e, const CsvRecord& rec) {
  std::vector<std::vector<std::string>> columns;
  std::size_t count = 1;
  for (std::size_t i = 0; i < roles_.size() && i < rec.fields.size(); ++i) {
    const Role r = roles_[i];
    if (!(r >= Role::address1 && r <= Role::country)) continue;
    const std::string_view text = core::trim(rec.fields[i].text);
    if (text.empty()) continue;
    if (r == Role::country) {
      const std::string code = country_code(text);
      add_unique(g.address_countries, code);
      if (code.empty()) add_fact(e, "country", std::string(text));
    }
    std::vector<std::string> parts;
    if (const auto numbered = split_numbered(text); numbered.size() > 1) {
      for (const std::string_view p : numbered) parts.push_back(collapse_spaces(p));
    } else {
      parts.push_back(collapse_spaces(text));
    }
    count = std::max(count, parts.size());
    columns.push_back(std::move(parts));
  }
  for (std::size_t k = 0; k < count && !columns.empty(); ++k) {
    std::string address;
    for (const auto& parts : columns) {
      const std::string& part = parts.size() == count ? parts[k] : parts.front();
      if (!address.empty()) address += ", ";
      address += part;
    }
    if (std::find(e.entity.addresses.begin(), e.entity.addresses.end(), address) == e.entity.addresses.end()) {
      e.entity.addresses.push_back(std::move(address));
    }
  }
}

/// A labelled value: an FCDO column, or a `(Label):value` sub-field of ConList's Other Information.
void UkReader::fold_labelled(Group& g, ListEntry& e, std::string_view label, std::string_view value) {
  value = core::trim(value);
  if (value.empty()) return;
  const std::string l = collapse_spaces(lower(label));
  if (l == "uk sanctions list ref") {
    // `RUS1831. Financial sanctions imposed …`: the reference is the first word.
    std::size_t end = 0;
    while (end < value.size() && value[end] != ' ' && value[end] != '.' && value[end] != ',') ++end;
    add_fact(e, "uk_sanctions_list_ref", std::string(value.substr(0, end)));
    const std::string_view rest = core::trim(value.substr(end));
    const std::string_view remarks = rest.starts_with(".") ? core::trim(rest.substr(1)) : rest;
    add_fact(e, "remarks", collapse_spaces(remarks));
  } else if (l == "uk statement of reasons") {
    add_fact(e, "statement_of_reasons", collapse_spaces(value));
  } else if (l == "website" || l == "phone number" || l == "email address") {
    const std::string scheme = l == "website" ? "website" : l == "phone number" ? "phone" : "email";
    for (const std::string_view v : split_numbered(value)) add_identifier(e, scheme, v);
  } else if (l == "business reg no" || l == "business registration number (s)") {
    add_fact(e, "business_registration", collapse_spaces(value));
    for (const std::string_view v : split_numbered(value)) {
      const std::string lv = lower(v);
      std::string scheme = "registration_id";
      if (lv.find("ogrn") != std::string::npos) scheme = "ogrn";
      else if (lv.find("inn") != std::string::npos || lv.find("tin") != std::string::npos) scheme = "inn";
      else if (lv.find("kpp") != std::string::npos) scheme = "kpp";
      else if (lv.find("okpo") != std::string::npos) scheme = "okpo";
      // The number is the last word: `Kazakhstan BIN - 170440031562`, `Russian TIN: 7718763393`.
      std::string_view number = v;
      if (const std::size_t sp = number.find_last_of(" :"); sp != std::string_view::npos) number = number.substr(sp + 1);
      if (std::any_of(number.begin(), number.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
        add_identifier(e, scheme, number);
      }
    }
  } else if (l == "type of entity") {
    add_fact(e, "entity_type", collapse_spaces(value));
  } else if (l == "parent company") {
    for (const std::string_view part : split_numbered(value)) {
      for (const std::string_view v : core::split_list(part, ';')) {  // several names in one part: `A; B`
        add_fact(e, "parent_company", collapse_spaces(v));
        add_unique(g.parents, collapse_spaces(v));
      }
    }
  } else if (l == "subsidiaries") {
    for (const std::string_view part : split_numbered(value)) {
      for (const std::string_view v : core::split_list(part, ';')) {  // several names in one part: `A; B`
        add_fact(e, "subsidiary", collapse_spaces(v));
        add_unique(g.subsidiaries, collapse_spaces(v));
      }
    }
  } else if (l == "imo number") {
    for (const std::string_view v : split_numbered(value)) add_identifier(e, "imo", v);
  } else if (l == "current believed flag of ship") {
    add_fact(e, "vessel_flag", std::string(value));
  } else if (l == "type of ship") {
    add_fact(e, "vessel_type", std::string(value));
  } else if (l == "tonnage of ship") {
    add_fact(e, "tonnage", std::string(value));
  } else if (l == "gender") {
    add_fact(e, "gender", collapse_spaces(value));
  } else {
    add_fact(e, snake_case(l), collapse_spaces(value));
  }
}

/// ConList's Other Information: free text with `(Label):value` sub-fields, e.g.
/// `(UK Sanctions List Ref):RUS2305. … (Website):https://armtek.kz/ (Type of entity):Limited …`.
void UkReader::fold_other_information(Group& g, ListEntry& e, std::string_view text) {
  struct Label {
    std::size_t open;        // `(`
    std::size_t value_start;  // after `):`
    std::string_view name;
  };
  std::vector<Label> labels;
  for (std::size_t at = text.find("):"); at != std::string_view::npos; at = text.find("):", at + 2)) {
    const std::size_t open = text.rfind('(', at);
    if (open == std::string_view::npos) continue;
    const std::string_view name = text.substr(open + 1, at - open - 1);
    const bool plain = !name.empty() && std::isupper(static_cast<unsigned char>(name.front())) != 0 &&
                       std::all_of(name.begin(), name.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == ' ' || c == '/' || c == '-';
                       });
    if (plain) labels.push_back({open, at + 2, name});
  }
  const std::string_view before = core::trim(text.substr(0, labels.empty() ? text.size() : labels.front().open));
  if (!before.empty()) add_fact(e, "remarks", collapse_spaces(before));
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::size_t end = i + 1 < labels.size() ? labels[i + 1].open : text.size();
    fold_labelled(g, e, labels[i].name, text.substr(labels[i].value_start, end - labels[i].value_start));
  }
  // IMO numbers of ships, wherever the text gives them: `IMO 9187629`, `IMO number: 9187629`.
  for (std::size_t at = text.find("IMO"); at != std::string_view::npos; at = text.find("IMO", at + 3)) {
    std::size_t d = at + 3;
    while (d < text.size() && d < at + 16 && std::isdigit(static_cast<unsigned char>(text[d])) == 0) ++d;
    std::size_t end = d;
    while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])) != 0) ++end;
    if (end - d == 7) add_identifier(e, "imo", text.substr(d, 7));
  }
}

std::string normalised_name(std::string_view s) {
  std::string n = lower(collapse_spaces(s));
  while (!n.empty() && (n.back() == '.' || n.back() == ',')) n.pop_back();
  return n;
}

void UkReader::finish() {
  const std::string list = fcdo_ ? "UK-FCDO" : "UK-OFSI";
  const std::string file_name = std::filesystem::path(file_).filename().string();
  std::unordered_map<std::string, std::size_t> by_name;  // every name of every party → its entry
  for (std::size_t i = 0; i < snap_.entries.size(); ++i) {
    for (const model::Name& n : snap_.entries[i].entity.names) by_name.try_emplace(normalised_name(n.text), i);
  }
  std::set<std::pair<std::size_t, std::size_t>> owned;  // (parent, subsidiary) already related
  for (auto& [id, g] : groups_) {
    ListEntry& e = snap_.entries[g.entry];
    (void)id;
    // Persons: nationality first; everyone: the countries of their addresses.
    for (const auto& c : g.nationality_countries) add_unique(e.entity.countries, c);
    for (const auto& c : g.address_countries) add_unique(e.entity.countries, c);
    std::vector<std::string> measures{"asset_freeze"};
    if (fcdo_) {
      measures.clear();
      for (const ListFact& f : e.facts) {
        if (f.key == "sanctions_imposed") measures.push_back(f.value);
      }
    }
    for (const auto& [program, listed] : g.regimes) {
      model::Designation d;
      d.entity = e.entity.id;
      d.regime = "UK";
      d.list = list;
      d.programs = {program};
      d.listed_from = listed;
      d.measures = measures;
      d.source_ref = fmt::format("{}:{}", file_name, e.where.line);
      e.designations.push_back(std::move(d));
    }
    // `Parent company` / `Subsidiaries` name other parties: related when listed here too (by any of
    // their names), otherwise only the facts remain. The share is not stated.
    auto relate = [&](std::size_t parent, std::size_t child) {
      if (parent == child || !owned.emplace(parent, child).second) return;
      model::Relation r;
      r.source = snap_.entries[parent].entity.id;
      r.target = snap_.entries[child].entity.id;
      r.kind = model::RelationKind::ownership;
      snap_.relations.push_back(std::move(r));
    };
    for (const std::string& p : g.parents) {
      if (const auto it = by_name.find(normalised_name(p)); it != by_name.end()) relate(it->second, g.entry);
    }
    for (const std::string& s : g.subsidiaries) {
      if (const auto it = by_name.find(normalised_name(s)); it != by_name.end()) relate(g.entry, it->second);
    }
  }
  // groups_ is unordered: relations in the order of the owned entries, then the owners.
  std::sort(snap_.relations.begin(), snap_.relations.end(), [](const model::Relation& a, const model::Relation& b) {
    return std::tie(a.target, a.source) < std::tie(b.target, b.source);
  });
}

}  // namespace

ListSnapshot read_uk_csv(const std::filesystem::path& path, core::Diagnostics& diags, const ListReadOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(fmt::format("cannot open {}", path.string()));
  in.seekg(0, std::ios::end);
  std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
  in.seekg(0, std::ios::beg);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (in.bad() || static_cast<std::size_t>(in.gcount()) != bytes.size()) {
    throw IoError(fmt::format("cannot read {}", path.string()));
  }
  const std::string file = path.string();
  if (bytes.substr(0, std::min<std::size_t>(bytes.size(), 4096)).find('\0') != std::string::npos) {
    // The 2025 list is published as XLSX: a zip archive, not CSV.
    const bool zip = bytes.starts_with("PK\x03\x04");
    core::Diagnostic d;
    d.code = zip ? "E2340" : std::string(kBadEncoding);
    d.message = zip ? "not a UK sanctions list CSV: the file is a zip archive (an XLSX workbook?)"
                    : "the file holds NUL bytes: it is UTF-16 or not text";
    d.where.file = file;
    d.label = zip ? "expected CSV text" : "expected UTF-8 or Windows-1252 text";
    d.notes.emplace_back(zip ? "help: export the workbook's `Data` sheet as CSV (UTF-8) and import that"
                             : "help: save the list as CSV in UTF-8");
    diags.add(std::move(d));
    ListSnapshot empty;
    empty.format = ListFormat::uk_csv;
    empty.source = "uk-ofsi";
    empty.files = {path};
    return empty;
  }
  std::string text = to_utf8(std::move(bytes), file, diags, options.max_errors);
  CsvReader csv = CsvReader::from_text(std::move(text), file);
  UkReader reader(file, diags, options);
  ListSnapshot snap = reader.read(csv);
  snap.files = {path};
  return snap;
}

}  // namespace sanx::ingest
