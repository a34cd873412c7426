#include "tipsim/io/results_file.hpp"

#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "tipsim/io/input_error.hpp"
#include "tipsim/io/version.hpp"

namespace tipsim::io {
namespace {

namespace fs = std::filesystem;

// an hid_t that closes itself
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t), const char* what) : id_(id), close_(close) {
    if (id_ < 0) throw std::runtime_error(std::string("HDF5: cannot ") + what);
  }
  Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept {
    std::swap(id_, other.id_);
    std::swap(close_, other.close_);
    return *this;
  }
  ~Handle() { reset(); }
  void reset() {
    if (id_ >= 0 && close_) close_(id_);
    id_ = -1;
  }
  operator hid_t() const noexcept { return id_; }  // NOLINT: handles pass straight to the C API

 private:
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

void check(herr_t status, const char* what) {
  if (status < 0) throw std::runtime_error(std::string("HDF5: cannot ") + what);
}

// HDF5's own error stack printing is replaced by our exceptions
void silence_hdf5() {
  static const bool once = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  (void)once;
}

Handle string_type() {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy the string type");
  check(H5Tset_size(type, H5T_VARIABLE), "make a variable-length string type");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "set UTF-8");
  return type;
}

Handle group(hid_t parent, const char* name) {
  return Handle(H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, "create a group");
}

void attribute(hid_t object, const char* name, const std::string& value) {
  const Handle type = string_type();
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  const Handle attr(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                    "create an attribute");
  const char* text = value.c_str();
  check(H5Awrite(attr, type, &text), "write an attribute");
}

void attribute(hid_t object, const char* name, double value) {
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  const Handle attr(H5Acreate2(object, name, H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT),
                    H5Aclose, "create an attribute");
  check(H5Awrite(attr, H5T_NATIVE_DOUBLE, &value), "write an attribute");
}

void attribute(hid_t object, const char* name, std::int64_t value) {
  const Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar space");
  const Handle attr(H5Acreate2(object, name, H5T_NATIVE_INT64, space, H5P_DEFAULT, H5P_DEFAULT),
                    H5Aclose, "create an attribute");
  check(H5Awrite(attr, H5T_NATIVE_INT64, &value), "write an attribute");
}

// a fixed-size 1-d dataset of numbers or strings
template <class T>
void write_column(hid_t parent, const char* name, const std::vector<T>& values) {
  const hsize_t size = values.size();
  const Handle space(H5Screate_simple(1, &size, nullptr), H5Sclose, "create a space");
  if constexpr (std::is_same_v<T, std::string>) {
    const Handle type = string_type();
    std::vector<const char*> texts;
    for (const std::string& value : values) texts.push_back(value.c_str());
    const Handle set(H5Dcreate2(parent, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                     H5Dclose, "create a dataset");
    if (size) check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()), "write strings");
  } else {
    const hid_t type = std::is_same_v<T, double> ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
    const Handle set(H5Dcreate2(parent, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                     H5Dclose, "create a dataset");
    if (size) check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write numbers");
  }
}

// a dataset whose first dimension (runs) can grow; `chunk_runs` runs per chunk, shuffled and
// deflated unless `compress` is off (files that live only until a merge)
Handle extendible(hid_t parent, const char* name, hid_t type, std::vector<hsize_t> row_shape,
                  hsize_t runs, bool compress, hsize_t chunk_runs = 1) {
  std::vector<hsize_t> dims{runs}, max{H5S_UNLIMITED}, chunk{chunk_runs};
  for (hsize_t extent : row_shape) {
    dims.push_back(extent);
    max.push_back(extent);
    chunk.push_back(std::max<hsize_t>(extent, 1));
  }
  const Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max.data()), H5Sclose,
                     "create an extendible space");
  const Handle properties(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
  check(H5Pset_chunk(properties, static_cast<int>(chunk.size()), chunk.data()), "set chunking");
  if (compress && H5Tget_class(type) != H5T_STRING) {
    check(H5Pset_shuffle(properties), "set the shuffle filter");
    check(H5Pset_deflate(properties, 4), "set compression");
  }
  // HDF5 would otherwise keep up to 1 MiB of chunks per dataset: a batch holds one chunk per
  // dataset while it fills (a single-run chunk needs none), so memory stays flat and small
  hsize_t chunk_bytes = sizeof(double);
  for (hsize_t extent : chunk) chunk_bytes *= extent;
  const Handle access(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose, "create dataset access properties");
  check(H5Pset_chunk_cache(access, 101, chunk_runs > 1 ? chunk_bytes + 4096 : 0, 1.0), "set the chunk cache");
  return Handle(H5Dcreate2(parent, name, type, space, H5P_DEFAULT, properties, access), H5Dclose,
                "create an extendible dataset");
}

