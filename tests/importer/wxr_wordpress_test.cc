// The WordPress importer on tests/fixtures/wxr/beirut-site.xml, an export made by a real
// WordPress (see its README): a site in Asia/Beirut time, every post state, pages, an
// attachment as a featured image, posts in several categories, comment threads in every
// state and HTML with shortcodes. What is planned from it, then what the store holds.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "src/base/time.h"
#include "src/importer/wxr.h"
#include "tests/testing/server_process.h"

namespace khabar::importer {
namespace {

using content::ArticleStatus;
using content::CommentStatus;

constexpr int64_t kNow = 1795946400;  // 2026-11-29T10:00:00Z

class FixedClock final : public Clock {
 public:
  int64_t NowSeconds() const override { return kNow; }
  int64_t NowMicros() const override { return kNow * 1000000; }
};

std::string Fixture() {
  std::ifstream in(std::string(KHABAR_DEFAULT_SOURCE_DIR) + "/tests/fixtures/wxr/beirut-site.xml",
                   std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const store::ImportedArticle* Find(const WxrPlan& plan, const std::string& id) {
  for (const auto& a : plan.batch.articles) {
    if (a.input.external_id == "wp:" + id) return &a;
  }
  return nullptr;
}

bool Noted(const WxrPlan& plan, const std::string& part) {
  return std::any_of(plan.notes.begin(), plan.notes.end(),
                     [&](const std::string& n) { return n.find(part) != std::string::npos; });
}

class BeirutExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    xml_ = Fixture();
    ASSERT_GT(xml_.size(), 10000u) << "tests/fixtures/wxr/beirut-site.xml missing";
    auto doc = ParseWxr(xml_);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    plan_ = PlanWxrImport(*doc);
  }
  std::string xml_;
  WxrPlan plan_;
};

TEST_F(BeirutExportTest, EveryPostWithItsStateAndWhatIsNotAPost) {
  ASSERT_EQ(plan_.batch.articles.size(), 7u);
  EXPECT_EQ(plan_.skipped_posts, 0);
  EXPECT_EQ(plan_.pages, 2);
  EXPECT_EQ(plan_.attachments, 1);
  EXPECT_EQ(plan_.other_items, 1);  // the menu item
  EXPECT_EQ(plan_.pingbacks, 1);
  auto status = [&](const char* id) { return Find(plan_, id)->input.status; };
  EXPECT_EQ(status("5"), ArticleStatus::kPublished);
  EXPECT_EQ(status("6"), ArticleStatus::kPublished);
  EXPECT_EQ(status("7"), ArticleStatus::kDraft);  // private: off the site
  EXPECT_EQ(status("8"), ArticleStatus::kPending);
  EXPECT_EQ(status("9"), ArticleStatus::kScheduled);
  EXPECT_EQ(status("10"), ArticleStatus::kDraft);
  EXPECT_EQ(status("11"), ArticleStatus::kTrashed);
  EXPECT_EQ(Find(plan_, "11")->input.slug, "published-by-mistake");  // without "__trashed"
  EXPECT_TRUE(Noted(plan_, "post 7 (line")) << "the private post is named";
  // Pages are not articles: each is named with its old address.
  EXPECT_TRUE(Noted(plan_, "page 13 (line")) << plan_.notes[0];
  EXPECT_TRUE(Noted(plan_, "«من نحن» (/about/, publish) is not imported"));
  EXPECT_TRUE(Noted(plan_, "«اتصل بنا» (/about/contact/, publish)"));
}

TEST_F(BeirutExportTest, DatesAreUtcAndTheSiteOffsetIsNamed) {
  // post_date 2025-03-01 00:30 in Beirut (UTC+2); post_date_gmt 2025-02-28 22:30.
  EXPECT_EQ(Find(plan_, "5")->input.published_at, FromCivil(2025, 2, 28, 22, 30, 0));
  EXPECT_EQ(Find(plan_, "6")->input.published_at, FromCivil(2025, 7, 31, 22, 15, 0));
  EXPECT_EQ(Find(plan_, "9")->input.published_at, FromCivil(2031, 6, 1, 4, 0, 0));
  // The pending post has only its local date (14:00 on 2 May, summer time): less 3 hours.
  EXPECT_EQ(Find(plan_, "8")->input.published_at, FromCivil(2025, 5, 2, 11, 0, 0));
  // The draft's local date is the day the export was made (winter time): less 2 hours.
  EXPECT_EQ(Find(plan_, "10")->input.published_at, FromCivil(2026, 11, 29, 7, 52, 52));
  EXPECT_TRUE(Noted(plan_, "UTC+02:00 and UTC+03:00"));
  EXPECT_TRUE(Noted(plan_, "\"timezone\""));
}

TEST_F(BeirutExportTest, SlugsCategoriesTagsAndTheFeaturedImage) {
  const auto& fish = *Find(plan_, "5");
  EXPECT_EQ(fish.input.slug, "افتتاح-سوق-السمك");
  EXPECT_EQ(fish.input.author, "مراسلة الجنوب");
  EXPECT_EQ(fish.input.category, "اقتصاد");
  EXPECT_EQ(fish.input.tags, (std::vector<std::string>{"أسواق", "صيدا", "الجنوب"}));
  EXPECT_EQ(fish.image_url, "http://wp.khabar.test/wp-content/uploads/2025/02/harbour.jpg");
  EXPECT_EQ(plan_.image_urls, 1);
  // Three categories: the first is the category, the two others are tags after its own.
  const auto& books = Find(plan_, "6")->input;
  EXPECT_EQ(books.category, "اقتصاد");
  EXPECT_EQ(books.tags, (std::vector<std::string>{"بيروت", "كتب", "ثقافة", "محليات"}));
  EXPECT_TRUE(Noted(plan_, "3 categories: filed under the first, «اقتصاد»"));
  // The pending post WordPress gave no slug: the store makes one from the title.
  EXPECT_EQ(Find(plan_, "8")->input.slug, "");
  // The child category keeps its WordPress slug, percent-decoded.
  auto south = std::find_if(plan_.batch.tags.begin(), plan_.batch.tags.end(),
                            [](const auto& t) { return t.name == "الجنوب"; });
  ASSERT_NE(south, plan_.batch.tags.end());
  EXPECT_EQ(south->slug, "الجنوب");
}

TEST_F(BeirutExportTest, ShortcodesEmbedsAndScriptsInTheContent) {
  const std::string& html = Find(plan_, "6")->input.body_html;
  EXPECT_NE(html.find("<strong>معرض الكتاب</strong>"), std::string::npos) << html;
  EXPECT_NE(html.find("<blockquote>"), std::string::npos) << html;
  EXPECT_NE(html.find("<table>"), std::string::npos) << html;
  EXPECT_NE(html.find("صورة من الافتتاح"), std::string::npos) << html;  // the caption's text
  // [embed] becomes a link to what WordPress embedded; galleries and markers go.
  EXPECT_NE(html.find("href=\"https://www.youtube.com/watch?v=aaaaaaaaaaa\""), std::string::npos)
      << html;
  for (const char* gone : {"[caption", "[/caption]", "[embed]", "[gallery", "wp:paragraph",
                           "<script", "alert(", "<iframe"}) {
    EXPECT_EQ(html.find(gone), std::string::npos) << gone << " in " << html;
  }
  EXPECT_NE(html.find("<p>الدخول مجاني للطلاب.</p>"), std::string::npos) << html;
  // The classic editor's text: a blank line is a paragraph, one line break a <br>.
  const std::string& fish = Find(plan_, "5")->input.body_html;
  EXPECT_NE(fish.find("<p>افتتحت البلدية"), std::string::npos) << fish;
  EXPECT_NE(fish.find("<br>"), std::string::npos) << fish;
}

TEST_F(BeirutExportTest, CommentsInEveryStateWithTheirThreads) {
  struct Want {
    const char* id;
    const char* parent;  // "" top level
    CommentStatus status;
  };
  const std::vector<Want> want = {
      {"3", "", CommentStatus::kApproved},  {"4", "3", CommentStatus::kApproved},
      {"5", "4", CommentStatus::kApproved}, {"6", "3", CommentStatus::kPending},
      {"8", "", CommentStatus::kApproved},  // answered spam (7), left out by WordPress
      {"9", "", CommentStatus::kTrash},     {"11", "", CommentStatus::kApproved},
      {"2", "", CommentStatus::kTrash},  // on the trashed post: "post-trashed"
  };
  ASSERT_EQ(plan_.batch.comments.size(), want.size());
  for (const Want& w : want) {
    auto it = std::find_if(
        plan_.batch.comments.begin(), plan_.batch.comments.end(),
        [&](const auto& c) { return c.input.external_id == std::string("wp:comment:") + w.id; });
    ASSERT_NE(it, plan_.batch.comments.end()) << w.id;
    EXPECT_EQ(it->input.status, w.status) << w.id;
    EXPECT_EQ(it->parent_external_id, *w.parent ? std::string("wp:comment:") + w.parent : "")
        << w.id;
  }
  EXPECT_TRUE(Noted(plan_, "comment 8 answers comment 7, which is not in the file"));
}

class BeirutImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::StoreOptions o;
    o.path = dir_.File("k.db");
    auto s = store::OpenStore(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  testing::TempDir dir_;
  FixedClock clock_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(BeirutImportTest, StoredWithThreadsAndImageThenASecondImportChangesNothing) {
  std::string xml = Fixture();
  auto first = ImportWxr(xml, *store_, clock_, WxrOptions());
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->imported, 7);
  EXPECT_EQ(first->comments_added, 8);
  auto id = store_->ArticleIdByExternalId("wp:5");
  ASSERT_TRUE(id.ok());
  auto fish = store_->GetArticle(*id);
  ASSERT_TRUE(fish.ok());
  EXPECT_EQ(fish->category.slug, "economy");
  EXPECT_EQ(*store_->ImportedImageUrl(*id),
            "http://wp.khabar.test/wp-content/uploads/2025/02/harbour.jpg");
  auto pending = store_->GetArticle(*store_->ArticleIdByExternalId("wp:8"));
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->slug, "تقرير-عن-أسعار-الخبز-ينتظر-المراجعة");
  // The three-level thread: 5 answers 4, which answers 3.
  auto c3 = store_->GetComment(*store_->CommentIdByExternalId("wp:comment:3"));
  auto c4 = store_->GetComment(*store_->CommentIdByExternalId("wp:comment:4"));
  auto c5 = store_->GetComment(*store_->CommentIdByExternalId("wp:comment:5"));
  ASSERT_TRUE(c3.ok() && c4.ok() && c5.ok());
  EXPECT_EQ(c3->parent_id, 0);
  EXPECT_EQ(c4->parent_id, c3->id);
  EXPECT_EQ(c5->parent_id, c4->id);
  EXPECT_EQ(c3->author_url, "https://abusamir.example");
  auto approved = store_->ApprovedComments(*id);
  ASSERT_TRUE(approved.ok());
  EXPECT_EQ(approved->size(), 4u);  // 3, 4, 5 and 8

  int64_t version = fish->version;
  auto again = ImportWxr(xml, *store_, clock_, WxrOptions());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(again->unchanged, 7);
  EXPECT_EQ(again->comments_added, 0);
  EXPECT_EQ(again->comments_unchanged, 8);
  EXPECT_EQ(store_->GetArticle(*id)->version, version);
}

}  // namespace
}  // namespace khabar::importer
