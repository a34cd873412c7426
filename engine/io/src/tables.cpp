#include "tipsim/io/tables.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <set>
#include <string>

#include "tipsim/io/files.hpp"
#include "tipsim/io/input_error.hpp"
#include "tipsim/io/text.hpp"

namespace tipsim::io {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (char c : line) {
    if (c == ',') {
      cells.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  cells.push_back(cell);
  for (std::string& text : cells) {
    const auto begin = text.find_first_not_of(" \t");
    const auto end = text.find_last_not_of(" \t");
    text = begin == std::string::npos ? std::string() : text.substr(begin, end - begin + 1);
  }
  return cells;
}

// Reads a CSV table whose header must hold `required` columns (and may hold `optional` ones);
// calls row(cells by column name, line number) for each data row.
class Table {
 public:
  Table(std::string_view text, std::string file, std::vector<std::string> required,
        std::vector<std::string> optional)
      : file_(std::move(file)) {
    std::size_t number = 0;
    while (!text.empty()) {
      const std::size_t end = text.find('\n');
      const std::string line(text.substr(0, end));
      text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
      ++number;
      if (line.empty() || line[0] == '#') continue;
      if (header_.empty()) {
        header_ = split(line);
        std::vector<std::string> known = required;
        known.insert(known.end(), optional.begin(), optional.end());
        for (const std::string& column : required)
          if (std::find(header_.begin(), header_.end(), column) == header_.end())
            problems_.add({file_, number, column,
                           "missing column (the header needs " + join(required) + ")"});
        for (const std::string& column : header_)
          if (std::find(known.begin(), known.end(), column) == known.end())
            problems_.add({file_, number, column,
                           "unknown column (expected " + join(required) +
                               (optional.empty() ? "" : ", optionally " + join(optional)) + ")" +
                               did_you_mean(column, known)});
        // without its columns no row can be read
        problems_.finish();
        continue;
      }
      auto cells = split(line);
      if (cells.size() != header_.size()) {
        problems_.add({file_, number, "",
                       "expected " + std::to_string(header_.size()) + " cells, got " +
                           std::to_string(cells.size())});
        continue;
      }
      rows_.push_back({std::move(cells), number});
    }
    if (header_.empty()) throw InputError(file_, 0, "", "the table is empty (no header row)");
  }

  /// Calls `row` for every row; its problems are collected, and thrown together at the end.
  void each(const std::function<void(const Table&, std::size_t)>& row) {
    for (current_ = 0; current_ < rows_.size(); ++current_)
      problems_.attempt([&] { row(*this, rows_[current_].line); });
    problems_.finish();
  }

  /// Checks one cell of the current row; a problem is noted and the row goes on.
  template <class Check>
  void check(Check&& work) const {
    problems_.attempt(work);
  }

  bool has(const std::string& column) const {
    return std::find(header_.begin(), header_.end(), column) != header_.end();
  }
  const std::string& text(const std::string& column) const {
    const auto at = std::find(header_.begin(), header_.end(), column) - header_.begin();
    return rows_[current_].cells[static_cast<std::size_t>(at)];
  }
  double number(const std::string& column, double minimum, double maximum) const {
    const std::string& cell = text(column);
    double value = 0;
    const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (error != std::errc() || end != cell.data() + cell.size())
      fail(column, "expected a number, got '" + cell + "'");
    if (!std::isfinite(value)) fail(column, "expected a finite number, got '" + cell + "'");
    if (value < minimum || value > maximum)
      fail(column, "expected a number in [" + std::to_string(minimum) + ", " +
                       std::to_string(maximum) + "], got '" + cell + "'");
    return value;
  }
  [[noreturn]] void fail(const std::string& column, const std::string& problem) const {
    throw InputError(file_, rows_[current_].line, column, problem);
  }

 private:
  static std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ",") + name;
    return out;
  }
  struct Row {
    std::vector<std::string> cells;
    std::size_t line;
  };
  std::string file_;
  std::vector<std::string> header_;
  std::vector<Row> rows_;
  std::size_t current_ = 0;
  mutable Problems problems_;
};

std::string read_table_file(const fs::path& path) {
  return read_input_file(path, most_table_bytes, "table");
}

}  // namespace

