#include "tipsim/io/targets_file.hpp"

#include <catch2/catch.hpp>

using namespace tipsim;

namespace {

const std::string header = "[calibration]\nname = \"t\"\nscenario = \"small.toml\"\n";
const std::string parameter =
    "[[parameter]]\nkey = \"traffickers.pool\"\nmin = 100\nmax = 1000\nprior = \"log-uniform\"\n";

io::TargetsSpec parse(const std::string& text) {
  return io::parse_targets(text, "targets.toml", TIPSIM_TEST_DATA);
}

io::InputError error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const io::InputError& error) {
    return error;
  }
  FAIL("expected an InputError");
  throw;
}

}  // namespace

TEST_CASE("a targets file reads its scenario, parameters and targets", "[targets_file]") {
  const auto spec = parse(header + parameter +
                          "[[target]]\nname = \"share\"\nnumerator = [\"children_recruited\"]\n"
                          "denominator = \"victims_recruited\"\ndenominator_reduce = \"per_year\"\n"
                          "reduce = \"ratio\"\nobserved = [0.1, 0.3]\nperiod = [2000, 2002]\n"
                          "kind = \"true\"\nsource = \"a report\"\n");
  CHECK(spec.name == "t");
  CHECK(spec.scenario.name == "small");
  CHECK(spec.scenario_path.is_absolute());
  REQUIRE(spec.parameters.size() == 1);
  CHECK(spec.parameters[0].logarithmic);
  CHECK(spec.parameters[0].whole);  // a count is rounded
  REQUIRE(spec.targets.size() == 1);
  const auto& target = spec.targets[0];
  CHECK(target.metrics == std::vector<std::string>{"children_recruited"});
  CHECK(target.denominator == std::vector<std::string>{"victims_recruited"});
  CHECK(target.low == 0.1);
  CHECK(target.high == 0.3);
  CHECK(target.period == std::make_pair(2000.0, 2002.0));
}

TEST_CASE("every problem of a targets file is reported with its line and the closest name",
          "[targets_file][errors]") {
  const auto error = error_of(header +
                              "[[parameter]]\nkey = \"policy.enforcment\"\nmin = 0.1\nmax = 0.5\n"
                              "prior = \"log-unifrom\"\n[[target]]\nmetric = \"convictons\"\n"
                              "reduse = \"sum\"\n[[targt]]\n");
  std::vector<std::size_t> lines;
  for (const auto& problem : error.problems()) lines.push_back(problem.line);
  // key, prior, the target missing 'observed', its metric, its misspelt key, the section
  CHECK(lines == std::vector<std::size_t>{5, 8, 9, 10, 11, 12});
  CHECK_THAT(error.what(), Catch::Contains("did you mean 'policy.enforcement'") &&
                               Catch::Contains("did you mean 'log-uniform'") &&
                               Catch::Contains("did you mean 'convictions'") &&
                               Catch::Contains("did you mean 'reduce'") &&
                               Catch::Contains("did you mean 'target'"));
  CHECK_THAT(error_of(header + parameter).what(), Catch::Contains("no [[target]]"));
  CHECK_THAT(error_of(header + "[[parameter]]\nkey = \"traffickers.pool\"\nmin = 0\nmax = 10\n"
                               "prior = \"log-uniform\"\n[[target]]\nmetric = \"arrests\"\n"
                               "observed = 3\n")
                 .what(),
             Catch::Contains("log-uniform prior needs min > 0"));
}
