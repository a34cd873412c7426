// The tipsim command: run a scenario, validate one, list the parameters.
// Exit codes: 0 success, 1 runtime failure, 2 bad input (nothing written).

#include <CLI/CLI.hpp>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "tipsim/batch/communicator.hpp"
#include "tipsim/batch/runner.hpp"
#include "tipsim/batch/summary.hpp"
#include "tipsim/core/parallel.hpp"
#include "tipsim/io/batch_file.hpp"
#include "tipsim/io/results_file.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/io/text.hpp"
#include "tipsim/model/simulation.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tipsim;
using Clock = std::chrono::steady_clock;

constexpr int exit_runtime_failure = 1;
constexpr int exit_bad_input = 2;
constexpr int exit_interrupted = 130;

// a batch stops taking new runs on SIGINT or SIGTERM; runs under way finish and are kept
std::atomic<bool> stop_requested{false};
void request_stop(int) { stop_requested = true; }

model::Scenario load(const std::string& path, const std::vector<std::string>& overrides) {
  model::Scenario scenario = path.empty() ? io::embedded_baseline() : io::load_scenario(path);
  for (const std::string& assignment : overrides) io::apply_override(scenario, assignment);
  return scenario;
}

double seconds_since(Clock::time_point then) {
  return std::chrono::duration<double>(Clock::now() - then).count();
}

// One line of progress on stderr: rewritten in place (at most five times a second) on a
// terminal, one line per tenth of the work otherwise (logs, CI). Silent when quiet.
class ProgressLine {
 public:
  explicit ProgressLine(bool quiet) : quiet_(quiet), terminal_(::isatty(STDERR_FILENO) != 0) {}
  ~ProgressLine() {
    if (shown_) std::fprintf(stderr, "\n");
  }

  void show(std::uint64_t done, std::uint64_t total, const std::string& text) {
    if (quiet_) return;
    const bool last = done == total;
    if (terminal_) {
      if (seconds_since(last_) < 0.2 && !last) return;
      last_ = Clock::now();
      std::fprintf(stderr, "\r%s   %s", text.c_str(), last ? "\n" : "");
      shown_ = !last;
    } else {
      const auto decile = static_cast<int>(total ? 10 * done / total : 10);
      if (decile == last_decile_ && !last) return;
      last_decile_ = decile;
      std::fprintf(stderr, "%s\n", text.c_str());
    }
  }

 private:
  bool quiet_, terminal_;
  bool shown_ = false;
  int last_decile_ = -1;
  Clock::time_point last_ = Clock::now() - std::chrono::seconds(1);
};

// "step 120/520 (23%), 2.1 s elapsed, 7.0 s left", for runs longer than about two seconds
class RunProgress {
 public:
  explicit RunProgress(bool quiet) : line_(quiet) {}
  void operator()(std::uint32_t done, std::uint32_t total) {
    const double elapsed = seconds_since(start_);
    if (elapsed < 2.0) return;
    const double fraction = static_cast<double>(done) / total;
    char text[160];
    std::snprintf(text, sizeof text, "step %u/%u (%3.0f%%), %.1f s elapsed, %.1f s left", done, total,
                  100 * fraction, elapsed, elapsed / fraction * (1 - fraction));
    line_.show(done, total, text);
  }

 private:
  ProgressLine line_;
  Clock::time_point start_ = Clock::now();
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
  io::ResultsWriter writer(output, simulation.world().locations, municipalities, scenario.step_years(), {},
                           {1, true});

  model::MetricsRecorder recorder;
  {
    RunProgress progress(quiet);
    simulation.run(recorder, [&](std::uint32_t done, std::uint32_t total) { progress(done, total); });
  }

  writer.add_run({0, scenario.name, scenario.name, 0, 0, run_seed, io::join_overrides(scenario.overrides), {}},
                 recorder.steps());
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  writer.commit({scenario.source_text, io::resolved_toml(scenario), run_seed,
                 static_cast<std::uint32_t>(limit.threads()), seconds, {}});
  if (!quiet && !recorder.steps().empty()) print_summary(scenario, recorder, seconds, output);
  return 0;
}

// "runs 120/1000 (12%), 3.2 runs/s, 4m 35s left"; the rate counts only runs done in this session
class BatchProgress {
 public:
  explicit BatchProgress(bool quiet) : line_(quiet) {}

  void operator()(std::uint64_t done, std::uint64_t total) {
    if (first_) {
      first_ = false;
      resumed_ = done;
      start_ = Clock::now();
    }
    const double elapsed = seconds_since(start_);
    const double rate = elapsed > 0 ? static_cast<double>(done - resumed_) / elapsed : 0.0;
    const double left = rate > 0 ? static_cast<double>(total - done) / rate : 0.0;
    char text[160];
    std::snprintf(text, sizeof text, "runs %llu/%llu (%d%%), %.2f runs/s, %dm %02ds left",
                  static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                  total ? static_cast<int>(100 * done / total) : 100, rate, static_cast<int>(left) / 60,
                  static_cast<int>(left) % 60);
    line_.show(done, total, text);
  }

 private:
  ProgressLine line_;
  bool first_ = true;
  std::uint64_t resumed_ = 0;
  Clock::time_point start_ = Clock::now();
};

