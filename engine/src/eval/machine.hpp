// The evaluator's per-thread state: runs one compiled rule over one subject at a time. Owns the let cache,
// quantifier variables and a string arena that are reused from subject to subject, so that evaluating a
// rule allocates nothing unless it produces a finding (or uses lower/upper/identifiers).
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "compile/ir.hpp"
#include "sanx/eval/finding.hpp"
#include "eval/build_crew.hpp"
#include "eval/identity_index.hpp"
#include "eval/candidate_columns.hpp"
#include "eval/name_matcher.hpp"
#include "eval/window_index.hpp"
#include "sanx/graph/timeline.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::eval {

/// Whether `pred` holds for every operand node of `n` (its a; a and b; or its list), for the analyses that
/// walk a rule's nodes: false for a node without operands the walk should have handled itself (constants,
/// the subject, variables, lets and windows). A quantifier's operands are its collection and its body.
template <typename Pred>
[[nodiscard]] bool all_operands(const compile::CompiledRule& rule, const compile::Node& n, Pred&& pred) {
  switch (compile::operands_of(n.op)) {
    case compile::Operands::a: return pred(n.a);
    case compile::Operands::a_b: return pred(n.a) && pred(n.b);
    case compile::Operands::list:
      for (std::uint32_t i = 0; i < n.b; ++i) {
        if (!pred(rule.lists[n.a + i])) return false;
      }
      return true;
    case compile::Operands::none: return false;
  }
  return false;
}

/// The window nodes of `rule` that gate it: a conjunct of its `when` compares one (directly or through a
/// let) with a constant, and is false for the value the window has when no candidate is visited (count and
/// distinct 0, sum 0, min and max missing). A subject for which such a window has no candidate in range
/// (none with its key, none in its dates, none its sub-key leaves) then makes the `when` false — not
/// missing: `and` with a false operand is false — and the rule neither fires nor is undetermined on it.
/// A7's `third > 0` is such a conjunct; `sensitive == 0` is not.
[[nodiscard]] std::vector<std::uint32_t> window_gates(const compile::CompiledRule& rule);

/// The dates [from, to] window `w` covers for a subject dated `day` (days since the epoch): [day − far,
/// day − near] before, [day + near, day + far] after (near is 0 unless shifted).
[[nodiscard]] std::pair<std::int32_t, std::int32_t> window_days(const compile::WindowSpec& w, std::int32_t day) noexcept;
/// Whether some entry of `entries` (sorted by date) is dated within [from, to].
[[nodiscard]] bool any_dated(std::span<const WindowIndex::Entry> entries, std::int32_t from, std::int32_t to) noexcept;

/// Bump allocator for strings made while evaluating one subject; reset() keeps the memory.
class Arena {
 public:
  [[nodiscard]] char* allocate(std::size_t n);
  /// Room for `n` values of a trivially destructible `T`, aligned for it and default-constructed; they
  /// live until reset(), like the strings.
  template <typename T>
  [[nodiscard]] T* allocate_array(std::size_t n) {
    static_assert(std::is_trivially_destructible_v<T>, "reset() runs no destructor");
    char* raw = allocate(n * sizeof(T) + alignof(T));
    auto* first = reinterpret_cast<T*>((reinterpret_cast<std::uintptr_t>(raw) + alignof(T) - 1) &
                                       ~(std::uintptr_t{alignof(T)} - 1));
    for (std::size_t i = 0; i < n; ++i) new (first + i) T();
    return first;
  }
  void reset() noexcept {
    block_ = 0;
    used_ = 0;
  }

 private:
  static constexpr std::size_t kBlockSize = 4096;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<std::size_t> sizes_;
  std::size_t block_ = 0;
  std::size_t used_ = 0;
};

class Machine {
 public:
  Machine(const compile::RuleSet::Impl& rules, const model::Dataset& data, std::optional<core::Date> as_of);

  /// Where blocked/owned_share/controlled/exposure_paths read ownership exposure; without it they give
  /// missing values.
  void set_ownership(const graph::ExposureTimeline* timeline) noexcept { ownership_ = timeline; }
  /// Where name_match screens; without it name_match gives missing values.
  void set_name_matcher(const NameMatcher* matcher) noexcept { names_ = matcher; }
  /// Where linked_to and shared_identity(_detail) look; without it the machine builds its own on first use.
  void set_identity(const IdentityIndex* identity) noexcept { identity_ = identity; }
  /// The index set by set_identity, if any (the batch filter reads when a party's links change).
  [[nodiscard]] const IdentityIndex* identity_index() const noexcept { return identity_; }

