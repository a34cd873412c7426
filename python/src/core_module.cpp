// tipsim._core: the C++ engine for Python. Scenarios, single runs held in memory as numpy
// arrays, and the batch runner. No model logic lives on the Python side; the GIL is released
// while the engine works, on a thread of its own, so that Ctrl-C (a kernel interrupt) stops it
// within a fraction of a second and progress reaches Python. Bad input raises ValueError with
// the CLI's message.

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <chrono>
#include <future>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>

#include "tipsim/batch/compare.hpp"
#include "tipsim/batch/runner.hpp"
#include "tipsim/batch/summary.hpp"
#include "tipsim/core/parallel.hpp"
#include "tipsim/io/batch_file.hpp"
#include "tipsim/io/build_info.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/io/targets_file.hpp"
#include "tipsim/io/text.hpp"
#include "tipsim/model/run.hpp"

namespace py = pybind11;
using namespace tipsim;

namespace {

// a Python value as a file would hold it; anything else is refused by name
io::Value to_value(py::handle object) {
  if (py::isinstance<py::bool_>(object)) return {object.cast<bool>()};
  if (py::isinstance<py::int_>(object)) return {object.cast<std::int64_t>()};
  if (py::isinstance<py::float_>(object)) return {object.cast<double>()};
  if (py::isinstance<py::str>(object)) return {object.cast<std::string>()};
  if (py::hasattr(object, "item") && py::hasattr(object, "dtype") &&
      py::len(object.attr("shape")) == 0)
    return to_value(object.attr("item")());  // numpy scalars
  if (py::isinstance<py::dict>(object)) {
    io::Value::Table table;
    for (auto [key, item] : object.cast<py::dict>())
      table.emplace_back(py::str(key), to_value(item));
    return {std::move(table)};
  }
  if (py::isinstance<py::list>(object) || py::isinstance<py::tuple>(object)) {
    io::Value::Array array;
    for (py::handle item : object) array.push_back(to_value(item));
    return {std::move(array)};
  }
  throw py::value_error("cannot express " + py::repr(object).cast<std::string>() + " (" +
                        py::type::of(object).attr("__name__").cast<std::string>() +
                        ") as a scenario value");
}

io::Value::Table to_table(const py::dict& entries) {
  io::Value::Table table;
  for (auto [key, item] : entries) table.emplace_back(py::str(key), to_value(item));
  return table;
}

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
                   : spec.scope == model::ParameterScope::shock      ? "shock"
                                                                     : "source_region";
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
  out["interpolation"] =
      schedule.interpolation() == core::Interpolation::linear ? "linear" : "step";
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

// What a job has done: (done, in all), written by the engine's threads, read by Python's.
struct Progress {
  std::atomic<std::uint64_t> done{0}, total{0};
  void record(std::uint64_t now, std::uint64_t all) {
    total.store(all);
    // runs finish on several threads: the count only ever grows
    std::uint64_t seen = done.load();
    while (seen < now && !done.compare_exchange_weak(seen, now)) {
    }
  }
};

// The engine's jobs run one at a time on a thread of their own. A job interrupted by Ctrl-C
// winds down there after Python already has its KeyboardInterrupt: a world being built is
// finished (it cannot be cut short), then the runs stop at their next step and are dropped.
// The next job, and the interpreter's exit, wait for it.
class Winding {
 public:
  void keep(std::thread thread) {
    const std::lock_guard lock(mutex_);
    if (thread_.joinable()) thread_.join();
    thread_ = std::move(thread);
  }
  /// Waits for an interrupted job to end (call without the GIL).
  void wait() {
    const std::lock_guard lock(mutex_);
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::mutex mutex_;
  std::thread thread_;
};
Winding winding;

// Runs `work(stop, progress)` on a thread of its own while Python's thread waits in slices of
// 50 ms. Between slices it takes the GIL, lets Python handle signals (Ctrl-C, a kernel
// interrupt) and shows progress through `report(done, total)`. On an interrupt (or an error
// raised by `report`) it sets `stop`, leaves the job to wind down (Winding) and raises at once:
// KeyboardInterrupt with `interrupted(progress)`'s text when given. `work` must own what it uses.
template <class Result>
Result run_interruptibly(std::function<Result(const std::atomic<bool>&, Progress&)> work,
                         const py::object& report,
                         std::function<std::string(const Progress&)> interrupted = {}) {
  struct Job {
    std::atomic<bool> stop{false};
    Progress progress;
    std::promise<Result> promise;
  };
  const auto job = std::make_shared<Job>();
  std::future<Result> future = job->promise.get_future();
  std::optional<py::error_already_set> raised;
  std::uint64_t shown = std::numeric_limits<std::uint64_t>::max();
  const auto show = [&] {
    const std::uint64_t done = job->progress.done.load(), total = job->progress.total.load();
    if (report.is_none() || total == 0 || done == shown) return;
    shown = done;
    report(done, total);
  };
  {
    py::gil_scoped_release release;
    winding.wait();
    std::thread worker([job, work = std::move(work)] {
      try {
        job->promise.set_value(work(job->stop, job->progress));
      } catch (...) {
        job->promise.set_exception(std::current_exception());
      }
    });
    while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      py::gil_scoped_acquire acquire;
      try {
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        show();
      } catch (py::error_already_set& error) {
        raised.emplace(std::move(error));
        job->stop = true;
        break;
      }
    }
    if (raised)
      winding.keep(std::move(worker));
    else
      worker.join();
  }
  if (raised) {
    const std::string text = interrupted ? interrupted(job->progress) : "";
    if (raised->matches(PyExc_KeyboardInterrupt) && !text.empty()) {
      PyErr_SetString(PyExc_KeyboardInterrupt, text.c_str());
      throw py::error_already_set();
    }
    throw std::move(*raised);
  }
  Result result = future.get();  // the engine's own errors (bad input: ValueError)
  show();
  return result;
}

struct RunOutput {
  std::shared_ptr<const model::CompiledModel> compiled;
  model::RunResult result;
  std::size_t threads = 0;
};

py::dict run(const model::Scenario& scenario, std::optional<std::uint64_t> seed,
             std::size_t threads, std::uint32_t replicate, const py::object& progress) {
  const auto run_seed =
      seed.value_or(static_cast<std::uint64_t>(scenario.value(model::ParameterId::seed)));
  const RunOutput output = run_interruptibly<RunOutput>(
      [scenario, run_seed, threads, replicate](const std::atomic<bool>& stop, Progress& steps) {
        RunOutput out;
        const core::ThreadLimit limit(threads);
        out.threads = limit.threads();
        out.compiled = io::compile_scenario(scenario, run_seed);
        model::RunOptions options;
        options.replicate = replicate;
        options.stop = &stop;
        options.progress = [&steps](std::uint32_t done, std::uint32_t total) {
          steps.record(done, total);
        };
        out.result = model::run(out.compiled, options);
        return out;
      },
      progress);
  const auto& compiled = output.compiled;
  const model::RunResult& result = output.result;
  const std::size_t threads_used = output.threads;
  const std::size_t municipalities = compiled->municipality_count();
  const std::size_t steps = result.data.steps();
  std::vector<double> series, locations;
  for (const auto& metric : result.data.series)
    series.insert(series.end(), metric.begin(), metric.end());
  for (const auto& metric : result.data.locations)
    locations.insert(locations.end(), metric.begin(), metric.end());

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
  out["timeseries"] = array(
      series, {static_cast<py::ssize_t>(model::metric_count), static_cast<py::ssize_t>(steps)});
  out["locations"] =
      array(locations, {static_cast<py::ssize_t>(model::location_metric_count),
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

py::dict run_batch(const std::string& path, const std::string& output, std::size_t threads,
                   bool resume, const std::string& command, const py::object& progress) {
  auto plan = std::make_shared<const batch::BatchPlan>(io::load_batch(path));
  const auto outcome = run_interruptibly<batch::BatchOutcome>(
      [plan, output, threads, resume, command](const std::atomic<bool>& stop, Progress& runs) {
        auto communicator = batch::local_communicator();
        batch::BatchOptions options;
        options.output = output;
        options.threads = threads;
        options.resume = resume;
        options.command = command;
        options.stop = &stop;
        options.abandon = &stop;
        options.progress = [&runs](std::uint64_t done, std::uint64_t total) {
          runs.record(done, total);
        };
        return batch::run_batch(*plan, options, *communicator);
      },
      progress,
      [output](const Progress& runs) {
        return "batch interrupted: " + std::to_string(runs.done.load()) + " of " +
               std::to_string(runs.total.load()) + " runs are finished and kept in " +
               batch::partial_folder(output).string() + "; resume=True finishes the batch";
      });
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
      .def_static(
          "load", [](const std::string& path) { return io::load_scenario(path); }, py::arg("path"))
      .def_static("default", &io::embedded_baseline)
      .def_static(
          "parse",
          [](const std::string& text, const std::string& name, const std::string& folder) {
            return io::parse_scenario(text, name, folder);
          },
          py::arg("text"), py::arg("name") = "<text>", py::arg("folder") = "")
      .def(
          "with_overrides",
          [](const model::Scenario& scenario, const py::dict& overrides) {
            model::Scenario copy = scenario;
            for (auto [key, value] : overrides)
              io::apply_override(copy, py::str(key), to_value(value));
            return copy;
          },
          py::arg("overrides"),
          "A copy with typed overrides {key: value}, checked like a scenario file.")
      .def_property_readonly("name", [](const model::Scenario& s) { return s.name; })
      .def_property_readonly("source_path", [](const model::Scenario& s) { return s.source_path; })
      .def_property_readonly("source_text", [](const model::Scenario& s) { return s.source_text; })
      .def_property_readonly("overrides", [](const model::Scenario& s) { return s.overrides; })
      .def_property_readonly("steps", &model::Scenario::steps)
      .def_property_readonly(
          "start_year",
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
  module.def(
      "mean_interval",
      [](const std::vector<double>& values) {
        const batch::Interval interval = batch::mean_interval(values);
        return py::make_tuple(interval.mean, interval.low, interval.high);
      },
      py::arg("values"),
      "Mean and two-sided 95% Student-t interval of the mean (the batch summary's rule).");
  module.def(
      "reduce_runs",
      [](const std::string& metric,
         py::array_t<double, py::array::c_style | py::array::forcecast> values) {
        const model::MetricSpec* spec = nullptr;
        for (const auto& entry : model::metric_table())
          if (entry.name == metric) spec = &entry;
        if (!spec) throw py::key_error("unknown metric '" + metric + "'");
        if (values.ndim() != 2) throw py::value_error("expected runs x steps");
        const auto runs = values.shape(0), steps = values.shape(1);
        py::array_t<double> out(runs);
        std::fill(out.mutable_data(), out.mutable_data() + runs, 0.0);
        if (steps > 0) {
          const std::vector<double> reduced = batch::reduce_runs(
              *spec, std::vector<double>(values.data(), values.data() + runs * steps),
              static_cast<std::size_t>(steps));
          std::copy(reduced.begin(), reduced.end(), out.mutable_data());
        }
        return out;
      },
      py::arg("metric"), py::arg("values"),
      "Each run's one number for a metric, as the batch summary reduces it (flows summed, the rest "
      "averaged).");
  module.def(
      "cost_per_outcome_averted",
      [](const std::vector<double>& extra_cost, const std::vector<double>& averted,
         std::uint32_t resamples, std::uint64_t seed) {
        const batch::Ratio ratio =
            batch::cost_per_outcome_averted(extra_cost, averted, resamples, seed);
        return py::make_tuple(ratio.value, ratio.low, ratio.high);
      },
      py::arg("extra_cost"), py::arg("averted"), py::arg("resamples") = 2000, py::arg("seed") = 1,
      "Paired extra cost per outcome averted with a bootstrap 95% interval over replicates.");
  module.def(
      "compare",
      [](const std::vector<std::string>& variants, const std::vector<std::int64_t>& points,
         const std::vector<std::int64_t>& replicates,
         const std::map<std::string, std::vector<double>>& per_run,
         const std::map<std::int64_t, std::vector<std::string>>& point_assignments,
         const std::string& baseline, const std::string& default_variant,
         const std::vector<std::string>& metrics, const std::vector<std::string>& outcomes,
         const std::string& cost, std::uint32_t resamples) {
        batch::ComparisonOptions options;
        options.baseline = baseline;
        options.default_variant = default_variant;
        options.metrics = metrics;
        options.outcomes = outcomes;
        options.cost = cost;
        options.resamples = resamples;
        const batch::Comparison comparison =
            batch::compare({variants, points, replicates}, point_assignments, per_run, options);
        py::dict effects, costs;
        const auto column = [](py::dict& table, const char* name, auto&& values) {
          table[name] = values;
        };
        std::vector<std::string> variant, point_label, baseline_variant, metric, units, direction,
            verdict;
        std::vector<std::int64_t> point, baseline_point, count;
        std::vector<double> value, value_low, value_high, base, base_low, base_high, effect,
            effect_low, effect_high, percent, percent_low, percent_high;
        for (const batch::EffectRow& row : comparison.effects) {
          variant.push_back(row.variant);
          point.push_back(row.point);
          point_label.push_back(row.point_label);
          baseline_variant.push_back(row.baseline_variant);
          baseline_point.push_back(row.baseline_point);
          metric.push_back(row.metric);
          units.push_back(row.units);
          count.push_back(static_cast<std::int64_t>(row.replicates));
          value.push_back(row.value.mean);
          value_low.push_back(row.value.low);
          value_high.push_back(row.value.high);
          base.push_back(row.baseline.mean);
          base_low.push_back(row.baseline.low);
          base_high.push_back(row.baseline.high);
          effect.push_back(row.effect.mean);
          effect_low.push_back(row.effect.low);
          effect_high.push_back(row.effect.high);
          percent.push_back(row.percent);
          percent_low.push_back(row.percent_low);
          percent_high.push_back(row.percent_high);
          direction.push_back(row.direction);
          verdict.push_back(row.verdict);
        }
        column(effects, "variant", variant);
        column(effects, "point", point);
        column(effects, "point_label", point_label);
        column(effects, "baseline_variant", baseline_variant);
        column(effects, "baseline_point", baseline_point);
        column(effects, "metric", metric);
        column(effects, "units", units);
        column(effects, "replicates", count);
        column(effects, "variant_mean", value);
        column(effects, "variant_low", value_low);
        column(effects, "variant_high", value_high);
        column(effects, "baseline_mean", base);
        column(effects, "baseline_low", base_low);
        column(effects, "baseline_high", base_high);
        column(effects, "effect", effect);
        column(effects, "effect_low", effect_low);
        column(effects, "effect_high", effect_high);
        column(effects, "percent", percent);
        column(effects, "percent_low", percent_low);
        column(effects, "percent_high", percent_high);
        column(effects, "direction", direction);
        column(effects, "verdict", verdict);

        std::vector<std::string> cost_variant, cost_label, cost_baseline, cost_outcome, cost_units,
            note;
        std::vector<std::int64_t> cost_point, cost_baseline_point, cost_count;
        std::vector<double> ratio, ratio_low, ratio_high, extra, averted;
        for (const batch::CostRow& row : comparison.costs) {
          cost_variant.push_back(row.variant);
          cost_point.push_back(row.point);
          cost_label.push_back(row.point_label);
          cost_baseline.push_back(row.baseline_variant);
          cost_baseline_point.push_back(row.baseline_point);
          cost_outcome.push_back(row.outcome);
          cost_units.push_back(row.units);
          cost_count.push_back(static_cast<std::int64_t>(row.replicates));
          ratio.push_back(row.ratio.value);
          ratio_low.push_back(row.ratio.low);
          ratio_high.push_back(row.ratio.high);
          extra.push_back(row.extra_cost.mean);
          averted.push_back(row.averted.mean);
          note.push_back(row.note);
        }
        column(costs, "variant", cost_variant);
        column(costs, "point", cost_point);
        column(costs, "point_label", cost_label);
        column(costs, "baseline_variant", cost_baseline);
        column(costs, "baseline_point", cost_baseline_point);
        column(costs, "outcome", cost_outcome);
        column(costs, "units", cost_units);
        column(costs, "replicates", cost_count);
        column(costs, "cost_per_outcome_averted", ratio);
        column(costs, "low", ratio_low);
        column(costs, "high", ratio_high);
        column(costs, "extra_cost", extra);
        column(costs, "averted", averted);
        column(costs, "note", note);
        return py::make_tuple(comparison.baseline, effects, costs);
      },
      py::arg("variants"), py::arg("points"), py::arg("replicates"), py::arg("per_run"),
      py::arg("point_assignments"), py::arg("baseline"), py::arg("default_variant"),
      py::arg("metrics"), py::arg("outcomes") = batch::costed_outcomes(),
      py::arg("cost") = "policy_cost", py::arg("resamples") = 2000,
      "Effects of every configuration against a baseline configuration, paired by replicate "
      "(the rule of tipsim summary): (baseline in words, effect columns, cost columns).");
  module.def(
      "main_metrics", [] { return batch::main_metrics(); },
      "The metrics tipsim summary and the report show unless told otherwise.");
  module.def(
      "costed_outcomes", [] { return batch::costed_outcomes(); },
      "The outcomes whose cost per unit averted tipsim summary and the report give unless told "
      "otherwise.");
  module.def(
      "load_targets",
      [](const std::string& path) {
        const io::TargetsSpec spec = io::load_targets(path);
        py::dict out;
        out["name"] = spec.name;
        out["source_path"] = spec.source_path;
        out["text"] = spec.source_text;
        out["scenario_path"] = spec.scenario_path.string();
        out["replicates"] = spec.replicates;
        py::list parameters, targets;
        for (const io::TargetParameter& parameter : spec.parameters) {
          py::dict entry;
          entry["key"] = parameter.key;
          entry["minimum"] = parameter.minimum;
          entry["maximum"] = parameter.maximum;
          entry["logarithmic"] = parameter.logarithmic;
          entry["whole"] = parameter.whole;
          parameters.append(entry);
        }
        for (const io::CalibrationTarget& target : spec.targets) {
          py::dict entry;
          entry["name"] = target.name;
          entry["metrics"] = target.metrics;
          entry["reduce"] = target.reduce;
          entry["low"] = target.low;
          entry["high"] = target.high;
          entry["kind"] = target.kind;
          entry["source"] = target.source;
          entry["period"] =
              target.period
                  ? py::object(py::make_tuple(target.period->first, target.period->second))
                  : py::object(py::none());
          entry["denominator"] = target.denominator;
          entry["denominator_reduce"] = target.denominator_reduce;
          targets.append(entry);
        }
        out["parameters"] = parameters;
        out["targets"] = targets;
        return out;
      },
      py::arg("path"),
      "Read and check a calibration targets file (every problem at once, as ValueError).");
  module.def(
      "did_you_mean", &io::did_you_mean, py::arg("word"), py::arg("known"),
      "\" (did you mean '...'?)\" for the known word closest to a misspelt one, or \"\" (the "
      "engine's rule, for every suggestion tipsim makes).");
  module.def(
      "batch_toml",
      [](const std::string& name, const std::string& scenario, std::uint32_t replicates,
         std::optional<std::uint64_t> seed, std::optional<std::string> baseline,
         const std::vector<std::pair<std::string, py::dict>>& variants, const py::dict& grid,
         std::optional<py::dict> sample) {
        io::BatchDescription description;
        description.name = name;
        description.scenario = scenario;
        description.replicates = replicates;
        description.seed = seed;
        description.baseline = baseline;
        for (const auto& [variant, overrides] : variants)
          description.variants.emplace_back(variant, to_table(overrides));
        description.grid = to_table(grid);
        if (sample) description.sample = to_table(*sample);
        return io::batch_toml(description);
      },
      py::arg("name"), py::arg("scenario"), py::arg("replicates"), py::arg("seed"),
      py::arg("baseline"), py::arg("variants"), py::arg("grid"), py::arg("sample"),
      "The text of a batch file.");
  module.def("run", &run, py::arg("scenario"), py::arg("seed") = py::none(), py::arg("threads") = 0,
             py::arg("replicate") = 0, py::arg("progress") = py::none(),
             "Run a scenario in memory; returns arrays and metadata. `progress(steps done, "
             "steps)` is called on this thread as the run goes; Ctrl-C stops the run and raises "
             "KeyboardInterrupt.");
  module.def("run_batch", &run_batch, py::arg("path"), py::arg("output"), py::arg("threads") = 0,
             py::arg("resume") = false, py::arg("command") = "", py::arg("progress") = py::none(),
             "Run a batch file into a results file (`command` is recorded in its /metadata). "
             "`progress(runs done, runs)` is called on this thread; Ctrl-C stops the batch "
             "within a step, keeps the finished runs and raises KeyboardInterrupt.");
  module.attr("__version__") = io::tipsim_version();
  // an interrupted job still winding down ends before the interpreter does
  py::module_::import("atexit").attr("register")(py::cpp_function([] {
    py::gil_scoped_release release;
    winding.wait();
  }));
}
