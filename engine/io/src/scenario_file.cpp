#include "tipsim/io/scenario_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

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
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
  }
}

// the Levenshtein distance, for "did you mean"
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string suggestion(std::string_view key, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = 4;
  for (const std::string& candidate : known) {
    const std::size_t distance = edit_distance(key, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::vector<std::string> parameter_keys() {
  std::vector<std::string> keys;
  for (const ParameterSpec& entry : model::parameter_table()) keys.emplace_back(entry.key);
  return keys;
}

std::string range_text(const ParameterSpec& spec) {
  return "[" + shortest_number(spec.minimum) + ", " + shortest_number(spec.maximum) + "]";
}

// Lines of the things checked once the whole file is read.
struct CrossCheckLines {
  std::vector<std::size_t> contingent_base;
  std::vector<std::size_t> shock_location;
  std::size_t social_ties = 0;
};

model::Scenario load_scenario_at_depth(const fs::path& path, int depth);

// a variant may extend a scenario that extends another, but not without end
constexpr int most_extends = 8;

class Reader {
 public:
  Reader(std::string file, fs::path base, int depth = 0)
      : file_(std::move(file)), base_(std::move(base)), depth_(depth) {}

  [[noreturn]] void fail(std::size_t line, const std::string& key, const std::string& problem) const {
    throw InputError(file_, line, key, problem);
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
        if (!text) fail(line, key, "expected one of " + std::string(spec.unit) + ", got " + type_name(node));
        if (auto chosen = spec.choice_index(*text)) return static_cast<double>(*chosen);
        fail(line, key, "expected one of " + std::string(spec.unit) + ", got '" + *text + "'");
      }
      case ParameterKind::count: {
        if (node.is_floating_point()) {
          const double number = *node.value<double>();
          if (number != std::floor(number))
            fail(line, key, "expected a whole number (" + std::string(spec.unit) + "), got " + shortest_number(number));
        } else if (!node.is_integer()) {
          fail(line, key, "expected a whole number (" + std::string(spec.unit) + "), got " + type_name(node));
        }
        const double number = *node.value<double>();
        if (number < 0) fail(line, key, "expected a non-negative count, got " + shortest_number(number));
        if (number < spec.minimum || number > spec.maximum)
          fail(line, key, "expected a count in " + range_text(spec) + ", got " + shortest_number(number));
        return number;
      }
      default: {
        if (!node.is_number())
          fail(line, key, "expected a number (" + std::string(spec.unit) + "), got " + type_name(node));
        const double number = *node.value<double>();
        if (spec.kind == ParameterKind::probability && (number < 0 || number > 1))
          fail(line, key, "expected a probability in [0, 1], got " + shortest_number(number));
        if (number < spec.minimum || number > spec.maximum)
          fail(line, key, "expected a number in " + range_text(spec) + " (" + std::string(spec.unit) +
                              "), got " + shortest_number(number));
        return number;
      }
    }
  }

  // a constant, or a schedule [[year, value], ...] or { points = [...], interpolation = "..." }
  core::Schedule schedule(const toml::node& node, const ParameterSpec& spec, const std::string& key) const {
    const toml::node* points = &node;
    core::Interpolation interpolation = core::Interpolation::step;
    if (const toml::table* table = node.as_table()) {
      for (auto&& [name, _] : *table)
        if (name.str() != "points" && name.str() != "interpolation")
          fail(line_of(node), key, "unknown key '" + std::string(name.str()) +
                                       "' in a schedule (expected 'points' and 'interpolation')");
      points = table->get("points");
      if (!points) fail(line_of(node), key, "a schedule table needs 'points = [[year, value], ...]'");
      if (const toml::node* how = table->get("interpolation")) {
        const auto text = how->value<std::string>();
        if (text == "linear") interpolation = core::Interpolation::linear;
        else if (text != "step") fail(line_of(*how), key, "expected interpolation \"step\" or \"linear\"");
      }
    }
    const toml::array* array = points->as_array();
    if (!array) return core::Schedule(point(*points, spec, key));
    if (!spec.schedulable)
      fail(line_of(node), key, "expected a single value: this parameter cannot change over time");
    if (array->empty()) fail(line_of(node), key, "expected a schedule [[year, value], ...], got an empty array");
    std::vector<core::Schedule::Point> list;
    for (const toml::node& element : *array) {
      const toml::array* pair = element.as_array();
      if (!pair || pair->size() != 2 || !(*pair)[0].is_number())
        fail(line_of(element), key, "expected a schedule point [year, value]");
      const double year = *(*pair)[0].value<double>();
      if (!list.empty() && !(year > list.back().time))
        fail(line_of(element), key, "schedule years must increase, got " + shortest_number(year) +
                                        " after " + shortest_number(list.back().time));
      list.push_back({year, point((*pair)[1], spec, key)});
    }
    return core::Schedule(std::move(list), interpolation);
  }

  void parameters(const toml::table& section, const std::string& name, model::Scenario& scenario) const {
    for (auto&& [field, node] : section) {
      const std::string key = name + "." + std::string(field.str());
      const ParameterSpec* spec = model::find_parameter(key);
      if (!spec) fail(field.source().begin.line, key, "unknown key" + suggestion(key, parameter_keys()));
      scenario.set(spec->id, schedule(node, *spec, key));
    }
  }

  std::string text(const toml::node& node, const std::string& key) const {
    const auto value = node.value<std::string>();
    if (!value) fail(line_of(node), key, "expected a string, got " + type_name(node));
    return *value;
  }

  double number(const toml::node& node, const std::string& key, double minimum, double maximum,
                const std::string& what) const {
    if (!node.is_number()) fail(line_of(node), key, "expected " + what + ", got " + type_name(node));
    const double value = *node.value<double>();
    if (value < minimum || value > maximum)
      fail(line_of(node), key, "expected " + what + " in [" + shortest_number(minimum) + ", " +
                                   shortest_number(maximum) + "], got " + shortest_number(value));
    return value;
  }

  // a field of a contingent, by name; shared by the file and --set
  void contingent_field(model::Contingent& contingent, std::string_view field, const toml::node& node,
                        const std::string& key) const {
    static const ParameterSpec troops{model::ParameterId::people, "troops", ParameterKind::count,
                                      0, 0, 1e7, "peacekeepers", "", "", true};
    static const ParameterSpec share{model::ParameterId::women_share, "share", ParameterKind::probability,
                                     0, 0, 1, "share", "", "", true};
    if (field == "country") contingent.country = text(node, key);
    else if (field == "base") contingent.base = text(node, key);
    else if (field == "troops") contingent.troops = schedule(node, troops, key);
    else if (field == "tour_weeks") contingent.tour_weeks = number(node, key, 1, 520, "a tour length in weeks");
    else if (field == "women_share") contingent.women_share = schedule(node, share, key);
    else if (field == "predeployment_training") contingent.predeployment_training = schedule(node, share, key);
    else if (field == "home_prosecution") contingent.home_prosecution = schedule(node, share, key);
    else {
      std::vector<std::string> known;
      for (const auto& entry : model::contingent_fields()) known.emplace_back(entry.key);
      fail(line_of(node), key, "unknown contingent field" + suggestion(std::string(field), known));
    }
  }

  model::Contingent contingent(const toml::table& table, std::size_t index) const {
    model::Contingent contingent;
    const std::string prefix = "contingent[" + std::to_string(index) + "]";
    for (auto&& [field, node] : table)
      contingent_field(contingent, field.str(), node, prefix + "." + std::string(field.str()));
    for (const auto& entry : model::contingent_fields())
      if (entry.required && !table.get(entry.key))
        fail(line_of(table), prefix, "missing required key '" + std::string(entry.key) + "'");
    return contingent;
  }

  model::ScheduledShock shock(const toml::table& table, std::size_t index) const {
    model::ScheduledShock shock{model::ShockKind::economic, 0, 26, 0, ""};
    const std::string prefix = "shock[" + std::to_string(index) + "]";
    for (auto&& [field, node] : table) {
      const std::string key = prefix + "." + std::string(field.str());
      const std::string_view name = field.str();
      if (name == "kind") {
        const std::string kind = text(node, key);
        const auto& names = model::shock_kind_names;
        const auto found = std::find(names.begin(), names.end(), kind);
        if (found == names.end())
          fail(line_of(node), key, "expected one of troop_surge|drawdown|money_influx|economic|displacement|local_demand, got '" + kind + "'");
        shock.kind = static_cast<model::ShockKind>(found - names.begin());
      } else if (name == "year") {
        shock.year = number(node, key, 1900, 2100, "a year");
      } else if (name == "weeks") {
        shock.weeks = number(node, key, 0, 5200, "a duration in weeks");
      } else if (name == "magnitude") {
        shock.magnitude = number(node, key, -1e6, 1e6, "a number");
      } else if (name == "location") {
        shock.location = text(node, key);
      } else {
        std::vector<std::string> known;
        for (const auto& entry : model::shock_fields()) known.emplace_back(entry.key);
        fail(field.source().begin.line, key, "unknown shock field" + suggestion(std::string(name), known));
      }
    }
    for (const auto& entry : model::shock_fields())
      if (entry.required && !table.get(entry.key))
        fail(line_of(table), prefix, "missing required key '" + std::string(entry.key) + "'");
    if ((shock.kind == model::ShockKind::displacement || shock.kind == model::ShockKind::drawdown) &&
        (shock.magnitude < 0 || shock.magnitude > 1))
      fail(line_of(table), prefix + ".magnitude", "expected a share in [0, 1] for a " +
                                                       std::string(model::shock_kind_names[static_cast<std::size_t>(shock.kind)]) +
                                                       ", got " + shortest_number(shock.magnitude));
    return shock;
  }

  fs::path table_path(const toml::node& node, const std::string& key) const {
    const fs::path path = base_ / text(node, key);
    if (!fs::exists(path)) fail(line_of(node), key, "no such file: " + path.string());
    return path;
  }

  model::Scenario scenario(std::string_view source_text) const {
    toml::table root;
    try {
      root = toml::parse(source_text, file_);
    } catch (const toml::parse_error& error) {
      fail(error.source().begin.line, "", "not valid TOML: " + std::string(error.description()));
    }
    model::Scenario scenario;
    if (const toml::table* header = root["scenario"].as_table())
      if (const toml::node* extends = header->get("extends")) {
        if (depth_ >= most_extends)
          fail(line_of(*extends), "scenario.extends", "scenarios extend each other too deeply (a cycle?)");
        scenario = load_scenario_at_depth(table_path(*extends, "scenario.extends"), depth_ + 1);
      }
    scenario.source_path = file_;
    scenario.source_text = std::string(source_text);
    CrossCheckLines lines;
    std::vector<std::string> sections{"scenario", "network", "contingent", "shock"};
    for (const ParameterSpec& entry : model::parameter_table()) {
      const std::string section(entry.key.substr(0, entry.key.find('.')));
      if (std::find(sections.begin(), sections.end(), section) == sections.end()) sections.push_back(section);
    }
    for (auto&& [name_key, node] : root) {
      const std::string name(name_key.str());
      const std::size_t line = name_key.source().begin.line;
      if (name == "contingent" || name == "shock") {
        const toml::array* array = node.as_array();
        if (!array || !array->is_array_of_tables())
          fail(line, name, "expected [[" + name + "]] tables");
        std::size_t index = 0;
        for (const toml::node& element : *array) {
          if (name == "contingent") {
            scenario.contingents.push_back(contingent(*element.as_table(), index++));
            const toml::node* base = element.as_table()->get("base");
            lines.contingent_base.push_back(base ? line_of(*base) : line_of(element));
          } else {
            scenario.shocks.push_back(shock(*element.as_table(), index++));
            const toml::node* where = element.as_table()->get("location");
            lines.shock_location.push_back(where ? line_of(*where) : line_of(element));
          }
        }
        continue;
      }
      const toml::table* section = node.as_table();
      if (!section) {
        if (std::find(sections.begin(), sections.end(), name) == sections.end())
          fail(line, name, "unknown section" + suggestion(name, sections));
        fail(line, name, "expected a [" + name + "] table, got " + type_name(node));
      }
      if (name == "scenario") {
        for (auto&& [field, value] : *section) {
          const std::string key = "scenario." + std::string(field.str());
          if (field.str() == "name") scenario.name = text(value, key);
          else if (field.str() != "description" && field.str() != "extends")
            fail(field.source().begin.line, key, "unknown key (expected 'name', 'description' or 'extends')");
          else text(value, key);
        }
      } else if (name == "network") {
        read_network(*section, scenario, lines);
      } else if (std::find(sections.begin(), sections.end(), name) != sections.end()) {
        parameters(*section, name, scenario);
      } else {
        fail(line, name, "unknown section" + suggestion(name, sections));
      }
    }
    cross_check(scenario, lines);
    return scenario;
  }

  void read_network(const toml::table& section, model::Scenario& scenario, CrossCheckLines& lines) const {
    const toml::node* locations = section.get("locations");
    const toml::node* routes = section.get("routes");
    for (auto&& [field, node] : section) {
      const std::string key = "network." + std::string(field.str());
      if (field.str() != "locations" && field.str() != "routes" && field.str() != "social_ties")
        fail(field.source().begin.line, key, "unknown key (expected 'locations', 'routes' or 'social_ties')");
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
      lines.social_ties = line_of(*ties);
    }
  }

  void cross_check(const model::Scenario& scenario, const CrossCheckLines& lines) const {
    const auto names = model::municipality_names(scenario);
    if (names.empty()) fail(0, "population.municipalities", "the scenario needs at least one municipality");
    auto known = [&](const std::string& name) {
      return std::find(names.begin(), names.end(), name) != names.end();
    };
    auto listing = [&]() {
      return names.size() == 1 ? "'" + names.front() + "'"
                               : "'" + names.front() + "' ... '" + names.back() + "'";
    };
    for (std::size_t i = 0; i < scenario.contingents.size(); ++i) {
      const auto& contingent = scenario.contingents[i];
      if (!known(contingent.base))
        fail(i < lines.contingent_base.size() ? lines.contingent_base[i] : 0,
             "contingent." + contingent.country + ".base",
             "unknown location '" + contingent.base + "' (expected a municipality: " + listing() + ")");
      for (std::size_t j = 0; j < i; ++j)
        if (scenario.contingents[j].country == contingent.country)
          fail(i < lines.contingent_base.size() ? lines.contingent_base[i] : 0, "contingent." + contingent.country,
               "two contingents named '" + contingent.country + "'");
    }
    for (std::size_t i = 0; i < scenario.shocks.size(); ++i)
      if (!scenario.shocks[i].location.empty() && !known(scenario.shocks[i].location))
        fail(i < lines.shock_location.size() ? lines.shock_location[i] : 0,
             "shock[" + std::to_string(i) + "].location",
             "unknown location '" + scenario.shocks[i].location + "' (expected a municipality: " + listing() + ")");
    if (scenario.social_ties) {
      const double people = scenario.value(model::ParameterId::people);
      for (const auto& [a, b] : *scenario.social_ties)
        if (std::max(a, b) >= people)
          fail(lines.social_ties, "network.social_ties",
               "a tie names person " + std::to_string(std::max(a, b)) + " but population.people is " +
                   shortest_number(people));
    }
  }

 private:
  std::string file_;
  fs::path base_;
  int depth_;
};

model::Scenario load_scenario_at_depth(const fs::path& path, int depth) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError(path.string(), 0, "", "cannot open the scenario file");
  std::ostringstream text;
  text << file.rdbuf();
  return Reader(path.string(), path.parent_path(), depth).scenario(text.str());
}

