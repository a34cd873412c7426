#pragma once
// Effects of every configuration (a variant at a grid or sample point) against a chosen
// baseline configuration, paired by replicate (common random numbers), with 95% intervals on
// the means and on the effects, the share of the baseline, a plain-language verdict, and the
// extra cost per unit averted of any outcome metrics, side by side (by default victim-weeks of
// exploitation and people trafficked). One implementation for `tipsim summary`, Python's
// Result.compare and the shared report: nothing here but the defaults names a metric, so a
// metric added to metrics.def can be compared, and be an outcome, without code changes.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tipsim/batch/summary.hpp"

namespace tipsim::batch {

/// Which configuration each run belongs to, one entry per run.
struct RunIndex {
  std::vector<std::string> variant;
  std::vector<std::int64_t> point;
  std::vector<std::int64_t> replicate;
};

/// What makes each point: its grid axes or sample parameters as "key=value", by point.
using PointAssignments = std::map<std::int64_t, std::vector<std::string>>;

/// The metrics `tipsim summary` and the report show unless told otherwise.
const std::vector<std::string>& main_metrics();

/// The outcomes whose cost per unit averted is given unless told otherwise: victim-weeks of
/// exploitation (credits a lever that shortens exploitation) and people trafficked for the first
/// time (credits one that spares people altogether).
const std::vector<std::string>& costed_outcomes();

struct ComparisonOptions {
  /// What to compare against, as `tipsim summary --baseline` takes it: parts separated by ";",
  /// each a variant name, a point number, "variant=NAME", "point=N" or "KEY=VALUE" (the point
  /// with this value of a grid key and otherwise the compared point's values). Empty: the
  /// default variant at the same point when there are several variants, else point 0.
  std::string baseline;
  std::string default_variant;       ///< the batch's baseline variant (empty: the first)
  std::vector<std::string> metrics;  ///< metrics to compare, each in the metric table
  /// the outcomes whose averted units are costed, each on its own row
  std::vector<std::string> outcomes = costed_outcomes();
  std::string cost = "policy_cost";  ///< the cost metric
  std::uint32_t resamples = 2000;    ///< bootstrap resamples of the cost ratio
};

/// Which configuration a row is about, and what it is compared with.
struct RowConfiguration {
  std::string variant;
  std::int64_t point = 0;
  std::string point_label;  ///< the point's assignments ("key=value; ..."), empty without any
  std::string baseline_variant;
  std::int64_t baseline_point = 0;
};

struct EffectRow : RowConfiguration {
  bool is_baseline = false;  ///< the baseline compared with itself
  std::string metric;
  std::string units;           ///< of the per-run value (a flow summed over the run loses "/week")
  std::size_t replicates = 0;  ///< paired replicates
  Interval value;              ///< mean over replicates, 95% interval of the mean
  Interval baseline;           ///< the same for the baseline's paired runs
  Interval effect;             ///< mean paired difference, 95% interval
  double percent = 0, percent_low = 0, percent_high = 0;  ///< effect as % of baseline mean
  /// "fewer" or "lower", "more" or "higher", "unclear" (the interval includes no change),
  /// "none" (identical paired runs), "too few" (one replicate) or "baseline"
  std::string direction;
  std::string verdict;  ///< in plain words: "clearly fewer victims recruited (-12%, ...)"
};

struct CostRow : RowConfiguration {
  std::string outcome;
  std::string units;  ///< "USD/person"
  std::size_t replicates = 0;
  Interval extra_cost;  ///< paired difference of the cost metric
  Interval averted;     ///< paired outcome averted (baseline minus configuration)
  Ratio ratio;          ///< NaN where none is given (see note)
  std::string note;     ///< why there is no cost, or what a negative one means
};

struct Comparison {
  std::string baseline;  ///< what everything was compared with, in words
  std::vector<EffectRow> effects;
  /// per configuration other than the baseline, one per outcome in the options' order
  std::vector<CostRow> costs;
};

/// Compares every configuration of `runs` with its baseline configuration. `per_run` holds,
/// for every metric named in `options` (and the outcomes and cost), one number per run
/// (reduce_run's rule). Throws io::InputError for an unknown metric or baseline, with the
/// closest name when there is one.
Comparison compare(const RunIndex& runs, const PointAssignments& points,
                   const std::map<std::string, std::vector<double>>& per_run,
                   const ComparisonOptions& options);

}  // namespace tipsim::batch
