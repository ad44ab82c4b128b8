// Indexes for window aggregates (docs/dsl.md, "Windows"): for each window of each rule, the subjects of
// the kind it ranges over, grouped by the value of the window's key and sorted by date, so that a subject
// is answered by one hash lookup and a binary search on dates instead of a scan of every subject.
//
// When the rest of the window's `where` and its aggregated value depend on the candidate alone (not on
// the subject, its lets or its date), they are evaluated once per candidate while the index is built
// ("precomputed"): a subject's count is then two prefix-count differences, and the other aggregates read
// stored values instead of evaluating the condition on every candidate for every subject. Either way, a
// candidate for which a conjunct of the `where` that reads only the candidate is false is left out of the
// index (it is in no window): a window over SPFS payments indexes those, not every payment.
//
// A window whose `where` compares the candidate with the subject (`coalesce(q.contract == p.reference,
// false)`, A7's link by contract; `left(q.hs_code, 2) == chapter`) also groups each group's candidates by
// that value ("sub-keys", SubKeyPlan): a subject then scans the candidates whose value equals its own, not every
// candidate of its key, when the analysis shows that any other candidate has a false conjunct. A conjunct
// comparing a path of the candidate with a value of the subject (`q.value >= p.amount * 0.98`, A7's amount
// band) narrows that further by the candidate's value, which the index holds per candidate: the window gate
// then finds a payment without a candidate in its band empty before any `where` is evaluated.
//
// Windows of any rules that index the same candidates under the same key (the same kind, key and
// candidate-only conjuncts, compared by their structure, not their text) group them once, and each
// conjunct is evaluated at most once per candidate for all the windows that have it; windows equal in
// all but their rule share their precomputed values too.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compile/ir.hpp"
#include "eval/build_crew.hpp"
#include "eval/column_read.hpp"
#include "eval/large_blocks.hpp"
#include "sanx/core/date.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::eval {

class Machine;

