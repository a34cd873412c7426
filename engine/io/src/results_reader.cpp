#include "tipsim/io/results_reader.hpp"

#include <stdexcept>

#include "hdf5.hpp"
#include "tipsim/io/input_error.hpp"

namespace tipsim::io {

namespace fs = std::filesystem;
using namespace hdf5;

ResultsReader::ResultsReader(const fs::path& path) : path_(path.string()) {
  silence_errors();
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
  if (!out.empty())
    check(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read");
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
  if (total)
    check(H5Dread(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.values.data()),
          "read");
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
  const Handle group_handle(H5Gopen2(file_, path.c_str(), H5P_DEFAULT), H5Gclose,
                            ("open " + path).c_str());
  H5G_info_t info;
  check(H5Gget_info(group_handle, &info), "describe a group");
  std::vector<std::string> names;
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    char name[256];
    if (H5Lget_name_by_idx(group_handle, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, sizeof name,
                           H5P_DEFAULT) < 0)
      throw std::runtime_error("HDF5: cannot list " + path);
    names.emplace_back(name);
  }
  return names;
}

RunTable ResultsReader::runs() const {
  RunTable table;
  auto integers = [&](const char* name) {
    std::vector<std::int64_t> out;
    for (double value : values(std::string("/runs/") + name))
      out.push_back(static_cast<std::int64_t>(value));
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
      check(H5Dread(set, H5T_NATIVE_UINT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, table.seed.data()),
            "read seeds");
  }
  table.scenario = strings("/runs/scenario");
  table.variant = strings("/runs/variant");
  table.overrides = strings("/runs/overrides");
  return table;
}

std::vector<double> ResultsReader::step_years() const { return dataset("/time/year").values; }
std::vector<std::string> ResultsReader::metric_names() const { return members("/timeseries"); }
std::vector<std::string> ResultsReader::location_metric_names() const {
  return members("/locations");
}
std::vector<std::string> ResultsReader::municipality_names() const {
  return strings("/network/municipalities");
}
Dataset ResultsReader::timeseries(const std::string& metric) const {
  return dataset("/timeseries/" + metric);
}
Dataset ResultsReader::locations(const std::string& metric) const {
  return dataset("/locations/" + metric);
}

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

}  // namespace tipsim::io
