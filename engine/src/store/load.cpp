// Loading the store into a model::Dataset. One prepared SELECT per table, each a plain scan in the
// table's own order. The data tables are then put in file order, (version, line), here rather than by
// ORDER BY: SQLite's sorter carries every selected column through a temporary B-tree, which costs about
// 0.65 s of a 1.7 s load of a million payments, whereas the rows usually come in file order already (ids
// that ascend with the file's lines) and a check finds that in one pass. The entity child tables are read
// in primary-key order, (entity_id, position), which is their list order. Entity references are resolved
// as rows are read; BICs once Dataset::build_indices knows every bank.
#include "sanx/store/load.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sanx/core/assert.hpp"
#include "sanx/core/date.hpp"
#include "sanx/core/decimal.hpp"
#include "sanx/core/error.hpp"
#include "sanx/model/designation.hpp"
#include "sanx/model/entity.hpp"
#include "sanx/model/payment.hpp"
#include "sanx/model/relation.hpp"
#include "store/database_impl.hpp"
#include "store/sqlite.hpp"

namespace sanx::store {
namespace {

using detail::ResetGuard;
using detail::Statement;
using model::EntityIx;

// Column numbers of each SELECT below, in the order they are selected.
enum EntityCol : int {
  e_id, e_version, e_line, e_kind, e_birth_date, e_incorporated, e_sectors, e_web_presence, e_phones
};
enum ChildCol : int { c_entity, c_position, c_value };  // a child table's first value; names have more
enum NameCol : int { n_text = c_value, n_kind, n_script };
enum IdentifierCol : int { i_scheme = c_value, i_value };
enum DesignationCol : int {
  d_id, d_version, d_line, d_entity, d_regime, d_list, d_programs, d_listed_from, d_listed_to, d_measures,
  d_source_ref
};
enum RelationCol : int { r_id, r_version, r_line, r_source, r_target, r_kind, r_share, r_basis, r_start, r_end };
enum PaymentCol : int {
  p_id, p_version, p_line, p_date, p_originator, p_beneficiary, p_originator_bic, p_beneficiary_bic,
  p_intermediary_bics, p_network, p_currency, p_amount, p_purpose, p_ordering_bic, p_reference, p_channel
};
enum ShipmentCol : int {
  s_id, s_version, s_line, s_date, s_exporter, s_consignee, s_end_user, s_hs_code, s_description, s_value,
  s_currency, s_origin, s_destination, s_route, s_mode, s_vessel, s_notify_party, s_contract, s_contract_date,
  s_no_russia_clause, s_loading_port, s_discharge_port, s_quantity, s_unit
};

std::string select_all(std::string_view columns, std::string_view table) {
  return fmt::format("SELECT {} FROM {}", columns, table);
}

/// A row's place in file order: its version's place among the current versions (ids ascend in import
/// order) in the high half, its line in the low half.
using FileOrder = std::uint64_t;

/// Rearranges `v` in place so that v[i] becomes the old v[from[i]], one cycle of the permutation at a
/// time: no second copy of a million payments. `from` is taken by value and used up as the done-marker.
template <typename T>
void permute(std::vector<std::uint32_t> from, std::vector<T>& v) {
  SANX_ASSERT(from.size() == v.size() && "one source position per element");
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (from[i] == i) continue;
    T held = std::move(v[i]);
    std::size_t j = i;
    while (from[j] != i) {
      const std::size_t k = from[j];
      v[j] = std::move(v[k]);
      from[j] = static_cast<std::uint32_t>(j);
      j = k;
    }
    v[j] = std::move(held);
    from[j] = static_cast<std::uint32_t>(j);
  }
}

/// Puts the parallel vectors of one table in file order, `keys` holding each row's FileOrder.
template <typename... Vectors>
void sort_by_file_order(const std::vector<FileOrder>& keys, Vectors&... vectors) {
  if (std::is_sorted(keys.begin(), keys.end())) return;
  SANX_ASSERT(keys.size() <= std::numeric_limits<std::uint32_t>::max() && "row positions fit 32 bits");
  std::vector<std::pair<FileOrder, std::uint32_t>> sorted;
  sorted.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) sorted.emplace_back(keys[i], static_cast<std::uint32_t>(i));
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::uint32_t> from;
  from.reserve(sorted.size());
  for (const auto& k : sorted) from.push_back(k.second);
  (permute(from, vectors), ...);
}

