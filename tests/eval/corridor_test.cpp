// Corridor fields: the countries a payment leaves and reaches (bank BIC country first, so a foreign branch
// counts where it is), the corridor `FROM-TO NETWORK`, and a shipment's countries and legs in travel order.
#include <map>

#include "eval/eval_test_support.hpp"

using namespace sanx;

namespace {

using Values = std::map<std::string, std::string>;

/// What `expr` gives for each subject (`p` a payment, or `s` a shipment when `on` is "shipment s").
Values values(std::string_view expr, const model::Dataset& data, std::string_view on = "payment p") {
  const auto findings = test::run(
      fmt::format("rule r {{\n  meta {{ severity = low }}\n  on {}\n  let v = {}\n"
                  "  when v is missing or v is not missing\n  reason \"{{v}}\"\n}}\n",
                  on, expr),
      data);
  Values out;
  for (const auto& f : findings) out[std::string(f.subject())] = f.reason();
  return out;
}

test::World& parties(test::World& w) {
  w.company("demo:ir", "Tabriz Trading", "IR").company("demo:ru", "Volga LLC", "RU").company("demo:none", "Nowhere Co", "");
  // VTB's Shanghai branch: a Russian bank's branch with a Chinese BIC.
  return w.bank("demo:vtb", "VTB Bank", "RU", "VTBRRUMM").bank("demo:vtb-cn", "VTB Bank Shanghai", "CN", "VTBRCNSH");
}

model::Payment pay(std::string id, std::string from, std::string to, std::string from_bic, std::string to_bic,
                   model::Network network) {
  model::Payment p = test::payment(std::move(id), "2024-07-01", std::move(from_bic), std::move(to_bic), "100", network);
  p.originator = std::move(from);
  p.beneficiary = std::move(to);
  return p;
}

model::Shipment ship(std::string id, std::string origin, std::vector<std::string> route, std::string destination) {
  model::Shipment s;
  s.id = std::move(id);
  s.date = test::day("2024-07-01");
  s.exporter = "demo:ir";
  s.consignee = "demo:ru";
  s.hs_code = "880730";
  s.origin = std::move(origin);
  s.route = std::move(route);
  s.destination = std::move(destination);
  return s;
}

}  // namespace

TEST_CASE("A payment's countries are its banks' BIC countries, so a foreign branch counts where it is",
          "[eval][corridor]") {
  test::World w;
  parties(w)
      .payment(pay("BRANCH", "demo:ru", "demo:ir", "VTBRCNSH", "VTBRRUMM", model::Network::cips))
      .payment(pay("NOBIC", "demo:ir", "demo:ru", "", "", model::Network::spfs));
  const auto& data = w.build();
  CHECK(values("p.origin_country", data) == Values{{"BRANCH", "CN"}, {"NOBIC", "IR"}});
  CHECK(values("p.destination_country", data) == Values{{"BRANCH", "RU"}, {"NOBIC", "RU"}});
  CHECK(values("p.corridor", data) == Values{{"BRANCH", "CN-RU CIPS"}, {"NOBIC", "IR-RU SPFS"}});
}

TEST_CASE("A payment's corridor is missing when a side has neither a BIC nor a party country", "[eval][corridor]") {
  test::World w;
  parties(w).payment(pay("P", "demo:none", "demo:ru", "", "VTBRRUMM", model::Network::swift));
  const auto& data = w.build();
  CHECK(values("p.origin_country", data) == Values{{"P", "?"}});
  CHECK(values("p.corridor", data) == Values{{"P", "?"}});
  CHECK(test::outcome("p.corridor == \"RU-RU SWIFT\"", data) == "undetermined");
}

TEST_CASE("A shipment's countries run from origin through the route to destination, repeats merged",
          "[eval][corridor]") {
  test::World w;
  parties(w)
      .shipment(ship("SEA", "IR", {}, "RU"))
      .shipment(ship("ROAD", "TR", {"TR", "GE", "AM"}, "RU"))
      .shipment(ship("LOCAL", "KZ", {}, "KZ"));
  const auto& data = w.build();
  CHECK(values("len(s.countries)", data, "shipment s") == Values{{"LOCAL", "1"}, {"ROAD", "4"}, {"SEA", "2"}});
  CHECK(values("len(s.legs)", data, "shipment s") == Values{{"LOCAL", "0"}, {"ROAD", "3"}, {"SEA", "1"}});
  CHECK(test::run("rule r {\n  meta { severity = low }\n  on shipment s\n"
                  "  when any leg in s.legs: leg == \"GE-AM\"\n  reason \"{s.id}\"\n}\n",
                  data)
            .size() == 1);
  CHECK(values("any c in s.countries: c == \"GE\"", data, "shipment s") ==
        Values{{"LOCAL", "false"}, {"ROAD", "true"}, {"SEA", "false"}});
}
