#include "tests/testing/html_dom.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace khabar::testing {
namespace {

constexpr char kPage[] = R"html(<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
  <meta charset="utf-8">
  <title>خبر — الصفحة الرئيسية</title>
  <link rel="canonical" href="https://khabar.example/">
</head>
<body class="home page">
  <header id="masthead">
    <nav class="main-nav" aria-label="الأقسام الرئيسية">
      <ul>
        <li class="nav-item active"><a href="/section/politics">سياسة</a></li>
        <li class="nav-item"><a href="/section/economy">اقتصاد</a></li>
        <li class="nav-item"><a href="/section/sports" title="أخبار الرياضة">رياضة</a></li>
        <li class="nav-item more">
          <a href="#">المزيد</a>
          <ul class="submenu">
            <li class="nav-item"><a href="/section/culture">ثقافة</a></li>
            <li class="nav-item"><a href="/section/tech">تقنية</a></li>
          </ul>
        </li>
      </ul>
    </nav>
  </header>
  <main>
    <article class="story lead" data-id="101" data-slug="انتخابات-2024">
      <h1 class="headline">نتائج   الانتخابات
          البلدية</h1>
      <p class="byline">بقلم <span class="author">سارة   أحمد</span></p>
      <div class="body">
        <p>الفقرة <strong>الأولى</strong> من الخبر.</p>
        <p>الفقرة الثانية &amp; الأخيرة.</p>
      </div>
      <a class="tag" href="/tag/%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA" rel="tag">انتخابات</a>
    </article>
    <article class="story" data-id="102">
      <h2 class="headline">خبر ثانٍ</h2>
      <p>نص <em>قصير</em>.</p>
    </article>
  </main>
  <footer><p>© ٢٠٢٤ خبر</p></footer>
</body>
</html>
)html";

class HtmlDomTest : public ::testing::Test {
 protected:
  HtmlDocument doc_ = HtmlDocument::Parse(kPage);
};

std::vector<std::string> Texts(const std::vector<HtmlNode>& nodes) {
  std::vector<std::string> texts;
  for (const HtmlNode& node : nodes) texts.push_back(node.Text());
  return texts;
}

TEST_F(HtmlDomTest, RootIsHtmlWithRtlDirection) {
  HtmlNode root = doc_.Root();
  EXPECT_EQ(root.Tag(), "html");
  EXPECT_EQ(root.Attr("dir"), "rtl");
  EXPECT_EQ(root.Attr("lang"), "ar");
  EXPECT_EQ(root.Attr("DIR"), "rtl");  // Attribute names are case-insensitive.
  EXPECT_FALSE(root.Parent().has_value());
}

TEST_F(HtmlDomTest, TypeSelector) {
  std::vector<HtmlNode> articles = doc_.SelectAll("article");
  ASSERT_EQ(articles.size(), 2u);
  EXPECT_EQ(articles[0].Attr("data-id"), "101");
  EXPECT_EQ(articles[1].Attr("data-id"), "102");
  EXPECT_EQ(doc_.SelectAll("ARTICLE").size(), 2u);  // Case-insensitive tag.
  EXPECT_EQ(doc_.SelectAll("table").size(), 0u);
  EXPECT_FALSE(doc_.Select("table").has_value());
}

TEST_F(HtmlDomTest, IdSelector) {
  std::optional<HtmlNode> header = doc_.Select("#masthead");
  ASSERT_TRUE(header.has_value());
  EXPECT_EQ(header->Tag(), "header");
  EXPECT_TRUE(doc_.Select("header#masthead").has_value());
  EXPECT_FALSE(doc_.Select("div#masthead").has_value());
  EXPECT_FALSE(doc_.Select("#MASTHEAD").has_value());  // Ids are exact.
}

