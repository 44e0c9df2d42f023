// The change journal (migrations sqlite/010_changes.sql, postgres/003_changes.sql): each
// write lists, in its own transaction, the keys of what it changed on the public site, and
// nothing when readers see no change; numbered in commit order with no holes, also with
// several processes writing at once; and WaitForChanges wakes a waiter when another
// process commits (on PostgreSQL at once, by LISTEN/NOTIFY, also after its connection
// was cut). On both backends (store_test and store_test_pg).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "src/store/store.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::store {
namespace {

constexpr int64_t kNow = 1795000000;

class ChangesStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDb(dir_, "khabar.db");
    auto s = Open();
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

  // Another connection to the same database, as another process or node has.
  StatusOr<std::unique_ptr<Store>> Open() {
    StoreOptions o;
    o.path = db_;
    o.read_connections = 2;
    return OpenStore(o);
  }

  int64_t Put(const std::string& external_id, const std::string& title) {
    return PutIn(*store_, external_id, title);
  }
  static int64_t PutIn(Store& store, const std::string& external_id, const std::string& title) {
    content::ArticleInput a;
    a.external_id = external_id;
    a.title = title;
    a.body = "نص الخبر " + title;
    a.category = "اقتصاد";
    a.tags = {"الميناء"};
    a.published_at = kNow - 3600;
    auto r = store.UpsertArticles({a}, kNow - 60);
    EXPECT_TRUE(r[0].ok()) << r[0].status().ToString();
    auto id = store.ArticleIdByExternalId(external_id);
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
  std::string db_;
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

TEST_F(ChangesStoreTest, ARolledBackWriteLeavesNoHoleInTheNumbering) {
  Put("a", "خبر أول");
  auto last = store_->LastChange();
  ASSERT_TRUE(last.ok());
  // A whole import that fails at its comment after its article was written: nothing of it
  // stays, its journal rows and their numbers included.
  ImportBatch batch;
  batch.articles.emplace_back();
  batch.articles.back().input.external_id = "b";
  batch.articles.back().input.title = "خبر لن يبقى";
  batch.articles.back().input.body = "نص";
  batch.articles.back().input.published_at = kNow - 60;
  batch.comments.emplace_back();
  batch.comments.back().article_external_id = "no-such-article";
  batch.comments.back().input.external_id = "c1";
  batch.comments.back().input.body = "تعليق";
  ASSERT_FALSE(store_->Import(batch, kNow).ok());
  EXPECT_EQ(*store_->LastChange(), *last);
  Put("c", "خبر ثالث");
  auto rows = store_->ChangesSince(*last, 100);
  ASSERT_TRUE(rows.ok());
  ASSERT_FALSE(rows->empty());
  EXPECT_EQ(rows->front().seq, *last + 1);
}

TEST_F(ChangesStoreTest, WritersInSeveralProcessesNumberInCommitOrder) {
  // Two more connections write at once, as two nodes would; a reader that follows the
  // journal meanwhile never finds a number before one it has not seen (which it would
  // take for pruned rows, and drop everything).
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a.ok() && b.ok());
  std::atomic<bool> done{false};
  std::atomic<int> holes{0};
  std::atomic<int64_t> read_to{0};
  std::thread reader([&] {
    auto r = Open();
    if (!r.ok()) return;
    int64_t seen = *(*r)->LastChange();
    for (bool last = false; !last;) {
      last = done.load();
      auto rows = (*r)->ChangesSince(seen, 100000);
      if (!rows.ok()) continue;
      for (const auto& c : *rows) {
        if (c.seq != seen + 1) ++holes;
        seen = c.seq;
      }
    }
    read_to = seen;
  });
  constexpr int kEach = 25;
  auto write = [&](Store* s, const std::string& prefix) {
    for (int i = 0; i < kEach; ++i)
      PutIn(*s, prefix + std::to_string(i), prefix + " خبر رقم " + std::to_string(i));
  };
  std::thread wa(write, a->get(), "a");
  std::thread wb(write, b->get(), "b");
  wa.join();
  wb.join();
  done = true;
  reader.join();
  EXPECT_EQ(holes.load(), 0);
  EXPECT_EQ(read_to.load(), *store_->LastChange());
  // Every article of both writers is in the journal.
  auto rows = store_->ChangesSince(0, 100000);
  ASSERT_TRUE(rows.ok());
  std::set<std::string> keys;
  for (const auto& c : *rows) keys.insert(c.key);
  for (const char* p : {"a", "b"}) {
    for (int i = 0; i < kEach; ++i) {
      auto id = store_->ArticleIdByExternalId(p + std::to_string(i));
      ASSERT_TRUE(id.ok());
      EXPECT_TRUE(keys.count("article:" + std::to_string(*id))) << p << i;
    }
  }
}

TEST_F(ChangesStoreTest, AWaiterWakesWhenAnotherProcessCommits) {
  using std::chrono::milliseconds;
  using Clock = std::chrono::steady_clock;
  auto other = Open();
  ASSERT_TRUE(other.ok());
  std::stop_source never;
  // The first wait may say "maybe" (on PostgreSQL it starts listening then).
  (void)store_->WaitForChanges(*store_->LastChange(), milliseconds(50), never.get_token());
  int64_t last = *store_->LastChange();
  // Nothing written: false after the time given.
  auto t0 = Clock::now();
  auto quiet = store_->WaitForChanges(last, milliseconds(200), never.get_token());
  ASSERT_TRUE(quiet.ok()) << quiet.status().ToString();
  EXPECT_FALSE(*quiet);
  EXPECT_GE(Clock::now() - t0, milliseconds(190));

  // Another process publishes while we wait: on PostgreSQL the wait ends at its commit,
  // long before the time given; SQLite looks at the end of it.
  const bool notified = testing::TestingPostgres();
  std::thread writer([&] {
    std::this_thread::sleep_for(milliseconds(100));
    PutIn(**other, "w", "خبر من عقدة أخرى");
  });
  t0 = Clock::now();
  auto woke = store_->WaitForChanges(last, milliseconds(notified ? 5000 : 400), never.get_token());
  auto took = Clock::now() - t0;
  writer.join();
  ASSERT_TRUE(woke.ok()) << woke.status().ToString();
  if (!*woke) {
    // SQLite looked before the writer committed: the next look sees it.
    ASSERT_FALSE(notified);
    woke = store_->WaitForChanges(last, milliseconds(400), never.get_token());
    ASSERT_TRUE(woke.ok());
  }
  EXPECT_TRUE(*woke);
  if (notified) {
    EXPECT_LT(took, milliseconds(1000));
  }
  auto rows = store_->ChangesSince(last, 100);
  ASSERT_TRUE(rows.ok());
  EXPECT_FALSE(rows->empty());
  // Already read: a wait after the last number does not wake for it again.
  auto again = store_->WaitForChanges(rows->back().seq, milliseconds(150), never.get_token());
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);

