// The store contract for the newsroom's admin pages: changing accounts without ever losing
// the last active admin, and the list of articles in every state with its title search,
// filters, counts per state and pages. One typed suite, as store_test.
#include <gtest/gtest.h>

#include <algorithm>

#include "src/store/store.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::store {
namespace {

using content::ArticleInput;
using content::ArticleStatus;
using content::Role;

constexpr int64_t kNow = 1795000000;

struct SqliteFactory {
  testing::TempDir dir;
  StatusOr<std::unique_ptr<Store>> Open() {
    StoreOptions o;
    o.path = testing::TestDb(dir, "khabar.db");
    o.read_connections = 2;
    return OpenStore(o);
  }
};

template <typename Factory>
class NewsroomStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = factory_.Open();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }

  int64_t AddUser(std::string name, Role role) {
    UserInput in;
    in.name = std::move(name);
    in.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$test";
    in.role = role;
    in.created_at = kNow;
    auto id = store_->AddUser(in);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  content::User User(int64_t id) {
    auto u = store_->GetUser(id);
    EXPECT_TRUE(u.ok());
    return u.ok() ? *u : content::User{};
  }

  void Put(std::string id, std::string title, std::string author, std::string category,
           ArticleStatus status) {
    ArticleInput a;
    a.external_id = std::move(id);
    a.title = std::move(title);
    a.body = "نص الخبر.";
    a.author = std::move(author);
    a.category = std::move(category);
    a.status = status;
    a.published_at = kNow - 100;
    auto r = store_->UpsertArticles({a}, kNow);
    ASSERT_TRUE(r[0].ok()) << r[0].status().ToString();
  }

  std::vector<std::string> Titles(const ArticleFilter& f) {
    auto listing = store_->ListArticles(f);
    EXPECT_TRUE(listing.ok()) << listing.status().ToString();
    std::vector<std::string> titles;
    if (listing.ok()) {
      for (const auto& row : listing->rows) titles.push_back(row.title);
    }
    std::sort(titles.begin(), titles.end());
    return titles;
  }

  Factory factory_;
  std::unique_ptr<Store> store_;
};

using Backends = ::testing::Types<SqliteFactory>;
TYPED_TEST_SUITE(NewsroomStoreTest, Backends);

TYPED_TEST(NewsroomStoreTest, UpdateUserChangesBylineAndRole) {
  int64_t sami = this->AddUser("sami", Role::kContributor);
  ASSERT_TRUE(this->store_->UpdateUser(sami, "سامي الكاتب", Role::kAuthor).ok());
  EXPECT_EQ(this->User(sami).display_name, "سامي الكاتب");
  EXPECT_EQ(this->User(sami).role, Role::kAuthor);
  // No display name: the login name is the byline.
  ASSERT_TRUE(this->store_->UpdateUser(sami, "", Role::kEditor).ok());
  EXPECT_EQ(this->User(sami).display_name, "sami");
  EXPECT_EQ(this->User(sami).role, Role::kEditor);
  EXPECT_TRUE(this->store_->UpdateUser(sami + 100, "x", Role::kEditor).IsNotFound());
}

