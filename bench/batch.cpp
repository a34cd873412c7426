// Batch benchmark (issue: scenario batches). Prints:
//  - runs per minute for 1,000 runs of a 20,000-person, 5-year country on 1 and on 2 threads;
//  - the same batch on 1 and 2 MPI ranks of one thread each (through mpirun);
//  - peak memory of batches of 1,000 and 10,000 short runs (flat memory means equal figures).
// Not a test: it measures, it does not judge.
//
//   build/release/bench/tipsim_bench_batch

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "tipsim/batch/runner.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Measured {
  double seconds;
  double peak_mib;  ///< the command's own peak resident memory (its process tree's largest)
};

// runs a shell command and measures it: wall time, and peak memory from wait4
Measured run_command(const std::string& command) {
  const auto start = Clock::now();
  const pid_t child = fork();
  if (child == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(child, &status, 0, &usage);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    std::fprintf(stderr, "command failed: %s\n", command.c_str());
  return {seconds_since(start), static_cast<double>(usage.ru_maxrss) / 1024.0};
}

}  // namespace

int main() {
  const std::string data = TIPSIM_BENCH_DATA;
  const fs::path scratch = fs::temp_directory_path() / "tipsim-bench-batch";
  fs::remove_all(scratch);
  fs::create_directories(scratch);

  const tipsim::io::BatchSpec spec = tipsim::io::load_batch(data + "/batch-20k.toml");
  const tipsim::batch::BatchPlan plan(spec);
  const double runs = static_cast<double>(plan.runs());
  std::printf(
      "tipsim batch benchmark: %.0f runs of a %.0f-person country, %u weekly steps each\n\n", runs,
      spec.base.value(tipsim::model::ParameterId::people), spec.base.steps());

  // every case runs as its own process; "1 core" pins it to one core (taskset, or mpirun's
  // default binding of one rank to one core), so the merging thread shares that core too
  const std::string batch_file = data + "/batch-20k.toml";
  const std::string tipsim = std::string(TIPSIM_EXECUTABLE) + " batch " + batch_file + " -q -o ";
  const std::string mpirun = std::string(TIPSIM_MPIEXEC) + " --allow-run-as-root -n ";
  struct Case {
    const char* label;
    std::string command;
  };
  const Case cases[] = {
      {"1 thread on 1 core",
       "taskset -c 0 " + tipsim + (scratch / "a.h5").string() + " --threads 1"},
      {"2 threads on 2 cores", tipsim + (scratch / "b.h5").string() + " --threads 2"},
      {"mpirun -n 1 (1 thread)",
       mpirun + "1 " + tipsim + (scratch / "c.h5").string() + " --threads 1"},
      {"mpirun -n 2 (1 thread each)",
       mpirun + "2 " + tipsim + (scratch / "d.h5").string() + " --threads 1"},
  };
  std::printf("%-30s %10s %14s %10s\n", "how", "seconds", "runs/minute", "speed-up");
  double reference = 0;
  for (std::size_t i = 0; i < std::size(cases); ++i) {
    const double seconds = run_command(cases[i].command).seconds;
    if (i % 2 == 0) reference = seconds;
    std::printf("%-30s %10.1f %14.0f %10.2f\n", cases[i].label, seconds, runs / seconds * 60,
                reference / seconds);
  }

  // memory: the same short runs, 1,000 and then 10,000 of them, each batch its own process
  std::printf("\n%-34s %10s %14s\n", "short runs (2,000 people, 1 year)", "seconds", "peak MiB");
  for (int count : {1000, 10000}) {
    const fs::path batch = scratch / ("tiny-" + std::to_string(count) + ".toml");
    std::FILE* file = std::fopen(batch.c_str(), "w");
    std::fprintf(file, "[batch]\nscenario = \"%s/country-tiny.toml\"\nreplicates = %d\n",
                 data.c_str(), count);
    std::fclose(file);
    const Measured measured =
        run_command(std::string(TIPSIM_EXECUTABLE) + " batch " + batch.string() +
                    " --threads 2 -q -o " + (scratch / "tiny.h5").string());
    std::printf("%-34d %10.1f %14.1f\n", count, measured.seconds, measured.peak_mib);
  }
  std::printf("targets: speed-up >= 1.8 from 1 to 2 threads and from 1 to 2 ranks\n");
  fs::remove_all(scratch);
  return 0;
}
