// Screening one name or a CSV batch against the store's listed parties.
#include "sanx/app/screen.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "sanx/core/country.hpp"
#include "sanx/core/text.hpp"
#include "sanx/ingest/csv.hpp"
#include "sanx/store/load.hpp"

namespace sanx::app {
namespace {

/// Hits are asked for generously and then filtered by regime and date; a hit of an entity not
/// designated under the regime on the day must not push out one that is.
constexpr std::size_t kOversample = 8;

bool regime_matches(const model::Designation& d, const std::optional<std::string>& regime) {
  return !regime || core::equals_ignore_case(d.regime, *regime);
}

enum Column : std::size_t { c_id, c_name, c_kind, c_country, c_dob, c_identifiers, c_count };
constexpr std::array<std::string_view, c_count> kColumns{"id", "name", "kind", "country", "dob", "identifiers"};
constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);

core::Diagnostic at_field(const ingest::CsvRecord& record, const ingest::CsvField& field, const std::string& file,
                          std::string_view code, std::string message, std::string label) {
  core::Diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.where = {file, field.line, field.column + (field.quoted ? 1 : 0),
             static_cast<std::uint32_t>(std::max<std::size_t>(1, core::count_code_points(field.text)))};
  d.source_line = std::string(record.line_text(field.line));
  d.label = std::move(label);
  return d;
}

}  // namespace

ScreeningSession::ScreeningSession(store::Database& db)
    : data_(std::make_unique<model::Dataset>(store::load_dataset(db, {.transactions = false}))) {
  build();
}

ScreeningSession::ScreeningSession(model::Dataset data) : data_(std::make_unique<model::Dataset>(std::move(data))) {
  build();
}

