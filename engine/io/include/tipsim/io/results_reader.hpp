#pragma once
// Reads a tipsim results file (schema in results_schema.hpp), whatever wrote it: a single run
// or a batch. Refuses files that are not tipsim results with an InputError.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tipsim/io/results_schema.hpp"

namespace tipsim::io {

struct RunTable {
  std::vector<std::int64_t> id;
  std::vector<std::string> scenario;
  std::vector<std::string> variant;
  std::vector<std::int64_t> point;
  std::vector<std::int64_t> replicate;
  std::vector<std::uint64_t> seed;
  std::vector<std::string> overrides;
  std::vector<std::string> parameter_names;
  std::vector<std::vector<double>> parameters;  ///< [column][run]
};

/// A dataset read back: its values (row-major), its shape and its attributes.
struct Dataset {
  std::vector<double> values;
  std::vector<std::size_t> shape;
  std::map<std::string, std::string> attributes;
};

class ResultsReader {
 public:
  /// Opens a tipsim results file; throws InputError if it is not one.
  explicit ResultsReader(const std::filesystem::path& path);
  ~ResultsReader();
  ResultsReader(const ResultsReader&) = delete;
  ResultsReader& operator=(const ResultsReader&) = delete;

  std::map<std::string, std::string> metadata() const;
  RunTable runs() const;
  std::vector<double> step_years() const;
  std::vector<std::string> metric_names() const;
  std::vector<std::string> location_metric_names() const;
  std::vector<std::string> municipality_names() const;
  Dataset timeseries(const std::string& metric) const;
  Dataset locations(const std::string& metric) const;
  /// Whether a path (group or dataset) exists in the file.
  bool has(const std::string& path) const;
  /// Any numeric dataset by its path in the file.
  Dataset dataset(const std::string& path) const;
  /// Only the values of a numeric dataset (no attributes): the fast path for bulk reading.
  std::vector<double> values(const std::string& path) const;
  /// Names of the members of a group.
  std::vector<std::string> members(const std::string& group) const;
  /// A string dataset by its path.
  std::vector<std::string> strings(const std::string& path) const;

 private:
  std::int64_t file_;
  std::string path_;
};

}  // namespace tipsim::io
