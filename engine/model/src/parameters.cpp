#include "tipsim/model/parameters.hpp"

#include <cmath>
#include <cstdio>

namespace tipsim::model {

std::string_view kind_name(ParameterKind kind) noexcept {
  switch (kind) {
    case ParameterKind::probability:
      return "probability";
    case ParameterKind::count:
      return "count";
    case ParameterKind::real:
      return "real";
    case ParameterKind::year:
      return "year";
    case ParameterKind::choice:
      return "choice";
    case ParameterKind::flag:
      return "flag";
    case ParameterKind::text:
      return "text";
    case ParameterKind::location:
      return "location";
    case ParameterKind::locations:
      return "locations";
  }
  return "unknown";
}

const std::array<ParameterSpec, parameter_count>& parameter_table() noexcept {
  using namespace parameter_flag;
  static const std::array<ParameterSpec, parameter_count> table{{
#define TIPSIM_PARAMETER(id, key, kind, default_value, minimum, maximum, unit, description, \
                         source, scope, flags)                                              \
  {ParameterId::id, key,    ParameterKind::kind,   default_value, minimum, maximum, unit,   \
   description,     source, ParameterScope::scope, flags},
#include "tipsim/model/parameters.def"
#undef TIPSIM_PARAMETER
  }};
  return table;
}

const ParameterSpec* find_parameter(std::string_view key) noexcept {
  for (const ParameterSpec& entry : parameter_table())
    if (entry.scope == ParameterScope::scenario && entry.key == key) return &entry;
  return nullptr;
}

const ParameterSpec* find_contingent_field(std::string_view name) noexcept {
  for (const ParameterSpec& entry : parameter_table())
    if ((entry.scope == ParameterScope::contingent || entry.per_contingent()) &&
        entry.name() == name)
      return &entry;
  return nullptr;
}

const ParameterSpec* find_shock_field(std::string_view name) noexcept {
  for (const ParameterSpec& entry : parameter_table())
    if (entry.scope == ParameterScope::shock && entry.name() == name) return &entry;
  return nullptr;
}

const ParameterSpec* find_source_region_field(std::string_view name) noexcept {
  for (const ParameterSpec& entry : parameter_table())
    if (entry.scope == ParameterScope::source_region && entry.name() == name) return &entry;
  return nullptr;
}

std::vector<const ParameterSpec*> table_fields(ParameterScope scope) {
  std::vector<const ParameterSpec*> fields;
  for (const ParameterSpec& entry : parameter_table())
    if (entry.scope == scope) fields.push_back(&entry);
  if (scope == ParameterScope::contingent)
    for (const ParameterSpec& entry : parameter_table())
      if (entry.per_contingent()) fields.push_back(&entry);
  return fields;
}

std::vector<const ParameterSpec*> local_parameters() {
  std::vector<const ParameterSpec*> found;
  for (const ParameterSpec& entry : parameter_table())
    if (entry.local()) found.push_back(&entry);
  return found;
}

std::vector<std::string_view> ParameterSpec::choices() const {
  std::vector<std::string_view> names;
  if (kind != ParameterKind::choice) return names;
  std::string_view rest = unit;
  while (!rest.empty()) {
    const std::size_t bar = rest.find('|');
    names.push_back(rest.substr(0, bar));
    if (bar == std::string_view::npos) break;
    rest.remove_prefix(bar + 1);
  }
  return names;
}

std::optional<std::size_t> ParameterSpec::choice_index(std::string_view choice) const {
  const auto names = choices();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == choice) return i;
  return std::nullopt;
}

std::string ParameterSpec::default_text() const {
  if (required() || !numeric()) return "-";
  switch (kind) {
    case ParameterKind::choice: {
      const auto names = choices();
      return "\"" + std::string(names.at(static_cast<std::size_t>(default_value))) + "\"";
    }
    case ParameterKind::flag:
      return default_value != 0.0 ? "true" : "false";
    case ParameterKind::count: {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.0f", default_value);
      return buffer;
    }
    default: {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%g", default_value);
      return buffer;
    }
  }
}

}  // namespace tipsim::model
