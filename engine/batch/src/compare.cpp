#include "tipsim/batch/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <stdexcept>

#include "tipsim/io/input_error.hpp"
#include "tipsim/io/text.hpp"
#include "tipsim/model/metrics.hpp"

namespace tipsim::batch {
namespace {

const double nan = std::numeric_limits<double>::quiet_NaN();

const model::MetricSpec& metric_spec(const std::string& name, const char* what) {
  std::vector<std::string> names;
  for (const model::MetricSpec& spec : model::metric_table()) {
    if (spec.name == name) return spec;
    names.emplace_back(spec.name);
  }
  throw io::InputError(what, 0, "",
                       "unknown metric '" + name + "'" + io::did_you_mean(name, names));
}

// "victims_recruited" -> "victims recruited"
std::string words(std::string_view name) {
  std::string out(name);
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

// a signed share of the baseline: "-12%", "+0.4%"
std::string percent_text(double percent) {
  return format(std::fabs(percent) < 1 && percent != 0 ? "%+.1f%%" : "%+.0f%%", percent);
}

// an amount as a reader takes it in: "1,234", "0.52"
std::string amount_text(double value) {
  if (!std::isfinite(value)) return "n/a";
  if (std::fabs(value) < 100) return format("%.3g", value);
  const std::string digits = format("%.0f", std::fabs(value));
  std::string grouped;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return (value < 0 ? "-" : "") + grouped;
}

std::string change_text(const EffectRow& row) {
  if (std::isfinite(row.percent))
    return percent_text(row.percent) + ", 95% interval " + percent_text(row.percent_low) + " to " +
           percent_text(row.percent_high);
  return (row.effect.mean > 0 ? "+" : "") + amount_text(row.effect.mean) + " " + row.units +
         ", 95% interval " + amount_text(row.effect.low) + " to " + amount_text(row.effect.high);
}

std::string direction(const EffectRow& row, const model::MetricSpec& spec) {
  if (row.is_baseline) return "baseline";
  if (row.replicates < 2) return "too few";
  if (row.effect.mean == 0 && row.effect.low == 0 && row.effect.high == 0) return "none";
  if (row.effect.high < 0) return spec.count ? "fewer" : "lower";
  if (row.effect.low > 0) return spec.count ? "more" : "higher";
  return "unclear";
}

std::string verdict(const EffectRow& row, const model::MetricSpec& spec) {
  const std::string what = words(spec.name);
  if (row.is_baseline) return "the baseline itself";
  if (row.replicates < 2) return "one replicate: too few to tell an effect from chance";
  if (row.effect.mean == 0 && row.effect.low == 0 && row.effect.high == 0)
    return "no change in " + what + ": the paired runs are identical";
  if (row.effect.high < 0)
    return std::string("clearly ") + (spec.count ? "fewer " : "lower ") + what + " (" +
           change_text(row) + ")";
  if (row.effect.low > 0)
    return std::string("clearly ") + (spec.count ? "more " : "higher ") + what + " (" +
           change_text(row) + ")";
  return "no clear change in " + what + " (" + change_text(row) +
         ": the interval includes no change)";
}

struct Configuration {
  std::string variant;
  std::int64_t point = 0;
  std::map<std::int64_t, std::size_t> runs;  ///< replicate -> run
};

std::map<std::string, std::string> assignments(const std::vector<std::string>& texts) {
  std::map<std::string, std::string> out;
  for (const std::string& text : texts) {
    const std::size_t equals = text.find('=');
    if (equals != std::string::npos) out[text.substr(0, equals)] = text.substr(equals + 1);
  }
  return out;
}

std::string unquoted(std::string text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (!text.empty() && blank(text.front())) text.erase(text.begin());
  while (!text.empty() && blank(text.back())) text.pop_back();
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    text = text.substr(1, text.size() - 2);
  return text;
}

// 0.10 and 0.1 are the same value; "open" and open too
bool same_value(const std::string& a, const std::string& b) {
  const std::string x = unquoted(a), y = unquoted(b);
  char* end_x = nullptr;
  char* end_y = nullptr;
  const double number_x = std::strtod(x.c_str(), &end_x);
  const double number_y = std::strtod(y.c_str(), &end_y);
  if (!x.empty() && !y.empty() && *end_x == '\0' && *end_y == '\0') return number_x == number_y;
  return x == y;
}

std::string label(const PointAssignments& points, std::int64_t point) {
  const auto found = points.find(point);
  return found == points.end() ? std::string() : io::join_overrides(found->second);
}

bool whole_number(const std::string& text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
}

// what --baseline asks for
struct Choice {
  std::optional<std::string> variant;
  std::optional<std::int64_t> point;
  std::map<std::string, std::string> values;  ///< grid or sample keys
};

Choice parse_choice(const std::string& text, const std::vector<std::string>& variants,
                    const PointAssignments& points) {
  std::vector<std::string> keys;
  for (const auto& [point, texts] : points)
    for (const auto& [key, value] : assignments(texts))
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  const auto fail = [&](const std::string& problem) {
    throw io::InputError("baseline", 0, "", problem);
  };
  const auto point_number = [&](const std::string& word) {
    const std::int64_t number = std::strtoll(word.c_str(), nullptr, 10);
    if (!whole_number(word) || !points.count(number))
      fail("no point " + word + " (points are numbered 0 to " +
           std::to_string(points.empty() ? 0 : points.rbegin()->first) + ")");
    return number;
  };
  const auto variant_name = [&](const std::string& word) {
    if (std::find(variants.begin(), variants.end(), word) == variants.end())
      fail("no variant named '" + word + "'" + io::did_you_mean(word, variants));
    return word;
  };
  Choice choice;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    const std::string part = unquoted(text.substr(start, end - start));
    start = end + 1;
    if (part.empty()) continue;
    const std::size_t equals = part.find('=');
    if (equals == std::string::npos) {
      if (std::find(variants.begin(), variants.end(), part) != variants.end())
        choice.variant = part;
      else if (whole_number(part))
        choice.point = point_number(part);
      else
        fail("no variant or point named '" + part + "'" + io::did_you_mean(part, variants) +
             "; variants: " + io::join_overrides(variants));
      continue;
    }
    const std::string key = unquoted(part.substr(0, equals));
    const std::string value = unquoted(part.substr(equals + 1));
    if (key == "variant")
      choice.variant = variant_name(value);
    else if (key == "point")
      choice.point = point_number(value);
    else if (std::find(keys.begin(), keys.end(), key) == keys.end())
      fail("'" + key + "' is not a grid or sample key" +
           (keys.empty() ? std::string(" (this batch has no grid or sample)")
                         : io::did_you_mean(key, keys)));
    else
      choice.values[key] = value;
  }
  return choice;
}

std::int64_t baseline_point(const Choice& choice, std::int64_t point,
                            const PointAssignments& points) {
  if (choice.point) return *choice.point;
  if (choice.values.empty()) return point;
  // the compared point's values, with those asked for in their place
  auto wanted = assignments(points.count(point) ? points.at(point) : std::vector<std::string>{});
  for (const auto& [key, value] : choice.values) wanted[key] = value;
  for (const auto& [candidate, texts] : points) {
    const auto have = assignments(texts);
    const bool match = have.size() == wanted.size() &&
                       std::all_of(wanted.begin(), wanted.end(), [&](const auto& entry) {
                         const auto found = have.find(entry.first);
                         return found != have.end() && same_value(found->second, entry.second);
                       });
    if (match) return candidate;
  }
  std::vector<std::string> texts;
  for (const auto& [key, value] : wanted) texts.push_back(key + "=" + value);
  throw io::InputError(
      "baseline", 0, "",
      "no point has " + io::join_overrides(texts) + " (use point=N to compare with one point)");
}

std::string describe(const Choice& choice, bool several_variants, bool several_points,
                     const PointAssignments& points) {
  std::string variant = choice.variant ? "the variant '" + *choice.variant + "'" : "";
  std::string point;
  if (choice.point) {
    const std::string text = label(points, *choice.point);
    point = "point " + std::to_string(*choice.point) + (text.empty() ? "" : " (" + text + ")");
  } else if (!choice.values.empty()) {
    std::vector<std::string> texts;
    for (const auto& [key, value] : choice.values) texts.push_back(key + "=" + value);
    point = io::join_overrides(texts) + " (other values as the compared point's)";
  }
  if (!variant.empty() && !point.empty()) return variant + " at " + point;
  if (!variant.empty()) return variant + (several_points ? " at the same point" : "");
  if (!point.empty()) return point + (several_variants ? " of the same variant" : "");
  return "itself";
}

}  // namespace

const std::vector<std::string>& main_metrics() {
  // true outcomes first: weeks in traffickers' hands and the people and children trafficked,
  // then what the authorities and the force saw and did, and the cost
  static const std::vector<std::string> metrics{"victim_weeks",
                                                "people_first_trafficked",
                                                "children_first_trafficked",
                                                "victims_recruited",
                                                "victims_identified",
                                                "peacekeeper_purchases",
                                                "convictions",
                                                "policy_cost"};
  return metrics;
}

const std::vector<std::string>& costed_outcomes() {
  static const std::vector<std::string> outcomes{"victim_weeks", "people_first_trafficked"};
  return outcomes;
}

Comparison compare(const RunIndex& runs, const PointAssignments& points,
                   const std::map<std::string, std::vector<double>>& per_run,
                   const ComparisonOptions& options) {
  // configurations in order of first appearance, their runs by replicate
  std::vector<Configuration> configurations;
  std::vector<std::string> variants;
  std::map<std::pair<std::string, std::int64_t>, std::size_t> index;
  for (std::size_t run = 0; run < runs.variant.size(); ++run) {
    const auto key = std::make_pair(runs.variant[run], runs.point[run]);
    auto [at, inserted] = index.emplace(key, configurations.size());
    if (inserted) configurations.push_back({runs.variant[run], runs.point[run], {}});
    configurations[at->second].runs[runs.replicate[run]] = run;
    if (std::find(variants.begin(), variants.end(), runs.variant[run]) == variants.end())
      variants.push_back(runs.variant[run]);
  }
  PointAssignments known = points;
  for (const Configuration& configuration : configurations)
    known.emplace(configuration.point, std::vector<std::string>{});

  const auto& cost_spec = metric_spec(options.cost, "cost");
  std::vector<const model::MetricSpec*> outcome_specs;
  for (const std::string& name : options.outcomes)
    outcome_specs.push_back(&metric_spec(name, "outcome"));
  std::vector<const model::MetricSpec*> specs;
  for (const std::string& name : options.metrics) specs.push_back(&metric_spec(name, "metrics"));
  const auto values_of = [&](const model::MetricSpec& spec) -> const std::vector<double>& {
    const auto found = per_run.find(std::string(spec.name));
    if (found == per_run.end() || found->second.size() != runs.variant.size())
      throw std::invalid_argument("compare: no per-run values of " + std::string(spec.name));
    return found->second;
  };

  Choice choice;
  const bool several_points = known.size() > 1;
  if (!options.baseline.empty()) {
    choice = parse_choice(options.baseline, variants, known);
  } else if (variants.size() > 1) {
    choice.variant = options.default_variant.empty() ? variants.front() : options.default_variant;
    if (std::find(variants.begin(), variants.end(), *choice.variant) == variants.end())
      choice.variant = variants.front();
  } else if (several_points) {
    choice.point = known.begin()->first;
  }
  Comparison comparison;
  comparison.baseline = describe(choice, variants.size() > 1, several_points, known);

  for (const Configuration& configuration : configurations) {
    const std::string base_variant = choice.variant.value_or(configuration.variant);
    const std::int64_t base_point = baseline_point(choice, configuration.point, known);
    const auto found = index.find({base_variant, base_point});
    if (found == index.end())
      throw io::InputError(
          "baseline", 0, "",
          "no runs of variant '" + base_variant + "' at point " + std::to_string(base_point));
    const Configuration& base = configurations[found->second];
    const bool itself = base_variant == configuration.variant && base_point == configuration.point;
    // pairs of runs: the same replicate (common random numbers)
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (const auto& [replicate, run] : configuration.runs) {
      const auto partner = base.runs.find(replicate);
      if (partner != base.runs.end()) pairs.emplace_back(run, partner->second);
    }
    const auto paired = [&](const model::MetricSpec& spec, std::vector<double>& mine,
                            std::vector<double>& theirs, std::vector<double>& differences) {
      const std::vector<double>& values = values_of(spec);
      for (const auto& [run, partner] : pairs) {
        mine.push_back(values[run]);
        theirs.push_back(values[partner]);
        differences.push_back(values[run] - values[partner]);
      }
    };
    const RowConfiguration compared{configuration.variant, configuration.point,
                                    label(known, configuration.point), base_variant, base_point};
    for (const model::MetricSpec* spec : specs) {
      std::vector<double> mine, theirs, differences;
      paired(*spec, mine, theirs, differences);
      EffectRow row;
      static_cast<RowConfiguration&>(row) = compared;
      row.is_baseline = itself;
      row.metric = std::string(spec->name);
      row.units = spec->run_units();
      row.replicates = pairs.size();
      row.value = mean_interval(mine);
      row.baseline = mean_interval(theirs);
      row.effect = mean_interval(differences);
      const double base_mean = row.baseline.mean;
      const bool share = std::isfinite(base_mean) && base_mean != 0;
      row.percent = share ? 100 * row.effect.mean / base_mean : nan;
      row.percent_low = share ? 100 * row.effect.low / base_mean : nan;
      row.percent_high = share ? 100 * row.effect.high / base_mean : nan;
      if (share && base_mean < 0) std::swap(row.percent_low, row.percent_high);
      row.direction = direction(row, *spec);
      row.verdict = verdict(row, *spec);
      comparison.effects.push_back(std::move(row));
    }
    if (itself) continue;

    std::vector<double> mine, theirs, extra_cost;
    paired(cost_spec, mine, theirs, extra_cost);
    for (const model::MetricSpec* outcome_spec : outcome_specs) {
      std::vector<double> outcome_mine, outcome_theirs, difference;
      paired(*outcome_spec, outcome_mine, outcome_theirs, difference);
      std::vector<double> averted(difference.size());
      std::transform(difference.begin(), difference.end(), averted.begin(),
                     [](double change) { return -change; });
      CostRow cost;
      static_cast<RowConfiguration&>(cost) = compared;
      cost.outcome = std::string(outcome_spec->name);
      cost.units = cost_spec.run_units() + "/" + singular_units(outcome_spec->run_units());
      cost.replicates = pairs.size();
      cost.extra_cost = mean_interval(extra_cost);
      cost.averted = mean_interval(averted);
      cost.ratio = cost_per_clearly_averted(extra_cost, averted, options.resamples, 1);
      const std::string what = words(outcome_spec->name);
      const std::string no_cost = "none: ";
      if (pairs.size() < 2) {
        cost.note = no_cost + "one replicate gives no interval";
      } else if (!(cost.averted.low > 0) && !(cost.averted.high < 0)) {
        cost.note =
            no_cost + "the effect on " + what + " is not clear (its interval includes no change)";
      } else if (cost.averted.high < 0) {
        cost.note = no_cost + (outcome_spec->count ? "more " : "higher ") + what +
                    " than the baseline: nothing is averted";
      } else if (cost.ratio.value < 0) {
        cost.note = "negative: it costs " + amount_text(-cost.extra_cost.mean) + " " +
                    cost_spec.run_units() + " less than the baseline and averts " +
                    amount_text(cost.averted.mean) + " " + what +
                    ", so each one averted comes with a saving, not a cost";
      } else if (!std::isfinite(cost.ratio.low)) {
        cost.note = "no interval: some resamples of the replicates avert nothing";
      } else if (cost.ratio.low < 0) {
        cost.note = "the interval includes savings: the extra cost is not clearly above zero";
      }
      comparison.costs.push_back(std::move(cost));
    }
  }
  return comparison;
}

}  // namespace tipsim::batch
