// Shared by the JSON register readers (FollowTheMoney, BODS, GLEIF JSON): the file's text split into
// records — one per line (JSON lines) or one per element of a top-level array — each parsed on its own
// with nlohmann-json, so that a truncated or malformed record is reported with its line and column and
// the others are still read. nlohmann's DOM has no positions: a bad value is found again in its record's
// text (after its key) to point the carets at it.
#pragma once

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/diagnostic.hpp"
#include "sanx/core/error.hpp"
#include "sanx/core/text.hpp"

namespace sanx::ingest::json {

/// Byte range of one record in the file's text.
struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

class Text {
 public:
  /// Reads the whole file. Throws IoError when it cannot be read.
  static Text load(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError(fmt::format("cannot open {}", path.string()));
    Text t;
    t.file_ = path.string();
    in.seekg(0, std::ios::end);
    t.text_.resize(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())));
    in.seekg(0, std::ios::beg);
    in.read(t.text_.data(), static_cast<std::streamsize>(t.text_.size()));
    if (in.bad() || static_cast<std::size_t>(in.gcount()) != t.text_.size()) {
      throw IoError(fmt::format("cannot read {}", path.string()));
    }
    t.line_starts_.push_back(0);
    for (std::size_t i = 0; i < t.text_.size(); ++i) {
      if (t.text_[i] == '\n') t.line_starts_.push_back(i + 1);
    }
    return t;
  }

  [[nodiscard]] const std::string& file() const noexcept { return file_; }
  [[nodiscard]] std::string_view text() const noexcept { return text_; }
  [[nodiscard]] std::string_view text(Span s) const noexcept { return std::string_view(text_).substr(s.begin, s.end - s.begin); }

  /// True when the first character that is not white space (after a byte-order mark) is `[`.
  [[nodiscard]] bool is_array() const noexcept {
    const std::size_t at = text_.find_first_not_of(" \t\r\n", text_.starts_with("\xEF\xBB\xBF") ? 3 : 0);
    return at != std::string::npos && text_[at] == '[';
  }

  /// JSON lines: every line that is not blank.
  [[nodiscard]] std::vector<Span> lines() const {
    std::vector<Span> out;
    for (std::size_t l = 0; l < line_starts_.size(); ++l) {
      std::size_t b = line_starts_[l];
      std::size_t e = l + 1 < line_starts_.size() ? line_starts_[l + 1] - 1 : text_.size();
      if (l == 0 && text_.compare(0, 3, "\xEF\xBB\xBF") == 0) b = std::min<std::size_t>(3, e);
      if (e > b && text_[e - 1] == '\r') --e;
      if (std::string_view(text_).substr(b, e - b).find_first_not_of(" \t") != std::string_view::npos) out.push_back({b, e});
    }
    return out;
  }

  /// Elements of a top-level array, found by tracking brackets and strings. An element cut off by the
  /// end of the file runs to the end (parsing it reports where it stops). `closed` tells whether the
  /// array's `]` was found.
  [[nodiscard]] std::vector<Span> array_elements(bool& closed) const {
    std::vector<Span> out;
    closed = false;
    std::size_t i = text_.find('[');
    if (i == std::string::npos) return out;
    ++i;
    int depth = 0;
    bool in_string = false;
    std::size_t start = std::string::npos;
    for (; i < text_.size(); ++i) {
      const char c = text_[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
      if (depth == 0 && c == ']') {
        if (start != std::string::npos) out.push_back({start, i});
        closed = true;
        return out;
      }
      if (depth == 0 && c == ',') {
        if (start != std::string::npos) out.push_back({start, i});
        start = std::string::npos;
        continue;
      }
      if (start == std::string::npos) start = i;
      if (c == '"') in_string = true;
      else if (c == '{' || c == '[') ++depth;
      else if (c == '}' || c == ']') --depth;
    }
    if (start != std::string::npos) out.push_back({start, text_.size()});
    return out;
  }

  [[nodiscard]] std::uint32_t line_of(std::size_t offset) const {
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    return static_cast<std::uint32_t>(it - line_starts_.begin());
  }

  [[nodiscard]] std::string_view line_text(std::uint32_t line) const {
    if (line == 0 || line > line_starts_.size()) return {};
    const std::size_t b = line_starts_[line - 1];
    std::size_t e = line < line_starts_.size() ? line_starts_[line] - 1 : text_.size();
    if (e > b && text_[e - 1] == '\r') --e;
    return std::string_view(text_).substr(b, e - b);
  }

  /// Location of `length` bytes at `offset`, in lines and code points.
  [[nodiscard]] core::Location location(std::size_t offset, std::size_t length) const {
    offset = std::min(offset, text_.size());
    const std::uint32_t line = line_of(offset);
    const std::size_t b = line_starts_[line - 1];
    const std::string_view prefix = std::string_view(text_).substr(b, offset - b);
    const std::string_view value = std::string_view(text_).substr(offset, length);
    return {file_, line, static_cast<std::uint32_t>(core::count_code_points(prefix) + 1),
            static_cast<std::uint32_t>(std::max<std::size_t>(1, core::count_code_points(value)))};
  }

  [[nodiscard]] core::Diagnostic diagnostic(core::Severity severity, std::string code, std::string message,
                                            std::size_t offset, std::size_t length, std::string label) const {
    core::Diagnostic d;
    d.severity = severity;
    d.code = std::move(code);
    d.message = std::move(message);
    d.where = location(offset, length);
    d.source_line = core::valid_utf8(line_text(d.where.line));
    d.label = std::move(label);
    return d;
  }

  /// Offset of `value` written as a JSON string after `"key"` inside `span` (the opening quote excluded),
  /// else of the key, else the span's start: where to point at a bad value.
  [[nodiscard]] std::size_t find_value(Span span, std::string_view key, std::string_view value) const {
    const std::string_view t = text(span);
    const std::size_t k = key.empty() ? std::string_view::npos : t.find(fmt::format("\"{}\"", key));
    if (!value.empty()) {
      const std::string quoted = nlohmann::json(std::string(value)).dump();
      const std::size_t from = k == std::string_view::npos ? 0 : k;
      std::size_t v = t.find(quoted, from);
      if (v == std::string_view::npos) v = t.find(quoted);
      if (v != std::string_view::npos) return span.begin + v + 1;
    }
    return span.begin + (k == std::string_view::npos ? 0 : k + 1);
  }

 private:
  std::string file_;
  std::string text_;
  std::vector<std::size_t> line_starts_;
};

