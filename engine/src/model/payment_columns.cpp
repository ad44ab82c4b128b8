#include "sanx/model/payment_columns.hpp"

#include <array>
#include <limits>

#include "sanx/core/assert.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::model {

namespace {

constexpr int kScales = core::Decimal::kMaxScale + 1;

constexpr std::array<std::int64_t, kScales> kPowersOfTen = [] {
  std::array<std::int64_t, kScales> p{};
  p[0] = 1;
  for (std::size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

/// `d` × 10^scale as an integer when that is exact and fits (and is not the marker for "does not").
std::int64_t units_at(const core::Decimal& d, int scale) noexcept {
  const int up = scale - d.scale();
  if (up < 0) return PaymentColumns::kInexactAmount;
  const std::int64_t m = d.mantissa();
  const std::int64_t p = kPowersOfTen[static_cast<std::size_t>(up)];
  if (m == PaymentColumns::kInexactAmount || m > std::numeric_limits<std::int64_t>::max() / p ||
      m < -std::numeric_limits<std::int64_t>::max() / p) {
    return PaymentColumns::kInexactAmount;
  }
  return m * p;
}

/// The scale at which most amounts are exact (the smallest such scale on a tie): most payments then
/// compare as integers, and the rest through their Decimal.
int common_scale(const std::vector<Payment>& payments) {
  std::array<std::size_t, kScales> count{};
  std::array<std::int64_t, kScales> largest{};  // largest |mantissa| per scale, so a scale's group fits or not
  for (const Payment& p : payments) {
    const auto s = static_cast<std::size_t>(p.amount.scale());
    ++count[s];
    const std::int64_t m = p.amount.mantissa();
    const std::int64_t magnitude = m == std::numeric_limits<std::int64_t>::min() ? std::numeric_limits<std::int64_t>::max()
                                                                                 : (m < 0 ? -m : m);
    if (magnitude > largest[s]) largest[s] = magnitude;
  }
  int best = 0;
  std::size_t best_exact = 0;
  for (int target = 0; target < kScales; ++target) {
    std::size_t exact = 0;
    for (int s = 0; s <= target; ++s) {
      const std::int64_t p = kPowersOfTen[static_cast<std::size_t>(target - s)];
      if (largest[static_cast<std::size_t>(s)] < std::numeric_limits<std::int64_t>::max() / p) {
        exact += count[static_cast<std::size_t>(s)];
      }
    }
    if (exact > best_exact) {
      best = target;
      best_exact = exact;
    }
  }
  return best;
}

}  // namespace

TextDictionary::TextDictionary() {
  texts_.emplace_back();
  codes_.emplace("", 0);
}

std::uint32_t TextDictionary::intern(std::string_view s) {
  if (s.empty()) return 0;  // the first text (many columns are mostly empty)
  if (const auto it = codes_.find(s); it != codes_.end()) return it->second;
  SANX_ASSERT(texts_.size() < 0xFFFFFFFFU && "a column holds fewer than 2^32 - 1 distinct texts");
  const auto code = static_cast<std::uint32_t>(texts_.size());
  texts_.emplace_back(s);
  codes_.emplace(std::string(s), code);
  return code;
}

PaymentColumns PaymentColumns::build(const Dataset& data) {
  PaymentColumns c;
  const std::size_t n = data.payments.size();
  c.rows = n;
  c.network.reserve(n);
  c.currency.reserve(n);
  c.originator_bic.reserve(n);
  c.beneficiary_bic.reserve(n);
  c.reference.reserve(n);
  c.originator_bank_country.reserve(n);
  c.beneficiary_bank_country.reserve(n);
  c.amount_units.reserve(n);
  for (auto* v : {&c.originator, &c.beneficiary, &c.originator_bank, &c.beneficiary_bank}) v->reserve(n);
  c.days.reserve(n);
  c.amount_scale = common_scale(data.payments);
  std::size_t text = 0;
  for (const Payment& p : data.payments) text += p.purpose.size();
  c.purpose_text.reserve(text);
  c.purpose_offsets.reserve(n + 1);
  c.purpose_offsets.push_back(0);
  // As rules read `p.originator_bank.country`: the first country of the resolved bank, if any.
  const auto bank_country = [&](EntityIx bank) -> std::uint32_t {
    if (!bank.valid() || bank.value >= data.entities.size()) return 0;
    const std::vector<std::string>& countries = data.entities[bank.value].countries;
    return countries.empty() ? 0 : c.countries.intern(countries.front());
  };
  const PaymentRefs none{};  // a payment whose references are not resolved: every party missing
  for (std::size_t i = 0; i < n; ++i) {
    const Payment& p = data.payments[i];
    c.network.push_back(static_cast<std::uint32_t>(p.network));
    c.currency.push_back(c.currencies.intern(p.currency));
    c.originator_bic.push_back(c.bics.intern(p.originator_bic));
    c.beneficiary_bic.push_back(c.bics.intern(p.beneficiary_bic));
    c.reference.push_back(c.references.intern(p.reference));
    const bool resolved = i < data.payment_refs.size();
    c.originator_bank_country.push_back(resolved ? bank_country(data.payment_refs[i].originator_bank) : 0);
    c.beneficiary_bank_country.push_back(resolved ? bank_country(data.payment_refs[i].beneficiary_bank) : 0);
    c.amount_units.push_back(units_at(p.amount, c.amount_scale));
    const PaymentRefs& refs = resolved ? data.payment_refs[i] : none;
    c.originator.push_back(refs.originator.value);
    c.beneficiary.push_back(refs.beneficiary.value);
    c.originator_bank.push_back(refs.originator_bank.value);
    c.beneficiary_bank.push_back(refs.beneficiary_bank.value);
    c.days.push_back(p.date.days_since_epoch());
    c.purpose_text += p.purpose;
    c.purpose_offsets.push_back(c.purpose_text.size());
  }
  return c;
}

}  // namespace sanx::model
