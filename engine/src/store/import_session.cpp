#include "sanx/store/import_session.hpp"

#include <fmt/core.h>

#include <algorithm>

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "sanx/core/error.hpp"
#include "sanx/core/text.hpp"
#include "store/database_impl.hpp"
#include "store/payment_batch.hpp"
#include "store/sqlite.hpp"

namespace sanx::store {
namespace {

using detail::ResetGuard;
using detail::Statement;

// Deleting an entity makes SQLite look for rows that reference it, in every referencing column. Payments
// and shipments have no index on those columns (each would cost more than the rest of their insert), so
// each look-up is a full scan: about 0.2 s per deleted entity with a million payments. Building the two
// payment indexes costs about as much as a dozen such scans, so beyond this many deleted entities the
// indexes are built for the delete and dropped again, which bounds the delete at O(n log n) instead of
// O(deleted × rows). Measured in docs/perf/store.md.
constexpr std::int64_t kTemporaryIndexThreshold = 12;

// Referencing columns without a permanent index. relations and designations have permanent ones.
struct TemporaryIndex {
  const char* create;
  const char* drop;
};
constexpr TemporaryIndex kTemporaryIndexes[] = {
    {"CREATE INDEX IF NOT EXISTS sanx_tmp_payments_originator ON payments(originator)",
     "DROP INDEX IF EXISTS sanx_tmp_payments_originator"},
    {"CREATE INDEX IF NOT EXISTS sanx_tmp_payments_beneficiary ON payments(beneficiary)",
     "DROP INDEX IF EXISTS sanx_tmp_payments_beneficiary"},
    {"CREATE INDEX IF NOT EXISTS sanx_tmp_shipments_exporter ON shipments(exporter)",
     "DROP INDEX IF EXISTS sanx_tmp_shipments_exporter"},
    {"CREATE INDEX IF NOT EXISTS sanx_tmp_shipments_consignee ON shipments(consignee)",
     "DROP INDEX IF EXISTS sanx_tmp_shipments_consignee"},
    {"CREATE INDEX IF NOT EXISTS sanx_tmp_shipments_end_user ON shipments(end_user)",
     "DROP INDEX IF EXISTS sanx_tmp_shipments_end_user"},
    {"CREATE INDEX IF NOT EXISTS sanx_tmp_shipments_vessel ON shipments(vessel)",
     "DROP INDEX IF EXISTS sanx_tmp_shipments_vessel"},
    {"CREATE INDEX IF NOT EXISTS sanx_tmp_shipments_notify_party ON shipments(notify_party)",
     "DROP INDEX IF EXISTS sanx_tmp_shipments_notify_party"},
};

// The table holding the rows of a file kind (model::to_string(FileKind) spelling).
std::optional<std::string_view> table_of_kind(std::string_view kind) noexcept {
  for (const std::string_view table : {"entities", "relations", "designations", "payments", "shipments"}) {
    if (kind == table) return table;
  }
  return std::nullopt;
}

// Every entity reference, for dangling_references(). `row_id` is an SQL expression over the table alias t.
struct Reference {
  std::string_view table;
  std::string_view row_id;
  std::string_view column;
};
constexpr Reference kReferences[] = {
    {"relations", "t.source || '→' || t.target", "source"},
    {"relations", "t.source || '→' || t.target", "target"},
    {"designations", "t.regime || coalesce('/' || t.list, '')", "entity"},
    {"payments", "t.id", "originator"},
    {"payments", "t.id", "beneficiary"},
    {"shipments", "t.id", "exporter"},
    {"shipments", "t.id", "consignee"},
    {"shipments", "t.id", "end_user"},
    {"shipments", "t.id", "vessel"},
    {"shipments", "t.id", "notify_party"},
};

std::string text_of(const std::optional<core::Date>& d) { return d ? d->to_string() : std::string(); }
std::string text_of(const std::optional<core::Decimal>& d) { return d ? d->to_string() : std::string(); }

// Payment ids already in the table are hashed into memory when a session first adds payments, so that
// add_payment() can tell duplicates without asking SQLite. Beyond this many (16 bytes each at most), the
// table is asked instead, row by row, which is slower but keeps memory bounded.
constexpr std::size_t kMaxLoadedPaymentIds = 4'000'000;

std::string insert_payments_sql(std::size_t rows) {
  return detail::insert_rows_sql(
      "INSERT INTO payments(id, version_id, line, date, originator, beneficiary, originator_bic, beneficiary_bic, "
      "intermediary_bics, network, currency, amount, purpose, ordering_bic, reference, channel) VALUES ",
      detail::PaymentBatch::kColumns, rows);
}
constexpr std::string_view kInsertShipment =
    "INSERT INTO shipments(id, version_id, line, date, exporter, consignee, end_user, hs_code, description, value, "
    "currency, origin, destination, route, mode, vessel, notify_party, contract, contract_date, no_russia_clause, "
    "loading_port, discharge_port, quantity, unit) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
    "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24)";
constexpr std::string_view kInsertRelation =
    "INSERT INTO relations(version_id, line, source, target, kind, share, basis, start, \"end\") "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr std::string_view kInsertDesignation =
    "INSERT INTO designations(version_id, line, entity, regime, list, programs, listed_from, listed_to, measures, "
    "source_ref) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr std::string_view kInsertEntity =
    "INSERT INTO entities(id, version_id, line, kind, name, birth_date, incorporated, sectors, web_presence, phones) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr std::string_view kUpdateEntity =
    "UPDATE entities SET version_id = ?2, line = ?3, kind = ?4, name = ?5, birth_date = ?6, incorporated = ?7, "
    "sectors = ?8, web_presence = ?9, phones = ?10 WHERE id = ?1";

}  // namespace

struct ImportSession::Impl {
  /// A file begun in this session, and the version it replaces (whose rows it takes over).
  struct File {
    VersionId id = 0;
    std::optional<VersionId> replaces;
    bool leftovers_pending = false;  ///< entities of `replaces` not updated by this file still to delete
  };

