#include "output.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace sanx::cli {
namespace {

bool color_allowed_by_env() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  const char* term = std::getenv("TERM");
  return term == nullptr || std::strcmp(term, "dumb") != 0;
}

}  // namespace

Terminal detect_terminal(ColorMode mode) {
  Terminal t;
  t.stderr_is_tty = isatty(STDERR_FILENO) != 0;
  switch (mode) {
    case ColorMode::always:
      t.stdout_color = t.stderr_color = true;
      break;
    case ColorMode::never:
      break;
    case ColorMode::automatic: {
      const bool env = color_allowed_by_env();
      t.stdout_color = env && isatty(STDOUT_FILENO) != 0;
      t.stderr_color = env && t.stderr_is_tty;
      break;
    }
  }
  return t;
}

void print_diagnostics(const core::Diagnostics& diags, const Terminal& term) {
  if (diags.empty()) return;
  core::RenderOptions options;
  options.color = term.stderr_color;
  for (const auto& d : diags.items()) {
    std::fputs(core::render_text(d, options).c_str(), stderr);
    std::fputc('\n', stderr);
  }
  std::string summary;
  if (diags.error_count() > 0) {
    summary = fmt::format("{} error{}", diags.error_count(), diags.error_count() == 1 ? "" : "s");
  }
  if (diags.warning_count() > 0) {
    summary += fmt::format("{}{} warning{}", summary.empty() ? "" : ", ", diags.warning_count(),
                           diags.warning_count() == 1 ? "" : "s");
  }
  if (!summary.empty()) std::fprintf(stderr, "%s\n", summary.c_str());
}

std::string diagnostics_json(const core::Diagnostics& diags) {
  std::string out = "[";
  for (const auto& d : diags.items()) {
    if (out.size() > 1) out += ',';
    out += core::render_json(d);
  }
  out += ']';
  return out;
}

void Progress::update(std::string_view label, std::uint64_t done, std::uint64_t total) {
  if (!enabled_) return;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now().time_since_epoch())
                       .count();
  if (shown_ && now - last_ms_ < 100 && done < total) return;
  last_ms_ = now;
  shown_ = true;
  const double pct = total == 0 ? 100.0 : 100.0 * static_cast<double>(done) / static_cast<double>(total);
  std::fprintf(stderr, "\r\x1b[2K%.*s  %5.1f%%  %.1f / %.1f MB", static_cast<int>(label.size()), label.data(), pct,
               static_cast<double>(done) / 1e6, static_cast<double>(total) / 1e6);
  std::fflush(stderr);
}

void Progress::finish() {
  if (!shown_) return;
  std::fputs("\r\x1b[2K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

std::string group_thousands(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string bold(std::string_view s, bool color) {
  if (!color) return std::string(s);
  return fmt::format("\x1b[1m{}\x1b[0m", s);
}

}  // namespace sanx::cli
