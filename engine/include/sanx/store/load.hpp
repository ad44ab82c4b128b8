/// \file
/// Loading what the store holds into memory for an evaluation: every current row of every data table
/// becomes a model::Dataset with each row's provenance (`payments.csv:812`) and its entity references
/// resolved to indices, so that the evaluator never goes back to SQL.
#pragma once

#include "sanx/model/dataset.hpp"
#include "sanx/store/database.hpp"

namespace sanx::store {

/// Reads the rows of the current dataset versions into a Dataset with its indices built.
///
/// Order: entities, designations, relations, payments and shipments each in file order (by dataset
/// version, then line); names, identifiers, countries and addresses in their order in the file.
/// Resolution: entity ids become EntityIx; payment BICs (originator, beneficiary, each intermediary)
/// become the bank holding them as Dataset::find_bank finds it, or an invalid index when no bank does;
/// an empty end user or vessel of a shipment is an invalid index.
///
/// The load reads one snapshot: it runs in a single read transaction (or inside a transaction the caller
/// has open on `db`, and then sees what that has written so far), so an import committing meanwhile from
/// another connection is never half seen.
///
/// Cost: about 1.5 s and 0.4 GB for a million payments (360 bytes a payment in the vectors, plus any text
/// longer than 15 characters), measured on the benchmark data of bench/gen_payments.cpp.
///
/// Throws StoreError when SQLite fails, or when a stored value does not read back (a date, decimal or
/// kind that does not parse, a reference to a missing entity): the store holds validated data only, so
/// that is a damaged database, and the message names the table, the row and the column.
///
/// Thread-safety: uses `db` from the calling thread (a Database is used from one thread at a time). The
/// Dataset it returns owns all its data and is read-only from then on: any number of threads may read it
/// at once as long as none changes it (build_indices included).
[[nodiscard]] model::Dataset load_dataset(const Database& db);

struct LoadOptions {
  /// Payments and shipments too. Screening and ownership exposure read only the parties (entities,
  /// designations, relations): without the transactions a database of millions of payments loads in
  /// the time its parties take.
  bool transactions = true;
};
[[nodiscard]] model::Dataset load_dataset(const Database& db, const LoadOptions& options);

}  // namespace sanx::store
