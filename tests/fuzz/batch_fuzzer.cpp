// Batch files: any text is either a batch plan or an InputError. Files are read relative to
// tests/data, where "small.toml" is a base scenario.

#include "fuzz_target.hpp"
#include "tipsim/batch/plan.hpp"
#include "tipsim/io/batch_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tipsim;
  return fuzz_text(data, size, [](std::string_view text) {
    const batch::BatchPlan plan(
        io::parse_batch(text, "fuzz.toml", TIPSIM_SOURCE_DIR "/tests/data"));
    // every run has a place in the plan: the first and the last can be asked for
    if (plan.runs() == 0) broken("a plan without runs");
    if (plan.run(plan.runs() - 1).id != plan.runs() - 1) broken("the last run is out of place");
    (void)plan.overrides(plan.run(plan.runs() - 1));
  });
}
