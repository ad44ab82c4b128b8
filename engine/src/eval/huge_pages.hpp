// Memory in whole 2 MiB pages advised as transparent huge pages, for the large arrays an audit fills once
// (its findings blocks): a fresh 4 KiB page costs a page fault (~10 µs on a shared VM) the first time it is
// written, a huge page one fault for 512 of them. Without THP (or with it off) it is ordinary memory.
#pragma once

#include <cstddef>
#include <new>

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
/// worth): each allocation maps its own pages, so small ones waste most of a huge page.
template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;
  HugePageAllocator() noexcept = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}  // NOLINT: converting, as allocators are
  [[nodiscard]] T* allocate(std::size_t n) { return static_cast<T*>(allocate_huge_pages(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { free_huge_pages(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

/// How many `T` fill one huge page: the size of a block that wastes no part of its pages.
template <typename T>
inline constexpr std::size_t kPerHugePage = kHugePage / sizeof(T);

}  // namespace sanx::eval
