/// \file
/// The domain model: the parties sanx reasons about. Plain values with std and sanx types only, shared
/// by every layer above core. Ids are the dataset's own text ids (`ofac:12345`, `demo:bank-vtb`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/date.hpp"

namespace sanx::model {

enum class EntityKind { person, company, organization, bank, vessel, aircraft };

/// primary: the listed name; aka: also known as; fka: formerly known as; weak: a low-quality alias
/// (OFAC "weak a.k.a."), to be matched only with other evidence.
enum class NameKind { primary, aka, fka, weak };

/// How much of a company shows on the web, from KYC: a front company often has none or a thin site.
enum class WebPresence { none, thin, normal };

struct Name {
  std::string text;
  NameKind kind = NameKind::primary;
  std::string script;  ///< ISO 15924 code of the dominant script ("Latn", "Cyrl", "Arab", "Hani", ...)
  friend bool operator==(const Name&, const Name&) = default;
};

/// An identifier written `scheme:value`, e.g. `bic:VTBRRUMM`, `imo:9354521`, `inn:7702070139`.
struct Identifier {
  std::string scheme;  ///< lower case
  std::string value;
  friend bool operator==(const Identifier&, const Identifier&) = default;
};

struct Entity {
  std::string id;
  EntityKind kind = EntityKind::company;
  std::vector<Name> names;             ///< names[0] is the primary name
  std::vector<std::string> countries;  ///< ISO 3166 alpha-2; the first is the main one
  std::vector<Identifier> identifiers;
  std::optional<core::Date> birth_date;    ///< persons
  std::optional<core::Date> incorporated;  ///< companies, organisations, banks
  std::vector<std::string> addresses;
  std::vector<std::string> sectors;  ///< lower-case words, e.g. `general_trading`, `ru.manufacturing`
  std::optional<WebPresence> web_presence;  ///< absent = unknown
  std::vector<std::string> phones;  ///< normalised: `+` and digits (normalize_phone)

  [[nodiscard]] const std::string& primary_name() const;
  /// Values of identifiers with this scheme, e.g. all `bic` values of a bank.
  [[nodiscard]] std::vector<std::string_view> identifiers_of(std::string_view scheme) const;
};

[[nodiscard]] std::string_view to_string(EntityKind k) noexcept;
[[nodiscard]] std::optional<EntityKind> parse_entity_kind(std::string_view s) noexcept;
[[nodiscard]] std::string_view to_string(NameKind k) noexcept;
[[nodiscard]] std::optional<NameKind> parse_name_kind(std::string_view s) noexcept;

[[nodiscard]] std::string_view to_string(WebPresence w) noexcept;
[[nodiscard]] std::optional<WebPresence> parse_web_presence(std::string_view s) noexcept;

/// A sector word: `[a-z0-9_.]+` (`ru.manufacturing`); the vocabulary is documented, not enforced.
[[nodiscard]] bool is_sector_word(std::string_view s) noexcept;

/// A phone number in international form as `+` and digits, so that two ways of writing one number compare
/// equal (`+971 4 555-0101` and `00971-4-5550101` give `+97145550101`). Accepts a leading `+` or `00`,
/// then digits with spaces, `-`, `.`, `/` and parentheses between them; 7 to 15 digits (E.164). Empty
/// optional for anything else, including a national number without its country code.
[[nodiscard]] std::optional<std::string> normalize_phone(std::string_view s);

/// Dominant script of a UTF-8 name as an ISO 15924 code; "Zyyy" when there are no letters.
[[nodiscard]] std::string detect_script(std::string_view utf8);

/// Parses `scheme:value`; the scheme must be `[a-z][a-z0-9_]*` and the value non-empty.
[[nodiscard]] std::optional<Identifier> parse_identifier(std::string_view s);

/// Checks a BIC (ISO 9362): 8 or 11 characters, 4 letters of institution, 2-letter country, 2 letters or
/// digits of location, optional 3 of branch.
[[nodiscard]] bool is_valid_bic(std::string_view bic) noexcept;

/// The other form under which a bank may list the same institution: a BIC11 is a branch or department of
/// its BIC8's institution (first 8 characters), and a BIC8 is the primary office, listed as BIC8 + "XXX".
/// Empty for any other length. Used wherever a BIC is resolved to a bank, so that all agree.
[[nodiscard]] std::string bic_fallback(std::string_view bic);

/// Country of a BIC: its characters 5–6. The caller has checked is_valid_bic.
[[nodiscard]] std::string_view bic_country(std::string_view bic) noexcept;

}  // namespace sanx::model
