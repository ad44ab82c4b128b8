// Terminal-aware output for the CLI: colour only on a terminal and never with NO_COLOR, diagnostics in
// text or JSON, a progress line on stderr for long work. The engine returns data; this prints it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sanx/core/diagnostic.hpp"

namespace sanx::cli {

enum class Format { text, json };
enum class ColorMode { automatic, always, never };

/// Exit codes, documented in docs/cli.md.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitEnvironment = 3;

struct Terminal {
  bool stdout_color = false;
  bool stderr_color = false;
  bool stderr_is_tty = false;
};

/// Colour on a stream when it is a terminal, TERM is not "dumb" and NO_COLOR is unset or empty;
/// `always`/`never` override.
[[nodiscard]] Terminal detect_terminal(ColorMode mode);

/// Diagnostics to stderr, rendered rustc-style, followed by a one-line count.
void print_diagnostics(const core::Diagnostics& diags, const Terminal& term);

/// `diags` as a JSON array text (one object per diagnostic).
[[nodiscard]] std::string diagnostics_json(const core::Diagnostics& diags);

/// A single self-overwriting line on stderr, shown only when stderr is a terminal and at most ~10 times
/// a second.
class Progress {
 public:
  explicit Progress(const Terminal& term) : enabled_(term.stderr_is_tty) {}
  ~Progress() { finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::string_view label, std::uint64_t done, std::uint64_t total);
  void finish();

 private:
  bool enabled_;
  bool shown_ = false;
  std::int64_t last_ms_ = 0;
};

/// "1,234,567"
[[nodiscard]] std::string group_thousands(std::int64_t n);

/// Bold text when `color`.
[[nodiscard]] std::string bold(std::string_view s, bool color);

}  // namespace sanx::cli
