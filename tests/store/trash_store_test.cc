// The store contract for the trash: an article moved to the trash leaves everything readers
// see in the same write and keeps its content and history; it comes back as a draft; only
// a trashed article is deleted for good, with everything that belongs to it. Comments in
// the trash are hidden and counted apart. One typed suite, as store_test.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>

#include "src/store/store.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::store {
namespace {

using content::ArticleInput;
using content::ArticleStatus;
using content::CommentStatus;

constexpr int64_t kNow = 1795000000;

struct SqliteFactory {
  testing::TempDir dir;
  std::string path;
  std::string Path() {
    if (path.empty()) path = testing::TestDb(dir, "khabar.db");
    return path;
  }
  StatusOr<std::unique_ptr<Store>> Open() {
    StoreOptions o;
    o.path = Path();
    o.read_connections = 2;
    return OpenStore(o);
  }
};

template <typename Factory>
class TrashStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = factory_.Open();
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

  static ArticleInput Article(std::string id, std::string title) {
    ArticleInput a;
    a.external_id = std::move(id);
    a.title = std::move(title);
    a.body = "الفقرة الأولى من " + a.title + ".\n\nالميناء والسفن والشحن في المدينة.";
    a.category = "اقتصاد";
    a.tags = {"الميناء", "شحن"};
    a.published_at = kNow - 3600;
    a.breaking_seconds = 3600;
    return a;
  }

  int64_t Put(const ArticleInput& a) {
    auto r = store_->UpsertArticles({a}, kNow - 60);
    EXPECT_TRUE(r[0].ok()) << r[0].status().ToString();
    auto id = store_->ArticleIdByExternalId(a.external_id);
    return id.ok() ? *id : 0;
  }

  int64_t Version(int64_t id) {
    auto a = store_->GetArticle(id);
    return a.ok() ? a->version : -1;
  }

  int64_t Found(const std::string& words) {
    SearchQuery q;
    q.text = words;
    auto r = store_->Search(q);
    return r.ok() ? r->total : -1;
  }

  bool InTicker(int64_t id) {
    auto t = store_->Ticker(10, kNow);
    return std::any_of(t->begin(), t->end(), [&](const auto& s) { return s.id == id; });
  }

  std::vector<int64_t> RelatedIds(int64_t id) {
    auto a = store_->GetArticle(id);
    auto r = store_->Related(*a, 8, kNow);
    std::vector<int64_t> ids;
    for (const auto& s : *r) ids.push_back(s.id);
    return ids;
  }

  content::CommentInput Comment(int64_t article, std::string body, int64_t parent = 0) {
    content::CommentInput c;
    c.article_id = article;
    c.parent_id = parent;
    c.author_name = "قارئ";
    c.email = "reader@example.com";
    c.body = std::move(body);
    c.created_at = kNow;
    c.status = CommentStatus::kApproved;
    return c;
  }

  Factory factory_;
  std::unique_ptr<Store> store_;
  ChangedBy layla_;
};

using Backends = ::testing::Types<SqliteFactory>;
TYPED_TEST_SUITE(TrashStoreTest, Backends);

