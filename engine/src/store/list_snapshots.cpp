// Reading list snapshots back (sanx lists, diffs) and the per-field digest of an entry that tells a changed
// entry from an unchanged one. Writing is in import_session.cpp, inside an import's transaction.
#include "sanx/store/list_snapshots.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <utility>

#include "sanx/core/error.hpp"
#include "sanx/core/text.hpp"
#include "store/database_impl.hpp"
#include "store/sqlite.hpp"

namespace sanx::store {
namespace {

using detail::ResetGuard;
using detail::Statement;

constexpr std::string_view kSnapshotColumns =
    "SELECT id, version_id, source, format, as_of, imported_at, files, sha256, entries, added, removed, changed "
    "FROM list_snapshots ";

SnapshotInfo read_snapshot(const Statement& s) {
  SnapshotInfo info;
  info.id = s.column_int(0);
  info.version = s.column_int(1);
  info.source = s.column_text(2);
  info.format = s.column_text(3);
  info.as_of = s.column_text(4);
  info.imported_at = s.column_text(5);
  for (const auto part : core::split_list(s.column_text(6), '|')) info.files.emplace_back(part);
  info.sha256 = s.column_text(7);
  info.entries = s.column_int(8);
  info.added = s.column_int(9);
  info.removed = s.column_int(10);
  info.changed = s.column_int(11);
  return info;
}

std::vector<SnapshotInfo> query_snapshots(const Database& db, std::string_view where, std::string_view param) {
  auto& impl = db.impl();
  Statement s(impl.db.get(), impl.path_text, fmt::format("{} {}", kSnapshotColumns, where));
  if (!param.empty()) s.bind_text(1, param);
  ResetGuard guard(s);
  std::vector<SnapshotInfo> out;
  while (s.step()) out.push_back(read_snapshot(s));
  return out;
}

SnapshotInfo snapshot_by_id(const Database& db, SnapshotId id) {
  auto found = query_snapshots(db, fmt::format("WHERE id = {}", id), {});
  if (found.empty()) throw StoreError(fmt::format("{}: no list snapshot {}", db.impl().path_text, id));
  return std::move(found.front());
}

// 64-bit FNV-1a: a change detector, not a security measure (the file's SHA-256 guards whole files).
class Fnv {
 public:
  void add(std::string_view s) noexcept {
    for (const char c : s) {
      h_ ^= static_cast<unsigned char>(c);
      h_ *= 0x100000001b3ULL;
    }
  }
  void sep(char c) noexcept { add(std::string_view(&c, 1)); }
  [[nodiscard]] std::string hex() const { return fmt::format("{:016x}", h_); }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ULL;
};

std::string date_text(const std::optional<core::Date>& d) { return d ? d->to_string() : std::string(); }

struct StoredEntry {
  std::string name;
  std::string digest;
  std::string fields;
};

std::map<std::string, StoredEntry, std::less<>> entries_of(const Database& db, SnapshotId snapshot) {
  auto& impl = db.impl();
  Statement s(impl.db.get(), impl.path_text,
              "SELECT entity_id, name, digest, fields FROM list_entries WHERE snapshot_id = ?1");
  s.bind_int(1, snapshot);
  ResetGuard guard(s);
  std::map<std::string, StoredEntry, std::less<>> out;
  while (s.step()) {
    out.emplace(std::string(s.column_text(0)),
                StoredEntry{std::string(s.column_text(1)), std::string(s.column_text(2)), std::string(s.column_text(3))});
  }
  return out;
}

/// `kind=…;names=…` → the names of the fields whose digests differ.
std::vector<std::string> changed_fields(std::string_view before, std::string_view after) {
  std::map<std::string_view, std::string_view> old_fields;
  for (const auto part : core::split_list(before, ';')) {
    const auto eq = part.find('=');
    if (eq != std::string_view::npos) old_fields.emplace(part.substr(0, eq), part.substr(eq + 1));
  }
  std::vector<std::string> out;
  for (const auto part : core::split_list(after, ';')) {
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    auto it = old_fields.find(part.substr(0, eq));
    if (it == old_fields.end() || it->second != part.substr(eq + 1)) out.emplace_back(part.substr(0, eq));
  }
  return out;
}

}  // namespace

std::string_view to_string(EntryChangeKind k) noexcept {
  switch (k) {
    case EntryChangeKind::added: return "added";
    case EntryChangeKind::removed: return "removed";
    case EntryChangeKind::changed: return "changed";
  }
  return "?";
}

EntryDigest digest_entry(const SnapshotEntry& e) {
  std::vector<std::pair<std::string_view, Fnv>> parts;
  const auto field = [&](std::string_view name) -> Fnv& { return parts.emplace_back(name, Fnv{}).second; };
  field("kind").add(model::to_string(e.entity.kind));
  auto& names = field("names");
  for (const auto& n : e.entity.names) {
    names.add(n.text), names.sep('\x1f'), names.add(model::to_string(n.kind)), names.sep('\x1f');
    names.add(n.script), names.sep('\x1e');
  }
  auto& ids = field("identifiers");
  for (const auto& i : e.entity.identifiers) ids.add(i.scheme), ids.sep('\x1f'), ids.add(i.value), ids.sep('\x1e');
  auto& countries = field("countries");
  for (const auto& c : e.entity.countries) countries.add(c), countries.sep('\x1e');
  auto& addresses = field("addresses");
  for (const auto& a : e.entity.addresses) addresses.add(a), addresses.sep('\x1e');
  field("birth_date").add(date_text(e.entity.birth_date));
  field("incorporated").add(date_text(e.entity.incorporated));
  // Not source_ref: it holds the record's line, which moves whenever an earlier record is added or removed.
  auto& designations = field("designations");
  for (const auto& d : e.designations) {
    for (const std::string_view part : {std::string_view(d.regime), std::string_view(d.list)}) {
      designations.add(part), designations.sep('\x1f');
    }
    designations.add(core::join(d.programs, "|")), designations.sep('\x1f');
    designations.add(date_text(d.listed_from)), designations.sep('\x1f');
    designations.add(date_text(d.listed_to)), designations.sep('\x1f');
    designations.add(core::join(d.measures, "|")), designations.sep('\x1e');
  }
  auto& facts = field("facts");
  for (const auto& f : e.facts) facts.add(f.key), facts.sep('\x1f'), facts.add(f.value), facts.sep('\x1e');

  EntryDigest out;
  Fnv all;
  for (const auto& [name, hash] : parts) {
    if (!out.fields.empty()) out.fields += ';';
    out.fields += fmt::format("{}={}", name, hash.hex());
  }
  all.add(out.fields);
  out.digest = all.hex();
  return out;
}

std::vector<SnapshotInfo> list_snapshots(const Database& db) {
  return query_snapshots(db, "ORDER BY source, as_of, id", {});
}

std::vector<SnapshotInfo> snapshots_of(const Database& db, std::string_view source) {
  return query_snapshots(db, "WHERE source = ?1 ORDER BY as_of, id", source);
}

std::optional<SnapshotInfo> latest_snapshot(const Database& db, std::string_view source) {
  auto found = query_snapshots(db, "WHERE source = ?1 ORDER BY as_of DESC, id DESC LIMIT 1", source);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::optional<SnapshotInfo> snapshot_with_sha256(const Database& db, std::string_view sha256) {
  auto found = query_snapshots(db, "WHERE sha256 = ?1 ORDER BY id LIMIT 1", sha256);
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

SnapshotDiff diff_snapshots(const Database& db, SnapshotId from, SnapshotId to) {
  SnapshotDiff out;
  out.from = snapshot_by_id(db, from);
  out.to = snapshot_by_id(db, to);
  const auto before = entries_of(db, from);
  const auto after = entries_of(db, to);
  for (const auto& [id, e] : after) {
    if (!before.contains(id)) out.changes.push_back({EntryChangeKind::added, id, e.name, {}, {}});
  }
  for (const auto& [id, e] : before) {
    if (!after.contains(id)) out.changes.push_back({EntryChangeKind::removed, id, e.name, {}, {}});
  }
  for (const auto& [id, e] : after) {
    auto it = before.find(id);
    if (it == before.end() || it->second.digest == e.digest) continue;
    EntryChange c{EntryChangeKind::changed, id, e.name, {}, changed_fields(it->second.fields, e.fields)};
    if (it->second.name != e.name) c.previous_name = it->second.name;
    out.changes.push_back(std::move(c));
  }
  return out;
}

}  // namespace sanx::store
