#include "src/media/media.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "src/base/files.h"
#include "tests/media/test_images.h"
#include "tests/testing/server_process.h"

namespace khabar::media {
namespace {

using testing::Inspect;

class MediaTest : public ::testing::Test {
 protected:
  MediaTest() { options_.dir = dir_.File("media"); }

  // The names of the files in the media folder.
  std::set<std::string> Files() const {
    std::set<std::string> names;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(options_.dir, ec)) {
      names.insert(e.path().filename().string());
    }
    return names;
  }
  std::string Read(const std::string& file) const {
    auto bytes = ReadFile(options_.dir + "/" + file);
    return bytes.ok() ? *bytes : "";
  }

  testing::TempDir dir_;
  Options options_;
};

TEST_F(MediaTest, SniffsByMagicBytesNotByName) {
  EXPECT_EQ(SniffFormat(testing::MakeJpeg(8, 8)), Format::kJpeg);
  EXPECT_EQ(SniffFormat(testing::MakePng(8, 8, false)), Format::kPng);
  EXPECT_EQ(SniffFormat(testing::MakeWebp(8, 8)), Format::kWebp);
  EXPECT_EQ(SniffFormat("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), std::nullopt);
  EXPECT_EQ(SniffFormat("GIF89a......"), std::nullopt);
  EXPECT_EQ(SniffFormat("RIFF\x10\0\0\0WAVE"), std::nullopt);
  EXPECT_EQ(SniffFormat(""), std::nullopt);
}

TEST_F(MediaTest, PhotoIsTurnedUprightStrippedAndMadeInEveryWidth) {
  // A camera photo lying on its side: stored 2000x1000, EXIF says "rotate 90° clockwise".
  std::string photo = testing::MakeJpeg(2000, 1000, 6);
  auto before = Inspect(photo);
  ASSERT_TRUE(before.ok);
  ASSERT_TRUE(before.has_exif);  // the test image really carries EXIF
  ASSERT_EQ(before.orientation, 6);

  auto img = StoreImage(options_, photo);
  ASSERT_TRUE(img.ok()) << img.status().message();
  EXPECT_EQ(img->hash.size(), 16u);
  EXPECT_EQ(img->source_format, Format::kJpeg);
  EXPECT_EQ(img->width, 1000);  // upright: portrait
  EXPECT_EQ(img->height, 2000);
  // 480 and 960 (narrower than the image) and the image's own 1000 (never upscaled to 1600),
  // each as JPEG and WebP.
  ASSERT_EQ(img->variants.size(), 6u);
  std::set<std::string> expected;
  const int widths[] = {480, 480, 960, 960, 1000, 1000};
  for (size_t i = 0; i < img->variants.size(); ++i) {
    const Variant& v = img->variants[i];
    EXPECT_EQ(v.width, widths[i]);
    EXPECT_EQ(v.height, widths[i] * 2);
    EXPECT_EQ(v.format, i % 2 == 0 ? Format::kJpeg : Format::kWebp);
    EXPECT_EQ(v.file, img->hash + "-" + std::to_string(v.width) + "." + Extension(v.format));
    Format parsed;
    EXPECT_TRUE(ParseFileName(v.file, &parsed));
    expected.insert(v.file);
    auto stored = Inspect(Read(v.file));
    ASSERT_TRUE(stored.ok) << v.file;
    EXPECT_EQ(stored.loader, v.format == Format::kJpeg ? "VipsForeignLoadJpegBuffer"
                                                       : "VipsForeignLoadWebpBuffer");
    EXPECT_EQ(stored.width, v.width);
    EXPECT_EQ(stored.height, v.height);
    EXPECT_FALSE(stored.has_exif) << v.file;  // no EXIF (so no GPS, no camera) left
    EXPECT_FALSE(stored.has_xmp) << v.file;
    EXPECT_EQ(stored.orientation, 1) << v.file;
    EXPECT_EQ(Read(v.file).find("Exif"), std::string::npos) << v.file;
  }
  // Exactly the final files: no temporary file left behind.
  EXPECT_EQ(Files(), expected);

  // The same upload again makes the same names with the same bytes.
  std::string first = Read(img->variants[0].file);
  auto again = StoreImage(options_, photo);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->hash, img->hash);
  EXPECT_EQ(Read(img->variants[0].file), first);
  EXPECT_EQ(Files(), expected);
}

TEST_F(MediaTest, WideImageGetsTheConfiguredWidths) {
  auto img = StoreImage(options_, testing::MakeJpeg(2400, 1200));
  ASSERT_TRUE(img.ok()) << img.status().message();
  std::vector<int> widths;
  for (const Variant& v : img->variants) widths.push_back(v.width);
  EXPECT_EQ(widths, (std::vector<int>{480, 480, 960, 960, 1600, 1600}));
  EXPECT_EQ(img->variants.back().height, 800);
}

TEST_F(MediaTest, TransparentPngStaysPngAndSmallImagesAreNotUpscaled) {
  auto img = StoreImage(options_, testing::MakePng(300, 200, true));
  ASSERT_TRUE(img.ok()) << img.status().message();
  ASSERT_EQ(img->variants.size(), 2u);
  EXPECT_EQ(img->variants[0].format, Format::kPng);
  EXPECT_EQ(img->variants[1].format, Format::kWebp);
  for (const Variant& v : img->variants) {
    EXPECT_EQ(v.width, 300);
    auto stored = Inspect(Read(v.file));
    ASSERT_TRUE(stored.ok);
    EXPECT_EQ(stored.bands, 4) << v.file;  // transparency kept
  }
}

TEST_F(MediaTest, OpaqueWebpFallsBackToJpeg) {
  auto img = StoreImage(options_, testing::MakeWebp(640, 480));
  ASSERT_TRUE(img.ok()) << img.status().message();
  EXPECT_EQ(img->source_format, Format::kWebp);
  ASSERT_EQ(img->variants.size(), 4u);  // 480 and 640
  EXPECT_EQ(img->variants[0].format, Format::kJpeg);
  EXPECT_EQ(img->variants[2].width, 640);
}

TEST_F(MediaTest, RefusesWhatIsNotAWholeImageAndStoresNothing) {
  std::string jpeg = testing::MakeJpeg(800, 600);
  struct Case {
    const char* what;
    std::string bytes;
  };
  const Case cases[] = {
      {"a text file named .jpg", "هذا ليس صورة بل نص عادي.\n"},
      {"an SVG", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"},
      {"a truncated JPEG", jpeg.substr(0, jpeg.size() / 2)},
      {"a JPEG cut after its header", jpeg.substr(0, 400)},
      {"only the magic bytes", "\xFF\xD8\xFF"},
      {"a PNG with its data damaged",
       [] {
         std::string png = testing::MakePng(64, 64, false);
         for (size_t i = png.size() / 2; i < png.size() / 2 + 64; ++i) png[i] = 'x';
         return png;
       }()},
  };
  for (const Case& c : cases) {
    auto img = StoreImage(options_, c.bytes);
    ASSERT_FALSE(img.ok()) << c.what;
    EXPECT_EQ(img.status().code(), StatusCode::kInvalidArgument) << c.what;
    EXPECT_FALSE(img.status().message().empty());
  }
  EXPECT_TRUE(Files().empty());
}

TEST_F(MediaTest, RefusesDecompressionBombsFromTheHeaderAlone) {
  // A few hundred bytes claiming 60000 x 60000 pixels (3.6 gigapixels).
  std::string bomb = testing::WithPngSize(testing::MakePng(4, 4, false), 60000, 60000);
  ASSERT_LT(bomb.size(), 1000u);
  auto img = StoreImage(options_, bomb);
  ASSERT_FALSE(img.ok());
  // Refused for its size before decoding (a decode would have found the data missing).
  EXPECT_EQ(img.status().code(), StatusCode::kResourceExhausted);
  EXPECT_TRUE(Files().empty());

  Options small = options_;
  small.max_pixels = 100 * 100;
  EXPECT_TRUE(StoreImage(small, testing::MakePng(100, 100, false)).ok());
  EXPECT_EQ(StoreImage(small, testing::MakePng(101, 100, false)).status().code(),
            StatusCode::kResourceExhausted);
}

TEST_F(MediaTest, RefusesUploadsOverTheByteLimit) {
  Options small = options_;
  std::string jpeg = testing::MakeJpeg(200, 200);
  small.max_bytes = jpeg.size() - 1;
  auto img = StoreImage(small, jpeg);
  ASSERT_FALSE(img.ok());
  EXPECT_EQ(img.status().code(), StatusCode::kResourceExhausted);
  small.max_bytes = jpeg.size();
  EXPECT_TRUE(StoreImage(small, jpeg).ok());
}

TEST_F(MediaTest, FailsCleanlyWhenTheFolderCannotBeWritten) {
  std::string blocker = dir_.File("not-a-dir");
  { std::ofstream(blocker) << "x"; }
  Options bad = options_;
  bad.dir = blocker + "/media";
  auto img = StoreImage(bad, testing::MakeJpeg(100, 100));
  ASSERT_FALSE(img.ok());
  EXPECT_EQ(img.status().code(), StatusCode::kUnavailable);
}

TEST(MediaFileNameTest, AcceptsOnlyTheNamesTheLibraryMakes) {
  Format f;
  EXPECT_TRUE(ParseFileName("0123456789abcdef-480.jpg", &f));
  EXPECT_EQ(f, Format::kJpeg);
  EXPECT_TRUE(ParseFileName("0123456789abcdef-1600.webp", &f));
  EXPECT_EQ(f, Format::kWebp);
  EXPECT_TRUE(ParseFileName("0123456789abcdef-7.png", &f));
  EXPECT_EQ(f, Format::kPng);
  for (const char* bad :
       {"", "0123456789abcdef-480", "0123456789ABCDEF-480.jpg", "0123456789abcde-480.jpg",
        "0123456789abcdef-0480.jpg", "0123456789abcdef-.jpg", "0123456789abcdef-480.jpeg",
        "0123456789abcdef-480.jpg.php", "../123456789abcdef-480.jpg", "0123456789abcdef_480.jpg",
        "0123456789abcdef-480.JPG", "0123456789abcdef-123456.png", ".tmp-0123456789abcdef-480.jpg",
        "0123456789abcdef-480.jpg/"}) {
    EXPECT_FALSE(ParseFileName(bad, &f)) << bad;
  }
}

}  // namespace
}  // namespace khabar::media
