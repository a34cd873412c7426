#pragma once
// Phase 2, peacekeepers: every deployed peacekeeper, unit by unit, and the civilian
// internationals (contingents of kind civilian) by the same rules. A contingent's slots form
// units (peacekeepers.unit_size) that deploy and rotate together; a slot's holder for a tour is
// drawn from its (slot, tour) identity when the tour begins (woman, trained before deployment,
// propensity).
//
// Nothing here cuts purchases by a fixed factor for a policy. A man wants to buy sex at a weekly
// rate set by his propensity, what the market offers, his unit's norm and the sanction he
// expects. The expected sanction is learned: a contingent is told the announced sanction when a
// policy is announced or changed, and each unit then moves its belief towards the sanctions per
// purchase it actually sees, its own and (less surely) the contingent's, with a memory; a
// trained man knows the rules and weighs all of it, an untrained one part. The norm is what the
// unit has seen this tour: the share known to have bought against the share who objected.
// Women do not buy; they witness, object and report colleagues. Off-limits orders cover a share
// of venues: a man who wants one under orders mostly keeps away and buys elsewhere or not at
// all; one who does not may be found by a patrol. Local police who arrest a trafficker may
// identify his international clients: immune from local process, they are handed to the mission
// as a report; under local jurisdiction (policy.local_jurisdiction) local courts may try them. A
// report may lead the home nation to convict and repatriate, a local trial to convict; those
// sanctions are what the units learn from.
//
// Rare events are drawn as waiting times. A man's purchase rate is his propensity times a rate
// shared by every man of his class (trained or not) in his unit, so each unit keeps a clock per
// class, the hazard per unit of propensity so far this tour, and each man the point of it at
// which he next wants to buy; a week in which no clock passes the earliest such point reads no
// slot. A man wants at most one purchase a week, with chance 1 - exp(-rate): after one his
// waiting time starts afresh, whatever hazard was left over. Facilitation and sightings reported
// are waiting times of the unit. A purchase's draws have fixed places in its stream, each read
// only when its decision is taken. Draws are keyed by (week, agent, purpose): the same for any
// thread count.
//
// Reads the compiled model and the context; writes the contingents' slots and units and the
// municipalities' peacekeeper counts and purchases (read by next week's environment).

#include <vector>

#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/step_context.hpp"
#include "tipsim/model/world.hpp"

namespace tipsim::model {

/// What a set of internationals did this week, in people: all of them, or the civilians alone.
struct InternationalTally {
  double deployed = 0, trained = 0, women = 0;
  double purchases = 0, purchases_from_victims = 0;
  double purchases_off_limits = 0;  ///< purchases in venues under off-limits orders
  double objections = 0;            ///< colleagues who objected to a purchase they saw
  double misconduct_reports = 0;    ///< by colleagues, patrols and local police handing over
  double patrol_reports = 0;        ///< misconduct reports from patrols in off-limits venues
  double convictions = 0;           ///< by the home nation
  double caught_locally = 0;        ///< clients of victims identified by local police
  double prosecuted_locally = 0, convicted_locally = 0;  ///< by local courts
  double expected_sanction = 0;  ///< summed over those deployed of their unit's expectation

  void add(const InternationalTally& other);
};

/// What the internationals did this week, in people (and USD). Per municipality it counts
/// everyone, peacekeepers and civilians alike: the market and the police meet them all.
struct PeacekeeperOutcome {
  // per municipality
  std::vector<double> deployed, purchases, purchases_from_victims, reports, facilitators;
  InternationalTally all, civilians;  ///< the force is all less the civilians
  double training_cost = 0;           ///< USD of training given this week
  double events = 0;                  ///< events drawn (purchases wanted, facilitations, sightings)

  explicit PeacekeeperOutcome(std::size_t municipalities = 0);
};

PeacekeeperOutcome peacekeeper_phase(const CompiledModel& model, const StepContext& context,
                                     World& world);

}  // namespace tipsim::model
