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

/// What a finding says of its subject, given to Finding::set_texts with the rest of its texts.
struct SubjectTexts {
  std::string_view id;    ///< the subject's id
  std::string_view date;  ///< the subject's own date (ISO), empty for entities
  std::span<const std::string_view> missing;  ///< undetermined: the field paths that were missing
};

/// A random-access iterator over a view's items by index (the view holds a pointer to its finding only,
/// so that an iterator outlives the view it came from).
template <typename View, typename Item>
class IndexIterator {
 public:
  using iterator_category = std::random_access_iterator_tag;
  using value_type = Item;
  using difference_type = std::ptrdiff_t;
  using pointer = void;
  using reference = Item;
  IndexIterator() = default;
  IndexIterator(View v, std::size_t i) noexcept : v_(v), i_(i) {}
  [[nodiscard]] Item operator*() const { return v_[i_]; }
  IndexIterator& operator++() noexcept {
    ++i_;
    return *this;
  }
  IndexIterator operator++(int) noexcept { return {v_, i_++}; }
  [[nodiscard]] difference_type operator-(const IndexIterator& o) const noexcept {
    return static_cast<difference_type>(i_) - static_cast<difference_type>(o.i_);
  }
  [[nodiscard]] bool operator==(const IndexIterator& o) const noexcept { return i_ == o.i_; }

 private:
  View v_{};
  std::size_t i_ = 0;
};

/// A finding is small (48 bytes: an audit makes hundreds of thousands, moved into order at the end, and
/// fresh memory is dear): the rule's header shared, and every text of its own (evidence values, source,
/// reason, subject id, date, missing paths) in one buffer, most often a piece of a FindingTexts block.
class Finding {
 public:
  /// A finding of a rule with no name and no evidence items (tests fill what they need). Nothing to
  /// count or allocate: the evaluator makes its result of hundreds of thousands of these, then moves
  /// each finding into place, from two threads.
  Finding() noexcept = default;
  explicit Finding(std::shared_ptr<const FindingRule> rule) noexcept;

  [[nodiscard]] const FindingRule& header() const noexcept { return *shared_header(); }
  [[nodiscard]] const std::shared_ptr<const FindingRule>& shared_header() const noexcept {
    return header_ ? header_ : no_rule();
  }
  [[nodiscard]] const std::string& rule() const noexcept { return header().rule; }
  [[nodiscard]] const std::string& pattern() const noexcept { return header().pattern; }
  [[nodiscard]] const std::string& severity() const noexcept { return header().severity; }
  [[nodiscard]] const std::vector<std::string>& regimes() const noexcept { return header().regimes; }
  [[nodiscard]] const std::string& subject_kind() const noexcept { return header().subject_kind; }

  Outcome outcome = Outcome::fired;

  /// The evidence items: the header's expression texts with this finding's values, in order.
  class Evidence {
   public:
    using iterator = IndexIterator<Evidence, EvidencePair>;
    Evidence() = default;
    explicit Evidence(const Finding& f) noexcept : f_(&f) {}
    [[nodiscard]] std::size_t size() const noexcept { return f_->items_; }
    [[nodiscard]] bool empty() const noexcept { return size() == 0; }
    [[nodiscard]] EvidencePair operator[](std::size_t i) const noexcept {
      return {f_->header_->evidence[i], f_->evidence_value(i)};  // an item: header_ is set
    }
    [[nodiscard]] EvidencePair back() const noexcept { return (*this)[size() - 1]; }
    [[nodiscard]] iterator begin() const noexcept { return {*this, 0}; }
    [[nodiscard]] iterator end() const noexcept { return {*this, size()}; }
    /// The same items, in the same order.
    [[nodiscard]] bool operator==(const Evidence& o) const noexcept;