/// How a window's `where` restricts its candidates by a second key, decided per subject (Machine::window).
/// Each step tells, for the current subject, which candidates may make the `where` other than false: every
/// one ("all"), none, or those whose second key `keys[key]` has the window_key of a subject-only node's
/// value (plus, for a plain `==`, those whose key is missing, for which it is missing, not false):
/// - equal: `X == Y` (plain) or `coalesce(X == Y, false)`, X reading the candidate alone (`q.contract`,
///   `left(q.hs_code, 2)`: evaluated once per candidate when the index is built), Y the subject alone. Y missing: all for the plain form, none for the coalesce; Y a number or a duration (whose equal
///   values may have different keys): all.
/// - guard: a node reading the subject alone: none when it is false, else all.
/// - all_of (conjuncts of an `and`): none if one is none, else the first key, else all.
/// - range: `X op Y` for op <, <=, > or >=, X a path of the candidate (`q.value`), Y reading the subject
///   alone (`p.amount * 0.98`): all, but only the candidates for which `X op Y` is not false (a missing X
///   or Y makes it missing, not false), by X's value that the index holds per candidate
///   (WindowIndex::range_values) and Y's for the subject (SubKeyChoice::bounds).
/// - all_of (conjuncts of an `and`): none if one is none, else the first key, else all; the ranges of all.
/// - any_of (operands of an `or`): none if all are none, the one that is not if only one is (its ranges
///   too), else all.
/// Only the conjuncts and disjuncts the analysis knows are steps: an `and`'s others are left out (they can
/// only make it false), an `or` with any other operand has no step.
struct SubKeyPlan {
  enum class Kind : std::uint8_t { equal, guard, all_of, any_of, range };
  /// The most ranges a plan has (the others are left out, as an `and`'s unknown conjuncts are).
  static constexpr std::size_t kMaxRanges = 2;
  /// One term of a range's Y as a program read after the subject's paths (Flat): the postfix form of
  /// constants, paths of the subject (`read` into Flat::reads, `path` before flattening), arithmetic and
  /// negation, evaluated as the machine evaluates them (compile::arithmetic, compile::negate).
  struct Term {
    enum class Kind : std::uint8_t { constant, path, arithmetic, negate };
    Kind kind = Kind::constant;
    dsl::ast::BinaryOp op = dsl::ast::BinaryOp::add;  ///< arithmetic
    compile::Value value;                              ///< constant
    std::vector<std::uint16_t> path;                   ///< path
    std::uint32_t read = 0;                            ///< path, once flattened
  };
  /// A range's X: a path of the candidate, and the comparison with X on the left.
  struct Range {
    std::uint32_t x = 0;
    std::vector<std::uint16_t> path;
    dsl::ast::BinaryOp op = dsl::ast::BinaryOp::lt;
    std::string signature;  ///< X's structural signature: windows with the same X share its values
  };
  struct Step {
    Kind kind = Kind::guard;
    std::uint32_t node = 0;   ///< equal, range: Y; guard: the guard
    std::uint32_t key = 0;    ///< equal: into `keys`; range: into `ranges`
    bool missing_too = false; ///< equal: plain `==`, candidates with a missing key are scanned too
    std::uint32_t first = 0;  ///< all_of, any_of: their steps, children[first, first + count)
    std::uint32_t count = 0;
    /// When Y (equal) or the guard's operand (a guard `<path> is [not] missing`, `tests_missing`) is a path
    /// of the subject: its fields, read without the machine's evaluation.
    std::vector<std::uint16_t> subject_path;
    bool direct = false;
    bool tests_missing = false;
    bool missing_is_true = false;  ///< tests_missing: `is missing` (else `is not missing`)
    /// range: Y as a program of the subject's paths (Term), empty when Y is not one: then a plan read
    /// from its table (Flat) leaves this range out.
    std::vector<Term> terms;
  };
  std::vector<Step> steps;  ///< [0]: the `where`
  std::vector<std::uint32_t> children;
  std::vector<std::uint32_t> keys;  ///< the nodes X, by number
  std::vector<Range> ranges;        ///< by number
  /// Their structural signatures (windows of any rules with the same source share a key's sub-keys), ""
  /// for one that cannot be signed.
  std::vector<std::string> signatures;

  /// The plan as a table (flatten_sub_key_plan), when every equal's Y and every guard is a path of the
  /// subject (or whether it is missing) and there are at most kMaxLeaves of them. What the steps decide is
  /// a function of what each leaf (equal or guard) gives alone — none, all, or "its key" — so a subject
  /// reads each distinct path once, works out each leaf's outcome, and looks the answer up, instead of
  /// walking the steps; it hashes only the value of the equal whose key is chosen. Reading every leaf
  /// where the walk would have stopped early changes nothing: they are paths, read without side effects.
  struct Flat {
    static constexpr std::size_t kMaxLeaves = 5;
    static constexpr std::size_t kMaxReads = 8;  ///< the leaves' and the ranges' paths
    enum Outcome : std::uint8_t { none = 0, all = 1, key = 2 };  ///< a leaf's, as a digit of the table's index
    struct Leaf {
      std::uint32_t step;  ///< into `steps`
      std::uint32_t read;  ///< into `reads`
    };
    /// The distinct subject paths the leaves read, then those only the ranges read (from `leaf_reads` on:
    /// read only for a subject whose choice has candidates, Machine::flat_bounds).
    std::vector<std::vector<std::uint16_t>> reads;
    std::size_t leaf_reads = 0;
    std::vector<Leaf> leaves;
    /// [Σ outcome(leaf i) · 3^i]: Outcome none or all for the whole plan, or key + i when it is leaf i's key.
    std::vector<std::uint8_t> table;
    /// [the same]: the ranges (bit r: range r) that hold then; a range is not a leaf (it decides no key).
    std::vector<std::uint8_t> range_table;
    /// [range]: its step when it has terms (its Y is read from `reads`), else none (never in range_table).
    std::vector<std::uint32_t> range_steps;
    /// Set by the index build when the subject kind (`of`) has columns (use_flat_columns): per read, the
    /// column that holds its path (one that reads nothing for the others), read instead of the subject; and
    /// for a coded column of few slots, sub_key_hash of each slot's value ([read][slot]; else empty), so
    /// that a subject's currency is neither read from its payment nor hashed.
    compile::SubjectKind of = compile::SubjectKind::payment;
    std::vector<ColumnRead> columns;
    std::vector<std::vector<std::uint32_t>> hashes;
  };
  std::optional<Flat> flat;
};

