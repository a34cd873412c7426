#include "tipsim/batch/runner.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "tipsim/batch/summary.hpp"
#include "tipsim/core/parallel.hpp"
#include "tipsim/io/files.hpp"
#include "tipsim/io/results_reader.hpp"
#include "tipsim/io/results_writer.hpp"
#include "tipsim/io/run_part.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/io/text.hpp"
#include "tipsim/model/run.hpp"

namespace tipsim::batch {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int prepared = 0;
constexpr int stopped_on_input = 2;
constexpr int stopped_on_failure = 1;
constexpr int nothing_to_do = 3;

constexpr int next_run_counter = 0;
constexpr int finished_counter = 1;

const char* const plan_file = "plan.txt";

fs::path part_path(const fs::path& folder, std::uint64_t id) {
  char name[32];
  std::snprintf(name, sizeof name, "run-%08llu.part", static_cast<unsigned long long>(id));
  return folder / name;
}

std::string read_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

void write_text_atomically(const fs::path& path, const std::string& text) {
  io::OutputFile file(path);
  file.write(text);
  file.commit();
}

// Before a resumed batch starts: what killed processes left in the partial folder goes. A
// temporary whose process is gone is garbage; a part that does not even look complete (a
// machine crash can leave one empty or zeroed) is removed, so that its run runs again.
std::vector<std::uint64_t> tidy_partial_folder(const fs::path& folder, std::uint64_t runs) {
  io::remove_stale_temporaries(folder);
  std::vector<std::uint64_t> damaged;
  for (std::uint64_t id = 0; id < runs; ++id) {
    const fs::path part = part_path(folder, id);
    if (fs::exists(part) && !io::looks_complete(part)) {
      fs::remove(part);
      damaged.push_back(id);
    }
  }
  return damaged;
}

// Rank 0: decide whether the batch can start, resume or is already done. Never deletes or
// overwrites anything that is not this batch's own.
int prepare(const BatchPlan& plan, const BatchOptions& options,
            std::vector<std::uint64_t>& damaged) {
  const fs::path folder = partial_folder(options.output);
  const std::string identity = plan.identity();
  // a results file that cannot be written is refused before any run starts
  io::check_output_path(options.output);
  if (fs::exists(folder) && !fs::is_directory(folder))
    throw io::InputError(folder.string(), 0, "",
                         "is not a folder: a batch keeps its finished runs under this name");
  if (options.resume && fs::exists(options.output)) {
    std::string found;
    try {
      const io::ResultsReader reader(options.output);
      const auto metadata = reader.metadata();
      const auto entry = metadata.find("batch_identity");
      found = entry == metadata.end() ? "" : entry->second;
    } catch (const std::exception& error) {
      throw io::InputError(options.output.string(), 0, "",
                           std::string("refusing to resume into this file: ") + error.what());
    }
    if (found != identity)
      throw io::InputError(
          options.output.string(), 0, "",
          "refusing to resume: the file holds the results of a different batch or run");
    if (!fs::exists(folder)) return nothing_to_do;
  }
  if (fs::exists(folder)) {
    if (!options.resume)
      throw io::InputError(
          folder.string(), 0, "",
          "an interrupted batch left its finished runs here: add --resume to finish it, "
          "or remove the folder to start again");
    if (!fs::exists(folder / plan_file) || read_text(folder / plan_file) != identity)
      throw io::InputError(folder.string(), 0, "",
                           "refusing to resume: these partial results come from a different batch");
    damaged = tidy_partial_folder(folder, plan.runs());
    return prepared;
  }
  fs::create_directories(folder);
  try {
    write_text_atomically(folder / plan_file, identity);
  } catch (...) {
    // a folder without its plan could never be resumed: leave none
    std::error_code ignored;
    fs::remove_all(folder, ignored);
    throw;
  }
  return prepared;
}

std::set<std::uint64_t> finished_runs(const fs::path& folder, std::uint64_t runs) {
  std::set<std::uint64_t> done;
  for (const auto& entry : fs::directory_iterator(folder)) {
    const std::string name = entry.path().filename().string();
    unsigned long long id = 0;
    // only complete parts count: unfinished ones still carry their temporary suffix
    if (name.size() == 17 && name.rfind("run-", 0) == 0 && name.substr(12) == ".part" &&
        std::sscanf(name.c_str(), "run-%8llu", &id) == 1 && id < runs)
      done.insert(id);
  }
  return done;
}

io::RunRow row_of(const BatchPlan& plan, const PlannedRun& run, const model::Scenario& scenario) {
  return {static_cast<std::int64_t>(run.id),
          plan.spec().base.name,
          plan.spec().variants[run.variant].name,
          static_cast<std::int64_t>(run.point),
          run.replicate,
          plan.spec().seed,
          io::join_overrides(plan.overrides(run)),
          plan.varied_values(scenario)};
}

// Each configuration (variant at a point) is compiled once on this rank and shared by its
// replicates. Runs are handed out in increasing order on every rank, so once a run of some
// configuration is taken, no earlier configuration is asked for again: its model is dropped
// (runs under way keep their own reference).
class ModelCache {
 public:
  explicit ModelCache(const BatchPlan& plan) : plan_(plan) {}

