#include "sanx/core/assert.hpp"

#include <csignal>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace {

struct ChildResult {
  bool aborted = false;
  std::string stderr_text;
};

/// Runs `fn` in a forked child with stderr captured; reports whether the child died of SIGABRT.
template <typename Fn>
ChildResult run_in_child(Fn fn) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fds[0]);
    ::dup2(fds[1], STDERR_FILENO);
    std::signal(SIGABRT, SIG_DFL);  // Catch2's handler would report a failure from the child
    fn();
    ::_exit(0);
  }
  ::close(fds[1]);
  ChildResult result;
  char buffer[512];
  ssize_t n = 0;
  while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0) result.stderr_text.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  result.aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
  return result;
}

int volatile_three() {
  static volatile int three = 3;
  return three;
}

}  // namespace

TEST_CASE("a failed SANX_ASSERT prints the expression and its place, then aborts", "[core][assert]") {
  const ChildResult r = run_in_child([] { SANX_ASSERT(volatile_three() == 4 && "three is four"); });
  CHECK(r.aborted);
  CHECK_THAT(r.stderr_text, Catch::Contains("volatile_three() == 4 && \"three is four\""));
  CHECK_THAT(r.stderr_text, Catch::Contains("assert_test.cpp:"));
}

TEST_CASE("a SANX_ASSERT that holds lets the program go on", "[core][assert]") {
  const ChildResult r = run_in_child([] { SANX_ASSERT(volatile_three() == 3); });
  CHECK_FALSE(r.aborted);
  CHECK(r.stderr_text.empty());
}
