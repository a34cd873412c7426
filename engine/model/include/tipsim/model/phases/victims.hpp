#pragma once
// Phase 6, victims: everyone held before this week's recruitment. Victims still in a
// trafficker's hands (recruited, in transit or exploited here) are found when he is arrested
// and let go when he quits. New recruits move into local exploitation or set off abroad;
// victims in transit may be intercepted at the border;

// exploited victims earn their trafficker money, may be identified (children more often under
// child protection) or escape; those in assistance go home when it ends.
//
// Reads the context; writes people's state and traits, the victims' records and the average of
// recent deliveries abroad. Identified victims are listed for the assistance phase.

#include <array>
#include <cstdint>
#include <vector>

#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/step_context.hpp"
#include "tipsim/model/world.hpp"

namespace tipsim::model {

/// What happened to victims this week (each victim is one person), and their money in USD.
struct VictimOutcome {
  std::array<std::int64_t, person_state_count> state_change{};  ///< of the country's people
  std::array<std::int64_t, person_state_count>
      foreign_state_change{};            ///< of victims bought abroad
  std::vector<double> identified;        ///< per municipality
  std::vector<double> exported_from;     ///< per municipality the victim set off from
  std::vector<std::uint32_t> to_assist;  ///< indices into World::victims of the identified
  double exported = 0, intercepted = 0, identified_total = 0, children_identified = 0,
         self_exited = 0, self_referred = 0, revenue = 0, revenue_abroad = 0, purchases = 0;
  double imported = 0;             ///< bought abroad, arrived and put to work here
  double imports_intercepted = 0;  ///< bought abroad, intercepted on the way in
  double identified_foreign = 0;   ///< of the identified, those bought abroad

  explicit VictimOutcome(std::size_t municipalities = 0)
      : identified(municipalities), exported_from(municipalities) {}
  void add(const VictimOutcome& other);
};

/// Visits the first `held_before` victims of the world (those recruited this week wait).
VictimOutcome victim_phase(const CompiledModel& model, const StepContext& context,
                           std::size_t held_before, World& world);

}  // namespace tipsim::model