  explicit Impl(Database::Impl& database) : db(database.db.get()), path(database.path_text) {}

  sqlite3* db;
  const std::string& path;
  bool committed = false;
  bool temporary_indexes = false;  ///< kTemporaryIndexes exist (inside this transaction only)
  std::vector<File> files;

  // Payments waiting for a multi-row INSERT, and the hashes of every payment id in the table or the
  // batch (see payment_batch.hpp). Unloaded until the first add_payment, and again after payments are
  // deleted.
  detail::PaymentBatch payments;
  detail::HashSet payment_ids;
  bool payment_ids_loaded = false;
  bool payment_ids_complete = false;  ///< false: the table held too many ids to load; ask it per row

  // Prepared once per session on first use and reused for every row.
  Statement insert_payment_batch, insert_payment, select_payment;
  Statement insert_shipment, insert_relation, insert_designation;
  Statement select_entity_version, insert_entity, update_entity;
  Statement insert_name, insert_identifier, insert_country, insert_address;
  Statement delete_names, delete_identifiers, delete_countries, delete_addresses;
  Statement insert_fact, delete_facts;
  Statement insert_transliteration;

  Statement& prepared(Statement& s, std::string_view sql) {
    if (!s) s = Statement(db, path, sql);
    return s;
  }

  void exec(const char* sql) { detail::exec(db, path, sql); }

  std::int64_t query_int(std::string_view sql, std::int64_t param) {
    Statement s(db, path, sql);
    s.bind_int(1, param);
    ResetGuard guard(s);
    return s.step() ? s.column_int(0) : 0;
  }

  void load_payment_ids() {
    if (payment_ids_loaded) return;
    payment_ids.clear();
    payment_ids_complete = true;
    Statement select(db, path, "SELECT id FROM payments");
    ResetGuard guard(select);
    while (select.step()) {
      if (payment_ids.size() >= kMaxLoadedPaymentIds) {
        payment_ids.clear();
        payment_ids_complete = false;
        break;
      }
      payment_ids.insert(detail::HashSet::hash(select.column_text(0)));
    }
    payment_ids_loaded = true;
  }

  bool payment_in_table(std::string_view id) {
    auto& select = prepared(select_payment, "SELECT 1 FROM payments WHERE id = ?1");
    select.bind_text(1, id);
    ResetGuard guard(select);
    return select.step();
  }

  static void bind_payment(Statement& s, int first, const detail::PaymentBatch& batch,
                           const detail::PaymentBatch::Row& r) {
    const auto text = [&](int field) { return batch.text(r.text[field]); };
    s.bind_text(first + 0, text(0));  // id
    s.bind_int(first + 1, r.version);
    s.bind_int(first + 2, r.line);
    s.bind_text(first + 3, text(1));  // date
    s.bind_text(first + 4, text(2));  // originator
    s.bind_text(first + 5, text(3));  // beneficiary
    s.bind_text_or_null(first + 6, text(4));  // originator_bic
    s.bind_text_or_null(first + 7, text(5));  // beneficiary_bic
    s.bind_text_or_null(first + 8, text(6));  // intermediary_bics
    s.bind_text(first + 9, text(7));          // network
    s.bind_text(first + 10, text(8));         // currency
    s.bind_text(first + 11, text(9));         // amount
    s.bind_text_or_null(first + 12, text(10));  // purpose
    s.bind_text_or_null(first + 13, text(11));  // ordering_bic
    s.bind_text_or_null(first + 14, text(12));  // reference
    s.bind_text_or_null(first + 15, text(13));  // channel, empty for a transfer
  }

  // Writes the pending payments: whole batches in one statement, a remainder row by row. Every id was
  // checked by add_payment, so a constraint failure here is an environment problem and throws.
  void flush_payments() {
    if (payments.empty()) return;
    const auto& rows = payments.rows();
    std::size_t i = 0;
    if (rows.size() == detail::PaymentBatch::kRows) {
      auto& batch = prepared(insert_payment_batch, insert_payments_sql(detail::PaymentBatch::kRows));
      for (; i < rows.size(); ++i) {
        bind_payment(batch, static_cast<int>(i) * detail::PaymentBatch::kColumns + 1, payments, rows[i]);
      }
      batch.run();
    }
    auto& single = prepared(insert_payment, insert_payments_sql(1));
    for (; i < rows.size(); ++i) {
      bind_payment(single, 1, payments, rows[i]);
      single.run();
    }
    payments.clear();
  }

