// The batch filter: for 1,024 subjects at a time it works out, column by column, which subjects a rule
// certainly does not fire on, so that the per-subject machine runs only on the others (usually a few
// percent). It is exact by construction:
// - a rule's `when` is split along and/or/not into leaves; a leaf is a condition that depends on the
//   subject through one field path only (`p.network == "SPFS"`, `bic_country(p.originator_bic) in HUBS`,
//   `p.amount > 10000`) and reads neither designations nor the subject's date — except through the gated
//   builtins (`designated(p.originator, "OFAC")`, `blocked(...)`, `linked_to(...)`), whose answer is the
//   same on every date for an entity with no designation, no ownership exposure or no identity link: the
//   leaf is decided once for such entities, and for the others row by row at each subject's own date;
// - a leaf is evaluated by the machine itself, on the path's value, once per distinct value of the path in
//   the batch's worker (a dictionary per path) — or per subject where values rarely repeat (amounts) —
//   so its three-valued result is the machine's;
// - leaves repeat across rules (`designated(p.originator, "OFAC")`): equal leaves share one table of
//   results by path value, over any path to the same party (`p.originator`, `p.beneficiary`), and one
//   set of rows per batch on the same path; a gated leaf's rows for a party with dated facts are kept
//   per party and date, and one result serves every party without such facts where the builtins allow;
// - leaves combine with Kleene's and/or/not on two bit masks (true, false); anything else is "unknown",
//   which is neither, so it can never rule a subject out.
// Subjects left as true or unknown go through Machine::run, which decides, explains and builds findings.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compile/ir.hpp"
#include "eval/column_read.hpp"
#include "eval/machine.hpp"

