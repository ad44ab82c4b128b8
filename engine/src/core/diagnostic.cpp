// Rendering of diagnostics, rustc style for people and one JSON object per diagnostic for tools.
//
// Text layout decisions (the golden files in tests/data/core/ pin them down byte for byte):
// - The gutter is as wide as the largest line number shown anywhere in the diagnostic (at least 1);
//   the location arrow is always ` --> ` and other-file blocks start with ` ::: `.
// - Carets (`^`, primary) and dashes (`-`, related labels) are max(1, length) long and start under the
//   column'th code point: the padding has one character per code point of the line's prefix, a tab for a
//   tab and a space otherwise, so carets stay aligned under tabs and multi-byte characters.
// - Related labels in the primary's file share its snippet, ordered by line then column; a source line is
//   printed once and each label on it gets its own underline row. Related labels in other files each get
//   a ` ::: file:line:col` block. A label without source text (line 0 or empty source_line) prints its
//   location and then its message as `= note: ...`; so does the primary label when there is no snippet,
//   so that no text the caller supplied is lost.
// - Notes are printed verbatim after `= `: callers write the "help: " or "note: " prefix themselves.
#include "sanx/core/diagnostic.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "sanx/core/text.hpp"

namespace sanx::core {

namespace {

// ANSI styles, as rustc uses them.
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kBoldRed = "\x1b[1;31m";
constexpr std::string_view kBoldYellow = "\x1b[1;33m";
constexpr std::string_view kBoldGreen = "\x1b[1;32m";
constexpr std::string_view kBoldBlue = "\x1b[1;34m";

std::string_view severity_style(Severity s) noexcept {
  switch (s) {
    case Severity::error: return kBoldRed;
    case Severity::warning: return kBoldYellow;
    case Severity::note: return kBoldGreen;
  }
  return kBold;
}

/// One underlined span in a snippet.
struct Mark {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t length = 0;
  bool primary = false;
  std::string_view message;
  std::string_view source_line;
};

bool has_snippet(const Location& where, std::string_view source_line) noexcept {
  return where.line != 0 && !source_line.empty();
}

std::string format_location(const Location& where) {
  if (where.line == 0) return where.file;
  if (where.column == 0) return fmt::format("{}:{}", where.file, where.line);
  return fmt::format("{}:{}:{}", where.file, where.line, where.column);
}

std::size_t digit_count(std::uint32_t n) noexcept {
  std::size_t digits = 1;
  while (n >= 10) {
    n /= 10;
    ++digits;
  }
  return digits;
}

/// Whitespace that puts the next character under the `column`th code point of `line` (1-based).
std::string caret_padding(std::string_view line, std::uint32_t column) {
  std::string pad;
  const std::size_t wanted = column > 1 ? column - 1 : 0;
  std::size_t seen = 0;
  for (std::size_t i = 0; i < line.size() && seen < wanted; ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    if ((byte & 0xC0U) == 0x80U) continue;  // continuation byte: same code point
    pad.push_back(line[i] == '\t' ? '\t' : ' ');
    ++seen;
  }
  pad.append(wanted - seen, ' ');
  return pad;
}

class TextRenderer {
 public:
  TextRenderer(const Diagnostic& d, const RenderOptions& options) : d_(d), color_(options.color) {}

  std::string render() {
    collect();
    header();
    arrow(" --> ", d_.where);
    if (!primary_block_.empty()) snippet(primary_block_);
    if (!has_snippet(d_.where, d_.source_line) && !d_.label.empty()) note_line(fmt::format("note: {}", d_.label));
    for (const Label* label : other_blocks_) {
      arrow(" ::: ", label->where);
      if (has_snippet(label->where, label->source_line)) {
        snippet({mark_of(*label)});
      } else if (!label->message.empty()) {
        note_line(fmt::format("note: {}", label->message));
      }
    }
    for (const std::string& note : d_.notes) note_line(note);
    return std::move(out_);
  }

 private:
  static Mark mark_of(const Label& label) {
    return {label.where.line, label.where.column, label.where.length, false, label.message, label.source_line};
  }

