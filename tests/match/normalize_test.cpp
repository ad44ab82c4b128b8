// Specification of name normalisation: every script comes out as the same lower-case Latin tokens a
// list's own romanisation gives, up to the spelling variants the skeleton key merges.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "match/normalize.hpp"
#include "sanx/match/screening.hpp"

namespace match = sanx::match;
namespace detail = sanx::match::detail;
using Tokens = std::vector<std::string>;

namespace {

Tokens tokens(std::string_view name) { return match::normalize_tokens(name); }
std::string skeleton_of(std::string_view token) { return detail::skeleton(token); }
std::string vowels_of(std::string_view token) { return detail::vowel_key(token); }
std::string key_of(std::string_view name) { return detail::analyse_name(name).at(0).key; }

}  // namespace

TEST_CASE("Latin names lose case, diacritics and punctuation but keep every word", "[match][normalize]") {
  CHECK(tokens("José  Müller-Lüdenscheidt, Jr.") == Tokens{"jose", "muller", "ludenscheidt", "jr"});
  CHECK(tokens("O'Neil") == Tokens{"oneil"});
  CHECK(tokens("ＡＢＣ　Ｌｔｄ") == Tokens{"abc", "ltd"});  // full-width forms by NFKC
  CHECK(tokens("Straße") == Tokens{"strasse"});
}

TEST_CASE("ASCII text is lower-cased letter by letter, apostrophes dropped and other symbols made spaces",
          "[match][normalize]") {
  CHECK(detail::to_latin("O'Neil & Sons-2 `Ltd`") == "oneil   sons 2 ltd");
  CHECK(detail::to_latin("''").empty());
  CHECK(detail::to_latin("").empty());
  CHECK(detail::to_latin("A VERY LONG COMPANY NAME THAT IS NOT SHORT AT ALL 123") ==
        "a very long company name that is not short at all 123");
}

TEST_CASE("Cyrillic is romanised by BGN/PCGN, as most lists write Russian names", "[match][normalize]") {
  CHECK(tokens("ООО «Газпром Нефть»") == Tokens{"ooo", "gazprom", "neft"});
  CHECK(tokens("Хизри Магомедович Абакаров") == Tokens{"khizri", "magomedovich", "abakarov"});
  CHECK(tokens("Юрий Щукин") == Tokens{"yuriy", "shchukin"});
}

TEST_CASE("Arabic and Persian names come out in Latin letters with Persian yeh and kaf read as Arabic", "[match][normalize]") {
  CHECK(tokens("صدام حسين التكريتي") == Tokens{"sdam", "hsyn", "al", "tkryty"});
  CHECK(tokens("یوسف") == tokens("يوسف"));
  CHECK(tokens("کریم") == tokens("كريم"));
}

TEST_CASE("Chinese Han becomes pinyin without tones, Greek and Hangul their Latin forms", "[match][normalize]") {
  CHECK(tokens("成都景昕科技") == Tokens{"cheng", "dou", "jing", "xin", "ke", "ji"});
  CHECK(tokens("Δημήτρης") == Tokens{"demetres"});
  const Tokens hangul = tokens("김정은");  // Revised Romanisation: Gim Jeong-eun
  CHECK(std::accumulate(hangul.begin(), hangul.end(), std::string()) == "gimjeongeun");
}

TEST_CASE("a Cyrillic letter inside a Latin word is read as the Latin letter it looks like, and the reverse", "[match][normalize]") {
  CHECK(tokens("Gаzprоm") == Tokens{"gazprom"});  // Cyrillic а and о
  CHECK(tokens("Газпрoм") == tokens("Газпром"));  // Latin o in a Cyrillic word
}

TEST_CASE("romanisation variants of Cyrillic names share one vowel key", "[match][normalize]") {
  for (const char* v : {"yury", "iurii", "yuriy", "yurii"}) CHECK(vowels_of(v) == vowels_of("yuri"));
  CHECK(vowels_of("khodorkovsky") == vowels_of("hodorkovskiy"));
  CHECK(vowels_of("shchukin") == vowels_of("schukin"));
  CHECK(vowels_of("tsarev") == vowels_of("tzarev"));
  CHECK(vowels_of("yelena") == vowels_of("elena"));
  CHECK(vowels_of("zhukov") == vowels_of("dzhukov"));
  CHECK(vowels_of("mohammad") == vowels_of("muhammed"));
  CHECK(vowels_of("mahmud") != vowels_of("mohammad"));  // vowels still tell these two apart
  CHECK(vowels_of("smith") != vowels_of("smart"));
}

