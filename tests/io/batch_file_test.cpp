#include "tipsim/io/batch_file.hpp"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "scratch_folder.hpp"
#include "tipsim/io/scenario_file.hpp"

using namespace tipsim;
using io::InputError;

namespace {

io::BatchSpec parse(const std::string& text) {
  return io::parse_batch(text, "batch.toml", TIPSIM_TEST_DATA);
}

InputError error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const InputError& error) {
    return error;
  }
  FAIL("expected an InputError");
  throw;
}

const std::string header = "[batch]\nscenario = \"small.toml\"\nreplicates = 3\n";

// the base scenario as a batch's only variant makes it
model::Scenario only_variant(const io::BatchSpec& spec) {
  REQUIRE(spec.variants.size() == 1);
  model::Scenario scenario = spec.base;
  for (const std::string& assignment : spec.variants[0].overrides)
    io::apply_override(scenario, assignment);
  return scenario;
}

}  // namespace

TEST_CASE("a batch file reads variants, grid and replicates", "[batch_file]") {
  const auto spec = io::load_batch(TIPSIM_TEST_DATA "/small-batch.toml");
  CHECK(spec.name == "small-comparison");
  CHECK(spec.replicates == 4);
  CHECK(spec.base.name == "small");
  CHECK(spec.seed == static_cast<std::uint64_t>(spec.base.value(model::ParameterId::seed)));
  REQUIRE(spec.variants.size() == 2);
  CHECK(spec.variants[1].overrides ==
        std::vector<std::string>{"policy.predeployment_training=1.0"});
  REQUIRE(spec.grid.size() == 1);
  CHECK(spec.grid[0].values == std::vector<std::string>{"0.2", "0.6"});
}

TEST_CASE("without variants a batch has one, named baseline", "[batch_file]") {
  const auto spec = parse(header);
  REQUIRE(spec.variants.size() == 1);
  CHECK(spec.variants[0].name == "baseline");
  CHECK(spec.baseline == "baseline");
}

TEST_CASE("nested and quoted keys name the same override", "[batch_file]") {
  const auto spec = parse(header +
                          "[[variant]]\nname = \"a\"\npolicy.enforcement = 0.5\n"
                          "[[variant]]\nname = \"b\"\n\"policy.enforcement\" = 0.5\n");
  CHECK(spec.variants[0].overrides == spec.variants[1].overrides);
}

TEST_CASE("bad overrides in a batch are reported at their line", "[batch_file][errors]") {
  const auto range = error_of(header + "[[variant]]\nname = \"x\"\n\"policy.enforcement\" = 1.5\n");
  CHECK(range.file() == "batch.toml");
  CHECK(range.line() == 6);
  CHECK(range.key() == "policy.enforcement");
  CHECK_THAT(range.problem(), Catch::Contains("probability"));
  const auto unknown =
      error_of(header + "[[variant]]\nname = \"x\"\n\"policy.enforcment\" = 0.5\n");
  CHECK(unknown.line() == 6);
  const auto grid = error_of(header + "[grid]\n\"population.people\" = [100, -4]\n");
  CHECK(grid.line() == 5);
  CHECK_THAT(grid.problem(), Catch::Contains("non-negative"));
}

TEST_CASE("every problem of a batch file is reported, with the closest names",
          "[batch_file][errors]") {
  const auto error = error_of(
      "[batch]\nscenario = \"small.toml\"\nreplicate = 3\n[[variant]]\nname = \"a\"\n"
      "\"policy.enforcment\" = 0.5\n\"policy.women_share\" = 3\n[grid]\n"
      "\"policy.enforcement\" = [0.1, 7]\n[smaple]\nx = 1\n");
  REQUIRE(error.problems().size() == 5);
  CHECK(error.problems()[0].line == 3);
  CHECK_THAT(error.problems()[0].problem, Catch::Contains("did you mean 'replicates'"));
  CHECK_THAT(error.problems()[1].problem, Catch::Contains("did you mean 'policy.enforcement'"));
  CHECK(error.problems()[2].line == 7);
  CHECK(error.problems()[3].line == 9);
  CHECK_THAT(error.problems()[4].problem, Catch::Contains("did you mean 'sample'"));
  CHECK_THAT(error_of(header + "[sample]\ncont = 4\n[sample.ranges]\n"
                               "\"policy.enforcment\" = [0.1, 0.5]\n")
                 .what(),
             Catch::Contains("did you mean 'count'") &&
                 Catch::Contains("did you mean 'policy.enforcement'"));
}

