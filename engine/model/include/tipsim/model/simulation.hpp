#pragma once
// A Simulation steps one replicate's World, week by week, through a fixed sequence of phases
// (engine/model/src/phases/, one unit each):
//
//   1. environment   rule of law, corruption, prices, shocks, the local sex market -> context
//   2. peacekeepers  purchases, sightings and reports, misconduct, facilitation
//   3. authorities   leads -> investigations -> bribes or arrests -> prosecution -> conviction
//   4. traffickers   enter, stay, move or quit on profit against risk; approach people
//   5. recruitment   approaches resolved in a fixed order; offers accepted or abductions
//   6. victims       transit, exploitation, identification, self-exit, return
//   7. assistance    identified victims placed in assistance (children first if protected)
//
// then the world's tallies are brought up to date and the step's metrics collected. Parallel
// phases (2, 4, 6) write only their own agents and per-chunk partial results, combined in chunk
// order, so a run is bit-identical for any number of threads. Work per step grows with the
// deployed peacekeepers, the criminal-group members and the people in traffickers' hands, not
// with the population.

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/metrics.hpp"
#include "tipsim/model/world.hpp"

namespace tipsim::model {

/// Receives every step's metrics as the simulation produces them.
class MetricsSink {
 public:
  virtual ~MetricsSink() = default;
  virtual void record(std::uint32_t step, const StepMetrics& metrics) = 0;
};

/// Keeps every step's metrics in memory.
class MetricsRecorder : public MetricsSink {
 public:
  void record(std::uint32_t step, const StepMetrics& metrics) override;
  const std::vector<StepMetrics>& steps() const noexcept { return steps_; }
  /// One metric over all steps.
  std::vector<double> series(Metric metric) const;
  /// Sum of one metric over all steps.
  double total(Metric metric) const;

 private:
  std::vector<StepMetrics> steps_;
};

class Simulation {
 public:
  /// Builds the world of one replicate of a compiled model (shared, read-only).
  Simulation(std::shared_ptr<const CompiledModel> model, std::uint32_t replicate = 0);
  /// Compiles the scenario for this seed first (throws ScenarioError on a scenario the model
  /// cannot build).
  Simulation(const Scenario& scenario, std::uint64_t seed, std::uint32_t replicate = 0);

  /// Advances one week and returns its metrics.
  StepMetrics step();

  /// Runs every remaining step, handing each step's metrics to `sink`; `progress` (if set) is
  /// called after each step with (steps done, steps in all).
  void run(MetricsSink& sink,
           const std::function<void(std::uint32_t, std::uint32_t)>& progress = {});

  std::uint32_t steps() const noexcept { return model_->steps; }
  std::uint32_t steps_done() const noexcept { return world_.week; }
  const World& world() const noexcept { return world_; }
  const CompiledModel& model() const noexcept { return *model_; }
  const Scenario& scenario() const noexcept { return model_->scenario; }

  /// People per state, counted by visiting every agent (for checks; the step keeps its own
  /// count).
  std::array<std::uint64_t, person_state_count> count_states() const;

 private:
  std::shared_ptr<const CompiledModel> model_;
  World world_;
};

}  // namespace tipsim::model
