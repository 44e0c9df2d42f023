// End to end: featured images. An editor uploads a photo to an article through the editor's
// multipart form, publishes, and readers get a <picture> whose every /media/ file answers
// with its type and a year of immutable caching; bad uploads change nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "tests/e2e/e2e_env.h"
#include "tests/media/test_images.h"
#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::e2e {
namespace {

using testing::HtmlDocument;
using testing::HttpGet;
using testing::HttpPostForm;
using testing::HttpResponse;
using testing::MultipartPart;
using testing::RunCommand;
using testing::ServerProcess;

constexpr const char* kPassword = "كلمة سر طويلة للتحرير";

class MediaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDb(dir_, "k.db");
    auto seed =
        RunCommand({Binary(), "import", "jsonl", SharedDir() + "/seed/article.jsonl", "--db", db_});
    ASSERT_EQ(seed.status, 0) << seed.err;
    for (auto [name, role] : {std::pair{"layla", "editor"}, std::pair{"sami", "contributor"}}) {
      auto r = RunCommand({Binary(), "user", "add", name, "--role", role, "--db", db_},
                          std::string(kPassword) + "\n");
      ASSERT_EQ(r.status, 0) << r.err;
    }
    std::string config = dir_.File("khabar.json");
    std::ofstream(config) << R"({"max_image_mb": 1})";
    std::string error;
    server_ = ServerProcess::Start(
        {.binary = Binary(),
         .db_path = db_,
         .extra_args = {"--config", config, "--media-dir", dir_.File("media")}},
        &error);
    ASSERT_NE(server_, nullptr) << error;
  }

  int Port() { return server_->port(); }

  std::string LogIn(const std::string& name) { return SignIn(Port(), name, kPassword); }

  // Saves the editor at `editor_path` with `action`; returns the response.
  HttpResponse Save(const std::string& cookie, const std::string& editor_path,
                    const std::string& action) {
    return PostEditor(Port(), cookie, editor_path,
                      {{"title", "افتتاح جسر المدينة الجديد"},
                       {"excerpt", ""},
                       {"body", "افتتح الجسر صباح اليوم.\n\nوحضر الافتتاح المئات."},
                       {"category", "محليات"},
                       {"tags", "جسور"},
                       {"breaking_hours", "0"},
                       {"publish_at", ""},
                       {"action", action}});
  }

  // The image form's token on the editor page, or "".
  std::string ImageToken(const std::string& cookie, const std::string& editor_path) {
    auto doc = HtmlDocument::Parse(HttpGet(Port(), editor_path, {{"Cookie", cookie}}).body);
    auto token = doc.Select("form.featured-image-form input[name=token]");
    return token ? token->Attr("value") : "";
  }

  // POSTs a multipart/form-data body built from `parts`, as a browser would.
  HttpResponse PostMultipart(const std::string& path, const std::vector<MultipartPart>& parts,
                             const std::string& cookie) {
    return testing::HttpPostMultipart(Port(), path, parts, {{"Cookie", cookie}});
  }

  std::set<std::string> MediaFiles() {
    std::set<std::string> names;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir_.File("media"), ec)) {
      names.insert(e.path().filename().string());
    }
    return names;
  }

  testing::TempDir dir_;
  std::string db_;
  std::unique_ptr<ServerProcess> server_;
};

// The URLs of a srcset ("a 480w, b 960w").
std::vector<std::string> SrcsetUrls(const std::string& srcset) {
  std::vector<std::string> urls;
  size_t pos = 0;
  while (pos < srcset.size()) {
    while (pos < srcset.size() && (srcset[pos] == ' ' || srcset[pos] == ',')) ++pos;
    size_t end = srcset.find(' ', pos);
    if (end == std::string::npos || pos >= srcset.size()) break;
    urls.push_back(srcset.substr(pos, end - pos));
    pos = srcset.find(',', end);
    if (pos == std::string::npos) break;
  }
  return urls;
}