/// What a sub-key plan leaves of a group for one subject: every candidate, none, or those whose second key
/// `key` has SubKeys id `id`, with those whose key is missing when `missing_too`; of those, when `ranges`
/// has bit r, only the candidates whose X of range r (SubKeyPlan::Range) compared with `bounds[r]` is not
/// false.
struct SubKeyChoice {
  enum class Kind : std::uint8_t { all, none, key };
  Kind kind = Kind::all;
  std::uint32_t key = 0;
  std::uint32_t id = 0;
  bool missing_too = false;
  std::uint8_t ranges = 0;
  std::array<compile::Value, SubKeyPlan::kMaxRanges> bounds{};
};

/// What the steps of `plan` from `step` on decide, given what each leaf (equal, guard) decides alone:
/// `leaf(step)` gives that (a SubKeyChoice); `and`s and `or`s combine them as SubKeyPlan says, leaving out
/// the leaves they need not read. Machine::restriction walks a plan with it, and flatten_sub_key_plan
/// fills its table.
template <typename Leaf>
SubKeyChoice choose_sub_key(const SubKeyPlan& plan, std::uint32_t step, Leaf&& leaf) {
  const SubKeyPlan::Step& s = plan.steps[step];
  switch (s.kind) {
    case SubKeyPlan::Kind::guard:
    case SubKeyPlan::Kind::range:
    case SubKeyPlan::Kind::equal: return leaf(step);
    case SubKeyPlan::Kind::all_of: {
      SubKeyChoice r;
      bool keyed = false;
      std::uint8_t ranges = 0;
      std::array<compile::Value, SubKeyPlan::kMaxRanges> bounds{};
      for (std::uint32_t i = 0; i < s.count; ++i) {
        const SubKeyChoice kid = choose_sub_key(plan, plan.children[s.first + i], leaf);
        if (kid.kind == SubKeyChoice::Kind::none) return kid;
        // Every conjunct's ranges: a candidate out of one has a false conjunct.
        for (std::uint8_t bits = kid.ranges; bits != 0; bits &= static_cast<std::uint8_t>(bits - 1)) {
          const auto b = static_cast<std::size_t>(std::countr_zero(bits));
          bounds[b] = kid.bounds[b];
        }
        ranges |= kid.ranges;
        if (kid.kind == SubKeyChoice::Kind::key && !keyed) {
          r = kid;
          keyed = true;
        }
      }
      r.ranges = ranges;
      r.bounds = bounds;
      return r;
    }
    case SubKeyPlan::Kind::any_of: {
      SubKeyChoice r;
      std::uint32_t open = 0;
      for (std::uint32_t i = 0; i < s.count; ++i) {
        const SubKeyChoice kid = choose_sub_key(plan, plan.children[s.first + i], leaf);
        if (kid.kind == SubKeyChoice::Kind::none) continue;
        if (++open > 1) return SubKeyChoice{};
        r = kid;
      }
      if (open == 0) r.kind = SubKeyChoice::Kind::none;
      return r;
    }
  }
  return SubKeyChoice{};
}

/// Fills plan.flat (SubKeyPlan::Flat) when the plan allows it; sub_key_plan does, tests compare.
void flatten_sub_key_plan(SubKeyPlan& plan);

/// Lets plan.flat (when it has one) read its subject paths from the columns of subject kind `of` that hold
/// them (SubKeyPlan::Flat::columns): what Machine::read_path gives, without reading the subject.
void use_flat_columns(SubKeyPlan& plan, compile::SubjectKind of, const model::PaymentColumns* payments,
                      const model::ShipmentColumns* shipments, std::size_t entities);

