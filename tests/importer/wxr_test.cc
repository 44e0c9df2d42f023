// The WordPress importer on small hand-written exports: what is read from the XML, how
// WordPress's states, dates, slugs and auto-paragraphs become Khabar's, and the import into
// a real store, whole or not at all.
#include "src/importer/wxr.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/testing/server_process.h"

namespace khabar::importer {
namespace {

using content::ArticleStatus;
using content::CommentStatus;

constexpr int64_t kNow = 1795946400;  // 2026-11-29T10:00:00Z

class FixedClock final : public Clock {
 public:
  int64_t NowSeconds() const override { return kNow; }
  int64_t NowMicros() const override { return kNow * 1000000; }
};

// An export as WordPress writes it, around `items`.
std::string Wxr(const std::string& items,
                const std::string& authors =
                    "<wp:author><wp:author_login><![CDATA[salma]]>"
                    "</wp:author_login><wp:author_display_name><![CDATA["
                    "سلمى الحسن]]></wp:author_display_name></wp:author>") {
  return R"(<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>موقع</title>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>http://old.example</wp:base_site_url>
	)" +
         authors + "\n" + items + "\n</channel>\n</rss>\n";
}

struct Post {
  std::string id = "10";
  std::string title = "<![CDATA[عنوان الخبر]]>";
  std::string type = "post";
  std::string status = "publish";
  std::string name =
      "%d8%b9%d9%86%d9%88%d8%a7%d9%86-%d8%a7%d9%84%d8%ae%d8%a8%d8%b1";  // عنوان-الخبر
  std::string date = "2017-02-16 20:06:00";
  std::string date_gmt = "2017-02-16 18:06:00";
  std::string content = "<![CDATA[فقرة أولى.\n\nفقرة ثانية.]]>";
  std::string excerpt = "<![CDATA[]]>";
  std::string password = "";
  std::string extra = "";  // categories, postmeta, comments…
};

std::string Item(const Post& p) {
  return "<item><title>" + p.title + "</title><link>http://old.example/?p=" + p.id +
         "</link><dc:creator><![CDATA[salma]]></dc:creator><content:encoded>" + p.content +
         "</content:encoded><excerpt:encoded>" + p.excerpt + "</excerpt:encoded><wp:post_id>" +
         p.id + "</wp:post_id><wp:post_date><![CDATA[" + p.date +
         "]]></wp:post_date><wp:post_date_gmt><![CDATA[" + p.date_gmt +
         "]]></wp:post_date_gmt><wp:post_name><![CDATA[" + p.name +
         "]]></wp:post_name><wp:status><![CDATA[" + p.status +
         "]]></wp:status><wp:post_type><![CDATA[" + p.type +
         "]]></wp:post_type><wp:post_password><![CDATA[" + p.password + "]]></wp:post_password>" +
         p.extra + "</item>";
}

std::string Comment(const std::string& id, const std::string& parent, const std::string& approved,
                    const std::string& type = "comment") {
  return "<wp:comment><wp:comment_id>" + id + "</wp:comment_id><wp:comment_author><![CDATA[قارئ " +
         id + "]]></wp:comment_author><wp:comment_author_email><![CDATA[r" + id +
         "@example.org]]></wp:comment_author_email><wp:comment_author_url>https://example.org/" +
         id + "</wp:comment_author_url><wp:comment_date_gmt><![CDATA[2019-01-0" + id +
         " 10:00:00]]></wp:comment_date_gmt><wp:comment_content><![CDATA[تعليق " + id +
         " &amp; رأي]]></wp:comment_content><wp:comment_approved><![CDATA[" + approved +
         "]]></wp:comment_approved><wp:comment_type><![CDATA[" + type +
         "]]></wp:comment_type><wp:comment_parent>" + parent + "</wp:comment_parent></wp:comment>";
}

WxrDocument Parsed(const std::string& xml) {
  auto doc = ParseWxr(xml);
  EXPECT_TRUE(doc.ok()) << doc.status().ToString();
  return doc.ok() ? *doc : WxrDocument();
}

// ---- Reading the XML ----

TEST(WxrParseTest, ReadsCdataEntitiesAndSplitCdata) {
  Post p;
  p.title = "حرب &amp; سلام &quot;الجزء الأول&quot;";  // entities, no CDATA
  // WordPress writes "]]>" inside content as two CDATA sections.
  p.content = "<![CDATA[<p>أ ]]]]><![CDATA[> ب</p>]]>";
  WxrDocument doc = Parsed(Wxr(Item(p)));
  ASSERT_EQ(doc.items.size(), 1u);
  EXPECT_EQ(doc.version, "1.2");
  EXPECT_EQ(doc.base_url, "http://old.example");
  ASSERT_EQ(doc.authors.size(), 1u);
  EXPECT_EQ(doc.authors[0].display_name, "سلمى الحسن");
  const WxrItem& item = doc.items[0];
  EXPECT_EQ(item.title, "حرب & سلام \"الجزء الأول\"");
  EXPECT_EQ(item.content, "<p>أ ]]> ب</p>");
  EXPECT_EQ(item.post_id, "10");
  EXPECT_EQ(item.creator, "salma");
  EXPECT_EQ(item.post_date_gmt, "2017-02-16 18:06:00");
  EXPECT_EQ(item.status, "publish");
  EXPECT_GT(item.line, 10);
}

TEST(WxrParseTest, MissingElementsAreEmptyAndTermSlugsAreDecoded) {
  std::string xml =
      Wxr("<item><title>بلا شيء آخر</title>"
          "<category domain=\"category\" nicename=\"%D8%B3%D9%8A%D8%A7%D8%B3%D8%A9\">"
          "<![CDATA[سياسة]]></category>"
          "<category domain=\"post_tag\" nicename=\"%d8%b7%d8%a7%d9%82%d8%a9\">طاقة</category>"
          "</item>",
          "");
  WxrDocument doc = Parsed(xml);
  ASSERT_EQ(doc.items.size(), 1u);
  const WxrItem& item = doc.items[0];
  EXPECT_EQ(item.title, "بلا شيء آخر");
  EXPECT_EQ(item.post_id, "");
  EXPECT_EQ(item.content, "");
  EXPECT_TRUE(item.comments.empty());
  ASSERT_EQ(item.terms.size(), 2u);
  EXPECT_EQ(item.terms[0].domain, "category");
  EXPECT_EQ(item.terms[0].slug, "سياسة");  // upper-case hex
  EXPECT_EQ(item.terms[1].slug, "طاقة");   // lower-case hex
  EXPECT_EQ(item.terms[1].name, "طاقة");
}

TEST(WxrParseTest, ReadsCommentsAndPostmeta) {
  Post p;
  p.extra =
      "<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key>"
      "<wp:meta_value><![CDATA[77]]></wp:meta_value></wp:postmeta>" +
      Comment("1", "0", "1") + Comment("2", "1", "spam");
  WxrDocument doc = Parsed(Wxr(Item(p)));
  ASSERT_EQ(doc.items.size(), 1u);
  const WxrItem& item = doc.items[0];
  ASSERT_EQ(item.meta.size(), 1u);
  EXPECT_EQ(item.meta[0].first, "_thumbnail_id");
  EXPECT_EQ(item.meta[0].second, "77");
  ASSERT_EQ(item.comments.size(), 2u);
  EXPECT_EQ(item.comments[1].id, "2");
  EXPECT_EQ(item.comments[1].parent, "1");
  EXPECT_EQ(item.comments[1].approved, "spam");
  EXPECT_EQ(item.comments[0].email, "r1@example.org");
  EXPECT_EQ(item.comments[0].content, "تعليق 1 &amp; رأي");  // CDATA: kept as written
}

TEST(WxrParseTest, MalformedXmlIsReportedWithLineAndColumn) {
  std::string xml = Wxr(Item(Post()));
  // A tag closed by the wrong name on a known line.
  std::string bad = xml;
  size_t at = bad.find("<wp:post_id>");
  bad.replace(at, std::string("<wp:post_id>10</wp:post_id>").size(),
              "\n<wp:post_id>10</wp:post_xx>");
  auto doc = ParseWxr(bad);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), StatusCode::kInvalidArgument);
  auto [line, column] = LineColumn(bad, bad.find("</wp:post_xx>"));
  EXPECT_NE(doc.status().message().find("line " + std::to_string(line) + ", column "),
            std::string::npos)
      << doc.status().message() << " (expected line " << line << ", column " << column << ")";
  // A truncated file.
  auto cut = ParseWxr(xml.substr(0, xml.size() / 2));
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("line "), std::string::npos) << cut.status().message();
}

