// The change journal (migration 010_changes.sql): each write lists, in its own transaction,
// the keys of what it changed on the public site, and nothing when readers see no change.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "src/store/store.h"
#include "tests/testing/server_process.h"

namespace khabar::store {
namespace {

constexpr int64_t kNow = 1795000000;

class ChangesStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions o;
    o.path = dir_.File("khabar.db");
    auto s = OpenStore(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
    UserInput u;
    u.name = "layla";
    u.display_name = "ليلى";
    u.password_hash = "x";
    auto id = store_->AddUser(u);
    ASSERT_TRUE(id.ok());
    layla_ = {*id, "ليلى"};
  }

  int64_t Put(const std::string& external_id, const std::string& title) {
    content::ArticleInput a;
    a.external_id = external_id;
    a.title = title;
    a.body = "نص الخبر " + title;
    a.category = "اقتصاد";
    a.tags = {"الميناء"};
    a.published_at = kNow - 3600;
    auto r = store_->UpsertArticles({a}, kNow - 60);
    EXPECT_TRUE(r[0].ok()) << r[0].status().ToString();
    auto id = store_->ArticleIdByExternalId(external_id);
    return id.ok() ? *id : 0;
  }

  // The keys written since the last call.
  std::set<std::string> Written() {
    auto rows = store_->ChangesSince(seen_, 100000);
    EXPECT_TRUE(rows.ok());
    std::set<std::string> keys;
    for (const auto& c : *rows) {
      EXPECT_GT(c.seq, seen_);
      seen_ = c.seq;
      keys.insert(c.key);
    }
    return keys;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  ChangedBy layla_;
  int64_t seen_ = 0;
};

TEST_F(ChangesStoreTest, EachWriteListsWhatItChangedAndNothingElse) {
  int64_t a = Put("a", "الميناء يستقبل سفينة");
  auto keys = Written();
  auto article = store_->GetArticle(a);
  ASSERT_TRUE(article.ok());
  std::string tag = "tag:" + std::to_string(article->tags.at(0).id);
  std::string category = "category:" + std::to_string(article->category.id);
  for (const std::string& k :
       {"article:" + std::to_string(a), std::string("list"), std::string("ticker"), tag, category})
    EXPECT_TRUE(keys.count(k)) << k;

  // A comment held for moderation changes nothing readers see; approving it, only its
  // article's comments.
  content::CommentInput c;
  c.article_id = a;
  c.author_name = "قارئ";
  c.email = "r@example.com";
  c.body = "تعليق";
  c.created_at = kNow;
  auto comment = store_->AddComment(c);
  ASSERT_TRUE(comment.ok());
  EXPECT_TRUE(Written().empty());
  ASSERT_TRUE(store_->SetCommentStatus(*comment, content::CommentStatus::kApproved).ok());
  EXPECT_EQ(Written(), std::set<std::string>{"comments:" + std::to_string(a)});
  ASSERT_TRUE(store_->SetCommentStatus(*comment, content::CommentStatus::kSpam).ok());
  EXPECT_EQ(Written(), std::set<std::string>{"comments:" + std::to_string(a)});

  // Trashed: off every list; then restored as a draft, which readers do not see either.
  auto trashed = store_->SetTrashed(a, true, article->version, layla_, kNow);
  ASSERT_TRUE(trashed.ok()) << trashed.status().ToString();
  keys = Written();
  for (const std::string& k :
       {"article:" + std::to_string(a), std::string("list"), std::string("ticker"), tag, category})
    EXPECT_TRUE(keys.count(k)) << k;
  auto restored = store_->SetTrashed(a, false, trashed->version, layla_, kNow);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_TRUE(Written().empty());
}

TEST_F(ChangesStoreTest, PrunedRowsLeaveTheNumberingWhereItWas) {
  Put("a", "خبر أول");
  auto last = store_->LastChange();
  ASSERT_TRUE(last.ok());
  EXPECT_GT(*last, 0);
  ASSERT_TRUE(store_->PruneChanges(kNow * 2).ok());  // everything
  auto rows = store_->ChangesSince(0, 10);
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
  EXPECT_EQ(*store_->LastChange(), *last);
  Put("b", "خبر ثان");
  rows = store_->ChangesSince(*last, 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_FALSE(rows->empty());
  EXPECT_EQ(rows->front().seq, *last + 1);  // no gap for a reader that was current
}

}  // namespace
}  // namespace khabar::store
