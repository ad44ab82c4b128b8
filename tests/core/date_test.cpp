#include "sanx/core/date.hpp"

#include <fmt/format.h>

#include <string>

#include <catch2/catch.hpp>

using sanx::core::Date;
using sanx::core::DatePrecision;

namespace Catch {
template <>
struct StringMaker<Date> {
  static std::string convert(const Date& d) { return d.to_string(); }
};
}  // namespace Catch

namespace {

Date date(std::string_view text) {
  const auto d = Date::parse_iso(text);
  INFO("parsing " << text);
  REQUIRE(d.has_value());
  return *d;
}

bool rejects(std::string_view text) { return !Date::parse_iso(text).has_value(); }

/// The ISO text of `d` as fmt writes it: the reference write_iso() must match.
std::string fmt_iso(const Date& d) {
  if (d.month() == 0) return fmt::format("{:04}", d.year());
  if (d.day() == 0) return fmt::format("{:04}-{:02}", d.year(), d.month());
  return fmt::format("{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
}

std::string written_iso(const Date& d) {
  char text[Date::kMaxIsoSize];
  return std::string(text, d.write_iso(text));
}

}  // namespace

TEST_CASE("a full ISO date parses into year, month and day", "[core][date]") {
  const Date d = date("1964-05-17");
  CHECK(d.year() == 1964);
  CHECK(d.month() == 5);
  CHECK(d.day() == 17);
  CHECK(d.precision() == DatePrecision::day);
  CHECK(d.is_full());
}

TEST_CASE("a year or a year and month parse as partial dates", "[core][date]") {
  const Date year = date("1964");
  CHECK(year.precision() == DatePrecision::year);
  CHECK(year.month() == 0);
  CHECK_FALSE(year.is_full());
  const Date month = date("1964-05");
  CHECK(month.precision() == DatePrecision::month);
  CHECK(month.month() == 5);
  CHECK(month.day() == 0);
}

TEST_CASE("to_string gives back the text a date was parsed from", "[core][date]") {
  for (const char* text : {"1964", "1964-05", "1964-05-17", "1000-01-01", "9999-12-31"}) {
    CHECK(date(text).to_string() == text);
  }
}

TEST_CASE("2023-02-29 is not a date", "[core][date]") { CHECK(rejects("2023-02-29")); }

TEST_CASE("2024-02-29 is a date", "[core][date]") { CHECK(date("2024-02-29").day() == 29); }

TEST_CASE("century years are leap years only when divisible by 400", "[core][date]") {
  CHECK(rejects("1900-02-29"));
  CHECK(date("2000-02-29").day() == 29);
  CHECK_FALSE(sanx::core::is_leap_year(2100));
  CHECK(sanx::core::is_leap_year(2400));
}

TEST_CASE("months and days must exist", "[core][date]") {
  for (const char* text : {"2024-13-01", "2024-00-10", "2024-04-31", "2024-01-00", "2024-01-32", "2024-13", "2024-00"}) {
    INFO(text);
    CHECK(rejects(text));
  }
}

TEST_CASE("months and days must be zero-padded", "[core][date]") {
  for (const char* text : {"2024-1-05", "2024-01-5", "2024-1", "24-01-01", "999"}) {
    INFO(text);
    CHECK(rejects(text));
  }
}

TEST_CASE("years outside 1000 to 9999 are rejected", "[core][date]") {
  for (const char* text : {"0999", "0000-01-01", "10000", "10000-01-01", "-2024"}) {
    INFO(text);
    CHECK(rejects(text));
  }
}

TEST_CASE("other separators, forms and surrounding text are rejected", "[core][date]") {
  for (const char* text : {"", "2024/01/01", "20240101", "2024-01-01T00:00", " 2024-01-01", "2024-01-01 ", "2024-",
                           "2024-01-", "2024.01.01", "2024-0a-01", "２０２４"}) {
    INFO('"' << text << '"');
    CHECK(rejects(text));
  }
}

TEST_CASE("a partial date stands for the range of its days", "[core][date]") {
  CHECK(date("2024").earliest() == date("2024-01-01"));
  CHECK(date("2024").latest() == date("2024-12-31"));
  CHECK(date("2024-02").earliest() == date("2024-02-01"));
  CHECK(date("2024-02").latest() == date("2024-02-29"));
  CHECK(date("2023-02").latest() == date("2023-02-28"));
  CHECK(date("2023-04").latest() == date("2023-04-30"));
}

TEST_CASE("a full date is its own earliest and latest day", "[core][date]") {
  CHECK(date("2024-06-15").earliest() == date("2024-06-15"));
  CHECK(date("2024-06-15").latest() == date("2024-06-15"));
}

TEST_CASE("unknown parts order before known ones", "[core][date]") {
  CHECK(date("2024") < date("2024-01"));
  CHECK(date("2024-01") < date("2024-01-01"));
  CHECK(date("2024-01-01") < date("2024-01-02"));
  CHECK(date("2024-01-31") < date("2024-02"));
  CHECK(date("2023-12-31") < date("2024"));
}

TEST_CASE("days since the epoch count from 1970-01-01", "[core][date]") {
  CHECK(date("1970-01-01").days_since_epoch() == 0);
  CHECK(date("1970-01-02").days_since_epoch() == 1);
  CHECK(date("1969-12-31").days_since_epoch() == -1);
  CHECK(date("2000-03-01").days_since_epoch() == 11017);
  CHECK(date("2024-02-24").days_since_epoch() == 19777);
  CHECK(date("1000-01-01").days_since_epoch() == -354285);
}

TEST_CASE("days since the epoch of a partial date are those of its earliest day", "[core][date]") {
  CHECK(date("2024").days_since_epoch() == date("2024-01-01").days_since_epoch());
  CHECK(date("2024-03").days_since_epoch() == date("2024-03-01").days_since_epoch());
}

TEST_CASE("every day from 1000-01-01 to 9999-12-31 is one more than the day before", "[core][date]") {
  // Walks the calendar with days_in_month and checks both conversions at every step.
  Date day = Date::ymd(1000, 1, 1);
  std::int32_t n = day.days_since_epoch();
  std::int64_t mismatches = 0;
  for (int y = 1000; y <= 9999; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= sanx::core::days_in_month(y, m); ++d) {
        const Date expected = Date::ymd(y, m, d);
        if (expected.days_since_epoch() != n || !(Date::from_days_since_epoch(n) == expected)) ++mismatches;
        ++n;
      }
    }
  }
  CHECK(mismatches == 0);
  CHECK(n == Date::ymd(9999, 12, 31).days_since_epoch() + 1);
}