// writes `data` as row `row` of an extendible dataset, growing it when the row is beyond its end
void write_row(hid_t set, hid_t memory_type, hsize_t row, const void* data) {
  Handle space(H5Dget_space(set), H5Sclose, "get a space");
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  if (row >= dims[0]) {
    dims[0] = row + 1;
    check(H5Dset_extent(set, dims.data()), "extend a dataset");
    space = Handle(H5Dget_space(set), H5Sclose, "get a space");
  }
  std::vector<hsize_t> start(dims.size(), 0), count = dims;
  start[0] = row;
  count[0] = 1;
  check(H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
        "select a row");
  const Handle memory(H5Screate_simple(rank, count.data(), nullptr), H5Sclose, "create a memory space");
  check(H5Dwrite(set, memory_type, memory, space, H5P_DEFAULT, data), "write a row");
}

void describe(hid_t set, const model::MetricSpec& spec) {
  attribute(set, "units", std::string(spec.unit));
  attribute(set, "description", std::string(spec.description));
  attribute(set, "observation", std::string(spec.observation));
}

std::string now_iso8601() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

}  // namespace

std::string tipsim_version() { return TIPSIM_VERSION_STRING; }
std::string git_commit() { return TIPSIM_GIT_COMMIT_STRING; }

struct ResultsWriter::Impl {
  fs::path path;
  fs::path temporary;
  Handle file;
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
    for (hid_t set : {hid_t(run_id), hid_t(run_scenario), hid_t(run_variant), hid_t(run_point),
                      hid_t(run_replicate), hid_t(run_seed), hid_t(run_overrides)})
      shrink(set);
  }

  // every dataset handle is closed before the file, so the file really closes
  void close_datasets() {
    series.clear();
    locations.clear();
    run_parameters.clear();
    for (Handle* handle : {&run_id, &run_scenario, &run_variant, &run_point, &run_replicate, &run_seed,
                           &run_overrides})
      handle->reset();
  }
};

