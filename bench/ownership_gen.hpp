// The synthetic ownership world of bench/ownership_bench.cpp and bench/ownership_versions.cpp: deterministic,
// so that two programs (or two versions of the engine) see the same graph.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "sanx/core/date.hpp"
#include "sanx/core/decimal.hpp"
#include "sanx/model/dataset.hpp"

namespace sanx::bench {

namespace model = sanx::model;
namespace core = sanx::core;

/// The as-of date of every analysis of the world.
inline const core::Date kOwnershipAsOf = core::Date::ymd(2025, 1, 1);

struct OwnershipShape {
  std::size_t entities = 1'000'000;
  std::size_t edges = 3'000'000;
  std::size_t seeds = 20'000;
};

inline std::string entity_id(std::size_t i) { return fmt::format("e{}", i); }

/// Shares in hundredths of a percent, written as the decimal a register would give ("12.5", "40").
inline core::Decimal share_decimal(std::int64_t hundredths) {
  return *core::Decimal::parse(fmt::format("{}.{:02}", hundredths / 100, hundredths % 100));
}

/// The synthetic world. Entity i's owners are mostly entities of lower index chosen with a power law
/// (low indices are holding companies with many subsidiaries), so ownership mostly flows downwards;
/// 1% of links point upwards and close cycles. Each entity's owners hold at most 100% in total: shares
/// mostly 1–100 with two decimals, some exactly 50, 25, 10 or 40; 5% unknown; 2% of links are control;
/// 10% start at a date (a few after the as-of date), 5% have ended or will end.
inline model::Dataset generate_ownership(const OwnershipShape& o) {
  std::mt19937_64 rng(20250101);
  auto uniform = [&](std::size_t k) { return static_cast<std::size_t>(rng() % k); };
  auto real = [&] { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); };
  model::Dataset data;
  data.entities.resize(o.entities);
  for (std::size_t i = 0; i < o.entities; ++i) data.entities[i].id = entity_id(i);

  // Owners per entity: 0–8, mean 3, then adjusted so that the total is exactly o.edges.
  std::vector<std::uint8_t> owners(o.entities, 0);
  static constexpr std::array<std::uint8_t, 10> kOwners{0, 1, 1, 2, 2, 3, 4, 5, 6, 6};
  std::size_t total = 0;
  for (std::size_t i = 1; i < o.entities; ++i) total += owners[i] = kOwners[uniform(kOwners.size())];
  while (total != o.edges) {
    const std::size_t i = 1 + uniform(o.entities - 1);
    if (total < o.edges && owners[i] < 12) {
      ++owners[i];
      ++total;
    } else if (total > o.edges && owners[i] > 0) {
      --owners[i];
      --total;
    }
  }
  data.relations.reserve(o.edges);
  data.relation_refs.reserve(o.edges);
  static constexpr std::array<std::int64_t, 4> kRound{5000, 2500, 1000, 4000};
  for (std::size_t t = 1; t < o.entities; ++t) {
    std::int64_t left = 10000;  // hundredths of a percent still unowned
    for (std::size_t k = 0; k < owners[t]; ++k) {
      std::size_t s = 0;
      if (real() < 0.01) {
        s = t + uniform(o.entities - t);  // upwards: cycles
      } else {
        s = static_cast<std::size_t>(static_cast<double>(t) * std::pow(real(), 3.0));
      }
      model::Relation r;
      r.source = data.entities[s].id;
      r.target = data.entities[t].id;
      const double kind = real();
      if (kind < 0.02) {
        r.kind = model::RelationKind::control;
        r.basis = "board_majority";
      } else if (kind > 0.95) {
        // unknown share: OFAC "owned or controlled by"
      } else {
        std::int64_t h = 0;
        if (real() < 0.2) {
          h = kRound[uniform(kRound.size())];
        } else {
          h = 100 + static_cast<std::int64_t>(uniform(9901));  // 1.00–100.00
          if (real() < 0.5) h -= h % 100;                    // whole percent
        }
        h = std::min(h, left);
        left -= h;
        r.share = share_decimal(h);
      }
      const double dated = real();
      if (dated < 0.10) r.start = core::Date::from_days_since_epoch(static_cast<std::int32_t>(16436 + uniform(3650)));
      if (dated > 0.95) r.end = core::Date::from_days_since_epoch(static_cast<std::int32_t>(17532 + uniform(2922)));
      data.relations.push_back(std::move(r));
      data.relation_refs.push_back({model::EntityIx{static_cast<std::uint32_t>(s)}, model::EntityIx{static_cast<std::uint32_t>(t)}});
    }
  }

  // Listed persons anywhere in the structure; a few delisted before the as-of date.
  std::vector<bool> listed(o.entities, false);
  for (std::size_t k = 0; k < o.seeds;) {
    const std::size_t e = uniform(o.entities);
    if (listed[e]) continue;
    listed[e] = true;
    ++k;
    for (const char* regime : {"OFAC", "EU", "UK"}) {
      if (real() < 0.15) continue;
      model::Designation d;
      d.entity = data.entities[e].id;
      d.regime = regime;
      d.list = std::strcmp(regime, "OFAC") == 0 ? (real() < 0.95 ? "SDN" : "SSI") : regime;
      d.listed_from = core::Date::ymd(2014 + static_cast<int>(uniform(11)), 3, 1);
      if (real() < 0.05) d.listed_to = core::Date::ymd(2023, 6, 1);
      data.designations.push_back(std::move(d));
    }
  }
  data.build_indices();
  return data;
}

}  // namespace sanx::bench
