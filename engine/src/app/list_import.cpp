// Official list files as dated snapshots: format (named or detected) → reader → as-of date and source →
// order check against the source's latest snapshot → store, with every problem a diagnostic.
#include "app/list_import.hpp"
#include "app/name_forms.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <unordered_map>
#include <utility>

#include "sanx/core/text.hpp"
#include "sanx/ingest/file_hash.hpp"
#include "sanx/ingest/lists.hpp"
#include "sanx/store/list_snapshots.hpp"

namespace sanx::app {
namespace detail {
namespace {

// Conflicting ids and skipped relations are reported one by one up to this many, then counted.
constexpr std::size_t kMaxReported = 20;

std::string display(const std::filesystem::path& p) { return p.lexically_normal().generic_string(); }

core::Diagnostic file_diagnostic(core::Severity severity, std::string code, const std::filesystem::path& file,
                                 std::string message) {
  core::Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = std::move(message);
  d.where.file = display(file);
  return d;
}

std::string format_names() {
  std::string out;
  for (const auto f : ingest::all_list_formats()) out += (out.empty() ? "" : ", ") + std::string(ingest::to_string(f));
  return out;
}

/// The format to read `file` as, or nullopt after a diagnostic (E2360 unknown name, E2361 not detected).
std::optional<ingest::ListFormat> resolve_format(const ListFile& file, core::Diagnostics& diags) {
  if (file.format == "auto" || file.format.empty()) {
    if (auto detected = ingest::detect_list_format(file.path)) return detected;
    auto d = file_diagnostic(core::Severity::error, "E2361", file.path,
                             fmt::format("cannot tell which list format `{}` is in", file.name));
    d.notes.push_back(fmt::format("help: name it: `--format NAME` on the command line, or `format = \"NAME\"` in "
                                  "dataset.toml; NAME is one of {}",
                                  format_names()));
    diags.add(std::move(d));
    return std::nullopt;
  }
  if (auto named = ingest::parse_list_format(file.format)) return named;
  auto d = file_diagnostic(core::Severity::error, "E2360", file.path, fmt::format("unknown list format `{}`", file.format));
  if (file.format_where.line != 0) {
    d.where = file.format_where;
    d.source_line = file.format_source_line;
    d.label = "expected a list format name or `auto`";
  }
  d.notes.push_back(fmt::format("help: list formats are {}, or `auto` to detect it", format_names()));
  diags.add(std::move(d));
  return std::nullopt;
}

store::SnapshotEntry to_store(ingest::ListEntry&& e) {
  store::SnapshotEntry out;
  out.entity = std::move(e.entity);
  out.designations = std::move(e.designations);
  out.facts.reserve(e.facts.size());
  for (auto& f : e.facts) out.facts.push_back({std::move(f.key), std::move(f.value)});
  out.line = e.where.line;
  return out;
}

}  // namespace

bool list_file_unchanged(const ListFile& file, const store::Database& db, FileOutcome& f) {
  f.file = file.name;
  f.kind = "list";
  f.sha256 = ingest::sha256_file(file.path);
  const auto known = store::snapshot_with_sha256(db, f.sha256);
  if (!known) return false;
  f.status = FileStatus::unchanged;
  f.rows = known->entries;
  f.format = known->format;
  f.source = known->source;
  f.as_of = known->as_of;
  f.snapshot = known->id;
  return true;
}

bool import_list_file(const ListFile& file, store::ImportSession& session, const store::Database& db, FileOutcome& f,
                      core::Diagnostics& diags, const ImportOptions& options) {
  f.file = file.name;
  f.kind = "list";
  f.status = FileStatus::failed;
  const auto format = resolve_format(file, diags);
  if (!format) return false;
  f.format = std::string(ingest::to_string(*format));

  ingest::ListReadOptions read_options;
  if (options.progress) {
    read_options.progress = [&](std::uint64_t done, std::uint64_t total) { options.progress(f.file, done, total); };
  }
  const std::size_t errors_before = diags.error_count();
  const auto read_started = std::chrono::steady_clock::now();
  ingest::ListSnapshot snapshot = ingest::read_list(*format, file.path, diags, read_options);
  spdlog::debug("read {} ({} entries) in {:.3f} s", file.name, snapshot.entries.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - read_started).count());
  f.rows = static_cast<std::int64_t>(snapshot.entries.size());
  if (diags.error_count() != errors_before) return false;

  // Companion files (OFAC CSV) are part of the snapshot: its digest covers them all.
  if (snapshot.files.size() > 1) {
    std::vector<std::string> digests;
    for (const auto& p : snapshot.files) digests.push_back(ingest::sha256_file(p));
    f.sha256 = core::join(digests, "+");
    if (const auto known = store::snapshot_with_sha256(db, f.sha256)) {
      f.status = FileStatus::unchanged;
      f.source = known->source;
      f.as_of = known->as_of;
      f.snapshot = known->id;
      return true;
    }
  }

  f.source = file.source.empty() ? snapshot.source : file.source;
  if (f.source.empty()) f.source = f.format;
  if (file.as_of) {
    if (snapshot.as_of && *snapshot.as_of != *file.as_of) {
      auto d = file_diagnostic(core::Severity::warning, "W2461", file.path,
                               fmt::format("the file is dated {}; the snapshot is filed as of {} as asked",
                                           snapshot.as_of->to_string(), file.as_of->to_string()));
      d.notes.push_back("note: delistings and new listings of this snapshot take effect on the date asked");
      diags.add(std::move(d));
    }
    snapshot.as_of = file.as_of;
  }
  if (!snapshot.as_of) {
    auto d = file_diagnostic(core::Severity::error, "E2362", file.path,
                             fmt::format("`{}` does not say as of which date it is", file.name));
    d.notes.push_back("help: give the publication date: `--as-of YYYY-MM-DD`, or `as_of = YYYY-MM-DD` in its "
                      "[[files]] entry of dataset.toml");
    diags.add(std::move(d));
    return false;
  }
  f.as_of = snapshot.as_of->to_string();

