#include "sanx/core/decimal.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include <catch2/catch.hpp>

using sanx::core::Decimal;

namespace Catch {
template <>
struct StringMaker<Decimal> {
  static std::string convert(const Decimal& d) { return d.to_string(); }
};
template <>
struct StringMaker<std::optional<Decimal>> {
  static std::string convert(const std::optional<Decimal>& d) { return d ? d->to_string() : "nullopt"; }
};
}  // namespace Catch

namespace {

Decimal dec(std::string_view text) {
  const auto d = Decimal::parse(text);
  INFO("parsing " << text);
  REQUIRE(d.has_value());
  return *d;
}

std::string canonical(std::string_view text) { return dec(text).to_string(); }

bool rejects(std::string_view text) { return !Decimal::parse(text).has_value(); }

}  // namespace

TEST_CASE("ten percent plus forty percent is exactly fifty percent", "[core][decimal]") {
  const auto sum = dec("10").add(dec("40"));
  REQUIRE(sum);
  CHECK(*sum == dec("50"));
  CHECK(sum->to_string() == "50");
}

TEST_CASE("0.1 plus 0.2 is exactly 0.3", "[core][decimal]") {
  const auto sum = dec("0.1").add(dec("0.2"));
  REQUIRE(sum);
  CHECK(*sum == dec("0.3"));
}

TEST_CASE("numbers of different scales add exactly", "[core][decimal]") {
  CHECK(dec("1.5").add(dec("0.25")) == dec("1.75"));
  CHECK(dec("1").add(dec("0.00000000000000001")) == dec("1.00000000000000001"));
}

TEST_CASE("a sum whose fraction cancels is normalised to an integer", "[core][decimal]") {
  const auto sum = dec("0.75").add(dec("0.25"));
  REQUIRE(sum);
  CHECK(sum->mantissa() == 1);
  CHECK(sum->scale() == 0);
}

TEST_CASE("subtraction is exact and may go negative", "[core][decimal]") {
  CHECK(dec("50").subtract(dec("33.5")) == dec("16.5"));
  CHECK(dec("0.1").subtract(dec("0.3")) == dec("-0.2"));
  CHECK(dec("2.5").subtract(dec("2.5")) == Decimal());
}

TEST_CASE("a sum beyond 18 significant digits is an overflow", "[core][decimal]") {
  CHECK_FALSE(dec("999999999999999999").add(dec("1")).has_value());
  CHECK_FALSE(dec("-999999999999999999").subtract(dec("1")).has_value());
}

TEST_CASE("a sum that needs more than 18 digits once scales are aligned is an overflow", "[core][decimal]") {
  CHECK_FALSE(dec("12345678901234567.8").add(dec("0.000000000000000001")).has_value());
}

TEST_CASE("parsing normalises trailing fractional zeros", "[core][decimal]") {
  const Decimal d = dec("1.500");
  CHECK(d.mantissa() == 15);
  CHECK(d.scale() == 1);
  CHECK(d == dec("1.5"));
  CHECK(dec("100.00").scale() == 0);
}

TEST_CASE("negative zero is zero", "[core][decimal]") {
  for (const char* text : {"-0", "-0.000", "+0", "000.0"}) {
    INFO(text);
    const Decimal d = dec(text);
    CHECK(d.is_zero());
    CHECK_FALSE(d.is_negative());
    CHECK(d == Decimal());
    CHECK(d.to_string() == "0");
  }
}

TEST_CASE("a number may start or end with its decimal point", "[core][decimal]") {
  CHECK(dec(".5") == dec("0.5"));
  CHECK(dec("5.") == dec("5"));
  CHECK(dec("-.25").to_string() == "-0.25");
}

TEST_CASE("a leading plus sign is accepted", "[core][decimal]") { CHECK(dec("+12.5") == dec("12.5")); }

TEST_CASE("an empty string, a lone sign or a lone point is not a number", "[core][decimal]") {
  for (const char* text : {"", "-", "+", ".", "-.", "+."}) {
    INFO('"' << text << '"');
    CHECK(rejects(text));
  }
}