TEST_F(HtmlDomTest, ClassSelectors) {
  EXPECT_EQ(doc_.SelectAll(".story").size(), 2u);
  std::vector<HtmlNode> lead = doc_.SelectAll("article.story.lead");
  ASSERT_EQ(lead.size(), 1u);
  EXPECT_EQ(lead[0].Attr("data-id"), "101");
  EXPECT_TRUE(lead[0].HasClass("story"));
  EXPECT_TRUE(lead[0].HasClass("lead"));
  EXPECT_FALSE(lead[0].HasClass("stor"));
  EXPECT_EQ(Texts(doc_.SelectAll("li.nav-item.active > a")), std::vector<std::string>{"سياسة"});
  EXPECT_TRUE(doc_.Select("body.home.page").has_value());
}

TEST_F(HtmlDomTest, AttributeExistsAndEquals) {
  EXPECT_EQ(doc_.SelectAll("[data-id]").size(), 2u);
  EXPECT_EQ(doc_.SelectAll("article[data-id=102]").size(), 1u);
  EXPECT_EQ(doc_.SelectAll("article[data-id=\"101\"]").size(), 1u);
  EXPECT_EQ(doc_.SelectAll("article[data-id='101']").size(), 1u);
  EXPECT_EQ(doc_.SelectAll("[ data-id = \"101\" ]").size(), 1u);
  EXPECT_EQ(doc_.SelectAll("[data-id=\"10\"]").size(), 0u);
  EXPECT_EQ(doc_.SelectAll("a[title]").size(), 1u);
}

TEST_F(HtmlDomTest, AttributeWithArabicValue) {
  std::optional<HtmlNode> nav = doc_.Select("nav[aria-label=\"الأقسام الرئيسية\"]");
  ASSERT_TRUE(nav.has_value());
  EXPECT_EQ(nav->Attr("aria-label"), "الأقسام الرئيسية");

  std::optional<HtmlNode> sports = doc_.Select("a[title=\"أخبار الرياضة\"]");
  ASSERT_TRUE(sports.has_value());
  EXPECT_EQ(sports->Attr("href"), "/section/sports");
  EXPECT_EQ(sports->Text(), "رياضة");

  // Unquoted Arabic identifier values work too.
  EXPECT_TRUE(doc_.Select("[data-slug=انتخابات-2024]").has_value());
  EXPECT_TRUE(doc_.Select("[data-slug^=\"انتخابات\"]").has_value());
  EXPECT_TRUE(doc_.Select("[data-slug*=\"تخاب\"]").has_value());
  EXPECT_TRUE(doc_.Select("[data-slug$=\"-2024\"]").has_value());
}

TEST_F(HtmlDomTest, AttributePrefixAndSubstring) {
  EXPECT_EQ(Texts(doc_.SelectAll("a[href^=\"/section/\"]")),
            (std::vector<std::string>{"سياسة", "اقتصاد", "رياضة", "ثقافة", "تقنية"}));
  EXPECT_EQ(Texts(doc_.SelectAll("a[href*=\"/t\"]")),
            (std::vector<std::string>{"تقنية", "انتخابات"}));
  EXPECT_EQ(doc_.SelectAll("a[href^=\"/tag/\"]").size(), 1u);
  // Empty prefix/substring values match nothing, as in CSS.
  EXPECT_EQ(doc_.SelectAll("a[href^=\"\"]").size(), 0u);
  EXPECT_EQ(doc_.SelectAll("a[href*=\"\"]").size(), 0u);
  EXPECT_EQ(doc_.SelectAll("[class~=more]").size(), 1u);
}

TEST_F(HtmlDomTest, DescendantCombinator) {
  // All links in the nav, including the nested submenu, in document order.
  EXPECT_EQ(Texts(doc_.SelectAll("nav a")),
            (std::vector<std::string>{"سياسة", "اقتصاد", "رياضة", "المزيد", "ثقافة", "تقنية"}));
  EXPECT_EQ(doc_.SelectAll("header nav ul li a").size(), 6u);
  EXPECT_EQ(doc_.SelectAll("main p").size(), 4u);
}

