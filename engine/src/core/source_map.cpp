#include "sanx/core/source_map.hpp"

#include <algorithm>

#include "sanx/core/assert.hpp"
#include "sanx/core/text.hpp"

namespace sanx::core {

FileId SourceMap::add(std::string path, std::string text) {
  File f{std::move(path), std::move(text), {0}};
  for (std::size_t i = 0; i < f.text.size(); ++i) {
    if (f.text[i] == '\n') f.line_starts.push_back(static_cast<std::uint32_t>(i + 1));
  }
  files_.push_back(std::move(f));
  return FileId{static_cast<std::uint32_t>(files_.size() - 1)};
}

const std::string& SourceMap::path(FileId f) const {
  SANX_ASSERT(f.value < files_.size() && "file id belongs to this source map");
  return files_[f.value].path;
}

std::string_view SourceMap::text(FileId f) const {
  SANX_ASSERT(f.value < files_.size() && "file id belongs to this source map");
  return files_[f.value].text;
}

std::string_view SourceMap::text(const Span& s) const {
  const std::string_view t = text(s.file);
  SANX_ASSERT(s.begin <= s.end && s.end <= t.size() && "span lies inside its file");
  return t.substr(s.begin, s.end - s.begin);
}

std::string_view SourceMap::line_text(FileId f, std::uint32_t line) const {
  const File& file = files_.at(f.value);
  if (line == 0 || line > file.line_starts.size()) return {};
  const std::uint32_t begin = file.line_starts[line - 1];
  std::uint32_t end = line < file.line_starts.size() ? file.line_starts[line] - 1
                                                     : static_cast<std::uint32_t>(file.text.size());
  if (end > begin && file.text[end - 1] == '\r') --end;
  return std::string_view(file.text).substr(begin, end - begin);
}

Location SourceMap::location(const Span& s) const {
  const File& file = files_.at(s.file.value);
  SANX_ASSERT(s.begin <= s.end && s.end <= file.text.size() && "span lies inside its file");
  const auto it = std::upper_bound(file.line_starts.begin(), file.line_starts.end(), s.begin);
  const auto line = static_cast<std::uint32_t>(it - file.line_starts.begin());
  const std::uint32_t line_begin = file.line_starts[line - 1];
  const std::string_view text = file.text;
  Location loc;
  loc.file = file.path;
  loc.line = line;
  loc.column = static_cast<std::uint32_t>(count_code_points(text.substr(line_begin, s.begin - line_begin))) + 1;
  const std::string_view rest = line_text(s.file, line);
  const std::size_t line_end = line_begin + rest.size();
  const std::size_t end = std::min<std::size_t>(s.end, line_end);
  loc.length = end > s.begin ? static_cast<std::uint32_t>(count_code_points(text.substr(s.begin, end - s.begin))) : 1;
  return loc;
}

Diagnostic SourceMap::diagnostic(Severity severity, std::string code, std::string message, const Span& s,
                                 std::string label) const {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = std::move(message);
  d.where = location(s);
  d.source_line = std::string(line_text(s.file, d.where.line));
  d.label = std::move(label);
  return d;
}

Label SourceMap::label(const Span& s, std::string message) const {
  Label l;
  l.where = location(s);
  l.message = std::move(message);
  l.source_line = std::string(line_text(s.file, l.where.line));
  return l;
}

}  // namespace sanx::core
