// Parsing rule files: splits a file into top-level declarations, parses each with the X3 grammar
// (grammar/, behind the std-only grammar/syntax.hpp), checks literals, builds the public AST with byte
// spans, and turns every problem into a diagnostic. Also loads packs of files and their imports.
//
// Error recovery: each declaration is parsed on its own. When one fails, parsing resumes at the next line
// whose first word is a top-level keyword (`namespace import const set rule`): those words are reserved and
// never occur inside a declaration, so this is where the next declaration must begin. A broken declaration
// gives exactly one syntax diagnostic; literal problems (E0012–E0014) in a declaration that parsed are
// all reported, since they do not disturb each other.
#include "sanx/dsl/parse.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "dsl/grammar/syntax.hpp"
#include "sanx/core/assert.hpp"

namespace sanx::dsl {

namespace {

namespace fs = std::filesystem;
using core::Severity;
using core::Span;
using grammar::Node;
using grammar::NodeKind;

/// Deepest nesting of brackets, and most prefix operators (`-`, `not`, `any`, `all`, `none`) in one
/// declaration, that the parser accepts. Each level is a few stack frames of the recursive-descent
/// parser; these limits keep any input far from exhausting the stack.
constexpr int kMaxNesting = 100;
constexpr int kMaxPrefixOperators = 256;

bool is_word_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

/// Skips whitespace and `#` comments, as the grammar's skipper does.
const char* skip_space(const char* p, const char* end) noexcept {
  while (p != end) {
    if (is_space(*p)) {
      ++p;
    } else if (*p == '#') {
      while (p != end && *p != '\n' && *p != '\r') ++p;
    } else {
      break;
    }
  }
  return p;
}

const char* word_end(const char* p, const char* end) noexcept {
  while (p != end && is_word_char(*p)) ++p;
  return p;
}

bool is_top_level_keyword(std::string_view word) noexcept {
  return word == "namespace" || word == "import" || word == "const" || word == "set" || word == "rule" ||
         word == "typology";
}

/// Just after the escape that starts at the backslash `p`: two bytes, or all of `\u{...}`.
const char* escape_end(const char* p, const char* end) noexcept {
  if (end - p >= 3 && p[1] == 'u' && p[2] == '{') {
    for (const char* q = p + 3; q != end && q - p < 12; ++q) {
      if (*q == '}') return q + 1;
    }
  }
  return end - p >= 2 ? p + 2 : end;
}

/// Length of the UTF-8 sequence starting at `p`, or 0 when it is not valid UTF-8.
std::size_t utf8_length(const char* p, const char* end) noexcept {
  const auto b = static_cast<unsigned char>(*p);
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if (b < 0x80) return 1;
  if ((b & 0xE0) == 0xC0) {
    n = 2;
    cp = b & 0x1Fu;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3;
    cp = b & 0x0Fu;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4;
    cp = b & 0x07u;
  } else {
    return 0;
  }
  if (static_cast<std::size_t>(end - p) < n) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3Fu);
  }
  const bool overlong = (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// Parses one file: state shared by the conversion functions below.
class FileParser {
 public:
  FileParser(const core::SourceMap& sources, core::FileId file)
      : sources_(sources), file_(file), text_(sources.text(file)), begin_(text_.data()),
        end_(text_.data() + text_.size()) {}

  ParseResult run() {
    result_.file.source = file_;
    const char* p = begin_;
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") p += 3;  // a UTF-8 byte order mark is not content
    p = skip_space(p, end_);
    while (p != end_) {
      const char* sync = next_item_start(p);
      if (!check_nesting(p, sync)) {
        p = sync;
        continue;
      }
      grammar::ItemParse parsed = grammar::parse_item(p, end_);
      if (!parsed.ok) {
        report_syntax_error(parsed.error, p);
        p = sync;
        continue;
      }
      add_item(parsed.item, p, parsed.end);
      p = skip_space(parsed.end, end_);
    }
    return std::move(result_);
  }

 private:
  // --- Spans and diagnostics -------------------------------------------------------------------------

  Span span(const char* b, const char* e) const {
    SANX_ASSERT(b != nullptr && e != nullptr && begin_ <= b && b <= e && e <= end_ && "node bytes lie in the file");
    return Span{file_, static_cast<std::uint32_t>(b - begin_), static_cast<std::uint32_t>(e - begin_)};
  }
  Span span(const Node& n) const { return span(n.begin, n.end); }

  core::Diagnostic& error(std::string code, std::string message, const Span& s, std::string label) {
    result_.diagnostics.add(sources_.diagnostic(Severity::error, std::move(code), std::move(message), s,
                                                std::move(label)));
    return result_.diagnostics.item(result_.diagnostics.size() - 1);
  }

  // --- Splitting --------------------------------------------------------------------------------------

  /// The start of the first line after the one holding `p` whose first word is a top-level keyword, or
  /// the end of the file. Strings and comments never span lines, so every line starts between tokens.
  const char* next_item_start(const char* p) const {
    while (true) {
      while (p != end_ && *p != '\n') ++p;
      if (p == end_) return end_;
      ++p;
      const char* q = p;
      while (q != end_ && (*q == ' ' || *q == '\t' || *q == '\r')) ++q;
      if (is_top_level_keyword(std::string_view(q, static_cast<std::size_t>(word_end(q, end_) - q)))) return q;
    }
  }

  /// E0016 when [p, last) nests brackets or prefix operators deeper than the parser allows.
  bool check_nesting(const char* p, const char* last) {
    int depth = 0;
    int prefix = 0;
    while (p != last) {
      const char c = *p;
      if (c == '"') {
        ++p;
        while (p != last && *p != '"' && *p != '\n') p = *p == '\\' ? escape_end(p, last) : p + 1;
        if (p != last) ++p;
        continue;
      }
      if (c == '#') {
        while (p != last && *p != '\n') ++p;
        continue;
      }
      if (is_word_char(c)) {
        const char* e = word_end(p, last);
        const std::string_view word(p, static_cast<std::size_t>(e - p));
        if (word == "not" || word == "any" || word == "all" || word == "none") ++prefix;
        if (prefix > kMaxPrefixOperators) return too_deep(p, e);
        p = e;
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        if (++depth > kMaxNesting) return too_deep(p, p + 1);
      } else if (c == ')' || c == ']' || c == '}') {
        depth = std::max(0, depth - 1);
      } else if (c == '-' && ++prefix > kMaxPrefixOperators) {
        return too_deep(p, p + 1);
      }
      ++p;
    }
    return true;
  }

  bool too_deep(const char* b, const char* e) {
    error("E0016", "expression nested too deeply", span(b, e),
          fmt::format("more than {} levels of brackets or {} prefix operators", kMaxNesting, kMaxPrefixOperators));
    return false;
  }

  // --- Syntax errors ----------------------------------------------------------------------------------

  /// `rule NAME` at the start of an item: the name, for "expected `}` to close rule `NAME`".
  std::string rule_name_at(const char* item) const {
    const char* p = skip_space(item, end_);
    const char* e = word_end(p, end_);
    if (std::string_view(p, static_cast<std::size_t>(e - p)) != "rule") return {};
    p = skip_space(e, end_);
    return std::string(p, word_end(p, end_));
  }

  /// The opening quote of the string that is still open at `where` (strings never span lines).
  const char* open_quote_before(const char* where) const {
    const char* p = where;
    while (p != begin_ && p[-1] != '\n') --p;
    const char* open = nullptr;
    while (p < where) {
      if (open == nullptr) {
        if (*p == '#') break;
        if (*p == '"') open = p;
        ++p;
      } else if (*p == '\\') {
        p += 2;
      } else {
        if (*p == '"') open = nullptr;
        ++p;
      }
    }
    return open != nullptr ? open : where;
  }

  /// What stands at `p`, for "found ...", and how many bytes it covers.
  std::pair<std::string, std::size_t> describe(const char* p) const {
    if (p == end_) return {"end of file", 0};
    if (is_word_char(*p)) {
      const char* e = word_end(p, end_);
      return {fmt::format("`{}`", std::string_view(p, static_cast<std::size_t>(e - p))),
              static_cast<std::size_t>(e - p)};
    }
    if (*p == '"') return {"a string", 1};
    if (end_ - p >= 2 && p[1] == '=' && (*p == '=' || *p == '!' || *p == '<' || *p == '>')) {
      return {fmt::format("`{}`", std::string_view(p, 2)), 2};
    }
    return {fmt::format("`{}`", *p), 1};
  }

  /// Characters that can start a token (or a comment); anything else is E0015.
  bool starts_token(const char* p) const {
    const char c = *p;
    if (is_word_char(c) || is_space(c)) return true;
    if (c == '!') return end_ - p >= 2 && p[1] == '=';
    return std::string_view("\"#{}[](),.:=<>+-*/").find(c) != std::string_view::npos;
  }

  void report_unexpected_character(const char* p) {
    const std::size_t n = utf8_length(p, end_);
    const auto byte = static_cast<unsigned char>(*p);
    std::string shown;
    if (n == 0) {
      shown = fmt::format("byte 0x{:02X}", byte);
    } else if (n == 1 && (byte < 0x20 || byte == 0x7F)) {
      shown = fmt::format("character U+{:04X}", byte);
    } else {
      shown = fmt::format("character `{}`", std::string_view(p, n));
    }
    auto& d = error("E0015", fmt::format("unexpected {}", shown), span(p, p + std::max<std::size_t>(n, 1)),
                    "not part of any token");
    const std::string_view rest(p, static_cast<std::size_t>(end_ - p));
    if (rest.substr(0, 2) == "&&" || (n == 1 && *p == '&')) d.notes.push_back("help: use `and`");
    if (rest.substr(0, 2) == "||" || (n == 1 && *p == '|')) d.notes.push_back("help: use `or`");
    if (n == 1 && *p == '!') d.notes.push_back("help: use `not`, or `!=` for \"not equal\"");
    if (n == 1 && *p == '\'') d.notes.push_back("help: strings are written in double quotes: \"...\"");
  }

  /// Turns a grammar failure into E0010, E0011 or E0015. `item` is where the declaration began.
  void report_syntax_error(const grammar::SyntaxError& e, const char* item) {
    SANX_ASSERT(e.where != nullptr && "a failed parse says where");
    if (e.expected == grammar::kExpectedStringEnd) {
      const char* open = open_quote_before(e.where);
      const char* line_end = open;
      while (line_end != end_ && *line_end != '\n' && *line_end != '\r') ++line_end;
      error("E0011", "unterminated string", span(open, line_end), "this string is not closed on its line");
      return;
    }
    const char* p = skip_space(e.where, end_);
    if (p != end_ && !starts_token(p)) {
      report_unexpected_character(p);
      return;
    }
    std::string expected = e.expected;
    if (expected == grammar::kExpectedRuleEnd) {
      if (const std::string name = rule_name_at(item); !name.empty()) expected += fmt::format(" `{}`", name);
    }
    const auto [found, length] = describe(p);
    // At the end of the file, point just after the last token rather than at an empty last line.
    const Span at = p == end_ ? span(e.where, e.where) : span(p, p + length);
    error("E0010", fmt::format("expected {}, found {}", expected, found), at, "expected " + expected);
  }

  // --- Literals -----------------------------------------------------------------------------------------

  /// Decodes the escapes of a string's raw bytes [b, e); E0014 for each bad one.
  std::string unescape(const char* b, const char* e) {
    std::string out;
    out.reserve(static_cast<std::size_t>(e - b));
    for (const char* p = b; p != e;) {
      if (*p != '\\') {
        out += *p++;
        continue;
      }
      const char* esc = p;
      if (p + 1 == e) {  // cannot happen: the grammar consumes a character after every backslash
        ++p;
        continue;
      }
      const char c = p[1];
      p += 2;
      if (c == '"' || c == '\\') {
        out += c;
      } else if (c == 'n') {
        out += '\n';
      } else if (c == 't') {
        out += '\t';
      } else if (c == 'u') {
        std::uint32_t cp = 0;
        bool ok = p != e && *p == '{';
        const char* q = ok ? p + 1 : p;
        int digits = 0;
        while (ok && q != e && *q != '}') {
          const char h = *q;
          const int v = (h >= '0' && h <= '9') ? h - '0'
                        : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                        : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                                 : -1;
          if (v < 0 || ++digits > 6) {
            ok = false;
            break;
          }
          cp = cp * 16 + static_cast<std::uint32_t>(v);
          ++q;
        }
        ok = ok && q != e && *q == '}' && digits > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
        if (ok) {
          append_utf8(out, cp);
          p = q + 1;
        } else {
          // Cover the `{...}` part when there is one on this string, so the carets show what was meant.
          const char* shown_end = p;
          if (p != e && *p == '{') {
            shown_end = p + 1;
            while (shown_end != e && *shown_end != '}' && shown_end - p < 10) ++shown_end;
            if (shown_end != e && *shown_end == '}') ++shown_end;
          }
          bad_escape(esc, shown_end, "expected `\\u{XXXX}` with 1 to 6 hex digits naming a Unicode scalar value");
          p = shown_end;
        }
      } else {
        const std::size_t n = std::max<std::size_t>(utf8_length(p - 1, e), 1);
        bad_escape(esc, p - 1 + n, "unknown escape");
        p = p - 1 + n;
      }
    }
    return out;
  }

  void bad_escape(const char* b, const char* e, std::string label) {
    auto& d = error("E0014", fmt::format("invalid escape `{}` in a string", std::string_view(b, static_cast<std::size_t>(e - b))),
                    span(b, e), std::move(label));
    d.notes.push_back("help: the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{XXXX}`");
  }

  void bad_number(const Node& n, std::string label) {
    auto& d = error("E0013", fmt::format("invalid number `{}`", n.text), span(n), std::move(label));
    d.notes.push_back("help: numbers are written `42` or `12.5`, percents `50%`, durations `90d`, `3w`, `18mo` or `2y`");
  }

  /// A literal from a number, date, string or boolean node, checking it (E0012, E0013, E0014).
  ast::Literal literal(const Node& n) {
    ast::Literal lit;
    switch (n.kind) {
      case NodeKind::boolean:
        lit.kind = ast::LiteralKind::boolean;
        lit.boolean = n.op != 0;
        break;
      case NodeKind::string:
        lit.kind = ast::LiteralKind::string;
        lit.string = unescape(n.begin + 1, n.end - 1);
        break;
      case NodeKind::date: {
        lit.kind = ast::LiteralKind::date;
        const auto date = core::Date::parse_iso(n.text);
        if (date && date->is_full() && n.text.size() == 10) {
          lit.date = *date;
        } else {
          error("E0012", fmt::format("invalid date `{}`", n.text), span(n),
                n.text.size() == 10 ? "not a day of the calendar" : "expected a date YYYY-MM-DD");
        }
        break;
      }
      case NodeKind::number:
        number(n, lit);
        break;
      default:
        SANX_ASSERT(false && "a literal node");
    }
    return lit;
  }

  void number(const Node& n, ast::Literal& lit) {
    const std::string_view text = n.text;
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    const std::string_view whole = text.substr(0, digits);
    std::string_view rest = text.substr(digits);
    std::size_t fraction = 0;
    if (!rest.empty() && rest[0] == '.') {
      while (fraction + 1 < rest.size() && rest[fraction + 1] >= '0' && rest[fraction + 1] <= '9') ++fraction;
      ++fraction;  // the dot
    }
    const std::string_view number_part = text.substr(0, digits + fraction);
    rest = text.substr(digits + fraction);

    if (rest.empty() && fraction == 0) {
      lit.kind = ast::LiteralKind::integer;
      const auto [ptr, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), lit.integer);
      if (ec != std::errc() || ptr != whole.data() + whole.size()) bad_number(n, "too large for an integer");
      return;
    }
    if (rest.empty() || rest == "%") {
      lit.kind = rest.empty() ? ast::LiteralKind::decimal : ast::LiteralKind::percent;
      if (const auto d = core::Decimal::parse(number_part)) {
        lit.decimal = *d;
      } else {
        bad_number(n, "more than 18 significant digits");
      }
      return;
    }
    if (fraction == 0 && (rest == "d" || rest == "w" || rest == "mo" || rest == "y")) {
      lit.kind = ast::LiteralKind::duration;
      std::int64_t count = 0;
      const auto [ptr, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), count);
      const std::int64_t factor = rest == "w" ? 7 : rest == "y" ? 12 : 1;
      if (ec != std::errc() || ptr != whole.data() + whole.size() ||
          count > std::numeric_limits<std::int32_t>::max() / factor) {
        bad_number(n, "too large for a duration");
        return;
      }
      const auto value = static_cast<std::int32_t>(count * factor);
      if (rest == "d" || rest == "w") {
        lit.duration.days = value;
      } else {
        lit.duration.months = value;
      }
      return;
    }
    lit.kind = fraction == 0 ? ast::LiteralKind::integer : ast::LiteralKind::decimal;
    bad_number(n, fraction != 0 && (rest == "d" || rest == "w" || rest == "mo" || rest == "y")
                      ? "a duration is a whole number of days, weeks, months or years"
                      : "not a number, percent or duration");
  }

