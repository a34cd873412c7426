#include "tipsim/model/simulation.hpp"

#include <cmath>

#include "tipsim/model/phases/assistance.hpp"
#include "tipsim/model/phases/environment.hpp"
#include "tipsim/model/step_outcomes.hpp"

namespace tipsim::model {

void MetricsRecorder::record(std::uint32_t, const StepMetrics& metrics) {
  steps_.push_back(metrics);
}

std::vector<double> MetricsRecorder::series(Metric metric) const {
  std::vector<double> values;
  values.reserve(steps_.size());
  for (const StepMetrics& step : steps_) values.push_back(step[metric]);
  return values;
}

double MetricsRecorder::total(Metric metric) const {
  double sum = 0;
  for (const StepMetrics& step : steps_) sum += step[metric];
  return sum;
}

Simulation::Simulation(std::shared_ptr<const CompiledModel> model, std::uint32_t replicate)
    : model_(std::move(model)), world_(build_world(*model_, replicate)) {}

Simulation::Simulation(const Scenario& scenario, std::uint64_t seed, std::uint32_t replicate)
    : Simulation(compile(scenario, seed), replicate) {}

StepMetrics Simulation::step() {
  const CompiledModel& model = *model_;
  World& world = world_;
  const StepContext context = environment_phase(model, world);
  StepOutcomes outcomes;
  outcomes.peacekeepers = peacekeeper_phase(model, context, world);
  outcomes.authorities = authority_phase(model, context, outcomes.peacekeepers, world);
  outcomes.traffickers = trafficker_phase(model, context, world);
  outcomes.recruitment = recruitment_phase(model, context, outcomes.traffickers, world);
  outcomes.victims = victim_phase(model, context, outcomes.recruitment.held_before, world);
  outcomes.assistance =
      assistance_phase(model, context, std::move(outcomes.victims.to_assist), world);
  update_tallies(model, world);
  StepMetrics metrics = collect_metrics(model, context, outcomes, world);
  ++world.week;
  return metrics;
}

void Simulation::run(MetricsSink& sink,
                     const std::function<void(std::uint32_t, std::uint32_t)>& progress) {
  while (world_.week < model_->steps) {
    const std::uint32_t week = world_.week;
    sink.record(week, step());
    if (progress) progress(week + 1, model_->steps);
  }
}

std::array<std::uint64_t, person_state_count> Simulation::count_states() const {
  // the followed person of every agent not free is in the agent's state, the former victims it
  // counts are back home, and the rest are free
  std::array<std::uint64_t, person_state_count> counts{};
  const People& people = world_.people;
  std::uint64_t not_free = 0;
  for (std::uint32_t p = 0; p < people.size(); ++p) {
    counts[static_cast<std::size_t>(PersonState::returned)] += people.former_victims[p];
    not_free += people.former_victims[p];
    if (people.state[p] == PersonState::free) continue;
    ++counts[static_cast<std::size_t>(people.state[p])];
    ++not_free;
  }

  counts[static_cast<std::size_t>(PersonState::free)] =
      static_cast<std::uint64_t>(std::llround(model_->people())) - not_free;
  return counts;
}

}  // namespace tipsim::model
