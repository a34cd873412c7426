#include "tipsim/io/results_writer.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>
#include <stdexcept>

#include "hdf5.hpp"
#include "hdf5_driver.hpp"
#include "tipsim/io/build_info.hpp"
#include "tipsim/io/files.hpp"

namespace tipsim::io {
namespace {

namespace fs = std::filesystem;
using namespace hdf5;

void describe_metric(hid_t set, const model::MetricSpec& spec) {
  describe(set, std::string(spec.unit), std::string(spec.description));
  attribute(set, "description", std::string(spec.description));
  attribute(set, "observation", std::string(spec.observation));
}

// A (configurations x 7) table of statistics under `parent`, its column names in the attribute
// "columns": the summary's metrics and costs alike.
Handle write_statistics(hid_t parent, const std::string& name,
                        const std::vector<std::array<double, 7>>& rows,
                        const std::array<const char*, 7>& columns) {
  const hsize_t dims[2] = {rows.size(), columns.size()};
  const Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose, "create a space");
  Handle set(H5Dcreate2(parent, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT,
                        H5P_DEFAULT),
             H5Dclose, "create a summary dataset");
  if (!rows.empty())
    check(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()),
          "write a summary");
  std::string header;
  for (const char* column : columns) header += (header.empty() ? "" : ",") + std::string(column);
  attribute(set, "columns", header);
  return set;
}

std::string now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

}  // namespace

struct ResultsWriter::Impl {
  fs::path path;
  fs::path temporary;
  Handle file;
  Handle run_scale;  // /run: the run dimension (netCDF-4 reads it as a dimension and coordinate)
  Handle run_id, run_scenario, run_variant, run_point, run_replicate, run_seed, run_overrides;
  std::vector<Handle> run_parameters;
  std::vector<Handle> series;     // per Metric
  std::vector<Handle> locations;  // per LocationMetric
  std::size_t municipalities = 0;
  std::size_t steps = 0;
  std::size_t runs = 0;
  std::size_t reserved = 0;
  bool committed = false;

  // datasets reserved for more runs than were written shrink to the runs written
  void trim() {
    if (runs >= reserved) return;
    auto shrink = [&](hid_t set) {
      const Handle space(H5Dget_space(set), H5Sclose, "get a space");
      std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space)));
      H5Sget_simple_extent_dims(space, dims.data(), nullptr);
      dims[0] = runs;
      check(H5Dset_extent(set, dims.data()), "shrink a dataset");
    };
    for (const Handle& set : series) shrink(set);
    for (const Handle& set : locations) shrink(set);
    for (const Handle& set : run_parameters) shrink(set);
    for (hid_t set :
         {hid_t(run_scale), hid_t(run_id), hid_t(run_scenario), hid_t(run_variant),
          hid_t(run_point), hid_t(run_replicate), hid_t(run_seed), hid_t(run_overrides)})
      shrink(set);
  }

  // every dataset handle is closed before the file, so the file really closes
  void close_datasets() {
    series.clear();
    locations.clear();
    run_parameters.clear();
    for (Handle* handle : {&run_scale, &run_id, &run_scenario, &run_variant, &run_point,
                           &run_replicate, &run_seed, &run_overrides})
      handle->reset();
  }

  // An unfinished file never stays behind, whatever failed (a full disk included): the driver
  // writes nothing more, so closing cannot fail, and the temporary is removed.
  ~Impl() {
    if (committed) return;
    try {
      if (file >= 0) prepare_close(file, Closing::abandon);
    } catch (const std::exception&) {
      // not our driver's file: close it as it is
    }
    close_datasets();
    file.reset();
    std::error_code ignored;
    fs::remove(temporary, ignored);
  }
};