TEST(WxrParseTest, XmlThatIsNotAnExportIsRefused) {
  auto rss = ParseWxr("<rss><channel><item><title>x</title></item></channel></rss>");
  ASSERT_FALSE(rss.ok());
  EXPECT_NE(rss.status().message().find("not a WordPress export"), std::string::npos);
  EXPECT_FALSE(ParseWxr("<html><body/></html>").ok());
  EXPECT_FALSE(ParseWxr("").ok());
}

using LC = std::pair<int64_t, int64_t>;

TEST(WxrParseTest, LineColumnCountsCharacters) {
  EXPECT_EQ(LineColumn("abc", 0), LC(1, 1));
  EXPECT_EQ(LineColumn("ab\ncd", 4), LC(2, 2));
  std::string arabic = "x\nسلام<";  // four two-byte letters before '<'
  EXPECT_EQ(LineColumn(arabic, arabic.find('<')), LC(2, 5));
}

// ---- WordPress's HTML ----

TEST(WordPressHtmlTest, AutoParagraphsAsWordPressShowsThem) {
  EXPECT_EQ(WordPressHtml("سطر أول\nسطر ثان\n\nفقرة ثانية"),
            "<p>سطر أول<br />\nسطر ثان</p>\n\n<p>فقرة ثانية</p>");
  // Windows line ends and extra blank lines.
  EXPECT_EQ(WordPressHtml("أ\r\n\r\n\r\nب\r\n"), "<p>أ</p>\n\n<p>ب</p>");
}