  /// Where windows look up other subjects: shared by the machines of one audit. Without it, the machine
  /// builds its own on the first window it evaluates.
  void set_windows(const WindowIndexes* windows) noexcept { windows_ = windows; }
  /// Where windows read their candidates' fields (candidate_columns.hpp); without it, from the dataset.
  void set_candidate_columns(const CandidateColumns* columns) noexcept { columns_ = columns; }
  /// Whether run() evaluates `and`/`or` operands in the order it learns (on by default; see AdaptiveOrder).
  void set_adaptive_order(bool on) noexcept { adaptive_on_ = on; }
  /// Whether run() first asks the windows a rule's `when` needs candidates in (window_gates) whether the
  /// subject has any (on by default; off only to check that it changes nothing).
  void set_window_gates(bool on) noexcept { gates_on_ = on; }
  /// The window gates run() asks for rule `rule` (an index into the rule set): none when they are off.
  /// The batch filter decides the first test of window_empty for a whole batch (Filter::gate).
  [[nodiscard]] std::span<const std::uint32_t> active_gates(std::size_t rule) const noexcept {
    return gates_on_ ? std::span<const std::uint32_t>(gates_[rule]) : std::span<const std::uint32_t>();
  }
  /// The window indexes set by set_windows, or null.
  [[nodiscard]] const WindowIndexes* windows() const noexcept { return windows_; }
  /// Whether a donor of the window with `share` kept no candidate for subject `ix` of the current batch
  /// (begin_batch) when it ran: then that window has none for it either, unless its key is missing
  /// (window_empty).
  [[nodiscard]] bool donor_kept_none(const WindowIndexes::Share& share, std::uint32_t ix) const;
  /// window_empty's last test for subject `ix` of kind `kind`, whose window (index `index`) has candidates
  /// of `group` dated in [from, to]: whether its sub-key plan leaves none of them (false without a plan or
  /// for a precomputed window); nullopt when the plan has no table (SubKeyPlan::Flat) to decide it by.
  [[nodiscard]] std::optional<bool> sub_keys_empty(const WindowIndex& index, const WindowIndex::Group& group,
                                                   compile::SubjectKind kind, std::uint32_t ix, std::int32_t from,
                                                   std::int32_t to);
  /// What window_empty keeps for subject `ix` of the current batch when its window with `share` is empty:
  /// no candidates, for the windows it is a donor to.
  void keep_none(const WindowIndexes::Share& share, std::uint32_t ix);
  /// The operands of `and`/`or` node `node` of `rule` in the order run() evaluates them now.
  [[nodiscard]] std::vector<std::uint32_t> operand_order(const compile::CompiledRule& rule, std::uint32_t node) const;

  /// Subjects [first, first + count) of the current kind are about to be run, rule by rule. Until the next
  /// batch, a window may scan only the candidates another window of the same subject kept, when that one's
  /// `where` is part of its own (window_narrows, WindowIndexes::share): the two A7 rules look at one
  /// beneficiary's shipments once, not twice. Without a batch, or without set_windows before it, every
  /// window scans its own candidates.
  void begin_batch(std::uint32_t first, std::uint32_t count);
  /// Makes subject `ix` of `kind` current: its date, and a fresh arena.
  void begin_subject(compile::SubjectKind kind, std::uint32_t ix);
  /// Runs `rule` (whose subject kind is the current one) on the current subject.
  [[nodiscard]] std::optional<Finding> run(const compile::CompiledRule& rule);
  /// run in two steps, for a caller that keeps findings where it makes them (one move fewer each): whether
  /// `rule` fired on the current subject, was undetermined, or neither (nullopt); then, for an outcome,
  /// write_finding into `f`, a finding made from finding_rule(rule), before the next decide.
  [[nodiscard]] std::optional<Outcome> decide(const compile::CompiledRule& rule);
  void write_finding(const compile::CompiledRule& rule, Outcome outcome, Finding& f);
  /// decide for a subject whose `when` the batch filter found true (Filter::candidates' `sure` rows):
  /// fired when the rule applies on the subject's date, without evaluating the `when` again (most findings
  /// of an audit are of rules the filter decides whole), then write_finding as after decide. A rule with
  /// windows goes through decide: its windows keep candidates for other rules' (begin_batch) as they run.
  [[nodiscard]] std::optional<Outcome> decide_true(const compile::CompiledRule& rule);
  /// What every finding of `rule` shares, made on its first finding.
  [[nodiscard]] const std::shared_ptr<const FindingRule>& finding_rule(const compile::CompiledRule& rule);