/// The sub-key plan of window `spec` of `rule`, or nullopt when its `where` has no equality the analysis
/// can use.
[[nodiscard]] std::optional<SubKeyPlan> sub_key_plan(const compile::CompiledRule& rule, const compile::WindowSpec& spec);

/// One window's index: key -> the candidates sharing it, sorted by date then subject index.
struct WindowIndex {
  struct Entry {
    std::int32_t date;
    std::uint32_t ix;
  };
  /// What a precomputed candidate contributes: nothing (its `where` is false), its value, or a missing
  /// `where` or value (which makes any window holding it missing).
  enum class State : std::uint8_t { out, in, missing };

  struct Group {
    /// Into `entries` below: windows that group the same candidates read one copy of them.
    std::span<const Entry> entries;
  };
  /// What a precomputed window computed for its entries, one array each for all the groups (not a few
  /// small ones per group: a window keyed by party has tens of thousands of groups), sized once. The entry
  /// at position p of `entries` has [p]; group number g, whose first entry is at p and which has n, has
  /// its prefix counts at [p + g, p + g + n] (one more than its entries: [p + g + i] counts those before i).
  struct Precomputed {
    LargeArray<State> state;  ///< what the `where` and the value gave: a missing value makes an entry missing
    LargeArray<std::uint32_t> in_before;
    LargeArray<std::uint32_t> missing_before;
    LargeArray<compile::Value> values;    ///< with a value: the aggregated value of `in` entries (sum, min, max)
    LargeArray<std::uint32_t> value_ids;  ///< distinct: the same id for the same value key within a group
  };
  /// One group's part of Precomputed (the same names, indexed from its first entry).
  struct Sums {
    std::span<const State> state;
    std::span<const std::uint32_t> in_before;
    std::span<const std::uint32_t> missing_before;
    std::span<const compile::Value> values;     ///< empty without a value
    std::span<const std::uint32_t> value_ids;  ///< empty unless distinct
  };
  /// Key -> group number; immutable once built, shared by the windows that group the same candidates.
  struct Keys {
    /// Entity, payment, shipment and relation keys, by kind and index: no text to build per lookup.
    std::unordered_map<std::uint64_t, std::uint32_t> by_index;
    /// Every other key, by its window_key text.
    std::unordered_map<std::string, std::uint32_t, compile::TransparentHash, std::equal_to<>> by_text;
    /// When every key is an entity (payment, shipment, relation) and they are dense enough: the group
    /// number + 1 of each index (0: none). find() reads it instead of hashing: a subject looks up its key
    /// once per window, and on a million subjects the hash map's nodes miss the cache.
    std::vector<std::uint32_t> dense;
    compile::ValueKind dense_kind = compile::ValueKind::missing;
  };

  /// A window's candidates grouped by the value of a second key (SubKeyPlan) within each group, in date order.
  /// A value's id is a hash of its window_key text (sub_key_hash), not a number from a dictionary of the
  /// values: a subject finds its id without a lookup in a map shared by every thread. Two values with one id
  /// share a span, in date order: a subject then scans the other value's candidates too, whose `where` is
  /// false (the plan only leaves out candidates with a false conjunct), so a collision widens a scan and
  /// never changes an answer.
  struct SubKeys {
    static constexpr std::uint32_t kMissing = 0xffffffffU;  ///< the id of candidates whose key is missing
    /// Ids are hashes & mask (never kMissing); tests narrow it to force collisions (set_sub_key_mask).
    std::uint32_t mask = 0x7fffffffU;
    struct Span {
      std::uint32_t id;
      std::uint32_t begin;  ///< into `entries`
      std::uint32_t size;
    };
    std::vector<Span> spans;          ///< group after group, each group's by id (reserved for one per entry)
    std::vector<std::uint32_t> first;  ///< [group]: its first span; [groups]: spans.size()
    LargeArray<Entry> entries;  ///< reserved once for every entry of the groups