TEST_CASE("names written without short vowels meet their romanisations by consonants", "[match][normalize]") {
  for (const char* v : {"mohammad", "muhammad", "mohammed", "muhammed"}) CHECK(skeleton_of(v) == skeleton_of("mhmd"));
  for (const char* v : {"hossein", "hussein", "husayn"}) CHECK(skeleton_of(v) == skeleton_of("hsyn"));
  CHECK(skeleton_of("hamzah") == skeleton_of("hamza"));
  CHECK(skeleton_of("anwar") == skeleton_of("anwr"));        // waw as a consonant …
  CHECK(skeleton_of("yusuf") == skeleton_of("ywsf"));        // … and as a vowel
  CHECK(skeleton_of("ragab") == skeleton_of("rjb"));         // Egyptian g for jim
  CHECK(skeleton_of("sahrawi") == skeleton_of("shrawy"));    // sad + ha, not shin
}

TEST_CASE("keys are exact texts: x is ks, a final h and doubled letters go, digits stay as written", "[match][normalize]") {
  CHECK(skeleton_of("hamzah") == "hmd");
  CHECK(vowels_of("hamzah") == "hamza");
  CHECK(skeleton_of("shchukin") == "shkhkn");  // no digraphs without vowels
  CHECK(vowels_of("shchukin") == "Sakan");
  CHECK(skeleton_of("maxx") == "mksks");
  CHECK(vowels_of("maxx") == "maksks");
  CHECK(skeleton_of("2024") == "2024");
  CHECK(vowels_of("aaa") == "a");
  CHECK(skeleton_of("aaa") == "a");  // nothing left: the first letter
  CHECK(skeleton_of("").empty());
  // a token too long for the keys' buffer on the stack (joined runs of long words)
  const std::string longer = std::string(40, 'a') + std::string(40, 'x') + "h";
  std::string ks;
  for (int i = 0; i < 40; ++i) ks += "ks";
  CHECK(skeleton_of(longer) == ks);
  CHECK(vowels_of(longer) == "a" + ks);
}

TEST_CASE("a key written over an older one is the key computed afresh", "[match][normalize]") {
  const std::string longer = std::string(70, 'b') + "ouzh";
  std::string skeleton = "an older key, long enough to live on the heap";
  std::string vowels = skeleton;
  for (const std::string_view t : {std::string_view("abdallah"), std::string_view("x"), std::string_view(""),
                                   std::string_view("99"), std::string_view(longer), std::string_view("tsar")}) {
    detail::assign_skeleton(skeleton, t);
    detail::assign_vowel_key(vowels, t);
    CHECK(skeleton == detail::skeleton(t));
    CHECK(vowels == detail::vowel_key(t));
  }
  detail::assign_vowel_key(vowels, "tsar");
  CHECK(vowels == "Zar");
}

TEST_CASE("common given names are compared through one form of their romanisations", "[match][normalize]") {
  CHECK(detail::name_variant_of("alexander") == detail::name_variant_of("oleksandr"));
  CHECK(detail::name_variant_of("dzmitry") == detail::name_variant_of("dmitriy"));
  CHECK(detail::name_variant_of("smith") == "smith");
}

TEST_CASE("legal forms are recognised in every script and share a canonical key", "[match][normalize][legal]") {
  CHECK(key_of("OOO") == "llc");
  CHECK(key_of("ООО") == "llc");
  CHECK(key_of("LLC") == "llc");
  CHECK(key_of("Limited Liability Company") == "llc");
  CHECK(key_of("PAO") == "pjsc");
  CHECK(key_of("ПАО") == "pjsc");
  CHECK(key_of("ZAO") == key_of("CJSC"));
  CHECK(key_of("АО") == key_of("JSC"));
  CHECK(key_of("شرکت") == "co");
  CHECK(key_of("Sherkat") == "co");
  CHECK(detail::analyse_name("Belletech Corp").at(1).cls == detail::TokenClass::legal_form);
  CHECK(detail::analyse_name("Belletech Corp").size() == 2);  // recognised, never deleted
}

