#include "src/render/render.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/testing/html_dom.h"
#include "tests/testing/server_process.h"

namespace khabar::render {
namespace {

using khabar::testing::HtmlDocument;

content::Article MakeArticle() {
  content::Article a;
  a.id = 7;
  a.title = "عنوان <script>alert(1)</script> الخبر";
  a.slug = "عنوان-الخبر";
  a.body = "فقرة أولى “مقتبسة”.\n\nفقرة <b>ثانية</b>.";
  a.published_at = 1795000000;
  a.modified_at = a.published_at;
  a.category = {1, "سياسة", "سياسة"};
  a.author = {1, "سلمى", "سلمى"};
  a.tags = {{1, "سوريا", "سوريا"}};
  a.source_name = "BBC Arabic";
  a.source_url = "https://example.org/x\" onmouseover=\"alert(1)";
  return a;
}

TEST(RendererTest, EscapesEverythingReadersOrImportsProvide) {
  auto t = Templates::Load({});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  Renderer r(**t, SiteInfo{});
  content::Comment c;
  c.id = 3;
  c.author_name = "<img src=x onerror=alert(1)>";
  c.body = "<script>alert('x')</script>";
  c.author_url = "javascript:alert(1)";
  CommentForm form;
  form.comment = "</textarea><script>alert(2)</script>";
  std::string html = r.ArticlePage(Chrome{}, MakeArticle(), {}, {{c, {}}}, form);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find("<b>ثانية"), std::string::npos);
  EXPECT_EQ(html.find("onmouseover=\"alert"), std::string::npos);
  auto doc = HtmlDocument::Parse(html);
  auto h1 = doc.Select("h1");
  ASSERT_TRUE(h1);
  EXPECT_EQ(h1->Text(), "عنوان <script>alert(1)</script> الخبر");  // shown as text
  EXPECT_TRUE(doc.Select("body.single"));
  auto paras = doc.SelectAll(".article-body p");
  ASSERT_EQ(paras.size(), 2u);
  EXPECT_EQ(paras[0].Text(), "فقرة أولى “مقتبسة”.");
  EXPECT_EQ(doc.Select("textarea#comment")->Text(), "</textarea><script>alert(2)</script>");
}

TEST(RendererTest, PageIsArabicRightToLeft) {
  auto t = Templates::Load({});
  ASSERT_TRUE(t.ok());
  Renderer r(**t, SiteInfo{});
  auto doc = HtmlDocument::Parse(r.Error(Chrome{}, 404, "الصفحة غير موجودة", "جرّب البحث"));
  auto html = doc.Select("html");
  ASSERT_TRUE(html);
  EXPECT_EQ(html->Attr("lang"), "ar");
  EXPECT_EQ(html->Attr("dir"), "rtl");
  EXPECT_TRUE(doc.Select("main#main"));
  EXPECT_TRUE(doc.Select("main form[role=search] input[name=q]"));
  EXPECT_TRUE(doc.Select("body.error404"));  // the page kind, for the stylesheet
}

TEST(RendererTest, ArabicDatesFollowTheSiteStyle) {
  auto t = Templates::Load({});
  ASSERT_TRUE(t.ok());
  SiteInfo levant;
  levant.date_style.months = content::MonthNames::kLevantine;
  Renderer r(**t, levant);
  std::string html = r.ArticlePage(Chrome{}, MakeArticle(), {}, {}, CommentForm{});
  auto doc = HtmlDocument::Parse(html);
  auto time = doc.Select(".article-header time");
  ASSERT_TRUE(time);
  EXPECT_EQ(time->Text(), "١٨ تشرين الثاني ٢٠٢٦");
  EXPECT_EQ(time->Attr("datetime"), "2026-11-18T11:06:40+00:00");
}

TEST(RendererTest, TheLocaleNamesTheLanguageAndTheAlternates) {
  auto t = Templates::Load({});
  ASSERT_TRUE(t.ok());
  SiteInfo lebanon;
  lebanon.url = "https://akhbar.example";
  lebanon.locale = "ar-LB";
  Renderer r(**t, lebanon);
  auto doc = HtmlDocument::Parse(r.ArticlePage(Chrome{}, MakeArticle(), {}, {}, CommentForm{}));
  EXPECT_EQ(doc.Select("html")->Attr("lang"), "ar-LB");
  EXPECT_EQ(doc.Select("meta[property=\"og:locale\"]")->Attr("content"), "ar_LB");
  std::string canonical = doc.Select("link[rel=\"canonical\"]")->Attr("href");
  ASSERT_TRUE(canonical.starts_with("https://akhbar.example/2026/11/")) << canonical;
  auto self = doc.Select("link[rel=\"alternate\"][hreflang=\"ar-LB\"]");
  auto fallback = doc.Select("link[rel=\"alternate\"][hreflang=\"x-default\"]");
  ASSERT_TRUE(self && fallback);
  EXPECT_EQ(self->Attr("href"), canonical);
  EXPECT_EQ(fallback->Attr("href"), canonical);
  // The default locale: "ar", og:locale "ar_AR"; a preview has no canonical, so no alternates.
  Renderer plain(**t, SiteInfo{});
  auto home = HtmlDocument::Parse(plain.Error(Chrome{}, 404, "غير موجودة", "جرّب البحث"));
  EXPECT_EQ(home.Select("meta[property=\"og:locale\"]")->Attr("content"), "ar_AR");
  Chrome preview;
  preview.preview = true;
  auto draft =
      HtmlDocument::Parse(plain.ArticlePage(preview, MakeArticle(), {}, {}, CommentForm{}));
  EXPECT_FALSE(draft.Select("link[hreflang]"));
}

TEST(TemplatesTest, ThemeFolderOverridesOneTemplate) {
  khabar::testing::TempDir dir;
  { std::ofstream(dir.File("error.mustache")) << "<p class=\"custom\">{{heading}}</p>"; }
  auto t = Templates::Load({.theme_dir = dir.path()});
  ASSERT_TRUE(t.ok());
  Renderer r(**t, SiteInfo{});
  std::string html = r.Error(Chrome{}, 404, "مخصص", "");
  EXPECT_NE(html.find("<p class=\"custom\">مخصص</p>"), std::string::npos);
  EXPECT_NE(html.find("dir=\"rtl\""), std::string::npos);  // the default layout still wraps it
}

TEST(TemplatesTest, BrokenThemeTemplateIsReportedByName) {
  khabar::testing::TempDir dir;
  { std::ofstream(dir.File("card.mustache")) << "{{#unclosed}}"; }
  auto t = Templates::Load({.theme_dir = dir.path()});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("card.mustache"), std::string::npos);
  EXPECT_TRUE(Templates::Load({.theme_dir = dir.File("missing")}).status().IsNotFound());
}

}  // namespace
}  // namespace khabar::render
