#include "sanx/core/text.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

namespace core = sanx::core;

namespace {
using Parts = std::vector<std::string_view>;
constexpr auto npos = std::string_view::npos;
}  // namespace

TEST_CASE("trim strips spaces and tabs from both ends", "[core][text]") {
  CHECK(core::trim(" \t a b \t ") == "a b");
  CHECK(core::trim("   ").empty());
  CHECK(core::trim("").empty());
}

TEST_CASE("trim leaves line breaks and non-ASCII spaces alone", "[core][text]") {
  CHECK(core::trim("\na\r") == "\na\r");
  CHECK(core::trim("\xC2\xA0x") == "\xC2\xA0x");  // NO-BREAK SPACE
}

TEST_CASE("a list splits on its separator, trimming parts and dropping empty ones", "[core][text]") {
  CHECK(core::split_list("a| b||c") == Parts{"a", "b", "c"});
  CHECK(core::split_list(" | x |") == Parts{"x"});
}

TEST_CASE("a list may use another separator", "[core][text]") {
  CHECK(core::split_list("RU; BY ;IR", ';') == Parts{"RU", "BY", "IR"});
  CHECK(core::split_list("a|b", ';') == Parts{"a|b"});
}

TEST_CASE("an empty or blank list has no parts", "[core][text]") {
  CHECK(core::split_list("").empty());
  CHECK(core::split_list(" |  | ").empty());
}

TEST_CASE("valid UTF-8 has no invalid offset", "[core][text]") {
  CHECK(core::find_invalid_utf8("") == npos);
  CHECK(core::find_invalid_utf8("Vneshtorgbank") == npos);
  CHECK(core::find_invalid_utf8("Внешторгбанк ВТБ") == npos);
  CHECK(core::find_invalid_utf8("€ 中国 😀 \xF4\x8F\xBF\xBF") == npos);  // up to U+10FFFF
}

TEST_CASE("the offset of the first invalid byte is reported", "[core][text]") {
  CHECK(core::find_invalid_utf8("ab\xFF" "cd") == 2);
  CHECK(core::find_invalid_utf8("Мир\x80") == 6);  // stray continuation byte
}

TEST_CASE("overlong encodings are invalid UTF-8", "[core][text]") {
  CHECK(core::find_invalid_utf8("\xC0\xAF") == 0);
  CHECK(core::find_invalid_utf8("x\xE0\x80\xAF") == 1);
  CHECK(core::find_invalid_utf8("\xF0\x80\x80\xAF") == 0);
}

TEST_CASE("surrogates and code points above U+10FFFF are invalid UTF-8", "[core][text]") {
  CHECK(core::find_invalid_utf8("\xED\xA0\x80") == 0);
  CHECK(core::find_invalid_utf8("\xF4\x90\x80\x80") == 0);
  CHECK(core::find_invalid_utf8("\xF5\x80\x80\x80") == 0);
}

TEST_CASE("a sequence cut short is invalid UTF-8", "[core][text]") {
  CHECK(core::find_invalid_utf8("ok\xD0") == 2);
  CHECK(core::find_invalid_utf8("ok\xE2\x82") == 2);
  CHECK(core::find_invalid_utf8("\xE2\x82x") == 0);
}

TEST_CASE("code points are counted, not bytes", "[core][text]") {
  CHECK(core::count_code_points("") == 0);
  CHECK(core::count_code_points("Moscow") == 6);
  CHECK(core::count_code_points("Москва") == 6);
  CHECK(core::count_code_points("a€😀") == 3);
}

TEST_CASE("ASCII case mapping leaves other characters alone", "[core][text]") {
  CHECK(core::to_upper_ascii("vtbr ru-mm 1") == "VTBR RU-MM 1");
  CHECK(core::to_lower_ascii("IMO:9354521") == "imo:9354521");
  CHECK(core::to_upper_ascii("straße ж") == "STRAßE ж");
  CHECK(core::to_lower_ascii("ÄÖ Ж") == "ÄÖ Ж");
}
