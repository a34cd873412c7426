#pragma once
// The subcommands of the tipsim command, one file each. Each returns the process's exit code
// and throws io::InputError for bad input (main turns it into exit code 2).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tipsim/io/scenario_file.hpp"

namespace tipsim::cli {

inline constexpr int exit_success = 0;
inline constexpr int exit_runtime_failure = 1;
inline constexpr int exit_bad_input = 2;
inline constexpr int exit_interrupted = 130;

/// The scenario at `path` (the embedded baseline when empty) with the overrides applied.
model::Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides);

struct RunCommand {
  std::string scenario;  ///< empty: the embedded baseline
  std::string output;    ///< empty: results/<scenario>.h5
  std::optional<std::uint64_t> seed;
  std::size_t threads = 0;
  std::vector<std::string> overrides;
  bool quiet = false;
  std::string command_line;  ///< as typed, recorded in the results file
};
int run_command(const RunCommand& command);

struct BatchCommand {
  std::string batch;
  std::string output;  ///< empty: results/<batch name>.h5
  std::size_t threads = 0;
  bool resume = false;
  bool quiet = false;
  std::string command_line;  ///< as typed, recorded in the results file
};
/// argc/argv reach MPI_Init when the batch runs under mpirun.
int batch_command(const BatchCommand& command, int& argc, char**& argv);

struct SummaryCommand {
  std::string file;
  std::string baseline;               ///< empty: the batch's baseline variant, or point 0
  std::vector<std::string> metrics;   ///< empty: batch::main_metrics()
  std::vector<std::string> outcomes;  ///< empty: batch::costed_outcomes()
  std::string format = "table";       ///< table, csv or markdown
};
int summary_command(const SummaryCommand& command);
struct ReportCommand {
  std::string file;
  std::string output;    ///< empty: the file's name with .html
  std::string baseline;  ///< as summary's --baseline
  std::vector<std::string> metrics;
  std::vector<std::string> outcomes;  ///< empty: the package's default, as summary's
  std::string command_line;           ///< as typed, shown in the report
};
int report_command(const ReportCommand& command);

struct ValidateCommand {
  std::string file;  ///< a scenario, batch or targets file
  std::vector<std::string> overrides;
  std::size_t threads = 0;
  bool estimate = true;  ///< time a probe run to estimate the plan's duration
};
int validate_command(const ValidateCommand& command);

struct ParamsCommand {
  std::string filter;    ///< only keys that contain it (any case)
  std::string scenario;  ///< with it (or overrides): the scenario's resolved values
  std::vector<std::string> overrides;
  bool markdown = false;
};
int params_command(const ParamsCommand& command);

}  // namespace tipsim::cli
