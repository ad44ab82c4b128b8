/// \file
/// Internal to the match layer: a name turned into classed Latin tokens with variant keys. ICU stays in
/// normalize.cpp; this header is std only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanx::model {
struct NameTransliterations;
}

namespace sanx::match::detail {

/// What a token is, which decides its weight and what its absence costs.
enum class TokenClass : std::uint8_t {
  word,        ///< a given name, surname or distinctive word
  legal_form,  ///< LLC, OOO, PJSC, GmbH … (key is the canonical form: ooo → llc)
  article,     ///< Arabic al-/el-/ul- and the like
  particle,    ///< bin/ibn/bint/ben (key: bin)
  patronymic,  ///< -ovich, -ovna, -ogly …
  initial,     ///< one letter
  number,      ///< digits only
};

[[nodiscard]] std::string_view to_string(TokenClass c) noexcept;

struct Token {
  std::string text;      ///< normalised Latin token as written ("ooo", "iurii")
  std::string key;       ///< equality key: canonical legal form or particle, else the text
  std::string skeleton;  ///< consonant key, for names written without short vowels (Arabic script): "mhmd"
  std::string vowels;    ///< variant key keeping where vowels are: "iurii", "yury" → "ara"; "mahmud" ≠ "mohammad"
  TokenClass cls = TokenClass::word;
  bool vowelless = false;  ///< from Arabic script, whose short vowels are not written
};

/// Why a name cannot be normalised (empty, only symbols, control characters); nullopt when it can.
struct NormalizeProblem {
  std::string message;
};

/// Latin text of a name: NFKC, homoglyphs fixed, Persian letters as Arabic, transliterated (Cyrillic by
/// BGN/PCGN, the rest by ICU Any-Latin, Han to toneless pinyin), lower-cased ASCII where a Latin form
/// exists, apostrophes and combining marks removed, other punctuation and separators made spaces.
/// `arabic` is set when the name was written in Arabic script (its w/y and al- need other rules).
/// Thread-safe (one ICU transliterator per thread). The input must be valid UTF-8.
/// `stored`: Latin forms written earlier by this same function (under transliteration_method(), which the
/// caller has checked); a name found there is not transliterated again.
[[nodiscard]] std::string to_latin(std::string_view utf8, bool* arabic = nullptr,
                                   const model::NameTransliterations* stored = nullptr);
/// How many names this process has transliterated with ICU so far (the names to_latin did not find
/// stored and that were not ASCII): tests check that an index of stored forms needs none.
[[nodiscard]] std::uint64_t icu_transliterations() noexcept;
/// Whether ICU has the transliterator screening is meant to use (else it falls back to Any-Latin alone,
/// and no form is stored: see match::transliterate_name). Creates ICU's transliterator.
[[nodiscard]] bool primary_transliterator();

/// Tokens of a name with classes and keys; legal forms written in several words ("limited liability
/// company", "you xian gong si") become one legal-form token. `stored` as for to_latin.
[[nodiscard]] std::vector<Token> analyse_name(std::string_view utf8, const model::NameTransliterations* stored = nullptr);
/// analyse_name written over `tokens`, whose tokens' strings keep their room: for a caller that
/// analyses name after name (screening).
void analyse_name_into(std::string_view utf8, std::vector<Token>& tokens,
                       const model::NameTransliterations* stored = nullptr);
/// analyse_name without copying the tokens kept for their words: each of `tokens` is one of those or,
/// for numbers and legal forms in several words, one of `own` (written over). They stay until the next
/// analysis in this thread. `arabic` is set when the name was written in Arabic script: it is every
/// token's vowelless flag, whatever the flag of a kept token says.
void analyse_name_views(std::string_view utf8, std::vector<const Token*>& tokens, std::vector<Token>& own, bool& arabic,
                        const model::NameTransliterations* stored = nullptr);

/// The variant key of one normalised token: digraphs of the usual romanisations merged (shch/sch/sh,
/// kh/h, zh/dj/j, ts/tz, ph/f, q/k, c/k, w/v), vowels and a final h dropped, doubled letters collapsed.
[[nodiscard]] std::string skeleton(std::string_view token);

/// Like skeleton, but each run of vowels (y included) is kept as one "a" and w is "v": finer, for
/// comparing two names that both write their vowels.
[[nodiscard]] std::string vowel_key(std::string_view token);

/// skeleton and vowel_key written over `out`, whose room is reused: for keys computed again and again
/// into the same strings (the joined runs of a screened name's tokens).
void assign_skeleton(std::string& out, std::string_view token);
void assign_vowel_key(std::string& out, std::string_view token);
/// assign_skeleton and assign_vowel_key of one token at once (one pass over its letters).
void assign_keys(std::string& skeleton, std::string& vowels, std::string_view token);

/// The first form of a common given name's romanisations ("alexander", "oleksandr" → "aleksandr"), or
/// the token itself; the keys are computed from it so that the variants meet.
[[nodiscard]] std::string_view name_variant_of(std::string_view token) noexcept;

/// Canonical legal form of a one-token form ("ooo" → "llc", "pao" → "pjsc"); empty when not one.
[[nodiscard]] std::string_view legal_form_of(std::string_view token) noexcept;

/// True for generic words of company names (bank, trading, group …), weighed down further than their
/// frequency alone would.
[[nodiscard]] bool is_generic_word(std::string_view key) noexcept;

}  // namespace sanx::match::detail