  void collect() {
    std::uint32_t max_line = 0;
    if (has_snippet(d_.where, d_.source_line)) {
      primary_block_.push_back(
          {d_.where.line, d_.where.column, d_.where.length, true, d_.label, d_.source_line});
      max_line = d_.where.line;
    }
    for (const Label& label : d_.related) {
      if (has_snippet(label.where, label.source_line)) {
        max_line = std::max(max_line, label.where.line);
        if (label.where.file == d_.where.file) {
          primary_block_.push_back(mark_of(label));
          continue;
        }
      }
      other_blocks_.push_back(&label);
    }
    // Primary first among marks at the same place, so the carets come before the dashes.
    std::stable_sort(primary_block_.begin(), primary_block_.end(), [](const Mark& a, const Mark& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    gutter_ = std::string(digit_count(max_line) + 1, ' ');
  }

  void paint(std::string_view text, std::string_view style) {
    if (color_) out_ += style;
    out_ += text;
    if (color_) out_ += kReset;
  }

  void header() {
    const std::string title = d_.code.empty() ? std::string(to_string(d_.severity))
                                              : fmt::format("{}[{}]", to_string(d_.severity), d_.code);
    paint(title, severity_style(d_.severity));
    paint(fmt::format(": {}", d_.message), kBold);
    out_ += '\n';
  }

  void arrow(std::string_view arrow_text, const Location& where) {
    paint(arrow_text.substr(0, arrow_text.size() - 1), kBoldBlue);
    out_ += ' ';
    out_ += format_location(where);
    out_ += '\n';
  }

  void snippet(const std::vector<Mark>& marks) {
    paint(fmt::format("{}|", gutter_), kBoldBlue);
    out_ += '\n';
    std::uint32_t shown_line = 0;
    for (const Mark& m : marks) {
      if (m.line != shown_line) {
        paint(fmt::format("{:>{}} |", m.line, gutter_.size() - 1), kBoldBlue);
        out_ += ' ';
        out_ += m.source_line;
        out_ += '\n';
        shown_line = m.line;
      }
      paint(fmt::format("{}|", gutter_), kBoldBlue);
      out_ += ' ';
      out_ += caret_padding(m.source_line, m.column);
      std::string underline(std::max<std::uint32_t>(1, m.length), m.primary ? '^' : '-');
      if (!m.message.empty()) {
        underline += ' ';
        underline += m.message;
      }
      paint(underline, m.primary ? severity_style(d_.severity) : kBoldBlue);
      out_ += '\n';
    }
  }

  /// `= text`, with a leading "word:" of the text in bold when colouring.
  void note_line(std::string_view text) {
    out_ += gutter_;
    paint("=", kBoldBlue);
    out_ += ' ';
    const std::size_t colon = text.find(": ");
    const bool has_prefix =
        colon != std::string_view::npos && colon > 0 &&
        std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(colon),
                    [](char c) { return c >= 'a' && c <= 'z'; });
    if (color_ && has_prefix) {
      paint(text.substr(0, colon + 1), kBold);
      out_ += text.substr(colon + 1);
    } else {
      out_ += text;
    }
    out_ += '\n';
  }

  const Diagnostic& d_;
  bool color_;
  std::string out_;
  std::string gutter_;  ///< spaces up to the `|`: the width of the widest line number plus one
  std::vector<Mark> primary_block_;
  std::vector<const Label*> other_blocks_;
};

/// Appends `s` as a JSON string. Control characters are written as \u00XX; bytes that are not valid
/// UTF-8 become U+FFFD so the output is always valid JSON.
void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const std::string_view rest = s.substr(i);
    const std::size_t bad = find_invalid_utf8(rest);
    const std::string_view good = rest.substr(0, bad);
    for (const char c : good) {
      const auto byte = static_cast<unsigned char>(c);
      if (c == '"') {
        out += "\\\"";
      } else if (c == '\\') {
        out += "\\\\";
      } else if (byte < 0x20U) {
        out += fmt::format("\\u{:04x}", static_cast<unsigned>(byte));
      } else {
        out += c;
      }
    }
    i += good.size();
    if (bad != std::string_view::npos) {
      out += "\\ufffd";
      ++i;  // skip one byte of the ill-formed sequence and resynchronise
    }
  }
  out += '"';
}

void append_key(std::string& out, std::string_view key) {
  if (out.back() != '{') out += ',';
  append_json_string(out, key);
  out += ':';
}

void append_location(std::string& out, const Location& where) {
  append_key(out, "file");
  append_json_string(out, where.file);
  append_key(out, "line");
  out += std::to_string(where.line);
  append_key(out, "column");
  out += std::to_string(where.column);
  append_key(out, "length");
  out += std::to_string(where.length);
}

}  // namespace

std::string_view to_string(Severity s) noexcept {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

void Diagnostics::add(Diagnostic d) {
  if (d.severity == Severity::error) ++errors_;
  if (d.severity == Severity::warning) ++warnings_;
  items_.push_back(std::move(d));
}

void Diagnostics::append(const Diagnostics& other) {
  // By index over a fixed count, so that appending a collection to itself is well defined.
  const std::size_t n = other.items_.size();
  items_.reserve(items_.size() + n);
  for (std::size_t i = 0; i < n; ++i) add(other.items_[i]);
}

std::string render_text(const Diagnostic& d, const RenderOptions& options) {
  return TextRenderer(d, options).render();
}

std::string render_json(const Diagnostic& d) {
  std::string out = "{";
  append_key(out, "severity");
  append_json_string(out, to_string(d.severity));
  append_key(out, "code");
  append_json_string(out, d.code);
  append_key(out, "message");
  append_json_string(out, d.message);
  append_location(out, d.where);
  append_key(out, "label");
  append_json_string(out, d.label);
  append_key(out, "notes");
  out += '[';
  for (std::size_t i = 0; i < d.notes.size(); ++i) {
    if (i != 0) out += ',';
    append_json_string(out, d.notes[i]);
  }
  out += ']';
  append_key(out, "related");
  out += '[';
  for (std::size_t i = 0; i < d.related.size(); ++i) {
    if (i != 0) out += ',';
    out += '{';
    append_location(out, d.related[i].where);
    append_key(out, "message");
    append_json_string(out, d.related[i].message);
    out += '}';
  }
  out += ']';
  out += '}';
  return out;
}

}  // namespace sanx::core
