#include "reference_results.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "tipsim/io/scenario_file.hpp"
#include "tipsim/io/text.hpp"
#include "tipsim/model/run.hpp"

namespace tipsim::testing {
namespace {

namespace fs = std::filesystem;

std::string fnv1a(const std::vector<double>& values) {
  std::uint64_t hash = 14695981039346656037ull;
  for (double value : values) {
    unsigned char bytes[sizeof(double)];
    std::memcpy(bytes, &value, sizeof bytes);
    for (unsigned char byte : bytes) {
      hash ^= byte;
      hash *= 1099511628211ull;
    }
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

MetricFingerprint fingerprint(const std::vector<double>& values) {
  return {std::accumulate(values.begin(), values.end(), 0.0), fnv1a(values)};
}

std::string quoted(const std::string& text) { return "\"" + text + "\""; }

}  // namespace

std::vector<fs::path> reference_files(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

ReferenceFile read_reference(const fs::path& file) {
  const toml::table root = toml::parse_file(file.string());
  ReferenceFile reference;
  ReferenceInputs& inputs = reference.inputs;
  inputs.name = file.stem().string();
  inputs.file = file;
  inputs.scenario = root["inputs"]["scenario"].value_or(std::string());
  if (inputs.scenario.empty()) throw std::runtime_error(file.string() + ": no inputs.scenario");
  if (const toml::array* overrides = root["inputs"]["overrides"].as_array())
    for (const toml::node& item : *overrides)
      inputs.overrides.push_back(item.value_or(std::string()));
  if (const toml::array* seeds = root["inputs"]["seeds"].as_array())
    for (const toml::node& item : *seeds) inputs.seeds.push_back(item.value_or(std::uint64_t{0}));
  inputs.total_tolerance = root["inputs"]["total_tolerance"].value_or(0.0);
  if (const toml::array* runs = root["run"].as_array()) {
    for (const toml::node& node : *runs) {
      const toml::table& run = *node.as_table();
      const auto seed = run["seed"].value_or(std::uint64_t{0});
      RunFingerprint& fingerprint = reference.runs[seed];
      if (const toml::table* totals = run["total"].as_table())
        for (auto&& [name, value] : *totals)
          fingerprint[std::string(name.str())].total = value.value_or(0.0);
      if (const toml::table* hashes = run["series_hash"].as_table())
        for (auto&& [name, value] : *hashes)
          fingerprint[std::string(name.str())].hash = value.value_or(std::string());
    }
  }
  return reference;
}

RunFingerprint fingerprint_run(const ReferenceInputs& inputs, std::uint64_t seed,
                               const fs::path& source_dir) {
  model::Scenario scenario = io::load_scenario(source_dir / inputs.scenario);
  for (const std::string& assignment : inputs.overrides) io::apply_override(scenario, assignment);
  const model::RunData data = model::run(io::compile_scenario(scenario, seed)).data;
  RunFingerprint fingerprint;
  for (std::size_t m = 0; m < model::metric_count; ++m)
    fingerprint[std::string(model::metric_table()[m].name)] = testing::fingerprint(data.series[m]);
  for (std::size_t m = 0; m < model::location_metric_count; ++m)
    fingerprint["locations/" + std::string(model::location_metric_table()[m].name)] =
        testing::fingerprint(data.locations[m]);
  return fingerprint;
}

std::vector<std::string> compare(const RunFingerprint& stored, const RunFingerprint& fresh,
                                 double total_tolerance) {
  std::vector<std::string> moved;
  for (const auto& [name, now] : fresh) {
    const auto found = stored.find(name);
    if (found == stored.end()) {
      moved.push_back(name + ": not in the reference file (a new metric: regenerate on purpose)");
      continue;
    }
    const MetricFingerprint& before = found->second;
    const double allowed = total_tolerance * std::max(std::abs(before.total), std::abs(now.total));
    const bool total_moved = !(std::abs(now.total - before.total) <= allowed);
    const bool series_moved = now.hash != before.hash;
    if (!total_moved && !series_moved) continue;
    moved.push_back(name + ": total " + io::shortest_number(before.total) + " -> " +
                    io::shortest_number(now.total) +
                    (series_moved ? ", step series changed" : ", step series unchanged"));
  }
  for (const auto& [name, before] : stored)
    if (!fresh.count(name))
      moved.push_back(name + ": in the reference file but no longer produced");
  return moved;
}

void write_reference(const ReferenceFile& reference) {
  const ReferenceInputs& inputs = reference.inputs;
  std::ostringstream out;
  out << "# Reference results of " << inputs.scenario
      << ". Written by tools/regenerate-references: never edit by hand.\n"
         "# A change that moves them is committed together with this file and a sentence on why\n"
         "# the numbers moved (DEVELOPERS.md, \"Reference results\").\n\n"
         "[inputs]\n"
      << "scenario = " << quoted(inputs.scenario) << "\noverrides = [";
  for (std::size_t i = 0; i < inputs.overrides.size(); ++i)
    out << (i ? ", " : "") << quoted(inputs.overrides[i]);
  out << "]\nseeds = [";
  for (std::size_t i = 0; i < inputs.seeds.size(); ++i) out << (i ? ", " : "") << inputs.seeds[i];
  out << "]\ntotal_tolerance = " << io::toml_float(inputs.total_tolerance)
      << "   # relative; step-series hashes must match exactly\n";
  for (const auto& [seed, run] : reference.runs) {
    out << "\n[[run]]\nseed = " << seed << "\n\n[run.total]\n";
    for (const auto& [name, metric] : run)
      out << quoted(name) << " = " << io::toml_float(metric.total) << "\n";
    out << "\n[run.series_hash]\n";
    for (const auto& [name, metric] : run)
      out << quoted(name) << " = " << quoted(metric.hash) << "\n";
  }
  const fs::path temporary = inputs.file.string() + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary);
    file << out.str();
    if (!file.flush()) throw std::runtime_error("cannot write " + temporary.string());
  }
  fs::rename(temporary, inputs.file);
}

}  // namespace tipsim::testing
