#pragma once
// Test helper: run a shell command, collect its exit code and its output (stdout and stderr).

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace tipsim::testing {

struct Outcome {
  int exit_code;
  std::string output;
};

inline Outcome run_command(const std::string& command) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "cannot start: " + command};
  std::string output;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) output += buffer;
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

/// The tipsim command with these arguments.
inline Outcome run_tipsim(const std::string& arguments) {
  return run_command(std::string(TIPSIM_EXECUTABLE) + " " + arguments);
}

}  // namespace tipsim::testing
