#pragma once
// Phase 5, recruitment: the week's approaches resolved one by one in a fixed order. A person
// who is free or back home and of recruitable age accepts a deceptive offer with the
// probability given by their vulnerability (poverty, unemployment, displacement, lost parents,
// prices, economic shocks, earlier trafficking); an abduction succeeds on a woman or girl. A
// trafficker stops once he has the victims he wanted; those wanted for export start in
// transit next week. Each recruitment takes one person of the agent approached, whatever
// population.scale.
//
// Reads the context and the traffickers' approaches; writes people's state and traits and
// adds the new victims to the world.

#include <cstddef>
#include <vector>

#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/phases/traffickers.hpp"
#include "tipsim/model/step_context.hpp"
#include "tipsim/model/world.hpp"

namespace tipsim::model {

/// Recruitments this week, in people.
struct RecruitmentOutcome {
  double recruited = 0, children = 0, abducted = 0, retrafficked = 0;
  double first_time = 0;           ///< people trafficked for the first time: distinct people
  double children_first_time = 0;  ///< children among them

  double bought = 0;           ///< victims bought in source regions abroad (people)
  double children_bought = 0;  ///< children among them
  double import_spending = 0;  ///< what they cost the buyers, transport included (USD)

  std::vector<double> recruited_from;  ///< per municipality of origin
  std::size_t held_before = 0;         ///< victims the world held before this week's recruits
};

/// Log-odds that a person of agent `person` accepts a trafficker's offer of income or escape
/// this week; `former_victim` when that person was trafficked before.
double vulnerability(const CompiledModel& model, const StepContext& context, const People& people,
                     std::uint32_t person, bool former_victim);

RecruitmentOutcome recruitment_phase(const CompiledModel& model, const StepContext& context,
                                     const TraffickerOutcome& traffickers, World& world);

}  // namespace tipsim::model
