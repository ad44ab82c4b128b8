// Name normalisation with ICU: transliteration is the expensive part, so a prototype transliterator is
// created once and each thread clones its own (an icu::Transliterator is not thread-safe). Pure ASCII
// names, by far the most common, never reach ICU.
#include "match/normalize.hpp"

#include <fmt/core.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <memory>
#include <span>
#include <unordered_map>
#include <utility>

#include "sanx/core/error.hpp"
#include "sanx/core/text.hpp"
#include "sanx/match/screening.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::match::detail {

// Russian by BGN/PCGN (the romanisation most lists use for Russians), then every other script by ICU's
// Any-Latin (Han → pinyin with tone marks, which Latin-ASCII strips), then to ASCII and lower case.
constexpr const char* kTransliteration = "NFKC; Russian-Latin/BGN; Any-Latin; Latin-ASCII; Any-Lower";

namespace {

constexpr const char* kFallback = "NFKC; Any-Latin; Latin-ASCII; Any-Lower";

std::atomic<std::uint64_t> transliterated{0};  // names transliterated by ICU (icu_transliterations)

struct Prototype {
  std::unique_ptr<icu::Transliterator> transliterator;
  bool primary = false;  // kTransliteration, not kFallback
};

const Prototype& prototype() {
  static const Prototype made = [] {
    Prototype p;
    for (const char* id : {kTransliteration, kFallback}) {
      UErrorCode status = U_ZERO_ERROR;
      p.transliterator.reset(icu::Transliterator::createInstance(icu::UnicodeString::fromUTF8(id), UTRANS_FORWARD, status));
      if (U_SUCCESS(status) && p.transliterator) {
        p.primary = id == kTransliteration;
        return p;
      }
      p.transliterator.reset();
    }
    return p;
  }();
  return made;
}

icu::Transliterator& thread_transliterator() {
  const Prototype& p = prototype();
  if (!p.transliterator) throw Error("ICU transliterators are not available (is the ICU data library installed?)");
  thread_local std::unique_ptr<icu::Transliterator> mine(p.transliterator->clone());
  return *mine;
}

bool is_cyrillic(UChar32 c) noexcept { return c >= 0x0400 && c <= 0x052F; }
bool is_latin_letter(UChar32 c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0x00C0 && c <= 0x024F && c != 0x00D7 && c != 0x00F7);
}
bool is_arabic(UChar32 c) noexcept { return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F); }

// Letters that look the same in Cyrillic and Latin: a word mixing both scripts (a spoofed or mistyped
// name) is read in the script of most of its letters.
constexpr std::array<std::pair<UChar32, UChar32>, 30> kHomoglyphs = {{
    {0x0430, 'a'}, {0x0435, 'e'}, {0x043E, 'o'}, {0x0440, 'p'}, {0x0441, 'c'}, {0x0443, 'y'}, {0x0445, 'x'},
    {0x0456, 'i'}, {0x0458, 'j'}, {0x0455, 's'}, {0x0410, 'A'}, {0x0412, 'B'}, {0x0415, 'E'}, {0x041A, 'K'},
    {0x041C, 'M'}, {0x041D, 'H'}, {0x041E, 'O'}, {0x0420, 'P'}, {0x0421, 'C'}, {0x0422, 'T'}, {0x0423, 'Y'},
    {0x0425, 'X'}, {0x0406, 'I'}, {0x0408, 'J'}, {0x0405, 'S'}, {0x043A, 'k'}, {0x043C, 'm'}, {0x0442, 't'},
    {0x0432, 'b'}, {0x043D, 'h'},
}};

UChar32 to_latin_glyph(UChar32 c) noexcept {
  for (const auto& [cyr, lat] : kHomoglyphs) {
    if (cyr == c) return lat;
  }
  return c;
}
UChar32 to_cyrillic_glyph(UChar32 c) noexcept {
  // Only the unambiguous shapes: lower-case t, m, k, b, h look different in Cyrillic.
  for (std::size_t i = 0; i < 25; ++i) {
    if (kHomoglyphs[i].second == c) return kHomoglyphs[i].first;
  }
  return c;
}

