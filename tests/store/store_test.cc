// The store contract: one typed suite that every backend must pass. SQLite runs always;
// a PostgreSQL factory joins the type list when that backend exists.
#include "src/store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <thread>

#include "tests/testing/server_process.h"
#include "tests/testing/test_db.h"

namespace khabar::store {
namespace {

using content::ArticleInput;
using content::ArticleStatus;
using content::CommentInput;
using content::CommentStatus;

constexpr int64_t kNow = 1795000000;  // 2026-11-18

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
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = factory_.Open();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }

  static ArticleInput Article(std::string id, std::string title, std::string category,
                              std::vector<std::string> tags, int64_t published) {
    ArticleInput a;
    a.external_id = std::move(id);
    a.title = std::move(title);
    a.body = "الفقرة الأولى من " + a.title + ".\n\nالفقرة الثانية بعلامات “اقتباس” واضحة.";
    a.category = std::move(category);
    a.tags = std::move(tags);
    a.published_at = published;
    return a;
  }

  int64_t Put(const ArticleInput& a) {
    auto r = store_->UpsertArticles({a}, kNow);
    EXPECT_TRUE(r[0].ok()) << r[0].status().ToString();
    auto id = store_->ArticleIdByExternalId(a.external_id);
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }

  CommentInput Comment(int64_t article, std::string body, int64_t parent = 0) {
    CommentInput c;
    c.article_id = article;
    c.parent_id = parent;
    c.author_name = "قارئ";
    c.email = "reader@example.com";
    c.body = std::move(body);
    c.created_at = kNow;
    return c;
  }

  Factory factory_;
  std::unique_ptr<Store> store_;
};

using Backends = ::testing::Types<SqliteFactory>;
TYPED_TEST_SUITE(StoreTest, Backends);

TYPED_TEST(StoreTest, ImportsAnArticleWithItsTaxonomyAndFindsItBySlug) {
  int64_t id = this->Put(
      this->Article("a1", "وزير الدفاع يزور الميناء", "سياسة", {"سوريا", "إيران"}, kNow - 100));
  auto a = this->store_->GetArticle(id);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->slug, "وزير-الدفاع-يزور-الميناء");
  EXPECT_EQ(a->category.name, "سياسة");
  ASSERT_EQ(a->tags.size(), 2u);
  EXPECT_EQ(a->author.name, "فريق التحرير");  // the newsroom, when no author is given
  EXPECT_FALSE(a->excerpt.empty());           // made from the body
  auto by_slug = this->store_->GetPublishedBySlug("وزير-الدفاع-يزور-الميناء");
  ASSERT_TRUE(by_slug.ok());
  EXPECT_EQ(by_slug->id, id);
  EXPECT_TRUE(this->store_->GetPublishedBySlug("لا-يوجد").status().IsNotFound());
}

TYPED_TEST(StoreTest, ReimportingIsUnchangedAndAnEditKeepsTheSlug) {
  auto a = this->Article("a1", "عنوان أول", "اقتصاد", {}, kNow);
  auto r1 = this->store_->UpsertArticles({a}, kNow);
  ASSERT_TRUE(r1[0].ok());
  EXPECT_EQ(*r1[0], UpsertOutcome::kInserted);
  auto r2 = this->store_->UpsertArticles({a}, kNow + 5);
  ASSERT_TRUE(r2[0].ok());
  EXPECT_EQ(*r2[0], UpsertOutcome::kUnchanged);
  a.title = "عنوان معدّل";
  auto r3 = this->store_->UpsertArticles({a}, kNow + 10);
  ASSERT_TRUE(r3[0].ok());
  EXPECT_EQ(*r3[0], UpsertOutcome::kUpdated);
  auto id = this->store_->ArticleIdByExternalId("a1");
  auto stored = this->store_->GetArticle(*id);
  EXPECT_EQ(stored->title, "عنوان معدّل");
  EXPECT_EQ(stored->slug, "عنوان-أول");  // the URL never changes
}

TYPED_TEST(StoreTest, UndatedArticleIsDatedOnceAndReimportsUnchanged) {
  auto a = this->Article("undated", "خبر بلا تاريخ", "", {}, 0);
  a.breaking_seconds = 3600;
  ASSERT_EQ(*this->store_->UpsertArticles({a}, kNow)[0], UpsertOutcome::kInserted);
  auto id = this->store_->ArticleIdByExternalId("undated");
  EXPECT_EQ(this->store_->GetArticle(*id)->published_at, kNow);
  EXPECT_EQ(*this->store_->UpsertArticles({a}, kNow + 500)[0], UpsertOutcome::kUnchanged);
  a.body += "\n\nتحديث.";
  ASSERT_EQ(*this->store_->UpsertArticles({a}, kNow + 900)[0], UpsertOutcome::kUpdated);
  EXPECT_EQ(this->store_->GetArticle(*id)->published_at, kNow);  // keeps its first date
}

TYPED_TEST(StoreTest, SameTitleGetsUniqueSlugs) {
  int64_t a = this->Put(this->Article("a", "حالة الطقس اليوم", "", {}, kNow));
  int64_t b = this->Put(this->Article("b", "حالة الطقس اليوم", "", {}, kNow));
  EXPECT_EQ(this->store_->GetArticle(a)->slug, "حالة-الطقس-اليوم");
  EXPECT_EQ(this->store_->GetArticle(b)->slug, "حالة-الطقس-اليوم-2");
}