namespace sanx::eval {

inline constexpr std::uint32_t kBatchRows = 1024;
inline constexpr std::uint32_t kBatchWords = kBatchRows / 64;
using BatchMask = std::array<std::uint64_t, kBatchWords>;

/// The payment paths read from model::PaymentColumns (as codes, or amounts as integers) rather than
/// from the payments themselves.
enum class ColumnSource : std::uint8_t {
  none,
  network,                   ///< `p.network`, as a string or as an enum test
  currency,                  ///< `p.currency`
  originator_bic,            ///< `p.originator_bic`, or `bic_country(p.originator_bic)`
  beneficiary_bic,           ///< `p.beneficiary_bic`, or `bic_country(p.beneficiary_bic)`
  originator_bank_country,   ///< `p.originator_bank.country`
  beneficiary_bank_country,  ///< `p.beneficiary_bank.country`
  amount,                    ///< `p.amount`
  purpose,                   ///< `p.purpose`, for contains, starts_with and ends_with a constant and matches plain texts
};

/// A field path from a subject: `fields` applied from the subject outward. With `enum_field` set, the
/// path stands for the enum code of that field of the path's value (a network, an entity kind).
struct FilterPath {
  compile::SubjectKind kind = compile::SubjectKind::payment;
  std::vector<std::uint16_t> fields;
  std::optional<std::uint16_t> enum_field;
  bool bic_country = false;  ///< the path is `bic_country(<fields>)`: a country, like any other path
  ColumnSource source = ColumnSource::none;  ///< derived from the above
  /// Derived: the path is a party's own field (`p.originator.sectors`, `s.consignee.web_presence`), a
  /// function of that entity alone, so its rows are coded by the entity and a leaf is decided once per
  /// party — whatever the value (a list, free text) and however rarely it repeats.
  bool via_entity = false;
  /// Derived, for via_entity paths: the path of the party itself (`p.originator`), whose column gives
  /// the rows' codes; the path's own value is read only when a leaf meets a party for the first time.
  std::uint32_t party = 0xFFFFFFFF;
  friend bool operator==(const FilterPath&, const FilterPath&) = default;
};

/// The column `path` is read from, if any.
[[nodiscard]] ColumnSource column_source(const FilterPath& path) noexcept;

enum class FilterOp : std::uint8_t {
  all_of,       ///< and: children lists[first, first + count)
  any_of,       ///< or
  negation,     ///< not: child `first`
  opaque,       ///< not decided by the filter
  leaf,         ///< IR node `ir_node` evaluated with overrides[first, first + count) set to the path's value
  enum_leaf,    ///< the path's enum code, looked up in `enum_results`
};

/// A leaf that is one operation on its path and a constant can be computed without the machine.
enum class DirectForm : std::uint8_t {
  none,
  compare,      ///< path <cmp> constant (compile::compare)
  string_test,  ///< path <cmp> constant for starts_with, ends_with, contains on a string
  in_set,       ///< path in set (negated when `negate`)
  matches,      ///< path matches `regex`, a set of plain texts (compile::Regex::literal)
};

struct FilterNode {
  FilterOp op = FilterOp::opaque;
  DirectForm direct = DirectForm::none;
  bool negate = false;
  /// The leaf calls a gated builtin (Machine::gated_builtin): it is decided only for path values whose
  /// entities have no dated facts, and is neither true nor false for the others.
  bool gated = false;
  /// Gated leaves on a party that reach the party only as the first argument of these builtins, all
  /// Machine::same_without_facts: one result serves every party without facts for any of them.
  std::uint8_t blind_count = 0;
  std::array<check::Builtin, 4> blind{};
  /// Gated leaves on a party that reach the party only as the first argument of designated, listed_on,
  /// delisted (span_designations) and linked_to to a depth of at most two (span_links): a party with
  /// dated facts has one result between two days on which one of its designations or reaches starts or
  /// ends, kept as a span of days (Filter::Span).
  bool spans = false;
  bool span_designations = false;
  bool span_links = false;
  /// The leaf is `linked_to(<path>, <constant country>, <constant depth of at most two>)` itself: the
  /// filter asks the identity index for its answer (Filter::linked_result) rather than the machine.
  bool linked = false;
  std::uint8_t link_depth = 0;  ///< with `linked`; its country is `constant`
  /// The leaf tests its path's value against dated table sets (`s.destination in HUBS`), and reads the
  /// subject's date through them only: its result per value changes only on the days one of their
  /// periods starts or ends, FilterPlan::cuts()[cuts_first, cuts_first + cuts_count), and is kept per
  /// span of days between them (spans). Never gated.
  bool dated_sets = false;
  std::uint32_t cuts_first = 0;
  std::uint32_t cuts_count = 0;
  dsl::ast::BinaryOp cmp = dsl::ast::BinaryOp::eq;
  std::uint32_t first = 0;
  std::uint32_t count = 0;
  std::uint32_t path = 0;
  /// Leaves: the leaf as a function of its path's value, equal for equal leaves of any rules (the same
  /// operations, constants and sets: SameLeaf in filter.cpp); leaves and enum leaves: the function on
  /// this path, whose rows' results within a batch serve every node that is this instance.
  std::uint32_t function = 0;
  std::uint32_t instance = 0;
  /// Leaves: index of the table of results by code that the leaf reads and fills, shared by the leaves
  /// of one function over paths whose codes name the same values (the same party, for `p.originator`
  /// and `p.beneficiary`): `slot` when the path's column is filled from the subjects, `source_slot`
  /// when read from model::PaymentColumns.
  std::uint32_t slot = 0;
  std::uint32_t source_slot = 0;
  std::uint32_t ir_node = 0;
  std::array<std::uint8_t, 33> enum_results{};  ///< enum_leaf: result by code (0: missing, else enum + 1)
  float cost = 1;  ///< rough work per row, for ordering the children of and/or
  compile::Value constant;
  const compile::ConstSet* set = nullptr;
  const compile::Regex* regex = nullptr;
  /// A decimal constant's mantissa at each scale from its own up to 18 (bit s of scaled_valid: fits), so
  /// that an amount compares with it as two integers.
  std::array<std::int64_t, 19> scaled{};
  std::uint32_t scaled_valid = 0;
};

/// What the filter does for each rule of a rule set: built once, read by every worker.
class FilterPlan {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;

