// tipsim validate: read and check a scenario without running it.

#include <cstdio>

#include "commands.hpp"

namespace tipsim::cli {

int validate_command(const std::string& scenario_path, const std::vector<std::string>& overrides) {
  const model::Scenario scenario = load_scenario(scenario_path, overrides);
  std::printf(
      "%s: valid scenario '%s': %u weekly steps from %.2f, %.0f people in %zu municipalities, %zu "
      "contingents, %zu "
      "scheduled shocks\n",
      scenario_path.c_str(), scenario.name.c_str(), scenario.steps(), scenario.year_of_step(0),
      scenario.value(model::ParameterId::people), model::municipality_names(scenario).size(),
      scenario.contingents.size(), scenario.shocks.size());
  return exit_success;
}

}  // namespace tipsim::cli