ResultsWriter::ResultsWriter(fs::path path, const model::CompiledModel& model,
                             std::vector<std::string> parameter_columns, WriterOptions options)
    : impl_(std::make_unique<Impl>()) {
  silence_errors();
  const std::size_t municipalities = model.municipality_count();
  const std::vector<double> step_years = model.scenario.step_years();
  Impl& w = *impl_;
  w.path = std::move(path);
  w.temporary = temporary_path(w.path);
  last_failure();  // a failure reported earlier on this thread is not this file's
  w.municipalities = municipalities;
  w.steps = step_years.size();
  w.reserved = options.runs;
  if (w.path.has_parent_path()) fs::create_directories(w.path.parent_path());
  // what killed writers of the same name left behind
  remove_stale_temporaries(w.path.has_parent_path() ? w.path.parent_path() : fs::path("."),
                           w.path.filename().string());
  // the HDF5 1.10 format indexes chunks of growing datasets with an extensible array, whose
  // memory does not grow with the number of runs as the older B-tree's does
  const Handle file_access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access properties");
  check(H5Pset_libver_bounds(file_access, H5F_LIBVER_V110, H5F_LIBVER_V110), "set the file format");
  use_results_driver(file_access);
  w.file = Handle(H5Fcreate(w.temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, file_access), H5Fclose,
                  ("create " + w.temporary.string()).c_str());
  attribute(w.file, "format", std::string("tipsim-results"));
  attribute(w.file, "format_version", static_cast<std::int64_t>(results_format_version));
  attribute(w.file, "title", "tipsim results: " + model.scenario.name);

  const hsize_t reserved = options.runs;
  const bool compress = options.compress;
  // whole-run series are small: many runs share a chunk, compressed once when it is full (it
  // stays in HDF5's chunk cache meanwhile); location data are larger: four runs to a chunk
  const hsize_t chunk_runs = std::clamp<hsize_t>(reserved, 1, 64);

  // the dimensions every run shares, as dimension scales at the root: tools that know nothing
  // of tipsim (netCDF-4, xarray, h5dump) tell runs from steps from municipalities by them
  w.run_scale = extendible(w.file, "run", H5T_STD_I64LE, {}, reserved, compress, chunk_runs);
  make_scale(w.run_scale, "run");
  describe(w.run_scale, "1", "run id (the run's number in its batch plan)");
  std::vector<std::int64_t> step_numbers(w.steps);
  for (std::size_t s = 0; s < w.steps; ++s) step_numbers[s] = static_cast<std::int64_t>(s);
  const Handle step_scale = write_column(w.file, "step", step_numbers);
  make_scale(step_scale, "step");
  describe(step_scale, "week", "weekly step, counted from 0");
  const Handle municipality_scale = write_column(w.file, "municipality", model.municipality_names);
  make_scale(municipality_scale, "municipality");
  describe(municipality_scale, "municipality name");
  const hid_t run_dimension = w.run_scale;
  const hid_t step_dimension = step_scale;
  const hid_t municipality_dimension = municipality_scale;

  const Handle time = group(w.file, "time");
  describe(time, "calendar of the weekly steps");
  const Handle years = write_column(time, "year", step_years);
  describe(years, "year", "calendar date of the step as a decimal year");
  attach_scales(years, {step_dimension});

  const Handle runs = group(w.file, "runs");
  describe(runs, "one row per run: what ran, with which overrides and random streams");
  attribute(runs, "description",
            std::string("Columns of the run dimension. A run's random streams are keyed by "
                        "(seed, replicate): runs of one replicate share them (common random "
                        "numbers)."));
  const Handle text = string_type();
  const auto run_column = [&](const char* name, hid_t type, const char* units,
                              const std::string& long_name) {
    Handle set = extendible(runs, name, type, {}, reserved, compress, chunk_runs);
    if (units)
      describe(set, units, long_name);
    else
      describe(set, long_name);
    attach_scales(set, {run_dimension});
    return set;
  };
  w.run_id = run_column("id", H5T_STD_I64LE, "1", "run id");
  w.run_scenario = run_column("scenario", text, nullptr, "scenario name");
  w.run_variant = run_column("variant", text, nullptr, "variant name");
  w.run_point = run_column("point", H5T_STD_I64LE, "1", "grid or sample point, from 0");
  w.run_replicate = run_column("replicate", H5T_STD_I64LE, "1", "replicate, from 0");
  w.run_seed = run_column("seed", H5T_STD_U64LE, "1", "seed of the run's random streams");
  w.run_overrides =
      run_column("overrides", text, nullptr, "overrides applied to the scenario (key=value; ...)");
  if (!parameter_columns.empty()) {
    const Handle parameters = group(runs, "parameters");
    describe(parameters, "value of every parameter the batch varies, per run");
    for (const std::string& key : parameter_columns) {
      const model::ParameterSpec* spec = model::find_parameter(key);
      w.run_parameters.push_back(
          extendible(parameters, key.c_str(), H5T_IEEE_F64LE, {}, reserved, compress, chunk_runs));
      describe(w.run_parameters.back(), spec ? std::string(spec->unit) : std::string("1"),
               spec ? std::string(spec->description) + " (NaN where a schedule)"
                    : key + " (a contingent field; NaN)");
      attach_scales(w.run_parameters.back(), {run_dimension});
    }
  }

  const Handle timeseries = group(w.file, "timeseries");
  describe(timeseries, "every metric of every run, per weekly step");
  for (const model::MetricSpec& spec : model::metric_table()) {
    w.series.push_back(extendible(timeseries, std::string(spec.name).c_str(),
                                  spec.count ? H5T_STD_I64LE : H5T_IEEE_F64LE, {w.steps}, reserved,
                                  compress, chunk_runs));
    describe_metric(w.series.back(), spec);
    attach_scales(w.series.back(), {run_dimension, step_dimension});
  }
  const Handle places = group(w.file, "locations");
  describe(places, "metrics per municipality, per weekly step");
  for (const model::MetricSpec& spec : model::location_metric_table()) {
    w.locations.push_back(extendible(
        places, std::string(spec.name).c_str(), spec.count ? H5T_STD_I64LE : H5T_IEEE_F64LE,
        {w.steps, municipalities}, reserved, compress, std::min<hsize_t>(chunk_runs, 4)));
    describe_metric(w.locations.back(), spec);
    attach_scales(w.locations.back(), {run_dimension, step_dimension, municipality_dimension});
  }

  const model::NetworkColumns network = model::network_columns(model.locations);
  const Handle graph = group(w.file, "network");
  describe(graph, "the location graph every run shares: nodes (municipalities first) and roads");
  attribute(graph, "source",
            model.scenario.location_tables
                ? "read from " + model.scenario.location_tables->locations_file + " and " +
                      model.scenario.location_tables->routes_file
                : std::string("generated from the population.* and geography.* parameters"));
  attribute(graph, "nodes", static_cast<std::int64_t>(network.name.size()));
  attribute(graph, "routes", static_cast<std::int64_t>(network.from.size()));
  std::vector<std::int64_t> node_numbers(network.name.size()), route_numbers(network.from.size());
  for (std::size_t i = 0; i < node_numbers.size(); ++i)
    node_numbers[i] = static_cast<std::int64_t>(i);
  for (std::size_t i = 0; i < route_numbers.size(); ++i)
    route_numbers[i] = static_cast<std::int64_t>(i);
  const Handle node_scale = write_column(graph, "node", node_numbers);
  make_scale(node_scale, "node");
  describe(node_scale, "1", "node index (municipalities first)");
  const Handle route_scale = write_column(graph, "route", route_numbers);
  make_scale(route_scale, "route");
  describe(route_scale, "1", "road index");
  const auto node_column = [&](const Handle& set, const char* units, const char* long_name,
                               hid_t scale) {
    if (units)
      describe(set, units, long_name);
    else
      describe(set, long_name);
    attach_scales(set, {scale});
  };
  const Handle nodes = group(graph, "nodes");
  describe(nodes, "one row per node of the location graph");
  node_column(write_column(nodes, "name", network.name), nullptr, "node name", node_scale);
  node_column(write_column(nodes, "kind", network.kind), nullptr,
              "municipality, base, border_crossing or market", node_scale);
  node_column(write_column(nodes, "population_weight", network.population_weight), "1",
              "relative share of the population (municipalities; 0 otherwise)", node_scale);
  node_column(write_column(nodes, "x_km", network.x_km), "km", "east-west position", node_scale);
  node_column(write_column(nodes, "y_km", network.y_km), "km", "north-south position", node_scale);
  const Handle names = write_column(graph, "municipalities", model.municipality_names);
  describe(names, "municipality names (the first nodes)");
  attach_scales(names, {municipality_dimension});
  const Handle routes = group(graph, "routes");
  describe(routes, "one row per road (undirected)");
  node_column(write_column(routes, "from", network.from), "1", "node index of one end",
              route_scale);
  node_column(write_column(routes, "to", network.to), "1", "node index of the other end",
              route_scale);
  node_column(write_column(routes, "distance_km", network.distance_km), "km", "road length",
              route_scale);
  node_column(write_column(routes, "transit_risk", network.transit_risk), "1",
              "scales border interception on this road (0-1)", route_scale);
}

