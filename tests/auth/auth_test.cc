#include "src/auth/auth.h"

#include <gtest/gtest.h>

#include <set>

namespace khabar::auth {
namespace {

TEST(RolesTest, EachRoleMayDoWhatTheOnesBelowMay) {
  EXPECT_TRUE(Can(Role::kContributor, Action::kWriteDrafts));
  EXPECT_FALSE(Can(Role::kContributor, Action::kPublishOwn));
  EXPECT_TRUE(Can(Role::kAuthor, Action::kPublishOwn));
  EXPECT_FALSE(Can(Role::kAuthor, Action::kEditAnyArticle));
  EXPECT_FALSE(Can(Role::kAuthor, Action::kModerateComments));
  for (Action a : {Action::kEditAnyArticle, Action::kModerateComments, Action::kManageTaxonomy}) {
    EXPECT_TRUE(Can(Role::kEditor, a));
  }
  EXPECT_FALSE(Can(Role::kEditor, Action::kManageUsers));
  EXPECT_FALSE(Can(Role::kEditor, Action::kManageSettings));
  EXPECT_TRUE(Can(Role::kAdmin, Action::kManageUsers));
  EXPECT_TRUE(Can(Role::kAdmin, Action::kWriteDrafts));
}

TEST(RolesTest, NamesAndArabicLabels) {
  for (const char* n : {"contributor", "author", "editor", "admin"}) {
    auto r = ParseRole(n);
    ASSERT_TRUE(r) << n;
    EXPECT_EQ(RoleName(*r), n);
  }
  EXPECT_FALSE(ParseRole("root"));
  EXPECT_FALSE(ParseRole("Admin"));
  EXPECT_EQ(RoleLabel(Role::kEditor), "محرر");
}

TEST(PasswordTest, HashesWithArgon2idAndVerifies) {
  auto hash = HashPassword("كلمة سر طويلة 2026");
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(hash->find("كلمة"), std::string::npos);
  EXPECT_TRUE(VerifyPassword(*hash, "كلمة سر طويلة 2026"));
  EXPECT_FALSE(VerifyPassword(*hash, "كلمة سر طويلة 2025"));
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("not a hash", "كلمة سر طويلة 2026"));
  // A new salt each time.
  EXPECT_NE(*HashPassword("كلمة سر طويلة 2026"), *hash);
}

TEST(PasswordTest, RefusesWeakPasswords) {
  EXPECT_TRUE(HashPassword("short").status().IsInvalidArgument());
  EXPECT_TRUE(HashPassword("aaaaaaaaaaaaaa").status().IsInvalidArgument());
  EXPECT_TRUE(HashPassword(std::string(2000, 'x') + "y").status().IsInvalidArgument());
  EXPECT_TRUE(HashPassword("\xff\xfe long enough").status().IsInvalidArgument());
  EXPECT_TRUE(CheckPasswordStrength("ten chars!").ok());
}

TEST(SessionTokenTest, RandomUrlSafeAndStoredOnlyAsADigest) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string t = NewSessionToken();
    EXPECT_EQ(t.size(), 43u);
    EXPECT_EQ(
        t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    EXPECT_TRUE(seen.insert(t).second);
  }
  std::string t = NewSessionToken();
  EXPECT_EQ(TokenDigest(t).size(), 64u);
  EXPECT_EQ(TokenDigest(t), TokenDigest(t));
  EXPECT_NE(TokenDigest(t), TokenDigest(t + "x"));
  EXPECT_EQ(TokenDigest(t).find(t), std::string::npos);
}

TEST(LoginDelayTest, GrowsAfterThreeFailuresAndIsCapped) {
  EXPECT_EQ(LoginDelaySeconds(0), 0);
  EXPECT_EQ(LoginDelaySeconds(3), 0);
  EXPECT_EQ(LoginDelaySeconds(4), 1);
  EXPECT_EQ(LoginDelaySeconds(5), 2);
  EXPECT_EQ(LoginDelaySeconds(8), 16);
  EXPECT_EQ(LoginDelaySeconds(100), 300);
}

}  // namespace
}  // namespace khabar::auth
