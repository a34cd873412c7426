// The peacekeeper-side levers act through behaviour: what peacekeepers expect, see, say and do.
// Each test runs the small country in pairs of configurations over 20 replicates (the same
// replicate in both: common random numbers, paired_runs.hpp) and reads the paired effect with its
// 95% interval.
// Where only the effect is asked for, whatever its sign, the figures are written to
// peacekeeper-levers-*.md in the test's folder; the checks are on what the mechanisms must do.

#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "paired_runs.hpp"
#include "phases/phase_fixture.hpp"
#include "tipsim/model/phases/peacekeepers.hpp"

using namespace tipsim;
using namespace tipsim::testing;
using model::Metric;

namespace {

// purchases per man-week deployed
double per_man(const model::RunData& data) {
  return whole(Metric::peacekeeper_purchases)(data) /
         (whole(Metric::peacekeepers_deployed)(data) - whole(Metric::peacekeepers_women)(data));
}

}  // namespace

TEST_CASE("an announced home prosecution never applied deters only until it is learned",
          "[peacekeepers][levers]") {
  // nobody is ever seen or caught: the announcement is all there is. It comes in week 52;
  // the memory is 8 weeks
  const std::vector<std::string> common{"time.years=3",
                                        "peacekeepers.witness_probability=0",
                                        "peacekeepers.patrol_detection=0",
                                        "authorities.client_detection=0",
                                        "peacekeepers.conformity=0",
                                        "peacekeepers.sanction_memory=8",
                                        "peacekeepers.briefed_detection=0.05",
                                        "peacekeepers.deterrence=100"};
  auto with = [&](const std::string& prosecution) {
    auto overrides = common;
    overrides.push_back("policy.home_prosecution=" + prosecution);
    overrides.push_back("contingent.South.home_prosecution=" + prosecution);
    return overrides;
  };
  const auto announced = with("[[1999.5, 0.0], [2000.5, 0.6]]");
  const auto never = with("0");
  const auto early = weeks(Metric::peacekeeper_purchases, 52, 60);   // the first memory
  const auto late = weeks(Metric::peacekeeper_purchases, 100, 116);  // the seventh and eighth
  const auto before = weeks(Metric::peacekeeper_purchases, 0, 52);
  const auto early_announced = readings(announced, early);
  const auto early_never = readings(never, early);
  const auto late_announced = readings(announced, late);
  const auto late_never = readings(never, late);
  const batch::Interval first = paired(early_announced, early_never);
  const batch::Interval later = paired(late_announced, late_never);
  INFO("first 8 weeks after the announcement: " << shown(first, mean(early_never)));
  INFO("weeks 48-64 after it: " << shown(later, mean(late_never)));
  // purchases fall when it is announced...
  CHECK(first.high < 0);
  CHECK(first.mean < -0.2 * mean(early_never));
  // ...and are back where they would be within a few memories. The belief has gone: the
  // sanction expected is under 1% of the one announced (0.05 x 0.6)...
  const auto sanction = weeks(Metric::peacekeeper_expected_sanction, 100, 116);
  CHECK(mean(readings(announced, sanction)) / 16 < 0.01 * 0.03);
  // ...and so has its effect: per week, under a tenth of the first one, and even the interval's
  // far end under a quarter (no difference is asked for: an interval excludes zero by chance
  // one time in twenty)
  const double first_weekly = std::abs(first.mean) / 8;
  CHECK(std::abs(later.mean) / 16 < 0.1 * first_weekly);
  CHECK(std::max(-later.low, later.high) / 16 < 0.25 * first_weekly);
  // before the announcement the two are the same runs
  CHECK(readings(announced, before) == readings(never, before));
  std::ofstream("peacekeeper-levers-announcement.md", std::ios::trunc)
      << "announced home prosecution 0.6, never applied (purchases, paired, " << replicates
      << " replicates): first 8 weeks " << shown(first, mean(early_never)) << "; weeks 48-64 "
      << shown(later, mean(late_never)) << "\n";
}

