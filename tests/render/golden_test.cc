// The reader pages, byte for byte: each is rendered from fixed data with the default
// templates and compared with a file in tests/render/golden/. The renderer is tuned for
// speed (cached chrome, hand-written JSON-LD…); these pin its output so that tuning never
// changes a page. After an intended change of a template or of the markup, regenerate:
//
//   KHABAR_UPDATE_GOLDEN=1 ./build/tests/render/render_golden_test
//
// and review the diff of the golden files like any other change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "src/render/render.h"
#include "src/render/seo.h"

namespace khabar::render {
namespace {

const std::string kGoldenDir = std::string(KHABAR_DEFAULT_SOURCE_DIR) + "/tests/render/golden/";
constexpr int64_t kNow = 1795000000 + 3 * 3600;

content::ArticleSummary Summary(int64_t id, std::string title, bool breaking) {
  content::ArticleSummary a;
  a.id = id;
  a.title = std::move(title);
  a.slug = "خبر-" + std::to_string(id);
  a.excerpt = "ملخص الخبر رقم " + std::to_string(id) + " & <تفاصيل> \"مهمة\"";
  a.published_at = 1795000000 - id * 5400;
  a.breaking = breaking;
  a.category = {2, "اقتصاد", "اقتصاد"};
  a.author = {4, "سمير", "سمير"};
  a.comment_count = static_cast<int>(id % 3);
  return a;
}

Chrome MakeChrome(std::string current) {
  Chrome c;
  c.nav = {{1, "سياسة", "سياسة"}, {2, "اقتصاد", "اقتصاد"}, {3, "رياضة & ثقافة", "رياضة"}};
  c.current_category_slug = std::move(current);
  c.ticker = {Summary(1, "عاجل: حدث <كبير>", true), Summary(2, "خبر ثانٍ", false)};
  c.now = kNow;
  return c;
}

content::Article FullArticle() {
  content::Article a;
  a.id = 7;
  a.title = "عنوان \"الخبر\" <الكامل> & التفاصيل";
  a.slug = "عنوان-الخبر";
  a.excerpt = "";
  a.body = "فقرة أولى “مقتبسة”.\n\nفقرة <b>ثانية</b> & 'ثالثة'.\n\nفقرة أخيرة\nبسطرين.";
  a.published_at = 1795000000;
  a.modified_at = 1795000000 + 600;
  a.breaking = true;
  a.breaking_until = 1795000000 + 7200;
  a.status = content::ArticleStatus::kPublished;
  a.category = {1, "سياسة", "سياسة"};
  a.author = {1, "سلمى \"س\"", "سلمى"};
  a.tags = {{1, "سوريا", "سوريا"}, {2, "لبنان & الأردن", "لبنان"}};
  a.corrections = {{1, "صُحّح اسم <الوزير>.", 1795000000 + 900}};
  content::Media m;
  m.id = 3;
  m.width = 1600;
  m.height = 900;
  m.alt = "صورة \"الحدث\"";
  m.files = {{480, 270, "image/webp", "abc-480.webp"},
             {960, 540, "image/webp", "abc-960.webp"},
             {480, 270, "image/jpeg", "abc-480.jpg"},
             {960, 540, "image/jpeg", "abc-960.jpg"}};
  a.featured_image = m;
  a.source_name = "وكالة <الأنباء>";
  a.source_url = "https://example.org/x?a=1&b=\"2\"";
  a.comment_count = 3;
  return a;
}

std::vector<content::CommentNode> Threads() {
  auto comment = [](int64_t id, int64_t parent, std::string name, std::string url,
                    std::string body) {
    content::Comment c;
    c.id = id;
    c.article_id = 7;
    c.parent_id = parent;
    c.author_name = std::move(name);
    c.author_url = std::move(url);
    c.body = std::move(body);
    c.status = content::CommentStatus::kApproved;
    c.created_at = 1795000000 + id * 60;
    return c;
  };
  std::vector<content::Comment> list = {
      comment(1, 0, "قارئ <أول>", "https://example.org/?a=1&b=2", "رأيي:\n\nممتاز & مفيد."),
      comment(2, 1, "رد", "", "أوافق \"تماماً\"."),
      comment(3, 0, "ثالث", "", "تعليق آخر."),
  };
  return content::BuildThreads(std::move(list));
}

class GoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto t = Templates::Load({});
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    templates_ = std::move(*t);
    SiteInfo site;
    site.url = "https://akhbar.example";
    renderer_ = std::make_unique<Renderer>(*templates_, site);
  }

