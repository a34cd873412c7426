#pragma once
// Node and edge tables a scenario may name instead of generating its networks. CSV with a
// header row; '#' starts a comment line. Errors name the file, the line and the column.
//
//   locations: name,kind,population_weight,x_km,y_km    kind: municipality|border_crossing|market
//   routes:    from,to,distance_km,transit_risk
//   social ties: person_a,person_b                        (person ids, 0-based)

#include <cstdint>
#include <filesystem>
#include <utility>
#include <vector>

#include "tipsim/model/scenario.hpp"

namespace tipsim::io {

std::vector<model::LocationRecord> read_location_table(const std::filesystem::path& path);
std::vector<model::RouteRecord> read_route_table(
    const std::filesystem::path& path, const std::vector<model::LocationRecord>& locations);
std::vector<std::pair<std::uint32_t, std::uint32_t>> read_social_tie_table(
    const std::filesystem::path& path);

}  // namespace tipsim::io
