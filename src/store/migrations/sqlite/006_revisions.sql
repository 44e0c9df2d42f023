-- Khabar schema 6: revisions. Every save of an article in the newsroom keeps its whole
-- content, who saved it and when, and what changed; an article's version grows with each
-- change of its content, so that a save made from an outdated form can be refused.
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE revisions (
  id             INTEGER PRIMARY KEY,
  article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  version        INTEGER NOT NULL,             -- the article's version once this was saved
  kind           INTEGER NOT NULL,             -- content::RevisionKind
  restored_from  INTEGER REFERENCES revisions(id) ON DELETE SET NULL,
  user_id        INTEGER REFERENCES users(id) ON DELETE SET NULL,
  user_name      TEXT NOT NULL DEFAULT '',     -- the display name at the time
  created_at     INTEGER NOT NULL,
  title          TEXT NOT NULL,
  excerpt        TEXT NOT NULL,
  body           TEXT NOT NULL,               -- as written: Markdown, HTML or plain text
  body_format    TEXT NOT NULL DEFAULT 'text', -- content::BodyFormatName
  category       TEXT NOT NULL DEFAULT '',     -- name
  tags           TEXT NOT NULL DEFAULT '',     -- names, one per line
  status         INTEGER NOT NULL,             -- content::ArticleStatus
  breaking_until INTEGER,
  changed        INTEGER NOT NULL DEFAULT 0,   -- bit set of the fields changed (revisions.cc)
  words_inserted INTEGER NOT NULL DEFAULT 0,
  words_deleted  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX revisions_by_article ON revisions(article_id, id);
