// Scenario files: any text is either a scenario or an InputError. A scenario read from a file
// writes back (resolved_toml) as text that reads again to the same scenario.

#include "fuzz_target.hpp"
#include "tipsim/io/scenario_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tipsim;
  return fuzz_text(data, size, [](std::string_view text) {
    // relative to the shipped scenarios: extends = "baseline.toml" and the Europe tables resolve
    const model::Scenario scenario =
        io::parse_scenario(text, "fuzz.toml", TIPSIM_SOURCE_DIR "/scenarios");
    const model::Scenario again = io::parse_scenario(io::resolved_toml(scenario), "resolved.toml",
                                                     TIPSIM_SOURCE_DIR "/scenarios");
    if (!(again.values == scenario.values)) broken("resolved_toml does not read back the same");
    if (again.contingents.size() != scenario.contingents.size() ||
        again.shocks.size() != scenario.shocks.size())
      broken("resolved_toml loses contingents or shocks");
  });
}
