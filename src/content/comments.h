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
