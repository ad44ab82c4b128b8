/// \file
/// The canonical CSV format (docs/data-formats.md): reads entities, relations, designations, payments
/// and shipments files, checks every field (types, dates, decimals, countries, enumerations, references
/// to entities and banks) and hands valid rows to a sink. Knows nothing about SQLite.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sanx/core/diagnostic.hpp"
#include "sanx/model/dataset_manifest.hpp"
#include "sanx/model/designation.hpp"
#include "sanx/model/entity.hpp"
#include "sanx/model/payment.hpp"
#include "sanx/model/relation.hpp"

namespace sanx::ingest {

/// Answers "does this id exist?" for references, from the database and from rows accepted so far.
class Resolver {
 public:
  virtual ~Resolver() = default;
  /// Kind of the entity with this id, or nullopt when there is none.
  [[nodiscard]] virtual std::optional<model::EntityKind> entity_kind(std::string_view id) const = 0;
  /// True when some bank entity carries `bic:<bic>` (8- and 11-character forms are looked up as given,
  /// then the 11-character form's first 8 characters).
  [[nodiscard]] virtual bool bic_known(std::string_view bic) const = 0;
};

/// Receives each valid row with its 1-based line. Returns false when the store already holds the id
/// (entities, payments, shipments), which the reader reports as a duplicate (E2005).
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual bool entity(const model::Entity& e, std::uint32_t line) = 0;
  virtual void relation(const model::Relation& r, std::uint32_t line) = 0;
  virtual void designation(const model::Designation& d, std::uint32_t line) = 0;
  virtual bool payment(const model::Payment& p, std::uint32_t line) = 0;
  virtual bool shipment(const model::Shipment& s, std::uint32_t line) = 0;
};

struct ReadOptions {
  /// Stop reading a file after this many errors (the import fails anyway; more would be noise); 0: no limit.
  std::size_t max_errors = 50;
  /// Called now and then with bytes read and file size, for progress display.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct ReadReport {
  std::int64_t rows = 0;  ///< valid data rows
  std::int64_t unknown_bics = 0;  ///< payment BIC fields that name no bank entity (warned, not errors)
};

/// Where a canonical column's value sits in a given record of a file, for pointing at it after the
/// fact (a reference found dangling at commit, a finding's evidence).
struct FieldPlace {
  std::uint32_t column = 0;  ///< 1-based, code points, at the value (after an opening quote)
  std::uint32_t length = 0;  ///< code points of the value
  std::string source_line;   ///< text of the record's first line
};

/// Finds the value of `canonical_column` in the record that starts on `line` of `file`, honouring the
/// manifest's column mapping. nullopt when the file, the column or the line is not there (any more).
[[nodiscard]] std::optional<FieldPlace> locate_field(const model::DataFile& file, std::uint32_t line,
                                                     std::string_view canonical_column);

/// Reads one canonical CSV file of kind `file.kind`. Rows are handed to `sink` until the first error;
/// after that the file is still checked (up to max_errors) so one run reports every problem, but nothing
/// more is handed on. Throws IoError when the file cannot be read.
ReadReport read_canonical_file(const model::DataFile& file, RowSink& sink, const Resolver& resolver,
                               core::Diagnostics& diags, const ReadOptions& options = {});

}  // namespace sanx::ingest
