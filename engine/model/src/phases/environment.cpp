#include "tipsim/model/phases/environment.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "../model_math.hpp"

namespace tipsim::model {
namespace {

using core::Purpose;
using P = ParameterId;

// a share of the municipality's residents displaced, each until a random date
void displace(const CompiledModel& model, World& world, std::size_t municipality, double share) {
  const double weeks = model.constant(P::displacement_years) * weeks_per_year;
  const std::uint32_t week = world.week;
  for (std::uint32_t p = model.municipality_first[municipality];
       p < model.municipality_first[municipality + 1]; ++p) {
    auto stream = world.random.stream(week, p, Purpose::displacement);
    if (stream.bernoulli(share))
      world.people.displaced_until[p] = static_cast<std::uint16_t>(
          std::clamp(week + std::ceil(stream.exponential(weeks)), 1.0, 65535.0));
  }
}

void read_policies(const CompiledModel& model, StepContext& c) {
  // the programme starts on one date everywhere and builds up at one pace, from and towards
  // each municipality's own levels
  const double start = model.constant(P::rule_of_law_start);
  const std::vector<double> initial = model.values_by_municipality(P::rule_of_law_initial, c.year);
  const std::vector<double> target = model.values_by_municipality(P::rule_of_law_target, c.year);
  c.rule_of_law.resize(initial.size());
  for (std::size_t m = 0; m < initial.size(); ++m)
    c.rule_of_law[m] =
        c.year < start
            ? initial[m]
            : target[m] - (target[m] - initial[m]) *
                              std::exp(-(c.year - start) / model.constant(P::rule_of_law_years));
  c.enforcement = model.values_by_municipality(P::enforcement, c.year);
  c.prosecution = model.values_by_municipality(P::prosecution, c.year);
  c.conviction = model.values_by_municipality(P::conviction, c.year);
  c.sentence_weeks = model.values_by_municipality(P::sentence_weeks, c.year);
  c.police_capacity = model.values_by_municipality(P::police_capacity, c.year);
  c.patrol_leads = model.values_by_municipality(P::patrol_leads, c.year);
  c.community_tips = model.values_by_municipality(P::community_tips, c.year);
  c.identification_rate = model.values_by_municipality(P::identification_rate, c.year);
  c.client_enforcement = model.values_by_municipality(P::client_enforcement, c.year);
  c.client_penalty = model.value(P::client_penalty, c.year);
  c.export_flow = model.value(P::export_demand, c.year) * model.people() / 100000.0;
  c.export_price = model.constant(P::export_price);
  c.infield_training = model.value(P::infield_training, c.year);
  c.whistleblower = model.value(P::whistleblower_protection, c.year);
  c.off_limits = model.value(P::off_limits, c.year);
  c.assistance_capacity = model.value(P::assistance_capacity, c.year);
  c.child_protection = model.value(P::child_protection, c.year) != 0.0;
  c.reporting =
      static_cast<ReportingMechanism>(std::lround(model.value(P::reporting_mechanism, c.year)));
}

// scheduled shocks in force this week; returns the price rise each adds per municipality
std::vector<double> scheduled_shocks(const CompiledModel& model, World& world, StepContext& c) {
  const std::size_t count = model.municipality_count();
  std::vector<double> extra_price(count, 0.0);
  for (const CompiledShock& shock : model.shocks) {
    const double end = shock.year + shock.weeks / weeks_per_year;
    const bool starts_now = shock.year <= c.year && c.year < shock.year + 7.0 / 365.25;
    if (shock.kind != ShockKind::displacement && !(shock.year <= c.year && c.year < end)) continue;
    if (shock.kind == ShockKind::displacement && !starts_now) continue;
    if (shock.kind == ShockKind::troop_surge) c.troop_factor *= 1.0 + shock.magnitude;
    if (shock.kind == ShockKind::drawdown) c.troop_factor *= std::max(0.0, 1.0 - shock.magnitude);
    for (std::size_t m = 0; m < count; ++m) {
      if (shock.municipality && *shock.municipality != m) continue;
      switch (shock.kind) {
        case ShockKind::money_influx:
          extra_price[m] += shock.magnitude;
          break;
        case ShockKind::economic:
          c.economic_shock[m] = 1;
          break;
        case ShockKind::local_demand:
          c.demand_factor[m] *= 1.0 + shock.magnitude;
          break;
        case ShockKind::displacement:
          displace(model, world, m, shock.magnitude);
          break;
        default:
          break;
      }
    }
  }
  return extra_price;
}

// A municipality's market for paid sex this week. Local clients buy less as the full price
// rises above the normal price, by their elasticity; the price rises with scarcity, by its own.
// Where the price is normal and nothing is penalised, nothing is computed: the market is as it
// was before either elasticity existed, to the last bit.
struct LocalMarket {
  double local_base;     ///< purchases local clients want at the normal price, unpenalised
  double international;  ///< purchases internationals and clients from next door want, whatever
                         ///< the price
  double normal_price, expected_penalty, price_elasticity, client_elasticity;