TEST_CASE("a batch refuses what it cannot mean", "[batch_file][errors]") {
  CHECK_THAT(error_of("[batch]\nreplicates = 3\n").problem(), Catch::Contains("base scenario"));
  CHECK_THAT(error_of(header + "baseline = \"nobody\"\n").problem(),
             Catch::Contains("no variant named 'nobody'"));
  CHECK_THAT(error_of("[batch]\nscenario = \"small.toml\"\nreplicates = 0\n").problem(),
             Catch::Contains("whole number in [1"));
  CHECK_THAT(error_of(header + "[[variant]]\nname = \"a\"\n[[variant]]\nname = \"a\"\n").problem(),
             Catch::Contains("two variants"));
  CHECK_THAT(
      error_of(header + "[grid]\n\"policy.enforcement\" = [0.1]\n[sample]\ncount = 3\n").problem(),
      Catch::Contains("not both"));
  CHECK_THAT(error_of(header +
                      "[sample]\ncount = 4\n[sample.ranges]\n\"policy.enforcement\" = [0.5, 0.2]\n")
                 .problem(),
             Catch::Contains("minimum must be below"));
  CHECK_THAT(
      error_of(header +
               "[sample]\ncount = 4\n[sample.ranges]\n\"policy.reporting_mechanism\" = [0, 1]\n")
          .problem(),
      Catch::Contains("numeric"));
  CHECK_THAT(
      error_of(header + "[sample]\ncount = 4\nmethod = \"random\"\n").what(),
      Catch::Contains("latin_hypercube") && Catch::Contains("missing: the parameter ranges"));
  CHECK_THAT(error_of(header + "[extra]\n").problem(), Catch::Contains("unknown section"));
}

TEST_CASE("NaN and infinity are refused in variants, grids and sample ranges",
          "[batch_file][errors][finite]") {
  for (const char* value : {"nan", "inf", "-inf"}) {
    INFO(value);
    const std::string v(value);
    const auto variant =
        error_of(header + "[[variant]]\nname = \"x\"\n\"demand.price\" = " + v + "\n");
    CHECK(variant.line() == 6);
    CHECK(variant.key() == "demand.price");
    CHECK_THAT(variant.problem(), Catch::Contains("expected a finite number"));
    const auto schedule = error_of(
        header + "[[variant]]\nname = \"x\"\n\"policy.enforcement\" = [[" + v + ", 0.5]]\n");
    CHECK(schedule.line() == 6);
    CHECK_THAT(schedule.problem(), Catch::Contains("expected a finite year"));
    const auto grid = error_of(header + "[grid]\n\"policy.enforcement\" = [0.1,\n " + v + "]\n");
    CHECK(grid.line() == 6);
    CHECK_THAT(grid.problem(), Catch::Contains("expected a finite number"));
    for (const std::string& range :
         {"[" + v + ", 0.5]", "[0.1, " + v + "]", "{ min = " + v + ", max = 0.5 }",
          "{ min = 0.1, max = " + v + ", scale = \"log\" }"}) {
      INFO(range);
      const auto sample = error_of(header + "[sample]\ncount = 4\n[sample.ranges]\n" +
                                   "\"policy.enforcement\" = " + range + "\n");
      CHECK(sample.line() == 7);
      CHECK_THAT(sample.key(), Catch::StartsWith("sample.ranges.policy.enforcement"));
      CHECK_THAT(sample.problem(), Catch::Contains("expected a finite number"));
    }
  }
  // seeds and counts are TOML integers, which cannot be NaN: a float is refused as such
  CHECK_THAT(error_of("[batch]\nscenario = \"small.toml\"\nseed = nan\n").problem(),
             Catch::Contains("expected a whole number"));
  // (with the ranges missing too: every problem of the file is reported)
  CHECK_THAT(error_of(header + "[sample]\ncount = inf\n").what(),
             Catch::Contains("sample.count': expected a whole number"));
}

TEST_CASE("only a regular file is read as a batch file or its base scenario",
          "[batch_file][errors][files]") {
  namespace fs = std::filesystem;
  const fs::path dir = testing::scratch_folder("batch-file-special");
  CHECK_THROWS_WITH(io::load_batch(dir), Catch::Contains("is a folder, not a batch file"));
  REQUIRE(::mkfifo((dir / "fifo.toml").c_str(), 0600) == 0);
  CHECK_THROWS_WITH(io::load_batch(dir / "fifo.toml"), Catch::Contains("is not a regular file"));
  CHECK_THROWS_WITH(io::load_batch("/dev/zero"), Catch::Contains("is not a regular file"));
  for (const std::string& base : {dir.string(), std::string("/dev/zero")}) {
    std::ofstream(dir / "batch.toml") << "[batch]\nscenario = \"" << base << "\"\n";
    try {
      io::load_batch(dir / "batch.toml");
      FAIL("loaded");
    } catch (const InputError& error) {
      CHECK(error.line() == 2);
      CHECK(error.key() == "batch.scenario");
      CHECK_THAT(error.problem(), Catch::Contains("expected a file, got a"));
    }
  }
}

