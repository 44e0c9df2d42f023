-- Khabar schema 4: dated corrections (تصحيح) that readers see at the top of an article.
CREATE TABLE corrections (
  id         INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  body       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX corrections_by_article ON corrections(article_id, created_at);
