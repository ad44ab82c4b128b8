#include "sanx/core/country.hpp"

#include <string>

#include <catch2/catch.hpp>

using sanx::core::country_code_of_name;
using sanx::core::is_country_code;

TEST_CASE("exactly the 249 officially assigned codes and XK are country codes", "[core][country]") {
  int accepted = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) {
      if (is_country_code(std::string{a, b})) ++accepted;
    }
  }
  CHECK(accepted == 250);
}

TEST_CASE("the countries the sanctions packs watch are country codes", "[core][country]") {
  for (const char* code : {"RU", "BY", "IR", "KP", "SY", "CU", "VE", "CN", "AE", "TR", "KZ", "GB", "US"}) {
    INFO(code);
    CHECK(is_country_code(code));
  }
}

TEST_CASE("the first and last codes of the table are found", "[core][country]") {
  CHECK(is_country_code("AD"));
  CHECK(is_country_code("ZW"));
}

TEST_CASE("XK is accepted for Kosovo", "[core][country]") { CHECK(is_country_code("XK")); }

TEST_CASE("reserved, withdrawn and made-up codes are not country codes", "[core][country]") {
  for (const char* code : {"UK", "EU", "SU", "YU", "AN", "CS", "ZZ", "XX", "AA", "EZ"}) {
    INFO(code);
    CHECK_FALSE(is_country_code(code));
  }
}

TEST_CASE("country codes are upper case only", "[core][country]") {
  CHECK_FALSE(is_country_code("ru"));
  CHECK_FALSE(is_country_code("Ru"));
}

TEST_CASE("codes of other lengths are not country codes", "[core][country]") {
  for (const char* code : {"", "R", "RUS", "RU "}) {
    INFO('"' << code << '"');
    CHECK_FALSE(is_country_code(code));
  }
}

TEST_CASE("countries named as the sanctions lists name them map to their codes", "[core][country]") {
  CHECK(country_code_of_name("Russia") == "RU");
  CHECK(country_code_of_name("Russian Federation") == "RU");
  CHECK(country_code_of_name("Korea, North") == "KP");
  CHECK(country_code_of_name("Iran (Islamic Republic of)") == "IR");
  CHECK(country_code_of_name("Burma") == "MM");
  CHECK(country_code_of_name("Türkiye") == "TR");
}

TEST_CASE("country names match whatever their case and spacing", "[core][country]") {
  CHECK(country_code_of_name("  UNITED   ARAB EMIRATES ") == "AE");
  CHECK(country_code_of_name("TÜRKIYE") == "TR");
  CHECK(country_code_of_name("united kingdom") == "GB");
}

TEST_CASE("names that are no current country map to nothing", "[core][country]") {
  CHECK_FALSE(country_code_of_name("undetermined").has_value());
  CHECK_FALSE(country_code_of_name("Soviet Union").has_value());
  CHECK_FALSE(country_code_of_name("").has_value());
  CHECK_FALSE(country_code_of_name("RU").has_value());  // codes are not names
}
