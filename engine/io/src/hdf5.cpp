#include "hdf5.hpp"

#include <algorithm>
#include <cstdio>

#include "hdf5_driver.hpp"

namespace tipsim::io::hdf5 {

void check(herr_t status, const char* what) {
  if (status >= 0) return;
  // the system's reason says more than the HDF5 call that met it
  const std::string reason = last_failure();
  if (!reason.empty()) throw std::runtime_error(reason + " (HDF5 could not " + what + ")");
  throw std::runtime_error(std::string("HDF5: cannot ") + what);
}

void silence_errors() {
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
  return Handle(H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                "create a group");
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

Handle extendible(hid_t parent, const char* name, hid_t type, std::vector<hsize_t> row_shape,
                  hsize_t runs, bool compress, hsize_t chunk_runs) {
  std::vector<hsize_t> dims{runs}, max{H5S_UNLIMITED}, chunk{chunk_runs};
  for (hsize_t extent : row_shape) {
    dims.push_back(extent);
    max.push_back(extent);
    chunk.push_back(std::max<hsize_t>(extent, 1));
  }
  const Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), max.data()),
                     H5Sclose, "create an extendible space");
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
  check(H5Pset_chunk_cache(access, 101, chunk_runs > 1 ? chunk_bytes + 4096 : 0, 1.0),
        "set the chunk cache");
  return Handle(H5Dcreate2(parent, name, type, space, H5P_DEFAULT, properties, access), H5Dclose,
                "create an extendible dataset");
}

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
  const Handle memory(H5Screate_simple(rank, count.data(), nullptr), H5Sclose,
                      "create a memory space");
  check(H5Dwrite(set, memory_type, memory, space, H5P_DEFAULT, data), "write a row");
}

void make_scale(hid_t set, const char* name) {
  check(H5DSset_scale(set, name), "make a dimension scale");
}

void attach_scales(hid_t set, const std::vector<hid_t>& scales) {
  for (std::size_t dimension = 0; dimension < scales.size(); ++dimension)
    check(H5DSattach_scale(set, scales[dimension], static_cast<unsigned>(dimension)),
          "attach a dimension scale");
}

void describe(hid_t set, const std::string& units, const std::string& long_name) {
  attribute(set, "units", units);
  attribute(set, "long_name", long_name);
}

void describe(hid_t set, const std::string& long_name) { attribute(set, "long_name", long_name); }

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

}  // namespace

std::map<std::string, std::string> read_attributes(hid_t object) {
  std::map<std::string, std::string> attributes;
  H5O_info_t info;
  check(H5Oget_info(object, &info), "describe an object");
  for (hsize_t i = 0; i < info.num_attrs; ++i) {
    const Handle attr(
        H5Aopen_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, i, H5P_DEFAULT, H5P_DEFAULT),
        H5Aclose, "open an attribute");
    // dimension scales keep references (DIMENSION_LIST, REFERENCE_LIST): not text or numbers
    const Handle type(H5Aget_type(attr), H5Tclose, "get an attribute type");
    const H5T_class_t kind = H5Tget_class(type);
    if (kind != H5T_STRING && kind != H5T_INTEGER && kind != H5T_FLOAT) continue;
    char name[256];
    H5Aget_name(attr, sizeof name, name);
    attributes[name] = read_string_attribute(attr);
  }
  return attributes;
}

}  // namespace tipsim::io::hdf5
