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
#include <string>
#include <string_view>
#include <vector>

#include "src/http/message.h"

namespace khabar::http {

// The file's response (200, or 304 for a matching If-None-Match), or nullopt when there is
// no such file or the name is not one the media library makes (the caller answers 404).
std::optional<Response> ServeMediaFile(const Request& req, std::string_view media_dir,
                                       std::string_view name);

// /wp-content/uploads/<segments…>: the copies `khabar import wxr --uploads` made of the
// images inside imported posts, in <media_dir>/uploads/, at their WordPress addresses. Only
// JPEG, PNG and WebP files (by their bytes) are served; a segment that is empty, "." or
// "..", or holds a slash or NUL, is nobody's file. Cached for a day, with an ETag.
std::optional<Response> ServeUploadCopy(const Request& req, std::string_view media_dir,
                                        const std::vector<std::string>& segments);

}  // namespace khabar::http

#endif  // KHABAR_HTTP_MEDIA_FILES_H_
