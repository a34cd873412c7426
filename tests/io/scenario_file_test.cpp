#include "tipsim/io/scenario_file.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace tipsim;
using io::InputError;
using io::parse_scenario;

namespace {

// the error a scenario text raises; fails the test if it raises none
InputError error_of(const std::string& text) {
  try {
    parse_scenario(text, "bad.toml");
  } catch (const InputError& error) {
    return error;
  }
  FAIL("expected an InputError");
  throw;
}

InputError override_error(const std::string& assignment) {
  model::Scenario scenario = io::embedded_baseline();
  try {
    io::apply_override(scenario, assignment);
  } catch (const InputError& error) {
    return error;
  }
  FAIL("expected an InputError");
  throw;
}

}  // namespace

TEST_CASE("an unknown key is reported with file, line, key and a suggestion",
          "[scenario_file][errors]") {
  const auto error = error_of("[population]\npeople = 10\npeopel = 5\n");
  CHECK(error.file() == "bad.toml");
  CHECK(error.line() == 3);
  CHECK(error.key() == "population.peopel");
  CHECK_THAT(error.what(),
             Catch::Contains("bad.toml:3") && Catch::Contains("did you mean 'population.people'"));
}

TEST_CASE("every problem of a scenario file is reported, each at its line, in line order",
          "[scenario_file][errors]") {
  const auto error = error_of(
      "[population]\npeopel = 3\npeople = -5\n[policy]\nenforcement = 2\n"
      "women_share = \"x\"\n[polcy]\na = 1\n[[contingent]]\ncountry = \"X\"\n");
  std::vector<std::size_t> lines;
  for (const auto& problem : error.problems()) lines.push_back(problem.line);
  CHECK(lines == std::vector<std::size_t>{2, 3, 5, 6, 7, 9, 9});
  CHECK_THAT(error.problems()[0].problem, Catch::Contains("did you mean 'population.people'"));
  CHECK_THAT(error.problems()[4].problem, Catch::Contains("did you mean 'policy'"));
  CHECK_THAT(error.problems()[5].problem, Catch::Contains("missing required key 'base'"));
  // what() lists every problem, one per line
  const std::string text = error.what();
  CHECK(std::count(text.begin(), text.end(), '\n') == 6);
}

TEST_CASE("an unknown section is reported", "[scenario_file][errors]") {
  const auto error = error_of("[polcy]\nenforcement = 0.5\n");
  CHECK(error.line() == 1);
  CHECK_THAT(error.problem(), Catch::Contains("unknown section") && Catch::Contains("policy"));
}

TEST_CASE("a wrong type is reported with what was expected", "[scenario_file][errors]") {
  const auto error = error_of("[policy]\nenforcement = \"high\"\n");
  CHECK(error.line() == 2);
  CHECK(error.key() == "policy.enforcement");
  CHECK_THAT(error.problem(),
             Catch::Contains("expected a number") && Catch::Contains("got a string"));
}

TEST_CASE("a probability outside [0, 1] is refused", "[scenario_file][errors]") {
  const auto error = error_of("\n[policy]\nenforcement = 1.5\n");
  CHECK(error.line() == 3);
  CHECK(error.key() == "policy.enforcement");
  CHECK_THAT(error.problem(), Catch::Contains("expected a probability in [0, 1], got 1.5"));
}

TEST_CASE("a negative count is refused", "[scenario_file][errors]") {
  const auto error = error_of("[population]\npeople = -5\n");
  CHECK(error.line() == 2);
  CHECK(error.key() == "population.people");
  CHECK_THAT(error.problem(), Catch::Contains("non-negative count"));
}

TEST_CASE("a fractional count is refused", "[scenario_file][errors]") {
  CHECK_THAT(error_of("[traffickers]\npool = 2.5\n").problem(), Catch::Contains("whole number"));
}

TEST_CASE("an unknown location is refused where it is named", "[scenario_file][errors]") {
  const auto error =
      error_of("[[contingent]]\ncountry = \"UK\"\nbase = \"Atlantis\"\ntroops = 100\n");
  CHECK(error.line() == 3);
  CHECK(error.key() == "contingent.UK.base");
  CHECK_THAT(error.problem(),
             Catch::Contains("unknown location 'Atlantis'") && Catch::Contains("municipality-01"));
  const auto shock = error_of(
      "[[shock]]\nkind = \"economic\"\nyear = 2000\nmagnitude = 1\nlocation = \"Nowhere\"\n");
  CHECK(shock.line() == 5);
  CHECK(shock.key() == "shock[0].location");
}

TEST_CASE("a contingent without its required keys is refused", "[scenario_file][errors]") {
  const auto error = error_of("[[contingent]]\ncountry = \"UK\"\nbase = \"municipality-01\"\n");
  CHECK(error.line() == 1);
  CHECK_THAT(error.problem(), Catch::Contains("missing required key 'troops'"));
}

TEST_CASE("invalid TOML is reported with its line", "[scenario_file][errors]") {
  const auto error = error_of("[policy]\nenforcement = = 3\n");
  CHECK(error.line() == 2);
  CHECK_THAT(error.problem(), Catch::Contains("not valid TOML"));
}