    /// The id of a value with hash `hash` (sub_key_hash), kMissing for a missing one.
    [[nodiscard]] std::uint32_t id_of(std::uint32_t hash) const noexcept { return hash == kMissing ? hash : hash & mask; }
    /// The candidates of group `group` whose key has id `id`, by date then subject index.
    [[nodiscard]] std::span<const Entry> find(std::uint32_t group, std::uint32_t id) const {
      // A group's own spans only; most groups have few values (currencies), searched by a short walk.
      const Span* it = spans.data() + first[group];
      const Span* const end = spans.data() + first[group + 1];
      if (end - it > 8) {
        it = std::lower_bound(it, end, id, [](const Span& s, std::uint32_t k) { return s.id < k; });
      } else {
        while (it != end && it->id < id) ++it;
      }
      return it == end || it->id != id ? std::span<const Entry>() : std::span(entries.data() + it->begin, it->size);
    }
  };

  std::shared_ptr<const Keys> keys;
  /// Every group's entries, group after group (shared like `keys`).
  std::shared_ptr<const LargeArray<Entry>> entries;
  /// [group number], in `group_store`: shared like `keys` by the windows that group the same candidates.
  std::span<const Group> groups;
  std::shared_ptr<const std::vector<Group>> group_store;
  bool precomputed = false;
  Precomputed sums;  ///< precomputed windows only
  /// Windows evaluated per subject whose `where` has a sub-key plan: the plan, and its keys' sub-keys.
  std::optional<SubKeyPlan> plan;
  std::vector<std::shared_ptr<const SubKeys>> sub_keys;  ///< [plan key]
  /// [plan range]: X of each candidate of the window's kind, by its index (windows with the same X share it).
  std::vector<std::shared_ptr<const std::vector<compile::Value>>> range_values;
  /// Own the precomputed string values (stable addresses): one per chunk of groups, each precomputed by
  /// one task.
  std::vector<std::deque<std::string>> texts;

  /// The group of key value `key` (not missing); `scratch` holds the text of a text key.
  [[nodiscard]] const Group* find(const compile::Value& key, std::string& scratch) const;
  /// What a precomputed window computed for group `g` (one of `groups`).
  [[nodiscard]] Sums sums_of(const Group& g) const;
  /// Where group `g`'s first entry is in `entries`, and where its prefix counts start in Precomputed.
  [[nodiscard]] std::size_t position(const Group& g) const noexcept {
    return static_cast<std::size_t>(g.entries.data() - entries->data());
  }
  [[nodiscard]] std::size_t prefix_position(const Group& g) const noexcept {
    return position(g) + static_cast<std::size_t>(&g - groups.data());
  }
};

/// The text a key value is indexed under, or nullopt for a missing key (such a subject is in no window).
/// Strings and countries are their text, so that `q.exporter_country == s.consignee.country` and a string
/// key meet; other kinds are tagged so that the int 5 and the string "5" do not.
[[nodiscard]] std::optional<std::string> window_key(const compile::Value& v);
/// window_key into `out` (its memory reused); false for a missing key.
bool window_key_into(const compile::Value& v, std::string& out);

/// The hash that SubKeys ids are made of: values with the same window_key have the same hash (strings and
/// countries hash their text without copying it; `scratch` holds other values' window_key); 31 bits, so
/// never SubKeys::kMissing, which a missing value gives.
[[nodiscard]] std::uint32_t sub_key_hash(const compile::Value& v, std::string& scratch);
/// For tests: the mask of the SubKeys built from now on (a small one forces collisions); returns the
/// previous one. Not for use while indexes are being built.
std::uint32_t set_sub_key_mask(std::uint32_t mask) noexcept;

/// The fields of `node` when it is a path from window variable `slot` (`q.exporter`, `q.originator.country`),
/// in the order Machine::read_path applies them; nullopt for anything else.
[[nodiscard]] std::optional<std::vector<std::uint16_t>> variable_path(const compile::CompiledRule& rule, std::uint32_t node,
                                                                      std::uint32_t slot);

