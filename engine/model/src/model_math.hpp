#pragma once
// Small functions the mechanisms share.

#include <algorithm>
#include <cmath>

namespace tipsim::model {

inline double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

inline double logit(double p) {
  p = std::clamp(p, 1e-9, 1.0 - 1e-9);
  return std::log(p / (1.0 - p));
}

}  // namespace tipsim::model
