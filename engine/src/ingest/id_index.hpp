/// \file
/// A set of ids with the line and column where each was first seen, for duplicate checks within one
/// file. Open addressing over one text arena: a million ids cost three allocations that grow
/// geometrically, not a node each. Not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sanx::ingest {

class IdIndex {
 public:
  struct Seen {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
  };

  /// The hash insert() wants; computing it early lets prefetch() hide the table's cache miss behind
  /// other work (a million-id table does not fit in cache).
  [[nodiscard]] static std::uint64_t hash(std::string_view id) noexcept;
  void prefetch(std::uint64_t hash) const noexcept;

  /// Records `id` (whose hash() is `hash`) at (line, column) unless it is there already. Returns where
  /// it was first seen, or line 0 when it is new.
  Seen insert(std::string_view id, std::uint64_t hash, std::uint32_t line, std::uint32_t column);
  Seen insert(std::string_view id, std::uint32_t line, std::uint32_t column) {
    return insert(id, hash(id), line, column);
  }

  /// Makes room for `ids` ids of `bytes` bytes in all, so that a large file does not regrow the table.
  void reserve(std::size_t ids, std::size_t bytes);

  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
  [[nodiscard]] std::size_t bytes() const noexcept { return arena_.size(); }  ///< of all ids together

 private:
  struct Entry {
    std::uint64_t offset;  // into arena_
    std::uint64_t length;
    Seen seen;
  };

  void rehash(std::size_t size);

  std::string arena_;
  std::vector<Entry> entries_;
  // Per slot: the high 32 bits of the id's hash, then entry index + 1 (0 = empty). The high half is
  // both the tag and, through its low bits, the home slot: a probe for a new id touches only this
  // array, and growing needs no rehashing. Two ids share a tag only when they also share
  // 32 - log2(size) more hash bits, so string comparisons are rare.
  std::vector<std::uint64_t> slots_;  // size is a power of two
};

}  // namespace sanx::ingest
