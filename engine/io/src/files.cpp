#include "tipsim/io/files.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "tipsim/io/input_error.hpp"

namespace tipsim::io {
namespace {

namespace fs = std::filesystem;

std::string reason(int error) { return std::strerror(error); }

// closes a descriptor on every way out
struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

const std::string temporary_mark = ".tmp-";

// whether a process with this id runs on this machine (one we may not signal runs too)
bool running(long pid) {
  if (pid <= 0) return true;  // not a pid we wrote: leave the file alone
  if (pid == static_cast<long>(::getpid())) return true;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

std::string read_input_file(const fs::path& path, std::uintmax_t most_bytes,
                            const std::string& what) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below
  const Descriptor file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0) {
    const int error = errno;
    throw InputError(
        path.string(), 0, "",
        error == ENOENT ? "no such " + what : "cannot open the " + what + ": " + reason(error));
  }
  struct stat status {};
  if (::fstat(file.fd, &status) != 0)
    throw InputError(path.string(), 0, "", "cannot read the " + what + ": " + reason(errno));
  if (S_ISDIR(status.st_mode)) throw InputError(path.string(), 0, "", "is a folder, not a " + what);
  if (!S_ISREG(status.st_mode))
    throw InputError(path.string(), 0, "",
                     "is not a regular file (a device, a FIFO or a socket), so not a " + what);
  const auto too_large = [&] {
    return InputError(path.string(), 0, "",
                      "the " + what + " is larger than the " + std::to_string(most_bytes >> 20) +
                          " MiB tipsim reads");
  };
  if (static_cast<std::uintmax_t>(status.st_size) > most_bytes) throw too_large();
  std::string text;
  text.reserve(static_cast<std::size_t>(status.st_size));
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(file.fd, buffer, sizeof buffer);
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      throw InputError(path.string(), 0, "", "cannot read the " + what + ": " + reason(errno));
    }
    text.append(buffer, static_cast<std::size_t>(got));
    // a file that grows while it is read is held to the same limit
    if (text.size() > most_bytes) throw too_large();
  }
  return text;
}

std::string input_file_problem(const fs::path& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) return "no such file: " + path.string();
  if (fs::is_directory(status)) return "expected a file, got a folder: " + path.string();
  if (!fs::is_regular_file(status))
    return "expected a file, got a device, FIFO or socket: " + path.string();
  return {};
}

void check_output_path(const fs::path& path) {
  const std::string name = path.string();
  if (path.empty() || !path.has_filename())
    throw InputError(name, 0, "", "expected the name of a results file, not a folder");
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (fs::is_directory(status))
    throw InputError(name, 0, "", "is a folder: expected the name of a results file");
  // results are renamed into place, which would replace a device or a FIFO by a file
  if (fs::exists(status) && !fs::is_regular_file(status))
    throw InputError(name, 0, "", "exists and is not a regular file: refusing to replace it");
  const fs::path folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
  fs::create_directories(folder, error);
  if (error)
    throw InputError(name, 0, "",
                     "cannot create the folder " + folder.string() + ": " + error.message());
  // the writer's own temporary name: if it can be made here, the results can be written
  const fs::path probe = temporary_path(path);
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) {
    const int code = errno;
    if (code != EEXIST)
      throw InputError(name, 0, "", "cannot write in " + folder.string() + ": " + reason(code));
    return;  // this process is already writing it
  }
  ::close(fd);
  ::unlink(probe.c_str());
}

fs::path temporary_path(const fs::path& path) {
  fs::path temporary = path;
  temporary += temporary_mark + std::to_string(::getpid());
  return temporary;
}

std::size_t remove_stale_temporaries(const fs::path& folder, const std::string& name) {
  std::size_t removed = 0;
  std::error_code error;
  for (fs::directory_iterator entry(folder, error), end; !error && entry != end;
       entry.increment(error)) {
    const std::string file = entry->path().filename().string();
    const std::size_t mark = file.rfind(temporary_mark);
    if (mark == std::string::npos || mark == 0) continue;
    if (!name.empty() && file.compare(0, mark, name) != 0) continue;
    if (!name.empty() && mark != name.size()) continue;
    const std::string digits = file.substr(mark + temporary_mark.size());
    if (digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    if (running(std::stol(digits)) || !entry->is_regular_file(error)) continue;
    std::error_code ignored;
    if (fs::remove(entry->path(), ignored)) ++removed;
  }
  return removed;
}

OutputFile::OutputFile(fs::path path) : path_(std::move(path)), temporary_(temporary_path(path_)) {
  descriptor_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (descriptor_ < 0) fail("create");
}

OutputFile::~OutputFile() {
  if (committed_) return;
  if (descriptor_ >= 0) ::close(descriptor_);
  ::unlink(temporary_.c_str());
}

void OutputFile::write(const void* data, std::size_t size) {
  if (size == 0) return;  // an empty vector's data() may be null
  buffer_.append(static_cast<const char*>(data), size);
  if (buffer_.size() >= (std::size_t{1} << 20)) flush();
}

void OutputFile::flush() {
  std::size_t written = 0;
  while (written < buffer_.size()) {
    const ssize_t done = ::write(descriptor_, buffer_.data() + written, buffer_.size() - written);
    if (done < 0) {
      if (errno == EINTR) continue;
      fail("write");
    }
    written += static_cast<std::size_t>(done);
  }
  buffer_.clear();
}

void OutputFile::commit() {
  flush();
  // a network file system may report a failed write only when the file closes
  const int closed = ::close(descriptor_);
  descriptor_ = -1;
  if (closed != 0) fail("write");
  if (::rename(temporary_.c_str(), path_.c_str()) != 0)
    throw std::runtime_error("cannot rename " + temporary_.string() + " to " + path_.string() +
                             ": " + reason(errno));
  committed_ = true;
}

void OutputFile::fail(const std::string& doing) const {
  throw std::runtime_error("cannot " + doing + " " + temporary_.string() + ": " + reason(errno));
}

}  // namespace tipsim::io
