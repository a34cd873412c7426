#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "phase_fixture.hpp"

using namespace tipsim::model;
using tipsim::testing::PhaseFixture;

TEST_CASE("the rule of law holds until its programme starts, then builds up to its target",
          "[phases][environment]") {
  PhaseFixture f({"policy.rule_of_law_start=2001", "authorities.rule_of_law_initial=0.2",
                  "policy.rule_of_law_target=0.8", "policy.rule_of_law_years=1"});
  for (double level : f.context().rule_of_law) CHECK(level == 0.2);
  f.world.week = 52 * 4;  // about 2003.5: two time constants in
  for (double built : f.context().rule_of_law) {
    CHECK(built > 0.7);
    CHECK(built < 0.8);
  }
}

TEST_CASE("a municipality's rule of law builds from its own level towards its own target",
          "[phases][environment][local]") {
  const std::vector<std::string> programme{
      "policy.rule_of_law_start=2001", "authorities.rule_of_law_initial=0.2",
      "policy.rule_of_law_target=0.8", "policy.rule_of_law_years=1"};
  PhaseFixture country(programme);
  std::vector<std::string> with_local = programme;
  with_local.push_back(
      "local={ municipalities = [\"municipality-02\"], \"authorities.rule_of_law_initial\" = 0.5, "
      "\"policy.rule_of_law_target\" = 0.6 }");
  PhaseFixture local(with_local);
  const StepContext before = local.context(), everywhere = country.context();
  CHECK(before.rule_of_law[1] == 0.5);
  // corruption there starts at its own level and falls with the gap the programme closes there
  CHECK(before.corruption[1] == local.world.municipalities.corruption_at_start[1]);
  local.world.week = country.world.week = 52 * 4;
  const StepContext after = local.context(), country_after = country.context();
  CHECK(after.rule_of_law[1] == Approx(0.6 - 0.1 * std::exp(-(after.year - 2001))));
  CHECK(after.corruption[1] == Approx(local.world.municipalities.corruption_at_start[1] *
                                      (1 - after.rule_of_law[1]) / 0.5));
  for (std::size_t m : {0, 2, 3, 4, 5}) {
    CHECK(before.rule_of_law[m] == everywhere.rule_of_law[m]);
    CHECK(after.rule_of_law[m] == country_after.rule_of_law[m]);
    CHECK(after.corruption[m] == country_after.corruption[m]);
  }
}

TEST_CASE("corruption falls as the rule of law builds up", "[phases][environment]") {
  PhaseFixture f;  // the rule of law starts building in 2001
  const StepContext early = f.context();
  f.world.week = 150;
  const StepContext later = f.context();
  for (std::size_t m = 0; m < f.model->municipality_count(); ++m) {
    CHECK(early.corruption[m] == f.world.municipalities.corruption_at_start[m]);
    CHECK(later.corruption[m] < early.corruption[m]);
  }
}

TEST_CASE("peacekeepers' money raises prices where they are based", "[phases][environment]") {
  PhaseFixture f({"demand.inflation_per_peacekeeper=0.01"});
  f.world.municipalities.peacekeepers[1] = 500;
  const StepContext c = f.context();
  const double residents_thousands = f.model->municipality_agents[1] / 1000.0;
  CHECK(c.price_rise[1] == Approx(0.01 * 500 / residents_thousands));
  CHECK(c.price_rise[3] == 0.0);
  CHECK(c.price[1] > c.price[3]);
}

TEST_CASE("a scheduled displacement wave displaces its share of residents the week it starts",
          "[phases][environment]") {
  tipsim::model::Scenario scenario = tipsim::io::load_scenario(TIPSIM_TEST_DATA "/small.toml");
  tipsim::io::apply_override(scenario, "population.displaced_share=0");
  tipsim::io::apply_override(scenario, "shocks.displacement_rate=0");
  scenario.shocks.push_back({ShockKind::displacement, 1999.5, 1, 0.4, "municipality-03"});
  const auto model = compile(scenario, 11);
  World world = build_world(*model, 0);
  environment_phase(*model, world);
  double displaced = 0, elsewhere = 0;
  for (std::uint32_t p = 0; p < world.people.size(); ++p) {
    if (!world.people.displaced(p, 0)) continue;
    (world.people.municipality[p] == 2 ? displaced : elsewhere) += 1;
  }
  CHECK(displaced / model->municipality_agents[2] == Approx(0.4).margin(0.03));
  CHECK(elsewhere == 0);
}

