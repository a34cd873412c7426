#include "tipsim/batch/runner.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "same_results.hpp"
#include "scratch_folder.hpp"
#include "tipsim/batch/compare.hpp"
#include "tipsim/batch/summary.hpp"

using namespace tipsim;
namespace fs = std::filesystem;
using tipsim::testing::scratch_folder;

namespace {

batch::BatchPlan small_plan() {
  return batch::BatchPlan(io::load_batch(TIPSIM_TEST_DATA "/small-batch.toml"));
}

batch::BatchOutcome run(const batch::BatchPlan& plan, const fs::path& output, std::size_t threads,
                        bool resume = false) {
  auto communicator = batch::local_communicator();
  batch::BatchOptions options;
  options.output = output;
  options.threads = threads;
  options.resume = resume;
  return batch::run_batch(plan, options, *communicator);
}

}  // namespace

TEST_CASE("a batch gives identical data with 1 and 2 threads", "[runner][determinism]") {
  const auto plan = small_plan();
  const fs::path dir = scratch_folder("runner-test-threads");
  const auto outcome = run(plan, dir / "one.h5", 1);
  run(plan, dir / "two.h5", 2);
  CHECK(outcome.runs == 16);
  CHECK(outcome.ran_here == 16);
  const io::ResultsReader one(dir / "one.h5"), two(dir / "two.h5");
  CHECK(testing::first_difference(one, two).empty());
  CHECK_FALSE(fs::exists(batch::partial_folder(dir / "one.h5")));
}

TEST_CASE("each configuration is compiled once and shared by its replicates", "[runner]") {
  const auto plan = small_plan();  // 2 variants x 2 points x 4 replicates
  const fs::path dir = scratch_folder("runner-test-compile");
  CHECK(run(plan, dir / "one.h5", 1).models_compiled == 4);
  // two threads may each need a configuration's model at once: still compiled once
  CHECK(run(plan, dir / "two.h5", 2).models_compiled == 4);
}

TEST_CASE("the batch file holds every run in order, with its variant and parameters", "[runner]") {
  const auto plan = small_plan();
  const fs::path out = scratch_folder("runner-test-layout") / "batch.h5";
  run(plan, out, 2);
  const io::ResultsReader reader(out);
  const io::RunTable runs = reader.runs();
  REQUIRE(runs.id.size() == 16);
  for (std::size_t i = 0; i < 16; ++i) CHECK(runs.id[i] == static_cast<std::int64_t>(i));
  CHECK(runs.variant[0] == "baseline");
  CHECK(runs.variant[15] == "training");
  CHECK(runs.replicate[5] == 1);
  // common random numbers: replicate r has the same seed and replicate number in every variant
  CHECK(runs.seed[1] == runs.seed[9]);
  CHECK(runs.parameter_names ==
        std::vector<std::string>{"policy.enforcement", "policy.predeployment_training"});
  CHECK(runs.parameters[0][4] == 0.6);
  CHECK(reader.timeseries("victims_recruited").shape == std::vector<std::size_t>{16, 208});
  CHECK(reader.strings("/summary/variant") ==
        std::vector<std::string>{"baseline", "baseline", "training", "training"});
  // the baseline's paired difference to itself is exactly zero
  const auto purchases = reader.dataset("/summary/metrics/peacekeeper_purchases");
  CHECK(purchases.shape == std::vector<std::size_t>{4, 7});
  CHECK(purchases.values[4] == 0);
  // training's effect at point 0 is a paired difference of its own (its sign is the model's
  // business, and unclear with four replicates of the small country)
  CHECK(purchases.values[2 * 7 + 4] != 0);
  CHECK(std::isfinite(purchases.values[2 * 7 + 4]));
  CHECK(reader.metadata().at("batch_name") == "small-comparison");
}