// Fixes homoglyphs word by word and folds Persian letters and Arabic spelling variants into one form.
icu::UnicodeString prepare(const icu::UnicodeString& in, bool& arabic) {
  icu::UnicodeString out;
  int32_t i = 0;
  const int32_t n = in.length();
  int arabic_letters = 0;
  int letters = 0;
  while (i < n) {
    // one word: a run of characters that are not white space
    int32_t j = i;
    int latin = 0;
    int cyrillic = 0;
    while (j < n) {
      const UChar32 c = in.char32At(j);
      if (u_isUWhiteSpace(c)) break;
      if (is_latin_letter(c)) ++latin;
      if (is_cyrillic(c)) ++cyrillic;
      j += U16_LENGTH(c);
    }
    const bool mixed = latin > 0 && cyrillic > 0;
    for (int32_t k = i; k < j;) {
      UChar32 c = in.char32At(k);
      k += U16_LENGTH(c);
      if (mixed) c = latin >= cyrillic ? to_latin_glyph(c) : to_cyrillic_glyph(c);
      if (is_arabic(c)) ++arabic_letters;
      if (u_isalpha(c)) ++letters;
      switch (c) {
        case 0x06CC: c = 0x064A; break;  // Persian yeh → Arabic yeh
        case 0x0649: c = 0x064A; break;  // alef maksura → yeh
        case 0x06A9: c = 0x0643; break;  // Persian keheh → Arabic kaf
        case 0x0629: c = 0x0627; break;  // teh marbuta: a final vowel ("Hamza", "Hamzah")
        case 0x06C1: case 0x06BE: case 0x06C3: c = 0x0647; break;  // Urdu heh forms → heh
        case 0x06D2: c = 0x064A; break;  // Urdu yeh barree → yeh
        case 0x06BA: c = 0x0646; break;  // noon ghunna → noon
        case 0x0679: c = 0x062A; break;  // tteh → teh
        case 0x0688: c = 0x062F; break;  // ddal → dal
        case 0x0691: c = 0x0631; break;  // rreh → reh
        case 0x0640: continue;           // tatweel (kashida): elongation only
        default: break;
      }
      if (c >= 0x064B && c <= 0x065F) continue;  // Arabic vowel signs: lists seldom write them
      if (c == 0x0670) continue;
      out.append(c);
    }
    while (j < n && u_isUWhiteSpace(in.char32At(j))) {
      out.append(static_cast<UChar>(' '));
      j += U16_LENGTH(in.char32At(j));
    }
    i = j;
  }
  arabic = letters > 0 && arabic_letters * 2 >= letters;
  return out;
}

bool is_han(UChar32 c) noexcept {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2FA1F);
}

// ICU's Han-Latin is by far its slowest transliterator (about 1.4 ms for a 15-character name) and reads
// one character at a time: each character's reading is transliterated once per thread and kept.
icu::UnicodeString with_han_readings(const icu::UnicodeString& in) {
  bool any = false;
  for (int32_t i = 0; i < in.length() && !any; i += U16_LENGTH(in.char32At(i))) any = is_han(in.char32At(i));
  if (!any) return in;
  thread_local std::unordered_map<UChar32, icu::UnicodeString> readings;
  icu::UnicodeString out;
  for (int32_t i = 0; i < in.length();) {
    const UChar32 c = in.char32At(i);
    i += U16_LENGTH(c);
    if (!is_han(c)) {
      out.append(c);
      continue;
    }
    auto it = readings.find(c);
    if (it == readings.end()) {
      icu::UnicodeString reading(c);
      thread_transliterator().transliterate(reading);
      it = readings.emplace(c, icu::UnicodeString(" ") + reading + icu::UnicodeString(" ")).first;
    }
    out.append(it->second);
  }
  return out;
}

bool is_apostrophe(UChar32 c) noexcept {
  switch (c) {
    case '\'': case '`': case 0x00B4: case 0x2018: case 0x2019: case 0x02BC: case 0x02BB: case 0x02BE:
    case 0x02BF: case 0x02B9: case 0x02BA: case 0x02C8: case 0x2032:
      return true;
    default:
      return false;
  }
}

// ASCII letters and digits kept (lower-cased), apostrophes and marks dropped, everything else a space.
// Letters ICU could not make Latin are kept, case-folded, so that they still match themselves.
void append_cleaned(std::string& out, const icu::UnicodeString& s) {
  const int32_t n = s.length();
  for (int32_t i = 0; i < n;) {
    const UChar32 c = s.char32At(i);
    i += U16_LENGTH(c);
    if (c < 0x80) {
      const auto ch = static_cast<char>(c);
      if (ch >= 'a' && ch <= 'z') out += ch;
      else if (ch >= 'A' && ch <= 'Z') out += static_cast<char>(ch - 'A' + 'a');
      else if (ch >= '0' && ch <= '9') out += ch;
      else if (ch == '\'' || ch == '`') continue;
      else out += ' ';
      continue;
    }
    if (is_apostrophe(c)) continue;
    const int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_COMBINING_SPACING_MARK) continue;
    if (type == U_MODIFIER_LETTER) continue;
    if (u_isalnum(c)) {
      icu::UnicodeString(u_foldCase(c, U_FOLD_CASE_DEFAULT)).toUTF8String(out);
      continue;
    }
    out += ' ';
  }
}

