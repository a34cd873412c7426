#include "tipsim/model/step_outcomes.hpp"

namespace tipsim::model {

StepMetrics collect_metrics(const CompiledModel& model, const StepContext& c,
                            const StepOutcomes& outcomes, const World& world) {
  const std::size_t count = model.municipality_count();
  const PeacekeeperOutcome& peacekeepers = outcomes.peacekeepers;
  const AuthorityOutcome& authorities = outcomes.authorities;
  const RecruitmentOutcome& recruitment = outcomes.recruitment;
  const VictimOutcome& victims = outcomes.victims;
  StepMetrics out;
  out.location_values.assign(count * location_metric_count, 0.0);

  const auto state = [&](PersonState s) {
    return static_cast<double>(world.state_counts[static_cast<std::size_t>(s)]);
  };
  out[Metric::people_free] = state(PersonState::free);
  out[Metric::people_recruited] = state(PersonState::recruited);
  out[Metric::victims_in_transit] = state(PersonState::in_transit);
  out[Metric::victims_exploited_local] = state(PersonState::exploited_local);
  out[Metric::victims_exploited_abroad] = state(PersonState::exploited_abroad);
  out[Metric::victims_assisted] = state(PersonState::assisted);
  out[Metric::people_returned] = state(PersonState::returned);

  out[Metric::victims_recruited] = recruitment.recruited;
  out[Metric::children_recruited] = recruitment.children;
  out[Metric::victims_abducted] = recruitment.abducted;
  out[Metric::victims_retrafficked] = recruitment.retrafficked;
  out[Metric::people_first_trafficked] = recruitment.first_time;
  out[Metric::children_first_trafficked] = recruitment.children_first_time;
  // a week in a state at the end of the step is a week of it: the stocks become flows that sum
  // to victim-weeks over a run
  const auto foreign = [&](PersonState s) {
    return static_cast<double>(world.foreign_counts[static_cast<std::size_t>(s)]);
  };
  out[Metric::victim_weeks_local] =
      state(PersonState::exploited_local) + foreign(PersonState::exploited_local);
  out[Metric::victim_weeks_abroad] = state(PersonState::exploited_abroad);
  out[Metric::victim_weeks] =
      state(PersonState::recruited) + state(PersonState::in_transit) +
      state(PersonState::exploited_local) + state(PersonState::exploited_abroad) +
      foreign(PersonState::in_transit) + foreign(PersonState::exploited_local);
  out[Metric::victim_weeks_foreign] =
      foreign(PersonState::in_transit) + foreign(PersonState::exploited_local);
  out[Metric::victims_bought_abroad] = recruitment.bought;
  out[Metric::children_bought_abroad] = recruitment.children_bought;
  out[Metric::victims_imported] = victims.imported;
  out[Metric::imports_intercepted] = victims.imports_intercepted;
  out[Metric::victims_identified_foreign] = victims.identified_foreign;
  out[Metric::foreign_victims_deported] = outcomes.assistance.foreign_deported;
  out[Metric::foreign_victims_in_transit] = foreign(PersonState::in_transit);
  out[Metric::foreign_victims_exploited] = foreign(PersonState::exploited_local);
  out[Metric::foreign_victims_assisted] = foreign(PersonState::assisted);
  out[Metric::import_spending] = recruitment.import_spending;

  out[Metric::victims_exported] = victims.exported;
  out[Metric::victims_intercepted] = victims.intercepted;
  out[Metric::victims_identified] = victims.identified_total;
  out[Metric::children_identified] = victims.children_identified;
  out[Metric::victims_self_exited] = victims.self_exited;
  out[Metric::victims_self_referred] = victims.self_referred;
  out[Metric::trafficker_revenue] = victims.revenue;
  out[Metric::victim_purchases] = victims.purchases;
  out[Metric::revenue_abroad] = victims.revenue_abroad;
  out[Metric::bribes_paid] = authorities.bribes;
  out[Metric::trafficker_entries] = outcomes.traffickers.entries;
  out[Metric::trafficker_entries_elsewhere] = outcomes.traffickers.entries_elsewhere;
  out[Metric::trafficker_relocations] = outcomes.traffickers.relocations;

  double reports = 0, facilitators = 0;
  for (std::size_t m = 0; m < count; ++m) {
    reports += peacekeepers.reports[m];
    facilitators += peacekeepers.facilitators[m];
  }
  // the force is every international less the civilians (counts in people: exact)
  const InternationalTally& civilians = peacekeepers.civilians;
  const auto force = [&](double InternationalTally::*field) {
    return peacekeepers.all.*field - civilians.*field;
  };
  using T = InternationalTally;
  const double deployed = force(&T::deployed);
  out[Metric::peacekeepers_deployed] = deployed;
  out[Metric::peacekeepers_trained] = force(&T::trained);
  out[Metric::peacekeepers_women] = force(&T::women);
  out[Metric::peacekeeper_purchases] = force(&T::purchases);
  out[Metric::peacekeeper_purchases_from_victims] = force(&T::purchases_from_victims);
  out[Metric::peacekeepers_facilitating] = facilitators;
  out[Metric::trafficking_reports] = reports;
  out[Metric::misconduct_reports] = force(&T::misconduct_reports);
  out[Metric::peacekeeper_convictions] = force(&T::convictions);
  out[Metric::peacekeeper_purchases_off_limits] = force(&T::purchases_off_limits);
  out[Metric::peacekeeper_objections] = force(&T::objections);
  out[Metric::patrol_reports] = force(&T::patrol_reports);
  out[Metric::peacekeeper_expected_sanction] =
      deployed > 0 ? force(&T::expected_sanction) / deployed : 0.0;
  out[Metric::civilians_deployed] = civilians.deployed;
  out[Metric::civilian_purchases] = civilians.purchases;
  out[Metric::civilian_purchases_from_victims] = civilians.purchases_from_victims;
  out[Metric::civilian_misconduct_reports] = civilians.misconduct_reports;
  out[Metric::civilian_convictions] = civilians.convictions;
  out[Metric::internationals_caught_locally] = peacekeepers.all.caught_locally;
  out[Metric::internationals_convicted_locally] = peacekeepers.all.convicted_locally;
  out[Metric::investigations] = authorities.investigations;
  out[Metric::arrests] = authorities.arrests;
  out[Metric::prosecutions] = authorities.prosecutions;
  out[Metric::convictions] = authorities.convictions;

  double active = 0, in_custody = 0;
  for (TraffickerStatus status : world.traffickers.status) {
    if (status == TraffickerStatus::active) active += 1;
    if (status == TraffickerStatus::in_custody) in_custody += 1;
  }
  out[Metric::traffickers_active] = active;
  out[Metric::traffickers_in_custody] = in_custody;

  const Municipalities& places = world.municipalities;
  double population = 0, weighted_price_rise = 0, weighted_markup = 0, weighted_rule_of_law = 0;
  double local_purchases = 0, clients_penalised = 0;
  for (std::size_t m = 0; m < count; ++m) {
    out.at(m, LocationMetric::victims_exploited_local) = places.victims_local[m];
    out.at(m, LocationMetric::victims_recruited) = recruitment.recruited_from[m];
    out.at(m, LocationMetric::victims_identified) = victims.identified[m];
    out.at(m, LocationMetric::traffickers_active) = static_cast<double>(places.active[m].size());
    out.at(m, LocationMetric::peacekeepers_deployed) = peacekeepers.deployed[m];
    out.at(m, LocationMetric::peacekeeper_purchases) = peacekeepers.purchases[m];
    out.at(m, LocationMetric::arrests) = authorities.arrests_in[m];
    out.at(m, LocationMetric::price_rise) = c.price_rise[m];
    out.at(m, LocationMetric::victims_exported) = victims.exported_from[m];
    out.at(m, LocationMetric::purchases_from_next_door) = c.purchases_from_next_door[m];
    population += model.municipality_agents[m];
    weighted_price_rise += c.price_rise[m] * model.municipality_agents[m];
    weighted_rule_of_law += c.rule_of_law[m] * model.municipality_agents[m];
    const double normal_price = model.constant(ParameterId::price) * (1.0 + c.price_rise[m]);
    if (normal_price > 0)
      weighted_markup += (c.price[m] / normal_price - 1.0) * model.municipality_agents[m];
    local_purchases += c.local_purchases[m];
    clients_penalised += c.clients_penalised[m];
  }
  out[Metric::mean_price_rise] = population > 0 ? weighted_price_rise / population : 0.0;
  out[Metric::rule_of_law] = population > 0 ? weighted_rule_of_law / population : 0.0;
  out[Metric::mean_scarcity_markup] = population > 0 ? weighted_markup / population : 0.0;
  const double reference_price = model.constant(ParameterId::export_price);
  out[Metric::export_price_markup] =
      reference_price > 0 ? c.export_price / reference_price - 1.0 : 0.0;
  out[Metric::local_purchases] = local_purchases;
  out[Metric::local_clients_penalised] = clients_penalised;

  out[Metric::policy_cost] = policy_cost(model, c, outcomes, world);
  return out;
}

}  // namespace tipsim::model