TEST(WordPressHtmlTest, BlockEditorContentIsLeftAsItIs) {
  std::string blocks =
      "<!-- wp:paragraph -->\n<p>فقرة.</p>\n<!-- /wp:paragraph -->\n\n"
      "<!-- wp:list -->\n<ul><li>أ</li><li>ب</li></ul>\n<!-- /wp:list -->";
  std::string html = WordPressHtml(blocks);
  EXPECT_EQ(html.find("<!--"), std::string::npos) << html;
  EXPECT_NE(html.find("<p>فقرة.</p>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<p><ul>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<p><p>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<p><li>"), std::string::npos) << html;
}

TEST(WordPressHtmlTest, TextBesideBlocksAndInsidePre) {
  std::string html = WordPressHtml("مقدمة\n<blockquote>اقتباس</blockquote>\nخاتمة");
  EXPECT_EQ(html, "<p>مقدمة</p>\n\n<blockquote>اقتباس</blockquote>\n\n<p>خاتمة</p>");
  // Line breaks in <pre> are kept; a line break inside a tag is not a <br>.
  EXPECT_EQ(WordPressHtml("<pre>a\n\nb</pre>"), "<pre>a\n\nb</pre>");
  EXPECT_EQ(WordPressHtml("<a\nhref=\"/x\">رابط</a>"), "<p><a\nhref=\"/x\">رابط</a></p>");
}

TEST(WordPressHtmlTest, CaptionShortcodesAreUnwrapped) {
  std::string html = WordPressHtml(
      "[caption id=\"attachment_5\" align=\"alignnone\" width=\"300\"]<img src=\"/a.jpg\" /> "
      "وصف الصورة[/caption]");
  EXPECT_EQ(html.find("[caption"), std::string::npos) << html;
  EXPECT_EQ(html.find("[/caption]"), std::string::npos) << html;
  EXPECT_NE(html.find("وصف الصورة"), std::string::npos) << html;
}

TEST(WxrDateTest, ParsesUtcAndRefusesZeroAndBadDates) {
  EXPECT_EQ(ParseWxrDate("2017-02-16 18:06:00"), std::optional<int64_t>(1487268360));
  EXPECT_EQ(ParseWxrDate("0000-00-00 00:00:00"), std::nullopt);
  EXPECT_EQ(ParseWxrDate(""), std::nullopt);
  EXPECT_EQ(ParseWxrDate("2017-02-30 10:00:00"), std::nullopt);
  EXPECT_EQ(ParseWxrDate("2017-02-16"), std::nullopt);
  EXPECT_EQ(ParseWxrDate("2017-02-16 18:06:00 junk"), std::nullopt);
}

// ---- What Khabar stores ----

const store::ImportedArticle* FindArticle(const WxrPlan& plan, const std::string& external_id) {
  for (const auto& a : plan.batch.articles)
    if (a.input.external_id == external_id) return &a;
  return nullptr;
}

