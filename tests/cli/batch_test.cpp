#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "run_command.hpp"
#include "same_results.hpp"
#include "scratch_folder.hpp"
#include "tipsim/batch/runner.hpp"

namespace fs = std::filesystem;
using tipsim::testing::run_command;
using tipsim::testing::run_tipsim;
using tipsim::testing::scratch_folder;

namespace {

const std::string small_batch = std::string(TIPSIM_TEST_DATA) + "/small-batch.toml";

std::string difference(const fs::path& a, const fs::path& b) {
  return tipsim::testing::first_difference(tipsim::io::ResultsReader(a),
                                           tipsim::io::ResultsReader(b));
}

std::size_t finished_parts(const fs::path& partial) {
  std::size_t count = 0;
  if (!fs::exists(partial)) return 0;
  for (const auto& entry : fs::directory_iterator(partial))
    if (entry.path().extension() == ".part") ++count;
  return count;
}

}  // namespace

TEST_CASE("tipsim batch writes one file with every run, and tipsim summary reads it",
          "[cli][batch]") {
  const fs::path out = scratch_folder("cli-batch-test-run") / "batch.h5";
  const auto outcome = run_tipsim("batch " + small_batch + " -o " + out.string() + " --threads 2");
  INFO(outcome.output);
  REQUIRE(outcome.exit_code == 0);
  CHECK_THAT(outcome.output,
             Catch::Contains("runs 16/16 (100%)") && Catch::Contains("16 runs (0 resumed)"));
  const auto summary = run_tipsim("summary " + out.string());
  CHECK(summary.exit_code == 0);
  CHECK_THAT(summary.output,
             Catch::Contains("training [policy.enforcement=0.2]") &&
                 Catch::Contains("victims_recruited") &&
                 Catch::Contains("Effects against the variant 'baseline' at the same point") &&
                 Catch::Contains("cost per outcome averted (victim weeks): ") &&
                 Catch::Contains("cost per outcome averted (people first trafficked): "));
}

TEST_CASE("tipsim summary compares a grid's points with a chosen point, in three formats",
          "[cli][batch][summary]") {
  const fs::path dir = scratch_folder("cli-batch-test-grid");
  std::ofstream(dir / "grid.toml") << "[batch]\nscenario = \"" << TIPSIM_TEST_DATA
                                   << "/small.toml\"\nreplicates = 3\n[grid]\n"
                                      "\"policy.enforcement\" = [0.1, 0.9]\n"
                                      "\"policy.women_share\" = [0.03, 0.3]\n";
  const fs::path out = dir / "grid.h5";
  REQUIRE(
      run_tipsim("batch " + (dir / "grid.toml").string() + " -q -o " + out.string()).exit_code ==
      0);
  // one variant: every point against point 0, not against itself
  const auto table = run_tipsim("summary " + out.string());
  INFO(table.output);
  CHECK(table.exit_code == 0);
  CHECK_THAT(table.output,
             Catch::Contains("against point 0 (policy.enforcement=0.1; policy.women_share=0.03)") &&
                 Catch::Contains("policy.enforcement=0.9; policy.women_share=0.3\n") &&
                 !Catch::Contains("+0 [+0, +0]"));
  // along one axis: each point against the point with women_share 0.03 and its own enforcement
  const auto csv = run_tipsim("summary " + out.string() +
                              " --baseline policy.women_share=0.03 --metrics "
                              "peacekeeper_purchases,victims_recruited --format csv");
  INFO(csv.output);
  CHECK(csv.exit_code == 0);
  CHECK_THAT(csv.output,
             Catch::StartsWith("configuration,variant,point,point_label,baseline_variant,"
                               "baseline_point,metric,units,replicates,mean,mean_low") &&
                 Catch::Contains(",3,policy.enforcement=0.9; policy.women_share=0.3,baseline,2,"
                                 "peacekeeper_purchases,purchases,3,") &&
                 Catch::Contains(",fewer,\"clearly fewer peacekeeper purchases (-"));
  const auto markdown = run_tipsim("summary " + out.string() +
                                   " --format markdown --outcome "
                                   "peacekeeper_purchases --baseline 0");
  CHECK(markdown.exit_code == 0);
  CHECK_THAT(markdown.output,
             Catch::Contains("| configuration | metric | units | n | mean [95% interval] |") &&
                 Catch::Contains("| configuration | cost per outcome averted (peacekeeper "
                                 "purchases) |\n|---|---|\n"));
  // by default per victim-week and per person spared, a column each
  const auto both = run_tipsim("summary " + out.string() + " --format markdown --baseline 0");
  CHECK(both.exit_code == 0);
  CHECK_THAT(both.output, Catch::Contains("| configuration | cost per outcome averted (victim "
                                          "weeks) | cost per outcome averted (people first "
                                          "trafficked) |\n|---|---|---|\n"));
  const auto outcome =
      run_tipsim("summary " + out.string() + " --outcome victim_weeks,victim_wekes");
  CHECK(outcome.exit_code == 2);
  CHECK_THAT(outcome.output,
             Catch::Contains("--outcome") && Catch::Contains("did you mean 'victim_weeks'"));
  // a typo is named with its closest spelling, exit code 2
  const auto typo = run_tipsim("summary " + out.string() + " --baseline policy.womens_share=0.3");
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.output, Catch::Contains("did you mean 'policy.women_share'"));
  const auto metric = run_tipsim("summary " + out.string() + " --metrics victims_recruted");
  CHECK(metric.exit_code == 2);
  CHECK_THAT(metric.output, Catch::Contains("did you mean 'victims_recruited'"));
}

