// tipsim params: every parameter of the one parameter table, with default, unit and description
// (and sources, as the Markdown table in docs/model.md).

#include <cstdio>
#include <string>

#include "commands.hpp"

namespace tipsim::cli {
namespace {

void print_table_fields(model::ParameterScope scope, const char* title) {
  std::printf("\n%s fields:\n", title);
  for (const model::ParameterSpec* field : model::table_fields(scope))
    std::printf("  %-24s %-12s %-18s %s%s%s\n", std::string(field->name()).c_str(),
                std::string(model::kind_name(field->kind)).c_str(),
                std::string(field->unit).c_str(), std::string(field->description).c_str(),
                field->schedulable() ? " [schedule]" : "", field->required() ? " (required)" : "");
}

}  // namespace

int params_command(bool markdown) {
  using model::ParameterScope;
  if (markdown) {
    std::printf("| key | default | unit | description | source |\n|---|---|---|---|---|\n");
    for (const auto& spec : model::parameter_table())
      std::printf("| `%s` | %s | %s | %s%s | %s |\n", std::string(spec.key).c_str(),
                  spec.default_text().c_str(), std::string(spec.unit).c_str(),
                  std::string(spec.description).c_str(),
                  spec.schedulable() ? " May be a schedule." : "",
                  std::string(spec.source).c_str());
    return exit_success;
  }
  std::printf("%-44s %-16s %-28s %s\n", "key", "default", "unit", "description");
  for (const auto& spec : model::parameter_table())
    if (spec.scope == ParameterScope::scenario)
      std::printf("%-44s %-16s %-28s %s%s\n", std::string(spec.key).c_str(),
                  spec.default_text().c_str(), std::string(spec.unit).c_str(),
                  std::string(spec.description).c_str(), spec.schedulable() ? " [schedule]" : "");
  print_table_fields(ParameterScope::contingent, "[[contingent]]");
  print_table_fields(ParameterScope::shock, "[[shock]]");
  return exit_success;
}

}  // namespace tipsim::cli