TEST_F(HtmlDomTest, ChildCombinator) {
  // Only the top-level list items, not the nested submenu ones.
  EXPECT_EQ(doc_.SelectAll("nav > ul > li").size(), 4u);
  EXPECT_EQ(doc_.SelectAll("nav li").size(), 6u);
  EXPECT_EQ(Texts(doc_.SelectAll("ul.submenu > li > a")),
            (std::vector<std::string>{"ثقافة", "تقنية"}));
  EXPECT_EQ(doc_.SelectAll("article > p").size(), 2u);  // Byline + story 2.
  EXPECT_EQ(doc_.SelectAll("article>p").size(), 2u);
  EXPECT_EQ(doc_.SelectAll("article p").size(), 4u);
  EXPECT_EQ(doc_.SelectAll("main > p").size(), 0u);
  // Mixed: descendant then child.
  EXPECT_EQ(doc_.SelectAll("main article.lead > .body p").size(), 2u);
}

TEST_F(HtmlDomTest, NestedListItemsAreNotDuplicated) {
  // "ul li" matches the nested items through two different <ul> ancestors,
  // but each element appears once.
  std::vector<HtmlNode> items = doc_.SelectAll("ul li");
  EXPECT_EQ(items.size(), 6u);
  std::vector<HtmlNode> all = doc_.SelectAll("ul li, li, .nav-item");
  ASSERT_EQ(all.size(), 6u);
  for (std::size_t i = 0; i < items.size(); ++i) EXPECT_EQ(all[i], items[i]);
}

TEST_F(HtmlDomTest, SelectorListIsInDocumentOrder) {
  std::vector<HtmlNode> nodes = doc_.SelectAll("h2, h1, footer p");
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[0].Tag(), "h1");
  EXPECT_EQ(nodes[1].Tag(), "h2");
  EXPECT_EQ(nodes[2].Tag(), "p");
  EXPECT_EQ(nodes[2].Text(), "© ٢٠٢٤ خبر");
  EXPECT_EQ(doc_.SelectAll(" h1 ,h2 ").size(), 2u);
}

TEST_F(HtmlDomTest, UniversalSelector) {
  std::optional<HtmlNode> byline = doc_.Select(".byline");
  ASSERT_TRUE(byline.has_value());
  std::vector<HtmlNode> inside = byline->SelectAll("*");
  ASSERT_EQ(inside.size(), 1u);
  EXPECT_EQ(inside[0].Tag(), "span");
  EXPECT_EQ(doc_.SelectAll("div.body > *").size(), 2u);
}

TEST_F(HtmlDomTest, TextCollapsesWhitespace) {
  std::optional<HtmlNode> headline = doc_.Select("h1.headline");
  ASSERT_TRUE(headline.has_value());
  EXPECT_EQ(headline->Text(), "نتائج الانتخابات البلدية");
  EXPECT_EQ(doc_.Select(".byline")->Text(), "بقلم سارة أحمد");
  // Entities are decoded; inline elements do not add spaces.
  EXPECT_EQ(doc_.Select(".body")->Text(), "الفقرة الأولى من الخبر. الفقرة الثانية & الأخيرة.");
  EXPECT_EQ(doc_.Select("article[data-id=\"102\"] p")->Text(), "نص قصير.");
}

TEST(HtmlDomStandaloneTest, BlockBoundariesSeparateWords) {
  HtmlDocument doc =
      HtmlDocument::Parse("<ul><li>أ</li><li>ب</li></ul><p>سطر<br>آخر</p><b>كل</b><i>مة</i>");
  EXPECT_EQ(doc.Select("ul")->Text(), "أ ب");
  EXPECT_EQ(doc.Select("p")->Text(), "سطر آخر");
  EXPECT_EQ(doc.Select("body")->Text(), "أ ب سطر آخر كلمة");
}

