#pragma once
// The parameter table: every scenario parameter, and every field of the [[contingent]] and
// [[shock]] tables, with its default, unit, range, source and flags. Entries come from
// parameters.def; this header gives them types and lookup.

#include <array>
#include <cstddef>
#include <cstdint>
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
  text,         ///< a name (contingent and shock tables only)
  location,     ///< a municipality's name (contingent and shock tables only)
  locations,    ///< a list of municipalities' names (contingent tables only)
};

std::string_view kind_name(ParameterKind kind) noexcept;

/// Where a parameter is given.
enum class ParameterScope {
  scenario,       ///< a key of the scenario, "section.name"
  contingent,     ///< a field of every [[contingent]] table
  shock,          ///< a field of every [[shock]] table
  source_region,  ///< a field of every [[source_region]] table
};

/// Flags of a parameter (parameters.def joins them with |).
namespace parameter_flag {
inline constexpr unsigned none = 0;
inline constexpr unsigned schedulable = 1u << 0;  ///< may be a schedule over time
inline constexpr unsigned fixed_in_batch =
    1u << 1;  ///< fixes the shape of a run: a batch may not vary it
inline constexpr unsigned per_contingent = 1u << 2;  ///< a contingent may set its own value
inline constexpr unsigned required = 1u << 3;        ///< a contingent or shock table must give it
inline constexpr unsigned local = 1u
                                  << 4;  ///< a [[local]] table may set it for some municipalities
}  // namespace parameter_flag

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
  std::string_view key;  ///< "section.name"; for table fields "contingent.name" or "shock.name"
  ParameterKind kind;
  double default_value;
  double minimum;
  double maximum;
  std::string_view unit;  ///< for choices: the choices, separated by '|'
  std::string_view description;
  std::string_view source;  ///< a citation, or "assumption ..."
  ParameterScope scope;
  unsigned flags;

  bool schedulable() const noexcept { return (flags & parameter_flag::schedulable) != 0; }
  bool fixed_in_batch() const noexcept { return (flags & parameter_flag::fixed_in_batch) != 0; }
  bool per_contingent() const noexcept { return (flags & parameter_flag::per_contingent) != 0; }
  bool required() const noexcept { return (flags & parameter_flag::required) != 0; }
  bool local() const noexcept { return (flags & parameter_flag::local) != 0; }
  /// Whether values are numbers (not text or locations).
  bool numeric() const noexcept {
    return kind != ParameterKind::text && kind != ParameterKind::location &&
           kind != ParameterKind::locations;
  }

  /// The part of the key after the section: the field name in a contingent or shock table.
  std::string_view name() const noexcept { return key.substr(key.find('.') + 1); }
  /// The section: "population", "policy", ..., "contingent" or "shock".
  std::string_view section() const noexcept { return key.substr(0, key.find('.')); }

  /// For choice parameters: the names, in index order.
  std::vector<std::string_view> choices() const;
  /// For choice parameters: the index of `name`, if it is one of them.
  std::optional<std::size_t> choice_index(std::string_view name) const;
  /// The default as a scenario file would spell it ("-" for required table fields).
  std::string default_text() const;
};

/// All parameters, in ParameterId order.
const std::array<ParameterSpec, parameter_count>& parameter_table() noexcept;

inline const ParameterSpec& spec(ParameterId id) noexcept {
  return parameter_table()[static_cast<std::size_t>(id)];
}

/// The scenario parameter with this dotted key, if any (table fields are not scenario keys).
const ParameterSpec* find_parameter(std::string_view key) noexcept;

/// The field of a [[contingent]] table with this name: its own fields (country, base,
/// troops) and the per_contingent parameters under their names (women_share, ...).
const ParameterSpec* find_contingent_field(std::string_view name) noexcept;

/// The scenario parameters a [[local]] table may set, in table order.
std::vector<const ParameterSpec*> local_parameters();

/// The field of a [[shock]] table with this name.
const ParameterSpec* find_shock_field(std::string_view name) noexcept;

/// The field of a [[source_region]] table with this name.
const ParameterSpec* find_source_region_field(std::string_view name) noexcept;

/// The fields of [[contingent]], [[shock]] or [[source_region]] tables, in table order.
std::vector<const ParameterSpec*> table_fields(ParameterScope scope);

/// Reporting mechanisms, in the order of policy.reporting_mechanism's choices.
enum class ReportingMechanism { none = 0, confidential = 1, open = 2 };

}  // namespace tipsim::model