  // For the batch filter (filter.hpp), which reads field paths column by column and evaluates each pure
  // condition once per distinct value of its path instead of once per subject.

  /// The value of a field path of subject `ix` of `kind`: `fields` applied from the subject outward.
  [[nodiscard]] compile::Value read_path(compile::SubjectKind kind, std::uint32_t ix, std::span<const std::uint16_t> fields);
  /// read_path for subjects first + rows[k], k < n, into out[rows[k]]: one call for a batch's rows.
  void read_path_rows(compile::SubjectKind kind, std::uint32_t first, std::span<const std::uint16_t> fields,
                      const std::uint32_t* rows, std::size_t n, compile::Value* out);
  /// codes[rows[k]] = enum_code(field, bases[rows[k]]) + 1 (0: missing), k < n.
  void enum_code_rows(check::FieldId field, const std::uint32_t* rows, std::size_t n, const compile::Value* bases,
                      std::uint32_t* codes) const;
  /// `bic_country(bic)`: the BIC's country, missing unless it is a valid BIC.
  [[nodiscard]] static compile::Value bic_country_of(const compile::Value& bic) noexcept;
  /// Country of a payment's originating (or receiving) side: its bank's BIC country, else its party's.
  [[nodiscard]] compile::Value payment_country(std::uint32_t ix, bool origin) noexcept;
  /// A shipment's countries in travel order (origin, route, destination; repeats merged), or its legs `A-B`.
  [[nodiscard]] compile::Value shipment_countries(std::uint32_t ix, bool legs);
  /// Whether builtin `b` is a function of its arguments only. designated and listed_on read the
  /// subject's date, ownership and screening more; a builtin added later counts as impure until it is
  /// listed here (the batch filter and precomputed windows then leave it to the per-subject machine).
  [[nodiscard]] static bool pure_builtin(check::Builtin b) noexcept;
  /// Whether builtin `b` reads dated facts of its first argument, an entity, that most entities lack:
  /// designations (designated, listed_on, delisted), ownership exposure (blocked, owned_share, controlled,
  /// exposure_paths), identity links (linked_to, shared_identity, shared_identity_detail). For an entity
  /// without them the answer is the same on every date, so the batch filter can decide it once.
  [[nodiscard]] static bool gated_builtin(check::Builtin b) noexcept;
  /// eval_with for the batch filter's gated leaves: nullopt as soon as a gated builtin meets an entity
  /// that has such facts (its answer would depend on the subject's date).
  [[nodiscard]] std::optional<compile::Value> eval_gated(const compile::CompiledRule& rule, std::uint32_t node,
                                                         std::span<const std::uint32_t> overrides,
                                                         const compile::Value& v);
  /// The enum behind `field` (network, entity kind, mode, relation kind) of `base`; -1 when missing.
  [[nodiscard]] int enum_code(check::FieldId field, const compile::Value& base) const;
  /// Evaluates `node` of `rule` with every node in `overrides` taking the value `v`. Only for conditions
  /// that depend on the subject through those nodes alone (no designations, no subject date).
  /// Evaluates `node` of `rule` with quantifier slot `slot` bound to `bound`: a window's key, which depends
  /// on its variable alone. Strings in the result may live in the arena until the next evaluation.
  [[nodiscard]] compile::Value eval_bound(const compile::CompiledRule& rule, std::uint32_t node, std::uint32_t slot,
                                          const compile::Value& bound);
  [[nodiscard]] compile::Value eval_with(const compile::CompiledRule& rule, std::uint32_t node,
                                         std::span<const std::uint32_t> overrides, const compile::Value& v);
  /// The date subject `ix` of `kind` reads dated facts at, as begin_subject makes it current: its own
  /// date, or as_of for entities and relations. For the batch filter, which keeps the results of a
  /// gated leaf per party and date.
  [[nodiscard]] std::optional<core::Date> subject_date(compile::SubjectKind kind, std::uint32_t ix) const;
  /// Whether gated builtin `b` gives every entity without dated facts for it (facts_for false) the same
  /// answer, for the same other arguments: designations (none: false) and ownership exposure (out of
  /// reach: the timeline's stand-in). Not linked_to, which reads the entity's own country. The batch
  /// filter then decides a leaf once for all such parties; a change to these builtins must keep this.
  [[nodiscard]] static bool same_without_facts(check::Builtin b) noexcept;
  /// Whether gated builtin `b` has dated facts to read for `x` (what eval_gated stops at).
  [[nodiscard]] bool facts_for(check::Builtin b, const compile::Value& x) const noexcept { return has_dated_facts(b, x); }