  explicit FilterPlan(const compile::RuleSet::Impl& rules);

  /// Root filter node of rule `r`, or kNone when the filter cannot rule anything out for it.
  [[nodiscard]] std::uint32_t root(std::size_t r) const noexcept { return roots_[r]; }
  [[nodiscard]] const FilterNode& node(std::uint32_t i) const noexcept { return nodes_[i]; }
  [[nodiscard]] std::uint32_t list(std::uint32_t i) const noexcept { return lists_[i]; }
  [[nodiscard]] std::uint32_t node_count() const noexcept { return static_cast<std::uint32_t>(nodes_.size()); }
  [[nodiscard]] std::uint32_t list_count() const noexcept { return static_cast<std::uint32_t>(lists_.size()); }
  [[nodiscard]] const std::vector<std::uint32_t>& overrides() const noexcept { return overrides_; }
  [[nodiscard]] const std::vector<FilterPath>& paths() const noexcept { return paths_; }
  /// Days on which a dated set's periods start or end, ascending per leaf (FilterNode::dated_sets).
  [[nodiscard]] const std::vector<std::int32_t>& cuts() const noexcept { return cuts_; }
  [[nodiscard]] std::uint32_t table_count() const noexcept { return static_cast<std::uint32_t>(table_keys_.size()); }
  [[nodiscard]] std::uint32_t instance_count() const noexcept { return static_cast<std::uint32_t>(instance_uses_.size()); }
  /// Whether more than one filter node is instance `i`: only then are its results kept for the batch.
  [[nodiscard]] bool shared_instance(std::uint32_t i) const noexcept { return instance_uses_[i] > 1; }

 private:
  struct Purity;
  std::uint32_t build(const compile::CompiledRule& rule, std::uint32_t node);
  bool analyze(const compile::CompiledRule& rule, std::uint32_t node, Purity& p);
  [[nodiscard]] std::optional<FilterPath> path_of(const compile::CompiledRule& rule, std::uint32_t node) const;
  std::uint32_t intern(FilterPath path);
  std::uint32_t add(FilterNode n);
  /// Gives leaf `n` (of `rule`) its function, instance and tables, new or those of an equal leaf.
  void share(const compile::CompiledRule& rule, FilterNode& n);
  /// Fills n.blind from the builtins that read the party under `node`; false if something else reads it.
  bool blind(const compile::CompiledRule& rule, std::uint32_t node, FilterNode& n) const;
  /// Sets n.span_designations and n.span_links from the builtins that read the party under `node`; false
  /// if something else reads it (FilterNode::spans).
  bool spanned(const compile::CompiledRule& rule, std::uint32_t node, FilterNode& n) const;
  [[nodiscard]] std::uint32_t table(std::uint32_t function, std::vector<std::uint32_t> space);

  /// A function of a path's value met so far: its first leaf.
  struct Function {
    const compile::CompiledRule* rule = nullptr;
    std::uint32_t ir_node = 0;
    std::uint32_t first = 0;  ///< its overrides
    std::uint32_t count = 0;
  };
  std::vector<Function> functions_;
  /// Each instance by its (kind, path, function or enum results), and how many filter nodes are each. A
  /// map: a plan meets a few hundred leaves, and a walk of the instances per leaf was half of its build, on
  /// the path of every audit before its workers start.
  std::map<std::vector<std::uint32_t>, std::uint32_t> instances_;
  std::vector<std::uint32_t> instance_uses_;
  /// (function, code space) of each table.
  std::vector<std::pair<std::uint32_t, std::vector<std::uint32_t>>> table_keys_;

  std::vector<FilterNode> nodes_;
  std::vector<std::uint32_t> lists_;
  std::vector<std::uint32_t> overrides_;
  std::vector<FilterPath> paths_;
  std::vector<std::uint32_t> roots_;
  std::vector<std::int32_t> cuts_;
};

/// One worker's filter: the current batch's path columns, and per leaf the results already known per
/// path value (kept from batch to batch).
class Filter {
 public:
  /// `columns`: the payments' columns (columns_for in eval/column_read.hpp), or null to read every path from the payments.
  /// `data`: the machine's dataset, whose parties of payments and shipments fill their columns directly.
  Filter(const FilterPlan& plan, const compile::RuleSet::Impl& rules, Machine& machine, const model::Dataset& data,
         const model::PaymentColumns* columns);

