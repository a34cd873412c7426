// tipsim validate: read and check a scenario, batch or targets file without running it, and
// print what it would run with an estimate of the time it takes on this machine.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>

#include "commands.hpp"
#include "tipsim/batch/estimate.hpp"
#include "tipsim/batch/plan.hpp"
#include "tipsim/core/parallel.hpp"
#include "tipsim/io/batch_file.hpp"
#include "tipsim/io/input_kind.hpp"
#include "tipsim/io/targets_file.hpp"
#include "tipsim/io/text.hpp"

namespace tipsim::cli {
namespace {

std::string count_text(double value) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%.0f", value);
  std::string text = digits, grouped;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i && (text.size() - i) % 3 == 0) grouped += ',';
    grouped += text[i];
  }
  return grouped;
}

std::string plural(std::size_t count, const std::string& word, const std::string& words = "") {
  return count_text(static_cast<double>(count)) + " " +
         (count == 1      ? word
          : words.empty() ? word + "s"
                          : words);
}

// "520 weekly steps from 1999.50, 1,900,000 people (190,000 agents) in 30 municipalities, ..."
std::string shape(const model::Scenario& scenario) {
  const double people = scenario.value(model::ParameterId::people);
  const double scale = scenario.value(model::ParameterId::scale);
  char text[256];
  std::snprintf(text, sizeof text, "%u weekly steps from %.2f, %s people", scenario.steps(),
                scenario.year_of_step(0), count_text(people).c_str());
  std::string out = text;
  // says what population.scale coarsens: the general population only
  if (scale > 1)
    out += " (" + count_text(people / scale) + " agents of " + io::shortest_number(scale) +
           " each; peacekeepers and traffickers one by one)";
  out += " in " +
         plural(model::municipality_names(scenario).size(), "municipality", "municipalities") +
         ", " + plural(scenario.contingents.size(), "contingent") + ", " +
         plural(scenario.shocks.size(), "scheduled shock");
  if (!scenario.locals.empty()) out += ", " + plural(scenario.locals.size(), "[[local]] table");
  return out;
}

// `runs` runs, spread over the cores (each run on one), from a one-thread probe
void print_estimate(const model::Scenario& scenario, std::uint64_t seed, double runs,
                    std::size_t threads, const std::string& what) {
  const batch::RunEstimate one = batch::estimate_run(scenario, seed, 1);
  const std::size_t cores = core::ThreadLimit(threads).threads();
  const double parallel = std::min<double>(static_cast<double>(cores), runs);
  std::printf(
      "time: %s per run on one core (world built in %.1f s, then %.1f ms a week, from "
      "its first %u weeks here); %s %s on %zu core%s\n",
      batch::duration_text(one.seconds).c_str(), one.build_seconds, 1000 * one.step_seconds,
      one.steps_probed, what.c_str(), batch::duration_text(one.seconds * runs / parallel).c_str(),
      cores, cores == 1 ? "" : "s");
}

}  // namespace