TEST(HtmlDomStandaloneTest, TextKeepsNonBreakingSpace) {
  HtmlDocument doc = HtmlDocument::Parse("<p>\n  ١٠&nbsp;دقائق \t </p>");
  EXPECT_EQ(doc.Select("p")->Text(), "١٠\u00a0دقائق");
}

TEST_F(HtmlDomTest, DocumentTextContainsTitleAndBody) {
  const std::string text = doc_.Text();
  EXPECT_NE(text.find("خبر — الصفحة الرئيسية"), std::string::npos);
  EXPECT_NE(text.find("نتائج الانتخابات البلدية"), std::string::npos);
  EXPECT_EQ(text.find("  "), std::string::npos);
  ASSERT_FALSE(text.empty());
  EXPECT_NE(text.front(), ' ');
  EXPECT_NE(text.back(), ' ');
}

TEST_F(HtmlDomTest, ArabicPassesThroughUntouched) {
  std::optional<HtmlNode> tag = doc_.Select("a[rel=tag]");
  ASSERT_TRUE(tag.has_value());
  EXPECT_EQ(tag->Text(), "انتخابات");
  // Percent-encoded hrefs are not decoded by the DOM.
  EXPECT_EQ(tag->Attr("href"), "/tag/%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA");
  EXPECT_EQ(doc_.Select("title")->Text(), "خبر — الصفحة الرئيسية");
}

TEST_F(HtmlDomTest, HasAttrAndMissingAttr) {
  std::optional<HtmlNode> meta = doc_.Select("meta");
  ASSERT_TRUE(meta.has_value());
  EXPECT_TRUE(meta->HasAttr("charset"));
  EXPECT_FALSE(meta->HasAttr("name"));
  EXPECT_EQ(meta->Attr("name"), "");

  HtmlDocument empty_attr = HtmlDocument::Parse("<input disabled>");
  std::optional<HtmlNode> input = empty_attr.Select("input[disabled]");
  ASSERT_TRUE(input.has_value());
  EXPECT_TRUE(input->HasAttr("disabled"));
  EXPECT_EQ(input->Attr("disabled"), "");
}

TEST_F(HtmlDomTest, ChildrenAreElementsOnly) {
  std::optional<HtmlNode> byline = doc_.Select(".byline");
  ASSERT_TRUE(byline.has_value());
  std::vector<HtmlNode> children = byline->Children();
  ASSERT_EQ(children.size(), 1u);
  EXPECT_EQ(children[0].Tag(), "span");
  EXPECT_EQ(children[0].Parent(), byline);

  std::vector<HtmlNode> top = doc_.Select("nav > ul")->Children();
  ASSERT_EQ(top.size(), 4u);
  EXPECT_TRUE(top[3].HasClass("more"));
}

TEST_F(HtmlDomTest, NodeSelectSearchesDescendantsOnly) {
  std::vector<HtmlNode> articles = doc_.SelectAll("article");
  ASSERT_EQ(articles.size(), 2u);
  EXPECT_EQ(Texts(articles[1].SelectAll(".headline")), std::vector<std::string>{"خبر ثانٍ"});
  // The node itself is not a candidate.
  EXPECT_TRUE(articles[0].SelectAll("article").empty());
  // Like querySelectorAll, ancestors outside the node may satisfy the left
  // part of a selector.
  EXPECT_EQ(articles[0].SelectAll("main p").size(), 3u);
}

