#include "compile/value.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#include "sanx/core/assert.hpp"
#include "sanx/core/date.hpp"

namespace sanx::compile {

using dsl::ast::BinaryOp;

namespace {

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
using Int128 = __int128;
#pragma GCC diagnostic pop

constexpr std::int64_t kTen18 = 1'000'000'000'000'000'000;

template <typename T>
int sign_of(T a, T b) noexcept {
  return a < b ? -1 : (b < a ? 1 : 0);
}


/// Appends the decimal digits of `n`, as fmt writes them.
template <typename Int>
void append_digits(std::string& out, Int n) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
}

}  // namespace

char* write_decimal(char* out, const core::Decimal& d) noexcept {
  // Written with copies of fixed size (24 digits' room, the zeros' 18), not calls of memcpy for the
  // digits' count: findings write an amount each. `out` has kMaxDecimalSize bytes of room, and the
  // copies stay in it and in `digits` (the digits end at its middle: 24 bytes from any of them are in
  // it): a sign, at most 20 digits or "0." and 18 zeros, then 24 bytes.
  static_assert(kMaxDecimalSize >= 1 + 20 + 1 + 24 && kMaxDecimalSize >= 1 + 2 + 18 + 24);
  const std::int64_t m = d.mantissa();
  // The magnitude as unsigned, so that INT64_MIN prints too.
  const std::uint64_t magnitude = m < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(m) : static_cast<std::uint64_t>(m);
  // The digits written backwards from digits[24], two at a time, ending at `first`: without counting
  // them first as std::to_chars does.
  static constexpr std::array<char, 200> kPairs = [] {
    std::array<char, 200> pairs{};
    for (std::size_t i = 0; i < 100; ++i) {
      pairs[2 * i] = static_cast<char>('0' + i / 10);
      pairs[2 * i + 1] = static_cast<char>('0' + i % 10);
    }
    return pairs;
  }();
  std::array<char, 48> digits{};
  char* first = digits.data() + 24;
  std::uint64_t rest = magnitude;
  while (rest >= 100) {
    const std::uint64_t pair = rest % 100;
    rest /= 100;
    first -= 2;
    std::memcpy(first, kPairs.data() + 2 * pair, 2);
  }
  if (rest >= 10) {
    first -= 2;
    std::memcpy(first, kPairs.data() + 2 * rest, 2);
  } else {
    *--first = static_cast<char>('0' + rest);
  }
  const auto count = static_cast<std::size_t>(digits.data() + 24 - first);
  if (m < 0) *out++ = '-';
  SANX_ASSERT(d.scale() <= 18 && "a decimal's scale is 18 at most (core::Decimal)");
  const auto scale = static_cast<std::size_t>(std::max(d.scale(), 0));
  if (count <= scale) {
    *out++ = '0';
    *out++ = '.';
    std::memset(out, '0', 18);
    out += scale - count;
    std::memcpy(out, first, 24);
    return out + count;
  }
  std::memcpy(out, first, 24);
  if (scale == 0) return out + count;
  out += count - scale;
  *out++ = '.';
  std::memcpy(out, first + count - scale, 24);
  return out + scale;
}