ResultsWriter::~ResultsWriter() = default;

std::size_t ResultsWriter::runs() const noexcept { return impl_->runs; }

void ResultsWriter::add_run(const RunRow& run, const model::RunData& data) {
  Impl& w = *impl_;
  // rows are written from these vectors as they are: a short one would be read past its end
  const auto shaped = [](const auto& rows, std::size_t count, std::size_t size) {
    return rows.size() == count && std::all_of(rows.begin(), rows.end(),
                                               [&](const auto& row) { return row.size() == size; });
  };
  if (!shaped(data.series, model::metric_count, w.steps) ||
      !shaped(data.locations, model::location_metric_count, w.steps * w.municipalities))
    throw std::invalid_argument("a run does not have the file's " + std::to_string(w.steps) +
                                " steps and " + std::to_string(w.municipalities) + " places");
  if (run.parameters.size() != w.run_parameters.size())
    throw std::invalid_argument("a run has " + std::to_string(run.parameters.size()) +
                                " parameter values, the file " +
                                std::to_string(w.run_parameters.size()) + " parameter columns");
  const hsize_t row = w.runs;
  const std::int64_t replicate = run.replicate;
  write_row(w.run_scale, H5T_NATIVE_INT64, row, &run.id);
  write_row(w.run_id, H5T_NATIVE_INT64, row, &run.id);
  write_row(w.run_point, H5T_NATIVE_INT64, row, &run.point);
  for (std::size_t column = 0; column < w.run_parameters.size(); ++column)
    write_row(w.run_parameters[column], H5T_NATIVE_DOUBLE, row, &run.parameters[column]);
  const Handle text = string_type();
  const char* scenario = run.scenario.c_str();
  const char* variant = run.variant.c_str();
  const char* overrides = run.overrides.c_str();
  write_row(w.run_scenario, text, row, &scenario);
  write_row(w.run_variant, text, row, &variant);
  write_row(w.run_replicate, H5T_NATIVE_INT64, row, &replicate);
  write_row(w.run_seed, H5T_NATIVE_UINT64, row, &run.seed);
  write_row(w.run_overrides, text, row, &overrides);

  for (std::size_t metric = 0; metric < model::metric_count; ++metric)
    write_row(w.series[metric], H5T_NATIVE_DOUBLE, row, data.series[metric].data());
  for (std::size_t metric = 0; metric < model::location_metric_count; ++metric)
    write_row(w.locations[metric], H5T_NATIVE_DOUBLE, row, data.locations[metric].data());
  ++w.runs;
}

