/// \file
/// What an evaluation produces: findings, each with the rule that made it, the subject, a reason a
/// reviewer can read, and the evidence (the values that made the condition true).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sanx/core/assert.hpp"

namespace sanx::eval {

/// fired: the condition was true. undetermined: it could not be decided because data was missing (the
/// fields are in `missing`); reported so that a missing value never silently hides a case.
enum class Outcome { fired, undetermined };

class FindingTexts;

/// What every finding of one rule has in common. An audit makes hundreds of thousands of findings, and
/// copying these texts into each one cost more than working out what varies; so findings share one,
/// immutable, made once per rule.
struct FindingRule {
  std::string rule;     ///< qualified: namespace.rule
  std::string pattern;  ///< catalog id from meta, may be empty
  std::string severity; ///< info | low | medium | high | critical
  std::vector<std::string> regimes;
  std::string subject_kind;            ///< payment | shipment | entity | relation
  std::vector<std::string> evidence;  ///< the evidence items' expression texts, in order
};

/// One evidence item: expression text -> value text.
using EvidencePair = std::pair<std::string_view, std::string_view>;

class Finding {
 public:
  /// A finding of a rule with no name and no evidence items (tests fill what they need).
  Finding();
  explicit Finding(std::shared_ptr<const FindingRule> rule) noexcept;

  [[nodiscard]] const FindingRule& header() const noexcept { return *header_; }
  [[nodiscard]] const std::shared_ptr<const FindingRule>& shared_header() const noexcept { return header_; }
  [[nodiscard]] const std::string& rule() const noexcept { return header_->rule; }
  [[nodiscard]] const std::string& pattern() const noexcept { return header_->pattern; }
  [[nodiscard]] const std::string& severity() const noexcept { return header_->severity; }
  [[nodiscard]] const std::vector<std::string>& regimes() const noexcept { return header_->regimes; }
  [[nodiscard]] const std::string& subject_kind() const noexcept { return header_->subject_kind; }

  std::string subject;  ///< the subject's id
  std::string date;     ///< the subject's own date (ISO), empty for entities
  Outcome outcome = Outcome::fired;
  std::vector<std::string> missing;  ///< undetermined: the field paths that were missing

  /// The evidence items: the header's expression texts with this finding's values, in order.
  class Evidence {
   public:
    class iterator {
     public:
      using iterator_category = std::random_access_iterator_tag;
      using value_type = EvidencePair;
      using difference_type = std::ptrdiff_t;
      using pointer = void;
      using reference = EvidencePair;
      iterator() = default;
      iterator(const Finding* f, std::size_t i) noexcept : f_(f), i_(i) {}
      [[nodiscard]] EvidencePair operator*() const { return Evidence(*f_)[i_]; }
      iterator& operator++() noexcept {
        ++i_;
        return *this;
      }
      iterator operator++(int) noexcept { return {f_, i_++}; }
      [[nodiscard]] difference_type operator-(const iterator& o) const noexcept {
        return static_cast<difference_type>(i_) - static_cast<difference_type>(o.i_);
      }
      [[nodiscard]] bool operator==(const iterator& o) const noexcept { return i_ == o.i_; }

     private:
      // The finding, not the Evidence view: `f.evidence().begin()` outlives the view it came from.
      const Finding* f_ = nullptr;
      std::size_t i_ = 0;
    };

    explicit Evidence(const Finding& f) noexcept : f_(&f) {}
    [[nodiscard]] std::size_t size() const noexcept { return f_->items_; }
    [[nodiscard]] bool empty() const noexcept { return size() == 0; }
    [[nodiscard]] EvidencePair operator[](std::size_t i) const noexcept {
      return {f_->header_->evidence[i], f_->evidence_value(i)};
    }
    [[nodiscard]] EvidencePair back() const noexcept { return (*this)[size() - 1]; }
    [[nodiscard]] iterator begin() const noexcept { return {f_, 0}; }
    [[nodiscard]] iterator end() const noexcept { return {f_, size()}; }
    /// The same items, in the same order.
    [[nodiscard]] bool operator==(const Evidence& o) const noexcept;

   private:
    const Finding* f_;
  };
  /// Valid while the finding is neither changed nor moved.
  [[nodiscard]] Evidence evidence() const noexcept { return Evidence(*this); }
  /// The value of evidence item `i` (< evidence().size()).
  [[nodiscard]] std::string_view evidence_value(std::size_t i) const noexcept;
  /// Where the subject came from: file:line, empty when not known.
  [[nodiscard]] std::string_view source() const noexcept;
  /// The rendered reason template.
  [[nodiscard]] std::string_view reason() const noexcept;

  /// Sets the values of the header's evidence items: item i's is values[ends[i - 1], ends[i]) (from 0 for
  /// the first). `ends` has one end per item of the header.
  void set_evidence(std::string_view values, std::span<const std::uint32_t> ends);
  void set_source(std::string_view source);
  void set_reason(std::string_view reason);
  /// set_evidence and set_source at once.
  void set_evidence_and_source(std::string_view values, std::span<const std::uint32_t> ends, std::string_view source);
  /// set_evidence, set_source and set_reason at once, the texts kept in a piece of a block of `blocks`
  /// (shared with the other findings written there) instead of an allocation of the finding's own.
  void set_texts(std::string_view values, std::span<const std::uint32_t> ends, std::string_view source,
                 std::string_view reason, FindingTexts& blocks);