// Arabic-script names: a word starting with the article al- is split so that "altkryty" meets
// "al-Tikriti" and "Tikriti". Both parts are parts of the word: `f` is called for each.
template <typename F>
void arabic_token_rules(std::string_view token, F&& f) {
  if (token != "allh" && token.size() >= 4 && token.substr(0, 2) == "al") {  // not Allah (Abdullah, Matiullah)
    f(token.substr(0, 2));
    f(token.substr(2));
    return;
  }
  f(token);
}

struct LegalForm {
  std::string_view token;
  std::string_view canonical;
};

// One-token legal forms and their canonical form; equivalent forms share one (OOO = LLC, PAO = PJSC,
// ZAO = CJSC; an OAO became a PAO under the 2014 reform). Cyrillic forms arrive transliterated.
constexpr LegalForm kLegalForms[] = {
    {"llc", "llc"}, {"ooo", "llc"}, {"tov", "llc"}, {"too", "llc"}, {"mchj", "llc"}, {"sro", "llc"},
    {"pjsc", "pjsc"}, {"pao", "pjsc"}, {"oao", "pjsc"}, {"ojsc", "pjsc"}, {"cjsc", "cjsc"}, {"zao", "cjsc"},
    {"jsc", "jsc"}, {"ao", "jsc"}, {"pat", "pjsc"}, {"fgup", "fsue"}, {"fsue", "fsue"}, {"gup", "sue"},
    {"sue", "sue"}, {"nao", "jsc"}, {"fze", "fze"}, {"fzco", "fzco"}, {"fzc", "fzco"}, {"fzllc", "fzllc"},
    {"dmcc", "dmcc"}, {"llp", "llp"}, {"lp", "lp"}, {"co", "co"}, {"company", "co"}, {"cie", "co"},
    {"sherkat", "co"}, {"shirkat", "co"}, {"shrkt", "co"}, {"sharikat", "co"}, {"shrka", "co"},
    {"corp", "corp"}, {"corporation", "corp"}, {"inc", "inc"}, {"incorporated", "inc"}, {"ltd", "ltd"},
    {"limited", "ltd"}, {"gmbh", "gmbh"}, {"ag", "ag"}, {"sa", "sa"}, {"sas", "sas"}, {"sarl", "sarl"},
    {"srl", "srl"}, {"spa", "spa"}, {"bv", "bv"}, {"nv", "nv"}, {"plc", "plc"}, {"as", "as"}, {"ab", "ab"},
    {"oy", "oy"}, {"oyj", "oy"}, {"kg", "kg"}, {"kft", "kft"}, {"sti", "ltd"}, {"pte", "pte"}, {"pvt", "pvt"},
    {"bhd", "bhd"}, {"sdn", "sdn"}, {"tic", "trading"}, {"ticaret", "trading"}, {"sanayi", "industry"},
    {"sp", "sp"},
};

struct LegalPhrase {
  std::array<std::string_view, 5> words;
  std::size_t size;
  std::string_view canonical;
};

// Legal forms written out in several tokens (after transliteration).
constexpr LegalPhrase kLegalPhrases[] = {
    {{"limited", "liability", "company"}, 3, "llc"},
    {{"obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"}, 4, "llc"},
    {{"public", "joint", "stock", "company"}, 4, "pjsc"},
    {{"open", "joint", "stock", "company"}, 4, "pjsc"},
    {{"closed", "joint", "stock", "company"}, 4, "cjsc"},
    {{"joint", "stock", "company"}, 3, "jsc"},
    {{"publichnoye", "aktsionernoye", "obshchestvo"}, 3, "pjsc"},
    {{"aktsionernoye", "obshchestvo"}, 2, "jsc"},
    {{"gu", "fen", "you", "xian", "gong"}, 5, "ltd"},
    {{"you", "xian", "gong", "si"}, 4, "ltd"},
    {{"you", "xian", "ze", "ren", "gong"}, 5, "ltd"},
    {{"gong", "si"}, 2, "co"},
    {{"a", "s"}, 2, "as"},
    {{"s", "a"}, 2, "sa"},
    {{"l", "l", "c"}, 3, "llc"},
    {{"closed", "joint", "stock", "co"}, 4, "cjsc"},
    {{"open", "joint", "stock", "co"}, 4, "pjsc"},
    {{"public", "joint", "stock", "co"}, 4, "pjsc"},
    {{"joint", "stock", "co"}, 3, "jsc"},
    {{"joint", "stock"}, 2, "jsc"},
    {{"ltd", "liability", "company"}, 3, "llc"},
    {{"limited", "liability", "co"}, 3, "llc"},
    {{"ltd", "liability", "co"}, 3, "llc"},
    {{"co", "ltd"}, 2, "ltd"},
    {{"co", "limited"}, 2, "ltd"},
    {{"ltd", "sti"}, 2, "ltd"},
};

constexpr std::string_view kArticles[] = {"al", "el", "ul", "ad", "ar", "ash", "az", "ud", "ed",
                                                       "as", "at", "an", "ol", "al", "di", "de", "du", "der", "van"};
