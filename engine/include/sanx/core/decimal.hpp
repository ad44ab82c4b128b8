/// \file
/// Exact decimal numbers for money, shares and percentages. Binary floating point is never used for
/// these: 10% + 40% must be exactly 50%, and 0.1 + 0.2 exactly 0.3.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sanx::core {

/// value = mantissa × 10^-scale, with at most 18 significant digits and a scale of at most 18.
/// Values are kept normalised (no trailing fractional zeros), so equal values compare equal field by field.
class Decimal {
 public:
  static constexpr int kMaxScale = 18;

  constexpr Decimal() noexcept = default;
  /// An integer value.
  static Decimal from_int(std::int64_t v) noexcept { return Decimal(v, 0); }

  /// Parses `[-+]digits[.digits]` (also `.5` and `5.`); no exponent, no thousands separators.
  /// Returns nullopt when the text is not such a number or does not fit 18 digits.
  [[nodiscard]] static std::optional<Decimal> parse(std::string_view text) noexcept;

  /// mantissa × 10^-scale, normalised; nullopt when the scale is over 18 or the value does not fit 18
  /// digits (what parse() of its text would give, without the text).
  [[nodiscard]] static std::optional<Decimal> from_scaled(std::int64_t mantissa, int scale) noexcept {
    return normalised(mantissa, scale);
  }

  /// Canonical text: "-12.5", "0", "50", "0.001".
  [[nodiscard]] std::string to_string() const;

  [[nodiscard]] std::int64_t mantissa() const noexcept { return mantissa_; }
  [[nodiscard]] int scale() const noexcept { return scale_; }
  [[nodiscard]] bool is_negative() const noexcept { return mantissa_ < 0; }
  [[nodiscard]] bool is_zero() const noexcept { return mantissa_ == 0; }

  /// Exact sum and difference; nullopt on overflow of 18 significant digits.
  [[nodiscard]] std::optional<Decimal> add(const Decimal& other) const noexcept;
  [[nodiscard]] std::optional<Decimal> subtract(const Decimal& other) const noexcept;

  friend bool operator==(const Decimal&, const Decimal&) noexcept = default;
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept;

 private:
  constexpr Decimal(std::int64_t m, int s) noexcept : mantissa_(m), scale_(static_cast<std::int8_t>(s)) {}
  // __int128 is a GCC/Clang extension; without these pragmas every file that includes this header
  // fails the -Wpedantic -Werror build.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
  static std::optional<Decimal> normalised(__int128 m, int s) noexcept;
#pragma GCC diagnostic pop

  std::int64_t mantissa_ = 0;
  std::int8_t scale_ = 0;
};

}  // namespace sanx::core