TYPED_TEST(StoreTest, ArchivesListNewestFirstWithTotals) {
  for (int i = 0; i < 5; ++i) {
    this->Put(this->Article("t" + std::to_string(i), "خبر رقم " + std::to_string(i), "رياضة",
                            {"كرة القدم"}, kNow - 1000 * i));
  }
  this->Put(this->Article("other", "خبر آخر", "ثقافة", {}, kNow));
  auto tag = this->store_->GetTagBySlug("كرة-القدم");
  ASSERT_TRUE(tag.ok());
  ListQuery q;
  q.kind = ArchiveKind::kTag;
  q.filter_id = tag->id;
  q.limit = 2;
  q.offset = 2;
  auto page = this->store_->ListPublished(q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 5);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].title, "خبر رقم 2");
  EXPECT_GT(page->items[0].published_at, page->items[1].published_at);
  auto all = this->store_->ListPublished({});
  EXPECT_EQ(all->total, 6);
  auto cats = this->store_->ListCategories();
  ASSERT_TRUE(cats.ok());
  EXPECT_EQ(cats->size(), 2u);
  EXPECT_EQ((*cats)[0].name, "رياضة");  // the bigger section first
}

// The SQLite store keeps archive counts while nothing is written: every write shows at once
// in the totals, whichever reader connection answers.
TYPED_TEST(StoreTest, ArchiveTotalsFollowEveryWrite) {
  auto totals = [&](int64_t tag_id) {
    std::vector<int64_t> seen;
    for (int i = 0; i < 12; ++i) {  // more calls than reader connections
      ListQuery all;
      ListQuery tagged;
      tagged.kind = ArchiveKind::kTag;
      tagged.filter_id = tag_id;
      seen.push_back(this->store_->ListPublished(all)->total);
      seen.push_back(this->store_->ListPublished(tagged)->total);
    }
    return seen;
  };
  auto expect = [](int64_t all, int64_t tagged) {
    std::vector<int64_t> want;
    for (int i = 0; i < 12; ++i) {
      want.push_back(all);
      want.push_back(tagged);
    }
    return want;
  };
  this->Put(this->Article("a", "خبر أول", "رياضة", {"كرة القدم"}, kNow - 100));
  int64_t tag = this->store_->GetTagBySlug("كرة-القدم")->id;
  EXPECT_EQ(totals(tag), expect(1, 1));
  auto second = this->Article("b", "خبر ثان", "رياضة", {"كرة القدم"}, kNow - 50);
  this->Put(second);
  EXPECT_EQ(totals(tag), expect(2, 2));
  this->Put(this->Article("c", "خبر ثالث", "ثقافة", {}, kNow));
  EXPECT_EQ(totals(tag), expect(3, 2));
  second.status = content::ArticleStatus::kDraft;  // taken off the site
  this->Put(second);
  EXPECT_EQ(totals(tag), expect(2, 1));
}

TYPED_TEST(StoreTest, AScheduledBreakingArticleIsBreakingFromItsPublication) {
  // Saved now, due in three hours, breaking for two: at the head of the ticker from
  // publication until two hours after it, not from the save.
  auto s = this->Article("due", "عاجل مجدول", "", {}, kNow + 3 * 3600);
  s.status = content::ArticleStatus::kScheduled;
  s.breaking_seconds = 2 * 3600;
  this->Put(s);
  this->Put(this->Article("newer", "خبر عادي", "", {}, kNow + 3 * 3600 + 60));
  ASSERT_EQ(*this->store_->PublishDue(kNow + 3 * 3600), 1);
  auto t = this->store_->Ticker(5, kNow + 4 * 3600);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[0].title, "عاجل مجدول");
  EXPECT_TRUE((*t)[0].breaking);
  EXPECT_FALSE((*this->store_->Ticker(5, kNow + 5 * 3600 + 60))[0].breaking);
}

TYPED_TEST(StoreTest, TickerPutsBreakingNewsFirst) {
  this->Put(this->Article("new", "الأحدث", "", {}, kNow));
  auto b = this->Article("old", "عاجل قديم", "", {}, kNow - 5000);
  b.breaking_seconds = 3600;  // from the write at kNow
  this->Put(b);
  auto t = this->store_->Ticker(5, kNow);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[0].title, "عاجل قديم");
  EXPECT_TRUE((*t)[0].breaking);
  // Once the breaking window has passed, order is by date again.
  auto later = this->store_->Ticker(5, kNow + 7200);
  EXPECT_EQ((*later)[0].title, "الأحدث");
  EXPECT_FALSE((*later)[1].breaking);
  // Lists mark it breaking only while its window lasts.
  ListQuery q;
  q.now = kNow;
  auto during = this->store_->ListPublished(q);
  EXPECT_TRUE(during->items[1].breaking);
  q.now = kNow + 7200;
  auto after = this->store_->ListPublished(q);
  EXPECT_FALSE(after->items[1].breaking);
}

TYPED_TEST(StoreTest, RelatedIsComputedOffTheRequestPathAndPrefersSharedTags) {
  int64_t self =
      this->Put(this->Article("s", "اتفاق عسكري بين البلدين", "سياسة", {"سوريا", "إيران"}, kNow));
  int64_t both =
      this->Put(this->Article("b", "زيارة رسمية", "اقتصاد", {"سوريا", "إيران"}, kNow - 10));
  this->Put(this->Article("one", "خبر عن سوريا", "اقتصاد", {"سوريا"}, kNow - 20));
  int64_t text =
      this->Put(this->Article("text", "الاتفاقات العسكرية الجديدة", "رياضة", {}, kNow - 30));
  int64_t same_category = this->Put(this->Article("cat", "موضوع آخر", "سياسة", {}, kNow - 40));
  for (int i = 0; i < 6; ++i) {
    this->Put(this->Article("x" + std::to_string(i), "موضوع مختلف " + std::to_string(i), "ثقافة",
                            {}, kNow));
  }
  auto a = this->store_->GetArticle(self);
  ASSERT_TRUE(a.ok());
  // Before the block is computed, the page still gets the newest of the same category.
  auto early = this->store_->Related(*a, 4, kNow);
  ASSERT_TRUE(early.ok());
  ASSERT_EQ(early->size(), 1u);
  EXPECT_EQ((*early)[0].id, same_category);

  auto left = this->store_->RefreshRelated(100, kNow);
  ASSERT_TRUE(left.ok()) << left.status().ToString();
  EXPECT_EQ(*left, 0);
  auto rel = this->store_->Related(*a, 4, kNow);
  ASSERT_TRUE(rel.ok());
  ASSERT_GE(rel->size(), 3u);
  EXPECT_EQ((*rel)[0].id, both);
  std::vector<int64_t> ids;
  for (const auto& r : *rel) ids.push_back(r.id);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), self), 0);
  // Found by its words alone, in another inflection (الاتفاقات العسكرية ~ اتفاق عسكري).
  EXPECT_NE(std::find(ids.begin(), ids.end(), text), ids.end());

  // An unpublished article leaves every block at once, before any recomputation.
  auto draft = this->Article("b", "زيارة رسمية", "اقتصاد", {"سوريا", "إيران"}, kNow - 10);
  draft.status = ArticleStatus::kDraft;
  this->Put(draft);
  rel = this->store_->Related(*a, 4, kNow);
  for (const auto& r : *rel) EXPECT_NE(r.id, both);
  // An edited article is queued again.
  auto edited = this->Article("text", "الاتفاقات العسكرية الجديدة", "رياضة", {"إيران"}, kNow - 30);
  edited.body = "نص جديد عن الاتفاقات";
  this->Put(edited);
  left = this->store_->RefreshRelated(0, kNow);
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(*left, 1);
  EXPECT_EQ(*this->store_->RefreshRelated(10, kNow), 0);
}

