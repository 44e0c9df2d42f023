#include "src/base/embedded.h"

#include <algorithm>

namespace khabar::embedded {

std::optional<std::string_view> Find(std::string_view path) {
  auto files = Files();
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const File& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != path) return std::nullopt;
  return it->bytes;
}

}  // namespace khabar::embedded