namespace {

/// Appends core::Decimal::to_string() of `d` ("-12.5", "0", "0.001") without its temporaries.
void append_decimal(std::string& out, const core::Decimal& d) {
  char text[kMaxDecimalSize];
  out.append(text, write_decimal(text, d));
}

bool is_number(const Value& v) noexcept {
  return v.kind == ValueKind::integer || v.kind == ValueKind::decimal;
}

core::Decimal as_decimal(const Value& v) noexcept {
  return v.kind == ValueKind::integer ? core::Decimal::from_int(v.integer) : v.decimal;
}

/// A decimal from a non-negative mantissa and a scale; nullopt when it does not fit 18 digits.
std::optional<core::Decimal> make_decimal(Int128 mantissa, int scale, bool negative) noexcept {
  while (scale > 0 && mantissa % 10 == 0) {
    mantissa /= 10;
    --scale;
  }
  if (mantissa >= kTen18) return std::nullopt;
  const auto m = static_cast<std::int64_t>(mantissa);
  return core::Decimal::from_scaled(negative ? -m : m, scale);
}

Int128 pow10(int n) noexcept {
  Int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

std::optional<core::Decimal> multiply(const core::Decimal& a, const core::Decimal& b) noexcept {
  const bool negative = a.is_negative() != b.is_negative();
  Int128 m = static_cast<Int128>(a.mantissa()) * b.mantissa();
  if (m < 0) m = -m;
  int scale = a.scale() + b.scale();
  bool round_up = false;
  while (scale > core::Decimal::kMaxScale) {  // round half away from zero to 18 places
    round_up = m % 10 >= 5;
    m /= 10;
    --scale;
  }
  if (round_up) ++m;
  return make_decimal(m, scale, negative && m != 0);
}

std::optional<core::Decimal> divide(const core::Decimal& a, const core::Decimal& b) noexcept {
  if (b.is_zero()) return std::nullopt;
  const bool negative = a.is_negative() != b.is_negative();
  Int128 num = static_cast<Int128>(a.mantissa()) * pow10(b.scale());
  Int128 den = static_cast<Int128>(b.mantissa()) * pow10(a.scale());
  if (num < 0) num = -num;
  if (den < 0) den = -den;
  Int128 q = num / den;
  Int128 r = num % den;
  if (q >= kTen18) return std::nullopt;
  int scale = 0;
  while (r != 0 && scale < core::Decimal::kMaxScale && q * 10 < kTen18) {
    r *= 10;
    q = q * 10 + r / den;
    r %= den;
    ++scale;
  }
  if (r * 2 >= den && r != 0) ++q;  // round half away from zero
  return make_decimal(q, scale, negative && q != 0);
}

std::optional<int> order_durations(const DurationValue& a, const DurationValue& b) noexcept {
  if (a.months == b.months) return sign_of(a.days, b.days);
  const std::int32_t anchor = a.anchor != DurationValue::kNoAnchor ? a.anchor : b.anchor;
  if (anchor != DurationValue::kNoAnchor) {
    return sign_of(add_to_date(anchor, a.months, a.days), add_to_date(anchor, b.months, b.days));
  }
  // Neither side is measured from a date: months count as 30 days, as in days().
  return sign_of(std::int64_t{a.months} * 30 + a.days, std::int64_t{b.months} * 30 + b.days);
}

}  // namespace

bool ConstSet::add(const Value& v, bool keep_duplicates) {
  if (!keep_duplicates && contains(v)) return false;
  values.push_back(v);
  if (v.kind == ValueKind::string || v.kind == ValueKind::country) {
    const std::string_view t = text_of(v);
    if (v.kind == ValueKind::string) {
      strings.insert(v.string);
      if (std::find(string_lengths.begin(), string_lengths.end(), t.size()) == string_lengths.end()) {
        string_lengths.insert(std::upper_bound(string_lengths.begin(), string_lengths.end(), t.size()), t.size());
      }
    }
    if (t.size() == 2) {
      const int slot = country_slot(t[0], t[1]);
      if (slot >= 0) countries.set(static_cast<std::size_t>(slot));
    }
  } else if (is_number(v)) {
    numbers.push_back(as_decimal(v));
  } else if (v.kind == ValueKind::date) {
    dates.push_back(v.date);
  }
  return true;
}

bool ConstSet::contains_on(const Value& v, std::int32_t day) const noexcept {
  const auto it = periods.find(text_of(v));
  if (it == periods.end()) return false;
  for (const auto& [from, to] : it->second) {
    if (from <= day && day < to) return true;
  }
  return false;
}

bool ConstSet::contains(const Value& v) const noexcept {
  switch (v.kind) {
    case ValueKind::country: {
      const int slot = country_slot(v.country[0], v.country[1]);
      if (slot >= 0) return countries.test(static_cast<std::size_t>(slot));
      return strings.find(text_of(v)) != strings.end();
    }
    case ValueKind::string:
      if (v.string.size() == 2) {
        const int slot = country_slot(v.string[0], v.string[1]);
        if (slot >= 0 && countries.test(static_cast<std::size_t>(slot))) return true;
      }
      return strings.find(v.string) != strings.end();
    case ValueKind::integer:
    case ValueKind::decimal: {
      const core::Decimal d = as_decimal(v);
      return std::find(numbers.begin(), numbers.end(), d) != numbers.end();
    }
    case ValueKind::date:
      return std::find(dates.begin(), dates.end(), v.date) != dates.end();
    default:
      for (const Value& e : values) {
        if (equal(e, v)) return true;
      }
      return false;
  }
}

bool ConstSet::has_prefix_of(std::string_view code) const noexcept {
  for (const std::size_t n : string_lengths) {
    if (n > code.size()) break;
    if (strings.find(code.substr(0, n)) != strings.end()) return true;
  }
  return false;
}

std::optional<int> order(const Value& a, const Value& b) noexcept {
  if (a.kind == b.kind) {  // the common case, in windows above all: no conversion
    switch (a.kind) {
      case ValueKind::boolean: return sign_of(a.boolean, b.boolean);
      case ValueKind::integer: return sign_of(a.integer, b.integer);
      case ValueKind::decimal: return compare_decimals(a.decimal, b.decimal);
      case ValueKind::string:
      case ValueKind::country: return sign_of(text_of(a).compare(text_of(b)), 0);
      case ValueKind::date: return sign_of(a.date, b.date);
      case ValueKind::duration: return order_durations(a.duration, b.duration);
      case ValueKind::entity:
      case ValueKind::payment:
      case ValueKind::shipment:
      case ValueKind::relation: return sign_of(a.index, b.index);
      default: return std::nullopt;
    }
  }
  if (is_number(a) && is_number(b)) {
    const core::Decimal x = as_decimal(a);
    const core::Decimal y = as_decimal(b);
    return compare_decimals(x, y);
  }
  const bool a_text = a.kind == ValueKind::string || a.kind == ValueKind::country;
  const bool b_text = b.kind == ValueKind::string || b.kind == ValueKind::country;
  if (a_text && b_text) {
    const int c = text_of(a).compare(text_of(b));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return std::nullopt;
}

bool equal(const Value& a, const Value& b) noexcept {
  if (a.kind == ValueKind::country && b.kind == ValueKind::country) {
    return a.country[0] == b.country[0] && a.country[1] == b.country[1];
  }
  const std::optional<int> o = order(a, b);
  return o && *o == 0;
}

Value compare(BinaryOp op, const Value& a, const Value& b) noexcept {
  if (a.is_missing() || b.is_missing()) return Value::missing();
  const std::optional<int> o = order(a, b);
  switch (op) {
    case BinaryOp::eq: return Value::of_bool(o && *o == 0);
    case BinaryOp::ne: return Value::of_bool(!o || *o != 0);
    case BinaryOp::lt: return Value::of_bool(o && *o < 0);
    case BinaryOp::le: return Value::of_bool(o && *o <= 0);
    case BinaryOp::gt: return Value::of_bool(o && *o > 0);
    case BinaryOp::ge: return Value::of_bool(o && *o >= 0);
    default: return Value::missing();
  }
}

std::int32_t add_to_date(std::int32_t date, std::int32_t months, std::int32_t days) noexcept {
  if (months != 0) {
    const core::Date d = core::Date::from_days_since_epoch(date);
    const std::int32_t total = d.year() * 12 + (d.month() - 1) + months;
    const int year = total / 12;
    const int month = total % 12 + 1;
    const int day = std::min(d.day(), core::days_in_month(year, month));
    date = core::Date::ymd(year, month, day).days_since_epoch();
  }
  return date + days;
}

Value arithmetic(BinaryOp op, const Value& a, const Value& b) noexcept {
  if (a.is_missing() || b.is_missing()) return Value::missing();
  if (a.kind == ValueKind::integer && b.kind == ValueKind::integer && op != BinaryOp::div) {
    std::int64_t r = 0;
    bool overflow = false;
    if (op == BinaryOp::add) overflow = __builtin_add_overflow(a.integer, b.integer, &r);
    if (op == BinaryOp::sub) overflow = __builtin_sub_overflow(a.integer, b.integer, &r);
    if (op == BinaryOp::mul) overflow = __builtin_mul_overflow(a.integer, b.integer, &r);
    return overflow ? Value::missing() : Value::of_int(r);
  }
  if (is_number(a) && is_number(b)) {
    const core::Decimal x = as_decimal(a);
    const core::Decimal y = as_decimal(b);
    std::optional<core::Decimal> r;
    switch (op) {
      case BinaryOp::add: r = x.add(y); break;
      case BinaryOp::sub: r = x.subtract(y); break;
      case BinaryOp::mul: r = multiply(x, y); break;
      case BinaryOp::div: r = divide(x, y); break;
      default: break;
    }
    return r ? Value::of_decimal(*r) : Value::missing();
  }
  if (a.kind == ValueKind::date && b.kind == ValueKind::date && op == BinaryOp::sub) {
    return Value::of_duration(0, a.date - b.date, b.date);
  }
  if (a.kind == ValueKind::date && b.kind == ValueKind::duration) {
    const DurationValue& d = b.duration;
    if (op == BinaryOp::add) return Value::of_date(add_to_date(a.date, d.months, d.days));
    if (op == BinaryOp::sub) return Value::of_date(add_to_date(a.date, -d.months, -d.days));
  }
  if (a.kind == ValueKind::duration && b.kind == ValueKind::date && op == BinaryOp::add) {
    return Value::of_date(add_to_date(b.date, a.duration.months, a.duration.days));
  }
  if (a.kind == ValueKind::duration && b.kind == ValueKind::duration) {
    if (op == BinaryOp::add) {
      return Value::of_duration(a.duration.months + b.duration.months, a.duration.days + b.duration.days);
    }
    if (op == BinaryOp::sub) {
      return Value::of_duration(a.duration.months - b.duration.months, a.duration.days - b.duration.days);
    }
  }
  return Value::missing();
}

Value negate(const Value& a) noexcept {
  switch (a.kind) {
    case ValueKind::integer:
      if (a.integer == INT64_MIN) return Value::missing();
      return Value::of_int(-a.integer);
    case ValueKind::decimal: {
      const std::optional<core::Decimal> r = core::Decimal{}.subtract(a.decimal);
      return r ? Value::of_decimal(*r) : Value::missing();
    }
    case ValueKind::duration: return Value::of_duration(-a.duration.months, -a.duration.days);
    default: return Value::missing();
  }
}

Value string_test(BinaryOp op, const Value& a, const Value& b) noexcept {
  if (a.is_missing() || b.is_missing()) return Value::missing();
  const std::string_view x = text_of(a);
  const std::string_view y = text_of(b);
  switch (op) {
    case BinaryOp::starts_with: return Value::of_bool(x.starts_with(y));
    case BinaryOp::ends_with: return Value::of_bool(x.ends_with(y));
    case BinaryOp::contains: return Value::of_bool(x.find(y) != std::string_view::npos);
    default: return Value::missing();
  }
}

Value duration_days(const Value& d) noexcept {
  if (d.kind != ValueKind::duration) return Value::missing();
  return Value::of_int(std::int64_t{d.duration.months} * 30 + d.duration.days);
}

BinaryOp mirror(BinaryOp op) noexcept {
  switch (op) {
    case BinaryOp::lt: return BinaryOp::gt;
    case BinaryOp::le: return BinaryOp::ge;
    case BinaryOp::gt: return BinaryOp::lt;
    case BinaryOp::ge: return BinaryOp::le;
    default: return op;
  }
}

std::string render_plain(const Value& v) {
  std::string out;
  append_plain(out, v);
  return out;
}

void append_plain(std::string& out, const Value& v) {
  switch (v.kind) {
    case ValueKind::missing: out += '?'; return;
    case ValueKind::boolean: out += v.boolean ? "true" : "false"; return;
    case ValueKind::integer: append_digits(out, v.integer); return;
    case ValueKind::decimal: append_decimal(out, v.decimal); return;
    case ValueKind::string: out += v.string; return;
    case ValueKind::country: out.append(v.country, 2); return;
    case ValueKind::date: {
      char text[core::Date::kMaxIsoSize];
      out.append(text, core::Date::from_days_since_epoch(v.date).write_iso(text));
      return;
    }
    case ValueKind::duration: {
      const DurationValue& d = v.duration;
      if (d.months != 0) {
        append_digits(out, d.months);
        out += "mo";
      }
      if (d.months != 0 && d.days != 0) out += ' ';
      if (d.months == 0 || d.days != 0) {
        append_digits(out, d.days);
        out += 'd';
      }
      return;
    }
    case ValueKind::set: {
      out += v.set->ordered_list ? '[' : '{';
      for (std::size_t i = 0; i < v.set->values.size(); ++i) {
        if (i != 0) out += ", ";
        append_plain(out, v.set->values[i]);
      }
      out += v.set->ordered_list ? ']' : '}';
      return;
    }
    default:
      out += '#';
      append_digits(out, v.index);
      return;
  }
}

}  // namespace sanx::compile
