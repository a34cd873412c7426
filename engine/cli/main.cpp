// The tipsim command: run a scenario or a batch, validate a scenario, summarise a batch, list
// the parameters. Each subcommand lives in its own file (commands.hpp).
// Exit codes: 0 success, 1 runtime failure, 2 bad input (nothing written), 130 interrupted.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <exception>

#include "commands.hpp"
#include "tipsim/io/build_info.hpp"
#include "tipsim/io/text.hpp"

namespace tipsim::cli {

model::Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  model::Scenario scenario = path.empty() ? io::embedded_baseline() : io::load_scenario(path);
  for (const std::string& assignment : overrides) io::apply_override(scenario, assignment);
  return scenario;
}

std::string command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) {
    const std::string word = argv[i];
    const bool plain = !word.empty() && word.find_first_not_of(
                                            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789_-+=.,/:@%") == std::string::npos;
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += (i ? " " : "") + (plain ? word : quoted + "'");
  }
  return line;
}

}  // namespace tipsim::cli

int main(int argc, char** argv) {
  using namespace tipsim;
  using namespace tipsim::cli;
  CLI::App app{
      "tipsim: agent-based simulation of trafficking in human beings in post-conflict "
      "economies with an international peacekeeping force"};
  app.set_version_flag("--version",
                       "tipsim " + io::tipsim_version() + " (" + io::git_commit() + ")");
  app.require_subcommand(1);
  // checked as a signed number: "-3" would otherwise wrap around to a huge unsigned count
  const CLI::Range thread_count(0, 4096);

  RunCommand run_options;
  CLI::App* run = app.add_subcommand("run", "Run a scenario and write its results to HDF5");
  run->add_option("scenario", run_options.scenario,
                  "Scenario TOML file (default: the embedded baseline)");
  run->add_option("-o,--output", run_options.output,
                  "Output HDF5 file (default: results/<scenario>.h5)");
  run->add_option("--seed", run_options.seed, "Random seed (default: the scenario's run.seed)");
  run->add_option("--threads", run_options.threads, "Threads to use (default: all cores)")
      ->check(thread_count);
  run->add_option("--set", run_options.overrides, "Override a parameter: KEY=VALUE (repeatable)")
      ->allow_extra_args(false);
  run->add_flag("-q,--quiet", run_options.quiet, "No progress line and no summary");

  ValidateCommand validate_options;
  CLI::App* validate = app.add_subcommand(
      "validate",
      "Check a scenario, batch or targets file without running it; print the runs it would make "
      "and the time they would take here");
  validate->add_option("file", validate_options.file, "Scenario, batch or targets TOML file")
      ->required();
  validate
      ->add_option("--set", validate_options.overrides,
                   "Override a scenario parameter: KEY=VALUE (repeatable)")
      ->allow_extra_args(false);
  validate->add_option("--threads", validate_options.threads, "Cores to plan for (default: all)");
  bool no_estimate = false;
  validate->add_flag("--no-estimate", no_estimate,
                     "Do not time a probe run (the estimate builds the scenario's world once)");

  BatchCommand batch_options;
  CLI::App* batch =
      app.add_subcommand("batch", "Run a batch of runs (variants, grid or samples, replicates)");
  batch->add_option("batch", batch_options.batch, "Batch TOML file")->required();
  batch->add_option("-o,--output", batch_options.output,
                    "Output HDF5 file (default: results/<batch name>.h5)");
  batch->add_option("--threads", batch_options.threads, "Threads per process (default: all cores)")
      ->check(thread_count);
  batch->add_flag("--resume", batch_options.resume,
                  "Finish an interrupted batch, running only what is missing");
  batch->add_flag("-q,--quiet", batch_options.quiet, "No progress and no report");

  SummaryCommand summary_options;
  CLI::App* summary = app.add_subcommand(
      "summary", "Print the effects of every variant or grid point against a baseline");
  summary->add_option("file", summary_options.file, "Results HDF5 file")->required();
  summary
      ->add_option("--baseline", summary_options.baseline,
                   "What to compare against: a variant, a point number, KEY=VALUE of a grid "
                   "(the other keys as each point's), or several joined by ';' (default: the "
                   "batch's baseline variant at the same point, or point 0 of a grid)")
      ->allow_extra_args(false);
  summary
      ->add_option("--metrics", summary_options.metrics,
                   "Metrics to show, comma-separated (default: the main outcomes)")
      ->delimiter(',')
      ->allow_extra_args(false);
  summary
      ->add_option("--outcome", summary_options.outcomes,
                   "The outcomes whose averted units are costed, comma-separated (default: "
                   "victim_weeks,people_first_trafficked: per victim-week and per person spared)")
      ->delimiter(',')
      ->allow_extra_args(false);
  summary->add_option("--format", summary_options.format, "table, csv or markdown")
      ->check(CLI::IsMember({"table", "csv", "markdown"}));

  ReportCommand report_options;
  CLI::App* report = app.add_subcommand(
      "report",
      "Write one self-contained HTML report of a results file: effects with intervals, verdicts "
      "in plain words, cost per outcome averted, time series and provenance (drawn by the "
      "Python package)");
  report->add_option("file", report_options.file, "Results HDF5 file")->required();
  report->add_option("-o,--output", report_options.output,
                     "HTML file to write (default: the results file's name with .html)");
  report
      ->add_option("--baseline", report_options.baseline,
                   "What to compare against, as for tipsim summary")
      ->allow_extra_args(false);
  report
      ->add_option("--metrics", report_options.metrics,
                   "Metrics to report, comma-separated (default: the main outcomes)")
      ->delimiter(',')
      ->allow_extra_args(false);
  report
      ->add_option("--outcome", report_options.outcomes,
                   "The outcomes whose averted units are costed, comma-separated (default: "
                   "victim_weeks,people_first_trafficked: per victim-week and per person spared)")
      ->delimiter(',')
      ->allow_extra_args(false);

  ParamsCommand params_options;
  CLI::App* params = app.add_subcommand(
      "params",
      "List the parameters with default, unit and description; with --scenario, the values a "
      "scenario resolves to");
  params->add_option("filter", params_options.filter,
                     "Only keys that contain this text (e.g. policy or women)");
  params->add_option("--scenario", params_options.scenario,
                     "Show this scenario's resolved value of every parameter");
  params
      ->add_option("--set", params_options.overrides,
                   "Override a parameter of the scenario (or of the baseline): KEY=VALUE")
      ->allow_extra_args(false);
  params->add_flag("--markdown", params_options.markdown,
                   "A Markdown table with sources (for docs/model.md)");

  // a misspelt command or option gets the closest known one
  std::vector<std::string> commands;
  for (const CLI::App* command : app.get_subcommands({})) commands.push_back(command->get_name());
  if (argc > 1 && argv[1][0] != '-' &&
      std::find(commands.begin(), commands.end(), argv[1]) == commands.end()) {
    std::string known;
    for (const std::string& command : commands) known += (known.empty() ? "" : ", ") + command;
    std::fprintf(stderr, "tipsim: unknown command '%s'%s; commands: %s (tipsim --help)\n", argv[1],
                 io::did_you_mean(argv[1], commands).c_str(), known.c_str());
    return exit_bad_input;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ExtrasError& error) {
    for (const CLI::App* command : app.get_subcommands({}))
      if (command->parsed()) {
        std::vector<std::string> options;
        for (const CLI::Option* option : command->get_options())
          for (const std::string& name : option->get_lnames()) options.push_back("--" + name);
        for (const std::string& extra : command->remaining())
          if (extra.rfind("-", 0) == 0)
            std::fprintf(stderr, "tipsim %s: unknown option '%s'%s\n", command->get_name().c_str(),
                         extra.c_str(), io::did_you_mean(extra, options).c_str());
      }
    return app.exit(error) == 0 ? exit_success : exit_bad_input;
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? exit_success : exit_bad_input;
  }
  validate_options.estimate = !no_estimate;

  run_options.command_line = batch_options.command_line = report_options.command_line =
      command_line(argc, argv);
  try {
    if (*run) return run_command(run_options);
    if (*validate) return validate_command(validate_options);
    if (*batch) return batch_command(batch_options, argc, argv);
    if (*summary) return summary_command(summary_options);
    if (*params) return params_command(params_options);
    if (*report) return report_command(report_options);
  } catch (const io::InputError& error) {
    for (const io::Problem& problem : error.problems())
      std::fprintf(stderr, "tipsim: %s\n", problem.text().c_str());
    return exit_bad_input;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "tipsim: error: %s\n", error.what());
    return exit_runtime_failure;
  }
  return exit_success;
}
