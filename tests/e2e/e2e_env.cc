#include "tests/e2e/e2e_env.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "tests/testing/html_dom.h"
#include "tests/testing/http_client.h"

namespace khabar::e2e {

std::string Binary() {
  const char* b = std::getenv("KHABAR_BINARY");
  return b && *b ? b : KHABAR_DEFAULT_BINARY;
}

std::string SourceDir() {
  const char* s = std::getenv("KHABAR_SOURCE_DIR");
  return s && *s ? s : KHABAR_DEFAULT_SOURCE_DIR;
}

std::string SharedDir() { return SourceDir() + "/../shared"; }

void WriteCorpusHead(const std::string& path, int n) {
  std::ifstream in(SharedDir() + "/corpus/articles-00.jsonl");
  if (!in) throw std::runtime_error("cannot read the corpus in " + SharedDir());
  std::ofstream out(path);
  std::string line;
  for (int i = 0; i < n && std::getline(in, line); ++i) out << line << '\n';
}

SeedArticle ReadSeed() {
  std::ifstream in(SharedDir() + "/seed/article.jsonl");
  if (!in) throw std::runtime_error("cannot read the seed article in " + SharedDir());
  std::string line;
  std::getline(in, line);
  auto j = nlohmann::json::parse(line);
  SeedArticle s;
  s.title = j["title"];
  s.body = j["body"];
  s.category = j["category"];
  for (auto& t : j["tags"]) s.tags.push_back(t);
  return s;
}

std::string SignIn(int port, const std::string& name, const std::string& password) {
  auto form = testing::HtmlDocument::Parse(testing::HttpGet(port, "/admin/login").body);
  auto token = form.Select("form[action=\"/admin/login\"] input[name=token]");
  EXPECT_TRUE(token) << "no login form";
  if (!token) return "";
  testing::HttpResponse r = testing::HttpPostForm(
      port, "/admin/login",
      {{"token", token->Attr("value")}, {"name", name}, {"password", password}});
  EXPECT_EQ(r.status, 303) << name;
  if (r.status != 303) return "";
  std::string c = r.Header("set-cookie");
  return c.substr(0, c.find(';'));
}

testing::HttpResponse PostEditor(int port, const std::string& cookie,
                                 const std::string& editor_path, const testing::HttpHeaders& fields,
                                 const std::string& target) {
  auto doc =
      testing::HtmlDocument::Parse(testing::HttpGet(port, editor_path, {{"Cookie", cookie}}).body);
  testing::HttpHeaders form;
  for (const char* hidden : {"token", "id", "version"}) {
    auto input = doc.Select(std::string("form.editor input[name=") + hidden + "]");
    if (!input) return testing::HttpResponse{};
    form.emplace_back(hidden, input->Attr("value"));
  }
  form.insert(form.end(), fields.begin(), fields.end());
  return testing::HttpPostForm(port, target, form, {{"Cookie", cookie}});
}

void AwaitOtherProcessWrite() { std::this_thread::sleep_for(std::chrono::milliseconds(600)); }

}  // namespace khabar::e2e
