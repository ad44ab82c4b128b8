#include "sanx/eval/finding.hpp"

#include "eval/huge_pages.hpp"

namespace sanx::eval {

namespace {

/// A piece larger than this gets a buffer of its own: a block is shared by thousands of typical findings,
/// and one large text should not leave most of a block unused.
constexpr std::size_t kLargePiece = kHugePage / 64;

struct FreeBlock {
  void operator()(char* p) const noexcept { free_huge_pages(p, kHugePage); }
};

}  // namespace

std::shared_ptr<char> FindingTexts::allocate(std::size_t n) {
  if (n > kLargePiece) {
    std::shared_ptr<char[]> own = std::make_shared_for_overwrite<char[]>(n);
    char* const first = own.get();
    return {std::move(own), first};
  }
  if (block_ == nullptr || size_ - used_ < n) {
    block_ = std::shared_ptr<char>(static_cast<char*>(allocate_huge_pages(kHugePage)), FreeBlock{});
    used_ = 0;
    size_ = kHugePage;
  }
  char* const piece = block_.get() + used_;
  used_ += n;
  return {block_, piece};
}

}  // namespace sanx::eval
