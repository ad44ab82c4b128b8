// The canonical CSV reader: header → column map, then one check-and-build function per file kind.
//
// Hot path (a payments file has millions of rows): one model object per kind is reused for every row so
// its strings and vectors keep their capacity; lists are walked in place instead of split into vectors;
// positions are computed only when a diagnostic is made; duplicate ids go into an arena-backed IdIndex;
// answers about BICs and entity references are cached per distinct value. docs/perf/ingest.md has the
// measurements.
#include "sanx/ingest/canonical.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstring>
#include <span>
#include <string>
#include <utility>

#include "ingest/id_index.hpp"
#include "sanx/core/assert.hpp"
#include "sanx/core/country.hpp"
#include "sanx/core/text.hpp"
#include "sanx/ingest/csv.hpp"

namespace sanx::ingest {
namespace {

using model::FileKind;

constexpr std::uint64_t kProgressBytes = 64 * 1024;
constexpr std::int64_t kProgressRows = 10'000;
constexpr std::size_t kMaxBicWarnings = 10;
constexpr std::int64_t kSizingRows = 8192;  // rows read before sizing the duplicate index for the file

// Column slots of each kind, in canonical order (model::canonical_columns).
enum EntityCol : std::size_t { e_id, e_kind, e_name, e_aliases, e_country, e_identifiers, e_birth_date,
                               e_incorporated, e_address, e_sectors, e_web_presence, e_phones, e_count };
enum RelationCol : std::size_t { r_source, r_target, r_kind, r_share, r_basis, r_start, r_end, r_count };
enum DesignationCol : std::size_t { d_entity, d_regime, d_list, d_programs, d_listed_from, d_listed_to, d_count };
enum PaymentCol : std::size_t { p_id, p_date, p_originator, p_beneficiary, p_originator_bic, p_beneficiary_bic,
                                p_intermediary_bics, p_network, p_currency, p_amount, p_purpose, p_ordering_bic,
                                p_reference, p_channel, p_count };
enum ShipmentCol : std::size_t { s_id, s_date, s_exporter, s_consignee, s_end_user, s_hs_code, s_description,
                                 s_value, s_currency, s_origin, s_destination, s_route, s_mode, s_vessel,
                                 s_notify_party, s_contract, s_contract_date, s_no_russia_clause, s_loading_port,
                                 s_discharge_port, s_quantity, s_unit, s_count };

/// The columns a file of this kind must have (their values may still be optional).
std::span<const std::string_view> required_columns(FileKind k) noexcept {
  static constexpr std::string_view kEntities[] = {"id", "kind", "name"};
  static constexpr std::string_view kRelations[] = {"source", "target", "kind"};
  static constexpr std::string_view kDesignations[] = {"entity", "regime", "list"};
  static constexpr std::string_view kPayments[] = {"id",      "date",     "originator", "beneficiary",
                                                   "network", "currency", "amount"};
  static constexpr std::string_view kShipments[] = {"id",      "date",   "exporter",
                                                    "consignee", "hs_code", "origin", "destination"};
  switch (k) {
    case FileKind::entities: return kEntities;
    case FileKind::relations: return kRelations;
    case FileKind::designations: return kDesignations;
    case FileKind::payments: return kPayments;
    case FileKind::shipments: return kShipments;
  }
  return {};
}

/// Space, tab and the line breaks a quoted multi-line value may carry around its parts.
bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::size_t leading_blanks(std::string_view s) noexcept {
  std::size_t n = 0;
  while (n < s.size() && is_blank(s[n])) ++n;
  return n;
}

/// Calls f(part, offset) for each non-empty, trimmed `|`-separated part of `text`; offset is the
/// part's byte offset in `text`. Allocates nothing.
template <typename F>
void for_each_part(std::string_view text, F&& f) {
  std::size_t start = 0;
  for (;;) {
    std::size_t bar = text.find('|', start);
    if (bar == std::string_view::npos) bar = text.size();
    std::string_view part = text.substr(start, bar - start);
    const std::size_t lead = leading_blanks(part);
    part = trim(part);
    if (!part.empty()) f(part, start + lead);
    if (bar == text.size()) break;
    start = bar + 1;
  }
}

/// A value for a message: at most 60 bytes, cut at a code-point boundary.
std::string shown(std::string_view s) {
  if (s.size() <= 60) return std::string(s);
  std::size_t cut = 57;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0U) == 0x80U) --cut;
  return fmt::format("{}...", s.substr(0, cut));
}

std::uint32_t to_u32(std::size_t n) noexcept {
  return n > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<std::uint32_t>(n);
}

template <typename Enum, std::size_t N>
std::string allowed_words(const std::array<Enum, N>& values) {
  std::string out;
  for (const Enum v : values) {
    if (!out.empty()) out += ", ";
    out += model::to_string(v);
  }
  return out;
}

constexpr std::array kEntityKinds = {model::EntityKind::person, model::EntityKind::company,
                                     model::EntityKind::organization, model::EntityKind::bank,
                                     model::EntityKind::vessel, model::EntityKind::aircraft};
constexpr std::array kRelationKinds = {model::RelationKind::ownership, model::RelationKind::control,
                                       model::RelationKind::director, model::RelationKind::family,
                                       model::RelationKind::associate, model::RelationKind::branch};
constexpr std::array kNetworks = {model::Network::swift, model::Network::spfs,    model::Network::sepam,
                                  model::Network::cips,  model::Network::mir,     model::Network::shetab,
                                  model::Network::sepa,  model::Network::fedwire, model::Network::chaps,
                                  model::Network::card,  model::Network::book,    model::Network::other};
constexpr std::array kChannels = {model::Channel::transfer, model::Channel::atm, model::Channel::pos,
                                  model::Channel::ecom};
constexpr std::array kWebPresences = {model::WebPresence::none, model::WebPresence::thin, model::WebPresence::normal};
constexpr std::array kModes = {model::TransportMode::sea, model::TransportMode::rail, model::TransportMode::road,
                               model::TransportMode::air};

