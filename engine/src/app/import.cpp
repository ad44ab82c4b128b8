// Importing a dataset folder: manifest → per-file change detection by SHA-256 → canonical reader →
// store session, all in one transaction that commits only when every file is clean.
#include "sanx/app/import.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "sanx/config/settings.hpp"
#include "sanx/core/assert.hpp"
#include "sanx/core/text.hpp"
#include "sanx/graph/relation_check.hpp"
#include "sanx/ingest/canonical.hpp"
#include "sanx/ingest/file_hash.hpp"
#include "sanx/store/import_session.hpp"
#include "app/list_import.hpp"
#include "app/name_forms.hpp"
#include "app/row_pipe.hpp"

namespace sanx::app {
namespace {

/// Hash that lets unordered containers of std::string be searched with a string_view (no copy per lookup).
struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

/// Entity ids and bank BICs visible to the import: what the database held when the session began
/// (or when the last entities file finished) plus everything accepted since.
class SessionResolver final : public ingest::Resolver {
 public:
  explicit SessionResolver(const store::ImportSession& session) : session_(session) { reload(); }

  void reload() {
    entities_.clear();
    bics_.clear();
    session_.for_each_entity([this](std::string_view id, model::EntityKind kind) { entities_.emplace(id, kind); });
    session_.for_each_bic([this](std::string_view bic, std::string_view) { bics_.emplace(bic); });
  }

  void add(const model::Entity& e) {
    entities_.insert_or_assign(e.id, e.kind);
    if (e.kind != model::EntityKind::bank) return;
    for (auto bic : e.identifiers_of("bic")) bics_.emplace(bic);
  }

  [[nodiscard]] std::optional<model::EntityKind> entity_kind(std::string_view id) const override {
    auto it = entities_.find(id);
    if (it == entities_.end()) return std::nullopt;
    return it->second;
  }

  [[nodiscard]] bool bic_known(std::string_view bic) const override {
    if (bics_.find(bic) != bics_.end()) return true;
    const std::string other = model::bic_fallback(bic);
    return !other.empty() && bics_.find(other) != bics_.end();
  }

 private:
  const store::ImportSession& session_;
  std::unordered_map<std::string, model::EntityKind, StringHash, std::equal_to<>> entities_;
  std::unordered_set<std::string, StringHash, std::equal_to<>> bics_;
};

/// Forwards valid rows of one file into the store under that file's version.
class SessionSink final : public ingest::RowSink {
 public:
  SessionSink(store::ImportSession& session, store::VersionId version, SessionResolver& resolver)
      : session_(session), version_(version), resolver_(resolver) {}

  bool entity(const model::Entity& e, std::uint32_t line) override {
    if (session_.add_entity(version_, e, line) == store::InsertResult::duplicate) return false;
    resolver_.add(e);
    return true;
  }
  void relation(const model::Relation& r, std::uint32_t line) override {
    session_.add_relation(version_, r, line);
    if (r.kind == model::RelationKind::ownership && r.share) {  // for warn_ownership_excess
      shares.push_back(r);
      share_lines.push_back(line);
    }
  }
  void designation(const model::Designation& d, std::uint32_t line) override {
    session_.add_designation(version_, d, line);
  }
  bool payment(const model::Payment& p, std::uint32_t line) override {
    return session_.add_payment(version_, p, line) == store::InsertResult::inserted;
  }
  bool shipment(const model::Shipment& s, std::uint32_t line) override {
    return session_.add_shipment(version_, s, line) == store::InsertResult::inserted;
  }

  std::vector<model::Relation> shares;  ///< ownership relations with a share, and their lines
  std::vector<std::uint32_t> share_lines;