TEST_CASE(
    "the batch file keeps the cost per victim-week and per person spared as summary gives them",
    "[runner]") {
  const auto plan = small_plan();
  const fs::path out = scratch_folder("runner-test-costs") / "batch.h5";
  run(plan, out, 2);
  const io::ResultsReader reader(out);
  const io::RunTable runs = reader.runs();
  std::map<std::string, std::vector<double>> per_run;
  for (const auto& spec : model::metric_table())
    per_run[std::string(spec.name)] =
        batch::reduce_runs(spec, reader.values("/timeseries/" + std::string(spec.name)), 208);
  batch::ComparisonOptions options;
  options.metrics = {"victim_weeks"};
  options.default_variant = "baseline";
  const batch::Comparison comparison = batch::compare({runs.variant, runs.point, runs.replicate},
                                                      {{0, {}}, {1, {}}}, per_run, options);
  REQUIRE(comparison.costs.size() == 4);  // training at two points, two outcomes
  for (const std::string outcome : {"victim_weeks", "people_first_trafficked"}) {
    const auto costs = reader.dataset("/summary/costs/" + outcome);
    REQUIRE(costs.shape == std::vector<std::size_t>{4, 7});
    // the baseline's rows: no extra cost, nothing averted, no ratio
    CHECK(costs.values[0] == 0);
    CHECK(costs.values[1] == 0);
    CHECK(std::isnan(costs.values[4]));
    for (const batch::CostRow& row : comparison.costs) {
      if (row.outcome != outcome) continue;
      const std::size_t configuration = 2 + static_cast<std::size_t>(row.point);
      const double* values = &costs.values[configuration * 7];
      INFO(outcome << " at point " << row.point);
      CHECK(values[0] == Approx(row.extra_cost.mean));
      CHECK(values[1] == Approx(row.averted.mean));
      CHECK(values[2] == Approx(row.averted.low));
      CHECK(std::isnan(values[4]) == std::isnan(row.ratio.value));
      if (!std::isnan(values[4])) {
        CHECK(values[4] == Approx(row.ratio.value));
        CHECK(values[5] == Approx(row.ratio.low));
      }
    }
  }
  CHECK(reader.strings("/summary/cost_statistic").front() == "extra_cost");
}

TEST_CASE("a resumed batch runs only what is missing and equals an uninterrupted one",
          "[runner][resume]") {
  const auto plan = small_plan();
  const fs::path dir = scratch_folder("runner-test-resume");
  run(plan, dir / "whole.h5", 2);

  // stop after five runs, as on SIGINT: the finished runs stay in the partial folder
  const fs::path out = dir / "resumed.h5";
  std::atomic<bool> stop{false};
  batch::BatchOptions options;
  options.output = out;
  options.threads = 2;
  options.stop = &stop;
  options.progress = [&](std::uint64_t done, std::uint64_t) {
    if (done >= 5) stop = true;
  };
  auto communicator = batch::local_communicator();
  const auto first = batch::run_batch(plan, options, *communicator);
  CHECK(first.interrupted);
  CHECK_FALSE(fs::exists(out));
  REQUIRE(first.ran_here >= 5);
  REQUIRE(first.ran_here < 16);

  const auto resumed = run(plan, out, 2, true);
  CHECK_FALSE(resumed.interrupted);
  CHECK(resumed.resumed == first.ran_here);
  CHECK(resumed.ran_here == 16 - first.ran_here);
  CHECK(testing::first_difference(io::ResultsReader(dir / "whole.h5"), io::ResultsReader(out))
            .empty());
  CHECK_FALSE(fs::exists(batch::partial_folder(out)));
}

TEST_CASE("abandoned runs under way leave no trace and a resume finishes the batch",
          "[runner][resume]") {
  const auto plan = small_plan();
  const fs::path dir = scratch_folder("runner-test-abandon");
  run(plan, dir / "whole.h5", 2);

  // Python's Ctrl-C: the runs under way stop after their step and are dropped; here every run
  // is abandoned as soon as it starts
  const fs::path out = dir / "abandoned.h5";
  const std::atomic<bool> abandon{true};
  batch::BatchOptions options;
  options.output = out;
  options.threads = 2;
  options.abandon = &abandon;
  auto communicator = batch::local_communicator();
  const auto first = batch::run_batch(plan, options, *communicator);
  CHECK(first.interrupted);
  CHECK(first.ran_here == 0);
  CHECK_FALSE(fs::exists(out));
  for (const auto& entry : fs::directory_iterator(batch::partial_folder(out)))
    CHECK(entry.path().filename() == "plan.txt");

  const auto resumed = run(plan, out, 2, true);
  CHECK(resumed.ran_here == 16);
  CHECK(testing::first_difference(io::ResultsReader(dir / "whole.h5"), io::ResultsReader(out))
            .empty());
}

