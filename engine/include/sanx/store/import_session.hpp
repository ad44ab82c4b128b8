/// \file
/// An import as one transaction. Opening a session begins an IMMEDIATE transaction; commit() checks
/// references and commits; a session destroyed without commit() rolls back, so a failed import leaves
/// the database exactly as it was.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sanx/model/dataset.hpp"
#include "sanx/model/designation.hpp"
#include "sanx/model/entity.hpp"
#include "sanx/model/payment.hpp"
#include "sanx/model/relation.hpp"
#include "sanx/store/database.hpp"
#include "sanx/store/list_snapshots.hpp"

namespace sanx::store {

struct NewVersion {
  std::string dataset;
  std::string file;
  std::string kind;
  std::string sha256;
  std::string source;
  std::string licence;
  std::string as_of;  ///< ISO date or empty
};

enum class InsertResult { inserted, duplicate };

/// A row that points at an entity id that does not exist, found at commit time (typically because a
/// replaced entities file no longer holds an id that another file uses).
struct DanglingReference {
  std::string table;      ///< e.g. "payments"
  std::string row_id;     ///< the referencing row's id (or source→target for relations)
  std::string column;     ///< e.g. "originator"
  std::string entity_id;  ///< the id that no longer resolves
  std::string file;       ///< file of the referencing row's version
  std::uint32_t line = 0; ///< line of the referencing row in that file
};

class ImportSession {
 public:
  /// Begins the transaction. Throws StoreError (e.g. database locked by another writer).
  explicit ImportSession(Database& db);
  ImportSession(const ImportSession&) = delete;
  ImportSession& operator=(const ImportSession&) = delete;
  ~ImportSession();  ///< rolls back unless committed

  /// Records a new current version of (dataset, file) and deletes the rows of its previous current
  /// version, which stays recorded as replaced.
  [[nodiscard]] VersionId begin_file(const NewVersion& v);
  /// Stores the row count of a finished file.
  void end_file(VersionId version, std::int64_t rows);

  /// `line` is the 1-based line of the row in its file, kept as provenance for explanations.
  /// Returns duplicate (and inserts nothing) when the id exists already in the database.
  [[nodiscard]] InsertResult add_entity(VersionId v, const model::Entity& e, std::uint32_t line);
  void add_relation(VersionId v, const model::Relation& r, std::uint32_t line);
  void add_designation(VersionId v, const model::Designation& d, std::uint32_t line);
  [[nodiscard]] InsertResult add_payment(VersionId v, const model::Payment& p, std::uint32_t line);
  [[nodiscard]] InsertResult add_shipment(VersionId v, const model::Shipment& s, std::uint32_t line);

  /// Writes one snapshot of an official list (list_snapshots.hpp says what that does). The caller has
  /// checked that `snapshot` is not older than the latest of its source. Entries whose id another dataset
  /// holds are reported as conflicts and not written (the caller must then not commit); relations naming
  /// an id neither in the snapshot nor in the database are skipped and reported.
  [[nodiscard]] SnapshotWrite add_list_snapshot(const NewSnapshot& snapshot);

  /// Every entity in the database as seen inside this transaction (including this session's inserts).
  void for_each_entity(const std::function<void(std::string_view id, model::EntityKind kind)>& f) const;
  /// Every `bic:` identifier with the id of the bank entity holding it.
  void for_each_bic(const std::function<void(std::string_view bic, std::string_view entity_id)>& f) const;

  /// The texts of entity names in the database (as seen inside this transaction) that have no stored Latin
  /// form under `method` and have a letter outside ASCII (the only ones that need one). Forms stored
  /// under another method are dropped first, and so are those of texts no entity name holds any more:
  /// the store keeps the forms of one method, for the names it holds (model::NameTransliterations).
  [[nodiscard]] std::vector<std::string> names_to_transliterate(std::string_view method);
  /// Stores a name's Latin form under the method of the last names_to_transliterate.
  void add_transliteration(const model::NameTransliteration& t);

  /// References to missing entities, at most `limit` of them. Empty means commit() will succeed.
  [[nodiscard]] std::vector<DanglingReference> dangling_references(std::size_t limit = 20) const;

  /// Commits. Throws StoreError if SQLite refuses (call dangling_references() first to report why).
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sanx::store
