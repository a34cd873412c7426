// Node and edge tables (CSV): any text is a table or an InputError. The first byte chooses the
// table: locations, routes (between the locations below) or social ties.

#include "fuzz_target.hpp"
#include "tipsim/io/tables.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tipsim;
  if (size == 0) return 0;
  const std::uint8_t kind = data[0] % 3;
  return fuzz_text(data + 1, size - 1, [kind](std::string_view text) {
    static const auto places = io::parse_location_table(
        "name,kind\nTown,municipality\nVillage,municipality\nGate,border_crossing\nAbroad,market\n",
        "places.csv");
    if (kind == 0) {
      for (const model::LocationRecord& place : io::parse_location_table(text, "fuzz.csv"))
        if (place.name.empty()) broken("a location without a name");
    } else if (kind == 1) {
      io::parse_route_table(text, "fuzz.csv", places);
    } else {
      io::parse_social_tie_table(text, "fuzz.csv");
    }
  });
}
