// Loading a rule pack: roots that are files or folders, imports relative to the importing file, each
// file once, a stable order, and E0001–E0003 for what cannot be loaded.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "sanx/dsl/parse.hpp"
#include "support/temp_dir.hpp"

#include <unistd.h>

namespace fs = std::filesystem;
namespace core = sanx::core;
namespace dsl = sanx::dsl;
using sanx::testing::TempDir;

namespace {

std::vector<std::string> file_names(const dsl::Pack& pack, const TempDir& dir) {
  std::vector<std::string> names;
  for (const auto& f : pack.files) {
    names.push_back(fs::path(pack.sources.path(f.source)).lexically_relative(dir.path()).generic_string());
  }
  return names;
}

}  // namespace

TEST_CASE("a folder root loads its .rules files recursively in path order, imports after their importer",
          "[dsl][pack]") {
  TempDir dir;
  dir.write("pack/a.rules", "const A = 1\n");
  dir.write("pack/sub/c.rules", "import \"../b.rules\"\nconst C = 1\n");
  dir.write("pack/notes.txt", "not a rule file\n");
  dir.write("shared/sets.rules", "set S = {1}\n");
  // imports resolve against the importing file's folder: pack/shared does not exist, pack/../shared does.
  dir.write("pack/b.rules", "import \"../shared/sets.rules\"\nconst B = 1\n");
  core::Diagnostics diags;
  const dsl::Pack pack = dsl::load_pack({dir / "pack"}, diags);
  CHECK(diags.empty());
  CHECK(file_names(pack, dir) ==
        std::vector<std::string>{"pack/a.rules", "pack/b.rules", "shared/sets.rules", "pack/sub/c.rules"});
}

TEST_CASE("a file reached twice, or through an import cycle, is loaded once", "[dsl][pack]") {
  TempDir dir;
  dir.write("x.rules", "import \"y.rules\"\n");
  dir.write("y.rules", "import \"x.rules\"\n");
  core::Diagnostics diags;
  const dsl::Pack pack = dsl::load_pack({dir / "x.rules", dir / "y.rules", dir.path()}, diags);
  CHECK(diags.empty());
  CHECK(file_names(pack, dir) == std::vector<std::string>{"x.rules", "y.rules"});
}

TEST_CASE("a root that does not exist is E0001", "[dsl][pack][error]") {
  TempDir dir;
  core::Diagnostics diags;
  const dsl::Pack pack = dsl::load_pack({dir / "missing"}, diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].code == "E0001");
  CHECK(pack.files.empty());
}

TEST_CASE("an import that cannot be found is E0003 at the import's string", "[dsl][pack][error]") {
  TempDir dir;
  dir.write("main.rules", "# header\nimport   \"nowhere.rules\"\nconst A = 1\n");
  core::Diagnostics diags;
  const dsl::Pack pack = dsl::load_pack({dir / "main.rules"}, diags);
  REQUIRE(diags.size() == 1);
  const auto& d = diags.items()[0];
  CHECK(d.code == "E0003");
  CHECK(d.message == "import `nowhere.rules` not found");
  CHECK(d.where.line == 2);
  CHECK(d.where.column == 10);
  CHECK(d.where.length == 15);
  REQUIRE(pack.files.size() == 1);
  CHECK(pack.files[0].consts.size() == 1);
}

TEST_CASE("an import that names a folder is not found", "[dsl][pack][error]") {
  TempDir dir;
  dir.write("main.rules", "import \"folder.rules\"\n");
  fs::create_directories(dir / "folder.rules" / "x");
  core::Diagnostics diags;
  (void)dsl::load_pack({dir / "main.rules"}, diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].code == "E0003");
}

TEST_CASE("a file that cannot be read is E0002", "[dsl][pack][error]") {
  if (::geteuid() == 0) {
    SUCCEED("root reads every file whatever its mode; nothing to test");
    return;
  }
  TempDir dir;
  dir.write("locked.rules", "const A = 1\n");
  fs::permissions(dir / "locked.rules", fs::perms::none);
  core::Diagnostics diags;
  const dsl::Pack pack = dsl::load_pack({dir / "locked.rules"}, diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].code == "E0002");
  CHECK(pack.files.empty());
}

TEST_CASE("syntax errors of pack files are reported and the rest of the pack still loads", "[dsl][pack]") {
  TempDir dir;
  dir.write("a.rules", "const A = \n");
  dir.write("b.rules", "const B = 2\n");
  core::Diagnostics diags;
  const dsl::Pack pack = dsl::load_pack({dir.path()}, diags);
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].code == "E0010");
  REQUIRE(pack.files.size() == 2);
  CHECK(pack.files[1].consts.size() == 1);
}

TEST_CASE("the repository's rule packs load without diagnostics", "[dsl][pack]") {
  const fs::path rules = fs::path(SANX_SOURCE_DIR) / "rules";
  if (!fs::is_directory(rules)) return;
  core::Diagnostics diags;
  const dsl::Pack pack = dsl::load_pack({rules}, diags);
  std::string shown;
  for (const auto& d : diags.items()) shown += core::render_text(d) + "\n";
  INFO(shown);
  CHECK(diags.empty());
  CHECK_FALSE(pack.files.empty());
}
