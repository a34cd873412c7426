#pragma once
// Test helper: whether two results files hold the same data (metadata such as wall time aside).

#include <string>

#include "tipsim/io/results_reader.hpp"

namespace tipsim::testing {

/// Empty when every run, metric, location series, network table and summary is bit-identical;
/// otherwise the path of the first difference.
inline std::string first_difference(const io::ResultsReader& a, const io::ResultsReader& b) {
  const io::RunTable runs_a = a.runs(), runs_b = b.runs();
  if (runs_a.id != runs_b.id || runs_a.variant != runs_b.variant || runs_a.point != runs_b.point ||
      runs_a.replicate != runs_b.replicate || runs_a.seed != runs_b.seed ||
      runs_a.overrides != runs_b.overrides || runs_a.parameter_names != runs_b.parameter_names)
    return "/runs";
  for (std::size_t c = 0; c < runs_a.parameters.size(); ++c)
    for (std::size_t r = 0; r < runs_a.parameters[c].size(); ++r) {
      const double x = runs_a.parameters[c][r], y = runs_b.parameters[c][r];
      if (!(x == y || (x != x && y != y))) return "/runs/parameters";
    }
  for (const auto& name : a.metric_names())
    if (a.timeseries(name).values != b.timeseries(name).values) return "/timeseries/" + name;
  for (const auto& name : a.location_metric_names())
    if (a.locations(name).values != b.locations(name).values) return "/locations/" + name;
  for (const char* path : {"/network/nodes/x_km", "/network/routes/distance_km", "/time/year"})
    if (a.dataset(path).values != b.dataset(path).values) return path;
  if (a.has("/summary") != b.has("/summary")) return "/summary";
  if (a.has("/summary")) {
    if (a.strings("/summary/variant") != b.strings("/summary/variant")) return "/summary/variant";
    for (const auto& name : a.members("/summary/metrics")) {
      const auto x = a.dataset("/summary/metrics/" + name).values,
                 y = b.dataset("/summary/metrics/" + name).values;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!(x[i] == y[i] || (x[i] != x[i] && y[i] != y[i]))) return "/summary/metrics/" + name;
    }
  }
  return "";
}

}  // namespace tipsim::testing
