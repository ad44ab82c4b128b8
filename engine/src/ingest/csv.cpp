// Streaming RFC 4180 reader. The file is read in large blocks into one buffer; a record is parsed in
// place and its fields are views into that buffer (only quoted fields with doubled quotes are copied,
// into a scratch string). When a record runs past the end of the buffered data, the unread tail is
// moved to the front, more is read (the buffer doubles when one record fills it) and the record is
// parsed again from its start: simpler than a resumable state machine, and linear overall because it
// happens once per block.
//
// Positions are computed after a record is complete: for an all-ASCII record (the common case, checked
// eight bytes at a time) a column is a byte offset; otherwise code points are counted.
//
// A malformed record (stray quote, text after a closing quote, invalid UTF-8) is reported and skipped,
// so the caller never sees half-understood fields; an unterminated quote ends the file, because
// everything after it is inside the field.
#include "sanx/ingest/csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <memory>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sanx/core/assert.hpp"
#include "sanx/core/error.hpp"
#include "sanx/core/text.hpp"

namespace sanx::ingest {
namespace {

constexpr std::size_t kBlockSize = std::size_t{1} << 20;  // 1 MiB per read
// Bytes allocated after the data: a sentinel line feed, then room for one 16-byte load that starts at
// or before the sentinel.
constexpr std::size_t kPadding = 1 + 16;

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

/// A field while its record is being parsed: the value is either a range of the buffer or a range of
/// the scratch string (which may still reallocate, so views are made once the record is complete).
struct RawField {
  const char* start = nullptr;       // first byte of the field as written (the quote, if quoted)
  const char* line_start = nullptr;  // first byte of the physical line `start` lies on
  const char* value = nullptr;       // value in the buffer, when not in scratch
  std::size_t scratch_offset = 0;
  std::size_t length = 0;
  std::uint32_t line = 0;
  bool quoted = false;
  bool in_scratch = false;
};

enum class ProblemKind { none, stray_quote, text_after_quote, invalid_utf8, unterminated_quote };

/// The first thing wrong with a record, remembered until the record is known to be complete (a record
/// may be parsed more than once when it crosses a block boundary; it must be reported once).
struct Problem {
  ProblemKind kind = ProblemKind::none;
  const char* at = nullptr;
  const char* line_start = nullptr;
  std::uint32_t line = 0;
};

enum class Outcome { record, blank, malformed, need_more, unterminated };

bool is_ascii(const char* p, std::size_t n) noexcept {
  std::uint64_t acc = 0;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    acc |= w;
  }
  for (; i < n; ++i) acc |= static_cast<unsigned char>(p[i]);
  return (acc & 0x8080808080808080ULL) == 0;
}

/// Physical line starting at `line_start`, without its line break, ending at the buffer end at the latest.
std::string_view line_from(const char* line_start, const char* end) noexcept {
  const auto* nl = static_cast<const char*>(std::memchr(line_start, '\n', static_cast<std::size_t>(end - line_start)));
  const char* stop = nl != nullptr ? nl : end;
  if (stop > line_start && stop[-1] == '\r') --stop;
  return {line_start, static_cast<std::size_t>(stop - line_start)};
}

std::uint32_t to_u32(std::size_t n) noexcept {
  return n > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<std::uint32_t>(n);
}

}  // namespace

std::string_view CsvRecord::line_text(std::uint32_t wanted) const noexcept {
  if (wanted < line) return {};
  std::string_view rest = text;
  for (std::uint32_t l = line; l < wanted; ++l) {
    const std::size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) return {};
    rest.remove_prefix(nl + 1);
  }
  const std::size_t nl = rest.find('\n');
  std::string_view out = rest.substr(0, nl);
  if (!out.empty() && out.back() == '\r') out.remove_suffix(1);
  return out;
}

