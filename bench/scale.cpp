// Scale benchmark: the baseline country with 1,000,000 people for 520 weekly steps.
// Prints population agent-steps per second (people x steps / wall time) and peak memory per
// person, for 1 thread and for every core. Not a test: it measures, it does not judge.
//
//   build/release/bench/tipsim_bench_scale [people] [steps]

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tipsim/core/parallel.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/simulation.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;  // Linux reports KiB
}

struct Figures {
  double build_seconds, run_seconds, active_agent_steps;
};

Figures measure(const tipsim::model::Scenario& scenario, std::size_t threads) {
  const tipsim::core::ThreadLimit limit(threads);
  const auto start = Clock::now();
  tipsim::model::Simulation simulation(scenario, 1);
  const double build = seconds_since(start);
  const auto running = Clock::now();
  double active = 0;
  for (std::uint32_t s = 0; s < simulation.steps(); ++s) {
    const auto metrics = simulation.step();
    using tipsim::model::Metric;
    active += metrics[Metric::peacekeepers_deployed] +
              static_cast<double>(simulation.world().victims.size()) +
              static_cast<double>(simulation.world().traffickers.size());
  }
  return {build, seconds_since(running), active};
}

}  // namespace

int main(int argc, char** argv) {
  const std::string people = argc > 1 ? argv[1] : "1000000";
  tipsim::model::Scenario scenario = tipsim::io::embedded_baseline();
  tipsim::io::apply_override(scenario, "population.people=" + people);
  if (argc > 2) tipsim::io::apply_override(scenario, "time.years=" + std::to_string(std::atof(argv[2]) / 52.0));
  const double population = scenario.value(tipsim::model::ParameterId::people);
  const double steps = scenario.steps();
  const std::size_t cores = tipsim::core::ThreadLimit(0).threads();

  std::printf("tipsim scale benchmark: baseline scenario, %.0f people, %.0f weekly steps\n", population, steps);
  std::printf("%8s %10s %10s %12s %22s %22s\n", "threads", "build s", "steps s", "total s",
              "agent-steps/s (total)", "active agent-steps/s");
  double world_bytes = 0;
  for (std::size_t threads : {std::size_t{1}, cores}) {
    const Figures figures = measure(scenario, threads);
    const double total = figures.build_seconds + figures.run_seconds;
    std::printf("%8zu %10.2f %10.2f %12.2f %22.3e %22.3e\n", threads, figures.build_seconds,
                figures.run_seconds, total, population * steps / total,
                figures.active_agent_steps / figures.run_seconds);
    if (threads == cores) break;
  }
  {
    const tipsim::model::World world = tipsim::model::build_world(scenario, 1, 0);
    world_bytes = static_cast<double>(world.bytes());
  }
  std::printf("\nagent arrays:            %.1f bytes/person\n", world_bytes / population);
  std::printf("peak resident (process): %.1f bytes/person (%.0f MiB)\n", peak_resident_bytes() / population,
              peak_resident_bytes() / 1048576.0);
  std::printf("targets: >= 5.0e+07 agent-steps/s on 2 cores, < 200 bytes/person\n");
  return 0;
}
