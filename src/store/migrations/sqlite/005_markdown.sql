-- Khabar schema 5: bodies written in Markdown (or imported as HTML), and the addresses a
-- published article had before its slug was changed.
-- `body` stays plain text for every format: the search index, snippets, excerpts and
-- related terms read it and never see markup. A Markdown or HTML article also keeps its
-- source as written and the sanitized HTML readers see, made when it is saved.
ALTER TABLE articles ADD COLUMN body_format TEXT NOT NULL DEFAULT 'text'
  CHECK (body_format IN ('text', 'markdown', 'html'));
ALTER TABLE articles ADD COLUMN body_source TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN body_html TEXT NOT NULL DEFAULT '';

-- A slug a published article was known by; its address answers 301 to the current one.
-- Kept out of use for other articles so an old link never lands on another story.
CREATE TABLE article_old_slugs (
  slug       TEXT PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX article_old_slugs_by_article ON article_old_slugs(article_id);
