#include "tipsim/io/batch_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "tipsim/io/files.hpp"
#include "tipsim/io/scenario_file.hpp"
#include "tipsim/io/text.hpp"
#include "toml_value.hpp"

namespace tipsim::io {
namespace {

namespace fs = std::filesystem;

std::size_t line_of(const toml::node& node) { return node.source().begin.line; }

// a value as TOML text, for apply_override and for the runs table
std::string toml_text(const toml::node& node) { return io::toml_text(value_of(node)); }

std::vector<std::string> override_keys() {
  std::vector<std::string> keys;
  for (const model::ParameterSpec& spec : model::parameter_table())
    if (spec.scope == model::ParameterScope::scenario) keys.emplace_back(spec.key);
  return keys;
}

bool is_override_key(const std::string& key) {
  if (model::find_parameter(key)) return true;
  // "local" adds [[local]] tables; "local.<name>.<key>" sets a value of a named one
  if (key == "local") return true;
  const auto dots = std::count(key.begin(), key.end(), '.');
  if (key.rfind("local.", 0) == 0)
    return (dots == 2 && key.substr(key.rfind('.') + 1) == "municipalities") ||
           (dots == 3 && model::find_parameter(key.substr(key.find('.', 6) + 1)));
  return (key.rfind("contingent.", 0) == 0 || key.rfind("source_region.", 0) == 0) && dots == 2;
}

// "policy.enforcement" = 0.5, or [policy] enforcement = 0.5 nested inside: both name one key
void flatten(const toml::table& table, const std::string& prefix,
             std::vector<std::pair<std::string, const toml::node*>>& out,
             const std::set<std::string>& skip) {
  for (auto&& [name, node] : table) {
    const std::string key = prefix + std::string(name.str());
    if (prefix.empty() && skip.count(key)) continue;
    const toml::table* nested = node.as_table();
    // "local" is a [[local]] table to add only if it names its places; otherwise its keys are
    // the dotted parts of "local.<name>.<key>"
    const bool adds_local = key == "local" && nested && nested->contains("municipalities");
    if (nested && (!is_override_key(key) || (key == "local" && !adds_local))) {
      flatten(*nested, key + ".", out, skip);
      continue;
    }
    out.emplace_back(key, &node);
  }
}

// A grid of more points than a sample may have would fill memory before the first run; a batch
// of more runs than this would never finish.
constexpr double most_points = 1e7;
constexpr double most_runs = 1e12;

class BatchReader {
 public:
  BatchReader(std::string file, fs::path folder)
      : file_(std::move(file)), folder_(std::move(folder)) {}

  [[noreturn]] void fail(std::size_t line, const std::string& key,
                         const std::string& problem) const {
    throw InputError(file_, line, key, problem);
  }

  // tries an override on the base scenario and reports a failure at this file's line
  std::string checked_override(model::Scenario& trial, const std::string& key,
                               const toml::node& value) const {
    const std::string assignment = key + "=" + toml_text(value);
    try {
      apply_override(trial, assignment);
    } catch (const InputError& error) {
      fail(line_of(value), key, error.problem());
    }
    return assignment;
  }

  double number(const toml::node& node, const std::string& key) const {
    if (!node.is_number()) fail(line_of(node), key, "expected a number");
    const double value = *node.value<double>();
    if (!std::isfinite(value))
      fail(line_of(node), key, "expected a finite number, got " + shortest_number(value));
    return value;
  }

  std::uint64_t whole(const toml::node& node, const std::string& key, double minimum,
                      double maximum) const {
    if (!node.is_integer()) fail(line_of(node), key, "expected a whole number");
    const auto value = *node.value<std::int64_t>();
    if (value < minimum || value > maximum)
      fail(line_of(node), key,
           "expected a whole number in [" + std::to_string(static_cast<std::int64_t>(minimum)) +
               ", " + std::to_string(static_cast<std::int64_t>(maximum)) + "], got " +
               std::to_string(value));
    return static_cast<std::uint64_t>(value);
  }

  std::string text(const toml::node& node, const std::string& key) const {
    const auto value = node.value<std::string>();
    if (!value) fail(line_of(node), key, "expected a string");
    return *value;
  }

