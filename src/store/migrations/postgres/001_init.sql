-- Khabar on PostgreSQL, schema 1: the state SQLite reaches after its migrations 1 to 9
-- (articles, taxonomy, comments, accounts, corrections, revisions, media, redirects,
-- imported image addresses), with the search index kept by the store itself: Khabar's
-- Arabic analyzer runs in the application, so every write transaction that changes an
-- article's title, body or status queues it (trigger below) and indexes it before COMMIT.
CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE authors (
  id   BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  slug TEXT NOT NULL UNIQUE
);

CREATE TABLE categories (
  id       BIGSERIAL PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE,
  slug     TEXT NOT NULL UNIQUE,
  position BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE tags (
  id   BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  slug TEXT NOT NULL UNIQUE
);

CREATE TABLE users (
  id            BIGSERIAL PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role          BIGINT NOT NULL,
  disabled      BIGINT NOT NULL DEFAULT 0,
  created_at    BIGINT NOT NULL
);

CREATE TABLE media (
  id            BIGSERIAL PRIMARY KEY,
  hash          TEXT NOT NULL,
  original_name TEXT NOT NULL,
  mime          TEXT NOT NULL,
  width         BIGINT NOT NULL,
  height        BIGINT NOT NULL,
  variants      TEXT NOT NULL,
  alt           TEXT NOT NULL,
  uploaded_by   BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at    BIGINT NOT NULL
);
CREATE INDEX media_by_hash ON media(hash);

CREATE TABLE articles (
  id                BIGSERIAL PRIMARY KEY,
  external_id       TEXT UNIQUE,
  slug              TEXT NOT NULL UNIQUE,
  title             TEXT NOT NULL,
  excerpt           TEXT NOT NULL DEFAULT '',
  body              TEXT NOT NULL,
  status            BIGINT NOT NULL,
  published_at      BIGINT NOT NULL,
  modified_at       BIGINT NOT NULL,
  created_at        BIGINT NOT NULL,
  breaking_until    BIGINT,
  category_id       BIGINT REFERENCES categories(id) ON DELETE SET NULL,
  author_id         BIGINT REFERENCES authors(id) ON DELETE SET NULL,
  source_name       TEXT NOT NULL DEFAULT '',
  source_url        TEXT NOT NULL DEFAULT '',
  content_hash      TEXT NOT NULL,
  body_format       TEXT NOT NULL DEFAULT 'text' CHECK (body_format IN ('text', 'markdown', 'html')),
  body_source       TEXT NOT NULL DEFAULT '',
  body_html         TEXT NOT NULL DEFAULT '',
  version           BIGINT NOT NULL DEFAULT 0,
  featured_media_id BIGINT REFERENCES media(id) ON DELETE SET NULL,
  -- The title's words as the analyzer normalizes them without stemming, " w1 w2 … ",
  -- for the newsroom's title filter; written with the search index.
  title_words       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX articles_by_status_date   ON articles(status, published_at DESC, id DESC);
CREATE INDEX articles_by_category_date ON articles(category_id, status, published_at DESC, id DESC);
CREATE INDEX articles_by_author_date   ON articles(author_id, status, published_at DESC, id DESC);
CREATE INDEX articles_by_breaking      ON articles(breaking_until) WHERE breaking_until IS NOT NULL;
CREATE INDEX articles_by_modified      ON articles(modified_at DESC, id DESC);

CREATE TABLE article_tags (
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  tag_id     BIGINT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags(tag_id, article_id);

CREATE TABLE comments (
  id           BIGSERIAL PRIMARY KEY,
  article_id   BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  parent_id    BIGINT REFERENCES comments(id) ON DELETE CASCADE,
  author_name  TEXT NOT NULL,
  author_email TEXT NOT NULL,
  author_url   TEXT NOT NULL DEFAULT '',
  body         TEXT NOT NULL,
  status       BIGINT NOT NULL,
  created_at   BIGINT NOT NULL,
  ip           TEXT NOT NULL DEFAULT '',
  external_id  TEXT UNIQUE
);
CREATE INDEX comments_by_article ON comments(article_id, status, created_at);
CREATE INDEX comments_by_status  ON comments(status, created_at);
CREATE INDEX comments_by_parent  ON comments(parent_id);
CREATE INDEX comments_by_email   ON comments(author_email, status);
CREATE INDEX comments_by_ip      ON comments(ip, created_at);

CREATE TABLE sessions (
  digest     TEXT PRIMARY KEY,
  user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  last_seen  BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE login_failures (
  key      TEXT PRIMARY KEY,
  failures BIGINT NOT NULL,
  last_at  BIGINT NOT NULL
);

CREATE TABLE corrections (
  id         BIGSERIAL PRIMARY KEY,
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  body       TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX corrections_by_article ON corrections(article_id, created_at);

CREATE TABLE article_old_slugs (
  slug       TEXT PRIMARY KEY,
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX article_old_slugs_by_article ON article_old_slugs(article_id);

CREATE TABLE revisions (
  id             BIGSERIAL PRIMARY KEY,
  article_id     BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  version        BIGINT NOT NULL,
  kind           BIGINT NOT NULL,
  restored_from  BIGINT REFERENCES revisions(id) ON DELETE SET NULL,
  user_id        BIGINT REFERENCES users(id) ON DELETE SET NULL,
  user_name      TEXT NOT NULL DEFAULT '',
  created_at     BIGINT NOT NULL,
  title          TEXT NOT NULL,
  excerpt        TEXT NOT NULL,
  body           TEXT NOT NULL,
  body_format    TEXT NOT NULL DEFAULT 'text',
  category       TEXT NOT NULL DEFAULT '',
  tags           TEXT NOT NULL DEFAULT '',
  status         BIGINT NOT NULL,
  breaking_until BIGINT,
  changed        BIGINT NOT NULL DEFAULT 0,
  words_inserted BIGINT NOT NULL DEFAULT 0,
  words_deleted  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX revisions_by_article ON revisions(article_id, id);

CREATE TABLE taxonomy_redirects (
  kind      TEXT NOT NULL CHECK (kind IN ('category', 'tag')),
  old_slug  TEXT NOT NULL,
  target_id BIGINT NOT NULL,
  PRIMARY KEY (kind, old_slug)
);
CREATE INDEX taxonomy_redirects_by_target ON taxonomy_redirects(kind, target_id);

CREATE FUNCTION taxonomy_redirects_gone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM taxonomy_redirects WHERE kind = TG_ARGV[0] AND target_id = OLD.id;
  RETURN NULL;
END $$;
CREATE FUNCTION taxonomy_redirects_taken() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM taxonomy_redirects WHERE kind = TG_ARGV[0] AND old_slug = NEW.slug;
  RETURN NULL;
END $$;
CREATE TRIGGER taxonomy_redirects_tag_gone AFTER DELETE ON tags
  FOR EACH ROW EXECUTE FUNCTION taxonomy_redirects_gone('tag');
CREATE TRIGGER taxonomy_redirects_category_gone AFTER DELETE ON categories
  FOR EACH ROW EXECUTE FUNCTION taxonomy_redirects_gone('category');
CREATE TRIGGER taxonomy_redirects_tag_new AFTER INSERT OR UPDATE OF slug ON tags
  FOR EACH ROW EXECUTE FUNCTION taxonomy_redirects_taken('tag');
CREATE TRIGGER taxonomy_redirects_category_new AFTER INSERT OR UPDATE OF slug ON categories
  FOR EACH ROW EXECUTE FUNCTION taxonomy_redirects_taken('category');

CREATE TABLE article_image_refs (
  article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  url        TEXT NOT NULL
);

-- ---- Search -------------------------------------------------------------------------
-- One row per published article: the analyzer's terms (every form it indexes: stem,
-- precise and exact forms) as a tsvector of the `simple` configuration, title words at
-- weight A and body words at weight D (positions: the title's from 1, the body's after a
-- gap, so no phrase spans both), and each column's length in words, for bm25.
CREATE TABLE article_search (
  article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  terms      TSVECTOR NOT NULL,
  title_len  BIGINT NOT NULL,
  body_len   BIGINT NOT NULL,
  body_first BIGINT NOT NULL  -- the position of the body's first word in `terms`
);
CREATE INDEX article_search_terms ON article_search USING GIN (terms);

-- How many published articles hold each term, and in all (for idf, suggestions and the
-- related articles' rare words); kept by the store with the rows above.
CREATE TABLE search_vocab (
  term TEXT PRIMARY KEY,
  docs BIGINT NOT NULL
);

-- Articles whose index entry must be written again before the transaction commits.
CREATE TABLE search_queue (
  article_id BIGINT PRIMARY KEY
);
CREATE FUNCTION search_queue_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_queue(article_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER articles_search_queue AFTER INSERT OR UPDATE OF title, body, status ON articles
  FOR EACH ROW EXECUTE FUNCTION search_queue_article();

-- ---- Related articles -----------------------------------------------------------------
CREATE TABLE article_related (
  article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  position   BIGINT NOT NULL,
  related_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, position)
);
CREATE INDEX article_related_by_related ON article_related(related_id);

CREATE TABLE related_computed (
  article_id   BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  archive_size BIGINT NOT NULL
);

CREATE TABLE related_queue (
  article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
);
CREATE FUNCTION related_queue_article() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 3 THEN
    INSERT INTO related_queue(article_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER related_queue_insert AFTER INSERT ON articles
  FOR EACH ROW EXECUTE FUNCTION related_queue_article();
CREATE TRIGGER related_queue_update AFTER UPDATE OF title, body, status, category_id ON articles
  FOR EACH ROW EXECUTE FUNCTION related_queue_article();
CREATE FUNCTION related_queue_tag() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  aid BIGINT;
BEGIN
  IF TG_OP = 'DELETE' THEN aid := OLD.article_id; ELSE aid := NEW.article_id; END IF;
  INSERT INTO related_queue(article_id)
    SELECT id FROM articles WHERE id = aid AND status = 3 ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER related_queue_tag_change AFTER INSERT OR DELETE ON article_tags
  FOR EACH ROW EXECUTE FUNCTION related_queue_tag();

-- The vocabulary follows the index rows.
CREATE FUNCTION search_vocab_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE search_vocab SET docs = docs - 1 WHERE term = ANY(tsvector_to_array(OLD.terms));
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO search_vocab(term, docs) SELECT t, 1 FROM unnest(tsvector_to_array(NEW.terms)) t
      ON CONFLICT (term) DO UPDATE SET docs = search_vocab.docs + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER article_search_vocab AFTER INSERT OR UPDATE OR DELETE ON article_search
  FOR EACH ROW EXECUTE FUNCTION search_vocab_change();
