// Test images made with libvips inside the tests (no binary fixtures in the repository):
// JPEGs with an EXIF orientation, PNGs with or without transparency, WebPs, and a PNG whose
// header claims dimensions far larger than its data.
#ifndef KHABAR_TESTS_MEDIA_TEST_IMAGES_H_
#define KHABAR_TESTS_MEDIA_TEST_IMAGES_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace khabar::testing {

// A noisy colour photo-like JPEG `w` x `h` with EXIF orientation `orientation` (1 = upright).
std::string MakeJpeg(int w, int h, int orientation = 1);
std::string MakePng(int w, int h, bool alpha);
std::string MakeWebp(int w, int h);
// `png` with its IHDR width and height replaced (and the chunk's CRC fixed).
std::string WithPngSize(std::string png, uint32_t w, uint32_t h);

struct ImageInfo {
  bool ok = false;  // libvips decoded it whole
  std::string loader;
  int width = 0;
  int height = 0;
  int bands = 0;
  int orientation = 1;
  bool has_exif = false;
  bool has_xmp = false;
};
ImageInfo Inspect(std::string_view bytes);

}  // namespace khabar::testing

#endif  // KHABAR_TESTS_MEDIA_TEST_IMAGES_H_
