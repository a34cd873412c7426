#include "tipsim/io/results_writer.hpp"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define TIPSIM_LEAK_SANITIZER 1
#endif
#endif
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "scratch_folder.hpp"
#include "small_disk.hpp"
#include "tipsim/core/parallel.hpp"
#include "tipsim/io/files.hpp"
#include "tipsim/io/results_reader.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/run.hpp"

using namespace tipsim;
namespace fs = std::filesystem;

namespace {

fs::path folder() { return tipsim::testing::own_folder("results-test"); }

model::Scenario small() {
  model::Scenario scenario = io::load_scenario(TIPSIM_TEST_DATA "/small.toml");
  io::apply_override(scenario, "time.years=2");
  return scenario;
}

// runs the scenario and writes it as the CLI does
model::RunData write_run(const model::Scenario& scenario, const fs::path& path,
                         std::size_t threads) {
  const core::ThreadLimit limit(threads);
  const auto model = model::compile(scenario, 5);
  const model::RunData data = model::run(model).data;
  io::ResultsWriter writer(path, *model);
  writer.add_run({0, scenario.name, "baseline", 0, 0, 5, "", {}}, data);
  writer.commit({scenario.source_text,
                 io::resolved_toml(scenario),
                 5,
                 static_cast<std::uint32_t>(threads),
                 0.5,
                 {},
                 "tipsim run small.toml"});
  return data;
}

}  // namespace

TEST_CASE("a results file reads back with the documented schema", "[results_writer]") {
  const model::Scenario scenario = small();
  const fs::path path = folder() / "schema.h5";
  const auto written = write_run(scenario, path, 1);
  const io::ResultsReader reader(path);

  const auto metadata = reader.metadata();
  for (const char* key :
       {"scenario_text", "resolved_scenario", "tipsim_version", "git_commit", "seed", "threads",
        "wall_seconds", "created", "uncommitted_changes", "command"})
    CHECK(metadata.count(key) == 1);
  CHECK(metadata.at("scenario_text") == scenario.source_text);
  CHECK(metadata.at("command") == "tipsim run small.toml");
  CHECK(io::parse_scenario(metadata.at("resolved_scenario"), "resolved").values == scenario.values);

  const io::RunTable runs = reader.runs();
  REQUIRE(runs.id.size() == 1);
  CHECK(runs.scenario[0] == "small");
  CHECK(runs.seed[0] == 5);

  CHECK(reader.step_years().size() == scenario.steps());
  CHECK(reader.metric_names().size() == model::metric_count);
  for (const auto& spec : model::metric_table()) {
    const io::Dataset data = reader.timeseries(std::string(spec.name));
    INFO(spec.name);
    REQUIRE(data.shape == std::vector<std::size_t>{1, scenario.steps()});
    CHECK(data.attributes.at("units") == spec.unit);
    CHECK(data.attributes.at("description") == spec.description);
    CHECK(data.attributes.at("observation") == spec.observation);
    CHECK(data.values ==
          written.series[static_cast<std::size_t>(&spec - model::metric_table().data())]);
  }
  const io::Dataset local = reader.locations("victims_exploited_local");
  CHECK(local.shape == std::vector<std::size_t>{1, scenario.steps(), 6});
  CHECK(reader.municipality_names().size() == 6);
  CHECK(reader.strings("/network/nodes/kind").front() == "municipality");
  CHECK(reader.dataset("/network/routes/distance_km").values.size() > 6);
  CHECK_FALSE(fs::exists(path.string() + ".tmp-" + std::to_string(::getpid())));
}

TEST_CASE("the same seed gives identical datasets with 1 and 2 threads",
          "[results_writer][determinism]") {
  const model::Scenario scenario = small();
  write_run(scenario, folder() / "one-thread.h5", 1);
  write_run(scenario, folder() / "two-threads.h5", 2);
  const io::ResultsReader one(folder() / "one-thread.h5");
  const io::ResultsReader two(folder() / "two-threads.h5");
  for (const auto& name : one.metric_names())
    REQUIRE(one.timeseries(name).values == two.timeseries(name).values);
  for (const auto& name : one.location_metric_names())
    REQUIRE(one.locations(name).values == two.locations(name).values);
}

TEST_CASE("an unfinished file leaves nothing behind", "[results_writer]") {
  const model::Scenario scenario = small();
  const fs::path path = folder() / "abandoned.h5";
  fs::remove(path);
  { io::ResultsWriter writer(path, *model::compile(scenario, 5)); }
  CHECK_FALSE(fs::exists(path));
  for (const auto& entry : fs::directory_iterator(folder()))
    CHECK(entry.path().filename().string().find("abandoned.h5.tmp") == std::string::npos);
}

namespace {

// Leaks of allocations made while one is alive are not reported (under LeakSanitizer).
struct IgnoreLeaks {
#if TIPSIM_LEAK_SANITIZER
  __lsan::ScopedDisabler disabler;
#endif
};

// whatever a folder holds, by name
std::vector<std::string> names_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("a full disk fails a results file with the system's reason and leaves nothing behind",
          "[results_writer][faults]") {
  testing::SmallDisk disk(testing::scratch_folder("results-writer-full-disk") / "disk", 1 << 20);
  if (!disk.usable()) return;
  const model::Scenario scenario = small();
  const fs::path path = disk.folder() / "out.h5";
  std::size_t failures = 0, successes = 0;
  // the disk fills up at every stage of the file: its creation, its runs, its closing
  for (std::size_t free : {0, 4096, 16384, 32768, 65536, 131072, 262144, 524288}) {
    INFO(free << " bytes free");
    disk.leave_free(free);
    try {
      // HDF5 1.10 leaks a 24-byte block when H5Dwrite fails (H5D__write): not ours to report
      [[maybe_unused]] const IgnoreLeaks hdf5_failed_write;
      write_run(scenario, path, 1);
      ++successes;
      CHECK(io::ResultsReader(path).runs().id.size() == 1);
      fs::remove(path);
    } catch (const std::runtime_error& error) {
      ++failures;
      CHECK_THAT(error.what(), Catch::Contains("No space left on device"));
      CHECK_FALSE(fs::exists(path));
    }
    CHECK(names_in(disk.folder()) == std::vector<std::string>{"filler"});
  }
  CHECK(failures > 0);
  CHECK(successes > 0);
  // HDF5 is left sound: this process writes a file as before, and exits cleanly (HDF5 1.10
  // crashed in its exit handler after a failed close)
  disk.make_room();
  write_run(scenario, path, 2);
  CHECK(io::ResultsReader(path).runs().id.size() == 1);
}

TEST_CASE("temporaries left by killed writers of the same name are removed", "[results_writer]") {
  const fs::path dir = testing::scratch_folder("results-writer-stale");
  // a process that has ended: its pid runs nothing now
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  const std::string dead = std::to_string(child), alive = std::to_string(::getppid());
  for (const std::string& name : {"out.h5.tmp-" + dead, "out.h5.tmp-" + alive,
                                  "other.h5.tmp-" + dead, std::string("out.h5.tmp-notapid")})
    std::ofstream(dir / name) << "left behind";
  write_run(small(), dir / "out.h5", 1);
  CHECK(names_in(dir) == std::vector<std::string>{"other.h5.tmp-" + dead, "out.h5",
                                                  "out.h5.tmp-" + alive, "out.h5.tmp-notapid"});
}
