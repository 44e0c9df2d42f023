-- Khabar schema 10: the change journal. Every write that changes what a public page shows
-- adds, in the same transaction, the keys of what changed; each node's page cache reads the
-- rows after the last one it saw and drops exactly the pages that show those keys. The
-- keys (see src/http/page_keys.h):
--   article:<id>   what a published article shows (text, dates, tags, image, corrections)
--   comments:<id>  the approved comments under article <id>
--   list           which articles the newest-first lists hold (home, /feed/, sitemaps)
--   category:<id>  tag:<id>  author:<id>   which articles that archive holds
--   related:<id>   the related block of article <id>
--   ticker         the ticker may have changed (the reader site compares before dropping)
--   nav            the menu (categories' names, slugs, order)
-- Rows are pruned after a while; a node that finds a gap after its last row drops all.
CREATE TABLE changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  key TEXT NOT NULL,
  at  INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER))
);
CREATE INDEX changes_by_time ON changes(at);

-- Articles: published ones, or ones leaving or entering the site.
CREATE TRIGGER changes_article_insert AFTER INSERT ON articles WHEN new.status = 3 BEGIN
  INSERT INTO changes(key) VALUES ('article:' || new.id), ('list'), ('ticker'),
    ('category:' || IFNULL(new.category_id, 0)), ('author:' || IFNULL(new.author_id, 0));
END;
CREATE TRIGGER changes_article_delete AFTER DELETE ON articles WHEN old.status = 3 BEGIN
  INSERT INTO changes(key) VALUES ('article:' || old.id), ('list'), ('ticker'),
    ('category:' || IFNULL(old.category_id, 0)), ('author:' || IFNULL(old.author_id, 0));
  INSERT INTO changes(key) SELECT 'tag:' || tag_id FROM article_tags WHERE article_id = old.id;
END;
CREATE TRIGGER changes_article_update AFTER UPDATE ON articles
WHEN old.status = 3 OR new.status = 3 BEGIN
  INSERT INTO changes(key) VALUES ('article:' || new.id);
  -- In or out of the lists, or moved within them.
  INSERT INTO changes(key)
    SELECT k FROM (SELECT 'list' AS k UNION ALL
                   SELECT 'category:' || IFNULL(old.category_id, 0) UNION ALL
                   SELECT 'category:' || IFNULL(new.category_id, 0) UNION ALL
                   SELECT 'author:' || IFNULL(old.author_id, 0) UNION ALL
                   SELECT 'author:' || IFNULL(new.author_id, 0))
    WHERE old.status IS NOT new.status OR old.published_at IS NOT new.published_at
       OR old.category_id IS NOT new.category_id OR old.author_id IS NOT new.author_id;
  INSERT INTO changes(key) SELECT 'tag:' || tag_id FROM article_tags
    WHERE article_id = new.id
      AND (old.status IS NOT new.status OR old.published_at IS NOT new.published_at);
  -- What the ticker shows of it: its title, address, date and breaking window.
  INSERT INTO changes(key) SELECT 'ticker'
    WHERE old.status IS NOT new.status OR old.title IS NOT new.title
       OR old.slug IS NOT new.slug OR old.published_at IS NOT new.published_at
       OR old.breaking_until IS NOT new.breaking_until;
END;

-- An article's tags (membership of the tag archives) while it is published.
CREATE TRIGGER changes_article_tag_add AFTER INSERT ON article_tags
WHEN (SELECT status FROM articles WHERE id = new.article_id) = 3 BEGIN
  INSERT INTO changes(key) VALUES ('tag:' || new.tag_id), ('article:' || new.article_id);
END;
CREATE TRIGGER changes_article_tag_remove AFTER DELETE ON article_tags
WHEN (SELECT status FROM articles WHERE id = old.article_id) = 3 BEGIN
  INSERT INTO changes(key) VALUES ('tag:' || old.tag_id), ('article:' || old.article_id);
END;

-- Names and slugs of tags, categories and authors show on the articles that carry them.
CREATE TRIGGER changes_tag_update AFTER UPDATE OF name, slug ON tags BEGIN
  INSERT INTO changes(key) VALUES ('tag:' || new.id);
  INSERT INTO changes(key) SELECT 'article:' || t.article_id FROM article_tags t
    JOIN articles a ON a.id = t.article_id WHERE t.tag_id = new.id AND a.status = 3;
END;
CREATE TRIGGER changes_tag_delete AFTER DELETE ON tags BEGIN
  INSERT INTO changes(key) VALUES ('tag:' || old.id);
END;
CREATE TRIGGER changes_category_insert AFTER INSERT ON categories BEGIN
  INSERT INTO changes(key) VALUES ('nav'), ('category:' || new.id);
END;
CREATE TRIGGER changes_category_update AFTER UPDATE OF name, slug, position ON categories BEGIN
  INSERT INTO changes(key) VALUES ('nav'), ('category:' || new.id);
  INSERT INTO changes(key) SELECT 'article:' || id FROM articles
    WHERE category_id = new.id AND status = 3
      AND (old.name IS NOT new.name OR old.slug IS NOT new.slug);
END;
CREATE TRIGGER changes_category_delete AFTER DELETE ON categories BEGIN
  INSERT INTO changes(key) VALUES ('nav'), ('category:' || old.id);
END;
CREATE TRIGGER changes_author_update AFTER UPDATE OF name, slug ON authors BEGIN
  INSERT INTO changes(key) VALUES ('author:' || new.id);
  INSERT INTO changes(key) SELECT 'article:' || id FROM articles
    WHERE author_id = new.id AND status = 3;
END;

-- Approved comments: approving, unapproving, editing or deleting one.
CREATE TRIGGER changes_comment_insert AFTER INSERT ON comments WHEN new.status = 1 BEGIN
  INSERT INTO changes(key) VALUES ('comments:' || new.article_id);
END;
CREATE TRIGGER changes_comment_update AFTER UPDATE ON comments
WHEN old.status = 1 OR new.status = 1 BEGIN
  INSERT INTO changes(key) VALUES ('comments:' || new.article_id);
  INSERT INTO changes(key) SELECT 'comments:' || old.article_id
    WHERE old.article_id IS NOT new.article_id;
END;
CREATE TRIGGER changes_comment_delete AFTER DELETE ON comments WHEN old.status = 1 BEGIN
  INSERT INTO changes(key) VALUES ('comments:' || old.article_id);
END;

-- Corrections and featured images show on the article.
CREATE TRIGGER changes_correction_insert AFTER INSERT ON corrections BEGIN
  INSERT INTO changes(key) VALUES ('article:' || new.article_id);
END;
CREATE TRIGGER changes_correction_update AFTER UPDATE ON corrections BEGIN
  INSERT INTO changes(key) VALUES ('article:' || new.article_id);
END;
CREATE TRIGGER changes_correction_delete AFTER DELETE ON corrections BEGIN
  INSERT INTO changes(key) VALUES ('article:' || old.article_id);
END;
CREATE TRIGGER changes_media_update AFTER UPDATE ON media BEGIN
  INSERT INTO changes(key) SELECT 'article:' || id FROM articles
    WHERE featured_media_id = new.id AND status = 3;
END;

-- The related blocks, computed in the background.
CREATE TRIGGER changes_related_insert AFTER INSERT ON article_related BEGIN
  INSERT INTO changes(key) VALUES ('related:' || new.article_id);
END;
CREATE TRIGGER changes_related_delete AFTER DELETE ON article_related BEGIN
  INSERT INTO changes(key) VALUES ('related:' || old.article_id);
END;