 private:
  using Value = compile::Value;

  template <bool Explain>
  Value eval(std::uint32_t node);
  template <bool Explain>
  Value step(std::uint32_t node);
  template <bool Explain>
  Value operand(std::uint32_t node);
  template <bool Explain>
  Value element(const compile::ListView& list, std::uint32_t i);
  template <bool Explain>
  Value membership(const Value& x, const Value& collection);
  template <bool Explain>
  Value quantifier(const compile::Node& n);
  template <bool IsAnd>
  Value adaptive_logical(const compile::Node& n);
  void reorder(const compile::Node& n);
  /// How many evaluations of an `and` or `or` between two reorderings: rarely enough that sorting costs
  /// nothing, often enough to follow the data as a run goes on.
  static constexpr std::uint32_t kAdaptivePeriod = 256;
  template <bool Explain>
  Value call(const compile::Node& n);
  Value window(const compile::Node& n);
  /// Where a window's candidates are for the current subject: its index, its group (none when no
  /// candidate has the subject's key) and the dates [from, to]. `defined` is false when the subject has no
  /// date or no key, and the window is missing.
  struct WindowRange {
    const WindowIndex* index = nullptr;
    const WindowIndex::Group* group = nullptr;
    std::int32_t from = 0;
    std::int32_t to = 0;
    bool defined = false;
  };
  WindowRange window_range(const compile::Node& n);
  /// The window node of rule's gate (window_gates) whose conjunct the `when` evaluates first, when it is a
  /// count or distinct; decide() evaluates it before the `when`.
  [[nodiscard]] std::optional<std::uint32_t> leading_gate(const compile::CompiledRule& rule) const;
  /// Which node of which subject, in which generation, a memo below is for (not under eval_with): what
  /// window_empty and decide() worked out for a gate's window, read back by window() on the same subject.
  struct WindowMemo {
    const compile::Node* node = nullptr;
    std::uint64_t generation = 0;
    compile::SubjectKind kind = compile::SubjectKind::payment;
    std::uint32_t subject = 0;
    [[nodiscard]] bool holds(const compile::Node* n, std::uint64_t g, compile::SubjectKind k, std::uint32_t ix) const noexcept {
      return node == n && generation == g && kind == k && subject == ix;
    }
  };
  WindowMemo range_memo_;
  WindowRange range_memo_range_;
  WindowMemo value_memo_;
  Value value_memo_value_;
  /// Whether the current subject's windows share kept candidates (begin_batch; not under eval_with).
  [[nodiscard]] bool shares() const noexcept;
  /// Whether subject `ix` of the current kind would (in the current batch, not under eval_with).
  [[nodiscard]] bool shares(std::uint32_t ix) const noexcept;
  /// Where in kept_stamp_ a donor of a window with `share` kept candidates for the current subject, if one did.
  [[nodiscard]] std::optional<std::uint32_t> donor_of(const WindowIndexes::Share& share) const;
  /// The same for subject `ix` of the current batch.
  [[nodiscard]] std::optional<std::uint32_t> donor_of(const WindowIndexes::Share& share, std::uint32_t ix) const;
  /// Whether window node `n` certainly has no candidate for the current subject (a defined range with
  /// nothing the window would visit): then it is 0, or its aggregate's start, whatever its `where`.
  bool window_empty(const compile::Node& n);
  /// Records kept_scratch_ from `mark` on (nothing when `mark` is its end) as what the current subject's
  /// window with `share` kept, for the windows it is a donor to, and drops it from kept_scratch_.
  void keep_candidates(const WindowIndexes::Share& share, std::size_t mark);
  /// Which candidates of its group a window with a sub-key plan scans for the current subject (SubKeyPlan):
  /// all, none, or those whose second key has one id (and those whose key is missing when `missing_too`);
  /// from the plan's table when it has one (SubKeyPlan::Flat), else walking its steps.
  using Restriction = SubKeyChoice;
  Restriction restriction(const WindowIndex& index);
  /// restriction() from the plan's table (it has one), for subject `ix` of kind `kind`: the one
  /// sub_keys_empty kept for a row of the batch it left to the rule (RestrictionMemo), else worked out.
  Restriction flat_restriction(const WindowIndex& index, compile::SubjectKind kind, std::uint32_t ix);
  /// flat_restriction worked out.
  Restriction read_flat_restriction(const WindowIndex& index, compile::SubjectKind kind, std::uint32_t ix);
  /// The subject's paths a flat plan reads (SubKeyPlan::Flat::reads).
  using FlatReads = std::array<Value, SubKeyPlan::Flat::kMaxReads>;
  /// read_flat_restriction without the ranges' bounds: the paths it read in `reads`, the ranges that hold
  /// for the subject in `ranges`, for flat_bounds (not worked out for a subject without candidates).
  Restriction flat_choice(const WindowIndex& index, compile::SubjectKind kind, std::uint32_t ix, FlatReads& reads,
                          std::uint8_t& ranges);
  /// Adds to `r` the bounds of `ranges` from the paths flat_choice read and those only the ranges read
  /// (read here, into `reads`), and those with a bound (not missing) to its ranges.
  void flat_bounds(const WindowIndex& index, compile::SubjectKind kind, std::uint32_t ix, std::uint8_t ranges,
                   FlatReads& reads, Restriction& r);
  /// Path i of a flat plan for subject `ix`, from its column when it has one.
  Value flat_read(const SubKeyPlan::Flat& flat, std::size_t i, compile::SubjectKind kind, std::uint32_t ix);
  /// Whether candidate `ix` is in the ranges of restriction `r` (SubKeyChoice::ranges): none of its
  /// comparisons is false.
  static bool in_ranges(const WindowIndex& index, const Restriction& r, std::uint32_t ix) noexcept;
  /// Whether one of `entries` dated in [from, to] is in the ranges of `r`.
  static bool any_in_ranges(const WindowIndex& index, const Restriction& r, std::span<const WindowIndex::Entry> entries,
                            std::int32_t from, std::int32_t to) noexcept;
  /// A range's Y from its terms (SubKeyPlan::Term) and the subject's paths `reads` (SubKeyPlan::Flat::reads).
  static Value range_bound(std::span<const SubKeyPlan::Term> terms, std::span<const Value> reads) noexcept;
  /// Whether restriction `r` leaves no candidate of `group` dated in [from, to].
  bool restricted_empty(const WindowIndex& index, const WindowIndex::Group& group, const Restriction& r,
                        std::int32_t from, std::int32_t to);
  /// The choice of equal step `s` whose subject value `y` is neither missing nor a number: its key's id.
  Restriction sub_key_of(const WindowIndex& index, const SubKeyPlan::Step& s, const Value& y);
  /// The candidates of a group that restriction `r` (of kind key) leaves: those under its id, and those
  /// whose key is missing when it scans them too (else empty).
  struct Restricted {
    std::span<const WindowIndex::Entry> keyed;
    std::span<const WindowIndex::Entry> missing;
  };
  static Restricted restricted(const WindowIndex& index, const WindowIndex::Group& group, const Restriction& r);
  /// A precomputed window from what its index computed for the subject's group (`g`, whose entries are `e`).
  Value window_precomputed(const compile::WindowSpec& w, dsl::ast::AggregateKind aggregate, const WindowIndex::Sums& g,
                           std::span<const WindowIndex::Entry> e, std::int32_t from, std::int32_t to);

