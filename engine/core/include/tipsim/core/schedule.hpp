#pragma once
// A quantity that may change over time: a constant, or a schedule of (time, value) points.

#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

namespace tipsim::core {

enum class Interpolation {
  step,    ///< each value holds from its time until the next point's time
  linear,  ///< straight lines between points, flat before the first and after the last
};

class Schedule {
 public:
  struct Point {
    double time;
    double value;
    bool operator==(const Point&) const = default;
  };

  /// A constant.
  Schedule(double value = 0.0) : points_{{0.0, value}}, constant_(true) {}  // NOLINT: implicit

  /// Points must be non-empty with finite, strictly increasing times (at() relies on it: a NaN
  /// time would send its search past the last point).
  Schedule(std::vector<Point> points, Interpolation interpolation)
      : points_(std::move(points)), interpolation_(interpolation) {
    if (points_.empty()) throw std::invalid_argument("a schedule needs at least one point");
    for (const Point& point : points_)
      if (!std::isfinite(point.time)) throw std::invalid_argument("schedule times must be finite");
    for (std::size_t i = 1; i < points_.size(); ++i)
      if (!(points_[i].time > points_[i - 1].time))
        throw std::invalid_argument("schedule times must increase strictly");
  }

  /// The value at `time`. Before the first point a step schedule takes the first value.
  double at(double time) const noexcept {
    if (constant_ || time <= points_.front().time) return points_.front().value;
    if (time >= points_.back().time) return points_.back().value;
    std::size_t next = 1;
    while (points_[next].time <= time) ++next;
    const Point& before = points_[next - 1];
    if (interpolation_ == Interpolation::step) return before.value;
    const Point& after = points_[next];
    const double fraction = (time - before.time) / (after.time - before.time);
    return before.value + fraction * (after.value - before.value);
  }

  bool is_constant() const noexcept { return constant_; }
  const std::vector<Point>& points() const noexcept { return points_; }
  Interpolation interpolation() const noexcept { return interpolation_; }

  /// Largest value the schedule ever takes.
  double maximum() const noexcept {
    double largest = points_.front().value;
    for (const Point& point : points_) largest = point.value > largest ? point.value : largest;
    return largest;
  }

  bool operator==(const Schedule&) const = default;

 private:
  std::vector<Point> points_;
  Interpolation interpolation_ = Interpolation::step;
  bool constant_ = false;
};

}  // namespace tipsim::core