  /// Makes subjects [first, first + rows) of `kind` the batch; rows <= kBatchRows.
  void begin_batch(compile::SubjectKind kind, std::uint32_t first, std::uint32_t rows);
  /// Rows of the batch (bit i: subject first + i) that rule `r` is true or undetermined on, as far as
  /// the filter can tell: every row the rule fires on is among them. With `sure`, also those of them its
  /// `when` is certainly true on (the filter decided it), which the machine need not evaluate again.
  void candidates(std::size_t r, BatchMask& out, BatchMask* sure = nullptr);

 private:
  using Value = compile::Value;
  static constexpr std::uint32_t kNoCode = 0xFFFFFFFF;

  // ---- Window gates for a whole batch ----
  // A payment rule's window gates (Machine::active_gates) whose outer key is a payment column
  // (`p.beneficiary`): the first test of Machine::window_empty — no group for the key, or none of its
  // candidates dated in the window's range — done for every row of the batch from the columns, so that
  // Machine::run is not called on the rows it rules out (nine payments in ten for A7 in the generated worlds). The rows
  // it leaves go through window_empty as before. A row with a missing key is left: its window is
  // missing, not empty. So are window_empty's other tests: a row for which a donor of the window (A7's
  // `third` for its sensitive twin) kept no candidate when its rule ran earlier in the batch, and one
  // whose sub-key plan (from its table: A7's contract) leaves no candidate in range, are ruled out too.
  // A row ruled out keeps no candidates for the windows its window is a donor to, as window_empty does
  // (Machine::keep_none): the twin rules it out by the donor test.
  struct BatchGate {
    const WindowIndex* index = nullptr;
    const compile::WindowSpec* spec = nullptr;
    const WindowIndexes::Share* share = nullptr;
    ColumnRead outer;
    /// Whether the range is [day + offsets.first, day + offsets.second] for every day (no months in it).
    bool by_days = false;
    std::pair<std::int32_t, std::int32_t> offsets;
    /// [outer.slot()]: the key's group number + 1, 0 when no candidate has the key, kMissingKey when the
    /// slot's value is missing.
    std::vector<std::uint32_t> group_of;
  };
  static constexpr std::uint32_t kMissingKey = 0xFFFFFFFF;
  /// Rule r's batch gates, made on its first batch of payments (the machine's windows are set by then).
  const std::vector<BatchGate>& batch_gates(std::size_t r);
  /// Clears from `rows` the rows that one of rule r's batch gates rules out.
  void gate(std::size_t r, BatchMask& rows);
  std::vector<std::optional<std::vector<BatchGate>>> batch_gates_;  ///< [rule]
  // ---- end of the window gates ----