  // --- Expressions ------------------------------------------------------------------------------------

  ast::Identifier identifier(const Node& n) const { return ast::Identifier{n.text, span(n)}; }
  ast::Identifier name_of(const Node& n) const { return ast::Identifier{n.text, span(n.name_begin, n.name_end)}; }

  ast::ExprPtr expr(const Node& n) {
    auto e = std::make_unique<ast::Expr>();
    e->span = span(n);
    auto operands = [&] {
      for (const Node& c : n.children) e->operands.push_back(expr(c));
    };
    switch (n.kind) {
      case NodeKind::boolean:
      case NodeKind::string:
      case NodeKind::number:
      case NodeKind::date:
        e->kind = ast::ExprKind::literal;
        e->literal = literal(n);
        break;
      case NodeKind::name:
        e->kind = ast::ExprKind::name;
        e->name = identifier(n);
        break;
      case NodeKind::field:
        e->kind = ast::ExprKind::field;
        e->name = name_of(n);
        operands();
        break;
      case NodeKind::call:
        e->kind = ast::ExprKind::call;
        e->name = name_of(n);
        operands();
        break;
      case NodeKind::unary:
        e->kind = ast::ExprKind::unary;
        e->unary_op = static_cast<ast::UnaryOp>(n.op);
        operands();
        break;
      case NodeKind::binary:
        e->kind = ast::ExprKind::binary;
        e->binary_op = static_cast<ast::BinaryOp>(n.op);
        operands();
        break;
      case NodeKind::is_missing:
        e->kind = ast::ExprKind::is_missing;
        e->negated = n.negated;
        operands();
        break;
      case NodeKind::quantifier:
        e->kind = ast::ExprKind::quantifier;
        e->quantifier = static_cast<ast::QuantifierKind>(n.op);
        e->name = name_of(n);
        operands();
        break;
      case NodeKind::window: {
        e->kind = ast::ExprKind::window;
        e->name = name_of(n);
        auto w = std::make_unique<ast::Window>();
        w->aggregate = static_cast<ast::AggregateKind>(n.op);
        w->subject_kind = identifier(n.children.at(0));
        w->length = literal(n.children.at(2));
        w->length_span = span(n.children.at(2));
        if (const Node& far = n.children.at(3); far.kind != NodeKind::none) {
          w->far = literal(far);
          w->far_span = span(far);
        }
        const std::string& direction = n.children.at(4).text;
        w->direction = direction == "after"    ? ast::WindowDirection::after
                       : direction == "around" ? ast::WindowDirection::around
                                               : ast::WindowDirection::before;
        e->window = std::move(w);
        e->operands.push_back(expr(n.children.at(1)));
        if (n.children.size() > 5) e->operands.push_back(expr(n.children.at(5)));
        break;
      }
      case NodeKind::set_literal:
        e->kind = ast::ExprKind::set_literal;
        operands();
        break;
      case NodeKind::list_literal:
        e->kind = ast::ExprKind::list_literal;
        operands();
        break;
      case NodeKind::none:
      case NodeKind::table:
        SANX_ASSERT(false && "the grammar puts no such node in an expression");
    }
    return e;
  }

