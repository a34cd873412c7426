#pragma once
// How long runs will take on this machine, measured rather than guessed: a probe builds the
// scenario's world and times its first weeks, then extrapolates to every week. For
// `tipsim validate`'s run plans.

#include <cstdint>
#include <string>

#include "tipsim/model/scenario.hpp"

namespace tipsim::batch {

struct RunEstimate {
  double seconds = 0;        ///< the whole run, extrapolated
  double build_seconds = 0;  ///< compiling the scenario and building the world
  double step_seconds = 0;   ///< per weekly step, over the steps probed
  std::uint32_t steps_probed = 0;
  std::uint32_t steps = 0;  ///< in the whole run
  std::size_t threads = 0;  ///< the probe ran on this many
};

/// Builds the world of `scenario` and runs it for up to `probe_seconds` (at most a year of
/// weeks) on `threads` threads (0: all cores). Later weeks may cost more or less than the first
/// ones: a guide, not a promise.
RunEstimate estimate_run(const model::Scenario& scenario, std::uint64_t seed, std::size_t threads,
                         double probe_seconds = 0.5);

/// "about 3 s", "about 4 min", "about 2.5 h".
std::string duration_text(double seconds);

}  // namespace tipsim::batch
