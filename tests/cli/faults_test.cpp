// What the tipsim command does when things go wrong around it: a full disk, an output it cannot
// write, arguments that mean nothing, files that are not files, what killed batches left behind.

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "run_command.hpp"
#include "same_results.hpp"
#include "scratch_folder.hpp"
#include "small_disk.hpp"
#include "tipsim/batch/runner.hpp"

namespace fs = std::filesystem;
using tipsim::testing::run_tipsim;
using tipsim::testing::scratch_folder;

namespace {

const std::string small = std::string(TIPSIM_TEST_DATA) + "/small.toml";
const std::string small_batch = std::string(TIPSIM_TEST_DATA) + "/small-batch.toml";

// every file under a folder, by its path relative to it
std::vector<std::string> tree(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    names.push_back(fs::relative(entry.path(), folder).string());
  std::sort(names.begin(), names.end());
  return names;
}

bool has_temporary(const fs::path& folder) {
  const auto names = tree(folder);
  return std::any_of(names.begin(), names.end(), [](const std::string& name) {
    return name.find(".tmp-") != std::string::npos;
  });
}

// A batch of four one-year runs of a small country, with its own base scenario.
fs::path tiny_batch(const fs::path& folder) {
  std::ofstream(folder / "tiny.toml") << "[scenario]\nname = \"tiny\"\nextends = \"" << small
                                      << "\"\n[time]\nyears = 1\n[population]\npeople = 20000\n";
  std::ofstream(folder / "tiny-batch.toml")
      << "[batch]\nname = \"tiny\"\nscenario = \"tiny.toml\"\nreplicates = 2\n"
      << "[grid]\n\"policy.enforcement\" = [0.2, 0.6]\n";
  return folder / "tiny-batch.toml";
}

std::string difference(const fs::path& a, const fs::path& b) {
  return tipsim::testing::first_difference(tipsim::io::ResultsReader(a),
                                           tipsim::io::ResultsReader(b));
}

// a process id that runs nothing now
pid_t ended_process() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

}  // namespace

TEST_CASE("tipsim run on a full disk exits 1 with the reason and leaves nothing behind",
          "[cli][faults]") {
  tipsim::testing::SmallDisk disk(scratch_folder("cli-faults-run-disk") / "disk", 1 << 20);
  if (!disk.usable()) return;
  const fs::path out = disk.folder() / "out.h5";
  std::size_t failures = 0;
  for (std::size_t free : {0, 8192, 32768, 65536, 131072}) {
    INFO(free << " bytes free");
    disk.leave_free(free);
    const auto outcome = run_tipsim("run " + small + " --set time.years=2 -q -o " + out.string());
    INFO(outcome.output);
    // HDF5 1.10 crashed in its exit handler after the failed close (SIGSEGV, exit 139)
    REQUIRE((outcome.exit_code == 0 || outcome.exit_code == 1));
    if (outcome.exit_code == 1) {
      ++failures;
      CHECK_THAT(outcome.output, Catch::Contains("No space left on device"));
      CHECK_FALSE(fs::exists(out));
    }
    CHECK_FALSE(has_temporary(disk.folder()));
    fs::remove(out);
  }
  CHECK(failures > 0);
}