  // Compares `html` with the golden file `name` (or writes it, when asked to).
  static void Check(const std::string& name, const std::string& html) {
    std::string path = kGoldenDir + name;
    if (std::getenv("KHABAR_UPDATE_GOLDEN") != nullptr) {
      std::ofstream(path, std::ios::binary) << html;
      return;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << "missing " << path << " (KHABAR_UPDATE_GOLDEN=1 writes it)";
    std::stringstream want;
    want << in.rdbuf();
    if (want.str() == html) return;
    // Where the first difference is, so a failure points at it.
    size_t i = 0;
    while (i < html.size() && i < want.str().size() && html[i] == want.str()[i]) ++i;
    size_t from = i < 80 ? 0 : i - 80;
    ADD_FAILURE() << name << " differs at byte " << i << "\nwant: …" << want.str().substr(from, 200)
                  << "\ngot:  …" << html.substr(from, 200);
  }

  std::unique_ptr<Templates> templates_;
  std::unique_ptr<Renderer> renderer_;
};

TEST_F(GoldenTest, ArticleWithEverything) {
  std::vector<content::ArticleSummary> related = {Summary(11, "خبر ذو صلة", true),
                                                  Summary(12, "خبر <آخر>", false)};
  CommentForm form;
  form.post_id = 7;
  form.token = "tok.en-123";
  Check("article_full.html",
        renderer_->ArticlePage(MakeChrome("سياسة"), FullArticle(), related, Threads(), form));
}

TEST_F(GoldenTest, PlainArticleWithFormErrors) {
  content::Article a = FullArticle();
  a.featured_image.reset();
  a.tags.clear();
  a.corrections.clear();
  a.source_url.clear();
  a.breaking = false;
  a.breaking_until = 0;
  a.excerpt = "ملخص <مكتوب> بيد المحرر";
  a.comment_count = 0;
  CommentForm form;
  form.post_id = 7;
  form.parent_id = 1;
  form.token = "t";
  form.author = "اسم \"مكتوب\"";
  form.email = "bad@";
  form.comment = "</textarea><b>";
  form.replying_to_name = "قارئ <أول>";
  form.errors = {{content::CommentField::kEmail, "البريد غير صالح"},
                 {content::CommentField::kBody, "التعليق قصير"}};
  Check("article_plain.html", renderer_->ArticlePage(MakeChrome(""), a, {}, {}, form));
}

TEST_F(GoldenTest, HtmlBodyArticle) {
  content::Article a = FullArticle();
  a.body_format = content::BodyFormat::kMarkdown;
  a.body_source = "**نص**";
  a.body_html = "<p><strong>نص</strong> &amp; رابط</p>";
  a.id = 9;
  CommentForm form;
  form.post_id = 9;
  form.token = "x";
  form.notice_pending = true;
  Check("article_html.html", renderer_->ArticlePage(MakeChrome("اقتصاد"), a, {}, {}, form));
}

TEST_F(GoldenTest, PreviewArticle) {
  Chrome c = MakeChrome("");
  c.preview = true;
  content::Article a = FullArticle();
  a.id = 0;
  Check("article_preview.html", renderer_->ArticlePage(c, a, {}, {}, CommentForm{}));
}

TEST_F(GoldenTest, HomeFirstAndLaterPage) {
  std::vector<content::ArticleSummary> latest;
  for (int i = 1; i <= 5; ++i) latest.push_back(Summary(i, "خبر رقم " + std::to_string(i), i == 2));
  std::vector<CategoryBlock> blocks = {
      {{2, "اقتصاد", "اقتصاد"}, {Summary(21, "سوق", false), Summary(22, "نفط", true)}},
      {{3, "رياضة", "رياضة"}, {}}};
  Check("home.html", renderer_->Home(MakeChrome(""), latest, blocks, {1, 4, "/", ""}));
  Check("home_page3.html", renderer_->Home(MakeChrome(""), latest, {}, {3, 4, "/", ""}));
}

TEST_F(GoldenTest, ArchiveSearchAndError) {
  std::vector<content::ArticleSummary> list = {Summary(31, "أرشيف", false)};
  Check("archive.html", renderer_->Archive(MakeChrome("اقتصاد"), Renderer::ArchiveKind::kCategory,
                                           "اقتصاد", list, {2, 3, "/category/%D8%A7/", ""}));
  SearchPage page;
  page.query = "نفط \"خام\"";
  content::SearchHit hit;
  hit.article = Summary(41, "أسعار النفط", false);
  hit.title_marked = std::string("أسعار ") + content::kMarkOpen + "النفط" + content::kMarkClose;
  hit.snippet_marked = std::string("ارتفعت ") + content::kMarkOpen + "النفط" + content::kMarkClose +
                       " <اليوم> & أمس";
  page.hits = {hit};
  page.total = 12;
  page.suggestion = "نفط خام";
  page.suggestion_url = "/search?q=%D9%86";
  page.categories = {{2, "اقتصاد", "اقتصاد"}};
  page.category_slug = "اقتصاد";
  page.from = "2026-01-01";
  page.newest_first = true;
  page.pagination = {1, 2, "/search/", "?q=%D9%86"};
  Chrome with_query = MakeChrome("");
  with_query.search_query = page.query;  // shown again in the header's search box
  Check("search.html", renderer_->Search(with_query, page));
  Check("error.html", renderer_->Error(MakeChrome(""), 404, "غير موجودة", "لم نجد <الصفحة>."));
}

// The article's JSON-LD is written by hand for speed: it must be exactly what nlohmann's
// dump writes for the same object (sorted members, its escapes), made safe for <script>.
TEST(JsonLdTest, SameBytesAsNlohmannsDump) {
  SiteInfo site;
  site.url = "https://akhbar.example";
  site.name = "خبر \"اليوم\" & <غداً>";
  for (int variant = 0; variant < 4; ++variant) {
    content::Article a = FullArticle();
    a.title = std::string("عنوان\t\"مقتبس\"\\ / <b>&amp;</b>\x01\x1f\x7f\r\n\b\f");
    if (variant == 1) {
      a.author = {};
      a.category = {};
      a.excerpt = "ملخص </script> هنا";
    }
    if (variant == 2) a.author.slug.clear();
    if (variant == 3) a.title = "نص غير صالح \xff\xfe هنا";  // the reference path
    std::string ld = NewsArticleJsonLd(site, a, variant == 0 ? "https://x.example/a.jpg" : "");
    EXPECT_EQ(ld.find('<'), std::string::npos);
    EXPECT_EQ(ld.find('>'), std::string::npos);
    EXPECT_EQ(ld.find('&'), std::string::npos);
    nlohmann::json j = nlohmann::json::parse(ld);
    std::string dump = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string safe;
    for (char c : dump) {
      if (c == '<') {
        safe += "\\u003c";
      } else if (c == '>') {
        safe += "\\u003e";
      } else if (c == '&') {
        safe += "\\u0026";
      } else {
        safe += c;
      }
    }
    EXPECT_EQ(ld, safe) << "variant " << variant;
    if (variant == 0) {
      EXPECT_EQ(j["headline"], a.title);
    }
  }
}

// One renderer serves page after page (a worker's): what it keeps from one page's menu and
// ticker never leaks into another's.
TEST_F(GoldenTest, OneRendererForManyPages) {
  std::vector<content::ArticleSummary> related = {Summary(11, "خبر ذو صلة", true),
                                                  Summary(12, "خبر <آخر>", false)};
  CommentForm form;
  form.post_id = 7;
  form.token = "tok.en-123";
  auto article = [&](const Chrome& c) {
    return renderer_->ArticlePage(c, FullArticle(), related, Threads(), form);
  };
  std::string first = article(MakeChrome("سياسة"));
  Check("article_full.html", first);
  Check("error.html", renderer_->Error(MakeChrome(""), 404, "غير موجودة", "لم نجد <الصفحة>."));

  // The ticker changes: the next page shows the new one, then the old one again.
  Chrome changed = MakeChrome("سياسة");
  changed.ticker[1].title = "خبر جديد في الشريط";
  std::string second = article(changed);
  EXPECT_NE(second.find("خبر جديد في الشريط"), std::string::npos);
  EXPECT_EQ(second.find("خبر ثانٍ"), std::string::npos);
  // The menu changes: an entry renamed, then one fewer.
  changed.nav[0].name = "سياسة دولية";
  std::string third = article(changed);
  EXPECT_NE(third.find("سياسة دولية"), std::string::npos);
  changed.nav.pop_back();
  EXPECT_EQ(article(changed).find("رياضة &amp; ثقافة"), std::string::npos);
  // Another current entry, a preview, another year: each shows as it should.
  EXPECT_NE(article(MakeChrome("اقتصاد")), first);
  Chrome preview = MakeChrome("سياسة");
  preview.preview = true;
  EXPECT_NE(article(preview).find("noindex"), std::string::npos);
  Chrome next_year = MakeChrome("سياسة");
  next_year.now += 400 * 86400;
  EXPECT_NE(article(next_year).find("© 2027"), std::string::npos);
  EXPECT_EQ(article(MakeChrome("سياسة")), first);
}

}  // namespace
}  // namespace khabar::render
