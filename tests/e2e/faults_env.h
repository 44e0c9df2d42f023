// Shared pieces of the fault tests (crashes, full disks, a locked database, backups): a
// newsroom that publishes through the real admin forms, a reader who comments through the
// real comment form, each keeping what the server acknowledged, and a direct read-only
// look at the database file to check that what was acknowledged is there and whole.
#ifndef KHABAR_TESTS_E2E_FAULTS_ENV_H_
#define KHABAR_TESTS_E2E_FAULTS_ENV_H_

#include <cstdint>
#include <string>
#include <vector>

#include "tests/testing/http_client.h"

namespace khabar::e2e {

inline constexpr const char* kEditorPassword = "كلمة سر طويلة لاختبار الأعطال";

// Imports the seed article into `db`, adds the editor "huda" and writes `config` (a
// settings file with no comment delay and no per-minute limit). False on failure (with the
// reason in *error).
bool MakeFaultSite(const std::string& db, const std::string& config, std::string* error);

// An article the newsroom published: what was sent, and the id the server answered with.
struct AckedArticle {
  int64_t id = 0;
  std::string title;
  std::string body;
  std::string word;  // a word found only in this article, for search
};
// A comment the site accepted (303).
struct AckedComment {
  int64_t article_id = 0;
  std::string author;
  std::string body;
};

// A unique Latin word for article `n` of writer `tag` (letters only, so the analyzer keeps it).
std::string UniqueWord(const std::string& tag, int n);

// Publishes article `n` through the editor as `cookie`. The status of the save (303 when
// acknowledged, 0 when the connection failed) and, on 303, the article in *out.
// With `action` "draft" it saves a draft instead (kept out of the search index).
int PublishArticle(int port, const std::string& cookie, const std::string& tag, int n,
                   AckedArticle* out, const std::string& action = "publish");

// The seed article's comment form: its address, article id and token.
struct CommentTarget {
  std::string path;
  int64_t article_id = 0;
  std::string token;
};
// Reads the form from the seed article's page; article_id 0 when it cannot.
CommentTarget FindCommentTarget(int port);
// Posts comment `n`; the response (303 when acknowledged), and on 303 the comment in *out.
testing::HttpResponse PostComment(int port, const CommentTarget& target, const std::string& tag,
                                  int n, AckedComment* out);

// Every row of `sql` on the database (file or URL), read-only, each column as text (NULL as
// ""); testing::QueryRows.
std::vector<std::vector<std::string>> DbRows(const std::string& db, const std::string& sql);

}  // namespace khabar::e2e

#endif  // KHABAR_TESTS_E2E_FAULTS_ENV_H_
