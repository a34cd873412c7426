#pragma once
// The one way a scenario is run: the tipsim command, the batch runner and the Python module all
// call run(). It builds the replicate's world from a compiled model, steps it to the end (or
// until asked to stop) and returns every metric as columns.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/metrics.hpp"

namespace tipsim::model {

/// One run's metrics as columns: series[metric][step] and
/// locations[metric][step * municipalities + municipality].
struct RunData {
  std::vector<std::vector<double>> series;
  std::vector<std::vector<double>> locations;
  std::size_t steps() const noexcept { return series.empty() ? 0 : series.front().size(); }
  static RunData from_steps(const std::vector<StepMetrics>& steps, std::size_t municipalities);
};

struct RunOptions {
  std::uint32_t replicate = 0;
  /// Called after each step with (steps done, steps in all).
  std::function<void(std::uint32_t, std::uint32_t)> progress;
  /// When it turns true the run stops after the step under way (RunResult::stopped).
  const std::atomic<bool>* stop = nullptr;
};

struct RunResult {
  RunData data;              ///< the steps taken (all of them unless stopped)
  bool stopped = false;      ///< stopped early on request
  double build_seconds = 0;  ///< building the world
  double step_seconds = 0;   ///< stepping it
};

RunResult run(const std::shared_ptr<const CompiledModel>& model, const RunOptions& options = {});

}  // namespace tipsim::model