  // A worker has a column per path of the plan, most of which never hold values, strings or BICs (parties,
  // payment columns): those parts are allocated by the first batch that needs them, so that a worker does
  // not start by clearing some 70 KB per path (~4 MB on the bundled packs, more than their audit of a small
  // world spends on some rules).
  struct Column {
    BatchMask computed{};
    std::vector<Value> values;  ///< kBatchRows once read (fill)
    std::array<std::uint32_t, kBatchRows> codes{};
    std::unordered_map<std::string_view, std::uint32_t> strings;
    /// Short strings (currencies, codes) packed into 8 bytes, direct-mapped in front of `strings` (256 once
    /// a string is coded).
    std::vector<std::pair<std::uint64_t, std::uint32_t>> short_strings;
    /// Longer strings, direct-mapped to their code in front of `strings` (256 once one is coded); a slot's
    /// text is the dictionary's key.
    std::vector<std::pair<std::string_view, std::uint32_t>> long_strings;
    /// bic_country paths: BICs packed into 16 bytes, direct-mapped to their country (a BIC check per
    /// payment would cost more than the rest of its path); kBicMemos once a BIC is read.
    struct BicMemo {
      std::uint64_t a = 0, b = 0;
      Value country;
    };
    static constexpr std::size_t kBicMemos = 1024;
    std::vector<BicMemo> bics;
    std::unordered_map<std::uint64_t, std::uint32_t> others;  ///< (kind, index or integer) of other values
    std::unordered_map<std::string, std::uint32_t> lists;  ///< lists of texts, by kind and items (code_of)
    std::string list_key;  ///< code_of's scratch key for `lists`
    /// The code of the empty list of texts of kind `empty_list_kind` once met: the commonest list (a
    /// shipment without a route), coded without building and hashing its key.
    std::uint32_t empty_list = 0xFFFFFFFF;
    std::uint8_t empty_list_kind = 0;
    std::uint32_t next_code = 0;
    std::uint64_t coded_rows = 0;
    bool coding = true;  ///< false once values turned out to repeat too rarely for a dictionary to pay
    bool entities = false;  ///< entities met: coded by index (kFirstDictionaryCode + index)
    /// Coded column sources: the path's code per payment (model::PaymentColumns); leaf tables are then
    /// indexed by these codes, and `values`/`codes` above are unused.
    const std::uint32_t* source = nullptr;
    /// ColumnSource::amount: each payment's amount as an integer at `amount_scale`.
    const std::int64_t* amounts = nullptr;
    bool purpose = false;  ///< ColumnSource::purpose
    /// Codes only (parties and lists of parties, fill_parties): row_value reads a row's value when needed.
    bool lazy = false;
    /// Columns of parties (`entities`) that blind leaves read: each row's party_facts, or every fact bit
    /// for a row without a party (it is never decided as a party without facts), for the rows set in
    /// facts_computed. Eight rows' bytes test against a leaf's builtins at once (Filter::blind_rows).
    BatchMask facts_computed{};
    alignas(8) std::array<std::uint8_t, kBatchRows> facts{};
  };

