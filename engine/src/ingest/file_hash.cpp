// SHA-256 of a file through OpenSSL's EVP interface, read in 1 MiB blocks.
#include "sanx/ingest/file_hash.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "sanx/core/error.hpp"

namespace sanx::ingest {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};

}  // namespace

std::string sha256_file(const std::filesystem::path& path) {
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) throw IoError(fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
  std::setvbuf(file.get(), nullptr, _IONBF, 0);

  std::unique_ptr<EVP_MD_CTX, DigestContextDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) {
    throw IoError(fmt::format("cannot hash {}: OpenSSL could not start SHA-256", path.string()));
  }
  std::vector<unsigned char> block(std::size_t{1} << 20);
  for (;;) {
    const std::size_t got = std::fread(block.data(), 1, block.size(), file.get());
    if (got > 0 && EVP_DigestUpdate(ctx.get(), block.data(), got) != 1) {
      throw IoError(fmt::format("cannot hash {}: OpenSSL SHA-256 update failed", path.string()));
    }
    if (got < block.size()) {
      if (std::ferror(file.get()) != 0) {
        throw IoError(fmt::format("cannot read {}: {}", path.string(), std::strerror(errno)));
      }
      break;
    }
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1) {
    throw IoError(fmt::format("cannot hash {}: OpenSSL SHA-256 final failed", path.string()));
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(std::size_t{length} * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    out[2 * std::size_t{i}] = kHex[digest[i] >> 4];
    out[2 * std::size_t{i} + 1] = kHex[digest[i] & 0x0F];
  }
  return out;
}

}  // namespace sanx::ingest