ResultsWriter::ResultsWriter(fs::path path, const model::LocationGraph& network,
                             std::size_t municipalities, const std::vector<double>& step_years,
                             std::vector<std::string> parameter_columns, WriterOptions options)
    : impl_(std::make_unique<Impl>()) {
  silence_hdf5();
  Impl& w = *impl_;
  w.path = std::move(path);
  w.temporary = w.path;
  w.temporary += ".tmp-" + std::to_string(::getpid());
  w.municipalities = municipalities;
  w.steps = step_years.size();
  w.reserved = options.runs;
  if (w.path.has_parent_path()) fs::create_directories(w.path.parent_path());
  // the HDF5 1.10 format indexes chunks of growing datasets with an extensible array, whose
  // memory does not grow with the number of runs as the older B-tree's does
  const Handle file_access(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access properties");
  check(H5Pset_libver_bounds(file_access, H5F_LIBVER_V110, H5F_LIBVER_V110), "set the file format");
  w.file = Handle(H5Fcreate(w.temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, file_access), H5Fclose,
                  ("create " + w.temporary.string()).c_str());
  attribute(w.file, "format", std::string("tipsim-results"));
  attribute(w.file, "format_version", static_cast<std::int64_t>(results_format_version));

  const Handle time = group(w.file, "time");
  write_column(time, "year", step_years);

  const Handle runs = group(w.file, "runs");
  const Handle text = string_type();
  const hsize_t reserved = options.runs;
  const bool compress = options.compress;
  // whole-run series are small: many runs share a chunk, compressed once when it is full (it
  // stays in HDF5's chunk cache meanwhile); location data are larger: four runs to a chunk
  const hsize_t chunk_runs = std::clamp<hsize_t>(reserved, 1, 64);
  w.run_id = extendible(runs, "id", H5T_STD_I64LE, {}, reserved, compress, chunk_runs);
  w.run_scenario = extendible(runs, "scenario", text, {}, reserved, compress, chunk_runs);
  w.run_variant = extendible(runs, "variant", text, {}, reserved, compress, chunk_runs);
  w.run_point = extendible(runs, "point", H5T_STD_I64LE, {}, reserved, compress, chunk_runs);
  w.run_replicate = extendible(runs, "replicate", H5T_STD_I64LE, {}, reserved, compress, chunk_runs);
  w.run_seed = extendible(runs, "seed", H5T_STD_U64LE, {}, reserved, compress, chunk_runs);
  w.run_overrides = extendible(runs, "overrides", text, {}, reserved, compress, chunk_runs);
  if (!parameter_columns.empty()) {
    const Handle parameters = group(runs, "parameters");
    for (const std::string& key : parameter_columns)
      w.run_parameters.push_back(
          extendible(parameters, key.c_str(), H5T_IEEE_F64LE, {}, reserved, compress, chunk_runs));
  }

  const Handle timeseries = group(w.file, "timeseries");
  for (const model::MetricSpec& spec : model::metric_table()) {
    w.series.push_back(extendible(timeseries, std::string(spec.name).c_str(),
                                  spec.count ? H5T_STD_I64LE : H5T_IEEE_F64LE, {w.steps}, reserved, compress,
                                  chunk_runs));
    describe(w.series.back(), spec);
  }
  const Handle places = group(w.file, "locations");
  for (const model::MetricSpec& spec : model::location_metric_table()) {
    w.locations.push_back(extendible(places, std::string(spec.name).c_str(),
                                     spec.count ? H5T_STD_I64LE : H5T_IEEE_F64LE,
                                     {w.steps, municipalities}, reserved, compress,
                                     std::min<hsize_t>(chunk_runs, 4)));
    describe(w.locations.back(), spec);
  }

  const Handle graph = group(w.file, "network");
  const Handle nodes = group(graph, "nodes");
  std::vector<std::string> names, kinds, municipality_names;
  std::vector<double> weight, x, y;
  for (std::size_t v = 0; v < boost::num_vertices(network); ++v) {
    const model::LocationRecord& location = network[v];
    names.push_back(location.name);
    kinds.push_back(model::location_kind_names[static_cast<std::size_t>(location.kind)]);
    weight.push_back(location.population_weight);
    x.push_back(location.x_km);
    y.push_back(location.y_km);
    if (v < municipalities) municipality_names.push_back(location.name);
  }
  write_column(nodes, "name", names);
  write_column(nodes, "kind", kinds);
  write_column(nodes, "population_weight", weight);
  write_column(nodes, "x_km", x);
  write_column(nodes, "y_km", y);
  write_column(graph, "municipalities", municipality_names);
  const Handle routes = group(graph, "routes");
  std::vector<std::int64_t> from, to;
  std::vector<double> distance, risk;
  for (auto [it, end] = boost::edges(network); it != end; ++it) {
    from.push_back(static_cast<std::int64_t>(boost::source(*it, network)));
    to.push_back(static_cast<std::int64_t>(boost::target(*it, network)));
    distance.push_back(network[*it].distance_km);
    risk.push_back(network[*it].transit_risk);
  }
  write_column(routes, "from", from);
  write_column(routes, "to", to);
  write_column(routes, "distance_km", distance);
  write_column(routes, "transit_risk", risk);
}

ResultsWriter::~ResultsWriter() {
  if (!impl_ || impl_->committed) return;
  // an unfinished file never stays behind
  impl_->close_datasets();
  impl_->file.reset();
  std::error_code ignored;
  fs::remove(impl_->temporary, ignored);
}

std::size_t ResultsWriter::runs() const noexcept { return impl_->runs; }

RunData RunData::from_steps(const std::vector<model::StepMetrics>& steps, std::size_t municipalities) {
  RunData data;
  data.series.assign(model::metric_count, std::vector<double>(steps.size()));
  data.locations.assign(model::location_metric_count, std::vector<double>(steps.size() * municipalities));
  for (std::size_t s = 0; s < steps.size(); ++s) {
    for (std::size_t metric = 0; metric < model::metric_count; ++metric)
      data.series[metric][s] = steps[s].values[metric];
    for (std::size_t metric = 0; metric < model::location_metric_count; ++metric)
      for (std::size_t m = 0; m < municipalities; ++m)
        data.locations[metric][s * municipalities + m] =
            steps[s].location_values[m * model::location_metric_count + metric];
  }
  return data;
}

void ResultsWriter::add_run(const RunRow& run, const std::vector<model::StepMetrics>& steps) {
  add_run(run, RunData::from_steps(steps, impl_->municipalities));
}

void ResultsWriter::add_run(const RunRow& run, const RunData& data) {
  Impl& w = *impl_;
  if (data.series.size() != model::metric_count || data.series.front().size() != w.steps)
    throw std::invalid_argument("a run does not have the file's " + std::to_string(w.steps) + " steps");
  if (run.parameters.size() != w.run_parameters.size())
    throw std::invalid_argument("a run has " + std::to_string(run.parameters.size()) +
                                " parameter values, the file " + std::to_string(w.run_parameters.size()) +
                                " parameter columns");
  const hsize_t row = w.runs;
  const std::int64_t replicate = run.replicate;
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
  write_column(group_handle, "variant", summary.variant);
  write_column(group_handle, "point", summary.point);
  write_column(group_handle, "point_overrides", summary.point_overrides);
  write_column(group_handle, "baseline", summary.baseline);
  write_column(group_handle, "replicates", summary.replicates);
  const Handle metrics = group(group_handle, "metrics");
  for (const SummaryTable::Metric& metric : summary.metrics) {
    const hsize_t dims[2] = {metric.rows.size(), summary_columns.size()};
    const Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose, "create a space");
    const Handle set(H5Dcreate2(metrics, metric.name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT,
                                H5P_DEFAULT),
                     H5Dclose, "create a summary dataset");
    if (!metric.rows.empty())
      check(H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, metric.rows.data()), "write a summary");
    std::string columns;
    for (const char* column : summary_columns) columns += (columns.empty() ? "" : ",") + std::string(column);
    attribute(set, "columns", columns);
    attribute(set, "units", metric.units);
    attribute(set, "reduction", metric.reduction);
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
    attribute(group_handle, "seed", static_cast<std::int64_t>(metadata.seed));
    attribute(group_handle, "threads", static_cast<std::int64_t>(metadata.threads));
    attribute(group_handle, "wall_seconds", metadata.wall_seconds);
    attribute(group_handle, "created", now_iso8601());
    for (const auto& [name, value] : metadata.extra) attribute(group_handle, name.c_str(), value);
  }
  w.trim();
  w.close_datasets();
  check(H5Fflush(w.file, H5F_SCOPE_GLOBAL), "flush the file");
  w.file.reset();
  fs::rename(w.temporary, w.path);
  w.committed = true;
}