  /// With `defer`, a leaf (or the negation of one) leaves undecided the rows it would decide only at
  /// each subject's date (a gated leaf's party with dated facts: an evaluation per party and date) and
  /// sets them in *defer; and/or evaluate them last, on the rows their other operands leave open. Other
  /// nodes evaluate every row and clear *defer.
  void eval(const compile::CompiledRule& rule, std::uint32_t node, const BatchMask& live, BatchMask& t, BatchMask& f,
            BatchMask* defer = nullptr);
  void eval_leaf(const compile::CompiledRule& rule, const FilterNode& n, const BatchMask& live, BatchMask& t,
                 BatchMask& f, BatchMask* defer = nullptr);
  /// eval_leaf for an instance several filter nodes share: rows already decided in this batch are copied.
  void eval_kept(const compile::CompiledRule& rule, const FilterNode& n, const BatchMask& live, BatchMask& t,
                 BatchMask& f, BatchMask* defer = nullptr);
  /// Row i's result; with `defer`, kDated for a row decided at its subject's date whose result is not
  /// kept yet (for its span of days or its date), without deciding it.
  [[nodiscard]] std::uint8_t coded_result(const compile::CompiledRule& rule, const FilterNode& n, const Column& column,
                                          std::uint32_t i, bool defer = false);
  /// Row i's day from the columns (payments, shipments); false for other subjects, whose day is their
  /// date's, if any (Machine::subject_date).
  [[nodiscard]] bool column_day(std::uint32_t i, std::int32_t& day) const noexcept;
  void fill(std::uint32_t path, const BatchMask& live);
  /// fill for a path that is one party field of a payment or shipment (`p.originator`, `s.consignee`),
  /// or a payment's intermediary banks: false for any other path.
  bool fill_parties(const FilterPath& path, Column& column, std::size_t n);
  /// For a path that is one party field of a payment (`p.originator`, `p.beneficiary_bank`), that party's
  /// entity index per row of the batch from the payment columns; null for any other path.
  [[nodiscard]] const std::uint32_t* payment_parties(const FilterPath& path, const Column& column) const noexcept;
  [[nodiscard]] std::uint32_t code_of(Column& column, const Value& v);
  /// An entity's code, its index after the reserved codes; kNoCode for anything else.
  [[nodiscard]] static std::uint32_t entity_code(const Value& v) noexcept;
  /// entity_code of the party of entity index `e`, without making its Value.
  [[nodiscard]] static std::uint32_t party_code(std::uint32_t e) noexcept;
  /// A row's code for party index `e`: party_code, or 0 for no party (EntityIx::kNone), as a missing party.
  [[nodiscard]] static std::uint32_t row_party_code(std::uint32_t e) noexcept;
  [[nodiscard]] std::uint8_t leaf_result(const compile::CompiledRule& rule, const FilterNode& n, const Value& v);
  /// Whether `v` is a party that blind leaf `n` decides as every party without facts, and that result.
  [[nodiscard]] bool without_facts(const FilterNode& n, const Value& v) noexcept;
  /// The builtins of blind leaves (at most kFactBits of them), each a bit of a party's facts.
  static constexpr std::uint32_t kFactBits = 7;
  static constexpr std::uint8_t kNoParty = (1U << kFactBits) - 1;  ///< facts of a row without a party: all
  std::vector<check::Builtin> blind_builtins_;
  /// Per table slot of blind leaves: the bits of its set of blind builtins (the same for every leaf of
  /// the slot's function); 0 for a slot of no blind leaf, or one whose builtins have no bits.
  std::vector<std::uint8_t> facts_mask_;
  /// Per party: bit k set when it has dated facts for blind_builtins_[k] (Machine::facts_for); then
  /// kNoParty. Empty until the first batch (ask_facts).
  std::vector<std::uint8_t> party_facts_;
  void ask_facts();
  /// Sets column.facts of the rows of `live` it is not set for yet (Column::facts).
  void fill_facts(Column& column, const BatchMask& live) noexcept;
  /// Rows of `live` whose party blind leaf `n` decides as every party without facts (its column's facts
  /// share no bit with the leaf's builtins): one mask shared by every blind leaf on the column.
  void blind_rows(const FilterNode& n, const Column& column, const BatchMask& live, BatchMask& rows) const noexcept;
  [[nodiscard]] std::uint8_t blind_result(const compile::CompiledRule& rule, const FilterNode& n, const Value& v);
  /// coded_result of a row whose party has dated facts, kept per (table, party, date) in dated_.
  [[nodiscard]] std::uint8_t dated_memo(const compile::CompiledRule& rule, const FilterNode& n, const Column& column,
                                        std::uint32_t i, const std::optional<core::Date>& date, bool defer = false);
  /// A gated leaf whose entity has dated facts, decided for row i at that subject's own date.
  [[nodiscard]] std::uint8_t dated_result(const compile::CompiledRule& rule, const FilterNode& n, const Value& v,
                                          std::uint32_t i);
  /// A `linked` leaf's result as the machine gives it: on `day`, or without one the party's result on every
  /// day (kDated when it changes); nullopt without an identity index (the machine then makes its own).
  [[nodiscard]] std::optional<std::uint8_t> linked_result(const FilterNode& n, const Value& v,
                                                          std::optional<std::int32_t> day) const;
  /// Row i's value of the leaf's path: kept in the column, or read now for a via_entity path or a lazy
  /// column (which keep only codes).
  [[nodiscard]] Value row_value(const FilterNode& n, const Column& column, std::uint32_t i);
  [[nodiscard]] static std::optional<std::uint8_t> direct_result(const FilterNode& n, const Value& v) noexcept;
  [[nodiscard]] Value source_value(const FilterPath& path, std::uint32_t code) const;
  [[nodiscard]] std::uint8_t source_result(const compile::CompiledRule& rule, const FilterNode& n, std::uint32_t code);
  [[nodiscard]] std::uint8_t row_result(const compile::CompiledRule& rule, const FilterNode& n, std::uint32_t i);
  void eval_source_leaf(const compile::CompiledRule& rule, const FilterNode& n, const Column& column,
                        const BatchMask& live, BatchMask& t, BatchMask& f);