TEST_CASE("women in the force change men's purchases only through reports sanctions and norms",
          "[peacekeepers][levers]") {
  const std::vector<std::string> common{"time.years=3"};
  auto with = [&](double women, std::vector<std::string> more) {
    more.insert(more.end(), common.begin(), common.end());
    more.push_back("policy.women_share=" + std::to_string(women));
    more.push_back("contingent.South.women_share=" + std::to_string(women));
    return more;
  };
  // every channel closed: nobody sees a purchase or signs of trafficking, no patrol, no norm.
  // Women are then only fewer men: purchases per man do not change. (With sightings left open,
  // women's reports of trafficking alone lowered them by about 1.4%, through the market.)
  const std::vector<std::string> closed{
      "peacekeepers.witness_probability=0", "peacekeepers.patrol_detection=0",
      "authorities.client_detection=0", "peacekeepers.conformity=0",
      "peacekeepers.observation_probability=0"};
  const auto few = readings(with(0.03, closed), per_man);
  const auto many = readings(with(0.3, closed), per_man);
  const batch::Interval none = paired(many, few);
  INFO("channels closed, per man: " << shown(none, mean(few)));
  CHECK(none.low < 0);
  CHECK(none.high > 0);

  // the channels open, with and without an open reporting mechanism, under weak and strong home
  // prosecution: whatever the signs, the figures are shown
  std::ofstream table("peacekeeper-levers-women.md", std::ios::trunc);
  table << "\nwomen 0.03 -> 0.30 from the start, effect on purchases per man-week (paired, "
        << replicates << " replicates)\n\n| reporting | home prosecution | effect per man | "
        << "objections |\n|---|---|---|---|\n";
  for (const std::string reporting : {"confidential", "open"})
    for (const std::string prosecution : {"0.1", "0.6"}) {
      const std::vector<std::string> open{"policy.reporting_mechanism=\"" + reporting + "\"",
                                          "policy.home_prosecution=" + prosecution,
                                          "contingent.South.home_prosecution=" + prosecution};
      const auto base = readings(with(0.03, open), per_man);
      const auto more = readings(with(0.3, open), per_man);
      const auto objections_base =
          readings(with(0.03, open), whole(Metric::peacekeeper_objections));
      const auto objections_more = readings(with(0.3, open), whole(Metric::peacekeeper_objections));
      const batch::Interval effect = paired(more, base);
      const batch::Interval objected = paired(objections_more, objections_base);
      table << "| " << reporting << " | " << prosecution << " | " << shown(effect, mean(base))
            << " | " << shown(objected, mean(objections_base)) << " |\n";
      INFO(reporting << ", home prosecution " << prosecution << ": " << shown(effect, mean(base)));
      CHECK(std::isfinite(effect.mean));
      // women object more often than men: more of them, more objections
      CHECK(objected.low > 0);
    }
}

TEST_CASE("off-limits orders move purchases to other venues and cut fewer than they cover",
          "[peacekeepers][levers]") {
  const std::vector<std::string> orders{"time.years=2", "policy.off_limits=0.5"};
  auto with = [&](const std::string& compliance, const std::string& substitution) {
    auto overrides = orders;
    overrides.push_back("peacekeepers.off_limits_compliance=" + compliance);
    overrides.push_back("peacekeepers.substitution=" + substitution);
    return overrides;
  };
  const auto covered = whole(Metric::peacekeeper_purchases_off_limits);
  const auto all = whole(Metric::peacekeeper_purchases);
  const auto uncovered = [&](const model::RunData& data) { return all(data) - covered(data); };
  // ignored orders: every man goes where he wanted, as without them
  const auto ignored = with("0", "0.5");
  const auto kept = with("0.8", "0.5");
  const auto no_substitute = with("0.8", "0");
  const batch::Interval in_covered = paired(readings(kept, covered), readings(ignored, covered));
  const batch::Interval elsewhere = paired(readings(kept, uncovered), readings(ignored, uncovered));
  const batch::Interval total = paired(readings(kept, all), readings(ignored, all));
  const batch::Interval against_none = paired(readings(kept, all), readings(no_substitute, all));
  INFO("covered " << in_covered.mean << " uncovered " << elsewhere.mean << " total " << total.mean
                  << " against no substitution " << against_none.mean);
  CHECK(in_covered.high < 0);   // fewer in venues under orders
  CHECK(elsewhere.low > 0);     // more in the others
  CHECK(total.high < 0);        // fewer in all
  CHECK(against_none.low > 0);  // but more than if the demand for covered venues were gone
  std::ofstream("peacekeeper-levers-off-limits.md", std::ios::trunc)
      << "\noff-limits 0.5 kept by 80% (paired, " << replicates
      << " replicates, purchases over two years): in covered venues " << in_covered.mean << " ["
      << in_covered.low << ", " << in_covered.high << "], elsewhere " << elsewhere.mean << " ["
      << elsewhere.low << ", " << elsewhere.high << "], in all " << total.mean << " [" << total.low
      << ", " << total.high << "]; against orders without substitution " << against_none.mean
      << " [" << against_none.low << ", " << against_none.high << "]\n";
}