  BatchSpec read(std::string_view source) {
    toml::table root;
    try {
      root = toml::parse(source, file_);
    } catch (const toml::parse_error& error) {
      fail(error.source().begin.line, "", "not valid TOML: " + std::string(error.description()));
    }
    const std::vector<std::string> sections{"batch", "variant", "grid", "sample"};
    for (auto&& [name, node] : root)
      if (std::find(sections.begin(), sections.end(), name.str()) == sections.end())
        problems_.attempt([&, &name = name] {
          fail(name.source().begin.line, std::string(name.str()),
               "unknown section (expected [batch], [[variant]], [grid] or [sample])" +
                   did_you_mean(std::string(name.str()), sections));
        });

    BatchSpec spec;
    spec.source_path = file_;
    spec.source_text = std::string(source);
    const toml::table* batch = root["batch"].as_table();
    if (!batch) {
      problems_.attempt([&] { fail(0, "batch", "missing [batch] table"); });
      problems_.finish();
    }
    if (!batch->get("scenario"))
      problems_.attempt(
          [&] { fail(line_of(*batch), "batch.scenario", "missing: the base scenario file"); });
    const std::vector<std::string> fields{"name",       "description", "scenario",
                                          "replicates", "seed",        "baseline"};
    for (auto&& [name, node] : *batch)
      problems_.attempt([&, &name = name, &node = node] {
        const std::string key = "batch." + std::string(name.str());
        const std::string_view field = name.str();
        if (field == "name")
          spec.name = text(node, key);
        else if (field == "scenario") {
          const fs::path path = folder_ / text(node, key);
          if (const std::string problem = input_file_problem(path); !problem.empty())
            fail(line_of(node), key, problem);
          spec.base = load_scenario(path);
          have_base_ = true;
        } else if (field == "replicates")
          spec.replicates = static_cast<std::uint32_t>(whole(node, key, 1, 1e6));
        else if (field == "seed")
          spec.seed = whole(node, key, 0, 9007199254740991.0);
        else if (field == "baseline")
          spec.baseline = text(node, key);
        else if (field != "description")
          fail(name.source().begin.line, key,
               "unknown key (expected name, description, scenario, replicates, seed or baseline)" +
                   did_you_mean(std::string(field), fields));
      });
    if (spec.name.empty()) spec.name = fs::path(file_).stem().string();
    if (!batch->get("seed") && have_base_)
      spec.seed = static_cast<std::uint64_t>(spec.base.value(model::ParameterId::seed));

    read_variants(root, spec);
    if (const toml::node* grid = root.get("grid")) read_grid(*grid, spec);
    if (const toml::node* sample = root.get("sample")) {
      if (!spec.grid.empty())
        problems_.attempt([&] {
          fail(line_of(*sample), "sample", "a batch has a [grid] or a [sample], not both");
        });
      else
        read_sample(*sample, spec);
    }
    problems_.finish();
    double points = spec.sample ? spec.sample->count : 1.0;
    for (const GridAxis& axis : spec.grid) points *= static_cast<double>(axis.values.size());
    const double runs = points * static_cast<double>(spec.variants.size()) * spec.replicates;
    if (runs > most_runs)
      fail(0, "batch",
           "the batch has " + shortest_number(runs) + " runs, more than the " +
               shortest_number(most_runs) + " a batch may have");
    return spec;
  }

 private:
  // an override is tried on the base scenario when there is one; without it (the base failed
  // to load, which is reported) only its key can be checked
  std::string override_of(model::Scenario& trial, const std::string& key,
                          const toml::node& value) const {
    if (have_base_) return checked_override(trial, key, value);
    return key + "=" + toml_text(value);
  }

  void read_variants(const toml::table& root, BatchSpec& spec) {
    std::set<std::string> names;
    if (const toml::node* variants = root.get("variant")) {
      const toml::array* array = variants->as_array();
      if (!array || !array->is_array_of_tables())
        problems_.attempt(
            [&] { fail(line_of(*variants), "variant", "expected [[variant]] tables"); });
      else
        for (const toml::node& element : *array) {
          const toml::table& table = *element.as_table();
          BatchVariant variant;
          const toml::node* name = table.get("name");
          problems_.attempt([&] {
            if (!name) fail(line_of(table), "variant", "a variant needs a name");
            variant.name = text(*name, "variant.name");
            if (!names.insert(variant.name).second)
              fail(line_of(*name), "variant.name", "two variants named '" + variant.name + "'");
          });
          std::vector<std::pair<std::string, const toml::node*>> overrides;
          flatten(table, "", overrides, {"name", "description"});
          model::Scenario trial = spec.base;
          for (const auto& [key, value] : overrides)
            problems_.attempt([&, &key = key, &value = value] {
              if (!is_override_key(key))
                fail(line_of(*value), key,
                     "unknown key: not a parameter, contingent or source region field, or "
                     "[[local]] value" +
                         did_you_mean(key, override_keys()));
              variant.overrides.push_back(override_of(trial, key, *value));
            });
          spec.variants.push_back(std::move(variant));
        }
    }
    if (spec.variants.empty()) spec.variants.push_back({"baseline", {}});
    if (spec.baseline.empty()) spec.baseline = spec.variants.front().name;
    std::vector<std::string> variant_names;
    for (const BatchVariant& variant : spec.variants) variant_names.push_back(variant.name);
    if (std::find(variant_names.begin(), variant_names.end(), spec.baseline) == variant_names.end())
      problems_.attempt([&] {
        fail(0, "batch.baseline",
             "no variant named '" + spec.baseline + "'" +
                 did_you_mean(spec.baseline, variant_names));
      });
  }

