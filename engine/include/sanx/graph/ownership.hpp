/// \file
/// Ownership and control exposure: which entities a regime treats as blocked because designated persons
/// own or control them, as of a date, with the decisive share as exact bounds and the relation paths that
/// prove it. Reads a model::Dataset; never prints.
///
/// - OFAC (50 Percent Rule): blocked when the shares held by blocked persons add up to at least 50%,
///   directly or through entities that are themselves blocked; a blocked owner's stake counts in full, a
///   stake held by an entity that is not blocked counts as zero, and nothing is multiplied along a chain.
///   Control without ownership does not block (OFAC FAQ 400): it is noted for review.
/// - EU: owned (at least 50% aggregated across listed persons and the entities they own or control) or
///   controlled (a control relation from a listed, owned or controlled entity).
/// - UK: more than 50% held by one designated person, directly or through entities that person owns or
///   controls; holdings of different persons are not added up unless a joint arrangement between them is
///   recorded (a relation in force with basis `joint_arrangement`: the group then counts as one holder).
///   Or controlled by that person or those entities.
/// - Branches (relation kind `branch`, head office → branch) in every regime: a branch is the same legal
///   person as its head office, so it counts as held 100% by it and its status follows the head office's;
///   proofs show the step as `<-[branch of]-`.
/// A share that a relation does not state is unknown: it counts 0 towards the lower bound and up to 100
/// towards the upper, and an entity that only the upper bound reaches is *possibly blocked*.
/// All results are the least fixpoint, computed once for every entity: cycles terminate.
///
/// Shares are summed as exact integers scaled by 10^S, S the largest decimal scale of the shares in force
/// (at most 16), so 10% + 40% is exactly 50% and 49.99% + 0.01% exactly 50%. Each entity passes its stake
/// on once, when it starts to count (a worklist: states only rise), so the work is proportional to the
/// edges the seeds reach rather than to passes over the whole graph; the UK's per-person closures touch
/// only what each person reaches. Bad data does not stop the computation: shares are clamped to 0–100,
/// relations with an unresolved end are skipped (graph::check_relations reports them).
///
/// Facts only ever rise, which makes the result independent of the order of work: an entity counts
/// towards the lower bound when listed or blocked (EU, UK: also controlled), towards the upper bound also when
/// possibly blocked, and marks what it controls (EU, UK) when listed, blocked or controlled. A UK entity
/// that is both controlled and possibly owned shows as controlled and still passes its stake on towards
/// the upper bound.
///
/// Construction computes every entity; afterwards everything is const and safe to call from any number
/// of threads: status() and share() in O(1), exposure() with proof paths in time proportional to them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/decimal.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::graph {

enum class Regime { ofac, eu, uk };
[[nodiscard]] std::string_view to_string(Regime r) noexcept;  ///< OFAC, EU, UK
[[nodiscard]] std::optional<Regime> parse_regime(std::string_view s) noexcept;  ///< case-insensitive

enum class Status { listed, blocked, possibly_blocked, controlled, near_threshold, not_blocked };
[[nodiscard]] std::string_view to_string(Status s) noexcept;  ///< snake_case, as in JSON output

/// One relation on a proof path: `from` owns (`share` percent, or unknown) or controls `to`, or `to` is a
/// branch of `from`.
struct Step {
  model::EntityIx from;
  model::EntityIx to;
  model::RelationKind kind = model::RelationKind::ownership;
  std::optional<core::Decimal> share;
  std::string basis;
};

/// From a designated entity down to the entity examined.
using Path = std::vector<Step>;

struct Exposure {
  Regime regime = Regime::ofac;
  Status status = Status::not_blocked;
  /// Percent held by the owners that count (UK: by the one designated person holding most), as bounds.
  core::Decimal share_min;
  core::Decimal share_max;
  std::vector<Path> paths;  ///< the relations that make the status, at most ExposureOptions::max_paths
  std::vector<std::string> notes;
};