TEST(WxrPlanTest, StatesDatesAndSlugs) {
  std::string items;
  auto add = [&](const std::string& id, const std::string& status, Post p = Post()) {
    p.id = id;
    p.status = status;
    if (p.name == Post().name) p.name = "post-" + id;
    items += Item(p);
  };
  add("1", "publish");
  add("2", "draft");
  add("3", "pending");
  add("4", "future");
  add("5", "private");
  Post trashed;
  trashed.name = "old-news__trashed";
  add("6", "trash", trashed);
  add("7", "auto-draft");
  Post locked;
  locked.password = "secret";
  add("8", "publish", locked);
  Post undated;  // a draft WordPress never dated
  undated.date_gmt = "0000-00-00 00:00:00";
  undated.date = "2017-03-01 09:00:00";
  undated.name = "";
  add("9", "draft", undated);
  WxrPlan plan = PlanWxrImport(Parsed(Wxr(items)));
  ASSERT_EQ(plan.batch.articles.size(), 8u);
  EXPECT_EQ(plan.other_items, 1);  // the auto-draft
  auto status = [&](const std::string& id) { return FindArticle(plan, "wp:" + id)->input.status; };
  EXPECT_EQ(status("1"), ArticleStatus::kPublished);
  EXPECT_EQ(status("2"), ArticleStatus::kDraft);
  EXPECT_EQ(status("3"), ArticleStatus::kPending);
  EXPECT_EQ(status("4"), ArticleStatus::kScheduled);
  EXPECT_EQ(status("5"), ArticleStatus::kDraft);
  EXPECT_EQ(status("6"), ArticleStatus::kTrashed);
  EXPECT_EQ(status("8"), ArticleStatus::kDraft);
  const auto& first = FindArticle(plan, "wp:1")->input;
  EXPECT_EQ(first.published_at, 1487268360);  // post_date_gmt, not the local post_date
  EXPECT_EQ(first.slug, "post-1");
  EXPECT_EQ(first.author, "سلمى الحسن");
  EXPECT_EQ(FindArticle(plan, "wp:6")->input.slug, "old-news");
  const auto& undated_in = FindArticle(plan, "wp:9")->input;
  // post_date less the site's offset (the other posts are dated at UTC+2): 07:00 UTC.
  EXPECT_EQ(undated_in.published_at, 1488351600);
  EXPECT_EQ(undated_in.slug, "");  // made from the title by the store
}

TEST(WxrPlanTest, ContentIsSanitizedWithItsParagraphs) {
  Post p;
  p.content =
      "<![CDATA[أول سطر\nثاني سطر\n\n<script>alert(1)</script><strong onclick=\"x()\">مهم</strong>"
      "\n\n<!-- wp:paragraph --><p>فقرة</p><!-- /wp:paragraph -->]]>";
  p.excerpt = "<![CDATA[<em>ملخص</em> &amp; خلاصة]]>";
  WxrPlan plan = PlanWxrImport(Parsed(Wxr(Item(p))));
  ASSERT_EQ(plan.batch.articles.size(), 1u);
  const content::ArticleInput& a = plan.batch.articles[0].input;
  EXPECT_EQ(a.body_format, content::BodyFormat::kHtml);
  EXPECT_NE(a.body_html.find("<p>أول سطر<br>"), std::string::npos) << a.body_html;
  EXPECT_NE(a.body_html.find("<strong>مهم</strong>"), std::string::npos) << a.body_html;
  EXPECT_EQ(a.body_html.find("script"), std::string::npos) << a.body_html;
  EXPECT_EQ(a.body_html.find("onclick"), std::string::npos) << a.body_html;
  EXPECT_NE(a.body_html.find("<p>فقرة</p>"), std::string::npos) << a.body_html;
  EXPECT_NE(a.body.find("أول سطر\nثاني سطر\n\nمهم\n\nفقرة"), std::string::npos) << a.body;
  EXPECT_EQ(a.excerpt, "ملخص & خلاصة");
}