constexpr std::string_view kParticles[] = {"bin", "ibn", "bint", "ben", "bn", "abn", "binti",
                                                        "bte", "ould", "ibnu", "wld", "walad"};
constexpr std::string_view kGeneric[] = {
    "bank", "banka", "banco", "trading", "trade", "international", "group", "holding", "holdings", "industrial",
    "industries", "industry", "investment", "investments", "import", "export", "services", "service",
    "general", "enterprise", "enterprises", "commercial", "development", "shipping", "marine", "global",
    "technology", "technologies", "tech", "electronics", "engineering", "management", "resources", "energy",
    "oil", "gas", "petroleum", "construction", "finance", "financial", "capital", "logistics", "foundation",
    "organization", "center", "ke"};

/// A bit per (length mod 16, first letter mod 32) of the words of a table: a word whose bit is clear is
/// none of them, told without comparing it with each or hashing it (most words asked are in no table).
class WordShapes {
 public:
  constexpr void add(std::string_view w) noexcept { bits_[slot(w) >> 6] |= std::uint64_t{1} << (slot(w) & 63); }
  [[nodiscard]] constexpr bool may_hold(std::string_view w) const noexcept {
    return !w.empty() && ((bits_[slot(w) >> 6] >> (slot(w) & 63)) & 1U) != 0;
  }

 private:
  static constexpr std::size_t slot(std::string_view w) noexcept {
    return (w.size() & 15U) * 32 + (static_cast<unsigned char>(w[0]) & 31U);
  }
  std::array<std::uint64_t, 8> bits_{};
};

bool in(std::string_view s, const auto& list) noexcept {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

bool is_patronymic(std::string_view t) noexcept {
  if (t.size() < 6) return false;
  for (std::string_view end : {"ovich", "evich", "ovna", "evna", "ichna", "ogly", "oglu", "kyzy", "qizi"}) {
    if (t.size() > end.size() && t.substr(t.size() - end.size()) == end) return true;
  }
  return false;
}

// Given names whose romanisations differ by more than the keys merge (x/ks, a final -er, Belarusian and
// Ukrainian forms): each variant compared as its first form.
constexpr std::string_view kNameVariants[][8] = {
    {"aleksandr", "alexander", "alexandr", "aleksander", "oleksandr", "aliaksandr", "alyaksandr", "aleksandar"},
    {"aleksey", "alexey", "alexei", "aleksei", "alexej", "oleksiy", "aliaksei", ""},
    {"dmitriy", "dmitry", "dmitrii", "dzmitry", "dzmitryy", "dmytro", "dimitri", "dmitri"},
    {"yevgeniy", "evgeny", "evgenii", "yevgeny", "evgeniy", "yevhen", "jevgenij", ""},
    {"sergey", "sergei", "serguei", "serhiy", "siarhei", "sergiy", "serhii", ""},
    {"mikhail", "mykhailo", "mikhaila", "mihail", "mikhael", "", "", ""},
    {"yuriy", "yuri", "yury", "iurii", "jurij", "yurii", "yurij", "iouri"},
    {"vladimir", "volodymyr", "uladzimir", "wladimir", "vladimer", "", "", ""},
    {"pavel", "pavlo", "paval", "", "", "", "", ""},
    {"andrey", "andrei", "andrii", "andriy", "andrej", "andrew", "", ""},
    {"nikolay", "nikolai", "mykola", "mikalai", "nicolai", "", "", ""},
    {"viktor", "victor", "wiktor", "", "", "", "", ""},
    {"yosef", "yousef", "yusuf", "youssef", "yousif", "yusef", "joseph", "josef"},
    {"ibrahim", "ebrahim", "ibraheem", "brahim", "", "", "", ""},
};

constexpr bool all_digits(std::string_view t) noexcept;

}  // namespace

namespace {

/// Each spelling of kNameVariants → its group's first form; the first group holding it wins, as a search
/// of the table in order would find. Built once: every token of every name and query is looked up.
const std::unordered_map<std::string_view, std::string_view>& variant_table() {
  static const auto table = [] {
    std::unordered_map<std::string_view, std::string_view> t;
    for (const auto& group : kNameVariants) {
      for (std::string_view v : group) {
        if (!v.empty()) t.try_emplace(v, group[0]);
      }
    }
    return t;
  }();
  return table;
}

/// kLegalForms by token, the first entry of a token winning; and the first words of kLegalPhrases.
const std::unordered_map<std::string_view, std::string_view>& legal_form_table() {
  static const auto table = [] {
    std::unordered_map<std::string_view, std::string_view> t;
    for (const auto& f : kLegalForms) t.try_emplace(f.token, f.canonical);
    return t;
  }();
  return table;
}
bool starts_legal_phrase(std::string_view word) {
  static constexpr WordShapes kShapes = [] {
    WordShapes shapes;
    for (const auto& p : kLegalPhrases) shapes.add(p.words[0]);
    return shapes;
  }();
  if (!kShapes.may_hold(word)) return false;
  static const auto firsts = [] {
    std::unordered_map<std::string_view, bool> t;
    for (const auto& p : kLegalPhrases) t.try_emplace(p.words[0], true);
    return t;
  }();
  return firsts.contains(word);
}

}  // namespace