bool is_basis_word(std::string_view s) noexcept {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

/// A trimmed value and where it was written.
struct Cell {
  std::string_view text;
  std::string_view column;            // canonical column name
  const CsvField* field = nullptr;    // nullptr when the file has no such column
  std::size_t lead = 0;               // bytes trimmed off the front of field->text

  [[nodiscard]] bool empty() const noexcept { return text.empty(); }
};

/// Remembers a small answer (1..255; 0 means unseen) for short strings: payments and shipments files
/// name a few thousand banks and parties a million times, and each uncached check is a binary search,
/// a virtual call and a node-based hash-table lookup. Open addressing with the key inline (at most 23
/// bytes; longer strings are not cached) and probes bounded to kProbes slots: when those are all taken
/// by other keys, the home slot is overwritten, so the cache never grows past its 32-byte slots.
template <int kSlotBits>
class ShortKeyCache {
 public:
  template <typename Compute>
  std::uint8_t get(std::string_view s, Compute&& compute) {
    if (s.size() > 23) return compute();
    Slot probe{};
    std::memcpy(probe.key, s.data(), s.size());
    probe.key[2] |= std::uint64_t{s.size()} << 56;  // the length, so that "A" and "A\0" differ
    const std::uint64_t mixed =
        (probe.key[0] ^ (probe.key[1] * 0xC2B2AE3D27D4EB4FULL) ^ (probe.key[2] * 0x165667B19E3779F9ULL)) *
        0x9E3779B97F4A7C15ULL;
    const auto home = static_cast<std::size_t>(mixed >> (64 - kSlotBits));
    constexpr std::size_t kMask = (std::size_t{1} << kSlotBits) - 1;
    Slot* target = &slots_[home];
    for (std::size_t n = 0; n < kProbes; ++n) {
      Slot& slot = slots_[(home + n) & kMask];
      if (slot.value == 0) {
        target = &slot;
        break;
      }
      if (slot.key[0] == probe.key[0] && slot.key[1] == probe.key[1] && slot.key[2] == probe.key[2]) {
        return slot.value;
      }
    }
    probe.value = compute();
    *target = probe;
    return probe.value;
  }

 private:
  static constexpr std::size_t kProbes = 8;
  struct Slot {
    std::uint64_t key[3];
    std::uint8_t value;
  };
  std::vector<Slot> slots_ = std::vector<Slot>(std::size_t{1} << kSlotBits);  // 32 bytes each
};

// Answers cached per BIC (payments only: the resolver's answers do not change while a payments file is
// read, since only entities files add banks).
enum BicState : std::uint8_t { bic_invalid = 1, bic_unknown, bic_known };
// Answers cached per entity id, in files that reference entities but add none: 1 = no such entity,
// 2 + kind otherwise.
constexpr std::uint8_t kNoEntity = 1;

/// Assigns the parts of a `|` list to `out`, reusing its strings' capacity.
void assign_list(std::vector<std::string>& out, std::string_view text) {
  std::size_t n = 0;
  for_each_part(text, [&](std::string_view part, std::size_t) {
    if (n == out.size()) out.emplace_back();
    out[n++].assign(part);
  });
  out.resize(n);
}

class FileReader {
 public:
  FileReader(const model::DataFile& file, RowSink& sink, const Resolver& resolver, core::Diagnostics& diags,
             const ReadOptions& options)
      : file_(file),
        sink_(sink),
        resolver_(resolver),
        diags_(diags),
        options_(options),
        name_(file.name.empty() ? file.path.filename().string() : file.name),
        // Diagnostics point at the file as the user can open it: the path as given, relative or absolute.
        display_(file.path.empty() ? name_ : file.path.generic_string()),
        csv_(file.path, display_),
        errors_before_(diags.error_count()),
        first_diagnostic_(diags.size()) {}

  ReadReport run();

 private:
  // --- header ---
  bool read_header();
  [[nodiscard]] std::string mapped_note(std::string_view canonical) const;

  // --- rows ---
  void row();
  void entity_row();
  void relation_row();
  void designation_row();
  void payment_row();
  void shipment_row();

  [[nodiscard]] Cell cell(std::size_t slot) const {
    const int ix = slots_[slot];
    const std::string_view name = columns_[slot];
    if (ix < 0) return {{}, name, nullptr, 0};
    const CsvField& f = record_.fields[static_cast<std::size_t>(ix)];
    const std::size_t lead = leading_blanks(f.text);
    std::string_view text = f.text.substr(lead);
    while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
    return {text, name, &f, lead};
  }

  // --- value checks: each returns false after reporting the problem ---
  bool require(const Cell& c);
  bool check_entity_ref(const Cell& c, std::optional<model::EntityKind>* kind = nullptr);
  bool parse_date(const Cell& c, bool full, std::optional<core::Date>& out);
  bool parse_decimal(const Cell& c, std::optional<core::Decimal>& out);
  bool check_country(const Cell& c, std::string_view code, std::size_t offset);
  bool check_countries(const Cell& c);
  bool check_currency(const Cell& c);
  bool check_bic(const Cell& c, std::string_view bic, std::size_t offset);
  void check_end_after_start(const Cell& end_cell, const std::optional<core::Date>& start,
                             const std::optional<core::Date>& end, std::string_view start_column);
  /// Starts the duplicate check of a row's id (hashes it and prefetches its slot); finish_unique()
  /// completes it once the rest of the row has been checked, by which time the slot is in cache.
  std::uint64_t start_unique(const Cell& id) const;
  bool finish_unique(const Cell& id, std::uint64_t hash);
  /// Related labels that point back at earlier lines of this file ("first defined here") get their
  /// line's text, read again from the file: only rows with errors pay for this.
  void fill_related_source_lines();

  // --- diagnostics ---
  /// A diagnostic pointing at `part` (a piece of c.text at byte `offset`), or at the whole value.
  core::Diagnostic at(const Cell& c, std::string_view code, std::string message, std::string label,
                      std::size_t offset = 0, std::string_view part = {}) const;
  void add(core::Diagnostic d) { diags_.add(std::move(d)); }
  [[nodiscard]] std::size_t errors() const noexcept { return diags_.error_count() - errors_before_; }
  [[nodiscard]] bool clean() const noexcept { return errors() == 0; }
  /// max_errors 0 means no limit.
  [[nodiscard]] bool too_many_errors() const noexcept {
    return options_.max_errors != 0 && errors() >= options_.max_errors;
  }

  const model::DataFile& file_;
  RowSink& sink_;
  const Resolver& resolver_;
  core::Diagnostics& diags_;
  const ReadOptions& options_;
  std::string name_;     ///< as named in dataset.toml, for messages and provenance
  std::string display_;  ///< path for diagnostic locations
  CsvReader csv_;
  CsvRecord record_;
  std::size_t errors_before_;
  std::size_t first_diagnostic_;  ///< index of this file's first diagnostic in diags_

  std::vector<std::string_view> columns_;  // canonical columns of the kind
  std::vector<int> slots_;                 // canonical slot -> field index in a record, -1 if absent
  std::size_t field_count_ = 0;            // fields in the header

  ReadReport report_;
  IdIndex ids_;
  std::size_t bic_warnings_ = 0;
  ShortKeyCache<14> bic_cache_;     // 512 KiB
  ShortKeyCache<15> entity_cache_;  // 1 MiB
  bool row_ok_ = true;  // no error in the current row

  model::Entity entity_;
  model::Relation relation_;
  model::Designation designation_;
  model::Payment payment_;
  model::Shipment shipment_;
};

core::Diagnostic FileReader::at(const Cell& c, std::string_view code, std::string message, std::string label,
                                std::size_t offset, std::string_view part) const {
  core::Diagnostic d;
  d.severity = code.front() == 'W' ? core::Severity::warning : core::Severity::error;
  d.code = std::string(code);
  d.message = std::move(message);
  d.label = std::move(label);
  d.where.file = display_;
  if (c.field == nullptr) {  // a column the file does not have: point at the row
    d.where.line = record_.line;
    d.where.column = 1;
    d.where.length = 1;
    d.source_line = std::string(record_.source_line);
    return d;
  }
  const CsvField& f = *c.field;
  if (part.empty() && offset == 0) part = c.text;
  const std::string_view before = f.text.substr(0, std::min(f.text.size(), c.lead + offset));
  std::uint32_t line = f.line;
  std::uint32_t column = f.column + (f.quoted ? 1 : 0);
  const std::size_t last_break = before.rfind('\n');
  if (last_break != std::string_view::npos) {  // inside a quoted value that spans lines
    line += to_u32(static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')));
    column = to_u32(core::count_code_points(before.substr(last_break + 1)) + 1);
  } else {
    column += to_u32(core::count_code_points(before));
  }
  d.where.line = line;
  d.where.column = column;
  d.where.length = std::max<std::uint32_t>(1, to_u32(core::count_code_points(part.substr(0, part.find('\n')))));
  d.source_line = std::string(line == record_.line ? record_.source_line : record_.line_text(line));
  return d;
}

std::string FileReader::mapped_note(std::string_view canonical) const {
  for (const auto& [from, to] : file_.columns) {
    if (from == canonical) return fmt::format(" (mapped from `{}` in dataset.toml)", to);
  }
  return {};
}

bool FileReader::read_header() {
  const std::size_t errors_at_start = diags_.error_count();
  const bool got = csv_.next(record_, diags_);
  if (diags_.error_count() != errors_at_start) return false;  // the header itself was malformed
  if (!got) {
    core::Diagnostic d;
    d.code = "E2022";
    d.message = fmt::format("data file `{}` is empty", name_);
    d.where.file = display_;
    d.label = fmt::format("expected a header row: {}", fmt::join(columns_, ","));
    d.notes.push_back(fmt::format("note: a {} file starts with a header row naming its columns",
                                  model::to_string(file_.kind)));
    add(std::move(d));
    return false;
  }

  field_count_ = record_.fields.size();
  slots_.assign(columns_.size(), -1);
  bool ok = true;
  std::vector<std::size_t> first_cell(columns_.size(), 0);  // field index where each slot was set
  for (std::size_t i = 0; i < record_.fields.size(); ++i) {
    const CsvField& f = record_.fields[i];
    const Cell c{trim(f.text), {}, &f, leading_blanks(f.text)};
    // The manifest's mapping first: canonical <- file column.
    std::string_view canonical;
    bool mapped = false;
    for (const auto& [to, from] : file_.columns) {
      if (from == c.text) {
        canonical = to;
        mapped = true;
        break;
      }
    }
    if (!mapped) canonical = c.text;
    // Columns the manifest lists under `ignore_columns` are a bank export's extras: skipped on purpose.
    if (!mapped && std::find(file_.ignored_columns.begin(), file_.ignored_columns.end(), c.text) !=
                       file_.ignored_columns.end()) {
      continue;
    }
    const auto it = std::find(columns_.begin(), columns_.end(), canonical);
    if (c.text.empty()) {
      add(at(c, "E2008", "empty column name in the header",
             fmt::format("expected one of: {}", fmt::join(columns_, ", "))));
      ok = false;
      continue;
    }
    if (it == columns_.end()) {
      auto d = at(c, "E2008",
                  mapped ? fmt::format("column `{}` is mapped to `{}`, which is not a column of a {} file", c.text,
                                       canonical, model::to_string(file_.kind))
                         : fmt::format("unknown column `{}` in a {} file", shown(c.text), model::to_string(file_.kind)),
                  fmt::format("expected one of: {}", fmt::join(columns_, ", ")));
      d.notes.emplace_back(
          "help: rename the column, or map it onto a canonical column in the file's `columns` table in "
          "dataset.toml");
      add(std::move(d));
      ok = false;
      continue;
    }
    const auto slot = static_cast<std::size_t>(it - columns_.begin());
    if (slots_[slot] >= 0) {
      auto d = at(c, "E2008", fmt::format("column `{}` appears twice{}", canonical, mapped_note(canonical)),
                  "appears again here");
      const CsvField& first = record_.fields[first_cell[slot]];
      const std::string_view first_text = trim(first.text);
      core::Label related;
      related.where = {display_, first.line,
                       first.column + (first.quoted ? 1 : 0) + to_u32(leading_blanks(first.text)),
                       std::max<std::uint32_t>(1, to_u32(core::count_code_points(first_text)))};
      related.message = "first here";
      related.source_line = std::string(record_.line_text(first.line));
      d.related.push_back(std::move(related));
      add(std::move(d));
      ok = false;
      continue;
    }
    slots_[slot] = static_cast<int>(i);
    first_cell[slot] = i;
  }

  std::string present;
  for (const CsvField& f : record_.fields) {
    if (!present.empty()) present += ", ";
    present += trim(f.text);
  }
  for (const std::string_view required : required_columns(file_.kind)) {
    const auto slot = static_cast<std::size_t>(std::find(columns_.begin(), columns_.end(), required) - columns_.begin());
    SANX_ASSERT(slot < columns_.size() && "required columns are canonical columns");
    if (slots_[slot] >= 0) continue;
    core::Diagnostic d;
    d.code = "E2008";
    d.message = fmt::format("missing required column `{}`{}", required, mapped_note(required));
    d.where = {display_, record_.line, 1, std::max<std::uint32_t>(1, to_u32(core::count_code_points(record_.source_line)))};
    d.source_line = std::string(record_.source_line);
    d.label = fmt::format("the header has: {}", present);
    d.notes.push_back(fmt::format("note: a {} file needs the columns {}", model::to_string(file_.kind),
                                  fmt::join(required_columns(file_.kind), ", ")));
    add(std::move(d));
    ok = false;
  }
  return ok;
}

ReadReport FileReader::run() {
  columns_ = model::canonical_columns(file_.kind);
  if (!read_header()) return report_;

  std::uint64_t last_progress_bytes = 0;
  std::int64_t rows_since_progress = 0;
  const std::uint64_t total = csv_.file_size();
  while (csv_.next(record_, diags_)) {
    if (too_many_errors()) break;
    row();
    if (report_.rows == kSizingRows && ids_.size() == kSizingRows) {
      // Size the duplicate index for the whole file from the rows so far, once, instead of doubling it
      // a dozen times on a file of millions of rows.
      const double per_row = static_cast<double>(csv_.bytes_read()) / static_cast<double>(kSizingRows);
      const auto expected = static_cast<std::size_t>(static_cast<double>(total) / per_row * 1.1);
      ids_.reserve(expected, expected * (ids_.bytes() / ids_.size() + 1));
    }
    if (options_.progress) {
      const std::uint64_t done = csv_.bytes_read();
      if (done - last_progress_bytes >= kProgressBytes || ++rows_since_progress >= kProgressRows) {
        options_.progress(done, total);
        last_progress_bytes = done;
        rows_since_progress = 0;
      }
    }
    if (too_many_errors()) break;
  }
  if (too_many_errors()) {
    core::Diagnostic d;
    d.severity = core::Severity::note;
    d.message = fmt::format("stopped checking `{}` after {} errors", name_, errors());
    d.where.file = display_;
    d.where.line = record_.line;
    add(std::move(d));
  }
  if (report_.unknown_bics > static_cast<std::int64_t>(bic_warnings_)) {
    core::Diagnostic d;
    d.severity = core::Severity::note;
    d.code = "W2101";
    d.message = fmt::format("{} more BICs in `{}` name no bank entity (only the first {} are shown)",
                            report_.unknown_bics - static_cast<std::int64_t>(bic_warnings_), name_, kMaxBicWarnings);
    d.where.file = display_;
    add(std::move(d));
  }
  if (options_.progress) options_.progress(csv_.bytes_read(), total);
  fill_related_source_lines();
  return report_;
}

void FileReader::row() {
  row_ok_ = true;
  if (record_.fields.size() != field_count_) {
    const std::size_t found = record_.fields.size();
    core::Diagnostic d;
    d.code = "E2001";
    d.message = fmt::format("expected {} fields as in the header, found {}", field_count_, found);
    d.where.file = display_;
    if (found > field_count_) {
      const CsvField& extra = record_.fields[field_count_];
      const std::string_view line = record_.line_text(extra.line);
      d.where.line = extra.line;
      d.where.column = extra.column;
      d.where.length = std::max<std::uint32_t>(1, to_u32(core::count_code_points(line)) + 1 - extra.column);
      d.source_line = std::string(line);
      d.label = fmt::format("{} field{} too many", found - field_count_, found - field_count_ == 1 ? "" : "s");
    } else {
      // The end of the record's last physical line.
      const auto last_line = record_.line + to_u32(static_cast<std::size_t>(
                                                std::count(record_.text.begin(), record_.text.end(), '\n')));
      const std::string_view line = record_.line_text(last_line);
      d.where.line = last_line;
      d.where.column = to_u32(core::count_code_points(line)) + 1;
      d.where.length = 1;
      d.source_line = std::string(line);
      d.label = fmt::format("expected {} more field{}", field_count_ - found, field_count_ - found == 1 ? "" : "s");
    }
    d.notes.emplace_back("help: a value that contains a comma must be in double quotes");
    add(std::move(d));
    return;
  }
  switch (file_.kind) {
    case FileKind::entities: entity_row(); break;
    case FileKind::relations: relation_row(); break;
    case FileKind::designations: designation_row(); break;
    case FileKind::payments: payment_row(); break;
    case FileKind::shipments: shipment_row(); break;
  }
}

// --- value checks ---

bool FileReader::require(const Cell& c) {
  if (!c.empty()) return true;
  add(at(c, "E2015", fmt::format("missing value in required column `{}`", c.column),
         fmt::format("expected a value for `{}`", c.column)));
  row_ok_ = false;
  return false;
}

bool FileReader::check_entity_ref(const Cell& c, std::optional<model::EntityKind>* kind) {
  // Entities files reference no entities, so no file that calls this adds any: answers can be cached.
  const std::uint8_t cached = entity_cache_.get(c.text, [&]() -> std::uint8_t {
    const auto k = resolver_.entity_kind(c.text);
    return k ? static_cast<std::uint8_t>(2 + static_cast<int>(*k)) : kNoEntity;
  });
  const std::optional<model::EntityKind> found =
      cached == kNoEntity ? std::nullopt : std::optional(static_cast<model::EntityKind>(cached - 2));
  if (kind != nullptr) *kind = found;
  if (found) return true;
  auto d = at(c, "E2004", fmt::format("unknown entity `{}` in column `{}`", shown(c.text), c.column),
              "expected the id of an entity in this dataset or the database");
  d.notes.emplace_back("help: entities files are imported first; check the id's spelling and prefix");
  add(std::move(d));
  row_ok_ = false;
  return false;
}

bool FileReader::parse_date(const Cell& c, bool full, std::optional<core::Date>& out) {
  out.reset();
  if (c.empty()) return true;
  auto date = core::Date::parse_iso(c.text);
  if (date && (!full || date->is_full())) {
    out = *date;
    return true;
  }
  add(at(c, "E2002", fmt::format("invalid date `{}` in column `{}`", shown(c.text), c.column),
         full ? "expected a date YYYY-MM-DD" : "expected a date YYYY[-MM[-DD]]"));
  row_ok_ = false;
  return false;
}

bool FileReader::parse_decimal(const Cell& c, std::optional<core::Decimal>& out) {
  out.reset();
  if (c.empty()) return true;
  if (auto value = core::Decimal::parse(c.text)) {
    out = *value;
    return true;
  }
  auto d = at(c, "E2003", fmt::format("invalid number `{}` in column `{}`", shown(c.text), c.column),
              "expected a decimal number such as 1250 or 12.5");
  if (c.text.back() == '%') {
    d.notes.emplace_back("help: write the percentage without `%`");
  } else if (c.text.find(',') != std::string_view::npos || c.text.find(' ') != std::string_view::npos) {
    d.notes.emplace_back("help: write numbers without thousands separators, with `.` as the decimal point");
  }
  add(std::move(d));
  row_ok_ = false;
  return false;
}

bool FileReader::check_country(const Cell& c, std::string_view code, std::size_t offset) {
  if (core::is_country_code(code)) return true;
  auto d = at(c, "E2010", fmt::format("invalid country `{}` in column `{}`", shown(code), c.column),
              "expected an ISO 3166-1 alpha-2 code such as RU", offset, code);
  const std::string upper = core::to_upper_ascii(code);
  if (upper != code && core::is_country_code(upper)) d.notes.push_back(fmt::format("help: write `{}`", upper));
  add(std::move(d));
  row_ok_ = false;
  return false;
}

bool FileReader::check_countries(const Cell& c) {
  bool ok = true;
  for_each_part(c.text, [&](std::string_view part, std::size_t offset) { ok = check_country(c, part, offset) && ok; });
  return ok;
}

bool FileReader::check_currency(const Cell& c) {
  if (c.empty() || model::is_currency_code(c.text)) return true;
  auto d = at(c, "E2020", fmt::format("invalid currency `{}` in column `{}`", shown(c.text), c.column),
              "expected an ISO 4217 code such as USD");
  const std::string upper = core::to_upper_ascii(c.text);
  if (upper != c.text && model::is_currency_code(upper)) d.notes.push_back(fmt::format("help: write `{}`", upper));
  add(std::move(d));
  row_ok_ = false;
  return false;
}

bool FileReader::check_bic(const Cell& c, std::string_view bic, std::size_t offset) {
  std::uint8_t state = bic_known;
  if (file_.kind == FileKind::payments) {
    state = bic_cache_.get(bic, [&]() -> std::uint8_t {
      if (!model::is_valid_bic(bic)) return bic_invalid;
      return resolver_.bic_known(bic) ? bic_known : bic_unknown;
    });
  } else if (!model::is_valid_bic(bic)) {
    state = bic_invalid;
  }
  if (state == bic_invalid) {
    add(at(c, "E2016", fmt::format("invalid BIC `{}` in column `{}`", shown(bic), c.column),
           "expected a BIC of 8 or 11 characters such as VTBRRUMM", offset, bic));
    row_ok_ = false;
    return false;
  }
  if (state == bic_unknown) {
    ++report_.unknown_bics;
    if (bic_warnings_ < kMaxBicWarnings) {
      ++bic_warnings_;
      auto d = at(c, "W2101", fmt::format("BIC `{}` in column `{}` names no bank entity", bic, c.column),
                  "no bank entity has this BIC", offset, bic);
      d.notes.push_back(fmt::format(
          "note: the BIC's country ({}) is still used; add the bank with `bic:{}` to an entities file to screen it",
          model::bic_country(bic), bic));
      add(std::move(d));
    }
  }
  return true;
}

void FileReader::check_end_after_start(const Cell& end_cell, const std::optional<core::Date>& start,
                                       const std::optional<core::Date>& end, std::string_view start_column) {
  // Partial dates are ranges: only an end that lies wholly before the start is certainly wrong.
  if (!start || !end || !(end->latest() < start->earliest())) return;
  add(at(end_cell, "E2017",
         fmt::format("`{}` {} is before `{}` {}", end_cell.column, end->to_string(), start_column, start->to_string()),
         fmt::format("expected a date after `{}`", start_column)));
  row_ok_ = false;
}

std::uint64_t FileReader::start_unique(const Cell& id) const {
  const std::uint64_t hash = IdIndex::hash(id.text);
  ids_.prefetch(hash);
  return hash;
}

bool FileReader::finish_unique(const Cell& id, std::uint64_t hash) {
  if (id.empty()) return true;  // reported as missing already
  const CsvField& f = *id.field;
  const std::uint32_t column = f.column + (f.quoted ? 1 : 0) + to_u32(id.lead);
  const IdIndex::Seen first = ids_.insert(id.text, hash, f.line, column);
  if (first.line == 0) return true;
  auto d = at(id, "E2005", fmt::format("duplicate id `{}` in column `{}`", shown(id.text), id.column),
              "defined again here");
  core::Label related;
  related.where = {display_, first.line, first.column, d.where.length};
  related.message = "first defined here";
  d.related.push_back(std::move(related));
  add(std::move(d));
  row_ok_ = false;
  return false;
}

// --- rows ---

void FileReader::entity_row() {
  model::Entity& e = entity_;
  const Cell id = cell(e_id);
  std::uint64_t id_hash = 0;
  if (require(id)) {
    e.id.assign(id.text);
    id_hash = start_unique(id);
  }

  const Cell kind = cell(e_kind);
  if (require(kind)) {
    if (auto k = model::parse_entity_kind(kind.text)) {
      e.kind = *k;
    } else {
      add(at(kind, "E2009", fmt::format("unknown entity kind `{}` in column `kind`", shown(kind.text)),
             fmt::format("expected one of: {}", allowed_words(kEntityKinds))));
      row_ok_ = false;
    }
  }

  const Cell name = cell(e_name);
  const Cell aliases = cell(e_aliases);
  std::size_t names = 0;
  auto add_name = [&](std::string_view text, model::NameKind k) {
    if (names == e.names.size()) e.names.emplace_back();
    model::Name& n = e.names[names++];
    n.text.assign(text);
    n.kind = k;
    n.script = model::detect_script(text);
  };
  if (require(name)) add_name(name.text, model::NameKind::primary);
  for_each_part(aliases.text, [&](std::string_view part, std::size_t) {
    model::NameKind k = model::NameKind::aka;
    const std::size_t colon = part.find(':');
    if (colon != std::string_view::npos) {
      const std::string_view prefix = part.substr(0, colon);
      if (prefix == "aka" || prefix == "fka" || prefix == "weak") {
        k = *model::parse_name_kind(prefix);
        part = trim(part.substr(colon + 1));
      }
    }
    if (!part.empty()) add_name(part, k);
  });
  e.names.resize(names);

  const Cell country = cell(e_country);
  check_countries(country);
  assign_list(e.countries, country.text);

  const Cell identifiers = cell(e_identifiers);
  std::size_t ids = 0;
  for_each_part(identifiers.text, [&](std::string_view part, std::size_t offset) {
    auto parsed = model::parse_identifier(part);
    if (!parsed) {
      add(at(identifiers, "E2016", fmt::format("invalid identifier `{}` in column `identifiers`", shown(part)),
             "expected `scheme:value`, e.g. `bic:VTBRRUMM` or `imo:9354521`", offset, part));
      row_ok_ = false;
      return;
    }
    if (parsed->scheme == "bic") {
      const std::size_t value_offset = offset + part.rfind(parsed->value);
      if (!check_bic(identifiers, parsed->value, value_offset)) return;
    }
    if (ids == e.identifiers.size()) e.identifiers.emplace_back();
    e.identifiers[ids++] = std::move(*parsed);
  });
  e.identifiers.resize(ids);

  parse_date(cell(e_birth_date), false, e.birth_date);
  parse_date(cell(e_incorporated), false, e.incorporated);
  assign_list(e.addresses, cell(e_address).text);

  const Cell sectors = cell(e_sectors);
  for_each_part(sectors.text, [&](std::string_view part, std::size_t offset) {
    if (model::is_sector_word(part)) return;
    add(at(sectors, "E2009", fmt::format("invalid sector `{}` in column `sectors`", shown(part)),
           "expected a lower-case word such as general_trading or ru.manufacturing", offset, part));
    row_ok_ = false;
  });
  assign_list(e.sectors, sectors.text);

  const Cell web = cell(e_web_presence);
  e.web_presence.reset();
  if (!web.empty()) {
    if (auto w = model::parse_web_presence(web.text)) {
      e.web_presence = *w;
    } else {
      add(at(web, "E2009", fmt::format("unknown web presence `{}` in column `web_presence`", shown(web.text)),
             fmt::format("expected one of: {}", allowed_words(kWebPresences))));
      row_ok_ = false;
    }
  }

  const Cell phones = cell(e_phones);
  std::size_t phone_count = 0;
  for_each_part(phones.text, [&](std::string_view part, std::size_t offset) {
    auto phone = model::normalize_phone(part);
    if (!phone) {
      auto d = at(phones, "E2023", fmt::format("invalid phone number `{}` in column `phones`", shown(part)),
                  "expected an international number such as +971 4 555-0101", offset, part);
      d.notes.emplace_back(
          "help: start with `+` or `00` and the country code; spaces, `-`, `.`, `/` and parentheses may separate "
          "7 to 15 digits");
      add(std::move(d));
      row_ok_ = false;
      return;
    }
    if (phone_count == e.phones.size()) e.phones.emplace_back();
    e.phones[phone_count++] = std::move(*phone);
  });
  e.phones.resize(phone_count);
  finish_unique(id, id_hash);

  if (!row_ok_) return;
  ++report_.rows;
  if (!clean()) return;
  if (!sink_.entity(e, record_.line)) {
    auto d = at(id, "E2005", fmt::format("entity id `{}` is already in the database", shown(id.text)),
                "already in the database");
    d.notes.emplace_back("help: ids are unique across datasets; give each dataset's ids its own prefix");
    add(std::move(d));
    --report_.rows;
  }
}

void FileReader::relation_row() {
  model::Relation& r = relation_;
  const Cell source = cell(r_source);
  if (require(source) && check_entity_ref(source)) r.source.assign(source.text);
  const Cell target = cell(r_target);
  if (require(target) && check_entity_ref(target)) r.target.assign(target.text);

  const Cell kind = cell(r_kind);
  bool kind_ok = false;
  if (require(kind)) {
    if (auto k = model::parse_relation_kind(kind.text)) {
      r.kind = *k;
      kind_ok = true;
    } else {
      add(at(kind, "E2009", fmt::format("unknown relation kind `{}` in column `kind`", shown(kind.text)),
             fmt::format("expected one of: {}", allowed_words(kRelationKinds))));
      row_ok_ = false;
    }
  }

  const Cell share = cell(r_share);
  if (parse_decimal(share, r.share) && r.share) {
    if (r.share->is_negative() || *r.share > core::Decimal::from_int(100)) {
      add(at(share, "E2017", fmt::format("share `{}` in column `share` is outside 0–100", shown(share.text)),
             "expected a percentage from 0 to 100"));
      row_ok_ = false;
    } else if (kind_ok && r.kind != model::RelationKind::ownership) {
      add(at(share, "E2017",
             fmt::format("a share is given for a `{}` relation; shares belong to ownership only",
                         model::to_string(r.kind)),
             "expected an empty value"));
      row_ok_ = false;
    }
  }

  const Cell basis = cell(r_basis);
  if (!basis.empty() && !is_basis_word(basis.text)) {
    add(at(basis, "E2009", fmt::format("invalid basis `{}` in column `basis`", shown(basis.text)),
           "expected a lower-case word such as board_majority, voting_agreement or nominee"));
    row_ok_ = false;
  } else if (!basis.empty() && kind_ok && r.kind == model::RelationKind::branch) {
    // A branch is its head office, not a party it controls: a basis would suggest a control test applies.
    add(at(basis, "E2017", "a basis is given for a `branch` relation; a branch is part of its head office",
           "expected an empty value"));
    row_ok_ = false;
  }
  r.basis.assign(basis.text);

  const Cell start = cell(r_start);
  const Cell end = cell(r_end);
  const bool dates_ok = parse_date(start, false, r.start) & parse_date(end, false, r.end);
  if (dates_ok) check_end_after_start(end, r.start, r.end, "start");

  if (!row_ok_) return;
  ++report_.rows;
  if (clean()) sink_.relation(r, record_.line);
}

void FileReader::designation_row() {
  model::Designation& d = designation_;
  const Cell entity = cell(d_entity);
  if (require(entity) && check_entity_ref(entity)) d.entity.assign(entity.text);
  const Cell regime = cell(d_regime);
  if (require(regime)) {
    d.regime.assign(regime.text);
    for (char& ch : d.regime) {
      if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    }
  }
  const Cell list = cell(d_list);
  if (require(list)) d.list.assign(list.text);
  assign_list(d.programs, cell(d_programs).text);
  const Cell from = cell(d_listed_from);
  const Cell to = cell(d_listed_to);
  if (parse_date(from, false, d.listed_from) & parse_date(to, false, d.listed_to)) {
    check_end_after_start(to, d.listed_from, d.listed_to, "listed_from");
  }
  d.measures.clear();
  d.source_ref = fmt::format("{}:{}", name_, record_.line);

  if (!row_ok_) return;
  ++report_.rows;
  if (clean()) sink_.designation(d, record_.line);
}

void FileReader::payment_row() {
  model::Payment& p = payment_;
  const Cell id = cell(p_id);
  std::uint64_t id_hash = 0;
  if (require(id)) {
    p.id.assign(id.text);
    id_hash = start_unique(id);
  }
  const Cell date = cell(p_date);
  std::optional<core::Date> day;
  if (require(date) && parse_date(date, true, day)) p.date = *day;

  const Cell originator = cell(p_originator);
  if (require(originator) && check_entity_ref(originator)) p.originator.assign(originator.text);
  const Cell beneficiary = cell(p_beneficiary);
  if (require(beneficiary) && check_entity_ref(beneficiary)) p.beneficiary.assign(beneficiary.text);

  const Cell originator_bic = cell(p_originator_bic);
  if (!originator_bic.empty()) check_bic(originator_bic, originator_bic.text, 0);
  p.originator_bic.assign(originator_bic.text);
  const Cell beneficiary_bic = cell(p_beneficiary_bic);
  if (!beneficiary_bic.empty()) check_bic(beneficiary_bic, beneficiary_bic.text, 0);
  p.beneficiary_bic.assign(beneficiary_bic.text);
  const Cell intermediaries = cell(p_intermediary_bics);
  for_each_part(intermediaries.text,
                [&](std::string_view bic, std::size_t offset) { check_bic(intermediaries, bic, offset); });
  assign_list(p.intermediary_bics, intermediaries.text);

  const Cell network = cell(p_network);
  if (require(network)) {
    if (auto n = model::parse_network(network.text)) {
      p.network = *n;
    } else {
      add(at(network, "E2009", fmt::format("unknown network `{}` in column `network`", shown(network.text)),
             fmt::format("expected one of: {}", allowed_words(kNetworks))));
      row_ok_ = false;
    }
  }

  const Cell currency = cell(p_currency);
  if (require(currency) && check_currency(currency)) p.currency.assign(currency.text);

  const Cell amount = cell(p_amount);
  std::optional<core::Decimal> value;
  if (require(amount) && parse_decimal(amount, value)) {
    if (value->is_negative() || value->is_zero()) {
      add(at(amount, "E2017", fmt::format("amount `{}` in column `amount` is not positive", shown(amount.text)),
             "expected an amount greater than zero"));
      row_ok_ = false;
    } else {
      p.amount = *value;
    }
  }
  p.purpose.assign(cell(p_purpose).text);

  const Cell ordering_bic = cell(p_ordering_bic);
  if (!ordering_bic.empty()) check_bic(ordering_bic, ordering_bic.text, 0);
  p.ordering_bic.assign(ordering_bic.text);
  p.reference.assign(cell(p_reference).text);
  const Cell channel = cell(p_channel);
  p.channel = model::Channel::transfer;
  if (!channel.empty()) {
    if (auto c = model::parse_channel(channel.text)) {
      p.channel = *c;
    } else {
      add(at(channel, "E2009", fmt::format("unknown channel `{}` in column `channel`", shown(channel.text)),
             fmt::format("expected one of: {} (empty means transfer)", allowed_words(kChannels))));
      row_ok_ = false;
    }
  }
  finish_unique(id, id_hash);

  if (!row_ok_) return;
  ++report_.rows;
  if (!clean()) return;
  if (!sink_.payment(p, record_.line)) {
    add(at(id, "E2005", fmt::format("payment id `{}` is already in the database", shown(id.text)),
           "already in the database"));
    --report_.rows;
  }
}

void FileReader::shipment_row() {
  model::Shipment& s = shipment_;
  const Cell id = cell(s_id);
  std::uint64_t id_hash = 0;
  if (require(id)) {
    s.id.assign(id.text);
    id_hash = start_unique(id);
  }
  const Cell date = cell(s_date);
  std::optional<core::Date> day;
  if (require(date) && parse_date(date, true, day)) s.date = *day;

  const Cell exporter = cell(s_exporter);
  if (require(exporter) && check_entity_ref(exporter)) s.exporter.assign(exporter.text);
  const Cell consignee = cell(s_consignee);
  if (require(consignee) && check_entity_ref(consignee)) s.consignee.assign(consignee.text);
  const Cell end_user = cell(s_end_user);
  if (!end_user.empty()) check_entity_ref(end_user);
  s.end_user.assign(end_user.text);

  const Cell hs = cell(s_hs_code);
  s.hs_code.clear();
  if (require(hs)) {
    bool digits_only = true;
    for (const char c : hs.text) {
      if (c == '.' || c == ' ') continue;
      if (c < '0' || c > '9') digits_only = false;
      s.hs_code.push_back(c);
    }
    if (!digits_only || s.hs_code.size() < 4 || s.hs_code.size() > 10) {
      add(at(hs, "E2021", fmt::format("invalid HS code `{}` in column `hs_code`", shown(hs.text)),
             "expected 4 to 10 digits, e.g. 8542.31 or 854231"));
      row_ok_ = false;
    }
  }
  s.description.assign(cell(s_description).text);

  const Cell value = cell(s_value);
  if (parse_decimal(value, s.value) && s.value && s.value->is_negative()) {
    add(at(value, "E2017", fmt::format("value `{}` in column `value` is negative", shown(value.text)),
           "expected a value of zero or more"));
    row_ok_ = false;
  }
  const Cell currency = cell(s_currency);
  check_currency(currency);
  s.currency.assign(currency.text);

  const Cell origin = cell(s_origin);
  if (require(origin)) check_country(origin, origin.text, 0);
  s.origin.assign(origin.text);
  const Cell destination = cell(s_destination);
  if (require(destination)) check_country(destination, destination.text, 0);
  s.destination.assign(destination.text);
  const Cell route = cell(s_route);
  check_countries(route);
  assign_list(s.route, route.text);

  const Cell mode = cell(s_mode);
  s.mode.reset();
  if (!mode.empty()) {
    if (auto m = model::parse_transport_mode(mode.text)) {
      s.mode = *m;
    } else {
      add(at(mode, "E2009", fmt::format("unknown transport mode `{}` in column `mode`", shown(mode.text)),
             fmt::format("expected one of: {}", allowed_words(kModes))));
      row_ok_ = false;
    }
  }

  const Cell vessel = cell(s_vessel);
  if (!vessel.empty()) {
    std::optional<model::EntityKind> kind;
    if (check_entity_ref(vessel, &kind) && *kind != model::EntityKind::vessel) {
      add(at(vessel, "E2018",
             fmt::format("`{}` in column `vessel` is a {}, not a vessel", shown(vessel.text), model::to_string(*kind)),
             "expected the id of a vessel entity"));
      row_ok_ = false;
    }
  }
  s.vessel.assign(vessel.text);

  const Cell notify_party = cell(s_notify_party);
  if (!notify_party.empty()) check_entity_ref(notify_party);
  s.notify_party.assign(notify_party.text);
  s.contract.assign(cell(s_contract).text);
  parse_date(cell(s_contract_date), false, s.contract_date);

  const Cell clause = cell(s_no_russia_clause);
  s.no_russia_clause.reset();
  if (clause.text == "yes") {
    s.no_russia_clause = true;
  } else if (clause.text == "no") {
    s.no_russia_clause = false;
  } else if (!clause.empty()) {
    add(at(clause, "E2009", fmt::format("invalid value `{}` in column `no_russia_clause`", shown(clause.text)),
           "expected yes or no (empty when unknown)"));
    row_ok_ = false;
  }

  s.loading_port.assign(cell(s_loading_port).text);
  s.discharge_port.assign(cell(s_discharge_port).text);
  const Cell quantity = cell(s_quantity);
  if (parse_decimal(quantity, s.quantity) && s.quantity && s.quantity->is_negative()) {
    add(at(quantity, "E2017", fmt::format("quantity `{}` in column `quantity` is negative", shown(quantity.text)),
           "expected a quantity of zero or more"));
    row_ok_ = false;
  }
  const Cell unit = cell(s_unit);
  if (!unit.empty() && !model::is_unit_word(unit.text)) {
    auto d = at(unit, "E2009", fmt::format("invalid unit `{}` in column `unit`", shown(unit.text)),
                "expected a lower-case unit such as kg, t, pcs or l");
    const std::string lower = core::to_lower_ascii(unit.text);
    if (lower != unit.text && model::is_unit_word(lower)) d.notes.push_back(fmt::format("help: write `{}`", lower));
    add(std::move(d));
    row_ok_ = false;
  }
  s.unit.assign(unit.text);
  finish_unique(id, id_hash);

  if (!row_ok_) return;
  ++report_.rows;
  if (!clean()) return;
  if (!sink_.shipment(s, record_.line)) {
    add(at(id, "E2005", fmt::format("shipment id `{}` is already in the database", shown(id.text)),
           "already in the database"));
    --report_.rows;
  }
}

}  // namespace

ReadReport read_canonical_file(const model::DataFile& file, RowSink& sink, const Resolver& resolver,
                               core::Diagnostics& diags, const ReadOptions& options) {
  FileReader reader(file, sink, resolver, diags, options);
  return reader.run();
}

void FileReader::fill_related_source_lines() {
  std::vector<core::Label*> pending;
  std::vector<std::uint32_t> lines;
  for (std::size_t i = first_diagnostic_; i < diags_.size(); ++i) {
    for (auto& label : diags_.item(i).related) {
      if (label.where.file != display_ || label.where.line == 0 || !label.source_line.empty()) continue;
      pending.push_back(&label);
      lines.push_back(label.where.line);
    }
  }
  if (pending.empty()) return;
  const auto texts = read_lines(file_.path, lines);
  for (auto* label : pending) {
    for (const auto& [line, text] : texts) {
      if (line == label->where.line) label->source_line = text;
    }
  }
}

std::optional<FieldPlace> locate_field(const model::DataFile& file, std::uint32_t line,
                                       std::string_view canonical_column) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file.path, ec)) return std::nullopt;
  std::string_view wanted = canonical_column;
  for (const auto& [to, from] : file.columns) {
    if (to == canonical_column) wanted = from;
  }
  core::Diagnostics ignored;  // the file was read cleanly before; anything odd now just means "not found"
  CsvReader csv(file.path, file.path.generic_string());
  CsvRecord record;
  if (!csv.next(record, ignored)) return std::nullopt;
  std::optional<std::size_t> index;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    if (trim(record.fields[i].text) == wanted) index = i;
  }
  if (!index) return std::nullopt;
  while (csv.next(record, ignored)) {
    if (record.line < line) continue;
    if (record.line > line || *index >= record.fields.size()) return std::nullopt;
    const CsvField& f = record.fields[*index];
    FieldPlace place;
    place.column = f.column + (f.quoted ? 1U : 0U);
    place.length = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(core::count_code_points(f.text)));
    place.source_line = std::string(record.source_line);
    return place;
  }
  return std::nullopt;
}

}  // namespace sanx::ingest