   private:
    const Finding* f_ = nullptr;
  };
  /// The field paths that were missing (undetermined findings), in the order found.
  class Missing {
   public:
    using iterator = IndexIterator<Missing, std::string_view>;
    Missing() = default;
    explicit Missing(const Finding& f) noexcept : f_(&f) {}
    [[nodiscard]] std::size_t size() const noexcept { return f_->missing_; }
    [[nodiscard]] bool empty() const noexcept { return size() == 0; }
    [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept {
      return f_->part(f_->items_ + kSubjectParts + i);
    }
    [[nodiscard]] iterator begin() const noexcept { return {*this, 0}; }
    [[nodiscard]] iterator end() const noexcept { return {*this, size()}; }
    /// The paths as strings of their own.
    [[nodiscard]] std::vector<std::string> to_vector() const { return {begin(), end()}; }

   private:
    const Finding* f_ = nullptr;
  };
  /// Valid while the finding is neither changed nor moved.
  [[nodiscard]] Evidence evidence() const noexcept { return Evidence(*this); }
  /// The value of evidence item `i` (< evidence().size()).
  [[nodiscard]] std::string_view evidence_value(std::size_t i) const noexcept { return part(i); }
  /// Where the subject came from: file:line, empty when not known.
  [[nodiscard]] std::string_view source() const noexcept { return part(items_ + kSource); }
  /// The rendered reason template.
  [[nodiscard]] std::string_view reason() const noexcept { return part(items_ + kReason); }
  /// The subject's id.
  [[nodiscard]] std::string_view subject() const noexcept { return part(items_ + kSubject); }
  /// The subject's own date (ISO), empty for entities.
  [[nodiscard]] std::string_view date() const noexcept { return part(items_ + kDate); }
  /// Undetermined: the field paths that were missing. Valid while the finding is neither changed nor moved.
  [[nodiscard]] Missing missing() const noexcept { return Missing(*this); }

  /// Sets the values of the header's evidence items: item i's is values[ends[i - 1], ends[i]) (from 0 for
  /// the first). `ends` has one end per item of the header.
  void set_evidence(std::string_view values, std::span<const std::uint32_t> ends);
  void set_source(std::string_view source);
  void set_reason(std::string_view reason);
  void set_subject(std::string_view id);
  void set_date(std::string_view date);
  void set_missing(std::span<const std::string_view> paths);
  /// set_missing with `path` added at the end.
  void add_missing(std::string_view path);
  /// set_evidence and set_source at once.
  void set_evidence_and_source(std::string_view values, std::span<const std::uint32_t> ends, std::string_view source);
  /// set_evidence, set_source and set_reason at once, the texts kept in a piece of a block of `blocks`
  /// (shared with the other findings written there) instead of an allocation of the finding's own.
  void set_texts(std::string_view values, std::span<const std::uint32_t> ends, std::string_view source,
                 std::string_view reason, FindingTexts& blocks);
  /// set_texts with the subject's texts (set_subject, set_date and set_missing) in the same piece.
  void set_texts(std::string_view values, std::span<const std::uint32_t> ends, std::string_view source,
                 std::string_view reason, const SubjectTexts& subject, FindingTexts& blocks);

 private:
  // The parts after the evidence values, in order; then the missing paths.
  static constexpr std::size_t kSource = 0;
  static constexpr std::size_t kReason = 1;
  static constexpr std::size_t kSubject = 2;
  static constexpr std::size_t kDate = 3;
  static constexpr std::size_t kSubjectParts = 4;
  /// The header of a finding made without one (default, or moved from): no name, no evidence items.
  [[nodiscard]] static const std::shared_ptr<const FindingRule>& no_rule() noexcept;
  /// Every part of the texts, as a setter replaces one and keeps the others (views of the current texts).
  struct Parts {
    std::string_view values;
    std::span<const std::uint32_t> ends;
    std::array<std::string_view, kSubjectParts> texts;  ///< source, reason, subject, date
    std::span<const std::string_view> missing;
  };
  /// The current parts: `ends` and `missing` are copied into the scratch given, the texts are views.
  [[nodiscard]] Parts parts(std::vector<std::uint32_t>& ends, std::vector<std::string_view>& missing) const;
  /// Replaces the part kSource... `k` of the texts with `text`, a buffer of the finding's own.
  void set_text(std::size_t k, std::string_view text);
  /// Part `k` of the texts: evidence value k (< items_), then the parts k - items_ (kSource...), then the
  /// missing paths.
  [[nodiscard]] std::string_view part(std::size_t k) const noexcept;
  /// Makes texts_ of `parts` in a new buffer: from `blocks` when given, else the finding's own. The parts
  /// may be views of the current texts.
  void store(const Parts& parts, FindingTexts* blocks);

