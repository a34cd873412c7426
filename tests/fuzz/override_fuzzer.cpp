// --set and Python overrides: any "key=value" is applied to the baseline or is an InputError,
// and an applied override leaves a scenario the model accepts.

#include "fuzz_target.hpp"
#include "tipsim/io/scenario_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tipsim;
  static const model::Scenario baseline = io::embedded_baseline();
  return fuzz_text(data, size, [](std::string_view text) {
    model::Scenario scenario = baseline;
    // several overrides, one per line, as repeated --set options
    while (!text.empty()) {
      const std::size_t end = text.find('\n');
      io::apply_override(scenario, text.substr(0, end));
      text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    if (!model::check_scenario(scenario).empty()) broken("an override left a scenario unchecked");
  });
}
