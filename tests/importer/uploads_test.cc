// Which file of a copy of wp-content/uploads an attachment names, and that none leads out.
#include "src/importer/uploads.h"

#include <gtest/gtest.h>

namespace khabar::importer {
namespace {

TEST(UploadPathTest, TheAttachedFileFirstThenTheAddress) {
  EXPECT_EQ(UploadPath("2025/02/harbour.jpg", "http://x/other.jpg"), "2025/02/harbour.jpg");
  EXPECT_EQ(UploadPath("", "http://old.example/wp-content/uploads/2025/02/harbour.jpg"),
            "2025/02/harbour.jpg");
  // Percent-encoded Arabic names, a query string and a fragment.
  EXPECT_EQ(UploadPath("",
                       "https://old.example/blog/wp-content/uploads/2024/11/"
                       "%D9%85%D8%B1%D9%81%D8%A3.webp?ver=2#top"),
            "2024/11/مرفأ.webp");
}

TEST(UploadPathTest, NothingLeadsOutOfTheFolder) {
  for (const char* file :
       {"/etc/passwd", "../secret.jpg", "2025/../../secret.jpg", "./a.jpg", "a\\..\\b.jpg"}) {
    EXPECT_EQ(UploadPath(file, ""), std::nullopt) << file;
  }
  for (const char* url :
       {"http://x/wp-content/uploads/../../etc/passwd", "http://x/wp-content/uploads/%2e%2e/a.jpg",
        "http://x/wp-content/uploads//etc/passwd", "http://x/wp-content/uploads/a%00.jpg",
        "http://x/images/a.jpg", "http://x/wp-content/uploads/",
        "http://x/wp-content/uploads/%zz"}) {
    EXPECT_EQ(UploadPath("", url), std::nullopt) << url;
  }
}

}  // namespace
}  // namespace khabar::importer
