#pragma once
// A value as scenario, batch and targets files hold it (a number, a boolean, a text, an array or
// a table), for values that come from code rather than a file: Python overrides, batches built
// in Python, tests. Written as TOML text by toml_text (text.hpp) and then read like a file's,
// so every value is checked one way whatever its origin.

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace tipsim::io {

struct Value {
  using Array = std::vector<Value>;
  using Table = std::vector<std::pair<std::string, Value>>;
  std::variant<bool, std::int64_t, double, std::string, Array, Table> data;
};

}  // namespace tipsim::io
