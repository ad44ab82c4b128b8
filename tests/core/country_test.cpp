#include "sanx/core/country.hpp"

#include <string>

#include <catch2/catch.hpp>

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
