#include "src/http/multipart.h"

#include <gtest/gtest.h>

namespace khabar::http {
namespace {

constexpr std::string_view kBoundary = "----khabarBoundary7MA4YWxk";

// A body as a browser sends it: each part's headers, a blank line, the content.
std::string Body(const std::vector<std::pair<std::string, std::string>>& parts) {
  std::string b;
  for (const auto& [headers, content] : parts) {
    b.append("--").append(kBoundary).append("\r\n").append(headers).append("\r\n\r\n");
    b.append(content).append("\r\n");
  }
  b.append("--").append(kBoundary).append("--\r\n");
  return b;
}

StatusOr<MultipartBody> Parse(std::string_view body, MultipartLimits limits = {}) {
  return ParseMultipart(body, kBoundary, limits);
}

TEST(MultipartBoundaryTest, ReadsTokenAndQuotedBoundaries) {
  EXPECT_EQ(*MultipartBoundary("multipart/form-data; boundary=abc123"), "abc123");
  EXPECT_EQ(*MultipartBoundary("Multipart/Form-Data;boundary=\"a b:c\""), "a b:c");
  EXPECT_EQ(*MultipartBoundary("multipart/form-data; charset=utf-8; boundary=x"), "x");
}

TEST(MultipartBoundaryTest, RefusesOtherTypesAndBadBoundaries) {
  EXPECT_FALSE(MultipartBoundary("application/x-www-form-urlencoded").ok());
  EXPECT_FALSE(MultipartBoundary("multipart/form-data").ok());
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=").ok());
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=\"unclosed").ok());
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=" + std::string(71, 'a')).ok());
  EXPECT_FALSE(MultipartBoundary("multipart/form-data; boundary=a; boundary=b").ok());
  EXPECT_FALSE(MultipartBoundary("multipart/mixed; boundary=abc").ok());
}

TEST(MultipartTest, ReadsFieldsAndFilesAsABrowserSendsThem) {
  std::string jpeg("\xFF\xD8\xFF\xE0 binary \r\n--not-the-boundary \0 bytes", 40);
  std::string body = Body({
      {"Content-Disposition: form-data; name=\"token\"", "tok-123"},
      {"Content-Disposition: form-data; name=\"alt\"", "صورة الاجتماع\r\nسطر ثانٍ"},
      {"Content-Disposition: form-data; name=\"image\"; filename=\"C:\\photos\\صورة.jpg\"\r\n"
       "Content-Type: image/jpeg",
       jpeg},
      {"content-disposition: FORM-DATA; name=empty", ""},
  });
  auto parsed = Parse(body);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->fields.Get("token"), "tok-123");
  EXPECT_EQ(parsed->fields.Get("alt"), "صورة الاجتماع\r\nسطر ثانٍ");
  EXPECT_TRUE(parsed->fields.Has("empty"));
  ASSERT_EQ(parsed->files.size(), 1u);
  const MultipartFile* f = parsed->File("image");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->filename, "C:\\photos\\صورة.jpg");  // a lone backslash is kept, not an escape
  EXPECT_EQ(f->content_type, "image/jpeg");
  EXPECT_EQ(f->data, jpeg);  // CRLF, dashes and NUL inside the content survive
  EXPECT_EQ(parsed->File("alt"), nullptr);
}

TEST(MultipartTest, IgnoresPreambleAndEpilogueAndAcceptsEmptyFile) {
  std::string body = "preamble text\r\n" +
                     Body({{"Content-Disposition: form-data; name=\"image\"; filename=\"\"\r\n"
                            "Content-Type: application/octet-stream",
                            ""}}) +
                     "epilogue";
  auto parsed = Parse(body);
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ASSERT_NE(parsed->File("image"), nullptr);
  EXPECT_EQ(parsed->File("image")->data, "");
  EXPECT_EQ(parsed->File("image")->filename, "");
}

TEST(MultipartTest, QuotedEscapesInNames) {
  auto parsed =
      Parse(Body({{R"(Content-Disposition: form-data; name="a\"b"; filename="x\\y.png")", "1"}}));
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->files[0].field, "a\"b");
  EXPECT_EQ(parsed->files[0].filename, "x\\y.png");
}

TEST(MultipartTest, RefusesMalformedBodies) {
  const std::string ok_part = "Content-Disposition: form-data; name=\"a\"";
  std::string good = Body({{ok_part, "1"}});
  ASSERT_TRUE(Parse(good).ok());
  struct Case {
    const char* what;
    std::string body;
  };
  std::string delim = "--" + std::string(kBoundary);
  const Case cases[] = {
      {"empty body", ""},
      {"no boundary at all", "name=a&b=c"},
      {"truncated before the close delimiter", good.substr(0, good.size() - 12)},
      {"cut in the part headers", delim + "\r\nContent-Disposition: form-data; na"},
      {"ends right after a boundary", delim},
      {"junk after the boundary", delim + "xyz\r\n" + ok_part + "\r\n\r\n1\r\n" + delim + "--"},
      {"no Content-Disposition", Body({{"Content-Type: text/plain", "1"}})},
      {"not form-data", Body({{"Content-Disposition: attachment; name=\"a\"", "1"}})},
      {"no name", Body({{"Content-Disposition: form-data; filename=\"a.jpg\"", "1"}})},
      {"empty name", Body({{"Content-Disposition: form-data; name=\"\"", "1"}})},
      {"unclosed quote", Body({{"Content-Disposition: form-data; name=\"a", "1"}})},
      {"two names", Body({{"Content-Disposition: form-data; name=a; name=b", "1"}})},
      {"header without colon", Body({{ok_part + "\r\nGarbage", "1"}})},
      {"folded header", Body({{ok_part + "\r\n continued", "1"}})},
      {"bare LF in headers", delim + "\r\n" + ok_part + "\nX: y\r\n\r\n1\r\n" + delim + "--"},
      {"field not UTF-8", Body({{ok_part, "\xC3\x28"}})},
      {"two Content-Dispositions", Body({{ok_part + "\r\n" + ok_part, "1"}})},
  };
  for (const Case& c : cases) {
    auto parsed = Parse(c.body);
    EXPECT_FALSE(parsed.ok()) << c.what;
    if (!parsed.ok()) {
      EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << c.what;
    }
  }
}

TEST(MultipartTest, EnforcesLimits) {
  MultipartLimits limits;
  limits.max_parts = 2;
  limits.max_field_bytes = 10;
  limits.max_file_bytes = 20;
  limits.max_part_header_bytes = 100;
  auto field = [](std::string v) {
    return std::pair<std::string, std::string>{"Content-Disposition: form-data; name=\"f\"", v};
  };
  auto file = [](std::string v) {
    return std::pair<std::string, std::string>{
        "Content-Disposition: form-data; name=\"i\"; filename=\"a.png\"", v};
  };
  EXPECT_TRUE(Parse(Body({field("0123456789"), file(std::string(20, 'x'))}), limits).ok());
  const std::string too_big[] = {
      Body({field("01234567890")}),
      Body({file(std::string(21, 'x'))}),
      Body({field("1"), field("2"), field("3")}),
      Body({{"Content-Disposition: form-data; name=\"f\"\r\nX-Long: " + std::string(200, 'h'),
             "1"}}),
  };
  for (const std::string& body : too_big) {
    auto parsed = Parse(body, limits);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.status().code(), StatusCode::kResourceExhausted) << body.substr(0, 80);
  }
}

}  // namespace
}  // namespace khabar::http
