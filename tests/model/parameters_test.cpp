#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "tipsim/model/parameters.hpp"
#include "tipsim/model/scenario.hpp"

using namespace tipsim::model;

TEST_CASE("every parameter has a unit, a description, a source and a default in range", "[parameters]") {
  std::set<std::string_view> keys;
  for (const ParameterSpec& spec : parameter_table()) {
    INFO(spec.key);
    CHECK(keys.insert(spec.key).second);
    CHECK(spec.key.find('.') != std::string_view::npos);
    CHECK_FALSE(spec.unit.empty());
    CHECK_FALSE(spec.description.empty());
    CHECK_FALSE(spec.source.empty());
    CHECK(spec.default_value >= spec.minimum);
    CHECK(spec.default_value <= spec.maximum);
    if (spec.kind == ParameterKind::probability) CHECK(spec.maximum <= 1.0);
  }
}

TEST_CASE("parameters are found by their dotted key", "[parameters]") {
  const ParameterSpec* enforcement = find_parameter("policy.enforcement");
  REQUIRE(enforcement != nullptr);
  CHECK(enforcement->id == ParameterId::enforcement);
  CHECK(find_parameter("policy.nonsense") == nullptr);
}

TEST_CASE("choice parameters list their choices in index order", "[parameters]") {
  const ParameterSpec& reporting = spec(ParameterId::reporting_mechanism);
  REQUIRE(reporting.choices().size() == 3);
  CHECK(reporting.choice_index("open") == 2u);
  CHECK_FALSE(reporting.choice_index("loud").has_value());
  CHECK(reporting.default_text() == "\"confidential\"");
}

TEST_CASE("docs/model.md documents every parameter", "[parameters][docs]") {
  std::ifstream file(TIPSIM_SOURCE_DIR "/docs/model.md");
  REQUIRE(file);
  std::stringstream text;
  text << file.rdbuf();
  for (const ParameterSpec& spec : parameter_table()) {
    INFO(spec.key);
    CHECK(text.str().find("`" + std::string(spec.key) + "`") != std::string::npos);
  }
}

TEST_CASE("a default scenario runs ten years of weekly steps from mid-1999", "[parameters]") {
  const Scenario scenario;
  CHECK(scenario.steps() == 520);
  CHECK(scenario.year_of_step(0) == 1999.5);
  CHECK(scenario.year_of_step(52) == Approx(2000.5).margin(0.01));
}