void ResultsWriter::write_summary(const SummaryTable& summary) {
  Impl& w = *impl_;
  const Handle group_handle = group(w.file, "summary");
  describe(group_handle,
           "statistics over replicates per configuration (a variant at a point), and paired "
           "differences to the baseline variant at the same point");
  std::vector<std::int64_t> numbers(summary.variant.size());
  for (std::size_t c = 0; c < numbers.size(); ++c) numbers[c] = static_cast<std::int64_t>(c);
  const Handle configuration = write_column(group_handle, "configuration", numbers);
  make_scale(configuration, "configuration");
  describe(configuration, "1", "configuration index (variants, then points)");
  const std::vector<std::string> statistics(summary_columns.begin(), summary_columns.end());
  const Handle statistic = write_column(group_handle, "statistic", statistics);
  make_scale(statistic, "statistic");
  describe(statistic, "statistic over replicates (the columns of metrics/*)");
  const auto column = [&](Handle set, const char* units, const char* long_name) {
    if (units)
      describe(set, units, long_name);
    else
      describe(set, long_name);
    attach_scales(set, {configuration});
  };
  column(write_column(group_handle, "variant", summary.variant), nullptr, "variant");
  column(write_column(group_handle, "point", summary.point), "1", "grid or sample point");
  column(write_column(group_handle, "point_overrides", summary.point_overrides), nullptr,
         "overrides that make the point (key=value; ...)");
  column(write_column(group_handle, "baseline", summary.baseline), nullptr,
         "variant the differences are taken against, at the same point");
  column(write_column(group_handle, "replicates", summary.replicates), "1",
         "replicates behind the row");
  const Handle metrics = group(group_handle, "metrics");
  describe(metrics, "per metric: configurations x statistics");
  for (const SummaryTable::Metric& metric : summary.metrics) {
    const Handle set = write_statistics(metrics, metric.name, metric.rows, summary_columns);
    describe(set, metric.units, metric.name + " per run (" + metric.reduction + ")");
    attribute(set, "reduction", metric.reduction);
    attach_scales(set, {configuration, statistic});
  }
  if (summary.costs.empty()) return;
  const std::vector<std::string> cost_names(cost_columns.begin(), cost_columns.end());
  const Handle cost_statistic = write_column(group_handle, "cost_statistic", cost_names);
  make_scale(cost_statistic, "cost_statistic");
  describe(cost_statistic, "statistic of the cost per outcome averted (the columns of costs/*)");
  const Handle costs = group(group_handle, "costs");
  describe(costs,
           "per outcome: extra policy cost per unit averted against the baseline variant at the "
           "same point, paired by replicate (configurations x cost statistics)");
  for (const SummaryTable::Cost& cost : summary.costs) {
    const Handle set = write_statistics(costs, cost.outcome, cost.rows, cost_columns);
    describe(set, cost.units,
             "extra policy cost per unit of " + cost.outcome +
                 " averted (the ratio is NaN unless the 95% interval of the units averted lies "
                 "above zero)");
    attach_scales(set, {configuration, cost_statistic});
  }
}

