// File: src/importer/uploads.h  (private to the importer)
//
// The featured images of a WordPress import, read from a copy of the old site's
// wp-content/uploads folder and stored as Khabar's own images (see WxrOptions).
#ifndef KHABAR_IMPORTER_UPLOADS_H_
#define KHABAR_IMPORTER_UPLOADS_H_

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "src/importer/wxr.h"

namespace khabar::importer {

// The path of an attachment inside the uploads folder: `file` (_wp_attached_file) when set,
// else what follows "/wp-content/uploads/" in `url`, percent-decoded. nullopt when there is
// none or it could leave the folder (absolute, "..", a NUL byte).
std::optional<std::string> UploadPath(std::string_view file, std::string_view url);

// Attaches each image to its (already written) article, counting in *stats and telling
// `options.on_note` what was left out. Fails only when the store does.
Status AttachFeaturedImages(const std::vector<WxrImage>& images, store::Store& store,
                            const Clock& clock, const WxrOptions& options, WxrStats* stats);

// Images inside a post's HTML: every quoted address on the old site's host (that of
// `base_url`, the export's wp:base_site_url) under /wp-content/uploads/ whose file is a
// JPEG, PNG or WebP in the uploads folder is copied once to <media dir>/uploads/<path> and
// rewritten to "/wp-content/uploads/<path>", where Khabar serves it: the post's images stay
// when the old server goes, and the old addresses of the files keep answering. `copied`
// remembers the paths copied in this run. Returns how many addresses were rewritten.
StatusOr<int> LocalizeUploads(std::string* html, std::string_view base_url,
                              const WxrOptions& options, std::set<std::string>* copied);

}  // namespace khabar::importer

#endif  // KHABAR_IMPORTER_UPLOADS_H_
