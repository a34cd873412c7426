#pragma once
// Runs a batch plan across the cores of one machine (TBB) and across MPI ranks, and writes
// one results file with every run and a summary.
//
// Each finished run is written at once to its own file in "<output>.partial/" (under a
// temporary name, renamed when complete), before it counts as done; memory stays flat however
// many runs there are. When every run is done, rank 0 merges them in run order into <output>
// (again under a temporary name) and removes the partial folder. A killed batch resumed with
// `resume` runs only what is missing and ends with the same file an uninterrupted batch gives.
// Resuming first removes what killed processes left in the partial folder: temporaries of
// processes no longer running on this machine, and parts a machine crash left incomplete (their
// runs run again). A results file or folder that cannot be written is refused before any run.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tipsim/batch/communicator.hpp"
#include "tipsim/batch/plan.hpp"

namespace tipsim::batch {

struct BatchOptions {
  std::filesystem::path output;
  std::size_t threads = 0;  ///< per rank; 0 means every core
  bool resume = false;
  /// Called on rank 0 as runs finish: (runs done, runs in all), done counting resumed runs.
  /// Calls come from the threads that run the runs, but one at a time and each with more runs
  /// done than the one before: the callback needs no lock of its own.
  std::function<void(std::uint64_t, std::uint64_t)> progress;
  /// When it turns true, no further run starts; runs under way finish and are kept, and the
  /// batch ends interrupted, to be resumed later (the CLI sets it on SIGINT and SIGTERM).
  const std::atomic<bool>* stop = nullptr;
  /// When it turns true, runs under way also stop, after the step they are in, and are not
  /// kept (Python's Ctrl-C: the batch stops within a second, finished runs stay on disk).
  const std::atomic<bool>* abandon = nullptr;
  /// The command line that started the batch (or its equivalent), kept in /metadata.
  std::string command;
};

struct BatchOutcome {
  std::uint64_t runs = 0;             ///< in the plan
  std::uint64_t resumed = 0;          ///< found done on disk
  std::uint64_t ran_here = 0;         ///< run by this rank
  std::uint64_t models_compiled = 0;  ///< by this rank: once per configuration it ran
  bool already_complete = false;      ///< --resume found the finished file
  /// Runs whose parts --resume found damaged (empty or cut short by a crash): removed, run again.
  std::vector<std::uint64_t> damaged;
  bool interrupted = false;  ///< stopped before every run was done: resume to finish
  double seconds = 0;
};

/// Thrown on ranks other than 0 when rank 0 stopped the batch (rank 0 says why).
class BatchStopped : public std::runtime_error {
 public:
  explicit BatchStopped(int exit_code)
      : std::runtime_error("batch stopped"), exit_code_(exit_code) {}
  int exit_code() const noexcept { return exit_code_; }

 private:
  int exit_code_;
};

/// The folder a batch writing `output` keeps its finished runs in until the merge.
std::filesystem::path partial_folder(const std::filesystem::path& output);

/// Runs the batch. Throws io::InputError (on rank 0) for a partial folder or an output file
/// that belongs to another batch or is not a tipsim file (those are never overwritten), and for
/// an output that cannot be written (a folder, a place without write access). Throws
/// std::runtime_error when writing fails (a full disk): the finished runs stay in the partial
/// folder, and the final name holds nothing new.
BatchOutcome run_batch(const BatchPlan& plan, const BatchOptions& options,
                       Communicator& communicator);

}  // namespace tipsim::batch