  [[nodiscard, gnu::always_inline]] inline Value field(check::FieldId id, const Value& base);
  [[nodiscard]] bool overridden(std::uint32_t node) const noexcept;
  [[nodiscard]] Value enum_test(const compile::Node& n, const Value& base) const;
  [[nodiscard]] bool in_force(const model::Designation& d) const;
  [[nodiscard]] std::string_view copy_transformed(std::string_view s, bool upper);
  [[nodiscard]] const compile::Regex* dynamic_regex(std::string_view pattern);

  [[nodiscard]] bool applies(const compile::CompiledRule& rule) const;
  /// The reason of the finding write_finding is writing, whose evidence values are written: in reason_.
  /// The values are evidence_values_'s first `values_size` bytes, with kCopySlack bytes of room after them.
  [[nodiscard]] std::string_view write_reason(const compile::CompiledRule& rule, std::size_t values_size);
  /// A part of a rule's reason as write_reason copies it: a text (ReasonPlan::texts[text_begin, +
  /// text_size), maybe none), then a placeholder, if any: one that is evidence item `evidence`, or one that
  /// renders node `node`. One piece per placeholder, not one per part: half the steps to copy a reason.
  struct ReasonPiece {
    std::uint32_t text_begin = 0;
    std::uint32_t text_size = 0;
    std::int32_t evidence = -1;
    std::int32_t node = -1;
  };
  /// How write_finding reads an evidence item: a path of fields from the subject (most items: `p.date`,
  /// `p.originator.name`) as its fields, innermost first; anything else (`depth` 0) through operand.
  struct EvidenceRead {
    static constexpr std::size_t kMaxDepth = 8;
    std::uint32_t node = 0;
    std::uint32_t depth = 0;
    std::array<std::uint16_t, kMaxDepth> fields{};
    bool subject_date = false;  ///< `p.date` or `s.date`: the subject's day, known since begin_subject
    /// Most items are read as text without field() and render (direct_text): a text field of the subject
    /// (`p.currency`; `?` when empty, as field() makes it missing), its id, or the name of a party of it
    /// (`p.originator.name`). Each with its member of the rule's subject kind.
    enum class Text : std::uint8_t { none, field, id, party_name };
    Text text = Text::none;
    const std::string model::Payment::* payment_text = nullptr;
    const std::string model::Shipment::* shipment_text = nullptr;
    model::EntityIx model::PaymentRefs::* payment_party = nullptr;
    model::EntityIx model::ShipmentRefs::* shipment_party = nullptr;
  };
  /// How reason_plan reads `read`'s path as text, when it can (EvidenceRead::Text).
  static void plan_direct_text(compile::SubjectKind kind, EvidenceRead& read);
  /// The text of an item whose EvidenceRead::text is not none, as render writes its value.
  [[nodiscard, gnu::always_inline]] inline std::string_view direct_text(const EvidenceRead& read) const;
  /// A rule's reason parts, with what bounds its size: the texts' total, how often one evidence item is a
  /// placeholder at most; and how its evidence items are read.
  struct ReasonPlan {
    std::vector<ReasonPiece> pieces;
    std::string texts;  ///< the pieces' texts, one after the other
    std::size_t text_size = 0;
    std::size_t item_uses = 0;
    bool rendered = false;  ///< a placeholder renders a node
    std::vector<EvidenceRead> reads;  ///< one per evidence item, in order
  };
  /// The value of an evidence item as operand<false> gives it (no node is overridden while findings are
  /// written), a path from the subject read without walking its nodes.
  [[nodiscard, gnu::always_inline]] inline Value evidence_value(const EvidenceRead& read);
  [[nodiscard]] static ReasonPlan reason_plan(const compile::CompiledRule& rule);
  /// Append the text of a value (as findings show it), of entity `ix`.
  void render(std::string& out, const Value& v);
  void entity_text(std::string& out, std::uint32_t ix);
  /// entity_text's text, valid until the next entity_view or entity_text of an entity not yet cached.
  [[nodiscard]] std::string_view entity_view(std::uint32_t ix);
  /// entity_text worked out (`id (name)`, or the id of an entity without a name).
  void write_entity_text(std::string& out, std::uint32_t ix) const;
  /// The current subject's id: the dataset's text, or a relation's written into `scratch`.
  [[nodiscard]] std::string_view subject_id(std::string& scratch) const;
  /// The ISO text of day `days` (days since the epoch), as core::Date::write_iso_days writes it: from
  /// iso_days_ when it holds that day, else written there. Findings show a few hundred distinct days (the
  /// subjects' own, as their date and as evidence) hundreds of thousands of times.
  [[nodiscard]] std::string_view iso_day(std::int32_t days) noexcept;

