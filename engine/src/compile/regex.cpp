// Kept apart because g++ 12 reports false -Wmaybe-uninitialized warnings inside libstdc++'s regex
// compiler at -O1 with sanitizers; CMakeLists.txt silences that one warning for this file only.
#include "compile/regex.hpp"

#include <algorithm>
#include <limits>
#include <regex>
#include <utility>

namespace sanx::compile {

struct Regex::Compiled {
  std::regex re;
};

Regex::Regex(Private) {}
Regex::~Regex() = default;

namespace {

/// ECMAScript's syntax characters: special unescaped, plain after a backslash (as is '/'). Every other
/// character outside brackets and braces is itself, '\0' included, but that one is left to std::regex.
constexpr std::string_view kSyntax = "^$\\.*+?()[]{}|";
constexpr std::string_view kPlainEscaped = "^$\\.*+?()[]{}|/";

bool has_upper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

bool Regex::parse_literals(std::string_view pattern, std::vector<Branch>& branches) {
  // `|` has the lowest precedence and nothing here groups, so the pattern is its branches; within a
  // branch only plain characters and escaped syntax characters, with ^ first and $ last (multiline is
  // off: they match only at the text's start and end).
  branches.assign(1, Branch{});
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    Branch& b = branches.back();
    const char c = pattern[i];
    if (c == '|') {
      branches.emplace_back();
    } else if (b.at_end || c == '\0') {
      return false;  // something after `$`: not a plain text
    } else if (c == '\\') {
      if (i + 1 == pattern.size() || kPlainEscaped.find(pattern[i + 1]) == std::string_view::npos) return false;
      b.text += pattern[++i];
    } else if (c == '^') {
      if (b.at_start || !b.text.empty()) return false;
      b.at_start = true;
    } else if (c == '$') {
      b.at_end = true;
    } else if (kSyntax.find(c) != std::string_view::npos) {
      return false;
    } else {
      b.text += c;
    }
  }
  return branches.size() < std::numeric_limits<std::uint16_t>::max();
}

std::unique_ptr<Regex> Regex::make(std::string_view pattern) {
  auto r = std::make_unique<Regex>(Private{});
  r->pattern_ = pattern;
  std::vector<Branch> branches;
  if (parse_literals(pattern, branches)) {
    r->index(std::move(branches), false);
    return r;
  }
  try {
    r->regex_ = std::make_unique<Compiled>(Compiled{std::regex(std::string(pattern), std::regex::ECMAScript)});
  } catch (const std::regex_error&) {
    return nullptr;
  }
  return r;
}

std::unique_ptr<Regex> Regex::make_lowered(std::string_view pattern) {
  std::vector<Branch> branches;
  if (!parse_literals(pattern, branches)) return nullptr;
  // A lower-case text holds no upper-case ASCII letter: a branch with one never matches it.
  std::erase_if(branches, [](const Branch& b) { return has_upper(b.text); });
  auto r = std::make_unique<Regex>(Private{});
  r->pattern_ = pattern;
  r->lowered_ = true;
  r->index(std::move(branches), true);
  return r;
}

void Regex::index(std::vector<Branch> branches, bool lowered) {
  for (std::size_t c = 0; c < fold_.size(); ++c) {
    fold_[c] = static_cast<unsigned char>(lowered && c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  for (Branch& b : branches) {
    if (b.text.empty()) {
      if (b.at_start && b.at_end) {
        empty_ = true;
      } else {
        always_ = true;  // "", "^" and "$" match at some place of every text
      }
    } else if (b.at_start && b.at_end) {
      wholes_.push_back(std::move(b.text));
    } else if (b.at_start) {
      prefixes_.push_back(std::move(b.text));
    } else if (b.at_end) {
      suffixes_.push_back(std::move(b.text));
    } else {
      anywhere_.push_back(std::move(b.text));
    }
  }
  std::stable_sort(anywhere_.begin(), anywhere_.end(), [](const std::string& a, const std::string& b) {
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
  });
  shortest_ = anywhere_.empty() ? 0 : std::numeric_limits<std::size_t>::max();
  for (const std::string& text : anywhere_) {
    ++first_[static_cast<unsigned char>(text[0]) + 1];
    shortest_ = std::min(shortest_, text.size());
  }
  for (std::size_t c = 1; c < first_.size(); ++c) first_[c] = static_cast<std::uint16_t>(first_[c] + first_[c - 1]);
  for (std::size_t c = 0; c < starts_.size(); ++c) starts_[c] = first_[fold_[c]] != first_[fold_[c] + 1U];
}

bool Regex::equal_at(const unsigned char* text, std::string_view literal) const noexcept {
  for (std::size_t j = 0; j < literal.size(); ++j) {
    if (fold_[text[j]] != static_cast<unsigned char>(literal[j])) return false;
  }
  return true;
}

bool Regex::search(std::string_view text) const {
  if (regex_ != nullptr) return std::regex_search(text.begin(), text.end(), regex_->re);
  if (always_) return true;
  const std::size_t n = text.size();
  if (n == 0) return empty_;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  for (const std::string& p : prefixes_) {
    if (p.size() <= n && equal_at(s, p)) return true;
  }
  for (const std::string& p : suffixes_) {
    if (p.size() <= n && equal_at(s + (n - p.size()), p)) return true;
  }
  for (const std::string& p : wholes_) {
    if (p.size() == n && equal_at(s, p)) return true;
  }
  if (anywhere_.empty() || n < shortest_) return false;
  // Each position whose byte starts some text (starts_: folded already), against those texts only.
  const std::size_t last = n - shortest_;
  for (std::size_t i = 0; i <= last; ++i) {
    if (!starts_[s[i]]) continue;
    const unsigned char c = fold_[s[i]];
    for (std::uint32_t k = first_[c]; k < first_[c + 1]; ++k) {
      const std::string& p = anywhere_[k];
      if (p.size() <= n - i && equal_at(s + i, p)) return true;
    }
  }
  return false;
}

}  // namespace sanx::compile
