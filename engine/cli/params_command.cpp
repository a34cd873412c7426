// tipsim params: every parameter of the one parameter table, with default, unit and description
// (and sources, as the Markdown table in docs/model.md); with --scenario, the values a scenario
// resolves to; with a filter, only the keys that contain it.

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "tipsim/io/text.hpp"

namespace tipsim::cli {
namespace {

std::string lowered(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool matches(const model::ParameterSpec& spec, const std::string& filter) {
  return filter.empty() || lowered(spec.key).find(lowered(filter)) != std::string::npos;
}

void print_table_fields(model::ParameterScope scope, const char* title, const std::string& filter) {
  bool header = false;
  for (const model::ParameterSpec* field : model::table_fields(scope)) {
    if (!matches(*field, filter)) continue;
    if (!header) std::printf("\n%s fields:\n", title);
    header = true;
    std::printf("  %-24s %-12s %-18s %s%s%s\n", std::string(field->name()).c_str(),
                std::string(model::kind_name(field->kind)).c_str(),
                std::string(field->unit).c_str(), std::string(field->description).c_str(),
                field->schedulable() ? " [schedule]" : "", field->required() ? " (required)" : "");
  }
}

}  // namespace

int params_command(const ParamsCommand& command) {
  using model::ParameterScope;
  const std::string& filter = command.filter;
  std::vector<const model::ParameterSpec*> chosen;
  std::vector<std::string> words;  // keys and the words they are made of, for a misspelt filter
  for (const auto& spec : model::parameter_table()) {
    if (matches(spec, filter)) chosen.push_back(&spec);
    words.emplace_back(spec.key);
    std::string word;
    for (char c : std::string(spec.key) + ".") {
      if (c == '.' || c == '_') {
        if (!word.empty()) words.push_back(word);
        word.clear();
      } else {
        word += c;
      }
    }
  }
  if (chosen.empty())
    throw io::InputError(
        "params", 0, "",
        "no parameter key contains '" + filter + "'" + io::did_you_mean(lowered(filter), words));

  if (command.markdown) {
    std::printf("| key | default | unit | description | source |\n|---|---|---|---|---|\n");
    for (const model::ParameterSpec* spec : chosen)
      std::printf(
          "| `%s` | %s | %s | %s%s%s | %s |\n", std::string(spec->key).c_str(),
          spec->default_text().c_str(), std::string(spec->unit).c_str(),
          std::string(spec->description).c_str(), spec->schedulable() ? " May be a schedule." : "",
          spec->local() ? " May be local ([[local]])." : "", std::string(spec->source).c_str());
    return exit_success;
  }

  if (!command.scenario.empty() || !command.overrides.empty()) {
    // a scenario's resolved values: every parameter as it will run, changed ones marked
    const model::Scenario scenario = load_scenario(command.scenario, command.overrides);
    std::printf("%s (%s): resolved values; * where the value is not the default\n\n",
                scenario.name.c_str(),
                command.scenario.empty() ? "the embedded baseline" : command.scenario.c_str());
    std::printf("  %-44s %-16s %-28s %s\n", "key", "default", "unit", "value");
    for (const model::ParameterSpec* spec : chosen) {
      if (spec->scope != ParameterScope::scenario) continue;
      const std::string value = io::schedule_text(scenario.schedule(spec->id), *spec);
      const std::string fallback = io::schedule_text(core::Schedule(spec->default_value), *spec);
      std::printf("%s %-44s %-16s %-28s %s\n", value == fallback ? " " : "*",
                  std::string(spec->key).c_str(), spec->default_text().c_str(),
                  std::string(spec->unit).c_str(), value.c_str());
    }
    for (const model::Contingent& contingent : scenario.contingents) {
      if (!filter.empty() &&
          lowered("contingent." + contingent.country).find(lowered(filter)) == std::string::npos &&
          lowered("contingent").find(lowered(filter)) == std::string::npos)
        continue;
      std::printf(
          "\n  contingent %s at %s: troops = %s\n", contingent.country.c_str(),
          contingent.base.c_str(),
          io::schedule_text(contingent.troops, model::spec(model::ParameterId::contingent_troops))
              .c_str());
      if (!contingent.sector.empty()) {
        std::string sector;
        for (const std::string& place : contingent.sector)
          sector += (sector.empty() ? "" : ", ") + place;
        std::printf("    sector = %s\n", sector.c_str());
      }
      for (const auto& [id, schedule] : contingent.own)
        std::printf("    %s = %s\n", std::string(model::spec(id).name()).c_str(),
                    io::schedule_text(schedule, model::spec(id)).c_str());
    }
    for (std::size_t i = 0; i < scenario.locals.size() && filter.empty(); ++i) {
      const model::LocalSetting& local = scenario.locals[i];
      std::string places;
      for (const std::string& place : local.municipalities)
        places += (places.empty() ? "" : ", ") + place;
      std::printf("\n  %s in %s:\n", model::local_key(scenario, i).c_str(), places.c_str());
      for (const auto& [id, schedule] : local.values)
        std::printf("    %s = %s\n", std::string(model::spec(id).key).c_str(),
                    io::schedule_text(schedule, model::spec(id)).c_str());
    }
    if (filter.empty())
      for (const model::SourceRegion& region : scenario.source_regions)
        std::printf(
            "\n  source region %s: supply = %s victims/week, price %s USD, %s km, transit risk "
            "%s\n",
            region.name.c_str(),
            io::schedule_text(region.supply, model::spec(model::ParameterId::source_region_supply))
                .c_str(),
            io::shortest_number(region.price).c_str(),
            io::shortest_number(region.distance_km).c_str(),
            io::shortest_number(region.transit_risk).c_str());
    if (filter.empty())
      for (const model::ScheduledShock& shock : scenario.shocks)
        std::printf(
            "\n  shock %s in %.2f for %.0f weeks, magnitude %s%s\n",
            std::string(model::shock_kind_names[static_cast<std::size_t>(shock.kind)]).c_str(),
            shock.year, shock.weeks, io::shortest_number(shock.magnitude).c_str(),
            shock.location.empty() ? "" : (" at " + shock.location).c_str());
    return exit_success;
  }

  std::printf("%-44s %-16s %-28s %s\n", "key", "default", "unit", "description");
  for (const model::ParameterSpec* spec : chosen)
    if (spec->scope == ParameterScope::scenario)
      std::printf("%-44s %-16s %-28s %s%s%s\n", std::string(spec->key).c_str(),
                  spec->default_text().c_str(), std::string(spec->unit).c_str(),
                  std::string(spec->description).c_str(), spec->schedulable() ? " [schedule]" : "",
                  spec->local() ? " [local]" : "");
  print_table_fields(ParameterScope::contingent, "[[contingent]]", filter);
  print_table_fields(ParameterScope::shock, "[[shock]]", filter);
  print_table_fields(ParameterScope::source_region, "[[source_region]]", filter);
  return exit_success;
}

}  // namespace tipsim::cli
