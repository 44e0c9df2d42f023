// The store contract for editors' management of tags and categories: counts, create,
// rename with redirects, merge, delete, the menu's order. One typed suite, as store_test.
#include <gtest/gtest.h>

#include <algorithm>

#include "src/store/store.h"
#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::store {
namespace {

using content::ArticleInput;
using content::TaxonomyKind;

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
class TaxonomyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = factory_.Open();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }

  int64_t Put(std::string id, std::string category, std::vector<std::string> tags,
              content::ArticleStatus status = content::ArticleStatus::kPublished) {
    ArticleInput a;
    a.external_id = id;
    a.title = "خبر رقم " + id;
    a.body = "نص الخبر " + id + ".";
    a.category = std::move(category);
    a.tags = std::move(tags);
    a.published_at = kNow - 100;
    a.status = status;
    auto r = store_->UpsertArticles({a}, kNow);
    EXPECT_TRUE(r[0].ok()) << r[0].status().ToString();
    auto got = store_->ArticleIdByExternalId(id);
    return got.ok() ? *got : 0;
  }

  content::TaxonomyItem Named(TaxonomyKind kind, std::string_view name) {
    auto t = store_->GetTaxonomyItemByName(kind, name);
    EXPECT_TRUE(t.ok()) << name;
    return t.ok() ? *t : content::TaxonomyItem{};
  }

  std::vector<std::string> TagsOf(int64_t article) {
    std::vector<std::string> names;
    auto a = store_->GetArticle(article);
    EXPECT_TRUE(a.ok());
    if (a.ok()) {
      for (const auto& t : a->tags) names.push_back(t.name);
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  std::vector<std::string> Menu() {
    std::vector<std::string> names;
    auto cats = store_->ListCategories();
    EXPECT_TRUE(cats.ok());
    if (cats.ok()) {
      for (const auto& c : *cats) names.push_back(c.name);
    }
    return names;
  }

  Factory factory_;
  std::unique_ptr<Store> store_;
};

using Backends = ::testing::Types<SqliteFactory>;
TYPED_TEST_SUITE(TaxonomyStoreTest, Backends);

TYPED_TEST(TaxonomyStoreTest, ListsWithCountsAndFindsTagsByPartOfTheirName) {
  this->Put("1", "سياسة", {"سوريا", "إيران"});
  this->Put("2", "سياسة", {"سوريا"}, content::ArticleStatus::kDraft);
  this->Put("3", "رياضة", {"كرة القدم"});
  auto tags = this->store_->ListTaxonomy(TaxonomyKind::kTag, {});
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  ASSERT_EQ(tags->total, 3);
  EXPECT_EQ(tags->items[0].name, "سوريا");  // most used first
  EXPECT_EQ(tags->items[0].articles, 2);
  EXPECT_EQ(tags->items[0].published, 1);

  TaxonomyFilter f;
  f.contains = "القدم";
  auto found = this->store_->ListTaxonomy(TaxonomyKind::kTag, f);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->total, 1);
  EXPECT_EQ(found->items[0].name, "كرة القدم");
  f.contains = "";
  f.limit = 1;
  f.offset = 1;
  auto second = this->store_->ListTaxonomy(TaxonomyKind::kTag, f);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->total, 3);

  auto cats = this->store_->ListTaxonomy(TaxonomyKind::kCategory, {});
  ASSERT_TRUE(cats.ok());
  ASSERT_EQ(cats->items.size(), 2u);
  // As many published in each: the menu's order is then by name.
  EXPECT_EQ(cats->items[0].name, "رياضة");
  EXPECT_EQ(cats->items[1].name, "سياسة");
  EXPECT_EQ(cats->items[1].articles, 2);
  EXPECT_EQ(cats->items[1].published, 1);

  auto suggested = this->store_->SuggestTags("سو", 10);
  ASSERT_TRUE(suggested.ok());
  EXPECT_EQ(*suggested, std::vector<std::string>{"سوريا"});
}

