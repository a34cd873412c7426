#include "tipsim/io/tables.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "scratch_folder.hpp"
#include "tipsim/io/input_error.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/model/location_graph.hpp"

using namespace tipsim;
namespace fs = std::filesystem;

namespace {
fs::path write(const std::string& name, const std::string& text) {
  const fs::path folder = tipsim::testing::own_folder("tables-test");
  std::ofstream(folder / name) << text;
  return folder / name;
}
}  // namespace

TEST_CASE("a scenario may name its location, route and tie tables", "[tables]") {
  write("locations.csv",
        "# a three-town country\nname,kind,population_weight,x_km,y_km\nTown,municipality,3,0,0\n"
        "Village,municipality,1,10,0\nHamlet,municipality,1,0,10\nGate,border_crossing,0,20,"
        "0\nAbroad,market,0,900,0\n");
  write("routes.csv",
        "from,to,distance_km,transit_risk\nTown,Village,12,0\nTown,Hamlet,11,0\n"
        "Village,Gate,15,0.7\nGate,Abroad,900,0\n");
  write("ties.csv", "person_a,person_b\n0,1\n1,2\n");
  const fs::path scenario_file = write("tables.toml",
                                       "[population]\npeople = 500\n[network]\nlocations = "
                                       "\"locations.csv\"\nroutes = \"routes.csv\"\n"
                                       "social_ties = \"ties.csv\"\n[[contingent]]\ncountry = "
                                       "\"X\"\nbase = \"Hamlet\"\ntroops = 10\n");
  const model::Scenario scenario = io::load_scenario(scenario_file);
  REQUIRE(scenario.location_tables);
  CHECK(model::municipality_names(scenario) ==
        std::vector<std::string>{"Town", "Village", "Hamlet"});
  CHECK(scenario.social_ties->size() == 2);
  const auto graph = model::build_location_graph(scenario, core::RandomSource(1, 0));
  CHECK(boost::num_vertices(graph) == 6);  // five locations and the contingent's base
  CHECK(model::export_routes(graph, 3)[0].transit_risk == Approx(0.7));
}

TEST_CASE("table errors name the file, line and column", "[tables][errors]") {
  const auto locations =
      write("bad-locations.csv", "name,kind\nTown,municipality\nCity,metropolis\n");
  try {
    io::read_location_table(locations);
    FAIL("expected an error");
  } catch (const io::InputError& error) {
    CHECK(error.file() == locations.string());
    CHECK(error.line() == 3);
    CHECK(error.key() == "kind");
  }
  const auto good =
      io::read_location_table(write("ok-locations.csv", "name,kind\nTown,municipality\n"));
  const auto routes = write("bad-routes.csv", "from,to,distance_km\nTown,Nowhere,5\n");
  CHECK_THROWS_WITH(io::read_route_table(routes, good),
                    Catch::Contains(":2: key 'to': unknown location 'Nowhere'"));
  const auto numbers = write("bad-numbers.csv", "from,to,distance_km\nTown,Town,far\n");
  CHECK_THROWS_WITH(io::read_route_table(numbers, good),
                    Catch::Contains("expected a number, got 'far'"));
  const auto columns = write("bad-columns.csv", "from,to\nTown,Town\n");
  CHECK_THROWS_WITH(io::read_route_table(columns, good), Catch::Contains("missing column"));
}

TEST_CASE("every problem of a table is reported, row by row and cell by cell", "[tables][errors]") {
  const auto locations =
      write("many-problems.csv",
            "name,kind,x_km\nTown,municipalty,0\nTown,market,east\nVillage,municipality\n");
  try {
    io::read_location_table(locations);
    FAIL("expected an error");
  } catch (const io::InputError& error) {
    std::vector<std::pair<std::size_t, std::string>> found;
    for (const auto& problem : error.problems()) found.emplace_back(problem.line, problem.key);
    // a short row, a misspelt kind, a duplicate name and a bad number: all of them
    CHECK(found == std::vector<std::pair<std::size_t, std::string>>{
                       {2, "kind"}, {3, "name"}, {3, "x_km"}, {4, ""}});
    CHECK_THAT(error.what(), Catch::Contains("did you mean 'municipality'"));
  }
  const auto columns = write("bad-header.csv", "name,knd,population\nTown,municipality,1\n");
  CHECK_THROWS_WITH(io::read_location_table(columns),
                    Catch::Contains("key 'kind': missing column") &&
                        Catch::Contains("key 'knd': unknown column") &&
                        Catch::Contains("did you mean 'kind'") &&
                        Catch::Contains("key 'population': unknown column"));
}