TYPED_TEST(TrashStoreTest, TrashedArticlesLeaveTheSiteAtOnceAndComeBackAsDrafts) {
  ArticleInput in = this->Article("a", "الميناء يستقبل أكبر سفينة شحن");
  int64_t a = this->Put(in);
  int64_t b = this->Put(this->Article("b", "الميناء يوسّع أرصفة الشحن"));
  ASSERT_TRUE(this->store_->RefreshRelated(100, kNow).ok());
  ASSERT_EQ(this->RelatedIds(b), std::vector<int64_t>{a});
  ASSERT_TRUE(this->InTicker(a));
  ASSERT_EQ(this->Found("سفينة"), 1);
  std::string slug = this->store_->GetArticle(a)->slug;

  // A form opened at an older version changes nothing.
  int64_t v = this->Version(a);
  EXPECT_EQ(this->store_->SetTrashed(a, true, v - 1, this->layla_, kNow).status().code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store_->GetArticle(a)->status, ArticleStatus::kPublished);

  auto trashed = this->store_->SetTrashed(a, true, v, this->layla_, kNow);
  ASSERT_TRUE(trashed.ok()) << trashed.status().ToString();
  EXPECT_EQ(trashed->version, v + 1);
  EXPECT_GT(trashed->revision_id, 0);
  // Off the site in that same write: page, lists, ticker, search, related blocks.
  EXPECT_TRUE(this->store_->GetPublishedBySlug(slug).status().IsNotFound());
  EXPECT_EQ(this->store_->ListPublished({})->total, 1);
  EXPECT_FALSE(this->InTicker(a));
  EXPECT_EQ(this->Found("سفينة"), 0);
  EXPECT_TRUE(this->RelatedIds(b).empty());
  // Kept whole, in the newsroom's trashed list, with its breaking flag cleared.
  auto kept = this->store_->GetArticle(a);
  EXPECT_EQ(kept->status, ArticleStatus::kTrashed);
  EXPECT_EQ(kept->title, in.title);
  EXPECT_EQ(kept->tags.size(), 2u);
  EXPECT_EQ(kept->breaking_until, 0);
  ArticleFilter in_trash;
  in_trash.status = ArticleStatus::kTrashed;
  auto listing = this->store_->ListArticles(in_trash);
  ASSERT_EQ(listing->rows.size(), 1u);
  EXPECT_EQ(listing->rows[0].id, a);
  // The revisions say who trashed it; the imported state was kept before.
  auto revs = this->store_->ListRevisions(a);
  ASSERT_EQ(revs->size(), 2u);
  EXPECT_EQ((*revs)[0].status, ArticleStatus::kTrashed);
  EXPECT_TRUE((*revs)[0].changes.status);
  EXPECT_FALSE((*revs)[0].changes.title);
  EXPECT_EQ((*revs)[0].user_name, "ليلى");
  EXPECT_EQ((*revs)[1].kind, content::RevisionKind::kOutside);
  EXPECT_EQ((*revs)[1].status, ArticleStatus::kPublished);
  // Trashing it again changes nothing; importing the same source again does not bring it back.
  auto again = this->store_->SetTrashed(a, true, trashed->version, this->layla_, kNow);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->revision_id, 0);
  EXPECT_EQ(this->store_->UpsertArticles({in}, kNow)[0].value(), UpsertOutcome::kUnchanged);
  EXPECT_EQ(this->store_->GetArticle(a)->status, ArticleStatus::kTrashed);

  // Restored: a draft, still off the site until someone publishes it.
  auto restored = this->store_->SetTrashed(a, false, trashed->version, this->layla_, kNow + 60);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  EXPECT_EQ(this->store_->GetArticle(a)->status, ArticleStatus::kDraft);
  EXPECT_EQ(this->store_->GetArticle(a)->slug, slug);
  EXPECT_TRUE(this->store_->GetPublishedBySlug(slug).status().IsNotFound());
  EXPECT_EQ(this->store_->ListRevisions(a)->size(), 3u);
  // Only what is in the trash is restored; an unknown article is not found.
  EXPECT_EQ(
      this->store_->SetTrashed(a, false, restored->version, this->layla_, kNow).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_TRUE(this->store_->SetTrashed(9999, true, 0, this->layla_, kNow).status().IsNotFound());
}

