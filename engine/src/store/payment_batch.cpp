#include "store/payment_batch.hpp"

#include <functional>
#include <limits>

#include "sanx/core/assert.hpp"

namespace sanx::store::detail {

std::uint64_t HashSet::hash(std::string_view text) noexcept {
  const std::uint64_t h = std::hash<std::string_view>{}(text);
  return h != 0 ? h : 1;  // 0 marks an empty slot
}

bool HashSet::insert(std::uint64_t h) {
  SANX_ASSERT(h != 0 && "hashes come from HashSet::hash");
  if ((size_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = home(h);
  while (slots_[i] != 0) {
    if (slots_[i] == h) return false;
    i = (i + 1) & mask;
  }
  slots_[i] = h;
  ++size_;
  return true;
}

void HashSet::prefetch(std::uint64_t h) const noexcept {
  if (!slots_.empty()) __builtin_prefetch(slots_.data() + home(h));
}

void HashSet::clear() noexcept {
  slots_.clear();
  size_ = 0;
}

void HashSet::grow() {
  std::vector<std::uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? std::size_t{1} << 12 : old.size() * 2, 0);
  size_ = 0;
  for (const auto h : old) {
    if (h != 0) insert(h);
  }
}

void append_iso_date(std::string& out, const core::Date& d) {
  const auto digits = [&out](int value, int width) {
    char buffer[4];
    for (int i = width - 1; i >= 0; --i) {
      buffer[i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
    out.append(buffer, static_cast<std::size_t>(width));
  };
  SANX_ASSERT(d.year() >= 0 && d.year() <= 9999 && "dates hold four-digit years");
  digits(d.year(), 4);
  if (d.month() == 0) return;
  out += '-';
  digits(d.month(), 2);
  if (d.day() == 0) return;
  out += '-';
  digits(d.day(), 2);
}

PaymentBatch::Field PaymentBatch::append(std::string_view s) {
  SANX_ASSERT(arena_.size() + s.size() < std::numeric_limits<std::uint32_t>::max() && "a batch is small");
  const Field f{static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(s.size())};
  arena_.append(s);
  return f;
}

PaymentBatch::Field PaymentBatch::append_date(const core::Date& d) {
  const auto start = arena_.size();
  append_iso_date(arena_, d);
  return {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(arena_.size() - start)};
}

void PaymentBatch::add(std::int64_t version, const model::Payment& p, std::uint32_t line) {
  Row r;
  r.version = version;
  r.line = line;
  r.text[0] = append(p.id);
  r.text[1] = append_date(p.date);
  r.text[2] = append(p.originator);
  r.text[3] = append(p.beneficiary);
  r.text[4] = append(p.originator_bic);
  r.text[5] = append(p.beneficiary_bic);
  const auto start = arena_.size();
  for (const auto& bic : p.intermediary_bics) {
    if (arena_.size() != start) arena_ += '|';
    arena_ += bic;
  }
  r.text[6] = {static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(arena_.size() - start)};
  r.text[7] = append(model::to_string(p.network));
  r.text[8] = append(p.currency);
  r.text[9] = append(p.amount.to_string());
  r.text[10] = append(p.purpose);
  r.text[11] = append(p.ordering_bic);
  r.text[12] = append(p.reference);
  r.text[13] = append(p.channel == model::Channel::transfer ? std::string_view() : model::to_string(p.channel));
  rows_.push_back(r);
}

void PaymentBatch::pop_back() noexcept {
  SANX_ASSERT(!rows_.empty() && "a row was added");
  arena_.resize(rows_.back().text[0].offset);
  rows_.pop_back();
}

void PaymentBatch::clear() noexcept {
  rows_.clear();
  arena_.clear();
}

}  // namespace sanx::store::detail
