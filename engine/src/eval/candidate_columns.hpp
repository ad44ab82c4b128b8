// The fields that windows read from their candidates (`q.currency`, `q.consignee.country`), copied out of
// the dataset once per audit into one row per candidate. A window whose `where` compares its candidates
// with the subject evaluates it on every candidate of every subject, and on a large dataset the cost is
// memory, not instructions: each candidate's fields lie in its shipment, its references and its parties'
// entities, several cache lines apart. Its row holds them side by side. The payment paths that
// model::PaymentColumns holds are copied from there (PaymentColumnRead), not from the payments.
//
// Only windows that are evaluated per subject (not precomputed in the index) get columns, and only paths
// from the candidate through fields that read the dataset (no field that builds text, such as s.legs).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "compile/ir.hpp"
#include "sanx/core/date.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::eval {

class WindowIndexes;

/// A payment path of one field that model::PaymentColumns holds (network, currency, BICs, parties, banks,
/// date): four contiguous bytes per payment instead of a field of a ~370-byte Payment, and a code per
/// distinct value, so that what a key or a condition gives each code can be kept in an array (window
/// indexes). value() is what Machine::read_path gives for the path; its strings live in the columns.
class PaymentColumnRead {
 public:
  PaymentColumnRead() = default;
  /// The column of `path` (fields from a payment), or one that reads nothing (false).
  PaymentColumnRead(const model::PaymentColumns& c, std::span<const std::uint16_t> path, std::size_t entities) {
    if (path.size() != 1) return;
    switch (static_cast<check::FieldId>(path[0])) {
      case check::FieldId::payment_network: set(Kind::network, c.network, kNetworks); break;
      case check::FieldId::payment_currency: set(Kind::text, c.currency, c.currencies.size(), &c.currencies); break;
      case check::FieldId::payment_originator_bic: set(Kind::text, c.originator_bic, c.bics.size(), &c.bics); break;
      case check::FieldId::payment_beneficiary_bic: set(Kind::text, c.beneficiary_bic, c.bics.size(), &c.bics); break;
      case check::FieldId::payment_originator: set(Kind::entity, c.originator, entities + 1); break;
      case check::FieldId::payment_beneficiary: set(Kind::entity, c.beneficiary, entities + 1); break;
      case check::FieldId::payment_originator_bank: set(Kind::entity, c.originator_bank, entities + 1); break;
      case check::FieldId::payment_beneficiary_bank: set(Kind::entity, c.beneficiary_bank, entities + 1); break;
      case check::FieldId::payment_date:
        kind_ = Kind::day;
        days_ = c.days.data();
        break;
      default: break;
    }
  }

  explicit operator bool() const noexcept { return kind_ != Kind::none; }
  /// Whether each value is that of a code (slot()), not a day.
  [[nodiscard]] bool coded() const noexcept { return kind_ != Kind::none && kind_ != Kind::day; }
  /// How many slots the codes use.
  [[nodiscard]] std::size_t slots() const noexcept { return slots_; }
  /// The slot of payment `ix`'s code, below slots(): an entity index + 1 (0: none), else the code.
  [[nodiscard]] std::uint32_t slot(std::uint32_t ix) const noexcept {
    return kind_ == Kind::entity ? codes_[ix] + 1 : codes_[ix];  // kNone + 1 wraps to 0
  }
  /// The value of the payments whose code has slot `slot`.
  [[nodiscard]] compile::Value value_of(std::uint32_t slot) const {
    switch (kind_) {
      case Kind::text: return slot == 0 ? compile::Value::missing() : compile::Value::of_string(dict_->text(slot));
      case Kind::network: return compile::Value::of_string(model::to_string(static_cast<model::Network>(slot)));
      case Kind::entity: return slot == 0 ? compile::Value::missing() : compile::Value::of_index(compile::ValueKind::entity, slot - 1);
      default: return compile::Value::missing();
    }
  }
  [[nodiscard]] compile::Value value(std::uint32_t ix) const { return kind_ == Kind::day ? compile::Value::of_date(days_[ix]) : value_of(slot(ix)); }

 private:
  enum class Kind : std::uint8_t { none, text, network, entity, day };
  static constexpr std::size_t kNetworks = static_cast<std::size_t>(model::Network::other) + 1;

  void set(Kind kind, const std::vector<std::uint32_t>& codes, std::size_t slots, const model::TextDictionary* dict = nullptr) {
    kind_ = kind;
    codes_ = codes.data();
    slots_ = slots;
    dict_ = dict;
  }

  Kind kind_ = Kind::none;
  const std::uint32_t* codes_ = nullptr;
  const std::int32_t* days_ = nullptr;
  const model::TextDictionary* dict_ = nullptr;
  std::size_t slots_ = 0;
};

class CandidateColumns {
 public:
  /// Columns for the windows of `rules` for which `wanted(rule, window)` holds, read from `data` on up to
  /// `threads` threads. With `indexes`, only the rows of the candidates in those windows' indexes are read
  /// (the others stay missing): a window visits the candidates of its own index, or those another window
  /// evaluated per subject kept from its index (WindowIndexes::share), and no others.
  CandidateColumns(const compile::RuleSet::Impl& rules, const model::Dataset& data, std::optional<core::Date> as_of,
                   std::size_t threads, const std::function<bool(std::size_t, std::size_t)>& wanted,
                   const WindowIndexes* indexes = nullptr);

  /// The column node `node` of rule `rule` reads, or -1 when it has none.
  [[nodiscard]] const std::int32_t* columns_of(std::size_t rule) const noexcept { return column_of_[rule].data(); }
  /// The row of candidate `ix` of `kind` (payment or shipment), or nullptr when that kind has no columns.
  [[nodiscard]] const compile::Value* row(compile::SubjectKind kind, std::uint32_t ix) const noexcept {
    const Kind& k = kinds_[kind == compile::SubjectKind::shipment ? 1 : 0];
    if (k.paths.empty()) return nullptr;
    return k.values.data() + std::size_t{k.slot_of.empty() ? ix : k.slot_of[ix]} * k.paths.size();
  }
  /// How many rows of `kind` hold values (read from the dataset, or all missing): every candidate's, or
  /// with indexes those of the candidates they hold and one missing row the others share.
  [[nodiscard]] std::size_t rows(compile::SubjectKind kind) const noexcept {
    const Kind& k = kinds_[kind == compile::SubjectKind::shipment ? 1 : 0];
    return k.paths.empty() ? 0 : k.values.size() / k.paths.size();
  }
  [[nodiscard]] std::size_t width(compile::SubjectKind kind) const noexcept {
    return kinds_[kind == compile::SubjectKind::shipment ? 1 : 0].paths.size();
  }

 private:
  struct Kind {
    std::vector<std::vector<std::uint16_t>> paths;  ///< fields, applied from the candidate outward
    /// [ix] the row of candidate ix: 0 (all missing) for the candidates no index holds, then the others'
    /// in dataset order. Empty: row ix. Four bytes a candidate, where a row is 24 per path: on a large
    /// dataset most payments are in no window's index, and memory touched for the first time is costly.
    std::vector<std::uint32_t> slot_of;
    std::vector<compile::Value> values;  ///< [row * paths.size() + column]
  };

  Kind kinds_[2];                                    ///< payment, shipment
  std::vector<std::vector<std::int32_t>> column_of_;  ///< [rule][node]
};

}  // namespace sanx::eval
