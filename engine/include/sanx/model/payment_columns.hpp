/// \file
/// Payments as columns: the fields field-level rules test most (network, currency, BICs, the banks'
/// countries, amount), one vector per field, with short texts interned as small integer codes. Built once
/// per dataset (Dataset::build_payment_columns, which store::load_dataset calls), never during an
/// evaluation; the evaluator's batch filter then decides a condition once per code rather than once per
/// payment, reading four contiguous bytes per payment instead of a std::string inside a Payment; window
/// indexes group and sort payments by the parties, banks, BICs and days held here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sanx::model {

struct Dataset;

/// The distinct texts of a column, each with a code; code 0 is the empty text, which rules read as
/// a missing value.
class TextDictionary {
 public:
  TextDictionary();
  /// The code of `s`, added if new.
  std::uint32_t intern(std::string_view s);
  [[nodiscard]] const std::string& text(std::uint32_t code) const { return texts_[code]; }
  [[nodiscard]] std::uint32_t size() const noexcept { return static_cast<std::uint32_t>(texts_.size()); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string> texts_;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> codes_;
};

/// One entry per payment in each vector, in Dataset::payments order.
struct PaymentColumns {
  /// Amounts not held exactly in `amount_units`.
  static constexpr std::int64_t kInexactAmount = INT64_MIN;

  std::size_t rows = 0;                ///< payments when built; a different count means out of date
  std::vector<std::uint32_t> network;  ///< the model::Network value
  std::vector<std::uint32_t> currency;         ///< code in `currencies`
  std::vector<std::uint32_t> originator_bic;   ///< code in `bics`
  std::vector<std::uint32_t> beneficiary_bic;  ///< code in `bics`
  std::vector<std::uint32_t> reference;        ///< code in `references` (0: none)
  /// Code in `countries` of the first country of the bank the BIC resolved to (PaymentRefs); 0 when the
  /// BIC names no known bank or the bank has no country.
  std::vector<std::uint32_t> originator_bank_country;
  std::vector<std::uint32_t> beneficiary_bank_country;
  /// The parties and resolved banks (PaymentRefs) as entity indices, EntityIx::kNone when missing or
  /// unresolved, and the date as days since the epoch: what window indexes group and sort payments by.
  std::vector<std::uint32_t> originator, beneficiary, originator_bank, beneficiary_bank;
  std::vector<std::int32_t> days;
  /// amount × 10^amount_scale as an integer, or kInexactAmount where that is not exact in 64 bits (more
  /// decimals than amount_scale, or too large): the scale is the one that holds most amounts exactly.
  std::vector<std::int64_t> amount_units;
  int amount_scale = 0;
  /// Purposes end to end: payment i's is purpose_text[purpose_offsets[i], purpose_offsets[i + 1]), so
  /// that a text search walks one buffer instead of a std::string per payment.
  std::string purpose_text;
  std::vector<std::uint64_t> purpose_offsets;
  TextDictionary currencies, bics, countries, references;

  /// The columns of `data`'s payments (and payment_refs for the banks).
  [[nodiscard]] static PaymentColumns build(const Dataset& data);

  [[nodiscard]] std::string_view purpose(std::size_t i) const noexcept {
    return std::string_view(purpose_text).substr(purpose_offsets[i], purpose_offsets[i + 1] - purpose_offsets[i]);
  }
};

}  // namespace sanx::model