  ast::MetaValue meta_value(const Node& n) {
    ast::MetaValue v;
    v.span = span(n);
    if (n.kind == NodeKind::name) {
      v.kind = ast::MetaValue::Kind::word;
      v.word = identifier(n);
    } else if (n.kind == NodeKind::list_literal) {
      v.kind = ast::MetaValue::Kind::list;
      for (const Node& c : n.children) v.items.push_back(meta_value(c));
    } else {
      v.kind = ast::MetaValue::Kind::literal;
      v.literal = literal(n);
    }
    return v;
  }

  // --- Reason templates -------------------------------------------------------------------------------

  /// Splits a reason string into text and `{expression}` parts; `{{` and `}}` are literal braces.
  std::vector<ast::TemplatePart> reason(const Node& n) {
    std::vector<ast::TemplatePart> parts;
    const char* const b = n.begin + 1;
    const char* const e = n.end - 1;
    const char* text_begin = b;
    auto flush = [&](const char* upto) {
      if (upto != text_begin) {
        ast::TemplatePart part;
        // Escapes are decoded per part; the part's raw bytes are contiguous except for doubled braces.
        part.text = unescape_template_text(text_begin, upto);
        part.span = span(text_begin, upto);
        parts.push_back(std::move(part));
      }
    };
    const char* p = b;
    while (p != e) {
      if (*p == '\\') {
        p = escape_end(p, e);
        continue;
      }
      if (*p == '}') {
        if (p + 1 != e && p[1] == '}') {
          p += 2;
          continue;
        }
        error("E0010", "expected `}}` for a literal `}`, found `}`", span(p, p + 1), "expected `}}` for a literal `}`");
        return parts;
      }
      if (*p != '{') {
        ++p;
        continue;
      }
      if (p + 1 != e && p[1] == '{') {
        p += 2;
        continue;
      }
      flush(p);
      const char* close = p + 1;
      int depth = 0;
      while (close != e && !(*close == '}' && depth == 0)) {
        if (*close == '{') ++depth;
        if (*close == '}') --depth;
        ++close;
      }
      if (close == e) {
        error("E0010", fmt::format("expected {}, found the end of the string", grammar::kExpectedInterpolationEnd),
              span(e, e + 1), fmt::format("expected {}", grammar::kExpectedInterpolationEnd));
        return parts;
      }
      grammar::ExpressionParse parsed = grammar::parse_expression(p + 1, close);
      if (!parsed.ok) {
        report_interpolation_error(parsed.error, close);
        return parts;
      }
      ast::TemplatePart part;
      part.expr = expr(parsed.expr);
      part.span = span(p, close + 1);
      parts.push_back(std::move(part));
      p = close + 1;
      text_begin = p;
    }
    flush(e);
    return parts;
  }

