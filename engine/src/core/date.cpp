// Calendar arithmetic uses Howard Hinnant's days_from_civil / civil_from_days algorithms on the
// proleptic Gregorian calendar (http://howardhinnant.github.io/date_algorithms.html): exact, branch-light,
// and independent of time zones and the C library's clock.
#include "sanx/core/date.hpp"

namespace sanx::core {

namespace {

/// Value of `n` ASCII digits at the start of `s`, or -1 when any of them is not a digit.
int read_digits(std::string_view s) noexcept {
  int v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::int32_t days_from_civil(int y, int m, int d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;                                    // [0, 399]
  const int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;  // [0, 365]
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

}  // namespace

bool is_leap_year(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) noexcept {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

Date Date::ymd(int year, int month, int day) noexcept {
  Date d;
  d.year_ = static_cast<std::int16_t>(year);
  d.month_ = static_cast<std::uint8_t>(month);
  d.day_ = static_cast<std::uint8_t>(day);
  return d;
}

std::optional<Date> Date::parse_iso(std::string_view text) noexcept {
  if (text.size() != 4 && text.size() != 7 && text.size() != 10) return std::nullopt;
  const int year = read_digits(text.substr(0, 4));
  if (year < 1000) return std::nullopt;  // also rejects non-digits (-1)
  int month = 0;
  int day = 0;
  if (text.size() >= 7) {
    if (text[4] != '-') return std::nullopt;
    month = read_digits(text.substr(5, 2));
    if (month < 1 || month > 12) return std::nullopt;
  }
  if (text.size() == 10) {
    if (text[7] != '-') return std::nullopt;
    day = read_digits(text.substr(8, 2));
    if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
  }
  return ymd(year, month, day);
}

std::string Date::to_string() const {
  char text[kMaxIsoSize];
  return std::string(text, write_iso(text));
}

char* Date::write_iso(char* out) const noexcept {
  // The year as fmt's "{:04}" writes it: four characters at least, the sign counting as one.
  int year = year_;
  std::size_t width = 4;
  if (year < 0) {
    *out++ = '-';
    year = -year;
    width = 3;
  }
  char digits[5];
  std::size_t n = 0;
  for (; year != 0 || n == 0; year /= 10) digits[n++] = static_cast<char>('0' + year % 10);
  for (; n < width; --width) *out++ = '0';
  while (n > 0) *out++ = digits[--n];
  const auto two = [&out](int v) {
    *out++ = '-';
    *out++ = static_cast<char>('0' + v / 10);
    *out++ = static_cast<char>('0' + v % 10);
  };
  if (month_ != 0 || day_ != 0) two(month_);  // a valid date has no day without a month
  if (day_ != 0) two(day_);
  return out;
}

DatePrecision Date::precision() const noexcept {
  if (day_ != 0) return DatePrecision::day;
  if (month_ != 0) return DatePrecision::month;
  return DatePrecision::year;
}

Date Date::earliest() const noexcept { return ymd(year_, month_ != 0 ? month_ : 1, day_ != 0 ? day_ : 1); }

Date Date::latest() const noexcept {
  const int month = month_ != 0 ? month_ : 12;
  return ymd(year_, month, day_ != 0 ? day_ : days_in_month(year_, month));
}

std::int32_t Date::days_since_epoch() const noexcept {
  const Date e = earliest();
  return days_from_civil(e.year_, e.month_, e.day_);
}

namespace {

/// The civil (proleptic Gregorian) date of a day number, by whole 400-year eras from 0000-03-01.
struct Civil {
  int year, month, day;
};

Civil civil_from_days(std::int32_t days) noexcept {
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;                                      // [0, 146096]
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               // [0, 365]
  const int mp = (5 * doy + 2) / 153;                                    // [0, 11]
  const int day = doy - (153 * mp + 2) / 5 + 1;                          // [1, 31]
  const int month = mp < 10 ? mp + 3 : mp - 9;                           // [1, 12]
  const int year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

}  // namespace

Date Date::from_days_since_epoch(std::int32_t days) noexcept {
  const Civil c = civil_from_days(days);
  return ymd(c.year, c.month, c.day);
}

char* Date::write_iso_days(char* out, std::int32_t days) noexcept {
  const Civil c = civil_from_days(days);
  // Four-digit years (all real data) without write_iso's general loop; others as it writes them.
  if (c.year < 1000 || c.year > 9999) return ymd(c.year, c.month, c.day).write_iso(out);
  const auto digit = [](int v) { return static_cast<char>('0' + v); };
  const char text[] = {digit(c.year / 1000), digit(c.year / 100 % 10), digit(c.year / 10 % 10), digit(c.year % 10), '-',
                       digit(c.month / 10),  digit(c.month % 10),      '-',                     digit(c.day / 10),     digit(c.day % 10)};
  for (const char ch : text) *out++ = ch;
  return out;
}

}  // namespace sanx::core