TYPED_TEST(TaxonomyStoreTest, CreatesWithAUniqueSlugAndRefusesTakenNames) {
  auto a = this->store_->CreateTaxonomyItem(TaxonomyKind::kTag, "الانتخابات البلدية", "");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  auto t = this->store_->GetTaxonomyItem(TaxonomyKind::kTag, *a);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->slug, "الانتخابات-البلدية");
  auto dup = this->store_->CreateTaxonomyItem(TaxonomyKind::kTag, "الانتخابات البلدية", "");
  EXPECT_EQ(dup.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(dup.status().message(), kNameTaken);
  auto slug_taken =
      this->store_->CreateTaxonomyItem(TaxonomyKind::kTag, "انتخابات", "الانتخابات البلدية");
  EXPECT_EQ(slug_taken.status().message(), kSlugTaken);
  // A slug made from the name is kept unique instead.
  auto b = this->store_->CreateTaxonomyItem(TaxonomyKind::kTag, "الانتخابات-البلدية", "");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(this->store_->GetTaxonomyItem(TaxonomyKind::kTag, *b)->slug, "الانتخابات-البلدية-2");
}

TYPED_TEST(TaxonomyStoreTest, RenameKeepsArticlesAndTheOldSlugRedirects) {
  int64_t a = this->Put("1", "سياسة", {"سوريا"});
  content::TaxonomyItem tag = this->Named(TaxonomyKind::kTag, "سوريا");
  ASSERT_TRUE(this->store_->RenameTaxonomyItem(TaxonomyKind::kTag, tag.id, "سورية", "").ok());
  EXPECT_EQ(this->TagsOf(a), std::vector<std::string>{"سورية"});
  EXPECT_FALSE(this->store_->GetTagBySlug("سوريا").ok());
  EXPECT_TRUE(this->store_->GetTagBySlug("سورية").ok());
  EXPECT_EQ(*this->store_->RedirectedSlug(TaxonomyKind::kTag, "سوريا"), "سورية");
  // Renamed again: the first slug follows to the newest.
  ASSERT_TRUE(this->store_->RenameTaxonomyItem(TaxonomyKind::kTag, tag.id, "سورية", "syria").ok());
  EXPECT_EQ(*this->store_->RedirectedSlug(TaxonomyKind::kTag, "سوريا"), "syria");
  EXPECT_EQ(*this->store_->RedirectedSlug(TaxonomyKind::kTag, "سورية"), "syria");
  // A tag made later with an old slug takes it over: no redirect any more.
  ASSERT_TRUE(this->store_->CreateTaxonomyItem(TaxonomyKind::kTag, "سوريا", "").ok());
  EXPECT_FALSE(this->store_->RedirectedSlug(TaxonomyKind::kTag, "سوريا").ok());
  // A name that another tag has is refused, and nothing changes.
  Status s = this->store_->RenameTaxonomyItem(TaxonomyKind::kTag, tag.id, "سوريا", "");
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(this->TagsOf(a), std::vector<std::string>{"سورية"});
  EXPECT_EQ(this->store_->RenameTaxonomyItem(TaxonomyKind::kTag, 999, "جديد", "").code(),
            StatusCode::kNotFound);
}

TYPED_TEST(TaxonomyStoreTest, MergeMovesArticlesWithoutDuplicatesAndQueuesRelated) {
  int64_t both = this->Put("1", "سياسة", {"سوريا", "سورية"});
  int64_t only = this->Put("2", "سياسة", {"سورية"});
  for (int i = 0; i < 5 && *this->store_->RefreshRelated(100, kNow) > 0; ++i) {
  }
  ASSERT_EQ(*this->store_->RefreshRelated(0, kNow), 0);
  content::TaxonomyItem from = this->Named(TaxonomyKind::kTag, "سورية");
  content::TaxonomyItem into = this->Named(TaxonomyKind::kTag, "سوريا");
  EXPECT_EQ(this->store_->MergeTaxonomyItems(TaxonomyKind::kTag, into.id, into.id).code(),
            StatusCode::kInvalidArgument);
  ASSERT_TRUE(this->store_->MergeTaxonomyItems(TaxonomyKind::kTag, from.id, into.id).ok());
  EXPECT_EQ(this->TagsOf(both), std::vector<std::string>{"سوريا"});
  EXPECT_EQ(this->TagsOf(only), std::vector<std::string>{"سوريا"});
  EXPECT_EQ(this->Named(TaxonomyKind::kTag, "سوريا").articles, 2);
  EXPECT_FALSE(this->store_->GetTaxonomyItem(TaxonomyKind::kTag, from.id).ok());
  EXPECT_EQ(*this->store_->RedirectedSlug(TaxonomyKind::kTag, from.slug), into.slug);
  // Both articles wait for their related blocks again.
  EXPECT_EQ(*this->store_->RefreshRelated(0, kNow), 2);
  // Search by the merged tag finds both.
  SearchQuery q;
  q.text = "خبر";
  q.tag_id = into.id;
  auto hits = this->store_->Search(q);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->total, 2);
}