TYPED_TEST(TrashStoreTest, OnlyATrashedArticleIsDeletedAndEverythingOfItGoesWithIt) {
  int64_t a = this->Put(this->Article("a", "الميناء يستقبل أكبر سفينة شحن"));
  int64_t b = this->Put(this->Article("b", "الميناء يوسّع أرصفة الشحن"));
  ASSERT_TRUE(this->store_->RefreshRelated(100, kNow).ok());
  auto c1 = this->store_->AddComment(this->Comment(a, "تعليق على الخبر"));
  ASSERT_TRUE(c1.ok());
  ASSERT_TRUE(this->store_->AddComment(this->Comment(a, "رد على التعليق", *c1)).ok());
  auto on_b = this->store_->AddComment(this->Comment(b, "تعليق على الخبر الآخر"));
  ASSERT_TRUE(on_b.ok());
  ASSERT_TRUE(this->store_->AddCorrection(a, "صُحّح اسم السفينة.", kNow).ok());
  // A new slug, so the old one is kept as a redirect.
  ArticleEdit edit;
  edit.article_id = a;
  edit.expected_version = this->Version(a);
  edit.input = this->Article("a", "الميناء يستقبل أكبر سفينة شحن");
  edit.input.slug = "سفينة-الشحن-الكبرى";
  edit.by = this->layla_;
  ASSERT_TRUE(this->store_->SaveArticle(edit, kNow).ok());
  std::string old_slug = "الميناء-يستقبل-أكبر-سفينة-شحن";
  ASSERT_TRUE(this->store_->GetPublishedByFormerSlug(old_slug).ok());

  // Not from the shelf: a published article is not deleted, and nothing changes.
  EXPECT_EQ(this->store_->DeleteArticle(a).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store_->GetArticle(a)->status, ArticleStatus::kPublished);
  EXPECT_EQ(this->store_->ApprovedComments(a)->size(), 2u);

  ASSERT_TRUE(this->store_->SetTrashed(a, true, this->Version(a), this->layla_, kNow).ok());
  ASSERT_TRUE(this->store_->DeleteArticle(a).ok());
  EXPECT_TRUE(this->store_->GetArticle(a).status().IsNotFound());
  EXPECT_TRUE(this->store_->DeleteArticle(a).IsNotFound());
  EXPECT_TRUE(this->store_->GetComment(*c1).status().IsNotFound());
  EXPECT_EQ(*this->store_->CountComments(), (std::array<int64_t, 4>{0, 1, 0, 0}));
  EXPECT_TRUE(this->store_->ListRevisions(a)->empty());
  EXPECT_TRUE(this->store_->GetPublishedByFormerSlug(old_slug).status().IsNotFound());
  EXPECT_TRUE(this->RelatedIds(b).empty());
  // The other article, its comment and the shared tags stay.
  EXPECT_EQ(this->store_->GetArticle(b)->tags.size(), 2u);
  EXPECT_TRUE(this->store_->GetComment(*on_b).ok());
  // Its slugs are free again.
  auto reused = this->Put(this->Article("c", "الميناء يستقبل أكبر سفينة شحن"));
  EXPECT_EQ(this->store_->GetArticle(reused)->slug, old_slug);

  // No row of it is left anywhere (read from the SQLite file itself).
  if (testing::TestingPostgres()) return;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(this->factory_.Path().c_str(), &db), SQLITE_OK);
  for (const char* sql :
       {"SELECT COUNT(*) FROM comments WHERE article_id = ?1",
        "SELECT COUNT(*) FROM article_tags WHERE article_id = ?1",
        "SELECT COUNT(*) FROM corrections WHERE article_id = ?1",
        "SELECT COUNT(*) FROM revisions WHERE article_id = ?1",
        "SELECT COUNT(*) FROM article_related WHERE article_id = ?1 OR related_id = ?1",
        "SELECT COUNT(*) FROM related_computed WHERE article_id = ?1",
        "SELECT COUNT(*) FROM related_queue WHERE article_id = ?1",
        "SELECT COUNT(*) FROM article_old_slugs WHERE article_id = ?1"}) {
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sql;
    sqlite3_bind_int64(st, 1, a);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(st, 0), 0) << sql;
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
}

TYPED_TEST(TrashStoreTest, TrashedCommentsAreHiddenCountedApartAndRestorable) {
  int64_t a = this->Put(this->Article("a", "خبر للتعليق"));
  auto c1 = this->store_->AddComment(this->Comment(a, "تعليق منشور"));
  auto c2 = this->store_->AddComment(this->Comment(a, "تعليق آخر"));
  ASSERT_TRUE(c1.ok() && c2.ok());
  ASSERT_TRUE(this->store_->SetCommentStatus(*c2, CommentStatus::kTrash).ok());
  EXPECT_EQ(*this->store_->CountComments(), (std::array<int64_t, 4>{0, 1, 0, 1}));
  auto shown = this->store_->ApprovedComments(a);
  ASSERT_EQ(shown->size(), 1u);
  EXPECT_EQ((*shown)[0].id, *c1);
  EXPECT_EQ(this->store_->GetArticle(a)->comment_count, 1);
  CommentFilter trash;
  trash.status = CommentStatus::kTrash;
  auto listed = this->store_->ListComments(trash);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].comment.id, *c2);
  EXPECT_EQ((*listed)[0].comment.status, CommentStatus::kTrash);
  EXPECT_STREQ(content::CommentStatusName(CommentStatus::kTrash), "trash");
  // Back from the trash by approving it.
  ASSERT_TRUE(this->store_->SetCommentStatus(*c2, CommentStatus::kApproved).ok());
  EXPECT_EQ(this->store_->ApprovedComments(a)->size(), 2u);
  EXPECT_EQ(*this->store_->CountComments(), (std::array<int64_t, 4>{0, 2, 0, 0}));
}

}  // namespace
}  // namespace khabar::store