TEST_CASE("articles, particles, initials and patronymics are classed", "[match][normalize]") {
  const auto t = detail::analyse_name("Abd al-Rahman bin Ali V. Petrovich 1977");
  REQUIRE(t.size() == 8);
  CHECK(t[1].cls == detail::TokenClass::article);
  CHECK(t[3].cls == detail::TokenClass::particle);
  CHECK(t[5].cls == detail::TokenClass::initial);
  CHECK(t[6].cls == detail::TokenClass::patronymic);
  CHECK(t[7].cls == detail::TokenClass::number);
}

TEST_CASE("a number is a token of its own whose keys are its digits, in every script and wherever it stands",
          "[match][normalize]") {
  for (const char* name : {"Company 6373 DE LLC", "6373 Trading 0042", "شركة 6373"}) {
    CAPTURE(name);
    const auto t = detail::analyse_name(name);
    std::size_t numbers = 0;
    for (const auto& token : t) {
      if (token.cls != detail::TokenClass::number) {
        CHECK(std::string_view(token.text).find_first_not_of("0123456789") != std::string_view::npos);
        continue;
      }
      ++numbers;
      CHECK((token.text == "6373" || token.text == "0042"));
      CHECK(token.key == token.text);
      CHECK(token.skeleton == token.text);
      CHECK(token.vowels == token.text);
    }
    CHECK(numbers == (std::string_view(name).find("0042") != std::string_view::npos ? 2U : 1U));
  }
  // the vowelless flag of a number is its name's, like any token's
  CHECK(detail::analyse_name("شركة 6373").back().vowelless);
  CHECK_FALSE(detail::analyse_name("Company 6373").back().vowelless);
}

TEST_CASE("a name analysed over the tokens of another comes out as if analysed alone", "[match][normalize]") {
  auto same = [](const std::vector<detail::Token>& a, const std::vector<detail::Token>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].text != b[i].text || a[i].key != b[i].key || a[i].skeleton != b[i].skeleton ||
          a[i].vowels != b[i].vowels || a[i].cls != b[i].cls || a[i].vowelless != b[i].vowelless) {
        return false;
      }
    }
    return true;
  };
  // longer and shorter names, legal phrases, numbers, Arabic script (vowelless, al- split) one after another
  const std::vector<std::string> names = {
      "Abd al-Rahman bin Ali V. Petrovich 1977", "Company 6373 DE LLC", "Open Joint Stock Company Gazprom",
      "عبد الرحمن التكريتي", "X", "Limited Liability Company Extraordinarily Longwindedname Holdings 0042",
      "ООО «Газпром Нефть»", "Bank"};
  std::vector<detail::Token> reused;
  for (const auto& name : names) {
    CAPTURE(name);
    detail::analyse_name_into(name, reused);
    CHECK(same(reused, detail::analyse_name(name)));
  }
  // and back again, from short to long
  for (auto it = names.rbegin(); it != names.rend(); ++it) {
    CAPTURE(*it);
    detail::analyse_name_into(*it, reused);
    CHECK(same(reused, detail::analyse_name(*it)));
  }
}

TEST_CASE("generic words of company names are told from other words of any length and letter", "[match][normalize]") {
  for (const char* w : {"bank", "international", "ke", "oil", "gas", "holdings", "technologies", "center", "tech"}) {
    CAPTURE(w);
    CHECK(detail::is_generic_word(w));
  }
  // same lengths and first letters as generic words, and lengths beyond 15 (the shape wraps at 16)
  for (const char* w : {"", "b", "bonk", "banks", "kf", "oi", "gazprom", "internationale", "trading1",
                        "holdingsholdingsx", "centerr", "tec"}) {
    CAPTURE(w);
    CHECK_FALSE(detail::is_generic_word(w));
  }
}

