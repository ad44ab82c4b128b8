// docs/dsl-reference.md follows the schema: every field and every built-in function is documented.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sanx/check/schema.hpp"

namespace {

std::string reference() {
  std::ifstream in(std::filesystem::path(SANX_SOURCE_DIR) / "docs" / "dsl-reference.md");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  // `|` inside a table cell is written `\|`.
  for (auto at = doc.find("\\|"); at != std::string::npos; at = doc.find("\\|", at)) doc.erase(at, 1);
  return doc;
}

/// The text of the `### owner` section, up to the next heading.
std::string section(const std::string& doc, std::string_view owner) {
  const auto begin = doc.find("### " + std::string(owner) + "\n");
  REQUIRE(begin != std::string::npos);
  return doc.substr(begin, doc.find("\n#", begin + 1) - begin);
}

}  // namespace

TEST_CASE("the reference lists every field with its type under its subject", "[check][reference]") {
  const std::string doc = reference();
  for (const auto& f : sanx::check::fields()) {
    const std::string type = sanx::dsl::to_string(f.type);
    std::string escaped;
    for (const char c : type) escaped += c == '<' ? std::string("\\<") : std::string(1, c);
    const std::string row = "| `" + std::string(f.name) + "` | " + escaped + " |";
    INFO(row);
    CHECK(section(doc, sanx::dsl::to_string(f.owner)).find(row) != std::string::npos);
  }
}

TEST_CASE("the reference lists every built-in function with its signature", "[check][reference]") {
  const std::string doc = reference();
  for (const auto& b : sanx::check::builtins()) {
    INFO(b.signature);
    CHECK(doc.find(std::string(b.signature)) != std::string::npos);
  }
}
