// khabar: one binary that serves an Arabic news site and manages its content.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "src/app/commands.h"
#include "src/http/front_purge.h"

int main(int argc, char** argv) {
  using namespace khabar::app;
  CLI::App app{"khabar: an Arabic news engine", "khabar"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "khabar 0.1.0");

  ServeConfig serve_config;
  std::string config_file;
  std::string db = "./data/khabar.db";
  auto* serve = app.add_subcommand("serve", "Serve the site over HTTP");
  serve->add_option("--config", config_file, "JSON settings file (see README)");
  serve->add_option("--db", db, "SQLite database file or postgresql:// URL")->capture_default_str();
  std::string db_replica;
  serve->add_option("--db-replica", db_replica,
                    "postgresql:// URL of a read replica of --db (reads go there, writes not)");
  std::string listen;
  serve->add_option("--listen", listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  int threads = -1;
  serve->add_option("--threads", threads, "Server threads (default: one per core)")
      ->check(CLI::Range(0, 256));
  std::string theme;
  serve->add_option("--theme", theme, "Folder whose templates/static files override the defaults");
  int page_cache_mb = -1;
  serve
      ->add_option("--page-cache-mb", page_cache_mb,
                   "Memory for rendered pages in MiB (default 64; 0: no page cache)")
      ->check(CLI::Range(0, 1 << 20));
  std::string media_dir;
  serve->add_option("--media-dir", media_dir,
                    "Folder of featured images (default: media/ next to the database)");

  std::vector<std::string> purge_urls;
  serve
      ->add_option("--purge", purge_urls,
                   "Front cache to purge by key after each write, http://HOST:PORT/ (repeatable; "
                   "see README, Deployment at scale)")
      ->check([](const std::string& url) {
        auto target = khabar::http::ParsePurgeUrl(url);
        return target.ok() ? std::string() : target.status().message();
      });

  auto* routes = app.add_subcommand("routes", "Print every route the server answers");

  auto* import = app.add_subcommand("import", "Import articles");
  import->require_subcommand(1);
  auto* jsonl = import->add_subcommand("jsonl", "Import a JSON Lines file (corpus format)");
  std::string import_file;
  jsonl->add_option("FILE", import_file, "The .jsonl file")->required();
  jsonl->add_option("--db", db, "SQLite database file or postgresql:// URL")->capture_default_str();
  bool related_later = false;
  jsonl->add_flag(
      "--related-later", related_later,
      "Leave related blocks to the running server (acknowledges a new article at once)");
  auto* wxr = import->add_subcommand("wxr", "Import a WordPress export (WXR), whole or not at all");
  wxr->add_option("FILE", import_file, "The .xml file of WordPress's Tools → Export")->required();
  wxr->add_option("--db", db, "SQLite database file or postgresql:// URL")->capture_default_str();
  std::string uploads;
  wxr->add_option("--uploads", uploads,
                  "A copy of the old site's wp-content/uploads folder: featured images are "
                  "stored from it");
  wxr->add_option("--media-dir", media_dir,
                  "Where the site keeps its images (default: next to the database file)");

  auto* comments = app.add_subcommand("comments", "List and moderate comments");
  comments->require_subcommand(1);
  comments->add_option("--db", db, "SQLite database file or postgresql:// URL")
      ->capture_default_str();
  auto* list = comments->add_subcommand("list", "One line per comment (never the e-mail)");
  bool pending = false;
  list->add_flag("--pending", pending, "Only comments awaiting moderation");
  list->add_option("--db", db, "SQLite database file or postgresql:// URL");
  int64_t id = 0;
  auto* approve = comments->add_subcommand("approve", "Approve a comment");
  auto* spam = comments->add_subcommand("spam", "Mark a comment as spam");
  auto* trash = comments->add_subcommand("trash", "Move a comment to the trash (restore: approve)");
  auto* del = comments->add_subcommand("delete", "Delete a comment and its replies for good");
  for (auto* c : {approve, spam, trash, del}) {
    c->add_option("ID", id, "Comment id")->required()->check(CLI::PositiveNumber);
    c->add_option("--db", db, "SQLite database file or postgresql:// URL");
  }

  auto* user = app.add_subcommand("user", "Newsroom accounts (passwords from standard input)");
  user->require_subcommand(1);
  user->add_option("--db", db, "SQLite database file or postgresql:// URL")->capture_default_str();
  std::string user_name, role = "contributor", display_name;
  auto* user_add = user->add_subcommand("add", "Add an account");
  user_add->add_option("--role", role, "contributor, author, editor or admin")
      ->capture_default_str();
  user_add->add_option("--display-name", display_name, "Byline (default: the name)");
  auto* user_passwd = user->add_subcommand("passwd", "Set an account's password");
  auto* user_list = user->add_subcommand("list", "One line per account");
  auto* user_disable = user->add_subcommand("disable", "Disable an account and end its sessions");
  for (auto* c : {user_add, user_passwd, user_disable}) {
    c->add_option("NAME", user_name, "Login name")->required();
  }
  for (auto* c : {user_add, user_passwd, user_list, user_disable}) {
    c->add_option("--db", db, "SQLite database file or postgresql:// URL");
  }

  auto* backup = app.add_subcommand("backup", "Copy the database while the site runs");
  std::string backup_to, restore_from;
  bool force = false;
  backup->add_option("--db", db, "SQLite database file")->capture_default_str();
  backup->add_option("--to", backup_to, "The new copy (a file that does not exist yet)")
      ->required();
  backup->add_flag("--force", force, "Replace the copy if it exists");
  auto* restore = app.add_subcommand("restore", "Replace the database with a checked copy");
  restore->add_option("--from", restore_from, "The copy to restore")->required();
  restore->add_option("--db", db, "SQLite database file")->capture_default_str();
  auto* check = app.add_subcommand("check", "Check a database or a copy");
  check->add_option("--db", db, "SQLite database file or postgresql:// URL")->capture_default_str();

  auto* migrate = app.add_subcommand(
      "migrate", "Copy a whole site into an empty database (SQLite file or postgresql:// URL)");
  std::string migrate_from, migrate_to;
  migrate->add_option("--from", migrate_from, "The site's database")->required();
  migrate->add_option("--to", migrate_to, "The new, empty database")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (*serve) {
    if (!config_file.empty()) {
      auto s = LoadConfigFile(config_file, &serve_config);
      if (!s.ok()) {
        std::fprintf(stderr, "khabar: %s\n", s.message().c_str());
        return 2;
      }
    }
    if (serve->count("--db") || config_file.empty()) serve_config.db = db;
    if (!db_replica.empty()) serve_config.db_replica = db_replica;
    if (!listen.empty()) serve_config.listen = listen;
    if (threads >= 0) serve_config.server.threads = threads;
    if (!theme.empty()) serve_config.site.theme_dir = theme;
    if (!media_dir.empty()) serve_config.media_dir = media_dir;
    if (!purge_urls.empty()) serve_config.site.purge_urls = purge_urls;
    if (page_cache_mb >= 0) {
      serve_config.site.page_cache_bytes = static_cast<size_t>(page_cache_mb) << 20;
    }
    return Serve(serve_config);
  }
  if (*routes) return Routes();
  if (*jsonl) return ImportJsonl(import_file, db, !related_later);
  if (*wxr) return ImportWxr(import_file, db, uploads, media_dir);
  if (*list) return CommentsList(db, pending);
  if (*approve) return CommentsModerate(db, id, CommentAction::kApprove);
  if (*spam) return CommentsModerate(db, id, CommentAction::kSpam);
  if (*trash) return CommentsModerate(db, id, CommentAction::kTrash);
  if (*del) return CommentsModerate(db, id, CommentAction::kDelete);
  if (*user_add) return UserAdd(db, user_name, role, display_name);
  if (*user_passwd) return UserPasswd(db, user_name);
  if (*user_list) return UserList(db);
  if (*user_disable) return UserDisable(db, user_name);
  if (*backup) return Backup(db, backup_to, force);
  if (*restore) return Restore(restore_from, db);
  if (*check) return Check(db);
  if (*migrate) return Migrate(migrate_from, migrate_to);
  return 2;
}
