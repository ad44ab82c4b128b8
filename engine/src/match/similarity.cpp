#include "match/similarity.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdlib>
#include <vector>

#include "sanx/match/screening.hpp"

namespace sanx::match {

namespace detail {

int letters_apart(std::string_view a, std::string_view b) noexcept {
  std::array<int, 64> diff{};
  for (char ch : a) ++diff[static_cast<unsigned char>(ch) & 63U];
  for (char ch : b) --diff[static_cast<unsigned char>(ch) & 63U];
  int only_a = 0;
  int only_b = 0;
  for (int v : diff) (v > 0 ? only_a : only_b) += std::abs(v);
  return std::max(only_a, only_b);
}

std::uint64_t letter_sketch(std::string_view token) noexcept {
  std::uint64_t sketch = 0;
  for (char ch : token) {
    const unsigned shift = 2 * (static_cast<unsigned char>(ch) & 31U);
    if (((sketch >> shift) & 3U) != 3U) sketch += std::uint64_t{1} << shift;
  }
  return sketch;
}

namespace {

/// The sum over the 32 two-bit counts of max(a - b, 0), without a loop: each half of the counts is
/// spread to four bits, where 4 + a - b (1 to 7) borrows nothing from its neighbour and its bit 2 says
/// whether a >= b.
int sketch_surplus(std::uint64_t a, std::uint64_t b) noexcept {
  constexpr std::uint64_t kCounts = 0x3333333333333333ULL;
  constexpr std::uint64_t kFour = 0x4444444444444444ULL;
  int total = 0;
  for (unsigned shift : {0U, 2U}) {
    const std::uint64_t d = (((a >> shift) & kCounts) | kFour) - ((b >> shift) & kCounts);
    const std::uint64_t surplus = d & (((d & kFour) >> 2) * 3);
    total += std::popcount(surplus & 0x1111111111111111ULL) + 2 * std::popcount(surplus & 0x2222222222222222ULL);
  }
  return total;
}

}  // namespace

int sketch_letters_apart(std::uint64_t a, std::uint64_t b) noexcept {
  return std::max(sketch_surplus(a, b), sketch_surplus(b, a));
}

double jaro_winkler(std::string_view a, std::string_view b) noexcept {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  // tokens are short: fixed buffers, no allocation
  constexpr std::size_t kMax = 64;
  a = a.substr(0, kMax);
  b = b.substr(0, kMax);
  const std::size_t window = std::max<std::size_t>(std::max(a.size(), b.size()) / 2, 1) - 1;
  std::array<bool, kMax> used_a{};
  std::array<bool, kMax> used_b{};
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > window ? i - window : 0;
    const std::size_t hi = std::min(b.size(), i + window + 1);
    for (std::size_t j = lo; j < hi; ++j) {
      if (used_b[j] || a[i] != b[j]) continue;
      used_a[i] = used_b[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  std::size_t transpositions = 0;
  for (std::size_t i = 0, j = 0; i < a.size(); ++i) {
    if (!used_a[i]) continue;
    while (!used_b[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

std::size_t osa_distance(std::string_view a, std::string_view b) noexcept {
  constexpr std::size_t kMax = 64;
  a = a.substr(0, kMax);
  b = b.substr(0, kMax);
  // three rolling rows (the one before the previous is needed for transpositions), never copied
  std::array<std::array<std::uint8_t, kMax + 1>, 3> rows{};
  std::uint8_t* before = rows[0].data();
  std::uint8_t* prev = rows[1].data();
  std::uint8_t* cur = rows[2].data();
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<std::uint8_t>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<std::uint8_t>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int best = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) best = std::min(best, before[j - 2] + 1);
      cur[j] = static_cast<std::uint8_t>(best);
    }
    std::uint8_t* spare = before;
    before = prev;
    prev = cur;
    cur = spare;
  }
  return prev[b.size()];
}

std::string normalize_identifier_value(std::string_view scheme, std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == ' ' || c == '.' || c == '-' || c == '/' || c == '\t') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  // the scheme's name in upper case repeated as a prefix, compared letter by letter (without a copy)
  auto upper = [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; };
  const bool prefixed = out.size() > scheme.size() &&
                        std::equal(scheme.begin(), scheme.end(), out.begin(), [&](char a, char b) { return upper(a) == b; });
  if (prefixed) out.erase(0, scheme.size());
  return out;
}

}  // namespace detail

namespace {

bool digits_only(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}
int digit(char c) noexcept { return c - '0'; }

// IMO ship number: 7 digits, the last the sum of the first six weighted 7..2, modulo 10.
bool imo_ok(std::string_view v) noexcept {
  if (v.size() != 7 || !digits_only(v)) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 6; ++i) sum += digit(v[i]) * static_cast<int>(7 - i);
  return sum % 10 == digit(v[6]);
}

// LEI (ISO 17442): 20 characters, letters as 10..35, the whole number modulo 97 equal to 1 (ISO 7064).
bool lei_ok(std::string_view v) noexcept {
  if (v.size() != 20) return false;
  int rem = 0;
  for (char c : v) {
    int n = 0;
    if (c >= '0' && c <= '9') n = digit(c);
    else if (c >= 'A' && c <= 'Z') n = c - 'A' + 10;
    else return false;
    rem = n >= 10 ? (rem * 100 + n) % 97 : (rem * 10 + n) % 97;
  }
  return rem == 1;
}

int weighted_mod11(std::string_view v, std::initializer_list<int> weights) noexcept {
  int sum = 0;
  std::size_t i = 0;
  for (int w : weights) sum += w * digit(v[i++]);
  return sum % 11 % 10;
}

// Russian taxpayer number: 10 digits (organisations) with one check digit, 12 (individuals) with two.
bool inn_ok(std::string_view v) noexcept {
  if (!digits_only(v)) return false;
  if (v.size() == 10) return weighted_mod11(v, {2, 4, 10, 3, 5, 9, 4, 6, 8}) == digit(v[9]);
  if (v.size() == 12) {
    return weighted_mod11(v, {7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) == digit(v[10]) &&
           weighted_mod11(v, {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}) == digit(v[11]);
  }
  return false;
}

// Russian state registration number: 13 digits (OGRN, the first 12 modulo 11) or 15 (OGRNIP, modulo 13),
// the remainder's last digit being the check digit.
bool ogrn_ok(std::string_view v) noexcept {
  if (!digits_only(v) || (v.size() != 13 && v.size() != 15)) return false;
  const std::uint64_t divisor = v.size() == 13 ? 11 : 13;
  std::uint64_t rem = 0;
  for (std::size_t i = 0; i + 1 < v.size(); ++i) rem = (rem * 10 + static_cast<std::uint64_t>(digit(v[i]))) % divisor;
  return static_cast<int>(rem % 10) == digit(v.back());
}

}  // namespace

bool detail::normalized_identifier_checks(std::string_view scheme, const std::string& v) {
  if (v.empty()) return false;
  if (scheme == "imo") return imo_ok(v);
  if (scheme == "lei") return lei_ok(v);
  if (scheme == "inn") return inn_ok(v);
  if (scheme == "ogrn") return ogrn_ok(v);
  if (scheme == "bic") return model::is_valid_bic(v);
  return true;
}

bool identifier_checks(const model::Identifier& id) {
  return detail::normalized_identifier_checks(id.scheme, detail::normalize_identifier_value(id.scheme, id.value));
}

}  // namespace sanx::match
