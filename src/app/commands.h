// File: src/app/commands.h
//
// The subcommands of the `khabar` binary. Each returns the process exit status and prints
// errors to stderr. main.cc parses the command line and calls them; this is the
// composition root, the only place that picks concrete implementations.
#ifndef KHABAR_APP_COMMANDS_H_
#define KHABAR_APP_COMMANDS_H_

#include <cstdint>
#include <memory>
#include <string>

#include "src/app/config.h"
#include "src/store/store.h"

namespace khabar::app {

int Serve(const ServeConfig& config);
// Prints every route of the server, "METHOD /pattern" a line; opens no database.
int Routes();

// The database a one-shot command works on, with a single reader connection.
StatusOr<std::unique_ptr<store::Store>> OpenCommandStore(const std::string& db);
// `compute_related` false leaves the new articles' related blocks to the server's
// background worker (which computes them within a second or so) instead of computing them
// before returning, which reads the whole archive's word counts.
int ImportJsonl(const std::string& file, const std::string& db, bool compute_related = true);
// Where a site keeps its images unless told (`media_dir`): next to an SQLite file, or
// data/media for a PostgreSQL site (a folder every node mounts, in practice).
std::string MediaDirFor(const std::string& db, const std::string& media_dir);

// A WordPress export (WXR), whole or not at all; a malformed file: exit 1, nothing written.
// With `uploads` (a copy of the old site's wp-content/uploads), featured images are stored
// in `media_dir` (MediaDirFor) as the site's own.
int ImportWxr(const std::string& file, const std::string& db, const std::string& uploads = "",
              const std::string& media_dir = "");

enum class CommentAction { kApprove, kSpam, kTrash, kDelete };
int CommentsList(const std::string& db, bool pending_only);
int CommentsModerate(const std::string& db, int64_t id, CommentAction action);

// Accounts; passwords are read from standard input. Unknown user: exit 4.
int UserAdd(const std::string& db, const std::string& name, const std::string& role,
            const std::string& display_name);
int UserPasswd(const std::string& db, const std::string& name);
int UserList(const std::string& db);
int UserDisable(const std::string& db, const std::string& name);

// Backups (src/app/backup.cc). backup: an online, consistent copy to a new file (`force`:
// replace an existing one); check: a database or copy's integrity, schema and search index;
// restore: replace `db` with a checked copy, refused while a server has `db` open.
int Backup(const std::string& db, const std::string& to, bool force);
int Check(const std::string& db);
int Restore(const std::string& from, const std::string& db);

// Copies a whole site to an empty database (SQLite file or postgresql:// URL, either way);
// exit 3 when the target already holds one, 1 on any other failure (nothing written).
int Migrate(const std::string& from, const std::string& to);

}  // namespace khabar::app

#endif  // KHABAR_APP_COMMANDS_H_