TEST_CASE("write_iso writes what fmt writes for every day, month and year it may meet", "[core][date]") {
  // The first date whose texts differ, or nothing: CHECK on each of 150,000 dates would be slow.
  std::string first_difference;
  const auto compare = [&first_difference](const Date& d) {
    if (first_difference.empty() && written_iso(d) != fmt_iso(d)) first_difference = fmt_iso(d) + " vs " + written_iso(d);
  };
  for (std::int32_t n = Date::ymd(1890, 1, 1).days_since_epoch(); n <= Date::ymd(2110, 12, 31).days_since_epoch(); ++n) {
    compare(Date::from_days_since_epoch(n));
  }
  for (int y = -32768; y <= 32767; ++y) compare(Date::ymd(y, 0, 0));
  for (const int y : {-32768, -1000, -999, -99, -10, -9, -1, 0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 32767}) {
    for (int m = 1; m <= 12; ++m) {
      compare(Date::ymd(y, m, 0));
      compare(Date::ymd(y, m, 1));
      compare(Date::ymd(y, m, 31));
    }
  }
  CHECK(first_difference.empty());
  CHECK(written_iso(Date::ymd(-5, 3, 7)) == "-005-03-07");
  CHECK(written_iso(Date::ymd(2024, 2, 29)) == "2024-02-29");
}

TEST_CASE("days_in_month knows the month lengths and rejects months that do not exist", "[core][date]") {
  CHECK(sanx::core::days_in_month(2023, 2) == 28);
  CHECK(sanx::core::days_in_month(2024, 2) == 29);
  CHECK(sanx::core::days_in_month(2024, 9) == 30);
  CHECK(sanx::core::days_in_month(2024, 12) == 31);
  CHECK(sanx::core::days_in_month(2024, 0) == 0);
  CHECK(sanx::core::days_in_month(2024, 13) == 0);
}