struct CsvReader::Impl {
  File file;
  std::string display_name;
  CsvOptions options;
  std::uint64_t size = 0;

  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;  // data bytes; the buffer has kPadding more
  std::size_t pos = 0;  // next unread byte
  std::size_t end = 0;  // end of the buffered data
  std::uint64_t buffer_offset = 0;  // file offset of buffer[0]
  bool eof = false;     // `end` is the end of the file
  bool done = false;    // nothing more will be returned
  std::uint32_t line = 1;  // line number at `pos`

  std::array<bool, 256> stop{};  // bytes that end an unquoted scan: separator, CR, LF, quote

  /// First byte at or after `p` that ends an unquoted scan; the sentinel at `end` guarantees one.
  [[nodiscard]] const char* find_stop(const char* p) const noexcept;
  std::string scratch;
  std::vector<RawField> raw;
  Problem problem;

  void refill();
  Outcome parse(CsvRecord& record);
  void report(const Problem& p, const char* record_end, core::Diagnostics& diags) const;
};

const char* CsvReader::Impl::find_stop(const char* p) const noexcept {
#if defined(__SSE2__)
  // Sixteen bytes per step: fields are short, so the first load usually holds the separator.
  const __m128i sep = _mm_set1_epi8(options.separator);
  const __m128i lf = _mm_set1_epi8('\n');
  const __m128i cr = _mm_set1_epi8('\r');
  const __m128i quote = _mm_set1_epi8('"');
  for (;; p += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, sep), _mm_cmpeq_epi8(x, lf)),
                                     _mm_or_si128(_mm_cmpeq_epi8(x, cr), _mm_cmpeq_epi8(x, quote)));
    const auto bits = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (bits != 0) return p + __builtin_ctz(bits);
  }
#else
  while (!stop[static_cast<unsigned char>(*p)]) ++p;
  return p;
#endif
}

void CsvReader::Impl::refill() {
  SANX_ASSERT(!eof && "refill only before the end of the file");
  if (pos > 0) {
    std::memmove(buffer.get(), buffer.get() + pos, end - pos);
    buffer_offset += pos;
    end -= pos;
    pos = 0;
  }
  if (end == capacity) {  // one record fills the buffer: make room
    const std::size_t bigger = capacity * 2;
    auto next = std::make_unique<char[]>(bigger + kPadding);  // zeroed: the padding is read, never used
    std::memcpy(next.get(), buffer.get(), end);
    buffer = std::move(next);
    capacity = bigger;
  }
  const std::size_t want = capacity - end;
  const std::size_t got = std::fread(buffer.get() + end, 1, want, file.get());
  const bool first = buffer_offset == 0 && end == 0;
  end += got;
  if (got < want) {
    if (std::ferror(file.get()) != 0) {
      throw IoError(fmt::format("cannot read {}: {}", display_name, std::strerror(errno)));
    }
    eof = true;
    if (options.allow_trailing_sub && end > pos && buffer[end - 1] == '\x1A') --end;
  }
  if (first && end >= 3 && std::memcmp(buffer.get(), "\xEF\xBB\xBF", 3) == 0) pos = 3;
  buffer[end] = '\n';  // sentinel: stops the unquoted scan without a bounds check per byte
}