std::string_view name_variant_of(std::string_view token) noexcept {
  const auto& table = variant_table();
  const auto it = table.find(token);
  return it == table.end() ? token : it->second;
}

namespace {

constexpr bool all_digits(std::string_view t) noexcept {
  return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string_view to_string(TokenClass c) noexcept {
  switch (c) {
    case TokenClass::word: return "word";
    case TokenClass::legal_form: return "legal form";
    case TokenClass::article: return "article";
    case TokenClass::particle: return "particle";
    case TokenClass::patronymic: return "patronymic";
    case TokenClass::initial: return "initial";
    case TokenClass::number: return "number";
  }
  return "word";
}

std::string_view legal_form_of(std::string_view token) noexcept {
  const auto& table = legal_form_table();
  const auto it = table.find(token);
  return it == table.end() ? std::string_view() : it->second;
}

bool is_generic_word(std::string_view key) noexcept {
  static constexpr WordShapes kShapes = [] {
    WordShapes shapes;
    for (const std::string_view w : kGeneric) shapes.add(w);
    return shapes;
  }();
  if (!kShapes.may_hold(key)) return false;
  return in(key, kGeneric);
}

namespace {

/// to_latin written over `out`, whose room is reused.
void to_latin_into(std::string& out, std::string_view utf8, bool* arabic, const model::NameTransliterations* stored) {
  if (arabic != nullptr) *arabic = false;
  const bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  out.clear();
  if (ascii) {
    // at most one char per byte, written without checking the room for each: by a table of what each
    // ASCII byte becomes (0 for the apostrophes, which go)
    static constexpr auto kAscii = [] {
      std::array<char, 128> to{};
      for (std::size_t c = 0; c < to.size(); ++c) {
        if (c >= 'a' && c <= 'z') to[c] = static_cast<char>(c);
        else if (c >= 'A' && c <= 'Z') to[c] = static_cast<char>(c - 'A' + 'a');
        else if (c >= '0' && c <= '9') to[c] = static_cast<char>(c);
        else if (c == '\'' || c == '`') to[c] = 0;
        else to[c] = ' ';
      }
      return to;
    }();
    out.resize(utf8.size());
    char* p = out.data();
    for (const char c : utf8) {
      const char to = kAscii[static_cast<unsigned char>(c)];  // ascii: every byte is below 0x80
      *p = to;
      p += to != 0 ? 1 : 0;
    }
    out.resize(static_cast<std::size_t>(p - out.data()));
    return;
  }
  if (stored != nullptr) {
    if (const model::NameTransliteration* known = stored->find(utf8); known != nullptr) {
      out.assign(known->latin);
      if (arabic != nullptr) *arabic = known->arabic;
      return;
    }
  }
  transliterated.fetch_add(1, std::memory_order_relaxed);
  out.reserve(utf8.size());
  bool is_arabic_name = false;
  icu::UnicodeString s = prepare(icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))), is_arabic_name);
  s = with_han_readings(s);
  thread_transliterator().transliterate(s);
  append_cleaned(out, s);
  if (arabic != nullptr) *arabic = is_arabic_name;
}

}  // namespace

std::string to_latin(std::string_view utf8, bool* arabic, const model::NameTransliterations* stored) {
  std::string out;
  to_latin_into(out, utf8, arabic, stored);
  return out;
}

std::uint64_t icu_transliterations() noexcept { return transliterated.load(std::memory_order_relaxed); }

bool primary_transliterator() { return prototype().primary; }

