/// \file
/// Exceptions for the environment: I/O, SQLite, configuration that cannot be read. Bad *input* (a
/// malformed row, a bad rule) is never an exception; it is a core::Diagnostic. The CLI catches these once
/// in cli/main.cpp and maps them to exit code 3.
#pragma once

#include <stdexcept>
#include <string>

namespace sanx {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A file could not be opened, read or written.
class IoError : public Error {
 public:
  using Error::Error;
};

/// SQLite refused an operation (cannot open, disk full, locked, schema newer than this build, ...).
class StoreError : public Error {
 public:
  using Error::Error;
};

/// The configuration file is unusable in a way that is not a user-input diagnostic.
class ConfigError : public Error {
 public:
  using Error::Error;
};

}  // namespace sanx
