#include "tipsim/model/social_network.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace tipsim::model;

TEST_CASE("generated ties are symmetric, without self-ties, mostly within a municipality",
          "[social]") {
  const std::vector<std::uint32_t> first{0, 3000, 5000};
  std::vector<std::uint16_t> municipality(5000, 0);
  std::fill(municipality.begin() + 3000, municipality.end(), 1);
  const auto network =
      SocialNetwork::generate(first, municipality, 4, 0.1, tipsim::core::RandomSource(3, 0));
  CHECK(network.tie_ends() == 2u * 5000 * 4);
  std::size_t across = 0;
  for (std::uint32_t person = 0; person < 5000; ++person)
    for (std::uint32_t other : network.acquaintances(person)) {
      REQUIRE(other != person);
      const auto back = network.acquaintances(other);
      REQUIRE(std::count(back.begin(), back.end(), person) >= 1);
      if (municipality[other] != municipality[person]) ++across;
    }
  const double share = static_cast<double>(across) / network.tie_ends();
  CHECK(share > 0.02);
  CHECK(share < 0.15);
}

TEST_CASE("ties from a table are used as given, in both directions", "[social]") {
  const auto network = SocialNetwork::from_ties(4, {{0, 1}, {1, 2}});
  CHECK(network.acquaintances(0).size() == 1);
  CHECK(network.acquaintances(1).size() == 2);
  CHECK(network.acquaintances(3).empty());
}
