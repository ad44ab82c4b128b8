// Compiling `matches` patterns, in one translation unit of its own (see regex.cpp): <regex> stays out of
// this header, which the IR and the machine include.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sanx::compile {

/// A `matches` pattern: an ECMAScript regex, true when it matches somewhere in the text (not anchored,
/// multiline off). A pattern whose language is a finite set of plain texts — a keyword list such as
/// "petrochem|bitumen|crude", each branch possibly anchored with ^ and $ — is searched as those texts,
/// with the regex's exact result and a fraction of its cost; any other pattern by std::regex.
class Regex {
  struct Private {};

 public:
  /// The pattern, or null when it is not a valid regex.
  [[nodiscard]] static std::unique_ptr<Regex> make(std::string_view pattern);
  /// The pattern searched in the ASCII lower-case copy of a text (`lower(x) matches "..."`), computed on
  /// the text itself without the copy: a search of its texts with ASCII letters folded. Null when the
  /// pattern is not a set of plain texts (the caller then lowers the text and uses make).
  [[nodiscard]] static std::unique_ptr<Regex> make_lowered(std::string_view pattern);

  explicit Regex(Private);  // through make and make_lowered only
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;
  ~Regex();

  [[nodiscard]] bool search(std::string_view text) const;
  /// Whether the pattern is searched as plain texts (never through std::regex).
  [[nodiscard]] bool literal() const noexcept { return regex_ == nullptr; }
  /// Whether the two are one function of the text: the same pattern, both lowering the text or neither.
  [[nodiscard]] bool same_as(const Regex& other) const noexcept {
    return lowered_ == other.lowered_ && pattern_ == other.pattern_;
  }

 private:
  struct Compiled;
  /// One branch of a set of plain texts: the text, and whether it must start or end the searched text.
  struct Branch {
    std::string text;
    bool at_start = false;
    bool at_end = false;
  };

  /// Whether `pattern` is a set of plain texts, then given as `branches`.
  [[nodiscard]] static bool parse_literals(std::string_view pattern, std::vector<Branch>& branches);
  /// Sorts the branches by anchoring and the unanchored ones by first byte; `lowered` folds A-Z.
  void index(std::vector<Branch> branches, bool lowered);
  [[nodiscard]] bool equal_at(const unsigned char* text, std::string_view literal) const noexcept;

  std::string pattern_;
  bool lowered_ = false;
  std::unique_ptr<Compiled> regex_;  ///< null for a set of plain texts
  // A set of plain texts: the byte map applied to the searched text (identity, or ASCII lower case).
  std::array<unsigned char, 256> fold_{};
  bool always_ = false;                      ///< a branch matches every text (empty, "^" or "$")
  bool empty_ = false;                       ///< a branch "^$" matches the empty text
  std::vector<std::string> prefixes_;        ///< ^text
  std::vector<std::string> suffixes_;        ///< text$
  std::vector<std::string> wholes_;          ///< ^text$
  std::vector<std::string> anywhere_;        ///< text, by their first byte
  std::array<std::uint16_t, 257> first_{};   ///< anywhere_[first_[c], first_[c + 1]) start with byte c
  std::array<bool, 256> starts_{};           ///< byte c, once folded, starts some of anywhere_
  std::size_t shortest_ = 0;                 ///< of anywhere_
};

}  // namespace sanx::compile
