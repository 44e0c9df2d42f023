#include "src/base/files.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace khabar {

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return UnavailableError("cannot read " + path);
  return ss.str();
}

std::string Fnv1a64::Hex() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h_));
  return buf;
}

}  // namespace khabar