  /// A syntax error inside `{...}`: the expression ends at the closing brace, not the end of the file.
  void report_interpolation_error(const grammar::SyntaxError& e, const char* close) {
    const char* p = skip_space(e.where, close);
    if (p != close && !starts_token(p)) {
      report_unexpected_character(p);
      return;
    }
    auto [found, length] = describe(p);
    if (p == close) found = "`}`";
    if (p == close) length = 1;
    length = std::min<std::size_t>(length, static_cast<std::size_t>(close - p) + (p == close ? 1 : 0));
    const std::string expected = e.expected.empty() ? "an expression" : e.expected;
    error("E0010", fmt::format("expected {}, found {}", expected, found), span(p, p + length), "expected " + expected);
  }

  std::string unescape_template_text(const char* b, const char* e) {
    // Undouble braces first, then decode escapes, keeping escape positions exact for E0014.
    std::string out;
    const char* run = b;
    for (const char* p = b; p != e;) {
      if (*p == '\\') {
        p = escape_end(p, e);
      } else if ((*p == '{' || *p == '}') && p + 1 != e && p[1] == *p) {
        out += unescape(run, p + 1);
        p += 2;
        run = p;
      } else {
        ++p;
      }
    }
    out += unescape(run, e);
    return out;
  }

  // --- Declarations -----------------------------------------------------------------------------------

