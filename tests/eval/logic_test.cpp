// Three-valued logic (docs/dsl.md): T, F and M below are a true, a false and a missing condition on
// payment P1 of small_world(): its originator is a company without a birth date, and its one known
// intermediary bank (NOWHGB22) has no country.
#include "eval/eval_test_support.hpp"

using sanx::test::outcome;

namespace {

constexpr const char* T = R"((p.currency == "EUR"))";
constexpr const char* F = R"((p.currency == "USD"))";
constexpr const char* M = "(p.originator.birth_date > 2000-01-01)";

std::string tri(std::string_view condition) {
  const std::string o = outcome(condition);
  return o == "fired" ? "T" : (o == "none" ? "F" : "M");
}

/// Replaces T, F and M in `pattern` by the conditions.
std::string expand(std::string_view pattern) {
  std::string out;
  for (const char c : pattern) {
    if (c == 'T') {
      out += T;
    } else if (c == 'F') {
      out += F;
    } else if (c == 'M') {
      out += M;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("The missing condition used by these tables is missing", "[eval][logic]") {
  CHECK(tri(expand("M")) == "M");
  CHECK(tri(expand("T")) == "T");
  CHECK(tri(expand("F")) == "F");
}

TEST_CASE("And is false if either side is false, else missing if either is missing", "[eval][logic]") {
  CHECK(tri(expand("T and T")) == "T");
  CHECK(tri(expand("T and F")) == "F");
  CHECK(tri(expand("F and M")) == "F");
  CHECK(tri(expand("M and F")) == "F");
  CHECK(tri(expand("T and M")) == "M");
  CHECK(tri(expand("M and T")) == "M");
  CHECK(tri(expand("M and M")) == "M");
  CHECK(tri(expand("F and F")) == "F");
}

TEST_CASE("Or is true if either side is true, else missing if either is missing", "[eval][logic]") {
  CHECK(tri(expand("T or F")) == "T");
  CHECK(tri(expand("M or T")) == "T");
  CHECK(tri(expand("T or M")) == "T");
  CHECK(tri(expand("F or M")) == "M");
  CHECK(tri(expand("M or F")) == "M");
  CHECK(tri(expand("M or M")) == "M");
  CHECK(tri(expand("F or F")) == "F");
}

TEST_CASE("Not of missing is missing", "[eval][logic]") {
  CHECK(tri(expand("not T")) == "F");
  CHECK(tri(expand("not F")) == "T");
  CHECK(tri(expand("not M")) == "M");
}

TEST_CASE("Comparisons with a missing operand are missing, is missing is not", "[eval][logic]") {
  CHECK(tri("p.originator.birth_date == 2000-01-01") == "M");
  CHECK(tri("p.originator.birth_date + 90d > p.date") == "M");
  CHECK(tri("p.originator.birth_date is missing") == "T");
  CHECK(tri(R"(p.originator.birth_date in {2000-01-01})") == "M");
  CHECK(tri("coalesce(p.originator.birth_date, 2000-01-01) == 2000-01-01") == "T");
}

TEST_CASE("Any is true if some element is true, else missing if some is missing", "[eval][logic]") {
  // intermediary banks: demo:nowhere only (no country); the other BIC names no bank and is skipped.
  CHECK(tri(R"(any b in p.intermediary_banks: b.country == "RU")") == "M");
  CHECK(tri(R"(any b in p.intermediary_banks: (b.id == "demo:nowhere" or b.country == "RU"))") == "T");
  CHECK(tri(R"(any b in p.intermediary_banks: b.id == "demo:other")") == "F");
}

TEST_CASE("All is false if some element is false, else missing if some is missing", "[eval][logic]") {
  CHECK(tri(R"(all b in p.intermediary_banks: b.country == "RU")") == "M");
  CHECK(tri(R"(all b in p.intermediary_banks: (b.id == "demo:other" and b.country == "RU"))") == "F");
  CHECK(tri(R"(all b in p.intermediary_banks: b.id == "demo:nowhere")") == "T");
}

TEST_CASE("None is the negation of any", "[eval][logic]") {
  CHECK(tri(R"(none b in p.intermediary_banks: b.country == "RU")") == "M");
  CHECK(tri(R"(none b in p.intermediary_banks: b.id == "demo:nowhere")") == "F");
  CHECK(tri(R"(none b in p.intermediary_banks: b.id == "demo:other")") == "T");
}