std::vector<model::LocationRecord> read_location_table(const fs::path& path) {
  return parse_location_table(read_table_file(path), path.string());
}

std::vector<model::RouteRecord> read_route_table(
    const fs::path& path, const std::vector<model::LocationRecord>& locations) {
  return parse_route_table(read_table_file(path), path.string(), locations);
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> read_social_tie_table(const fs::path& path) {
  return parse_social_tie_table(read_table_file(path), path.string());
}

std::vector<model::LocationRecord> parse_location_table(std::string_view text,
                                                        const std::string& source_name) {
  Table table(text, source_name, {"name", "kind"}, {"population_weight", "x_km", "y_km"});
  std::vector<model::LocationRecord> locations;
  std::set<std::string> names;
  table.each([&](const Table& row, std::size_t) {
    model::LocationRecord location;
    location.name = row.text("name");
    row.check([&] {
      if (location.name.empty()) row.fail("name", "a location needs a name");
      if (!names.insert(location.name).second)
        row.fail("name", "duplicate location '" + location.name + "'");
    });
    row.check([&] {
      const std::string& kind = row.text("kind");
      if (kind == "municipality")
        location.kind = model::LocationKind::municipality;
      else if (kind == "border_crossing")
        location.kind = model::LocationKind::border_crossing;
      else if (kind == "market")
        location.kind = model::LocationKind::market;
      else
        row.fail("kind", "expected municipality, border_crossing or market, got '" + kind + "'" +
                             did_you_mean(kind, {"municipality", "border_crossing", "market"}));
    });
    row.check([&] {
      location.population_weight =
          row.has("population_weight")
              ? row.number("population_weight", 0, 1e12)
              : (location.kind == model::LocationKind::municipality ? 1.0 : 0.0);
    });
    row.check([&] {
      if (row.has("x_km")) location.x_km = row.number("x_km", -1e7, 1e7);
    });
    row.check([&] {
      if (row.has("y_km")) location.y_km = row.number("y_km", -1e7, 1e7);
    });
    locations.push_back(location);
  });
  return locations;
}

std::vector<model::RouteRecord> parse_route_table(
    std::string_view text, const std::string& source_name,
    const std::vector<model::LocationRecord>& locations) {
  Table table(text, source_name, {"from", "to", "distance_km"}, {"transit_risk"});
  std::vector<model::RouteRecord> routes;
  std::vector<std::string> names;
  for (const model::LocationRecord& location : locations) names.push_back(location.name);
  auto known = [&](const std::string& name) {
    return std::any_of(
        locations.begin(), locations.end(),
        [&](const model::LocationRecord& location) { return location.name == name; });
  };
  table.each([&](const Table& row, std::size_t) {
    model::RouteRecord route;
    route.from = row.text("from");
    route.to = row.text("to");
    row.check([&] {
      if (!known(route.from))
        row.fail("from", "unknown location '" + route.from + "'" + did_you_mean(route.from, names));
    });
    row.check([&] {
      if (!known(route.to))
        row.fail("to", "unknown location '" + route.to + "'" + did_you_mean(route.to, names));
    });
    row.check([&] { route.distance_km = row.number("distance_km", 0, 1e7); });
    row.check([&] {
      route.transit_risk = row.has("transit_risk") ? row.number("transit_risk", 0, 1) : 0.0;
    });
    routes.push_back(route);
  });
  return routes;
}

std::vector<std::pair<std::uint32_t, std::uint32_t>> parse_social_tie_table(
    std::string_view text, const std::string& source_name) {
  Table table(text, source_name, {"person_a", "person_b"}, {});
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ties;
  table.each([&](const Table& row, std::size_t) {
    double a = 0, b = 0;
    row.check([&] {
      a = row.number("person_a", 0, 4294967295.0);
      if (a != static_cast<std::uint32_t>(a)) row.fail("person_a", "expected a whole person id");
    });
    row.check([&] {
      b = row.number("person_b", 0, 4294967295.0);
      if (b != static_cast<std::uint32_t>(b)) row.fail("person_b", "expected a whole person id");
    });
    ties.emplace_back(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
  });
  return ties;
}

}  // namespace tipsim::io
