// A bounded single-producer / single-consumer hand-over of rows in batches, so that parsing and
// validating a large file (one thread) overlaps with writing it to SQLite (another). Batches are
// recycled, and rows are copy-assigned into them, so a long import allocates nothing per row once warm.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace sanx::app {

template <class Row>
class RowPipe {
 public:
  struct Batch {
    std::vector<Row> rows;
    std::vector<std::uint32_t> lines;
    std::size_t size = 0;
  };

  /// `batch_rows` rows per batch, at most `max_batches` filled batches waiting for the consumer.
  explicit RowPipe(std::size_t batch_rows = 1024, std::size_t max_batches = 8)
      : batch_rows_(batch_rows), max_batches_(max_batches) {
    current_ = fresh_batch();
  }

  /// Producer: adds a row. Blocks while the consumer is `max_batches` behind. Returns false once the
  /// consumer has aborted, so the producer can stop early.
  bool push(const Row& row, std::uint32_t line) {
    if (current_.size == current_.rows.size()) {
      current_.rows.emplace_back();
      current_.lines.emplace_back();
    }
    current_.rows[current_.size] = row;
    current_.lines[current_.size] = line;
    ++current_.size;
    if (current_.size < batch_rows_) return !aborted_.load(std::memory_order_relaxed);
    return hand_over();
  }

  /// Producer: no more rows. Hands over the partial batch.
  void close() {
    std::unique_lock lock(mutex_);
    if (current_.size > 0) filled_.push_back(std::move(current_));
    closed_ = true;
    cv_.notify_all();
  }

  /// Consumer: takes the next batch into `out` (whose previous storage is recycled). Returns false when
  /// the producer has closed and everything was taken.
  bool pop(Batch& out) {
    std::unique_lock lock(mutex_);
    if (!out.rows.empty()) {
      out.size = 0;
      spare_.push_back(std::move(out));
      out = Batch{};
    }
    cv_.wait(lock, [&] { return !filled_.empty() || closed_; });
    if (filled_.empty()) return false;
    out = std::move(filled_.front());
    filled_.pop_front();
    cv_.notify_all();
    return true;
  }

  /// Consumer: stop; the producer's next hand-over returns false instead of blocking.
  void abort() {
    std::unique_lock lock(mutex_);
    aborted_.store(true);
    cv_.notify_all();
  }

 private:
  Batch fresh_batch() {
    Batch b;
    b.rows.reserve(batch_rows_);
    b.lines.reserve(batch_rows_);
    return b;
  }

  bool hand_over() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return filled_.size() < max_batches_ || aborted_.load(); });
    if (aborted_.load()) {
      current_.size = 0;
      return false;
    }
    filled_.push_back(std::move(current_));
    if (!spare_.empty()) {
      current_ = std::move(spare_.back());
      spare_.pop_back();
    } else {
      current_ = fresh_batch();
    }
    cv_.notify_all();
    return true;
  }

  const std::size_t batch_rows_;
  const std::size_t max_batches_;
  Batch current_;  // producer-owned
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Batch> filled_;
  std::vector<Batch> spare_;
  bool closed_ = false;
  std::atomic<bool> aborted_{false};
};

}  // namespace sanx::app
