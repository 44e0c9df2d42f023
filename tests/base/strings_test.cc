#include "src/base/strings.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace khabar {
namespace {

// Byte strings are built from separate literals so that a hex escape never swallows the
// letters after it ("\xAF" "abc", not "\xAFabc").
struct Utf8Case {
  const char* name;
  std::string bytes;
};

TEST(Utf8Test, AcceptsWellFormedText) {
  const std::vector<Utf8Case> cases = {
      {"empty", ""},
      {"ascii", "Khabar 2026"},
      {"arabic", "سوريا"},
      {"arabic with tashkeel and tatweel", "عَرَبِيّـة"},
      {"euro sign (3 bytes)", "\xE2\x82\xAC"},
      {"emoji (4 bytes)", "\xF0\x9F\x98\x80"},
      {"highest code point U+10FFFF", "\xF4\x8F\xBF\xBF"},
      {"replacement character itself", "\xEF\xBF\xBD"},
      {"last code point before the surrogates", "\xED\x9F\xBF"},
      {"first code point after the surrogates", "\xEE\x80\x80"},
  };
  for (const auto& c : cases) EXPECT_TRUE(IsValidUtf8(c.bytes)) << c.name;
}

TEST(Utf8Test, RejectsOverlongsSurrogatesAndTruncation) {
  const std::vector<Utf8Case> cases = {
      {"overlong '/' in 2 bytes", "\xC0\xAF"},
      {"overlong U+007F in 2 bytes", "\xC1\xBF"},
      {"overlong '/' in 3 bytes", "\xE0\x80\xAF"},
      {"overlong U+07FF in 3 bytes", "\xE0\x9F\xBF"},
      {"overlong '/' in 4 bytes", "\xF0\x80\x80\xAF"},
      {"overlong U+FFFF in 4 bytes", "\xF0\x8F\xBF\xBF"},
      {"high surrogate U+D800", "\xED\xA0\x80"},
      {"low surrogate U+DFFF", "\xED\xBF\xBF"},
      {"above U+10FFFF", "\xF4\x90\x80\x80"},
      {"F5 lead byte", "\xF5\x80\x80\x80"},
      {"lone lead byte of an Arabic letter", "\xD8"},
      {"Arabic word cut in its last letter", std::string("سوري") + "\xD8"},
      {"3-byte sequence cut after 2", "\xE2\x82"},
      {"4-byte sequence cut after 3", "\xF0\x9F\x98"},
      {"lone continuation byte", "\x80"},
      {"continuation byte after ASCII", std::string("abc") + "\xA7"},
      {"FF byte", "\xFF"},
      {"FE byte", "\xFE"},
      {"lead byte followed by ASCII", std::string("\xD8") + "A"},
  };
  for (const auto& c : cases) EXPECT_FALSE(IsValidUtf8(c.bytes)) << c.name;
}

TEST(Utf8Test, DecodeReturnsReplacementAndAdvancesOneByteOnBadInput) {
  std::string s = std::string("\xC0\xAF") + "س";
  size_t pos = 0;
  EXPECT_EQ(DecodeUtf8(s, &pos), U'\uFFFD');
  EXPECT_EQ(pos, 1u);
  EXPECT_EQ(DecodeUtf8(s, &pos), U'\uFFFD');
  EXPECT_EQ(pos, 2u);
  EXPECT_EQ(DecodeUtf8(s, &pos), U'\u0633');  // س
  EXPECT_EQ(pos, 4u);
}

TEST(Utf8Test, AppendEncodesEveryLength) {
  std::string out;
  for (char32_t cp : {U'A', U'\u0633', U'\u20AC', U'\U0001F600'}) AppendUtf8(cp, &out);
  EXPECT_EQ(out, "Aس\xE2\x82\xAC\xF0\x9F\x98\x80");
  size_t pos = 0;
  EXPECT_EQ(DecodeUtf8(out, &pos), U'A');
  EXPECT_EQ(DecodeUtf8(out, &pos), U'\u0633');
  EXPECT_EQ(DecodeUtf8(out, &pos), U'\u20AC');
  EXPECT_EQ(DecodeUtf8(out, &pos), U'\U0001F600');
  EXPECT_EQ(pos, out.size());
}

TEST(Utf8Test, LengthCountsCharactersNotBytes) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("سوريا"), 5u);  // 10 bytes
  EXPECT_EQ(Utf8Length("خبر 24"), 6u);
  EXPECT_EQ(Utf8Length("\xF0\x9F\x98\x80"), 1u);
  EXPECT_EQ(Utf8Length("\xFF\xFE"), 2u);  // invalid bytes count one each
}

