-- Khabar schema 8: the old addresses of renamed and merged tags and categories. The reader
-- site looks a slug up here only when no live tag or category has it, and answers 301 to
-- the target's current address. A deleted target takes its old slugs with it (404), and a
-- slug taken again by a live tag or category stops redirecting.
CREATE TABLE taxonomy_redirects (
  kind      TEXT NOT NULL CHECK (kind IN ('category', 'tag')),
  old_slug  TEXT NOT NULL,
  target_id INTEGER NOT NULL,   -- categories.id or tags.id, by kind
  PRIMARY KEY (kind, old_slug)
) WITHOUT ROWID;
CREATE INDEX taxonomy_redirects_by_target ON taxonomy_redirects(kind, target_id);

CREATE TRIGGER taxonomy_redirects_tag_gone AFTER DELETE ON tags BEGIN
  DELETE FROM taxonomy_redirects WHERE kind = 'tag' AND target_id = old.id;
END;
CREATE TRIGGER taxonomy_redirects_category_gone AFTER DELETE ON categories BEGIN
  DELETE FROM taxonomy_redirects WHERE kind = 'category' AND target_id = old.id;
END;
CREATE TRIGGER taxonomy_redirects_tag_new AFTER INSERT ON tags BEGIN
  DELETE FROM taxonomy_redirects WHERE kind = 'tag' AND old_slug = new.slug;
END;
CREATE TRIGGER taxonomy_redirects_tag_slug AFTER UPDATE OF slug ON tags BEGIN
  DELETE FROM taxonomy_redirects WHERE kind = 'tag' AND old_slug = new.slug;
END;
CREATE TRIGGER taxonomy_redirects_category_new AFTER INSERT ON categories BEGIN
  DELETE FROM taxonomy_redirects WHERE kind = 'category' AND old_slug = new.slug;
END;
CREATE TRIGGER taxonomy_redirects_category_slug AFTER UPDATE OF slug ON categories BEGIN
  DELETE FROM taxonomy_redirects WHERE kind = 'category' AND old_slug = new.slug;
END;