  void add_item(const grammar::Item& item, const char* b, const char* e) {
    const char* start = skip_space(b, e);
    const Span whole = span(start, e);
    switch (item.kind) {
      case grammar::ItemKind::namespace_decl:
        if (!result_.file.namespace_name) result_.file.namespace_name = identifier(item.node);
        break;
      case grammar::ItemKind::import_decl:
        result_.file.imports.push_back(
            ast::ImportDecl{unescape(item.node.begin + 1, item.node.end - 1), span(item.node)});
        break;
      case grammar::ItemKind::const_decl: {
        ast::ConstDecl c;
        c.name = identifier(item.const_decl.name);
        c.value = expr(item.const_decl.value);
        c.span = whole;
        result_.file.consts.push_back(std::move(c));
        break;
      }
      case grammar::ItemKind::set_decl: {
        const grammar::SetDecl& d = item.set_decl;
        ast::SetDecl s;
        s.name = identifier(d.name);
        if (d.element_type.kind != NodeKind::none) s.element_type = identifier(d.element_type);
        s.span = whole;
        if (d.source.kind == NodeKind::table) {
          const Node& path = d.source.children.at(0);
          ast::TableSource t;
          t.path = unescape(path.begin + 1, path.end - 1);
          t.path_span = span(path);
          t.column = identifier(d.source.children.at(1));
          if (d.source.children.size() > 2) t.where = expr(d.source.children[2]);
          s.table = std::move(t);
        } else {
          for (const Node& c : d.source.children) s.elements.push_back(expr(c));
        }
        result_.file.sets.push_back(std::move(s));
        break;
      }
      case grammar::ItemKind::rule_decl: {
        const grammar::RuleDecl& d = item.rule_decl;
        ast::RuleDecl r;
        r.name = identifier(d.name);
        r.span = whole;
        for (const auto& m : d.meta) r.meta.push_back(ast::MetaEntry{identifier(m.key), meta_value(m.value)});
        r.subject_kind = identifier(d.subject_kind);
        r.subject = identifier(d.subject);
        for (const auto& l : d.lets) r.lets.push_back(ast::LetBinding{identifier(l.name), expr(l.value)});
        r.when = expr(d.when);
        if (d.reason.kind == NodeKind::string) {
          r.reason_span = span(d.reason);
          r.reason = reason(d.reason);
        }
        result_.file.rules.push_back(std::move(r));
        break;
      }
      case grammar::ItemKind::typology_decl: add_typology(item.typology_decl, whole); break;
    }
  }

