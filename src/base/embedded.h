// File: src/base/embedded.h
//
// Files compiled into the binary at build time (cmake/Embed.cmake): the default templates,
// static assets and SQL migrations, so that one executable carries everything it needs.
//
//   std::optional<std::string_view> css = embedded::Find("static/site.css");
#ifndef KHABAR_BASE_EMBEDDED_H_
#define KHABAR_BASE_EMBEDDED_H_

#include <optional>
#include <span>
#include <string_view>

namespace khabar::embedded {

struct File {
  std::string_view path;   // relative path, e.g. "templates/layout.mustache"
  std::string_view bytes;  // contents; lives for the whole program
};

// All embedded files, sorted by path. Defined by the generated source of each embed target.
std::span<const File> Files();

// The embedded file at `path`, or nullopt.
std::optional<std::string_view> Find(std::string_view path);

}  // namespace khabar::embedded

#endif  // KHABAR_BASE_EMBEDDED_H_