SearchQuery Q(std::string text, int limit = 10) {
  SearchQuery q;
  q.text = std::move(text);
  q.limit = limit;
  q.now = kNow;
  return q;
}

std::vector<std::string> Titles(const SearchResults& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.article.title);
  return out;
}

TYPED_TEST(StoreTest, SearchFindsWhatTheReaderMeant) {
  auto put = [&](std::string id, std::string title, std::string body) {
    auto a = this->Article(id, title, "سياسة", {}, kNow);
    a.body = std::move(body);
    this->Put(a);
  };
  put("1", "عقوبات جديدة على إيران", "فرضت الولايات المتحدة عقوبات على طهران.");
  put("2", "توقيع الاتفاقية التجارية", "وقّع البلدان اتفاقيةً للتبادل التجاري.");
  put("3", "وزارة الدفاع تعلن خطة", "أعلنت وزارة الدفاع خطة جديدة.");
  put("4", "جماعات مُسلّحة في الجنوب", "اشتبكت جماعات مسلحة مع الجيش.");
  put("5", "مفاوضات سورية روسية", "استؤنفت المفاوضات في سوريا.");
  struct Case {
    const char* query;
    const char* title;
  };
  for (Case c :
       {Case{"ايران", "عقوبات جديدة على إيران"}, Case{"بإيران", "عقوبات جديدة على إيران"},
        Case{"الاتفاقيه", "توقيع الاتفاقية التجارية"}, Case{"اتفاقيات", "توقيع الاتفاقية التجارية"},
        Case{"والدفاع", "وزارة الدفاع تعلن خطة"}, Case{"مسلحة", "جماعات مُسلّحة في الجنوب"},
        Case{"مُسلَّحة", "جماعات مُسلّحة في الجنوب"}, Case{"المسلحين", "جماعات مُسلّحة في الجنوب"},
        Case{"سوريه", "مفاوضات سورية روسية"}, Case{"سوريا", "مفاوضات سورية روسية"},
        Case{"مفاوضاتهم", "مفاوضات سورية روسية"}}) {
    auto r = this->store_->Search(Q(c.query));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->total, 1) << c.query;
    EXPECT_EQ(r->hits[0].article.title, c.title) << c.query;
    EXPECT_FALSE(r->relaxed);
  }
}

TYPED_TEST(StoreTest, SearchRanksTheReadersOwnSpellingFirst) {
  // Three articles meet "المعلمون" through its stem; the one with the very word comes
  // first, then the one with it under other particles, then the other inflection.
  auto put = [&](std::string id, std::string body, int64_t age) {
    auto a = this->Article(id, "خبر " + id, "", {}, kNow - age);
    a.body = std::move(body);
    this->Put(a);
  };
  put("inflection", "اجتمع وزير التعليم مع معلمهم في المدرسة.", 0);
  put("particles", "اجتمع وزير التعليم بالمعلمين في المدرسة.", 10);
  put("exact", "اجتمع وزير التعليم مع المعلمون في المدرسة.", 20);
  auto r = this->store_->Search(Q("المعلمون"));
  ASSERT_EQ(r->total, 3);
  EXPECT_EQ(r->hits[0].article.external_id, "exact");
  r = this->store_->Search(Q("للمعلمين"));
  ASSERT_EQ(r->total, 3);
  EXPECT_EQ(r->hits[0].article.external_id, "particles");
}

TYPED_TEST(StoreTest, SearchRanksTheSameWordUnderAnotherSuffixAboveOtherInflections) {
  // "اتجاهاتها المعتمدون": the article with "اتجاهات" and "المعتمدين" is the closest.
  auto put = [&](std::string id, std::string body, int64_t age) {
    auto a = this->Article(id, "خبر " + id, "", {}, kNow - age);
    a.body = std::move(body);
    this->Put(a);
  };
  put("far1", "تغير اتجاهه وقال المعتمد إن الأمر انتهى.", 0);
  put("far2", "اتجاهنا واضح كما قال المعتمدة في البيان.", 10);
  put("close", "رصدت اتجاهات جديدة لدى المعتمدين في السوق.", 20);
  auto r = this->store_->Search(Q("اتجاهاتها المعتمدون"));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->total, 3);
  EXPECT_EQ(r->hits[0].article.external_id, "close");
}

