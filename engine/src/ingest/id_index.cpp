#include "ingest/id_index.hpp"

#include <functional>

#include "sanx/core/assert.hpp"

namespace sanx::ingest {
namespace {

constexpr std::uint64_t kTagMask = 0xFFFFFFFF00000000ULL;
constexpr std::uint64_t kIndexMask = 0xFFFFFFFFULL;

}  // namespace

std::uint64_t IdIndex::hash(std::string_view id) noexcept { return std::hash<std::string_view>{}(id); }

void IdIndex::prefetch(std::uint64_t h) const noexcept {
  if (slots_.empty()) return;
  __builtin_prefetch(slots_.data() + ((h >> 32) & (slots_.size() - 1)));
}

IdIndex::Seen IdIndex::insert(std::string_view id, std::uint64_t h, std::uint32_t line, std::uint32_t column) {
  if ((entries_.size() + 1) * 4 > slots_.size() * 3) {  // keep the load factor under 3/4
    rehash(slots_.empty() ? 1024 : slots_.size() * 2);
  }
  const std::uint64_t tag = h & kTagMask;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = (tag >> 32) & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) {
      SANX_ASSERT(entries_.size() < kIndexMask && "ids fit the index");
      entries_.push_back({arena_.size(), id.size(), {line, column}});
      arena_.append(id);
      slots_[i] = tag | entries_.size();
      return {};
    }
    if ((slot & kTagMask) != tag) continue;
    const Entry& e = entries_[(slot & kIndexMask) - 1];
    if (std::string_view(arena_).substr(e.offset, e.length) == id) return e.seen;
  }
}

void IdIndex::reserve(std::size_t ids, std::size_t bytes) {
  entries_.reserve(ids);
  arena_.reserve(bytes);
  std::size_t size = slots_.empty() ? 1024 : slots_.size();
  while (ids * 4 > size * 3) size *= 2;
  if (size != slots_.size()) rehash(size);
}

void IdIndex::rehash(std::size_t size) {
  std::vector<std::uint64_t> old(size, 0);
  old.swap(slots_);
  const std::size_t mask = size - 1;
  for (const std::uint64_t slot : old) {
    if (slot == 0) continue;
    std::size_t i = (slot >> 32) & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace sanx::ingest