TEST(WxrPlanTest, TaxonomyWithWordPressSlugsOneCategoryAndTheOthersAsTags) {
  Post p;
  p.extra =
      "<category domain=\"category\" nicename=\"%d8%b3%d9%8a%d8%a7%d8%b3%d8%a9\">سياسة</category>"
      "<category domain=\"category\" nicename=\"world\">العالم</category>"
      "<category domain=\"post_tag\" nicename=\"%d8%b7%d8%a7%d9%82%d8%a9\">طاقة</category>"
      "<category domain=\"post_format\" nicename=\"post-format-video\">Video</category>";
  WxrPlan plan = PlanWxrImport(Parsed(Wxr(Item(p))));
  ASSERT_EQ(plan.batch.articles.size(), 1u);
  const content::ArticleInput& a = plan.batch.articles[0].input;
  EXPECT_EQ(a.category, "سياسة");
  // The second category is kept as a tag, with its WordPress slug.
  EXPECT_EQ(a.tags, (std::vector<std::string>{"طاقة", "العالم"}));
  ASSERT_EQ(plan.batch.categories.size(), 1u);
  EXPECT_EQ(plan.batch.categories[0].slug, "سياسة");
  ASSERT_EQ(plan.batch.tags.size(), 2u);
  EXPECT_EQ(plan.batch.tags[0].slug, "طاقة");
  EXPECT_EQ(plan.batch.tags[1].slug, "world");
  bool noted = false;
  for (const auto& n : plan.notes) noted = noted || n.find("«سياسة»") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(WxrPlanTest, PagesAttachmentsAndFeaturedImages) {
  Post page;
  page.id = "2";
  page.type = "page";
  Post attachment;
  attachment.id = "77";
  attachment.type = "attachment";
  attachment.status = "inherit";
  attachment.extra =
      "<wp:attachment_url><![CDATA[http://old.example/wp-content/uploads/a.jpg]]>"
      "</wp:attachment_url>";
  Post post;
  post.extra =
      "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
      "<wp:meta_value><![CDATA[77]]></wp:meta_value></wp:postmeta>";
  Post missing_image;
  missing_image.id = "11";
  missing_image.name = "other";
  missing_image.extra =
      "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
      "<wp:meta_value>99</wp:meta_value></wp:postmeta>";
  WxrPlan plan =
      PlanWxrImport(Parsed(Wxr(Item(page) + Item(attachment) + Item(post) + Item(missing_image))));
  EXPECT_EQ(plan.pages, 1);
  EXPECT_EQ(plan.attachments, 1);
  ASSERT_EQ(plan.batch.articles.size(), 2u);
  EXPECT_EQ(plan.batch.articles[0].image_url, "http://old.example/wp-content/uploads/a.jpg");
  EXPECT_EQ(plan.batch.articles[1].image_url, "");
  EXPECT_EQ(plan.image_urls, 1);
}

TEST(WxrPlanTest, CommentsKeepStatesAndThreadsParentsFirst) {
  Post p;
  // A reply before the comment it answers, a reply to a comment left out of the export
  // (WordPress leaves spam out), a pingback.
  p.extra = Comment("3", "1", "0") + Comment("1", "0", "1") + Comment("2", "0", "spam") +
            Comment("4", "0", "trash") + Comment("5", "8", "1") +
            Comment("6", "0", "1", "pingback");
  WxrPlan plan = PlanWxrImport(Parsed(Wxr(Item(p))));
  EXPECT_EQ(plan.pingbacks, 1);
  const auto& cs = plan.batch.comments;
  ASSERT_EQ(cs.size(), 5u);
  std::vector<std::string> order;
  for (const auto& c : cs) order.push_back(c.input.external_id);
  EXPECT_EQ(order, (std::vector<std::string>{"wp:comment:1", "wp:comment:2", "wp:comment:4",
                                             "wp:comment:5", "wp:comment:3"}));
  EXPECT_EQ(cs[0].input.status, CommentStatus::kApproved);
  EXPECT_EQ(cs[1].input.status, CommentStatus::kSpam);
  EXPECT_EQ(cs[2].input.status, CommentStatus::kTrash);
  EXPECT_EQ(cs[4].input.status, CommentStatus::kPending);
  EXPECT_EQ(cs[4].parent_external_id, "wp:comment:1");
  EXPECT_EQ(cs[3].parent_external_id, "");  // its parent is not in the file
  EXPECT_EQ(cs[0].article_external_id, "wp:10");
  EXPECT_EQ(cs[0].input.email, "r1@example.org");
  EXPECT_EQ(cs[0].input.author_url, "https://example.org/1");
  EXPECT_EQ(cs[0].input.body, "تعليق 1 & رأي");
  EXPECT_EQ(cs[0].input.created_at, 1546336800);  // 2019-01-01 10:00:00 UTC
}

// ---- Into a store ----

class WxrImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::StoreOptions o;
    o.path = dir_.File("k.db");
    auto s = store::OpenStore(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  StatusOr<WxrStats> Import(const std::string& xml) {
    return ImportWxr(xml, *store_, clock_, WxrOptions());
  }
  int64_t Articles() {
    store::ArticleFilter f;
    auto l = store_->ListArticles(f);
    EXPECT_TRUE(l.ok());
    int64_t n = 0;
    for (int64_t c : l->per_status) n += c;
    return n;
  }
  testing::TempDir dir_;
  FixedClock clock_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(WxrImportTest, ImportsThenChangesNothingTheSecondTime) {
  Post p;
  p.extra =
      "<category domain=\"post_tag\" nicename=\"%d8%b7%d8%a7%d9%82%d8%a9-2\">طاقة</category>" +
      Comment("1", "0", "1") + Comment("2", "1", "0") + Comment("3", "0", "spam");
  std::string xml = Wxr(Item(p));
  auto first = Import(xml);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->imported, 1);
  EXPECT_EQ(first->comments_added, 3);
  auto article = store_->GetPublishedBySlug("عنوان-الخبر");
  ASSERT_TRUE(article.ok()) << article.status().ToString();
  EXPECT_EQ(article->external_id, "wp:10");
  EXPECT_EQ(article->author.name, "سلمى الحسن");
  ASSERT_EQ(article->tags.size(), 1u);
  EXPECT_EQ(article->tags[0].slug, "طاقة-2");  // WordPress's slug, not one made from the name
  auto approved = store_->ApprovedComments(article->id);
  ASSERT_TRUE(approved.ok());
  ASSERT_EQ(approved->size(), 1u);
  auto counts = store_->CountComments();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(*counts, (std::array<int64_t, 4>{1, 1, 1, 0}));
  auto reply = store_->GetComment(*store_->CommentIdByExternalId("wp:comment:2"));
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(reply->parent_id, (*approved)[0].id);

  auto again = Import(xml);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(again->unchanged, 1);
  EXPECT_EQ(again->comments_added, 0);
  EXPECT_EQ(again->comments_unchanged, 3);
  auto same = store_->GetArticle(article->id);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->version, article->version);
}

