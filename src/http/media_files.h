// File: src/http/media_files.h
//
// /media/<hash>-<width>.<ext>: the stored featured-image files, served from the media
// folder. Only names the media library makes are served (a strict pattern, so no path can
// leave the folder); each file is immutable, so it is cached for a year.
//
//   r.Get("/media/{}", [&](const Request& q, const Params& p) {
//     return ServeMediaFile(q, options.media.dir, p[0]);
//   });
#ifndef KHABAR_HTTP_MEDIA_FILES_H_
#define KHABAR_HTTP_MEDIA_FILES_H_

#include <optional>
#include <string_view>

#include "src/http/message.h"

namespace khabar::http {

// The file's response (200, or 304 for a matching If-None-Match), or nullopt when there is
// no such file or the name is not one the media library makes (the caller answers 404).
std::optional<Response> ServeMediaFile(const Request& req, std::string_view media_dir,
                                       std::string_view name);

}  // namespace khabar::http

#endif  // KHABAR_HTTP_MEDIA_FILES_H_
