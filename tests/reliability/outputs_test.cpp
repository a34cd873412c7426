// Whatever valid input it is given, tipsim writes sound numbers: no NaN or infinity in any output
// dataset, no negative or fractional count, and every person it simulates is in exactly one
// state at every step (the seven people metrics add up to the population).

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <string>
#include <vector>

#include "scratch_folder.hpp"
#include "tipsim/io/results_reader.hpp"
#include "tipsim/io/results_writer.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/io/text.hpp"
#include "tipsim/model/run.hpp"

using namespace tipsim;
namespace fs = std::filesystem;

namespace {

using model::Metric;

constexpr Metric people_states[] = {Metric::people_free,
                                    Metric::people_recruited,
                                    Metric::victims_in_transit,
                                    Metric::victims_exploited_local,
                                    Metric::victims_exploited_abroad,
                                    Metric::victims_assisted,
                                    Metric::people_returned};

// What is wrong with a metric's values: not finite, or a count below zero or not whole.
void check_values(const std::string& where, const std::vector<double>& values, bool count,
                  std::vector<std::string>& problems) {
  for (std::size_t i = 0; i < values.size() && problems.size() < 10; ++i) {
    const double value = values[i];
    if (!std::isfinite(value))
      problems.push_back(where + "[" + std::to_string(i) + "] = " + io::shortest_number(value));
    else if (count && (value < 0 || value != std::floor(value)))
      problems.push_back(where + "[" + std::to_string(i) + "] = " + io::shortest_number(value) +
                         ", not a count");
  }
}

// Every problem with a run's data, in memory and as written to `file`.
std::vector<std::string> problems_of(const model::CompiledModel& model, const model::RunData& data,
                                     const fs::path& file) {
  std::vector<std::string> problems;
  for (std::size_t m = 0; m < model::metric_count; ++m) {
    const auto& spec = model::metric_table()[m];
    check_values(std::string(spec.name), data.series[m], spec.count, problems);
  }
  for (std::size_t m = 0; m < model::location_metric_count; ++m) {
    const auto& spec = model::location_metric_table()[m];
    check_values("locations/" + std::string(spec.name), data.locations[m], spec.count, problems);
  }
  // the population is agents x scale people, each in one state
  const double population = model.agents * model.scenario.value(model::ParameterId::scale);
  for (std::size_t step = 0; step < data.steps(); ++step) {
    double people = 0;
    for (Metric state : people_states) people += data.series[static_cast<std::size_t>(state)][step];
    if (people != population && problems.size() < 10)
      problems.push_back("step " + std::to_string(step) + ": " + io::shortest_number(people) +
                         " people in the seven states, not " + io::shortest_number(population));
  }
  // what the file holds: counts are stored as integers, so a NaN there would read back as a
  // number; the in-memory check above is what sees those
  const io::ResultsReader reader(file);
  for (const auto& spec : model::metric_table())
    check_values("file /timeseries/" + std::string(spec.name),
                 reader.timeseries(std::string(spec.name)).values, spec.count, problems);
  for (const auto& spec : model::location_metric_table())
    check_values("file /locations/" + std::string(spec.name),
                 reader.locations(std::string(spec.name)).values, spec.count, problems);
  for (const char* path :
       {"/time/year", "/network/nodes/population_weight", "/network/nodes/x_km",
        "/network/nodes/y_km", "/network/routes/distance_km", "/network/routes/transit_risk",
        "/runs/id", "/runs/point", "/runs/replicate", "/runs/seed"})
    check_values(std::string("file ") + path, reader.values(path), false, problems);
  return problems;
}

// Runs a scenario, writes its results file and returns what is unsound about them.
std::vector<std::string> run_and_check(const model::Scenario& scenario, const fs::path& file) {
  const auto seed = static_cast<std::uint64_t>(scenario.value(model::ParameterId::seed));
  const auto model = io::compile_scenario(scenario, seed);
  const model::RunData data = model::run(model).data;
  {
    io::ResultsWriter writer(file, *model, {}, {1, true});
    writer.add_run(
        {0, scenario.name, scenario.name, 0, 0, seed, io::join_overrides(scenario.overrides), {}},
        data);
    writer.commit(
        {scenario.source_text, io::resolved_toml(scenario), seed, 0, 0.0, {}, "outputs_test"});
  }
  return problems_of(*model, data, file);
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

}  // namespace

TEST_CASE("every shipped scenario at a coarse scale writes sound numbers and conserves people",
          "[outputs][reliability]") {
  const fs::path dir = testing::scratch_folder("outputs-shipped");
  for (const auto& entry : fs::directory_iterator(TIPSIM_SOURCE_DIR "/scenarios")) {
    if (entry.path().extension() != ".toml") continue;
    INFO(entry.path().filename().string());
    model::Scenario scenario = io::load_scenario(entry.path());
    // a hundred people per agent: the whole run in a second, every mechanism still at work
    io::apply_override(scenario, "population.scale=100");
    const auto problems = run_and_check(scenario, dir / (entry.path().stem().string() + ".h5"));
    INFO(joined(problems));
    CHECK(problems.empty());
  }
}

namespace {

model::Scenario small_base() {
  model::Scenario base = io::load_scenario(TIPSIM_TEST_DATA "/small.toml");
  io::apply_override(base, "time.years=1");
  io::apply_override(base, "population.people=8000");
  return base;
}

// Applies "key=value; key=value" to a copy of the base scenario.
model::Scenario with(const model::Scenario& base, const std::vector<std::string>& assignments) {
  model::Scenario scenario = base;
  for (const std::string& assignment : assignments) io::apply_override(scenario, assignment);
  return scenario;
}

bool numeric_scenario_parameter(const model::ParameterSpec& spec) {
  return spec.scope == model::ParameterScope::scenario && spec.numeric() &&
         spec.kind != model::ParameterKind::choice && spec.kind != model::ParameterKind::flag;
}

// Extremes that are valid only with companion values, set first (each override is checked as it
// comes: the people/scale pair is raised in steps that each leave between 1 and 4e9 agents).
std::vector<std::string> companions(const std::string& assignment) {
  if (assignment == "population.people=10000000000")
    return {"population.people=1000000000", "population.scale=1000000"};
  if (assignment == "population.scale=1000000") return {"population.people=1000000000"};
  if (assignment == "population.municipalities=1")
    return {"contingent.South.base=\"municipality-01\""};
  if (assignment == "vulnerability.minimum_age=100") return {"vulnerability.maximum_age=100"};
  // ten million criminal-group members, as ten thousand agents: seconds instead of a minute
  if (assignment == "traffickers.pool=10000000") return {"population.scale=1000"};
  if (assignment == "vulnerability.maximum_age=0") return {"vulnerability.minimum_age=0"};
  return {};
}

// The two extremes that build the largest location graphs take seconds, not milliseconds.
bool large_graph(const std::string& assignment) {
  return assignment == "population.municipalities=10000" || assignment == "geography.markets=10000";
}

void check_each_extreme(bool large) {
  const fs::path dir = testing::scratch_folder(large ? "outputs-large" : "outputs-extremes");
  const model::Scenario base = small_base();
  std::size_t checked = 0;
  for (const model::ParameterSpec& spec : model::parameter_table()) {
    if (!numeric_scenario_parameter(spec)) continue;
    for (const double value : {spec.minimum, spec.maximum}) {
      const std::string assignment = std::string(spec.key) + "=" + io::shortest_number(value);
      if (large_graph(assignment) != large) continue;
      INFO(assignment);
      std::vector<std::string> assignments = companions(assignment);
      assignments.push_back(assignment);
      const auto problems = run_and_check(with(base, assignments), dir / "extreme.h5");
      INFO(joined(problems));
      CHECK(problems.empty());
      ++checked;
    }
  }
  CHECK(checked > (large ? 1u : 150u));
}

}  // namespace

TEST_CASE("every parameter at its minimum and at its maximum writes sound numbers",
          "[outputs][reliability][extremes]") {
  check_each_extreme(false);
}

TEST_CASE("the largest location graphs write sound numbers", "[outputs][reliability][extremes]") {
  check_each_extreme(true);
}

TEST_CASE("every probability at 0, and every one at 1, writes sound numbers",
          "[outputs][reliability][extremes]") {
  const fs::path dir = testing::scratch_folder("outputs-probabilities");
  for (const char* value : {"0", "1"}) {
    INFO("every probability = " << value);
    std::vector<std::string> assignments;
    for (const model::ParameterSpec& spec : model::parameter_table())
      if (spec.scope == model::ParameterScope::scenario &&
          spec.kind == model::ParameterKind::probability)
        assignments.push_back(std::string(spec.key) + "=" + value);
    const auto problems = run_and_check(with(small_base(), assignments), dir / "all.h5");
    INFO(joined(problems));
    CHECK(problems.empty());
  }
}

TEST_CASE("every parameter at its minimum at once writes sound numbers",
          "[outputs][reliability][extremes]") {
  std::vector<std::string> assignments;
  for (const model::ParameterSpec& spec : model::parameter_table())
    if (numeric_scenario_parameter(spec) && spec.key != "population.people")
      assignments.push_back(std::string(spec.key) + "=" + io::shortest_number(spec.minimum));
  // one municipality: both contingents' bases move there; one person keeps one agent
  assignments.insert(assignments.begin(), "contingent.South.base=\"municipality-01\"");
  assignments.push_back("population.people=1");
  const auto problems = run_and_check(with(small_base(), assignments),
                                      testing::scratch_folder("outputs-minimum") / "minimum.h5");
  INFO(joined(problems));
  CHECK(problems.empty());
}

TEST_CASE("extreme shocks, forces and populations write sound numbers",
          "[outputs][reliability][extremes]") {
  const fs::path dir = testing::scratch_folder("outputs-shocks");
  const model::Scenario base = small_base();
  const std::vector<std::pair<std::string, std::string>> shocks{
      {"a force surging a thousandfold", "kind = \"troop_surge\"\nyear = 1999.6\nmagnitude = 999"},
      {"a force drawn down to nothing",
       "kind = \"drawdown\"\nyear = 1999.5\nweeks = 5200\nmagnitude = 1"},
      {"everyone displaced at once", "kind = \"displacement\"\nyear = 1999.6\nmagnitude = 1"},
      {"demand gone", "kind = \"local_demand\"\nyear = 1999.5\nweeks = 5200\nmagnitude = -1"},
      {"demand a million times over",
       "kind = \"local_demand\"\nyear = 1999.5\nmagnitude = 1000000"},
      {"money draining prices",
       "kind = \"money_influx\"\nyear = 1999.5\nweeks = 5200\nmagnitude = -1000000"},
      {"money flooding in", "kind = \"money_influx\"\nyear = 1999.6\nmagnitude = 1000000"},
      {"an economic shock of no length",
       "kind = \"economic\"\nyear = 1999.7\nweeks = 0\nmagnitude = 1000000\nlocation = "
       "\"municipality-03\""},
  };
  for (const auto& [name, shock] : shocks) {
    INFO(name);
    const model::Scenario shocked = io::parse_scenario(
        "[scenario]\nname = \"shocked\"\n[time]\nyears = 1\n[population]\npeople = 8000\n"
        "municipalities = 6\n[[contingent]]\ncountry = \"A\"\nbase = \"municipality-01\"\n"
        "troops = [[1999, 1400], [2000, 0]]\n[[shock]]\n" +
            shock + "\n",
        "shocked.toml");
    const auto problems = run_and_check(shocked, dir / "shocked.h5");
    INFO(joined(problems));
    CHECK(problems.empty());
  }
  for (const std::vector<std::string>& assignments : std::vector<std::vector<std::string>>{
           {"contingent.North.troops=0", "contingent.South.troops=0"},
           {"contingent.North.troops=10000000", "population.scale=100"},
           {"population.people=1"},
           {"population.people=1", "population.municipalities=200"},
           {"traffickers.pool=0"},
           {"traffickers.pool=1", "traffickers.groups=65535"},
           {"population.acquaintances=200", "population.household_size=30"},
           {"geography.border_crossings=0", "demand.export=1000000"}}) {
    INFO(io::join_overrides(assignments));
    const auto problems = run_and_check(with(base, assignments), dir / "extreme.h5");
    INFO(joined(problems));
    CHECK(problems.empty());
  }
}