/// What the JSON readers share: the file's text, the diagnostics and the error budget
/// (ListReadOptions::max_errors, 0 for no limit).
class Reporter {
 public:
  Reporter(const Text& text, core::Diagnostics& diags, std::size_t max_errors)
      : text_(text), diags_(diags), max_errors_(max_errors), start_errors_(diags.error_count()) {}

 protected:
  [[nodiscard]] bool too_many_errors() const {
    return max_errors_ != 0 && diags_.error_count() - start_errors_ >= max_errors_;
  }
  /// A diagnostic at `value` written after `"key"` in the record (at the key when `value` is empty).
  void report(core::Severity severity, std::string_view code, std::string message, Span span, std::string_view key,
              std::string_view value, std::string label) {
    const std::size_t at = text_.find_value(span, key, value);
    diags_.add(text_.diagnostic(severity, std::string(code), std::move(message), at,
                                value.empty() ? std::max<std::size_t>(1, key.size()) : value.size(), std::move(label)));
  }

  const Text& text_;
  core::Diagnostics& diags_;

 private:
  std::size_t max_errors_;
  std::size_t start_errors_;
};

/// `birthPlace` → `birth_place`, `votingRights` → `voting_rights`: JSON names as fact keys and bases.
inline std::string camel_to_snake(std::string_view camel) {
  std::string out;
  for (const char c : camel) {
    if (c >= 'A' && c <= 'Z') {
      if (!out.empty()) out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

/// An LEI (ISO 17442): 20 characters, upper-case letters and digits.
inline bool is_lei(std::string_view s) {
  return s.size() == 20 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
         });
}

/// Parses one record. On invalid UTF-8 (`encoding_code`) or malformed JSON (`syntax_code`) adds a
/// diagnostic at the exact place and returns nullopt.
inline std::optional<nlohmann::json> parse(const Text& text, Span span, core::Diagnostics& diags,
                                           std::string_view syntax_code, std::string_view encoding_code) {
  const std::string_view t = text.text(span);
  if (const std::size_t bad = core::find_invalid_utf8(t); bad != std::string_view::npos) {
    core::Diagnostic d = text.diagnostic(core::Severity::error, std::string(encoding_code),
                                         fmt::format("invalid UTF-8 byte 0x{:02X}", static_cast<unsigned char>(t[bad])),
                                         span.begin + bad, 1, "expected UTF-8 text");
    d.notes.emplace_back("help: JSON is UTF-8; convert the file (it may be in a legacy encoding such as Windows-1252)");
    diags.add(std::move(d));
    return std::nullopt;
  }
  try {
    return nlohmann::json::parse(t.begin(), t.end());
  } catch (const nlohmann::json::parse_error& e) {
    // what(): "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error while ..."
    std::string_view what = e.what();
    if (const std::size_t colon = what.find(": "); colon != std::string_view::npos) what.remove_prefix(colon + 2);
    const std::size_t at = std::min(span.begin + (e.byte > 0 ? e.byte - 1 : 0), span.end);
    const bool at_end = at >= span.end || span.begin + e.byte > span.end;
    diags.add(text.diagnostic(core::Severity::error, std::string(syntax_code), fmt::format("malformed JSON: {}", what),
                              at, 1, at_end ? "expected more JSON: the record ends here" : "expected well-formed JSON here"));
    return std::nullopt;
  }
}

/// `2024-05-17`, `2024-05`, `2024`, or an ISO date-time (`2012-11-29T00:00:00.000Z`) of which the date is
/// kept. nullopt when it is none of them or not a calendar date.
inline std::optional<core::Date> parse_date(std::string_view s) {
  s = core::trim(s);
  if (s.size() > 10 && s[10] == 'T') s = s.substr(0, 10);
  return core::Date::parse_iso(s);
}

}  // namespace sanx::ingest::json
