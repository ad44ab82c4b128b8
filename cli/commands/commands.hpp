// The commands of the `sanx` executable, each taking plain arguments parsed in app.cpp (the only
// translation unit that includes CLI11) and returning an exit code.
#pragma once

#include <filesystem>

#include "output.hpp"

namespace sanx::cli {

struct ImportArgs {
  std::filesystem::path path;  ///< dataset folder or dataset.toml
  std::filesystem::path database;
  Format format = Format::text;
};
int run_import(const ImportArgs& args, const Terminal& term);

struct StatsArgs {
  std::filesystem::path database;
  Format format = Format::text;
};
int run_stats(const StatsArgs& args, const Terminal& term);

}  // namespace sanx::cli
