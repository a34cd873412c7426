// tipsim summary: the effects of every configuration of a results file against a chosen
// baseline (batch::compare), as a table, CSV or Markdown.

#include <cmath>
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "tipsim/batch/compare.hpp"
#include "tipsim/io/results_reader.hpp"
#include "tipsim/io/text.hpp"

namespace tipsim::cli {
namespace {

std::string number(double value) {
  if (!std::isfinite(value)) return "n/a";
  char text[64];
  if (std::fabs(value) >= 100) {
    std::snprintf(text, sizeof text, "%.0f", std::fabs(value));
    std::string digits = text, grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i && (digits.size() - i) % 3 == 0) grouped += ',';
      grouped += digits[i];
    }
    return (value < 0 ? "-" : "") + grouped;
  }
  std::snprintf(text, sizeof text, "%.3g", value);
  return text;
}

std::string signed_number(double value) {
  return (std::isfinite(value) && value > 0 ? "+" : "") + number(value);
}

std::string interval(const batch::Interval& interval, bool sign) {
  const auto show = [&](double value) { return sign ? signed_number(value) : number(value); };
  if (!std::isfinite(interval.low)) return show(interval.mean);
  return show(interval.mean) + " [" + show(interval.low) + ", " + show(interval.high) + "]";
}

std::string percent(const batch::EffectRow& row) {
  if (row.is_baseline || !std::isfinite(row.percent)) return "";
  char text[64];
  std::snprintf(text, sizeof text, "%+.1f%%", row.percent);
  return text;
}

std::string configuration(const std::string& variant, const std::string& point_label,
                          bool several_variants) {
  if (point_label.empty()) return variant;
  return several_variants ? variant + " [" + point_label + "]" : point_label;
}

std::string csv(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string full(double value) { return std::isfinite(value) ? io::shortest_number(value) : ""; }

std::string cost_text(const batch::CostRow& cost) {
  if (!std::isfinite(cost.ratio.value)) return cost.note;
  std::string text = number(cost.ratio.value) + " " + cost.units;
  if (std::isfinite(cost.ratio.low))
    text += " [" + number(cost.ratio.low) + ", " + number(cost.ratio.high) + "]";
  return cost.note.empty() ? text : text + " (" + cost.note + ")";
}

}  // namespace