TEST(Utf8Test, PrefixTakesWholeCharacters) {
  EXPECT_EQ(Utf8Prefix("سوريا", 2), "سو");
  EXPECT_EQ(Utf8Prefix("سوريا", 0), "");
  EXPECT_EQ(Utf8Prefix("سوريا", 5), "سوريا");
  EXPECT_EQ(Utf8Prefix("سوريا", 100), "سوريا");
  EXPECT_EQ(Utf8Prefix("a€b", 2), "a€");
}

TEST(Utf8Test, PrefixNeverCutsACharacter) {
  const std::string text = "خبر: a€ \xF0\x9F\x98\x80 عاجل";
  const size_t n = Utf8Length(text);
  for (size_t k = 0; k <= n + 1; ++k) {
    std::string_view p = Utf8Prefix(text, k);
    EXPECT_TRUE(IsValidUtf8(p)) << "prefix of " << k << " characters";
    EXPECT_EQ(Utf8Length(p), std::min(k, n)) << k;
    EXPECT_EQ(text.compare(0, p.size(), p), 0);
  }
}

TEST(Utf8Test, SanitizeReplacesOnlyBadBytes) {
  EXPECT_EQ(SanitizeUtf8("سوريا"), "سوريا");
  EXPECT_EQ(SanitizeUtf8(std::string("a") + "\xFF" + "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(SanitizeUtf8(std::string("س") + "\xD8"), "س\xEF\xBF\xBD");
  EXPECT_TRUE(IsValidUtf8(SanitizeUtf8("\xED\xA0\x80\xC0\xAF")));
}

TEST(PercentTest, EncodesArabicSlugForAPath) {
  EXPECT_EQ(PercentEncodePathSegment("سوريا"), "%D8%B3%D9%88%D8%B1%D9%8A%D8%A7");
  EXPECT_EQ(PercentEncodePathSegment("a-b.c_d~e09"), "a-b.c_d~e09");
  EXPECT_EQ(PercentEncodePathSegment("a b/c?d#e%"), "a%20b%2Fc%3Fd%23e%25");
}

TEST(PercentTest, DecodeRoundTripsEncode) {
  for (std::string s : {"سوريا", "تعزيز-الدفاع-الجوي", "100% خبر/عاجل?", "a+b"}) {
    auto d = PercentDecode(PercentEncodePathSegment(s), /*plus_is_space=*/true);
    ASSERT_TRUE(d.has_value()) << s;
    EXPECT_EQ(*d, s);
  }
}

TEST(PercentTest, DecodeAcceptsEitherHexCase) {
  EXPECT_EQ(PercentDecode("%d8%b3%D9%88", false), std::optional<std::string>("سو"));
}

TEST(PercentTest, PlusIsSpaceOnlyInForms) {
  EXPECT_EQ(PercentDecode("a+b", true), std::optional<std::string>("a b"));
  EXPECT_EQ(PercentDecode("a+b", false), std::optional<std::string>("a+b"));
  // An encoded plus stays a plus even in a form.
  EXPECT_EQ(PercentDecode("1%2B1", true), std::optional<std::string>("1+1"));
}

TEST(PercentTest, DecodeRejectsMalformedEscapes) {
  for (const char* bad : {"%", "%4", "abc%", "a%2", "%G1", "%1G", "%%", "%4x", "% 41", "%-1"}) {
    EXPECT_FALSE(PercentDecode(bad, false).has_value()) << bad;
    EXPECT_FALSE(PercentDecode(bad, true).has_value()) << bad;
  }
}

TEST(PercentTest, DecodeEscapeAtTheVeryEnd) {
  EXPECT_EQ(PercentDecode("100%25", false), std::optional<std::string>("100%"));
  EXPECT_EQ(PercentDecode("%41", false), std::optional<std::string>("A"));
}

TEST(HtmlEscapeTest, EscapesMarkupAndQuotesAndKeepsArabic) {
  EXPECT_EQ(HtmlEscape("<script>alert(\"x\") & 'y'</script>"),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("قال أيوب: “لو كان”"), "قال أيوب: “لو كان”");
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");
  EXPECT_EQ(HtmlEscape(""), "");
}

TEST(JsonEscapeTest, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(JsonEscape("قال \"لا\"\\\n\t\r\x01"), "قال \\\"لا\\\"\\\\\\n\\t\\r\\u0001");
}

TEST(TrimTest, TrimAsciiLeavesNbsp) {
  EXPECT_EQ(TrimAscii(" \t\r\n خبر \n"), "خبر");
  EXPECT_EQ(TrimAscii("\xC2\xA0خبر"), "\xC2\xA0خبر");
  EXPECT_EQ(TrimAscii("   "), "");
}

TEST(TrimTest, TrimUnicodeRemovesNbspAndOtherSpaces) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"\xC2\xA0سوريا\xC2\xA0", "سوريا"},             // NBSP
      {" \t\xC2\xA0 سوريا \xE2\x80\x83\n", "سوريا"},  // mixed, EM SPACE
      {"\xE2\x80\xAF"
       "خبر"
       "\xE3\x80\x80",
       "خبر"},  // NNBSP, ideographic
      {"\xE2\x80\xA8"
       "خبر"
       "\xE2\x80\xA9",
       "خبر"},  // line/paragraph separators
      {"\xEF\xBB\xBF"
       "خبر",
       "خبر"},                                 // BOM
      {"خبر\xC2\xA0عاجل", "خبر\xC2\xA0عاجل"},  // inner NBSP kept
      {"\xC2\xA0\xC2\xA0", ""},
      {"", ""},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(TrimUnicode(in), want) << in;
}

