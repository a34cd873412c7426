// The reference-results driver: reruns every file in tests/reference/ and names, per scenario
// and seed, each metric whose total or step series moved. Run one scenario alone with
// `tipsim_reference_tests -c <name>` (CTest does this, one entry per file).

#include <catch2/catch.hpp>
#include <set>

#include "reference_results.hpp"

using namespace tipsim::testing;
namespace fs = std::filesystem;

namespace {
const fs::path source_dir = TIPSIM_SOURCE_DIR;
const fs::path folder = source_dir / "tests" / "reference";
}  // namespace

TEST_CASE("every shipped scenario reproduces its stored reference results", "[reference]") {
  for (const fs::path& file : reference_files(folder)) {
    DYNAMIC_SECTION(file.stem().string()) {
      const ReferenceFile reference = read_reference(file);
      REQUIRE_FALSE(reference.inputs.seeds.empty());
      for (std::uint64_t seed : reference.inputs.seeds) {
        INFO("scenario " << reference.inputs.name << " (" << reference.inputs.scenario << "), seed "
                         << seed);
        REQUIRE(reference.runs.count(seed) == 1);
        const RunFingerprint fresh = fingerprint_run(reference.inputs, seed, source_dir);
        const auto moved =
            compare(reference.runs.at(seed), fresh, reference.inputs.total_tolerance);
        std::string report;
        for (const std::string& line : moved) report += "\n  " + line;
        INFO("metrics that moved (regenerate with tools/regenerate-references only on purpose):"
             << report);
        CHECK(moved.empty());
      }
    }
  }
}

TEST_CASE("every shipped scenario has reference results", "[reference]") {
  std::set<std::string> covered;
  for (const fs::path& file : reference_files(folder))
    covered.insert(read_reference(file).inputs.scenario);
  for (const auto& entry : fs::directory_iterator(source_dir / "scenarios"))
    if (entry.path().extension() == ".toml") {
      const std::string scenario = "scenarios/" + entry.path().filename().string();
      INFO(scenario << " has no file in tests/reference/");
      CHECK(covered.count(scenario) == 1);
    }
}

TEST_CASE("a metric that moved is named with its totals before and after", "[reference]") {
  RunFingerprint stored{{"arrests", {10, "00000000000000aa"}},
                        {"victims_recruited", {5, "00000000000000bb"}}};
  RunFingerprint fresh = stored;
  CHECK(compare(stored, fresh, 0.0).empty());
  fresh["arrests"].hash = "00000000000000ab";
  const auto moved = compare(stored, fresh, 0.0);
  REQUIRE(moved.size() == 1);
  CHECK(moved.front() == "arrests: total 10 -> 10, step series changed");
  fresh = stored;
  fresh["victims_recruited"].total = 5.5;
  CHECK(compare(stored, fresh, 0.05).size() == 1);  // same series hash, total outside tolerance
  CHECK(compare(stored, fresh, 0.2).empty());
}