  void add_typology(const grammar::TypologyDecl& d, const Span& whole) {
    ast::TypologyDecl t;
    t.name = identifier(d.name);
    t.span = whole;
    for (const auto& m : d.meta) t.meta.push_back(ast::MetaEntry{identifier(m.key), meta_value(m.value)});
    t.subject_kind = identifier(d.subject_kind);
    for (const auto& w : d.weights) {
      ast::TypologyWeight weight;
      weight.span = span(w.rule);
      const std::string& text = w.rule.text;
      if (const auto dot = text.find('.'); dot != std::string::npos) {
        weight.namespace_name = ast::Identifier{text.substr(0, dot), span(w.rule.begin, w.rule.begin + dot)};
        weight.rule = ast::Identifier{text.substr(dot + 1), span(w.rule.begin + dot + 1, w.rule.end)};
      } else {
        weight.rule = identifier(w.rule);
      }
      weight.weight = literal(w.value);
      weight.weight_span = span(w.value);
      t.weights.push_back(std::move(weight));
    }
    for (const auto& b : d.bands) {
      ast::TypologyBand band;
      band.low = literal(b.low);
      band.low_span = span(b.low);
      if (b.high.kind != NodeKind::none) {
        band.high = literal(b.high);
        band.high_span = span(b.high);
      } else {
        // `..` sits between the comma after low and the closing parenthesis.
        const char* p = b.low.end;
        while (p != end_ && *p != '.') ++p;
        band.high_span = span(p, std::min(p + 2, end_));
      }
      band.outcome = identifier(b.outcome);
      const char* open = b.low.begin;
      while (open != begin_ && *open != '[') --open;
      band.span = span(open, b.outcome.end);
      t.bands.push_back(std::move(band));
    }
    result_.file.typologies.push_back(std::move(t));
  }