TEST_F(HtmlDomTest, InnerHtmlApprox) {
  const std::string body = doc_.Select(".body")->InnerHtmlApprox();
  EXPECT_NE(body.find("<p>الفقرة <strong>الأولى</strong> من الخبر.</p>"), std::string::npos);
  EXPECT_NE(body.find("الثانية &amp; الأخيرة"), std::string::npos);

  HtmlDocument doc = HtmlDocument::Parse(
      "<div id=x><img src=\"/a.jpg\" alt='صورة \"كبيرة\"'><br>نص<!--تعليق-->"
      "<script>if (a < b) {}</script></div>");
  EXPECT_EQ(doc.Select("#x")->InnerHtmlApprox(),
            "<img src=\"/a.jpg\" alt=\"صورة &quot;كبيرة&quot;\"><br>نص"
            "<!--تعليق--><script>if (a < b) {}</script>");
}

TEST(HtmlDomStandaloneTest, CustomElementTagName) {
  HtmlDocument doc = HtmlDocument::Parse("<Khabar-Card data-x=1><span>داخل</span></Khabar-Card>");
  std::optional<HtmlNode> card = doc.Select("khabar-card");
  ASSERT_TRUE(card.has_value());
  EXPECT_EQ(card->Tag(), "khabar-card");
  EXPECT_EQ(card->Text(), "داخل");
  EXPECT_EQ(doc.SelectAll("khabar-card > span").size(), 1u);
}

TEST(HtmlDomStandaloneTest, NodesOutliveTheDocument) {
  std::optional<HtmlNode> node;
  {
    HtmlDocument doc = HtmlDocument::Parse("<p class=x>باقٍ</p>");
    node = doc.Select("p.x");
  }
  ASSERT_TRUE(node.has_value());
  EXPECT_EQ(node->Text(), "باقٍ");
}

TEST(HtmlDomStandaloneTest, MalformedHtmlIsRepaired) {
  HtmlDocument doc = HtmlDocument::Parse("<p>أول<p>ثانٍ<div>قسم");
  EXPECT_EQ(doc.Root().Tag(), "html");
  EXPECT_EQ(doc.SelectAll("body > p").size(), 2u);
  EXPECT_EQ(doc.SelectAll("body > div").size(), 1u);
  EXPECT_TRUE(doc.Select("head").has_value());
}

TEST(HtmlDomStandaloneTest, DeepNestingDoesNotOverflow) {
  std::string html;
  for (int i = 0; i < 5000; ++i) html += "<span>";
  html += "عميق";
  HtmlDocument doc = HtmlDocument::Parse(html);
  EXPECT_EQ(doc.Text(), "عميق");
  EXPECT_EQ(doc.SelectAll("span").size(), 5000u);
}

TEST(HtmlDomStandaloneTest, EscapesInSelectorStrings) {
  HtmlDocument doc = HtmlDocument::Parse("<a title='قال \"نعم\"'>1</a><a title=\"it's\">2</a>");
  EXPECT_EQ(doc.Select("a[title=\"قال \\\"نعم\\\"\"]")->Text(), "1");
  EXPECT_EQ(doc.Select("a[title='it\\'s']")->Text(), "2");
  EXPECT_EQ(doc.Select("a[title=\"it's\"]")->Text(), "2");
}

TEST_F(HtmlDomTest, InvalidSelectorsThrow) {
  const char* const kInvalid[] = {
      "",       " ",          "div >",      "> div",   "div,",      ",div",    "div,,p",  "[href",
      "[href=", "[href=\"x]", "a[href|=x]", "a:hover", "a::before", "div + p", "div ~ p", ".",
      "#",      "[=x]",       "[href=a b]", "a >> b",  "[href=/x]", "div!",
  };
  for (const char* selector : kInvalid) {
    try {
      doc_.SelectAll(selector);
      ADD_FAILURE() << "no exception for selector \"" << selector << "\"";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("\"") + selector + "\""), std::string::npos)
          << e.what();
    }
  }
  EXPECT_THROW(doc_.Select("a:first-child"), std::invalid_argument);
  EXPECT_THROW(doc_.Root().SelectAll("p >"), std::invalid_argument);
  EXPECT_THROW(doc_.Root().Select(""), std::invalid_argument);
}

}  // namespace
}  // namespace khabar::testing
