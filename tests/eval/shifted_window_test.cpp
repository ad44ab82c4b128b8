// Shifted windows: `within near to far before` takes the candidates dated in [date − far, date − near],
// `after` those in [date + near, date + far], both ends inclusive: a baseline period that ends some time
// before (or starts some time after) the subject.
#include <map>

#include "eval/eval_test_support.hpp"

using namespace sanx;

namespace {

model::Payment op(std::string id, std::string_view date) {
  model::Payment p = test::payment(std::move(id), date, "VTBRRUMM", "DEUTDEFF");
  p.originator = "demo:a";
  return p;
}

/// What `count payment q where q.originator == p.originator within <window>` gives for payment S.
std::string count_for_s(std::string_view window, const model::Dataset& data) {
  const auto findings = test::run(
      fmt::format("rule r {{\n  meta {{ severity = low }}\n  on payment p\n"
                  "  let v = count payment q where q.originator == p.originator within {}\n"
                  "  when v is missing or v is not missing\n  reason \"{{v}}\"\n}}\n",
                  window),
      data);
  for (const auto& f : findings) {
    if (f.subject() == "S") return std::string(f.reason());
  }
  return "no finding";
}

test::World& parties(test::World& w) {
  return w.company("demo:a", "A LLC", "IR").company("demo:benef", "Benef", "RU");
}

}  // namespace

TEST_CASE("A shifted window before includes both of its ends and nothing nearer or farther", "[eval][window]") {
  // S on 2024-12-31: 730 days earlier is 2023-01-01, 1095 days earlier 2022-01-01.
  test::World w;
  parties(w).payment(op("S", "2024-12-31"))
      .payment(op("FAR_END", "2022-01-01")).payment(op("NEAR_END", "2023-01-01"))
      .payment(op("TOO_FAR", "2021-12-31")).payment(op("TOO_NEAR", "2023-01-02"))
      .payment(op("SAME_DAY", "2024-12-31"));
  CHECK(count_for_s("730d to 1095d before", w.build()) == "2");
}

TEST_CASE("A shifted window after includes both of its ends and nothing nearer or farther", "[eval][window]") {
  test::World w;
  parties(w).payment(op("S", "2024-01-01"))
      .payment(op("NEAR_END", "2024-01-31")).payment(op("FAR_END", "2024-03-01"))
      .payment(op("TOO_NEAR", "2024-01-30")).payment(op("TOO_FAR", "2024-03-02"))
      .payment(op("BEFORE", "2023-12-01"));
  CHECK(count_for_s("30d to 60d after", w.build()) == "2");
}

TEST_CASE("A shifted window in months is measured on the calendar", "[eval][window]") {
  // 31 March 2024: one month earlier is 29 February (the end of the shorter month), two is 31 January.
  test::World w;
  parties(w).payment(op("S", "2024-03-31"))
      .payment(op("FEB_29", "2024-02-29")).payment(op("JAN_31", "2024-01-31"))
      .payment(op("MAR_01", "2024-03-01")).payment(op("JAN_30", "2024-01-30"));
  CHECK(count_for_s("1mo to 2mo before", w.build()) == "2");
}

TEST_CASE("A shifted window starting at 0 is the plain window", "[eval][window]") {
  test::World w;
  parties(w).payment(op("S", "2024-03-31")).payment(op("IN", "2024-03-01")).payment(op("OUT", "2024-02-29"))
      .payment(op("SAME_DAY", "2024-03-31"));
  const model::Dataset data = w.build();
  CHECK(count_for_s("0d to 30d before", data) == count_for_s("30d before", data));
  CHECK(count_for_s("0d to 30d before", data) == "2");
}