  File* file(VersionId v) {
    for (auto& f : files) {
      if (f.id == v) return &f;
    }
    return nullptr;
  }

  void delete_rows_of(VersionId old, std::string_view kind) {
    const auto table = table_of_kind(kind);
    if (!table) throw StoreError(fmt::format("{}: dataset version {} has unknown kind `{}`", path, old, kind));
    if (*table == "entities") {
      delete_entities_of(old);
      return;
    }
    Statement s(db, path, fmt::format("DELETE FROM {} WHERE version_id = ?1", *table));
    s.bind_int(1, old);
    s.run();
    if (*table == "payments") payment_ids_loaded = false;  // reload without the deleted ids
  }

  // Unresolved deferred foreign keys so far (SQLite keeps the count).
  int deferred_violations() const {
    int current = 0;
    int highest = 0;
    sqlite3_db_status(db, SQLITE_DBSTATUS_DEFERRED_FKS, &current, &highest, 0);
    return current;
  }

  void create_temporary_indexes() {
    if (temporary_indexes) return;
    for (const auto& index : kTemporaryIndexes) exec(index.create);
    temporary_indexes = true;
  }

  void drop_temporary_indexes() {
    if (!temporary_indexes) return;
    for (const auto& index : kTemporaryIndexes) exec(index.drop);
    temporary_indexes = false;
  }

  // Deletes the entities still attributed to version `old` (their names, identifiers, countries and
  // addresses go with them by ON DELETE CASCADE).
  void delete_entities_of(VersionId old) {
    const auto count = query_int("SELECT count(*) FROM entities WHERE version_id = ?1", old);
    if (count == 0) return;
    if (count >= kTemporaryIndexThreshold) create_temporary_indexes();
    Statement s(db, path, "DELETE FROM entities WHERE version_id = ?1");
    s.bind_int(1, old);
    s.run();
    if (deferred_violations() > 0) {
      // Some row still names a deleted entity. While that lasts, SQLite looks for referencing rows on
      // every entity insert too (the new entity might resolve them): keep the indexes until commit.
      create_temporary_indexes();
    } else {
      drop_temporary_indexes();
    }
  }

  void finish_leftovers(File& f) {
    if (!f.leftovers_pending) return;
    f.leftovers_pending = false;
    delete_entities_of(*f.replaces);
  }

  void finish_all_leftovers() {
    for (auto& f : files) finish_leftovers(f);
  }

  void write_entity_children(const model::Entity& e) {
    auto& names = prepared(insert_name, "INSERT INTO entity_names(entity_id, position, text, kind, script) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5)");
    std::int64_t position = 0;
    for (const auto& n : e.names) {
      names.bind_text(1, e.id);
      names.bind_int(2, position++);
      names.bind_text(3, n.text);
      names.bind_text(4, model::to_string(n.kind));
      names.bind_text_or_null(5, n.script);
      names.run();
    }
    auto& identifiers = prepared(insert_identifier, "INSERT INTO entity_identifiers(entity_id, position, scheme, "
                                                    "value) VALUES (?1, ?2, ?3, ?4)");
    position = 0;
    for (const auto& id : e.identifiers) {
      identifiers.bind_text(1, e.id);
      identifiers.bind_int(2, position++);
      identifiers.bind_text(3, id.scheme);
      identifiers.bind_text(4, id.value);
      identifiers.run();
    }
    write_strings(prepared(insert_country,
                           "INSERT INTO entity_countries(entity_id, position, country) VALUES (?1, ?2, ?3)"),
                  e.id, e.countries);
    write_strings(prepared(insert_address,
                           "INSERT INTO entity_addresses(entity_id, position, address) VALUES (?1, ?2, ?3)"),
                  e.id, e.addresses);
  }

  /// One child row (entity_id, position, value) per list element.
  static void write_strings(Statement& insert, std::string_view entity_id, const std::vector<std::string>& values) {
    std::int64_t position = 0;
    for (const auto& v : values) {
      insert.bind_text(1, entity_id);
      insert.bind_int(2, position++);
      insert.bind_text(3, v);
      insert.run();
    }
  }

  /// Inserts an entity, or (`update`) rewrites the existing row of that id with its names, identifiers,
  /// countries and addresses (and drops its facts), under version `v`.
  void write_entity(VersionId v, const model::Entity& e, std::uint32_t line, bool update) {
    const std::string name = e.names.empty() ? std::string() : e.names.front().text;
    const std::string birth_date = text_of(e.birth_date);
    const std::string incorporated = text_of(e.incorporated);
    auto& write = update ? prepared(update_entity, kUpdateEntity) : prepared(insert_entity, kInsertEntity);
    write.bind_text(1, e.id);
    write.bind_int(2, v);
    write.bind_int(3, line);
    write.bind_text(4, model::to_string(e.kind));
    write.bind_text(5, name);
    write.bind_text_or_null(6, birth_date);
    write.bind_text_or_null(7, incorporated);
    const std::string sectors = core::join(e.sectors, "|");
    const std::string phones = core::join(e.phones, "|");
    write.bind_text_or_null(8, sectors);
    if (e.web_presence) {
      write.bind_text(9, model::to_string(*e.web_presence));
    } else {
      write.bind_null(9);
    }
    write.bind_text_or_null(10, phones);
    write.run();
    if (update) delete_entity_children(e.id);
    write_entity_children(e);
  }