TEST_CASE("a unit seeded with keen buyers buys more than their propensities alone predict",
          "[peacekeepers][levers]") {
  // unit 0 of the North contingent gets men four times as keen as everyone else; how much more
  // it buys than the other units, with a norm and without one
  const auto ratio = [](double conformity, std::uint32_t replicate) {
    testing::PhaseFixture f({"policy.women_share=0", "contingent.South.women_share=0",
                             "peacekeepers.propensity_spread=0", "peacekeepers.deterrence=0",
                             "peacekeepers.witness_probability=0",
                             "peacekeepers.conformity=" + std::to_string(conformity)},
                            replicate);
    model::ContingentSlots& north = f.world.contingents[0];
    double keen = 0, others = 0;
    for (std::uint32_t week = 0; week < 25; ++week) {  // unit 0's first tour
      f.world.week = week;
      model::StepContext c = f.context();
      std::fill(c.availability.begin(), c.availability.end(), 1.0);
      if (week == 0) {  // the holders are drawn on their first week: seed the unit after it
        model::peacekeeper_phase(*f.model, c, f.world);
        // four times as keen: the rest of each man's waiting time passes four times as fast
        for (std::uint32_t s = 0; s < 30; ++s) {
          const bool trained = north.flags[s] & model::ContingentSlots::trained;
          const double clock = north.units[0].clock[trained];
          north.propensity[s] = 4.0f;
          north.purchase_at[s] = clock + (north.purchase_at[s] - clock) / 4;
        }
        north.units[0].extent = 0;  // counted afresh next week
        for (model::ContingentSlots::Unit& unit : north.units) unit.purchases = 0;
        continue;
      }
      model::peacekeeper_phase(*f.model, c, f.world);
    }
    keen = north.units[0].purchases;
    // the other units of the North whose tour does not turn over in these weeks (unit u's turns
    // over in week 26 - u % 26)
    for (std::uint32_t u : {1u, 26u, 27u}) others += north.units[u].purchases;
    return keen / (others / 3);
  };
  std::vector<double> with_norm, without;
  for (std::uint32_t r = 0; r < replicates; ++r) {
    with_norm.push_back(std::log(ratio(2.0, r)));
    without.push_back(std::log(ratio(0.0, r)));
  }
  const batch::Interval alone = batch::mean_interval(without);
  const batch::Interval norm = paired(with_norm, without);
  INFO("keen unit against the others: " << std::exp(alone.mean) << " without a norm, x"
                                        << std::exp(norm.mean) << " more with one");
  // without a norm, propensity alone: four times the others
  CHECK(alone.low < std::log(4.0));
  CHECK(alone.high > std::log(4.0));
  // with one, clearly more than four times
  CHECK(norm.low > 0);
  std::ofstream("peacekeeper-levers-units.md", std::ios::trunc)
      << "\na unit of men four times as keen buys " << std::exp(alone.mean)
      << " times as much as the others without a norm, and a further x" << std::exp(norm.mean)
      << " [" << std::exp(norm.low) << ", " << std::exp(norm.high) << "] with conformity 2 ("
      << replicates << " replicates)\n";
}

