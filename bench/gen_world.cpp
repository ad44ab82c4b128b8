// Writes a synthetic world for the whole-audit benchmark (bench/audit_bench.sh), in the canonical CSV
// format with a dataset.toml: entities (banks with BICs, companies, people), ownership, control and
// director relations, designations, payments over every network (card operations on MIR and SHETAB by
// people, bursts from busy cardholders) and shipments with CHP items to transshipment hubs. Deterministic
// for a given seed.
//
//   sanx_gen_world OUT_DIR [PAYMENTS=1000000] [SHIPMENTS=200000] [ENTITIES=50000] [SEED=7]
//
// Each file is written through a Csv with its header as a list of column names, and each row as the
// values in the same order: a new optional column is one more name and one more value.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

/// A CSV file: the header once, then rows of the same width, quoted where RFC 4180 needs it.
class Csv {
 public:
  Csv(const std::filesystem::path& path, std::initializer_list<std::string_view> columns)
      : file_(std::fopen(path.c_str(), "wb")), width_(columns.size()) {
    if (!file_) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      std::exit(3);
    }
    row(columns);
  }
  void row(std::initializer_list<std::string_view> values) {
    if (values.size() != width_) {
      std::fprintf(stderr, "row of %zu values for %zu columns\n", values.size(), width_);
      std::exit(2);
    }
    line_.clear();
    bool first = true;
    for (const std::string_view v : values) {
      if (!first) line_ += ',';
      first = false;
      if (v.find_first_of(",\"\n") == std::string_view::npos) {
        line_ += v;
        continue;
      }
      line_ += '"';
      for (const char c : v) {
        if (c == '"') line_ += '"';
        line_ += c;
      }
      line_ += '"';
    }
    line_ += '\n';
    std::fwrite(line_.data(), 1, line_.size(), file_.get());
  }

 private:
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::size_t width_;
  std::string line_;
};

struct Weighted {
  std::string_view value;
  int weight;
};

constexpr Weighted kCountries[] = {{"RU", 22}, {"IR", 8}, {"KZ", 6}, {"AM", 3}, {"AE", 8}, {"TR", 8}, {"CN", 12},
                                {"DE", 7},  {"NL", 3},  {"IT", 3}, {"CY", 2}, {"KG", 2}, {"AZ", 2}, {"BY", 3},
                                {"HK", 3},  {"IN", 3},  {"GE", 2}, {"UZ", 2}, {"US", 4}, {"GB", 3}};
constexpr Weighted kNetworks[] = {{"SWIFT", 48}, {"SEPA", 8}, {"SPFS", 8}, {"CIPS", 6}, {"SEPAM", 2},
                               {"MIR", 11},    {"SHETAB", 15}, {"CARD", 2}};
constexpr std::string_view kHubs[] = {"AE", "TR", "KZ", "AM", "KG", "GE", "UZ", "HK"};
// Common High Priority items (tiers 1-4) and ordinary goods, as HS-6.
constexpr std::string_view kChpHs[] = {"854231", "854232", "854233", "854239", "854290", "852691", "852589",
                            "851762", "847150", "848210", "853224", "880730", "901380", "854140"};
constexpr std::string_view kOtherHs[] = {"870899", "620342", "080810", "300490", "940360", "847130",
                              "392690", "732690", "841810", "640399", "220421", "271019", "730830", "030389"};
constexpr std::string_view kOrigins[] = {"CN", "CN", "CN", "DE", "US", "JP", "KR", "TR", "IN", "TW"};
constexpr std::string_view kCurrencies[] = {"USD", "EUR", "AED", "TRY", "CNY"};
constexpr std::string_view kModes[] = {"sea", "sea", "road", "rail", "air"};
constexpr std::string_view kPurposes[] = {"invoice {} machine parts", "payment for goods, contract {}",
                               "services {}", "freight charges {}", "advance, lot {}", "electronic components, inv {}"};

class World {
 public:
  World(std::uint64_t seed, std::size_t entities) : rng_(seed), entities_(entities) {}

  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <std::size_t N>
  std::string_view weighted(const Weighted (&items)[N]) {
    int total = 0;
    for (const auto& i : items) total += i.weight;
    int x = static_cast<int>(pick(static_cast<std::size_t>(total)));
    for (const auto& i : items) {
      if ((x -= i.weight) < 0) return i.value;
    }
    return items[N - 1].value;
  }
  /// A skewed pick in [0, n): a few are chosen very often (busy originators), most rarely.
  std::size_t skewed(std::size_t n) {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng_);
    return std::min(n - 1, static_cast<std::size_t>(std::pow(u, 2.5) * static_cast<double>(n)));
  }
  std::string date(int first_year, int years) {
    const int y = first_year + static_cast<int>(pick(static_cast<std::size_t>(years)));
    return fmt::format("{}-{:02}-{:02}", y, 1 + pick(12), 1 + pick(28));
  }

  std::mt19937_64 rng_;
  std::size_t entities_;
};

