// The MPI communicator: built when TIPSIM_WITH_MPI is on (the default).

#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "tipsim/batch/communicator.hpp"

namespace tipsim::batch {
namespace {

// The counters live in a window on rank 0; MPI_Fetch_and_op under a passive-target lock lets
// any rank take the next run whenever it is free, with no master loop.
class MpiCommunicator : public Communicator {
 public:
  MpiCommunicator(int& argc, char**& argv) {
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
    if (provided < MPI_THREAD_SERIALIZED)
      throw std::runtime_error("MPI does not allow calls from more than one thread");
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
    const MPI_Aint bytes = rank_ == 0 ? 2 * sizeof(std::int64_t) : 0;
    MPI_Win_allocate(bytes, sizeof(std::int64_t), MPI_INFO_NULL, MPI_COMM_WORLD, &counters_,
                     &window_);
    if (rank_ == 0) counters_[0] = counters_[1] = 0;
    MPI_Barrier(MPI_COMM_WORLD);
  }
  ~MpiCommunicator() override {
    MPI_Win_free(&window_);
    MPI_Finalize();
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  // MPI_Barrier spins at full speed while it waits; on rank 0 that would take the core from
  // the thread merging results, so the wait sleeps between polls instead
  void barrier() override {
    MPI_Request request;
    {
      std::lock_guard lock(mutex_);
      MPI_Ibarrier(MPI_COMM_WORLD, &request);
    }
    for (int done = 0;;) {
      {
        std::lock_guard lock(mutex_);
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
      }
      if (done) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  std::int64_t fetch_add(int counter, std::int64_t amount) override {
    std::lock_guard lock(mutex_);
    std::int64_t before = 0;
    MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, window_);
    MPI_Fetch_and_op(&amount, &before, MPI_INT64_T, 0, counter, MPI_SUM, window_);
    MPI_Win_unlock(0, window_);
    return before;
  }
  int broadcast(int value) override {
    std::lock_guard lock(mutex_);
    MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return value;
  }
  [[noreturn]] void abort(int exit_code) override {
    MPI_Abort(MPI_COMM_WORLD, exit_code);
    std::exit(exit_code);
  }

 private:
  int rank_ = 0;
  int size_ = 1;
  std::int64_t* counters_ = nullptr;
  MPI_Win window_{};
  std::mutex mutex_;  // MPI_THREAD_SERIALIZED: one thread in MPI at a time
};

}  // namespace

std::unique_ptr<Communicator> mpi_communicator(int& argc, char**& argv) {
  return std::make_unique<MpiCommunicator>(argc, argv);
}

}  // namespace tipsim::batch
