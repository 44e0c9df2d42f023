-- Khabar schema 3: newsroom accounts, their sessions and failed-login counts, kept in the
-- database so that every node (and the command line) sees the same ones.
CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,            -- login name
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,                   -- argon2id, libsodium's string form
  role          INTEGER NOT NULL,                -- content::Role
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL
);

-- A session is found by the digest of its cookie; the cookie itself is never stored.
CREATE TABLE sessions (
  digest     TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  last_seen  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions(user_id);

-- Consecutive failed logins per account ("user:<name>") and per address ("ip:<address>").
CREATE TABLE login_failures (
  key      TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- WordPress's rule approves a commenter known by name and e-mail: find them fast.
CREATE INDEX comments_by_email ON comments(author_email, status);
-- The per-address limit on readers' comments counts the last minute's.
CREATE INDEX comments_by_ip ON comments(ip, created_at);
