#pragma once
// A parsed TOML node as an io::Value, so that values read from files and values built in code
// are written as text one way (toml_text). Private to tipsim::io.

#include <toml++/toml.h>

#include "tipsim/io/value.hpp"

namespace tipsim::io {

inline Value value_of(const toml::node& node) {
  if (const auto* flag = node.as_boolean()) return {flag->get()};
  if (const auto* integer = node.as_integer()) return {integer->get()};
  if (const auto* floating = node.as_floating_point()) return {floating->get()};
  if (const auto* text = node.as_string()) return {text->get()};
  if (const auto* array = node.as_array()) {
    Value::Array items;
    for (const toml::node& item : *array) items.push_back(value_of(item));
    return {std::move(items)};
  }
  if (const auto* table = node.as_table()) {
    Value::Table items;
    for (auto&& [key, item] : *table) items.emplace_back(std::string(key.str()), value_of(item));
    return {std::move(items)};
  }
  // dates and times: no tipsim value is one; kept as their text so the reader names the problem
  std::ostringstream text;
  node.visit([&](const auto& value) { text << value; });
  return {text.str()};
}

}  // namespace tipsim::io