TEST_CASE("the market wants victims only for demand beyond what voluntary sellers meet",
          "[phases][environment]") {
  PhaseFixture none({"demand.local=0"});
  for (double wanted : none.context().victims_wanted) CHECK(wanted == 0.0);
  PhaseFixture some({"demand.local=20", "demand.voluntary_sex_workers=0"});
  const StepContext c = some.context();
  for (std::size_t m = 0; m < some.model->municipality_count(); ++m)
    CHECK(c.victims_wanted[m] ==
          Approx(20 * some.world.municipalities.adult_men[m] / 1000.0 / 25.0));
}

TEST_CASE("a trafficker's margin falls with the arrest risk he perceives",
          "[phases][environment]") {
  PhaseFixture f;
  const StepContext calm = f.context();
  f.world.municipalities.perceived_risk[0] = 0.5;
  const StepContext risky = f.context();
  CHECK(risky.entry_margin[0] < calm.entry_margin[0]);
  CHECK(risky.stay_margin[0] < calm.stay_margin[0]);
}

TEST_CASE("a newcomer expects less than one already in a crowded market", "[phases][environment]") {
  PhaseFixture f({"traffickers.initially_active=0"});
  for (std::uint32_t k = 0; k < 5; ++k) f.activate(k, 0);
  const StepContext c = f.context();
  // five traffickers share the market; a sixth would take a sixth of it
  CHECK(c.entry_margin[0] <= c.stay_margin[0]);
}

TEST_CASE("the bribes traffickers expect to pay come off their margin", "[phases][environment]") {
  PhaseFixture f;
  const StepContext honest = f.context();
  f.world.municipalities.perceived_bribes[2] = 700;
  const StepContext corrupt = f.context();
  CHECK(corrupt.stay_margin[2] == Approx(honest.stay_margin[2] - 700));
  CHECK(corrupt.entry_margin[2] == Approx(honest.entry_margin[2] - 700));
}

TEST_CASE("a longer sentence in one municipality lowers traffickers' margin there alone",
          "[phases][environment][local]") {
  PhaseFixture country;
  PhaseFixture local(
      {"local={ municipalities = [\"municipality-03\"], "
       "\"policy.sentence_weeks\" = 520, \"policy.prosecution\" = 1 }"});
  const StepContext before = country.context();
  const StepContext after = local.context();
  CHECK(after.sentence_weeks[2] == 520);
  CHECK(after.stay_margin[2] < before.stay_margin[2]);
  CHECK(after.entry_margin[2] < before.entry_margin[2]);
  for (std::size_t m : {0, 1, 3, 4, 5}) {
    CHECK(after.stay_margin[m] == before.stay_margin[m]);
    CHECK(after.entry_margin[m] == before.entry_margin[m]);
  }
}

namespace {

// The market of municipality 0 with `traffickers` active there, each holding two victims.
StepContext market_with(std::uint32_t traffickers, const std::vector<std::string>& overrides) {
  std::vector<std::string> all{"traffickers.initially_active=0"};
  all.insert(all.end(), overrides.begin(), overrides.end());
  PhaseFixture f(all);
  const std::uint32_t first = f.model->municipality_first[0];
  for (std::uint32_t k = 0; k < traffickers; ++k) {
    f.activate(k, 0);
    f.hold(first + 2 * k, k, PersonState::exploited_local);
    f.hold(first + 2 * k + 1, k, PersonState::exploited_local);
  }
  return f.context();
}

}  // namespace