namespace {

// The consonant frame of a token with the digraphs of the usual romanisations merged; vowels are kept as
// one 'a' per run when `keep_vowels`, else dropped together with w (Arabic waw is as often a vowel).
// Written to `out`, which has room for 2 t.size() chars (a letter gives at most two, x → ks; a digraph
// one); returns the frame's size. Characters are written without growing a string for each: this runs
// for every token of every name screened and for the joined runs of its neighbouring tokens.

/// Whether a digraph may start with `c`: s t d z c k g p.
bool digraph_lead(char c) noexcept {
  constexpr std::uint32_t kLeads = (1U << ('s' - 'a')) | (1U << ('t' - 'a')) | (1U << ('d' - 'a')) | (1U << ('z' - 'a')) |
                                   (1U << ('c' - 'a')) | (1U << ('k' - 'a')) | (1U << ('g' - 'a')) | (1U << ('p' - 'a'));
  return c >= 'a' && c <= 'z' && ((kLeads >> (c - 'a')) & 1U) != 0;
}

/// The digraph starting at t[i] (a digraph_lead), longest first: shch/sch (щ), tch, dzh/dj/zh (ж, ج),
/// kh (х, خ), ts/tz (ц) …; how many letters it takes (0: none) and, in `to`, the letter it becomes.
std::size_t digraph_at(std::string_view t, std::size_t i, char* to) noexcept {
  const std::size_t n = t.size();
  const char b = i + 1 < n ? t[i + 1] : '\0';
  const char c2 = i + 2 < n ? t[i + 2] : '\0';
  auto becomes = [to](char letter, std::size_t take) {
    *to = letter;
    return take;
  };
  switch (t[i]) {
    case 's':
      if (b == 'h' && c2 == 'c' && (i + 3 < n ? t[i + 3] : '\0') == 'h') return becomes('S', 4);
      if ((b == 'c' && c2 == 'h') || (b == 'h' && c2 == 'h')) return becomes('S', 3);
      if (b == 'h') return becomes('S', 2);
      return 0;
    case 't':
      if (b == 'c' && c2 == 'h') return becomes('C', 3);
      if (b == 'h') return becomes('t', 2);
      if (b == 's' || b == 'z') return becomes('Z', 2);
      return 0;
    case 'd':
      if (b == 'z' && c2 == 'h') return becomes('J', 3);
      if (b == 'j') return becomes('J', 2);
      if (b == 'h') return becomes('d', 2);
      return 0;
    case 'z': return b == 'h' ? becomes('J', 2) : std::size_t{0};
    case 'c':
      if (b == 'h') return becomes('C', 2);
      if (b == 'k') return becomes('k', 2);
      return 0;
    case 'k': return b == 'h' ? becomes('h', 2) : std::size_t{0};
    case 'g': return b == 'h' ? becomes('g', 2) : std::size_t{0};
    case 'p': return b == 'h' ? becomes('f', 2) : std::size_t{0};
    default: return 0;
  }
}

/// One letter outside a digraph, with vowels kept, written at `p` (after the frame's start `out`).
char* vowel_letter(char c, char* p, const char* out) noexcept {
  switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':  // vowels and й: a run is one 'a'
      if (p == out || p[-1] != 'a') *p++ = 'a';
      break;
    case 'w': *p++ = 'v'; break;
    case 'q': case 'c': *p++ = 'k'; break;
    case 'j': *p++ = 'J'; break;
    case 'x': *p++ = 'k'; *p++ = 's'; break;
    default: *p++ = c; break;
  }
  return p;
}

/// One letter without vowels, written at `p`. Without vowels the other side is Arabic script
/// transliterated letter by letter, where "sh" may be ص followed by ح (Sahrawi): no digraphs then.
char* skeleton_letter(char c, char* p) noexcept {
  switch (c) {
    case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'w': break;  // vowels, й and waw
    case 'q': case 'c': *p++ = 'k'; break;
    // the comparison is with Arabic script, whose ج is written j or g (Rajab, Ragab), ق q, k or g
    // (Qasmi, Gasmi), and ض ذ ظ d, dh or z (Ramadan, Ramazan)
    case 'g': case 'j': *p++ = 'k'; break;
    case 'z': *p++ = 'd'; break;
    case 'x': *p++ = 'k'; *p++ = 's'; break;
    default: *p++ = c; break;
  }
  return p;
}

/// The end of a frame written in [out, p): a final h dropped (Hamza / Hamzah, Abdallah / Abdalla),
/// doubled letters collapsed, and the token's first letter when nothing is left. Returns its size.
std::size_t finish_frame(std::string_view t, char* out, char* p) noexcept {
  if (p - out > 1 && p[-1] == 'h') --p;
  p = std::unique(out, p);
  if (p == out && !t.empty()) *p++ = t[0];
  return static_cast<std::size_t>(p - out);
}

std::size_t frame_chars(std::string_view t, bool keep_vowels, char* out) noexcept {
  if (all_digits(t)) {
    std::memcpy(out, t.data(), t.size());
    return t.size();
  }
  char* p = out;
  if (keep_vowels) {
    for (std::size_t i = 0; i < t.size();) {
      const char c = t[i];
      char to = 0;
      if (const std::size_t take = digraph_lead(c) ? digraph_at(t, i, &to) : 0; take != 0) {
        *p++ = to;
        i += take;
        continue;
      }
      p = vowel_letter(c, p, out);
      ++i;
    }
  } else {
    for (const char c : t) p = skeleton_letter(c, p);
  }
  return finish_frame(t, out, p);
}