TYPED_TEST(StoreTest, SearchRanksTheSameWithAndWithoutFilters) {
  // Without filters the ranking takes a shorter way (bm25 from the index, the recency boost
  // for the best only); a filter that keeps everything takes the SQL way: same pages.
  const char* words[] = {"الحكومة", "البرلمان", "الموازنة", "الانتخابات", "المعارضة", "الوزير"};
  for (int i = 0; i < 60; ++i) {
    std::string body;
    for (int k = 0; k <= i % 7; ++k) body += std::string(words[(i + k) % 6]) + " قال اليوم. ";
    auto a = this->Article("r" + std::to_string(i), std::string("خبر عن ") + words[i % 6], "", {},
                           kNow - (i * 7919 % 60) * 86400 - i);
    a.body = body;
    this->Put(a);
  }
  for (const char* text : {"الحكومة", "البرلمان الموازنة", "الوزير -المعارضة", "قال"}) {
    for (double boost : {0.0, 0.5, 3.0}) {
      for (int offset : {0, 10, 55}) {
        SearchQuery plain = Q(text, 10);
        plain.recency_boost = boost;
        plain.offset = offset;
        plain.with_snippets = false;
        SearchQuery filtered = plain;
        filtered.from = 1;  // every article is newer than that
        auto a = this->store_->Search(plain), b = this->store_->Search(filtered);
        ASSERT_TRUE(a.ok() && b.ok());
        EXPECT_EQ(a->total, b->total) << text;
        std::vector<int64_t> ia, ib;
        for (const auto& h : a->hits) ia.push_back(h.article.id);
        for (const auto& h : b->hits) ib.push_back(h.article.id);
        EXPECT_EQ(ia, ib) << text << " boost " << boost << " offset " << offset;
      }
    }
  }
}

TYPED_TEST(StoreTest, SearchRanksTitlesFirstAndPagesWithATotal) {
  for (int i = 0; i < 12; ++i) {
    auto a = this->Article("b" + std::to_string(i), "خبر رقم " + std::to_string(i), "", {},
                           kNow - i * 3600);
    a.body = "ذكر البرلمان في هذا الخبر مرة واحدة.";
    this->Put(a);
  }
  auto t = this->Article("t", "البرلمان يقر الموازنة", "", {}, kNow - 100 * 86400);
  t.body = "نص لا يذكر الكلمة.";
  this->Put(t);
  auto r = this->store_->Search(Q("البرلمان", 5));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total, 13);
  ASSERT_EQ(r->hits.size(), 5u);
  EXPECT_EQ(r->hits[0].article.title, "البرلمان يقر الموازنة");
  SearchQuery page3 = Q("البرلمان", 5);
  page3.offset = 10;
  r = this->store_->Search(page3);
  EXPECT_EQ(r->total, 13);
  EXPECT_EQ(r->hits.size(), 3u);
  // Newest first on request.
  SearchQuery by_date = Q("البرلمان", 1);
  by_date.newest_first = true;
  EXPECT_EQ(this->store_->Search(by_date)->hits[0].article.title, "خبر رقم 0");
  // The recency boost lifts today's story over an old one that matches as well.
  SearchQuery boosted = Q("الموازنة البرلمان", 2);
  EXPECT_EQ(this->store_->Search(boosted)->hits[0].article.title, "البرلمان يقر الموازنة");
}

TYPED_TEST(StoreTest, SearchPhrasesExclusionsAndFilters) {
  auto a = this->Article("p1", "وقف إطلاق النار في المدينة", "سياسة", {"هدنة"}, kNow - 86400 * 10);
  auto b = this->Article("p2", "إطلاق سراح أسرى ووقف النار", "سياسة", {}, kNow - 86400 * 2);
  auto c = this->Article("p3", "وقف إطلاق النار في غزة", "دولي", {"هدنة"}, kNow);
  for (auto* x : {&a, &b, &c}) x->body = "نص الخبر.";
  this->Put(a);
  this->Put(b);
  this->Put(c);
  EXPECT_EQ(this->store_->Search(Q("وقف إطلاق النار"))->total, 3);
  EXPECT_EQ(this->store_->Search(Q("\"وقف إطلاق النار\""))->total, 2);
  EXPECT_EQ(Titles(*this->store_->Search(Q("\"وقف إطلاق النار\" -غزة"))),
            std::vector<std::string>{"وقف إطلاق النار في المدينة"});
  SearchQuery f = Q("النار");
  auto cat = this->store_->GetCategoryBySlug("دولي");
  ASSERT_TRUE(cat.ok());
  f.category_id = cat->id;
  EXPECT_EQ(Titles(*this->store_->Search(f)), std::vector<std::string>{"وقف إطلاق النار في غزة"});
  f = Q("النار");
  f.tag_id = this->store_->GetTagBySlug("هدنة")->id;
  EXPECT_EQ(this->store_->Search(f)->total, 2);
  f = Q("النار");
  f.from = kNow - 86400 * 5;
  f.to = kNow - 86400;
  EXPECT_EQ(Titles(*this->store_->Search(f)),
            std::vector<std::string>{"إطلاق سراح أسرى ووقف النار"});
}

TYPED_TEST(StoreTest, SnippetsShowTheArticlesOwnSpellingWithMarks) {
  auto a = this->Article("s", "الحكومة تعلن", "", {}, kNow);
  a.body = "قالت الحُكومةُ إن المفاوضاتِ مستمرة.";
  this->Put(a);
  auto r = this->store_->Search(Q("حكومه مفاوضات"));
  ASSERT_EQ(r->hits.size(), 1u);
  // [ and ] stand for the marks.
  auto shown = [](std::string s) {
    for (char& c : s) {
      if (c == content::kMarkOpen) c = '[';
      if (c == content::kMarkClose) c = ']';
    }
    return s;
  };
  EXPECT_EQ(shown(r->hits[0].snippet_marked), "قالت [الحُكومةُ] إن [المفاوضاتِ] مستمرة.");
  EXPECT_EQ(shown(r->hits[0].title_marked), "[الحكومة] تعلن");
  SearchQuery plain = Q("حكومه");
  plain.with_snippets = false;
  EXPECT_TRUE(this->store_->Search(plain)->hits[0].snippet_marked.empty());
}

