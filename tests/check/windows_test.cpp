// Windows (docs/dsl.md, "Windows"): the types of the aggregates, the kinds and lengths they accept, and the
// key every window must have (E0211).
#include <catch2/catch.hpp>

#include "check/check_test_support.hpp"

using sanx::testing::check_clean;
using sanx::testing::check_fails_with;
using sanx::testing::check_source;
using sanx::testing::payment_when;

namespace {

constexpr std::string_view kWhere = "payment q where q.originator == p.originator within 30d before";

std::string over(std::string_view head) { return std::string(head) + " " + std::string(kWhere); }

}  // namespace

TEST_CASE("count and distinct are ints, sum has the type of its value, min and max the type they take",
          "[check][window][types]") {
  check_clean(payment_when(over("count") + " > 3"));
  check_clean(payment_when(over("distinct q.beneficiary over") + " > 3"));
  check_clean(payment_when(over("sum q.amount over") + " > 10000.5"));
  check_clean(payment_when(over("min q.date over") + " < p.date"));
  check_clean(payment_when(over("max q.currency over") + " == \"USD\""));
  check_fails_with("E0201", 4, 8, payment_when(over("count") + " == \"three\""));
  check_fails_with("E0201", 4, 8, payment_when(over("sum q.amount over") + " == p.date"));
}

TEST_CASE("sum adds numbers only and min and max need ordered values", "[check][window][types]") {
  check_fails_with("E0201", 4, 12, payment_when(over("sum q.currency over") + " > 1"));
  check_fails_with("E0201", 4, 12, payment_when(over("max q.beneficiary over") + " is missing"));
  check_fails_with("E0201", 4, 17, payment_when(over("distinct q.intermediary_banks over") + " > 1"));
}

TEST_CASE("a window ranges over payments or shipments and is as long as a duration", "[check][window]") {
  check_fails_with("E0201", 4, 14,
                   payment_when("count entity q where q.name == p.originator.name within 30d before > 1"));
  check_fails_with("E0201", 4, 66,
                   payment_when("count payment q where q.originator == p.originator within 30 before > 1"));
  check_clean(payment_when("count shipment q where q.exporter == p.originator within 18mo around > 1"));
}

TEST_CASE("the where of a window is a condition over its variable, which is not visible outside it",
          "[check][window]") {
  check_fails_with("E0204", 4, 30, payment_when("count payment q where q.amount within 30d before > 1"));
  check_fails_with("E0102", 4, 79,
                   payment_when("count payment q where q.originator == p.originator within 30d before > q.amount"));
}

TEST_CASE("a window's key is an equality of its variable's field with a value of the subject, in any order",
          "[check][window][key]") {
  check_clean(payment_when("count payment q where q.amount > 5 and p.beneficiary == q.originator within 3d after > 1"));
  check_fails_with("E0211", 4, 30,
                   payment_when("count payment q where q.originator != p.originator within 3d after > 1"));
  check_fails_with("E0211", 4, 30,
                   payment_when("count payment q where q.originator == p.originator or q.amount > 1 within 3d after > 1"));
  check_fails_with("E0211", 4, 30,
                   payment_when("count payment q where q.originator == q.beneficiary within 3d after > 1"));
}

TEST_CASE("windows do not nest", "[check][window]") {
  check_fails_with("E0201", 4, 67,
                   payment_when("count payment q where q.originator == p.originator and 1 < count payment r where "
                                "r.originator == q.originator within 1d before within 30d before > 1"));
}

TEST_CASE("a window is only allowed inside a rule", "[check][window]") {
  check_fails_with("E0201", 1, 11, "const N = count payment q where q.originator == q.originator within 3d after\n");
}
