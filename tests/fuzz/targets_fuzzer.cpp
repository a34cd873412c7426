// Calibration targets files: any text is a targets specification or an InputError. Files are
// read relative to tests/data, where "small.toml" is a scenario to calibrate. What is accepted
// is what calibration can use: parameters with min < max (and min > 0 under a log prior),
// observed ranges with low <= high, periods that start before they end, all finite.

#include <cmath>

#include "fuzz_target.hpp"
#include "tipsim/io/targets_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tipsim;
  return fuzz_text(data, size, [](std::string_view text) {
    const io::TargetsSpec spec =
        io::parse_targets(text, "fuzz.toml", TIPSIM_SOURCE_DIR "/tests/data");
    if (spec.parameters.empty() || spec.targets.empty()) broken("nothing to calibrate");
    for (const io::TargetParameter& parameter : spec.parameters) {
      if (!(parameter.minimum < parameter.maximum) || !std::isfinite(parameter.minimum) ||
          !std::isfinite(parameter.maximum))
        broken("a prior range that is empty or not finite");
      if (parameter.logarithmic && parameter.minimum <= 0) broken("a log prior from zero");
    }
    for (const io::CalibrationTarget& target : spec.targets) {
      if (!(target.low <= target.high) || !std::isfinite(target.low) || !std::isfinite(target.high))
        broken("an observed range that is empty or not finite");
      if (target.period && !(target.period->first < target.period->second))
        broken("a period that ends before it starts");
      if (target.metrics.empty()) broken("a target without a metric");
    }
  });
}
