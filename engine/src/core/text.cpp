#include "sanx/core/text.hpp"

#include <cstdint>

namespace sanx::core {

namespace {

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

std::uint8_t byte_at(std::string_view s, std::size_t i) noexcept { return static_cast<std::uint8_t>(s[i]); }

bool is_continuation(std::uint8_t b) noexcept { return (b & 0xC0U) == 0x80U; }

/// Length of the well-formed UTF-8 sequence starting at `i` (Unicode Table 3-7: no overlong forms, no
/// surrogates, nothing above U+10FFFF), or 0 when it is ill-formed.
std::size_t sequence_length(std::string_view s, std::size_t i) noexcept {
  const std::uint8_t b0 = byte_at(s, i);
  if (b0 < 0x80U) return 1;
  std::size_t len = 0;
  std::uint8_t lo = 0x80U;  // allowed range of the second byte
  std::uint8_t hi = 0xBFU;
  if (b0 >= 0xC2U && b0 <= 0xDFU) {
    len = 2;
  } else if (b0 >= 0xE0U && b0 <= 0xEFU) {
    len = 3;
    if (b0 == 0xE0U) lo = 0xA0U;  // overlong
    if (b0 == 0xEDU) hi = 0x9FU;  // surrogates
  } else if (b0 >= 0xF0U && b0 <= 0xF4U) {
    len = 4;
    if (b0 == 0xF0U) lo = 0x90U;  // overlong
    if (b0 == 0xF4U) hi = 0x8FU;  // above U+10FFFF
  } else {
    return 0;  // C0, C1, F5..FF, or a stray continuation byte
  }
  if (s.size() - i < len) return 0;
  const std::uint8_t b1 = byte_at(s, i + 1);
  if (b1 < lo || b1 > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (!is_continuation(byte_at(s, i + k))) return 0;
  }
  return len;
}

}  // namespace

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_list(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t pos = s.find(sep);
    const std::string_view part = trim(s.substr(0, pos));
    if (!part.empty()) parts.push_back(part);
    if (pos == std::string_view::npos) break;
    s.remove_prefix(pos + 1);
  }
  return parts;
}

std::size_t find_invalid_utf8(std::string_view s) noexcept {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t len = sequence_length(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::size_t count_code_points(std::string_view s) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_continuation(byte_at(s, i))) ++n;
  }
  return n;
}

std::string to_upper_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

bool equals_ignore_case(std::string_view a, std::string_view b) noexcept {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  while (!s.empty()) {
    const std::size_t bad = find_invalid_utf8(s);
    if (bad == std::string_view::npos) {
      out.append(s);
      break;
    }
    out.append(s.substr(0, bad));
    out.append("\xEF\xBF\xBD");
    s.remove_prefix(bad + 1);
  }
  return out;
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (const char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace sanx::core
