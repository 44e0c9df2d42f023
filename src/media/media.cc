#include "src/media/media.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <vips/vips8>

namespace khabar::media {
namespace {

using vips::VError;
using vips::VImage;

constexpr char kHexDigits[] = "0123456789abcdef";

std::string Hex(const unsigned char* p, size_t n) {
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kHexDigits[p[i] >> 4]);
    out.push_back(kHexDigits[p[i] & 15]);
  }
  return out;
}

// A libvips blob that does not own its bytes, released on scope exit.
class BlobRef {
 public:
  explicit BlobRef(VipsBlob* blob) : blob_(blob) {}
  ~BlobRef() {
    if (blob_) vips_area_unref(VIPS_AREA(blob_));
  }
  BlobRef(const BlobRef&) = delete;
  BlobRef& operator=(const BlobRef&) = delete;
  VipsBlob* get() const { return blob_; }
  std::string Bytes() const {
    size_t n = 0;
    const void* p = vips_blob_get(blob_, &n);
    return std::string(static_cast<const char*>(p), n);
  }

 private:
  VipsBlob* blob_;
};

// Makes the renames durable: the folder's entries are synced too.
Status SyncDir(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return UnavailableError("cannot open " + dir.string() + ": " + strerror(errno));
  int rc = ::fsync(fd);
  int saved_errno = errno;
  ::close(fd);
  if (rc != 0)
    return UnavailableError("cannot sync " + dir.string() + ": " + strerror(saved_errno));
  return OkStatus();
}

Status NotAnImage() { return InvalidArgumentError("الملف ليس صورة JPEG أو PNG أو WebP."); }
Status Corrupt() { return InvalidArgumentError("تعذّرت قراءة الصورة: الملف تالف أو ناقص."); }

