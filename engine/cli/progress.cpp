#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace tipsim::cli {

double seconds_since(Clock::time_point then) {
  return std::chrono::duration<double>(Clock::now() - then).count();
}

ProgressLine::ProgressLine(bool quiet) : quiet_(quiet), terminal_(::isatty(STDERR_FILENO) != 0) {}

ProgressLine::~ProgressLine() {
  if (shown_) std::fprintf(stderr, "\n");
}

void ProgressLine::show(std::uint64_t done, std::uint64_t total, const std::string& text) {
  if (quiet_) return;
  const bool last = done == total;
  if (terminal_) {
    if (seconds_since(last_) < 0.2 && !last) return;
    last_ = Clock::now();
    std::fprintf(stderr, "\r%s   %s", text.c_str(), last ? "\n" : "");
    shown_ = !last;
  } else {
    const auto decile = static_cast<int>(total ? 10 * done / total : 10);
    if (decile == last_decile_ && !last) return;
    last_decile_ = decile;
    std::fprintf(stderr, "%s\n", text.c_str());
  }
}

void RunProgress::operator()(std::uint32_t done, std::uint32_t total) {
  const double elapsed = seconds_since(start_);
  if (elapsed < 2.0) return;
  const double fraction = static_cast<double>(done) / total;
  char text[160];
  std::snprintf(text, sizeof text, "step %u/%u (%3.0f%%), %.1f s elapsed, %.1f s left", done, total,
                100 * fraction, elapsed, elapsed / fraction * (1 - fraction));
  line_.show(done, total, text);
}

void BatchProgress::operator()(std::uint64_t done, std::uint64_t total) {
  if (first_) {
    first_ = false;
    resumed_ = done;
    start_ = Clock::now();
  }
  const double elapsed = seconds_since(start_);
  const double rate = elapsed > 0 ? static_cast<double>(done - resumed_) / elapsed : 0.0;
  const double left = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
  char text[160];
  std::snprintf(text, sizeof text, "runs %llu/%llu (%d%%), %.2f runs/s, %dm %02ds left",
                static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                total ? static_cast<int>(100 * done / total) : 100, rate,
                static_cast<int>(left) / 60, static_cast<int>(left) % 60);
  line_.show(done, total, text);
}

}  // namespace tipsim::cli