TEST_F(MediaTest, EditorUploadsAFeaturedImageAndReadersGetAPicture) {
  std::string editor = LogIn("layla");
  ASSERT_FALSE(editor.empty());
  // A new article has no image form yet: it must be saved first.
  auto fresh =
      HtmlDocument::Parse(HttpGet(Port(), "/admin/articles/new", {{"Cookie", editor}}).body);
  EXPECT_FALSE(fresh.Select("form.featured-image-form"));
  HttpResponse draft = Save(editor, "/admin/articles/new", "draft");
  ASSERT_EQ(draft.status, 303) << draft.body.substr(0, 300);
  std::string editor_path = draft.Header("location").substr(0, draft.Header("location").find('?'));
  std::string upload_path = editor_path + "/image";
  std::string token = ImageToken(editor, editor_path);
  ASSERT_FALSE(token.empty());
  auto form = HtmlDocument::Parse(HttpGet(Port(), editor_path, {{"Cookie", editor}}).body)
                  .Select("form.featured-image-form");
  EXPECT_EQ(form->Attr("enctype"), "multipart/form-data");
  EXPECT_EQ(form->Attr("action"), upload_path);

  // A photo taken sideways (EXIF orientation 6): stored 1200x800, seen 800x1200.
  std::string photo = testing::MakeJpeg(1200, 800, 6);
  ASSERT_LT(photo.size(), 1024u * 1024u);
  HttpResponse up = PostMultipart(upload_path,
                                  {{"token", token, ""},
                                   {"alt", "الجسر الجديد عند الافتتاح", ""},
                                   {"action", "upload", ""},
                                   {"image", photo, "IMG_0001.jpg"}},
                                  editor);
  ASSERT_EQ(up.status, 303) << up.body.substr(0, 500);
  EXPECT_EQ(up.Header("location"), editor_path + "?saved=1");
  std::set<std::string> files = MediaFiles();
  EXPECT_EQ(files.size(), 4u);  // 480 and 800, each JPEG and WebP
  auto edit = HtmlDocument::Parse(HttpGet(Port(), editor_path, {{"Cookie", editor}}).body);
  auto preview = edit.Select(".image-form img");
  ASSERT_TRUE(preview);
  EXPECT_EQ(preview->Attr("alt"), "الجسر الجديد عند الافتتاح");

  ASSERT_EQ(Save(editor, editor_path, "publish").status, 303);
  auto after = HtmlDocument::Parse(HttpGet(Port(), editor_path, {{"Cookie", editor}}).body);
  std::string url = after.Select(".page-header a[href^=\"/20\"]")->Attr("href");
  HttpResponse page = HttpGet(Port(), url);
  ASSERT_EQ(page.status, 200);
  // The CSP still allows images from this site only.
  EXPECT_NE(page.Header("content-security-policy").find("img-src 'self' data:"), std::string::npos);
  auto doc = HtmlDocument::Parse(page.body);
  auto source = doc.Select("article picture source[type=\"image/webp\"]");
  auto img = doc.Select("article picture img");
  ASSERT_TRUE(source);
  ASSERT_TRUE(img);
  EXPECT_EQ(img->Attr("alt"), "الجسر الجديد عند الافتتاح");
  EXPECT_EQ(img->Attr("width"), "800");  // upright
  EXPECT_EQ(img->Attr("height"), "1200");
  EXPECT_FALSE(img->Attr("sizes").empty());
  EXPECT_FALSE(img->Attr("loading").empty());
  EXPECT_EQ(img->Attr("decoding"), "async");
  std::vector<std::string> webp = SrcsetUrls(source->Attr("srcset"));
  std::vector<std::string> jpeg = SrcsetUrls(img->Attr("srcset"));
  ASSERT_EQ(webp.size(), 2u) << source->Attr("srcset");
  ASSERT_EQ(jpeg.size(), 2u) << img->Attr("srcset");
  EXPECT_NE(source->Attr("srcset").find(" 480w"), std::string::npos);
  EXPECT_NE(img->Attr("srcset").find(" 800w"), std::string::npos);
  jpeg.push_back(img->Attr("src"));
  auto check = [&](const std::string& media_url, const std::string& type) {
    SCOPED_TRACE(media_url);
    ASSERT_EQ(media_url.rfind("/media/", 0), 0u);
    EXPECT_EQ(files.count(media_url.substr(7)), 1u);
    HttpResponse r = HttpGet(Port(), media_url);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("content-type"), type);
    EXPECT_EQ(r.Header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
    ASSERT_FALSE(r.Header("etag").empty());
    auto info = testing::Inspect(r.body);
    EXPECT_TRUE(info.ok);
    EXPECT_FALSE(info.has_exif);
    EXPECT_EQ(HttpGet(Port(), media_url, {{"If-None-Match", r.Header("etag")}}).status, 304);
  };
  for (const auto& u : webp) check(u, "image/webp");
  for (const auto& u : jpeg) check(u, "image/jpeg");

  // Only names the library makes are served; nothing leaves the media folder.
  std::string some = *files.begin();
  for (const std::string& bad :
       {std::string("/media/..%2Fk.db"), "/media/" + some.substr(0, 16) + "-480.gif",
        std::string("/media/0123456789abcdef-480.jpg"), "/media/" + some + "/",
        std::string("/media/")}) {
    EXPECT_EQ(HttpGet(Port(), bad).status, 404) << bad;
  }
  EXPECT_EQ(HttpGet(Port(), "/media/%2E%2E").status, 400);  // a dot segment: a bad path

  // The remove button takes the image off the page.
  HttpResponse removed = PostMultipart(
      upload_path, {{"token", ImageToken(editor, editor_path), ""}, {"action", "remove", ""}},
      editor);
  EXPECT_EQ(removed.status, 303) << removed.body.substr(0, 300);
  EXPECT_FALSE(HtmlDocument::Parse(HttpGet(Port(), url).body).Select("article picture"));
}

