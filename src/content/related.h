// File: src/content/related.h
//
// Choosing the "مقالات ذات صلة" block: candidates found by shared tags and by text
// similarity (the store finds them in its search index) are merged and scored here, with
// no I/O, so the rule can be tested alone.
//
//   std::vector<int64_t> ids = PickRelated(self_id, candidates, now, 4);
#ifndef KHABAR_CONTENT_RELATED_H_
#define KHABAR_CONTENT_RELATED_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace khabar::content {

struct RelatedCandidate {
  int64_t id = 0;
  int shared_tags = 0;    // tags in common with the article
  double text_score = 0;  // similarity, higher is closer (0 if not found by text)
  bool same_category = false;
  int64_t published_at = 0;
};

// Scores candidates (shared tags weigh most, then text similarity normalized to the best
// candidate, then category, with a mild preference for recent articles), drops `self_id`
// and duplicates, and returns at most `limit` ids, best first.
std::vector<int64_t> PickRelated(int64_t self_id, const std::vector<RelatedCandidate>& candidates,
                                 int64_t now, size_t limit);

}  // namespace khabar::content

#endif  // KHABAR_CONTENT_RELATED_H_
