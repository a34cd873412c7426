#pragma once
// Phase 4, traffickers: every member of a criminal group decides on this week's margin. Those
// released from custody go home to their group. An inactive member starts trafficking with a
// chance that rises with the margin; an active one quits or moves to a neighbouring
// municipality that pays better with a chance that rises as the margin falls. Active
// traffickers then want victims for the local market (their share of what it absorbs, less
// those they hold) and for export, and approach people through their anchor's social circle:
// many deceptive offers per victim wanted, or one abduction attempt.
//
// Reads the context; writes traffickers' status, home and anchor.

#include <cstdint>
#include <vector>

#include "tipsim/model/compiled_model.hpp"
#include "tipsim/model/step_context.hpp"
#include "tipsim/model/world.hpp"

namespace tipsim::model {

/// One approach of a person by a trafficker, resolved by the recruitment phase.
struct Approach {
  std::uint32_t person;
  std::uint32_t trafficker;
  bool abduction;
};

/// Victims a trafficker buys abroad this week for the local market, from the best source region
/// with victims left (StepContext::import_ranking).
struct ImportOrder {
  std::uint32_t trafficker;
  std::uint16_t victims;
};

struct TraffickerOutcome {
  std::vector<Approach> approaches;  ///< in trafficker order
  std::vector<std::uint16_t>
      wanted_local;  ///< per trafficker: victims wanted for local exploitation
  std::vector<std::uint16_t> wanted_total;  ///< per trafficker: local and for export
  std::vector<ImportOrder> orders;          ///< in trafficker order; not among the wanted
  double entries = 0;                       ///< members who started trafficking
  double entries_elsewhere = 0;  ///< of them, those who started next door, not where they were
  double relocations = 0;
};

TraffickerOutcome trafficker_phase(const CompiledModel& model, const StepContext& context,
                                   World& world);

}  // namespace tipsim::model