/// The conjuncts of node `n`: the operands of its `and`s, nested ones flattened, in order; else `n` itself.
[[nodiscard]] std::vector<std::uint32_t> conjuncts_of(const compile::CompiledRule& rule, std::uint32_t n);

/// Whether every candidate for which window `wb` of `rb` holds its `where` (or leaves it undecided) is one
/// for which window `wa` of `ra` does too, for every subject: the same subject kind, candidate kind, key and
/// range, and every conjunct of `wa`'s `where` is one of `wb`'s (by structure, in any rule of the pack).
/// Then a candidate `wa` rules out has a false conjunct in `wb` as well, so `wb` need only look at the
/// candidates `wa` kept for the same subject (Machine::begin_batch). Conservative: what the structural
/// signature cannot compare (nested windows) counts as different, which only costs a missed reuse.
[[nodiscard]] bool window_narrows(const compile::CompiledRule& ra, const compile::WindowSpec& wa,
                                  const compile::CompiledRule& rb, const compile::WindowSpec& wb);

/// Whether window `spec` of `rule` can be precomputed: its `where` and value read the candidate and
/// constants only, through fields and builtins that are functions of their arguments (no designations,
/// no subject, no lets, no date, no other quantifier's variable).
[[nodiscard]] bool window_precomputable(const compile::CompiledRule& rule, const compile::WindowSpec& spec);

/// Every window of every rule in a pack, indexed over one dataset. Built once per audit, before the
/// threads start; read-only afterwards, so machines on several threads share it.
class WindowIndexes {
 public:
  /// The fewest candidates grouped by one task, or entries sorted and precomputed by one task, when
  /// the indexes are built on several threads.
  static constexpr std::size_t kPart = std::size_t{1} << 15;

  /// `precompute` = false keeps every window on the general path and every candidate in the index (to
  /// check that precomputing and leaving candidates out change nothing, and nothing shared). The indexes
  /// are built on up to `threads` threads (BuildThreads: its own, or a crew's), a window in parts of `part` candidates (and its groups in
  /// chunks of about `part` entries); 0 chooses: the whole window on one thread, else about four parts per
  /// thread of at least kPart. The indexes do not depend on either, nor on `read_columns` (false: every
  /// path is read from the payments and shipments, not from model::PaymentColumns and
  /// model::ShipmentColumns; to check that columns change nothing).
  WindowIndexes(const compile::RuleSet::Impl& rules, const model::Dataset& data, std::optional<core::Date> as_of,
                bool precompute = true, BuildThreads threads = 1, std::size_t part = 0, bool read_columns = true);

  /// The index of a window; windows equal in all but their rule share one.
  [[nodiscard]] const WindowIndex& at(std::size_t rule, std::size_t window) const { return *at_[rule][window]; }

  /// How a window shares candidates with the other windows of one subject (window_narrows,
  /// Machine::begin_batch).
  struct Share {
    std::int32_t slot = -1;             ///< where it keeps its candidates for others, or -1 when none reads them
    std::vector<std::uint32_t> donors;  ///< slots of windows whose kept candidates hold all of its own
  };
  [[nodiscard]] const Share& share(std::size_t rule, std::size_t window) const { return shares_[rule][window]; }
  /// How many windows keep their candidates for others.
  [[nodiscard]] std::uint32_t share_slots() const noexcept { return share_slots_; }
  [[nodiscard]] static bool needed(const compile::RuleSet::Impl& rules);
  /// Seconds spent building the indexes of rule `rule`, on all threads (for the per-rule profile); work
  /// shared by several windows counts for the first of them.
  [[nodiscard]] double seconds(std::size_t rule) const { return seconds_[rule]; }

 private:
  std::vector<std::vector<WindowIndex>> indexes_;    ///< [rule][window]
  std::vector<std::vector<const WindowIndex*>> at_;  ///< [rule][window]: its own index or an equal one
  std::vector<double> seconds_;                      ///< [rule]
  std::vector<std::vector<Share>> shares_;           ///< [rule][window]
  std::uint32_t share_slots_ = 0;
};

}  // namespace sanx::eval
