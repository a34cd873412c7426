#include "tipsim/io/targets_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>

#include "tipsim/io/files.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/io/text.hpp"
#include "tipsim/model/metrics.hpp"

namespace tipsim::io {
namespace {

namespace fs = std::filesystem;

std::size_t line_of(const toml::node& node) { return node.source().begin.line; }

std::vector<std::string> metric_names() {
  std::vector<std::string> names;
  for (const model::MetricSpec& spec : model::metric_table()) names.emplace_back(spec.name);
  return names;
}

std::vector<std::string> numeric_parameters() {
  std::vector<std::string> keys;
  for (const model::ParameterSpec& spec : model::parameter_table())
    if (spec.scope == model::ParameterScope::scenario &&
        spec.kind != model::ParameterKind::choice && spec.kind != model::ParameterKind::flag)
      keys.emplace_back(spec.key);
  return keys;
}

class TargetsReader {
 public:
  TargetsReader(std::string file, fs::path folder)
      : file_(std::move(file)), folder_(std::move(folder)) {}

  [[noreturn]] void fail(std::size_t line, const std::string& key,
                         const std::string& problem) const {
    throw InputError(file_, line, key, problem);
  }

  std::string text(const toml::node& node, const std::string& key) const {
    const auto value = node.value<std::string>();
    if (!value) fail(line_of(node), key, "expected a string");
    return *value;
  }

  double number(const toml::node& node, const std::string& key) const {
    if (!node.is_number()) fail(line_of(node), key, "expected a number");
    const double value = *node.value<double>();
    if (!std::isfinite(value)) fail(line_of(node), key, "expected a finite number");
    return value;
  }

  std::string choice(const toml::node& node, const std::string& key,
                     const std::vector<std::string>& allowed) const {
    const std::string value = text(node, key);
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
      fail(line_of(node), key,
           "expected one of " + join_overrides(allowed) + ", got '" + value + "'" +
               did_you_mean(value, allowed));
    return value;
  }

  // a metric name, or an array of them
  std::vector<std::string> metrics(const toml::node& node, const std::string& key) const {
    std::vector<std::string> names;
    if (const toml::array* array = node.as_array()) {
      for (const toml::node& element : *array) names.push_back(text(element, key));
    } else {
      names.push_back(text(node, key));
    }
    if (names.empty()) fail(line_of(node), key, "expected a metric or a list of metrics");
    const auto known = metric_names();
    for (const std::string& name : names)
      if (std::find(known.begin(), known.end(), name) == known.end())
        fail(line_of(node), key, "unknown metric '" + name + "'" + did_you_mean(name, known));
    return names;
  }

  TargetsSpec read(std::string_view source) {
    toml::table root;
    try {
      root = toml::parse(source, file_);
    } catch (const toml::parse_error& error) {
      fail(error.source().begin.line, "", "not valid TOML: " + std::string(error.description()));
    }
    TargetsSpec spec;
    spec.source_path = file_;
    spec.source_text = std::string(source);
    const std::vector<std::string> sections{"calibration", "parameter", "target"};
    for (auto&& [name, node] : root)
      if (std::find(sections.begin(), sections.end(), name.str()) == sections.end())
        problems_.attempt([&, &name = name] {
          fail(name.source().begin.line, std::string(name.str()),
               "unknown section (expected [calibration], [[parameter]] or [[target]])" +
                   did_you_mean(std::string(name.str()), sections));
        });
    read_header(root, spec);
    read_parameters(root, spec);
    read_targets(root, spec);
    problems_.finish();
    return spec;
  }