TEST_CASE(
    "the Kosovo baseline puts the force and the civilian mission near the internationals' "
    "share of clients",
    "[peacekeepers][levers]") {
  // Amnesty International put KFOR and UNMIK together at about 20% of the clients of trafficked
  // women in Kosovo. The model counts purchases, not clients, so the check is loose: 10-30% for
  // both together, the force the larger part. Five years of the baseline at ten people per
  // agent, three seeds
  model::Scenario scenario = io::embedded_baseline();
  io::apply_override(scenario, "time.years=5");
  io::apply_override(scenario, "population.scale=10");
  double from_force = 0, from_civilians = 0, all = 0;
  for (std::uint64_t seed = 1; seed <= 3; ++seed) {
    const auto data = model::run(model::compile(scenario, seed)).data;
    from_force += whole(Metric::peacekeeper_purchases_from_victims)(data);
    from_civilians += whole(Metric::civilian_purchases_from_victims)(data);
    all += whole(Metric::victim_purchases)(data);
  }
  const double share = (from_force + from_civilians) / all;
  INFO("internationals' share of purchases from victims: " << share << ", the force's "
                                                           << from_force / all);
  CHECK(share > 0.10);
  CHECK(share < 0.30);
  CHECK(from_civilians > 0);
  CHECK(from_force > from_civilians);
}

TEST_CASE("local jurisdiction over internationals deters through the sanctions local courts add",
          "[peacekeepers][levers]") {
  // local police identify international clients when they arrest a trafficker. Immune, the
  // clients are handed to the mission; under local jurisdiction local courts may try them. Read
  // on the Kosovo baseline (the small country sees too few arrests), where nobody at home
  // prosecutes (as for contractors in Bosnia) and at the baseline's home prosecution
  std::ofstream table("peacekeeper-levers-jurisdiction.md", std::ios::trunc);
  table << "\nlocal jurisdiction 0 -> 1 for every contingent, Kosovo baseline, 5 years at scale "
        << "10 (paired, " << replicates << " replicates)\n\n| home prosecution | "
        << "identified by local police | convicted locally | purchases from victims by "
        << "internationals | victim-weeks |\n|---|---|---|---|---|\n";
  const std::vector<std::string> contingents{"UK",    "US",     "France",       "Germany",
                                             "Italy", "Others", "UNMIK police", "UNMIK staff"};
  for (const std::string prosecution : {"0", "0.1"}) {
    const auto with = [&](const std::string& jurisdiction) {
      std::vector<std::string> overrides{"policy.home_prosecution=" + prosecution,
                                         "policy.local_jurisdiction=" + jurisdiction};
      for (const std::string& name : contingents) {
        overrides.push_back("contingent." + name + ".home_prosecution=" + prosecution);
        overrides.push_back("contingent." + name + ".local_jurisdiction=" + jurisdiction);
      }
      return kosovo(overrides);
    };
    const auto immune_model = with("0");
    const auto local_model = with("1");
    const Reading internationals = [](const model::RunData& data) {
      return whole(Metric::peacekeeper_purchases_from_victims)(data) +
             whole(Metric::civilian_purchases_from_victims)(data);
    };
    const auto caught = readings(immune_model, whole(Metric::internationals_caught_locally));
    const auto convicted_immune =
        readings(immune_model, whole(Metric::internationals_convicted_locally));
    const auto convicted_local =
        readings(local_model, whole(Metric::internationals_convicted_locally));
    const auto immune = readings(immune_model, internationals);
    const auto local = readings(local_model, internationals);
    const auto weeks_immune = readings(immune_model, whole(Metric::victim_weeks));
    const auto weeks_local = readings(local_model, whole(Metric::victim_weeks));
    const batch::Interval convicted = paired(convicted_local, convicted_immune);
    const batch::Interval purchases = paired(local, immune);
    const batch::Interval exploitation = paired(weeks_local, weeks_immune);
    table << "| " << prosecution << " | " << mean(caught) << " | " << mean(convicted_local) << " | "
          << shown(purchases, mean(immune)) << " | " << shown(exploitation, mean(weeks_immune))
          << " |\n";
    INFO("home prosecution " << prosecution << ": identified " << mean(caught)
                             << ", convicted locally " << mean(convicted_local)
                             << ", purchases from victims " << shown(purchases, mean(immune)));
    // immune, nobody is tried locally; with jurisdiction, some are convicted
    CHECK(mean(convicted_immune) == 0);
    CHECK(convicted.low > 0);
    CHECK(std::isfinite(purchases.mean));
  }
}
