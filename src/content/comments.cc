#include "src/content/comments.h"

#include <algorithm>
#include <map>

#include "src/base/strings.h"

namespace khabar::content {

const char* CommentStatusName(CommentStatus s) {
  switch (s) {
    case CommentStatus::kPending:
      return "pending";
    case CommentStatus::kApproved:
      return "approved";
    case CommentStatus::kSpam:
      return "spam";
    case CommentStatus::kTrash:
      return "trash";
  }
  return "unknown";
}

bool IsPlausibleEmail(std::string_view email) {
  if (email.size() < 3 || email.size() > kMaxCommentEmailChars) return false;
  size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos)
    return false;
  std::string_view domain = email.substr(at + 1);
  size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  if (domain.find("..") != std::string_view::npos) return false;
  for (unsigned char c : email) {
    if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == ',' || c == ';' || c == '\\' ||
        c == 0x7F)
      return false;
  }
  return true;
}

std::vector<FieldError> ValidateComment(const CommentInput& in) {
  std::vector<FieldError> errors;
  if (in.body.empty()) {
    errors.push_back({CommentField::kBody, "الرجاء كتابة التعليق."});
  } else if (Utf8Length(in.body) > kMaxCommentBodyChars) {
    errors.push_back({CommentField::kBody, "التعليق أطول من المسموح (٥٠٠٠ حرف على الأكثر)."});
  }
  if (in.author_name.empty()) {
    errors.push_back({CommentField::kAuthor, "الرجاء كتابة الاسم."});
  } else if (Utf8Length(in.author_name) > kMaxCommentNameChars) {
    errors.push_back({CommentField::kAuthor, "الاسم أطول من المسموح (١٠٠ حرف على الأكثر)."});
  }
  if (in.email.empty()) {
    errors.push_back({CommentField::kEmail, "الرجاء كتابة البريد الإلكتروني."});
  } else if (!IsPlausibleEmail(in.email)) {
    errors.push_back({CommentField::kEmail, "عنوان البريد الإلكتروني غير صحيح."});
  }
  if (!in.author_url.empty()) {
    std::string lower = AsciiLower(in.author_url.substr(0, 8));
    bool scheme_ok = lower.starts_with("http://") || lower.starts_with("https://");
    if (Utf8Length(in.author_url) > kMaxCommentUrlChars) {
      errors.push_back({CommentField::kUrl, "عنوان الموقع أطول من المسموح (٢٠٠ حرف على الأكثر)."});
    } else if (!scheme_ok || in.author_url.find_first_of(" <>\"'") != std::string::npos) {
      errors.push_back(
          {CommentField::kUrl, "عنوان الموقع غير صحيح: يجب أن يبدأ بـ http:// أو https://."});
    }
  }
  return errors;
}

namespace {
void SortThread(std::vector<CommentNode>* nodes) {
  std::stable_sort(nodes->begin(), nodes->end(), [](const CommentNode& a, const CommentNode& b) {
    return a.comment.created_at != b.comment.created_at
               ? a.comment.created_at < b.comment.created_at
               : a.comment.id < b.comment.id;
  });
  for (auto& n : *nodes) SortThread(&n.replies);
}

CommentNode Attach(const Comment& c, std::multimap<int64_t, const Comment*>& children, int depth) {
  CommentNode node{c, {}};
  if (depth > 64) return node;  // cycles or absurd depth: stop
  auto [b, e] = children.equal_range(c.id);
  for (auto it = b; it != e; ++it) node.replies.push_back(Attach(*it->second, children, depth + 1));
  return node;
}
}  // namespace

std::vector<CommentNode> BuildThreads(std::vector<Comment> comments) {
  std::map<int64_t, const Comment*> by_id;
  for (const auto& c : comments) by_id[c.id] = &c;
  std::multimap<int64_t, const Comment*> children;
  std::vector<const Comment*> roots;
  for (const auto& c : comments) {
    if (c.parent_id != 0 && c.parent_id != c.id && by_id.count(c.parent_id)) {
      children.emplace(c.parent_id, &c);
    } else {
      roots.push_back(&c);
    }
  }
  std::vector<CommentNode> out;
  for (const Comment* r : roots) out.push_back(Attach(*r, children, 0));
  SortThread(&out);
  return out;
}

std::string CommentCountText(int count) {
  if (count <= 0) return "لا توجد تعليقات";
  if (count == 1) return "تعليق واحد";
  if (count == 2) return "تعليقان";
  std::string n = ToArabicIndicDigits(std::to_string(count));
  // Arabic number agreement: 3–10 take the plural, 11–99 the accusative singular, and a
  // round hundred (or hundreds plus one or two) the genitive singular.
  int mod100 = count % 100;
  if (mod100 >= 3 && mod100 <= 10) return n + " تعليقات";
  if (mod100 >= 11) return n + " تعليقاً";
  return n + " تعليق";
}

namespace {

// Lower-cases ASCII letters only: block-list entries are matched against Arabic as written.
std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

int CountLinks(std::string_view text) {
  std::string lower = LowerAscii(text);
  int n = 0;
  for (std::string_view marker : {"http://", "https://", "www."}) {
    for (size_t at = lower.find(marker); at != std::string::npos; at = lower.find(marker, at + 1)) {
      // "https://www.x" is one link, not two.
      if (marker == "www." && at >= 2 && lower.compare(at - 2, 2, "//") == 0) continue;
      ++n;
    }
  }
  return n;
}

}  // namespace

std::string JudgeComment(const CommentInput& input, const SpamRules& rules, int64_t form_age,
                         int64_t recent_from_address) {
  if (form_age < rules.min_seconds) return "posted too soon after the form was shown";
  if (rules.max_per_minute > 0 && recent_from_address >= rules.max_per_minute)
    return "too many comments from this address";
  if (CountLinks(input.body) + (input.author_url.empty() ? 0 : 1) > rules.max_links) {
    return "too many links";
  }
  std::string fields[] = {LowerAscii(input.body), LowerAscii(input.author_name),
                          LowerAscii(input.email), LowerAscii(input.author_url), input.ip};
  for (const std::string& entry : rules.blocklist) {
    std::string needle = LowerAscii(entry);
    if (needle.empty()) continue;
    for (const std::string& f : fields) {
      if (f.find(needle) != std::string::npos) return "blocked word or address: " + entry;
    }
  }
  return "";
}

}  // namespace khabar::content