TEST_CASE("resume refuses partial results of another batch and foreign files",
          "[runner][resume][errors]") {
  const auto plan = small_plan();
  const fs::path dir = scratch_folder("runner-test-refuse");
  const fs::path out = dir / "out.h5";
  fs::create_directories(batch::partial_folder(out));
  std::ofstream(batch::partial_folder(out) / "plan.txt") << "another batch";
  CHECK_THROWS_WITH(run(plan, out, 1, true), Catch::Contains("different batch"));
  CHECK_THROWS_WITH(run(plan, out, 1, false), Catch::Contains("add --resume"));
  fs::remove_all(batch::partial_folder(out));

  std::ofstream(out) << "not a results file";
  CHECK_THROWS_AS(run(plan, out, 1, true), io::InputError);
  std::ifstream still(out);
  std::string text;
  std::getline(still, text);
  CHECK(text == "not a results file");
}

TEST_CASE("resuming a finished batch does nothing", "[runner][resume]") {
  const auto plan = small_plan();
  const fs::path out = scratch_folder("runner-test-finished") / "out.h5";
  run(plan, out, 2);
  const auto again = run(plan, out, 2, true);
  CHECK(again.already_complete);
  CHECK(again.ran_here == 0);
}

namespace {

// Stops a batch after `runs` runs, as on SIGINT: the finished runs stay in the partial folder.
batch::BatchOutcome stopped_after(const batch::BatchPlan& plan, const fs::path& output,
                                  std::uint64_t runs) {
  std::atomic<bool> stop{false};
  batch::BatchOptions options;
  options.output = output;
  options.threads = 1;
  options.stop = &stop;
  options.progress = [&](std::uint64_t done, std::uint64_t) {
    if (done >= runs) stop = true;
  };
  auto communicator = batch::local_communicator();
  return batch::run_batch(plan, options, *communicator);
}

fs::path part(const fs::path& output, int id) {
  char name[32];
  std::snprintf(name, sizeof name, "run-%08d.part", id);
  return batch::partial_folder(output) / name;
}

}  // namespace

TEST_CASE("the progress callback is never entered twice at once and counts up",
          "[runner][progress]") {
  const auto plan = small_plan();
  const fs::path out = scratch_folder("runner-test-progress") / "out.h5";
  std::atomic<int> inside{0};
  std::atomic<bool> overlapped{false};
  std::vector<std::uint64_t> seen;  // written without a lock: safe only if calls never overlap
  batch::BatchOptions options;
  options.output = out;
  options.threads = 4;
  options.progress = [&](std::uint64_t done, std::uint64_t total) {
    if (inside.fetch_add(1) != 0) overlapped = true;
    CHECK(total == 16);
    seen.push_back(done);
    // long enough for another thread to finish a run meanwhile
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    inside.fetch_sub(1);
  };
  auto communicator = batch::local_communicator();
  batch::run_batch(plan, options, *communicator);
  CHECK_FALSE(overlapped);
  REQUIRE_FALSE(seen.empty());
  CHECK(seen.front() == 0);
  CHECK(seen.back() == 16);
  CHECK(std::is_sorted(seen.begin(), seen.end()));
  CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());  // strictly increasing
}

