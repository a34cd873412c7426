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
#include "tipsim/io/build_info.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/run.hpp"

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
  entry["schedulable"] = spec.schedulable();
  entry["scope"] = spec.scope == model::ParameterScope::scenario     ? "scenario"
                   : spec.scope == model::ParameterScope::contingent ? "contingent"
                                                                     : "shock";
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
    entry["aggregation"] = spec.aggregation == model::MetricAggregation::stock  ? "stock"
                           : spec.aggregation == model::MetricAggregation::flow ? "flow"
                                                                                : "index";
    // how a run is reduced to one number, as the batch summary does it
    entry["summed_over_run"] = spec.summed_over_run();
    entry["run_units"] = spec.run_units();
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

template <class T>
py::array_t<T> array(const std::vector<T>& values) {
  py::array_t<T> out(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), out.mutable_data());
  return out;
}

py::dict run(const model::Scenario& scenario, std::optional<std::uint64_t> seed, std::size_t threads,
             std::uint32_t replicate) {
  const auto run_seed = seed.value_or(static_cast<std::uint64_t>(scenario.value(model::ParameterId::seed)));
  std::shared_ptr<const model::CompiledModel> compiled;
  model::RunResult result;
  std::size_t threads_used = 0;
  {
    py::gil_scoped_release release;
    const core::ThreadLimit limit(threads);
    threads_used = limit.threads();
    compiled = io::compile_scenario(scenario, run_seed);
    model::RunOptions options;
    options.replicate = replicate;
    result = model::run(compiled, options);
  }
  const std::size_t municipalities = compiled->municipality_count();
  const std::size_t steps = result.data.steps();
  std::vector<double> series, locations;
  for (const auto& metric : result.data.series) series.insert(series.end(), metric.begin(), metric.end());
  for (const auto& metric : result.data.locations) locations.insert(locations.end(), metric.begin(), metric.end());

  const model::NetworkColumns network = model::network_columns(compiled->locations);
  py::dict nodes, routes;
  nodes["name"] = network.name;
  nodes["kind"] = network.kind;
  nodes["population_weight"] = array(network.population_weight);
  nodes["x_km"] = array(network.x_km);
  nodes["y_km"] = array(network.y_km);
  routes["from"] = array(network.from);
  routes["to"] = array(network.to);
  routes["distance_km"] = array(network.distance_km);
  routes["transit_risk"] = array(network.transit_risk);

  py::dict out;
  out["timeseries"] = array(series, {static_cast<py::ssize_t>(model::metric_count), static_cast<py::ssize_t>(steps)});
  out["locations"] = array(locations, {static_cast<py::ssize_t>(model::location_metric_count),
                                       static_cast<py::ssize_t>(steps), static_cast<py::ssize_t>(municipalities)});
  out["years"] = array(scenario.step_years());
  out["municipalities"] = compiled->municipality_names;
  out["nodes"] = nodes;
  out["routes"] = routes;
  out["seed"] = run_seed;
  out["replicate"] = replicate;
  out["threads"] = threads_used;
  out["wall_seconds"] = result.build_seconds + result.step_seconds;
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
