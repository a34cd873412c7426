#include "tipsim/io/scenario_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "tipsim/io/files.hpp"
#include "tipsim/io/tables.hpp"
#include "tipsim/io/text.hpp"

namespace tipsim::io {
namespace {

namespace fs = std::filesystem;
using model::ParameterKind;
using model::ParameterSpec;

std::size_t line_of(const toml::node& node) { return node.source().begin.line; }

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "a date or time";
  }
}

std::vector<std::string> parameter_keys() {
  std::vector<std::string> keys;
  for (const ParameterSpec& entry : model::parameter_table())
    if (entry.scope == model::ParameterScope::scenario) keys.emplace_back(entry.key);
  return keys;
}

// what a [[local]] table may hold besides its parameters
const std::vector<std::string> local_fields{"name", "municipalities"};

std::vector<std::string> local_keys() {
  std::vector<std::string> keys = local_fields;
  for (const ParameterSpec* entry : model::local_parameters()) keys.emplace_back(entry->key);
  return keys;
}

std::string local_keys_text() {
  std::string text;
  for (const ParameterSpec* entry : model::local_parameters())
    text += (text.empty() ? "" : ", ") + std::string(entry->key);
  return text;
}

// a name that "local.<name>.<key>" can carry: no dots, no spaces
bool simple_name(const std::string& name) {
  return !name.empty() && name.find_first_not_of(
                              "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
                              std::string::npos;
}

std::string range_text(const ParameterSpec& spec) {
  return "[" + shortest_number(spec.minimum) + ", " + shortest_number(spec.maximum) + "]";
}

model::Scenario load_scenario_at_depth(const fs::path& path, int depth);

// a variant may extend a scenario that extends another, but not without end
constexpr int most_extends = 8;

class Reader {
 public:
  /// `has_lines` is false for text that is not a file (an override): its lines mean nothing.
  Reader(std::string file, fs::path base, int depth = 0, bool has_lines = true)
      : file_(std::move(file)), base_(std::move(base)), depth_(depth), has_lines_(has_lines) {}

  [[noreturn]] void fail(std::size_t line, const std::string& key,
                         const std::string& problem) const {
    throw InputError(file_, has_lines_ ? line : 0, key, problem);
  }

  // one value of a parameter (not a schedule)
  double point(const toml::node& node, const ParameterSpec& spec, const std::string& key) const {
    const std::size_t line = line_of(node);
    switch (spec.kind) {
      case ParameterKind::flag:
        if (auto flag = node.value<bool>()) return *flag ? 1.0 : 0.0;
        fail(line, key, "expected true or false, got " + type_name(node));
      case ParameterKind::choice: {
        const auto text = node.value<std::string>();
        if (!text)
          fail(line, key, "expected one of " + std::string(spec.unit) + ", got " + type_name(node));
        if (auto chosen = spec.choice_index(*text)) return static_cast<double>(*chosen);
        fail(line, key, "expected one of " + std::string(spec.unit) + ", got '" + *text + "'");
      }
      case ParameterKind::count: {
        if (!node.is_number())
          fail(line, key,
               "expected a whole number (" + std::string(spec.unit) + "), got " + type_name(node));
        const double number = *node.value<double>();
        if (!std::isfinite(number))
          fail(line, key, "expected a finite number, got " + shortest_number(number));
        if (number != std::floor(number))
          fail(line, key,
               "expected a whole number (" + std::string(spec.unit) + "), got " +
                   shortest_number(number));
        if (number < 0)
          fail(line, key, "expected a non-negative count, got " + shortest_number(number));
        if (number < spec.minimum || number > spec.maximum)
          fail(line, key,
               "expected a count in " + range_text(spec) + ", got " + shortest_number(number));
        return number;
      }
      default: {
        if (!node.is_number())
          fail(line, key,
               "expected a number (" + std::string(spec.unit) + "), got " + type_name(node));
        const double number = *node.value<double>();
        if (!std::isfinite(number))
          fail(line, key, "expected a finite number, got " + shortest_number(number));
        if (spec.kind == ParameterKind::probability && (number < 0 || number > 1))
          fail(line, key, "expected a probability in [0, 1], got " + shortest_number(number));
        if (number < spec.minimum || number > spec.maximum)
          fail(line, key,
               "expected a number in " + range_text(spec) + " (" + std::string(spec.unit) +
                   "), got " + shortest_number(number));
        return number;
      }
    }
  }

  // a constant, or a schedule [[year, value], ...] or { points = [...], interpolation = "..." }
  core::Schedule schedule(const toml::node& node, const ParameterSpec& spec,
                          const std::string& key) const {
    const toml::node* points = &node;
    core::Interpolation interpolation = core::Interpolation::step;
    if (const toml::table* table = node.as_table()) {
      for (auto&& [name, _] : *table)
        if (name.str() != "points" && name.str() != "interpolation")
          fail(line_of(node), key,
               "unknown key '" + std::string(name.str()) +
                   "' in a schedule (expected 'points' and 'interpolation')");
      points = table->get("points");
      if (!points)
        fail(line_of(node), key, "a schedule table needs 'points = [[year, value], ...]'");
      if (const toml::node* how = table->get("interpolation")) {
        const auto text = how->value<std::string>();
        if (text == "linear")
          interpolation = core::Interpolation::linear;
        else if (text != "step")
          fail(line_of(*how), key, "expected interpolation \"step\" or \"linear\"");
      }
    }
    const toml::array* array = points->as_array();
    if (!array) return core::Schedule(point(*points, spec, key));
    if (!spec.schedulable())
      fail(line_of(node), key, "expected a single value: this parameter cannot change over time");
    if (array->empty())
      fail(line_of(node), key, "expected a schedule [[year, value], ...], got an empty array");
    std::vector<core::Schedule::Point> list;
    for (const toml::node& element : *array) {
      const toml::array* pair = element.as_array();
      if (!pair || pair->size() != 2 || !(*pair)[0].is_number())
        fail(line_of(element), key, "expected a schedule point [year, value]");
      const double year = *(*pair)[0].value<double>();
      // a NaN year would slip through every comparison below and leave the schedule unordered
      if (!std::isfinite(year))
        fail(line_of(element), key, "expected a finite year, got " + shortest_number(year));
      if (!list.empty() && !(year > list.back().time))
        fail(line_of(element), key,
             "schedule years must increase, got " + shortest_number(year) + " after " +
                 shortest_number(list.back().time));
      list.push_back({year, point((*pair)[1], spec, key)});
    }
    return core::Schedule(std::move(list), interpolation);
  }

  void parameters(const toml::table& section, const std::string& name, model::Scenario& scenario) {
    // each entry by name, not as a structured binding: clang before 16 cannot capture a
    // binding in a lambda, and the sanitizer and fuzz builds use Debian's clang 14
    for (auto&& entry : section)
      problems_.attempt([&, &field = entry.first, &node = entry.second] {
        const std::string key = name + "." + std::string(field.str());
        const ParameterSpec* spec = model::find_parameter(key);
        if (!spec)
          fail(field.source().begin.line, key, "unknown key" + did_you_mean(key, parameter_keys()));
        scenario.set(spec->id, schedule(node, *spec, key));
        lines_[key] = line_of(node);
      });
  }

  std::string text(const toml::node& node, const std::string& key) const {
    const auto value = node.value<std::string>();
    if (!value) fail(line_of(node), key, "expected a string, got " + type_name(node));
    return *value;
  }

  // a field of a contingent, by name; shared by the file and --set
  void contingent_field(model::Contingent& contingent, std::string_view field,
                        const toml::node& node, const std::string& key) const {
    const ParameterSpec* spec = model::find_contingent_field(field);
    if (!spec) {
      std::vector<std::string> known;
      for (const ParameterSpec* entry : model::table_fields(model::ParameterScope::contingent))
        known.emplace_back(entry->name());
      fail(line_of(node), key,
           "unknown contingent field" + did_you_mean(std::string(field), known));
    }
    switch (spec->id) {
      case model::ParameterId::contingent_country:
        contingent.country = text(node, key);
        break;
      case model::ParameterId::contingent_base:
        contingent.base = text(node, key);
        break;
      case model::ParameterId::contingent_sector:
        contingent.sector = places(node, key);
        if (contingent.sector.empty())
          fail(line_of(node), key,
               "expected at least one municipality (leave it out for the base alone)");
        break;
      case model::ParameterId::contingent_troops:
        contingent.troops = schedule(node, *spec, key);
        break;
      default:
        contingent.own[spec->id] = schedule(node, *spec, key);
        break;
    }
  }

  model::Contingent contingent(const toml::table& table, std::size_t index) {
    model::Contingent contingent;
    const std::string prefix = "contingent[" + std::to_string(index) + "]";
    for (auto&& entry : table)
      problems_.attempt([&, &field = entry.first, &node = entry.second] {
        contingent_field(contingent, field.str(), node, prefix + "." + std::string(field.str()));
      });
    for (const ParameterSpec* entry : model::table_fields(model::ParameterScope::contingent))
      if (entry->required() && !table.get(entry->name()))
        problems_.attempt([&] {
          fail(line_of(table), prefix, "missing required key '" + std::string(entry->name()) + "'");
        });
    // later problems with this contingent are named by its country
    for (auto&& [field, node] : table)
      lines_["contingent." + contingent.country + "." + std::string(field.str())] = line_of(node);
    lines_["contingent." + contingent.country] = line_of(table);
    return contingent;
  }

  // one parameter of a [[local]] table, by its scenario key; shared by the file and --set
  void local_value(model::LocalSetting& local, const std::string& parameter, const toml::node& node,
                   const std::string& key) const {
    const ParameterSpec* spec = model::find_parameter(parameter);
    if (!spec)
      fail(line_of(node), key,
           "unknown key in a [[local]] table" + did_you_mean(parameter, local_keys()));
    if (!spec->local())
      fail(line_of(node), key,
           "cannot be set for some municipalities only (a [[local]] table may set " +
               local_keys_text() + ")");
    local.values[spec->id] = schedule(node, *spec, key);
  }

  // an array of municipality names
  std::vector<std::string> places(const toml::node& node, const std::string& key) const {
    const toml::array* array = node.as_array();
    if (!array) fail(line_of(node), key, "expected an array of municipality names");
    std::vector<std::string> names;
    for (const toml::node& element : *array) names.push_back(text(element, key));
    return names;
  }

  void local_places(model::LocalSetting& local, const toml::node& node,
                    const std::string& key) const {
    local.municipalities = places(node, key);
  }

  // the parameters of a [[local]] table, quoted ("policy.enforcement" = 0.8) or nested
  // ([local.policy] enforcement = 0.8): both name one key
  void local_parameters(model::LocalSetting& local, const toml::table& table,
                        const std::string& section, const std::string& prefix) {
    for (auto&& [field, node] : table)
      problems_.attempt([&, &field = field, &node = node] {
        const std::string name(field.str());
        if (section.empty() && (name == "name" || name == "municipalities")) return;
        const std::string parameter = section.empty() ? name : section + "." + name;
        const toml::table* nested = node.as_table();
        if (nested && !model::find_parameter(parameter) && section.empty()) {
          local_parameters(local, *nested, parameter, prefix);
          return;
        }
        const std::string key = prefix + "." + parameter;
        lines_[key] = line_of(node);
        local_value(local, parameter, node, key);
      });
  }

  // a [[local]] table; `index` counts every table of the scenario, those it extends included
  model::LocalSetting local(const toml::table& table, std::size_t index) {
    model::LocalSetting local;
    std::string prefix = "local[" + std::to_string(index) + "]";
    if (const toml::node* name = table.get("name"))
      problems_.attempt([&] {
        local.name = text(*name, prefix + ".name");
        if (!simple_name(local.name))
          fail(line_of(*name), prefix + ".name",
               "expected a name of letters, digits, '-' and '_', got '" + local.name + "'");
        prefix = "local." + local.name;
      });
    lines_[prefix] = line_of(table);
    if (const toml::node* places = table.get("municipalities")) {
      lines_[prefix + ".municipalities"] = line_of(*places);
      problems_.attempt([&] { local_places(local, *places, prefix + ".municipalities"); });
    } else {
      problems_.attempt([&] {
        fail(line_of(table), prefix,
             "missing required key 'municipalities' (the municipalities where the values apply)");
      });
    }
    local_parameters(local, table, "", prefix);
    return local;
  }

  model::ScheduledShock shock(const toml::table& table, std::size_t index) {
    const std::string prefix = "shock[" + std::to_string(index) + "]";
    model::ScheduledShock shock{model::ShockKind::economic, 0,
                                model::spec(model::ParameterId::shock_weeks).default_value, 0, ""};
    for (auto&& [field, node] : table)
      problems_.attempt([&, &field = field, &node = node] {
        const std::string key = prefix + "." + std::string(field.str());
        const ParameterSpec* spec = model::find_shock_field(field.str());
        if (!spec) {
          std::vector<std::string> known;
          for (const ParameterSpec* entry : model::table_fields(model::ParameterScope::shock))
            known.emplace_back(entry->name());
          fail(field.source().begin.line, key,
               "unknown shock field" + did_you_mean(std::string(field.str()), known));
        }
        lines_[key] = line_of(node);
        switch (spec->id) {
          case model::ParameterId::shock_kind:
            shock.kind = static_cast<model::ShockKind>(point(node, *spec, key));
            break;
          case model::ParameterId::shock_year:
            shock.year = point(node, *spec, key);
            break;
          case model::ParameterId::shock_weeks:
            shock.weeks = point(node, *spec, key);
            break;
          case model::ParameterId::shock_magnitude:
            shock.magnitude = point(node, *spec, key);
            break;
          default:
            shock.location = text(node, key);
            break;
        }
      });
    for (const ParameterSpec* entry : model::table_fields(model::ParameterScope::shock))
      if (entry->required() && !table.get(entry->name()))
        problems_.attempt([&] {
          fail(line_of(table), prefix, "missing required key '" + std::string(entry->name()) + "'");
        });
    return shock;
  }

  // a field of a source region, by name; shared by the file and --set
  void source_region_field(model::SourceRegion& region, std::string_view field,
                           const toml::node& node, const std::string& key) const {
    const ParameterSpec* spec = model::find_source_region_field(field);
    if (!spec) {
      std::vector<std::string> known;
      for (const ParameterSpec* entry : model::table_fields(model::ParameterScope::source_region))
        known.emplace_back(entry->name());
      fail(line_of(node), key,
           "unknown source region field" + did_you_mean(std::string(field), known));
    }
    switch (spec->id) {
      case model::ParameterId::source_region_name:
        region.name = text(node, key);
        break;
      case model::ParameterId::source_region_supply:
        region.supply = schedule(node, *spec, key);
        break;
      case model::ParameterId::source_region_price:
        region.price = point(node, *spec, key);
        break;
      case model::ParameterId::source_region_distance:
        region.distance_km = point(node, *spec, key);
        break;
      default:
        region.transit_risk = point(node, *spec, key);
        break;
    }
  }

  model::SourceRegion source_region(const toml::table& table, std::size_t index) {
    model::SourceRegion region;
    region.price = model::spec(model::ParameterId::source_region_price).default_value;
    region.transit_risk = model::spec(model::ParameterId::source_region_transit_risk).default_value;
    const std::string prefix = "source_region[" + std::to_string(index) + "]";
    for (auto&& entry : table)
      problems_.attempt([&, &field = entry.first, &node = entry.second] {
        source_region_field(region, field.str(), node, prefix + "." + std::string(field.str()));
      });
    for (const ParameterSpec* entry : model::table_fields(model::ParameterScope::source_region))
      if (entry->required() && !table.get(entry->name()))
        problems_.attempt([&] {
          fail(line_of(table), prefix, "missing required key '" + std::string(entry->name()) + "'");
        });
    // later problems with this region are named by its name
    for (auto&& [field, node] : table)
      lines_["source_region." + region.name + "." + std::string(field.str())] = line_of(node);
    lines_["source_region." + region.name] = line_of(table);
    return region;
  }

  // a file the scenario names, refused at its line unless it is a regular file
  fs::path table_path(const toml::node& node, const std::string& key) const {
    const fs::path path = base_ / text(node, key);
    if (const std::string problem = input_file_problem(path); !problem.empty())
      fail(line_of(node), key, problem);
    return path;
  }

  model::Scenario scenario(std::string_view source_text) {
    toml::table root;
    try {
      root = toml::parse(source_text, file_);
    } catch (const toml::parse_error& error) {
      fail(error.source().begin.line, "", "not valid TOML: " + std::string(error.description()));
    }
    model::Scenario scenario;
    if (const toml::table* header = root["scenario"].as_table())
      if (const toml::node* extends = header->get("extends"))
        problems_.attempt([&] {
          if (depth_ >= most_extends)
            fail(line_of(*extends), "scenario.extends",
                 "scenarios extend each other too deeply (a cycle?)");
          scenario = load_scenario_at_depth(table_path(*extends, "scenario.extends"), depth_ + 1);
        });
    scenario.source_path = file_;
    scenario.source_text = std::string(source_text);
    std::vector<std::string> sections{"scenario", "network", "local"};
    for (const ParameterSpec& entry : model::parameter_table()) {
      const std::string section(entry.section());
      if (std::find(sections.begin(), sections.end(), section) == sections.end())
        sections.push_back(section);
    }
    for (auto&& [name_key, node] : root)
      problems_.attempt([&, &name_key = name_key, &node = node] {
        const std::string name(name_key.str());
        const std::size_t line = name_key.source().begin.line;
        if (name == "contingent" || name == "shock" || name == "local" || name == "source_region") {
          const toml::array* array = node.as_array();
          if (!array || !array->is_array_of_tables())
            fail(line, name, "expected [[" + name + "]] tables");
          std::size_t index = 0;
          for (const toml::node& element : *array) {
            if (name == "contingent")
              scenario.contingents.push_back(contingent(*element.as_table(), index++));
            else if (name == "shock")
              scenario.shocks.push_back(shock(*element.as_table(), index++));
            else if (name == "source_region")
              scenario.source_regions.push_back(source_region(*element.as_table(), index++));
            else
              scenario.locals.push_back(local(*element.as_table(), scenario.locals.size()));
          }
          return;
        }
        const toml::table* section = node.as_table();
        if (!section) {
          if (std::find(sections.begin(), sections.end(), name) == sections.end())
            fail(line, name, "unknown section" + did_you_mean(name, sections));
          fail(line, name, "expected a [" + name + "] table, got " + type_name(node));
        }
        if (name == "scenario") {
          for (auto&& [field, value] : *section)
            problems_.attempt([&, &field = field, &value = value] {
              const std::string key = "scenario." + std::string(field.str());
              if (field.str() == "name")
                scenario.name = text(value, key);
              else if (field.str() != "description" && field.str() != "extends")
                fail(
                    field.source().begin.line, key,
                    "unknown key (expected 'name', 'description' or 'extends')" +
                        did_you_mean(std::string(field.str()), {"name", "description", "extends"}));
              else
                text(value, key);
            });
        } else if (name == "network") {
          read_network(*section, scenario);
        } else if (std::find(sections.begin(), sections.end(), name) != sections.end()) {
          parameters(*section, name, scenario);
        } else {
          fail(line, name, "unknown section" + did_you_mean(name, sections));
        }
      });
    // the scenario as a whole is judged only once every key in it is right
    problems_.finish();
    check(scenario);
    return scenario;
  }

  void read_network(const toml::table& section, model::Scenario& scenario) {
    const toml::node* locations = section.get("locations");
    const toml::node* routes = section.get("routes");
    for (auto&& [field, node] : section) {
      const std::string key = "network." + std::string(field.str());
      if (field.str() != "locations" && field.str() != "routes" && field.str() != "social_ties")
        problems_.attempt([&, &field = field] {
          fail(field.source().begin.line, key,
               "unknown key (expected 'locations', 'routes' or 'social_ties')" +
                   did_you_mean(std::string(field.str()), {"locations", "routes", "social_ties"}));
        });
    }
    if ((locations == nullptr) != (routes == nullptr))
      fail(line_of(locations ? *locations : *routes), "network",
           "'locations' and 'routes' tables go together: give both or neither");
    if (locations) {
      model::LocationTables tables;
      const fs::path location_file = table_path(*locations, "network.locations");
      const fs::path route_file = table_path(*routes, "network.routes");
      tables.locations = read_location_table(location_file);
      tables.routes = read_route_table(route_file, tables.locations);
      tables.locations_file = location_file.string();
      tables.routes_file = route_file.string();
      scenario.location_tables = std::move(tables);
    }
    if (const toml::node* ties = section.get("social_ties")) {
      const fs::path tie_file = table_path(*ties, "network.social_ties");
      scenario.social_ties = read_social_tie_table(tie_file);
      scenario.social_ties_file = tie_file.string();
      lines_["network.social_ties"] = line_of(*ties);
    }
  }

  // everything the model finds wrong with the scenario as a whole, each at the line of the key
  // to fix; a problem between two keys at the one given last, where the two first disagree
  void check(const model::Scenario& scenario) const {
    const auto line_of_key = [&](const std::string& key) {
      const auto line = lines_.find(key);
      return has_lines_ && line != lines_.end() ? line->second : std::size_t{0};
    };
    std::vector<Problem> found;
    for (const model::ScenarioProblem& problem : model::check_scenario(scenario)) {
      const bool other_later =
          !problem.other_key.empty() && line_of_key(problem.other_key) > line_of_key(problem.key);
      const std::string& key = other_later ? problem.other_key : problem.key;
      found.push_back({file_, line_of_key(key), key, problem.message});
    }
    if (!found.empty()) throw InputError(found);
  }

  /// Throws every problem collected so far.
  void finish() const { problems_.finish(); }

  /// Notes where a key was given, so that problems with it are reported there.
  void given(const std::string& key, std::size_t line) { lines_[key] = line; }

 private:
  std::string file_;
  fs::path base_;
  int depth_;
  bool has_lines_;
  std::map<std::string, std::size_t> lines_;  ///< where each key was given
  Problems problems_;                         ///< every problem found so far
};

model::Scenario load_scenario_at_depth(const fs::path& path, int depth) {
  const std::string text = read_input_file(path, most_toml_bytes, "scenario file");
  return Reader(path.string(), path.parent_path(), depth).scenario(text);
}

void write_schedule(std::ostringstream& out, const core::Schedule& schedule,
                    const ParameterSpec& spec) {
  auto write_point = [&](double value) {
    if (spec.kind == ParameterKind::choice)
      out << '"' << spec.choices().at(static_cast<std::size_t>(value)) << '"';
    else if (spec.kind == ParameterKind::flag)
      out << (value != 0 ? "true" : "false");
    else if (spec.kind == ParameterKind::count)
      out << shortest_number(value);
    else
      out << toml_float(value);
  };
  if (schedule.is_constant()) {
    write_point(schedule.points().front().value);
    return;
  }
  const bool linear = schedule.interpolation() == core::Interpolation::linear;
  if (linear) out << "{ points = ";
  out << '[';
  for (std::size_t i = 0; i < schedule.points().size(); ++i) {
    if (i) out << ", ";
    out << '[' << shortest_number(schedule.points()[i].time) << ", ";
    write_point(schedule.points()[i].value);
    out << ']';
  }
  out << ']';
  if (linear) out << ", interpolation = \"linear\" }";
}

std::string quoted(const std::string& text) { return toml_text(Value{text}); }

}  // namespace