// --- reading ---------------------------------------------------------------------------------

namespace {

std::string read_string_attribute(hid_t attr) {
  const Handle type(H5Aget_type(attr), H5Tclose, "get an attribute type");
  if (H5Tget_class(type) != H5T_STRING) {
    double number = 0;
    check(H5Aread(attr, H5T_NATIVE_DOUBLE, &number), "read an attribute");
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", number);
    return text;
  }
  if (H5Tis_variable_str(type) > 0) {
    const Handle memory = string_type();
    char* text = nullptr;
    check(H5Aread(attr, memory, &text), "read an attribute");
    std::string value = text ? text : "";
    H5free_memory(text);
    return value;
  }
  std::string value(H5Tget_size(type), '\0');
  check(H5Aread(attr, type, value.data()), "read an attribute");
  return value.substr(0, value.find('\0'));
}

std::map<std::string, std::string> read_attributes(hid_t object) {
  std::map<std::string, std::string> attributes;
  H5O_info_t info;
  check(H5Oget_info(object, &info), "describe an object");
  for (hsize_t i = 0; i < info.num_attrs; ++i) {
    const Handle attr(H5Aopen_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT),
                      H5Aclose, "open an attribute");
    char name[256];
    H5Aget_name(attr, sizeof name, name);
    attributes[name] = read_string_attribute(attr);
  }
  return attributes;
}

}  // namespace

ResultsReader::ResultsReader(const fs::path& path) : path_(path.string()) {
  silence_hdf5();
  if (!fs::exists(path)) throw InputError(path_, 0, "", "no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) throw InputError(path_, 0, "", "not an HDF5 file");
  file_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file_ < 0) throw InputError(path_, 0, "", "cannot open the HDF5 file");
  const auto attributes = read_attributes(file_);
  const auto format = attributes.find("format");
  if (format == attributes.end() || format->second != "tipsim-results") {
    H5Fclose(file_);
    throw InputError(path_, 0, "", "not a tipsim results file (no format = \"tipsim-results\")");
  }
}

ResultsReader::~ResultsReader() { H5Fclose(file_); }

std::map<std::string, std::string> ResultsReader::metadata() const {
  const Handle metadata(H5Gopen2(file_, "metadata", H5P_DEFAULT), H5Gclose, "open /metadata");
  return read_attributes(metadata);
}

std::vector<double> ResultsReader::values(const std::string& path) const {
  const Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, ("open " + path).c_str());
  const Handle space(H5Dget_space(set), H5Sclose, "get a space");
  std::vector<double> out(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space)));
  if (!out.empty()) check(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read");
  return out;
}

