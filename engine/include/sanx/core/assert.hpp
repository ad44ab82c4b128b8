/// \file
/// Invariant checks. Assert invariants of the program, never properties of input: input problems are
/// diagnostics. Active in every build type, because a broken invariant in a compliance tool must stop
/// the run rather than produce a wrong answer.
#pragma once

namespace sanx::core {
[[noreturn]] void assertion_failed(const char* expr, const char* file, int line) noexcept;
}

#define SANX_ASSERT(expr) \
  ((expr) ? static_cast<void>(0) : ::sanx::core::assertion_failed(#expr, __FILE__, __LINE__))