void ScreeningSession::build() {
  const auto started = std::chrono::steady_clock::now();
  screener_ = std::make_unique<match::Screener>(*data_);
  index_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

ScreenAnswer ScreeningSession::screen(const match::Query& query, const ScreenFilter& filter) const {
  ScreenAnswer answer;
  match::ScreenOptions options = filter.options;
  options.limit = std::max<std::size_t>(options.limit * kOversample, 64);
  match::ScreenResult result = screener_->screen(query, options);
  if (result.error) {
    answer.error = result.error->message;
    return answer;
  }
  for (match::Hit& hit : result.hits) {
    if (answer.hits.size() >= filter.options.limit) break;
    const std::uint32_t e = hit.entity.value;
    std::vector<model::Designation> in_force;
    if (e < data_->designations_of.size()) {
      for (const std::uint32_t d_ix : data_->designations_of[e]) {
        const model::Designation& d = data_->designations[d_ix];
        if (regime_matches(d, filter.regime) && d.in_force_on(filter.as_of)) in_force.push_back(d);
      }
    }
    if (in_force.empty()) continue;
    const model::Entity& entity = data_->entities[e];
    answer.hits.push_back({entity.id, entity.primary_name(), std::string(model::to_string(entity.kind)),
                           std::move(hit.matched_name), hit.score, std::move(hit.features), std::move(in_force)});
  }
  return answer;
}

BatchOutcome ScreeningSession::screen_file(const std::filesystem::path& csv, const ScreenFilter& filter,
                                           std::size_t threads,
                                           const std::function<void(std::size_t, std::size_t)>& progress) const {
  BatchOutcome out;
  const std::string file = csv.generic_string();
  ingest::CsvReader reader(csv, file);
  ingest::CsvRecord record;
  core::Diagnostics reader_diags;

  if (!reader.next(record, reader_diags)) {
    out.diagnostics.append(reader_diags);
    if (reader_diags.empty()) {
      core::Diagnostic d;
      d.code = "E2022";
      d.message = "the batch file is empty: it has no header row";
      d.where = {file, 0, 0, 0};
      d.notes = {"help: the first line names the columns: id,name,kind,country,dob (only name is required)"};
      out.diagnostics.add(std::move(d));
    }
    return out;
  }
  std::array<std::size_t, c_count> column{};
  column.fill(kAbsent);
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const auto& f = record.fields[i];
    const auto it = std::find(kColumns.begin(), kColumns.end(), core::to_lower_ascii(f.text));
    if (it == kColumns.end()) {
      core::Diagnostic d = at_field(record, f, file, "W2621", fmt::format("unknown column `{}` is ignored", f.text),
                                    "not a batch column");
      d.severity = core::Severity::warning;
      d.notes = {"help: the columns are id, name, kind, country, dob and identifiers"};
      out.diagnostics.add(std::move(d));
      continue;
    }
    column[static_cast<std::size_t>(it - kColumns.begin())] = i;
  }
  if (column[c_name] == kAbsent) {
    core::Diagnostic d;
    d.code = "E2601";
    d.message = "the batch file has no `name` column";
    d.where = {file, record.line, 1, static_cast<std::uint32_t>(core::count_code_points(record.source_line))};
    d.source_line = std::string(record.source_line);
    d.label = "expected a header with a `name` column";
    d.notes = {"help: the first line names the columns: id,name,kind,country,dob (only name is required)"};
    out.diagnostics.add(std::move(d));
    return out;
  }
  const std::size_t header_fields = record.fields.size();

  // Read every row first (one thread), then screen them on all threads.
  std::vector<match::Query> queries;
  std::vector<core::Diagnostic> name_at;  // per query: its name's place, for E2602
  std::size_t reader_seen = reader_diags.size();
  auto take_reader_errors = [&] {
    // A record the reader had to skip (invalid UTF-8, stray quote) still gets its row in the output.
    for (; reader_seen < reader_diags.size(); ++reader_seen) {
      const core::Diagnostic& d = reader_diags.items()[reader_seen];
      out.diagnostics.add(d);
      if (d.severity == core::Severity::error) out.rows.push_back({"", d.where.line, "", {}, d, true});
    }
  };
  while (reader.next(record, reader_diags)) {
    take_reader_errors();
    BatchRow row;
    row.line = record.line;
    auto field = [&](Column c) -> const ingest::CsvField* {
      return column[c] != kAbsent && column[c] < record.fields.size() ? &record.fields[column[c]] : nullptr;
    };
    auto fail = [&](const ingest::CsvField& f, std::string_view code, std::string message, std::string label) {
      row.error = at_field(record, f, file, code, std::move(message), std::move(label));
    };
    if (const auto* id = field(c_id)) row.id = std::string(id->text);
    if (row.id.empty()) row.id = fmt::format("line {}", record.line);
    if (record.fields.size() != header_fields) {
      core::Diagnostic d;
      d.code = "E2001";
      d.message = fmt::format("row has {} fields, the header has {}", record.fields.size(), header_fields);
      d.where = {file, record.line, 1, static_cast<std::uint32_t>(core::count_code_points(record.source_line))};
      d.source_line = std::string(record.source_line);
      d.label = fmt::format("expected {} fields", header_fields);
      row.error = std::move(d);
    }
    match::Query q;
    core::Diagnostic name_place;
    if (!row.error) {
      const ingest::CsvField& name = *field(c_name);
      q.name = std::string(name.text);
      row.name = q.name;
      if (const auto* k = field(c_kind); k && !k->text.empty()) {
        if (auto kind = match::parse_query_kind(core::to_lower_ascii(k->text))) {
          q.kind = *kind;
        } else {
          fail(*k, "E2603", fmt::format("unknown kind `{}` in column `kind`", k->text),
               "expected person, company, vessel or any");
        }
      }
      if (const auto* c = field(c_country); !row.error && c && !c->text.empty()) {
        if (core::is_country_code(c->text)) {
          q.country = std::string(c->text);
        } else {
          fail(*c, "E2604", fmt::format("`{}` in column `country` is not an ISO 3166-1 alpha-2 code", c->text),
               "expected a two-letter country code such as RU");
        }
      }
      if (const auto* b = field(c_dob); !row.error && b && !b->text.empty()) {
        if (auto dob = core::Date::parse_iso(b->text)) {
          q.birth_date = *dob;
        } else {
          fail(*b, "E2605", fmt::format("invalid date `{}` in column `dob`", b->text),
               "expected a date YYYY[-MM[-DD]]");
        }
      }
      if (const auto* ids = field(c_identifiers); !row.error && ids && !ids->text.empty()) {
        for (const auto part : core::split_list(ids->text)) {
          if (auto id = model::parse_identifier(part)) {
            q.identifiers.push_back(*id);
          } else {
            fail(*ids, "E2606", fmt::format("`{}` in column `identifiers` is not `scheme:value`", part),
                 "expected identifiers such as imo:9354521|inn:7702070139");
            break;
          }
        }
      }
      // Whether the name can be screened at all (empty, too long, no letters) is the screener's to
      // judge, on the threads below; this is where its diagnostic will point.
      name_place = at_field(record, name, file, "E2602", "", "expected a name");
    }
    if (!row.error) {
      queries.push_back(std::move(q));
      name_at.push_back(std::move(name_place));
    }
    out.rows.push_back(std::move(row));
  }
  take_reader_errors();
  // Rows are in line order (the reader's skipped records come before the record read after them), and
  // the queries in the order of the rows without errors.
  std::vector<BatchRow*> targets;
  for (BatchRow& row : out.rows) {
    if (!row.error) targets.push_back(&row);
  }

  const auto started = std::chrono::steady_clock::now();
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::mutex progress_mutex;
  auto work = [&] {
    for (std::size_t i = next++; i < targets.size(); i = next++) {
      ScreenAnswer answer = screen(queries[i], filter);
      BatchRow& row = *targets[i];
      if (answer.error) {
        row.error = std::move(name_at[i]);
        row.error->message = *answer.error;
      } else {
        row.hits = std::move(answer.hits);
      }
      const std::size_t n = ++done;
      if (progress && (n % 256 == 0 || n == targets.size())) {
        const std::lock_guard lock(progress_mutex);
        progress(n, targets.size());
      }
    }
  };
  const std::size_t n_threads = std::max<std::size_t>(1, std::min(threads, targets.size()));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < n_threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  out.screened = targets.size();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Each bad row once, in line order (the reader's own problems were reported as they were met).
  for (const BatchRow& row : out.rows) {
    if (row.error && !row.reported) out.diagnostics.add(*row.error);
  }
  return out;
}

}  // namespace sanx::app