TEST_CASE(
    "with a price that answers scarcity halving the traffickers raises the price and "
    "entrants' margin",
    "[phases][environment][market]") {
  const std::vector<std::string> elastic{"demand.price_elasticity=0.5"};
  const StepContext full = market_with(16, elastic), halved = market_with(8, elastic);
  INFO("price " << full.price[0] << " -> " << halved.price[0] << ", entry margin "
                << full.entry_margin[0] << " -> " << halved.entry_margin[0]);
  CHECK(halved.price[0] > full.price[0]);
  CHECK(halved.entry_margin[0] > full.entry_margin[0]);
  // at a fixed price the price stays, and the entrant gains only the share of the market
  const StepContext fixed_full = market_with(16, {}), fixed_halved = market_with(8, {});
  CHECK(fixed_halved.price[0] == fixed_full.price[0]);
  CHECK(halved.entry_margin[0] - full.entry_margin[0] >
        fixed_halved.entry_margin[0] - fixed_full.entry_margin[0]);
  // elsewhere nothing changed
  CHECK(halved.price[3] == full.price[3]);
}

TEST_CASE("the scarcity price is where demand at that price meets supply as the elasticity says",
          "[phases][environment][market]") {
  // one trafficker with two victims: fewer than the market wants
  const StepContext c = market_with(1, {"demand.price_elasticity=0.5", "demand.client_elasticity=1",
                                        "demand.voluntary_sex_workers=0"});
  PhaseFixture f;
  const double normal = f.model->constant(ParameterId::price) * (1 + c.price_rise[0]);
  const double supply = 2 * f.model->constant(ParameterId::purchases_per_victim);
  // local clients answer the price they meet; no internationals buy at the start
  const double demand = c.local_purchases[0] / c.availability[0];
  CHECK(c.price[0] > normal);
  CHECK(c.price[0] == Approx(normal * std::pow(std::clamp(demand / supply, 0.1, 10.0), 0.5)));
  CHECK(demand == Approx(20 * f.world.municipalities.adult_men[0] / 1000.0 * normal / c.price[0]));
}

TEST_CASE("penalising clients lowers local demand by their elasticity and counts those penalised",
          "[phases][environment][market]") {
  // no voluntary sellers: the victims wanted are local demand over a victim's purchases
  PhaseFixture plain({"demand.voluntary_sex_workers=0"});
  PhaseFixture penalised({"demand.voluntary_sex_workers=0", "policy.client_enforcement=0.1",
                          "policy.client_penalty=300"});
  PhaseFixture indifferent({"demand.voluntary_sex_workers=0", "policy.client_enforcement=0.1",
                            "policy.client_penalty=300", "demand.client_elasticity=0"});
  const StepContext before = plain.context(), after = penalised.context(),
                    unmoved = indifferent.context();
  for (std::size_t m = 0; m < plain.model->municipality_count(); ++m) {
    const double normal = after.price[m];
    // full price: the price plus 0.1 x 300; elasticity 0.5
    const double ratio = std::pow((normal + 30) / normal, -0.5);
    CHECK(after.victims_wanted[m] == Approx(before.victims_wanted[m] * ratio));
    CHECK(after.clients_penalised[m] == Approx(0.1 * after.local_purchases[m]));
    CHECK(before.clients_penalised[m] == 0);
    CHECK(unmoved.victims_wanted[m] == before.victims_wanted[m]);
  }
}

TEST_CASE("clients penalised in one municipality change demand there alone",
          "[phases][environment][market][local]") {
  PhaseFixture country;
  PhaseFixture local(
      {"local={ municipalities = [\"municipality-02\"], \"policy.client_enforcement\" = 0.2 }"});
  const StepContext before = country.context(), after = local.context();
  CHECK(after.victims_wanted[1] < before.victims_wanted[1]);
  CHECK(after.clients_penalised[1] > 0);
  for (std::size_t m : {0, 2, 3, 4, 5}) {
    CHECK(after.victims_wanted[m] == before.victims_wanted[m]);
    CHECK(after.clients_penalised[m] == 0);
  }
}

