/// \file
/// Typed settings and dataset manifests. This layer is the only place that reads TOML: `sanx.toml` in
/// the working directory (database path, rule folders, log level) and each dataset's `dataset.toml`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sanx/core/diagnostic.hpp"
#include "sanx/model/dataset_manifest.hpp"

namespace sanx::config {

struct Settings {
  std::filesystem::path database = "sanx.db";
  std::vector<std::filesystem::path> rule_dirs;
  std::string log_level = "warn";  ///< trace, debug, info, warn, error, off
  std::optional<std::filesystem::path> loaded_from;  ///< the sanx.toml read, if any
};

/// Reads `path` if it exists (paths inside are relative to its folder), else returns defaults.
/// Problems (invalid TOML E2007, wrong types E2014, unknown keys as warnings W2102) go to `diags`.
[[nodiscard]] Settings load_settings(const std::filesystem::path& path, core::Diagnostics& diags);

/// Reads a dataset manifest: `path` is a dataset.toml or a folder holding one. File paths in the manifest
/// are resolved against its folder. Returns nullopt after adding diagnostics when the manifest is
/// missing (E2006), not valid TOML (E2007), or lacks or mistypes a required key (E2014).
[[nodiscard]] std::optional<model::DatasetManifest> read_dataset_manifest(const std::filesystem::path& path,
                                                                         core::Diagnostics& diags);

}  // namespace sanx::config
