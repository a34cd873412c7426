#pragma once
// The parameter table: every scenario parameter with its default, unit, range and source.
// Entries come from parameters.def; this header gives them types and lookup.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tipsim::model {

/// What values a parameter takes; decides how scenario files are validated.
enum class ParameterKind {
  probability,  ///< real in [0, 1]
  count,        ///< non-negative whole number
  real,         ///< real within [minimum, maximum]
  year,         ///< calendar date as a decimal year
  choice,       ///< one of the names listed in `unit`, separated by '|'
  flag,         ///< true/false (stored as 1/0)
};

std::string_view kind_name(ParameterKind kind) noexcept;

enum class ParameterId : std::size_t {
#define TIPSIM_PARAMETER(id, ...) id,
#include "tipsim/model/parameters.def"
#undef TIPSIM_PARAMETER
};

inline constexpr std::size_t parameter_count = 0
#define TIPSIM_PARAMETER(...) +1
#include "tipsim/model/parameters.def"
#undef TIPSIM_PARAMETER
    ;

struct ParameterSpec {
  ParameterId id;
  std::string_view key;  ///< dotted scenario key, "section.name"
  ParameterKind kind;
  double default_value;
  double minimum;
  double maximum;
  std::string_view unit;  ///< for choices: the choices, separated by '|'
  std::string_view description;
  std::string_view source;  ///< a citation, or "assumption ..."
  bool schedulable;         ///< may be given as a schedule over time

  /// For choice parameters: the names, in index order.
  std::vector<std::string_view> choices() const;
  /// For choice parameters: the index of `name`, if it is one of them.
  std::optional<std::size_t> choice_index(std::string_view name) const;
  /// The default as a scenario file would spell it.
  std::string default_text() const;
};

/// All parameters, in ParameterId order.
const std::array<ParameterSpec, parameter_count>& parameter_table() noexcept;

inline const ParameterSpec& spec(ParameterId id) noexcept {
  return parameter_table()[static_cast<std::size_t>(id)];
}

/// The parameter with this dotted key, if any.
const ParameterSpec* find_parameter(std::string_view key) noexcept;

/// Reporting mechanisms, in the order of policy.reporting_mechanism's choices.
enum class ReportingMechanism { none = 0, confidential = 1, open = 2 };

/// Fields of a [[contingent]] table. Optional fields fall back to the force-wide policy value.
struct ContingentFieldSpec {
  std::string_view key;
  std::string_view kind;  ///< "text", "location", "count schedule", "probability schedule", "count"
  std::string_view unit;
  std::string_view description;
  bool required;
};
const std::vector<ContingentFieldSpec>& contingent_fields() noexcept;

/// Fields of a [[shock]] table (scheduled demand shocks).
const std::vector<ContingentFieldSpec>& shock_fields() noexcept;

}  // namespace tipsim::model