void write_schedule(std::ostringstream& out, const core::Schedule& schedule, const ParameterSpec& spec) {
  auto write_point = [&](double value) {
    if (spec.kind == ParameterKind::choice) out << '"' << spec.choices().at(static_cast<std::size_t>(value)) << '"';
    else if (spec.kind == ParameterKind::flag) out << (value != 0 ? "true" : "false");
    else if (spec.kind == ParameterKind::count) out << shortest_number(value);
    else out << toml_float(value);
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

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

InputError::InputError(std::string file, std::size_t line, std::string key, std::string problem)
    : std::runtime_error((file.empty() ? std::string("input") : file) +
                         (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                         (key.empty() ? std::string() : "key '" + key + "': ") + problem),
      file_(std::move(file)), line_(line), key_(std::move(key)), problem_(std::move(problem)) {}

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
  Reader reader("--set", {});
  if (key == "scenario.name") {
    scenario.name = reader.text(node, key);
  } else if (key.rfind("contingent.", 0) == 0) {
    const std::size_t dot = key.rfind('.');
    const std::string country = key.substr(11, dot > 11 ? dot - 11 : 0);
    auto found = std::find_if(scenario.contingents.begin(), scenario.contingents.end(),
                              [&](const model::Contingent& c) { return c.country == country; });
    if (found == scenario.contingents.end() || dot <= 11)
      throw InputError("--set", 0, key, "no contingent named '" + country + "' (expected contingent.<country>.<field>)");
    reader.contingent_field(*found, key.substr(dot + 1), node, key);
  } else {
    const ParameterSpec* spec = model::find_parameter(key);
    if (!spec) throw InputError("--set", 0, key, "unknown key" + suggestion(key, parameter_keys()));
    scenario.set(spec->id, reader.schedule(node, *spec, key));
  }
  scenario.overrides.push_back(std::string(assignment));
  reader.cross_check(scenario, {});
}

std::string resolved_toml(const model::Scenario& scenario) {
  std::ostringstream out;
  out << "# " << scenario.name << ": every parameter resolved (defaults, file and --set)\n";
  out << "[scenario]\nname = " << quoted(scenario.name) << "\n";
  // sections in the order they first appear in the parameter table, each written once
  std::vector<std::string_view> sections;
  for (const ParameterSpec& spec : model::parameter_table()) {
    const std::string_view section = spec.key.substr(0, spec.key.find('.'));
    if (std::find(sections.begin(), sections.end(), section) == sections.end()) sections.push_back(section);
  }
  for (std::string_view section : sections) {
    out << "\n[" << section << "]\n";
    for (const ParameterSpec& spec : model::parameter_table()) {
      if (spec.key.substr(0, spec.key.find('.')) != section) continue;
      out << spec.key.substr(spec.key.find('.') + 1) << " = ";
      write_schedule(out, scenario.schedule(spec.id), spec);
      out << "\n";
    }
  }
  const auto& share_spec = *model::find_parameter("policy.women_share");
  const auto& count_spec = *model::find_parameter("population.people");
  for (const model::Contingent& contingent : scenario.contingents) {
    out << "\n[[contingent]]\ncountry = " << quoted(contingent.country) << "\nbase = " << quoted(contingent.base)
        << "\ntroops = ";
    write_schedule(out, contingent.troops, count_spec);
    out << "\n";
    if (contingent.tour_weeks) out << "tour_weeks = " << shortest_number(*contingent.tour_weeks) << "\n";
    const std::pair<const char*, const std::optional<core::Schedule>*> optional[] = {
        {"women_share", &contingent.women_share},
        {"predeployment_training", &contingent.predeployment_training},
        {"home_prosecution", &contingent.home_prosecution}};
    for (const auto& [name, schedule] : optional)
      if (*schedule) {
        out << name << " = ";
        write_schedule(out, **schedule, share_spec);
        out << "\n";
      }
  }
  for (const model::ScheduledShock& shock : scenario.shocks) {
    out << "\n[[shock]]\nkind = \"" << model::shock_kind_names[static_cast<std::size_t>(shock.kind)]
        << "\"\nyear = " << shortest_number(shock.year) << "\nweeks = " << shortest_number(shock.weeks)
        << "\nmagnitude = " << shortest_number(shock.magnitude) << "\n";
    if (!shock.location.empty()) out << "location = " << quoted(shock.location) << "\n";
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
