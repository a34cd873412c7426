#pragma once
// Node and edge tables a scenario may name instead of generating its networks. CSV with a
// header row; '#' starts a comment line. Errors name the file, the line and the column.
//
//   locations: name,kind,population_weight,x_km,y_km    kind: municipality|border_crossing|market
//   routes:    from,to,distance_km,transit_risk
//   social ties: person_a,person_b                        (person ids, 0-based)

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tipsim/model/scenario.hpp"

namespace tipsim::io {

/// Reads a table file (a regular file of at most most_table_bytes). Throws InputError.
std::vector<model::LocationRecord> read_location_table(const std::filesystem::path& path);
std::vector<model::RouteRecord> read_route_table(
    const std::filesystem::path& path, const std::vector<model::LocationRecord>& locations);
std::vector<std::pair<std::uint32_t, std::uint32_t>> read_social_tie_table(
    const std::filesystem::path& path);

/// The same from a table's text; `source_name` names it in messages.
std::vector<model::LocationRecord> parse_location_table(std::string_view text,
                                                        const std::string& source_name);
std::vector<model::RouteRecord> parse_route_table(
    std::string_view text, const std::string& source_name,
    const std::vector<model::LocationRecord>& locations);
std::vector<std::pair<std::uint32_t, std::uint32_t>> parse_social_tie_table(
    std::string_view text, const std::string& source_name);

}  // namespace tipsim::io
