#include "eval/build_crew.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace sanx::eval {

void run_tasks(std::size_t tasks, std::size_t threads, const std::function<void(std::size_t)>& task) {
  if (threads <= 1 || tasks <= 1) {
    for (std::size_t t = 0; t < tasks; ++t) task(t);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(tasks);
  const auto work = [&] {
    for (std::size_t t = next++; t < tasks; t = next++) {
      try {
        task(t);
      } catch (...) {
        errors[t] = std::current_exception();  // a thread's exception would end the process
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (std::size_t t = 1; t < std::min(threads, tasks); ++t) pool.emplace_back(work);
    work();
  }
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
}

void BuildCrew::run(const std::function<void()>& work) {
  {
    const std::lock_guard lock(mutex_);
    work_ = &work;
    ++stage_;
  }
  changed_.notify_all();
  work();
  std::unique_lock lock(mutex_);
  work_ = nullptr;  // late helpers skip this stage; those inside it are waited for
  changed_.wait(lock, [&] { return helping_ == 0; });
}

void BuildCrew::help() {
  std::unique_lock lock(mutex_);
  std::uint64_t seen = 0;
  for (;;) {
    changed_.wait(lock, [&] { return finished_ || (work_ != nullptr && stage_ != seen); });
    if (finished_) return;
    seen = stage_;
    const std::function<void()>* work = work_;
    ++helping_;
    lock.unlock();
    (*work)();
    lock.lock();
    --helping_;
    changed_.notify_all();
  }
}

void BuildCrew::finish() {
  {
    const std::lock_guard lock(mutex_);
    finished_ = true;
  }
  changed_.notify_all();
}

}  // namespace sanx::eval
