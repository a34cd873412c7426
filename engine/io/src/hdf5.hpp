#pragma once
// HDF5 building blocks shared by the results writer and reader: handles that close themselves,
// errors turned into exceptions, attributes, columns and growing datasets. Private to tipsim::io.

#include <hdf5.h>
#include <hdf5_hl.h>

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace tipsim::io::hdf5 {

/// Throws std::runtime_error("HDF5: cannot <what>") on a negative status, with the system's
/// reason when a write failed ("...: No space left on device").
void check(herr_t status, const char* what);

/// An hid_t that closes itself.
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*close)(hid_t), const char* what) : id_(id), close_(close) {
    if (id_ < 0) check(-1, what);
  }
  Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept {
    std::swap(id_, other.id_);
    std::swap(close_, other.close_);
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }
  /// Closes now; reports whether HDF5 closed it cleanly.
  bool reset() noexcept {
    bool closed = true;
    if (id_ >= 0 && close_) closed = close_(id_) >= 0;
    id_ = -1;
    return closed;
  }
  operator hid_t() const noexcept { return id_; }  // NOLINT: handles pass straight to the C API

 private:
  hid_t id_ = -1;
  herr_t (*close_)(hid_t) = nullptr;
};

/// Replaces HDF5's own printing of its error stack by our exceptions (once per process).
void silence_errors();

/// A variable-length UTF-8 string type.
Handle string_type();
Handle group(hid_t parent, const char* name);

void attribute(hid_t object, const char* name, const std::string& value);
void attribute(hid_t object, const char* name, double value);
void attribute(hid_t object, const char* name, std::int64_t value);

/// A fixed-size 1-d dataset of numbers or strings; returns it open, to be described.
template <class T>
Handle write_column(hid_t parent, const char* name, const std::vector<T>& values) {
  const hsize_t size = values.size();
  const Handle space(H5Screate_simple(1, &size, nullptr), H5Sclose, "create a space");
  if constexpr (std::is_same_v<T, std::string>) {
    const Handle type = string_type();
    std::vector<const char*> texts;
    for (const std::string& value : values) texts.push_back(value.c_str());
    Handle set(H5Dcreate2(parent, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
               H5Dclose, "create a dataset");
    if (size)
      check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, texts.data()), "write strings");
    return set;
  } else {
    const hid_t type = std::is_same_v<T, double> ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT64;
    Handle set(H5Dcreate2(parent, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
               H5Dclose, "create a dataset");
    if (size)
      check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "write numbers");
    return set;
  }
}

/// A dataset whose first dimension (runs) can grow; `chunk_runs` runs per chunk, shuffled and
/// deflated unless `compress` is off (files that live only until a merge).
Handle extendible(hid_t parent, const char* name, hid_t type, std::vector<hsize_t> row_shape,
                  hsize_t runs, bool compress, hsize_t chunk_runs = 1);

/// Writes `data` as row `row` of an extendible dataset, growing it when the row is beyond its end.
void write_row(hid_t set, hid_t memory_type, hsize_t row, const void* data);

/// Makes `set` a dimension scale named `name` (HDF5's H5DS convention, which netCDF-4 reads as
/// a dimension and its coordinate variable when the set is named like the dimension).
void make_scale(hid_t set, const char* name);

/// Attaches dimension scales to the dimensions of `set`, in order.
void attach_scales(hid_t set, const std::vector<hid_t>& scales);

/// The attributes every dataset carries: units (numbers only, never for text) and long_name.
void describe(hid_t set, const std::string& units, const std::string& long_name);
void describe(hid_t set, const std::string& long_name);

/// Every text or number attribute of an object, as text (numbers in shortest round-trip form);
/// the references dimension scales keep are left out.
std::map<std::string, std::string> read_attributes(hid_t object);

}  // namespace tipsim::io::hdf5
