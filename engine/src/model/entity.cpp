#include "sanx/model/entity.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

#include "sanx/core/assert.hpp"
#include "sanx/core/country.hpp"
#include "sanx/core/text.hpp"
#include "model/enum_names.hpp"

namespace sanx::model {

namespace {

// Indexed by enumerator value.
constexpr std::array<std::string_view, 6> kEntityKindNames = {"person", "company", "organization",
                                                              "bank",   "vessel",  "aircraft"};
constexpr std::array<std::string_view, 4> kNameKindNames = {"primary", "aka", "fka", "weak"};
constexpr std::array<std::string_view, 3> kWebPresenceNames = {"none", "thin", "normal"};

// Scripts detect_script() recognises, in tie-breaking order.
enum class Script : std::uint8_t {
  latin, cyrillic, greek, armenian, georgian, hebrew, arabic, han, hiragana, katakana, hangul, thai, devanagari,
  count
};
constexpr std::array<std::string_view, static_cast<std::size_t>(Script::count)> kScriptCodes = {
    "Latn", "Cyrl", "Grek", "Armn", "Geor", "Hebr", "Arab", "Hani", "Hira", "Kana", "Hang", "Thai", "Deva"};

/// A range of code points that are letters of one script. Marks, digits and punctuation inside the
/// script blocks are left out, so that they do not count as letters.
struct ScriptRange {
  char32_t first;
  char32_t last;
  Script script;
};

// Sorted by `first`, non-overlapping.
constexpr ScriptRange kLetterRanges[] = {
    {U'A', U'Z', Script::latin},
    {U'a', U'z', Script::latin},
    {0x00AA, 0x00AA, Script::latin},
    {0x00BA, 0x00BA, Script::latin},
    {0x00C0, 0x00D6, Script::latin},
    {0x00D8, 0x00F6, Script::latin},
    {0x00F8, 0x024F, Script::latin},  // Latin-1 letters, Latin Extended-A and -B
    {0x0250, 0x02AF, Script::latin},  // IPA extensions
    {0x0370, 0x0373, Script::greek},
    {0x0376, 0x0377, Script::greek},
    {0x037B, 0x037D, Script::greek},
    {0x037F, 0x037F, Script::greek},
    {0x0386, 0x0386, Script::greek},
    {0x0388, 0x03FF, Script::greek},
    {0x0400, 0x0481, Script::cyrillic},
    {0x048A, 0x052F, Script::cyrillic},
    {0x0531, 0x0556, Script::armenian},
    {0x0560, 0x0588, Script::armenian},
    {0x05D0, 0x05EA, Script::hebrew},
    {0x05EF, 0x05F2, Script::hebrew},
    {0x0620, 0x064A, Script::arabic},  // includes the Persian yeh forms
    {0x066E, 0x066F, Script::arabic},
    {0x0671, 0x06D3, Script::arabic},  // includes Persian پ چ ژ ک گ
    {0x06D5, 0x06D5, Script::arabic},
    {0x06EE, 0x06EF, Script::arabic},
    {0x06FA, 0x06FC, Script::arabic},
    {0x06FF, 0x06FF, Script::arabic},
    {0x0750, 0x077F, Script::arabic},  // Arabic Supplement
    {0x08A0, 0x08C9, Script::arabic},  // Arabic Extended-A
    {0x0904, 0x0939, Script::devanagari},
    {0x093D, 0x093D, Script::devanagari},
    {0x0950, 0x0950, Script::devanagari},
    {0x0958, 0x0961, Script::devanagari},
    {0x0971, 0x097F, Script::devanagari},
    {0x0E01, 0x0E30, Script::thai},
    {0x0E32, 0x0E33, Script::thai},
    {0x0E40, 0x0E46, Script::thai},
    {0x10A0, 0x10C5, Script::georgian},
    {0x10C7, 0x10C7, Script::georgian},
    {0x10CD, 0x10CD, Script::georgian},
    {0x10D0, 0x10FA, Script::georgian},
    {0x10FC, 0x10FF, Script::georgian},
    {0x1100, 0x11FF, Script::hangul},  // Hangul Jamo
    {0x1C80, 0x1C88, Script::cyrillic},  // Cyrillic Extended-C
    {0x1C90, 0x1CBA, Script::georgian},  // Georgian Extended (Mtavruli)
    {0x1CBD, 0x1CBF, Script::georgian},
    {0x1E00, 0x1EFF, Script::latin},  // Latin Extended Additional (Vietnamese)
    {0x1F00, 0x1FBC, Script::greek},  // Greek Extended
    {0x1FC2, 0x1FCC, Script::greek},
    {0x1FD0, 0x1FDB, Script::greek},
    {0x1FE0, 0x1FEC, Script::greek},
    {0x1FF2, 0x1FFC, Script::greek},
    {0x2C60, 0x2C7F, Script::latin},  // Latin Extended-C
    {0x2D00, 0x2D25, Script::georgian},  // Georgian Supplement
    {0x2D27, 0x2D27, Script::georgian},
    {0x2D2D, 0x2D2D, Script::georgian},
    {0x3005, 0x3005, Script::han},  // ideographic iteration mark 々
    {0x3007, 0x3007, Script::han},
    {0x3041, 0x3096, Script::hiragana},
    {0x309D, 0x309F, Script::hiragana},
    {0x30A1, 0x30FA, Script::katakana},
    {0x30FD, 0x30FF, Script::katakana},
    {0x3131, 0x318E, Script::hangul},  // Hangul Compatibility Jamo
    {0x31F0, 0x31FF, Script::katakana},
    {0x3400, 0x4DBF, Script::han},  // CJK Extension A
    {0x4E00, 0x9FFF, Script::han},  // CJK Unified Ideographs
    {0xA640, 0xA66E, Script::cyrillic},  // Cyrillic Extended-B
    {0xA680, 0xA69D, Script::cyrillic},
    {0xA722, 0xA7FF, Script::latin},  // Latin Extended-D
    {0xAC00, 0xD7A3, Script::hangul},  // Hangul Syllables
    {0xF900, 0xFAFF, Script::han},  // CJK Compatibility Ideographs
    {0xFB1D, 0xFB1D, Script::hebrew},
    {0xFB1F, 0xFB28, Script::hebrew},
    {0xFB2A, 0xFB4F, Script::hebrew},
    {0xFB50, 0xFDFB, Script::arabic},  // Arabic Presentation Forms-A
    {0xFE70, 0xFEFC, Script::arabic},  // Arabic Presentation Forms-B
    {0xFF21, 0xFF3A, Script::latin},  // fullwidth Latin
    {0xFF41, 0xFF5A, Script::latin},
    {0xFF66, 0xFF9D, Script::katakana},  // halfwidth Katakana
    {0xFFA0, 0xFFDC, Script::hangul},  // halfwidth Hangul
    {0x20000, 0x2FA1F, Script::han},  // CJK Extensions B–F and Compatibility Supplement
    {0x30000, 0x323AF, Script::han},  // CJK Extensions G–H
};

constexpr bool letter_ranges_are_sorted() noexcept {
  for (std::size_t i = 0; i < std::size(kLetterRanges); ++i) {
    if (kLetterRanges[i].first > kLetterRanges[i].last) return false;
    if (i > 0 && kLetterRanges[i - 1].last >= kLetterRanges[i].first) return false;
  }
  return true;
}
static_assert(letter_ranges_are_sorted(), "script_of() binary-searches kLetterRanges");

std::optional<Script> script_of(char32_t cp) noexcept {
  const auto* it = std::upper_bound(std::begin(kLetterRanges), std::end(kLetterRanges), cp,
                                    [](char32_t c, const ScriptRange& r) { return c < r.first; });
  if (it == std::begin(kLetterRanges)) return std::nullopt;
  --it;
  if (cp > it->last) return std::nullopt;
  return it->script;
}

/// Decodes the code point at `i` and advances `i`; ill-formed bytes are skipped one at a time and yield
/// no code point.
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const std::size_t len = b0 < 0x80U ? 1 : b0 < 0xE0U ? 2 : b0 < 0xF0U ? 3 : 4;
  if (s.size() - i < len || core::find_invalid_utf8(s.substr(i, len)) != std::string_view::npos) {
    ++i;
    return std::nullopt;
  }
  auto byte = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
  char32_t cp = 0;
  switch (len) {
    case 1: cp = byte(0); break;
    case 2: cp = ((byte(0) & 0x1FU) << 6) | (byte(1) & 0x3FU); break;
    case 3: cp = ((byte(0) & 0x0FU) << 12) | ((byte(1) & 0x3FU) << 6) | (byte(2) & 0x3FU); break;
    default:
      cp = ((byte(0) & 0x07U) << 18) | ((byte(1) & 0x3FU) << 12) | ((byte(2) & 0x3FU) << 6) | (byte(3) & 0x3FU);
      break;
  }
  i += len;
  return cp;
}

bool is_upper_letter(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_upper_alnum(char c) noexcept { return is_upper_letter(c) || (c >= '0' && c <= '9'); }

}  // namespace

const std::string& Entity::primary_name() const {
  static const std::string kNoName;
  return names.empty() ? kNoName : names.front().text;
}

std::vector<std::string_view> Entity::identifiers_of(std::string_view scheme) const {
  std::vector<std::string_view> values;
  for (const Identifier& identifier : identifiers) {
    if (identifier.scheme == scheme) values.emplace_back(identifier.value);
  }
  return values;
}

std::string_view to_string(EntityKind k) noexcept { return detail::name_of(kEntityKindNames, k); }

std::optional<EntityKind> parse_entity_kind(std::string_view s) noexcept {
  return detail::parse_name<EntityKind>(kEntityKindNames, s);
}

std::string_view to_string(NameKind k) noexcept { return detail::name_of(kNameKindNames, k); }

std::optional<NameKind> parse_name_kind(std::string_view s) noexcept {
  return detail::parse_name<NameKind>(kNameKindNames, s);
}

std::string_view to_string(WebPresence w) noexcept { return detail::name_of(kWebPresenceNames, w); }

std::optional<WebPresence> parse_web_presence(std::string_view s) noexcept {
  return detail::parse_name<WebPresence>(kWebPresenceNames, s);
}

bool is_sector_word(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
  });
}

