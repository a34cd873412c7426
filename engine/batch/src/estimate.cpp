#include "tipsim/batch/estimate.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>

#include "tipsim/core/parallel.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/run.hpp"

namespace tipsim::batch {

RunEstimate estimate_run(const model::Scenario& scenario, std::uint64_t seed, std::size_t threads,
                         double probe_seconds) {
  using Clock = std::chrono::steady_clock;
  const core::ThreadLimit limit(threads);
  RunEstimate estimate;
  estimate.threads = limit.threads();
  const auto start = Clock::now();
  const auto model = io::compile_scenario(scenario, seed);
  const double compile_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  estimate.steps = model->steps;
  std::atomic<bool> stop{false};
  Clock::time_point first_step;
  model::RunOptions options;
  options.stop = &stop;
  options.progress = [&](std::uint32_t done, std::uint32_t) {
    if (done == 1) first_step = Clock::now();
    const double stepping = std::chrono::duration<double>(Clock::now() - first_step).count();
    if (done >= 52 || (done > 1 && stepping >= probe_seconds)) stop = true;
  };
  const model::RunResult probe = model::run(model, options);
  estimate.steps_probed = static_cast<std::uint32_t>(probe.data.steps());
  estimate.build_seconds = compile_seconds + probe.build_seconds;
  estimate.step_seconds = estimate.steps_probed ? probe.step_seconds / estimate.steps_probed : 0.0;
  estimate.seconds = estimate.build_seconds + estimate.step_seconds * estimate.steps;
  return estimate;
}

std::string duration_text(double seconds) {
  char text[64];
  if (seconds < 10)
    std::snprintf(text, sizeof text, "about %.1f s", seconds);
  else if (seconds < 120)
    std::snprintf(text, sizeof text, "about %.0f s", seconds);
  else if (seconds < 7200)
    std::snprintf(text, sizeof text, "about %.0f min", seconds / 60);
  else if (seconds < 3 * 86400)
    std::snprintf(text, sizeof text, "about %.1f h", seconds / 3600);
  else
    std::snprintf(text, sizeof text, "about %.1f days", seconds / 86400);
  return text;
}

}  // namespace tipsim::batch