/// Both frames of one text in one pass: the skeleton's letters are those the vowel key's steps read.
std::pair<std::size_t, std::size_t> frames_chars(std::string_view t, char* skeleton_out, char* vowels_out) noexcept {
  if (all_digits(t)) {
    std::memcpy(skeleton_out, t.data(), t.size());
    std::memcpy(vowels_out, t.data(), t.size());
    return {t.size(), t.size()};
  }
  char* s = skeleton_out;
  char* v = vowels_out;
  for (std::size_t i = 0; i < t.size();) {
    const char c = t[i];
    char to = 0;
    if (const std::size_t take = digraph_lead(c) ? digraph_at(t, i, &to) : 0; take != 0) {
      *v++ = to;
      for (std::size_t k = i; k < i + take; ++k) s = skeleton_letter(t[k], s);
      i += take;
      continue;
    }
    v = vowel_letter(c, v, vowels_out);
    s = skeleton_letter(c, s);
    ++i;
  }
  return {finish_frame(t, skeleton_out, s), finish_frame(t, vowels_out, v)};
}

/// frame_chars into `out` (its old text replaced): on the stack for the usual short tokens and runs.
void frame_to(std::string& out, std::string_view t, bool keep_vowels) {
  constexpr std::size_t kShort = 64;
  if (t.size() <= kShort) {
    char buffer[2 * kShort];
    out.assign(buffer, frame_chars(t, keep_vowels, buffer));
    return;
  }
  std::string buffer(2 * t.size(), '\0');
  buffer.resize(frame_chars(t, keep_vowels, buffer.data()));
  out = std::move(buffer);
}

}  // namespace

std::string skeleton(std::string_view t) {
  std::string out;
  frame_to(out, t, false);
  return out;
}
std::string vowel_key(std::string_view t) {
  std::string out;
  frame_to(out, t, true);
  return out;
}
void assign_skeleton(std::string& out, std::string_view token) { frame_to(out, token, false); }
void assign_vowel_key(std::string& out, std::string_view token) { frame_to(out, token, true); }
void assign_keys(std::string& skeleton, std::string& vowels, std::string_view token) {
  constexpr std::size_t kShort = 64;
  if (token.size() > kShort) {
    assign_skeleton(skeleton, token);
    assign_vowel_key(vowels, token);
    return;
  }
  char skeleton_buffer[2 * kShort];
  char vowels_buffer[2 * kShort];
  const auto [skeleton_size, vowels_size] = frames_chars(token, skeleton_buffer, vowels_buffer);
  skeleton.assign(skeleton_buffer, skeleton_size);
  vowels.assign(vowels_buffer, vowels_size);
}

namespace {

/// The token of a single word outside a legal phrase depends on the word alone (its vowelless flag aside):
/// kept per thread, since the same words ("company", "llc", common given names) come back name after
/// name. Bounded: emptied when full.
class WordTokens {
 public:
  const Token* find(std::string_view word) const {
    const auto it = tokens_.find(word);
    return it == tokens_.end() ? nullptr : &it->second;
  }
  /// Empties a full table: called before a name's words are looked up, never while, so that the tokens
  /// handed out for a name stay until the next name (a table's entries never move).
  void make_room() {
    if (tokens_.size() >= kMaxWords) tokens_.clear();
  }
  const Token* keep(std::string_view word, Token t) {
    return &tokens_.emplace(std::string(word), std::move(t)).first->second;
  }

 private:
  static constexpr std::size_t kMaxWords = 8192;
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Token, Hash, std::equal_to<>> tokens_;
};

}  // namespace

namespace {

/// Whether no one-token legal form, particle, article or given-name variant is written in digits only:
/// then a word of digits is a number token, its keys its own text, whatever those tables say, and
/// analyse_name need not look it up in them (names often hold one: "Company 6373 LLC", a branch number).
constexpr bool tables_without_numbers() {
  for (const auto& f : kLegalForms) {
    if (all_digits(f.token)) return false;
  }
  for (const std::string_view w : kParticles) {
    if (all_digits(w)) return false;
  }
  for (const std::string_view w : kArticles) {
    if (all_digits(w)) return false;
  }
  for (const auto& group : kNameVariants) {
    for (const std::string_view w : group) {
      if (all_digits(w)) return false;
    }
  }
  return true;
}
static_assert(tables_without_numbers(), "a table holds a word of digits: analyse_name must look numbers up in it");

}  // namespace

std::vector<Token> analyse_name(std::string_view utf8, const model::NameTransliterations* stored) {
  std::vector<Token> tokens;
  analyse_name_into(utf8, tokens, stored);
  return tokens;
}

void analyse_name_into(std::string_view utf8, std::vector<Token>& tokens, const model::NameTransliterations* stored) {
  thread_local std::vector<const Token*> views;
  thread_local std::vector<Token> own;
  bool arabic = false;
  analyse_name_views(utf8, views, own, arabic, stored);
  tokens.resize(views.size());
  for (std::size_t k = 0; k < views.size(); ++k) {
    tokens[k] = *views[k];
    tokens[k].vowelless = arabic;
  }
}

