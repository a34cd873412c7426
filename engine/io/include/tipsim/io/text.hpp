#pragma once
// How numbers and overrides are written wherever tipsim writes them as text.

#include <string>
#include <vector>

namespace tipsim::io {

/// The shortest decimal text that reads back to the same double ("0.1", not "0.10000000000000001").
std::string shortest_number(double value);

/// The same as a TOML float: a whole number gets ".0" so that it stays a float.
std::string toml_float(double value);

/// Overrides as the runs table keeps them: "key=value; key=value".
std::string join_overrides(const std::vector<std::string>& overrides);

}  // namespace tipsim::io
