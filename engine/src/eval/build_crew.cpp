#include "eval/build_crew.hpp"

namespace sanx::eval {

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
