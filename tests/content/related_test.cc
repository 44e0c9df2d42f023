#include "src/content/related.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace khabar::content {
namespace {

constexpr int64_t kNow = 1795946400;  // 2026-11-29
constexpr int64_t kDay = 86400;

RelatedCandidate ByTags(int64_t id, int shared, int64_t published = kNow - kDay) {
  RelatedCandidate c;
  c.id = id;
  c.shared_tags = shared;
  c.published_at = published;
  return c;
}

RelatedCandidate ByText(int64_t id, double score, int64_t published = kNow - kDay) {
  RelatedCandidate c;
  c.id = id;
  c.text_score = score;
  c.published_at = published;
  return c;
}

TEST(PickRelatedTest, NeverPicksTheArticleItself) {
  RelatedCandidate self = ByTags(7, 5, kNow);
  self.text_score = 100;
  self.same_category = true;
  auto ids = PickRelated(7, {self, ByTags(8, 1), ByText(9, 0.1)}, kNow, 4);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 7), 0);
  EXPECT_EQ(ids.size(), 2u);
}

TEST(PickRelatedTest, EmptyAndZeroLimit) {
  EXPECT_TRUE(PickRelated(1, {}, kNow, 4).empty());
  EXPECT_TRUE(PickRelated(1, {ByTags(2, 3)}, kNow, 0).empty());
}

TEST(PickRelatedTest, IgnoresCandidatesWithoutAnId) {
  EXPECT_EQ(PickRelated(1, {ByTags(0, 5), ByTags(3, 1)}, kNow, 4), std::vector<int64_t>{3});
}

TEST(PickRelatedTest, MoreSharedTagsRankHigher) {
  auto ids = PickRelated(1, {ByTags(2, 1), ByTags(3, 3), ByTags(4, 2)}, kNow, 4);
  EXPECT_EQ(ids, (std::vector<int64_t>{3, 4, 2}));
}

TEST(PickRelatedTest, SharedTagsOutweighTheBestTextMatch) {
  // 4 has the best text score, the same category and is newest; 5 shares three tags.
  RelatedCandidate text = ByText(4, 12.5, kNow);
  text.same_category = true;
  RelatedCandidate tags = ByTags(5, 3, kNow - 300 * kDay);
  auto ids = PickRelated(1, {text, tags}, kNow, 4);
  EXPECT_EQ(ids, (std::vector<int64_t>{5, 4}));
}

TEST(PickRelatedTest, TextScoreOrdersArticlesWithoutTags) {
  auto ids = PickRelated(1, {ByText(2, 0.2), ByText(3, 0.9), ByText(4, 0.5)}, kNow, 4);
  EXPECT_EQ(ids, (std::vector<int64_t>{3, 4, 2}));
  // The scale of the text scores does not matter, only their ratio.
  auto scaled = PickRelated(1, {ByText(2, 20), ByText(3, 90), ByText(4, 50)}, kNow, 4);
  EXPECT_EQ(scaled, ids);
}

TEST(PickRelatedTest, SameCategoryBreaksATie) {
  RelatedCandidate a = ByTags(2, 1);
  RelatedCandidate b = ByTags(3, 1);
  b.same_category = true;
  EXPECT_EQ(PickRelated(1, {a, b}, kNow, 4), (std::vector<int64_t>{3, 2}));
  a.same_category = true;
  b.same_category = false;
  EXPECT_EQ(PickRelated(1, {a, b}, kNow, 4), (std::vector<int64_t>{2, 3}));
}

TEST(PickRelatedTest, NewerWinsWhenAllElseIsEqual) {
  auto ids = PickRelated(
      1,
      {ByTags(2, 1, kNow - 400 * kDay), ByTags(3, 1, kNow - kDay), ByTags(4, 1, kNow - 40 * kDay)},
      kNow, 4);
  EXPECT_EQ(ids, (std::vector<int64_t>{3, 4, 2}));
}

TEST(PickRelatedTest, RespectsTheLimitKeepingTheBest) {
  std::vector<RelatedCandidate> cands;
  for (int64_t id = 2; id <= 11; ++id) cands.push_back(ByTags(id, static_cast<int>(id % 5)));
  auto ids = PickRelated(1, cands, kNow, 4);
  ASSERT_EQ(ids.size(), 4u);
  // Shared tags 4 (ids 4, 9) and 3 (ids 3, 8) beat everything else.
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()), (std::set<int64_t>{3, 4, 8, 9}));
}

TEST(PickRelatedTest, MergesAnArticleFoundByTagsAndByText) {
  // 5 is found twice: by its two shared tags and by text. 6 only by two shared tags.
  auto ids = PickRelated(1, {ByTags(5, 2), ByTags(6, 2), ByText(5, 0.8), ByText(7, 0.4)}, kNow, 4);
  ASSERT_EQ(std::count(ids.begin(), ids.end(), 5), 1);
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], 5);  // both signals count
}

TEST(PickRelatedTest, DuplicatesNeverFillTheLimit) {
  auto ids = PickRelated(1, {ByTags(5, 3), ByTags(5, 3), ByTags(5, 3), ByTags(6, 1)}, kNow, 2);
  EXPECT_EQ(ids, (std::vector<int64_t>{5, 6}));
}

}  // namespace
}  // namespace khabar::content
