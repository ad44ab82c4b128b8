/// \file
/// Content hashes of input files: an import of a file whose SHA-256 matches the current version is
/// skipped as unchanged.
#pragma once

#include <filesystem>
#include <string>

namespace sanx::ingest {

/// Lower-case hex SHA-256 of the file's bytes. Throws IoError when it cannot be read.
[[nodiscard]] std::string sha256_file(const std::filesystem::path& path);

}  // namespace sanx::ingest
