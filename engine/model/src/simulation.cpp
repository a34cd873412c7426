#include "tipsim/model/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "tipsim/core/parallel.hpp"

namespace tipsim::model {
namespace {

using core::Purpose;
using core::RandomStream;
using P = ParameterId;

constexpr double weeks_per_year = 52.0;

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// counts and money add up over agents; indices and relative prices do not
bool extensive(const MetricSpec& metric) { return metric.unit != "index" && metric.unit != "relative"; }

std::size_t index(PersonState state) { return static_cast<std::size_t>(state); }

// Everything the phases of one step read but do not change: policy values at this date and
// the state of each municipality's market and authorities.
struct StepContext {
  std::uint32_t week = 0;
  double year = 0.0;
  double rule_of_law = 0.0;
  double troop_factor = 1.0;
  double enforcement = 0.0, prosecution = 0.0, conviction = 0.0;
  double sentence_weeks = 0.0, police_capacity = 0.0;
  double export_flow = 0.0;         // victims/week the markets abroad take from the country
  double traffickers_active = 0.0;  // at the start of the step
  double predeployment_training = 0.0, infield_training = 0.0, home_prosecution = 0.0;
  double women_share = 0.0, whistleblower = 0.0, off_limits = 0.0, assistance_capacity = 0.0;
  bool child_protection = false;
  ReportingMechanism reporting = ReportingMechanism::confidential;
  // per municipality
  std::vector<double> corruption, price, price_rise, fill, availability, trafficked_share,
      victims_wanted, margin, victims_local, demand_factor;
  std::vector<std::uint8_t> economic_shock;
};

struct PeacekeeperTotals {
  std::vector<double> deployed, purchases, purchases_from_victims, reports, facilitators;
  double trained = 0, misconduct_reports = 0, convictions = 0, women = 0, training_cost = 0;
  explicit PeacekeeperTotals(std::size_t municipalities = 0)
      : deployed(municipalities), purchases(municipalities),
        purchases_from_victims(municipalities), reports(municipalities),
        facilitators(municipalities) {}
  void add(const PeacekeeperTotals& other) {
    for (std::size_t m = 0; m < deployed.size(); ++m) {
      deployed[m] += other.deployed[m];
      purchases[m] += other.purchases[m];
      purchases_from_victims[m] += other.purchases_from_victims[m];
      reports[m] += other.reports[m];
      facilitators[m] += other.facilitators[m];
    }
    trained += other.trained;
    misconduct_reports += other.misconduct_reports;
    convictions += other.convictions;
    women += other.women;
    training_cost += other.training_cost;
  }
};

struct Approach {
  std::uint32_t person;
  std::uint32_t trafficker;
  bool abduction;
};

struct TraffickerTotals {
  std::vector<Approach> approaches;
  double entries = 0, relocations = 0;
};

struct VictimTotals {
  std::array<std::int64_t, person_state_count> state_change{};
  std::vector<double> identified;  // per municipality
  std::vector<std::uint32_t> to_assist;  // indices into World::victims
  double exported = 0, intercepted = 0, identified_total = 0, children_identified = 0,
         self_exited = 0, revenue = 0, revenue_abroad = 0, purchases = 0;
  explicit VictimTotals(std::size_t municipalities = 0) : identified(municipalities) {}
  void add(const VictimTotals& other) {
    for (std::size_t s = 0; s < person_state_count; ++s) state_change[s] += other.state_change[s];
    for (std::size_t m = 0; m < identified.size(); ++m) identified[m] += other.identified[m];
    to_assist.insert(to_assist.end(), other.to_assist.begin(), other.to_assist.end());
    exported += other.exported;
    intercepted += other.intercepted;
    identified_total += other.identified_total;
    children_identified += other.children_identified;
    self_exited += other.self_exited;
    revenue += other.revenue;
    revenue_abroad += other.revenue_abroad;
    purchases += other.purchases;
  }
};

// a count with a fractional part becomes floor or ceil with the right expectation
std::uint32_t stochastic_round(double value, RandomStream& stream) {
  if (value <= 0) return 0;
  const double whole = std::floor(value);
  return static_cast<std::uint32_t>(whole) + (stream.bernoulli(value - whole) ? 1u : 0u);
}

}  // namespace

void MetricsRecorder::record(std::uint32_t, const StepMetrics& metrics) { steps_.push_back(metrics); }

std::vector<double> MetricsRecorder::series(Metric metric) const {
  std::vector<double> values;
  values.reserve(steps_.size());
  for (const StepMetrics& step : steps_) values.push_back(step[metric]);
  return values;
}

double MetricsRecorder::total(Metric metric) const {
  double sum = 0;
  for (const StepMetrics& step : steps_) sum += step[metric];
  return sum;
}

struct Simulation::State {
  Scenario scenario;
  World world;
  std::uint32_t steps;
  std::uint32_t week = 0;
  StepContext context;
  StepMetrics metrics;
  PeacekeeperTotals peacekeepers;
  std::vector<std::uint16_t> wanted_local, wanted_total, recruited_now;
  std::vector<std::vector<std::uint32_t>> active_in;  // active traffickers per municipality
  double arrests = 0, investigations = 0, prosecutions = 0, convictions = 0, bribes = 0;
  std::vector<double> arrests_in;
  std::vector<std::string> municipality_name;  // by municipality index

  State(const Scenario& s, std::uint64_t seed, std::uint32_t replicate)
      : scenario(s), world(build_world(s, seed, replicate)), steps(s.steps()),
        municipality_name(municipality_names(s)) {}

  std::size_t municipality_count() const { return world.municipalities.size(); }
  double value(ParameterId id) const { return scenario.schedule(id).at(context.year); }
  double constant(ParameterId id) const { return scenario.value(id); }

