// Private to the store: payments are written in multi-row INSERTs, which costs about a quarter less than
// one INSERT per row (docs/perf/store.md). add_payment() must still say at once whether an id is a
// duplicate, so the batch keeps the 64-bit hashes of every payment id in the table; only a hash hit (a
// real duplicate, or a rare hash collision) is settled by SQLite after flushing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/model/payment.hpp"

namespace sanx::store::detail {

/// A set of 64-bit hashes, open addressing with linear probing. 8 bytes a slot, at most half full: a
/// million ids take 16 MiB.
class HashSet {
 public:
  /// Adds `h`; false when it was there already.
  bool insert(std::uint64_t h);
  /// Starts loading the slot of `h` into cache: a million-id table does not fit in cache, so a probe
  /// right after hashing would wait for memory. Call, do other work, then insert().
  void prefetch(std::uint64_t h) const noexcept;
  void clear() noexcept;
  [[nodiscard]] std::size_t size() const noexcept { return size_; }

  [[nodiscard]] static std::uint64_t hash(std::string_view text) noexcept;

 private:
  void grow();
  [[nodiscard]] std::size_t home(std::uint64_t h) const noexcept {
    // Fibonacci hashing: spreads any hash over the table, whatever bits it varies in.
    return static_cast<std::size_t>((h * 0x9e3779b97f4a7c15ULL) >> 20) & (slots_.size() - 1);
  }
  std::vector<std::uint64_t> slots_;  // 0 = empty; size a power of two
  std::size_t size_ = 0;
};

/// Rows waiting to be written, their text in one arena so that a batch costs no allocation per field.
class PaymentBatch {
 public:
  static constexpr std::size_t kRows = 64;    ///< rows per multi-row INSERT
  static constexpr int kColumns = 16;          ///< parameters per row

  /// One text field of a pending row: a slice of the arena. Empty optional fields are bound as NULL.
  struct Field {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
  };
  struct Row {
    std::int64_t version = 0;
    std::uint32_t line = 0;
    Field text[14];  // id, date, originator, beneficiary, originator_bic, beneficiary_bic, intermediaries,
                     // network, currency, amount, purpose, ordering_bic, reference, channel (empty: transfer)
  };

  void add(std::int64_t version, const model::Payment& p, std::uint32_t line);
  /// Takes back the row added last.
  void pop_back() noexcept;
  [[nodiscard]] bool full() const noexcept { return rows_.size() >= kRows; }
  [[nodiscard]] bool empty() const noexcept { return rows_.empty(); }
  [[nodiscard]] const std::vector<Row>& rows() const noexcept { return rows_; }
  [[nodiscard]] std::string_view text(const Field& f) const noexcept { return {arena_.data() + f.offset, f.length}; }
  void clear() noexcept;

 private:
  Field append(std::string_view s);
  Field append_date(const core::Date& d);

  std::string arena_;
  std::vector<Row> rows_;
};

/// Appends `d` as core::Date::to_string() writes it (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), without the
/// formatting library: this runs for every payment.
void append_iso_date(std::string& out, const core::Date& d);

}  // namespace sanx::store::detail
