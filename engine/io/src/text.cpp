#include "tipsim/io/text.hpp"

#include <cstdio>
#include <cstdlib>

namespace tipsim::io {

std::string shortest_number(double value) {
  char buffer[40];
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    if (std::strtod(buffer, nullptr) == value) break;
  }
  return buffer;
}

std::string toml_float(double value) {
  std::string text = shortest_number(value);
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

std::string join_overrides(const std::vector<std::string>& overrides) {
  std::string text;
  for (const std::string& assignment : overrides) text += (text.empty() ? "" : "; ") + assignment;
  return text;
}

}  // namespace tipsim::io
