#include "sanx/model/payment.hpp"

#include <catch2/catch.hpp>

namespace model = sanx::model;
using model::Network;
using model::TransportMode;

TEST_CASE("networks are written in upper case", "[model][payment]") {
  CHECK(model::to_string(Network::swift) == "SWIFT");
  CHECK(model::to_string(Network::spfs) == "SPFS");
  CHECK(model::to_string(Network::fedwire) == "FEDWIRE");
}

TEST_CASE("networks round-trip through their names", "[model][payment]") {
  for (const Network n : {Network::swift, Network::spfs, Network::sepam, Network::cips, Network::mir, Network::shetab,
                          Network::sepa, Network::fedwire, Network::chaps, Network::card, Network::book,
                          Network::other}) {
    CHECK(model::parse_network(model::to_string(n)) == n);
  }
}

TEST_CASE("network names are read without regard to case", "[model][payment]") {
  CHECK(model::parse_network("swift") == Network::swift);
  CHECK(model::parse_network("Spfs") == Network::spfs);
  CHECK(model::parse_network("sHeTaB") == Network::shetab);
}

TEST_CASE("unknown network names are rejected", "[model][payment]") {
  for (const char* text : {"", "SWIFTNET", "SWIF", "ACH", " SWIFT", "a very long name that is no network"}) {
    INFO('"' << text << '"');
    CHECK_FALSE(model::parse_network(text).has_value());
  }
}

TEST_CASE("transport modes round-trip through their lower-case names", "[model][payment]") {
  for (const TransportMode m : {TransportMode::sea, TransportMode::rail, TransportMode::road, TransportMode::air}) {
    CHECK(model::parse_transport_mode(model::to_string(m)) == m);
  }
  CHECK(model::to_string(TransportMode::sea) == "sea");
}

TEST_CASE("transport mode names are exact lower-case words", "[model][payment]") {
  for (const char* text : {"Sea", "RAIL", "truck", "ship", ""}) {
    INFO('"' << text << '"');
    CHECK_FALSE(model::parse_transport_mode(text).has_value());
  }
}

TEST_CASE("a currency code is three upper-case letters", "[model][payment]") {
  CHECK(model::is_currency_code("USD"));
  CHECK(model::is_currency_code("RUB"));
  CHECK(model::is_currency_code("CNY"));
}

TEST_CASE("lower case, other lengths and digits are not currency codes", "[model][payment]") {
  for (const char* text : {"usd", "Usd", "US", "USDT", "U5D", "", "€"}) {
    INFO('"' << text << '"');
    CHECK_FALSE(model::is_currency_code(text));
  }
}
