#include "tipsim/batch/communicator.hpp"

#include <atomic>
#include <cstdlib>

namespace tipsim::batch {
namespace {

class LocalCommunicator : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void barrier() override {}
  std::int64_t fetch_add(int counter, std::int64_t amount) override {
    return counters_[counter].fetch_add(amount);
  }
  int broadcast(int value) override { return value; }
  [[noreturn]] void abort(int exit_code) override { std::exit(exit_code); }

 private:
  std::atomic<std::int64_t> counters_[2]{};
};

}  // namespace

std::unique_ptr<Communicator> local_communicator() { return std::make_unique<LocalCommunicator>(); }

bool launched_by_mpi() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr ||
         std::getenv("PMIX_RANK") != nullptr;
}

}  // namespace tipsim::batch
