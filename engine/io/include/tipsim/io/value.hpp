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

struct TableEntry;

struct Value {
  using Array = std::vector<Value>;
  /// Key and value pairs, in order. Its entries are a struct of their own, not a std::pair:
  /// clang cannot instantiate std::pair<std::string, Value> while Value is incomplete.
  using Table = std::vector<TableEntry>;
  std::variant<bool, std::int64_t, double, std::string, Array, Table> data;
};

struct TableEntry {
  TableEntry(std::string key, Value value) : first(std::move(key)), second(std::move(value)) {}
  std::string first;  ///< the key
  Value second;       ///< its value
};

}  // namespace tipsim::io
