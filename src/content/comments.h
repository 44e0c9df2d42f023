// File: src/content/comments.h
//
// The rules for readers' comments: what a valid submission is (with the Arabic message a
// reader sees for each problem), and how approved comments are arranged into threads.
//
//   std::vector<FieldError> errors = ValidateComment(form);
//   if (errors.empty()) store.AddComment(...);
//   std::vector<CommentNode> thread = BuildThreads(approved);
#ifndef KHABAR_CONTENT_COMMENTS_H_
#define KHABAR_CONTENT_COMMENTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "src/content/types.h"

namespace khabar::content {

inline constexpr size_t kMaxCommentNameChars = 100;
inline constexpr size_t kMaxCommentEmailChars = 254;
inline constexpr size_t kMaxCommentUrlChars = 200;
inline constexpr size_t kMaxCommentBodyChars = 5000;

enum class CommentField { kAuthor, kEmail, kUrl, kBody, kOther };

struct FieldError {
  CommentField field;
  std::string message;  // Arabic, for the reader
};

// Checks required fields, lengths, the e-mail's shape and the web address's scheme.
// Fields are expected already trimmed. Returns every problem, in form order.
std::vector<FieldError> ValidateComment(const CommentInput& input);

// A plausible address: one "@", a non-empty local part, a domain with a dot, no spaces.
bool IsPlausibleEmail(std::string_view email);

// The site's spam defences (besides the honeypot), from its settings.
struct SpamRules {
  int min_seconds = 3;                 // a form posted sooner after it was shown is a bot's
  int max_per_minute = 5;              // comments from one address in the last minute; 0: no limit
  int max_links = 2;                   // links in the comment and its web address together
  std::vector<std::string> blocklist;  // words, e-mails or addresses (any letter case)
};

// Why a comment is spam, or "" when it is not. `form_age` is the seconds between showing
// the form and posting it; `recent_from_address` the comments from the same address in
// the last minute, this one not counted.
std::string JudgeComment(const CommentInput& input, const SpamRules& rules, int64_t form_age,
                         int64_t recent_from_address);

struct CommentNode {
  Comment comment;
  std::vector<CommentNode> replies;
};

// Arranges comments into threads, oldest first at each level. A comment whose parent is not
// in `comments` (e.g. not approved) is shown at the top level rather than lost.
std::vector<CommentNode> BuildThreads(std::vector<Comment> comments);

// "لا توجد تعليقات" / "تعليق واحد" / "تعليقان" / "٣ تعليقات" / "١١ تعليقاً" / "١٠٠ تعليق":
// Arabic number agreement.
std::string CommentCountText(int count);

}  // namespace khabar::content

#endif  // KHABAR_CONTENT_COMMENTS_H_
