#include "sanx/eval/finding.hpp"

#include <cstring>

#include "eval/large_blocks.hpp"

namespace sanx::eval {

namespace {

/// A piece larger than this gets a buffer of its own: a block is shared by thousands of typical findings,
/// and one large text should not leave most of a block unused.
constexpr std::size_t kLargePiece = kLargeBlock / 64;
/// A writer's first block, from the heap: most evaluations (a test, a party screened alone) write a few
/// findings, and a block of 2 MiB would be mostly unused. The blocks after it are mapped (large_blocks.hpp).
constexpr std::size_t kFirstBlock = 2 * kLargePiece;

struct FreeBlock {
  void operator()(char* p) const noexcept { free_blocks(p, kLargeBlock); }
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
      block_ = std::shared_ptr<char>(static_cast<char*>(allocate_blocks(kLargeBlock)), FreeBlock{});
      size_ = kLargeBlock;
    }
    used_ = 0;
  }
  char* const piece = block_.get() + used_;
  used_ += n;
  return {block_, piece};
}

const std::shared_ptr<const FindingRule>& Finding::no_rule() noexcept {
  static const std::shared_ptr<const FindingRule> none = std::make_shared<const FindingRule>();
  return none;
}

Finding::Parts Finding::parts(std::vector<std::uint32_t>& ends, std::vector<std::string_view>& missing) const {
  ends.clear();
  missing.clear();
  std::string_view values;
  if (items_ > 0) {
    ends.resize(items_);
    std::memcpy(ends.data(), texts_.get(), items_ * sizeof(std::uint32_t));
    // The values are one run from the first's start: the start of value 0 to the end of the last.
    const std::string_view first = part(0);
    values = {first.data(), ends.back()};
  }
  for (const std::string_view path : this->missing()) missing.push_back(path);
  return {values, ends, {source(), reason(), subject(), date()}, missing};
}

namespace {

/// A setter's scratch for the parts it keeps (Finding::parts).
struct Kept {
  std::vector<std::uint32_t> ends;
  std::vector<std::string_view> missing;
};

}  // namespace

void Finding::set_evidence_and_source(std::string_view values, std::span<const std::uint32_t> ends,
                                      std::string_view source) {
  SANX_ASSERT(ends.size() == header().evidence.size());  // the values go with the header's texts
  Kept kept;
  Parts p = parts(kept.ends, kept.missing);
  p.values = values;
  p.ends = ends;
  p.texts[kSource] = source;
  store(p, nullptr);
}

void Finding::set_evidence(std::string_view values, std::span<const std::uint32_t> ends) {
  set_evidence_and_source(values, ends, source());
}

void Finding::set_texts(std::string_view values, std::span<const std::uint32_t> ends, std::string_view source,
                        std::string_view reason, FindingTexts& blocks) {
  const std::string_view id = subject();
  const std::string_view day = date();
  const std::vector<std::string_view> paths(missing().begin(), missing().end());
  set_texts(values, ends, source, reason, {id, day, paths}, blocks);
}

void Finding::set_text(std::size_t k, std::string_view text) {
  Kept kept;
  Parts p = parts(kept.ends, kept.missing);
  p.texts[k] = text;
  store(p, nullptr);
}

void Finding::set_source(std::string_view source) { set_text(kSource, source); }

void Finding::set_reason(std::string_view reason) { set_text(kReason, reason); }

void Finding::set_subject(std::string_view id) { set_text(kSubject, id); }

void Finding::set_date(std::string_view date) { set_text(kDate, date); }

void Finding::set_missing(std::span<const std::string_view> paths) {
  Kept kept;
  Parts p = parts(kept.ends, kept.missing);
  p.missing = paths;
  store(p, nullptr);
}

void Finding::add_missing(std::string_view path) {
  Kept kept;
  Parts p = parts(kept.ends, kept.missing);
  kept.missing.push_back(path);
  p.missing = kept.missing;
  store(p, nullptr);
}

}  // namespace sanx::eval