// Parses the record at `pos`. Returns need_more (without side effects) when it runs into the end of the
// buffered data before the end of the file.
Outcome CsvReader::Impl::parse(CsvRecord& record) {
  const char sep = options.separator;
  const char* const base = buffer.get();
  const char* const e = base + end;
  const char* const rec_start = base + pos;
  const char* p = rec_start;
  const char* line_start = rec_start;
  std::uint32_t ln = line;
  raw.clear();
  scratch.clear();
  problem = {};

  auto note = [&](ProblemKind kind, const char* at) {
    if (problem.kind == ProblemKind::none) problem = {kind, at, line_start, ln};
  };

  // Scans unquoted text from `p` to the field's end: the separator, a line break or the end of the data.
  // Returns false when more data is needed to decide.
  auto scan_unquoted = [&]() -> bool {
    for (;;) {
      p = find_stop(p);
      if (p == e) return eof;
      const char c = *p;
      if (c == sep || c == '\n') return true;
      if (c == '"') {
        note(ProblemKind::stray_quote, p);
        ++p;
        continue;
      }
      // CR: a line break when followed by LF (or at the very end of the file), otherwise a plain byte.
      if (p + 1 == e) {
        if (!eof) return false;
        return true;
      }
      if (p[1] == '\n') return true;
      ++p;
    }
  };

  for (;;) {
    RawField& f = raw.emplace_back();  // filled in place: copying a finished struct stalls store forwarding
    f.start = p;
    f.line = ln;
    f.line_start = line_start;
    if (p < e && *p == '"') {
      f.quoted = true;
      const char* q = p + 1;
      const char* segment = q;
      bool copying = false;
      const std::size_t scratch_begin = scratch.size();
      for (;;) {
        const auto* quote = static_cast<const char*>(std::memchr(q, '"', static_cast<std::size_t>(e - q)));
        const char* scan_to = quote != nullptr ? quote : e;
        for (const auto* nl = static_cast<const char*>(std::memchr(q, '\n', static_cast<std::size_t>(scan_to - q)));
             nl != nullptr;
             nl = static_cast<const char*>(std::memchr(nl + 1, '\n', static_cast<std::size_t>(scan_to - nl - 1)))) {
          ++ln;
          line_start = nl + 1;
        }
        if (quote == nullptr) {
          if (!eof) return Outcome::need_more;
          problem = {ProblemKind::unterminated_quote, f.start, f.line_start, f.line};
          return Outcome::unterminated;
        }
        if (quote + 1 == e && !eof) return Outcome::need_more;
        if (quote + 1 < e && quote[1] == '"') {  // doubled quote: one literal quote
          copying = true;
          scratch.append(segment, static_cast<std::size_t>(quote + 1 - segment));
          q = segment = quote + 2;
          continue;
        }
        if (copying) {
          scratch.append(segment, static_cast<std::size_t>(quote - segment));
          f.in_scratch = true;
          f.scratch_offset = scratch_begin;
          f.length = scratch.size() - scratch_begin;
        } else {
          f.value = f.start + 1;
          f.length = static_cast<std::size_t>(quote - f.value);
        }
        p = quote + 1;
        break;
      }
      // After the closing quote only a separator, a line break or the end may follow.
      const bool at_break = p == e || *p == sep || *p == '\n' ||
                            (*p == '\r' && ((p + 1 == e && eof) || (p + 1 < e && p[1] == '\n')));
      if (!at_break) {
        if (*p == '\r' && p + 1 == e) return Outcome::need_more;
        note(ProblemKind::text_after_quote, p);
        if (!scan_unquoted()) return Outcome::need_more;
      }
    } else {
      if (!scan_unquoted()) return Outcome::need_more;
      f.value = f.start;
      f.length = static_cast<std::size_t>(p - f.start);
    }

    if (p < e && *p == sep) {
      ++p;
      continue;
    }
    break;
  }

  // p is at the end of the data, at LF, or at CR (of CRLF, or the file's last byte).
  const char* const rec_end = p;
  if (p < e) {
    p += (*p == '\r' && p + 1 < e) ? 2 : 1;
    ++ln;
  }
  const char* const next = p;

  if (problem.kind == ProblemKind::none && raw.size() == 1 && !raw[0].quoted && raw[0].length == 0) {
    pos = static_cast<std::size_t>(next - base);
    line = ln;
    return Outcome::blank;
  }

  const auto rec_len = static_cast<std::size_t>(rec_end - rec_start);
  const bool ascii = is_ascii(rec_start, rec_len);
  if (!ascii && problem.kind == ProblemKind::none) {
    const std::size_t bad = core::find_invalid_utf8({rec_start, rec_len});
    if (bad != std::string_view::npos) {
      const char* at = rec_start + bad;
      // Find the physical line of the bad byte.
      const char* ls = rec_start;
      std::uint32_t bad_line = line;
      for (const char* c = rec_start; c < at; ++c) {
        if (*c == '\n') {
          ++bad_line;
          ls = c + 1;
        }
      }
      problem = {ProblemKind::invalid_utf8, at, ls, bad_line};
    }
  }

  if (problem.kind != ProblemKind::none) {
    // Keep the record's text for the report; positions stay valid until the next parse.
    record.text = {rec_start, rec_len};
    pos = static_cast<std::size_t>(next - base);
    line = ln;
    return Outcome::malformed;
  }

  record.line = line;
  record.text = {rec_start, rec_len};
  record.source_line = line_from(rec_start, rec_end);
  record.fields.resize(raw.size());
  // Code points are counted incrementally along each line for non-ASCII records.
  const char* count_line = nullptr;
  const char* count_pos = nullptr;
  std::size_t count = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const RawField& r = raw[i];
    CsvField& out = record.fields[i];
    out.text = r.in_scratch ? std::string_view(scratch.data() + r.scratch_offset, r.length)
                            : std::string_view(r.value, r.length);
    out.line = r.line;
    out.quoted = r.quoted;
    if (ascii) {
      out.column = to_u32(static_cast<std::size_t>(r.start - r.line_start) + 1);
    } else {
      if (count_line != r.line_start) {
        count_line = count_pos = r.line_start;
        count = 0;
      }
      count += core::count_code_points({count_pos, static_cast<std::size_t>(r.start - count_pos)});
      count_pos = r.start;
      out.column = to_u32(count + 1);
    }
  }
  pos = static_cast<std::size_t>(next - base);
  line = ln;
  return Outcome::record;
}

