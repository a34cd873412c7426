// Scale benchmark: one run of a scenario (the shipped baseline unless named), on one thread and
// on every core. Prints, apart, the time to compile the model, to build the replicate's world
// and to step it, in wall and CPU seconds, and memory per person; then the peacekeeper phase
// alone on one thread (its CPU seconds over the run and the events it draws per second, as the
// force's cost should grow with what its members do, not with how many they are). Not a test:
// it measures, it does not judge.
//
//   build/release/bench/tipsim_bench_scale [SCENARIO.toml] [KEY=VALUE ...]
//   build/release/bench/tipsim_bench_scale scenarios/europe-2005.toml population.scale=1

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "tipsim/core/parallel.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/phases/environment.hpp"
#include "tipsim/model/phases/peacekeepers.hpp"
#include "tipsim/model/simulation.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

double peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) * 1024.0;  // Linux reports KiB
}

struct Timing {
  double wall = 0, cpu = 0;
};

template <class Work>
Timing timed(Work&& work) {
  const auto start = Clock::now();
  const double cpu = cpu_seconds();
  work();
  return {seconds_since(start), cpu_seconds() - cpu};
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tipsim;
  std::vector<std::string> overrides;
  model::Scenario scenario = io::embedded_baseline();
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (i == 1 && argument.find('=') == std::string::npos)
      scenario = io::load_scenario(argument);
    else
      io::apply_override(scenario, argument);
  }
  const double people = scenario.value(model::ParameterId::people);
  const std::size_t cores = core::ThreadLimit(0).threads();
  std::printf("tipsim scale benchmark: %s, %.0f people (%.0f per agent), %u weekly steps\n",
              scenario.name.c_str(), people, scenario.value(model::ParameterId::scale),
              scenario.steps());
  std::printf("%8s %12s %12s %12s %12s %12s %12s %10s\n", "threads", "compile s", "build s",
              "build cpu s", "steps s", "steps cpu s", "total s", "build/all");
  double world_bytes = 0;
  for (std::size_t threads : {std::size_t{1}, cores}) {
    const core::ThreadLimit limit(threads);
    std::shared_ptr<const model::CompiledModel> model;
    const Timing compile = timed([&] { model = io::compile_scenario(scenario, 1); });
    std::optional<model::Simulation> simulation;
    const Timing build = timed([&] { simulation.emplace(model, 0); });
    const Timing steps = timed([&] {
      while (simulation->steps_done() < simulation->steps()) simulation->step();
    });
    world_bytes = static_cast<double>(simulation->world().bytes());
    const double total = compile.wall + build.wall + steps.wall;
    std::printf("%8zu %12.3f %12.3f %12.3f %12.3f %12.3f %12.3f %9.0f%%\n", threads, compile.wall,
                build.wall, build.cpu, steps.wall, steps.cpu, total,
                100 * (compile.wall + build.wall) / total);
    if (threads == cores) break;
  }
  {
    // the peacekeeper phase alone, week after week, in the world as it was built (the rest of
    // the country stands still: the force's own cost)
    const core::ThreadLimit limit(1);
    const auto model = io::compile_scenario(scenario, 1);
    model::World world = model::build_world(*model, 0);
    double events = 0, phase_cpu = 0;
    for (std::uint32_t week = 0; week < model->steps; ++week) {
      world.week = week;
      const model::StepContext context = model::environment_phase(*model, world);
      phase_cpu +=
          timed([&] { events += model::peacekeeper_phase(*model, context, world).events; }).cpu;
    }
    std::printf(
        "\npeacekeeper phase, one thread: %.3f CPU s over the run, %.0f events drawn "
        "(%.2f million a second)\n",
        phase_cpu, events, events / phase_cpu / 1e6);
  }
  std::printf("\nagent arrays:            %.1f bytes/person\n", world_bytes / people);
  std::printf("peak resident (process): %.1f bytes/person (%.0f MiB)\n",
              peak_resident_bytes() / people, peak_resident_bytes() / 1048576.0);
  return 0;
}
