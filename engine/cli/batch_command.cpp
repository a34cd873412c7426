// tipsim batch: every run of a batch file, across cores and MPI ranks, into one results file.

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "commands.hpp"
#include "progress.hpp"
#include "tipsim/batch/communicator.hpp"
#include "tipsim/batch/runner.hpp"
#include "tipsim/io/batch_file.hpp"

namespace tipsim::cli {
namespace {

namespace fs = std::filesystem;

// a batch stops taking new runs on SIGINT or SIGTERM; runs under way finish and are kept
std::atomic<bool> stop_requested{false};
void request_stop(int) { stop_requested = true; }

// A batch that fails while writing (a full disk) keeps its finished runs: say how to go on.
batch::BatchOutcome run_batch(const batch::BatchPlan& plan, const batch::BatchOptions& options,
                              batch::Communicator& communicator, const fs::path& out) {
  try {
    return batch::run_batch(plan, options, communicator);
  } catch (const io::InputError&) {
    throw;
  } catch (const batch::BatchStopped&) {
    throw;
  } catch (const std::exception& error) {
    const fs::path partial = batch::partial_folder(out);
    if (communicator.rank() != 0 || !fs::exists(partial / "plan.txt")) throw;
    throw std::runtime_error(std::string(error.what()) + "\n  the finished runs are kept in " +
                             partial.string() +
                             ": once this is solved, add --resume to finish the batch");
  }
}

}  // namespace

int batch_command(const BatchCommand& command, int& argc, char**& argv) {
  const bool mpi = batch::launched_by_mpi();
  auto communicator = mpi ? batch::mpi_communicator(argc, argv) : batch::local_communicator();
  const bool root = communicator->rank() == 0;
  try {
    const batch::BatchPlan plan(io::load_batch(command.batch));
    const fs::path out = command.output.empty() ? fs::path("results") / (plan.spec().name + ".h5")
                                                : fs::path(command.output);
    if (root && !command.quiet)
      std::fprintf(stderr,
                   "batch %s: %llu runs (%zu variants x %zu points x %u replicates) on %d rank%s\n",
                   plan.spec().name.c_str(), static_cast<unsigned long long>(plan.runs()),
                   plan.spec().variants.size(), plan.points(), plan.spec().replicates,
                   communicator->size(), communicator->size() == 1 ? "" : "s");
    BatchProgress progress(command.quiet);
    batch::BatchOptions options;
    options.output = out;
    options.threads = command.threads;
    options.resume = command.resume;
    options.stop = &stop_requested;
    options.command = command.command_line;
    options.progress = [&](std::uint64_t done, std::uint64_t total) { progress(done, total); };
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    const batch::BatchOutcome outcome = run_batch(plan, options, *communicator, out);
    if (root && !outcome.damaged.empty())
      std::fprintf(stderr,
                   "%zu finished run%s found damaged (cut short by a crash) and run again\n",
                   outcome.damaged.size(), outcome.damaged.size() == 1 ? "" : "s");
    if (outcome.interrupted) {
      if (root)
        std::fprintf(
            stderr,
            "\ninterrupted: finished runs are kept in %s; add --resume to finish the batch\n",
            batch::partial_folder(out).string().c_str());
      return exit_interrupted;
    }
    if (root && !command.quiet) {
      if (outcome.already_complete)
        std::printf("%s is already complete: nothing to do\n", out.string().c_str());
      else
        std::printf("%llu runs (%llu resumed) in %.1f s: %s\n",
                    static_cast<unsigned long long>(outcome.runs),
                    static_cast<unsigned long long>(outcome.resumed), outcome.seconds,
                    out.string().c_str());
    }
    return exit_success;
  } catch (const batch::BatchStopped& stopped) {
    return stopped.exit_code();
  } catch (const io::InputError&) {
    if (mpi && !root) communicator->abort(exit_bad_input);
    throw;
  } catch (const std::exception& error) {
    if (mpi) {
      std::fprintf(stderr, "tipsim: error on rank %d: %s\n", communicator->rank(), error.what());
      communicator->abort(exit_runtime_failure);
    }
    throw;
  }
}

}  // namespace tipsim::cli
