#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run_command.hpp"
#include "scratch_folder.hpp"
#include "tipsim/io/results_reader.hpp"
#include "tipsim/model/parameters.hpp"

namespace fs = std::filesystem;
using tipsim::testing::scratch_folder;

namespace {

using tipsim::testing::run_tipsim;

const std::string small = std::string(TIPSIM_TEST_DATA) + "/small.toml";

}  // namespace

TEST_CASE("tipsim --version names the version", "[cli]") {
  const auto outcome = run_tipsim("--version");
  CHECK(outcome.exit_code == 0);
  CHECK_THAT(outcome.output, Catch::Contains("tipsim 0."));
}

TEST_CASE("tipsim run writes the results file and a summary, exit 0", "[cli]") {
  const fs::path out = scratch_folder("cli-test-run") / "small.h5";
  const auto outcome = run_tipsim("run " + small + " -o " + out.string() +
                                  " --seed 3 --threads 2 --set time.years=1");
  INFO(outcome.output);
  CHECK(outcome.exit_code == 0);
  CHECK(fs::exists(out));
  CHECK_THAT(outcome.output, Catch::Contains("victims_recruited") && Catch::Contains("results: "));
  const tipsim::io::ResultsReader reader(out);
  CHECK(reader.runs().seed.at(0) == 3);
  CHECK(reader.runs().overrides.at(0) == "time.years=1");
  CHECK(reader.metadata().at("threads") == "2");
}

TEST_CASE("tipsim run with bad input exits 2 and writes nothing", "[cli][errors]") {
  const fs::path dir = scratch_folder("cli-test-bad");
  const fs::path out = dir / "bad.h5";
  const auto unknown =
      run_tipsim("run " + small + " -o " + out.string() + " --set policy.enforcment=0.5");
  CHECK(unknown.exit_code == 2);
  CHECK_THAT(unknown.output, Catch::Contains("--set: key 'policy.enforcment': unknown key"));
  const auto range =
      run_tipsim("run " + small + " -o " + out.string() + " --set policy.enforcement=1.5");
  CHECK(range.exit_code == 2);
  std::ofstream(dir / "broken.toml") << "[population]\npeople = -3\n";
  const auto file = run_tipsim("run " + (dir / "broken.toml").string() + " -o " + out.string());
  CHECK(file.exit_code == 2);
  CHECK_THAT(file.output, Catch::Contains("broken.toml:2: key 'population.people'"));
  const auto missing = run_tipsim("run " + (dir / "missing.toml").string() + " -o " + out.string());
  CHECK(missing.exit_code == 2);
  const auto option = run_tipsim("run --no-such-option");
  CHECK(option.exit_code == 2);
  CHECK(fs::is_empty(dir / "") == false);  // only broken.toml is there
  for (const auto& entry : fs::directory_iterator(dir))
    CHECK(entry.path().filename() == "broken.toml");
}

TEST_CASE("tipsim validate accepts good scenarios and refuses bad ones", "[cli]") {
  const auto good = run_tipsim("validate " + small);
  CHECK(good.exit_code == 0);
  CHECK_THAT(good.output, Catch::Contains("valid scenario 'small'") &&
                              Catch::Contains("plan: 1 run, seed") &&
                              Catch::Contains("time: about"));
  const fs::path dir = scratch_folder("cli-test-validate");
  std::ofstream(dir / "unknown-location.toml")
      << "[[contingent]]\ncountry = \"UK\"\nbase = \"Atlantis\"\ntroops = 100\n";
  const auto bad = run_tipsim("validate " + (dir / "unknown-location.toml").string());
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output,
             Catch::Contains(
                 "unknown-location.toml:3: key 'contingent.UK.base': unknown location 'Atlantis'"));
}

TEST_CASE("tipsim validate reads batch and targets files and prints their run plans", "[cli]") {
  const auto batch =
      run_tipsim("validate " + std::string(TIPSIM_TEST_DATA) + "/small-batch.toml --threads 2");
  INFO(batch.output);
  CHECK(batch.exit_code == 0);
  CHECK_THAT(batch.output, Catch::Contains("valid batch 'small-comparison'") &&
                               Catch::Contains("grid: policy.enforcement = [0.2, 0.6]") &&
                               Catch::Contains("2 variants x 2 points x 4 replicates = 16 runs") &&
                               Catch::Contains("the batch about") && Catch::Contains("on 2 cores"));
  const auto targets = run_tipsim("validate " + std::string(TIPSIM_SOURCE_DIR) +
                                  "/scenarios/targets/osce-europe-2005.toml --no-estimate");
  INFO(targets.output);
  CHECK(targets.exit_code == 0);
  CHECK_THAT(targets.output,
             Catch::Contains("valid calibration targets 'osce-europe-2005'") &&
                 Catch::Contains("6 uncertain parameters") && Catch::Contains("4 targets") &&
                 Catch::Contains("at least 1,000 simulations") && !Catch::Contains("time:"));
  const fs::path dir = scratch_folder("cli-test-validate-targets");
  std::ofstream(dir / "targets.toml")
      << "[calibration]\nscenario = \"" << small
      << "\"\n[[parameter]]\nkey = \"policy.enforcment\"\nmin = 0.1\nmax = 0.5\n"
         "[[target]]\nmetric = \"convictons\"\nobserved = 3\n";
  const auto bad = run_tipsim("validate " + (dir / "targets.toml").string());
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Catch::Contains("targets.toml:4: key 'parameter[0].key'") &&
                             Catch::Contains("did you mean 'policy.enforcement'") &&
                             Catch::Contains("targets.toml:8: key 'target[0].metric'") &&
                             Catch::Contains("did you mean 'convictions'"));
}