int summary_command(const SummaryCommand& command) {
  const std::string& path = command.file;
  const io::ResultsReader reader(path);
  const io::RunTable table = reader.runs();
  const auto metadata = reader.metadata();
  batch::RunIndex runs{table.variant, table.point, table.replicate};
  batch::PointAssignments points;
  if (reader.has("/summary/point_overrides")) {
    const auto labels = reader.strings("/summary/point_overrides");
    const auto numbers = reader.dataset("/summary/point").values;
    for (std::size_t c = 0; c < labels.size(); ++c) {
      std::vector<std::string> parts;
      std::size_t start = 0;
      while (start < labels[c].size()) {
        std::size_t end = labels[c].find("; ", start);
        if (end == std::string::npos) end = labels[c].size();
        parts.push_back(labels[c].substr(start, end - start));
        start = end + 2;
      }
      points[static_cast<std::int64_t>(numbers[c])] = parts;
    }
  }
  batch::ComparisonOptions options;
  options.baseline = command.baseline;
  options.default_variant =
      metadata.count("baseline_variant") ? metadata.at("baseline_variant") : "";
  options.metrics = command.metrics.empty() ? batch::main_metrics() : command.metrics;
  if (!command.outcomes.empty()) options.outcomes = command.outcomes;

  // each run's one number per metric, read one metric at a time
  std::map<std::string, std::vector<double>> per_run;
  const std::size_t steps = reader.step_years().size();
  std::vector<std::string> needed = options.metrics;
  needed.insert(needed.end(), options.outcomes.begin(), options.outcomes.end());
  needed.push_back(options.cost);
  const auto names = reader.metric_names();
  for (const std::string& name : needed) {
    if (per_run.count(name)) continue;
    const model::MetricSpec* spec = nullptr;
    for (const model::MetricSpec& entry : model::metric_table())
      if (entry.name == name) spec = &entry;
    if (!spec || std::find(names.begin(), names.end(), name) == names.end())
      throw io::InputError(std::find(options.outcomes.begin(), options.outcomes.end(), name) !=
                                   options.outcomes.end()
                               ? "--outcome"
                               : "--metrics",
                           0, "",
                           "no metric '" + name + "' in " + path + io::did_you_mean(name, names));
    per_run[name] = batch::reduce_runs(*spec, reader.values("/timeseries/" + name), steps);
  }
  const batch::Comparison comparison = batch::compare(runs, points, per_run, options);

  std::vector<std::string> variants;
  for (const std::string& variant : table.variant)
    if (std::find(variants.begin(), variants.end(), variant) == variants.end())
      variants.push_back(variant);
  const bool several_variants = variants.size() > 1;
  const auto name_of = [&](const auto& row) {
    return configuration(row.variant, row.point_label, several_variants);
  };
  const auto words = [](std::string name) {
    std::replace(name.begin(), name.end(), '_', ' ');
    return name;
  };
  std::string outcome_words;
  for (const std::string& outcome : options.outcomes)
    outcome_words += (outcome_words.empty() ? "" : ", ") + words(outcome);
  const auto cost_lines = [&](const std::string& name) {
    for (const batch::CostRow& cost : comparison.costs)
      if (name_of(cost) == name)
        std::printf("  cost per outcome averted (%s): %s\n", words(cost.outcome).c_str(),
                    cost_text(cost).c_str());
  };

  if (command.format == "csv") {
    std::printf(
        "configuration,variant,point,point_label,baseline_variant,baseline_point,metric,units,"
        "replicates,mean,mean_low,mean_high,baseline_mean,effect,effect_low,effect_high,percent,"
        "percent_low,percent_high,direction,verdict\n");
    for (const batch::EffectRow& row : comparison.effects)
      std::printf(
          "%s,%s,%lld,%s,%s,%lld,%s,%s,%zu,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n",
          csv(name_of(row)).c_str(), csv(row.variant).c_str(), static_cast<long long>(row.point),
          csv(row.point_label).c_str(), csv(row.baseline_variant).c_str(),
          static_cast<long long>(row.baseline_point), row.metric.c_str(), csv(row.units).c_str(),
          row.replicates, full(row.value.mean).c_str(), full(row.value.low).c_str(),
          full(row.value.high).c_str(), full(row.baseline.mean).c_str(),
          full(row.effect.mean).c_str(), full(row.effect.low).c_str(),
          full(row.effect.high).c_str(), full(row.percent).c_str(), full(row.percent_low).c_str(),
          full(row.percent_high).c_str(), row.direction.c_str(), csv(row.verdict).c_str());
    for (const batch::CostRow& cost : comparison.costs)
      std::printf("%s,%s,%lld,%s,%s,%lld,%s,%s,%zu,%s,%s,%s,,,,,,,,,%s\n",
                  csv(name_of(cost)).c_str(), csv(cost.variant).c_str(),
                  static_cast<long long>(cost.point), csv(cost.point_label).c_str(),
                  csv(cost.baseline_variant).c_str(), static_cast<long long>(cost.baseline_point),
                  ("cost_per_" + cost.outcome + "_averted").c_str(), csv(cost.units).c_str(),
                  cost.replicates, full(cost.ratio.value).c_str(), full(cost.ratio.low).c_str(),
                  full(cost.ratio.high).c_str(), csv(cost.note).c_str());
    return exit_success;
  }

  const bool markdown = command.format == "markdown";
  const std::size_t configurations = comparison.effects.size() / options.metrics.size();
  const std::size_t replicates =
      comparison.effects.empty() ? 0 : comparison.effects.front().replicates;
  const std::string batch_name =
      metadata.count("batch_name") ? "batch '" + metadata.at("batch_name") + "'" : "run";
  std::printf(
      "%s%s: %s, %zu configuration%s x %zu replicate%s. Effects against %s: paired by replicate "
      "(common random numbers); means and effects with 95%% intervals.\n\n",
      markdown ? "**" : "", path.c_str(), batch_name.c_str(), configurations,
      configurations == 1 ? "" : "s", replicates, replicates == 1 ? "" : "s",
      comparison.baseline.c_str());
  if (markdown) {
    std::printf(
        "| configuration | metric | units | n | mean [95%% interval] | effect [95%% interval] | "
        "%% of baseline | verdict |\n|---|---|---|---|---|---|---|---|\n");
    for (const batch::EffectRow& row : comparison.effects)
      std::printf("| %s | %s | %s | %zu | %s | %s | %s | %s |\n", name_of(row).c_str(),
                  row.metric.c_str(), row.units.c_str(), row.replicates,
                  interval(row.value, false).c_str(),
                  row.is_baseline ? "" : interval(row.effect, true).c_str(), percent(row).c_str(),
                  row.verdict.c_str());
    std::printf("\n| configuration |");
    for (const std::string& outcome : options.outcomes)
      std::printf(" cost per outcome averted (%s) |", words(outcome).c_str());
    std::printf("\n|---|");
    for (std::size_t i = 0; i < options.outcomes.size(); ++i) std::printf("---|");
    // the outcomes of one configuration are consecutive rows, in the options' order
    for (std::size_t i = 0; i < comparison.costs.size(); ++i) {
      if (i % options.outcomes.size() == 0)
        std::printf("\n| %s |", name_of(comparison.costs[i]).c_str());
      std::printf(" %s |", cost_text(comparison.costs[i]).c_str());
    }
    std::printf("\n");
    return exit_success;
  }

  std::size_t metric_width = 6, units_width = 5;
  for (const std::string& metric : options.metrics)
    metric_width = std::max(metric_width, metric.size());
  for (const batch::EffectRow& row : comparison.effects)
    units_width = std::max(units_width, row.units.size());
  std::string last;
  for (std::size_t i = 0; i < comparison.effects.size(); ++i) {
    const batch::EffectRow& row = comparison.effects[i];
    const std::string name = name_of(row);
    if (name != last) {
      if (!last.empty()) {
        cost_lines(last);
        std::printf("\n");
      }
      std::printf("%s%s\n", name.c_str(), row.is_baseline ? "  (the baseline)" : "");
      std::printf("  %-*s  %-*s  %-32s  %-32s  %9s  %s\n", static_cast<int>(metric_width), "metric",
                  static_cast<int>(units_width), "units", "mean [95% interval]",
                  "effect [95% interval]", "% of base", "reading");
      last = name;
    }
    std::printf("  %-*s  %-*s  %-32s  %-32s  %9s  %s\n", static_cast<int>(metric_width),
                row.metric.c_str(), static_cast<int>(units_width), row.units.c_str(),
                interval(row.value, false).c_str(),
                row.is_baseline ? "" : interval(row.effect, true).c_str(), percent(row).c_str(),
                row.is_baseline ? "" : row.direction.c_str());
  }
  cost_lines(last);
  std::printf(
      "\nreading: fewer/more (lower/higher for amounts) when the whole 95%% interval of the effect "
      "lies on one side of no change, unclear when it includes no change. Cost per outcome "
      "averted: the paired extra %s over the units of each outcome (%s) the configuration "
      "avoided, with a bootstrap "
      "95%% interval; none where the effect on that outcome is not clear (--outcome chooses the "
      "outcomes).\n",
      options.cost.c_str(), outcome_words.c_str());
  return exit_success;
}

}  // namespace tipsim::cli