TEST_CASE("tipsim batch refuses a bad batch file with exit 2 and writes nothing",
          "[cli][batch][errors]") {
  const fs::path dir = scratch_folder("cli-batch-test-bad");
  std::ofstream(dir / "bad.toml")
      << "[batch]\nscenario = \"" << TIPSIM_TEST_DATA
      << "/small.toml\"\n[[variant]]\nname = \"x\"\n\"policy.enforcement\" = 7\n";
  const auto outcome =
      run_tipsim("batch " + (dir / "bad.toml").string() + " -o " + (dir / "out.h5").string());
  CHECK(outcome.exit_code == 2);
  CHECK_THAT(outcome.output, Catch::Contains("bad.toml:5: key 'policy.enforcement'"));
  CHECK_FALSE(fs::exists(dir / "out.h5"));
  CHECK_FALSE(fs::exists(dir / "out.h5.partial"));
  CHECK(run_tipsim("summary " + (dir / "bad.toml").string()).exit_code == 2);
}

TEST_CASE("a batch killed with SIGKILL and resumed equals an uninterrupted one",
          "[cli][batch][resume]") {
  const fs::path dir = scratch_folder("cli-batch-test-kill");
  REQUIRE(run_tipsim("batch " + small_batch + " -q -o " + (dir / "whole.h5").string()).exit_code ==
          0);

  const fs::path out = dir / "killed.h5";
  const fs::path partial = tipsim::batch::partial_folder(out);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::execl(TIPSIM_EXECUTABLE, TIPSIM_EXECUTABLE, "batch", small_batch.c_str(), "-q", "--threads",
            "1", "-o", out.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // kill it as soon as a few runs are on disk
  int status = 0;
  bool exited = false;
  while (finished_parts(partial) < 3) {
    if (::waitpid(child, &status, WNOHANG) == child) {
      exited = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE_FALSE(exited);
  ::kill(child, SIGKILL);
  ::waitpid(child, &status, 0);
  const std::size_t kept = finished_parts(partial);
  CHECK(kept >= 3);
  CHECK(kept < 16);
  CHECK_FALSE(fs::exists(out));

  const auto again = run_tipsim("batch " + small_batch + " -o " + out.string());
  CHECK(again.exit_code == 2);  // without --resume the partial runs are never thrown away
  const auto resumed = run_tipsim("batch " + small_batch + " --resume -o " + out.string());
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  CHECK_THAT(resumed.output, Catch::Contains("(" + std::to_string(kept) + " resumed)"));
  CHECK(difference(dir / "whole.h5", out).empty());
}

#if TIPSIM_WITH_MPI
TEST_CASE("a batch gives identical data on 1, 2 and 3 MPI ranks", "[cli][batch][mpi]") {
  const fs::path dir = scratch_folder("cli-batch-test-mpi");
  REQUIRE(run_tipsim("batch " + small_batch + " -q --threads 2 -o " + (dir / "local.h5").string())
              .exit_code == 0);
  for (int ranks : {1, 2, 3}) {
    const fs::path out = dir / ("ranks-" + std::to_string(ranks) + ".h5");
    const auto outcome = run_command(
        std::string(MPIEXEC) + " --allow-run-as-root --oversubscribe -n " + std::to_string(ranks) +
        " " + TIPSIM_EXECUTABLE + " batch " + small_batch + " -q --threads 1 -o " + out.string());
    INFO(ranks << " ranks: " << outcome.output);
    REQUIRE(outcome.exit_code == 0);
    CHECK(difference(dir / "local.h5", out).empty());
    CHECK(tipsim::io::ResultsReader(out).metadata().at("ranks") == std::to_string(ranks));
  }
}
#endif
