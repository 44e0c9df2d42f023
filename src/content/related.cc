#include "src/content/related.h"

#include <algorithm>
#include <map>
#include <set>

#include "src/base/strings.h"

namespace khabar::content {

std::vector<int64_t> PickRelated(int64_t self_id, const std::vector<RelatedCandidate>& candidates,
                                 int64_t now, size_t limit) {
  std::map<int64_t, RelatedCandidate> merged;
  double best_text = 0;
  for (const auto& c : candidates) {
    if (c.id == self_id || c.id == 0) continue;
    auto& m = merged[c.id];
    m.id = c.id;
    m.shared_tags = std::max(m.shared_tags, c.shared_tags);
    m.text_score = std::max(m.text_score, c.text_score);
    m.same_category = m.same_category || c.same_category;
    m.published_at = std::max(m.published_at, c.published_at);
    best_text = std::max(best_text, m.text_score);
  }
  std::vector<std::pair<double, int64_t>> scored;
  for (const auto& [id, c] : merged) {
    double age_days = std::max<double>(0, static_cast<double>(now - c.published_at) / 86400.0);
    double score = 2.0 * std::min(c.shared_tags, 5) +
                   (best_text > 0 ? 1.5 * c.text_score / best_text : 0) +
                   (c.same_category ? 0.5 : 0) + 0.5 / (1.0 + age_days / 30.0);
    scored.emplace_back(score, id);
  }
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second > b.second;
  });
  std::vector<int64_t> out;
  for (const auto& s : scored) {
    if (out.size() >= limit) break;
    out.push_back(s.second);
  }
  return out;
}

}  // namespace khabar::content
