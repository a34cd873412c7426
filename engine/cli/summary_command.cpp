// tipsim summary: the main effects of a batch results file, each against the baseline variant.

#include <algorithm>
#include <cstdio>

#include "commands.hpp"
#include "tipsim/io/results_reader.hpp"

namespace tipsim::cli {

int summary_command(const std::string& path) {
  const io::ResultsReader reader(path);
  if (!reader.has("/summary"))
    throw io::InputError(path, 0, "", "no /summary: not a batch results file");
  const auto variants = reader.strings("/summary/variant");
  const auto point_overrides = reader.strings("/summary/point_overrides");
  const auto metadata = reader.metadata();
  const std::string baseline =
      metadata.count("baseline_variant") ? metadata.at("baseline_variant") : "";
  std::printf(
      "%s: %zu configurations, effects against '%s' (mean over replicates, paired difference "
      "[95%% interval])\n\n",
      path.c_str(), variants.size(), baseline.c_str());
  const char* shown[] = {"victims_recruited", "victims_exported", "victims_identified",
                         "peacekeeper_purchases", "convictions"};
  std::size_t width = 8;
  std::vector<std::string> labels;
  for (std::size_t c = 0; c < variants.size(); ++c) {
    labels.push_back(point_overrides[c].empty() ? variants[c]
                                                : variants[c] + " [" + point_overrides[c] + "]");
    width = std::max(width, labels.back().size());
  }
  const int label_width = static_cast<int>(width);
  std::printf("%-*s", label_width, "variant");
  for (const char* name : shown) std::printf(" %34s", name);
  std::printf(" %22s\n", "USD per victim averted");
  const io::Dataset cost = reader.dataset("/summary/metrics/policy_cost");
  const io::Dataset recruited = reader.dataset("/summary/metrics/victims_recruited");
  for (std::size_t c = 0; c < variants.size(); ++c) {
    std::printf("%-*s", label_width, labels[c].c_str());
    for (const char* name : shown) {
      const io::Dataset data = reader.dataset(std::string("/summary/metrics/") + name);
      const double* row = &data.values[c * io::summary_columns.size()];
      char cell[64];
      std::snprintf(cell, sizeof cell, "%.0f (%+.0f [%+.0f, %+.0f])", row[0], row[4], row[5],
                    row[6]);
      std::printf(" %34s", cell);
    }
    const double averted = -recruited.values[c * io::summary_columns.size() + 4];
    const double extra_cost = cost.values[c * io::summary_columns.size() + 4];
    if (averted > 0)
      std::printf(" %22.0f\n", extra_cost / averted);
    else
      std::printf(" %22s\n", "-");
  }
  std::printf(
      "\nunits: persons (summed over the run) and purchases; cost per victim averted is the "
      "paired\n"
      "difference in policy cost over the victims recruited that the variant avoided.\n");
  return exit_success;
}

}  // namespace tipsim::cli