  const core::SourceMap& sources_;
  core::FileId file_;
  std::string_view text_;
  const char* begin_;
  const char* end_;
  ParseResult result_;
};

// --- Packs ----------------------------------------------------------------------------------------------

class PackLoader {
 public:
  explicit PackLoader(core::Diagnostics& diags) : diags_(diags) {}

  void root(const fs::path& root) {
    std::error_code ec;
    const auto status = fs::status(root, ec);
    if (ec || !fs::exists(status)) {
      whole_file("E0001", fmt::format("rule pack root `{}` does not exist", root.generic_string()), root);
      return;
    }
    if (!fs::is_directory(status)) {
      file(root);
      return;
    }
    std::vector<fs::path> files;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      std::error_code type_ec;
      if (it->path().extension() == ".rules" && it->is_regular_file(type_ec)) files.push_back(it->path());
    }
    if (ec) whole_file("E0002", fmt::format("cannot read folder `{}`: {}", root.generic_string(), ec.message()), root);
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
    for (const auto& f : files) file(f);
  }

  Pack take() { return std::move(pack_); }

 private:
  void whole_file(std::string code, std::string message, const fs::path& path) {
    core::Diagnostic d;
    d.severity = Severity::error;
    d.code = std::move(code);
    d.message = std::move(message);
    d.where.file = path.lexically_normal().generic_string();
    diags_.add(std::move(d));
  }

  /// Loads `path` unless it is already in the pack, then the files it imports.
  void file(const fs::path& path) {
    std::error_code ec;
    fs::path key = fs::weakly_canonical(path, ec);
    if (ec) key = fs::absolute(path, ec).lexically_normal();
    if (!seen_.insert(key.generic_string()).second) return;

    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad()) {
      whole_file("E0002", fmt::format("cannot read `{}`", path.lexically_normal().generic_string()), path);
      return;
    }
    const core::FileId id = pack_.sources.add(path.lexically_normal().generic_string(), text.str());
    ParseResult parsed = parse(pack_.sources, id);
    diags_.append(parsed.diagnostics);
    const std::vector<ast::ImportDecl> imports = parsed.file.imports;
    pack_.files.push_back(std::move(parsed.file));

    for (const auto& import : imports) {
      const fs::path target = (path.parent_path() / import.path).lexically_normal();
      std::error_code status_ec;
      if (!fs::is_regular_file(target, status_ec)) {
        diags_.add(pack_.sources.diagnostic(Severity::error, "E0003", fmt::format("import `{}` not found", import.path),
                                            import.span, fmt::format("no file at `{}`", target.generic_string())));
        continue;
      }
      file(target);
    }
  }

  core::Diagnostics& diags_;
  Pack pack_;
  std::set<std::string> seen_;
};

}  // namespace

ParseResult parse(const core::SourceMap& sources, core::FileId file) { return FileParser(sources, file).run(); }

Pack load_pack(const std::vector<std::filesystem::path>& roots, core::Diagnostics& diags) {
  PackLoader loader(diags);
  for (const auto& root : roots) loader.root(root);
  return loader.take();
}

}  // namespace sanx::dsl