TYPED_TEST(StoreTest, SnippetsStartAtTheIndexsFirstMatchInALongArticle) {
  // 1,500 words (with marks, tatweel and punctuation, which are not words) before the match.
  std::string body;
  for (int i = 0; i < 500; ++i) body += "كتبَ المراسلُ ـــ تقريراً، مطوّلاً. ";
  body += "ثم وصل الوفد إلى مرفأ بيروت صباحاً بعد رحلة طويلة جداً.";
  auto a = this->Article("long", "زيارة رسمية", "", {}, kNow);
  a.body = body;
  this->Put(a);
  auto r = this->store_->Search(Q("مرفأ"));
  ASSERT_EQ(r->hits.size(), 1u);
  const std::string& s = r->hits[0].snippet_marked;
  EXPECT_EQ(s.rfind("… ", 0), 0u) << s;  // the words before were cut
  std::string marked = std::string(1, content::kMarkOpen) + "مرفأ" + content::kMarkClose;
  EXPECT_NE(s.find(marked), std::string::npos) << s;
  EXPECT_NE(s.find("وصل الوفد إلى"), std::string::npos) << s;  // with some words before it
  // A match in the title only: the passage is the body's opening words, unmarked.
  r = this->store_->Search(Q("زيارة"));
  ASSERT_EQ(r->hits.size(), 1u);
  EXPECT_EQ(r->hits[0].snippet_marked.rfind("كتبَ المراسلُ", 0), 0u) << r->hits[0].snippet_marked;
}

TYPED_TEST(StoreTest, SearchRelaxesAndSuggests) {
  auto a = this->Article("r", "الانتخابات البرلمانية في تونس", "", {}, kNow);
  a.body = "جرت الانتخابات البرلمانية بهدوء.";
  this->Put(a);
  // No article has both words: those with one of them, said so.
  auto r = this->store_->Search(Q("الانتخابات كرة"));
  EXPECT_TRUE(r->relaxed);
  EXPECT_EQ(r->total, 1);
  // With three words or more, those missing only one come before those with fewer.
  auto other = this->Article("r2", "تونس في كرة القدم", "", {}, kNow);
  other.body = "مباراة كرة القدم.";
  this->Put(other);
  r = this->store_->Search(Q("الانتخابات البرلمانية كرة"));
  EXPECT_TRUE(r->relaxed);
  EXPECT_EQ(r->total, 1);
  EXPECT_EQ(r->hits[0].article.title, "الانتخابات البرلمانية في تونس");
  r = this->store_->Search(Q("الانتخابات كرة القدم"));
  EXPECT_TRUE(r->relaxed);
  EXPECT_EQ(r->hits[0].article.title, "تونس في كرة القدم");
  // A misspelt word: "did you mean" with the word as articles write it.
  r = this->store_->Search(Q("الانتخبات"));
  EXPECT_EQ(r->total, 0);
  EXPECT_EQ(r->suggestion, "الانتخابات");
  r = this->store_->Search(Q("البرلمانيه تونز"));
  EXPECT_EQ(r->suggestion, "البرلمانيه تونس");
  EXPECT_TRUE(this->store_->Search(Q("زززززز"))->suggestion.empty());
}

TYPED_TEST(StoreTest, SearchNeverFailsOnBadInput) {
  this->Put(this->Article("a", "انتخابات بلدية في المدينة", "", {}, kNow));
  for (std::string q :
       {std::string("\""), std::string("NEAR("), std::string("a OR"), std::string("*"),
        std::string("انتخابات AND ("), std::string(")^:-"), std::string("\xff\xfe"),
        std::string("انتخابات \"بلدية"), std::string("NOT انتخابات"), std::string(10000, 'x'),
        std::string(5000, ' ').append("انتخابات"), std::string("انتخابات-NEAR/2"),
        std::string("\"\" \"\" -"), std::string("انتخابات bلدية 123")}) {
    auto r = this->store_->Search(Q(q));
    EXPECT_TRUE(r.ok()) << q.substr(0, 40) << ": " << r.status().ToString();
  }
  EXPECT_EQ(this->store_->Search(Q("   "))->problem, search::QueryProblem::kEmpty);
  EXPECT_EQ(this->store_->Search(Q("؟!،…"))->problem, search::QueryProblem::kNoWords);
  EXPECT_EQ(this->store_->Search(Q("-انتخابات"))->problem, search::QueryProblem::kOnlyExclusions);
  EXPECT_EQ(this->store_->Search(Q("\"انتخابات"))->total, 1);  // the unpaired quote is ignored
  EXPECT_EQ(this->store_->Search(Q("في"))->total, 1);          // only stop words: searched anyway
}

TYPED_TEST(StoreTest, UnpublishedArticlesLeaveTheIndexInTheSameWrite) {
  auto a = this->Article("a", "مؤتمر صحفي للمحافظ", "", {}, kNow);
  this->Put(a);
  EXPECT_EQ(this->store_->Search(Q("صحفي"))->total, 1);
  a.status = ArticleStatus::kDraft;
  this->Put(a);
  EXPECT_EQ(this->store_->Search(Q("صحفي"))->total, 0);
  EXPECT_TRUE(this->store_->GetPublishedBySlug("مؤتمر-صحفي-للمحافظ").status().IsNotFound());
  a.status = ArticleStatus::kPublished;
  a.title = "مؤتمر إعلامي للمحافظ";
  a.body = "نص الخبر بعد التعديل.";
  this->Put(a);
  EXPECT_EQ(this->store_->Search(Q("صحفي"))->total, 0);
  EXPECT_EQ(this->store_->Search(Q("إعلامي"))->total, 1);
}