TYPED_TEST(NewsroomStoreTest, TheLastActiveAdminIsNeverTakenAway) {
  int64_t root = this->AddUser("root", Role::kAdmin);
  int64_t layla = this->AddUser("layla", Role::kEditor);
  // Demoting or disabling the only active admin is refused, and nothing changes.
  Status demote = this->store_->UpdateUser(root, "مدير جديد", Role::kEditor);
  EXPECT_EQ(demote.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(demote.message(), kLastAdmin);
  EXPECT_EQ(this->User(root).role, Role::kAdmin);
  EXPECT_EQ(this->User(root).display_name, "root");
  ASSERT_TRUE(this->store_->CreateSession({"root-session", root, kNow, kNow}).ok());
  EXPECT_EQ(this->store_->SetUserDisabled("root", true).code(), StatusCode::kFailedPrecondition);
  EXPECT_FALSE(this->User(root).disabled);
  EXPECT_TRUE(this->store_->GetSession("root-session").ok());
  // The admin may still rename themself, and others change freely.
  ASSERT_TRUE(this->store_->UpdateUser(root, "المدير", Role::kAdmin).ok());
  ASSERT_TRUE(this->store_->SetUserDisabled("layla", true).ok());
  // A disabled admin does not count as one.
  ASSERT_TRUE(this->store_->UpdateUser(layla, "", Role::kAdmin).ok());
  EXPECT_EQ(this->store_->SetUserDisabled("root", true).code(), StatusCode::kFailedPrecondition);
  // With a second active admin, the first may step down; then the second is the last.
  ASSERT_TRUE(this->store_->SetUserDisabled("layla", false).ok());
  ASSERT_TRUE(this->store_->UpdateUser(root, "", Role::kEditor).ok());
  EXPECT_EQ(this->User(root).role, Role::kEditor);
  EXPECT_EQ(this->store_->UpdateUser(layla, "", Role::kAuthor).code(),
            StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store_->SetUserDisabled("layla", true).code(), StatusCode::kFailedPrecondition);
}

TYPED_TEST(NewsroomStoreTest, WithoutAnyAdminOtherAccountsStillChange) {
  // A site whose accounts were all made as editors from the command line.
  int64_t layla = this->AddUser("layla", Role::kEditor);
  this->AddUser("sami", Role::kContributor);
  ASSERT_TRUE(this->store_->SetUserDisabled("sami", true).ok());
  ASSERT_TRUE(this->store_->UpdateUser(layla, "ليلى", Role::kAuthor).ok());
}

TYPED_TEST(NewsroomStoreTest, ArticleListSearchesTitlesInEveryStateWithFilters) {
  this->Put("1", "الحكومة الإسرائيلية تجتمع", "ليلى", "سياسة", ArticleStatus::kDraft);
  this->Put("2", "مفاوضاتٌ جديدة في القاهرة", "ليلى", "سياسة", ArticleStatus::kPending);
  this->Put("3", "المنتخب يفوز بالمباراة", "سامي", "رياضة", ArticleStatus::kPublished);
  this->Put("4", "إسرائيل والمفاوضات", "سامي", "سياسة", ArticleStatus::kPublished);
  this->Put("5", "خبر قديم في المهملات", "سامي", "رياضة", ArticleStatus::kTrashed);

  // "All" leaves the trash out (it has its own tab), as WordPress does.
  ArticleFilter all;
  auto listing = this->store_->ListArticles(all);
  ASSERT_TRUE(listing.ok()) << listing.status().ToString();
  EXPECT_EQ(listing->total, 4);
  EXPECT_EQ(listing->rows.size(), 4u);
  EXPECT_EQ(listing->per_status, (std::array<int64_t, 5>{1, 1, 0, 2, 1}));

  // Title words as typed without hamza or vowels find every state, drafts included.
  ArticleFilter words;
  words.title_words = "اسرائيل";
  EXPECT_EQ(this->Titles(words),
            (std::vector<std::string>{"إسرائيل والمفاوضات", "الحكومة الإسرائيلية تجتمع"}));
  words.title_words = "مفاوضات";
  EXPECT_EQ(this->Titles(words),
            (std::vector<std::string>{"إسرائيل والمفاوضات", "مفاوضاتٌ جديدة في القاهرة"}));
  // Every word must be there; a word is matched within one title word.
  words.title_words = "اسرائيل مفاوضات";
  EXPECT_EQ(this->Titles(words), (std::vector<std::string>{"إسرائيل والمفاوضات"}));
  words.title_words = "الحكومه";  // ة typed as ه
  EXPECT_EQ(this->Titles(words), (std::vector<std::string>{"الحكومة الإسرائيلية تجتمع"}));
  words.title_words = "تجتمعالحكومة";
  EXPECT_TRUE(this->Titles(words).empty());
  // Counts per state follow the words; the total follows the state too.
  words.title_words = "اسرائيل";
  words.status = ArticleStatus::kPublished;
  listing = this->store_->ListArticles(words);
  ASSERT_TRUE(listing.ok());
  EXPECT_EQ(listing->per_status, (std::array<int64_t, 5>{1, 0, 0, 1, 0}));
  EXPECT_EQ(listing->total, 1);
  ASSERT_EQ(listing->rows.size(), 1u);
  EXPECT_EQ(listing->rows[0].title, "إسرائيل والمفاوضات");

  // Authors and categories.
  auto authors = this->store_->ListArticleAuthors();
  ASSERT_TRUE(authors.ok());
  ASSERT_EQ(authors->size(), 2u);
  int64_t sami = (*authors)[0].name == "سامي" ? (*authors)[0].id : (*authors)[1].id;
  auto sports = this->store_->GetTaxonomyItemByName(content::TaxonomyKind::kCategory, "رياضة");
  ASSERT_TRUE(sports.ok());
  ArticleFilter by;
  by.author_id = sami;
  by.category_id = sports->id;
  EXPECT_EQ(this->Titles(by), (std::vector<std::string>{"المنتخب يفوز بالمباراة"}));
  by.status = ArticleStatus::kTrashed;
  EXPECT_EQ(this->Titles(by), (std::vector<std::string>{"خبر قديم في المهملات"}));

  // Pages: most recently changed first, without overlap.
  ArticleFilter paged;
  paged.limit = 2;
  auto first = this->store_->ListArticles(paged);
  paged.offset = 3;
  auto last = this->store_->ListArticles(paged);
  ASSERT_TRUE(first.ok() && last.ok());
  ASSERT_EQ(first->rows.size(), 2u);
  ASSERT_EQ(last->rows.size(), 1u);
  EXPECT_EQ(first->total, 4);
  EXPECT_EQ(first->rows[0].title, "إسرائيل والمفاوضات");  // the same time: newest id first
  EXPECT_EQ(last->rows[0].title, "الحكومة الإسرائيلية تجتمع");
}

}  // namespace
}  // namespace khabar::store
