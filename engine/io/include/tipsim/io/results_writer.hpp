#pragma once
// Writes a tipsim results file (schema in results_schema.hpp): the shape of every run is fixed
// by the compiled model (steps, municipalities, network), runs are appended as they come, and
// commit() renames the finished file into place.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "tipsim/io/results_schema.hpp"
#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/run.hpp"

namespace tipsim::io {

struct WriterOptions {
  std::size_t runs = 0;  ///< runs the file will hold, when known: their rows are made at once
  bool compress = true;  ///< off for files that live only until a merge
};

class ResultsWriter {
 public:
  /// Starts `path` under a temporary name. The model's steps, municipalities and network fix
  /// the shape of every run; `parameter_columns` name the parameters a batch varies.
  ResultsWriter(std::filesystem::path path, const model::CompiledModel& model,
                std::vector<std::string> parameter_columns = {}, WriterOptions options = {});
  ~ResultsWriter();
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;

  /// Appends one run.
  void add_run(const RunRow& run, const model::RunData& data);

  /// Writes /summary (once, before commit).
  void write_summary(const SummaryTable& summary);

  /// Writes the metadata, closes the file and renames it into place.
  void commit(const FileMetadata& metadata);

  std::size_t runs() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tipsim::io