struct Party {
  std::string id;
  std::string country;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Writes a generated dataset (entities, relations, designations, payments, shipments and its\n"
               "dataset.toml) for the audit bench; the same seed writes the same files."};
  std::filesystem::path out;
  std::size_t payments = 1'000'000;
  std::size_t shipments = 200'000;
  std::size_t entities = 50'000;
  std::uint64_t seed = 7;
  app.add_option("OUT_DIR", out, "Folder to write (created if needed)")->required();
  app.add_option("PAYMENTS", payments, "Payments")->capture_default_str();
  app.add_option("SHIPMENTS", shipments, "Shipments")->capture_default_str();
  app.add_option("ENTITIES", entities, "Entities (at least 1000)")->capture_default_str()->check(CLI::Range(1000, 100'000'000));
  app.add_option("SEED", seed, "Random seed")->capture_default_str();
  app.footer("Example:\n  sanx_gen_world bench/work/audit/world 1000000 200000 50000 7   the audit bench's world");
  CLI11_PARSE(app, argc, argv);
  std::filesystem::create_directories(out);
  World w(seed, entities);

  // Entities: 2% banks, 30% people, the rest companies; banks first so that every country has some.
  std::vector<Party> banks, people, companies;
  std::vector<std::string> bics;
  {
    Csv f(out / "entities.csv", {"id", "kind", "name", "aliases", "country", "identifiers", "birth_date", "incorporated",
                                 "address"});
    const std::size_t bank_count = entities / 50;
    for (std::size_t i = 0; i < entities; ++i) {
      const std::string id = fmt::format("gen:e{}", i);
      const std::string country(i < std::size(kCountries) ? kCountries[i].value : w.weighted(kCountries));
      const std::string address = fmt::format("Street {} {}, City {}", i % 997, i, country);
      if (i < bank_count) {
        std::string bic;
        for (std::size_t n = i, k = 0; k < 4; ++k, n /= 26) bic += static_cast<char>('A' + n % 26);
        bic += country;
        bic += "MM";
        f.row({id, "bank", fmt::format("Bank {} {} JSC", country, i), "", country, "bic:" + bic, "",
               w.date(1990, 30), address});
        banks.push_back({id, country});
        bics.push_back(std::move(bic));
      } else if (i % 10 < 3) {
        f.row({id, "person", fmt::format("Person {} {}", i, country), "", country, "", w.date(1950, 50), "", address});
        people.push_back({id, country});
      } else {
        // A tenth of the hub companies were set up after the invasion (front-company patterns).
        const bool hub = std::find(std::begin(kHubs), std::end(kHubs), country) != std::end(kHubs);
        const std::string incorporated = hub && w.chance(0.1) ? w.date(2022, 3) : w.date(1995, 27);
        f.row({id, "company", fmt::format("Company {} {} LLC", i, country), fmt::format("aka:Firm {}", i), country,
               fmt::format("reg:{:09}", i), "", incorporated, address});
        companies.push_back({id, country});
      }
    }
  }
  auto bic_in = [&](std::string_view country) -> const std::string& {
    // A random bank of the same country (every country has some: the first banks take one each).
    for (int tries = 0; tries < 40; ++tries) {
      const std::size_t b = w.pick(banks.size());
      if (banks[b].country == country) return bics[b];
    }
    return bics[w.pick(bics.size())];
  };
  {
    Csv f(out / "relations.csv", {"source", "target", "kind", "share", "basis", "start", "end"});
    std::vector<std::size_t> owned_total(companies.size(), 0);  // shares held in each company, at most 100
    for (std::size_t i = 0; i < entities / 6; ++i) {
      const std::size_t target = w.pick(companies.size());
      const Party& owned = companies[target];
      const Party& owner = w.chance(0.5) ? companies[w.pick(companies.size())] : people[w.pick(people.size())];
      const std::size_t share = std::min(w.chance(0.3) ? 50 + w.pick(51) : 5 + w.pick(45), 100 - owned_total[target]);
      if (owner.id == owned.id || share == 0) continue;
      owned_total[target] += share;
      f.row({owner.id, owned.id, "ownership", fmt::format("{}", share), "", w.date(2005, 18), ""});
    }
    for (std::size_t i = 0; i < entities / 50; ++i) {
      f.row({people[w.pick(people.size())].id, companies[w.pick(companies.size())].id, "control", "", "board", w.date(2010, 13),
             ""});
    }
    for (std::size_t i = 0; i < entities / 25; ++i) {
      f.row({people[w.pick(people.size())].id, companies[w.pick(companies.size())].id, "director", "", "", w.date(2010, 13),
             ""});
    }
  }
  {
    Csv f(out / "designations.csv", {"entity", "regime", "list", "programs", "listed_from", "listed_to"});
    constexpr std::array<std::array<std::string_view, 3>, 3> regimes{{{"OFAC", "SDN", "RUSSIA-EO14024"},
                                                                    {"EU", "EU-833", "RUSSIA"},
                                                                    {"UK", "UK-SANCTIONS", "RUSSIA"}}};
    auto designate = [&](const Party& p) {
      const auto& r = regimes[w.pick(regimes.size())];
      f.row({p.id, r[0], r[1], p.country == "IR" ? "IRAN" : r[2], w.date(2022, 3), ""});
    };
    for (const Party& b : banks) {
      if ((b.country == "RU" || b.country == "IR" || b.country == "BY") && w.chance(0.25)) designate(b);
    }
    for (const Party& c : companies) {
      if ((c.country == "RU" || c.country == "IR") ? w.chance(0.02) : w.chance(0.002)) designate(c);
    }
    for (const Party& p : people) {
      if (p.country == "RU" && w.chance(0.005)) designate(p);
    }
  }
  {
    Csv f(out / "payments.csv", {"id", "date", "originator", "beneficiary", "originator_bic", "beneficiary_bic",
                                 "intermediary_bics", "network", "currency", "amount", "purpose"});
    // Card operations come from a pool of cardholders, some very busy (structuring bursts).
    const std::size_t cardholders = std::min<std::size_t>(people.size(), 5000);
    for (std::size_t i = 0; i < payments; ++i) {
      const std::string_view network = w.weighted(kNetworks);
      const bool card = network == "MIR" || network == "SHETAB" || network == "CARD";
      const Party& from = card ? people[w.skewed(cardholders)] : companies[w.skewed(companies.size())];
      const Party& to = companies[w.pick(companies.size())];
      std::string_view currency = network == "SPFS" || network == "MIR" ? "RUB"
                                  : network == "SHETAB" || network == "SEPAM" ? "IRR"
                                  : network == "CIPS" ? "CNY"
                                  : network == "SEPA" ? "EUR"
                                  : kCurrencies[w.pick(std::size(kCurrencies))];
      const std::string amount = card ? fmt::format("{}.{:02}", 5 + w.pick(800), w.pick(100))
                                      : fmt::format("{}.{:02}", 1000 + w.pick(2'000'000), w.pick(100));
      const std::string inter = network == "SWIFT" && w.chance(0.15) ? bics[w.pick(bics.size())] : std::string();
      const std::string purpose =
          card ? std::string(w.chance(0.5) ? "card purchase" : "cash withdrawal")
               : fmt::format(fmt::runtime(kPurposes[w.pick(std::size(kPurposes))]), i);
      f.row({fmt::format("GP{:07}", i), w.date(2023, 2), from.id, to.id, bic_in(from.country), bic_in(to.country), inter,
             network, currency, amount, purpose});
    }
  }
  {
    Csv f(out / "shipments.csv", {"id", "date", "exporter", "consignee", "end_user", "hs_code", "description", "value",
                                  "currency", "origin", "destination", "route", "mode", "vessel"});
    for (std::size_t i = 0; i < shipments; ++i) {
      const Party& exporter = companies[w.skewed(companies.size())];
      const Party& consignee = companies[w.skewed(companies.size())];
      const bool chp = w.chance(0.25);
      const std::string_view hs = chp ? kChpHs[w.pick(std::size(kChpHs))] : kOtherHs[w.pick(std::size(kOtherHs))];
      const std::size_t d = w.pick(100);
      const std::string destination = d < 40   ? std::string(kHubs[w.pick(std::size(kHubs))])
                                      : d < 60 ? std::string("RU")
                                      : d < 68 ? std::string("IR")
                                               : consignee.country;
      const std::string route = destination == "RU" && w.chance(0.3) ? std::string(kHubs[w.pick(std::size(kHubs))])
                                : destination == "IR" && w.chance(0.3) ? std::string("AZ")
                                                                       : std::string();
      f.row({fmt::format("GS{:07}", i), w.date(2023, 2), exporter.id, consignee.id,
             w.chance(0.1) ? companies[w.pick(companies.size())].id : std::string(), hs,
             chp ? "electronic components" : "general cargo", fmt::format("{}.00", 500 + w.pick(900'000)),
             w.chance(0.6) ? "USD" : "EUR", kOrigins[w.pick(std::size(kOrigins))], destination, route,
             kModes[w.pick(std::size(kModes))], ""});
    }
  }
  {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen((out / "dataset.toml").c_str(), "wb"));
    if (!f) return 3;
    fmt::print(f.get(), "[dataset]\nname = \"world\"\nsource = \"sanx_gen_world seed {}\"\nlicence = \"CC0-1.0\"\n"
                        "as_of = 2024-12-31\n", seed);
    for (const std::string_view kind : {"entities", "relations", "designations", "payments", "shipments"}) {
      fmt::print(f.get(), "\n[[files]]\npath = \"{}.csv\"\nkind = \"{}\"\n", kind, kind);
    }
  }
  std::printf("wrote %zu entities (%zu banks), %zu payments and %zu shipments to %s (seed %llu)\n", entities,
              banks.size(), payments, shipments, out.c_str(), static_cast<unsigned long long>(seed));
  return 0;
}