  // A stop request ends a long wait at once.
  std::stop_source stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(100));
    stop.request_stop();
  });
  t0 = Clock::now();
  auto stopped = store_->WaitForChanges(rows->back().seq, milliseconds(20000), stop.get_token());
  stopper.join();
  ASSERT_TRUE(stopped.ok());
  EXPECT_FALSE(*stopped);
  EXPECT_LT(Clock::now() - t0, milliseconds(2000));
}

TEST_F(ChangesStoreTest, ALostListeningConnectionIsReportedAndMadeAgain) {
  if (!testing::TestingPostgres()) GTEST_SKIP() << "PostgreSQL's LISTEN connection";
  using std::chrono::milliseconds;
  std::stop_source never;
  ASSERT_TRUE(store_->WaitForChanges(0, milliseconds(50), never.get_token()).ok());
  // The server ends the listening connection (a restart, a failover, an administrator).
  auto killed =
      testing::RunCommand({"/usr/lib/postgresql/15/bin/psql", db_, "-qtA", "-c",
                           "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                           "WHERE query LIKE 'LISTEN%' AND datname = current_database()"});
  ASSERT_EQ(killed.status, 0) << killed.err;
  ASSERT_EQ(killed.out, "1\n");
  int64_t last = *store_->LastChange();
  auto lost = store_->WaitForChanges(last, milliseconds(2000), never.get_token());
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(lost.status().message().find("change notifications"), std::string::npos);
  // The next wait listens again (and says "maybe": it heard nothing meanwhile), and the
  // one after hears the next commit.
  auto back = store_->WaitForChanges(last, milliseconds(2000), never.get_token());
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(*back);
  auto other = Open();
  ASSERT_TRUE(other.ok());
  std::thread writer([&] {
    std::this_thread::sleep_for(milliseconds(100));
    PutIn(**other, "after", "خبر بعد انقطاع الاتصال");
  });
  auto t0 = std::chrono::steady_clock::now();
  auto woke = store_->WaitForChanges(last, milliseconds(5000), never.get_token());
  writer.join();
  ASSERT_TRUE(woke.ok()) << woke.status().ToString();
  EXPECT_TRUE(*woke);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, milliseconds(1000));
}

}  // namespace
}  // namespace khabar::store
