// Batch benchmark (issue: scenario batches). Prints:
//  - runs per minute for 1,000 runs of a 20,000-person, 5-year country on 1 and on 2 threads;
//  - the same batch on 1 and 2 MPI ranks of one thread each (through mpirun);
//  - peak memory of batches of 1,000 and 10,000 short runs (flat memory means equal figures).
// Not a test: it measures, it does not judge.
//
//   build/release/bench/tipsim_bench_batch [runs]      (default 1000)

#include <sys/resource.h>
#include <sys/wait.h>

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

double run_in_process(const tipsim::batch::BatchPlan& plan, std::size_t threads, const fs::path& output) {
  fs::remove(output);
  auto communicator = tipsim::batch::local_communicator();
  const auto start = Clock::now();
  tipsim::batch::run_batch(plan, {output, threads, false, {}, nullptr}, *communicator);
  return seconds_since(start);
}

// wall seconds of a command; its peak memory (KiB) through RUSAGE_CHILDREN
double run_command(const std::string& command) {
  const auto start = Clock::now();
  const int status = std::system(command.c_str());
  if (status != 0) std::fprintf(stderr, "command failed (%d): %s\n", status, command.c_str());
  return seconds_since(start);
}

double peak_child_mib() {
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string data = TIPSIM_BENCH_DATA;
  const fs::path scratch = fs::temp_directory_path() / "tipsim-bench-batch";
  fs::remove_all(scratch);
  fs::create_directories(scratch);

  tipsim::io::BatchSpec spec = tipsim::io::load_batch(data + "/batch-20k.toml");
  if (argc > 1) spec.replicates = static_cast<std::uint32_t>(std::atoi(argv[1]) / spec.variants.size());
  const tipsim::batch::BatchPlan plan(spec);
  const double runs = static_cast<double>(plan.runs());
  std::printf("tipsim batch benchmark: %.0f runs of a %.0f-person country, %u weekly steps each\n\n", runs,
              spec.base.value(tipsim::model::ParameterId::people), spec.base.steps());

  const double one_thread = run_in_process(plan, 1, scratch / "threads-1.h5");
  const double two_threads = run_in_process(plan, 2, scratch / "threads-2.h5");
  std::printf("%-28s %10s %14s %10s\n", "how", "seconds", "runs/minute", "speed-up");
  std::printf("%-28s %10.1f %14.0f %10s\n", "1 process, 1 thread", one_thread, runs / one_thread * 60, "1.00");
  std::printf("%-28s %10.1f %14.0f %10.2f\n", "1 process, 2 threads", two_threads, runs / two_threads * 60,
              one_thread / two_threads);

  const std::string batch_file = data + "/batch-20k.toml";
  double rank_seconds[2] = {0, 0};
  for (int ranks : {1, 2}) {
    const fs::path output = scratch / ("ranks-" + std::to_string(ranks) + ".h5");
    std::string command = std::string(TIPSIM_MPIEXEC) + " --allow-run-as-root --oversubscribe -n " +
                          std::to_string(ranks) + " " + TIPSIM_EXECUTABLE + " batch " + batch_file +
                          " --threads 1 -q -o " + output.string();
    rank_seconds[ranks - 1] = argc > 1 ? 0 : run_command(command);
  }
  if (argc == 1) {
    std::printf("%-28s %10.1f %14.0f %10s\n", "mpirun -n 1, 1 thread each", rank_seconds[0],
                runs / rank_seconds[0] * 60, "1.00");
    std::printf("%-28s %10.1f %14.0f %10.2f\n", "mpirun -n 2, 1 thread each", rank_seconds[1],
                runs / rank_seconds[1] * 60, rank_seconds[0] / rank_seconds[1]);
  }

  // memory: the same short runs, 1,000 and then 10,000 of them, each batch its own process
  std::printf("\n%-28s %10s %14s\n", "short runs (2,000 people, 1 year)", "seconds", "peak MiB");
  for (int count : {1000, 10000}) {
    const fs::path batch = scratch / ("tiny-" + std::to_string(count) + ".toml");
    std::FILE* file = std::fopen(batch.c_str(), "w");
    std::fprintf(file, "[batch]\nscenario = \"%s/country-tiny.toml\"\nreplicates = %d\n", data.c_str(), count);
    std::fclose(file);
    const double seconds = run_command(std::string(TIPSIM_EXECUTABLE) + " batch " + batch.string() +
                                       " --threads 2 -q -o " + (scratch / "tiny.h5").string());
    std::printf("%-28d %10.1f %14.1f\n", count, seconds, peak_child_mib());
  }
  std::printf("(peak MiB is the largest of all child processes so far: equal figures mean flat memory)\n");
  std::printf("targets: speed-up >= 1.8 from 1 to 2 threads and from 1 to 2 ranks\n");
  fs::remove_all(scratch);
  return 0;
}
