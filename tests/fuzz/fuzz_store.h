// File: tests/fuzz/fuzz_store.h
//
// A SQLite store for fuzz targets that write: made once per run in a fresh temporary folder
// (on /dev/shm when there is one, so that syncing costs nothing) and removed at exit; and
// a clock fixed at one moment, so that runs repeat.
//
//   store::Store& store = fuzz::TempStore("wxr");
#ifndef KHABAR_TESTS_FUZZ_FUZZ_STORE_H_
#define KHABAR_TESTS_FUZZ_FUZZ_STORE_H_

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "src/base/time.h"
#include "src/store/store.h"
#include "tests/fuzz/fuzz_util.h"

namespace khabar::fuzz {

class FixedClock final : public Clock {
 public:
  static constexpr int64_t kNow = 1700000000;  // 2023-11-14
  int64_t NowSeconds() const override { return kNow; }
  int64_t NowMicros() const override { return kNow * 1000000; }
};

inline std::string& TempStoreDir() {
  static std::string dir;
  return dir;
}

// The store of this run (one per process; `name` names its folder).
inline store::Store& TempStore(const std::string& name) {
  static std::unique_ptr<store::Store> store = [&name] {
    namespace fs = std::filesystem;
    fs::path base = fs::exists("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    fs::path dir = base / ("khabar-fuzz-" + name + "-" + std::to_string(getpid()));
    fs::remove_all(dir);
    TempStoreDir() = dir.string();
    std::atexit([] { std::filesystem::remove_all(TempStoreDir()); });
    store::StoreOptions o;
    o.path = (dir / "fuzz.db").string();
    o.read_connections = 2;
    auto s = store::OpenStore(o);
    FUZZ_CHECK(s.ok(), "cannot open the fuzzing database");
    return std::move(*s);
  }();
  return *store;
}

}  // namespace khabar::fuzz

#endif  // KHABAR_TESTS_FUZZ_FUZZ_STORE_H_
