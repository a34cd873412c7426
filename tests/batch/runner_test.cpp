#include "tipsim/batch/runner.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "same_results.hpp"
#include "scratch_folder.hpp"

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
  CHECK(purchases.values[2 * 7 + 4] < 0);  // training at point 0 lowers purchases
  CHECK(reader.metadata().at("batch_name") == "small-comparison");
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