void ResultsWriter::commit(const FileMetadata& metadata) {
  Impl& w = *impl_;
  {
    const Handle group_handle = group(w.file, "metadata");
    attribute(group_handle, "scenario_text", metadata.scenario_text);
    attribute(group_handle, "resolved_scenario", metadata.resolved_scenario);
    attribute(group_handle, "tipsim_version", tipsim_version());
    attribute(group_handle, "git_commit", git_commit());
    attribute(group_handle, "uncommitted_changes", uncommitted_changes());
    attribute(group_handle, "command", metadata.command);
    attribute(group_handle, "seed", static_cast<std::int64_t>(metadata.seed));
    attribute(group_handle, "threads", static_cast<std::int64_t>(metadata.threads));
    attribute(group_handle, "wall_seconds", metadata.wall_seconds);
    attribute(group_handle, "created", now_iso8601());
    for (const auto& [name, value] : metadata.extra) attribute(group_handle, name.c_str(), value);
  }
  w.trim();
  // from here on a failed write is recorded rather than failing the close (see hdf5_driver.hpp)
  const auto written = prepare_close(w.file, Closing::keep);
  w.close_datasets();
  const bool closed = w.file.reset();
  if (!written->failure.empty()) throw std::runtime_error(written->failure);
  if (!closed) throw std::runtime_error("HDF5: cannot close " + w.temporary.string());
  fs::rename(w.temporary, w.path);
  w.committed = true;
}

}  // namespace tipsim::io
