// tipsim run: one scenario, one seed, one results file, and a summary of the main outcomes.

#include <cstdio>
#include <filesystem>
#include <numeric>

#include "commands.hpp"
#include "progress.hpp"
#include "tipsim/core/parallel.hpp"
#include "tipsim/io/files.hpp"
#include "tipsim/io/results_writer.hpp"
#include "tipsim/io/text.hpp"
#include "tipsim/model/run.hpp"

namespace tipsim::cli {
namespace {

namespace fs = std::filesystem;
using model::Metric;

void print_summary(const model::CompiledModel& model, const model::RunData& data, double seconds,
                   const fs::path& output) {
  std::printf("\n%s: %u weekly steps from %.2f, %.1f s\n\n", model.scenario.name.c_str(),
              model.steps, model.year_of_step(0), seconds);
  std::printf("  %-36s %16s  %s\n", "metric", "value", "units");
  const auto& series = [&](Metric metric) -> const std::vector<double>& {
    return data.series[static_cast<std::size_t>(metric)];
  };
  auto total = [&](Metric metric) {
    const auto& spec = model::metric_table()[static_cast<std::size_t>(metric)];
    const auto& values = series(metric);
    std::printf("  %-36s %16.0f  %s\n", (std::string(spec.name) + " (total)").c_str(),
                std::accumulate(values.begin(), values.end(), 0.0), spec.run_units().c_str());
  };
  auto final_value = [&](Metric metric) {
    const auto& spec = model::metric_table()[static_cast<std::size_t>(metric)];
    std::printf("  %-36s %16.0f  %s\n", (std::string(spec.name) + " (at end)").c_str(),
                series(metric).back(), std::string(spec.unit).c_str());
  };
  total(Metric::victims_recruited);
  total(Metric::children_recruited);
  total(Metric::victims_exported);
  total(Metric::victims_identified);
  total(Metric::victims_self_exited);
  final_value(Metric::victims_exploited_local);
  final_value(Metric::victims_exploited_abroad);
  final_value(Metric::traffickers_active);
  total(Metric::peacekeeper_purchases);
  total(Metric::misconduct_reports);
  total(Metric::peacekeeper_convictions);
  total(Metric::arrests);
  total(Metric::convictions);
  total(Metric::trafficker_revenue);
  total(Metric::policy_cost);
  std::printf("\nresults: %s\n", output.string().c_str());
}

}  // namespace

int run_command(const RunCommand& command) {
  model::Scenario scenario = load_scenario(command.scenario, command.overrides);
  if (command.seed) scenario.set(model::ParameterId::seed, static_cast<double>(*command.seed));
  const auto seed = static_cast<std::uint64_t>(scenario.value(model::ParameterId::seed));
  const fs::path output =
      !command.output.empty()
          ? fs::path(command.output)
          : fs::path("results") /
                ((command.scenario.empty() ? std::string("baseline")
                                           : fs::path(command.scenario).stem().string()) +
                 ".h5");

  // an output that cannot be written is refused before the run, not after it
  io::check_output_path(output);
  const core::ThreadLimit limit(command.threads);
  const auto start = Clock::now();
  const auto model = io::compile_scenario(scenario, seed);
  io::ResultsWriter writer(output, *model, {}, {1, true});
  model::RunResult result;
  {
    RunProgress progress(command.quiet);
    model::RunOptions options;
    options.progress = [&](std::uint32_t done, std::uint32_t total) { progress(done, total); };
    result = model::run(model, options);
  }
  writer.add_run(
      {0, scenario.name, scenario.name, 0, 0, seed, io::join_overrides(scenario.overrides), {}},
      result.data);
  const double seconds = seconds_since(start);
  writer.commit({scenario.source_text,
                 io::resolved_toml(scenario),
                 seed,
                 static_cast<std::uint32_t>(limit.threads()),
                 seconds,
                 {},
                 command.command_line});
  if (!command.quiet && result.data.steps() > 0)
    print_summary(*model, result.data, seconds, output);
  return exit_success;
}

}  // namespace tipsim::cli
