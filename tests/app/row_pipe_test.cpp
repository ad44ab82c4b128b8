// Specification of the hand-over between the reading thread and the writing thread of an import.
#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

#include "app/row_pipe.hpp"

using sanx::app::RowPipe;

namespace {

/// Pushes `n` rows "r0".."r{n-1}" with line = index + 2 from another thread; returns what the consumer saw.
std::vector<std::pair<std::string, std::uint32_t>> pass_through(RowPipe<std::string>& pipe, std::uint32_t n) {
  std::thread producer([&] {
    for (std::uint32_t i = 0; i < n; ++i) pipe.push("r" + std::to_string(i), i + 2);
    pipe.close();
  });
  std::vector<std::pair<std::string, std::uint32_t>> seen;
  RowPipe<std::string>::Batch batch;
  while (pipe.pop(batch)) {
    for (std::size_t k = 0; k < batch.size; ++k) seen.emplace_back(batch.rows[k], batch.lines[k]);
  }
  producer.join();
  return seen;
}

}  // namespace

TEST_CASE("every row arrives once, in order, with its line, across many batches", "[app][pipe]") {
  RowPipe<std::string> pipe(/*batch_rows=*/7, /*max_batches=*/2);
  const auto seen = pass_through(pipe, 1000);
  REQUIRE(seen.size() == 1000);
  for (std::uint32_t i = 0; i < 1000; ++i) {
    CHECK(seen[i].first == "r" + std::to_string(i));
    CHECK(seen[i].second == i + 2);
  }
}

TEST_CASE("a partial last batch is delivered when the producer closes", "[app][pipe]") {
  RowPipe<std::string> pipe(/*batch_rows=*/64, /*max_batches=*/2);
  const auto seen = pass_through(pipe, 5);
  REQUIRE(seen.size() == 5);
  CHECK(seen.back().first == "r4");
}

TEST_CASE("a closed empty pipe yields nothing", "[app][pipe]") {
  RowPipe<std::string> pipe;
  const auto seen = pass_through(pipe, 0);
  CHECK(seen.empty());
}

TEST_CASE("after the consumer aborts, the producer is never blocked and learns it should stop", "[app][pipe]") {
  RowPipe<std::string> pipe(/*batch_rows=*/2, /*max_batches=*/1);
  pipe.abort();
  bool accepted = true;
  std::thread producer([&] {
    for (int i = 0; i < 100; ++i) accepted = pipe.push("x", 1) && accepted;
    pipe.close();
  });
  producer.join();  // would hang if a full pipe blocked the producer after the abort
  CHECK_FALSE(accepted);
}