TEST_F(MediaTest, BadUploadsAreRefusedInArabicAndChangeNothing) {
  std::string editor = LogIn("layla");
  HttpResponse draft = Save(editor, "/admin/articles/new", "draft");
  ASSERT_EQ(draft.status, 303);
  std::string editor_path = draft.Header("location").substr(0, draft.Header("location").find('?'));
  std::string upload_path = editor_path + "/image";
  std::string token = ImageToken(editor, editor_path);
  std::string good = testing::MakeJpeg(600, 400);
  ASSERT_EQ(PostMultipart(
                upload_path,
                {{"token", token, ""}, {"alt", "صورة أولى", ""}, {"image", good, "a.jpg"}}, editor)
                .status,
            303);
  std::set<std::string> files = MediaFiles();
  ASSERT_FALSE(files.empty());
  std::string before = HttpGet(Port(), editor_path, {{"Cookie", editor}}).body;
  auto preview_of = [&](const std::string& html) {
    auto img = HtmlDocument::Parse(html).Select(".image-form img");
    return img ? img->Attr("src") : "";
  };
  ASSERT_FALSE(preview_of(before).empty());

  std::string truncated = testing::MakeJpeg(800, 600);
  truncated.resize(truncated.size() / 2);
  std::string bomb = testing::WithPngSize(testing::MakePng(4, 4, false), 60000, 60000);
  std::string too_big = testing::MakeJpeg(8, 8);
  too_big.append(1024 * 1024, 'x');  // over the 1 MB set in the settings, under the body limit
  struct Case {
    const char* what;
    std::vector<MultipartPart> parts;
    int status;
    const char* message;
  };
  const Case cases[] = {
      {"a text file named .jpg",
       {{"token", token, ""}, {"alt", "وصف", ""}, {"image", "ليست صورة", "photo.jpg"}},
       422,
       "ليس صورة"},
      {"a truncated JPEG",
       {{"token", token, ""}, {"alt", "وصف", ""}, {"image", truncated, "cut.jpg"}},
       422,
       "تالف"},
      {"a decompression bomb",
       {{"token", token, ""}, {"alt", "وصف", ""}, {"image", bomb, "bomb.png"}},
       413,
       "ميغابكسل"},
      {"a file over the limit",
       {{"token", token, ""}, {"alt", "وصف", ""}, {"image", too_big, "big.jpg"}},
       413,
       "ميغابايت"},
      {"no alt text",
       {{"token", token, ""}, {"alt", "  ", ""}, {"image", good, "b.jpg"}},
       422,
       "النص البديل"},
      {"no file", {{"token", token, ""}, {"alt", "وصف", ""}}, 422, "اختر صورة"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    HttpResponse r = PostMultipart(upload_path, c.parts, editor);
    EXPECT_EQ(r.status, c.status) << r.body.substr(0, 300);
    auto shown = HtmlDocument::Parse(r.body).Select(".image-form .form-errors");
    ASSERT_TRUE(shown);
    EXPECT_NE(shown->Text().find(c.message), std::string::npos) << shown->Text();
    EXPECT_EQ(MediaFiles(), files);
  }
  // Without the form's token, or from a contributor, or not multipart: refused.
  EXPECT_EQ(
      PostMultipart(upload_path,
                    {{"token", "forged", ""}, {"alt", "وصف", ""}, {"image", good, "c.jpg"}}, editor)
          .status,
      403);
  std::string contributor = LogIn("sami");
  EXPECT_EQ(PostMultipart(upload_path,
                          {{"token", token, ""}, {"alt", "وصف", ""}, {"image", good, "c.jpg"}},
                          contributor)
                .status,
            403);
  EXPECT_EQ(
      HttpPostForm(Port(), upload_path, {{"token", token}, {"alt", "وصف"}}, {{"Cookie", editor}})
          .status,
      422);
  EXPECT_EQ(MediaFiles(), files);
  EXPECT_EQ(preview_of(HttpGet(Port(), editor_path, {{"Cookie", editor}}).body),
            preview_of(before));

  // Only the upload route takes a body this large; every other keeps the small limit.
  std::string big_form(1200 * 1024, 'a');
  EXPECT_EQ(HttpPostForm(Port(), "/admin/articles/save", {{"body", big_form}}, {{"Cookie", editor}})
                .status,
            413);
  std::string huge = testing::MakeJpeg(8, 8) + std::string(3 * 1024 * 1024, 'x');
  EXPECT_EQ(
      PostMultipart(upload_path,
                    {{"token", token, ""}, {"alt", "وصف", ""}, {"image", huge, "d.jpg"}}, editor)
          .status,
      413);
  EXPECT_EQ(MediaFiles(), files);
}

}  // namespace
}  // namespace khabar::e2e