TEST_CASE("resume removes temporaries of processes that are gone and keeps those of live ones",
          "[runner][resume]") {
  const auto plan = small_plan();
  const fs::path out = scratch_folder("runner-test-stale") / "out.h5";
  REQUIRE(stopped_after(plan, out, 3).interrupted);
  const fs::path partial = batch::partial_folder(out);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);  // a pid that runs nothing now
  const std::string dead = std::to_string(child), alive = std::to_string(::getppid());
  for (const std::string& name :
       {"run-00000009.part.tmp-" + dead, "plan.txt.tmp-" + dead, "run-00000010.part.tmp-" + alive})
    std::ofstream(partial / name) << "half a file";
  // resumed and stopped again at once: the partial folder stays to be looked at
  std::atomic<bool> stop{true};
  auto communicator = batch::local_communicator();
  batch::BatchOptions options;
  options.output = out;
  options.threads = 1;
  options.resume = true;
  options.stop = &stop;
  const auto resumed = batch::run_batch(plan, options, *communicator);
  CHECK(resumed.interrupted);
  CHECK_FALSE(fs::exists(partial / ("run-00000009.part.tmp-" + dead)));
  CHECK_FALSE(fs::exists(partial / ("plan.txt.tmp-" + dead)));
  CHECK(fs::exists(partial / ("run-00000010.part.tmp-" + alive)));
  CHECK(fs::exists(partial / "plan.txt"));
}

TEST_CASE("resume runs again the runs whose parts a crash left empty or zeroed",
          "[runner][resume][faults]") {
  const auto plan = small_plan();
  const fs::path dir = scratch_folder("runner-test-damaged");
  run(plan, dir / "whole.h5", 2);
  const fs::path out = dir / "out.h5";
  REQUIRE(stopped_after(plan, out, 4).ran_here >= 4);
  // after a power cut a renamed file may hold nothing, or zeros where the data was
  fs::resize_file(part(out, 1), 0);
  const auto size = fs::file_size(part(out, 2));
  fs::resize_file(part(out, 2), 0);
  fs::resize_file(part(out, 2), size);
  const auto resumed = run(plan, out, 2, true);
  CHECK(resumed.damaged == std::vector<std::uint64_t>{1, 2});
  CHECK(resumed.ran_here == 16 - resumed.resumed);
  CHECK(testing::first_difference(io::ResultsReader(dir / "whole.h5"), io::ResultsReader(out))
            .empty());
}

TEST_CASE("a corrupt part stops the merge, naming the file and what to do about it",
          "[runner][resume][faults]") {
  const auto plan = small_plan();
  const fs::path dir = scratch_folder("runner-test-corrupt");
  run(plan, dir / "whole.h5", 2);
  const fs::path out = dir / "out.h5";
  REQUIRE(stopped_after(plan, out, 3).ran_here >= 3);
  {
    // complete at both ends, wrong inside: the scenario name claims more bytes than there are
    std::fstream file(part(out, 1), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(16);
    const std::uint64_t huge = ~std::uint64_t{0} >> 8;
    file.write(reinterpret_cast<const char*>(&huge), sizeof huge);
  }
  try {
    run(plan, out, 2, true);
    FAIL("merged a corrupt part");
  } catch (const std::runtime_error& error) {
    CHECK_THAT(error.what(), Catch::Contains(part(out, 1).string()) &&
                                 Catch::Contains("remove the file, and --resume runs it again"));
  }
  CHECK_FALSE(fs::exists(out));
  fs::remove(part(out, 1));
  run(plan, out, 2, true);
  CHECK(testing::first_difference(io::ResultsReader(dir / "whole.h5"), io::ResultsReader(out))
            .empty());
}

TEST_CASE("a batch refuses an output it cannot write before it runs anything", "[runner][errors]") {
  const auto plan = small_plan();
  const fs::path dir = scratch_folder("runner-test-output");
  fs::create_directories(dir / "folder.h5");
  CHECK_THROWS_AS(run(plan, dir / "folder.h5", 1), io::InputError);
  std::ofstream(dir / "file") << "a file, not a folder";
  CHECK_THROWS_AS(run(plan, dir / "file" / "out.h5", 1), io::InputError);
  std::ofstream(dir / "taken.h5.partial") << "a file where the partial folder goes";
  CHECK_THROWS_WITH(run(plan, dir / "taken.h5", 1), Catch::Contains("is not a folder"));
  CHECK_FALSE(fs::exists(batch::partial_folder(dir / "folder.h5")));
}
