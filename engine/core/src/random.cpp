#include "tipsim/core/random.hpp"

#include <cmath>

namespace tipsim::core::ziggurat {
namespace {

// Builds the layers of equal area under a decreasing density f with inverse f_inverse, from the
// base's edge r and the common area v (which r fixes: the base strip holds the tail too).
template <class Density, class Inverse>
Layers build(double r, double v, Density f, Inverse f_inverse) {
  Layers layers{};
  layers.r = r;
  layers.x[0] = v / f(r);  // the base strip's width if its tail were a rectangle
  layers.x[1] = r;
  for (std::size_t i = 1; i + 1 < count; ++i)
    layers.x[i + 1] = f_inverse(f(layers.x[i]) + v / layers.x[i]);
  layers.x[count] = 0;
  for (std::size_t i = 0; i < count; ++i) layers.f[i] = f(layers.x[i]);
  layers.f[count] = 1;  // the density's top, f(0)
  return layers;
}

}  // namespace

// Marsaglia and Tsang (2000) give the base edges for 256 layers; the area follows from each.
const Layers& exponential_layers() noexcept {
  static const Layers layers = [] {
    const double r = 7.69711747013104972;
    return build(
        r, std::exp(-r) * (r + 1), [](double x) { return std::exp(-x); },
        [](double y) { return -std::log(y); });
  }();
  return layers;
}

const Layers& normal_layers() noexcept {
  static const Layers layers = [] {
    const double r = 3.6541528853610088;
    const double tail = std::sqrt(std::acos(-1.0) / 2) * std::erfc(r / std::sqrt(2.0));
    return build(
        r, r * std::exp(-r * r / 2) + tail, [](double x) { return std::exp(-x * x / 2); },
        [](double y) { return std::sqrt(-2 * std::log(y)); });
  }();
  return layers;
}

}  // namespace tipsim::core::ziggurat
