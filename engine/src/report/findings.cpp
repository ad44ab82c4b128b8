// Findings as text, JSON lines and CSV.
#include "sanx/report/findings.hpp"

#include "sanx/core/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

namespace sanx::report {
namespace {

constexpr std::string_view kSeverities[] = {"critical", "high", "medium", "low", "info"};

std::string paint(std::string_view text, std::string_view code, bool color) {
  if (!color) return std::string(text);
  return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
}

std::string_view severity_color(std::string_view severity) {
  if (severity == "critical") return "1;31";
  if (severity == "high") return "31";
  if (severity == "medium") return "33";
  if (severity == "low") return "36";
  return "2";
}

/// Appends `s` as an RFC 4180 field: quoted (quotes doubled) only when it holds a comma, quote or line break.
void append_csv_field(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

int severity_rank(std::string_view severity) noexcept {
  for (std::size_t i = 0; i < std::size(kSeverities); ++i) {
    if (kSeverities[i] == severity) return static_cast<int>(i);
  }
  return static_cast<int>(std::size(kSeverities));
}

std::string render_text(const std::vector<eval::Finding>& findings, const TextOptions& options) {
  if (findings.empty()) return "no findings\n";
  // severity -> rule -> findings, rules in first-seen order within a severity.
  struct RuleGroup {
    std::string rule;
    std::string subject_kind;
    std::vector<const eval::Finding*> fired;
    std::vector<const eval::Finding*> undetermined;
  };
  std::map<int, std::vector<RuleGroup>> by_severity;
  for (const auto& f : findings) {
    auto& groups = by_severity[severity_rank(f.severity())];
    auto it = std::find_if(groups.begin(), groups.end(), [&](const RuleGroup& g) { return g.rule == f.rule(); });
    if (it == groups.end()) {
      groups.push_back({f.rule(), f.subject_kind(), {}, {}});
      it = groups.end() - 1;
    }
    (f.outcome == eval::Outcome::fired ? it->fired : it->undetermined).push_back(&f);
  }
  std::string out;
  for (const auto& [rank, groups] : by_severity) {
    const std::string_view severity =
        rank < static_cast<int>(std::size(kSeverities)) ? kSeverities[rank] : std::string_view("unknown");
    std::size_t total = 0;
    for (const auto& g : groups) total += g.fired.size() + g.undetermined.size();
    out += fmt::format("{}  {} finding{}\n", paint(fmt::format("{:<8}", severity), severity_color(severity), options.color),
                       total, total == 1 ? "" : "s");
    for (const auto& g : groups) {
      std::string counts = fmt::format("{}", g.fired.size());
      if (!g.undetermined.empty()) counts += fmt::format(" (+{} undetermined)", g.undetermined.size());
      out += fmt::format("  {:<48} {:>8}  {}\n", g.rule, counts, g.subject_kind);
      std::size_t shown = 0;
      for (const auto* list : {&g.fired, &g.undetermined}) {
        for (const auto* f : *list) {
          if (shown++ >= options.examples_per_rule) break;
          const std::string marker = f->outcome == eval::Outcome::undetermined
                                         ? fmt::format(" [undetermined: missing {}]", core::join(f->missing().to_vector(), ", "))
                                         : std::string();
          out += fmt::format("    {} {}  {}{}\n", f->subject(), f->date().empty() ? std::string_view("-") : f->date(), f->reason(), marker);
        }
      }
      const std::size_t all = g.fired.size() + g.undetermined.size();
      if (all > options.examples_per_rule && options.examples_per_rule > 0) {
        out += fmt::format("    … and {} more\n", all - options.examples_per_rule);
      }
    }
  }
  return out;
}

namespace {

/// The length of the well-formed UTF-8 sequence at p (its first byte not ASCII), 0 if ill-formed (overlong,
/// a surrogate, past U+10FFFF, cut short): nlohmann's serializer copies the former as it is.
std::size_t utf8_sequence(const char* p, const char* end) noexcept {
  const auto c = static_cast<unsigned char>(*p);
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (static_cast<std::size_t>(end - p) < len) return 0;
  const auto second = static_cast<unsigned char>(p[1]);
  if (second < lo || second > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if ((static_cast<unsigned char>(p[k]) & 0xC0) != 0x80) return 0;
  }
  return len;
}

/// The bytes a JSON string cannot copy as they are: controls, '"' and '\\' (escaped), and every byte of a
/// non-ASCII sequence (checked). One table lookup a byte in the copying loop instead of four comparisons:
/// writing the JSONL of a large audit is mostly this loop.
constexpr std::array<bool, 256> kNotPlain = [] {
  std::array<bool, 256> t{};
  for (std::size_t c = 0; c < 0x20; ++c) t[c] = true;
  for (std::size_t c = 0x80; c < 0x100; ++c) t[c] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}();

void append_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: {
      constexpr char kHex[] = "0123456789abcdef";
      const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out.append(escaped, sizeof escaped);
    }
  }
}

}  // namespace

namespace {

/// Whether any of the 8 bytes in `x` is one that kNotPlain marks. Each test flags a byte's high bit: a
/// borrow can flag bytes above a flagged one, never a byte when none is, so the answer is exact.
constexpr bool any_not_plain(std::uint64_t x) noexcept {
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  constexpr std::uint64_t kHigh = 0x8080808080808080u;
  const auto zero_byte = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  if ((x & kHigh) != 0) return true;                     // not ASCII
  return (((x - 0x20 * kOnes) & ~x & kHigh) != 0)        // a control (< 0x20)
         || zero_byte(x ^ ('"' * kOnes)) != 0 || zero_byte(x ^ ('\\' * kOnes)) != 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  const std::size_t start = out.size();
  out += '"';
  const char* p = s.data();
  const char* const end = p + s.size();
  const char* plain = p;  // the first byte not yet copied
  const char* bytewise = p;  // before it, bytes are looked at one at a time (a word there was not plain)
  while (p != end) {
    // Eight plain bytes at a time: names and identifiers are mostly plain ASCII.
    if (p >= bytewise && end - p >= 8) {
      std::uint64_t word = 0;
      std::memcpy(&word, p, sizeof word);
      if (!any_not_plain(word)) {
        p += 8;
        continue;
      }
      bytewise = p + 8;
    }
    if (!kNotPlain[static_cast<unsigned char>(*p)]) {
      ++p;
      continue;
    }
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x80) {
      const std::size_t len = utf8_sequence(p, end);
      if (len == 0) {
        // Rare: leave the replacement of bad bytes to the library, so the output stays what it always was.
        out.resize(start);
        out += nlohmann::ordered_json(std::string(s)).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        return;
      }
      p += len;
    } else {
      out.append(plain, p);
      append_escape(out, c);
      plain = ++p;
    }
  }
  out.append(plain, end);
  out += '"';
}

namespace {

/// `key` (JSON text, e.g. `,"date":`) then `value` as a JSON string.
void append_field(std::string& out, std::string_view key, std::string_view value) {
  out += key;
  append_json_string(out, value);
}

/// `items`: the header's strings or a finding's missing paths (views).
template <typename Items>
void append_string_array(std::string& out, const Items& items) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += ',';
    append_json_string(out, items[i]);
  }
  out += ']';
}

}  // namespace