std::string schedule_text(const core::Schedule& schedule, const ParameterSpec& spec) {
  std::ostringstream out;
  write_schedule(out, schedule, spec);
  return out.str();
}

model::Scenario parse_scenario(std::string_view text, const std::string& source_name,
                               const fs::path& base_folder) {
  return Reader(source_name, base_folder).scenario(text);
}

model::Scenario load_scenario(const fs::path& path) { return load_scenario_at_depth(path, 0); }

model::Scenario embedded_baseline() {
  return parse_scenario(embedded_baseline_text(), "<embedded baseline>");
}

void apply_override(model::Scenario& scenario, std::string_view assignment) {
  const std::size_t equals = assignment.find('=');
  const std::string key(assignment.substr(0, equals));
  if (equals == std::string_view::npos || key.empty())
    throw InputError("--set", 0, key, "expected KEY=VALUE, got '" + std::string(assignment) + "'");
  const std::string value(assignment.substr(equals + 1));
  toml::table parsed;
  try {
    parsed = toml::parse("value = " + value);
  } catch (const toml::parse_error&) {
    // a bare word is a string: --set policy.reporting_mechanism=open
    parsed = toml::table{{"value", value}};
  }
  const toml::node& node = *parsed.get("value");
  Reader reader("--set", {}, 0, false);
  if (key == "scenario.name") {
    scenario.name = reader.text(node, key);
  } else if (key.rfind("contingent.", 0) == 0) {
    const std::size_t dot = key.rfind('.');
    const std::string country = key.substr(11, dot > 11 ? dot - 11 : 0);
    auto found = std::find_if(scenario.contingents.begin(), scenario.contingents.end(),
                              [&](const model::Contingent& c) { return c.country == country; });
    if (found == scenario.contingents.end() || dot <= 11)
      throw InputError(
          "--set", 0, key,
          "no contingent named '" + country + "' (expected contingent.<country>.<field>)");
    reader.contingent_field(*found, key.substr(dot + 1), node, key);
  } else if (key.rfind("source_region.", 0) == 0) {
    const std::size_t dot = key.rfind('.');
    const std::string name = key.substr(14, dot > 14 ? dot - 14 : 0);
    auto found = std::find_if(scenario.source_regions.begin(), scenario.source_regions.end(),
                              [&](const model::SourceRegion& r) { return r.name == name; });
    if (found == scenario.source_regions.end() || dot <= 14)
      throw InputError(
          "--set", 0, key,
          "no source region named '" + name + "' (expected source_region.<name>.<field>)");
    if (key.substr(dot + 1) == "name")
      throw InputError("--set", 0, key, "a source region's name cannot be changed");
    reader.source_region_field(*found, key.substr(dot + 1), node, key);
  } else if (key == "local") {
    // one more [[local]] table, or several: local={ municipalities = [...], ... } or [{...}]
    std::vector<const toml::table*> tables;
    if (const toml::array* array = node.as_array()) {
      for (const toml::node& element : *array) tables.push_back(element.as_table());
    } else {
      tables.push_back(node.as_table());
    }
    if (tables.empty() || std::find(tables.begin(), tables.end(), nullptr) != tables.end())
      throw InputError("--set", 0, key,
                       "expected a table { municipalities = [...], \"policy.enforcement\" = ... } "
                       "or an array of them");
    for (const toml::table* table : tables)
      scenario.locals.push_back(reader.local(*table, scenario.locals.size()));
    reader.finish();
  } else if (key.rfind("local.", 0) == 0) {
    // a value of a named [[local]] table: local.<name>.<parameter key> or
    // local.<name>.municipalities
    const std::size_t dot = key.find('.', 6);
    const std::string name = key.substr(6, dot == std::string::npos ? 0 : dot - 6);
    auto found = std::find_if(scenario.locals.begin(), scenario.locals.end(),
                              [&](const model::LocalSetting& l) { return l.name == name; });
    if (found == scenario.locals.end() || dot == std::string::npos)
      throw InputError("--set", 0, key,
                       "no [[local]] table named '" + name +
                           "' (expected local.<name>.<key>, or local={...} to add a table)");
    const std::string field = key.substr(dot + 1);
    if (field == "municipalities")
      reader.local_places(*found, node, key);
    else
      reader.local_value(*found, field, node, key);
  } else {
    const ParameterSpec* spec = model::find_parameter(key);
    if (!spec)
      throw InputError("--set", 0, key, "unknown key" + did_you_mean(key, parameter_keys()));
    scenario.set(spec->id, reader.schedule(node, *spec, key));
  }
  scenario.overrides.push_back(std::string(assignment));
  reader.given(key, line_of(node));
  reader.check(scenario);
}

