// Compares versions of the ownership engine by instruction counts (docs/benchmarks.md, "Ownership
// exposure"): builds the synthetic world of ownership_gen.hpp, then every regime's analysis and every
// entity's exposure() through the API that every version has, and prints a digest of the results, so that
// two builds can be checked to agree before their counts are compared under callgrind.
//
//   sanx_ownership_versions ENTITIES EDGES SEEDS
#include <fmt/format.h>

#include <cstdlib>
#include <functional>
#include <string>

#include "ownership_gen.hpp"
#include "sanx/graph/ownership.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    fmt::print(stderr, "usage: sanx_ownership_versions ENTITIES EDGES SEEDS\n");
    return 2;
  }
  namespace graph = sanx::graph;
  const sanx::bench::OwnershipShape shape{std::stoul(argv[1]), std::stoul(argv[2]), std::stoul(argv[3])};
  const sanx::model::Dataset data = sanx::bench::generate_ownership(shape);
  graph::ExposureOptions options;
  options.as_of = sanx::bench::kOwnershipAsOf;
  for (const auto regime : {graph::Regime::ofac, graph::Regime::eu, graph::Regime::uk}) {
    const graph::OwnershipAnalysis analysis(data, regime, options);
    std::size_t digest = 0;
    std::size_t paths = 0;
    for (std::uint32_t e = 0; e < data.entities.size(); ++e) {
      const graph::Exposure x = analysis.exposure(sanx::model::EntityIx{e});
      const std::string line = fmt::format("{} {} {} {}", graph::to_string(x.status), x.share_min.to_string(),
                                           x.share_max.to_string(), x.paths.size());
      digest = digest * 31 + std::hash<std::string>{}(line);
      paths += x.paths.size();
    }
    fmt::print("{} digest {:016x}, {} proof paths\n", graph::to_string(regime), digest, paths);
  }
}