void FindingJson::prepare(const eval::Finding& f) {
  header_ = f.shared_header();
  const eval::FindingRule& h = *header_;
  head_.clear();
  append_field(head_, "{\"rule\":", h.rule);
  append_field(head_, ",\"pattern\":", h.pattern);
  append_field(head_, ",\"severity\":", h.severity);
  kind_.clear();
  append_field(kind_, ",\"subject_kind\":", h.subject_kind);
  regimes_.assign(",\"regimes\":");
  append_string_array(regimes_, h.regimes);
  // Like a JSON object built key by key, a path given twice keeps its first place and its last value.
  keys_.clear();
  const std::vector<std::string>& paths = h.evidence;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (std::find(paths.begin(), paths.begin() + static_cast<std::ptrdiff_t>(i), paths[i]) !=
        paths.begin() + static_cast<std::ptrdiff_t>(i)) {
      continue;
    }
    std::size_t last = i;
    for (std::size_t j = i + 1; j < paths.size(); ++j) {
      if (paths[j] == paths[i]) last = j;
    }
    Key& key = keys_.emplace_back();
    if (keys_.size() > 1) key.json += ',';
    append_json_string(key.json, paths[i]);
    key.json += ':';
    key.value = static_cast<std::uint32_t>(last);
  }
}

void FindingJson::append_evidence(std::string& out, const eval::Finding& f) {
  if (f.shared_header() != header_) prepare(f);
  out += '{';
  if (!f.evidence().empty()) {
    for (const Key& key : keys_) {
      out += key.json;
      append_json_string(out, f.evidence_value(key.value));
    }
  }
  out += '}';
}

FindingJson::Span FindingJson::append_finding(std::string& out, const eval::Finding& f) {
  if (f.shared_header() != header_) prepare(f);
  out += head_;
  out += f.outcome == eval::Outcome::fired ? ",\"outcome\":\"fired\"" : ",\"outcome\":\"undetermined\"";
  out += kind_;
  append_field(out, ",\"subject\":", f.subject());
  append_field(out, ",\"date\":", f.date());
  append_field(out, ",\"reason\":", f.reason());
  out += regimes_;
  out += ",\"evidence\":";
  Span evidence;
  evidence.begin = out.size();
  append_evidence(out, f);
  evidence.end = out.size();
  out += ",\"missing\":";
  append_string_array(out, f.missing());
  append_field(out, ",\"source\":", f.source());
  out += '}';
  return evidence;
}

std::string evidence_json(const eval::Finding& f) {
  std::string out;
  FindingJson().append_evidence(out, f);
  return out;
}

std::string finding_json(const eval::Finding& f) {
  std::string out;
  FindingJson().append_finding(out, f);
  return out;
}

std::string render_jsonl(const std::vector<eval::Finding>& findings) {
  std::string out;
  FindingJson json;
  for (const auto& f : findings) {
    json.append_finding(out, f);
    out += '\n';
  }
  return out;
}

std::string render_csv(const std::vector<eval::Finding>& findings) {
  std::string out = "rule,pattern,severity,outcome,subject_kind,subject,date,reason,regimes,evidence,source\n";
  std::string joined;  // regimes or evidence before quoting, reused from finding to finding
  for (const auto& f : findings) {
    for (const std::string_view field : {std::string_view(f.rule()), std::string_view(f.pattern()),
                                         std::string_view(f.severity()),
                                         std::string_view(f.outcome == eval::Outcome::fired ? "fired" : "undetermined"),
                                         std::string_view(f.subject_kind()), f.subject(), f.date(), f.reason()}) {
      append_csv_field(out, field);
      out += ',';
    }
    joined.clear();  // as core::join: an empty leading part adds no separator
    for (const auto& r : f.regimes()) {
      if (!joined.empty()) joined += '|';
      joined += r;
    }
    append_csv_field(out, joined);
    out += ',';
    joined.clear();
    for (const auto& [path, value] : f.evidence()) {
      if (!joined.empty()) joined += "; ";
      joined.append(path).append(1, '=').append(value);
    }
    append_csv_field(out, joined);
    out += ',';
    append_csv_field(out, f.source());
    out += '\n';
  }
  return out;
}

}  // namespace sanx::report