  /// Payment (shipment) `ix`'s date as days since the epoch: what field() gives for `p.date` (`s.date`).
  [[nodiscard]] std::int32_t payment_days(std::uint32_t ix) const;
  [[nodiscard]] std::int32_t shipment_days(std::uint32_t ix) const;
  /// Row `ix`'s days from `Columns` when they are up to date (column_read.hpp), else from `rows`.
  template <typename Columns, typename Row>
  [[nodiscard]] std::int32_t column_days(const std::vector<Row>& rows, std::uint32_t ix) const;
  [[nodiscard]] bool has_dated_facts(check::Builtin id, const Value& x) const noexcept;
  /// An entity's main country (its first), missing when it has none.
  [[nodiscard]] Value main_country(std::uint32_t entity) const;
  [[nodiscard]] Value ownership(check::Builtin id, const Value& x, const Value& regime);
  [[nodiscard]] Value identity(check::Builtin id, const Value& x, const Value& second, const Value& third);

  const compile::RuleSet::Impl& rules_;
  const model::Dataset& data_;
  std::optional<core::Date> as_of_;
  const graph::ExposureTimeline* ownership_ = nullptr;
  const NameMatcher* names_ = nullptr;
  const IdentityIndex* identity_ = nullptr;
  std::unique_ptr<IdentityIndex> own_identity_;
  const WindowIndexes* windows_ = nullptr;
  std::unique_ptr<WindowIndexes> own_windows_;
  // The batch (begin_batch); without windows set, none, and no window shares.
  std::uint32_t batch_first_ = 0;
  std::uint32_t batch_count_ = 0;
  std::uint64_t batch_stamp_ = 0;
  // Per slot and row of the batch ([slot * batch_count_ + row]): the batch that wrote it, and where its
  // kept candidates are in kept_pool_.
  std::vector<std::uint64_t> kept_stamp_;
  std::vector<std::uint32_t> kept_begin_;
  std::vector<std::uint32_t> kept_size_;
  std::vector<std::uint32_t> kept_pool_;
  std::vector<std::uint32_t> kept_scratch_;  ///< a stack: windows inside a window's `where` push above
  // flat_restriction of one window index for rows of the batch: a function of the subject alone, worked
  // out for a row by the batch filter's gate (sub_keys_empty), which keeps it for the rows it leaves to
  // the rule, whose window_empty and window() then read it (A7: once per payment it reaches, not three
  // times). [row] holds it when `stamp` is the batch's (restriction_stamp).
  struct RestrictionMemo {
    const WindowIndex* index = nullptr;
    std::vector<std::uint64_t> stamp;
    std::vector<SubKeyChoice> choice;
    void keep(std::uint32_t row, std::uint64_t batch, const SubKeyChoice& r) {
      stamp[row] = batch;
      choice[row] = r;
    }
  };
  /// The memo of `index`, or null when `ix` is not a row of the batch.
  RestrictionMemo* restriction_memo(const WindowIndex& index, std::uint32_t ix);
  /// The stamp of the batch's rows of kind `kind` in a RestrictionMemo: never 0, which no batch has.
  [[nodiscard]] std::uint64_t restriction_stamp(compile::SubjectKind kind) const noexcept {
    return batch_stamp_ * 4 + static_cast<std::uint64_t>(kind);
  }
  std::vector<RestrictionMemo> restriction_memos_;
  std::uint32_t memo_rows_ = 0;  ///< the batch's rows (begin_batch), whether or not windows share
  std::size_t last_memo_ = 0;    ///< the memo restriction_memo found last

