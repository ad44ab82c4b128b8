/// \file
/// Name screening: which listed parties a counterparty's name could be, across scripts and spellings,
/// with a score in [0, 1] and the features that explain it. An index is built once from a Dataset's
/// entities (their names and aliases in every script, identifiers, birth dates, countries, kinds) and is
/// then queried from any number of threads. Deterministic and offline. Never prints.
///
/// Pipeline: normalise (NFKC, case folding, diacritics, punctuation; homoglyphs; transliteration of
/// Cyrillic, Arabic/Persian, Greek, Han … to Latin with ICU, plus the variant spellings real lists use)
/// → tokens, each classed (given/surname-like word, legal form, generic word, initial, number) → candidate
/// retrieval from an in-memory index (recall-safe: a name that should match is never lost here) → scoring
/// by token alignment (order-free for persons), down-weighting legal forms and common words (never
/// deleting them), identifiers that match exactly dominating, birth date, country and kind adjusting.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::match {

/// What a query is looking for; `any` matches every entity kind.
enum class QueryKind { any, person, company, vessel };
[[nodiscard]] std::optional<QueryKind> parse_query_kind(std::string_view s) noexcept;  ///< person|company|vessel|any
[[nodiscard]] std::string_view to_string(QueryKind k) noexcept;

struct Query {
  std::string name;  ///< UTF-8, any script
  QueryKind kind = QueryKind::any;
  std::string country;                    ///< ISO 3166-1 alpha-2, or empty
  std::optional<core::Date> birth_date;   ///< persons; may be partial (a year)
  std::vector<model::Identifier> identifiers;  ///< `imo:9354521`, `bic:…`, `lei:…`, `inn:…`, `ogrn:…`, `passport:…`
};

struct ScreenOptions {
  double threshold = 0.80;  ///< hits scoring below are dropped (docs/screening.md says how to choose it)
  std::size_t limit = 10;   ///< at most this many hits, best first
  /// False: each hit carries its entity and score only, no matched name and no features. For callers that
  /// only rank the hits (the audit's `name_match`), whose cost was mostly the features' text.
  bool explain = true;
};

/// One reason for a score: e.g. {"name", 0.93, "4 of 4 tokens aligned: YURIY~IURII (variant) …"},
/// {"legal_form", -0.02, "OOO = LLC"}, {"identifier", 1.0, "imo:9354521 equal"}, {"birth_date", 0.05, "1961 = 1961"}.
struct Feature {
  std::string name;
  double score = 0;
  std::string detail;
};

struct Hit {
  model::EntityIx entity;
  std::string matched_name;  ///< the entity's name or alias (as listed) that matched best
  double score = 0;          ///< in [0, 1]
  std::vector<Feature> features;
};

/// A query that cannot be screened: empty or whitespace-only name, invalid UTF-8, a name longer than
/// kMaxNameBytes. `message` says what is wrong and what was expected.
struct QueryError {
  std::string message;
};

struct ScreenResult {
  std::vector<Hit> hits;              ///< best first; ties by entity index
  std::optional<QueryError> error;    ///< set instead of hits for a bad query
};

inline constexpr std::size_t kMaxNameBytes = 1024;

struct IndexOptions {
  /// Index only entities with at least one designation (of any regime, in force or not); the caller
  /// filters hits by regime and date. False indexes every entity (tests, the DSL over own customers).
  bool listed_only = true;
};

/// Normalised Latin tokens of a name, as the index and scorer see them (exposed for tests and explain):
/// "ООО «Газпром Нефть»" → {"ooo", "gazprom", "neft"}.
[[nodiscard]] std::vector<std::string> normalize_tokens(std::string_view utf8);

/// How this build writes names in Latin letters for screening: ICU's version, the transliterator and a hash
/// of the normaliser's source. An index uses the Latin forms a dataset stores (model::NameTransliterations)
/// only when they were written under this method; otherwise it transliterates the names itself. Cheap: it
/// loads no transliteration rules.
[[nodiscard]] const std::string& transliteration_method();

/// The Latin form of a name, to be stored at import under transliteration_method() so that later indexes
/// and queries need not transliterate it. Nullopt for a name that needs none or that screening never
/// reads: ASCII only, invalid UTF-8, longer than an index reads; and for every name when ICU lacks the
/// transliterator of this method (screening falls back to another, whose forms are not stored). Loads
/// ICU's rules for the name's scripts (the expensive part, done once per script and process).
[[nodiscard]] std::optional<model::NameTransliteration> transliterate_name(std::string_view name);

/// Whether an identifier passes its scheme's own check: IMO check digit, LEI ISO 17442 mod 97, INN 10/12
/// digit checksums, OGRN/OGRNIP check digit, BIC format. True for schemes without one (passport …) when
/// the value is not empty. Only identifiers that pass are used as evidence.
[[nodiscard]] bool identifier_checks(const model::Identifier& id);

class Screener {
 public:
  /// Indexes `data`, which it keeps a reference to: the Dataset must outlive the Screener.
  explicit Screener(const model::Dataset& data, IndexOptions options = {});
  ~Screener();
  Screener(Screener&&) noexcept;
  Screener& operator=(Screener&&) noexcept;

  /// Thread-safe: any number of threads may screen at once.
  [[nodiscard]] ScreenResult screen(const Query& query, const ScreenOptions& options = {}) const;

  [[nodiscard]] std::size_t indexed_entities() const noexcept;
  [[nodiscard]] std::size_t indexed_names() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sanx::match