TYPED_TEST(StoreTest, CommentCountsStatesAndKnownCommenters) {
  int64_t art = this->Put(this->Article("a", "خبر للتعليق", "", {}, kNow));
  auto c1 = this->store_->AddComment(this->Comment(art, "أول"));
  auto c2 = this->store_->AddComment(this->Comment(art, "ثان"));
  ASSERT_TRUE(c1.ok() && c2.ok());
  EXPECT_EQ(*this->store_->CountComments(), (std::array<int64_t, 4>{2, 0, 0, 0}));
  EXPECT_FALSE(*this->store_->HasApprovedComment("قارئ", "reader@example.com"));
  ASSERT_TRUE(this->store_->SetCommentStatus(*c1, CommentStatus::kApproved).ok());
  ASSERT_TRUE(this->store_->SetCommentStatus(*c2, CommentStatus::kSpam).ok());
  EXPECT_EQ(*this->store_->CountComments(), (std::array<int64_t, 4>{0, 1, 1, 0}));
  EXPECT_TRUE(*this->store_->HasApprovedComment("قارئ", "READER@example.com"));
  EXPECT_FALSE(*this->store_->HasApprovedComment("قارئ آخر", "reader@example.com"));
  CommentFilter spam;
  spam.status = CommentStatus::kSpam;
  auto listed = this->store_->ListComments(spam);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].comment.id, *c2);
  CommentFilter paged;
  paged.limit = 1;
  paged.offset = 1;
  EXPECT_EQ(this->store_->ListComments(paged)->size(), 1u);
}

TYPED_TEST(StoreTest, UsersSessionsAndLoginFailures) {
  UserInput in{.name = "layla",
               .display_name = "ليلى",
               .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$test",
               .role = content::Role::kEditor,
               .created_at = kNow};
  auto id = this->store_->AddUser(in);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(this->store_->AddUser(in).status().code(), StatusCode::kAlreadyExists);
  auto u = this->store_->GetUserByName("layla");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->id, *id);
  EXPECT_EQ(u->display_name, "ليلى");
  EXPECT_EQ(u->role, content::Role::kEditor);
  EXPECT_FALSE(u->disabled);
  EXPECT_EQ(*this->store_->PasswordHash("layla"), in.password_hash);
  EXPECT_TRUE(this->store_->GetUserByName("nobody").status().IsNotFound());
  EXPECT_TRUE(this->store_->SetUserDisabled("nobody", true).IsNotFound());

  // Sessions are found by digest; a new password or disabling ends them.
  ASSERT_TRUE(this->store_->CreateSession({"d1", *id, kNow, kNow}).ok());
  ASSERT_TRUE(this->store_->TouchSession("d1", kNow + 60).ok());
  EXPECT_EQ(this->store_->GetSession("d1")->last_seen, kNow + 60);
  ASSERT_TRUE(this->store_->SetPasswordHash("layla", "$argon2id$new").ok());
  EXPECT_TRUE(this->store_->GetSession("d1").status().IsNotFound());
  ASSERT_TRUE(this->store_->CreateSession({"d2", *id, kNow, kNow}).ok());
  ASSERT_TRUE(this->store_->SetUserDisabled("layla", true).ok());
  EXPECT_TRUE(this->store_->GetSession("d2").status().IsNotFound());
  EXPECT_TRUE(this->store_->GetUser(*id)->disabled);
  ASSERT_TRUE(this->store_->CreateSession({"d3", *id, kNow, kNow}).ok());
  ASSERT_TRUE(this->store_->DeleteSession("d3").ok());
  EXPECT_TRUE(this->store_->GetSession("d3").status().IsNotFound());

  // Failed logins count up per key until cleared.
  EXPECT_EQ(this->store_->LoginFailures("user:layla")->first, 0);
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(this->store_->RecordLoginFailure("user:layla", kNow + i).ok());
  auto f = this->store_->LoginFailures("user:layla");
  EXPECT_EQ(f->first, 3);
  EXPECT_EQ(f->second, kNow + 2);
  EXPECT_EQ(this->store_->LoginFailures("ip:127.0.0.1")->first, 0);
  ASSERT_TRUE(this->store_->ClearLoginFailures("user:layla").ok());
  EXPECT_EQ(this->store_->LoginFailures("user:layla")->first, 0);
  EXPECT_EQ(this->store_->ListUsers()->size(), 1u);
}

TYPED_TEST(StoreTest, CommentsWaitForApprovalAndRepliesNest) {
  int64_t art = this->Put(this->Article("a", "خبر للتعليق", "", {}, kNow));
  auto c1 = this->store_->AddComment(this->Comment(art, "تعليق أول"));
  ASSERT_TRUE(c1.ok());
  EXPECT_TRUE(this->store_->ApprovedComments(art)->empty());
  CommentFilter pending_only;
  pending_only.pending_only = true;
  auto pending = this->store_->ListComments(pending_only);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].article_title, "خبر للتعليق");
  // A reply to a comment that is not approved is refused.
  EXPECT_TRUE(this->store_->AddComment(this->Comment(art, "رد", *c1)).status().IsInvalidArgument());
  ASSERT_TRUE(this->store_->SetCommentStatus(*c1, CommentStatus::kApproved).ok());
  auto reply = this->store_->AddComment(this->Comment(art, "رد", *c1));
  ASSERT_TRUE(reply.ok());
  ASSERT_TRUE(this->store_->SetCommentStatus(*reply, CommentStatus::kApproved).ok());
  auto approved = this->store_->ApprovedComments(art);
  ASSERT_EQ(approved->size(), 2u);
  EXPECT_EQ((*approved)[1].parent_id, *c1);
  EXPECT_EQ(this->store_->GetArticle(art)->comment_count, 2);
  // A reply is not shown once the comment it answers is hidden (spam), and comes back
  // with it.
  ASSERT_TRUE(this->store_->SetCommentStatus(*c1, CommentStatus::kSpam).ok());
  EXPECT_TRUE(this->store_->ApprovedComments(art)->empty());
  ASSERT_TRUE(this->store_->SetCommentStatus(*c1, CommentStatus::kApproved).ok());
  EXPECT_EQ(this->store_->ApprovedComments(art)->size(), 2u);
  // Deleting only what is in the trash leaves an approved comment alone.
  EXPECT_TRUE(this->store_->DeleteComment(*c1, /*only_trashed=*/true).IsNotFound());
  EXPECT_EQ(this->store_->ApprovedComments(art)->size(), 2u);
  // Deleting a comment deletes its replies.
  ASSERT_TRUE(this->store_->DeleteComment(*c1).ok());
  EXPECT_TRUE(this->store_->ApprovedComments(art)->empty());
  EXPECT_TRUE(this->store_->DeleteComment(*c1).IsNotFound());
  EXPECT_TRUE(this->store_->SetCommentStatus(999, CommentStatus::kSpam).IsNotFound());
}

