// Entry point: the one place exceptions from the environment are caught and turned into exit code 3.
#include <cstdio>
#include <exception>

#include "output.hpp"
#include "sanx/core/error.hpp"

namespace sanx::cli {
int run(int argc, char** argv);
}

int main(int argc, char** argv) {
  try {
    return sanx::cli::run(argc, argv);
  } catch (const sanx::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return sanx::cli::kExitEnvironment;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: unexpected failure: %s\n", e.what());
    return sanx::cli::kExitEnvironment;
  }
}
