// End to end: the disk fills up under a running server. Writes fail with a clear answer (503
// with Retry-After and an Arabic message to a reader's comment, a message in the editor),
// nothing already stored is damaged, reads go on being served, and when space returns,
// writes work again without a restart.
//
// The disk is a small tmpfs mounted for the test (it needs root, as CI has). Where mounting
// is not allowed (an unprivileged container), or with KHABAR_DISK_FULL=fsize, the test
// lowers the server's file-size limit (RLIMIT_FSIZE, through prlimit) instead, so every
// write past one byte fails; it says which it used.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/e2e/e2e_env.h"
#include "tests/e2e/faults_env.h"
#include "tests/testing/http_client.h"
#include "tests/testing/server_process.h"

namespace khabar::e2e {
namespace {

using testing::HttpGet;
using testing::HttpResponse;
using testing::RunCommand;
using testing::ServerProcess;
using testing::TempDir;

constexpr const char* kArticlesSql = "SELECT * FROM articles ORDER BY id";
constexpr const char* kCommentsSql = "SELECT * FROM comments ORDER BY id";

class DiskFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    disk_ = dir_.File("disk");
    std::filesystem::create_directories(disk_);
    const char* method = std::getenv("KHABAR_DISK_FULL");
    if (!(method && std::string(method) == "fsize") &&
        ::mount("tmpfs", disk_.c_str(), "tmpfs", 0, "size=8m") == 0) {
      mounted_ = true;
    } else {
      std::printf("[ note ] no tmpfs mount (%s): the disk is filled with RLIMIT_FSIZE instead\n",
                  method ? "KHABAR_DISK_FULL=fsize" : std::strerror(errno));
    }
  }
  void TearDown() override {
    server_.reset();
    if (mounted_) ::umount2(disk_.c_str(), MNT_DETACH);
  }

  // Fills the disk (or the server's file-size limit) so that no write can grow a file.
  void Fill() {
    if (!mounted_) {
      rlimit limit{1, RLIM_INFINITY};
      ASSERT_EQ(::prlimit(server_->pid(), RLIMIT_FSIZE, &limit, nullptr), 0);
      return;
    }
    std::ofstream filler(disk_ + "/filler", std::ios::binary);
    std::string chunk(64 * 1024, 'x');
    while (filler.write(chunk.data(), static_cast<std::streamsize>(chunk.size()))) {
    }
    filler.close();
    std::filesystem::space_info space = std::filesystem::space(disk_);
    ASSERT_LT(space.available, 64u * 1024);
  }
  void MakeRoom() {
    if (!mounted_) {
      rlimit limit{RLIM_INFINITY, RLIM_INFINITY};
      ASSERT_EQ(::prlimit(server_->pid(), RLIMIT_FSIZE, &limit, nullptr), 0);
      return;
    }
    std::filesystem::remove(disk_ + "/filler");
  }

  TempDir dir_;
  std::string disk_;
  bool mounted_ = false;
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(DiskFullTest, WritesFailClearlyReadsGoOnNothingIsDamagedAndWritesComeBack) {
  std::string db = disk_ + "/k.db", config = dir_.File("khabar.json"), error;
  ASSERT_TRUE(MakeFaultSite(db, config, &error)) << error;
  server_ = ServerProcess::Start(
      {.binary = Binary(), .db_path = db, .extra_args = {"--config", config}}, &error);
  ASSERT_NE(server_, nullptr) << error;
  int port = server_->port();
  std::string cookie = SignIn(port, "huda", kEditorPassword);
  ASSERT_FALSE(cookie.empty());
  CommentTarget target = FindCommentTarget(port);
  ASSERT_GT(target.article_id, 0);
  AckedArticle article;
  for (int n = 0; n < 5; ++n) ASSERT_EQ(PublishArticle(port, cookie, "df", n, &article), 303);
  for (int n = 0; n < 10; ++n) {
    AckedComment c;
    ASSERT_EQ(PostComment(port, target, "df", n, &c).status, 303);
  }
  auto articles_before = DbRows(db, kArticlesSql);
  auto comments_before = DbRows(db, kCommentsSql);
  ASSERT_EQ(articles_before.size(), 6u);

  Fill();
  if (HasFatalFailure()) return;
  // A reader's comment: 503, Retry-After, an Arabic message and the text given back.
  for (int n = 10; n < 15; ++n) {
    AckedComment c;
    HttpResponse r = PostComment(port, target, "df", n, &c);
    EXPECT_EQ(r.status, 503) << r.body.substr(0, 300);
    EXPECT_EQ(r.Header("retry-after"), "5");
    EXPECT_NE(r.body.find("تعذّر حفظ التعليق الآن"), std::string::npos);
    EXPECT_NE(r.body.find("رقم " + std::to_string(n)), std::string::npos) << "text kept";
  }
  // The editor: 503 and a message that says why, with the article's text kept.
  HttpResponse save = PostEditor(port, cookie, "/admin/articles/new",
                                 {{"title", "خبر على قرص ممتلئ"},
                                  {"excerpt", ""},
                                  {"body", "نص الخبر على قرص ممتلئ."},
                                  {"category", "محليات"},
                                  {"tags", ""},
                                  {"breaking_hours", "0"},
                                  {"publish_at", ""},
                                  {"action", "publish"}});
  EXPECT_EQ(save.status, 503);
  EXPECT_NE(save.body.find(mounted_ ? "مساحة التخزين على الخادم ممتلئة" : "تعذّر حفظ المقال"),
            std::string::npos);
  EXPECT_NE(save.body.find("نص الخبر على قرص ممتلئ."), std::string::npos);
  // Reads go on: the home page, an article, search.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(HttpGet(port, "/").status, 200);
    EXPECT_EQ(HttpGet(port, target.path).status, 200);
    auto found = HttpGet(port, "/api/search?q=" + article.word);
    EXPECT_EQ(found.status, 200);
    EXPECT_NE(found.body.find(article.word), std::string::npos);
  }
  // Nothing stored before was touched.
  EXPECT_EQ(DbRows(db, kArticlesSql), articles_before);
  EXPECT_EQ(DbRows(db, kCommentsSql), comments_before);

  // Space comes back: writes work again, with the same server.
  MakeRoom();
  if (HasFatalFailure()) return;
  AckedComment after;
  EXPECT_EQ(PostComment(port, target, "df", 100, &after).status, 303);
  AckedArticle later;
  EXPECT_EQ(PublishArticle(port, cookie, "df", 100, &later), 303);
  EXPECT_EQ(HttpGet(port, "/api/search?q=" + later.word).body.find(later.word) != std::string::npos,
            true);
  EXPECT_EQ(server_->Stop(), 0) << server_->ReadLog();
  auto check = RunCommand({Binary(), "check", "--db", db});
  EXPECT_EQ(check.status, 0) << check.err;
  auto articles_after = DbRows(db, kArticlesSql);
  auto comments_after = DbRows(db, kCommentsSql);
  EXPECT_EQ(articles_after.size(), articles_before.size() + 1);
  EXPECT_EQ(comments_after.size(), comments_before.size() + 1);
  for (size_t i = 0; i < comments_before.size(); ++i)
    EXPECT_EQ(comments_after[i], comments_before[i]);
  std::printf(
      "[ figures ] disk full (%s): 5 comments and 1 article refused with 503, 15 reads "
      "served, the stored rows unchanged; writes back without a restart\n",
      mounted_ ? "8 MB tmpfs" : "RLIMIT_FSIZE");
}

}  // namespace
}  // namespace khabar::e2e
