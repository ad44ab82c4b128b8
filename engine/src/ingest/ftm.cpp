// Reader for the `ftm` list format (see sanx/ingest/lists.hpp). Stub until written.
#include "sanx/ingest/lists.hpp"

namespace sanx::ingest {

ListSnapshot read_ftm(const std::filesystem::path& path, core::Diagnostics& diags, const ListReadOptions& /*options*/) {
  core::Diagnostic d;
  d.code = "E2300";
  d.message = "this list format is not implemented yet";
  d.where.file = path.string();
  diags.add(std::move(d));
  return {};
}

}  // namespace sanx::ingest