TEST(TrimTest, TrimUnicodeKeepsLettersWhoseLastByteLooksLikeASpace) {
  // U+0105 "ą" is C4 85 (85 is NEL's low byte); U+0620 "ؠ" is D8 A0 (A0 is NBSP's).
  EXPECT_EQ(TrimUnicode(" \xC4\x85"), "\xC4\x85");
  EXPECT_EQ(TrimUnicode("\xD8\xA0\xC2\xA0"), "\xD8\xA0");
}

TEST(SplitTest, KeepsEmptyParts) {
  EXPECT_EQ(Split("سياسة,,اقتصاد", ','), (std::vector<std::string_view>{"سياسة", "", "اقتصاد"}));
  EXPECT_EQ(Split("", ','), (std::vector<std::string_view>{""}));
  EXPECT_EQ(Split("/a/", '/'), (std::vector<std::string_view>{"", "a", ""}));
}

TEST(ParseIntTest, WholeStringOnly) {
  EXPECT_EQ(ParseInt("42"), std::optional<int64_t>(42));
  EXPECT_EQ(ParseInt("-7"), std::optional<int64_t>(-7));
  EXPECT_EQ(ParseInt("9223372036854775807"), std::optional<int64_t>(INT64_MAX));
  for (const char* bad : {"", " 1", "1 ", "12a", "+1", "0x10", "99999999999999999999", "٤٢"}) {
    EXPECT_FALSE(ParseInt(bad).has_value()) << bad;
  }
}

TEST(AsciiCaseTest, LowersAndComparesOnlyAscii) {
  EXPECT_EQ(AsciiLower("Khabar سوريا ÄB"), "khabar سوريا Äb");
  EXPECT_TRUE(EqualsIgnoreAsciiCase("Content-Type", "content-type"));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("Content-Type", "content-typ"));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("a", "b"));
}

TEST(ArabicDigitsTest, ReplacesDecimalDigitsOnly) {
  EXPECT_EQ(ToArabicIndicDigits("2026-11-29"), "٢٠٢٦-١١-٢٩");
  EXPECT_EQ(ToArabicIndicDigits("0123456789"), "٠١٢٣٤٥٦٧٨٩");
  EXPECT_EQ(ToArabicIndicDigits("تعليق"), "تعليق");
}

}  // namespace
}  // namespace khabar
