// The parser must return on any input: truncated prefixes of every rule file we have, and random
// bytes from a fixed seed. Diagnostics are expected; crashes, hangs and assertion failures are not.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "sanx/dsl/parse.hpp"

namespace fs = std::filesystem;
namespace core = sanx::core;
namespace dsl = sanx::dsl;

namespace {

std::vector<fs::path> rule_files() {
  std::vector<fs::path> files;
  for (const fs::path& root : {fs::path(SANX_TEST_DATA_DIR) / "dsl", fs::path(SANX_SOURCE_DIR) / "rules",
                              fs::path(SANX_SOURCE_DIR) / "tests" / "golden" / "dsl"}) {
    if (!fs::is_directory(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file() && entry.path().extension() == ".rules") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Parses `text`; true when every diagnostic has a code and a line (Catch assertions per parse would
/// dominate the run time, so callers check the result once per file).
bool parses_sanely(const std::string& text) {
  core::SourceMap sources;
  const core::FileId id = sources.add("input.rules", text);
  const dsl::ParseResult result = dsl::parse(sources, id);
  bool sane = true;
  for (const auto& d : result.diagnostics.items()) sane = sane && d.where.line >= 1 && !d.code.empty();
  return sane;
}

// Bytes parsed per file: every prefix of a file costs size² / 2 bytes of parsing, 50 M for a 10 KB pack,
// minutes in an unoptimised or sanitised build. Optimised builds afford twenty times more.
#if !defined(__OPTIMIZE__) || defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kParseBudget = 1'000'000;
#else
constexpr std::size_t kParseBudget = 20'000'000;
#endif

/// Where to cut `text`: every byte when all prefixes fit the budget; otherwise every line start (where a
/// declaration, a clause or a meta key is cut short) plus an even spread of the other bytes, whose phase
/// moves from step to step so that cuts land at every column, as many as the budget allows.
std::vector<std::size_t> cut_points(const std::string& text) {
  const std::size_t size = text.size();
  std::vector<std::size_t> cuts;
  if (size * (size + 1) / 2 <= kParseBudget) {
    for (std::size_t n = 0; n <= size; ++n) cuts.push_back(n);
    return cuts;
  }
  for (std::size_t n = 0; n <= size; ++n) {
    if (n == 0 || text[n - 1] == '\n') cuts.push_back(n);
  }
  const std::size_t spread = std::max<std::size_t>(200, kParseBudget / (size / 2 + 1));
  const std::size_t step = size / spread + 1;
  for (std::size_t base = 0, phase = 0; base <= size; base += step, phase = (phase + 7) % step) {
    if (base + phase <= size) cuts.push_back(base + phase);
  }
  cuts.push_back(size);
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  return cuts;
}

}  // namespace

TEST_CASE("every truncated prefix of every rule file parses without crashing", "[dsl][parse][robustness]") {
  const auto files = rule_files();
  REQUIRE(files.size() >= 3);
  for (const auto& path : files) {
    INFO("file " << path.string());
    const std::string text = read_file(path);
    std::size_t first_bad = text.size() + 1;
    for (const std::size_t n : cut_points(text)) {
      if (!parses_sanely(text.substr(0, n))) {
        first_bad = n;
        break;
      }
    }
    INFO("first prefix with a diagnostic lacking a code or line: " << first_bad << " bytes");
    CHECK(first_bad == text.size() + 1);
  }
}

TEST_CASE("random bytes and random tokens parse without crashing", "[dsl][parse][robustness]") {
  std::mt19937 rng(20240625);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<std::size_t> length(0, 400);
  for (int round = 0; round < 300; ++round) {
    std::string text(length(rng), '\0');
    for (auto& c : text) c = static_cast<char>(byte(rng));
    CHECK(parses_sanely(text));
  }
  // Random sequences of the language's own tokens reach much deeper into the grammar than random bytes.
  const std::vector<std::string> tokens = {
      "rule", "r", "{", "}", "on", "payment", "p", "when", "let", "=", "meta", "reason", "\"a {p.id} }}\"", "and",
      "or", "not", "in", "is", "missing", "any", "x", ":", "(", ")", "[", "]", ",", ".", "==", "<", "-", "*",
      "42", "1.5", "50%", "90d", "2024-02-30", "12ab", "\"\\q\"", "\"open", "const", "set", "table", "column",
      "where", "import", "namespace", "\n", "#c\n", "@", "\xC3\xA9", "\xFF", "true", "f", "\"{\""};
  std::uniform_int_distribution<std::size_t> pick(0, tokens.size() - 1);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const std::size_t n = length(rng) / 4;
    for (std::size_t i = 0; i < n; ++i) text += tokens[pick(rng)] + " ";
    INFO(text);
    CHECK(parses_sanely(text));
  }
}
