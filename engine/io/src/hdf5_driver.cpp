#include "hdf5_driver.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace tipsim::io::hdf5 {
namespace {

// H5F_ACC_* spelled out: those macros call back into the library, which a driver must not
constexpr unsigned read_write = 0x0001u, truncate_file = 0x0002u, exclusive = 0x0004u,
                   create = 0x0010u;
// the largest address a 64-bit off_t reaches
constexpr haddr_t largest_address = (haddr_t{1} << 63) - 1;

thread_local std::string last_failure_text;

struct File {
  H5FD_t pub;  // first: HDF5 hands the driver back a pointer to it
  int fd = -1;
  std::string name;
  dev_t device = 0;
  ino_t inode = 0;
  haddr_t eoa = 0;       // end of the address space HDF5 has allocated
  haddr_t eof = 0;       // end of what is (or would be) on disk
  bool closing = false;  // failures are recorded, not reported
  bool sink = false;     // nothing more reaches the disk
  std::shared_ptr<WriteOutcome> outcome = std::make_shared<WriteOutcome>();
  // metadata written while sinking, read back from here (raw data is never read back while a
  // file closes: chunks are written whole, in order)
  std::vector<std::pair<haddr_t, std::vector<unsigned char>>> held;
};

File* of(H5FD_t* file) { return reinterpret_cast<File*>(file); }
const File* of(const H5FD_t* file) { return reinterpret_cast<const File*>(file); }

// Reports a failure to HDF5 (-1), or, once the file is closing, records it and sinks the rest.
herr_t failed(File& file, const char* doing, int error) {
  const std::string text =
      "cannot " + std::string(doing) + " " + file.name + ": " + std::strerror(error);
  if (file.outcome->failure.empty()) file.outcome->failure = text;
  if (file.closing) {
    file.sink = true;
    return 0;
  }
  last_failure_text = text;
  return -1;
}

bool beyond(haddr_t addr, std::size_t size) {
  return addr == HADDR_UNDEF || addr > largest_address || size > largest_address - addr;
}

H5FD_t* open_file(const char* name, unsigned flags, hid_t, haddr_t maxaddr) {
  if (!name || !*name || maxaddr == 0 || maxaddr == HADDR_UNDEF) return nullptr;
  int mode = (flags & read_write) ? O_RDWR : O_RDONLY;
  if (flags & truncate_file) mode |= O_TRUNC;
  if (flags & create) mode |= O_CREAT;
  if (flags & exclusive) mode |= O_EXCL;
  const int fd = ::open(name, mode | O_CLOEXEC, 0666);
  if (fd < 0) {
    last_failure_text = "cannot open " + std::string(name) + ": " + std::strerror(errno);
    return nullptr;
  }
  struct stat status {};
  if (::fstat(fd, &status) != 0) {
    ::close(fd);
    return nullptr;
  }
  auto* file = new File{};
  file->fd = fd;
  file->name = name;
  file->device = status.st_dev;
  file->inode = status.st_ino;
  file->eof = static_cast<haddr_t>(status.st_size);
  return &file->pub;
}

herr_t close_file(H5FD_t* handle) {
  std::unique_ptr<File> file(of(handle));
  if (!file->sink && file->closing && ::fsync(file->fd) != 0)
    failed(*file, "write", errno);  // the data may not have reached the disk
  const int closed = ::close(file->fd);
  if (closed != 0 && !file->sink) return failed(*file, "write", errno);
  return 0;
}

int compare(const H5FD_t* a, const H5FD_t* b) {
  const auto key = [](const H5FD_t* file) {
    return std::make_pair(of(file)->device, of(file)->inode);
  };
  return key(a) < key(b) ? -1 : key(b) < key(a) ? 1 : 0;
}

herr_t query(const H5FD_t*, unsigned long* flags) {
  // as HDF5's sec2 driver: the same file layout and the same performance
  if (flags)
    *flags = H5FD_FEAT_AGGREGATE_METADATA | H5FD_FEAT_ACCUMULATE_METADATA | H5FD_FEAT_DATA_SIEVE |
             H5FD_FEAT_AGGREGATE_SMALLDATA | H5FD_FEAT_DEFAULT_VFD_COMPATIBLE;
  return 0;
}

haddr_t get_eoa(const H5FD_t* file, H5FD_mem_t) { return of(file)->eoa; }

herr_t set_eoa(H5FD_t* file, H5FD_mem_t, haddr_t addr) {
  if (addr > largest_address) return -1;
  of(file)->eoa = addr;
  return 0;
}

haddr_t get_eof(const H5FD_t* file, H5FD_mem_t) { return of(file)->eof; }

herr_t get_handle(H5FD_t* file, hid_t, void** handle) {
  if (!handle) return -1;
  *handle = of(file);
  return 0;
}

herr_t read(H5FD_t* handle, H5FD_mem_t, hid_t, haddr_t addr, size_t size, void* buffer) {
  File& file = *of(handle);
  if (beyond(addr, size)) return -1;
  auto* out = static_cast<unsigned char*>(buffer);
  for (std::size_t done = 0; done < size;) {
    const ssize_t got = ::pread(file.fd, out + done, std::min<std::size_t>(size - done, 1 << 30),
                                static_cast<off_t>(addr + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      last_failure_text = "cannot read " + file.name + ": " + std::strerror(errno);
      return -1;
    }
    if (got == 0) {  // past the end of the file: what was never written reads as zeros
      std::memset(out + done, 0, size - done);
      break;
    }
    done += static_cast<std::size_t>(got);
  }
  for (const auto& [start, bytes] : file.held) {
    const haddr_t begin = std::max(start, addr);
    const haddr_t end = std::min<haddr_t>(start + bytes.size(), addr + size);
    if (begin < end) std::memcpy(out + (begin - addr), bytes.data() + (begin - start), end - begin);
  }
  return 0;
}

herr_t write(H5FD_t* handle, H5FD_mem_t type, hid_t, haddr_t addr, size_t size,
             const void* buffer) {
  File& file = *of(handle);
  if (beyond(addr, size)) return -1;
  const auto* in = static_cast<const unsigned char*>(buffer);
  for (std::size_t done = 0; !file.sink && done < size;) {
    const ssize_t put = ::pwrite(file.fd, in + done, std::min<std::size_t>(size - done, 1 << 30),
                                 static_cast<off_t>(addr + done));
    if (put < 0 && errno == EINTR) continue;
    if (put < 0 && failed(file, "write", errno) < 0) return -1;
    if (put > 0) done += static_cast<std::size_t>(put);
  }
  if (file.sink && type != H5FD_MEM_DRAW) file.held.emplace_back(addr, std::vector(in, in + size));
  file.eof = std::max<haddr_t>(file.eof, addr + size);
  return 0;
}

herr_t truncate(H5FD_t* handle, hid_t, hbool_t) {
  File& file = *of(handle);
  if (file.eoa == file.eof) return 0;
  if (!file.sink && ::ftruncate(file.fd, static_cast<off_t>(file.eoa)) != 0 &&
      failed(file, "write", errno) < 0)
    return -1;
  file.eof = file.eoa;
  return 0;
}

const H5FD_class_t driver_class = {
    "tipsim-results",      // name
    largest_address,       // maxaddr
    H5F_CLOSE_WEAK,        // fc_degree
    nullptr,               // terminate
    nullptr,               // sb_size
    nullptr,               // sb_encode
    nullptr,               // sb_decode
    0,                     // fapl_size
    nullptr,               // fapl_get
    nullptr,               // fapl_copy
    nullptr,               // fapl_free
    0,                     // dxpl_size
    nullptr,               // dxpl_copy
    nullptr,               // dxpl_free
    open_file,             // open
    close_file,            // close
    compare,               // cmp
    query,                 // query
    nullptr,               // get_type_map
    nullptr,               // alloc
    nullptr,               // free
    get_eoa,               // get_eoa
    set_eoa,               // set_eoa
    get_eof,               // get_eof
    get_handle,            // get_handle
    read,                  // read
    write,                 // write
    nullptr,               // flush: close_file syncs once, when the file is complete
    truncate,              // truncate
    nullptr,               // lock: results are written under a name of their own
    nullptr,               // unlock
    H5FD_FLMAP_DICHOTOMY,  // fl_map
};

hid_t driver_id() {
  static const hid_t id = H5FDregister(&driver_class);
  if (id < 0) throw std::runtime_error("HDF5: cannot register tipsim's file driver");
  return id;
}

File& file_of(hid_t file) {
  void* handle = nullptr;
  if (H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) < 0 || !handle)
    throw std::runtime_error("HDF5: cannot reach the file driver");
  return *static_cast<File*>(handle);
}

}  // namespace

void use_results_driver(hid_t file_access) {
  if (H5Pset_driver(file_access, driver_id(), nullptr) < 0)
    throw std::runtime_error("HDF5: cannot set tipsim's file driver");
}

std::shared_ptr<const WriteOutcome> prepare_close(hid_t file, Closing how) {
  File& driver = file_of(file);
  driver.closing = true;
  if (how == Closing::abandon) driver.sink = true;
  return driver.outcome;
}

std::string last_failure() { return std::exchange(last_failure_text, {}); }

}  // namespace tipsim::io::hdf5
