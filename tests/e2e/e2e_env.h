// Shared set-up of the end-to-end tests: where the binary and the shared data live, and a
// site database made once per test binary from the seed article and 2,000 corpus articles.
#ifndef KHABAR_TESTS_E2E_E2E_ENV_H_
#define KHABAR_TESTS_E2E_E2E_ENV_H_

#include <string>
#include <vector>

#include "tests/testing/http_client.h"

namespace khabar::e2e {

std::string Binary();     // $KHABAR_BINARY
std::string SharedDir();  // <source>/../shared
std::string SourceDir();  // $KHABAR_SOURCE_DIR

// Writes the first `n` lines of the corpus's first shard to `path`.
void WriteCorpusHead(const std::string& path, int n);

// The seed article as the corpus line says it (title, body, tags).
struct SeedArticle {
  std::string title;
  std::string body;
  std::vector<std::string> tags;
  std::string category;
};
SeedArticle ReadSeed();

// Signs `name` in through the newsroom's login form on `port` and returns the session
// cookie as a Cookie header wants it ("khabar_session=…"); a refused login is a test
// failure and gives "".
std::string SignIn(int port, const std::string& name, const std::string& password);

// Opens the article editor at `editor_path` as `cookie` and posts its form to `target` (the
// save or the preview) with its own hidden fields (CSRF token, id, version) and `fields`
// (title, body, action…). An empty response (status 0) when the page has no editor form.
testing::HttpResponse PostEditor(int port, const std::string& cookie,
                                 const std::string& editor_path, const testing::HttpHeaders& fields,
                                 const std::string& target = "/admin/articles/save");

// Waits until a running server has seen a write committed by another process (a
// `khabar import`, `khabar comments approve`): it reads the change journal every 150 ms, and
// serves cached pages without asking the database in between.
void AwaitOtherProcessWrite();

}  // namespace khabar::e2e

#endif  // KHABAR_TESTS_E2E_E2E_ENV_H_
