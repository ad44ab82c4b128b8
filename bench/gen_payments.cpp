// Writes a synthetic dataset for the import benchmark: N entities (a fifth of them banks with BICs) and
// M payments between them, in the canonical format with a dataset.toml. Deterministic for a given seed.
//
//   sanx_gen_payments OUT_DIR [PAYMENTS=1000000] [ENTITIES=10000] [SEED=42]
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

File open_out(const std::filesystem::path& p) {
  File f(std::fopen(p.c_str(), "wb"));
  if (!f) {
    std::fprintf(stderr, "cannot write %s\n", p.c_str());
    std::exit(3);
  }
  return f;
}

constexpr const char* kCountries[] = {"RU", "IR", "KZ", "AM", "AE", "TR", "CN", "DE", "NL", "IT", "CY", "KG", "AZ", "BY"};
constexpr const char* kNetworks[] = {"SWIFT", "SWIFT", "SWIFT", "SWIFT", "SEPA", "SPFS", "CIPS", "SEPAM", "MIR", "SHETAB"};
constexpr const char* kCurrencies[] = {"USD", "EUR", "RUB", "CNY", "AED", "TRY"};
constexpr const char* kPurposes[] = {"invoice {} machine parts", "\"payment for goods, contract {}\"", "services {}",
                                     "freight charges {}", "\"advance, lot {}\""};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Writes a generated dataset of entities and payments for the import bench; the same seed\n"
               "writes the same files."};
  std::filesystem::path out;
  long payments = 1'000'000;
  long entities = 10'000;
  unsigned seed = 42U;
  app.add_option("OUT_DIR", out, "Folder to write (created if needed)")->required();
  app.add_option("PAYMENTS", payments, "Payments")->capture_default_str()->check(CLI::NonNegativeNumber);
  app.add_option("ENTITIES", entities, "Entities (at least 1)")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("SEED", seed, "Random seed")->capture_default_str();
  app.footer("Example:\n  sanx_gen_payments bench/work/import 1000000 10000 42   the import bench's data");
  CLI11_PARSE(app, argc, argv);
  std::filesystem::create_directories(out);
  std::mt19937_64 rng(seed);
  auto pick = [&rng](std::size_t n) { return static_cast<std::size_t>(rng() % n); };

  constexpr std::size_t kCountryCount = std::size(kCountries);
  std::vector<std::string> bank_bics;
  {
    auto f = open_out(out / "entities.csv");
    std::fputs("id,kind,name,aliases,country,identifiers,birth_date,incorporated,address\n", f.get());
    for (long i = 0; i < entities; ++i) {
      const char* country = kCountries[pick(kCountryCount)];
      if (i % 5 == 0) {
        // BIC: 4 letters of institution, country, 2 characters of location.
        std::string bic;
        long n = i / 5;
        for (int k = 0; k < 4; ++k) {
          bic += static_cast<char>('A' + n % 26);
          n /= 26;
        }
        bic += country;
        bic += "MM";
        fmt::print(f.get(), "b:{},bank,Bank {} JSC,,{},bic:{},,{}-01-01,\"Street {}, City\"\n", i, i, country, bic,
                   1990 + pick(30), i);
        bank_bics.push_back(std::move(bic));
      } else {
        fmt::print(f.get(), "c:{},company,Company {} LLC,aka:Firm {},{},inn:{:010},,{}-{:02}-01,\"Road {}, Town\"\n", i,
                   i, i, country, 7700000000L + i, 1995 + pick(29), 1 + pick(12), i);
      }
    }
  }
  {
    auto f = open_out(out / "payments.csv");
    std::fputs("id,date,originator,beneficiary,originator_bic,beneficiary_bic,intermediary_bics,network,currency,amount,"
               "purpose\n",
               f.get());
    auto party = [&]() {
      long i = static_cast<long>(pick(static_cast<std::size_t>(entities)));
      return i % 5 == 0 ? fmt::format("b:{}", i) : fmt::format("c:{}", i);
    };
    for (long i = 0; i < payments; ++i) {
      const auto& obic = bank_bics[pick(bank_bics.size())];
      const auto& bbic = bank_bics[pick(bank_bics.size())];
      std::string inter = i % 7 == 0 ? bank_bics[pick(bank_bics.size())] : std::string();
      const std::string purpose = fmt::format(fmt::runtime(kPurposes[pick(std::size(kPurposes))]), i);
      fmt::print(f.get(), "P{:07},{}-{:02}-{:02},{},{},{},{},{},{},{},{}.{:02},{}\n", i, 2022 + pick(4), 1 + pick(12),
                 1 + pick(28), party(), party(), obic, bbic, inter, kNetworks[pick(std::size(kNetworks))],
                 kCurrencies[pick(std::size(kCurrencies))], 100 + pick(5'000'000), pick(100), purpose);
    }
  }
  {
    auto f = open_out(out / "dataset.toml");
    fmt::print(f.get(),
               "[dataset]\nname = \"bench\"\nsource = \"sanx_gen_payments seed {}\"\nlicence = \"CC0-1.0\"\n"
               "as_of = 2025-12-31\n\n[[files]]\npath = \"entities.csv\"\nkind = \"entities\"\n\n"
               "[[files]]\npath = \"payments.csv\"\nkind = \"payments\"\n",
               seed);
  }
  std::printf("wrote %ld entities and %ld payments to %s\n", entities, payments, out.c_str());
  return 0;
}
