#pragma once
// A Simulation steps one World, week by week, through a fixed sequence of phases:
//
//   1. environment_phase    rule of law, corruption, prices, shocks, the local sex market
//   2. peacekeeper_phase    purchases, sightings and reports, misconduct, facilitation
//   3. authority_phase      leads -> investigations -> bribes or arrests -> prosecution -> conviction
//   4. trafficker_phase     enter, stay, move or quit on profit against risk; approach people
//   5. recruitment_phase    approaches resolved in a fixed order; offers accepted or abductions
//   6. victim_phase         transit, exploitation, identification, self-exit, return
//   7. assistance_phase     identified victims placed in assistance (children first if protected)
//
// Parallel phases (2, 4, 6) write only their own agents and per-chunk partial results, combined
// in chunk order, so a run is bit-identical for any number of threads. Work per step grows with
// the deployed peacekeepers, the criminal-group members and the people in traffickers' hands,
// not with the population.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "tipsim/model/metrics.hpp"
#include "tipsim/model/scenario.hpp"
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
  /// Builds the world of run (seed, replicate). Throws std::invalid_argument on a scenario the
  /// model cannot build (for example a contingent based at an unknown location).
  Simulation(const Scenario& scenario, std::uint64_t seed, std::uint32_t replicate = 0);
  ~Simulation();
  Simulation(Simulation&&) noexcept;
  Simulation& operator=(Simulation&&) noexcept;

  /// Advances one week and returns its metrics.
  StepMetrics step();

  /// Runs every remaining step, handing each step's metrics to `sink`; `progress` (if set) is
  /// called after each step with (steps done, steps in all).
  void run(MetricsSink& sink,
           const std::function<void(std::uint32_t, std::uint32_t)>& progress = {});

  std::uint32_t steps() const noexcept;
  std::uint32_t steps_done() const noexcept;
  const World& world() const noexcept;
  const Scenario& scenario() const noexcept;

  /// People per state, counted by visiting everyone (for checks; the step keeps its own count).
  std::array<std::uint32_t, person_state_count> count_states() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace tipsim::model