Dataset ResultsReader::dataset(const std::string& path) const {
  const Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, ("open " + path).c_str());
  const Handle space(H5Dget_space(set), H5Sclose, "get a space");
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  Dataset out;
  std::size_t total = 1;
  for (hsize_t d : dims) {
    out.shape.push_back(d);
    total *= d;
  }
  out.values.resize(total);
  if (total) check(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.values.data()), "read");
  out.attributes = read_attributes(set);
  return out;
}

std::vector<std::string> ResultsReader::strings(const std::string& path) const {
  const Handle set(H5Dopen2(file_, path.c_str(), H5P_DEFAULT), H5Dclose, ("open " + path).c_str());
  const Handle space(H5Dget_space(set), H5Sclose, "get a space");
  const auto count = static_cast<std::size_t>(H5Sget_simple_extent_npoints(space));
  std::vector<char*> texts(count, nullptr);
  const Handle type = string_type();
  if (count) check(H5Dread(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()), "read strings");
  std::vector<std::string> out;
  for (char* text : texts) out.emplace_back(text ? text : "");
  if (count) H5Dvlen_reclaim(type, space, H5P_DEFAULT, texts.data());
  return out;
}

std::vector<std::string> ResultsReader::members(const std::string& path) const {
  const Handle group_handle(H5Gopen2(file_, path.c_str(), H5P_DEFAULT), H5Gclose, ("open " + path).c_str());
  H5G_info_t info;
  check(H5Gget_info(group_handle, &info), "describe a group");
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    char name[256];
    if (H5Lget_name_by_idx(group_handle, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name, H5P_DEFAULT) < 0)
      throw std::runtime_error("HDF5: cannot list " + path);
    names.emplace_back(name);
  }
  return names;
}

RunTable ResultsReader::runs() const {
  RunTable table;
  auto integers = [&](const char* name) {
    std::vector<std::int64_t> out;
    for (double value : values(std::string("/runs/") + name)) out.push_back(static_cast<std::int64_t>(value));
    return out;
  };
  table.id = integers("id");
  table.point = integers("point");
  table.replicate = integers("replicate");
  if (has("/runs/parameters"))
    for (const std::string& name : members("/runs/parameters")) {
      table.parameter_names.push_back(name);
      table.parameters.push_back(values("/runs/parameters/" + name));
    }
  {
    const Handle set(H5Dopen2(file_, "/runs/seed", H5P_DEFAULT), H5Dclose, "open /runs/seed");
    table.seed.resize(table.id.size());
    if (!table.seed.empty())
      check(H5Dread(set, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, table.seed.data()), "read seeds");
  }
  table.scenario = strings("/runs/scenario");
  table.variant = strings("/runs/variant");
  table.overrides = strings("/runs/overrides");
  return table;
}

std::vector<double> ResultsReader::step_years() const { return dataset("/time/year").values; }
std::vector<std::string> ResultsReader::metric_names() const { return members("/timeseries"); }
std::vector<std::string> ResultsReader::location_metric_names() const { return members("/locations"); }
std::vector<std::string> ResultsReader::municipality_names() const { return strings("/network/municipalities"); }
Dataset ResultsReader::timeseries(const std::string& metric) const { return dataset("/timeseries/" + metric); }
Dataset ResultsReader::locations(const std::string& metric) const { return dataset("/locations/" + metric); }

bool ResultsReader::has(const std::string& path) const {
  // every link on the way must exist before the last one is asked about
  std::string prefix;
  for (std::size_t at = 1; at != std::string::npos && at <= path.size();) {
    const std::size_t next = path.find('/', at);
    prefix = path.substr(0, next);
    if (H5Lexists(file_, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    at = next == std::string::npos ? next : next + 1;
  }
  return true;
}

RunData ResultsReader::run_data(std::size_t row) const {
  RunData data;
  const std::size_t runs = values("/runs/id").size();
  if (row >= runs) throw std::out_of_range("no run " + std::to_string(row) + " in " + path_);
  auto slice = [&](const std::string& path) {
    std::vector<double> all = values(path);
    const std::size_t per_run = all.size() / runs;
    const auto begin = all.begin() + static_cast<std::ptrdiff_t>(row * per_run);
    return std::vector<double>(begin, begin + static_cast<std::ptrdiff_t>(per_run));
  };
  for (const auto& spec : model::metric_table()) data.series.push_back(slice("/timeseries/" + std::string(spec.name)));
  for (const auto& spec : model::location_metric_table())
    data.locations.push_back(slice("/locations/" + std::string(spec.name)));
  return data;
}

}  // namespace tipsim::io
