#include "tipsim/model/parameters.hpp"

#include <cmath>
#include <cstdio>

namespace tipsim::model {

std::string_view kind_name(ParameterKind kind) noexcept {
  switch (kind) {
    case ParameterKind::probability: return "probability";
    case ParameterKind::count: return "count";
    case ParameterKind::real: return "real";
    case ParameterKind::year: return "year";
    case ParameterKind::choice: return "choice";
    case ParameterKind::flag: return "flag";
  }
  return "unknown";
}

const std::array<ParameterSpec, parameter_count>& parameter_table() noexcept {
  static const std::array<ParameterSpec, parameter_count> table{{
#define TIPSIM_PARAMETER(id, key, kind, default_value, minimum, maximum, unit, description, \
                         source, schedulable)                                              \
  {ParameterId::id, key,         ParameterKind::kind, default_value, minimum, maximum,     \
   unit,            description, source,              schedulable},
#include "tipsim/model/parameters.def"
#undef TIPSIM_PARAMETER
  }};
  return table;
}

const ParameterSpec* find_parameter(std::string_view key) noexcept {
  for (const ParameterSpec& entry : parameter_table())
    if (entry.key == key) return &entry;
  return nullptr;
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

std::optional<std::size_t> ParameterSpec::choice_index(std::string_view name) const {
  const auto names = choices();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return i;
  return std::nullopt;
}

std::string ParameterSpec::default_text() const {
  switch (kind) {
    case ParameterKind::choice: {
      const auto names = choices();
      return "\"" + std::string(names.at(static_cast<std::size_t>(default_value))) + "\"";
    }
    case ParameterKind::flag: return default_value != 0.0 ? "true" : "false";
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

const std::vector<ContingentFieldSpec>& contingent_fields() noexcept {
  static const std::vector<ContingentFieldSpec> fields{
      {"country", "text", "-", "Contributing country; names the contingent.", true},
      {"base", "location", "-", "Municipality hosting the contingent's base.", true},
      {"troops", "count schedule", "peacekeepers",
       "Deployed strength over time: a number or [[year, troops], ...] (step schedule).", true},
      {"tour_weeks", "count", "weeks", "Tour length; default peacekeepers.tour_weeks.", false},
      {"women_share", "probability schedule", "share of troops",
       "Share of women; default policy.women_share.", false},
      {"predeployment_training", "probability schedule", "share of arrivals",
       "Pre-deployment training coverage; default policy.predeployment_training.", false},
      {"home_prosecution", "probability schedule", "per report",
       "Home-nation prosecution probability; default policy.home_prosecution.", false},
  };
  return fields;
}

const std::vector<ContingentFieldSpec>& shock_fields() noexcept {
  static const std::vector<ContingentFieldSpec> fields{
      {"kind", "text", "-",
       "troop_surge | drawdown | money_influx | economic | displacement | local_demand", true},
      {"year", "year", "year", "When the shock starts.", true},
      {"weeks", "count", "weeks", "How long it lasts (default 26; displacement waves last until people settle).", false},
      {"magnitude", "real", "relative change",
       "Size: troops x(1+m) for a surge, x(1-m) for a drawdown; added price rise for money influx; share displaced; demand x(1+m).",
       true},
      {"location", "location", "-", "Municipality affected (default: all; troop shocks apply force-wide).", false},
  };
  return fields;
}

}  // namespace tipsim::model
