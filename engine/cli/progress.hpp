#pragma once
// Progress on stderr for runs and batches: one line, rewritten in place (at most five times a
// second) on a terminal, one line per tenth of the work otherwise (logs, CI). Silent when quiet.

#include <chrono>
#include <cstdint>
#include <string>

namespace tipsim::cli {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point then);

class ProgressLine {
 public:
  explicit ProgressLine(bool quiet);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  void show(std::uint64_t done, std::uint64_t total, const std::string& text);

 private:
  bool quiet_, terminal_;
  bool shown_ = false;
  int last_decile_ = -1;
  Clock::time_point last_ = Clock::now() - std::chrono::seconds(1);
};

/// "step 120/520 (23%), 2.1 s elapsed, 7.0 s left", for runs longer than about two seconds.
class RunProgress {
 public:
  explicit RunProgress(bool quiet) : line_(quiet) {}
  void operator()(std::uint32_t done, std::uint32_t total);

 private:
  ProgressLine line_;
  Clock::time_point start_ = Clock::now();
};

/// "runs 120/1000 (12%), 3.2 runs/s, 4m 35s left"; the rate counts only runs done in this session.
class BatchProgress {
 public:
  explicit BatchProgress(bool quiet) : line_(quiet) {}
  void operator()(std::uint64_t done, std::uint64_t total);

 private:
  ProgressLine line_;
  bool first_ = true;
  std::uint64_t resumed_ = 0;
  Clock::time_point start_ = Clock::now();
};

}  // namespace tipsim::cli