 private:
  void read_header(const toml::table& root, TargetsSpec& spec) {
    const toml::table* header = root["calibration"].as_table();
    if (!header) {
      problems_.attempt([&] { fail(0, "calibration", "missing [calibration] table"); });
      return;
    }
    if (!header->get("scenario"))
      problems_.attempt([&] {
        fail(line_of(*header), "calibration.scenario", "missing: the scenario to calibrate");
      });
    const std::vector<std::string> fields{"name", "description", "scenario", "replicates"};
    for (auto&& [name, node] : *header)
      problems_.attempt([&, &name = name, &node = node] {
        const std::string key = "calibration." + std::string(name.str());
        const std::string_view field = name.str();
        if (field == "name") {
          spec.name = text(node, key);
        } else if (field == "scenario") {
          const fs::path path = fs::absolute(folder_ / text(node, key)).lexically_normal();
          if (const std::string problem = input_file_problem(path); !problem.empty())
            fail(line_of(node), key, problem);
          spec.scenario_path = path;
          spec.scenario = load_scenario(path);
        } else if (field == "replicates") {
          if (!node.is_integer() || *node.value<std::int64_t>() < 1)
            fail(line_of(node), key, "expected a positive whole number");
          spec.replicates = static_cast<std::uint32_t>(*node.value<std::int64_t>());
        } else if (field != "description") {
          fail(name.source().begin.line, key,
               "unknown key (expected name, description, scenario or replicates)" +
                   did_you_mean(std::string(field), fields));
        }
      });
    if (spec.name.empty()) spec.name = fs::path(file_).stem().string();
  }

  // [[parameter]] or [[target]]: an array of tables, each read by `each`
  template <class Each>
  void tables(const toml::table& root, const char* section, Each each) {
    const toml::node* node = root.get(section);
    if (!node) return;
    const toml::array* array = node->as_array();
    if (!array || !array->is_array_of_tables()) {
      problems_.attempt([&] {
        fail(line_of(*node), section, std::string("expected [[") + section + "]] tables");
      });
      return;
    }
    std::size_t index = 0;
    for (const toml::node& element : *array)
      each(*element.as_table(), std::string(section) + "[" + std::to_string(index++) + "]");
  }

  void read_parameters(const toml::table& root, TargetsSpec& spec) {
    const auto keys = numeric_parameters();
    const std::vector<std::string> fields{"key", "min", "max", "prior"};
    tables(root, "parameter", [&](const toml::table& table, const std::string& where) {
      TargetParameter parameter;
      const model::ParameterSpec* known = nullptr;
      bool complete = true;
      for (auto&& [name, node] : table)
        complete &= problems_.attempt([&, &name = name, &node = node] {
          const std::string key = where + "." + std::string(name.str());
          const std::string_view field = name.str();
          if (field == "key") {
            parameter.key = text(node, key);
            known = model::find_parameter(parameter.key);
            if (!known || std::find(keys.begin(), keys.end(), parameter.key) == keys.end())
              fail(line_of(node), key,
                   "unknown or non-numeric parameter '" + parameter.key + "'" +
                       did_you_mean(parameter.key, keys));
            parameter.whole = known->kind == model::ParameterKind::count;
          } else if (field == "min") {
            parameter.minimum = number(node, key);
          } else if (field == "max") {
            parameter.maximum = number(node, key);
          } else if (field == "prior") {
            parameter.logarithmic = choice(node, key, {"uniform", "log-uniform"}) == "log-uniform";
          } else {
            fail(name.source().begin.line, key,
                 "unknown key (expected key, min, max or prior)" +
                     did_you_mean(std::string(field), fields));
          }
        });
      for (const char* needed : {"key", "min", "max"})
        if (!table.get(needed)) {
          complete = false;
          problems_.attempt(
              [&] { fail(line_of(table), where, std::string("missing '") + needed + "'"); });
        }
      if (!complete || !known) return;
      problems_.attempt([&] {
        if (!(parameter.minimum < parameter.maximum) || parameter.minimum < known->minimum ||
            parameter.maximum > known->maximum)
          fail(line_of(table), where,
               "expected " + shortest_number(known->minimum) +
                   " <= min < max <= " + shortest_number(known->maximum) + ", got [" +
                   shortest_number(parameter.minimum) + ", " + shortest_number(parameter.maximum) +
                   "]");
        if (parameter.logarithmic && parameter.minimum <= 0)
          fail(line_of(table), where, "a log-uniform prior needs min > 0");
        spec.parameters.push_back(parameter);
      });
    });
    if (!root.get("parameter"))
      problems_.attempt([&] { fail(0, "parameter", "no [[parameter]] to calibrate"); });
  }