void analyse_name_views(std::string_view utf8, std::vector<const Token*>& tokens, std::vector<Token>& own, bool& arabic,
                        const model::NameTransliterations* stored) {
  thread_local WordTokens known;
  known.make_room();
  // the name's Latin text, written over the last name's (its room is reused), and its words: parts of it
  thread_local std::string latin;
  thread_local std::vector<std::string_view> words;
  arabic = false;
  to_latin_into(latin, utf8, &arabic, stored);
  words.clear();
  for (std::size_t i = 0; i < latin.size();) {
    while (i < latin.size() && latin[i] == ' ') ++i;
    std::size_t j = i;
    while (j < latin.size() && latin[j] != ' ') ++j;
    if (j > i) {
      const std::string_view w(latin.data() + i, j - i);
      if (arabic) {
        arabic_token_rules(w, [&](std::string_view part) { words.push_back(part); });
      } else {
        words.push_back(w);
      }
    }
    i = j;
  }
  // tokens of their own (numbers, legal phrases) written over the caller's old ones, keeping their
  // strings' room; room for one per word made first, so that none moves once pointed to
  if (own.size() < words.size()) own.resize(words.size());
  std::size_t n_own = 0;
  tokens.clear();
  auto own_token = [&]() -> Token& {
    Token& t = own[n_own++];
    tokens.push_back(&t);
    return t;
  };
  for (std::size_t i = 0; i < words.size();) {
    // a legal form in several words becomes one token
    bool phrase = false;
    for (const auto& p : starts_legal_phrase(words[i]) ? std::span(kLegalPhrases) : std::span<const LegalPhrase>()) {
      if (i + p.size > words.size()) continue;
      bool same = true;
      for (std::size_t k = 0; k < p.size && same; ++k) same = words[i + k] == p.words[k];
      if (!same) continue;
      Token& t = own_token();
      t.text.clear();
      for (std::size_t k = 0; k < p.size; ++k) t.text += words[i + k];
      t.key.assign(p.canonical);
      t.skeleton.assign(p.canonical);
      t.vowels.assign(p.canonical);
      t.cls = TokenClass::legal_form;
      t.vowelless = arabic;
      i += p.size;
      phrase = true;
      break;
    }
    if (phrase) continue;
    const std::string_view w = words[i++];
    if (all_digits(w)) {  // tables_without_numbers
      // what the steps below give a number, which is never kept in `known`: key and keys its text
      Token& t = own_token();
      t.text.assign(w);
      t.key.assign(w);
      t.skeleton.assign(w);
      t.vowels.assign(w);
      t.cls = TokenClass::number;
      t.vowelless = arabic;
      continue;
    }
    if (const Token* seen = known.find(w)) {
      tokens.push_back(seen);
      continue;
    }
    Token t;
    t.text = w;
    t.key = w;
    if (const auto form = legal_form_of(w); !form.empty()) {
      t.cls = TokenClass::legal_form;
      t.key = std::string(form);
    } else if (in(std::string_view(w), kParticles)) {
      t.cls = TokenClass::particle;
      t.key = "bin";
    } else if (in(std::string_view(w), kArticles)) {
      t.cls = TokenClass::article;
      t.key = "al";
    } else if (w.size() == 1) {
      t.cls = TokenClass::initial;
    } else if (is_patronymic(w)) {
      t.cls = TokenClass::patronymic;
    }
    const bool fixed = t.cls == TokenClass::legal_form || t.cls == TokenClass::particle || t.cls == TokenClass::article;
    const std::string_view base = fixed ? std::string_view(t.key) : name_variant_of(t.key);
    t.skeleton = fixed ? t.key : skeleton(base);
    t.vowels = fixed ? t.key : vowel_key(base);
    t.vowelless = arabic;
    tokens.push_back(known.keep(w, std::move(t)));  // never a number (above): numbers would only evict words
  }
}

}  // namespace sanx::match::detail

namespace sanx::match {

const std::string& transliteration_method() {
  static const std::string method = [] {
    UVersionInfo version;
    u_getVersion(version);
    std::array<char, U_MAX_VERSION_STRING_LENGTH> icu{};
    u_versionToString(version, icu.data());
    return fmt::format("ICU {}; {}; normalize.cpp {}", icu.data(), detail::kTransliteration, SANX_NORMALIZE_SHA256);
  }();
  return method;
}

std::optional<model::NameTransliteration> transliterate_name(std::string_view name) {
  const bool ascii = std::all_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii || name.size() > kMaxNameBytes * 4 || core::find_invalid_utf8(name) != std::string_view::npos) {
    return std::nullopt;
  }
  model::NameTransliteration t;
  t.text.assign(name);
  t.latin = detail::to_latin(name, &t.arabic);
  if (!detail::primary_transliterator()) return std::nullopt;
  return t;
}

}  // namespace sanx::match
