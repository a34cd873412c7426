#include "tipsim/core/schedule.hpp"

#include <catch2/catch.hpp>
#include <limits>

using tipsim::core::Interpolation;
using tipsim::core::Schedule;

TEST_CASE("a constant schedule has one value at every time", "[schedule]") {
  const Schedule constant(0.4);
  CHECK(constant.at(1990) == 0.4);
  CHECK(constant.at(2050) == 0.4);
  CHECK(constant.is_constant());
}

TEST_CASE("a step schedule holds each value until the next point", "[schedule]") {
  const Schedule steps({{2000, 1}, {2002, 5}, {2004, 2}}, Interpolation::step);
  CHECK(steps.at(1999) == 1);
  CHECK(steps.at(2001.99) == 1);
  CHECK(steps.at(2002) == 5);
  CHECK(steps.at(2003) == 5);
  CHECK(steps.at(2010) == 2);
  CHECK(steps.maximum() == 5);
}

TEST_CASE("a linear schedule interpolates between points and is flat outside", "[schedule]") {
  const Schedule ramp({{2000, 0}, {2004, 1}}, Interpolation::linear);
  CHECK(ramp.at(1990) == 0);
  CHECK(ramp.at(2001) == Approx(0.25));
  CHECK(ramp.at(2003) == Approx(0.75));
  CHECK(ramp.at(2010) == 1);
}

TEST_CASE("schedule times must increase", "[schedule]") {
  CHECK_THROWS_AS(Schedule({{2000, 0}, {2000, 1}}, Interpolation::step), std::invalid_argument);
  CHECK_THROWS_AS(Schedule({}, Interpolation::step), std::invalid_argument);
}

TEST_CASE("schedule times must be finite", "[schedule]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double infinity = std::numeric_limits<double>::infinity();
  // a single NaN time would make at() search past the last point
  CHECK_THROWS_AS(Schedule({{nan, 0.5}}, Interpolation::step), std::invalid_argument);
  CHECK_THROWS_AS(Schedule({{2000, 0}, {infinity, 1}}, Interpolation::linear),
                  std::invalid_argument);
  CHECK_THROWS_AS(Schedule({{-infinity, 0}}, Interpolation::step), std::invalid_argument);
}
