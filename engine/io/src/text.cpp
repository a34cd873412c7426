#include "tipsim/io/text.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

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

namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string toml_key(const std::string& key) {
  const bool bare =
      !key.empty() &&
      key.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
          std::string::npos;
  return bare ? key : quoted(key);
}

std::string toml_text(const Value& value) {
  return std::visit(
      [](const auto& item) -> std::string {
        using T = std::decay_t<decltype(item)>;
        if constexpr (std::is_same_v<T, bool>) {
          return item ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(item);
        } else if constexpr (std::is_same_v<T, double>) {
          return toml_float(item);
        } else if constexpr (std::is_same_v<T, std::string>) {
          return quoted(item);
        } else if constexpr (std::is_same_v<T, Value::Array>) {
          std::string out = "[";
          for (std::size_t i = 0; i < item.size(); ++i) out += (i ? ", " : "") + toml_text(item[i]);
          return out + "]";
        } else {
          std::string out = "{ ";
          for (std::size_t i = 0; i < item.size(); ++i)
            out += (i ? ", " : "") + toml_key(item[i].first) + " = " + toml_text(item[i].second);
          return out + " }";
        }
      },
      value.data);
}

namespace {

// the Levenshtein distance
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string did_you_mean(std::string_view word, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = 4;
  for (const std::string& candidate : known) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::string join_overrides(const std::vector<std::string>& overrides) {
  std::string text;
  for (const std::string& assignment : overrides) text += (text.empty() ? "" : "; ") + assignment;
  return text;
}

}  // namespace tipsim::io