// The widths to make for an image `width` wide: the configured ones narrower than it, and
// the image's own width when it is narrower than the widest configured one (never upscaled).
std::vector<int> TargetWidths(const std::vector<int>& configured, int width) {
  std::vector<int> out;
  int widest = 0;
  for (int w : configured) {
    widest = std::max(widest, w);
    if (w > 0 && w < width) out.push_back(w);
  }
  if (width <= widest || out.empty()) out.push_back(std::min(width, std::max(widest, 1)));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

uint32_t ReadLe32(std::string_view s, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3])) << 24;
}
void WriteLe32(std::string* s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*s)[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// libvips 8.14's WebP saver ignores `strip` and writes an EXIF chunk of its own: drop the
// EXIF, XMP and ICC chunks from the RIFF container and clear their flags in VP8X.
std::string StripWebpMetadata(std::string_view in) {
  if (in.size() < 12 || in.substr(0, 4) != "RIFF" || in.substr(8, 4) != "WEBP") {
    return std::string(in);
  }
  std::string out(in.substr(0, 12));
  size_t pos = 12;
  size_t vp8x = std::string::npos;
  while (pos + 8 <= in.size()) {
    std::string_view fourcc = in.substr(pos, 4);
    size_t size = ReadLe32(in, pos + 4);
    size_t total = 8 + size + (size & 1);
    if (pos + total > in.size()) return std::string(in);  // not ours to repair: leave it
    if (fourcc != "EXIF" && fourcc != "XMP " && fourcc != "ICCP") {
      if (fourcc == "VP8X") vp8x = out.size();
      out.append(in.substr(pos, total));
    }
    pos += total;
  }
  if (vp8x != std::string::npos && out.size() > vp8x + 8) {
    constexpr unsigned char kIcc = 0x20, kExif = 0x08, kXmp = 0x04;
    out[vp8x + 8] =
        static_cast<char>(static_cast<unsigned char>(out[vp8x + 8]) & ~(kIcc | kExif | kXmp));
  }
  WriteLe32(&out, 4, static_cast<uint32_t>(out.size() - 8));
  return out;
}

std::string Encode(const VImage& img, Format f, const Options& o) {
  VipsBlob* out = nullptr;
  switch (f) {
    case Format::kJpeg:
      out = img.jpegsave_buffer(VImage::option()
                                    ->set("Q", o.jpeg_quality)
                                    ->set("strip", true)
                                    ->set("optimize_coding", true)
                                    ->set("interlace", true));
      break;
    case Format::kPng:
      out = img.pngsave_buffer(VImage::option()->set("compression", 6)->set("strip", true));
      break;
    case Format::kWebp:
      out = img.webpsave_buffer(VImage::option()->set("Q", o.webp_quality)->set("strip", true));
      break;
  }
  BlobRef ref(out);
  return f == Format::kWebp ? StripWebpMetadata(ref.Bytes()) : ref.Bytes();
}

// The pixels alone: every metadata item (EXIF with its GPS position and camera, XMP, IPTC,
// ICC, comments) removed. Savers are also told to strip, but not every saver of every
// libvips version honours it (8.14's WebP saver keeps EXIF), so nothing is left to them.
VImage WithoutMetadata(const VImage& in) {
  VImage out = in.copy();
  gchar** fields = vips_image_get_fields(out.get_image());
  for (gchar** f = fields; f && *f; ++f) {
    vips_image_remove(out.get_image(), *f);  // the basic header fields are not removable
  }
  g_strfreev(fields);
  return out;
}

// Decodes, checks and prepares the upload: upright, sRGB, 8 bits per sample.
StatusOr<VImage> Decode(const Options& o, Format format, std::string_view bytes) {
  BlobRef blob(vips_blob_new(nullptr, bytes.data(), bytes.size()));
  // The loader named by the magic bytes, and only it: no other libvips loader (SVG, PDF,
  // ImageMagick…) ever sees an upload.
  auto opts = [] {
    return VImage::option()
        ->set("access", VIPS_ACCESS_RANDOM)
        ->set("fail_on", VIPS_FAIL_ON_TRUNCATED);
  };
  VImage header;
  try {
    switch (format) {
      case Format::kJpeg:
        header = VImage::jpegload_buffer(blob.get(), opts());
        break;
      case Format::kPng:
        header = VImage::pngload_buffer(blob.get(), opts());
        break;
      case Format::kWebp:
        header = VImage::webpload_buffer(blob.get(), opts());
        break;
    }
  } catch (const VError&) {
    vips_error_clear();
    return Corrupt();
  }
  // Loading is lazy: so far only the header was read. Refuse decompression bombs now.
  int64_t pixels = static_cast<int64_t>(header.width()) * header.height();
  if (header.width() <= 0 || header.height() <= 0) return Corrupt();
  if (pixels > o.max_pixels) {
    return ResourceExhaustedError("أبعاد الصورة أكبر من المسموح (" +
                                  std::to_string(o.max_pixels / 1000000) + " ميغابكسل).");
  }
  try {
    // The whole decode happens here; a truncated or damaged file fails.
    VImage img = header.copy_memory();
    img = img.autorot();
    if (img.get_typeof(VIPS_META_ICC_NAME) != 0) {
      try {
        img = img.icc_transform("srgb", VImage::option()->set("embedded", true));
      } catch (const VError&) {
        vips_error_clear();  // a broken profile: fall back to the plain conversion below
      }
    }
    if (img.interpretation() != VIPS_INTERPRETATION_sRGB) {
      img = img.colourspace(VIPS_INTERPRETATION_sRGB);
    }
    if (img.format() != VIPS_FORMAT_UCHAR) img = img.cast(VIPS_FORMAT_UCHAR);
    return WithoutMetadata(img);
  } catch (const VError&) {
    vips_error_clear();
    return Corrupt();
  }
}

}  // namespace

const char* MimeType(Format f) {
  switch (f) {
    case Format::kJpeg:
      return "image/jpeg";
    case Format::kPng:
      return "image/png";
    case Format::kWebp:
      return "image/webp";
  }
  return "application/octet-stream";
}

const char* Extension(Format f) {
  switch (f) {
    case Format::kJpeg:
      return "jpg";
    case Format::kPng:
      return "png";
    case Format::kWebp:
      return "webp";
  }
  return "bin";
}

std::optional<Format> SniffFormat(std::string_view b) {
  if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return Format::kJpeg;
  if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) {
    return Format::kPng;
  }
  if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") {
    return Format::kWebp;
  }
  return std::nullopt;
}

bool ParseFileName(std::string_view name, Format* format) {
  constexpr size_t kHash = 16;
  if (name.size() < kHash + 4) return false;
  for (size_t i = 0; i < kHash; ++i) {
    char c = name[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  if (name[kHash] != '-') return false;
  size_t i = kHash + 1;
  size_t digits_start = i;
  while (i < name.size() && name[i] >= '0' && name[i] <= '9') ++i;
  size_t digits = i - digits_start;
  if (digits == 0 || digits > 5 || name[digits_start] == '0') return false;
  if (i >= name.size() || name[i] != '.') return false;
  std::string_view ext = name.substr(i + 1);
  for (Format f : {Format::kJpeg, Format::kPng, Format::kWebp}) {
    if (ext == Extension(f)) {
      *format = f;
      return true;
    }
  }
  return false;
}

Status Init() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    if (sodium_init() < 0) return;
    if (VIPS_INIT("khabar") != 0) return;
    // No operation cache: uploads are each processed once, and a cached load keyed by a
    // buffer's address could outlive that buffer.
    vips_cache_set_max(0);
    ok = true;
  });
  return ok ? OkStatus() : InternalError("libvips could not start");
}

