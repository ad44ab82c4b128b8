#include "sanx/eval/finding.hpp"

#include "eval/huge_pages.hpp"

namespace sanx::eval {

namespace {

/// A piece larger than this gets a buffer of its own: a block is shared by thousands of typical findings,
/// and one large text should not leave most of a block unused.
constexpr std::size_t kLargePiece = kHugePage / 64;
/// A writer's first block, from the heap: most evaluations (a test, a party screened alone) write a few
/// findings, and a huge page is cleared whole when first touched. The blocks after it are huge pages.
constexpr std::size_t kFirstBlock = 2 * kLargePiece;

struct FreeBlock {
  void operator()(char* p) const noexcept { free_huge_pages(p, kHugePage); }
};

/// `n` bytes of the heap, not cleared, kept alive by the pointer returned and its copies.
std::shared_ptr<char> heap_buffer(std::size_t n) {
  std::shared_ptr<char[]> own = std::make_shared_for_overwrite<char[]>(n);
  char* const first = own.get();
  return {std::move(own), first};
}

}  // namespace

std::shared_ptr<char> FindingTexts::allocate(std::size_t n) {
  if (n > kLargePiece) return heap_buffer(n);
  if (block_ == nullptr || size_ - used_ < n) {
    if (block_ == nullptr) {
      block_ = heap_buffer(kFirstBlock);
      size_ = kFirstBlock;
    } else {
      block_ = std::shared_ptr<char>(static_cast<char*>(allocate_huge_pages(kHugePage)), FreeBlock{});
      size_ = kHugePage;
    }
    used_ = 0;
  }
  char* const piece = block_.get() + used_;
  used_ += n;
  return {block_, piece};
}

}  // namespace sanx::eval