  void write_facts(std::string_view entity_id, const std::vector<SnapshotFact>& facts) {
    auto& insert =
        prepared(insert_fact, "INSERT INTO entity_facts(entity_id, position, key, value) VALUES (?1, ?2, ?3, ?4)");
    std::int64_t position = 0;
    for (const auto& f : facts) {
      insert.bind_text(1, entity_id);
      insert.bind_int(2, position++);
      insert.bind_text(3, f.key);
      insert.bind_text(4, f.value);
      insert.run();
    }
  }

  void delete_entity_children(std::string_view id) {
    for (auto* s : {&prepared(delete_names, "DELETE FROM entity_names WHERE entity_id = ?1"),
                    &prepared(delete_identifiers, "DELETE FROM entity_identifiers WHERE entity_id = ?1"),
                    &prepared(delete_countries, "DELETE FROM entity_countries WHERE entity_id = ?1"),
                    &prepared(delete_addresses, "DELETE FROM entity_addresses WHERE entity_id = ?1"),
                    &prepared(delete_facts, "DELETE FROM entity_facts WHERE entity_id = ?1")}) {
      s->bind_text(1, id);
      s->run();
    }
  }
};

ImportSession::ImportSession(Database& db) : impl_(std::make_unique<Impl>(*db.impl_)) {
  // IMMEDIATE: take the write lock now, so a second writer fails here (after the busy timeout) rather
  // than half-way through an import.
  detail::exec(impl_->db, impl_->path, "BEGIN IMMEDIATE", "cannot begin the import transaction");
}

ImportSession::~ImportSession() {
  if (!impl_->committed && sqlite3_get_autocommit(impl_->db) == 0) {
    // Nothing to report from a destructor: if even ROLLBACK fails, SQLite rolls back when the
    // connection closes, and the next writer recovers the journal.
    sqlite3_exec(impl_->db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

VersionId ImportSession::begin_file(const NewVersion& v) {
  Impl& s = *impl_;
  s.flush_payments();
  if (!table_of_kind(v.kind)) throw StoreError(fmt::format("{}: unknown file kind `{}`", s.path, v.kind));

  std::optional<VersionId> old;
  std::string old_kind;
  {
    Statement find(s.db, s.path, "SELECT id, kind FROM dataset_versions WHERE dataset = ?1 AND file = ?2 AND current = 1");
    find.bind_text(1, v.dataset);
    find.bind_text(2, v.file);
    ResetGuard guard(find);
    if (find.step()) {
      old = find.column_int(0);
      old_kind = find.column_text(1);
    }
  }
  if (old) {
    // Before the insert: at most one current version per (dataset, file), by a partial unique index.
    Statement retire(s.db, s.path, "UPDATE dataset_versions SET current = 0 WHERE id = ?1");
    retire.bind_int(1, *old);
    retire.run();
  }

  const std::string now = detail::utc_now_iso();
  Statement insert(s.db, s.path,
                   "INSERT INTO dataset_versions(dataset, file, kind, sha256, source, licence, as_of, imported_at, "
                   "rows, current) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, 1)");
  insert.bind_text(1, v.dataset);
  insert.bind_text(2, v.file);
  insert.bind_text(3, v.kind);
  insert.bind_text(4, v.sha256);
  insert.bind_text_or_null(5, v.source);
  insert.bind_text_or_null(6, v.licence);
  insert.bind_text_or_null(7, v.as_of);
  insert.bind_text(8, now);
  insert.run();
  const VersionId id = sqlite3_last_insert_rowid(s.db);

  Impl::File f;
  f.id = id;
  if (old) {
    Statement link(s.db, s.path, "UPDATE dataset_versions SET replaced_by = ?2 WHERE id = ?1");
    link.bind_int(1, *old);
    link.bind_int(2, id);
    link.run();
    f.replaces = old;
    if (v.kind == "entities" && old_kind == "entities") {
      // Entities are upserted: ids the new file keeps are updated in place (rows elsewhere that reference
      // them stay valid); the others are deleted when the file ends.
      f.leftovers_pending = true;
    } else {
      s.delete_rows_of(*old, old_kind);
    }
  }
  s.files.push_back(f);
  return id;
}

void ImportSession::end_file(VersionId version, std::int64_t rows) {
  Impl& s = *impl_;
  s.flush_payments();
  Statement update(s.db, s.path, "UPDATE dataset_versions SET rows = ?2 WHERE id = ?1");
  update.bind_int(1, version);
  update.bind_int(2, rows);
  update.run();
  if (auto* f = s.file(version)) s.finish_leftovers(*f);
}

InsertResult ImportSession::add_entity(VersionId v, const model::Entity& e, std::uint32_t line) {
  Impl& s = *impl_;
  std::optional<VersionId> existing;
  {
    auto& select = s.prepared(s.select_entity_version, "SELECT version_id FROM entities WHERE id = ?1");
    select.bind_text(1, e.id);
    ResetGuard guard(select);
    if (select.step()) existing = select.column_int(0);
  }
  if (existing) {
    // Only an entity of the version this file replaces is taken over; any other holder (another file, or
    // this file itself) makes the id a duplicate.
    const auto* f = s.file(v);
    if (f == nullptr || !f->replaces || *existing != *f->replaces) return InsertResult::duplicate;
  }

  s.write_entity(v, e, line, existing.has_value());
  return InsertResult::inserted;
}

void ImportSession::add_relation(VersionId v, const model::Relation& r, std::uint32_t line) {
  Impl& s = *impl_;
  auto& insert = s.prepared(s.insert_relation, kInsertRelation);
  const std::string share = text_of(r.share);
  const std::string start = text_of(r.start);
  const std::string end = text_of(r.end);
  insert.bind_int(1, v);
  insert.bind_int(2, line);
  insert.bind_text(3, r.source);
  insert.bind_text(4, r.target);
  insert.bind_text(5, model::to_string(r.kind));
  insert.bind_text_or_null(6, share);
  insert.bind_text_or_null(7, r.basis);
  insert.bind_text_or_null(8, start);
  insert.bind_text_or_null(9, end);
  insert.run();
}

void ImportSession::add_designation(VersionId v, const model::Designation& d, std::uint32_t line) {
  Impl& s = *impl_;
  auto& insert = s.prepared(s.insert_designation, kInsertDesignation);
  const std::string programs = core::join(d.programs, "|");
  const std::string listed_from = text_of(d.listed_from);
  const std::string listed_to = text_of(d.listed_to);
  const std::string measures = core::join(d.measures, "|");
  insert.bind_int(1, v);
  insert.bind_int(2, line);
  insert.bind_text(3, d.entity);
  insert.bind_text(4, d.regime);
  insert.bind_text_or_null(5, d.list);
  insert.bind_text_or_null(6, programs);
  insert.bind_text_or_null(7, listed_from);
  insert.bind_text_or_null(8, listed_to);
  insert.bind_text_or_null(9, measures);
  insert.bind_text_or_null(10, d.source_ref);
  insert.run();
}

InsertResult ImportSession::add_payment(VersionId v, const model::Payment& p, std::uint32_t line) {
  Impl& s = *impl_;
  s.load_payment_ids();
  const auto hash = detail::HashSet::hash(p.id);
  s.payment_ids.prefetch(hash);
  s.payments.add(v, p, line);  // copying the row hides the prefetch
  if (!s.payment_ids.insert(hash)) {
    // The id, or another one with the same 64-bit hash, is in the table or the batch: let SQLite say.
    s.payments.pop_back();
    s.flush_payments();
    if (s.payment_in_table(p.id)) return InsertResult::duplicate;
    s.payments.add(v, p, line);
  } else if (!s.payment_ids_complete && s.payment_in_table(p.id)) {
    s.payments.pop_back();
    return InsertResult::duplicate;
  }
  if (s.payments.full()) s.flush_payments();
  return InsertResult::inserted;
}

InsertResult ImportSession::add_shipment(VersionId v, const model::Shipment& sh, std::uint32_t line) {
  Impl& s = *impl_;
  auto& insert = s.prepared(s.insert_shipment, kInsertShipment);
  const std::string date = sh.date.to_string();
  const std::string value = text_of(sh.value);
  const std::string route = core::join(sh.route, "|");
  insert.bind_text(1, sh.id);
  insert.bind_int(2, v);
  insert.bind_int(3, line);
  insert.bind_text(4, date);
  insert.bind_text(5, sh.exporter);
  insert.bind_text(6, sh.consignee);
  insert.bind_text_or_null(7, sh.end_user);
  insert.bind_text_or_null(8, sh.hs_code);
  insert.bind_text_or_null(9, sh.description);
  insert.bind_text_or_null(10, value);
  insert.bind_text_or_null(11, sh.currency);
  insert.bind_text_or_null(12, sh.origin);
  insert.bind_text_or_null(13, sh.destination);
  insert.bind_text_or_null(14, route);
  if (sh.mode) {
    insert.bind_text(15, model::to_string(*sh.mode));
  } else {
    insert.bind_null(15);
  }
  insert.bind_text_or_null(16, sh.vessel);
  const std::string contract_date = text_of(sh.contract_date);
  const std::string quantity = text_of(sh.quantity);
  insert.bind_text_or_null(17, sh.notify_party);
  insert.bind_text_or_null(18, sh.contract);
  insert.bind_text_or_null(19, contract_date);
  if (sh.no_russia_clause) {
    insert.bind_int(20, *sh.no_russia_clause ? 1 : 0);
  } else {
    insert.bind_null(20);
  }
  insert.bind_text_or_null(21, sh.loading_port);
  insert.bind_text_or_null(22, sh.discharge_port);
  insert.bind_text_or_null(23, quantity);
  insert.bind_text_or_null(24, sh.unit);
  const int rc = insert.step_rc();
  if (rc == SQLITE_DONE) {
    insert.reset();
    return InsertResult::inserted;
  }
  if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    insert.reset();
    return InsertResult::duplicate;
  }
  insert.fail(rc, "cannot run");
}

namespace {

/// What makes two designations of one entity the same listing, whatever their dates and provenance.
std::string designation_key(std::string_view regime, std::string_view list, std::string_view programs,
                            std::string_view measures) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}", regime, list, programs, measures);
}

}  // namespace

SnapshotWrite ImportSession::add_list_snapshot(const NewSnapshot& snap) {
  Impl& s = *impl_;
  s.flush_payments();
  const std::string dataset = "list:" + snap.source;
  SnapshotWrite out;

  std::optional<SnapshotId> previous;
  {
    Statement q(s.db, s.path, "SELECT id FROM list_snapshots WHERE source = ?1 ORDER BY as_of DESC, id DESC LIMIT 1");
    q.bind_text(1, snap.source);
    ResetGuard guard(q);
    if (q.step()) previous = q.column_int(0);
  }

  // Every snapshot's version stays current (its rows, e.g. a delisted entity's closed designations, are
  // still loaded), so each needs its own file name: `<file>@<as-of>`, numbered for a same-day republication.
  std::string file = fmt::format("{}@{}", snap.file, snap.as_of);
  {
    Statement taken(s.db, s.path, "SELECT 1 FROM dataset_versions WHERE dataset = ?1 AND file = ?2 AND current = 1");
    for (int n = 2;; ++n) {
      taken.bind_text(1, dataset);
      taken.bind_text(2, file);
      ResetGuard guard(taken);
      if (!taken.step()) break;
      file = fmt::format("{}@{}#{}", snap.file, snap.as_of, n);
    }
  }
  const std::string now = detail::utc_now_iso();
  const std::string files = core::join(snap.files, "|");
  {
    Statement insert(s.db, s.path,
                     "INSERT INTO dataset_versions(dataset, file, kind, sha256, source, as_of, imported_at, rows, "
                     "current) VALUES (?1, ?2, 'list', ?3, ?4, ?5, ?6, ?7, 1)");
    insert.bind_text(1, dataset);
    insert.bind_text(2, file);
    insert.bind_text(3, snap.sha256);
    insert.bind_text(4, snap.source);
    insert.bind_text(5, snap.as_of);
    insert.bind_text(6, now);
    insert.bind_int(7, static_cast<std::int64_t>(snap.entries.size()));
    insert.run();
  }
  const VersionId version = sqlite3_last_insert_rowid(s.db);
  {
    Statement insert(s.db, s.path,
                     "INSERT INTO list_snapshots(version_id, source, format, as_of, imported_at, files, sha256, "
                     "entries) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    insert.bind_int(1, version);
    insert.bind_text(2, snap.source);
    insert.bind_text(3, snap.format);
    insert.bind_text(4, snap.as_of);
    insert.bind_text(5, now);
    insert.bind_text(6, files);
    insert.bind_text(7, snap.sha256);
    insert.bind_int(8, static_cast<std::int64_t>(snap.entries.size()));
    insert.run();
  }
  const SnapshotId id = sqlite3_last_insert_rowid(s.db);

  std::unordered_map<std::string, std::string> previous_digests;
  if (previous) {
    Statement q(s.db, s.path, "SELECT entity_id, digest FROM list_entries WHERE snapshot_id = ?1");
    q.bind_int(1, *previous);
    ResetGuard guard(q);
    while (q.step()) previous_digests.emplace(q.column_text(0), q.column_text(1));
  }

  Statement insert_entry(s.db, s.path,
                         "INSERT INTO list_entries(snapshot_id, entity_id, name, line, digest, fields) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  Statement owner(s.db, s.path,
                  "SELECT v.dataset FROM entities e JOIN dataset_versions v ON v.id = e.version_id WHERE e.id = ?1");
  Statement open_designations(s.db, s.path,
                              "SELECT d.id, d.regime, coalesce(d.list, ''), coalesce(d.programs, ''), "
                              "coalesce(d.measures, '') FROM designations d JOIN dataset_versions v ON v.id = "
                              "d.version_id WHERE d.entity = ?1 AND v.dataset = ?2 AND d.listed_to IS NULL");
  Statement last_closed(s.db, s.path,
                        "SELECT max(d.listed_to) FROM designations d JOIN dataset_versions v ON v.id = d.version_id "
                        "WHERE d.entity = ?1 AND v.dataset = ?2 AND d.listed_to IS NOT NULL");
  Statement keep_designation(s.db, s.path,
                             "UPDATE designations SET version_id = ?2, line = ?3, listed_from = coalesce(?4, "
                             "listed_from), source_ref = ?5 WHERE id = ?1");
  Statement close_designation(s.db, s.path, "UPDATE designations SET listed_to = ?2 WHERE id = ?1");
  Statement close_entity(s.db, s.path,
                         "UPDATE designations SET listed_to = ?3 WHERE entity = ?1 AND listed_to IS NULL AND "
                         "version_id IN (SELECT id FROM dataset_versions WHERE dataset = ?2)");

  // A new designation is in force from its listing date; without one, or when that date is older than the
  // entity's last delisting from this list (a relisting that repeats the original date), from the as-of date.
  const auto write_designation = [&](const model::Designation& d, std::uint32_t line, const std::string& delisted) {
    model::Designation copy = d;
    const bool relisting = d.listed_from && !delisted.empty() && d.listed_from->to_string() < delisted;
    if (!d.listed_from || relisting) copy.listed_from = core::Date::parse_iso(snap.as_of);
    add_designation(version, copy, line);
  };

  std::unordered_map<std::string_view, std::uint32_t> lines;  // id -> line of its entry in this snapshot
  for (const auto& entry : snap.entries) {
    const model::Entity& e = entry.entity;
    lines.emplace(e.id, entry.line);
    const EntryDigest digest = digest_entry(entry);
    const auto before = previous_digests.find(e.id);
    const bool held_before = before != previous_digests.end();
    if (!held_before || before->second != digest.digest) {
      std::optional<std::string> holder;
      {
        owner.bind_text(1, e.id);
        ResetGuard guard(owner);
        if (owner.step()) holder = std::string(owner.column_text(0));
      }
      // A party on several lists of the same authority (OFAC's SDN and consolidated lists share ids) is one
      // entity: each list keeps its own designations and delists only those. A canonical dataset's entity
      // is never taken over by a list.
      if (holder && *holder != dataset && !holder->starts_with("list:")) {
        out.conflicts.push_back(e.id);
        continue;
      }
      s.write_entity(version, e, entry.line, holder.has_value());
      s.write_facts(e.id, entry.facts);

      std::string delisted;
      std::vector<std::pair<std::int64_t, std::string>> open;  // designation id, key
      if (holder) {
        last_closed.bind_text(1, e.id);
        last_closed.bind_text(2, dataset);
        {
          ResetGuard guard(last_closed);
          if (last_closed.step()) delisted = last_closed.column_text(0);
        }
        open_designations.bind_text(1, e.id);
        open_designations.bind_text(2, dataset);
        ResetGuard guard(open_designations);
        while (open_designations.step()) {
          open.emplace_back(open_designations.column_int(0),
                            designation_key(open_designations.column_text(1), open_designations.column_text(2),
                                            open_designations.column_text(3), open_designations.column_text(4)));
        }
      }
      for (const auto& d : entry.designations) {
        const std::string key =
            designation_key(d.regime, d.list, core::join(d.programs, "|"), core::join(d.measures, "|"));
        auto match = std::find_if(open.begin(), open.end(), [&](const auto& o) { return o.second == key; });
        if (match == open.end()) {
          write_designation(d, entry.line, delisted);
          continue;
        }
        const std::string from = text_of(d.listed_from);
        keep_designation.bind_int(1, match->first);
        keep_designation.bind_int(2, version);
        keep_designation.bind_int(3, entry.line);
        keep_designation.bind_text_or_null(4, from);
        keep_designation.bind_text_or_null(5, d.source_ref);
        keep_designation.run();
        open.erase(match);
      }
      for (const auto& [designation, key] : open) {  // dropped from a listed entry: no longer in force
        close_designation.bind_int(1, designation);
        close_designation.bind_text(2, snap.as_of);
        close_designation.run();
      }
      if (held_before) {
        ++out.snapshot.changed;
      } else {
        ++out.snapshot.added;
      }
    }
    insert_entry.bind_int(1, id);
    insert_entry.bind_text(2, e.id);
    insert_entry.bind_text(3, e.names.empty() ? std::string_view() : std::string_view(e.names.front().text));
    insert_entry.bind_int(4, entry.line);
    insert_entry.bind_text(5, digest.digest);
    insert_entry.bind_text(6, digest.fields);
    const int rc = insert_entry.step_rc();
    if (rc != SQLITE_DONE) insert_entry.fail(rc, "cannot record a list entry");
    insert_entry.reset();
    if (held_before) previous_digests.erase(before);
  }

  // What the previous snapshot held and this one does not is delisted as of this snapshot.
  for (const auto& [entity, digest] : previous_digests) {
    close_entity.bind_text(1, entity);
    close_entity.bind_text(2, dataset);
    close_entity.bind_text(3, snap.as_of);
    close_entity.run();
    ++out.snapshot.removed;
  }

  // Relations are the list's current statement of links: the source's previous ones are replaced.
  {
    Statement drop(s.db, s.path,
                   "DELETE FROM relations WHERE version_id IN (SELECT id FROM dataset_versions WHERE dataset = ?1)");
    drop.bind_text(1, dataset);
    drop.run();
  }
  Statement exists(s.db, s.path, "SELECT 1 FROM entities WHERE id = ?1");
  const auto known = [&](const std::string& entity) {
    if (lines.contains(entity)) return true;
    exists.bind_text(1, entity);
    ResetGuard guard(exists);
    return exists.step();
  };
  for (const auto& r : snap.relations) {
    if (!known(r.source) || !known(r.target)) {
      out.skipped_relations.push_back(r);
      continue;
    }
    const auto line = lines.find(r.source);
    add_relation(version, r, line == lines.end() ? 0 : line->second);
  }

  {
    Statement update(s.db, s.path, "UPDATE list_snapshots SET added = ?2, removed = ?3, changed = ?4 WHERE id = ?1");
    update.bind_int(1, id);
    update.bind_int(2, out.snapshot.added);
    update.bind_int(3, out.snapshot.removed);
    update.bind_int(4, out.snapshot.changed);
    update.run();
  }
  out.snapshot.id = id;
  out.snapshot.version = version;
  out.snapshot.source = snap.source;
  out.snapshot.format = snap.format;
  out.snapshot.as_of = snap.as_of;
  out.snapshot.imported_at = now;
  out.snapshot.files = snap.files;
  out.snapshot.sha256 = snap.sha256;
  out.snapshot.entries = static_cast<std::int64_t>(snap.entries.size());
  return out;
}

void ImportSession::for_each_entity(
    const std::function<void(std::string_view id, model::EntityKind kind)>& f) const {
  Impl& s = *impl_;
  Statement select(s.db, s.path, "SELECT id, kind FROM entities");
  ResetGuard guard(select);
  while (select.step()) {
    const auto kind = model::parse_entity_kind(select.column_text(1));
    // The CHECK constraint allows only the known kinds; anything else is a damaged file.
    if (!kind) throw StoreError(fmt::format("{}: entity `{}` has an unknown kind", s.path, select.column_text(0)));
    f(select.column_text(0), *kind);
  }
}

void ImportSession::for_each_bic(const std::function<void(std::string_view bic, std::string_view entity_id)>& f) const {
  Impl& s = *impl_;
  Statement select(s.db, s.path,
                   "SELECT i.value, i.entity_id FROM entity_identifiers i JOIN entities e ON e.id = i.entity_id "
                   "WHERE i.scheme = 'bic' AND e.kind = 'bank'");
  ResetGuard guard(select);
  while (select.step()) f(select.column_text(0), select.column_text(1));
}

std::vector<std::string> ImportSession::names_to_transliterate(std::string_view method) {
  Impl& s = *impl_;
  if (!forms_method_is(s.db, s.path, method)) {
    detail::exec(s.db, s.path, "DELETE FROM name_transliterations", "cannot clear the stored Latin forms of names");
    Statement set(s.db, s.path, "INSERT OR REPLACE INTO transliteration_method(id, method) VALUES (1, ?1)");
    set.bind_text(1, method);
    set.run();
  }
  detail::exec(s.db, s.path,
               "DELETE FROM name_transliterations WHERE text NOT IN (SELECT text FROM entity_names)",
               "cannot drop the Latin forms of names no entity holds");
  Statement select(s.db, s.path, fmt::format("{} ORDER BY n.text", kNamesWithoutForms));
  ResetGuard guard(select);
  std::vector<std::string> out;
  while (select.step()) out.emplace_back(select.column_text(0));
  return out;
}

void ImportSession::add_transliteration(const model::NameTransliteration& t) {
  Impl& s = *impl_;
  auto& insert = s.prepared(s.insert_transliteration,
                            "INSERT OR REPLACE INTO name_transliterations(text, latin, arabic) VALUES (?1, ?2, ?3)");
  insert.bind_text(1, t.text);
  insert.bind_text(2, t.latin);
  insert.bind_int(3, t.arabic ? 1 : 0);
  insert.run();
}

std::vector<DanglingReference> ImportSession::dangling_references(std::size_t limit) const {
  Impl& s = *impl_;
  s.flush_payments();
  s.finish_all_leftovers();
  std::vector<DanglingReference> out;
  // SQLite counts unresolved deferred foreign keys; zero means there is nothing to look for, which
  // spares a full scan of every referencing table on the (usual) clean import.
  if (s.deferred_violations() == 0 || limit == 0) return out;

  for (const auto& ref : kReferences) {
    if (out.size() >= limit) break;
    Statement select(s.db, s.path,
                     fmt::format("SELECT {1}, t.{2}, v.file, t.line FROM {0} t JOIN dataset_versions v ON v.id = "
                                 "t.version_id WHERE t.{2} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM entities e "
                                 "WHERE e.id = t.{2}) ORDER BY t.version_id, t.line LIMIT ?1",
                                 ref.table, ref.row_id, ref.column));
    select.bind_int(1, static_cast<std::int64_t>(limit - out.size()));
    ResetGuard guard(select);
    while (select.step()) {
      DanglingReference d;
      d.table = ref.table;
      d.row_id = select.column_text(0);
      d.column = ref.column;
      d.entity_id = select.column_text(1);
      d.file = select.column_text(2);
      d.line = static_cast<std::uint32_t>(select.column_int(3));
      out.push_back(std::move(d));
    }
  }
  return out;
}

void ImportSession::commit() {
  Impl& s = *impl_;
  s.flush_payments();
  s.finish_all_leftovers();
  s.drop_temporary_indexes();
  // A failed COMMIT (a deferred foreign key still unresolved) leaves the transaction open; the
  // destructor rolls it back.
  detail::exec(s.db, s.path, "COMMIT", "cannot commit the import");
  s.committed = true;
}

}  // namespace sanx::store
