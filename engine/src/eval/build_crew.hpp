// The threads that build an audit's window indexes and candidate columns: a count (how many tasks a
// stage is split into) and, while the audit's own threads evaluate the rules that need no window, a crew
// that those threads join when they run out of such work (evaluator.cpp), instead of more threads.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>

namespace sanx::eval {

/// Threads lent to a build by threads that have nothing else to do. The build runs each stage through
/// run(); a helper waits in help() and runs every stage posted until finish(). A stage's work takes its
/// tasks from a shared counter, so that it does not matter how many threads run it.
class BuildCrew {
 public:
  /// Runs `work` on this thread and on every helper that joins while it runs; returns once it has
  /// returned on all of them.
  void run(const std::function<void()>& work);
  /// Runs the stages posted from now on until finish(), then returns.
  void help();
  /// No more stages: help() returns, now and on later calls.
  void finish();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  const std::function<void()>* work_ = nullptr;  ///< the current stage's, while it runs
  std::uint64_t stage_ = 0;                      ///< stages posted so far
  std::size_t helping_ = 0;                      ///< helpers inside the current stage's work
  bool finished_ = false;
};

/// Runs task(t) for every t < tasks on up to `threads` threads, this one among them, each taking the next
/// task left; once every task has returned, rethrows the first exception a task threw. On one thread (or
/// for one task) the tasks run in order on this thread.
void run_tasks(std::size_t tasks, std::size_t threads, const std::function<void(std::size_t)>& task);

/// How a build splits its work: into tasks for up to `count` threads, run on this thread and `crew`'s
/// helpers when there is a crew, else on `count` threads of its own.
struct BuildThreads {
  BuildThreads(std::size_t n = 1, BuildCrew* c = nullptr) : count(n), crew(c) {}  // NOLINT: a count converts
  std::size_t count;
  BuildCrew* crew;
};

}  // namespace sanx::eval
