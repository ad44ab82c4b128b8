// Compares versions of the ownership engine by instruction counts (docs/benchmarks.md, "Ownership
// exposure"): builds the synthetic world of ownership_gen.hpp, then every regime's analysis and every
// entity's exposure() through the API that every version has, and prints a digest of the results, so that
// two builds can be checked to agree before their counts are compared under callgrind.
//
//   sanx_ownership_versions ENTITIES EDGES SEEDS
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <functional>
#include <string>

#include "ownership_gen.hpp"
#include "sanx/graph/ownership.hpp"

int main(int argc, char** argv) {
  namespace graph = sanx::graph;
  sanx::bench::OwnershipShape shape;
  CLI::App app{"Prints a digest of every regime's exposures over a generated world, so that two builds can be\n"
               "checked to agree before their instruction counts are compared."};
  app.add_option("ENTITIES", shape.entities, "Entities")->required();
  app.add_option("EDGES", shape.edges, "Ownership and control relations")->required();
  app.add_option("SEEDS", shape.seeds, "Listed persons")->required();
  app.footer("Example:\n  valgrind --tool=callgrind sanx_ownership_versions 200000 600000 4000");
  CLI11_PARSE(app, argc, argv);
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