TEST_CASE("local demand set for one municipality is the market there alone",
          "[phases][environment][market][local]") {
  PhaseFixture country({"demand.local=20", "demand.voluntary_sex_workers=0"});
  PhaseFixture local({"demand.local=20", "demand.voluntary_sex_workers=0",
                      "local={ municipalities = [\"municipality-02\"], \"demand.local\" = 5 }"});
  const StepContext before = country.context(), after = local.context();
  CHECK(after.victims_wanted[1] ==
        Approx(5 * local.world.municipalities.adult_men[1] / 1000.0 / 25.0));
  CHECK(after.victims_wanted[1] == Approx(before.victims_wanted[1] / 4));
  for (std::size_t m : {0, 2, 3, 4, 5}) CHECK(after.victims_wanted[m] == before.victims_wanted[m]);
}

TEST_CASE(
    "the price abroad falls when more are delivered than the markets take and rises when fewer",
    "[phases][environment][exports]") {
  for (const double elasticity : {0.5, 1.0, 2.0}) {
    PhaseFixture f({"demand.export_elasticity=" + std::to_string(elasticity)});
    const double taken = f.context().export_flow;
    REQUIRE(taken > 0);
    f.world.exports_recent = 2 * taken;
    CHECK(f.context().export_price == Approx(1500 * std::pow(2.0, -1 / elasticity)));
    f.world.exports_recent = taken / 2;
    CHECK(f.context().export_price == Approx(1500 * std::pow(2.0, 1 / elasticity)));
    // a glut or a shortage beyond tenfold moves the price no further
    f.world.exports_recent = 0;
    CHECK(f.context().export_price == Approx(1500 * std::pow(10.0, 1 / elasticity)));
    f.world.exports_recent = 20 * taken;
    CHECK(f.context().export_price == Approx(1500 * std::pow(10.0, -1 / elasticity)));
  }
  // markets that take nobody pay the floor for those on the way and buy no more
  PhaseFixture closed({"demand.export_elasticity=1", "demand.export=0"});
  const StepContext none = closed.context();
  CHECK(none.export_price == Approx(150));
  for (double margin : none.export_margin) CHECK(margin == 0);
  PhaseFixture quota;
  quota.world.exports_recent = 2 * quota.context().export_flow;
  CHECK(quota.context().export_price == 1500);
}

TEST_CASE(
    "a sale abroad pays the price less interception arrest before delivery recruitment and "
    "transport",
    "[phases][environment][exports]") {
  PhaseFixture f({"demand.export_elasticity=1", "authorities.border_interception=0",
                  "traffickers.recruitment_cost=200", "imports.transport_cost=0.5"});
  const ExportRoute& route = f.model->export_routes[0];
  REQUIRE(route.reachable);
  f.world.municipalities.perceived_risk[0] = 0;
  const StepContext calm = f.context();
  CHECK(calm.export_margin[0] == Approx(calm.export_price - 200 - 0.5 * route.distance_km));
  // held the week she is recruited and the weeks on the road, he may be arrested each week
  f.world.municipalities.perceived_risk[0] = 0.1;
  const StepContext risky = f.context();
  const double speed = f.model->constant(ParameterId::transit_speed);
  const double weeks_held = 1 + std::max(1.0, std::ceil(route.distance_km / speed));
  CHECK(risky.export_margin[0] ==
        Approx(risky.export_price * std::pow(0.9, weeks_held) - 200 - 0.5 * route.distance_km));
  for (std::size_t m = 1; m < f.model->municipality_count(); ++m)
    CHECK(risky.export_margin[m] == calm.export_margin[m]);
  // every victim stopped at the border: the sale brings nothing and still costs
  PhaseFixture intercepted({"demand.export_elasticity=1", "authorities.border_interception=1",
                            "authorities.rule_of_law_initial=1", "geography.route_risk=1"});
  CHECK(intercepted.context().export_margin[0] ==
        Approx(-200 - 0.5 * intercepted.model->export_routes[0].distance_km));
}