  double reporting_probability(bool trained) const {
    double base = constant(P::reporting_confidential);
    if (context.reporting == ReportingMechanism::none) base = constant(P::reporting_none);
    if (context.reporting == ReportingMechanism::open) base = constant(P::reporting_open);
    const double training = trained ? constant(P::reporting_training) : 1.0;
    return std::min(1.0, base * training *
                             (1.0 + constant(P::reporting_protection) * context.whistleblower));
  }

  bool displaced(std::uint32_t person) const {
    return world.people.displaced_until[person] > context.week;
  }

  std::uint32_t age(std::uint32_t person) const {
    return world.people.age_at_start[person] +
           static_cast<std::uint32_t>(context.week / weeks_per_year);
  }

  // log-odds that a person accepts a trafficker's offer of income or escape
  double vulnerability(std::uint32_t person) const {
    const People& people = world.people;
    const std::size_t m = people.municipality[person];
    const bool child = age(person) < 18;
    double log_odds = constant(P::vulnerability_baseline);
    log_odds += constant(P::vulnerability_poverty) *
                std::max(0.0, std::log(constant(P::median_income) / people.income[person]));
    if (!child && !people.has(person, trait::employed))
      log_odds += constant(P::vulnerability_unemployment);
    if (displaced(person)) log_odds += constant(P::vulnerability_displacement);
    if (child && people.has(person, trait::lost_parents))
      log_odds += constant(P::vulnerability_lost_parents);
    log_odds += constant(P::vulnerability_inflation) * context.price_rise[m];
    if (context.economic_shock[m]) log_odds += constant(P::vulnerability_economic_shock);
    if (people.has(person, trait::previously_trafficked))
      log_odds += constant(P::vulnerability_previously_trafficked);
    if (people.has(person, trait::left_unassisted)) log_odds += constant(P::vulnerability_unassisted);
    if (!people.has(person, trait::female)) log_odds += constant(P::vulnerability_male);
    return log_odds;
  }

  bool recruitable(std::uint32_t person) const {
    const PersonState state = world.people.state[person];
    if (state != PersonState::free && state != PersonState::returned) return false;
    const std::uint32_t years = age(person);
    return years >= constant(P::minimum_age) && years <= constant(P::maximum_age);
  }