TEST_CASE("a misspelt command or option gets the closest one and exit 2", "[cli][errors]") {
  const auto command = run_tipsim("rnu");
  CHECK(command.exit_code == 2);
  CHECK_THAT(command.output, Catch::Contains("unknown command 'rnu' (did you mean 'run'?)"));
  const auto option = run_tipsim("run --trheads 2");
  CHECK(option.exit_code == 2);
  CHECK_THAT(option.output,
             Catch::Contains("unknown option '--trheads' (did you mean '--threads'?)"));
}

TEST_CASE("a bad override is named without a line of its own", "[cli][errors]") {
  const auto outcome = run_tipsim("validate " + small + " --set policy.enforcement=3");
  CHECK(outcome.exit_code == 2);
  CHECK_THAT(outcome.output, Catch::Contains("tipsim: --set: key 'policy.enforcement'") &&
                                 !Catch::Contains("--set:1"));
}

TEST_CASE("tipsim params shows a scenario's resolved values and filters keys", "[cli]") {
  const auto women = run_tipsim("params women --scenario " + std::string(TIPSIM_SOURCE_DIR) +
                                "/scenarios/women-in-the-force.toml");
  INFO(women.output);
  CHECK(women.exit_code == 0);
  CHECK_THAT(women.output, Catch::Contains("* policy.women_share") &&
                               Catch::Contains("[[1999.5, 0.03], [2002.5, 0.2]]") &&
                               !Catch::Contains("policy.enforcement"));
  const auto set = run_tipsim("params policy.enforcement --set policy.enforcement=0.7");
  CHECK_THAT(set.output, Catch::Contains("* policy.enforcement") && Catch::Contains("0.7"));
  const auto typo = run_tipsim("params wmoen");
  CHECK(typo.exit_code == 2);
  CHECK_THAT(typo.output, Catch::Contains("did you mean 'women'"));
}

TEST_CASE("tipsim params lists every parameter with its unit", "[cli]") {
  const auto outcome = run_tipsim("params");
  CHECK(outcome.exit_code == 0);
  for (const auto& spec : tipsim::model::parameter_table()) {
    INFO(spec.key);
    // contingent and shock fields are listed under their tables, by name
    CHECK_THAT(
        outcome.output,
        Catch::Contains(std::string(
            spec.scope == tipsim::model::ParameterScope::scenario ? spec.key : spec.name())));
  }
  CHECK_THAT(run_tipsim("params --markdown").output, Catch::Contains("| `policy.enforcement` |"));
}

TEST_CASE("tipsim without a command prints help and exits 2", "[cli]") {
  CHECK(run_tipsim("").exit_code == 2);
  CHECK(run_tipsim("--help").exit_code == 0);
}

TEST_CASE("tipsim validate counts local tables and refuses one that names no municipality",
          "[cli][errors][local]") {
  const fs::path dir = scratch_folder("cli-test-validate-local");
  std::ofstream(dir / "north.toml") << "[scenario]\nextends = \"" << TIPSIM_TEST_DATA
                                    << "/small.toml\"\n[[local]]\nname = \"north\"\n"
                                       "municipalities = [\"municipality-03\"]\n"
                                       "\"policy.enforcement\" = 0.6\n";
  const auto good = run_tipsim("validate --no-estimate " + (dir / "north.toml").string());
  CHECK(good.exit_code == 0);
  CHECK_THAT(good.output, Catch::Contains("1 [[local]] table"));
  std::ofstream(dir / "nowhere.toml") << "[[local]]\nname = \"north\"\n"
                                         "municipalities = [\"Atlantis\"]\n"
                                         "\"policy.enforcement\" = 0.6\n";
  const auto bad = run_tipsim("validate --no-estimate " + (dir / "nowhere.toml").string());
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Catch::Contains("nowhere.toml:3: key 'local.north.municipalities': "
                                         "unknown municipality 'Atlantis'"));
}