  const FilterPlan& plan_;
  const compile::RuleSet::Impl& rules_;
  Machine& machine_;
  const model::Dataset& data_;
  const model::PaymentColumns* payment_columns_;
  /// Each shipment's day (model::ShipmentColumns::days, the day of its date as Machine::subject_date
  /// gives it), or null when the dataset's shipment columns are out of date.
  const std::int32_t* shipment_days_ = nullptr;
  std::array<std::uint32_t, kBatchRows> rows_buffer_{};
  compile::SubjectKind kind_ = compile::SubjectKind::payment;
  std::uint32_t first_ = 0;
  std::uint32_t rows_ = 0;
  BatchMask all_{};
  std::vector<Column> columns_;
  std::vector<std::vector<std::uint8_t>> tables_;  ///< per table slot: by code, kUnknown = not yet known
  std::vector<std::uint8_t> blind_results_;  ///< per table slot of blind leaves: for parties without facts
  /// Per instance: its results on the rows of the batch `batch` decided so far.
  struct Kept {
    std::uint64_t batch = 0;
    BatchMask computed{};
    BatchMask t{};
    BatchMask f{};
  };
  std::vector<Kept> kept_;
  /// Recent results of gated leaves for parties with dated facts, by (table, code, date): a leaf reads
  /// the subject only through its path and its date, and equal leaves of several rules meet the same
  /// party on the same row. Direct-mapped: a clash forgets the older result.
  struct Dated {
    std::uint32_t slot = 0xFFFFFFFF;
    std::uint32_t code = 0;
    std::uint32_t date = 0;  ///< year, month and day packed; no date: 0xFFFFFFFF
    std::uint8_t result = 0;
  };
  std::vector<Dated> dated_;  ///< 2^kDatedBits once a leaf meets a party with dated facts
  /// Leaves with spans (FilterNode::spans), for a party with dated facts, by (table, code): the result on
  /// the days [from, to) around a row's day, on which none of its designations or reaches starts or ends.
  /// One entry serves a party's rows of many dates where Dated needs one per date. Set-associative by
  /// (table, code), newest first: a full set forgets its oldest span.
  struct Span {
    std::uint32_t slot = 0xFFFFFFFF;
    std::uint32_t code = 0;
    std::int32_t from = 0;
    std::int32_t to = 0;
    std::uint8_t result = 0;
  };
  std::vector<Span> spans_;  ///< kSpanWays << kSpanBits once a leaf with spans meets a party with dated facts
  /// The set of spans_ of (table slot, party code).
  [[nodiscard]] Span* span_set(std::uint32_t slot, std::uint32_t code) noexcept;
  /// The kept span of leaf `n` (FilterNode::spans) for party code `code` that covers `day`, if any.
  [[nodiscard]] const Span* find_span(const FilterNode& n, std::uint32_t code, std::int32_t day) noexcept;
  /// The days [from, to) around `day` on which none of party `v`'s designations (span_designations) or
  /// reaches (span_links) starts or ends; nullopt without the machine's identity index.
  [[nodiscard]] std::optional<std::pair<std::int32_t, std::int32_t>> stable_days(const FilterNode& n, const Value& v,
                                                                              std::int32_t day) const;

  // and/or evaluate their children most decisive first (Kleene's and/or commute, so the order changes
  // the work, never the result): per filter node, rows evaluated and rows it settled (false under an
  // and, true under an or), and each worker's current order of children, revised every few batches.
  struct Stat {
    std::uint64_t seen = 0;
    std::uint64_t settled = 0;
  };
  void reorder();
  std::vector<Stat> stats_;
  std::vector<std::uint32_t> order_;
  std::uint64_t batches_ = 0;
};

}  // namespace sanx::eval
