// The tipsim command: run a scenario, validate one, list the parameters.
// Exit codes: 0 success, 1 runtime failure, 2 bad input (nothing written).

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "tipsim/core/parallel.hpp"
#include "tipsim/io/results_file.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/simulation.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tipsim;
using Clock = std::chrono::steady_clock;

constexpr int exit_runtime_failure = 1;
constexpr int exit_bad_input = 2;

model::Scenario load(const std::string& path, const std::vector<std::string>& overrides) {
  model::Scenario scenario = path.empty() ? io::embedded_baseline() : io::load_scenario(path);
  for (const std::string& assignment : overrides) io::apply_override(scenario, assignment);
  return scenario;
}

// a progress line on stderr, only for runs that take more than about two seconds
class Progress {
 public:
  explicit Progress(bool quiet) : quiet_(quiet), terminal_(::isatty(STDERR_FILENO) != 0) {}

  void operator()(std::uint32_t done, std::uint32_t total) {
    if (quiet_) return;
    const double elapsed = seconds_since(start_);
    if (elapsed < 2.0) return;
    const double fraction = static_cast<double>(done) / total;
    if (terminal_) {
      if (seconds_since(last_) < 0.2 && done != total) return;
      last_ = Clock::now();
      std::fprintf(stderr, "\rstep %u/%u (%3.0f%%), %.1f s elapsed, %.1f s left   ", done, total,
                   100 * fraction, elapsed, elapsed / fraction * (1 - fraction));
      shown_ = true;
    } else {
      const int decile = static_cast<int>(fraction * 10);
      if (decile == last_decile_) return;
      last_decile_ = decile;
      std::fprintf(stderr, "step %u/%u (%.0f%%), %.1f s elapsed\n", done, total, 100 * fraction, elapsed);
    }
  }
  void finish() const {
    if (shown_) std::fprintf(stderr, "\n");
  }

 private:
  static double seconds_since(Clock::time_point then) {
    return std::chrono::duration<double>(Clock::now() - then).count();
  }
  bool quiet_;
  bool terminal_;
  bool shown_ = false;
  int last_decile_ = -1;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = Clock::now();
};

void print_summary(const model::Scenario& scenario, const model::MetricsRecorder& recorder, double seconds,
                   const fs::path& output) {
  using model::Metric;
  const auto& last = recorder.steps().back();
  std::printf("\n%s: %u weekly steps from %.2f, %.1f s\n\n", scenario.name.c_str(), scenario.steps(),
              scenario.year_of_step(0), seconds);
  std::printf("  %-36s %16s  %s\n", "metric", "value", "units");
  auto total = [&](Metric metric, const char* units) {
    const auto& spec = model::metric_table()[static_cast<std::size_t>(metric)];
    std::printf("  %-36s %16.0f  %s\n", (std::string(spec.name) + " (total)").c_str(), recorder.total(metric), units);
  };
  auto final_value = [&](Metric metric) {
    const auto& spec = model::metric_table()[static_cast<std::size_t>(metric)];
    std::printf("  %-36s %16.0f  %s\n", (std::string(spec.name) + " (at end)").c_str(), last[metric],
                std::string(spec.unit).c_str());
  };
  total(Metric::victims_recruited, "persons");
  total(Metric::children_recruited, "persons");
  total(Metric::victims_exported, "persons");
  total(Metric::victims_identified, "persons");
  total(Metric::victims_self_exited, "persons");
  final_value(Metric::victims_exploited_local);
  final_value(Metric::victims_exploited_abroad);
  final_value(Metric::traffickers_active);
  total(Metric::peacekeeper_purchases, "purchases");
  total(Metric::misconduct_reports, "reports");
  total(Metric::peacekeeper_convictions, "persons");
  total(Metric::arrests, "persons");
  total(Metric::convictions, "persons");
  total(Metric::trafficker_revenue, "USD");
  total(Metric::policy_cost, "USD");
  std::printf("\nresults: %s\n", output.string().c_str());
}

int run_command(const std::string& scenario_path, std::string output, std::optional<std::uint64_t> seed,
                std::size_t threads, const std::vector<std::string>& overrides, bool quiet) {
  model::Scenario scenario = load(scenario_path, overrides);
  if (seed) scenario.set(model::ParameterId::seed, static_cast<double>(*seed));
  const auto run_seed = static_cast<std::uint64_t>(scenario.value(model::ParameterId::seed));
  if (output.empty())
    output = "results/" + (scenario_path.empty() ? std::string("baseline") : fs::path(scenario_path).stem().string()) + ".h5";

  const core::ThreadLimit limit(threads);
  const auto start = Clock::now();
  model::Simulation simulation = [&] {
    try {
      return model::Simulation(scenario, run_seed);
    } catch (const std::invalid_argument& error) {
      throw io::InputError(scenario.source_path, 0, "", error.what());
    }
  }();
  const std::size_t municipalities = simulation.world().municipalities.size();
  std::vector<double> years;
  for (std::uint32_t step = 0; step < simulation.steps(); ++step) years.push_back(scenario.year_of_step(step));
  io::ResultsWriter writer(output, simulation.world().locations, municipalities, years);

  model::MetricsRecorder recorder;
  Progress progress(quiet);
  simulation.run(recorder, [&](std::uint32_t done, std::uint32_t total) { progress(done, total); });
  progress.finish();

  std::string joined;
  for (const std::string& assignment : scenario.overrides) joined += (joined.empty() ? "" : "; ") + assignment;
  writer.add_run({scenario.name, scenario.name, 0, run_seed, joined}, recorder.steps());
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  writer.commit({scenario.source_text, io::resolved_toml(scenario), run_seed,
                 static_cast<std::uint32_t>(limit.threads()), seconds});
  if (!quiet && !recorder.steps().empty()) print_summary(scenario, recorder, seconds, output);
  return 0;
}