int validate_command(const ValidateCommand& command) {
  const std::string& path = command.file;
  switch (io::input_kind(path)) {
    case io::InputKind::batch: {
      if (!command.overrides.empty())
        throw io::InputError("--set", 0, "",
                             "overrides apply to scenario files: put them in a [[variant]]");
      const batch::BatchPlan plan(io::load_batch(path));
      const auto& spec = plan.spec();
      std::printf("%s: valid batch '%s' of the scenario '%s' (%s)\n", path.c_str(),
                  spec.name.c_str(), spec.base.name.c_str(),
                  std::filesystem::path(spec.base.source_path).lexically_normal().c_str());
      std::printf("  each run: %s\n", shape(spec.base).c_str());
      std::string variants;
      for (const auto& variant : spec.variants)
        variants += (variants.empty() ? "" : ", ") + variant.name;
      std::printf("  variants: %s (baseline '%s')\n", variants.c_str(), spec.baseline.c_str());
      if (!spec.grid.empty()) {
        for (const auto& axis : spec.grid) {
          std::string values;
          for (const auto& value : axis.values) values += (values.empty() ? "" : ", ") + value;
          std::printf("  grid: %s = [%s]\n", axis.key.c_str(), values.c_str());
        }
      } else if (spec.sample) {
        std::string keys;
        for (const auto& range : spec.sample->ranges)
          keys += (keys.empty() ? "" : ", ") + range.key;
        std::printf("  sample: %s points (%s) over %s\n", count_text(spec.sample->count).c_str(),
                    spec.sample->method == io::SampleMethod::sobol ? "Sobol" : "Latin hypercube",
                    keys.c_str());
      }
      std::printf(
          "plan: %s x %s x %s = %s, seed %llu\n", plural(spec.variants.size(), "variant").c_str(),
          plural(plan.points(), "point").c_str(), plural(spec.replicates, "replicate").c_str(),
          plural(static_cast<std::size_t>(plan.runs()), "run").c_str(),
          static_cast<unsigned long long>(spec.seed));
      if (command.estimate)
        print_estimate(spec.base, spec.seed, static_cast<double>(plan.runs()), command.threads,
                       "the batch");
      return exit_success;
    }
    case io::InputKind::targets: {
      if (!command.overrides.empty())
        throw io::InputError("--set", 0, "", "overrides apply to scenario files");
      const io::TargetsSpec spec = io::load_targets(path);
      std::printf("%s: valid calibration targets '%s' for the scenario '%s' (%s)\n", path.c_str(),
                  spec.name.c_str(), spec.scenario.name.c_str(), spec.scenario_path.c_str());
      std::printf("  each simulation: %s\n", shape(spec.scenario).c_str());
      std::printf("  %s:\n", plural(spec.parameters.size(), "uncertain parameter").c_str());
      for (const auto& parameter : spec.parameters)
        std::printf("    %-40s %s prior on [%s, %s]\n", parameter.key.c_str(),
                    parameter.logarithmic ? "log-uniform" : "uniform",
                    io::shortest_number(parameter.minimum).c_str(),
                    io::shortest_number(parameter.maximum).c_str());
      std::printf("  %s:\n", plural(spec.targets.size(), "target").c_str());
      for (const auto& target : spec.targets) {
        std::string observed = io::shortest_number(target.low);
        if (target.high != target.low) observed += " to " + io::shortest_number(target.high);
        std::printf("    %s: %s (%s, %s)\n", target.name.c_str(), observed.c_str(),
                    target.reduce.c_str(), target.kind.c_str());
      }
      // python3 -m tipsim calibrate's defaults: 200 particles, 5 generations
      const double simulations = 200.0 * 5 * spec.replicates;
      std::printf(
          "plan: with the defaults of python3 -m tipsim calibrate (200 particles, 5 "
          "generations), at least %s simulations of %u replicate%s\n",
          count_text(simulations).c_str(), spec.replicates, spec.replicates == 1 ? "" : "s");
      if (command.estimate)
        print_estimate(spec.scenario,
                       static_cast<std::uint64_t>(spec.scenario.value(model::ParameterId::seed)),
                       simulations, command.threads, "a calibration at least");
      return exit_success;
    }
    case io::InputKind::scenario:
      break;
  }
  const model::Scenario scenario = load_scenario(path, command.overrides);
  std::printf("%s: valid scenario '%s': %s\n", path.c_str(), scenario.name.c_str(),
              shape(scenario).c_str());
  std::printf("plan: 1 run, seed %.0f\n", scenario.value(model::ParameterId::seed));
  if (command.estimate) {
    const batch::RunEstimate estimate = batch::estimate_run(
        scenario, static_cast<std::uint64_t>(scenario.value(model::ParameterId::seed)),
        command.threads);
    std::printf(
        "time: %s on %zu core%s (world built in %.1f s, then %.1f ms a week, from its first %u "
        "weeks here)\n",
        batch::duration_text(estimate.seconds).c_str(), estimate.threads,
        estimate.threads == 1 ? "" : "s", estimate.build_seconds, 1000 * estimate.step_seconds,
        estimate.steps_probed);
  }
  return exit_success;
}

}  // namespace tipsim::cli
