#include "tipsim/model/run.hpp"

#include <chrono>

#include "tipsim/model/simulation.hpp"

namespace tipsim::model {

RunData RunData::from_steps(const std::vector<StepMetrics>& steps, std::size_t municipalities) {
  RunData data;
  data.series.assign(metric_count, std::vector<double>(steps.size()));
  data.locations.assign(location_metric_count, std::vector<double>(steps.size() * municipalities));
  for (std::size_t s = 0; s < steps.size(); ++s) {
    for (std::size_t metric = 0; metric < metric_count; ++metric)
      data.series[metric][s] = steps[s].values[metric];
    for (std::size_t metric = 0; metric < location_metric_count; ++metric)
      for (std::size_t m = 0; m < municipalities; ++m)
        data.locations[metric][s * municipalities + m] =
            steps[s].location_values[m * location_metric_count + metric];
  }
  return data;
}

RunResult run(const std::shared_ptr<const CompiledModel>& model, const RunOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto seconds_since = [](Clock::time_point then) {
    return std::chrono::duration<double>(Clock::now() - then).count();
  };
  RunResult result;
  const auto start = Clock::now();
  Simulation simulation(model, options.replicate);
  result.build_seconds = seconds_since(start);
  const auto stepping = Clock::now();
  MetricsRecorder recorder;
  while (simulation.steps_done() < simulation.steps()) {
    if (options.stop && options.stop->load()) {
      result.stopped = true;
      break;
    }
    recorder.record(simulation.steps_done(), simulation.step());
    if (options.progress) options.progress(simulation.steps_done(), simulation.steps());
  }
  result.step_seconds = seconds_since(stepping);
  result.data = RunData::from_steps(recorder.steps(), model->municipality_count());
  return result;
}

}  // namespace tipsim::model