TEST_CASE("a trafficker choosing exports expects his share of recent sales only where a sale pays",
          "[phases][environment][exports]") {
  PhaseFixture f({"demand.export_elasticity=1", "authorities.border_interception=0",
                  "demand.export_price=5000"});
  f.world.municipalities.perceived_risk.assign(f.model->municipality_count(), 0.0);
  // at a high price the sale pays even on long routes; a low price makes it pay nowhere
  f.world.exports_recent = f.context().export_flow;
  const StepContext few = f.context();
  f.world.exports_recent *= 2;
  const StepContext more = f.context();
  bool some_pay = false;
  for (std::size_t m = 0; m < f.model->municipality_count(); ++m) {
    if (few.export_margin[m] <= 0 || more.export_margin[m] <= 0) continue;
    some_pay = true;
    // twice the sales, each worth less: his expected share moves by the difference
    const double share = few.export_flow / std::max(1.0, few.traffickers_active);
    CHECK(more.stay_margin[m] - few.stay_margin[m] ==
          Approx(share * (2 * more.export_margin[m] - few.export_margin[m])).epsilon(1e-6));
  }
  REQUIRE(some_pay);
  PhaseFixture cheap({"demand.export_elasticity=1", "demand.export_price=10"});
  PhaseFixture none({"demand.export_elasticity=1", "demand.export=0"});
  const StepContext unpaid = cheap.context(), closed = none.context();
  for (std::size_t m = 0; m < cheap.model->municipality_count(); ++m)
    CHECK(unpaid.stay_margin[m] == Approx(closed.stay_margin[m]));
}

TEST_CASE("residents who found nobody to buy from at home look next door the next week",
          "[phases][environment][market]") {
  for (const double travel : {0.0, 0.5}) {
    PhaseFixture f({"demand.client_travel=" + std::to_string(travel),
                    "demand.voluntary_sex_workers=0", "peacekeepers.purchase_probability=0"});
    const std::size_t count = f.model->municipality_count();
    f.world.municipalities.clients_turned_away.assign(count, 0.0);
    const StepContext before = f.context();
    // with no victims and no voluntary sellers, every resident's purchase found nobody
    for (std::size_t m = 0; m < count; ++m)
      CHECK(f.world.municipalities.clients_turned_away[m] == Approx(before.victims_wanted[m] * 25));
    f.world.municipalities.clients_turned_away.assign(count, 0.0);
    f.world.municipalities.clients_turned_away[0] = 100;
    const StepContext after = f.context();
    const std::vector<std::size_t>& next_door = f.model->neighbours[0];
    REQUIRE_FALSE(next_door.empty());
    for (std::size_t m = 0; m < count; ++m) {
      const bool near = std::find(next_door.begin(), next_door.end(), m) != next_door.end();
      const double visitors = near ? travel * 100 / static_cast<double>(next_door.size()) : 0.0;
      CHECK(after.victims_wanted[m] == Approx(before.victims_wanted[m] + visitors / 25));
    }
  }
}

TEST_CASE(
    "clients from next door buy as far as sellers suffice are penalised there and look no "
    "further",
    "[phases][environment][market]") {
  PhaseFixture f({"demand.client_travel=1", "demand.voluntary_sex_workers=0.5",
                  "peacekeepers.purchase_probability=0", "policy.client_enforcement=0.1"});
  const std::size_t count = f.model->municipality_count();
  f.world.municipalities.clients_turned_away.assign(count, 0.0);
  const StepContext before = f.context();
  f.world.municipalities.clients_turned_away.assign(count, 0.0);
  f.world.municipalities.clients_turned_away[0] = 5000;
  const StepContext after = f.context();
  const std::vector<std::size_t>& next_door = f.model->neighbours[0];
  REQUIRE_FALSE(next_door.empty());
  for (std::size_t m : next_door) {
    const double visitors = 5000 / static_cast<double>(next_door.size());
    REQUIRE(before.availability[m] > 0);
    const double residents = before.local_purchases[m] / before.availability[m];
    // the sellers there are too few for residents and visitors together
    REQUIRE(after.availability[m] < 1);
    CHECK(after.purchases_from_next_door[m] == Approx(visitors * after.availability[m]));
    CHECK(after.local_purchases[m] == Approx((residents + visitors) * after.availability[m]));
    CHECK(after.clients_penalised[m] == Approx(0.1 * after.local_purchases[m]));
    // only residents are turned away again; visitors who found nobody go home
    CHECK(f.world.municipalities.clients_turned_away[m] ==
          Approx(residents * (1 - after.availability[m])));
  }
}