TEST_CASE("schedules must be allowed and increase in time", "[scenario_file][errors]") {
  CHECK_THAT(error_of("[population]\npeople = [[2000, 5]]\n").problem(),
             Catch::Contains("cannot change over time"));
  const auto error = error_of("[policy]\nenforcement = [[2001, 0.2],\n [2000, 0.5]]\n");
  CHECK(error.line() == 3);
  CHECK_THAT(error.problem(), Catch::Contains("must increase"));
  CHECK_THAT(error_of("[policy]\nenforcement = [[2001, 1.2]]\n").problem(),
             Catch::Contains("probability"));
}

TEST_CASE("a choice outside its list is refused", "[scenario_file][errors]") {
  CHECK_THAT(error_of("[policy]\nreporting_mechanism = \"loud\"\n").problem(),
             Catch::Contains("none|confidential|open"));
}

TEST_CASE("constants and step and linear schedules are read", "[scenario_file]") {
  const auto scenario = parse_scenario(
      "[policy]\nenforcement = 0.5\npredeployment_training = [[1999.5, 0.1], [2003, 0.8]]\n"
      "infield_training = { points = [[2000, 0], [2004, 0.04]], interpolation = \"linear\" }\n"
      "reporting_mechanism = \"open\"\nchild_protection = true\n",
      "ok.toml");
  using model::ParameterId;
  CHECK(scenario.value(ParameterId::enforcement) == 0.5);
  CHECK(scenario.schedule(ParameterId::predeployment_training).at(2002) == 0.1);
  CHECK(scenario.schedule(ParameterId::predeployment_training).at(2003) == 0.8);
  CHECK(scenario.schedule(ParameterId::infield_training).at(2002) == Approx(0.02));
  CHECK(scenario.value(ParameterId::reporting_mechanism) == 2);
  CHECK(scenario.value(ParameterId::child_protection) == 1);
}

TEST_CASE("overrides change any parameter and are checked like the file",
          "[scenario_file][overrides]") {
  model::Scenario scenario = io::embedded_baseline();
  io::apply_override(scenario, "policy.enforcement=0.9");
  io::apply_override(scenario, "policy.reporting_mechanism=open");
  io::apply_override(scenario, "policy.women_share=[[1999.5, 0.03], [2004, 0.2]]");
  io::apply_override(scenario, "contingent.UK.tour_weeks=13");
  CHECK(scenario.value(model::ParameterId::enforcement) == 0.9);
  CHECK(scenario.value(model::ParameterId::reporting_mechanism) == 2);
  CHECK(scenario.schedule(model::ParameterId::women_share).at(2005) == 0.2);
  CHECK(scenario.contingents[0].own.at(model::ParameterId::tour_weeks) == core::Schedule(13));
  CHECK(scenario.overrides.size() == 4);

  const auto bad = override_error("policy.enforcement=2");
  CHECK(bad.file() == "--set");
  CHECK(bad.line() == 0);  // an override has no lines: "--set: key ...", never "--set:1:"
  CHECK(std::string(bad.what()).rfind("--set: key 'policy.enforcement'", 0) == 0);
  CHECK(bad.key() == "policy.enforcement");
  CHECK_THAT(override_error("policy.enforcment=0.2").problem(), Catch::Contains("did you mean"));
  CHECK_THAT(override_error("contingent.Mars.troops=5").problem(),
             Catch::Contains("no contingent named 'Mars'"));
  CHECK_THAT(override_error("population.municipalities=2").problem(),
             Catch::Contains("unknown location"));
  CHECK_THAT(override_error("enforcement").problem(), Catch::Contains("KEY=VALUE"));
}

TEST_CASE("the resolved scenario reads back to the same scenario", "[scenario_file]") {
  model::Scenario scenario = io::embedded_baseline();
  io::apply_override(
      scenario,
      "policy.infield_training={ points = [[2000, 0], [2004, 0.04]], interpolation = \"linear\" }");
  io::apply_override(scenario, "policy.reporting_mechanism=open");
  const std::string text = io::resolved_toml(scenario);
  const model::Scenario again = parse_scenario(text, "resolved.toml");
  CHECK(again.values == scenario.values);
  REQUIRE(again.contingents.size() == scenario.contingents.size());
  for (std::size_t i = 0; i < again.contingents.size(); ++i) {
    CHECK(again.contingents[i].troops == scenario.contingents[i].troops);
    CHECK(again.contingents[i].own == scenario.contingents[i].own);
  }
  CHECK(again.shocks.size() == scenario.shocks.size());
}

TEST_CASE("the embedded baseline is scenarios/baseline.toml", "[scenario_file]") {
  std::ifstream file(TIPSIM_SOURCE_DIR "/scenarios/baseline.toml");
  std::stringstream text;
  text << file.rdbuf();
  CHECK(std::string(io::embedded_baseline_text()) == text.str());
  CHECK(io::embedded_baseline().contingents.size() >= 3);
}

TEST_CASE("every shipped scenario is valid", "[scenario_file]") {
  for (const char* name : {"baseline", "training", "enforcement", "women-in-the-force", "reporting",
                           "combined", "europe-2005"}) {
    INFO(name);
    CHECK_NOTHROW(io::load_scenario(std::string(TIPSIM_SOURCE_DIR "/scenarios/") + name + ".toml"));
  }
}