std::optional<std::string> normalize_phone(std::string_view s) {
  std::size_t i = 0;
  if (s.starts_with('+')) {
    i = 1;
  } else if (s.starts_with("00")) {
    i = 2;  // the international call prefix most of the world dials instead of `+`
  } else {
    return std::nullopt;
  }
  std::string out = "+";
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      out += c;
    } else if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  const std::size_t digits = out.size() - 1;
  if (digits < 7 || digits > 15 || out[1] == '0') return std::nullopt;  // country codes never start with 0
  return out;
}

std::string detect_script(std::string_view utf8) {
  std::array<std::size_t, static_cast<std::size_t>(Script::count)> letters{};
  std::size_t i = 0;
  while (i < utf8.size()) {
    if (const auto cp = next_code_point(utf8, i)) {
      if (const auto script = script_of(*cp)) ++letters[static_cast<std::size_t>(*script)];
    }
  }
  // The first maximum wins, so ties go to the script listed first in kScriptCodes.
  const auto best = std::max_element(letters.begin(), letters.end());
  if (*best == 0) return "Zyyy";
  return std::string(kScriptCodes[static_cast<std::size_t>(best - letters.begin())]);
}

std::optional<Identifier> parse_identifier(std::string_view s) {
  s = core::trim(s);
  const std::size_t colon = s.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string scheme = core::to_lower_ascii(s.substr(0, colon));
  const std::string_view value = core::trim(s.substr(colon + 1));
  if (scheme.empty() || value.empty()) return std::nullopt;
  if (scheme.front() < 'a' || scheme.front() > 'z') return std::nullopt;
  for (const char c : scheme) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return std::nullopt;
  }
  return Identifier{std::move(scheme), std::string(value)};
}

bool is_valid_bic(std::string_view bic) noexcept {
  if (bic.size() != 8 && bic.size() != 11) return false;
  for (std::size_t i = 0; i < bic.size(); ++i) {
    if (i < 6 ? !is_upper_letter(bic[i]) : !is_upper_alnum(bic[i])) return false;
  }
  return core::is_country_code(bic.substr(4, 2));
}

std::string_view bic_country(std::string_view bic) noexcept {
  if (bic.size() < 6) return {};
  return bic.substr(4, 2);
}

std::string bic_fallback(std::string_view bic) {
  if (bic.size() == 11) return std::string(bic.substr(0, 8));
  if (bic.size() == 8) return std::string(bic) + "XXX";
  return {};
}

}  // namespace sanx::model
