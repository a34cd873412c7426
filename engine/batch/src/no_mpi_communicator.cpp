// Built instead of mpi_communicator.cpp when TIPSIM_WITH_MPI is off (pip installs, machines
// without MPI): a batch started by mpirun says why it cannot run.

#include <stdexcept>

#include "tipsim/batch/communicator.hpp"

namespace tipsim::batch {

std::unique_ptr<Communicator> mpi_communicator(int&, char**&) {
  throw std::runtime_error(
      "this tipsim was built without MPI (TIPSIM_WITH_MPI=OFF): rebuild with it on to run a batch "
      "under mpirun");
}

}  // namespace tipsim::batch
