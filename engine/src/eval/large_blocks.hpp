// Memory mapped in whole blocks of 2 MiB, for the large arrays an audit fills once (its findings blocks,
// window indexes, candidate columns, keyed findings): freed straight back to the system with the block, and
// never in the way of the heap's small allocations.
// Ordinary 4 KiB pages, not transparent huge pages, which these blocks were once advised as: on
// a VM that hands free memory back to its host (free page reporting, as on the bench's VM), a fresh huge
// page is backed by the host 4 KiB at a time when first touched, and the 1M world's audit took 1.14 s on
// average over 14 runs without the advice against 1.31 s with it (docs/benchmarks.md, "Session 16").
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace sanx::eval {

inline constexpr std::size_t kLargeBlock = std::size_t{2} << 20;

/// `bytes` rounded up to whole blocks of kLargeBlock bytes, page-aligned and zero-filled. Throws
/// std::bad_alloc when the system has no memory to map.
[[nodiscard]] void* allocate_blocks(std::size_t bytes);
/// Returns what allocate_blocks(bytes) gave.
void free_blocks(void* p, std::size_t bytes) noexcept;

/// A std::allocator stand-in for containers sized once in whole blocks (reserve for kLargeBlock bytes'
/// worth): each allocation maps its own block, so small ones waste most of one. With `MinBytes`,
/// only allocations of at least that many bytes do; smaller ones come from the heap (LargeArrayAllocator).
template <typename T, std::size_t MinBytes = 0>
class BlockAllocator {
 public:
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = BlockAllocator<U, MinBytes>;
  };
  BlockAllocator() noexcept = default;
  template <typename U>
  BlockAllocator(const BlockAllocator<U, MinBytes>&) noexcept {}  // NOLINT: converting, as allocators are
  [[nodiscard]] T* allocate(std::size_t n) {
    return n * sizeof(T) >= MinBytes ? static_cast<T*>(allocate_blocks(n * sizeof(T))) : std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) >= MinBytes) {
      free_blocks(p, n * sizeof(T));
    } else {
      std::allocator<T>().deallocate(p, n);
    }
  }
  template <typename U>
  bool operator==(const BlockAllocator<U, MinBytes>&) const noexcept {
    return true;
  }
};

/// For arrays of any size that are sized once and then written whole (resize, or reserve for as many as
/// are then added): those of at least kLargeArray bytes in their own blocks, smaller ones from the heap,
/// where a block would be mostly waste. An array sized on a small dataset and on a million subjects alike.
inline constexpr std::size_t kLargeArray = kLargeBlock / 2;
template <typename T>
using LargeArrayAllocator = BlockAllocator<T, kLargeArray>;

/// A vector meant to be sized once (LargeArrayAllocator).
template <typename T>
using LargeArray = std::vector<T, LargeArrayAllocator<T>>;

/// How many `T` fill one block: the size of a block of findings that wastes no part of its mapping.
template <typename T>
inline constexpr std::size_t kPerBlock = kLargeBlock / sizeof(T);

}  // namespace sanx::eval