int batch_command(const std::string& batch_path, const std::string& output, std::size_t threads, bool resume,
                  bool quiet, int& argc, char**& argv) {
  const bool mpi = batch::launched_by_mpi();
  auto communicator = mpi ? batch::mpi_communicator(argc, argv) : batch::local_communicator();
  const bool root = communicator->rank() == 0;
  try {
    const batch::BatchPlan plan(io::load_batch(batch_path));
    const fs::path out = output.empty() ? fs::path("results") / (plan.spec().name + ".h5") : fs::path(output);
    if (root && !quiet)
      std::fprintf(stderr, "batch %s: %llu runs (%zu variants x %zu points x %u replicates) on %d rank%s\n",
                   plan.spec().name.c_str(), static_cast<unsigned long long>(plan.runs()),
                   plan.spec().variants.size(), plan.points(), plan.spec().replicates, communicator->size(),
                   communicator->size() == 1 ? "" : "s");
    BatchProgress progress(quiet);
    batch::BatchOptions options{out, threads, resume, {}, &stop_requested};
    options.progress = [&](std::uint64_t done, std::uint64_t total) { progress(done, total); };
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    const batch::BatchOutcome outcome = batch::run_batch(plan, options, *communicator);
    if (outcome.interrupted) {
      if (root)
        std::fprintf(stderr, "\ninterrupted: finished runs are kept in %s; add --resume to finish the batch\n",
                     batch::partial_folder(out).string().c_str());
      return exit_interrupted;
    }
    if (root && !quiet) {
      if (outcome.already_complete)
        std::printf("%s is already complete: nothing to do\n", out.string().c_str());
      else
        std::printf("%llu runs (%llu resumed) in %.1f s: %s\n", static_cast<unsigned long long>(outcome.runs),
                    static_cast<unsigned long long>(outcome.resumed), outcome.seconds, out.string().c_str());
    }
    return 0;
  } catch (const batch::BatchStopped& stopped) {
    return stopped.exit_code();
  } catch (const io::InputError&) {
    if (mpi && !root) communicator->abort(exit_bad_input);
    throw;
  } catch (const std::exception& error) {
    if (mpi) {
      std::fprintf(stderr, "tipsim: error on rank %d: %s\n", communicator->rank(), error.what());
      communicator->abort(exit_runtime_failure);
    }
    throw;
  }
}

int summary_command(const std::string& path) {
  const io::ResultsReader reader(path);
  if (!reader.has("/summary")) throw io::InputError(path, 0, "", "no /summary: not a batch results file");
  const auto variants = reader.strings("/summary/variant");
  const auto point_overrides = reader.strings("/summary/point_overrides");
  const auto metadata = reader.metadata();
  const std::string baseline = metadata.count("baseline_variant") ? metadata.at("baseline_variant") : "";
  std::printf("%s: %zu configurations, effects against '%s' (mean over replicates, paired difference "
              "[95%% interval])\n\n",
              path.c_str(), variants.size(), baseline.c_str());
  const char* shown[] = {"victims_recruited", "victims_exported", "victims_identified", "peacekeeper_purchases",
                         "convictions"};
  std::size_t width = 8;
  std::vector<std::string> labels;
  for (std::size_t c = 0; c < variants.size(); ++c) {
    labels.push_back(point_overrides[c].empty() ? variants[c] : variants[c] + " [" + point_overrides[c] + "]");
    width = std::max(width, labels.back().size());
  }
  const int label_width = static_cast<int>(width);
  std::printf("%-*s", label_width, "variant");
  for (const char* name : shown) std::printf(" %34s", name);
  std::printf(" %22s\n", "USD per victim averted");
  const io::Dataset cost = reader.dataset("/summary/metrics/policy_cost");
  const io::Dataset recruited = reader.dataset("/summary/metrics/victims_recruited");
  for (std::size_t c = 0; c < variants.size(); ++c) {
    std::printf("%-*s", label_width, labels[c].c_str());
    for (const char* name : shown) {
      const io::Dataset data = reader.dataset(std::string("/summary/metrics/") + name);
      const double* row = &data.values[c * io::summary_columns.size()];
      char cell[64];
      std::snprintf(cell, sizeof cell, "%.0f (%+.0f [%+.0f, %+.0f])", row[0], row[4], row[5], row[6]);
      std::printf(" %34s", cell);
    }
    const double averted = -recruited.values[c * io::summary_columns.size() + 4];
    const double extra_cost = cost.values[c * io::summary_columns.size() + 4];
    if (averted > 0) std::printf(" %22.0f\n", extra_cost / averted);
    else std::printf(" %22s\n", "-");
  }
  std::printf("\nunits: persons (summed over the run) and purchases; cost per victim averted is the paired\n"
              "difference in policy cost over the victims recruited that the variant avoided.\n");
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

  std::string batch_path;
  bool resume = false;
  CLI::App* batch = app.add_subcommand("batch", "Run a batch of runs (variants, grid or samples, replicates)");
  batch->add_option("batch", batch_path, "Batch TOML file")->required();
  batch->add_option("-o,--output", output, "Output HDF5 file (default: results/<batch name>.h5)");
  batch->add_option("--threads", threads, "Threads per process (default: all cores)");
  batch->add_flag("--resume", resume, "Finish an interrupted batch, running only what is missing");
  batch->add_flag("-q,--quiet", quiet, "No progress and no report");

  std::string summary_path;
  CLI::App* summary = app.add_subcommand("summary", "Print the main effects of a batch results file");
  summary->add_option("file", summary_path, "Batch results HDF5 file")->required();

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
    if (*batch) return batch_command(batch_path, output, threads, resume, quiet, argc, argv);
    if (*summary) return summary_command(summary_path);
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