 private:
  store::ImportSession& session_;
  store::VersionId version_;
  SessionResolver& resolver_;
};

/// W2103: owners of one entity holding more than 100% at the same time in a relations file. Each row is
/// valid on its own, so this is a warning at each relation involved; the import goes ahead.
void warn_ownership_excess(const model::DataFile& file, const SessionSink& sink, core::Diagnostics& diags) {
  auto place = [&](std::uint32_t k) {
    core::Location where{file.path.generic_string(), sink.share_lines[k], 0, 0};
    std::string source_line;
    if (auto field = ingest::locate_field(file, where.line, "share")) {
      where.column = field->column;
      where.length = field->length;
      source_line = std::move(field->source_line);
    }
    return std::pair{where, source_line};
  };
  for (const auto& excess : graph::find_ownership_excess(sink.shares)) {
    core::Diagnostic d;
    d.severity = core::Severity::warning;
    d.code = "W2103";
    d.message = graph::describe(excess);
    std::tie(d.where, d.source_line) = place(excess.relations.front());
    d.label = "owned at the same time as the shares below";
    for (std::size_t k = 1; k < excess.relations.size(); ++k) {
      auto [where, source_line] = place(excess.relations[k]);
      d.related.push_back({std::move(where), "and this share", std::move(source_line)});
    }
    d.notes.push_back("note: each row is valid on its own; the import goes ahead and the ownership analysis caps "
                      "the holding at 100%");
    diags.add(std::move(d));
  }
}

/// Payments and shipments are the large files: the reader parses and validates them on a second thread
/// while this thread writes them, so the import takes about as long as SQLite alone. The resolver is
/// only read meanwhile (entities files, which change it, are never piped).
class PipedSink final : public ingest::RowSink {
 public:
  RowPipe<model::Payment> payments;
  RowPipe<model::Shipment> shipments;

  bool entity(const model::Entity&, std::uint32_t) override { return unexpected("entities"); }
  void relation(const model::Relation&, std::uint32_t) override { unexpected("relations"); }
  void designation(const model::Designation&, std::uint32_t) override { unexpected("designations"); }
  // A duplicate of an id already in the database is found by the writer and reported after the file.
  bool payment(const model::Payment& p, std::uint32_t line) override {
    payments.push(p, line);
    return true;
  }
  bool shipment(const model::Shipment& s, std::uint32_t line) override {
    shipments.push(s, line);
    return true;
  }

