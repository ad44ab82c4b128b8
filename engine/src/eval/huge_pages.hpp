// Memory in whole 2 MiB pages advised as transparent huge pages, for the large arrays an audit fills once
// (its findings blocks, window indexes, candidate columns): a fresh 4 KiB page costs a page fault (~10 µs on a shared VM) the first time it is
// written, a huge page one fault for 512 of them. Without THP (or with it off) it is ordinary memory.
#pragma once

#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace sanx::eval {

inline constexpr std::size_t kHugePage = std::size_t{2} << 20;

/// `bytes` rounded up to whole huge pages, aligned to one, zero-filled and advised MADV_HUGEPAGE. Throws
/// std::bad_alloc when the system has no memory to map.
[[nodiscard]] void* allocate_huge_pages(std::size_t bytes);
/// Returns what allocate_huge_pages(bytes) gave.
void free_huge_pages(void* p, std::size_t bytes) noexcept;
/// Advises the whole huge pages inside [p, p + bytes) of memory allocated elsewhere (a std::vector's) as
/// transparent huge pages: those not written yet then fault once per huge page. Advice only.
void advise_huge_pages(void* p, std::size_t bytes) noexcept;

/// A std::allocator stand-in for containers sized once in whole huge pages (reserve for kHugePage bytes'
/// worth): each allocation maps its own pages, so small ones waste most of a huge page. With `MinBytes`,
/// only allocations of at least that many bytes do; smaller ones come from the heap (LargeArrayAllocator).
template <typename T, std::size_t MinBytes = 0>
class HugePageAllocator {
 public:
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = HugePageAllocator<U, MinBytes>;
  };
  HugePageAllocator() noexcept = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U, MinBytes>&) noexcept {}  // NOLINT: converting, as allocators are
  [[nodiscard]] T* allocate(std::size_t n) {
    return n * sizeof(T) >= MinBytes ? static_cast<T*>(allocate_huge_pages(n * sizeof(T))) : std::allocator<T>().allocate(n);
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (n * sizeof(T) >= MinBytes) {
      free_huge_pages(p, n * sizeof(T));
    } else {
      std::allocator<T>().deallocate(p, n);
    }
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U, MinBytes>&) const noexcept {
    return true;
  }
};

/// For arrays of any size that are sized once and then written whole (resize, or reserve for as many as
/// are then added): those of at least kLargeArray bytes in huge pages, smaller ones from the heap, where a
/// huge page would be mostly waste. An array sized on a small dataset and on a million subjects alike.
/// Not for a reserve that is mostly left unfilled: a huge page is cleared whole when first touched (about
/// as long as 100 to 250 faults of 4 KiB pages on the VMs measured), while untouched ordinary pages cost
/// nothing.
inline constexpr std::size_t kLargeArray = kHugePage / 2;
template <typename T>
using LargeArrayAllocator = HugePageAllocator<T, kLargeArray>;

/// A vector meant to be sized once (LargeArrayAllocator).
template <typename T>
using LargeArray = std::vector<T, LargeArrayAllocator<T>>;

/// How many `T` fill one huge page: the size of a block that wastes no part of its pages.
template <typename T>
inline constexpr std::size_t kPerHugePage = kHugePage / sizeof(T);

}  // namespace sanx::eval
