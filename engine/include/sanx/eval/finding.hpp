/// \file
/// What an evaluation produces: findings, each with the rule that made it, the subject, a reason a
/// reviewer can read, and the evidence (the values that made the condition true).
#pragma once

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
  std::string reason;   ///< the rendered reason template
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

  /// Sets the values of the header's evidence items: item i's is values[ends[i - 1], ends[i]) (from 0 for
  /// the first). `ends` has one end per item of the header.
  void set_evidence(std::string_view values, std::span<const std::uint32_t> ends);
  void set_source(std::string_view source);
  /// set_evidence and set_source at once.
  void set_evidence_and_source(std::string_view values, std::span<const std::uint32_t> ends, std::string_view source);

 private:
  [[nodiscard]] std::size_t source_begin() const noexcept;

  std::shared_ptr<const FindingRule> header_;
  /// The evidence values' end offsets (4 bytes each, native order), the values, then the source: one
  /// allocation for all of them however many items there are.
  std::string texts_;
  std::uint32_t items_ = 0;  ///< evidence values in texts_
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
  if (i > 0) std::memcpy(&begin, texts_.data() + (i - 1) * sizeof begin, sizeof begin);
  std::memcpy(&end, texts_.data() + i * sizeof end, sizeof end);
  return std::string_view(texts_).substr(items_ * sizeof end + begin, end - begin);
}

inline std::size_t Finding::source_begin() const noexcept {
  if (items_ == 0) return 0;
  std::uint32_t end = 0;
  std::memcpy(&end, texts_.data() + (items_ - 1) * sizeof end, sizeof end);
  return items_ * sizeof end + end;
}

inline std::string_view Finding::source() const noexcept { return std::string_view(texts_).substr(source_begin()); }

inline void Finding::set_evidence_and_source(std::string_view values, std::span<const std::uint32_t> ends,
                                             std::string_view source) {
  SANX_ASSERT(ends.size() == header_->evidence.size());  // the values go with the header's texts
  std::string texts;
  texts.reserve(ends.size_bytes() + values.size() + source.size());
  texts.append(reinterpret_cast<const char*>(ends.data()), ends.size_bytes());
  texts.append(values);
  texts.append(source);
  texts_ = std::move(texts);
  items_ = static_cast<std::uint32_t>(ends.size());
}

inline void Finding::set_evidence(std::string_view values, std::span<const std::uint32_t> ends) {
  const std::string source(this->source());
  set_evidence_and_source(values, ends, source);
}

inline void Finding::set_source(std::string_view source) {
  texts_.resize(source_begin());
  texts_ += source;
}

inline bool Finding::Evidence::operator==(const Evidence& o) const noexcept {
  if (size() != o.size()) return false;
  for (std::size_t i = 0; i < size(); ++i) {
    if ((*this)[i] != o[i]) return false;
  }
  return true;
}

}  // namespace sanx::eval