void apply_override(model::Scenario& scenario, const std::string& key, const Value& value) {
  apply_override(scenario, key + "=" + toml_text(value));
}

std::shared_ptr<const model::CompiledModel> compile_scenario(const model::Scenario& scenario,
                                                             std::uint64_t seed) {
  try {
    return model::compile(scenario, seed);
  } catch (const model::ScenarioError& error) {
    const model::ScenarioProblem& first = error.problems().front();
    throw InputError(scenario.source_path, 0, first.key, first.message);
  } catch (const std::invalid_argument& error) {
    throw InputError(scenario.source_path, 0, "", error.what());
  }
}

std::string resolved_toml(const model::Scenario& scenario) {
  std::ostringstream out;
  out << "# " << scenario.name << ": every parameter resolved (defaults, file and --set)\n";
  out << "[scenario]\nname = " << quoted(scenario.name) << "\n";
  // sections in the order they first appear in the parameter table, each written once
  std::vector<std::string_view> sections;
  for (const ParameterSpec& spec : model::parameter_table())
    if (spec.scope == model::ParameterScope::scenario &&
        std::find(sections.begin(), sections.end(), spec.section()) == sections.end())
      sections.push_back(spec.section());
  for (std::string_view section : sections) {
    out << "\n[" << section << "]\n";
    for (const ParameterSpec& spec : model::parameter_table()) {
      if (spec.scope != model::ParameterScope::scenario || spec.section() != section) continue;
      out << spec.name() << " = ";
      write_schedule(out, scenario.schedule(spec.id), spec);
      out << "\n";
    }
  }
  for (const model::Contingent& contingent : scenario.contingents) {
    out << "\n[[contingent]]\ncountry = " << quoted(contingent.country)
        << "\nbase = " << quoted(contingent.base) << "\ntroops = ";
    write_schedule(out, contingent.troops, model::spec(model::ParameterId::contingent_troops));
    out << "\n";
    if (!contingent.sector.empty()) {
      out << "sector = [";
      for (std::size_t i = 0; i < contingent.sector.size(); ++i)
        out << (i ? ", " : "") << quoted(contingent.sector[i]);
      out << "]\n";
    }
    for (const auto& [id, schedule] : contingent.own) {
      out << model::spec(id).name() << " = ";
      write_schedule(out, schedule, model::spec(id));
      out << "\n";
    }
  }
  for (const model::SourceRegion& region : scenario.source_regions) {
    out << "\n[[source_region]]\nname = " << quoted(region.name) << "\nsupply = ";
    write_schedule(out, region.supply, model::spec(model::ParameterId::source_region_supply));
    out << "\nprice = " << shortest_number(region.price)
        << "\ndistance_km = " << shortest_number(region.distance_km)
        << "\ntransit_risk = " << shortest_number(region.transit_risk) << "\n";
  }
  for (const model::ScheduledShock& shock : scenario.shocks) {
    out << "\n[[shock]]\nkind = \"" << model::shock_kind_names[static_cast<std::size_t>(shock.kind)]
        << "\"\nyear = " << shortest_number(shock.year)
        << "\nweeks = " << shortest_number(shock.weeks)
        << "\nmagnitude = " << shortest_number(shock.magnitude) << "\n";
    if (!shock.location.empty()) out << "location = " << quoted(shock.location) << "\n";
  }
  for (const model::LocalSetting& local : scenario.locals) {
    out << "\n[[local]]\n";
    if (!local.name.empty()) out << "name = " << quoted(local.name) << "\n";
    out << "municipalities = [";
    for (std::size_t i = 0; i < local.municipalities.size(); ++i)
      out << (i ? ", " : "") << quoted(local.municipalities[i]);
    out << "]\n";
    for (const auto& [id, schedule] : local.values) {
      out << toml_key(std::string(model::spec(id).key)) << " = ";
      write_schedule(out, schedule, model::spec(id));
      out << "\n";
    }
  }
  if (scenario.location_tables || scenario.social_ties) {
    out << "\n[network]\n";
    if (scenario.location_tables)
      out << "locations = " << quoted(scenario.location_tables->locations_file)
          << "\nroutes = " << quoted(scenario.location_tables->routes_file) << "\n";
    if (scenario.social_ties) out << "social_ties = " << quoted(scenario.social_ties_file) << "\n";
  }
  return out.str();
}

}  // namespace tipsim::io