  void environment_phase();
  void peacekeeper_phase();
  void authority_phase();
  void trafficker_phase(TraffickerTotals& totals);
  void recruitment_phase(const TraffickerTotals& totals);
  void victim_phase(VictimTotals& totals, std::size_t visited);
  void assistance_phase(VictimTotals& totals);
  void collect_metrics(const TraffickerTotals& traffickers, const VictimTotals& victims);
};

void Simulation::State::environment_phase() {
  StepContext& c = context;
  const std::size_t count = municipality_count();
  Municipalities& places = world.municipalities;
  c.year = scenario.year_of_step(week);
  c.week = week;

  const double start = constant(P::rule_of_law_start);
  const double initial = constant(P::rule_of_law_initial);
  const double target = constant(P::rule_of_law_target);
  c.rule_of_law = c.year < start ? initial
                                 : target - (target - initial) *
                                                std::exp(-(c.year - start) / constant(P::rule_of_law_years));
  c.enforcement = value(P::enforcement);
  c.prosecution = value(P::prosecution);
  c.conviction = value(P::conviction);
  c.sentence_weeks = value(P::sentence_weeks);
  c.police_capacity = value(P::police_capacity);
  c.export_flow = value(P::export_demand) * world.people.size() / 100000.0;
  c.traffickers_active = 0.0;
  for (const auto& list : active_in) c.traffickers_active += static_cast<double>(list.size());
  c.predeployment_training = value(P::predeployment_training);
  c.infield_training = value(P::infield_training);
  c.home_prosecution = value(P::home_prosecution);
  c.women_share = value(P::women_share);
  c.whistleblower = value(P::whistleblower_protection);
  c.off_limits = value(P::off_limits);
  c.assistance_capacity = value(P::assistance_capacity);
  c.child_protection = value(P::child_protection) != 0.0;
  c.reporting = static_cast<ReportingMechanism>(std::lround(value(P::reporting_mechanism)));

  c.corruption.assign(count, 0.0);
  c.price.assign(count, 0.0);
  c.price_rise.assign(count, 0.0);
  c.fill.assign(count, 0.0);
  c.availability.assign(count, 0.0);
  c.trafficked_share.assign(count, 0.0);
  c.victims_wanted.assign(count, 0.0);
  c.margin.assign(count, 0.0);
  c.demand_factor.assign(count, 1.0);
  c.economic_shock.assign(count, 0);
  c.troop_factor = 1.0;

  // scheduled shocks
  const auto& names = municipality_name;
  auto displace = [&](std::size_t m, double share) {
    const double weeks = constant(P::displacement_years) * weeks_per_year;
    for (std::uint32_t p = world.municipality_first[m]; p < world.municipality_first[m + 1]; ++p) {
      auto stream = world.random.stream(week, p, Purpose::displacement);
      if (stream.bernoulli(share))
        world.people.displaced_until[p] = static_cast<std::uint16_t>(
            std::clamp(week + std::ceil(stream.exponential(weeks)), 1.0, 65535.0));
    }
  };
  std::vector<double> extra_price(count, 0.0);
  for (const ScheduledShock& shock : scenario.shocks) {
    const double end = shock.year + shock.weeks / weeks_per_year;
    const bool starts_now = shock.year <= c.year && c.year < shock.year + 7.0 / 365.25;
    if (shock.kind != ShockKind::displacement && !(shock.year <= c.year && c.year < end)) continue;
    if (shock.kind == ShockKind::displacement && !starts_now) continue;
    if (shock.kind == ShockKind::troop_surge) c.troop_factor *= 1.0 + shock.magnitude;
    if (shock.kind == ShockKind::drawdown) c.troop_factor *= std::max(0.0, 1.0 - shock.magnitude);
    for (std::size_t m = 0; m < count; ++m) {
      if (!shock.location.empty() && names[m] != shock.location) continue;
      switch (shock.kind) {
        case ShockKind::money_influx: extra_price[m] += shock.magnitude; break;
        case ShockKind::economic: c.economic_shock[m] = 1; break;
        case ShockKind::local_demand: c.demand_factor[m] *= 1.0 + shock.magnitude; break;
        case ShockKind::displacement: displace(m, shock.magnitude); break;
        default: break;
      }
    }
  }

  const double initial_gap = 1.0 - initial;
  const double economic_rate = constant(P::economic_shock_rate) / weeks_per_year;
  const double displacement_rate = constant(P::displacement_shock_rate) / weeks_per_year;
  const double purchases_per_victim = constant(P::purchases_per_victim);
  const double local_demand = value(P::local_demand);
  const double expected_custody =
      c.prosecution * c.conviction * c.sentence_weeks +
      (1.0 - c.prosecution * c.conviction) * constant(P::pretrial_weeks);
  for (std::size_t m = 0; m < count; ++m) {
    c.corruption[m] = places.corruption_at_start[m] *
                      (initial_gap > 0 ? (1.0 - c.rule_of_law) / initial_gap : 1.0);
    // random local shocks
    auto stream = world.random.stream(week, static_cast<std::uint32_t>(m), Purpose::random_shock);
    if (stream.bernoulli(economic_rate))
      places.economic_shock_until[m] = week + static_cast<std::uint32_t>(constant(P::economic_shock_weeks));
    if (places.economic_shock_until[m] > week) c.economic_shock[m] = 1;
    if (stream.bernoulli(displacement_rate)) displace(m, constant(P::displacement_shock_share));

    // international money raises local prices
    const double residents_thousands = std::max(1.0, places.population[m] / 1000.0);
    c.price_rise[m] =
        constant(P::inflation_per_peacekeeper) * places.peacekeepers[m] / residents_thousands +
        extra_price[m];
    c.price[m] = constant(P::price) * (1.0 + c.price_rise[m]);

    // the local market: demand from residents and from peacekeepers (last week's purchases)
    const double voluntary = constant(P::voluntary_sex_workers) * places.population[m] / 1000.0;
    const double supply = (c.victims_local[m] + voluntary) * purchases_per_victim;
    const double demand = local_demand * places.adult_men[m] / 1000.0 * c.demand_factor[m] +
                          places.peacekeeper_purchases[m];
    c.fill[m] = supply > 0 ? std::min(1.0, demand / supply) : 0.0;
    c.availability[m] = demand > 0 ? std::min(1.0, supply / demand) : (supply > 0 ? 1.0 : 0.0);
    c.trafficked_share[m] = c.victims_local[m] + voluntary > 0
                                ? c.victims_local[m] / (c.victims_local[m] + voluntary)
                                : 0.0;
    c.victims_wanted[m] = std::max(0.0, demand - voluntary * purchases_per_victim) / purchases_per_victim;

    // what one more trafficker here expects to make, and to lose; the one more is one person,
    // a fraction of an agent when agents stand for several (population.scale)
    const double one_person = 1.0 / constant(P::scale);
    const double traffickers_here = static_cast<double>(active_in[m].size());
    const double local_victims = std::min(constant(P::max_victims),
                                          c.victims_wanted[m] / (traffickers_here + one_person));
    const double local_revenue =
        local_victims * purchases_per_victim * c.price[m] *
        std::min(1.0, demand / std::max(one_person, supply + purchases_per_victim * one_person));
    const ExportRoute& route = places.export_route[m];
    const double interception =
        1.0 - std::pow(1.0 - constant(P::border_interception) * c.rule_of_law, route.transit_risk);
    const double export_revenue =
        route.reachable ? c.export_flow / (c.traffickers_active + one_person) * constant(P::export_price) * (1.0 - interception)
                        : 0.0;
    // an arrest costs the weeks in custody, valued at the trafficker's own price of freedom plus
    // the earnings forgone meanwhile
    const double revenue = local_revenue + export_revenue;
    const double penalty =
        places.perceived_risk[m] * expected_custody * (constant(P::freedom_value) + revenue);
    c.margin[m] = revenue - penalty - constant(P::operating_cost);
  }
}

void Simulation::State::peacekeeper_phase() {
  const std::size_t count = municipality_count();
  const StepContext& c = context;
  peacekeepers = PeacekeeperTotals(count);
  const double purchase_probability = constant(P::purchase_probability);
  const double spread = constant(P::propensity_spread);
  const double training_effect = constant(P::training_effect);
  const double women_effect = constant(P::women_effect);
  const double deterrence = constant(P::deterrence);
  const double off_limits = 1.0 - constant(P::off_limits_effect) * c.off_limits;
  const double witness = constant(P::witness_probability);
  const double observation = constant(P::observation_probability);
  const double facilitation = constant(P::facilitation_probability);
  const double colleague_report = reporting_probability(false);
  const double trained_report = reporting_probability(true);
  const double pre_cost = constant(P::cost_predeployment_training);
  const double infield_cost = constant(P::cost_infield_training);

  for (std::size_t ci = 0; ci < world.contingents.size(); ++ci) {
    ContingentSlots& slots = world.contingents[ci];
    const Contingent& contingent = scenario.contingents[ci];
    const double troops = contingent.troops.at(c.year) * c.troop_factor / constant(P::scale);
    const auto deployed = std::min<std::uint32_t>(
        slots.slots, static_cast<std::uint32_t>(std::lround(std::max(0.0, troops))));
    const double women_share = contingent.women_share ? contingent.women_share->at(c.year) : c.women_share;
    const double home_prosecution =
        contingent.home_prosecution ? contingent.home_prosecution->at(c.year) : c.home_prosecution;
    // what a purchase risks: a colleague sees it, reports it, and the home nation convicts
    const double sanction = witness * colleague_report * home_prosecution;
    const double restraint = std::exp(-women_effect * women_share) *
                             std::exp(-deterrence * sanction) * off_limits;
    const std::size_t host = slots.host;
    const double presence =
        c.victims_local[host] /
        (c.victims_local[host] + constant(P::sighting_half_saturation) / constant(P::scale));

    // what depends only on how far into their tour a peacekeeper is: the coverage and women's
    // share when the tour began, and the chance of in-field training by now
    const std::uint32_t tour_weeks = slots.tour_weeks;
    std::vector<double> tour_coverage(tour_weeks), tour_women(tour_weeks), trained_by(tour_weeks + 1);
    for (std::uint32_t k = 0; k < tour_weeks; ++k) {
      const double tour_start = scenario.year_of_step(week >= k ? week - k : 0);
      tour_coverage[k] = contingent.predeployment_training ? contingent.predeployment_training->at(tour_start)
                                                           : scenario.schedule(P::predeployment_training).at(tour_start);
      tour_women[k] = contingent.women_share ? contingent.women_share->at(tour_start)
                                             : scenario.schedule(P::women_share).at(tour_start);
    }
    for (std::uint32_t k = 0; k <= tour_weeks; ++k) trained_by[k] = 1.0 - std::pow(1.0 - c.infield_training, k);
    const double facilitation_restraint = std::exp(-deterrence * sanction);

    auto totals = core::deterministic_reduce(
        deployed, PeacekeeperTotals(count),
        [&](PeacekeeperTotals& part, std::size_t begin, std::size_t end) {
          for (auto s = static_cast<std::uint32_t>(begin); s < end; ++s) {
            const std::uint32_t agent = slots.first_agent + s;
            const std::uint32_t position = week + s % tour_weeks;
            const auto tour = static_cast<std::int32_t>(position / tour_weeks);
            const std::uint32_t week_in_tour = position % tour_weeks;
            if (slots.repatriated_tour[s] == tour) continue;  // vacant until the next rotation

            // who holds the slot this tour: drawn once per tour from the (slot, tour) identity
            if (slots.traits_tour[s] != tour) {
              auto traits = world.random.stream(static_cast<std::uint32_t>(tour), agent,
                                                Purpose::peacekeeper_attributes);
              std::uint8_t flags = 0;
              if (traits.bernoulli(tour_women[week_in_tour])) flags |= ContingentSlots::woman;
              if (traits.bernoulli(tour_coverage[week_in_tour])) flags |= ContingentSlots::trained_before;
              slots.infield_draw[s] = static_cast<float>(traits.uniform());
              slots.propensity[s] = static_cast<float>(std::exp(spread * traits.normal()));
              slots.flags[s] = flags;
              slots.traits_tour[s] = tour;
            }
            const bool woman = (slots.flags[s] & ContingentSlots::woman) != 0;
            const bool trained_before = (slots.flags[s] & ContingentSlots::trained_before) != 0;
            const double infield_draw = slots.infield_draw[s];
            const double propensity = slots.propensity[s];
            const bool trained = trained_before || infield_draw < trained_by[week_in_tour];

            part.deployed[host] += 1;
            if (woman) part.women += 1;
            if (trained) part.trained += 1;
            if (week_in_tour == 0 && trained_before) part.training_cost += pre_cost;
            if (!trained_before && week_in_tour > 0 && infield_draw < trained_by[week_in_tour] &&
                infield_draw >= trained_by[week_in_tour - 1])
              part.training_cost += infield_cost;

            // every draw of the week at a fixed place in one stream, used or not, so that a
            // policy that changes one decision leaves the others' numbers alone
            auto week_stream = world.random.stream(week, agent, Purpose::peacekeeper_week);
            double u[8];
            for (double& draw : u) draw = week_stream.uniform();
            const double own_restraint = trained ? 1.0 - training_effect : 1.0;
            if (!woman) {
              const double p = purchase_probability * propensity * own_restraint * restraint *
                               c.availability[host];
              if (u[0] < p) {
                part.purchases[host] += 1;
                if (u[1] < c.trafficked_share[host]) part.purchases_from_victims[host] += 1;
                if (u[2] < witness && u[3] < colleague_report) {
                  part.misconduct_reports += 1;
                  if (u[4] < home_prosecution) {
                    part.convictions += 1;
                    slots.repatriated_tour[s] = tour;
                  }
                }
              }
              if (u[5] < facilitation * propensity * own_restraint * facilitation_restraint)
                part.facilitators[host] += 1;
            }
            if (u[6] < observation * presence && u[7] < (trained ? trained_report : colleague_report))
              part.reports[host] += 1;
          }
        },
        [](PeacekeeperTotals& total, const PeacekeeperTotals& part) { total.add(part); }, 512);
    peacekeepers.add(totals);
  }
  world.municipalities.peacekeepers = peacekeepers.deployed;
  world.municipalities.peacekeeper_purchases = peacekeepers.purchases;
}

void Simulation::State::authority_phase() {
  const std::size_t count = municipality_count();
  const StepContext& c = context;
  Traffickers& traffickers = world.traffickers;
  Municipalities& places = world.municipalities;
  arrests = investigations = prosecutions = convictions = bribes = 0;
  arrests_in.assign(count, 0.0);
  const double memory = 1.0 / constant(P::risk_memory_weeks);
  const double shield = 1.0 - constant(P::facilitation_shield);
  for (std::size_t m = 0; m < count; ++m) {
    auto stream = world.random.stream(week, static_cast<std::uint32_t>(m), Purpose::detection);
    std::vector<std::uint32_t>& here = active_in[m];
    const double active = static_cast<double>(here.size());
    const double leads_rate = constant(P::patrol_leads) * c.rule_of_law * active *
                                  std::pow(shield, peacekeepers.facilitators[m]) +
                              constant(P::community_tips) * c.victims_local[m];
    const std::uint32_t leads =
        stream.poisson(leads_rate) + static_cast<std::uint32_t>(peacekeepers.reports[m]);
    const std::uint32_t capacity =
        stochastic_round(c.police_capacity * places.population[m] / 100000.0 * c.rule_of_law, stream);
    const std::uint32_t cases = std::min(leads, capacity);
    double arrested_here = 0;
    for (std::uint32_t i = 0; i < cases; ++i) {
      investigations += 1;
      if (here.empty()) continue;
      const std::uint32_t k = here[stream.below(static_cast<std::uint32_t>(here.size()))];
      if (traffickers.status[k] != TraffickerStatus::active) continue;
      if (stream.bernoulli(c.corruption[m])) {
        bribes += constant(P::bribe);
        continue;
      }
      if (!stream.bernoulli(c.enforcement)) continue;
      traffickers.status[k] = TraffickerStatus::in_custody;
      arrested_here += 1;
      double custody = constant(P::pretrial_weeks);
      if (stream.bernoulli(c.prosecution)) {
        prosecutions += 1;
        if (stream.bernoulli(c.conviction)) {
          convictions += 1;
          custody = c.sentence_weeks;
        }
      }
      traffickers.custody_until[k] = week + static_cast<std::uint32_t>(std::ceil(custody));
    }
    arrests += arrested_here;
    arrests_in[m] = arrested_here;
    if (active > 0)
      places.perceived_risk[m] += memory * (arrested_here / active - places.perceived_risk[m]);
  }
}

void Simulation::State::trafficker_phase(TraffickerTotals& totals) {
  Traffickers& traffickers = world.traffickers;
  const StepContext& c = context;
  const std::uint32_t pool = traffickers.size();
  wanted_local.assign(pool, 0);
  wanted_total.assign(pool, 0);
  const double entry_rate = constant(P::entry_rate);
  const double exit_rate = constant(P::exit_rate);
  const double scale = constant(P::decision_scale);
  const double relocation = constant(P::relocation_share);
  const double max_victims = constant(P::max_victims);
  const double approaches = constant(P::approaches_per_victim);
  const double abduction = constant(P::abduction_share);
  const double anchor_change = constant(P::anchor_change);
  const auto longest_walk = static_cast<std::uint32_t>(constant(P::longest_walk));
  const double export_quota = c.export_flow / std::max(1.0, c.traffickers_active);
  std::vector<double> share_per_trafficker(municipality_count());
  for (std::size_t m = 0; m < municipality_count(); ++m)
    share_per_trafficker[m] =
        std::min(max_victims, c.victims_wanted[m] / std::max<double>(1.0, active_in[m].size()));

  auto walk = [&](std::uint32_t start, RandomStream& stream) {
    std::uint32_t person = start;
    const std::uint32_t hops = 1 + stream.below(longest_walk);
    for (std::uint32_t hop = 0; hop < hops; ++hop) {
      const auto acquaintances = world.social.acquaintances(person);
      const std::uint32_t household = world.people.household_size[person] - 1u;
      const auto choices = static_cast<std::uint32_t>(acquaintances.size()) + household;
      if (choices == 0) break;
      const std::uint32_t pick = stream.below(choices);
      if (pick < acquaintances.size()) {
        person = acquaintances[pick];
      } else {
        // household members other than the person
        const std::uint32_t first = world.people.household_first[person];
        std::uint32_t member = first + static_cast<std::uint32_t>(pick - acquaintances.size());
        if (member >= person) ++member;
        person = member;
      }
    }
    return person;
  };

  totals = core::deterministic_reduce(
      pool, TraffickerTotals{},
      [&](TraffickerTotals& part, std::size_t begin, std::size_t end) {
        for (auto k = static_cast<std::uint32_t>(begin); k < end; ++k) {
          auto stream = world.random.stream(week, k, Purpose::trafficker_decision);
          TraffickerStatus& status = traffickers.status[k];
          std::uint16_t& home = traffickers.municipality[k];
          if (status == TraffickerStatus::in_custody) {
            if (week < traffickers.custody_until[k]) continue;
            status = TraffickerStatus::inactive;
            home = world.group_home[traffickers.group[k]];
          }
          if (status == TraffickerStatus::inactive) {
            if (!stream.bernoulli(entry_rate * logistic(c.margin[home] / scale))) continue;
            status = TraffickerStatus::active;
            part.entries += 1;
          } else if (stream.bernoulli(exit_rate * logistic(-c.margin[home] / scale))) {
            // low profit or high risk: move where it pays better, or give up
            std::size_t best = home;
            for (std::size_t n : world.municipalities.neighbours[home])
              if (c.margin[n] > c.margin[best] && world.municipalities.population[n] > 0) best = n;
            if (best != home && stream.bernoulli(relocation)) {
              home = static_cast<std::uint16_t>(best);
              traffickers.anchor[k] = world.municipality_first[best] +
                                      stream.below(world.municipalities.population[best]);
              part.relocations += 1;
            } else {
              status = TraffickerStatus::inactive;
              continue;
            }
          }
          // social circles change: now and then a new way in
          if (stream.bernoulli(anchor_change) && world.municipalities.population[home] > 0)
            traffickers.anchor[k] =
                world.municipality_first[home] + stream.below(world.municipalities.population[home]);

          const double local_target = share_per_trafficker[home];
          const std::uint32_t local = std::max<std::int64_t>(
              0, static_cast<std::int64_t>(stochastic_round(local_target, stream)) -
                     traffickers.held_local[k]);
          const std::uint32_t exported =
              world.municipalities.export_route[home].reachable ? stream.poisson(export_quota) : 0;
          const auto wanted = static_cast<std::uint32_t>(
              std::min<double>(local + exported, max_victims));
          wanted_local[k] = static_cast<std::uint16_t>(std::min(local, wanted));
          wanted_total[k] = static_cast<std::uint16_t>(wanted);
          for (std::uint32_t v = 0; v < wanted; ++v) {
            if (stream.bernoulli(abduction)) {
              part.approaches.push_back({walk(traffickers.anchor[k], stream), k, true});
              continue;
            }
            const auto tries = static_cast<std::uint32_t>(approaches);
            for (std::uint32_t a = 0; a < tries; ++a)
              part.approaches.push_back({walk(traffickers.anchor[k], stream), k, false});
          }
        }
      },
      [](TraffickerTotals& total, const TraffickerTotals& part) {
        total.approaches.insert(total.approaches.end(), part.approaches.begin(), part.approaches.end());
        total.entries += part.entries;
        total.relocations += part.relocations;
      },
      64);
}

void Simulation::State::recruitment_phase(const TraffickerTotals& totals) {
  recruited_now.assign(world.traffickers.size(), 0);
  People& people = world.people;
  for (const Approach& approach : totals.approaches) {
    const std::uint32_t k = approach.trafficker;
    if (recruited_now[k] >= wanted_total[k]) continue;
    const std::uint32_t p = approach.person;
    if (!recruitable(p)) continue;
    auto stream = world.random.stream(week, p, Purpose::offer_acceptance);
    const double accepted = stream.uniform();
    if (approach.abduction ? !people.has(p, trait::female)
                           : accepted >= logistic(vulnerability(p)))
      continue;
    const bool local = recruited_now[k] < wanted_local[k];
    ++recruited_now[k];
    const std::uint16_t home = world.traffickers.municipality[k];
    std::uint16_t transit_weeks = 0;
    if (!local) {
      const double distance = world.municipalities.export_route[home].distance_km;
      transit_weeks = static_cast<std::uint16_t>(
          std::clamp(std::ceil(distance / constant(P::transit_speed)), 1.0, 65535.0));
    }
    --world.state_counts[index(people.state[p])];
    ++world.state_counts[index(PersonState::recruited)];
    people.state[p] = PersonState::recruited;

    metrics[Metric::victims_recruited] += 1;
    if (age(p) < 18) metrics[Metric::children_recruited] += 1;
    if (approach.abduction) metrics[Metric::victims_abducted] += 1;
    if (people.has(p, trait::previously_trafficked)) metrics[Metric::victims_retrafficked] += 1;
    metrics.at(people.municipality[p], LocationMetric::victims_recruited) += 1;
    people.traits[p] = static_cast<std::uint8_t>(
        (people.traits[p] | trait::previously_trafficked) & ~trait::left_unassisted);
    world.victims.push_back(Victim{p, k, home, 0, transit_weeks});
  }
}

void Simulation::State::victim_phase(VictimTotals& totals, std::size_t visited) {
  const StepContext& c = context;
  People& people = world.people;
  const Traffickers& traffickers = world.traffickers;
  const std::size_t count = municipality_count();
  const double purchases = constant(P::purchases_per_victim);
  const double identification = constant(P::identification_rate) * c.rule_of_law;
  const double child_factor = c.child_protection ? constant(P::child_identification) : 1.0;
  const double abroad = constant(P::abroad_identification_rate);
  const double self_exit = constant(P::self_exit_rate);
  const double interception = constant(P::border_interception) * c.rule_of_law;
  const double revenue_abroad = constant(P::revenue_abroad);
  const double export_price = constant(P::export_price);
  const double assistance_weeks = constant(P::assistance_weeks);

  // only those held before this week's recruitment: new recruits stay "recruited" for the week
  totals = core::deterministic_reduce(
      visited, VictimTotals(count),
      [&](VictimTotals& part, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
          Victim& victim = world.victims[i];
          const std::uint32_t p = victim.person;
          const PersonState before = people.state[p];
          PersonState after = before;
          auto stream = world.random.stream(week, p, Purpose::victim_transition);
          const TraffickerStatus owner = traffickers.status[victim.trafficker];
          const bool held = before == PersonState::recruited || before == PersonState::exploited_local;
          bool identify = false;
          if (held && owner == TraffickerStatus::in_custody) {
            identify = true;  // found when their trafficker was arrested
          } else if (held && owner == TraffickerStatus::inactive) {
            after = PersonState::returned;  // let go when their trafficker quit
            part.self_exited += 1;
            people.traits[p] |= trait::left_unassisted;
          } else {
            switch (before) {
              case PersonState::recruited:
                if (victim.transit_weeks > 0) {
                  after = PersonState::in_transit;
                } else {
                  after = PersonState::exploited_local;
                  victim.location = traffickers.municipality[victim.trafficker];
                }
                break;
              case PersonState::in_transit: {
                if (--victim.transit_weeks > 0) break;
                const double risk = world.municipalities.export_route[victim.location].transit_risk;
                if (stream.bernoulli(1.0 - std::pow(1.0 - interception, risk))) {
                  identify = true;
                  part.intercepted += 1;
                } else {
                  after = PersonState::exploited_abroad;
                  part.exported += 1;
                  part.revenue += export_price;
                }
                break;
              }
              case PersonState::exploited_local: {
                victim.location = traffickers.municipality[victim.trafficker];
                const double served = purchases * c.fill[victim.location];
                part.purchases += served;
                part.revenue += served * c.price[victim.location];
                auto found = world.random.stream(week, p, Purpose::victim_identification);
                const double factor = age(p) < 18 ? child_factor : 1.0;
                if (found.bernoulli(identification * factor)) {
                  identify = true;
                } else if (stream.bernoulli(self_exit)) {
                  after = PersonState::returned;
                  part.self_exited += 1;
                  people.traits[p] |= trait::left_unassisted;
                }
                break;
              }
              case PersonState::exploited_abroad: {
                part.revenue_abroad += revenue_abroad;
                auto found = world.random.stream(week, p, Purpose::victim_identification);
                if (found.bernoulli(abroad)) {
                  // identified and assisted abroad, then sent home
                  after = PersonState::returned;
                  part.identified_total += 1;
                  if (age(p) < 18) part.children_identified += 1;
                } else if (stream.bernoulli(self_exit)) {
                  after = PersonState::returned;
                  part.self_exited += 1;
                  people.traits[p] |= trait::left_unassisted;
                }
                break;
              }
              case PersonState::assisted:
                if (victim.weeks_in_state + 1 >= assistance_weeks) after = PersonState::returned;
                break;
              default: break;
            }
          }
          if (identify) {
            // placed in assistance or sent home by assistance_phase
            part.identified_total += 1;
            part.identified[victim.location] += 1;
            if (age(p) < 18) part.children_identified += 1;
            part.to_assist.push_back(static_cast<std::uint32_t>(i));
            continue;
          }
          if (after != before) {
            people.state[p] = after;
            --part.state_change[index(before)];
            ++part.state_change[index(after)];
            victim.weeks_in_state = 0;
          } else if (victim.weeks_in_state < 65535) {
            ++victim.weeks_in_state;
          }
        }
      },
      [](VictimTotals& total, const VictimTotals& part) { total.add(part); }, 256);
  for (std::size_t s = 0; s < person_state_count; ++s)
    world.state_counts[s] = static_cast<std::uint32_t>(world.state_counts[s] + totals.state_change[s]);
}

