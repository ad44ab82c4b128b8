/// \file
/// Diagnostics are values: a stable code, a message and a location, collected rather than thrown, so
/// that one bad row or rule does not hide the others. Every code is listed in docs/diagnostics.md.
/// Rendering (rustc style, or JSON for tools) lives here too; printing is the CLI's job.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sanx::core {

enum class Severity { error, warning, note };

[[nodiscard]] std::string_view to_string(Severity s) noexcept;

/// A place in a source file. Lines and columns are 1-based; 0 means unknown (a whole-file problem).
/// Columns count Unicode code points, as a reader counts characters; `length` is in code points too.
struct Location {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t length = 0;
};

/// A secondary place that explains the primary one ("first declared here").
struct Label {
  Location where;
  std::string message;
  std::string source_line;  ///< text of `where.line`, without its line break; may be empty
};

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;       ///< stable, e.g. "E2001"; see docs/diagnostics.md
  std::string message;    ///< one line, lower case, no trailing period
  Location where;
  std::string source_line;  ///< text of `where.line`, shown under the header with carets
  std::string label;        ///< what the carets say, e.g. "expected a date YYYY[-MM[-DD]]"
  std::vector<Label> related;
  std::vector<std::string> notes;  ///< "help: ..." / "note: ..." lines, rendered after the snippet
};

/// An ordered collection of diagnostics with counts by severity.
class Diagnostics {
 public:
  void add(Diagnostic d);
  [[nodiscard]] const std::vector<Diagnostic>& items() const noexcept { return items_; }
  /// For filling in details found later (a line's text, a column); must not change the severity.
  [[nodiscard]] Diagnostic& item(std::size_t i) noexcept { return items_[i]; }
  [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
  [[nodiscard]] std::size_t error_count() const noexcept { return errors_; }
  [[nodiscard]] std::size_t warning_count() const noexcept { return warnings_; }
  [[nodiscard]] bool has_errors() const noexcept { return errors_ != 0; }
  [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
  void append(const Diagnostics& other);

 private:
  std::vector<Diagnostic> items_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
};

struct RenderOptions {
  bool color = false;
};

/// rustc / YARA-X style:
/// ```
/// error[E2002]: invalid date in column `date`
///  --> payments.csv:14:6
///    |
/// 14 | P-13,2024-13-01,...
///    |      ^^^^^^^^^^ expected a date YYYY[-MM[-DD]]
/// ```
/// Layout details: the gutter is as wide as the largest line number in a snippet. Carets (`^`) and the
/// dashes of related labels (`-`) are max(1, length) long and start under the column'th code point (a tab
/// in the line's prefix stays a tab in the padding, so carets stay aligned). Related labels in the same
/// file join the snippet in line order; those in other files get a ` ::: file:line:col` block. Notes are
/// printed verbatim after `= `, so callers write the "help: " / "note: " prefix. Without a line number or
/// source text there is no snippet, and a label is printed as `= note: <label>` instead. With
/// `options.color`, ANSI colours as rustc uses them. Pure function, safe to call from any thread.
[[nodiscard]] std::string render_text(const Diagnostic& d, const RenderOptions& options = {});

/// One JSON object: {"severity","code","message","file","line","column","length","label","notes",...}.
[[nodiscard]] std::string render_json(const Diagnostic& d);

}  // namespace sanx::core
