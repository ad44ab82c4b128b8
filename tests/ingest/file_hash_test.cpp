// SHA-256 of input files, checked against `sha256sum` output computed when the test was written.
#include <catch2/catch.hpp>

#include "sanx/core/error.hpp"
#include "sanx/ingest/file_hash.hpp"
#include "support/temp_dir.hpp"

TEST_CASE("the hash of a small file matches sha256sum", "[ingest][hash]") {
  sanx::testing::TempDir dir;
  // printf 'id,kind,name\ndemo:acme,company,Acme\n' | sha256sum
  const auto path = dir.write("e.csv", "id,kind,name\ndemo:acme,company,Acme\n");
  CHECK(sanx::ingest::sha256_file(path) == "fda2c7c26998182ebbba41352c0d888bef7d8b734a1b4d53d3be2dd705893117");
}

TEST_CASE("the hash of an empty file is the SHA-256 of nothing", "[ingest][hash]") {
  sanx::testing::TempDir dir;
  CHECK(sanx::ingest::sha256_file(dir.write("empty.csv", "")) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("the hash of a file larger than one read block matches sha256sum", "[ingest][hash]") {
  sanx::testing::TempDir dir;
  // head -c 3000000 /dev/zero | tr '\0' 'a' | sha256sum
  const auto path = dir.write("big.csv", std::string(3'000'000, 'a'));
  CHECK(sanx::ingest::sha256_file(path) == "2a152c894398719c0570f83fac34ac03a0f6e8e474b995c2403aa5434f7b9dd4");
}

TEST_CASE("hashing a missing file is an IoError", "[ingest][hash]") {
  CHECK_THROWS_AS(sanx::ingest::sha256_file("/nonexistent/sanx/e.csv"), sanx::IoError);
}