namespace {

/// The keys as their definition reads, a letter at a time from a table: with vowels, the first digraph
/// of the table at each place is merged (longest first for each first letter), each run of vowels is one
/// "a"; without, no digraph and no vowel. Then a final h goes, doubled letters collapse, and an empty key
/// is the token's first letter. A number is its digits.
std::string frame_as_defined(std::string_view t, bool keep_vowels) {
  if (!t.empty() && t.find_first_not_of("0123456789") == std::string_view::npos) return std::string(t);
  struct Digraph {
    std::string_view from;
    char to;
  };
  static constexpr std::array<Digraph, 17> kDigraphs = {{{"shch", 'S'}, {"sch", 'S'}, {"shh", 'S'}, {"sh", 'S'},
                                                         {"tch", 'C'}, {"th", 't'}, {"ts", 'Z'}, {"tz", 'Z'},
                                                         {"dzh", 'J'}, {"dj", 'J'}, {"dh", 'd'}, {"zh", 'J'},
                                                         {"ch", 'C'}, {"ck", 'k'}, {"kh", 'h'}, {"gh", 'g'},
                                                         {"ph", 'f'}}};
  std::string out;
  for (std::size_t i = 0; i < t.size();) {
    bool merged = false;
    for (const Digraph& d : kDigraphs) {
      if (keep_vowels && t.substr(i, d.from.size()) == d.from) {
        out += d.to;
        i += d.from.size();
        merged = true;
        break;
      }
    }
    if (merged) continue;
    const char c = t[i++];
    if (std::string_view("aeiouy").find(c) != std::string_view::npos) {
      if (keep_vowels && (out.empty() || out.back() != 'a')) out += 'a';
    } else if (c == 'w') {
      if (keep_vowels) out += 'v';
    } else if (c == 'x') {
      out += "ks";
    } else if (c == 'q' || c == 'c') {
      out += 'k';
    } else if (c == 'g' || c == 'z' || c == 'j') {
      out += keep_vowels ? (c == 'j' ? 'J' : c) : (c == 'z' ? 'd' : 'k');
    } else {
      out += c;
    }
  }
  if (out.size() > 1 && out.back() == 'h') out.pop_back();
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.empty() && !t.empty()) out += t[0];
  return out;
}

}  // namespace

TEST_CASE("skeletons and vowel keys are what their definition gives, letter by letter", "[match][normalize]") {
  std::mt19937 rng(20261201);
  // the letters of the digraphs and vowels, often together, digits, and letters that stand for themselves
  const std::string_view alphabet = "shctdzjkgpqwxaeiouyhhhbnr019";
  for (int k = 0; k < 20000; ++k) {
    std::string token(1 + rng() % 14, ' ');
    for (char& ch : token) ch = alphabet[rng() % alphabet.size()];
    CAPTURE(token);
    REQUIRE(detail::vowel_key(token) == frame_as_defined(token, true));
    REQUIRE(detail::skeleton(token) == frame_as_defined(token, false));
    // both at once, written over longer keys
    std::string skeleton(40, '?');
    std::string vowels(40, '?');
    detail::assign_keys(skeleton, vowels, token);
    REQUIRE(skeleton == frame_as_defined(token, false));
    REQUIRE(vowels == frame_as_defined(token, true));
  }
  // beyond the stack buffers of the keys worked out at once
  const std::string long_token = "shchukinaleksandrovichdzhabrailovtchaikovskyphilippkhrushchevabdallahxzhq0042zz";
  std::string skeleton;
  std::string vowels;
  detail::assign_keys(skeleton, vowels, long_token);
  CHECK(skeleton == frame_as_defined(long_token, false));
  CHECK(vowels == frame_as_defined(long_token, true));
  detail::assign_keys(skeleton, vowels, "0042");
  CHECK(skeleton == "0042");
  CHECK(vowels == "0042");
  for (const char* token : {"shchukin", "khrushchev", "tchaikovsky", "dzhabrailov", "djamal", "hamzah", "hh", "h",
                            "aeiou", "w", "0042", "x", "abdallah", "zhukov", "mohammad", "schmidt", "ck", "phph"}) {
    CAPTURE(token);
    CHECK(detail::vowel_key(token) == frame_as_defined(token, true));
    CHECK(detail::skeleton(token) == frame_as_defined(token, false));
  }
}