TYPED_TEST(StoreTest, ReplyToAnotherArticlesCommentIsRefused) {
  int64_t a = this->Put(this->Article("a", "الأول", "", {}, kNow));
  int64_t b = this->Put(this->Article("b", "الثاني", "", {}, kNow));
  auto c = this->store_->AddComment(this->Comment(a, "على الأول"));
  ASSERT_TRUE(this->store_->SetCommentStatus(*c, CommentStatus::kApproved).ok());
  EXPECT_TRUE(
      this->store_->AddComment(this->Comment(b, "رد خاطئ", *c)).status().IsInvalidArgument());
  EXPECT_TRUE(this->store_->AddComment(this->Comment(12345, "لا مقال")).status().IsNotFound());
}

TYPED_TEST(StoreTest, AcknowledgedWritesSurviveReopening) {
  int64_t art = this->Put(this->Article("a", "خبر دائم", "", {}, kNow));
  auto c = this->store_->AddComment(this->Comment(art, "محفوظ"));
  ASSERT_TRUE(c.ok());
  this->store_.reset();
  auto reopened = this->factory_.Open();
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->GetComment(*c)->body, "محفوظ");
  EXPECT_TRUE((*reopened)->GetPublishedBySlug("خبر-دائم").ok());
}

TYPED_TEST(StoreTest, SettingIsCreatedOnceAndKept) {
  auto k1 = this->store_->GetOrCreateSetting("form_token_key", "first");
  auto k2 = this->store_->GetOrCreateSetting("form_token_key", "second");
  EXPECT_EQ(*k1, "first");
  EXPECT_EQ(*k2, "first");
}

TYPED_TEST(StoreTest, ReadersAndAWriterWorkConcurrently) {
  std::atomic<int> failures{0};
  std::thread writer([&] {
    for (int i = 0; i < 50; ++i) {
      auto r = this->store_->UpsertArticles(
          {this->Article("w" + std::to_string(i), "خبر متزامن " + std::to_string(i), "محليات",
                         {"وسم"}, kNow + i)},
          kNow);
      if (!r[0].ok()) ++failures;
    }
  });
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (!this->store_->ListPublished({}).ok() || !this->store_->Ticker(5, kNow).ok())
          ++failures;
      }
    });
  }
  writer.join();
  for (auto& r : readers) r.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(this->store_->ListPublished({})->total, 50);
}

TYPED_TEST(StoreTest, EditorSavesKeepRevisionsAndOutdatedVersionsAreRefused) {
  auto user = [&](const char* name, const char* display) {
    UserInput u;
    u.name = name;
    u.display_name = display;
    u.password_hash = "x";
    auto id = this->store_->AddUser(u);
    EXPECT_TRUE(id.ok());
    return ChangedBy{id.ok() ? *id : 0, display};
  };
  ChangedBy layla = user("layla", "ليلى"), sami = user("sami", "سامي");
  // An imported article: its first save in the editor keeps the imported state first.
  int64_t id = this->Put(this->Article("imp-1", "عنوان مستورد", "سياسة", {"وسم"}, kNow));
  auto a = this->store_->GetArticle(id);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(this->store_->ListRevisions(id)->empty());
  ArticleEdit edit;
  edit.article_id = id;
  edit.expected_version = a->version;
  edit.input = this->Article("imp-1", "عنوان معدّل", "سياسة", {"وسم", "جديد"}, kNow);
  edit.by = layla;
  auto saved = this->store_->SaveArticle(edit, kNow + 60);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->id, id);
  EXPECT_EQ(saved->version, a->version + 1);
  auto list = this->store_->ListRevisions(id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, saved->revision_id);
  EXPECT_EQ((*list)[0].user_name, "ليلى");
  EXPECT_EQ((*list)[0].user_id, layla.user_id);
  EXPECT_EQ((*list)[0].created_at, kNow + 60);
  EXPECT_TRUE((*list)[0].changes.title);
  EXPECT_TRUE((*list)[0].changes.tags);
  EXPECT_FALSE((*list)[0].changes.category);
  // The title's last word changed, in the title, the body and the excerpt made from it.
  EXPECT_TRUE((*list)[0].changes.body);
  EXPECT_EQ((*list)[0].changes.words_inserted, 3);
  EXPECT_EQ((*list)[0].changes.words_deleted, 3);
  EXPECT_EQ((*list)[1].kind, content::RevisionKind::kOutside);
  auto imported = this->store_->GetRevision((*list)[1].id);
  ASSERT_TRUE(imported.ok());
  EXPECT_EQ(imported->title, "عنوان مستورد");
  EXPECT_EQ(imported->body, a->body);
  EXPECT_EQ(imported->tags, std::vector<std::string>{"وسم"});

  // A save from a form opened at the old version changes nothing.
  edit.input.title = "عنوان من نسخة قديمة";
  auto stale = this->store_->SaveArticle(edit, kNow + 120);
  EXPECT_EQ(stale.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(this->store_->GetArticle(id)->title, "عنوان معدّل");
  EXPECT_EQ(this->store_->ListRevisions(id)->size(), 2u);

  // Restoring the imported text brings it back, keeps the state, and is a revision itself.
  auto restored =
      this->store_->RestoreRevision(id, (*list)[1].id, saved->version, sami, kNow + 180);
  ASSERT_TRUE(restored.ok()) << restored.status().ToString();
  auto back = this->store_->GetArticle(id);
  EXPECT_EQ(back->title, "عنوان مستورد");
  EXPECT_EQ(back->tags.size(), 1u);
  EXPECT_EQ(back->status, content::ArticleStatus::kPublished);
  auto after = this->store_->ListRevisions(id);
  ASSERT_EQ(after->size(), 3u);
  EXPECT_EQ((*after)[0].kind, content::RevisionKind::kRestore);
  EXPECT_EQ((*after)[0].restored_from, (*list)[1].id);
  EXPECT_EQ((*after)[0].user_name, "سامي");
  // A restore from an outdated page is refused too, and a revision of another article is
  // not found.
  EXPECT_EQ(
      this->store_->RestoreRevision(id, (*list)[0].id, saved->version, sami, kNow).status().code(),
      StatusCode::kFailedPrecondition);
  int64_t other = this->Put(this->Article("imp-2", "خبر آخر", "سياسة", {}, kNow));
  EXPECT_EQ(this->store_->RestoreRevision(other, (*list)[0].id, 0, sami, kNow).status().code(),
            StatusCode::kNotFound);

  // A new article written in the newsroom starts with one revision.
  ArticleEdit fresh;
  fresh.input = this->Article("khabar-new", "مقال جديد", "", {}, kNow);
  fresh.input.status = content::ArticleStatus::kDraft;
  fresh.by = layla;
  auto created = this->store_->SaveArticle(fresh, kNow);
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(this->store_->ListRevisions(created->id)->size(), 1u);
}

