#pragma once
// How numbers and overrides are written wherever tipsim writes them as text.

#include <string>
#include <string_view>
#include <vector>

#include "tipsim/io/value.hpp"

namespace tipsim::io {

/// The shortest decimal text that reads back to the same double ("0.1", not "0.10000000000000001").
std::string shortest_number(double value);

/// The same as a TOML float: a whole number gets ".0" so that it stays a float.
std::string toml_float(double value);

/// A value as TOML text, the way --set, batch files and the runs table spell it: numbers in
/// their shortest exact form (0.2 stays "0.2"), tables inline.
std::string toml_text(const Value& value);

/// A key as TOML spells it: bare when it may be, quoted otherwise ("policy.enforcement" is quoted).
std::string toml_key(const std::string& key);

/// " (did you mean 'policy.enforcement'?)" for the known word closest to a misspelt one (at most
/// three edits away), or nothing.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& known);

/// Overrides as the runs table keeps them: "key=value; key=value".
std::string join_overrides(const std::vector<std::string>& overrides);

}  // namespace tipsim::io