  const auto latest = store::latest_snapshot(db, f.source);
  if (latest && f.as_of < latest->as_of) {
    auto d = file_diagnostic(core::Severity::error, "E2363", file.path,
                             fmt::format("this {} snapshot is as of {}, older than the one imported already ({})",
                                         f.source, f.as_of, latest->as_of));
    d.notes.push_back(fmt::format("note: the latest snapshot of `{}` (id {}) was read from {}", f.source, latest->id,
                                  core::join(latest->files, ", ")));
    d.notes.push_back("help: snapshots of a list are imported oldest first; to import history, start a new database "
                      "and import the files in date order");
    diags.add(std::move(d));
    return false;
  }

  store::NewSnapshot out;
  out.source = f.source;
  out.format = f.format;
  out.as_of = f.as_of;
  out.file = file.name;
  for (const auto& p : snapshot.files) out.files.push_back(p.filename().generic_string());
  if (out.files.empty()) out.files.push_back(file.path.filename().generic_string());
  out.sha256 = f.sha256;
  out.entries.reserve(snapshot.entries.size());
  for (auto& e : snapshot.entries) out.entries.push_back(to_store(std::move(e)));
  out.relations = std::move(snapshot.relations);

  const auto write_started = std::chrono::steady_clock::now();
  const auto written = session.add_list_snapshot(out);
  spdlog::debug("wrote snapshot of {} in {:.3f} s", f.source,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - write_started).count());
  for (std::size_t i = 0; i < written.conflicts.size() && i < kMaxReported; ++i) {
    const std::string& id = written.conflicts[i];
    auto d = file_diagnostic(core::Severity::error, "E2364", file.path,
                             fmt::format("entity `{}` of this list is in the database already, from a dataset's entities file",
                                         id));
    for (const auto& e : out.entries) {
      if (e.entity.id == id) d.where.line = e.line;
    }
    d.notes.push_back(fmt::format("help: list entries are filed as `{}`'s own entities; rename the other "
                                  "dataset's `{}` or import the list into a separate database",
                                  f.source, id));
    diags.add(std::move(d));
  }
  if (written.conflicts.size() > kMaxReported) {
    diags.add(file_diagnostic(core::Severity::error, "E2364", file.path,
                              fmt::format("{} more entities of this list are in the database already",
                                          written.conflicts.size() - kMaxReported)));
  }
  for (std::size_t i = 0; i < written.skipped_relations.size() && i < kMaxReported; ++i) {
    const auto& r = written.skipped_relations[i];
    auto d = file_diagnostic(core::Severity::warning, "W2460", file.path,
                             fmt::format("{} relation `{}` → `{}` names an entity that is neither in this snapshot "
                                         "nor in the database; skipped",
                                         model::to_string(r.kind), r.source, r.target));
    d.notes.push_back("help: import the list or register that defines it first, then this file again");
    diags.add(std::move(d));
  }
  if (written.skipped_relations.size() > kMaxReported) {
    diags.add(file_diagnostic(core::Severity::warning, "W2460", file.path,
                              fmt::format("{} more relations name unknown entities; skipped",
                                          written.skipped_relations.size() - kMaxReported)));
  }
  if (!written.conflicts.empty()) return false;
  f.status = latest ? FileStatus::replaced : FileStatus::imported;
  f.snapshot = written.snapshot.id;
  f.added = written.snapshot.added;
  f.removed = written.snapshot.removed;
  f.changed = written.snapshot.changed;
  return true;
}

}  // namespace detail

ImportOutcome import_lists(const ListImportRequest& request, store::Database& db, const ImportOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  ImportOutcome out;
  auto finish = [&]() -> ImportOutcome {
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(out);
  };

  std::vector<detail::ListFile> files;
  for (const auto& p : request.files) {
    detail::ListFile file;
    file.path = p;
    file.name = p.filename().generic_string();
    file.format = request.format;
    file.as_of = request.as_of;
    file.source = request.source;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec)) {
      core::Diagnostic d;
      d.code = "E2006";
      d.message = fmt::format("list file `{}` does not exist", detail::display(p));
      d.where.file = detail::display(p);
      d.notes.push_back("help: give the path of a list file, e.g. datasets/lists/un_consolidated_2026-02/"
                        "UN_consolidated.xml");
      out.diagnostics.add(std::move(d));
    }
    files.push_back(std::move(file));
  }
  if (out.diagnostics.has_errors()) return finish();

  bool any_changed = false;
  for (const auto& file : files) {
    FileOutcome f;
    if (!detail::list_file_unchanged(file, db, f)) any_changed = true;
    out.files.push_back(std::move(f));
  }
  if (!any_changed) {
    detail::refresh_transliterations(db);
    return finish();
  }

  store::ImportSession session(db);
  bool failed = false;
  for (std::size_t i = 0; i < files.size(); ++i) {
    FileOutcome& f = out.files[i];
    if (f.status == FileStatus::unchanged) continue;
    if (failed) {
      f.status = FileStatus::not_run;
      continue;
    }
    failed = !detail::import_list_file(files[i], session, db, f, out.diagnostics, options);
  }
  if (failed) {
    for (auto& f : out.files) {
      if (f.status == FileStatus::imported || f.status == FileStatus::replaced) f.status = FileStatus::rolled_back;
    }
    return finish();
  }
  detail::store_transliterations(session);
  session.commit();
  out.committed = true;
  return finish();
}

}  // namespace sanx::app