TEST_F(WxrImportTest, ADraftWithoutADateKeepsTheDateOfItsFirstImport) {
  Post p;
  p.status = "draft";
  p.date = "0000-00-00 00:00:00";
  p.date_gmt = "0000-00-00 00:00:00";
  p.name = "";
  auto first = Import(Wxr(Item(p)));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  auto id = store_->ArticleIdByExternalId("wp:10");
  ASSERT_TRUE(id.ok());
  auto a = store_->GetArticle(*id);
  EXPECT_EQ(a->published_at, kNow);
  EXPECT_EQ(a->status, ArticleStatus::kDraft);
  EXPECT_EQ(a->slug, "عنوان-الخبر");
  auto again = Import(Wxr(Item(p)));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 1);
}

TEST_F(WxrImportTest, FeaturedImageIsKeptAsAnAddress) {
  Post attachment;
  attachment.id = "77";
  attachment.type = "attachment";
  attachment.extra = "<wp:attachment_url>http://old.example/a.jpg</wp:attachment_url>";
  Post p;
  p.extra =
      "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
      "<wp:meta_value>77</wp:meta_value></wp:postmeta>";
  auto r = Import(Wxr(Item(attachment) + Item(p)));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->image_urls, 1);
  auto id = store_->ArticleIdByExternalId("wp:10");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*store_->ImportedImageUrl(*id), "http://old.example/a.jpg");
}

TEST_F(WxrImportTest, AFailingPostLeavesNothingOfTheWholeFile) {
  // An article written here already has the slug of the second post.
  content::ArticleInput mine;
  mine.external_id = "local-1";
  mine.title = "خبر محلي";
  mine.slug = "taken";
  mine.body = "نص.";
  auto r = store_->UpsertArticles({mine}, kNow);
  ASSERT_TRUE(r[0].ok());
  Post first;
  first.extra =
      "<category domain=\"category\" nicename=\"x\">جديد</category>" + Comment("1", "0", "1");
  Post second;
  second.id = "11";
  second.name = "taken";
  auto result = Import(Wxr(Item(first) + Item(second)));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("wp:11"), std::string::npos)
      << result.status().message();
  EXPECT_EQ(Articles(), 1);  // only the one written here
  EXPECT_TRUE(store_->ArticleIdByExternalId("wp:10").status().IsNotFound());
  EXPECT_TRUE(store_->CommentIdByExternalId("wp:comment:1").status().IsNotFound());
  auto tags = store_->ListTaxonomy(content::TaxonomyKind::kCategory, store::TaxonomyFilter());
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(tags->items.size(), 0u);
}

TEST_F(WxrImportTest, AMalformedFileWritesNothing) {
  std::string xml = Wxr(Item(Post()));
  auto r = Import(xml.substr(0, xml.size() - 30));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Articles(), 0);
}

}  // namespace
}  // namespace khabar::importer
