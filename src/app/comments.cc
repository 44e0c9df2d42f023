#include <cstdio>

#include "src/app/commands.h"
#include "src/base/strings.h"
#include "src/base/time.h"
#include "src/content/types.h"
#include "src/store/store.h"

namespace khabar::app {
namespace {

// The first `n` words of `text` on one line.
std::string FirstWords(std::string_view text, int n) {
  std::string out;
  int words = 0;
  bool in_word = false;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space) {
      if (in_word) ++words;
      in_word = false;
      if (words >= n) return out + "…";
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      in_word = true;
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

int CommentsList(const std::string& db, bool pending_only) {
  auto store = OpenCommandStore(db);
  if (!store.ok()) {
    std::fprintf(stderr, "khabar: %s\n", store.status().message().c_str());
    return 1;
  }
  store::CommentFilter filter;
  filter.pending_only = pending_only;
  filter.limit = 100000;
  auto list = (*store)->ListComments(filter);
  if (!list.ok()) {
    std::fprintf(stderr, "khabar: %s\n", list.status().message().c_str());
    return 1;
  }
  // id, state, date, article, author, first words: tab-separated; never the e-mail.
  for (const auto& l : *list) {
    std::string title(Utf8Prefix(l.article_title, 40));
    std::printf("%lld\t%s\t%s\t%s\t%s\t%s\n", static_cast<long long>(l.comment.id),
                content::CommentStatusName(l.comment.status),
                FormatIso8601(l.comment.created_at).substr(0, 16).c_str(), title.c_str(),
                l.comment.author_name.c_str(), FirstWords(l.comment.body, 10).c_str());
  }
  if (list->empty()) std::fprintf(stderr, pending_only ? "no pending comments\n" : "no comments\n");
  return 0;
}

int CommentsModerate(const std::string& db, int64_t id, CommentAction action) {
  auto store = OpenCommandStore(db);
  if (!store.ok()) {
    std::fprintf(stderr, "khabar: %s\n", store.status().message().c_str());
    return 1;
  }
  Status s;
  const char* done = "";
  switch (action) {
    case CommentAction::kApprove:
      s = (*store)->SetCommentStatus(id, content::CommentStatus::kApproved);
      done = "approved";
      break;
    case CommentAction::kSpam:
      s = (*store)->SetCommentStatus(id, content::CommentStatus::kSpam);
      done = "marked as spam";
      break;
    case CommentAction::kTrash:
      s = (*store)->SetCommentStatus(id, content::CommentStatus::kTrash);
      done = "moved to the trash";
      break;
    case CommentAction::kDelete:
      s = (*store)->DeleteComment(id);
      done = "deleted";
      break;
  }
  if (!s.ok()) {
    std::fprintf(stderr, "khabar: %s\n", s.message().c_str());
    return s.IsNotFound() ? 4 : 1;
  }
  std::printf("comment %lld %s\n", static_cast<long long>(id), done);
  return 0;
}

}  // namespace khabar::app
