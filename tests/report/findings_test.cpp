// Specification of how findings are shown to reviewers and handed to tools.
#include <catch2/catch.hpp>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>

#include "sanx/report/findings.hpp"

using sanx::eval::Finding;
using sanx::eval::Outcome;
namespace report = sanx::report;

namespace {

using sanx::eval::FindingRule;
using Items = std::vector<std::pair<std::string, std::string>>;

/// `f` with its header edited by `edit` and, when given, these evidence items instead of its own.
template <typename Edit>
Finding rebuilt(const Finding& f, Edit edit, const std::optional<Items>& items = std::nullopt) {
  Items evidence;
  for (const auto& [path, value] : f.evidence()) evidence.emplace_back(path, value);
  if (items) evidence = *items;
  auto header = std::make_shared<FindingRule>(f.header());
  edit(*header);
  header->evidence.clear();
  std::string values;
  std::vector<std::uint32_t> ends;
  for (const auto& [path, value] : evidence) {
    header->evidence.push_back(path);
    values += value;
    ends.push_back(static_cast<std::uint32_t>(values.size()));
  }
  Finding out(std::move(header));
  out.set_subject(f.subject());
  out.set_date(f.date());
  out.set_reason(f.reason());
  out.outcome = f.outcome;
  const std::vector<std::string_view> missing(f.missing().begin(), f.missing().end());
  out.set_missing(missing);
  out.set_evidence_and_source(values, ends, f.source());
  return out;
}

/// `f` with these evidence items.
Finding with_evidence(const Finding& f, const Items& items) {
  return rebuilt(f, [](FindingRule&) {}, items);
}

Finding finding(std::string rule, std::string severity, std::string_view subject, Outcome outcome = Outcome::fired) {
  Finding f;
  f.set_subject(subject);
  f.set_date("2024-07-01");
  f.set_reason("SPFS payment between RU and KZ, \"urgent\"");
  f.outcome = outcome;
  if (outcome == Outcome::undetermined) f.add_missing("p.beneficiary_bank.country");
  f.set_source("payments.csv:12");
  return rebuilt(
      f,
      [&](FindingRule& h) {
        h.rule = std::move(rule);
        h.pattern = "spfs_cross_border_message";
        h.severity = std::move(severity);
        h.regimes = {"EU", "OFAC"};
        h.subject_kind = "payment";
      },
      Items{{"p.network", "SPFS"}, {"p.beneficiary_bank.country", "KZ"}});
}

}  // namespace

TEST_CASE("the text summary lists the most serious severity first, with counts per rule", "[report][text]") {
  const auto text = report::render_text({finding("corridors.a", "medium", "P1"), finding("corridors.b", "critical", "P2"),
                                         finding("corridors.a", "medium", "P3")});
  const auto critical = text.find("critical");
  const auto medium = text.find("medium");
  REQUIRE(critical != std::string::npos);
  REQUIRE(medium != std::string::npos);
  CHECK(critical < medium);
  CHECK(text.find("2 findings") != std::string::npos);
  CHECK(text.find("P3 2024-07-01") != std::string::npos);
}

TEST_CASE("the text summary shows a few examples per rule and says how many more there are", "[report][text]") {
  std::vector<Finding> many;
  for (int i = 0; i < 5; ++i) many.push_back(finding("corridors.a", "high", "P" + std::to_string(i)));
  report::TextOptions options;
  options.examples_per_rule = 2;
  const auto text = report::render_text(many, options);
  CHECK(text.find("P1 ") != std::string::npos);
  CHECK(text.find("P2 ") == std::string::npos);
  CHECK(text.find("and 3 more") != std::string::npos);
}

TEST_CASE("undetermined findings are counted apart and name the missing fields", "[report][text]") {
  const auto text = report::render_text({finding("corridors.a", "high", "P1", Outcome::undetermined)});
  CHECK(text.find("(+1 undetermined)") != std::string::npos);
  CHECK(text.find("missing p.beneficiary_bank.country") != std::string::npos);
}

TEST_CASE("no findings says so", "[report][text]") { CHECK(report::render_text({}) == "no findings\n"); }

TEST_CASE("colour appears only when asked for", "[report][text]") {
  const std::vector<Finding> one{finding("corridors.a", "critical", "P1")};
  CHECK(report::render_text(one).find("\x1b[") == std::string::npos);
  report::TextOptions options;
  options.color = true;
  CHECK(report::render_text(one, options).find("\x1b[") != std::string::npos);
}

