#pragma once
// Scenarios as TOML files. Every key is checked against the parameter table: unknown keys,
// wrong types, values out of range and unknown locations are reported with file, line and key.
//
//   [population]
//   people = 200000
//   [policy]
//   enforcement = 0.5                                   # a constant
//   predeployment_training = [[1999.5, 0.1], [2003.0, 0.8]]   # a step schedule (year, value)
//   infield_training = { points = [[2000, 0], [2004, 0.05]], interpolation = "linear" }
//   [[contingent]]
//   country = "UK"
//   base = "municipality-01"
//   troops = [[1999.45, 19000], [2000.5, 9000]]
//
// A variant starts from another scenario with `[scenario] extends = "baseline.toml"` (relative
// to the variant's folder): its parameters replace the base's, its contingents and shocks are
// added to the base's.

#include <filesystem>
#include <string>
#include <string_view>

#include "tipsim/io/input_error.hpp"
#include "tipsim/io/value.hpp"
#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/scenario.hpp"

namespace tipsim::io {

/// Reads and validates a scenario file. Tables it names (locations, routes, social ties) are
/// read relative to the file's folder. Throws InputError.
model::Scenario load_scenario(const std::filesystem::path& path);

/// Parses scenario text; `source_name` is used in messages, `base_folder` to find tables.
model::Scenario parse_scenario(std::string_view text, const std::string& source_name,
                               const std::filesystem::path& base_folder = {});

/// The baseline scenario shipped with tipsim (scenarios/baseline.toml, embedded at build time).
std::string_view embedded_baseline_text();
model::Scenario embedded_baseline();

/// Applies one "key=value" override (value in TOML syntax; bare words are taken as strings).
/// Keys are parameter keys ("policy.enforcement"), "scenario.name", or contingent fields as
/// "contingent.<country>.<field>", and source region fields as "source_region.<name>.<field>".
/// Throws InputError naming "--set".
void apply_override(model::Scenario& scenario, std::string_view assignment);
/// The same with a value built in code: written as TOML text (toml_text) and read as above.
void apply_override(model::Scenario& scenario, const std::string& key, const Value& value);

/// Compiles a scenario for runs with this seed; what the model cannot build is an InputError
/// naming the scenario's file and the key to fix.
std::shared_ptr<const model::CompiledModel> compile_scenario(const model::Scenario& scenario,
                                                             std::uint64_t seed);

/// A parameter's value (or schedule) as a scenario file writes it: 0.3, "open",
/// [[1999.5, 0.1], [2000, 1.0]].
std::string schedule_text(const core::Schedule& schedule, const model::ParameterSpec& spec);

/// The scenario with every parameter spelled out, as TOML that parse_scenario reads back to an
/// equal scenario (tables it was read from are listed by name in a comment).
std::string resolved_toml(const model::Scenario& scenario);

}  // namespace tipsim::io