int validate_command(const std::string& scenario_path, const std::vector<std::string>& overrides) {
  const model::Scenario scenario = load(scenario_path, overrides);
  std::printf("%s: valid scenario '%s': %u weekly steps from %.2f, %.0f people in %zu municipalities, %zu contingents, %zu scheduled shocks\n",
              scenario_path.c_str(), scenario.name.c_str(), scenario.steps(), scenario.year_of_step(0),
              scenario.value(model::ParameterId::people), model::municipality_names(scenario).size(),
              scenario.contingents.size(), scenario.shocks.size());
  return 0;
}

int params_command(bool markdown) {
  if (markdown) {
    std::printf("| key | default | unit | description | source |\n|---|---|---|---|---|\n");
    for (const auto& spec : model::parameter_table())
      std::printf("| `%s` | %s | %s | %s%s | %s |\n", std::string(spec.key).c_str(), spec.default_text().c_str(),
                  std::string(spec.unit).c_str(), std::string(spec.description).c_str(),
                  spec.schedulable ? " May be a schedule." : "", std::string(spec.source).c_str());
    return 0;
  }
  std::printf("%-44s %-16s %-28s %s\n", "key", "default", "unit", "description");
  for (const auto& spec : model::parameter_table())
    std::printf("%-44s %-16s %-28s %s%s\n", std::string(spec.key).c_str(), spec.default_text().c_str(),
                std::string(spec.unit).c_str(), std::string(spec.description).c_str(),
                spec.schedulable ? " [schedule]" : "");
  std::printf("\n[[contingent]] fields:\n");
  for (const auto& field : model::contingent_fields())
    std::printf("  %-24s %-22s %-18s %s%s\n", std::string(field.key).c_str(), std::string(field.kind).c_str(),
                std::string(field.unit).c_str(), std::string(field.description).c_str(),
                field.required ? " (required)" : "");
  std::printf("\n[[shock]] fields:\n");
  for (const auto& field : model::shock_fields())
    std::printf("  %-24s %-22s %-18s %s%s\n", std::string(field.key).c_str(), std::string(field.kind).c_str(),
                std::string(field.unit).c_str(), std::string(field.description).c_str(),
                field.required ? " (required)" : "");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tipsim: agent-based simulation of trafficking in human beings in post-conflict "
               "economies with an international peacekeeping force"};
  app.set_version_flag("--version", "tipsim " + io::tipsim_version() + " (" + io::git_commit() + ")");
  app.require_subcommand(1);

  std::string scenario_path, output;
  std::optional<std::uint64_t> seed;
  std::size_t threads = 0;
  std::vector<std::string> overrides;
  bool quiet = false, markdown = false;

  CLI::App* run = app.add_subcommand("run", "Run a scenario and write its results to HDF5");
  run->add_option("scenario", scenario_path, "Scenario TOML file (default: the embedded baseline)");
  run->add_option("-o,--output", output, "Output HDF5 file (default: results/<scenario>.h5)");
  run->add_option("--seed", seed, "Random seed (default: the scenario's run.seed)");
  run->add_option("--threads", threads, "Threads to use (default: all cores)");
  run->add_option("--set", overrides, "Override a parameter: KEY=VALUE (repeatable)")->allow_extra_args(false);
  run->add_flag("-q,--quiet", quiet, "No progress line and no summary");

  CLI::App* validate = app.add_subcommand("validate", "Check a scenario file without running it");
  validate->add_option("scenario", scenario_path, "Scenario TOML file")->required();
  validate->add_option("--set", overrides, "Override a parameter: KEY=VALUE (repeatable)")->allow_extra_args(false);

  CLI::App* params = app.add_subcommand("params", "List every parameter with default, unit and description");
  params->add_flag("--markdown", markdown, "A Markdown table with sources (for docs/model.md)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : exit_bad_input;
  }

  try {
    if (*run) return run_command(scenario_path, output, seed, threads, overrides, quiet);
    if (*validate) return validate_command(scenario_path, overrides);
    if (*params) return params_command(markdown);
  } catch (const io::InputError& error) {
    std::fprintf(stderr, "tipsim: %s\n", error.what());
    return exit_bad_input;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "tipsim: error: %s\n", error.what());
    return exit_runtime_failure;
  }
  return 0;
}
