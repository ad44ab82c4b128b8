// Invariant failures: report where and what, then stop. Uses stdio rather than fmt or iostreams so that
// nothing here can throw or allocate through a path that might itself be broken.
#include "sanx/core/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace sanx::core {

void assertion_failed(const char* expr, const char* file, int line) noexcept {
  std::fprintf(stderr, "%s:%d: sanx internal error: assertion `%s` failed\n", file, line, expr);
  std::fflush(stderr);
  std::abort();
}

}  // namespace sanx::core
