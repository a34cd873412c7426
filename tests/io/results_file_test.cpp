#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tipsim/core/parallel.hpp"
#include "tipsim/io/results_file.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/simulation.hpp"

using namespace tipsim;
namespace fs = std::filesystem;

namespace {

fs::path folder() {
  const fs::path path = fs::temp_directory_path() / "tipsim-results-test";
  fs::create_directories(path);
  return path;
}

model::Scenario small() {
  model::Scenario scenario = io::load_scenario(TIPSIM_TEST_DATA "/small.toml");
  io::apply_override(scenario, "time.years=2");
  return scenario;
}

// runs the scenario and writes it as the CLI does
model::MetricsRecorder write_run(const model::Scenario& scenario, const fs::path& path, std::size_t threads) {
  const core::ThreadLimit limit(threads);
  model::Simulation simulation(scenario, 5);
  model::MetricsRecorder recorder;
  simulation.run(recorder);
  io::ResultsWriter writer(path, simulation.world().locations, simulation.world().municipalities.size(),
                           scenario.step_years());
  writer.add_run({0, scenario.name, "baseline", 0, 0, 5, "", {}}, recorder.steps());
  writer.commit({scenario.source_text, io::resolved_toml(scenario), 5, static_cast<std::uint32_t>(threads), 0.5, {}});
  return recorder;
}

}  // namespace

TEST_CASE("a results file reads back with the documented schema", "[results_file]") {
  const model::Scenario scenario = small();
  const fs::path path = folder() / "schema.h5";
  const auto recorder = write_run(scenario, path, 1);
  const io::ResultsReader reader(path);

  const auto metadata = reader.metadata();
  for (const char* key : {"scenario_text", "resolved_scenario", "tipsim_version", "git_commit", "seed",
                          "threads", "wall_seconds", "created"})
    CHECK(metadata.count(key) == 1);
  CHECK(metadata.at("scenario_text") == scenario.source_text);
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
    const auto expected = recorder.series(static_cast<model::Metric>(&spec - model::metric_table().data()));
    CHECK(data.values == expected);
  }
  const io::Dataset local = reader.locations("victims_exploited_local");
  CHECK(local.shape == std::vector<std::size_t>{1, scenario.steps(), 6});
  CHECK(reader.municipality_names().size() == 6);
  CHECK(reader.strings("/network/nodes/kind").front() == "municipality");
  CHECK(reader.dataset("/network/routes/distance_km").values.size() > 6);
  CHECK_FALSE(fs::exists(path.string() + ".tmp-" + std::to_string(::getpid())));
}

TEST_CASE("the same seed gives identical datasets with 1 and 2 threads", "[results_file][determinism]") {
  const model::Scenario scenario = small();
  write_run(scenario, folder() / "one-thread.h5", 1);
  write_run(scenario, folder() / "two-threads.h5", 2);
  const io::ResultsReader one(folder() / "one-thread.h5");
  const io::ResultsReader two(folder() / "two-threads.h5");
  for (const auto& name : one.metric_names()) REQUIRE(one.timeseries(name).values == two.timeseries(name).values);
  for (const auto& name : one.location_metric_names())
    REQUIRE(one.locations(name).values == two.locations(name).values);
}

TEST_CASE("an unfinished file leaves nothing behind", "[results_file]") {
  const model::Scenario scenario = small();
  const fs::path path = folder() / "abandoned.h5";
  fs::remove(path);
  {
    model::Simulation simulation(scenario, 5);
    io::ResultsWriter writer(path, simulation.world().locations, 6, std::vector<double>(3, 2000.0));
  }
  CHECK_FALSE(fs::exists(path));
  for (const auto& entry : fs::directory_iterator(folder()))
    CHECK(entry.path().filename().string().find("abandoned.h5.tmp") == std::string::npos);
}

TEST_CASE("a file that is not a tipsim results file is refused", "[results_file][errors]") {
  const fs::path text = folder() / "not-hdf5.h5";
  std::ofstream(text) << "hello";
  CHECK_THROWS_AS(io::ResultsReader(text), io::InputError);
  CHECK_THROWS_AS(io::ResultsReader(folder() / "missing.h5"), io::InputError);
}
