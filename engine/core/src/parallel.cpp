#include "tipsim/core/parallel.hpp"

#include <tbb/info.h>

namespace tipsim::core {

ThreadLimit::ThreadLimit(std::size_t threads)
    : threads_(threads == 0 ? static_cast<std::size_t>(tbb::info::default_concurrency())
                            : threads) {
  control_ =
      std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, threads_);
}

}  // namespace tipsim::core