void Simulation::State::assistance_phase(VictimTotals& totals) {
  People& people = world.people;
  auto& order = totals.to_assist;
  if (context.child_protection)
    std::stable_partition(order.begin(), order.end(),
                          [&](std::uint32_t i) { return age(world.victims[i].person) < 18; });
  // shelters and referral serve the whole country: places are counted nationally
  const double capacity = std::floor(context.assistance_capacity * world.people.size() / 100000.0);
  double assisted = world.state_counts[index(PersonState::assisted)];
  for (std::uint32_t i : order) {
    Victim& victim = world.victims[i];
    const std::uint32_t p = victim.person;
    const PersonState before = people.state[p];
    PersonState after = PersonState::returned;
    if (assisted + 1.0 <= capacity) {
      after = PersonState::assisted;
      assisted += 1;
    } else {
      people.traits[p] |= trait::left_unassisted;
    }
    --world.state_counts[index(before)];
    ++world.state_counts[index(after)];
    people.state[p] = after;
    victim.weeks_in_state = 0;
  }
  // former victims back home are no longer visited
  std::erase_if(world.victims,
                [&](const Victim& victim) { return people.state[victim.person] == PersonState::returned; });
}

void Simulation::State::collect_metrics(const TraffickerTotals& traffickers,
                                        const VictimTotals& victims) {
  const std::size_t count = municipality_count();
  const StepContext& c = context;
  StepMetrics& out = metrics;
  const auto& counts = world.state_counts;
  out[Metric::people_free] = counts[index(PersonState::free)];
  out[Metric::people_recruited] = counts[index(PersonState::recruited)];
  out[Metric::victims_in_transit] = counts[index(PersonState::in_transit)];
  out[Metric::victims_exploited_local] = counts[index(PersonState::exploited_local)];
  out[Metric::victims_exploited_abroad] = counts[index(PersonState::exploited_abroad)];
  out[Metric::victims_assisted] = counts[index(PersonState::assisted)];
  out[Metric::people_returned] = counts[index(PersonState::returned)];

  out[Metric::victims_exported] = victims.exported;
  out[Metric::victims_intercepted] = victims.intercepted;
  out[Metric::victims_identified] = victims.identified_total;
  out[Metric::children_identified] = victims.children_identified;
  out[Metric::victims_self_exited] = victims.self_exited;
  out[Metric::trafficker_revenue] = victims.revenue;
  out[Metric::victim_purchases] = victims.purchases;
  out[Metric::revenue_abroad] = victims.revenue_abroad;
  out[Metric::bribes_paid] = bribes;
  out[Metric::trafficker_entries] = traffickers.entries;
  out[Metric::trafficker_relocations] = traffickers.relocations;

  double deployed = 0, purchases = 0, from_victims = 0, reports = 0, facilitators = 0;
  for (std::size_t m = 0; m < count; ++m) {
    deployed += peacekeepers.deployed[m];
    purchases += peacekeepers.purchases[m];
    from_victims += peacekeepers.purchases_from_victims[m];
    reports += peacekeepers.reports[m];
    facilitators += peacekeepers.facilitators[m];
  }
  out[Metric::peacekeepers_deployed] = deployed;
  out[Metric::peacekeepers_trained] = peacekeepers.trained;
  out[Metric::peacekeeper_purchases] = purchases;
  out[Metric::peacekeeper_purchases_from_victims] = from_victims;
  out[Metric::peacekeepers_facilitating] = facilitators;
  out[Metric::trafficking_reports] = reports;
  out[Metric::misconduct_reports] = peacekeepers.misconduct_reports;
  out[Metric::peacekeeper_convictions] = peacekeepers.convictions;
  out[Metric::investigations] = investigations;
  out[Metric::arrests] = arrests;
  out[Metric::prosecutions] = prosecutions;
  out[Metric::convictions] = convictions;
  out[Metric::rule_of_law] = c.rule_of_law;

  // traffickers per municipality and victims exploited there, for the next step and the output
  double active = 0, in_custody = 0;
  for (auto& list : active_in) list.clear();
  std::fill(world.traffickers.held_local.begin(), world.traffickers.held_local.end(), 0);
  for (std::uint32_t k = 0; k < world.traffickers.size(); ++k) {
    if (world.traffickers.status[k] == TraffickerStatus::active) {
      active += 1;
      active_in[world.traffickers.municipality[k]].push_back(k);
    } else if (world.traffickers.status[k] == TraffickerStatus::in_custody) {
      in_custody += 1;
    }
  }
  out[Metric::traffickers_active] = active;
  out[Metric::traffickers_in_custody] = in_custody;
  context.victims_local.assign(count, 0.0);
  for (const Victim& victim : world.victims) {
    const PersonState state = world.people.state[victim.person];
    if (state == PersonState::exploited_local) context.victims_local[victim.location] += 1;
    if (state == PersonState::exploited_local ||
        (state == PersonState::recruited && victim.transit_weeks == 0))
      ++world.traffickers.held_local[victim.trafficker];
  }

  double population = 0, weighted_price_rise = 0;
  for (std::size_t m = 0; m < count; ++m) {
    out.at(m, LocationMetric::victims_exploited_local) = context.victims_local[m];
    out.at(m, LocationMetric::victims_identified) = victims.identified[m];
    out.at(m, LocationMetric::traffickers_active) = static_cast<double>(active_in[m].size());
    out.at(m, LocationMetric::peacekeepers_deployed) = peacekeepers.deployed[m];
    out.at(m, LocationMetric::peacekeeper_purchases) = peacekeepers.purchases[m];
    out.at(m, LocationMetric::arrests) = arrests_in[m];
    out.at(m, LocationMetric::price_rise) = c.price_rise[m];
    population += world.municipalities.population[m];
    weighted_price_rise += c.price_rise[m] * world.municipalities.population[m];
  }
  out[Metric::mean_price_rise] = population > 0 ? weighted_price_rise / population : 0.0;

  // what the levers cost this week
  const double thousands_deployed = deployed / 1000.0;
  const double per_100k = population / 100000.0;
  double cost = peacekeepers.training_cost;
  cost += investigations * (constant(P::cost_investigation) + constant(P::cost_enforcement) * c.enforcement);
  cost += (prosecutions + peacekeepers.convictions) * constant(P::cost_prosecution);
  cost += peacekeepers.women * constant(P::cost_woman_peacekeeper);
  cost += thousands_deployed * constant(P::cost_reporting) * static_cast<double>(c.reporting);
  cost += thousands_deployed * constant(P::cost_whistleblower) * c.whistleblower;
  cost += thousands_deployed * constant(P::cost_off_limits) * c.off_limits;
  if (c.year >= constant(P::rule_of_law_start))
    cost += std::max(0.0, constant(P::rule_of_law_target) - c.rule_of_law) *
            constant(P::cost_rule_of_law) * per_100k;
  cost += out[Metric::victims_assisted] * constant(P::cost_assistance);
  out[Metric::policy_cost] = cost;

  // agents stand for `scale` people each: everything countable, and money, in real units
  const double scale = constant(P::scale);
  if (scale != 1.0) {
    for (std::size_t m = 0; m < metric_count; ++m)
      if (extensive(metric_table()[m])) out.values[m] *= scale;
    for (std::size_t place = 0; place < count; ++place)
      for (std::size_t m = 0; m < location_metric_count; ++m)
        if (extensive(location_metric_table()[m])) out.location_values[place * location_metric_count + m] *= scale;
  }
  // a flat weekly cost does not grow with the agents
  if (c.child_protection) out[Metric::policy_cost] += constant(P::cost_child_protection);
}

