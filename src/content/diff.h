// File: src/content/diff.h
//
// A word-level diff of two texts, for showing what a revision of an article changed.
// Texts are cut into tokens the way Arabic is read: a word keeps its diacritics (tashkeel),
// tatweel and joiners, so a change never splits a word in the middle (which would break
// the letters' joining); whitespace runs and each punctuation mark (، ؛ ؟ …) are tokens of
// their own. The shortest edit script is found with Myers' O((N+M)·D) algorithm after the
// common beginning and end are set aside, within fixed limits of time and memory: when
// two texts differ too much for a word diff, they are compared paragraph by paragraph, and
// beyond that a changed stretch is shown as deleted then inserted whole. A 50,000-word
// body therefore never holds a request for long.
//
//   std::vector<DiffSegment> d = DiffWords(old_body, new_body);
//   for (const DiffSegment& s : d) ...  // kEqual / kDelete / kInsert, in reading order
//   DiffCounts n = CountChangedWords(d);  // n.inserted, n.deleted
#ifndef KHABAR_CONTENT_DIFF_H_
#define KHABAR_CONTENT_DIFF_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "src/content/types.h"

namespace khabar::content {

enum class DiffOp {
  kEqual,   ///< In both texts.
  kDelete,  ///< Only in the older text.
  kInsert,  ///< Only in the newer text.
  kElided,  ///< Unchanged text left out by CondenseDiff (its `text` is empty).
};

struct DiffSegment {
  DiffOp op = DiffOp::kEqual;
  std::string text;
};

// The tokens of `text`, in order; concatenated they give `text` back exactly. Invalid
// UTF-8 bytes are tokens of their own.
std::vector<std::string_view> SplitDiffTokens(std::string_view text);

struct DiffLimits {
  int max_edits = 1500;             // edit distance (in tokens) searched at most, per level
  long long max_steps = 8'000'000;  // comparisons made at most, per level
};

// The changes that turn `before` into `after`: adjacent segments never share an op, and
// within a changed stretch the deletion comes before the insertion. Concatenating the
// kEqual and kDelete segments gives `before`; kEqual and kInsert give `after`.
std::vector<DiffSegment> DiffWords(std::string_view before, std::string_view after,
                                   const DiffLimits& limits = {});

struct DiffCounts {
  int inserted = 0;  // words (not whitespace or punctuation) in kInsert segments
  int deleted = 0;   // and in kDelete segments
};
DiffCounts CountChangedWords(const std::vector<DiffSegment>& diff);

// The diff with long unchanged stretches cut to `context` tokens around each change (a
// kElided segment stands for what was cut), for showing long bodies.
std::vector<DiffSegment> CondenseDiff(const std::vector<DiffSegment>& diff, size_t context);

// Which fields `after` changed from `before`, and how many words of the title, excerpt and
// body it inserted and deleted.
RevisionChanges CompareRevisions(const Revision& before, const Revision& after);

}  // namespace khabar::content

#endif  // KHABAR_CONTENT_DIFF_H_
