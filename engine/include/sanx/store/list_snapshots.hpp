/// \file
/// Official lists kept as dated snapshots. Each import of a list file is one snapshot of its source
/// (`un-sc`, `ofac-sdn`, …): a dataset version of dataset `list:<source>` plus a record of which entries
/// it held and a digest of each, field by field. A newer snapshot updates the entities it changes, adds
/// the new ones and closes (listed_to = its as-of date) the designations of the entries it no longer
/// holds; nothing is deleted, so an audit as of an earlier date still sees the list as it was then.
///
/// Writing goes through ImportSession::add_list_snapshot (one transaction with the rest of an import);
/// the functions here only read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/model/designation.hpp"
#include "sanx/model/entity.hpp"
#include "sanx/model/relation.hpp"
#include "sanx/store/database.hpp"

namespace sanx::store {

using SnapshotId = std::int64_t;

/// A fact of an entry the model has no field for (ingest::ListFact, without depending on ingest).
struct SnapshotFact {
  std::string key;
  std::string value;
};

/// One listed party as the store needs it.
struct SnapshotEntry {
  model::Entity entity;
  std::vector<model::Designation> designations;  ///< each with entity = entity.id
  std::vector<SnapshotFact> facts;
  std::uint32_t line = 0;  ///< where the record starts in its file, for provenance
};

/// A snapshot to write.
struct NewSnapshot {
  std::string source;  ///< e.g. `un-sc`
  std::string format;  ///< e.g. `un-xml`
  std::string as_of;   ///< ISO date, required
  std::string file;    ///< display name of the main file (dataset_versions.file is `<file>@<as_of>`)
  std::vector<std::string> files;  ///< every file read, companions included
  std::string sha256;              ///< of the file, or of the files' digests when there are several
  std::vector<SnapshotEntry> entries;
  std::vector<model::Relation> relations;
};

/// One snapshot as recorded.
struct SnapshotInfo {
  SnapshotId id = 0;
  VersionId version = 0;
  std::string source;
  std::string format;
  std::string as_of;
  std::string imported_at;
  std::vector<std::string> files;
  std::string sha256;
  std::int64_t entries = 0;
  std::int64_t added = 0;    ///< entries not in the previous snapshot of the source (all, for the first)
  std::int64_t removed = 0;  ///< entries of the previous snapshot it no longer holds
  std::int64_t changed = 0;  ///< entries held by both whose content differs
};

/// What writing a snapshot did, and what it refused.
struct SnapshotWrite {
  SnapshotInfo snapshot;
  /// Entry ids another dataset (or another list source) holds already: nothing is written for them and the
  /// caller must not commit.
  std::vector<std::string> conflicts;
  /// Relations naming an id that is neither in the snapshot nor in the database: skipped.
  std::vector<model::Relation> skipped_relations;
};

enum class EntryChangeKind { added, removed, changed };
[[nodiscard]] std::string_view to_string(EntryChangeKind k) noexcept;

struct EntryChange {
  EntryChangeKind kind = EntryChangeKind::added;
  std::string entity_id;
  std::string name;                 ///< primary name in the newer snapshot (in the older one when removed)
  std::string previous_name;        ///< for changed entries whose primary name changed, else empty
  std::vector<std::string> fields;  ///< changed: `names`, `identifiers`, `designations`, … (see kEntryFields)
};

struct SnapshotDiff {
  SnapshotInfo from;
  SnapshotInfo to;
  std::vector<EntryChange> changes;  ///< added, then removed, then changed; each by entity id
};

/// The fields an entry's digest is made of, in the order `fields` lists them.
inline constexpr std::string_view kEntryFields[] = {"kind",      "names",        "identifiers", "countries",
                                                    "addresses", "birth_date",   "incorporated", "designations",
                                                    "facts"};

/// Every snapshot, by source then as-of date (then id).
[[nodiscard]] std::vector<SnapshotInfo> list_snapshots(const Database& db);
/// Snapshots of one source, oldest first.
[[nodiscard]] std::vector<SnapshotInfo> snapshots_of(const Database& db, std::string_view source);
/// The newest snapshot of `source` (latest as-of date, then latest import).
[[nodiscard]] std::optional<SnapshotInfo> latest_snapshot(const Database& db, std::string_view source);
/// A snapshot whose sha256 is `sha256`, if any was imported.
[[nodiscard]] std::optional<SnapshotInfo> snapshot_with_sha256(const Database& db, std::string_view sha256);
/// Added, removed and changed entries from snapshot `from` to snapshot `to` (both of the same source).
[[nodiscard]] SnapshotDiff diff_snapshots(const Database& db, SnapshotId from, SnapshotId to);

/// The field digests of an entry as stored (`kind=…;names=…;…`), and the entry's digest over them.
struct EntryDigest {
  std::string fields;
  std::string digest;
};
[[nodiscard]] EntryDigest digest_entry(const SnapshotEntry& e);

}  // namespace sanx::store
