// The schema, as an ordered list of migrations. Conventions:
// - every table is STRICT; "no value" is NULL, never '';
// - dates are ISO text exactly as core::Date::to_string writes them (partial dates allowed);
// - decimals (amounts, shares, values) are canonical core::Decimal text: exact, never REAL;
// - lists (programs, measures, BICs, routes) are '|'-joined text, in input order;
// - references to entities are the dataset's text ids, DEFERRABLE INITIALLY DEFERRED so that rows can
//   be written in file order and checked once at commit.
// Payments and shipments deliberately have no index besides their primary key: each extra index on a
// million-row table costs more than the rest of the insert (see docs/perf/store.md). Deleting an entity
// that they may reference builds temporary indexes instead (import_session.cpp).
#include "store/migrations.hpp"

#include <array>

namespace sanx::store::detail {
namespace {

constexpr std::string_view kMigration1 = R"sql(
PRAGMA application_id = 1935765112;

CREATE TABLE schema_migrations(
  version INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL
) STRICT;

CREATE TABLE dataset_versions(
  id INTEGER PRIMARY KEY,
  dataset TEXT NOT NULL,
  file TEXT NOT NULL,
  kind TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  source TEXT,
  licence TEXT,
  as_of TEXT,
  imported_at TEXT NOT NULL,
  rows INTEGER NOT NULL DEFAULT 0,
  current INTEGER NOT NULL DEFAULT 1 CHECK (current IN (0, 1)),
  replaced_by INTEGER REFERENCES dataset_versions(id)
) STRICT;
CREATE UNIQUE INDEX dataset_versions_current ON dataset_versions(dataset, file) WHERE current = 1;

CREATE TABLE entities(
  id TEXT NOT NULL PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES dataset_versions(id),
  line INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('person', 'company', 'organization', 'bank', 'vessel', 'aircraft')),
  name TEXT NOT NULL,
  birth_date TEXT,
  incorporated TEXT
) STRICT;
CREATE INDEX entities_version ON entities(version_id);

CREATE TABLE entity_names(
  entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('primary', 'aka', 'fka', 'weak')),
  script TEXT,
  PRIMARY KEY (entity_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE entity_identifiers(
  entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  scheme TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (entity_id, position)
) STRICT, WITHOUT ROWID;
CREATE INDEX entity_identifiers_value ON entity_identifiers(scheme, value);

CREATE TABLE entity_countries(
  entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  country TEXT NOT NULL,
  PRIMARY KEY (entity_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE entity_addresses(
  entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  address TEXT NOT NULL,
  PRIMARY KEY (entity_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE relations(
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES dataset_versions(id),
  line INTEGER NOT NULL,
  source TEXT NOT NULL REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
  target TEXT NOT NULL REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
  kind TEXT NOT NULL CHECK (kind IN ('ownership', 'control', 'director', 'family', 'associate')),
  share TEXT,
  basis TEXT,
  start TEXT,
  "end" TEXT
) STRICT;
CREATE INDEX relations_source ON relations(source);
CREATE INDEX relations_target ON relations(target);

CREATE TABLE designations(
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES dataset_versions(id),
  line INTEGER NOT NULL,
  entity TEXT NOT NULL REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
  regime TEXT NOT NULL,
  list TEXT,
  programs TEXT,
  listed_from TEXT,
  listed_to TEXT,
  measures TEXT,
  source_ref TEXT
) STRICT;
CREATE INDEX designations_entity ON designations(entity);

CREATE TABLE payments(
  id TEXT NOT NULL PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES dataset_versions(id),
  line INTEGER NOT NULL,
  date TEXT NOT NULL,
  originator TEXT NOT NULL REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
  beneficiary TEXT NOT NULL REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
  originator_bic TEXT,
  beneficiary_bic TEXT,
  intermediary_bics TEXT,
  network TEXT NOT NULL,
  currency TEXT NOT NULL,
  amount TEXT NOT NULL,
  purpose TEXT
) STRICT, WITHOUT ROWID;

CREATE TABLE shipments(
  id TEXT NOT NULL PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES dataset_versions(id),
  line INTEGER NOT NULL,
  date TEXT NOT NULL,
  exporter TEXT NOT NULL REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
  consignee TEXT NOT NULL REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
  end_user TEXT REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
  hs_code TEXT,
  description TEXT,
  value TEXT,
  currency TEXT,
  origin TEXT,
  destination TEXT,
  route TEXT,
  mode TEXT CHECK (mode IN ('sea', 'rail', 'road', 'air')),
  vessel TEXT REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED
) STRICT, WITHOUT ROWID;

CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  command TEXT NOT NULL,
  rules_digest TEXT,
  as_of TEXT,
  status TEXT NOT NULL,
  summary TEXT CHECK (summary IS NULL OR json_valid(summary))
) STRICT;

CREATE TABLE findings(
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  rule TEXT NOT NULL,
  pattern TEXT,
  severity TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('fired', 'undetermined')),
  subject_kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  subject_date TEXT,
  reason TEXT,
  regimes TEXT,
  evidence TEXT CHECK (evidence IS NULL OR json_valid(evidence)),
  missing TEXT,
  source TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX findings_run ON findings(run_id);
)sql";

// Migration 2: official lists as dated snapshots. Each import of a list file is a dataset version (dataset
// `list:<source>`) and a row of list_snapshots; list_entries says which entities each snapshot held and a
// digest of each (per field), so that a newer snapshot's delistings and changes can be found and a diff
// between any two snapshots shown. The entities themselves live in the ordinary tables; designations of
// a delisted entity are closed (listed_to), never deleted. entity_facts keeps what the model has no field for.
constexpr std::string_view kMigration2 = R"sql(
CREATE TABLE list_snapshots(
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES dataset_versions(id),
  source TEXT NOT NULL,
  format TEXT NOT NULL,
  as_of TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  files TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  entries INTEGER NOT NULL DEFAULT 0,
  added INTEGER NOT NULL DEFAULT 0,
  removed INTEGER NOT NULL DEFAULT 0,
  changed INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX list_snapshots_source ON list_snapshots(source, as_of);
CREATE INDEX list_snapshots_sha256 ON list_snapshots(sha256);

CREATE TABLE list_entries(
  snapshot_id INTEGER NOT NULL REFERENCES list_snapshots(id),
  entity_id TEXT NOT NULL,
  name TEXT NOT NULL,
  line INTEGER NOT NULL,
  digest TEXT NOT NULL,
  fields TEXT NOT NULL,
  PRIMARY KEY (snapshot_id, entity_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE entity_facts(
  entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (entity_id, position)
) STRICT, WITHOUT ROWID;
)sql";

// Migration 3 (issue 7): the facts the circumvention packs read. Entities: sectors and phones ('|'-joined,
// phones normalised to '+' and digits) and web presence. Payments: the ordering institution's BIC, the
// reference the payment settles and the channel (NULL for a transfer, the default, so that ordinary
// payments cost nothing more). Shipments: notify party, contract, its date and Art. 12g clause (1 yes,
// 0 no, NULL unknown), ports, quantity and unit. Relations gain the kind `branch`: SQLite cannot change
// a CHECK constraint, so the table is rebuilt with its rows and ids, and its indexes made again.
constexpr std::string_view kMigration3 = R"sql(
ALTER TABLE entities ADD COLUMN sectors TEXT;
ALTER TABLE entities ADD COLUMN web_presence TEXT CHECK (web_presence IN ('none', 'thin', 'normal'));
ALTER TABLE entities ADD COLUMN phones TEXT;

ALTER TABLE payments ADD COLUMN ordering_bic TEXT;
ALTER TABLE payments ADD COLUMN reference TEXT;
ALTER TABLE payments ADD COLUMN channel TEXT CHECK (channel IN ('atm', 'pos', 'ecom'));

ALTER TABLE shipments ADD COLUMN notify_party TEXT REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE shipments ADD COLUMN contract TEXT;
ALTER TABLE shipments ADD COLUMN contract_date TEXT;
ALTER TABLE shipments ADD COLUMN no_russia_clause INTEGER CHECK (no_russia_clause IN (0, 1));
ALTER TABLE shipments ADD COLUMN loading_port TEXT;
ALTER TABLE shipments ADD COLUMN discharge_port TEXT;
ALTER TABLE shipments ADD COLUMN quantity TEXT;
ALTER TABLE shipments ADD COLUMN unit TEXT;

CREATE TABLE relations_v3(
  id INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES dataset_versions(id),
  line INTEGER NOT NULL,
  source TEXT NOT NULL REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
  target TEXT NOT NULL REFERENCES entities(id) DEFERRABLE INITIALLY DEFERRED,
  kind TEXT NOT NULL CHECK (kind IN ('ownership', 'control', 'director', 'family', 'associate', 'branch')),
  share TEXT,
  basis TEXT,
  start TEXT,
  "end" TEXT
) STRICT;
INSERT INTO relations_v3(id, version_id, line, source, target, kind, share, basis, start, "end")
  SELECT id, version_id, line, source, target, kind, share, basis, start, "end" FROM relations;
DROP TABLE relations;
ALTER TABLE relations_v3 RENAME TO relations;
CREATE INDEX relations_source ON relations(source);
CREATE INDEX relations_target ON relations(target);
)sql";

// Migration 4: names' Latin forms for screening (model::NameTransliterations), written at import so that an
// audit need not compile ICU's transliteration rules, which took most of a small audit. A cache: its rows
// hold for the one method in transliteration_method (ICU version, transliterator, normaliser source); a
// build with another method ignores them, and its next import writes them again under its own.
constexpr std::string_view kMigration4 = R"sql(
CREATE TABLE transliteration_method(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  method TEXT NOT NULL
) STRICT;

CREATE TABLE name_transliterations(
  text TEXT NOT NULL PRIMARY KEY,
  latin TEXT NOT NULL,
  arabic INTEGER NOT NULL CHECK (arabic IN (0, 1))
) STRICT, WITHOUT ROWID;
)sql";

constexpr std::array kMigrations{
    Migration{1, kMigration1},
    Migration{2, kMigration2},
    Migration{3, kMigration3},
    Migration{4, kMigration4},
};

}  // namespace

std::span<const Migration> migrations() noexcept { return kMigrations; }

}  // namespace sanx::store::detail