TEST_CASE("a JSON line carries every field a tool needs, evidence as an object", "[report][jsonl]") {
  const auto j = nlohmann::json::parse(report::finding_json(finding("corridors.a", "high", "P1")));
  CHECK(j["rule"] == "corridors.a");
  CHECK(j["pattern"] == "spfs_cross_border_message");
  CHECK(j["severity"] == "high");
  CHECK(j["outcome"] == "fired");
  CHECK(j["subject_kind"] == "payment");
  CHECK(j["subject"] == "P1");
  CHECK(j["date"] == "2024-07-01");
  CHECK(j["regimes"] == nlohmann::json::array({"EU", "OFAC"}));
  CHECK(j["evidence"]["p.beneficiary_bank.country"] == "KZ");
  CHECK(j["source"] == "payments.csv:12");
}

TEST_CASE("JSON lines end each finding with a newline", "[report][jsonl]") {
  const auto text = report::render_jsonl({finding("a", "low", "P1"), finding("b", "low", "P2")});
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
}

TEST_CASE("CSV quotes fields holding commas and quotes", "[report][csv]") {
  const auto csv = report::render_csv({finding("corridors.a", "high", "P1")});
  CHECK(csv.starts_with("rule,pattern,severity,outcome,subject_kind,subject,date,reason,regimes,evidence,source\n"));
  CHECK(csv.find("\"SPFS payment between RU and KZ, \"\"urgent\"\"\"") != std::string::npos);
  CHECK(csv.find(",EU|OFAC,") != std::string::npos);
}

namespace {

std::string json_string(std::string_view s) {
  std::string out;
  report::append_json_string(out, s);
  return out;
}

/// The JSON line of `f` as a JSON library writes it, field by field: what finding_json must match.
std::string library_json(const Finding& f) {
  nlohmann::ordered_json evidence = nlohmann::ordered_json::object();
  for (const auto& [path, value] : f.evidence()) evidence[std::string(path)] = value;
  const nlohmann::ordered_json j = {{"rule", f.rule()},
                                    {"pattern", f.pattern()},
                                    {"severity", f.severity()},
                                    {"outcome", f.outcome == Outcome::fired ? "fired" : "undetermined"},
                                    {"subject_kind", f.subject_kind()},
                                    {"subject", f.subject()},
                                    {"date", f.date()},
                                    {"reason", f.reason()},
                                    {"regimes", f.regimes()},
                                    {"evidence", evidence},
                                    {"missing", f.missing().to_vector()},
                                    {"source", f.source()}};
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace

TEST_CASE("a JSON string escapes quotes, backslashes and control characters", "[report][jsonl]") {
  CHECK(json_string("") == R"("")");
  CHECK(json_string("say \"hi\" \\ bye") == R"("say \"hi\" \\ bye")");
  CHECK(json_string("a\nb\tc\rd\be\ff") == R"("a\nb\tc\rd\be\ff")");
  CHECK(json_string(std::string_view("\x01\x1f\x00", 3)) == R"("\u0001\u001f\u0000")");
  CHECK(json_string("\x7f/") == "\"\x7f/\"");
}

TEST_CASE("a JSON string keeps UTF-8 as it is and replaces ill-formed bytes with U+FFFD", "[report][jsonl]") {
  CHECK(json_string("Ж é 中 😀") == "\"Ж é 中 😀\"");
  CHECK(json_string("a\xff" "b") == "\"a\xEF\xBF\xBD" "b\"");
  CHECK(json_string("\xC0\xAF") != "\"\xC0\xAF\"");      // overlong '/'
  CHECK(json_string("\xED\xA0\x80") != "\"\xED\xA0\x80\"");  // a surrogate
}

TEST_CASE("a JSON string of any bytes is what a JSON library writes for it", "[report][jsonl]") {
  // Pieces that each take a different way through the writer, put together at random so that every kind
  // lands next to every other kind and at both ends of a string.
  const std::vector<std::string> pieces = {"a",  "plain text ", "\"", "\\", "\n", "\x01", "\x1f", " ", "\x7f",
                                           "Ж",  "中",          "😀", "é",  "\xff", "\xC0\xAF", "\xED\xA0\x80",
                                           "\xE4\xB8", "\xF4\x90\x80\x80", "\x80", std::string(1, '\0')};
  std::mt19937 random(7);
  std::uniform_int_distribution<std::size_t> piece(0, pieces.size() - 1), count(0, 24);
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    for (std::size_t n = count(random); n > 0; --n) s += pieces[piece(random)];
    const std::string expected = nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (json_string(s) != expected) FAIL("differs for a string of " << s.size() << " bytes, round " << round);
  }
}

TEST_CASE("a JSON line is what a JSON library writes for the same finding", "[report][jsonl]") {
  Finding plain = finding("corridors.a", "high", "P1");
  Finding undetermined = finding("corridors.b", "low", "P2", Outcome::undetermined);
  undetermined.add_missing("p.originator.country");
  Finding odd = finding("corridors.c", "medium", "Ж-1\t\"x\"");
  odd.set_reason("line one\nline two \\ \x02 \xfe end");
  odd = rebuilt(
      odd,
      [](FindingRule& h) {
        h.regimes.clear();
        h.pattern.clear();
      },
      Items{{"a", "1"}, {"b\"", "Ж"}, {"a", "3"}, {"", ""}});  // a path twice: first place, last value
  odd.set_source("");
  for (const Finding* f : {&plain, &undetermined, &odd}) {
    CHECK(report::finding_json(*f) == library_json(*f));
    CHECK(report::render_jsonl({*f}) == library_json(*f) + "\n");
  }
  CHECK(report::evidence_json(odd) == R"({"a":"3","b\"":"Ж","":""})");
  odd = with_evidence(odd, {{"ab", "1"}, {"cd", "2"}});  // paths of one length, distinct
  CHECK(report::evidence_json(odd) == R"({"ab":"1","cd":"2"})");
  odd = with_evidence(odd, {{"ab", "1"}, {"cd", "2"}, {"ab", "3"}});
  CHECK(report::evidence_json(odd) == R"({"ab":"3","cd":"2"})");
}

