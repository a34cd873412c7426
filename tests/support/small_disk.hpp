#pragma once
// Test helper: a small file system (tmpfs) that can be filled up, to see what a full disk does.
// Mounting needs root (CI runs as root). Where it is impossible, a test says so on stdout with
// "SKIPPED:" and returns; CTest reports it as skipped (SKIP_REGULAR_EXPRESSION in
// tests/CMakeLists.txt), never as passed.

#include <sys/mount.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace tipsim::testing {

class SmallDisk {
 public:
  /// Mounts a tmpfs of `bytes` at `folder` (created if missing).
  SmallDisk(const std::filesystem::path& folder, std::size_t bytes) : folder_(folder) {
    std::filesystem::create_directories(folder_);
    const std::string options = "size=" + std::to_string(bytes);
    if (::mount("tmpfs", folder_.c_str(), "tmpfs", 0, options.c_str()) == 0)
      mounted_ = true;
    else
      problem_ = std::string("cannot mount a tmpfs (root only): ") + std::strerror(errno);
  }
  ~SmallDisk() {
    if (mounted_) ::umount2(folder_.c_str(), MNT_DETACH);
  }
  SmallDisk(const SmallDisk&) = delete;
  SmallDisk& operator=(const SmallDisk&) = delete;

  /// Whether the disk is there; if not, prints why, marked for CTest as a skipped test.
  bool usable() const {
    if (!mounted_) std::printf("SKIPPED: %s\n", problem_.c_str());
    return mounted_;
  }
  const std::filesystem::path& folder() const { return folder_; }

  /// Fills the disk with a file of zeros until about `bytes` stay free (whole pages).
  void leave_free(std::size_t bytes) {
    std::filesystem::remove(folder_ / "filler");
    const std::size_t free = free_bytes();
    if (free <= bytes) return;
    std::ofstream filler(folder_ / "filler", std::ios::binary);
    const std::vector<char> zeros(4096, 0);
    for (std::size_t written = 0; written + zeros.size() <= free - bytes; written += zeros.size())
      filler.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  }
  /// Empties the disk of its filler.
  void make_room() { std::filesystem::remove(folder_ / "filler"); }

  std::size_t free_bytes() const {
    struct statvfs status {};
    ::statvfs(folder_.c_str(), &status);
    return static_cast<std::size_t>(status.f_bavail) * status.f_frsize;
  }

 private:
  std::filesystem::path folder_;
  bool mounted_ = false;
  std::string problem_;
};

}  // namespace tipsim::testing