  void read_grid(const toml::node& node, BatchSpec& spec) {
    const toml::table* table = node.as_table();
    if (!table) {
      problems_.attempt([&] { fail(line_of(node), "grid", "expected a [grid] table"); });
      return;
    }
    std::vector<std::pair<std::string, const toml::node*>> axes;
    flatten(*table, "", axes, {});
    double points = 1;
    bool too_many = false;  // said once, at the axis that passes the limit
    for (const auto& [key, values] : axes)
      problems_.attempt([&, &key = key, &values = values] {
        const std::string where = "grid." + key;
        if (!is_override_key(key))
          fail(line_of(*values), where,
               "unknown key: not a parameter, contingent or source region field, or [[local]] "
               "value" +
                   did_you_mean(key, override_keys()));
        const toml::array* array = values->as_array();
        if (!array || array->empty())
          fail(line_of(*values), where, "expected a non-empty array of values");
        // the plan lists every point of the grid: their number must stay within reason
        points *= static_cast<double>(array->size());
        if (points > most_points && !too_many) {
          too_many = true;
          fail(line_of(*values), where,
               "the grid has " + shortest_number(points) + " points, more than the " +
                   shortest_number(most_points) + " a batch may have");
        }
        GridAxis axis{key, {}};
        model::Scenario trial = spec.base;
        for (const toml::node& value : *array)
          problems_.attempt([&] {
            const std::string assignment = override_of(trial, key, value);
            axis.values.push_back(assignment.substr(key.size() + 1));
          });
        spec.grid.push_back(std::move(axis));
      });
    if (axes.empty())
      problems_.attempt([&] { fail(line_of(node), "grid", "the grid names no parameter"); });
  }

  void read_sample(const toml::node& node, BatchSpec& spec) {
    const toml::table* table = node.as_table();
    if (!table) {
      problems_.attempt([&] { fail(line_of(node), "sample", "expected a [sample] table"); });
      return;
    }
    BatchSample sample;
    sample.seed = spec.seed;
    const std::vector<std::string> fields{"method", "count", "seed", "ranges"};
    for (auto&& [name, value] : *table)
      problems_.attempt([&, &name = name, &value = value] {
        const std::string key = "sample." + std::string(name.str());
        const std::string_view field = name.str();
        if (field == "method") {
          const std::string method = text(value, key);
          if (method == "latin_hypercube")
            sample.method = SampleMethod::latin_hypercube;
          else if (method == "sobol")
            sample.method = SampleMethod::sobol;
          else
            fail(line_of(value), key,
                 "expected \"latin_hypercube\" or \"sobol\", got '" + method + "'" +
                     did_you_mean(method, {"latin_hypercube", "sobol"}));
        } else if (field == "count") {
          sample.count = static_cast<std::uint32_t>(whole(value, key, 1, most_points));
        } else if (field == "seed") {
          sample.seed = whole(value, key, 0, 9007199254740991.0);
        } else if (field == "ranges") {
          read_ranges(value, sample);
        } else {
          fail(name.source().begin.line, key,
               "unknown key (expected method, count, seed or ranges)" +
                   did_you_mean(std::string(field), fields));
        }
      });
    if (!table->get("count"))
      problems_.attempt(
          [&] { fail(line_of(node), "sample.count", "missing: how many points to sample"); });
    if (!table->get("ranges"))
      problems_.attempt(
          [&] { fail(line_of(node), "sample.ranges", "missing: the parameter ranges to sample"); });
    spec.sample = std::move(sample);
  }