TEST(SqliteStoreTest, RefusesADatabaseNewerThanTheBinary) {
  testing::TempDir dir;
  std::string path = dir.File("new.db");
  {
    StoreOptions o;
    o.path = path;
    ASSERT_TRUE(OpenStore(o).ok());
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  StoreOptions o;
  o.path = path;
  auto s = OpenStore(o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.status().message().find("newer"), std::string::npos);
}

TEST(SqliteStoreTest, UsesWalAndForeignKeys) {
  testing::TempDir dir;
  std::string path = dir.File("k.db");
  StoreOptions o;
  o.path = path;
  auto s = OpenStore(o);
  ASSERT_TRUE(s.ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

}  // namespace
}  // namespace khabar::store

namespace khabar::store {
namespace {

TYPED_TEST(StoreTest, MarkdownBodiesKeepSourceHtmlAndPlainText) {
  ArticleInput in = this->Article("md1", "الميناء يعود", "محليات", {}, kNow - 10);
  in.body = "عنوان\n\nنص مهم";
  in.body_format = content::BodyFormat::kMarkdown;
  in.body_source = "## عنوان\n\nنص **مهم**";
  in.body_html = "<h2>عنوان</h2><p>نص <strong>مهم</strong></p>";
  int64_t id = this->Put(in);
  auto a = this->store_->GetArticle(id);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->body_format, content::BodyFormat::kMarkdown);
  EXPECT_EQ(a->body_source, in.body_source);
  EXPECT_EQ(a->body_html, in.body_html);
  EXPECT_EQ(a->body, "عنوان\n\nنص مهم");
  EXPECT_EQ(a->excerpt.find("**"), std::string::npos);  // made from the plain text
  // Plain articles stay plain.
  auto plain =
      this->store_->GetArticle(this->Put(this->Article("t1", "خبر عادي", "محليات", {}, kNow - 10)));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->body_format, content::BodyFormat::kText);
  EXPECT_EQ(plain->body_html, "");
  // Storing the same plain article again changes nothing.
  auto again = this->store_->UpsertArticles(
      {this->Article("t1", "خبر عادي", "محليات", {}, kNow - 10)}, kNow);
  EXPECT_EQ(*again[0], UpsertOutcome::kUnchanged);
}

TYPED_TEST(StoreTest, SlugsAskedForAreUniqueAndOldOnesRedirect) {
  ArticleInput a = this->Article("s1", "خبر أول", "محليات", {}, kNow - 10);
  a.slug = "سوق-المدينة";
  int64_t id = this->Put(a);
  EXPECT_EQ(this->store_->GetArticle(id)->slug, "سوق-المدينة");
  ArticleInput b = this->Article("s2", "خبر ثان", "محليات", {}, kNow - 10);
  b.slug = "سوق-المدينة";
  auto clash = this->store_->UpsertArticles({b}, kNow);
  EXPECT_EQ(clash[0].status().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(this->store_->ArticleIdByExternalId("s2").status().IsNotFound());

  // The published article moves to a new slug; the old one finds it and stays reserved.
  a.slug = "السوق-الجديد";
  this->Put(a);
  EXPECT_TRUE(this->store_->GetPublishedBySlug("السوق-الجديد").ok());
  EXPECT_TRUE(this->store_->GetPublishedBySlug("سوق-المدينة").status().IsNotFound());
  auto moved = this->store_->GetPublishedByFormerSlug("سوق-المدينة");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->id, id);
  EXPECT_EQ(this->store_->UpsertArticles({b}, kNow)[0].status().code(), StatusCode::kAlreadyExists);
  // A title that would make the old slug gets another one.
  ArticleInput c = this->Article("s3", "سوق المدينة", "محليات", {}, kNow - 10);
  EXPECT_EQ(this->store_->GetArticle(this->Put(c))->slug, "سوق-المدينة-2");
  // Back to its old slug: current again, no longer a redirect.
  a.slug = "سوق-المدينة";
  this->Put(a);
  EXPECT_TRUE(this->store_->GetPublishedBySlug("سوق-المدينة").ok());
  EXPECT_TRUE(this->store_->GetPublishedByFormerSlug("سوق-المدينة").status().IsNotFound());
  // An import that names no slug keeps the article's slug.
  a.slug = "";
  a.title = "خبر أول معدّل";
  this->Put(a);
  EXPECT_EQ(this->store_->GetArticle(id)->slug, "سوق-المدينة");
}

}  // namespace
}  // namespace khabar::store