TEST_CASE("a batch on a full disk exits 1, keeps its finished runs and resumes once there is room",
          "[cli][faults][resume]") {
  const fs::path dir = scratch_folder("cli-faults-batch-disk");
  const fs::path batch = tiny_batch(dir);
  REQUIRE(
      run_tipsim("batch " + batch.string() + " -q -o " + (dir / "whole.h5").string()).exit_code ==
      0);
  tipsim::testing::SmallDisk disk(dir / "disk", 1 << 20);
  if (!disk.usable()) return;
  const fs::path out = disk.folder() / "out.h5";
  const fs::path partial = tipsim::batch::partial_folder(out);
  std::size_t failures = 0, resumed_after_failure = 0, merges_failed = 0;
  // the disk fills up while the runs are written, while they are merged, or not at all
  for (std::size_t free = 0; free <= 393216; free += 49152) {
    INFO(free << " bytes free");
    fs::remove_all(partial);
    disk.leave_free(free);
    const auto first = run_tipsim("batch " + batch.string() + " -q -o " + out.string());
    INFO(first.output);
    REQUIRE((first.exit_code == 0 || first.exit_code == 1));
    CHECK_FALSE(has_temporary(disk.folder()));
    if (first.exit_code == 0) {
      CHECK(difference(dir / "whole.h5", out).empty());
      CHECK_FALSE(fs::exists(partial));
      fs::remove(out);
      continue;
    }
    ++failures;
    CHECK_THAT(first.output, Catch::Contains("No space left on device"));
    CHECK_FALSE(fs::exists(out));
    if (first.output.find("out.h5.tmp-") != std::string::npos) ++merges_failed;
    if (!fs::exists(partial)) {
      // it failed before its first run: nothing to resume, and nothing left
      CHECK_THAT(first.output, !Catch::Contains("--resume"));
      continue;
    }
    CHECK_THAT(first.output, Catch::Contains("add --resume to finish the batch"));
    REQUIRE(fs::exists(partial / "plan.txt"));
    // resuming on a disk still full fails the same way, and still crashes nothing
    const auto still_full =
        run_tipsim("batch " + batch.string() + " -q --resume -o " + out.string());
    CHECK(still_full.exit_code == 1);
    CHECK_FALSE(fs::exists(out));
    CHECK_FALSE(has_temporary(disk.folder()));
    disk.make_room();
    const auto resumed = run_tipsim("batch " + batch.string() + " -q --resume -o " + out.string());
    INFO(resumed.output);
    REQUIRE(resumed.exit_code == 0);
    CHECK(difference(dir / "whole.h5", out).empty());
    fs::remove(out);
    ++resumed_after_failure;
  }
  CHECK(failures > resumed_after_failure);
  CHECK(resumed_after_failure > 0);
  CHECK(merges_failed > 0);  // every run written, but not the results file
}

TEST_CASE("an output that is a folder or cannot be written is refused before running, exit 2",
          "[cli][faults][errors]") {
  const fs::path dir = scratch_folder("cli-faults-output");
  fs::create_directories(dir / "a-folder.h5");
  std::ofstream(dir / "a-file") << "not a folder";
  for (const std::string& output :
       {(dir / "a-folder.h5").string(), (dir / "").string(), (dir / "a-file" / "out.h5").string(),
        std::string("/dev/null")}) {
    INFO(output);
    // the full baseline would take many seconds: refused at once, it prints no summary
    const auto run = run_tipsim("run -o " + output);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.output, Catch::Contains("tipsim: " + output.substr(0, output.size() - 1)));
    CHECK_THAT(run.output, !Catch::Contains("victims_recruited"));
    const auto batch = run_tipsim("batch " + small_batch + " -o " + output);
    CHECK(batch.exit_code == 2);
    CHECK_THAT(batch.output, !Catch::Contains("runs 1/"));
  }
  CHECK(tree(dir) == std::vector<std::string>{"a-file", "a-folder.h5"});
  struct stat null_device {};
  REQUIRE(::stat("/dev/null", &null_device) == 0);
  CHECK(S_ISCHR(null_device.st_mode));  // still the device, not a results file
}

TEST_CASE("a negative or absurd thread count is bad input, exit 2", "[cli][errors]") {
  for (const char* threads : {"-3", "-1", "99999", "many"}) {
    INFO(threads);
    const auto run = run_tipsim("run " + small + " -q --threads " + threads + " -o /tmp/x.h5");
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.output, Catch::Contains("--threads"));
    CHECK(run_tipsim("batch " + small_batch + " -q --threads " + threads + " -o /tmp/x.h5")
              .exit_code == 2);
  }
}