void CsvReader::Impl::report(const Problem& p, const char* record_end, core::Diagnostics& diags) const {
  core::Diagnostic d;
  d.code = "E2013";
  d.where.file = display_name;
  d.where.line = p.line;
  d.where.length = 1;
  const std::string_view line_text = line_from(p.line_start, record_end);
  const auto prefix = static_cast<std::size_t>(p.at - p.line_start);
  d.where.column = to_u32(core::count_code_points(line_text.substr(0, std::min(prefix, line_text.size()))) + 1);
  d.source_line = core::valid_utf8(line_text);  // the line may hold invalid UTF-8 besides this problem
  switch (p.kind) {
    case ProblemKind::stray_quote:
      d.message = "quote inside an unquoted field";
      d.label = "expected a field in double quotes to contain this quote";
      d.notes.emplace_back(R"(help: quote the whole field and double the quotes inside it: "say ""hello""")");
      break;
    case ProblemKind::text_after_quote:
      d.message = fmt::format("unexpected `{}` after a closing quote", core::valid_utf8(std::string_view(p.at, 1)));
      d.label = "expected a separator or the end of the line after the closing quote";
      d.notes.emplace_back(R"(help: a quote inside a quoted field is written twice: "say ""hello""")");
      break;
    case ProblemKind::invalid_utf8:
      d.code = "E2011";
      d.message = fmt::format("invalid UTF-8 byte 0x{:02X}", static_cast<unsigned char>(*p.at));
      d.label = "expected UTF-8 text";
      d.notes.emplace_back("help: save the file as UTF-8 (it may be in a legacy encoding such as Windows-1251)");
      break;
    case ProblemKind::unterminated_quote:
      d.code = "E2012";
      d.message = "quoted field is never closed";
      d.label = "this quote opens a field that runs to the end of the file";
      d.notes.emplace_back("help: add the closing quote; a quote inside a quoted field is written twice");
      break;
    case ProblemKind::none: SANX_ASSERT(false && "a reported problem has a kind"); break;
  }
  diags.add(std::move(d));
}

