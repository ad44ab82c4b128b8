// Private to the store: the numbered schema migrations, applied in order at open.
#pragma once

#include <span>
#include <string_view>

namespace sanx::store::detail {

struct Migration {
  int number;            ///< 1, 2, 3, ... without gaps; stored in PRAGMA user_version once applied
  std::string_view sql;  ///< one or more statements, run inside the migration's transaction
};

/// Every migration this build knows, in order. A migration, once released, never changes: fix mistakes
/// with a new one.
[[nodiscard]] std::span<const Migration> migrations() noexcept;

/// `PRAGMA application_id` of a sanx database ("sanx" in ASCII), set by migration 1. A file with another
/// id, or without one but holding tables, is some other program's database and is refused.
inline constexpr int kApplicationId = 0x73616e78;

}  // namespace sanx::store::detail