Simulation::Simulation(const Scenario& scenario, std::uint64_t seed, std::uint32_t replicate)
    : state_(std::make_unique<State>(scenario, seed, replicate)) {
  const std::size_t count = state_->municipality_count();
  state_->active_in.assign(count, {});
  for (std::uint32_t k = 0; k < state_->world.traffickers.size(); ++k)
    if (state_->world.traffickers.status[k] == TraffickerStatus::active)
      state_->active_in[state_->world.traffickers.municipality[k]].push_back(k);
  state_->context.victims_local.assign(count, 0.0);
}

Simulation::~Simulation() = default;
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;

StepMetrics Simulation::step() {
  State& s = *state_;
  s.metrics = StepMetrics{};
  s.metrics.location_values.assign(s.municipality_count() * location_metric_count, 0.0);
  s.environment_phase();
  s.peacekeeper_phase();
  s.authority_phase();
  TraffickerTotals traffickers;
  s.trafficker_phase(traffickers);
  const std::size_t held_before = s.world.victims.size();
  s.recruitment_phase(traffickers);
  VictimTotals victims(s.municipality_count());
  s.victim_phase(victims, held_before);
  s.assistance_phase(victims);
  s.collect_metrics(traffickers, victims);
  ++s.week;
  return s.metrics;
}

void Simulation::run(MetricsSink& sink,
                     const std::function<void(std::uint32_t, std::uint32_t)>& progress) {
  while (state_->week < state_->steps) {
    const std::uint32_t week = state_->week;
    sink.record(week, step());
    if (progress) progress(week + 1, state_->steps);
  }
}

std::uint32_t Simulation::steps() const noexcept { return state_->steps; }
std::uint32_t Simulation::steps_done() const noexcept { return state_->week; }
const World& Simulation::world() const noexcept { return state_->world; }
const Scenario& Simulation::scenario() const noexcept { return state_->scenario; }

std::array<std::uint32_t, person_state_count> Simulation::count_states() const {
  std::array<std::uint32_t, person_state_count> counts{};
  for (PersonState state : state_->world.people.state) ++counts[index(state)];
  return counts;
}

}  // namespace tipsim::model