CsvReader::CsvReader(const std::filesystem::path& path, std::string display_name, CsvOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->file.reset(std::fopen(path.c_str(), "rb"));
  if (!impl_->file) {
    throw IoError(fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
  }
  std::setvbuf(impl_->file.get(), nullptr, _IONBF, 0);  // reads are already in large blocks
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  impl_->size = ec ? 0 : size;
  impl_->display_name = std::move(display_name);
  impl_->options = options;
  impl_->capacity = kBlockSize;
  impl_->buffer = std::make_unique<char[]>(impl_->capacity + kPadding);
  for (const char c : {options.separator, '\n', '\r', '"'}) impl_->stop[static_cast<unsigned char>(c)] = true;
}

CsvReader::CsvReader() : impl_(std::make_unique<Impl>()) {}

CsvReader CsvReader::from_text(std::string text, std::string display_name, CsvOptions options) {
  CsvReader reader;
  Impl& m = *reader.impl_;
  m.display_name = std::move(display_name);
  m.options = options;
  m.size = text.size();
  // The whole text is the buffer, already at the end of the "file": refill is never called.
  m.capacity = text.size();
  m.buffer = std::make_unique<char[]>(m.capacity + kPadding);
  std::memcpy(m.buffer.get(), text.data(), text.size());
  m.end = text.size();
  m.eof = true;
  if (options.allow_trailing_sub && m.end > 0 && m.buffer[m.end - 1] == '\x1A') --m.end;
  if (m.end >= 3 && std::memcmp(m.buffer.get(), "\xEF\xBB\xBF", 3) == 0) m.pos = 3;
  m.buffer[m.end] = '\n';
  for (const char c : {options.separator, '\n', '\r', '"'}) m.stop[static_cast<unsigned char>(c)] = true;
  return reader;
}

CsvReader::~CsvReader() = default;
CsvReader::CsvReader(CsvReader&&) noexcept = default;
CsvReader& CsvReader::operator=(CsvReader&&) noexcept = default;

bool CsvReader::next(CsvRecord& record, core::Diagnostics& diags) {
  Impl& m = *impl_;
  while (!m.done) {
    if (m.pos == m.end) {
      if (m.eof) break;
      m.refill();
      continue;
    }
    switch (m.parse(record)) {
      case Outcome::record: return true;
      case Outcome::blank: continue;
      case Outcome::need_more: m.refill(); continue;
      case Outcome::malformed:
        m.report(m.problem, record.text.data() + record.text.size(), diags);
        continue;
      case Outcome::unterminated:
        m.report(m.problem, m.buffer.get() + m.end, diags);
        m.done = true;
        break;
    }
  }
  m.done = true;
  record.fields.clear();
  return false;
}

std::uint64_t CsvReader::bytes_read() const noexcept { return impl_->buffer_offset + impl_->pos; }
std::uint64_t CsvReader::file_size() const noexcept { return impl_->size; }
const std::string& CsvReader::display_name() const noexcept { return impl_->display_name; }

std::vector<std::pair<std::uint32_t, std::string>> read_lines(const std::filesystem::path& path,
                                                              std::vector<std::uint32_t> lines) {
  std::sort(lines.begin(), lines.end());
  lines.erase(std::unique(lines.begin(), lines.end()), lines.end());
  std::vector<std::pair<std::uint32_t, std::string>> out;
  if (lines.empty()) return out;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw IoError(fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
  std::uint32_t line = 1;
  std::size_t next = 0;
  std::string text;
  for (int c = std::fgetc(f.get()); next < lines.size(); c = std::fgetc(f.get())) {
    if (c == EOF || c == '\n') {
      if (line == lines[next]) {
        if (!text.empty() && text.back() == '\r') text.pop_back();
        out.emplace_back(line, text);
        ++next;
      }
      if (c == EOF) break;
      text.clear();
      ++line;
    } else if (line == lines[next]) {
      text += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace sanx::ingest
