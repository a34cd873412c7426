#include "tipsim/model/phases/environment.hpp"

#include <algorithm>
#include <cmath>

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
  const double start = model.constant(P::rule_of_law_start);
  const double initial = model.constant(P::rule_of_law_initial);
  const double target = model.constant(P::rule_of_law_target);
  c.rule_of_law =
      c.year < start ? initial
                     : target - (target - initial) * std::exp(-(c.year - start) /
                                                              model.constant(P::rule_of_law_years));
  c.enforcement = model.values_by_municipality(P::enforcement, c.year);
  c.prosecution = model.values_by_municipality(P::prosecution, c.year);
  c.conviction = model.values_by_municipality(P::conviction, c.year);
  c.sentence_weeks = model.values_by_municipality(P::sentence_weeks, c.year);
  c.police_capacity = model.values_by_municipality(P::police_capacity, c.year);
  c.patrol_leads = model.values_by_municipality(P::patrol_leads, c.year);
  c.community_tips = model.values_by_municipality(P::community_tips, c.year);
  c.identification_rate = model.values_by_municipality(P::identification_rate, c.year);
  c.export_flow = model.value(P::export_demand, c.year) * model.people() / 100000.0;
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
        &c.victims_wanted, &c.entry_margin, &c.stay_margin, &c.expected_custody})
    column->assign(count, 0.0);
  c.demand_factor.assign(count, 1.0);
  c.economic_shock.assign(count, 0);
  const std::vector<double> extra_price = scheduled_shocks(model, world, c);

  const double initial = model.constant(P::rule_of_law_initial);
  const double initial_gap = 1.0 - initial;
  const double economic_rate = model.constant(P::economic_shock_rate) / weeks_per_year;
  const double displacement_rate = model.constant(P::displacement_shock_rate) / weeks_per_year;
  const double purchases_per_victim = model.constant(P::purchases_per_victim);
  const double local_demand = model.value(P::local_demand, c.year);
  const double pretrial_weeks = model.constant(P::pretrial_weeks);
  const double max_victims = model.constant(P::max_victims);
  const double border_interception = model.constant(P::border_interception);
  const double export_price = model.constant(P::export_price);
  const double freedom_value = model.constant(P::freedom_value);
  const double operating_cost = model.constant(P::operating_cost);
  for (std::size_t m = 0; m < count; ++m) {
    const double population = model.municipality_agents[m] * scale;
    const double convicted = c.prosecution[m] * c.conviction[m];
    const double expected_custody =
        convicted * c.sentence_weeks[m] + (1.0 - convicted) * pretrial_weeks;
    c.expected_custody[m] = expected_custody;
    c.corruption[m] = places.corruption_at_start[m] *
                      (initial_gap > 0 ? (1.0 - c.rule_of_law) / initial_gap : 1.0);
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
    c.price[m] = model.constant(P::price) * (1.0 + c.price_rise[m]);

    // the local market: demand from residents and from peacekeepers (last week's purchases)
    const double voluntary = model.constant(P::voluntary_sex_workers) * population / 1000.0;
    const double supply = (c.victims_local[m] + voluntary) * purchases_per_victim;
    const double demand = local_demand * places.adult_men[m] / 1000.0 * c.demand_factor[m] +
                          places.peacekeeper_purchases[m];
    c.fill[m] = supply > 0 ? std::min(1.0, demand / supply) : 0.0;
    c.availability[m] = demand > 0 ? std::min(1.0, supply / demand) : (supply > 0 ? 1.0 : 0.0);
    c.trafficked_share[m] = c.victims_local[m] + voluntary > 0
                                ? c.victims_local[m] / (c.victims_local[m] + voluntary)
                                : 0.0;
    c.victims_wanted[m] =
        std::max(0.0, demand - voluntary * purchases_per_victim) / purchases_per_victim;

    // What a trafficker expects to make here each week, and to lose: one thinking of coming in
    // shares the market with those here and with himself, one already here with those here,
    // himself included.
    const double here = static_cast<double>(places.active[m].size());
    const ExportRoute& route = model.export_routes[m];
    const double kept = route.reachable ? 1.0 - std::pow(1.0 - border_interception * c.rule_of_law,
                                                         route.transit_risk)
                                        : 0.0;
    auto margin = [&](double traffickers_here, double traffickers_in_country, double newcomers) {
      const double local_victims = std::min(max_victims, c.victims_wanted[m] / traffickers_here);
      const double local_revenue =
          local_victims * purchases_per_victim * c.price[m] *
          std::min(1.0, demand / std::max(1.0, supply + purchases_per_victim * newcomers));
      const double export_revenue =
          route.reachable ? c.export_flow / traffickers_in_country * export_price * (1.0 - kept)
                          : 0.0;
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
  }
  return c;
}

}  // namespace tipsim::model