/// The row a statement stands on, read column by column. The store writes only validated values, so one
/// that does not read back means a damaged database (or one written by something else than sanx): a
/// StoreError naming the table, the row (its id, or entity id and position) and the column.
class Row {
 public:
  Row(const Statement& s, std::string_view table, const std::string& path, bool child = false) noexcept
      : s_(s), table_(table), path_(path), child_(child) {}

  [[nodiscard]] std::string_view text(int c) const noexcept { return s_.column_text(c); }
  [[nodiscard]] std::string string(int c) const { return std::string(s_.column_text(c)); }
  [[nodiscard]] bool is_null(int c) const noexcept { return s_.column_is_null(c); }

  /// A transaction date: always full.
  [[nodiscard]] core::Date full_date(int c) const {
    const auto d = core::Date::parse_iso(text(c));
    if (!d || !d->is_full()) bad(c, "a full ISO date");
    return *d;
  }
  /// A date that may be partial (`1964`, `1964-05`), absent when NULL.
  [[nodiscard]] std::optional<core::Date> date_or_none(int c) const {
    if (is_null(c)) return std::nullopt;
    const auto d = core::Date::parse_iso(text(c));
    if (!d) bad(c, "an ISO date");
    return d;
  }
  [[nodiscard]] core::Decimal decimal(int c) const {
    const auto d = core::Decimal::parse(text(c));
    if (!d) bad(c, "a decimal");
    return *d;
  }
  [[nodiscard]] std::optional<core::Decimal> decimal_or_none(int c) const {
    if (is_null(c)) return std::nullopt;
    return decimal(c);
  }
  template <typename Enum>
  [[nodiscard]] Enum enumeration(int c, std::optional<Enum> (*parse)(std::string_view) noexcept,
                                 std::string_view what) const {
    const auto e = parse(text(c));
    if (!e) bad(c, what);
    return *e;
  }
  /// A '|'-joined list, in stored order; NULL is the empty list.
  [[nodiscard]] std::vector<std::string> list(int c) const {
    std::vector<std::string> out;
    const std::string_view joined = text(c);
    if (joined.empty()) return out;
    std::size_t start = 0;
    while (true) {
      const auto bar = joined.find('|', start);
      out.emplace_back(joined.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
      if (bar == std::string_view::npos) break;
      start = bar + 1;
    }
    return out;
  }
  [[nodiscard]] std::uint32_t line(int c) const {
    const auto v = s_.column_int(c);
    if (v < 1 || v > std::numeric_limits<std::uint32_t>::max()) bad(c, "a line number");
    return static_cast<std::uint32_t>(v);
  }
  [[nodiscard]] std::int64_t integer(int c) const noexcept { return s_.column_int(c); }

  /// Column `c` holds something other than `expected`.
  [[noreturn]] void bad(int c, std::string_view expected) const {
    fail(c, fmt::format("`{}` is not {}", text(c), expected));
  }
  [[noreturn]] void fail(int c, std::string_view problem) const {
    const std::string row = child_ ? fmt::format("`{}` position {}", text(c_entity), s_.column_int(c_position))
                                   : fmt::format("`{}`", text(0));
    throw StoreError(fmt::format("{}: table `{}` row {} column `{}`: {} (the database is damaged)", path_, table_,
                                 row, sqlite3_column_name(s_.get(), c), problem));
  }

 private:
  const Statement& s_;
  std::string_view table_;
  const std::string& path_;
  bool child_;
};

/// A read transaction for the whole load, so that every table is read from one snapshot even when an
/// import commits meanwhile (WAL lets it). Inside a transaction the caller already has, nothing is begun.
class ReadTransaction {
 public:
  ReadTransaction(sqlite3* db, const std::string& path) : db_(db), began_(sqlite3_get_autocommit(db) != 0) {
    if (began_) detail::exec(db, path, "BEGIN", "cannot begin reading the dataset");
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  // Only SELECTs ran: ending the transaction either way releases the snapshot, and cannot lose anything.
  ~ReadTransaction() {
    if (began_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }

 private:
  sqlite3* db_;
  bool began_;
};

class Loader {
 public:
  Loader(sqlite3* db, const std::string& path, LoadOptions options) : db_(db), path_(path), options_(options) {}

  model::Dataset run() {
    ReadTransaction transaction(db_, path_);
    load_versions();
    load_entities();
    load_entity_children();
    load_transliterations();
    load_designations();
    load_relations();
    if (options_.transactions) {
      load_payments();
      load_shipments();
    }
    out_.build_indices();
    resolve_banks();
    out_.build_payment_columns();
    out_.build_shipment_columns();
    return std::move(out_);
  }

 private:
  sqlite3* db_;
  const std::string& path_;
  LoadOptions options_;
  model::Dataset out_;
  /// File name of each current version, by id (ascending). Rows of one version mostly come together, so
  /// the version looked up last is tried first.
  std::vector<std::pair<VersionId, std::string>> files_;
  std::size_t last_file_ = 0;
  /// FileOrder of each row of the table being read.
  std::vector<FileOrder> keys_;
  /// Entity id to index, for references met while loading (Dataset's own index is built at the end,
  /// once the BICs are in). Views into out_.entities, which no longer grows once it is built.
  std::unordered_map<std::string_view, std::uint32_t> entity_index_;

  /// Rows of the current versions of a kind (each table is named after its kind), to reserve for. The
  /// row counts the import recorded, rather than count(*), which reads every page of the table: 90 ms
  /// for a million payments. Only a reservation: were a count off, the vectors would grow as usual.
  [[nodiscard]] std::size_t count(std::string_view kind) {
    Statement s(db_, path_, "SELECT coalesce(sum(rows), 0) FROM dataset_versions WHERE current = 1 AND kind = ?1");
    s.bind_text(1, kind);
    ResetGuard guard(s);
    return s.step() ? static_cast<std::size_t>(std::max<std::int64_t>(s.column_int(0), 0)) : 0;
  }

  void load_versions() {
    Statement s(db_, path_, "SELECT id, file FROM dataset_versions WHERE current = 1 ORDER BY id");
    ResetGuard guard(s);
    while (s.step()) files_.emplace_back(s.column_int(0), std::string(s.column_text(1)));
  }

  /// Whether the row belongs to a current version; if so, records its FileOrder and makes it the version
  /// that provenance() names. Replacing a file deletes the rows of its previous version (entities are
  /// taken over by the new one), so every row should pass; the check states the rule rather than trust it.
  [[nodiscard]] bool current(const Row& row, int version_col, int line_col) {
    const VersionId version = row.integer(version_col);
    if (last_file_ >= files_.size() || files_[last_file_].first != version) {
      const auto it = std::lower_bound(files_.begin(), files_.end(), version,
                                       [](const auto& f, VersionId v) { return f.first < v; });
      if (it == files_.end() || it->first != version) return false;
      last_file_ = static_cast<std::size_t>(it - files_.begin());
    }
    keys_.push_back(FileOrder{last_file_} << 32 | row.line(line_col));
    return true;
  }

  /// File and line of the row that current() accepted last.
  [[nodiscard]] model::Provenance provenance() const {
    return {files_[last_file_].second, static_cast<std::uint32_t>(keys_.back())};
  }

  /// Starts reading a table of about `rows` rows.
  void start_table(std::size_t rows) {
    keys_.clear();
    keys_.reserve(rows);
  }

  /// The entity a reference column names. The schema's foreign keys guarantee it exists; an empty
  /// optional reference (NULL) is the invalid index.
  [[nodiscard]] EntityIx entity(const Row& row, int c, bool optional = false) const {
    const std::string_view id = row.text(c);
    if (id.empty() && optional) return {};
    const auto it = entity_index_.find(id);
    if (it == entity_index_.end()) row.fail(c, fmt::format("entity `{}` does not exist", id));
    return EntityIx{it->second};
  }

  void load_entities() {
    start_table(count("entities"));
    out_.entities.reserve(keys_.capacity());
    out_.entity_origin.reserve(keys_.capacity());
    Statement s(db_, path_,
                select_all("id, version_id, line, kind, birth_date, incorporated, sectors, web_presence, phones",
                           "entities"));
    ResetGuard guard(s);
    const Row row(s, "entities", path_);
    while (s.step()) {
      if (!current(row, e_version, e_line)) continue;
      model::Entity& e = out_.entities.emplace_back();
      e.id = row.string(e_id);
      e.kind = row.enumeration(e_kind, &model::parse_entity_kind, "an entity kind");
      e.birth_date = row.date_or_none(e_birth_date);
      e.incorporated = row.date_or_none(e_incorporated);
      e.sectors = row.list(e_sectors);
      if (!row.is_null(e_web_presence)) {
        e.web_presence = row.enumeration(e_web_presence, &model::parse_web_presence, "a web presence");
      }
      e.phones = row.list(e_phones);
      out_.entity_origin.push_back(provenance());
    }
    sort_by_file_order(keys_, out_.entities, out_.entity_origin);
    SANX_ASSERT(out_.entities.size() < EntityIx::kNone && "entity indices fit 32 bits");
    entity_index_.reserve(out_.entities.size());
    for (std::size_t i = 0; i < out_.entities.size(); ++i) {
      entity_index_.emplace(out_.entities[i].id, static_cast<std::uint32_t>(i));
    }
  }

  // Names, identifiers, countries and addresses, each table in (entity_id, position) order: its primary
  // key, so SQLite reads it without sorting, and the rows of one entity come together and in order.
  // Rows of an entity that was not loaded (its version is not current) are skipped with it.
  template <typename Add>
  void load_children(std::string_view table, std::string_view columns, const Add& add) {
    Statement s(db_, path_,
                fmt::format("SELECT entity_id, position, {} FROM {} ORDER BY entity_id, position", columns, table));
    ResetGuard guard(s);
    const Row row(s, table, path_, true);
    std::string last_id;
    model::Entity* entity = nullptr;
    while (s.step()) {
      if (row.text(c_entity) != last_id) {
        last_id = row.text(c_entity);
        const auto it = entity_index_.find(last_id);
        entity = it == entity_index_.end() ? nullptr : &out_.entities[it->second];
      }
      if (entity != nullptr) add(row, *entity);
    }
  }

  void load_entity_children() {
    load_children("entity_names", "text, kind, script", [](const Row& row, model::Entity& e) {
      e.names.push_back({row.string(n_text), row.enumeration(n_kind, &model::parse_name_kind, "a name kind"),
                         row.string(n_script)});
    });
    load_children("entity_identifiers", "scheme, value", [](const Row& row, model::Entity& e) {
      e.identifiers.push_back({row.string(i_scheme), row.string(i_value)});
    });
    load_children("entity_countries", "country",
                  [](const Row& row, model::Entity& e) { e.countries.push_back(row.string(c_value)); });
    load_children("entity_addresses", "address",
                  [](const Row& row, model::Entity& e) { e.addresses.push_back(row.string(c_value)); });
  }

  // Latin forms of names stored at import (model::NameTransliterations), ordered by text: the primary
  // key's byte order, which is std::string's.
  void load_transliterations() {
    {
      Statement method(db_, path_, "SELECT method FROM transliteration_method");
      ResetGuard guard(method);
      if (!method.step()) return;
      out_.transliterations.method = std::string(method.column_text(0));
    }
    Statement s(db_, path_, "SELECT text, latin, arabic FROM name_transliterations ORDER BY text");
    ResetGuard guard(s);
    const Row row(s, "name_transliterations", path_);
    auto& names = out_.transliterations.names;
    while (s.step()) names.push_back({row.string(0), row.string(1), row.integer(2) != 0});
  }

  void load_designations() {
    start_table(count("designations"));
    out_.designations.reserve(keys_.capacity());
    Statement s(db_, path_,
                select_all("id, version_id, line, entity, regime, list, programs, listed_from, listed_to, "
                               "measures, source_ref",
                               "designations"));
    ResetGuard guard(s);
    const Row row(s, "designations", path_);
    while (s.step()) {
      if (!current(row, d_version, d_line)) continue;
      (void)entity(row, d_entity);  // Dataset::designations_of finds it again by id
      model::Designation& d = out_.designations.emplace_back();
      d.entity = row.string(d_entity);
      d.regime = row.string(d_regime);
      d.list = row.string(d_list);
      d.programs = row.list(d_programs);
      d.listed_from = row.date_or_none(d_listed_from);
      d.listed_to = row.date_or_none(d_listed_to);
      d.measures = row.list(d_measures);
      d.source_ref = row.string(d_source_ref);
    }
    sort_by_file_order(keys_, out_.designations);
  }

  void load_relations() {
    start_table(count("relations"));
    out_.relations.reserve(keys_.capacity());
    out_.relation_refs.reserve(keys_.capacity());
    Statement s(db_, path_,
                select_all("id, version_id, line, source, target, kind, share, basis, start, \"end\"",
                               "relations"));
    ResetGuard guard(s);
    const Row row(s, "relations", path_);
    while (s.step()) {
      if (!current(row, r_version, r_line)) continue;
      model::Relation& r = out_.relations.emplace_back();
      r.source = row.string(r_source);
      r.target = row.string(r_target);
      r.kind = row.enumeration(r_kind, &model::parse_relation_kind, "a relation kind");
      r.share = row.decimal_or_none(r_share);
      r.basis = row.string(r_basis);
      r.start = row.date_or_none(r_start);
      r.end = row.date_or_none(r_end);
      out_.relation_refs.push_back({entity(row, r_source), entity(row, r_target)});
    }
    sort_by_file_order(keys_, out_.relations, out_.relation_refs);
  }

  void load_payments() {
    start_table(count("payments"));
    out_.payments.reserve(keys_.capacity());
    out_.payment_refs.reserve(keys_.capacity());
    out_.payment_origin.reserve(keys_.capacity());
    Statement s(db_, path_,
                select_all("id, version_id, line, date, originator, beneficiary, originator_bic, "
                               "beneficiary_bic, intermediary_bics, network, currency, amount, purpose, ordering_bic, "
                               "reference, channel",
                               "payments"));
    ResetGuard guard(s);
    const Row row(s, "payments", path_);
    while (s.step()) {
      if (!current(row, p_version, p_line)) continue;
      model::Payment& p = out_.payments.emplace_back();
      p.id = row.string(p_id);
      p.date = row.full_date(p_date);
      p.originator = row.string(p_originator);
      p.beneficiary = row.string(p_beneficiary);
      p.originator_bic = row.string(p_originator_bic);
      p.beneficiary_bic = row.string(p_beneficiary_bic);
      p.intermediary_bics = row.list(p_intermediary_bics);
      p.network = row.enumeration(p_network, &model::parse_network, "a payment network");
      p.currency = row.string(p_currency);
      p.amount = row.decimal(p_amount);
      p.purpose = row.string(p_purpose);
      p.ordering_bic = row.string(p_ordering_bic);
      p.reference = row.string(p_reference);
      p.channel = row.is_null(p_channel) ? model::Channel::transfer
                                         : row.enumeration(p_channel, &model::parse_channel, "a payment channel");
      model::PaymentRefs& refs = out_.payment_refs.emplace_back();
      refs.originator = entity(row, p_originator);
      refs.beneficiary = entity(row, p_beneficiary);
      out_.payment_origin.push_back(provenance());
    }
    sort_by_file_order(keys_, out_.payments, out_.payment_refs, out_.payment_origin);
  }

  void load_shipments() {
    start_table(count("shipments"));
    out_.shipments.reserve(keys_.capacity());
    out_.shipment_refs.reserve(keys_.capacity());
    out_.shipment_origin.reserve(keys_.capacity());
    Statement s(db_, path_,
                select_all("id, version_id, line, date, exporter, consignee, end_user, hs_code, description, "
                               "value, currency, origin, destination, route, mode, vessel, notify_party, contract, "
                               "contract_date, no_russia_clause, loading_port, discharge_port, quantity, unit",
                               "shipments"));
    ResetGuard guard(s);
    const Row row(s, "shipments", path_);
    while (s.step()) {
      if (!current(row, s_version, s_line)) continue;
      model::Shipment& sh = out_.shipments.emplace_back();
      sh.id = row.string(s_id);
      sh.date = row.full_date(s_date);
      sh.exporter = row.string(s_exporter);
      sh.consignee = row.string(s_consignee);
      sh.end_user = row.string(s_end_user);
      sh.hs_code = row.string(s_hs_code);
      sh.description = row.string(s_description);
      sh.value = row.decimal_or_none(s_value);
      sh.currency = row.string(s_currency);
      sh.origin = row.string(s_origin);
      sh.destination = row.string(s_destination);
      sh.route = row.list(s_route);
      if (!row.is_null(s_mode)) sh.mode = row.enumeration(s_mode, &model::parse_transport_mode, "a transport mode");
      sh.vessel = row.string(s_vessel);
      sh.notify_party = row.string(s_notify_party);
      sh.contract = row.string(s_contract);
      sh.contract_date = row.date_or_none(s_contract_date);
      if (!row.is_null(s_no_russia_clause)) sh.no_russia_clause = row.integer(s_no_russia_clause) != 0;
      sh.loading_port = row.string(s_loading_port);
      sh.discharge_port = row.string(s_discharge_port);
      sh.quantity = row.decimal_or_none(s_quantity);
      sh.unit = row.string(s_unit);
      out_.shipment_refs.push_back({entity(row, s_exporter), entity(row, s_consignee), entity(row, s_end_user, true),
                                    entity(row, s_vessel, true), entity(row, s_notify_party, true)});
      out_.shipment_origin.push_back(provenance());
    }
    sort_by_file_order(keys_, out_.shipments, out_.shipment_refs, out_.shipment_origin);
  }

  // BICs resolve through Dataset::find_bank (with its BIC8/BIC11 fallbacks), hence after build_indices.
  // A BIC no bank holds is an invalid index: the import accepted it with warning W2101.
  void resolve_banks() {
    const auto bank = [this](std::string_view bic) { return bic.empty() ? EntityIx{} : out_.find_bank(bic); };
    for (std::size_t i = 0; i < out_.payments.size(); ++i) {
      const model::Payment& p = out_.payments[i];
      model::PaymentRefs& refs = out_.payment_refs[i];
      refs.originator_bank = bank(p.originator_bic);
      refs.beneficiary_bank = bank(p.beneficiary_bic);
      refs.intermediary_banks.reserve(p.intermediary_bics.size());
      for (const auto& bic : p.intermediary_bics) refs.intermediary_banks.push_back(bank(bic));
      refs.ordering_bank = bank(p.ordering_bic);
    }
  }
};

}  // namespace

model::Dataset load_dataset(const Database& db) { return load_dataset(db, LoadOptions{}); }

model::Dataset load_dataset(const Database& db, const LoadOptions& options) {
  const Database::Impl& impl = db.impl();
  return Loader(impl.db.get(), impl.path_text, options).run();
}

}  // namespace sanx::store