  double local_demand(double price) const {
    if (price == normal_price && expected_penalty == 0) return local_base;
    if (client_elasticity == 0 || normal_price <= 0) return local_base;
    return local_base * std::pow((price + expected_penalty) / normal_price, -client_elasticity);
  }

  // the price at the scarcity of `demand` against `supply`
  double price_at(double demand, double supply) const {
    if (price_elasticity == 0 || normal_price <= 0) return normal_price;
    return normal_price * std::exp(price_elasticity * log_scarcity(demand, supply));
  }

  static double log_scarcity(double demand, double supply) {
    const double lowest = std::log(0.1), highest = std::log(10.0);
    if (supply <= 0) return demand > 0 ? highest : 0.0;  // no market at all: no markup
    if (demand <= 0) return lowest;
    return std::clamp(std::log(demand / supply), lowest, highest);
  }

  // the price at which scarcity, with demand answering that price, is as the price says: the
  // root of x = e log(D(p_n e^x) / S) for x = log(p / p_n), found by bisection (the right side
  // falls as x rises, so there is one: both elasticities are at least 0, which parameters.def
  // enforces)
  double price(double supply) const {
    if (price_elasticity == 0 || normal_price <= 0) return normal_price;
    if (client_elasticity == 0 || local_base == 0)
      return price_at(local_base + international, supply);
    const auto scarcity = [&](double price) {
      return log_scarcity(local_demand(price) + international, supply);
    };
    double low = price_elasticity * std::log(0.1), high = price_elasticity * std::log(10.0);
    for (int step = 0; step < 30; ++step) {
      const double middle = (low + high) / 2;
      if (price_elasticity * scarcity(normal_price * std::exp(middle)) > middle)
        low = middle;
      else
        high = middle;
    }
    return normal_price * std::exp((low + high) / 2);
  }
};

}  // namespace

StepContext environment_phase(const CompiledModel& model, World& world) {
  StepContext c;
  const std::size_t count = model.municipality_count();
  Municipalities& places = world.municipalities;
  const std::uint32_t week = world.week;
  c.week = week;
  c.year = model.year_of_step(week);
  read_policies(model, c);
  // last week's tallies (traffickers and victims are counted person by person)
  const double scale = model.people_per_agent;
  for (const auto& list : places.active) c.traffickers_active += static_cast<double>(list.size());
  c.victims_local = places.victims_local;
  c.victims_seen = places.victims_seen;
  for (auto* column :
       {&c.corruption, &c.price, &c.price_rise, &c.fill, &c.availability, &c.trafficked_share,
        &c.victims_wanted, &c.local_purchases, &c.purchases_from_next_door, &c.clients_penalised,
        &c.entry_margin, &c.stay_margin, &c.expected_custody})
    column->assign(count, 0.0);
  c.demand_factor.assign(count, 1.0);
  c.economic_shock.assign(count, 0);
  c.import_share.assign(count, 0.0);
  c.import_ranking.assign(count, {});
  for (const CompiledSourceRegion& region : model.source_regions)
    c.import_supply.push_back(region.supply.at(c.year));
  const std::vector<double> extra_price = scheduled_shocks(model, world, c);

  const std::vector<double> initial = model.values_by_municipality(P::rule_of_law_initial, c.year);
  const double economic_rate = model.constant(P::economic_shock_rate) / weeks_per_year;
  const double displacement_rate = model.constant(P::displacement_shock_rate) / weeks_per_year;
  const double purchases_per_victim = model.constant(P::purchases_per_victim);
  const std::vector<double> local_demand = model.values_by_municipality(P::local_demand, c.year);
  const double pretrial_weeks = model.constant(P::pretrial_weeks);
  const double max_victims = model.constant(P::max_victims);
  const double border_interception = model.constant(P::border_interception);
  const double export_price = model.constant(P::export_price);
  const double freedom_value = model.constant(P::freedom_value);
  const double operating_cost = model.constant(P::operating_cost);
  const double price_elasticity = model.constant(P::price_elasticity);
  const double client_elasticity = model.constant(P::client_elasticity);
  const double self_exit = model.constant(P::self_exit_rate);
  const double escape_factor = model.constant(P::import_escape_factor);
  const double recruitment_cost = model.constant(P::recruitment_cost);
  const double decision_scale = model.constant(P::decision_scale);
  // When the markets abroad answer the price, the price answers what they have been sent
  // lately: deliveries above what they take at the reference price push it down. Markets that
  // take nobody (demand.export 0) pay the floor for those already on the way, and buy no more.
  const double export_elasticity = model.constant(P::export_elasticity);
  const bool exports_chosen = export_elasticity > 0;
  if (exports_chosen) {
    const double glut =
        c.export_flow > 0 ? std::clamp(world.exports_recent / c.export_flow, 0.1, 10.0) : 10.0;
    c.export_price = export_price * std::pow(glut, -1.0 / export_elasticity);
  }
  const double transport_cost = model.constant(P::import_transport_cost);
  const double transit_speed = model.constant(P::transit_speed);
  c.export_margin.assign(count, 0.0);
  // Residents who found nobody to buy from at home last week: a share of them looks next door
  // this week, spread evenly over the neighbours. They have decided to buy, so they do not
  // answer the price there, and they look no further.
  const double client_travel = model.constant(P::client_travel);
  std::vector<double> visiting(count, 0.0);
  if (client_travel > 0)
    for (std::size_t n = 0; n < count; ++n)
      for (std::size_t m : model.neighbours[n])
        visiting[m] += client_travel * places.clients_turned_away[n] /
                       static_cast<double>(model.neighbours[n].size());
  for (std::size_t m = 0; m < count; ++m) {
    const double population = model.municipality_agents[m] * scale;
    const double convicted = c.prosecution[m] * c.conviction[m];
    const double expected_custody =
        convicted * c.sentence_weeks[m] + (1.0 - convicted) * pretrial_weeks;
    c.expected_custody[m] = expected_custody;
    const double initial_gap = 1.0 - initial[m];
    c.corruption[m] = places.corruption_at_start[m] *
                      (initial_gap > 0 ? (1.0 - c.rule_of_law[m]) / initial_gap : 1.0);
    // random local shocks
    auto stream = world.random.stream(week, static_cast<std::uint32_t>(m), Purpose::random_shock);
    if (stream.bernoulli(economic_rate))
      places.economic_shock_until[m] =
          week + static_cast<std::uint32_t>(model.constant(P::economic_shock_weeks));
    if (places.economic_shock_until[m] > week) c.economic_shock[m] = 1;
    if (stream.bernoulli(displacement_rate))
      displace(model, world, m, model.constant(P::displacement_shock_share));

    // international money raises local prices
    const double residents_thousands =
        std::max(1.0, population / 1000.0);  // at least a thousand people
    c.price_rise[m] = model.constant(P::inflation_per_peacekeeper) * places.peacekeepers[m] /
                          residents_thousands +
                      extra_price[m];
    const double normal_price = model.constant(P::price) * (1.0 + c.price_rise[m]);

    // the local market: demand from residents, who answer the full price (the price and the
    // penalty a purchase is expected to bring), and from internationals (last week's
    // purchases) and residents of the neighbours who came looking, who do not; the price
    // answers scarcity
    const double voluntary = model.constant(P::voluntary_sex_workers) * population / 1000.0;
    const double supply = (c.victims_local[m] + voluntary) * purchases_per_victim;
    const LocalMarket market{local_demand[m] * places.adult_men[m] / 1000.0 * c.demand_factor[m],
                             places.peacekeeper_purchases[m] + visiting[m],
                             normal_price,
                             c.client_enforcement[m] * c.client_penalty,
                             price_elasticity,
                             client_elasticity};
    c.price[m] = market.price(supply);
    const double local_clients = market.local_demand(c.price[m]);
    const double demand = local_clients + market.international;
    c.fill[m] = supply > 0 ? std::min(1.0, demand / supply) : 0.0;
    c.availability[m] = demand > 0 ? std::min(1.0, supply / demand) : (supply > 0 ? 1.0 : 0.0);
    c.trafficked_share[m] = c.victims_local[m] + voluntary > 0
                                ? c.victims_local[m] / (c.victims_local[m] + voluntary)
                                : 0.0;
    c.victims_wanted[m] =
        std::max(0.0, demand - voluntary * purchases_per_victim) / purchases_per_victim;
    c.local_purchases[m] = (local_clients + visiting[m]) * c.availability[m];
    c.purchases_from_next_door[m] = visiting[m] * c.availability[m];
    places.clients_turned_away[m] = local_clients * (1.0 - c.availability[m]);
    c.clients_penalised[m] = c.local_purchases[m] * c.client_enforcement[m];

    // What a trafficker expects to make here each week, and to lose: one thinking of coming in
    // shares the market with those here and with himself, one already here with those here,
    // himself included.
    const double here = static_cast<double>(places.active[m].size());
    const ExportRoute& route = model.export_routes[m];
    const double intercepted =
        route.reachable
            ? 1.0 - std::pow(1.0 - border_interception * c.rule_of_law[m], route.transit_risk)
            : 0.0;
    // A victim recruited here for sale abroad brings the price if she gets past the borders and
    // he is not arrested before she is delivered (the week she is recruited and the weeks on
    // the road), less what recruiting and moving her cost. She is not in a local venue, so she
    // brings no tips and no identification in the meantime.
    if (exports_chosen && route.reachable && c.export_flow > 0) {
      const double weeks_held =
          1.0 + std::clamp(std::ceil(route.distance_km / transit_speed), 1.0, 65535.0);
      const double delivered =
          (1.0 - intercepted) * std::pow(1.0 - std::min(1.0, places.perceived_risk[m]), weeks_held);
      c.export_margin[m] =
          c.export_price * delivered - recruitment_cost - transport_cost * route.distance_km;
    }
    auto margin = [&](double traffickers_here, double traffickers_in_country, double newcomers) {
      const double local_victims = std::min(max_victims, c.victims_wanted[m] / traffickers_here);
      // a newcomer adds to supply: the market fills less of it, and at a scarce market's price
      // he lowers it
      const double supplied = supply + purchases_per_victim * newcomers;
      const double price = newcomers > 0 ? market.price_at(demand, supplied) : c.price[m];
      const double local_revenue = local_victims * purchases_per_victim * price *
                                   std::min(1.0, demand / std::max(1.0, supplied));
      // with a quota he expects his share of it at the price, less what the border stops;
      // choosing, his share of what the country has sold lately (delivered, so past the
      // border), each bringing what a sale leaves him here, if it pays
      double export_revenue = 0.0;
      if (route.reachable && !exports_chosen)
        export_revenue =
            c.export_flow / traffickers_in_country * c.export_price * (1.0 - intercepted);
      else if (route.reachable)
        export_revenue =
            world.exports_recent / traffickers_in_country * std::max(0.0, c.export_margin[m]);
      // an arrest costs the weeks in custody, valued at the trafficker's own price of freedom
      // plus the earnings forgone meanwhile
      const double revenue = local_revenue + export_revenue;
      const double penalty =
          places.perceived_risk[m] * expected_custody * (freedom_value + revenue);
      // corruption is not free: the bribes paid there come off the margin
      return revenue - penalty - places.perceived_bribes[m] - operating_cost;
    };
    c.entry_margin[m] = margin(here + 1, c.traffickers_active + 1, 1);
    c.stay_margin[m] = margin(std::max(here, 1.0), std::max(c.traffickers_active, 1.0), 0);

    // A place in the local market can be filled by a victim recruited here or by one bought in
    // a source region abroad. Each is worth what she earns a week, less what she cost spread
    // over the weeks she is expected to stay in his hands (until she is identified, escapes or
    // he is arrested); one bought abroad may be intercepted on the way in, and escapes less.
    // Traffickers buy abroad the share a logistic choice on the difference gives, from the
    // region that pays best.
    if (model.source_regions.empty()) continue;
    const double weekly = purchases_per_victim * c.price[m] * c.fill[m];
    const double lost = c.identification_rate[m] * c.rule_of_law[m] + places.perceived_risk[m];
    const double stay_local = 1.0 / std::max(1e-9, lost + self_exit);
    const double stay_bought = 1.0 / std::max(1e-9, lost + self_exit * escape_factor);
    const double recruited_value = weekly - recruitment_cost / stay_local;
    std::vector<std::pair<double, std::uint16_t>> bought_values;
    for (std::size_t r = 0; r < model.source_regions.size(); ++r) {
      const CompiledSourceRegion& region = model.source_regions[r];
      if (c.import_supply[r] <= 0) continue;
      const double lost_on_way =
          1.0 - std::pow(1.0 - border_interception * c.rule_of_law[m], region.transit_risk);
      bought_values.emplace_back(-((1.0 - lost_on_way) * weekly - region.cost / stay_bought),
                                 static_cast<std::uint16_t>(r));
    }
    if (bought_values.empty()) continue;
    // best first; on a tie the region listed first
    std::sort(bought_values.begin(), bought_values.end());
    for (const auto& entry : bought_values) c.import_ranking[m].push_back(entry.second);
    c.import_share[m] = logistic((-bought_values.front().first - recruited_value) / decision_scale);
  }
  return c;
}

}  // namespace tipsim::model