TEST_CASE("a tie naming a person beyond the population is refused", "[tables][errors]") {
  write("far-ties.csv", "person_a,person_b\n0,900\n");
  const auto scenario_file =
      write("far.toml", "[population]\npeople = 500\n[network]\nsocial_ties = \"far-ties.csv\"\n");
  CHECK_THROWS_WITH(io::load_scenario(scenario_file), Catch::Contains("names person 900"));
}

TEST_CASE("a tie beyond the agents at a coarse population scale is refused at its line",
          "[tables][errors]") {
  write("coarse-ties.csv", "person_a,person_b\n0,400\n");
  // 1,000 people at 2 per agent: 500 agents, so person 400 exists; at 4 per agent it does not
  const auto fine = write(
      "fine.toml",
      "[population]\npeople = 1000\nscale = 2\n[network]\nsocial_ties = \"coarse-ties.csv\"\n");
  CHECK_NOTHROW(io::load_scenario(fine));
  const auto coarse = write(
      "coarse.toml",
      "[population]\npeople = 1000\nscale = 4\n[network]\nsocial_ties = \"coarse-ties.csv\"\n");
  try {
    io::load_scenario(coarse);
    FAIL("loaded");
  } catch (const io::InputError& error) {
    CHECK(error.line() == 5);
    CHECK(error.key() == "network.social_ties");
    CHECK_THAT(error.problem(), Catch::Contains("250 agents"));
  }
}

TEST_CASE("NaN and infinity in a table are refused at their line and column",
          "[tables][errors][finite]") {
  for (const char* value : {"nan", "inf", "-infinity", "NAN"}) {
    INFO(value);
    const auto locations =
        write("nan-locations.csv", "name,kind,x_km\nTown,municipality,1\n" +
                                       std::string("City,municipality,") + value + "\n");
    try {
      io::read_location_table(locations);
      FAIL("expected an error");
    } catch (const io::InputError& error) {
      CHECK(error.line() == 3);
      CHECK(error.key() == "x_km");
      CHECK_THAT(error.problem(), Catch::Contains("expected a finite number"));
    }
    const auto good =
        io::read_location_table(write("ok-locations.csv", "name,kind\nTown,municipality\n"));
    CHECK_THROWS_WITH(
        io::read_route_table(
            write("nan-routes.csv", "from,to,distance_km\nTown,Town," + std::string(value) + "\n"),
            good),
        Catch::Contains(":2: key 'distance_km': expected a finite number"));
    CHECK_THROWS_WITH(io::read_social_tie_table(write(
                          "nan-ties.csv", "person_a,person_b\n0," + std::string(value) + "\n")),
                      Catch::Contains(":2: key 'person_b': expected a finite number"));
  }
}

TEST_CASE("a table must be a regular file, named at the scenario's line",
          "[tables][errors][files]") {
  const fs::path folder = tipsim::testing::own_folder("tables-test");
  fs::create_directories(folder / "a-folder.csv");
  for (const std::string& table : {std::string("a-folder.csv"), std::string("/dev/zero")}) {
    INFO(table);
    const auto scenario_file = write(
        "special.toml", "[population]\npeople = 500\n[network]\nsocial_ties = \"" + table + "\"\n");
    try {
      io::load_scenario(scenario_file);
      FAIL("loaded");
    } catch (const io::InputError& error) {
      CHECK(error.line() == 4);
      CHECK(error.key() == "network.social_ties");
      CHECK_THAT(error.problem(), Catch::Contains("expected a file, got a"));
    }
  }
  CHECK_THROWS_WITH(io::read_social_tie_table("/dev/zero"),
                    Catch::Contains("is not a regular file"));
}