  const CandidateColumns* columns_ = nullptr;
  // While a window visits a candidate that has a row of columns: the window's variable slot, the row, and
  // the rule's node -> column map.
  std::uint32_t row_slot_ = 0;
  const Value* row_ = nullptr;
  const std::int32_t* row_columns_ = nullptr;

  std::vector<std::string> distinct_;  ///< window scratch: the distinct values' keys
  std::vector<std::uint32_t> distinct_ids_;  ///< precomputed window scratch: the distinct values' ids
  std::string key_scratch_;                  ///< window scratch: the text of the subject's key
  std::vector<WindowIndex::Entry> merged_;   ///< window scratch: a sub-key's candidates and its missing ones

  // The current subject.
  compile::SubjectKind kind_ = compile::SubjectKind::payment;
  std::uint32_t subject_ix_ = 0;
  Value subject_;
  std::optional<core::Date> date_;  ///< the subject's own date, or as_of for entities and relations
  std::int32_t date_days_ = 0;

  // The order in which run() evaluates the operands of `and` and `or`, per rule (index into rules_.rules),
  // learnt from the subjects so far. The compiler orders them by estimated cost alone; a cheap conjunct that
  // is nearly always true is worth less than a dearer one that is nearly always false (A7's window: the
  // contract test rules out almost every shipment, the country tests almost none). Periodically each node's
  // operands are sorted by cost / (share of evaluations they decided). The value of `and`/`or` does not
  // depend on the order, so neither do findings; the explain pass and eval_with keep the compiler's order.
  struct AdaptiveOrder {
    std::vector<std::uint32_t> lists;    ///< a copy of the rule's operand lists, and/or segments reordered
    std::vector<std::uint32_t> decided;  ///< per list position: how often its operand decided the node
    std::vector<std::uint32_t> runs;     ///< at a node's first list position: its evaluations since reordering
  };
  // Per rule (index into rules_.rules): its window gates (window_gates), window nodes of which one with no
  // candidate makes the `when` false, so that run() need not evaluate it.
  std::vector<std::vector<std::uint32_t>> gates_;
  bool gates_on_ = true;

