#include "tipsim/model/parameters.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "tipsim/model/scenario.hpp"

using namespace tipsim::model;

TEST_CASE("every parameter has a unit, a description, a source and a default in range",
          "[parameters]") {
  std::set<std::string_view> keys;
  for (const ParameterSpec& spec : parameter_table()) {
    INFO(spec.key);
    CHECK(keys.insert(spec.key).second);
    CHECK(spec.key.find('.') != std::string_view::npos);
    CHECK_FALSE(spec.unit.empty());
    CHECK_FALSE(spec.description.empty());
    CHECK_FALSE(spec.source.empty());
    if (!spec.required() && spec.numeric()) {
      CHECK(spec.default_value >= spec.minimum);
      CHECK(spec.default_value <= spec.maximum);
    }
    // only table fields are required, and only scenario keys may be overridden per contingent
    if (spec.required()) CHECK(spec.scope != ParameterScope::scenario);
    if (spec.per_contingent()) CHECK(spec.scope == ParameterScope::scenario);
    if (!spec.numeric()) CHECK(spec.scope != ParameterScope::scenario);
    if (spec.kind == ParameterKind::probability) CHECK(spec.maximum <= 1.0);
  }
}

TEST_CASE("parameters are found by their dotted key", "[parameters]") {
  const ParameterSpec* enforcement = find_parameter("policy.enforcement");
  REQUIRE(enforcement != nullptr);
  CHECK(enforcement->id == ParameterId::enforcement);
  CHECK(find_parameter("policy.nonsense") == nullptr);
}

TEST_CASE("contingent and shock fields are rows of the one table", "[parameters]") {
  std::vector<std::string_view> contingent;
  for (const ParameterSpec* field : table_fields(ParameterScope::contingent))
    contingent.push_back(field->name());
  CHECK(contingent == std::vector<std::string_view>{"country", "kind", "base", "sector", "troops",
                                                    "tour_weeks", "predeployment_training",
                                                    "home_prosecution", "women_share",
                                                    "local_jurisdiction"});
  REQUIRE(find_contingent_field("women_share") != nullptr);
  CHECK(find_contingent_field("women_share")->id == ParameterId::women_share);
  CHECK(find_contingent_field("enforcement") ==
        nullptr);  // a national contingent does not set local policing
  REQUIRE(find_shock_field("magnitude") != nullptr);
  CHECK(find_shock_field("magnitude")->required());
  CHECK_FALSE(find_shock_field("weeks")->required());
  // table fields are not scenario keys
  CHECK(find_parameter("contingent.troops") == nullptr);
}

TEST_CASE("what fixes the shape of a run is flagged fixed in a batch", "[parameters]") {
  for (const char* key :
       {"time.years", "time.start_year", "population.municipalities", "geography.markets"})
    CHECK(find_parameter(key)->fixed_in_batch());
  for (const char* key : {"population.people", "policy.enforcement", "demand.local"})
    CHECK_FALSE(find_parameter(key)->fixed_in_batch());
  CHECK(find_contingent_field("base")->fixed_in_batch());
}

TEST_CASE("choice parameters list their choices in index order", "[parameters]") {
  const ParameterSpec& reporting = spec(ParameterId::reporting_mechanism);
  REQUIRE(reporting.choices().size() == 3);
  CHECK(reporting.choice_index("open") == 2u);
  CHECK_FALSE(reporting.choice_index("loud").has_value());
  CHECK(reporting.default_text() == "\"confidential\"");
}

TEST_CASE("docs/model.md documents every parameter with its source as the table gives it",
          "[parameters][docs]") {
  std::ifstream file(TIPSIM_SOURCE_DIR "/docs/model.md");
  REQUIRE(file);
  std::stringstream text;
  text << file.rdbuf();
  for (const ParameterSpec& spec : parameter_table()) {
    INFO(spec.key);
    CHECK(text.str().find("`" + std::string(spec.key) + "`") != std::string::npos);
    // tools/regenerate-parameter-docs writes the source column verbatim
    CHECK(text.str().find(std::string(spec.source)) != std::string::npos);
  }
}

TEST_CASE("a default scenario runs ten years of weekly steps from mid-1999", "[parameters]") {
  const Scenario scenario;
  CHECK(scenario.steps() == 520);
  CHECK(scenario.year_of_step(0) == 1999.5);
  CHECK(scenario.year_of_step(52) == Approx(2000.5).margin(0.01));
}

// A reader must be able to check every default: a figure with its source and the arithmetic
// from figure to default, or an assumption with the range considered (issue 9, section 3).
TEST_CASE(
    "every source says how its default was chosen: a figure with its arithmetic, or an "
    "assumption with the range considered",
    "[parameters]") {
  const auto starts_with = [](std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
  };
  for (const ParameterSpec& spec : parameter_table()) {
    INFO(spec.key << ": " << spec.source);
    const std::string_view source = spec.source;
    const bool figure = starts_with(source, "figure:");
    const bool judged = starts_with(source, "assumption") || starts_with(source, "direction:");
    CHECK((figure || judged || starts_with(source, "design:") ||
           starts_with(source, "convention") || starts_with(source, "scenario input")));
    if (figure) {
      // the figure's source in brackets, or a count that is a fact of the place
      CHECK((source.find('[') != std::string_view::npos ||
             source.find("municipalities") != std::string_view::npos ||
             source.find("km2") != std::string_view::npos));
      CHECK(source.find_first_of("0123456789") != std::string_view::npos);
    }
    if (judged && spec.kind != ParameterKind::flag && spec.kind != ParameterKind::choice)
      CHECK((source.find("range considered") != std::string_view::npos));
  }
}

TEST_CASE("the conviction default is per defendant, as the court figures count", "[parameters]") {
  // 15 convictions of 49 defendants in 17 cases (Bosnia and Herzegovina, 2003-04)
  CHECK(spec(ParameterId::conviction).default_value == Approx(15.0 / 49.0).margin(0.005));
  // 99% women and girls: ln(1/99) log-odds for men
  CHECK(spec(ParameterId::vulnerability_male).default_value ==
        Approx(std::log(1.0 / 99)).margin(0.01));
}
