// Exact decimals. Arithmetic is done in __int128, where two 18-digit mantissas aligned to a common scale
// (at most 10^18 × 10^18 = 10^36) and their sum always fit, and the result is checked back into 18 digits.
#include "sanx/core/decimal.hpp"

#include <cstddef>

namespace sanx::core {

namespace {

__extension__ using Int128 = __int128;

/// The largest mantissa with 18 significant digits.
constexpr std::int64_t kMaxMantissa = 999'999'999'999'999'999;

constexpr std::int64_t pow10(int n) noexcept {
  std::int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) noexcept {
  for (const char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

/// Both mantissas at the larger of the two scales; exact because both scales are at most 18.
struct Aligned {
  Int128 a;
  Int128 b;
  int scale;
};

Aligned align(std::int64_t ma, int sa, std::int64_t mb, int sb) noexcept {
  const int s = sa > sb ? sa : sb;
  return {Int128{ma} * pow10(s - sa), Int128{mb} * pow10(s - sb), s};
}

}  // namespace

std::optional<Decimal> Decimal::normalised(Int128 m, int s) noexcept {
  while (s > 0 && m % 10 == 0) {
    m /= 10;
    --s;
  }
  if (m == 0) return Decimal(0, 0);
  if (s > kMaxScale || m > kMaxMantissa || m < -kMaxMantissa) return std::nullopt;
  return Decimal(static_cast<std::int64_t>(m), s);
}

std::optional<Decimal> Decimal::parse(std::string_view text) noexcept {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  std::string_view int_part = text;
  std::string_view frac_part;
  if (const auto dot = text.find('.'); dot != std::string_view::npos) {
    int_part = text.substr(0, dot);
    frac_part = text.substr(dot + 1);
  }
  if (int_part.empty() && frac_part.empty()) return std::nullopt;  // "", "-", "."
  if (!all_digits(int_part) || !all_digits(frac_part)) return std::nullopt;

  // Leading integer zeros and trailing fractional zeros are not significant.
  while (!int_part.empty() && int_part.front() == '0') int_part.remove_prefix(1);
  while (!frac_part.empty() && frac_part.back() == '0') frac_part.remove_suffix(1);
  if (frac_part.size() > static_cast<std::size_t>(kMaxScale)) return std::nullopt;

  std::int64_t m = 0;
  std::size_t digits = 0;
  for (const std::string_view part : {int_part, frac_part}) {
    for (const char c : part) {
      if (digits == 0 && c == '0') continue;  // "0.0012": the zeros after the point lead
      if (++digits > 18) return std::nullopt;
      m = m * 10 + (c - '0');
    }
  }
  if (m == 0) return Decimal(0, 0);
  return Decimal(negative ? -m : m, static_cast<int>(frac_part.size()));
}

std::string Decimal::to_string() const {
  const bool negative = mantissa_ < 0;
  // Magnitude as unsigned so that even from_int(INT64_MIN) prints correctly.
  const std::uint64_t magnitude =
      negative ? std::uint64_t{0} - static_cast<std::uint64_t>(mantissa_) : static_cast<std::uint64_t>(mantissa_);
  std::string digits = std::to_string(magnitude);
  if (scale_ > 0) {
    const auto scale = static_cast<std::size_t>(scale_);
    if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
    digits.insert(digits.size() - scale, 1, '.');
  }
  if (negative) digits.insert(0, 1, '-');
  return digits;
}

std::optional<Decimal> Decimal::add(const Decimal& other) const noexcept {
  const Aligned x = align(mantissa_, scale_, other.mantissa_, other.scale_);
  return normalised(x.a + x.b, x.scale);
}

std::optional<Decimal> Decimal::subtract(const Decimal& other) const noexcept {
  const Aligned x = align(mantissa_, scale_, other.mantissa_, other.scale_);
  return normalised(x.a - x.b, x.scale);
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept {
  const Aligned x = align(a.mantissa_, a.scale_, b.mantissa_, b.scale_);
  if (x.a < x.b) return std::strong_ordering::less;
  if (x.a > x.b) return std::strong_ordering::greater;
  return std::strong_ordering::equal;
}

}  // namespace sanx::core