TEST_CASE("exponents are not accepted", "[core][decimal]") {
  CHECK(rejects("1e5"));
  CHECK(rejects("1E5"));
  CHECK(rejects("1.5e-3"));
}

TEST_CASE("spaces, separators and stray characters are not accepted", "[core][decimal]") {
  for (const char* text : {" 1", "1 ", "1 000", "1,000", "1_000", "1.2.3", "--1", "+-1", "1-", "0x10", "12%", "inf", "nan"}) {
    INFO('"' << text << '"');
    CHECK(rejects(text));
  }
}

TEST_CASE("18 significant digits fit and 19 do not", "[core][decimal]") {
  CHECK(dec("999999999999999999").mantissa() == 999'999'999'999'999'999);
  CHECK(dec("-0.999999999999999999").scale() == 18);
  CHECK(rejects("1000000000000000000"));
  CHECK(rejects("1.000000000000000001"));
}

TEST_CASE("leading zeros and trailing fractional zeros are not significant digits", "[core][decimal]") {
  CHECK(dec("0000000000000000000000042") == dec("42"));
  CHECK(dec("7.0000000000000000000000") == dec("7"));
  CHECK(dec("0.000000000000000001").mantissa() == 1);
}

TEST_CASE("more than 18 digits after the point is rejected even when they are few", "[core][decimal]") {
  CHECK(rejects("0.0000000000000000001"));
}

TEST_CASE("to_string gives the canonical form", "[core][decimal]") {
  CHECK(canonical("50.0") == "50");
  CHECK(canonical("033.50") == "33.5");
  CHECK(canonical("-0.0010") == "-0.001");
  CHECK(canonical("0.000") == "0");
  CHECK(canonical("-12.5") == "-12.5");
  CHECK(canonical("123456789.123456789") == "123456789.123456789");
}

TEST_CASE("to_string prints integers built with from_int, including the extremes", "[core][decimal]") {
  CHECK(Decimal::from_int(-7).to_string() == "-7");
  CHECK(Decimal::from_int(std::numeric_limits<std::int64_t>::min()).to_string() == "-9223372036854775808");
  CHECK(Decimal::from_int(std::numeric_limits<std::int64_t>::max()).to_string() == "9223372036854775807");
}

TEST_CASE("canonical text parses back to the same value", "[core][decimal]") {
  for (const char* text : {"0", "1", "-1", "0.5", "-0.001", "999999999999999999", "0.000000000000000001"}) {
    INFO(text);
    CHECK(dec(dec(text).to_string()) == dec(text));
  }
}

TEST_CASE("comparison is exact across scales", "[core][decimal]") {
  CHECK(dec("0.5") < dec("0.51"));
  CHECK(dec("1") == dec("1.000"));
  CHECK(dec("-1.5") < dec("-1.25"));
  CHECK(dec("100") > dec("99.999999999999999"));
  CHECK(dec("0.999999999999999999") < dec("1"));
  CHECK(dec("-0.000000000000000001") < Decimal());
  CHECK((dec("25") <=> dec("25.0")) == std::strong_ordering::equal);
}

TEST_CASE("a decimal built from a mantissa and a scale equals the one parsed from its text", "[core][decimal]") {
  CHECK(Decimal::from_scaled(12500, 3) == Decimal::parse("12.5"));
  CHECK(Decimal::from_scaled(-7, 2) == Decimal::parse("-0.07"));
  CHECK(Decimal::from_scaled(0, 5) == Decimal::parse("0"));
  CHECK(Decimal::from_scaled(999'999'999'999'999'999, 18) == Decimal::parse("0.999999999999999999"));
  CHECK_FALSE(Decimal::from_scaled(1, 19).has_value());  // more than 18 decimals
  CHECK_FALSE(Decimal::from_scaled(1'000'000'000'000'000'000, 0).has_value());  // 19 digits
}
