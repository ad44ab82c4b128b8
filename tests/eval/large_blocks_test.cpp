// Memory mapped in whole blocks (eval/large_blocks.hpp), which holds an audit's findings blocks.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "eval/large_blocks.hpp"

using namespace sanx;

TEST_CASE("Block memory is page-aligned, zero-filled and writable to its last byte", "[eval][large_blocks]") {
  for (const std::size_t bytes : {std::size_t{1}, eval::kLargeBlock - 1, eval::kLargeBlock, eval::kLargeBlock + 1}) {
    auto* p = static_cast<unsigned char*>(eval::allocate_blocks(bytes));
    REQUIRE(p != nullptr);
    CHECK(reinterpret_cast<std::uintptr_t>(p) % 4096 == 0);
    CHECK(p[0] == 0);
    CHECK(p[bytes - 1] == 0);
    p[0] = 1;
    p[bytes - 1] = 2;
    CHECK(p[0] == (bytes == 1 ? 2 : 1));  // one byte: the first is the last
    CHECK(p[bytes - 1] == 2);
    eval::free_blocks(p, bytes);
  }
}

TEST_CASE("A vector in blocks holds a block of strings, moved in and read back", "[eval][large_blocks]") {
  std::vector<std::string, eval::BlockAllocator<std::string>> v;
  const std::size_t n = eval::kPerBlock<std::string>;
  CHECK(n * sizeof(std::string) <= eval::kLargeBlock);
  v.reserve(n);
  const std::string* first = v.data();
  for (std::size_t i = 0; i < n; ++i) v.push_back("finding " + std::to_string(i) + " with a reason too long for SSO");
  CHECK(v.data() == first);  // reserved once: no move when it fills up
  CHECK(v.size() == n);
  CHECK(v.front() == "finding 0 with a reason too long for SSO");
  CHECK(v.back() == "finding " + std::to_string(n - 1) + " with a reason too long for SSO");
  v.push_back("one more");  // grows like any vector, into a new mapping
  CHECK(v.back() == "one more");
  CHECK(v[n - 1] == "finding " + std::to_string(n - 1) + " with a reason too long for SSO");
}

TEST_CASE("A large array is in a block of its own and a small one on the heap, both zero-filled, grown and read back",
          "[eval][large_blocks]") {
  eval::LargeArray<std::uint32_t> large(eval::kLargeArray / sizeof(std::uint32_t));
  CHECK(reinterpret_cast<std::uintptr_t>(large.data()) % 4096 == 0);  // mapped by allocate_blocks (malloc gives no page-aligned data)
  CHECK(large.front() == 0);
  CHECK(large.back() == 0);
  eval::LargeArray<std::uint32_t> small(16);
  CHECK(small.size() == 16);
  CHECK(small.back() == 0);
  for (std::uint32_t i = 0; i < 16; ++i) small[i] = i;
  // Growing past the threshold moves the values from the heap into a block, and shrinking back frees it.
  small.resize(large.size() + 1, 7);
  CHECK(reinterpret_cast<std::uintptr_t>(small.data()) % 4096 == 0);
  CHECK(small[15] == 15);
  CHECK(small.back() == 7);
  small.resize(3);
  small.shrink_to_fit();
  CHECK(small.capacity() == 3);
  CHECK(small[2] == 2);
}