  std::shared_ptr<const model::CompiledModel> get(const PlannedRun& run) {
    const std::uint64_t configuration = run.id / plan_.spec().replicates;
    const std::lock_guard lock(mutex_);
    models_.erase(models_.begin(), models_.lower_bound(configuration));
    auto& model = models_[configuration];
    if (!model) {
      model = model::compile(plan_.scenario(run), plan_.spec().seed);
      ++compiled_;
    }
    return model;
  }

  std::uint64_t compiled() const {
    const std::lock_guard lock(mutex_);
    return compiled_;
  }

 private:
  const BatchPlan& plan_;
  mutable std::mutex mutex_;
  std::map<std::uint64_t, std::shared_ptr<const model::CompiledModel>> models_;
  std::uint64_t compiled_ = 0;
};

// false when the run was abandoned before its end (nothing is written)
bool run_one(const BatchPlan& plan, const PlannedRun& run, ModelCache& models,
             const fs::path& folder, const std::atomic<bool>* abandon) {
  const auto model = models.get(run);
  // replicate r of every variant draws from the same streams: common random numbers
  model::RunOptions options;
  options.replicate = run.replicate;
  options.stop = abandon;
  const model::RunResult result = model::run(model, options);
  if (result.stopped) return false;
  io::write_run_part(part_path(folder, run.id), row_of(plan, run, model->scenario), result.data);
  return true;
}

// A part that cannot be read stops the merge with what to do about it.
std::pair<io::RunRow, model::RunData> read_part(const fs::path& part) {
  try {
    return io::read_run_part(part);
  } catch (const std::exception& error) {
    throw std::runtime_error(std::string(error.what()) +
                             "\n  this finished run is damaged: remove the file, and --resume runs "
                             "it again");
  }
}

// The caller's progress callback, called as runs finish on any thread and rank 0's merge: one
// call at a time, each with more runs done than the one before.
class ProgressReport {
 public:
  ProgressReport(const std::function<void(std::uint64_t, std::uint64_t)>& callback,
                 std::uint64_t runs)
      : callback_(callback), runs_(runs) {}
  void operator()(std::uint64_t done) {
    if (!callback_) return;
    const std::lock_guard lock(mutex_);
    if (reported_ && done <= last_) return;
    reported_ = true;
    last_ = done;
    callback_(done, runs_);
  }

 private:
  const std::function<void(std::uint64_t, std::uint64_t)>& callback_;
  const std::uint64_t runs_;
  std::mutex mutex_;
  bool reported_ = false;
  std::uint64_t last_ = 0;
};

// Rank 0 merges finished runs into the output, in run order, while the runs go on: a thread
// takes each part as soon as it is on disk (whichever rank wrote it), so the merge costs
// little wall time at the end.
class Merger {
 public:
  Merger(const BatchPlan& plan, const BatchOptions& options) : plan_(plan), options_(options) {
    thread_ = std::thread([this] { merge_parts(); });
  }
  ~Merger() {
    cancel_ = true;
    if (thread_.joinable()) thread_.join();
  }

  /// Waits for every run to be merged, then writes the summary and metadata and renames the
  /// file into place.
  void finish(int ranks, std::size_t threads, double seconds) {
    thread_.join();
    if (failure_) std::rethrow_exception(failure_);
    const model::Scenario& base = plan_.spec().base;
    writer_->write_summary(summarize(plan_, reduced_));
    io::FileMetadata metadata{base.source_text,  io::resolved_toml(base),
                              plan_.spec().seed, static_cast<std::uint32_t>(threads),
                              seconds,           {},
                              options_.command};
    metadata.extra["batch_name"] = plan_.spec().name;
    metadata.extra["batch_text"] = plan_.spec().source_text;
    metadata.extra["batch_identity"] = plan_.identity();
    metadata.extra["baseline_variant"] = plan_.spec().baseline;
    metadata.extra["ranks"] = std::to_string(ranks);
    writer_->commit(metadata);
    fs::remove_all(partial_folder(options_.output));
  }