struct ExposureOptions {
  core::Date as_of = core::Date::ymd(1970, 1, 1);
  core::Decimal near_from = core::Decimal::from_int(40);  ///< near_threshold from here to the threshold
  std::size_t max_paths = 20;
  /// Shares are summed at least at this many decimals (and share() answers at this scale): the timeline
  /// analyses only the part of a dataset designated persons can reach and passes the scale of the whole.
  int min_share_scale = 0;
};

/// Every entity's exposure under one regime, computed at construction.
class OwnershipAnalysis {
 public:
  OwnershipAnalysis(const model::Dataset& data, Regime regime, ExposureOptions options);

  [[nodiscard]] Exposure exposure(model::EntityIx e) const;
  /// O(1), thread-safe: the status exposure(e).status gives (not_blocked for an unknown entity).
  [[nodiscard]] Status status(model::EntityIx e) const noexcept;
  /// O(1), thread-safe: share_min and share_max of exposure(e).
  [[nodiscard]] std::pair<core::Decimal, core::Decimal> share(model::EntityIx e) const;

 private:
  struct Edge {
    std::uint32_t relation;
    std::uint32_t from;
  };
  /// Ordered: a state only ever rises while the fixpoint is computed.
  enum class State : std::uint8_t { none, possible, controlled, blocked, listed };
  /// Relations in force as compressed adjacency: out-edges for the worklist, in-edges for proofs.
  struct Graph {
    std::vector<std::uint32_t> own_out_begin, own_out_to;  ///< ownership, by owner
    std::vector<std::int64_t> own_out_share;               ///< scaled share, kUnknownShare when not stated
    std::vector<std::uint32_t> ctl_out_begin, ctl_out_to;  ///< control, by controller
    std::vector<std::uint32_t> owners_begin, controllers_begin;
    std::vector<Edge> owners, controllers;  ///< by owned / controlled entity, in relation order
  };
  /// Per entity: its state, the round of the worklist that last raised it (proofs follow relations from
  /// lower rounds only, so they are never circular) and its scaled share bounds.
  struct Result {
    std::vector<State> state;
    std::vector<std::uint32_t> rank;
    std::vector<std::int64_t> min, max;
  };
  struct Node;  ///< one entity during a closure
  /// The least fixpoint from `seeds` in `nodes` (one per entity, default-constructed where untouched);
  /// appends every entity it touches to `touched`, so that a caller can read and reset just those.
  void closure(const std::uint32_t* seeds, std::size_t count, std::vector<Node>& nodes,
               std::vector<std::uint32_t>& touched) const;

  void build_graph();
  void find_designated();
  void compute_uk();
  /// UK: designated persons alone, or together when a joint arrangement joins them; ascending leaders.
  [[nodiscard]] std::vector<std::vector<std::uint32_t>> uk_groups() const;
  [[nodiscard]] std::int64_t scaled(const core::Decimal& d) const noexcept;
  [[nodiscard]] core::Decimal decimal(std::int64_t scaled) const;
  [[nodiscard]] bool counts(State s, bool upper) const noexcept;
  template <class View>
  void proofs(const View& view, std::uint32_t e, Path& suffix, std::vector<Path>& out) const;
  [[nodiscard]] Step step_of(const Edge& edge, std::uint32_t to) const;

  const model::Dataset& data_;
  Regime regime_;
  ExposureOptions options_;
  int scale_ = 0;                ///< S: shares are held as integers times 10^S
  std::int64_t hundred_ = 100;   ///< 100% scaled
  std::int64_t fifty_ = 50;      ///< 50% scaled
  std::int64_t near_from_ = 40;  ///< options_.near_from scaled (rounded up)
  std::vector<std::uint32_t> designated_;
  Graph graph_;
  Result result_;                      ///< OFAC, EU: of all designated; UK: best per entity
  std::vector<std::uint32_t> holder_;  ///< UK: the designated person whose holding decides
  /// UK, for proofs: per entity, each person whose closure reached it (ascending) with its state and round
  /// there, so that a proof follows the holder's own closure without computing it again.
  std::vector<std::uint32_t> uk_begin_, uk_person_, uk_rank_;
  std::vector<State> uk_state_;
};

}  // namespace sanx::graph
