#include "eval/huge_pages.hpp"

#include <cstdint>

#include <sys/mman.h>

namespace sanx::eval {

namespace {

std::size_t whole_pages(std::size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; }

}  // namespace

void* allocate_huge_pages(std::size_t bytes) {
  const std::size_t size = whole_pages(bytes == 0 ? 1 : bytes);
  // One huge page more than needed, then the unaligned head and tail unmapped: mmap promises only 4 KiB
  // alignment, and a huge page needs an aligned 2 MiB range.
  void* mapped = mmap(nullptr, size + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapped == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(mapped);
  const std::uintptr_t aligned = (start + kHugePage - 1) / kHugePage * kHugePage;
  if (aligned > start) munmap(mapped, aligned - start);
  if (const std::size_t tail = start + kHugePage - aligned; tail > 0) {
    munmap(reinterpret_cast<void*>(aligned + size), tail);
  }
  void* p = reinterpret_cast<void*>(aligned);
  (void)madvise(p, size, MADV_HUGEPAGE);  // advice only: without THP the pages are ordinary ones
  return p;
}

void free_huge_pages(void* p, std::size_t bytes) noexcept {
  if (p != nullptr) munmap(p, whole_pages(bytes == 0 ? 1 : bytes));
}

void advise_huge_pages(void* p, std::size_t bytes) noexcept {
  const auto start = reinterpret_cast<std::uintptr_t>(p);
  const std::uintptr_t first = (start + kHugePage - 1) / kHugePage * kHugePage;
  const std::uintptr_t last = (start + bytes) / kHugePage * kHugePage;
  if (p != nullptr && last > first) (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
}

}  // namespace sanx::eval
