-- Khabar schema 1: articles, taxonomy, comments, settings, and the full-text index that
-- the article triggers keep in step with published articles inside the same transaction.
CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE authors (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  slug TEXT NOT NULL UNIQUE
);

CREATE TABLE categories (
  id       INTEGER PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE,
  slug     TEXT NOT NULL UNIQUE,
  position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tags (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  slug TEXT NOT NULL UNIQUE
);

CREATE TABLE articles (
  id             INTEGER PRIMARY KEY,
  external_id    TEXT UNIQUE,
  slug           TEXT NOT NULL UNIQUE,
  title          TEXT NOT NULL,
  excerpt        TEXT NOT NULL DEFAULT '',
  body           TEXT NOT NULL,
  status         INTEGER NOT NULL,            -- content::ArticleStatus
  published_at   INTEGER NOT NULL,            -- Unix seconds
  modified_at    INTEGER NOT NULL,
  created_at     INTEGER NOT NULL,
  breaking_until INTEGER,                     -- breaking news until this instant
  category_id    INTEGER REFERENCES categories(id) ON DELETE SET NULL,
  author_id      INTEGER REFERENCES authors(id) ON DELETE SET NULL,
  source_name    TEXT NOT NULL DEFAULT '',
  source_url     TEXT NOT NULL DEFAULT '',
  content_hash   TEXT NOT NULL
);
CREATE INDEX articles_by_status_date   ON articles(status, published_at DESC, id DESC);
CREATE INDEX articles_by_category_date ON articles(category_id, status, published_at DESC, id DESC);
CREATE INDEX articles_by_author_date   ON articles(author_id, status, published_at DESC, id DESC);
CREATE INDEX articles_by_breaking      ON articles(breaking_until) WHERE breaking_until IS NOT NULL;

CREATE TABLE article_tags (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_by_tag ON article_tags(tag_id, article_id);

CREATE TABLE comments (
  id           INTEGER PRIMARY KEY,
  article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  parent_id    INTEGER REFERENCES comments(id) ON DELETE CASCADE,
  author_name  TEXT NOT NULL,
  author_email TEXT NOT NULL,                 -- stored, never shown
  author_url   TEXT NOT NULL DEFAULT '',
  body         TEXT NOT NULL,
  status       INTEGER NOT NULL,              -- content::CommentStatus
  created_at   INTEGER NOT NULL,
  ip           TEXT NOT NULL DEFAULT '',
  external_id  TEXT UNIQUE
);
CREATE INDEX comments_by_article ON comments(article_id, status, created_at);
CREATE INDEX comments_by_status  ON comments(status, created_at);
CREATE INDEX comments_by_parent  ON comments(parent_id);

CREATE VIRTUAL TABLE article_fts USING fts5(
  title, body,
  content='articles', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles WHEN new.status = 3 BEGIN
  INSERT INTO article_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles WHEN old.status = 3 BEGIN
  INSERT INTO article_fts(article_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body, status ON articles BEGIN
  INSERT INTO article_fts(article_fts, rowid, title, body)
    SELECT 'delete', old.id, old.title, old.body WHERE old.status = 3;
  INSERT INTO article_fts(rowid, title, body)
    SELECT new.id, new.title, new.body WHERE new.status = 3;
END;