  std::vector<AdaptiveOrder> adaptive_;  ///< by rule; filled on the rule's first run
  AdaptiveOrder* order_ = nullptr;       ///< the current rule's, while run() evaluates it; else none
  bool adaptive_on_ = true;

  // The current rule.
  const compile::CompiledRule* rule_ = nullptr;
  std::vector<Value> let_values_;
  std::vector<std::uint64_t> let_generation_;
  std::uint64_t generation_ = 0;
  std::vector<Value> quantifier_values_;
  std::vector<std::uint32_t> missing_;  ///< explain pass: nodes whose missing value decided the outcome
  std::span<const std::uint32_t> overrides_;  ///< eval_with: nodes whose value is override_
  Value override_;
  bool gate_ = false;      ///< eval_gated: gated builtins check their entity
  bool gate_hit_ = false;  ///< eval_gated: one met an entity with dated facts

  Arena arena_;
  std::unordered_map<std::string, std::unique_ptr<compile::Regex>> dynamic_regexes_;

  // make_finding: per rule (index into rules_.rules), what its findings share, each machine its own so
  // that threads do not count references on one another's; the evidence values and source being written.
  std::vector<std::shared_ptr<const FindingRule>> finding_rules_;
  std::string evidence_values_;
  std::vector<std::uint32_t> evidence_ends_;
  std::string source_;
  std::string subject_text_;                         ///< subject_id's scratch (a relation's id)
  std::string date_text_;                            ///< the finding's date
  std::vector<std::string_view> missing_texts_;      ///< the finding's missing paths (the rule's texts)
  std::vector<std::uint32_t> placeholder_ends_;  ///< write_reason: the rendered placeholders' ends in source_
  std::string reason_;                           ///< write_reason's text (its size only grows: no fill)
  FindingTexts finding_texts_;                   ///< where the findings' texts are kept
  /// iso_day's cache: day d's text, if any, at [d mod size] (two years of days fit without collisions).
  struct IsoDay {
    std::int32_t days = std::numeric_limits<std::int32_t>::min();  // no day's
    std::uint32_t size = 0;
    std::array<char, core::Date::kMaxIsoSize> text{};
  };
  std::vector<IsoDay> iso_days_ = std::vector<IsoDay>(1024);
  /// entity_text's cache: per entity, where its text is in entity_texts_ (begin, size + 1; 0: not there
  /// yet). Findings show a few parties of thousands over and over (an audit's payments' banks).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> entity_text_ends_;
  std::string entity_texts_;
  std::vector<ReasonPlan> reason_plans_;         ///< per rule, made with its finding_rule
};

/// Runs task(t, machine) for t < tasks on up to `threads.count` threads (this one and its crew's helpers
/// when it has a crew), each with a machine of its own: how the structures built before an audit's
/// windows are evaluated (window indexes, candidate columns) split their work.
template <typename Task>
void run_with_machines(std::size_t tasks, const BuildThreads& threads, const compile::RuleSet::Impl& rules,
                       const model::Dataset& data, std::optional<core::Date> as_of, Task task) {
  std::atomic<std::size_t> next{0};
  const std::function<void()> work = [&] {
    std::optional<Machine> machine;
    for (std::size_t t = next++; t < tasks; t = next++) {
      if (!machine) machine.emplace(rules, data, as_of);
      task(t, *machine);
    }
  };
  if (threads.crew != nullptr && threads.count > 1 && tasks > 1) {
    threads.crew->run(work);
    return;
  }
  // One worker per thread, each with its machine, taking tasks from `next`.
  const std::size_t workers = std::min(threads.count, tasks);
  run_tasks(workers, workers, [&](std::size_t) { work(); });
}

}  // namespace sanx::eval
