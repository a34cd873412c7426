#pragma once
// What the batch runner needs from the processes it runs in: a rank, a barrier, a shared
// counter that hands out work (dynamic load balancing), and a way for rank 0 to tell the
// others how preparation went. One process without MPI, or every rank under mpirun.

#include <cstdint>
#include <memory>

namespace tipsim::batch {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  virtual void barrier() = 0;
  /// Adds `amount` to shared counter `counter` (0 or 1) and returns its value before. Safe to
  /// call from several threads of one rank.
  virtual std::int64_t fetch_add(int counter, std::int64_t amount) = 0;
  /// Rank 0's value of `value`, on every rank.
  virtual int broadcast(int value) = 0;
  /// Ends every rank with this exit code (after a failure that the other ranks cannot see).
  [[noreturn]] virtual void abort(int exit_code) = 0;
};

/// A single process: counters are atomics.
std::unique_ptr<Communicator> local_communicator();

/// True when this process was started by mpirun (Open MPI, or a PMI launcher such as Slurm).
bool launched_by_mpi();

/// Every rank of MPI_COMM_WORLD; initialises MPI, finalises it on destruction.
std::unique_ptr<Communicator> mpi_communicator(int& argc, char**& argv);

}  // namespace tipsim::batch
