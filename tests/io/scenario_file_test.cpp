#include "tipsim/io/scenario_file.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scratch_folder.hpp"
#include "tipsim/io/files.hpp"

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

TEST_CASE("a contingent's sector names known municipalities once each", "[scenario_file][errors]") {
  const std::string contingent =
      "[[contingent]]\ncountry = \"UK\"\nbase = \"municipality-01\"\ntroops = 100\n";
  const auto unknown = error_of(contingent + "sector = [\"municipality-01\", \"Atlantis\"]\n");
  CHECK(unknown.line() == 5);
  CHECK(unknown.key() == "contingent.UK.sector");
  CHECK_THAT(unknown.problem(), Catch::Contains("unknown location 'Atlantis'"));
  CHECK_THAT(
      error_of(contingent + "sector = [\"municipality-02\", \"municipality-02\"]\n").problem(),
      Catch::Contains("'municipality-02' is listed twice"));
  const auto empty = error_of(contingent + "sector = []\n");
  CHECK(empty.line() == 5);
  CHECK_THAT(empty.problem(), Catch::Contains("at least one municipality"));
  CHECK_THAT(error_of(contingent + "sector = \"municipality-02\"\n").problem(),
             Catch::Contains("expected an array of municipality names"));
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
  io::apply_override(scenario, R"(contingent.UK.sector=["municipality-01", "municipality-07"])");
  const std::string text = io::resolved_toml(scenario);
  const model::Scenario again = parse_scenario(text, "resolved.toml");
  CHECK(again.values == scenario.values);
  REQUIRE(again.contingents.size() == scenario.contingents.size());
  for (std::size_t i = 0; i < again.contingents.size(); ++i) {
    CHECK(again.contingents[i].troops == scenario.contingents[i].troops);
    CHECK(again.contingents[i].own == scenario.contingents[i].own);
    CHECK(again.contingents[i].sector == scenario.contingents[i].sector);
  }
  CHECK(again.contingents[0].sector.size() == 2);
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

TEST_CASE("NaN and infinity are refused for every numeric parameter, in a file and through --set",
          "[scenario_file][errors][finite]") {
  for (const model::ParameterSpec& spec : model::parameter_table()) {
    if (spec.scope != model::ParameterScope::scenario || !spec.numeric() ||
        spec.kind == model::ParameterKind::choice || spec.kind == model::ParameterKind::flag)
      continue;
    for (const char* value : {"nan", "inf", "-inf", "+nan"}) {
      INFO(spec.key << " = " << value);
      const std::string key(spec.key);
      const auto file = error_of("# a comment\n[" + std::string(spec.section()) + "]\n" +
                                 std::string(spec.name()) + " = " + value + "\n");
      CHECK(file.line() == 3);
      CHECK(file.key() == key);
      CHECK_THAT(file.problem(), Catch::Contains("expected a finite number"));
      const auto set = override_error(key + "=" + value);
      CHECK(set.key() == key);
      CHECK_THAT(set.problem(), Catch::Contains("expected a finite number"));
    }
  }
}

TEST_CASE("a schedule year that is NaN or infinite is refused", "[scenario_file][errors][finite]") {
  for (const char* year : {"nan", "inf", "-inf"}) {
    INFO(year);
    const auto first = error_of("[policy]\nenforcement = [[" + std::string(year) + ", 0.5]]\n");
    CHECK(first.line() == 2);
    CHECK(first.key() == "policy.enforcement");
    CHECK_THAT(first.problem(), Catch::Contains("expected a finite year"));
    const auto later =
        error_of("[policy]\nenforcement = [[2000, 0.5],\n  [" + std::string(year) + ", 0.2]]\n");
    CHECK(later.line() == 3);
    CHECK_THAT(later.problem(), Catch::Contains("expected a finite year"));
    CHECK_THAT(override_error("policy.women_share=[[" + std::string(year) + ", 0.1]]").problem(),
               Catch::Contains("expected a finite year"));
    CHECK_THAT(override_error("contingent.UK.troops=[[" + std::string(year) + ", 100]]").problem(),
               Catch::Contains("expected a finite year"));
  }
}

TEST_CASE("NaN and infinity are refused in contingent and shock fields",
          "[scenario_file][errors][finite]") {
  const std::string contingent = "[[contingent]]\ncountry = \"UK\"\nbase = \"municipality-01\"\n";
  for (const char* value : {"nan", "inf", "-inf"}) {
    INFO(value);
    for (const char* field : {"troops", "tour_weeks", "women_share", "predeployment_training"}) {
      INFO(field);
      const auto error = error_of(contingent + field + " = " + value +
                                  (std::string(field) == "troops" ? "" : "\ntroops = 10") + "\n");
      CHECK(error.line() == 4);
      CHECK_THAT(error.problem(), Catch::Contains("expected a finite number"));
      CHECK_THAT(override_error("contingent.UK." + std::string(field) + "=" + value).problem(),
                 Catch::Contains("expected a finite number"));
    }
    const std::string shock = "[[shock]]\nkind = \"economic\"\n";
    for (const char* field : {"year", "weeks", "magnitude"}) {
      INFO(field);
      std::string text = shock + field + " = " + value + "\n";
      if (std::string(field) != "year") text += "year = 2000\n";
      if (std::string(field) != "magnitude") text += "magnitude = 0.5\n";
      const auto error = error_of(text);
      CHECK(error.line() == 3);
      CHECK(error.key() == "shock[0]." + std::string(field));
      CHECK_THAT(error.problem(), Catch::Contains("expected a finite number"));
    }
  }
}

TEST_CASE("only a regular file of bounded size is read as a scenario",
          "[scenario_file][errors][files]") {
  namespace fs = std::filesystem;
  const fs::path dir = testing::scratch_folder("scenario-file-special");
  auto load_error = [](const fs::path& path) {
    try {
      io::load_scenario(path);
    } catch (const InputError& error) {
      return std::string(error.what());
    }
    FAIL("expected an InputError for " << path);
    return std::string();
  };
  // a folder was read as an empty scenario: engine defaults, no peacekeepers at all
  CHECK_THAT(load_error(dir), Catch::Contains("is a folder, not a scenario file"));
  REQUIRE(::mkfifo((dir / "fifo.toml").c_str(), 0600) == 0);
  // a FIFO without a writer would block the read for ever
  CHECK_THAT(load_error(dir / "fifo.toml"), Catch::Contains("is not a regular file"));
  CHECK_THAT(load_error("/dev/zero"), Catch::Contains("is not a regular file"));
  CHECK_THAT(load_error(dir / "missing.toml"), Catch::Contains("no such scenario file"));
  {
    std::ofstream huge(dir / "huge.toml");
    huge << "# nothing but a comment\n";
  }
  fs::resize_file(dir / "huge.toml", io::most_toml_bytes + 1);
  CHECK_THAT(load_error(dir / "huge.toml"), Catch::Contains("larger than the 16 MiB"));
}

TEST_CASE("a scenario that extends a device, a FIFO or a folder is refused at that line",
          "[scenario_file][errors][files]") {
  namespace fs = std::filesystem;
  const fs::path dir = testing::scratch_folder("scenario-file-extends");
  REQUIRE(::mkfifo((dir / "fifo.toml").c_str(), 0600) == 0);
  fs::create_directories(dir / "folder.toml");
  for (const std::string& base :
       {std::string("/dev/zero"), (dir / "fifo.toml").string(), (dir / "folder.toml").string()}) {
    INFO(base);
    std::ofstream(dir / "variant.toml")
        << "[scenario]\nname = \"v\"\nextends = \"" << base << "\"\n";
    try {
      io::load_scenario(dir / "variant.toml");
      FAIL("expected an InputError");
    } catch (const InputError& error) {
      CHECK(error.line() == 3);
      CHECK(error.key() == "scenario.extends");
      CHECK_THAT(error.problem(), Catch::Contains("expected a file, got a"));
    }
  }
}

TEST_CASE("a minimum age above the maximum age is refused where the second of them is given",
          "[scenario_file][errors][pairs]") {
  const auto both = error_of("[vulnerability]\nminimum_age = 30\nmaximum_age = 13\n");
  CHECK(both.line() == 3);
  CHECK(both.key() == "vulnerability.maximum_age");
  CHECK_THAT(both.problem(),
             Catch::Contains("expected vulnerability.minimum_age <= vulnerability.maximum_age"));
  const auto reversed = error_of("[vulnerability]\nmaximum_age = 13\nminimum_age = 30\n");
  CHECK(reversed.line() == 3);
  CHECK(reversed.key() == "vulnerability.minimum_age");
  // against the default maximum (35)
  const auto one = error_of("[vulnerability]\n\nminimum_age = 40\n");
  CHECK(one.line() == 3);
  CHECK(one.key() == "vulnerability.minimum_age");
  const auto set = override_error("vulnerability.maximum_age=5");
  CHECK(set.file() == "--set");
  CHECK(set.key() == "vulnerability.maximum_age");
  CHECK_NOTHROW(parse_scenario("[vulnerability]\nminimum_age = 20\nmaximum_age = 20\n", "ok.toml"));
}

TEST_CASE("a local table sets policies for the municipalities it names", "[scenario_file][local]") {
  const model::Scenario scenario = parse_scenario(
      "[[local]]\nname = \"capital\"\nmunicipalities = [\"municipality-03\", \"municipality-04\"]\n"
      "\"policy.enforcement\" = 0.6\n"
      "[local.policy]\nconviction = 0.5\nsentence_weeks = [[1999.5, 26], [2002, 52]]\n"
      "[[local]]\nmunicipalities = [\"municipality-05\"]\n"
      "policy.police_capacity = { points = [[2000, 5], [2004, 10]], interpolation = "
      "\"linear\" }\n",
      "local.toml");
  REQUIRE(scenario.locals.size() == 2);
  const model::LocalSetting& capital = scenario.locals[0];
  CHECK(capital.name == "capital");
  CHECK(capital.municipalities == std::vector<std::string>{"municipality-03", "municipality-04"});
  CHECK(capital.values.at(model::ParameterId::enforcement) == core::Schedule(0.6));
  CHECK(capital.values.at(model::ParameterId::conviction) == core::Schedule(0.5));
  CHECK(capital.values.at(model::ParameterId::sentence_weeks).at(2003) == 52);
  CHECK(scenario.locals[1].values.at(model::ParameterId::police_capacity).at(2002) == 7.5);
  // the country keeps its own values
  CHECK(scenario.value(model::ParameterId::enforcement) == 0.3);
}

TEST_CASE("a local table with an unknown place or key is refused at its line",
          "[scenario_file][local][errors]") {
  const auto place = error_of(
      "[[local]]\nname = \"north\"\nmunicipalities = [\"Atlantis\"]\n"
      "\"policy.enforcement\" = 0.6\n");
  CHECK(place.line() == 3);
  CHECK(place.key() == "local.north.municipalities");
  CHECK_THAT(place.problem(), Catch::Contains("unknown municipality 'Atlantis'") &&
                                  Catch::Contains("municipality-01"));

  const auto misspelt =
      error_of("[[local]]\nmunicipalities = [\"municipality-01\"]\n\"policy.enforcment\" = 0.6\n");
  CHECK(misspelt.line() == 3);
  CHECK(misspelt.key() == "local[0].policy.enforcment");
  CHECK_THAT(misspelt.problem(), Catch::Contains("did you mean 'policy.enforcement'"));

  // a force-wide lever, or one that is not a policy of a place, cannot be local
  const auto force_wide = error_of(
      "[[local]]\nmunicipalities = [\"municipality-01\"]\n\n\"policy.women_share\" = 0.2\n");
  CHECK(force_wide.line() == 4);
  CHECK(force_wide.key() == "local[0].policy.women_share");
  CHECK_THAT(force_wide.problem(), Catch::Contains("cannot be set for some municipalities only") &&
                                       Catch::Contains("policy.enforcement"));

  const auto out_of_range =
      error_of("[[local]]\nmunicipalities = [\"municipality-01\"]\n\"policy.enforcement\" = 1.6\n");
  CHECK(out_of_range.line() == 3);
  CHECK_THAT(out_of_range.problem(), Catch::Contains("probability in [0, 1]"));

  const auto nowhere = error_of("\n[[local]]\n\"policy.enforcement\" = 0.6\n");
  CHECK(nowhere.line() == 2);
  CHECK_THAT(nowhere.problem(), Catch::Contains("missing required key 'municipalities'"));

  const auto nothing = error_of("[[local]]\nmunicipalities = [\"municipality-01\"]\n");
  CHECK_THAT(nothing.problem(), Catch::Contains("sets no parameter"));

  const auto twice = error_of(
      "[[local]]\nname = \"a\"\nmunicipalities = [\"municipality-01\"]\n"
      "\"policy.enforcement\" = 0.6\n[[local]]\nname = \"a\"\n"
      "municipalities = [\"municipality-02\"]\n\"policy.enforcement\" = 0.6\n");
  CHECK(twice.line() == 5);
  CHECK_THAT(twice.problem(), Catch::Contains("two [[local]] tables named 'a'"));

  CHECK_THAT(error_of("[local]\nmunicipalities = []\n").problem(),
             Catch::Contains("expected [[local]] tables"));
}

TEST_CASE("overrides add local tables and change named ones", "[scenario_file][local][overrides]") {
  model::Scenario scenario = io::embedded_baseline();
  io::apply_override(scenario,
                     "local={ name = \"east\", municipalities = [\"municipality-02\"], "
                     "\"policy.enforcement\" = 0.6 }");
  io::apply_override(scenario, "local.east.policy.enforcement=0.9");
  io::apply_override(scenario,
                     "local.east.municipalities=[\"municipality-02\", \"municipality-05\"]");
  REQUIRE(scenario.locals.size() == 1);
  CHECK(scenario.locals[0].values.at(model::ParameterId::enforcement) == core::Schedule(0.9));
  CHECK(scenario.locals[0].municipalities.size() == 2);

  CHECK_THAT(override_error("local.west.policy.enforcement=0.9").problem(),
             Catch::Contains("no [[local]] table named 'west'"));
  try {
    io::apply_override(scenario, "local.east.policy.women_share=0.9");
    FAIL("a force-wide lever was set for one municipality");
  } catch (const InputError& error) {
    CHECK(error.file() == "--set");
    CHECK(error.key() == "local.east.policy.women_share");
    CHECK_THAT(error.problem(), Catch::Contains("cannot be set for some municipalities only"));
  }
  CHECK_THAT(
      override_error("local={ municipalities = [\"Atlantis\"], \"policy.enforcement\" = 0.6 }")
          .problem(),
      Catch::Contains("unknown municipality 'Atlantis'"));
  CHECK_THAT(override_error("local=[]").problem(), Catch::Contains("expected a table"));
}

TEST_CASE("local tables survive the resolved scenario", "[scenario_file][local]") {
  model::Scenario scenario = io::embedded_baseline();
  io::apply_override(scenario,
                     "local={ name = \"east\", municipalities = [\"municipality-02\"], "
                     "\"policy.enforcement\" = 0.6, \"policy.sentence_weeks\" = [[1999.5, 26], "
                     "[2003, 52]] }");
  const model::Scenario again = parse_scenario(io::resolved_toml(scenario), "resolved.toml");
  REQUIRE(again.locals.size() == 1);
  CHECK(again.locals[0].name == "east");
  CHECK(again.locals[0].municipalities == scenario.locals[0].municipalities);
  CHECK(again.locals[0].values == scenario.locals[0].values);
}

namespace {
const char* const two_regions =
    "[[source_region]]\nname = \"Moldova\"\nsupply = [[2000, 2], [2003, 5]]\nprice = 1450\n"
    "distance_km = 1300\ntransit_risk = 3\n"
    "\n[[source_region]]\nname = \"Bulgaria\"\nsupply = 1\ndistance_km = 350\n";
}  // namespace

TEST_CASE("source regions are read with their defaults, changed through --set and written back",
          "[scenario_file][source_region]") {
  model::Scenario scenario = parse_scenario(two_regions, "regions.toml");
  REQUIRE(scenario.source_regions.size() == 2);
  const model::SourceRegion& moldova = scenario.source_regions[0];
  CHECK(moldova.name == "Moldova");
  CHECK(moldova.supply.at(2001.0) == 2.0);
  CHECK(moldova.supply.at(2004.0) == 5.0);
  CHECK(moldova.distance_km == 1300.0);
  CHECK(moldova.transit_risk == 3.0);
  // fields left out take their defaults from the parameter table
  CHECK(scenario.source_regions[1].price ==
        model::spec(model::ParameterId::source_region_price).default_value);
  CHECK(scenario.source_regions[1].transit_risk == 1.0);

  io::apply_override(scenario, "source_region.Bulgaria.price=900");
  io::apply_override(scenario, "source_region.Moldova.supply=7");
  CHECK(scenario.source_regions[1].price == 900.0);
  CHECK(scenario.source_regions[0].supply == core::Schedule(7.0));
  try {
    io::apply_override(scenario, "source_region.Atlantis.price=900");
    FAIL("a region that does not exist was changed");
  } catch (const InputError& error) {
    CHECK(error.key() == "source_region.Atlantis.price");
    CHECK_THAT(error.problem(), Catch::Contains("no source region named 'Atlantis'"));
  }

  const model::Scenario again = parse_scenario(io::resolved_toml(scenario), "resolved.toml");
  REQUIRE(again.source_regions.size() == 2);
  for (std::size_t r = 0; r < 2; ++r) {
    CHECK(again.source_regions[r].name == scenario.source_regions[r].name);
    CHECK(again.source_regions[r].supply == scenario.source_regions[r].supply);
    CHECK(again.source_regions[r].price == scenario.source_regions[r].price);
    CHECK(again.source_regions[r].distance_km == scenario.source_regions[r].distance_km);
    CHECK(again.source_regions[r].transit_risk == scenario.source_regions[r].transit_risk);
  }
}

TEST_CASE(
    "a source region without its required keys or with an unknown field is refused at its line",
    "[scenario_file][source_region][errors]") {
  const auto missing =
      error_of("[scenario]\nname = \"x\"\n\n[[source_region]]\nname = \"Moldova\"\n");
  CHECK(missing.line() == 4);
  CHECK_THAT(missing.problem(), Catch::Contains("missing required key 'supply'"));

  const auto unknown =
      error_of("[[source_region]]\nname = \"Moldova\"\nsuply = 2\nsupply = 2\ndistance_km = 100\n");
  CHECK(unknown.line() == 3);
  CHECK(unknown.key() == "source_region[0].suply");
  CHECK_THAT(unknown.problem(), Catch::Contains("did you mean 'supply'"));

  const auto negative =
      error_of("[[source_region]]\nname = \"Moldova\"\nsupply = 2\ndistance_km = -5\n");
  CHECK(negative.line() == 4);
}

TEST_CASE("two source regions of one name are refused", "[scenario_file][source_region][errors]") {
  std::string text = two_regions;
  text.replace(text.find("Bulgaria"), 8, "Moldova");
  const auto error = error_of(text);
  CHECK(error.key() == "source_region.Moldova");
  CHECK_THAT(error.problem(), Catch::Contains("two source regions named 'Moldova'"));
}