TYPED_TEST(TaxonomyStoreTest, DeletingATagOrACategoryNeverLosesArticles) {
  int64_t a = this->Put("1", "منوعات", {"طقس", "بحر"});
  int64_t b = this->Put("2", "محليات", {});
  content::TaxonomyItem weather = this->Named(TaxonomyKind::kTag, "طقس");
  ASSERT_TRUE(this->store_->DeleteTag(weather.id).ok());
  EXPECT_EQ(this->TagsOf(a), std::vector<std::string>{"بحر"});
  EXPECT_FALSE(this->store_->RedirectedSlug(TaxonomyKind::kTag, weather.slug).ok());
  EXPECT_EQ(this->store_->DeleteTag(weather.id).code(), StatusCode::kNotFound);

  // To a chosen category.
  content::TaxonomyItem misc = this->Named(TaxonomyKind::kCategory, "منوعات");
  content::TaxonomyItem local = this->Named(TaxonomyKind::kCategory, "محليات");
  EXPECT_EQ(this->store_->DeleteCategory(misc.id, misc.id).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(this->store_->DeleteCategory(misc.id, local.id).ok());
  EXPECT_EQ(this->store_->GetArticle(a)->category.name, "محليات");
  // To the uncategorized one, made when needed.
  ASSERT_TRUE(this->store_->DeleteCategory(local.id, 0).ok());
  EXPECT_EQ(this->store_->GetArticle(a)->category.name, kUncategorized);
  EXPECT_EQ(this->store_->GetArticle(b)->category.name, kUncategorized);
  content::TaxonomyItem un = this->Named(TaxonomyKind::kCategory, kUncategorized);
  EXPECT_EQ(this->store_->DeleteCategory(un.id, 0).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(this->store_->GetArticle(a)->category.name, kUncategorized);
}

TYPED_TEST(TaxonomyStoreTest, MenuOrderIsTheEditorsThenTheRest) {
  this->Put("1", "سياسة", {});
  this->Put("2", "سياسة", {});
  this->Put("3", "رياضة", {});
  this->Put("4", "ثقافة", {});
  EXPECT_EQ(this->Menu(), (std::vector<std::string>{"سياسة", "ثقافة", "رياضة"}));
  int64_t sport = this->Named(TaxonomyKind::kCategory, "رياضة").id;
  int64_t culture = this->Named(TaxonomyKind::kCategory, "ثقافة").id;
  ASSERT_TRUE(this->store_->SetMenuOrder({sport, culture}).ok());
  EXPECT_EQ(this->Menu(), (std::vector<std::string>{"رياضة", "ثقافة", "سياسة"}));
  auto listed = this->store_->ListTaxonomy(TaxonomyKind::kCategory, {});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->items[0].name, "رياضة");
  EXPECT_EQ(listed->items[0].position, 1);
  // An unknown id changes nothing.
  EXPECT_EQ(this->store_->SetMenuOrder({culture, 999}).code(), StatusCode::kNotFound);
  EXPECT_EQ(this->Menu(), (std::vector<std::string>{"رياضة", "ثقافة", "سياسة"}));
}

}  // namespace
}  // namespace khabar::store