 private:
  [[nodiscard]] std::size_t source_begin() const noexcept;
  [[nodiscard]] std::string_view texts() const noexcept { return {texts_.get(), size_}; }
  /// Makes texts_ `parts` one after the other (ends, values, source, reason) in a new buffer: from `blocks`
  /// when given, else the finding's own. The parts may be views of the current texts.
  void store(const std::array<std::string_view, 4>& parts, std::uint32_t items, FindingTexts* blocks);

  std::shared_ptr<const FindingRule> header_;
  /// The evidence values' end offsets (4 bytes each, native order), the values, the source, then the
  /// reason: one buffer for all of them however many items there are. Never changed in place (a change
  /// makes a new buffer), so that copies of a finding share it, as the findings of one FindingTexts
  /// block do.
  std::shared_ptr<const char> texts_;
  std::uint32_t size_ = 0;          ///< bytes in texts_
  std::uint32_t items_ = 0;         ///< evidence values in texts_
  std::uint32_t reason_begin_ = 0;  ///< where the reason starts in texts_ (the source ends)
};

/// Where the evaluator's threads keep the texts of the findings they write (Finding::set_texts): blocks
/// of 2 MiB in transparent huge pages (after a first, small one from the heap), each freed with the last
/// finding written into it. An audit writes
/// hundreds of thousands of findings of a few hundred bytes each: two mallocs a finding were a fresh 4 KiB
/// page (a page fault) every ~10 findings, a block is one fault for thousands of them.
class FindingTexts {
 public:
  /// Room for `n` bytes, kept alive by the pointer returned and its copies (aliases of the block's).
  [[nodiscard]] std::shared_ptr<char> allocate(std::size_t n);

 private:
  std::shared_ptr<char> block_;
  std::size_t used_ = 0;
  std::size_t size_ = 0;
};

// Small enough to stay inline: the evaluator makes a finding per hit and the writers read each one.

inline Finding::Finding() : header_([] {
  static const std::shared_ptr<const FindingRule> none = std::make_shared<const FindingRule>();
  return none;
}()) {}

inline Finding::Finding(std::shared_ptr<const FindingRule> rule) noexcept : header_(std::move(rule)) {}

inline std::string_view Finding::evidence_value(std::size_t i) const noexcept {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  if (i > 0) std::memcpy(&begin, texts_.get() + (i - 1) * sizeof begin, sizeof begin);
  std::memcpy(&end, texts_.get() + i * sizeof end, sizeof end);
  return texts().substr(items_ * sizeof end + begin, end - begin);
}

inline std::size_t Finding::source_begin() const noexcept {
  if (items_ == 0) return 0;
  std::uint32_t end = 0;
  std::memcpy(&end, texts_.get() + (items_ - 1) * sizeof end, sizeof end);
  return items_ * sizeof end + end;
}

inline std::string_view Finding::source() const noexcept {
  const std::size_t begin = source_begin();
  return texts().substr(begin, reason_begin_ - begin);
}

inline std::string_view Finding::reason() const noexcept { return texts().substr(reason_begin_); }

inline void Finding::set_evidence_and_source(std::string_view values, std::span<const std::uint32_t> ends,
                                             std::string_view source) {
  SANX_ASSERT(ends.size() == header_->evidence.size());  // the values go with the header's texts
  const std::string_view end_bytes(reinterpret_cast<const char*>(ends.data()), ends.size_bytes());
  store({end_bytes, values, source, reason()}, static_cast<std::uint32_t>(ends.size()), nullptr);
}

inline void Finding::set_texts(std::string_view values, std::span<const std::uint32_t> ends, std::string_view source,
                               std::string_view reason, FindingTexts& blocks) {
  SANX_ASSERT(ends.size() == header_->evidence.size());  // the values go with the header's texts
  const std::string_view end_bytes(reinterpret_cast<const char*>(ends.data()), ends.size_bytes());
  store({end_bytes, values, source, reason}, static_cast<std::uint32_t>(ends.size()), &blocks);
}

inline void Finding::set_evidence(std::string_view values, std::span<const std::uint32_t> ends) {
  set_evidence_and_source(values, ends, source());
}

inline void Finding::set_source(std::string_view source) {
  store({texts().substr(0, source_begin()), {}, source, reason()}, items_, nullptr);
}

inline void Finding::set_reason(std::string_view reason) {
  store({texts().substr(0, reason_begin_), {}, {}, reason}, items_, nullptr);
}

inline void Finding::store(const std::array<std::string_view, 4>& parts, std::uint32_t items, FindingTexts* blocks) {
  std::size_t size = 0;
  for (const std::string_view part : parts) size += part.size();
  SANX_ASSERT(size < 0xFFFFFFFFU && "a finding's texts are shorter than 4 GiB");
  std::shared_ptr<char> texts;
  if (blocks != nullptr) {
    texts = blocks->allocate(size);
  } else if (size > 0) {
    std::shared_ptr<char[]> own = std::make_shared_for_overwrite<char[]>(size);
    char* const first = own.get();
    texts = std::shared_ptr<char>(std::move(own), first);
  }
  char* p = texts.get();
  for (const std::string_view part : parts) {
    if (!part.empty()) std::memcpy(p, part.data(), part.size());
    p += part.size();
  }
  texts_ = std::move(texts);  // after the copies: the parts may be views of the old texts
  size_ = static_cast<std::uint32_t>(size);
  items_ = items;
  reason_begin_ = static_cast<std::uint32_t>(size - parts[3].size());
}

inline bool Finding::Evidence::operator==(const Evidence& o) const noexcept {
  if (size() != o.size()) return false;
  for (std::size_t i = 0; i < size(); ++i) {
    if ((*this)[i] != o[i]) return false;
  }
  return true;
}

}  // namespace sanx::eval
