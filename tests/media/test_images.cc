#include "tests/media/test_images.h"

#include <vips/vips8>

namespace khabar::testing {
namespace {

using vips::VImage;

void Init() {
  static bool started = [] { return VIPS_INIT("khabar-test") == 0; }();
  (void)started;
}

VImage Noise(int w, int h, int bands) {
  Init();
  VImage g = VImage::gaussnoise(w, h, VImage::option()->set("mean", 128.0)->set("sigma", 40.0))
                 .cast(VIPS_FORMAT_UCHAR);
  VImage img = g;
  for (int b = 1; b < bands; ++b) img = img.bandjoin((g + b * 40).cast(VIPS_FORMAT_UCHAR));
  return img.copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB));
}

std::string Take(VipsBlob* blob) {
  size_t n = 0;
  const void* p = vips_blob_get(blob, &n);
  std::string out(static_cast<const char*>(p), n);
  vips_area_unref(VIPS_AREA(blob));
  return out;
}

uint32_t Crc32(std::string_view data) {
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char byte : data) {
    c ^= byte;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return c ^ 0xFFFFFFFFu;
}

void PutBigEndian(std::string* s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*s)[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
}

}  // namespace

std::string MakeJpeg(int w, int h, int orientation) {
  VImage img = Noise(w, h, 3).copy();
  img.set("orientation", orientation);
  return Take(img.jpegsave_buffer(VImage::option()->set("Q", 90)));
}

std::string MakePng(int w, int h, bool alpha) {
  return Take(Noise(w, h, alpha ? 4 : 3).pngsave_buffer());
}

std::string MakeWebp(int w, int h) { return Take(Noise(w, h, 3).webpsave_buffer()); }

std::string WithPngSize(std::string png, uint32_t w, uint32_t h) {
  // Signature (8), then IHDR: length (4), "IHDR" (4), width (4), height (4), 5 more, CRC.
  PutBigEndian(&png, 16, w);
  PutBigEndian(&png, 20, h);
  PutBigEndian(&png, 29, Crc32(std::string_view(png).substr(12, 17)));
  return png;
}

ImageInfo Inspect(std::string_view bytes) {
  Init();
  ImageInfo info;
  const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  if (!loader) {
    vips_error_clear();
    return info;
  }
  info.loader = loader;
  try {
    VImage img = VImage::new_from_buffer(bytes.data(), bytes.size(), "",
                                         VImage::option()->set("fail", true));
    img = img.copy_memory();
    info.width = img.width();
    info.height = img.height();
    info.bands = img.bands();
    info.has_exif = img.get_typeof(VIPS_META_EXIF_NAME) != 0;
    info.has_xmp = img.get_typeof(VIPS_META_XMP_NAME) != 0;
    if (img.get_typeof(VIPS_META_ORIENTATION) != 0)
      info.orientation = img.get_int(VIPS_META_ORIENTATION);
    info.ok = true;
  } catch (const vips::VError&) {
    vips_error_clear();
  }
  return info;
}

}  // namespace khabar::testing
