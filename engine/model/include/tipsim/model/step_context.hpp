#pragma once
// What every phase of one step reads and none changes: the policy values in force this week and
// the state of each municipality's market and authorities. Policies a [[local]] table may set
// for some municipalities (flagged local in parameters.def) are held per municipality. Built by the
// environment phase at the start of the step; read-only afterwards. Counts are in people, whatever
// population.scale.

#include <cstdint>
#include <vector>

#include "tipsim/model/parameters.hpp"

namespace tipsim::model {

struct StepContext {
  std::uint32_t week = 0;
  double year = 0.0;
  double troop_factor = 1.0;  ///< scheduled surges and drawdowns of the whole force
  double export_flow = 0.0;   ///< victims/week (people) the markets abroad take from the country
  double export_price = 0.0;  ///< USD the markets abroad pay per victim delivered this week
  double traffickers_active = 0.0;  ///< at the start of the step
  double infield_training = 0.0;
  double whistleblower = 0.0, off_limits = 0.0, assistance_capacity = 0.0, client_penalty = 0.0;
  bool child_protection = false;
  ReportingMechanism reporting = ReportingMechanism::confidential;

  // per municipality: the policies in force there
  std::vector<double> rule_of_law;  ///< strength of the rule of law (0-1)
  std::vector<double> enforcement, prosecution, conviction, sentence_weeks, police_capacity;
  std::vector<double> patrol_leads, community_tips, identification_rate, client_enforcement;
  // per municipality: its market and authorities
  std::vector<double> corruption;        ///< probability an official takes a bribe
  std::vector<double> price;             ///< USD per purchase
  std::vector<double> price_rise;        ///< relative to normal prices
  std::vector<double> fill;              ///< share of supplied purchases that find a client
  std::vector<double> availability;      ///< share of demanded purchases that find a supplier
  std::vector<double> trafficked_share;  ///< share of sellers who are trafficked victims
  std::vector<double> victims_wanted;    ///< victims the market could absorb
  std::vector<double> local_purchases;   ///< purchases local clients make this week
  std::vector<double> purchases_from_next_door;  ///< of them, by residents of the neighbours
  std::vector<double> clients_penalised;         ///< local clients whose purchase brings a penalty
  std::vector<double> entry_margin;      ///< expected weekly profit (USD) of a trafficker coming in
  std::vector<double> stay_margin;       ///< expected weekly profit (USD) of one already there
  std::vector<double> victims_local;     ///< victims exploited there at the start
  std::vector<double> victims_seen;      ///< the same, less what their traffickers hide
  std::vector<double> expected_custody;  ///< weeks in custody an arrest there costs, on average
  std::vector<double> demand_factor;     ///< local demand multiplier from scheduled shocks
  /// what a victim recruited there for sale abroad leaves her trafficker, in expectation (USD);
  /// read only when exports are a choice (demand.export_elasticity > 0)
  std::vector<double> export_margin;
  std::vector<std::uint8_t> economic_shock;
  // per municipality: how its traffickers fill a place in the local market
  std::vector<double> import_share;  ///< share of victims wanted there they buy abroad
  /// the source regions with victims to sell, best buy first (empty: none)
  std::vector<std::vector<std::uint16_t>> import_ranking;
  // per source region
  std::vector<double> import_supply;  ///< most victims its recruiters deliver this week
};

}  // namespace tipsim::model
