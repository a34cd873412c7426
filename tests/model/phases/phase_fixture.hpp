#pragma once
// A small compiled country and a world of it, for testing one phase at a time: set the state
// the phase reads, call it, look at what it changed.

#include <memory>
#include <string>
#include <vector>

#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/phases/environment.hpp"
#include "tipsim/model/world.hpp"

namespace tipsim::testing {

struct PhaseFixture {
  std::shared_ptr<const model::CompiledModel> model;
  model::World world;

  /// A test scenario (tests/data/small.toml unless named) with the overrides, compiled with
  /// seed 11, for the replicate.
  explicit PhaseFixture(const std::vector<std::string>& overrides = {}, std::uint32_t replicate = 0,
                        const std::string& file = TIPSIM_TEST_DATA "/small.toml")
      : model(compile(file, overrides)), world(model::build_world(*model, replicate)) {}

  /// The context of the world's current week, as phase 1 builds it.
  model::StepContext context() { return model::environment_phase(*model, world); }

  /// Makes a trafficker active in a municipality (and counts him there).
  void activate(std::uint32_t trafficker, std::uint16_t municipality) {
    world.traffickers.status[trafficker] = model::TraffickerStatus::active;
    world.traffickers.municipality[trafficker] = municipality;
    model::update_tallies(*model, world);
  }

  /// Puts a person into traffickers' hands in the given state.
  void hold(std::uint32_t person, std::uint32_t trafficker, model::PersonState state,
            std::uint16_t transit_weeks = 0) {
    auto& counts = world.state_counts;
    --counts[static_cast<std::size_t>(world.people.state[person])];
    ++counts[static_cast<std::size_t>(state)];
    world.people.state[person] = state;
    world.victims.push_back(
        {person, trafficker, world.traffickers.municipality[trafficker], 0, transit_weeks});
    model::update_tallies(*model, world);
  }

 private:
  static std::shared_ptr<const model::CompiledModel> compile(
      const std::string& file, const std::vector<std::string>& overrides) {
    model::Scenario scenario = io::load_scenario(file);
    for (const std::string& assignment : overrides) io::apply_override(scenario, assignment);
    return model::compile(scenario, 11);
  }
};

}  // namespace tipsim::testing
