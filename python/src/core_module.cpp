// tipsim._core: the C++ engine for Python. Scenarios, single runs held in memory as numpy
// arrays, and the batch runner. No model logic lives on the Python side; the GIL is released
// while the engine works. Bad input raises ValueError with the CLI's message.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <optional>

#include "tipsim/batch/runner.hpp"
#include "tipsim/batch/summary.hpp"
#include "tipsim/core/parallel.hpp"
#include "tipsim/io/batch_file.hpp"
#include "tipsim/io/results_file.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/simulation.hpp"

namespace py = pybind11;
using namespace tipsim;

namespace {

py::dict spec_dict(const model::ParameterSpec& spec) {
  py::dict entry;
  entry["key"] = std::string(spec.key);
  entry["kind"] = std::string(model::kind_name(spec.kind));
  entry["default"] = spec.default_text();
  entry["minimum"] = spec.minimum;
  entry["maximum"] = spec.maximum;
  entry["unit"] = std::string(spec.unit);
  entry["description"] = std::string(spec.description);
  entry["source"] = std::string(spec.source);
  entry["schedulable"] = spec.schedulable;
  return entry;
}

py::list metric_list(const auto& table) {
  py::list metrics;
  for (const model::MetricSpec& spec : table) {
    py::dict entry;
    entry["name"] = std::string(spec.name);
    entry["unit"] = std::string(spec.unit);
    entry["count"] = spec.count;
    entry["observation"] = std::string(spec.observation);
    entry["description"] = std::string(spec.description);
    // how a run is reduced to one number, as the batch summary does it
    entry["summed_over_run"] = batch::summed_over_run(spec);
    entry["run_units"] = batch::reduced_units(spec);
    metrics.append(entry);
  }
  return metrics;
}

// a parameter's value as Python sees it: a number, a string for choices, a bool for flags, or
// {"points": [(year, value), ...], "interpolation": "step" | "linear"} for a schedule
py::object value_of(const model::ParameterSpec& spec, const core::Schedule& schedule) {
  auto point = [&](double value) -> py::object {
    if (spec.kind == model::ParameterKind::choice)
      return py::str(std::string(spec.choices().at(static_cast<std::size_t>(value))));
    if (spec.kind == model::ParameterKind::flag) return py::bool_(value != 0);
    return py::float_(value);
  };
  if (schedule.is_constant()) return point(schedule.points().front().value);
  py::list points;
  for (const auto& p : schedule.points()) points.append(py::make_tuple(p.time, point(p.value)));
  py::dict out;
  out["points"] = points;
  out["interpolation"] = schedule.interpolation() == core::Interpolation::linear ? "linear" : "step";
  return out;
}

py::array_t<double> array(std::vector<double> values, std::vector<py::ssize_t> shape) {
  py::array_t<double> out(shape);
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

py::dict run(const model::Scenario& scenario, std::optional<std::uint64_t> seed, std::size_t threads,
             std::uint32_t replicate) {
  const auto run_seed = seed.value_or(static_cast<std::uint64_t>(scenario.value(model::ParameterId::seed)));
  std::optional<model::Simulation> simulation;
  model::MetricsRecorder recorder;
  double seconds = 0;
  std::size_t threads_used = 0;
  {
    py::gil_scoped_release release;
    const core::ThreadLimit limit(threads);
    threads_used = limit.threads();
    const auto start = std::chrono::steady_clock::now();
    try {
      simulation.emplace(scenario, run_seed, replicate);
    } catch (const std::invalid_argument& error) {
      throw io::InputError(scenario.source_path, 0, "", error.what());
    }
    simulation->run(recorder);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  const model::World& world = simulation->world();
  const std::size_t municipalities = world.municipalities.size();
  const std::size_t steps = recorder.steps().size();
  const io::RunData data = io::RunData::from_steps(recorder.steps(), municipalities);

  std::vector<double> series, locations;
  const std::vector<double> years = scenario.step_years();
  for (const auto& metric : data.series) series.insert(series.end(), metric.begin(), metric.end());
  for (const auto& metric : data.locations) locations.insert(locations.end(), metric.begin(), metric.end());

  py::list names, kinds;
  std::vector<double> x, y, weight;
  for (std::size_t v = 0; v < boost::num_vertices(world.locations); ++v) {
    names.append(world.locations[v].name);
    kinds.append(model::location_kind_names[static_cast<std::size_t>(world.locations[v].kind)]);
    x.push_back(world.locations[v].x_km);
    y.push_back(world.locations[v].y_km);
    weight.push_back(world.locations[v].population_weight);
  }
  std::vector<double> from, to, distance, risk;
  for (auto [it, end] = boost::edges(world.locations); it != end; ++it) {
    from.push_back(static_cast<double>(boost::source(*it, world.locations)));
    to.push_back(static_cast<double>(boost::target(*it, world.locations)));
    distance.push_back(world.locations[*it].distance_km);
    risk.push_back(world.locations[*it].transit_risk);
  }
  const auto n = static_cast<py::ssize_t>(x.size());
  const auto e = static_cast<py::ssize_t>(from.size());
  py::dict nodes, routes;
  nodes["name"] = names;
  nodes["kind"] = kinds;
  nodes["population_weight"] = array(weight, {n});
  nodes["x_km"] = array(x, {n});
  nodes["y_km"] = array(y, {n});
  routes["from"] = array(from, {e});
  routes["to"] = array(to, {e});
  routes["distance_km"] = array(distance, {e});
  routes["transit_risk"] = array(risk, {e});

  py::dict out;
  out["timeseries"] = array(series, {static_cast<py::ssize_t>(model::metric_count), static_cast<py::ssize_t>(steps)});
  out["locations"] = array(locations, {static_cast<py::ssize_t>(model::location_metric_count),
                                       static_cast<py::ssize_t>(steps), static_cast<py::ssize_t>(municipalities)});
  out["years"] = array(years, {static_cast<py::ssize_t>(steps)});
  py::list municipality_names;
  for (std::size_t m = 0; m < municipalities; ++m) municipality_names.append(world.locations[m].name);
  out["municipalities"] = municipality_names;
  out["nodes"] = nodes;
  out["routes"] = routes;
  out["seed"] = run_seed;
  out["replicate"] = replicate;
  out["threads"] = threads_used;
  out["wall_seconds"] = seconds;
  out["scenario_text"] = scenario.source_text;
  out["resolved_scenario"] = io::resolved_toml(scenario);
  out["tipsim_version"] = io::tipsim_version();
  out["git_commit"] = io::git_commit();
  return out;
}

py::dict run_batch(const std::string& path, const std::string& output, std::size_t threads, bool resume) {
  std::optional<batch::BatchPlan> plan;
  plan.emplace(io::load_batch(path));
  batch::BatchOutcome outcome;
  {
    py::gil_scoped_release release;
    auto communicator = batch::local_communicator();
    outcome = batch::run_batch(*plan, {output, threads, resume, {}, nullptr}, *communicator);
  }
  py::dict out;
  out["runs"] = outcome.runs;
  out["resumed"] = outcome.resumed;
  out["ran"] = outcome.ran_here;
  out["already_complete"] = outcome.already_complete;
  out["seconds"] = outcome.seconds;
  out["output"] = output;
  return out;
}

}  // namespace

PYBIND11_MODULE(_core, module) {
  module.doc() = "The tipsim engine: scenarios, runs and batches (see the tipsim package).";
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) std::rethrow_exception(pointer);
    } catch (const io::InputError& error) {
      PyErr_SetString(PyExc_ValueError, error.what());
    }
  });

  py::class_<model::Scenario>(module, "Scenario", "A validated scenario (use tipsim.Scenario).")
      .def_static("load", [](const std::string& path) { return io::load_scenario(path); }, py::arg("path"))
      .def_static("default", &io::embedded_baseline)
      .def_static(
          "parse",
          [](const std::string& text, const std::string& name, const std::string& folder) {
            return io::parse_scenario(text, name, folder);
          },
          py::arg("text"), py::arg("name") = "<text>", py::arg("folder") = "")
      .def(
          "with_overrides",
          [](const model::Scenario& scenario, const std::vector<std::string>& assignments) {
            model::Scenario copy = scenario;
            for (const std::string& assignment : assignments) io::apply_override(copy, assignment);
            return copy;
          },
          py::arg("assignments"))
      .def_property_readonly("name", [](const model::Scenario& s) { return s.name; })
      .def_property_readonly("source_path", [](const model::Scenario& s) { return s.source_path; })
      .def_property_readonly("source_text", [](const model::Scenario& s) { return s.source_text; })
      .def_property_readonly("overrides", [](const model::Scenario& s) { return s.overrides; })
      .def_property_readonly("steps", &model::Scenario::steps)
      .def_property_readonly("start_year",
                             [](const model::Scenario& s) { return s.value(model::ParameterId::start_year); })
      .def("resolved_toml", [](const model::Scenario& s) { return io::resolved_toml(s); })
      .def("values", [](const model::Scenario& s) {
        py::dict values;
        for (const auto& spec : model::parameter_table())
          values[py::str(std::string(spec.key))] = value_of(spec, s.schedule(spec.id));
        return values;
      });

  module.def("parameter_table", [] {
    py::list table;
    for (const auto& spec : model::parameter_table()) table.append(spec_dict(spec));
    return table;
  });
  module.def("metric_table", [] { return metric_list(model::metric_table()); });
  module.def("location_metric_table", [] { return metric_list(model::location_metric_table()); });
  module.def("run", &run, py::arg("scenario"), py::arg("seed") = py::none(), py::arg("threads") = 0,
             py::arg("replicate") = 0, "Run a scenario in memory; returns arrays and metadata.");
  module.def("run_batch", &run_batch, py::arg("path"), py::arg("output"), py::arg("threads") = 0,
             py::arg("resume") = false, "Run a batch file; writes the results file.");
  module.attr("__version__") = io::tipsim_version();
}
