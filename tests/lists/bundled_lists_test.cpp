// The bundled list snapshots (datasets/lists/manifest.toml): each file is the one the manifest names by
// sha256, and each list reads cleanly with its format into as many entries as the manifest states.
#include <catch2/catch.hpp>

#include <toml++/toml.h>

#include <filesystem>
#include <string>

#include "sanx/core/diagnostic.hpp"
#include "sanx/ingest/file_hash.hpp"
#include "sanx/ingest/lists.hpp"

namespace fs = std::filesystem;
namespace ingest = sanx::ingest;

namespace {

const fs::path kLists = fs::path(SANX_SOURCE_DIR) / "datasets" / "lists";

toml::table manifest() { return toml::parse_file((kLists / "manifest.toml").string()); }

}  // namespace

TEST_CASE("every bundled list file has the sha256 its manifest states", "[ingest][lists][bundled]") {
  const toml::table m = manifest();
  const toml::array* lists = m["list"].as_array();
  REQUIRE(lists != nullptr);
  std::size_t files = 0;
  for (const toml::node& list : *lists) {
    for (const toml::node& file : *list.as_table()->get("files")->as_array()) {
      const toml::table& f = *file.as_table();
      const std::string path = f["path"].value_or(std::string());
      INFO(path);
      CHECK(ingest::sha256_file(kLists / path) == f["sha256"].value_or(std::string()));
      ++files;
    }
  }
  // every file in the folder is in the manifest
  std::size_t on_disk = 0;
  for (const auto& e : fs::recursive_directory_iterator(kLists)) {
    if (e.is_regular_file() && e.path().filename() != "manifest.toml") ++on_disk;
  }
  CHECK(files == on_disk);
}

TEST_CASE("every bundled list reads without errors into the entries its manifest states", "[ingest][lists][bundled]") {
  const toml::table m = manifest();
  for (const toml::node& node : *m["list"].as_array()) {
    const toml::table& list = *node.as_table();
    const std::string main = list["main"].value_or(std::string());
    DYNAMIC_SECTION(main) {
      const auto format = ingest::parse_list_format(list["format"].value_or(std::string()));
      REQUIRE(format.has_value());
      CHECK(ingest::detect_list_format(kLists / main) == format);
      sanx::core::Diagnostics diags;
      const ingest::ListSnapshot s = ingest::read_list(*format, kLists / main, diags);
      CHECK_FALSE(diags.has_errors());
      CHECK(static_cast<std::int64_t>(s.entries.size()) == list["entries"].value_or(std::int64_t{-1}));
    }
  }
}
