/// \file
/// Streaming RFC 4180 CSV reading with exact positions: every field knows its line and column, so each
/// diagnostic can point at the character that is wrong. Reads in large blocks; never loads the whole
/// file. Used by the canonical importer and by the list importers of later issues.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sanx/core/diagnostic.hpp"

namespace sanx::ingest {

struct CsvField {
  std::string_view text;     ///< unquoted value; valid until the next call to CsvReader::next
  std::uint32_t line = 0;    ///< 1-based line where the field starts
  std::uint32_t column = 0;  ///< 1-based column (code points) where the field starts, quote included
  bool quoted = false;       ///< written in double quotes: the value itself starts at column + 1
};

struct CsvRecord {
  std::vector<CsvField> fields;
  std::uint32_t line = 0;  ///< line where the record starts
  /// Text of the record's first physical line without its line break, for diagnostics.
  std::string_view source_line;
  /// The whole record as written (every physical line, quotes included) without its final line break.
  std::string_view text;

  /// Text of physical line `line` of this record (record.line <= line), without its line break; empty
  /// when the record has no such line. For diagnostics about a field that starts on a later line.
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const noexcept;
};

struct CsvOptions {
  char separator = ',';
  /// Tolerate a trailing 0x1A (DOS end-of-file) byte, as in OFAC files.
  bool allow_trailing_sub = true;
};

class CsvReader {
 public:
  /// Opens the file. Throws IoError when it cannot be opened.
  explicit CsvReader(const std::filesystem::path& path, std::string display_name, CsvOptions options = {});
  /// Reads CSV held in memory, e.g. a file converted from a legacy encoding (Windows-1252) to UTF-8:
  /// positions and diagnostics are as if `text` were the file called `display_name`.
  [[nodiscard]] static CsvReader from_text(std::string text, std::string display_name, CsvOptions options = {});
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;
  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  ~CsvReader();

  /// Reads the next record. Returns false at end of file, or after a malformed record that makes the
  /// rest of the file unreadable (an unterminated quote); that problem is added to `diags` (E2012),
  /// as is invalid UTF-8 (E2011) or a stray quote inside an unquoted field (E2013); a record with one of
  /// these is skipped and reading goes on with the next.
  /// Blank lines are skipped. Handles CRLF and LF, and a UTF-8 byte-order mark at the start.
  [[nodiscard]] bool next(CsvRecord& record, core::Diagnostics& diags);

  [[nodiscard]] std::uint64_t bytes_read() const noexcept;
  [[nodiscard]] std::uint64_t file_size() const noexcept;
  [[nodiscard]] const std::string& display_name() const noexcept;

 private:
  CsvReader();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Text of the given physical lines of a file (1-based), without line breaks, for diagnostics that point
/// back at a line read long before. Lines past the end are absent from the result. Throws IoError.
[[nodiscard]] std::vector<std::pair<std::uint32_t, std::string>> read_lines(const std::filesystem::path& path,
                                                                            std::vector<std::uint32_t> lines);

}  // namespace sanx::ingest