 private:
  static bool unexpected(const char* kind) {
    SANX_ASSERT(kind == nullptr && "only payments and shipments files are piped");
    return false;
  }
};

/// An id the database already holds (from another file), found while writing.
struct WriteDuplicate {
  std::string id;
  std::uint32_t line = 0;
};

/// Writes one piped file's rows as the reader thread produces them.
template <class Row, class Add>
std::vector<WriteDuplicate> drain(RowPipe<Row>& pipe, Add add) {
  std::vector<WriteDuplicate> duplicates;
  typename RowPipe<Row>::Batch batch;
  while (pipe.pop(batch)) {
    for (std::size_t k = 0; k < batch.size; ++k) {
      if (add(batch.rows[k], batch.lines[k]) == store::InsertResult::duplicate) {
        duplicates.push_back({batch.rows[k].id, batch.lines[k]});
      }
    }
  }
  return duplicates;
}

/// Reads a payments or shipments file on a second thread while writing its rows on this one.
ingest::ReadReport read_piped(const model::DataFile& file, store::ImportSession& session, store::VersionId version,
                              const SessionResolver& resolver, core::Diagnostics& diags,
                              const ingest::ReadOptions& read_options) {
  PipedSink sink;
  ingest::ReadReport report;
  std::exception_ptr reader_error;
  const bool is_payments = file.kind == model::FileKind::payments;
  // `diags` belongs to the reader thread until it is joined.
  std::thread reader([&] {
    try {
      report = ingest::read_canonical_file(file, sink, resolver, diags, read_options);
    } catch (...) {
      reader_error = std::current_exception();
    }
    sink.payments.close();
    sink.shipments.close();
  });
  std::vector<WriteDuplicate> duplicates;
  try {
    if (is_payments) {
      duplicates = drain(sink.payments, [&](const model::Payment& p, std::uint32_t line) {
        return session.add_payment(version, p, line);
      });
    } else {
      duplicates = drain(sink.shipments, [&](const model::Shipment& s, std::uint32_t line) {
        return session.add_shipment(version, s, line);
      });
    }
  } catch (...) {
    sink.payments.abort();
    sink.shipments.abort();
    reader.join();
    throw;
  }
  reader.join();
  if (reader_error) std::rethrow_exception(reader_error);
  for (const auto& dup : duplicates) {
    core::Diagnostic d;
    d.code = "E2005";
    d.message = fmt::format("{} id `{}` is already in the database", is_payments ? "payment" : "shipment", dup.id);
    d.where.file = file.path.generic_string();
    d.where.line = dup.line;
    d.where.column = 1;
    d.where.length = static_cast<std::uint32_t>(core::count_code_points(dup.id));
    d.notes.push_back("help: ids must be unique across datasets; prefix them with the source, e.g. `bank:`");
    diags.add(std::move(d));
  }
  return report;
}

/// "payments" -> "payment", for messages about one row.
std::string_view singular(std::string_view table) {
  return table.ends_with('s') ? table.substr(0, table.size() - 1) : table;
}

core::Diagnostic dangling_diagnostic(const store::DanglingReference& ref, const model::DatasetManifest& manifest) {
  core::Diagnostic d;
  d.code = "E2019";
  d.message = fmt::format("`{}` of {} `{}` names entity `{}`, which no longer exists", ref.column,
                          singular(ref.table), ref.row_id, ref.entity_id);
  d.where.file = ref.file;
  d.where.line = ref.line;
  d.label = "this entity is no longer in the database";
  // Point at the value itself when the referencing file is part of this dataset and still readable.
  for (const auto& f : manifest.files) {
    if (f.name != ref.file) continue;
    d.where.file = f.path.generic_string();
    if (auto place = ingest::locate_field(f, ref.line, ref.column)) {
      d.where.column = place->column;
      d.where.length = place->length;
      d.source_line = std::move(place->source_line);
    }
  }
  d.notes.push_back(fmt::format(
      "help: the new version of an entities file in dataset `{}` dropped this id; restore it or remove the rows "
      "that use it",
      manifest.name));
  return d;
}

}  // namespace

std::string_view to_string(FileStatus s) noexcept {
  switch (s) {
    case FileStatus::imported: return "imported";
    case FileStatus::replaced: return "replaced";
    case FileStatus::unchanged: return "unchanged";
    case FileStatus::failed: return "failed";
    case FileStatus::rolled_back: return "rolled back";
    case FileStatus::not_run: return "not run";
  }
  return "?";
}

bool ImportOutcome::unchanged() const noexcept {
  return !files.empty() &&
         std::all_of(files.begin(), files.end(), [](const FileOutcome& f) { return f.status == FileStatus::unchanged; });
}

ImportOutcome import_dataset(const std::filesystem::path& path, store::Database& db, const ImportOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  ImportOutcome out;
  auto finish = [&]() -> ImportOutcome {
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return std::move(out);
  };

  auto manifest = config::read_dataset_manifest(path, out.diagnostics);
  if (!manifest) return finish();
  out.dataset = manifest->name;
  out.manifest = manifest->manifest_path.lexically_normal();

  // Lists first (their entities may be named by the canonical files), in manifest order; then the
  // canonical files with referenced kinds first, whatever order the manifest lists them in.
  std::vector<detail::ListFile> lists;
  std::vector<model::DataFile> files;
  for (const auto& file : manifest->files) {
    if (!file.list) {
      files.push_back(file);
      continue;
    }
    lists.push_back({file.path, file.name, file.format, file.as_of, file.source, file.format_where,
                     file.format_source_line});
  }
  std::stable_sort(files.begin(), files.end(), [](const model::DataFile& a, const model::DataFile& b) {
    return static_cast<int>(a.kind) < static_cast<int>(b.kind);
  });

  bool any_changed = false;
  std::vector<FileOutcome> list_outcomes(lists.size());
  for (std::size_t i = 0; i < lists.size(); ++i) {
    if (!detail::list_file_unchanged(lists[i], db, list_outcomes[i])) any_changed = true;
  }
  std::vector<bool> replaces(files.size(), false);
  for (std::size_t i = 0; i < files.size(); ++i) {
    FileOutcome f;
    f.file = files[i].name;
    f.kind = std::string(model::to_string(files[i].kind));
    f.sha256 = ingest::sha256_file(files[i].path);
    auto current = db.current_version(manifest->name, files[i].name);
    if (current && current->sha256 == f.sha256) {
      f.status = FileStatus::unchanged;
      f.rows = current->rows;
    } else {
      any_changed = true;
      replaces[i] = current.has_value();
    }
    out.files.push_back(std::move(f));
  }
  if (!any_changed) {
    out.files.insert(out.files.begin(), list_outcomes.begin(), list_outcomes.end());
    detail::refresh_transliterations(db);
    return finish();
  }

  store::ImportSession session(db);
  bool failed = false;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    FileOutcome& f = list_outcomes[i];
    if (f.status == FileStatus::unchanged) continue;
    if (failed) {
      f.status = FileStatus::not_run;
      continue;
    }
    failed = !detail::import_list_file(lists[i], session, db, f, out.diagnostics, options);
  }
  SessionResolver resolver(session);
  const std::string as_of = manifest->as_of ? manifest->as_of->to_string() : std::string();
  for (std::size_t i = 0; i < files.size(); ++i) {
    FileOutcome& f = out.files[i];
    if (f.status == FileStatus::unchanged) continue;
    if (failed) {  // later files would only repeat errors caused by the failed one
      f.status = FileStatus::not_run;
      continue;
    }
    const auto file_started = std::chrono::steady_clock::now();
    const store::VersionId version = session.begin_file(
        {manifest->name, files[i].name, f.kind, f.sha256, manifest->source, manifest->licence, as_of});
    SessionSink sink(session, version, resolver);
    ingest::ReadOptions read_options;
    if (options.progress) {
      read_options.progress = [&](std::uint64_t done, std::uint64_t total) { options.progress(f.file, done, total); };
    }
    const std::size_t errors_before = out.diagnostics.error_count();
    const bool piped = files[i].kind == model::FileKind::payments || files[i].kind == model::FileKind::shipments;
    const auto report = piped ? read_piped(files[i], session, version, resolver, out.diagnostics, read_options)
                              : ingest::read_canonical_file(files[i], sink, resolver, out.diagnostics, read_options);
    f.rows = report.rows;
    if (out.diagnostics.error_count() != errors_before) {
      f.status = FileStatus::failed;
      failed = true;
      continue;
    }
    if (files[i].kind == model::FileKind::relations) warn_ownership_excess(files[i], sink, out.diagnostics);
    session.end_file(version, report.rows);
    f.status = replaces[i] ? FileStatus::replaced : FileStatus::imported;
    // A replaced entities file may have dropped ids: later files must resolve against what is there now.
    if (files[i].kind == model::FileKind::entities && replaces[i]) resolver.reload();
    spdlog::debug("imported {} ({} rows) in {:.3f} s", f.file, f.rows,
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - file_started).count());
  }

  bool dangling = false;
  if (!failed) {
    for (const auto& ref : session.dangling_references()) {
      out.diagnostics.add(dangling_diagnostic(ref, *manifest));
      dangling = true;
    }
    failed = dangling;
  }
  if (failed) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      FileOutcome& f = out.files[i];
      if (f.status != FileStatus::imported && f.status != FileStatus::replaced) continue;
      // A dangling reference is the fault of the entities file that dropped the id.
      const bool culprit = dangling && f.status == FileStatus::replaced && files[i].kind == model::FileKind::entities;
      f.status = culprit ? FileStatus::failed : FileStatus::rolled_back;
    }
    for (auto& f : list_outcomes) {
      if (f.status == FileStatus::imported || f.status == FileStatus::replaced) f.status = FileStatus::rolled_back;
    }
    out.files.insert(out.files.begin(), list_outcomes.begin(), list_outcomes.end());
    return finish();  // the session's destructor rolls everything back
  }
  out.files.insert(out.files.begin(), list_outcomes.begin(), list_outcomes.end());
  detail::store_transliterations(session);
  session.commit();
  out.committed = true;
  return finish();
}

}  // namespace sanx::app
