#include "eval/large_blocks.hpp"

#include <new>

#include <sys/mman.h>

namespace sanx::eval {

namespace {

std::size_t whole_blocks(std::size_t bytes) { return (bytes + kLargeBlock - 1) / kLargeBlock * kLargeBlock; }

}  // namespace

void* allocate_blocks(std::size_t bytes) {
  const std::size_t size = whole_blocks(bytes == 0 ? 1 : bytes);
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  return p;
}

void free_blocks(void* p, std::size_t bytes) noexcept {
  if (p != nullptr) munmap(p, whole_blocks(bytes == 0 ? 1 : bytes));
}

}  // namespace sanx::eval
