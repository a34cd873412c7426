// tipsim report: one self-contained HTML report of a results file. The report is drawn by the
// Python package (tipsim.report, the same code as Result.report and python3 -m tipsim report):
// one implementation, with matplotlib's charts. This command checks the file, then runs it.

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "commands.hpp"
#include "tipsim/io/results_reader.hpp"

extern char** environ;

namespace tipsim::cli {

int report_command(const ReportCommand& command) {
  // not a tipsim results file: exit 2 here, before Python starts
  { const io::ResultsReader reader(command.file); }
  const char* python = std::getenv("TIPSIM_PYTHON");
  const char* package = std::getenv("TIPSIM_PYTHON_PACKAGE");
  const std::string interpreter = python ? python : TIPSIM_PYTHON;
  std::string path = package ? package : TIPSIM_PYTHON_PACKAGE;
  if (const char* before = std::getenv("PYTHONPATH"); before && *before)
    path += ":" + std::string(before);
  ::setenv("PYTHONPATH", path.c_str(), 1);

  const std::string output =
      command.output.empty()
          ? std::filesystem::path(command.file).replace_extension(".html").string()
          : command.output;
  std::vector<std::string> arguments{interpreter, "-m",         "tipsim",
                                     "report",    command.file, "-o",
                                     output,      "--made-by",  command.command_line};
  if (!command.baseline.empty())
    arguments.insert(arguments.end(), {"--baseline", command.baseline});
  const auto joined = [](const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) text += (text.empty() ? "" : ",") + name;
    return text;
  };
  if (!command.outcomes.empty())
    arguments.insert(arguments.end(), {"--outcome", joined(command.outcomes)});
  if (!command.metrics.empty())
    arguments.insert(arguments.end(), {"--metrics", joined(command.metrics)});
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  pid_t child = 0;
  const int failed =
      ::posix_spawnp(&child, interpreter.c_str(), nullptr, nullptr, argv.data(), environ);
  if (failed) {
    std::fprintf(
        stderr,
        "tipsim: error: the report is written by Python and %s cannot be started (%s); set "
        "TIPSIM_PYTHON to a Python 3 with numpy, pandas, h5py and matplotlib\n",
        interpreter.c_str(), std::strerror(failed));
    return exit_runtime_failure;
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status)) return exit_runtime_failure;
  const int code = WEXITSTATUS(status);
  return code == 0 ? exit_success : code == exit_bad_input ? exit_bad_input : exit_runtime_failure;
}

}  // namespace tipsim::cli
