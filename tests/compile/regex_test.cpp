// `matches` patterns (compile/regex.hpp): a pattern of plain texts is searched without std::regex, with
// exactly std::regex's result (check::detail::regex_search is std::regex, ECMAScript, as the checker uses it).
#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <string_view>

#include "check/regex.hpp"
#include "compile/regex.hpp"
#include "sanx/core/text.hpp"

using sanx::compile::Regex;

namespace {

/// Patterns of plain texts (keyword lists, anchors, empty branches, escaped syntax characters, bytes of
/// UTF-8 and control characters) and patterns that are not (std::regex searches those).
constexpr std::array kPatterns{
    "petrochem|bitumen|methanol|urea|crude", "servo|gnss|gps module|fpga|imu|gimbal|two-stroke|wankel|propeller",
    "oil", "Oil|GAS", "a", "", "|", "oil|", "|oil", "a||b", "^", "$", "^$", "^|$", "^oil", "oil$", "^oil$",
    "^oil|gas$|^tar$|crude", "^crude oil$|oil", "o\\.k\\.", "\\^\\$\\\\\\.\\*\\+\\?\\(\\)\\[\\]\\{\\}\\|\\/",
    "a\\|b", "caf\xc3\xa9|\xc3\x89T\xc3\x89", "line\nbreak", "tab\there", "oil oil", "ll|lll|l", "aab|ab",
    "-|,|:|=|!|<|>|'|\"|#|%|&|~|`|@", "}", "]", "a{2}", "a{,", "[oi]l", "o.l", "oi*l", "oi+l", "oi?l", "(oil)",
    "(?:oil|gas)", "oil\\b", "\\boil", "\\d", "^^oil", "oil$$", "oil$x", "o^il", "\\n", "\\x41", "\\", "a\\",
    "(", "a|(", "[", "*", "a**", "OIL|oil|Oil",
};

constexpr auto kTexts = std::to_array<std::string_view>({
    "",
    "oil",
    "OIL",
    "Oil",
    "crude oil",
    "Crude Oil cargo",
    "cargo of CRUDE",
    "petrochemicals for export",
    "PetroChem",
    "payment contract 1952-2022/9585",
    "gps module and Servo",
    "GNSS receivers",
    "two-stroke engines",
    "oil\ngas",
    "gas\noil",
    "tar",
    "tar\n",
    "\ntar",
    "o.k.",
    "ok",
    "^$\\.*+?()[]{}|/",
    "a|b",
    "ab",
    "aab",
    "aaab",
    "l",
    "caf\xc3\xa9",
    "CAF\xc3\xa9",
    "\xc3\x89T\xc3\x89",
    "\xc3\xa9t\xc3\xa9",
    "line\nbreak",
    "tab\there",
    "oil oil",
    "oi oil",
    "a=b",
    "}",
    "]",
    "aa",
    "a{,",
    "oooil",
    std::string_view("nul\0oil", 7),  // a NUL byte inside
});

}  // namespace

TEST_CASE("a pattern of plain texts is searched as std::regex searches it", "[compile][regex]") {
  for (const char* pattern : kPatterns) {
    const auto regex = Regex::make(pattern);
    const auto problem = sanx::check::detail::regex_problem(pattern);
    INFO("pattern: " << pattern);
    REQUIRE((regex == nullptr) == problem.has_value());
    if (regex == nullptr) continue;
    for (const std::string_view text : kTexts) {
      INFO("text: " << text);
      CHECK(regex->search(text) == sanx::check::detail::regex_search(text, pattern).value());
    }
  }
}

TEST_CASE("a pattern searched in a lower-cased text is searched in the text itself with ASCII letters folded",
          "[compile][regex]") {
  for (const char* pattern : kPatterns) {
    const auto lowered = Regex::make_lowered(pattern);
    const auto plain = Regex::make(pattern);
    INFO("pattern: " << pattern);
    if (lowered == nullptr) {
      // Only a pattern of plain texts is searched without lowering the text.
      CHECK((plain == nullptr || !plain->literal()));
      continue;
    }
    REQUIRE(plain != nullptr);
    CHECK(plain->literal());
    CHECK(lowered->literal());
    for (const std::string_view text : kTexts) {
      INFO("text: " << text);
      CHECK(lowered->search(text) == sanx::check::detail::regex_search(sanx::core::to_lower_ascii(text), pattern).value());
    }
  }
}

TEST_CASE("keyword lists, anchored or not, are plain texts; any other special character is left to std::regex",
          "[compile][regex]") {
  for (const char* pattern : {"petrochem|bitumen|methanol|urea|crude", "", "a||b", "^oil|gas$|^tar$", "^$",
                              "o\\.k\\.", "a\\|b", "two-stroke", "-|,|:|=|!|<|>|'|\"|#|%|&|~|`|@"}) {
    INFO("pattern: " << pattern);
    CHECK(Regex::make(pattern)->literal());
  }
  for (const char* pattern : {"[oi]l", "o.l", "oi*l", "oi+l", "oi?l", "(oil)", "a{2}", "oil\\b", "\\d", "^^oil",
                              "oil$$", "oil$x", "o^il", "\\n", "}", "]"}) {
    INFO("pattern: " << pattern);
    CHECK_FALSE(Regex::make(pattern)->literal());
  }
  CHECK(Regex::make("a\\") == nullptr);
  CHECK(Regex::make("(") == nullptr);
}

TEST_CASE("a lowered pattern never matches through a branch with an upper-case letter", "[compile][regex]") {
  const auto lowered = Regex::make_lowered("OIL|Gas|tar");
  REQUIRE(lowered != nullptr);
  CHECK_FALSE(lowered->search("OIL"));
  CHECK_FALSE(lowered->search("Gas"));
  CHECK(lowered->search("TAR"));
  CHECK(Regex::make_lowered("OIL")->search("") == false);
}

TEST_CASE("patterns are the same function when their texts and lowering are", "[compile][regex]") {
  CHECK(Regex::make("oil|gas")->same_as(*Regex::make("oil|gas")));
  CHECK_FALSE(Regex::make("oil|gas")->same_as(*Regex::make("gas|oil")));
  CHECK_FALSE(Regex::make("oil|gas")->same_as(*Regex::make_lowered("oil|gas")));
  CHECK(Regex::make_lowered("oil|gas")->same_as(*Regex::make_lowered("oil|gas")));
}