TEST_CASE("legal forms written in several words are one legal-form token, whatever word starts them",
          "[match][normalize]") {
  const std::vector<std::pair<std::string, std::string>> phrases = {
      {"Limited Liability Company", "llc"}, {"Obshchestvo s Ogranichennoy Otvetstvennostyu", "llc"},
      {"Public Joint Stock Company", "pjsc"}, {"Open Joint Stock Co", "pjsc"}, {"Closed Joint Stock Company", "cjsc"},
      {"Joint Stock", "jsc"}, {"Publichnoye Aktsionernoye Obshchestvo", "pjsc"}, {"Aktsionernoye Obshchestvo", "jsc"},
      {"Gu Fen You Xian Gong", "ltd"}, {"You Xian Gong Si", "ltd"}, {"Gong Si", "co"}, {"A S", "as"}, {"S A", "sa"},
      {"L L C", "llc"}, {"Ltd Liability Co", "llc"}, {"Co Ltd", "ltd"}, {"Co Limited", "ltd"}, {"Ltd Sti", "ltd"}};
  for (const auto& [phrase, form] : phrases) {
    CAPTURE(phrase);
    const auto t = detail::analyse_name("Romashka " + phrase);
    REQUIRE(t.size() == 2);
    CHECK(t[1].cls == detail::TokenClass::legal_form);
    CHECK(t[1].key == form);
  }
  // words of the same length and first letter as a phrase's first word start none
  const auto t = detail::analyse_name("Romashka Limitless Liability Company");
  REQUIRE(t.size() == 4);
  CHECK(t[1].cls == detail::TokenClass::word);
  CHECK(t[3].key == "co");  // the one-word form alone
}

TEST_CASE("an Arabic-script word starting with al- is split into the article and the rest, Allah excepted",
          "[match][normalize]") {
  auto texts = [](std::string_view name) {
    std::vector<std::string> out;
    for (const auto& t : detail::analyse_name(name)) out.push_back(t.text);
    return out;
  };
  const auto tikriti = texts("التكريتي");
  REQUIRE(tikriti.size() == 2);
  CHECK(tikriti[0] == "al");
  CHECK(detail::analyse_name("التكريتي").at(0).cls == detail::TokenClass::article);
  CHECK(tikriti[1].size() >= 2);
  CHECK(texts("الله").size() == 1);  // Allah, as in Abdullah: one word
  CHECK(texts("عبد").size() == 1);
  // the same letters in Latin script are never split
  CHECK(texts("Altikriti") == std::vector<std::string>{"altikriti"});
}

TEST_CASE("every ASCII byte becomes its lower-case letter or digit, nothing for an apostrophe, else a space",
          "[match][normalize]") {
  for (int c = 0; c < 128; ++c) {
    CAPTURE(c);
    const std::string in{'x', static_cast<char>(c), 'y'};
    std::string expected = "x";
    if (c >= 'a' && c <= 'z') expected += static_cast<char>(c);
    else if (c >= 'A' && c <= 'Z') expected += static_cast<char>(c - 'A' + 'a');
    else if (c >= '0' && c <= '9') expected += static_cast<char>(c);
    else if (c != '\'' && c != '`') expected += ' ';
    expected += 'y';
    CHECK(detail::to_latin(in) == expected);
  }
}

TEST_CASE("a name's tokens seen in place are its analysed tokens, until the next name, however many words came before",
          "[match][normalize]") {
  auto same = [](const detail::Token& a, const detail::Token& b, bool vowelless) {
    return a.text == b.text && a.key == b.key && a.skeleton == b.skeleton && a.vowels == b.vowels && a.cls == b.cls &&
           vowelless == b.vowelless;
  };
  std::vector<std::string> names = {"Company 6373 DE LLC", "عبد الرحمن التكريتي", "Open Joint Stock Company Gazprom",
                                    "Abd al-Rahman bin Ali V. Petrovich 1977", "Bank"};
  // more distinct words than a thread keeps: the kept words are emptied between two names, never within one
  for (int k = 0; k < 9000; ++k) {
    std::string word;
    for (int v = k; v > 0 || word.empty(); v /= 26) word += static_cast<char>('a' + v % 26);
    names.push_back("Zq" + word + " Xv" + word + " Company 6373");
  }
  std::vector<const detail::Token*> views;
  std::vector<detail::Token> own;
  for (const auto& name : names) {
    const auto expected = detail::analyse_name(name);  // first: it analyses in this thread too
    bool arabic = false;
    detail::analyse_name_views(name, views, own, arabic);
    REQUIRE(views.size() == expected.size());
    for (std::size_t i = 0; i < views.size(); ++i) {
      INFO(name << " token " << i);
      REQUIRE(same(*views[i], expected[i], arabic));
    }
  }
}