 private:
  void merge_parts() {
    try {
      const fs::path folder = partial_folder(options_.output);
      const auto base = model::compile(plan_.spec().base, plan_.spec().seed);
      writer_ = std::make_unique<io::ResultsWriter>(
          options_.output, *base, plan_.varied_parameters(),
          io::WriterOptions{static_cast<std::size_t>(plan_.runs()), true});
      reduced_.reserve(plan_.runs());
      for (std::uint64_t id = 0; id < plan_.runs(); ++id) {
        const fs::path part = part_path(folder, id);
        while (!fs::exists(part)) {
          if (cancel_) return;
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        const auto [row, data] = read_part(part);
        reduced_.push_back(reduce_run(data));
        writer_->add_run(row, data);
      }
    } catch (...) {
      failure_ = std::current_exception();
    }
  }

  const BatchPlan& plan_;
  const BatchOptions& options_;
  std::unique_ptr<io::ResultsWriter> writer_;
  std::vector<std::vector<double>> reduced_;
  std::atomic<bool> cancel_{false};
  std::exception_ptr failure_;
  std::thread thread_;
};

}  // namespace

fs::path partial_folder(const fs::path& output) {
  fs::path folder = output;
  folder += ".partial";
  return folder;
}

BatchOutcome run_batch(const BatchPlan& plan, const BatchOptions& options,
                       Communicator& communicator) {
  const auto start = Clock::now();
  BatchOutcome outcome;
  outcome.runs = plan.runs();
  const bool root = communicator.rank() == 0;

  int status = prepared;
  if (root) {
    try {
      status = prepare(plan, options, outcome.damaged);
    } catch (const io::InputError&) {
      communicator.broadcast(stopped_on_input);
      throw;
    } catch (const std::exception&) {
      communicator.broadcast(stopped_on_failure);
      throw;
    }
  }
  status = communicator.broadcast(status);
  if (status == nothing_to_do) {
    outcome.already_complete = true;
    outcome.resumed = outcome.runs;
    return outcome;
  }
  if (status != prepared) throw BatchStopped(status);

  const fs::path folder = partial_folder(options.output);
  const std::set<std::uint64_t> done = finished_runs(folder, plan.runs());
  std::vector<std::uint64_t> todo;
  for (std::uint64_t id = 0; id < plan.runs(); ++id)
    if (!done.count(id)) todo.push_back(id);
  outcome.resumed = done.size();
  // nobody starts writing until every rank has seen the same finished runs
  communicator.barrier();
  ProgressReport progress(options.progress, outcome.runs);
  if (root) progress(outcome.resumed);

  const core::ThreadLimit limit(options.threads);
  std::optional<Merger> merger;
  if (root) merger.emplace(plan, options);
  std::atomic<std::uint64_t> ran_here{0};
  ModelCache models(plan);
  tbb::parallel_for(std::size_t{0}, limit.threads(), [&](std::size_t) {
    for (;;) {
      if (options.stop && options.stop->load()) break;
      const std::int64_t next = communicator.fetch_add(next_run_counter, 1);
      if (next >= static_cast<std::int64_t>(todo.size())) break;
      if (!run_one(plan, plan.run(todo[static_cast<std::size_t>(next)]), models, folder,
                   options.abandon))
        break;
      ++ran_here;
      const std::int64_t finished = communicator.fetch_add(finished_counter, 1) + 1;
      if (root) progress(outcome.resumed + static_cast<std::uint64_t>(finished));
    }
  });
  outcome.ran_here = ran_here;
  outcome.models_compiled = models.compiled();
  communicator.barrier();
  outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  // every rank reads the same count after the barrier, so they agree on what comes next
  if (communicator.fetch_add(finished_counter, 0) < static_cast<std::int64_t>(todo.size())) {
    outcome.interrupted = true;
    return outcome;
  }
  if (root) {
    merger->finish(communicator.size(), limit.threads(), outcome.seconds);
    outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  }
  communicator.barrier();
  return outcome;
}

}  // namespace tipsim::batch
