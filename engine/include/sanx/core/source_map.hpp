/// \file
/// Source files held in memory with byte-offset spans, for languages sanx parses whole (rule files).
/// Turns a span into a diagnostic location (1-based line, column in code points) with its line of text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/core/diagnostic.hpp"

namespace sanx::core {

/// Index of a file in a SourceMap.
struct FileId {
  std::uint32_t value = 0;
  friend bool operator==(FileId, FileId) = default;
};

/// Bytes [begin, end) of one file.
struct Span {
  FileId file;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  friend bool operator==(const Span&, const Span&) = default;
};

class SourceMap {
 public:
  /// Adds a file; `path` is how diagnostics name it. The text is copied.
  FileId add(std::string path, std::string text);

  [[nodiscard]] const std::string& path(FileId f) const;
  [[nodiscard]] std::string_view text(FileId f) const;
  [[nodiscard]] std::string_view text(const Span& s) const;
  [[nodiscard]] std::size_t size() const noexcept { return files_.size(); }

  /// Line and column of the span's start; length in code points, cut at the end of that line.
  [[nodiscard]] Location location(const Span& s) const;
  /// Text of a 1-based line without its line break.
  [[nodiscard]] std::string_view line_text(FileId f, std::uint32_t line) const;

  /// A diagnostic at `s` with its line of text and `label` under the carets.
  [[nodiscard]] Diagnostic diagnostic(Severity severity, std::string code, std::string message, const Span& s,
                                      std::string label = {}) const;
  /// A secondary label at `s`.
  [[nodiscard]] Label label(const Span& s, std::string message) const;

 private:
  struct File {
    std::string path;
    std::string text;
    std::vector<std::uint32_t> line_starts;  ///< byte offset of each line's first byte
  };
  std::vector<File> files_;
};

}  // namespace sanx::core