StatusOr<Image> StoreImage(const Options& o, std::string_view bytes) {
  RETURN_IF_ERROR(Init());
  if (bytes.size() > o.max_bytes) {
    return ResourceExhaustedError("حجم الصورة أكبر من المسموح (" +
                                  std::to_string(o.max_bytes / (1024 * 1024)) + " ميغابايت).");
  }
  std::optional<Format> format = SniffFormat(bytes);
  if (!format) return NotAnImage();
  ASSIGN_OR_RETURN(VImage img, Decode(o, *format, bytes));

  Image out;
  out.hash = ContentHash(bytes);
  out.source_format = *format;
  out.width = img.width();
  out.height = img.height();
  bool alpha = img.has_alpha();
  // JPEG stays JPEG; PNG stays PNG (graphics and text stay sharp); WebP falls back to PNG
  // when it has transparency and to JPEG otherwise.
  Format fallback = *format == Format::kPng || alpha ? Format::kPng : Format::kJpeg;

  std::error_code ec;
  std::filesystem::path dir(o.dir);
  std::filesystem::create_directories(dir, ec);
  if (ec) return UnavailableError("cannot create " + o.dir + ": " + ec.message());
  try {
    for (int w : TargetWidths(o.widths, out.width)) {
      VImage sized = img;
      if (w != out.width) {
        double scale = static_cast<double>(w) / out.width;
        // Transparent edges must not darken: resize premultiplied.
        sized = alpha ? img.premultiply().resize(scale).unpremultiply().cast(VIPS_FORMAT_UCHAR)
                      : img.resize(scale);
      }
      for (Format f : {fallback, Format::kWebp}) {
        Variant v;
        v.width = sized.width();
        v.height = sized.height();
        v.format = f;
        v.file = out.hash + "-" + std::to_string(v.width) + "." + Extension(f);
        RETURN_IF_ERROR(WriteFileAtomically(dir, v.file, Encode(sized, f, o)));
        out.variants.push_back(std::move(v));
      }
    }
  } catch (const VError& e) {
    vips_error_clear();
    return InternalError(std::string("image processing failed: ") + e.what());
  }
  RETURN_IF_ERROR(SyncDir(dir));
  return out;
}

Status WriteFileAtomically(const std::filesystem::path& dir, const std::string& name,
                           std::string_view data) {
  std::filesystem::path final_path = dir / name;
  unsigned char nonce[6];
  randombytes_buf(nonce, sizeof nonce);
  std::filesystem::path tmp = dir / (".tmp-" + Hex(nonce, sizeof nonce) + "-" + name);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return UnavailableError("cannot create " + tmp.string() + ": " + strerror(errno));
  const char* p = data.data();
  size_t left = data.size();
  bool ok = true;
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ok = false;
      break;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  int saved_errno = errno;
  if (ok && ::fsync(fd) != 0) {
    ok = false;
    saved_errno = errno;
  }
  if (::close(fd) != 0 && ok) {
    ok = false;
    saved_errno = errno;
  }
  if (ok && ::rename(tmp.c_str(), final_path.c_str()) != 0) {
    ok = false;
    saved_errno = errno;
  }
  if (!ok) {
    ::unlink(tmp.c_str());
    return UnavailableError("cannot write " + final_path.string() + ": " + strerror(saved_errno));
  }
  return OkStatus();
}

std::string ContentHash(std::string_view bytes) {
  unsigned char digest[8];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size(), nullptr, 0);
  return Hex(digest, sizeof digest);
}

content::Media Describe(const Image& image, std::string original_name, std::string alt,
                        int64_t uploaded_by) {
  content::Media m;
  m.hash = image.hash;
  m.original_name = std::move(original_name);
  m.mime = MimeType(image.source_format);
  m.width = image.width;
  m.height = image.height;
  for (const Variant& v : image.variants) {
    content::ImageFile f;
    f.width = v.width;
    f.height = v.height;
    f.mime = MimeType(v.format);
    f.file = v.file;
    m.files.push_back(std::move(f));
  }
  m.alt = std::move(alt);
  m.uploaded_by = uploaded_by;
  return m;
}

}  // namespace khabar::media
