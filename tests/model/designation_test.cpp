#include "sanx/model/designation.hpp"

#include <catch2/catch.hpp>

using sanx::core::Date;
using sanx::model::Designation;

namespace {

Date date(std::string_view text) {
  const auto d = Date::parse_iso(text);
  REQUIRE(d.has_value());
  return *d;
}

Designation listed(std::optional<Date> from, std::optional<Date> to) {
  Designation d;
  d.entity = "demo:vtb";
  d.regime = "OFAC";
  d.listed_from = from;
  d.listed_to = to;
  return d;
}

}  // namespace

TEST_CASE("a designation is in force from its first day", "[model][designation]") {
  const Designation d = listed(date("2022-02-24"), std::nullopt);
  CHECK_FALSE(d.in_force_on(date("2022-02-23")));
  CHECK(d.in_force_on(date("2022-02-24")));
  CHECK(d.in_force_on(date("2030-01-01")));
}

TEST_CASE("a designation is no longer in force on its listed_to day", "[model][designation]") {
  const Designation d = listed(date("2022-02-24"), date("2023-06-01"));
  CHECK(d.in_force_on(date("2023-05-31")));
  CHECK_FALSE(d.in_force_on(date("2023-06-01")));
}

TEST_CASE("a designation without dates is always in force", "[model][designation]") {
  CHECK(listed(std::nullopt, std::nullopt).in_force_on(date("1000-01-01")));
}

TEST_CASE("a delisting without a listing date ends at listed_to", "[model][designation]") {
  const Designation d = listed(std::nullopt, date("2020-01-01"));
  CHECK(d.in_force_on(date("2019-12-31")));
  CHECK_FALSE(d.in_force_on(date("2020-01-01")));
}

TEST_CASE("partial listing dates are taken at their earliest day", "[model][designation]") {
  const Designation d = listed(date("2022-03"), date("2023"));
  CHECK_FALSE(d.in_force_on(date("2022-02-28")));
  CHECK(d.in_force_on(date("2022-03-01")));
  CHECK(d.in_force_on(date("2022-12-31")));
  CHECK_FALSE(d.in_force_on(date("2023-01-01")));
}

TEST_CASE("a partial query day is taken at its earliest day", "[model][designation]") {
  const Designation d = listed(date("2022-06-01"), std::nullopt);
  CHECK_FALSE(d.in_force_on(date("2022")));
  CHECK(d.in_force_on(date("2022-06")));
}