TEST_CASE("one JSON writer used for findings of several rules in turn writes each as a JSON library would",
          "[report][jsonl]") {
  // The writer keeps what a rule's findings write alike: going back to a rule, or to another rule whose
  // header is equal but not the same, must not write another's texts.
  const Finding a1 = finding("corridors.a", "high", "P1");
  const Finding a2 = rebuilt(a1, [](FindingRule&) {});  // an equal header, not the same one
  Finding changed = rebuilt(
      finding("corridors.b", "low", "P2", Outcome::undetermined),
      [](FindingRule& h) {
        h.regimes = {"UK"};
        h.subject_kind = "shipment";
      },
      Items{{"s.hs", "8806"}, {"s.hs", "8807"}, {"s.route", "TR, \"AE\""}});
  changed.set_reason("b");
  const Finding& b = changed;
  const Finding no_values = rebuilt(a1, [](FindingRule&) {}, Items{});
  report::FindingJson json;
  for (const Finding* f : {&a1, &b, &a1, &a2, &no_values, &b, &b}) {
    std::string line;
    json.append_finding(line, *f);
    CHECK(line == library_json(*f));
    std::string evidence;
    json.append_evidence(evidence, *f);
    CHECK(evidence == report::evidence_json(*f));
  }
  std::string evidence;
  json.append_evidence(evidence, b);
  CHECK(evidence == R"({"s.hs":"8807","s.route":"TR, \"AE\""})");
}

TEST_CASE("a CSV row holds every column, regimes '|'-joined and evidence as path=value pairs", "[report][csv]") {
  Finding odd = finding("corridors.b", "low", "P2", Outcome::undetermined);
  odd = rebuilt(
      odd,
      [](FindingRule& h) {
        h.pattern.clear();
        h.regimes = {"UK"};
      },
      Items{{"p.purpose", "drones, parts"}});
  odd.set_source("");
  CHECK(report::render_csv({finding("corridors.a", "high", "P1"), odd}) ==
        "rule,pattern,severity,outcome,subject_kind,subject,date,reason,regimes,evidence,source\n"
        "corridors.a,spfs_cross_border_message,high,fired,payment,P1,2024-07-01,"
        "\"SPFS payment between RU and KZ, \"\"urgent\"\"\",EU|OFAC,p.network=SPFS; p.beneficiary_bank.country=KZ,"
        "payments.csv:12\n"
        "corridors.b,,low,undetermined,payment,P2,2024-07-01,\"SPFS payment between RU and KZ, \"\"urgent\"\"\",UK,"
        "\"p.purpose=drones, parts\",\n");
}