  std::shared_ptr<const FindingRule> header_;  ///< null: no_rule()
  /// The end offsets of every part (4 bytes each, native order, from the first value's start): the
  /// evidence values, source, reason, subject id, date, then each missing path; then the parts, one after
  /// the other. One buffer for all of them however many there are. Never changed in place (a change makes
  /// a new buffer), so that copies of a finding share it, as the findings of one FindingTexts block do.
  /// Null while no text is set: every part is empty.
  std::shared_ptr<const char> texts_;
  std::uint32_t items_ = 0;    ///< evidence values in texts_
  std::uint32_t missing_ = 0;  ///< missing paths in texts_
};

/// Where the evaluator's threads keep the texts of the findings they write (Finding::set_texts): blocks
/// of 2 MiB mapped apart from the heap (after a first, small one from the heap), each freed with the last
/// finding written into it. An audit writes hundreds of thousands of findings of a few hundred bytes
/// each: two mallocs a finding cost more than a piece of a block, and scattered the texts over the heap.
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

inline Finding::Finding(std::shared_ptr<const FindingRule> rule) noexcept : header_(std::move(rule)) {}

inline std::string_view Finding::part(std::size_t k) const noexcept {
  const char* const t = texts_.get();
  if (t == nullptr) return {};
  const std::size_t table = (items_ + kSubjectParts + missing_) * sizeof(std::uint32_t);
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  if (k > 0) std::memcpy(&begin, t + (k - 1) * sizeof begin, sizeof begin);
  std::memcpy(&end, t + k * sizeof end, sizeof end);
  return {t + table + begin, end - begin};
}

inline void Finding::set_texts(std::string_view values, std::span<const std::uint32_t> ends, std::string_view source,
                               std::string_view reason, const SubjectTexts& subject, FindingTexts& blocks) {
  SANX_ASSERT(ends.size() == header().evidence.size());  // the values go with the header's texts
  store({values, ends, {source, reason, subject.id, subject.date}, subject.missing}, &blocks);
}

inline void Finding::store(const Parts& parts, FindingTexts* blocks) {
  SANX_ASSERT(parts.values.size() == (parts.ends.empty() ? 0 : parts.ends.back()));  // the values end with the last
  const std::size_t count = parts.ends.size() + kSubjectParts + parts.missing.size();
  std::size_t size = parts.values.size();
  for (const std::string_view text : parts.texts) size += text.size();
  for (const std::string_view path : parts.missing) size += path.size();
  SANX_ASSERT(size + count * sizeof(std::uint32_t) < 0xFFFFFFFFU && "a finding's texts are shorter than 4 GiB");
  const std::size_t bytes = count * sizeof(std::uint32_t) + size;
  std::shared_ptr<char> texts;
  if (blocks != nullptr) {
    texts = blocks->allocate(bytes);
  } else {
    std::shared_ptr<char[]> own = std::make_shared_for_overwrite<char[]>(bytes);
    char* const first = own.get();
    texts = std::shared_ptr<char>(std::move(own), first);
  }
  char* ends = texts.get();
  char* p = ends + count * sizeof(std::uint32_t);
  const auto put = [&](std::string_view text) {
    if (!text.empty()) std::memcpy(p, text.data(), text.size());
    p += text.size();
  };
  put(parts.values);
  if (!parts.ends.empty()) std::memcpy(ends, parts.ends.data(), parts.ends.size_bytes());
  ends += parts.ends.size_bytes();
  auto offset = static_cast<std::uint32_t>(parts.values.size());
  const auto put_ended = [&](std::string_view text) {
    put(text);
    offset += static_cast<std::uint32_t>(text.size());
    std::memcpy(ends, &offset, sizeof offset);
    ends += sizeof offset;
  };
  for (const std::string_view text : parts.texts) put_ended(text);
  for (const std::string_view path : parts.missing) put_ended(path);
  texts_ = std::move(texts);  // after the copies: the parts may be views of the old texts
  items_ = static_cast<std::uint32_t>(parts.ends.size());
  missing_ = static_cast<std::uint32_t>(parts.missing.size());
}

inline bool Finding::Evidence::operator==(const Evidence& o) const noexcept {
  if (size() != o.size()) return false;
  for (std::size_t i = 0; i < size(); ++i) {
    if ((*this)[i] != o[i]) return false;
  }
  return true;
}

}  // namespace sanx::eval