  void read_targets(const toml::table& root, TargetsSpec& spec) {
    const std::vector<std::string> fields{
        "name",   "description", "metric",   "numerator", "denominator", "denominator_reduce",
        "reduce", "period",      "observed", "kind",      "source"};
    tables(root, "target", [&](const toml::table& table, const std::string& where) {
      CalibrationTarget target;
      target.name = where;
      bool complete = true;
      for (auto&& [name, node] : table)
        complete &= problems_.attempt([&, &name = name, &node = node] {
          const std::string key = where + "." + std::string(name.str());
          const std::string_view field = name.str();
          if (field == "name") {
            target.name = text(node, key);
          } else if (field == "metric" || field == "numerator") {
            target.metrics = metrics(node, key);
          } else if (field == "denominator") {
            target.denominator = metrics(node, key);
          } else if (field == "reduce") {
            target.reduce = choice(node, key, target_reductions());
          } else if (field == "denominator_reduce") {
            target.denominator_reduce = choice(node, key, {"sum", "per_year", "mean", "final"});
          } else if (field == "period") {
            const toml::array* pair = node.as_array();
            if (!pair || pair->size() != 2)
              fail(line_of(node), key, "expected [start year, end year]");
            const double start = number((*pair)[0], key), end = number((*pair)[1], key);
            if (!(start < end)) fail(line_of(node), key, "the start must come before the end");
            target.period = std::make_pair(start, end);
          } else if (field == "observed") {
            if (node.is_number()) {
              target.low = target.high = number(node, key);
            } else if (const toml::array* pair = node.as_array(); pair && pair->size() == 2) {
              target.low = number((*pair)[0], key);
              target.high = number((*pair)[1], key);
              if (target.low > target.high)
                fail(line_of(node), key, "expected [low, high] with low <= high");
            } else {
              fail(line_of(node), key, "expected a number or a [low, high] range");
            }
          } else if (field == "kind") {
            target.kind = choice(node, key, {"true", "detected"});
          } else if (field == "source") {
            target.source = text(node, key);
          } else if (field != "description") {
            fail(name.source().begin.line, key,
                 "unknown key" + did_you_mean(std::string(field), fields));
          }
        });
      if (!table.get("metric") && !table.get("numerator")) {
        complete = false;
        problems_.attempt([&] { fail(line_of(table), where, "needs metric (or numerator)"); });
      }
      if (!table.get("observed")) {
        complete = false;
        problems_.attempt([&] { fail(line_of(table), where, "missing 'observed'"); });
      }
      if (target.reduce == "ratio" && !table.get("denominator")) {
        complete = false;
        problems_.attempt([&] { fail(line_of(table), where, "a ratio needs a denominator"); });
      }
      if (complete) spec.targets.push_back(std::move(target));
    });
    if (!root.get("target")) problems_.attempt([&] { fail(0, "target", "no [[target]]"); });
  }

  std::string file_;
  fs::path folder_;
  Problems problems_;
};

}  // namespace

const std::vector<std::string>& target_reductions() {
  static const std::vector<std::string> reductions{"sum", "per_year", "mean", "final", "ratio"};
  return reductions;
}

TargetsSpec parse_targets(std::string_view text, const std::string& source_name,
                          const fs::path& base_folder) {
  TargetsReader reader(source_name, base_folder);
  return reader.read(text);
}

TargetsSpec load_targets(const fs::path& path) {
  return parse_targets(read_input_file(path, most_toml_bytes, "targets file"), path.string(),
                       path.parent_path());
}

}  // namespace tipsim::io