  void read_ranges(const toml::node& node, BatchSample& sample) {
    const toml::table* table = node.as_table();
    if (!table) fail(line_of(node), "sample.ranges", "expected a table of ranges");
    std::vector<std::pair<std::string, const toml::node*>> entries;
    flatten(*table, "", entries, {});
    std::vector<std::string> numeric;
    for (const model::ParameterSpec& parameter : model::parameter_table())
      if (parameter.scope == model::ParameterScope::scenario &&
          parameter.kind != model::ParameterKind::choice &&
          parameter.kind != model::ParameterKind::flag)
        numeric.emplace_back(parameter.key);
    for (const auto& [key, value] : entries)
      problems_.attempt([&, &key = key, &value = value] {
        const std::string where = "sample.ranges." + key;
        const model::ParameterSpec* parameter = model::find_parameter(key);
        if (!parameter)
          fail(line_of(*value), where, "unknown parameter" + did_you_mean(key, numeric));
        if (parameter->kind == model::ParameterKind::choice ||
            parameter->kind == model::ParameterKind::flag)
          fail(line_of(*value), where, "only numeric parameters can be sampled");
        SampleRange range{key, 0, 0, false, parameter->kind == model::ParameterKind::count};
        if (const toml::array* pair = value->as_array()) {
          if (pair->size() != 2) fail(line_of(*value), where, "expected [minimum, maximum]");
          range.minimum = number((*pair)[0], where);
          range.maximum = number((*pair)[1], where);
        } else if (const toml::table* bounds = value->as_table()) {
          for (auto&& [field, entry] : *bounds) {
            if (field.str() == "min")
              range.minimum = number(entry, where + ".min");
            else if (field.str() == "max")
              range.maximum = number(entry, where + ".max");
            else if (field.str() == "scale") {
              const std::string scale = text(entry, where + ".scale");
              if (scale != "linear" && scale != "log")
                fail(line_of(entry), where + ".scale",
                     "expected \"linear\" or \"log\", got '" + scale + "'");
              range.logarithmic = scale == "log";
            } else {
              fail(field.source().begin.line, where,
                   "unknown key (expected min, max, scale)" +
                       did_you_mean(std::string(field.str()), {"min", "max", "scale"}));
            }
          }
          if (!bounds->get("min") || !bounds->get("max"))
            fail(line_of(*value), where, "expected min and max");
        } else {
          fail(line_of(*value), where,
               "expected [minimum, maximum] or { min = ..., max = ..., scale = \"log\" }");
        }
        if (!(range.minimum < range.maximum))
          fail(line_of(*value), where, "the minimum must be below the maximum");
        if (range.minimum < parameter->minimum || range.maximum > parameter->maximum)
          fail(line_of(*value), where,
               "the range must lie within the parameter's [" + shortest_number(parameter->minimum) +
                   ", " + shortest_number(parameter->maximum) + "]");
        if (range.logarithmic && range.minimum <= 0)
          fail(line_of(*value), where, "a log-scale range needs a positive minimum");
        sample.ranges.push_back(range);
      });
  }

  std::string file_;
  fs::path folder_;
  bool have_base_ = false;  ///< the base scenario loaded: overrides can be tried on it
  Problems problems_;       ///< every problem found so far
};

}  // namespace

BatchSpec parse_batch(std::string_view text, const std::string& source_name,
                      const fs::path& base_folder) {
  BatchReader reader(source_name, base_folder);
  return reader.read(text);
}

std::string batch_toml(const BatchDescription& batch) {
  std::ostringstream out;
  out << "[batch]\nname = " << io::toml_text({batch.name})
      << "\nscenario = " << io::toml_text({batch.scenario}) << "\nreplicates = " << batch.replicates
      << "\n";
  if (batch.seed) out << "seed = " << *batch.seed << "\n";
  if (batch.baseline) out << "baseline = " << io::toml_text({*batch.baseline}) << "\n";
  for (const auto& [name, overrides] : batch.variants) {
    out << "\n[[variant]]\nname = " << io::toml_text({name}) << "\n";
    for (const auto& [key, value] : overrides)
      out << toml_key(key) << " = " << io::toml_text(value) << "\n";
  }
  if (!batch.grid.empty()) {
    out << "\n[grid]\n";
    for (const auto& [key, values] : batch.grid)
      out << toml_key(key) << " = " << io::toml_text(values) << "\n";
  }
  if (batch.sample) {
    out << "\n[sample]\n";
    const Value::Table* ranges = nullptr;
    for (const auto& [key, value] : *batch.sample) {
      if (key == "ranges" && std::holds_alternative<Value::Table>(value.data))
        ranges = &std::get<Value::Table>(value.data);
      else
        out << toml_key(key) << " = " << io::toml_text(value) << "\n";
    }
    if (ranges) {
      out << "\n[sample.ranges]\n";
      for (const auto& [key, range] : *ranges)
        out << toml_key(key) << " = " << io::toml_text(range) << "\n";
    }
  }
  return out.str();
}

BatchSpec load_batch(const fs::path& path) {
  return parse_batch(read_input_file(path, most_toml_bytes, "batch file"), path.string(),
                     path.parent_path());
}

}  // namespace tipsim::io
