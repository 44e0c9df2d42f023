-- Khabar schema 2: the search index uses Khabar's Arabic analyzer (the "khabar" FTS5
-- tokenizer that every connection registers), its vocabulary is readable for "did you
-- mean" suggestions, and related articles are computed when an article is published or
-- changed, then read from a table.
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TABLE article_fts;

CREATE VIRTUAL TABLE article_fts USING fts5(
  title, body,
  content='articles', content_rowid='id',
  tokenize='khabar'
);
-- One row per indexed term with the number of articles holding it; and every occurrence.
CREATE VIRTUAL TABLE article_vocab USING fts5vocab(article_fts, row);
CREATE VIRTUAL TABLE article_vocab_instance USING fts5vocab(article_fts, instance);

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
INSERT INTO article_fts(rowid, title, body) SELECT id, title, body FROM articles WHERE status = 3;

-- The related block of each article, best first.
CREATE TABLE article_related (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  related_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, position)
) WITHOUT ROWID;
CREATE INDEX article_related_by_related ON article_related(related_id);

-- When each block was computed: the number of published articles then. A block made
-- when the archive was less than half its size is computed again.
CREATE TABLE related_computed (
  article_id   INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  archive_size INTEGER NOT NULL
);

-- Articles whose related block must be computed again.
CREATE TABLE related_queue (
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
);
CREATE TRIGGER related_queue_insert AFTER INSERT ON articles WHEN new.status = 3 BEGIN
  INSERT OR IGNORE INTO related_queue(article_id) VALUES (new.id);
END;
CREATE TRIGGER related_queue_update
AFTER UPDATE OF title, body, status, category_id ON articles WHEN new.status = 3 BEGIN
  INSERT OR IGNORE INTO related_queue(article_id) VALUES (new.id);
END;
CREATE TRIGGER related_queue_tag_add AFTER INSERT ON article_tags BEGIN
  INSERT OR IGNORE INTO related_queue(article_id)
    SELECT id FROM articles WHERE id = new.article_id AND status = 3;
END;
CREATE TRIGGER related_queue_tag_remove AFTER DELETE ON article_tags BEGIN
  INSERT OR IGNORE INTO related_queue(article_id)
    SELECT id FROM articles WHERE id = old.article_id AND status = 3;
END;
INSERT INTO related_queue(article_id) SELECT id FROM articles WHERE status = 3;
