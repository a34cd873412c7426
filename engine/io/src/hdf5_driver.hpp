#pragma once
// The HDF5 file driver tipsim writes results files through: HDF5's POSIX driver ("sec2"), plus
// what a full disk needs. Private to tipsim::io.
//
// HDF5 1.10 (Debian 12 ships 1.10.8) cannot recover from a file whose close failed: it frees
// the file but keeps its id, and its exit handler closes that id again and crashes (fixed
// upstream by HDFGroup/hdf5 pull request 2291).
// A close fails when it cannot write what HDF5 still holds in memory, as on a full disk. So the
// writer tells the driver before it closes a file: from then on a failed write is recorded
// instead of reported, and HDF5's close always succeeds; the writer then asks what failed and
// throws. A file the writer abandons writes nothing more at all (metadata HDF5 may read back
// while it closes is kept in memory), and is removed.
//
// A failed write also leaves the system's reason ("No space left on device") for the message of
// the HDF5 call that met it (see last_failure()).

#include <hdf5.h>

#include <memory>
#include <string>

namespace tipsim::io::hdf5 {

/// Sets the driver on file access properties.
void use_results_driver(hid_t file_access);

enum class Closing {
  keep,     ///< the file is complete: write everything, record failures instead of reporting them
  abandon,  ///< the file will be removed: write nothing more
};

/// What became of a file's writes; outlives the file.
struct WriteOutcome {
  std::string failure;  ///< the first one: "cannot write <file>: No space left on device"
};

/// Prepares an open file written through the driver for its close (see above); after the close,
/// the outcome says whether everything reached the disk (synced).
std::shared_ptr<const WriteOutcome> prepare_close(hid_t file, Closing how);

/// The last write failure the driver met on this thread since the previous call, or "".
std::string last_failure();

}  // namespace tipsim::io::hdf5
