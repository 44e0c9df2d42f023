// File: src/media/media.h
//
// Featured images: an uploaded JPEG, PNG or WebP is checked (by its magic bytes, its
// header's dimensions before any pixel is decoded, then a full decode by libvips), turned
// upright by its EXIF orientation, stripped of metadata (EXIF, GPS, XMP, comments), and
// written as responsive widths in its own format family plus a WebP of each. Files are
// named by the content hash of the upload, so a name never changes meaning and can be
// cached for ever; each is written to a temporary file, synced and renamed, so a crash
// never leaves half an image under a final name.
//
//   media::Options o;
//   o.dir = "data/media";
//   StatusOr<media::Image> img = media::StoreImage(o, upload_bytes);
//   if (!img.ok()) return ShowError(img.status());   // kInvalidArgument, kResourceExhausted
//   for (const media::Variant& v : img->variants) Link("/media/" + v.file);
//
// libvips is used only inside media.cc; nothing here names its types.
#ifndef KHABAR_MEDIA_MEDIA_H_
#define KHABAR_MEDIA_MEDIA_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/base/status.h"
#include "src/content/types.h"

namespace khabar::media {

enum class Format { kJpeg, kPng, kWebp };

// "image/jpeg", "image/png", "image/webp".
const char* MimeType(Format f);
// "jpg", "png", "webp": the extension of stored files.
const char* Extension(Format f);

// The format the leading bytes announce, or nullopt (a text file named .jpg, say).
std::optional<Format> SniffFormat(std::string_view bytes);

struct Options {
  std::string dir;                             // where files are written (created if missing)
  size_t max_bytes = 10 * 1024 * 1024;         // larger uploads: kResourceExhausted
  int64_t max_pixels = 40 * 1000 * 1000;       // width x height from the header, checked first
  std::vector<int> widths = {480, 960, 1600};  // made when narrower than the image; never upscaled
  int jpeg_quality = 82;
  int webp_quality = 80;
};

// One stored file.
struct Variant {
  int width = 0;
  int height = 0;
  Format format = Format::kJpeg;
  std::string file;  // "<hash>-<width>.<ext>", inside Options::dir
};

struct Image {
  std::string hash;      // 16 hex digits of BLAKE2b over the uploaded bytes
  Format source_format;  // what was uploaded
  int width = 0;         // upright (after EXIF rotation)
  int height = 0;
  // Narrowest first; for each width one file in the fallback family (JPEG, or PNG for PNG
  // uploads and images with transparency) and one WebP.
  std::vector<Variant> variants;
};

// Checks and stores an upload. kInvalidArgument (with an Arabic message meant for the
// journalist) when it is not a JPEG, PNG or WebP, or does not decode whole;
// kResourceExhausted when over `max_bytes` or `max_pixels`; kUnavailable when the files
// cannot be written (nothing is left under a final name then). Uploading the same bytes
// again rewrites the same names with the same content. Thread-safe.
StatusOr<Image> StoreImage(const Options& options, std::string_view bytes);

// Whether `name` is a file name StoreImage makes ("<16 hex>-<digits>.<jpg|png|webp>"):
// the only names /media/ serves. Sets *format when it is.
bool ParseFileName(std::string_view name, Format* format);

// Writes `data` to dir/name through a temporary file in the same folder: written, synced,
// then renamed over the final name, so readers see the whole file or none. kUnavailable
// (nothing left under the final name) when it cannot.
Status WriteFileAtomically(const std::filesystem::path& dir, const std::string& name,
                           std::string_view data);

// The name StoreImage gives the image of `bytes` (Image::hash): 16 hex digits of BLAKE2b.
// Cheap, without decoding: a caller can tell the same image is stored already.
std::string ContentHash(std::string_view bytes);

// What the store records of a stored image (its files, sizes and formats), with the name it
// had, the text read out instead of it, and who put it there (0: nobody signed in).
content::Media Describe(const Image& image, std::string original_name, std::string alt,
                        int64_t uploaded_by);

// Starts libvips once per process (StoreImage calls it too). Never fails twice: an error
// here means libvips is unusable, reported by StoreImage as kInternal.
Status Init();

}  // namespace khabar::media

#endif  // KHABAR_MEDIA_MEDIA_H_
