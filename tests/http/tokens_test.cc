#include "src/http/tokens.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace khabar::http {
namespace {

constexpr char kKey[] = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
constexpr char kOtherKey[] = "1f1e1d1c1b1a191817161514131211100f0e0d0c0b0a09080706050403020100";
constexpr int64_t kNow = 1795946400;
constexpr int64_t kWeek = 7 * 86400;

TEST(FormTokensTest, ValidForItsPurposeDuringItsLifetime) {
  FormTokens tokens(kKey);
  std::string t = tokens.Issue("comment:17", kNow);
  EXPECT_FALSE(t.empty());
  EXPECT_EQ(tokens.Verify(t, "comment:17", kNow), TokenCheck::kValid);
  EXPECT_EQ(tokens.Verify(t, "comment:17", kNow + 3600), TokenCheck::kValid);
  EXPECT_EQ(tokens.Verify(t, "comment:17", kNow + kWeek), TokenCheck::kValid);  // default: a week
}

TEST(FormTokensTest, AnotherNodeWithTheSameKeyAccepts) {
  std::string t = FormTokens(kKey).Issue("comment:17", kNow);
  EXPECT_EQ(FormTokens(kKey).Verify(t, "comment:17", kNow + 60), TokenCheck::kValid);
}

TEST(FormTokensTest, WrongPurposeIsInvalid) {
  FormTokens tokens(kKey);
  std::string t = tokens.Issue("comment:17", kNow);
  for (const char* other :
       {"comment:18", "comment:1", "comment:170", "admin:17", "", "comment:17 "}) {
    EXPECT_EQ(tokens.Verify(t, other, kNow), TokenCheck::kInvalid) << other;
  }
}

TEST(FormTokensTest, TamperedTokenIsInvalid) {
  FormTokens tokens(kKey);
  const std::string t = tokens.Issue("comment:17", kNow);
  const size_t dot = t.find('.');
  ASSERT_NE(dot, std::string::npos);

  // Every single changed character of the signature is caught.
  for (size_t i = dot + 1; i < t.size(); ++i) {
    std::string bad = t;
    bad[i] = bad[i] == '0' ? '1' : '0';
    EXPECT_EQ(tokens.Verify(bad, "comment:17", kNow), TokenCheck::kInvalid) << bad;
  }
  // Moving the issue time (to stretch the lifetime) breaks the signature.
  std::string later = std::to_string(kNow + kWeek) + t.substr(dot);
  EXPECT_EQ(tokens.Verify(later, "comment:17", kNow + kWeek + 10), TokenCheck::kInvalid);
  std::string earlier = std::to_string(kNow - 1) + t.substr(dot);
  EXPECT_EQ(tokens.Verify(earlier, "comment:17", kNow), TokenCheck::kInvalid);

  for (const std::string& bad :
       {std::string(""), std::string("."), std::string("garbage"), t.substr(0, dot),
        t.substr(0, t.size() - 1), t + "0", "x" + t.substr(dot), t.substr(dot),
        std::string(" ") + t, t.substr(0, dot) + "." + std::string(32, '0')}) {
    EXPECT_EQ(tokens.Verify(bad, "comment:17", kNow), TokenCheck::kInvalid) << "\"" << bad << "\"";
  }
}

TEST(FormTokensTest, ExpiresAfterItsLifetime) {
  FormTokens tokens(kKey, /*lifetime_seconds=*/3600);
  std::string t = tokens.Issue("comment:17", kNow);
  EXPECT_EQ(tokens.Verify(t, "comment:17", kNow + 3600), TokenCheck::kValid);
  EXPECT_EQ(tokens.Verify(t, "comment:17", kNow + 3601), TokenCheck::kExpired);
  EXPECT_EQ(tokens.Verify(t, "comment:17", kNow + 365 * 86400), TokenCheck::kExpired);

  FormTokens week(kKey);
  std::string w = week.Issue("comment:17", kNow);
  EXPECT_EQ(week.Verify(w, "comment:17", kNow + kWeek + 1), TokenCheck::kExpired);
}

TEST(FormTokensTest, ExpiredButForgedIsStillInvalid) {
  FormTokens tokens(kKey, 3600);
  std::string t = tokens.Issue("comment:17", kNow);
  EXPECT_EQ(tokens.Verify(t, "comment:18", kNow + 7200), TokenCheck::kInvalid);
}

TEST(FormTokensTest, TokenFromTheFutureIsRejected) {
  FormTokens tokens(kKey);
  std::string t = tokens.Issue("comment:17", kNow + 86400);
  EXPECT_NE(tokens.Verify(t, "comment:17", kNow), TokenCheck::kValid);
  std::string hour = tokens.Issue("comment:17", kNow + 3600);
  EXPECT_NE(tokens.Verify(hour, "comment:17", kNow), TokenCheck::kValid);
}

TEST(FormTokensTest, ToleratesSmallClockSkewBetweenNodes) {
  std::string t = FormTokens(kKey).Issue("comment:17", kNow + 30);
  EXPECT_EQ(FormTokens(kKey).Verify(t, "comment:17", kNow), TokenCheck::kValid);
}

TEST(FormTokensTest, DifferentKeyIsInvalid) {
  std::string t = FormTokens(kKey).Issue("comment:17", kNow);
  EXPECT_EQ(FormTokens(kOtherKey).Verify(t, "comment:17", kNow), TokenCheck::kInvalid);
  EXPECT_EQ(FormTokens(FormTokens::NewKeyHex()).Verify(t, "comment:17", kNow),
            TokenCheck::kInvalid);
}

TEST(FormTokensTest, TokensDifferByPurposeAndTime) {
  FormTokens tokens(kKey);
  std::set<std::string> seen = {tokens.Issue("comment:17", kNow), tokens.Issue("comment:18", kNow),
                                tokens.Issue("comment:17", kNow + 1)};
  EXPECT_EQ(seen.size(), 3u);
  // Deterministic: the same purpose and time give the same token (no server state).
  EXPECT_EQ(tokens.Issue("comment:17", kNow), tokens.Issue("comment:17", kNow));
}

TEST(FormTokensTest, NewKeyHexMakesDistinctUsableKeys) {
  std::string a = FormTokens::NewKeyHex();
  std::string b = FormTokens::NewKeyHex();
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos) << a;
  EXPECT_NE(a, b);
  FormTokens tokens(a);
  EXPECT_EQ(tokens.Verify(tokens.Issue("admin:login", kNow), "admin:login", kNow),
            TokenCheck::kValid);
}

}  // namespace
}  // namespace khabar::http

namespace khabar::http {
namespace {

TEST(FormTokensKeyTest, MalformedKeyIsNeverUsedAndIsReported) {
  // A token a forger could make knowing only that the key failed to parse (all zeros).
  FormTokens zero_key(std::string(64, '0'));
  ASSERT_TRUE(zero_key.has_configured_key());
  std::string forged = zero_key.Issue("comment:1", 1000);
  for (const std::string& bad :
       {std::string(""), std::string("zz"), std::string("0123"), std::string(64, 'g')}) {
    FormTokens t(bad);
    EXPECT_FALSE(t.has_configured_key()) << bad;
    EXPECT_EQ(t.Verify(forged, "comment:1", 1000), TokenCheck::kInvalid) << bad;
    // It still works for its own tokens, with a random key.
    EXPECT_EQ(t.Verify(t.Issue("comment:1", 1000), "comment:1", 1000), TokenCheck::kValid);
  }
  EXPECT_TRUE(FormTokens::IsValidKeyHex(FormTokens::NewKeyHex()));
}

}  // namespace
}  // namespace khabar::http
