/// \file
/// Calendar dates that may be partial: lists give birth dates as `1964`, `1964-05` or `1964-05-17`.
/// A partial date is a range of days; comparisons that need a day use earliest()/latest().
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sanx::core {

enum class DatePrecision : std::uint8_t { year, month, day };

class Date {
 public:
  constexpr Date() noexcept = default;

  /// A full date; the caller guarantees it is valid (use parse() for input).
  static Date ymd(int year, int month, int day) noexcept;

  /// Parses ISO 8601 `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking month lengths and leap years.
  /// Years 1000–9999 only: anything else in these files is a typo.
  [[nodiscard]] static std::optional<Date> parse_iso(std::string_view text) noexcept;

  [[nodiscard]] std::string to_string() const;  ///< same form it was parsed from

  /// Most characters write_iso() writes: a year of int16 ("-32768") and "-MM-DD".
  static constexpr std::size_t kMaxIsoSize = 12;
  /// Writes the text of to_string() at `out`, which has room for kMaxIsoSize characters, and returns
  /// its end. Findings carry several dates each (hundreds of thousands per audit), hence no allocation.
  char* write_iso(char* out) const noexcept;

  [[nodiscard]] int year() const noexcept { return year_; }
  [[nodiscard]] int month() const noexcept { return month_; }  ///< 0 when unknown
  [[nodiscard]] int day() const noexcept { return day_; }      ///< 0 when unknown
  [[nodiscard]] DatePrecision precision() const noexcept;
  [[nodiscard]] bool is_full() const noexcept { return day_ != 0; }

  /// First and last day this (possibly partial) date may stand for.
  [[nodiscard]] Date earliest() const noexcept;
  [[nodiscard]] Date latest() const noexcept;

  /// Days since 1970-01-01 of earliest().
  [[nodiscard]] std::int32_t days_since_epoch() const noexcept;
  [[nodiscard]] static Date from_days_since_epoch(std::int32_t days) noexcept;
  /// from_days_since_epoch(days).write_iso(out), without making the Date (findings write a date or two each).
  static char* write_iso_days(char* out, std::int32_t days) noexcept;

  /// Orders by (year, month, day) with unknown parts first: 2024 < 2024-01 < 2024-01-01.
  friend auto operator<=>(const Date&, const Date&) noexcept = default;

 private:
  std::int16_t year_ = 0;
  std::uint8_t month_ = 0;
  std::uint8_t day_ = 0;
};

[[nodiscard]] bool is_leap_year(int year) noexcept;
[[nodiscard]] int days_in_month(int year, int month) noexcept;

}  // namespace sanx::core