TEST_CASE("a scenario or batch path that is not a regular file is bad input, exit 2",
          "[cli][errors][files]") {
  const fs::path dir = scratch_folder("cli-faults-special");
  REQUIRE(::mkfifo((dir / "fifo.toml").c_str(), 0600) == 0);
  for (const std::string& path :
       {dir.string(), (dir / "fifo.toml").string(), std::string("/dev/zero")}) {
    INFO(path);
    // a folder was run as an empty scenario: engine defaults and no peacekeepers at all
    const auto validate = run_tipsim("validate " + path);
    CHECK(validate.exit_code == 2);
    CHECK_THAT(validate.output, Catch::Contains("not a scenario file"));
    CHECK(run_tipsim("run " + path + " -q -o " + (dir / "out.h5").string()).exit_code == 2);
    CHECK(run_tipsim("batch " + path + " -q -o " + (dir / "out.h5").string()).exit_code == 2);
  }
  CHECK_FALSE(fs::exists(dir / "out.h5"));
}

TEST_CASE("NaN and infinity are bad input on the command line and in files, exit 2",
          "[cli][errors][finite]") {
  const fs::path dir = scratch_folder("cli-faults-nan");
  for (const char* assignment :
       {"time.years=nan", "time.start_year=nan", "demand.price=nan", "policy.enforcement=nan",
        "population.people=inf", "policy.enforcement=[[nan,0.5]]"}) {
    INFO(assignment);
    const auto run = run_tipsim("run " + small + " -q --set " + std::string(assignment) + " -o " +
                                (dir / "out.h5").string());
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.output, Catch::Contains("expected a finite"));
  }
  std::ofstream(dir / "nan.toml") << "[time]\nyears = nan\n";
  const auto validate = run_tipsim("validate " + (dir / "nan.toml").string());
  CHECK(validate.exit_code == 2);
  CHECK_THAT(validate.output,
             Catch::Contains("nan.toml:2: key 'time.years': expected a finite number, got nan"));
  CHECK_FALSE(fs::exists(dir / "out.h5"));
}

TEST_CASE("resuming removes what killed batches left and keeps what live processes write",
          "[cli][faults][resume]") {
  const fs::path dir = scratch_folder("cli-faults-stale");
  const fs::path batch = tiny_batch(dir);
  REQUIRE(
      run_tipsim("batch " + batch.string() + " -q -o " + (dir / "whole.h5").string()).exit_code ==
      0);
  const fs::path out = dir / "out.h5";
  const fs::path partial = tipsim::batch::partial_folder(out);

  // a batch killed once it has a run on disk leaves its temporaries
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::execl(TIPSIM_EXECUTABLE, TIPSIM_EXECUTABLE, "batch", batch.c_str(), "-q", "--threads", "1",
            "-o", out.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // the merge starts its file at once: that is what a killed batch always leaves
  std::vector<std::string> stale{"out.h5.tmp-" + std::to_string(child)};
  while (!(fs::exists(partial / "run-00000000.part") && fs::exists(dir / stale.front())) &&
         ::waitpid(child, nullptr, WNOHANG) == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  REQUIRE(fs::exists(partial / "run-00000000.part"));
  REQUIRE(fs::exists(dir / stale.front()));
  REQUIRE_FALSE(fs::exists(out));
  // and nine more killed batches' worth, next to the output and among the runs
  for (int kill = 0; kill < 9; ++kill) {
    const std::string pid = std::to_string(ended_process());
    stale.push_back("out.h5.tmp-" + pid);
    stale.push_back("out.h5.partial/run-00000001.part.tmp-" + pid);
  }
  for (const std::string& name : stale) std::ofstream(dir / name) << "half a file";
  const std::string alive = "out.h5.tmp-" + std::to_string(::getppid());
  std::ofstream(dir / alive) << "being written by a process that runs";

  const auto resumed = run_tipsim("batch " + batch.string() + " -q --resume -o " + out.string());
  INFO(resumed.output);
  REQUIRE(resumed.exit_code == 0);
  CHECK(difference(dir / "whole.h5", out).empty());
  for (const std::string& name : stale) CHECK_FALSE(fs::exists(dir / name));
  CHECK(fs::exists(dir / alive));  // not ours to remove
}