TEST_CASE("a grid or a batch too large to plan is refused at its line", "[batch_file][errors]") {
  // eight axes of ten values: 1e8 points, which would fill memory before the first run
  std::string grid = header + "[grid]\n";
  // axes are read in key order, as written here: the eighth, on line 12, passes 1e7 points
  const char* keys[] = {"policy.conviction",
                        "policy.enforcement",
                        "policy.home_prosecution",
                        "policy.infield_training",
                        "policy.off_limits",
                        "policy.prosecution",
                        "policy.whistleblower_protection",
                        "policy.women_share"};
  for (const char* key : keys)
    grid += std::string("\"") + key + "\" = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]\n";
  const auto points = error_of(grid);
  CHECK(points.line() == 12);
  CHECK(points.key() == "grid.policy.women_share");
  CHECK_THAT(points.problem(),
             Catch::Contains("the grid has 100000000 points, more than the 10000000"));
  const auto runs = error_of(
      "[batch]\nscenario = \"small.toml\"\nreplicates = 1000000\n"
      "[sample]\ncount = 10000000\n[sample.ranges]\n\"policy.enforcement\" = [0.1, 0.9]\n");
  CHECK(runs.key() == "batch");
  CHECK_THAT(runs.problem(), Catch::Contains("10000000000000 runs"));
}

TEST_CASE("a variant adds local tables to its base scenario", "[batch_file][local]") {
  const auto spec = parse(header +
                          "[[variant]]\nname = \"north\"\n[[variant.local]]\nname = \"north\"\n"
                          "municipalities = [\"municipality-03\"]\n\"policy.enforcement\" = 0.6\n");
  REQUIRE(spec.variants.size() == 1);
  REQUIRE(spec.variants[0].overrides.size() == 1);
  const model::Scenario scenario = only_variant(spec);
  REQUIRE(scenario.locals.size() == 1);
  CHECK(scenario.locals[0].municipalities == std::vector<std::string>{"municipality-03"});
  CHECK(scenario.locals[0].values.at(model::ParameterId::enforcement) == core::Schedule(0.6));
}

TEST_CASE("a local table of a variant with an unknown place is refused at its line",
          "[batch_file][local][errors]") {
  const auto error = error_of(header +
                              "[[variant]]\nname = \"north\"\n[[variant.local]]\n"
                              "municipalities = [\"Atlantis\"]\n\"policy.enforcement\" = 0.6\n");
  CHECK(error.file() == "batch.toml");
  CHECK(error.line() == 6);
  CHECK_THAT(error.problem(), Catch::Contains("unknown municipality 'Atlantis'"));
}

TEST_CASE("variants and grids change source regions by name", "[batch_file][source_region]") {
  const std::string destination =
      "[batch]\nscenario = \"small-destination.toml\"\nreplicates = 2\n";
  const auto spec = parse(destination +
                          "[[variant]]\nname = \"dear\"\n\"source_region.Near.price\" = 4000\n"
                          "[grid]\n\"source_region.Far.supply\" = [0, 10]\n");
  REQUIRE(spec.variants.size() == 1);
  REQUIRE(spec.variants[0].overrides.size() == 1);
  CHECK(only_variant(spec).source_regions[0].price == 4000.0);
  REQUIRE(spec.grid.size() == 1);
  CHECK(spec.grid[0].key == "source_region.Far.supply");
  CHECK(spec.grid[0].values.size() == 2);

  const auto unknown =
      error_of(destination + "[[variant]]\nname = \"x\"\n\"source_region.Atlantis.price\" = 1\n");
  CHECK(unknown.line() == 6);
  CHECK_THAT(unknown.problem(), Catch::Contains("no source region named 'Atlantis'"));
}

TEST_CASE("a variant may station a contingent over a sector", "[batch_file][contingent]") {
  const auto spec =
      parse(header +
            "[[variant]]\nname = \"spread\"\n"
            "\"contingent.North.sector\" = [\"municipality-01\", \"municipality-03\"]\n");
  CHECK(only_variant(spec).contingents[0].sector ==
        std::vector<std::string>{"municipality-01", "municipality-03"});

  const auto unknown = error_of(header +
                                "[[variant]]\nname = \"x\"\n"
                                "\"contingent.North.sector\" = [\"Atlantis\"]\n");
  CHECK(unknown.line() == 6);
  CHECK_THAT(unknown.problem(), Catch::Contains("unknown location 'Atlantis'"));
}
