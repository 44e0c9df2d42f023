-- Khabar on PostgreSQL, schema 3: the change journal, as SQLite's 010_changes.sql keeps it
-- (the same table, the same keys, from the same writes: see that file and
-- src/http/page_keys.h), so that every node's page cache drops exactly the pages a write
-- changed, and a NOTIFY on the channel khabar_changes wakes the nodes when it commits.
--
-- Numbered at commit time. A sequence would number rows in the order transactions wrote
-- them, not the order they commit, and leave holes where one rolled back (a reader takes a
-- hole for pruned rows and drops everything). So the triggers queue keys in
-- changes_pending; the last thing a writing transaction does before it commits (a deferred
-- trigger, once per transaction) moves them into `changes` with the numbers that follow
-- changes_counter.last, which it raises. The counter's row stays locked until that
-- transaction commits, so the next writer numbers after it, whoever it is (a node, `khabar
-- import`, `khabar comments approve`, psql), and readers never see seq 12 before seq 11.
-- A transaction's keys are numbered once each (in key order: within one transaction the
-- order means nothing). No sequence on the way: the store reads new rows' ids with
-- lastval(), which a sequence used by a trigger would change.
CREATE TABLE changes (
  seq BIGINT PRIMARY KEY,
  key TEXT NOT NULL,
  at  BIGINT NOT NULL
);
CREATE INDEX changes_by_time ON changes(at);

-- The last number given (kept when the rows are pruned). One row.
CREATE TABLE changes_counter (last BIGINT NOT NULL);
INSERT INTO changes_counter VALUES (0);

-- Keys of transactions still running, and which of them have keys: each holds only rows of
-- uncommitted transactions (a writer empties its own before it commits), so they need no
-- log (UNLOGGED: emptied after a crash, which aborts those transactions anyway).
CREATE UNLOGGED TABLE changes_pending (key TEXT NOT NULL);
CREATE UNLOGGED TABLE changes_pending_txn (txid BIGINT PRIMARY KEY);

-- Queues `keys` in this transaction; the first call arms the numbering at commit.
CREATE FUNCTION changes_add(keys TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF keys IS NULL OR cardinality(keys) = 0 THEN RETURN; END IF;
  INSERT INTO changes_pending(key) SELECT unnest(keys);
  INSERT INTO changes_pending_txn VALUES (txid_current()) ON CONFLICT DO NOTHING;
END $$;

-- At commit: number this transaction's keys after the counter, and say so to the nodes
-- (the notification is delivered when the transaction commits, in commit order; its
-- payload is the last number).
CREATE FUNCTION changes_number() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n    BIGINT;
  base BIGINT;
BEGIN
  DELETE FROM changes_pending_txn WHERE txid = NEW.txid;
  -- Only this transaction's rows are visible here: others' are uncommitted or gone.
  SELECT count(DISTINCT key) INTO n FROM changes_pending;
  IF n = 0 THEN RETURN NULL; END IF;
  UPDATE changes_counter SET last = last + n RETURNING last - n INTO base;
  WITH moved AS (DELETE FROM changes_pending RETURNING key),
       distinct_keys AS (SELECT DISTINCT key FROM moved)
  INSERT INTO changes(seq, key, at)
    SELECT base + row_number() OVER (ORDER BY key), key, extract(epoch FROM now())::BIGINT
    FROM distinct_keys;
  PERFORM pg_notify('khabar_changes', (base + n)::TEXT);
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER changes_number_at_commit AFTER INSERT ON changes_pending_txn
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION changes_number();

-- ---- What each write changes (as in SQLite's 010_changes.sql) ---------------------------

-- Articles: published ones, or ones leaving or entering the site.
CREATE FUNCTION changes_article() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  keys  TEXT[];
  moved BOOLEAN;
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM changes_add(ARRAY['article:' || NEW.id, 'list', 'ticker',
                              'category:' || COALESCE(NEW.category_id, 0),
                              'author:' || COALESCE(NEW.author_id, 0)]);
  ELSIF TG_OP = 'DELETE' THEN
    -- Before the delete, while its tags are still there.
    PERFORM changes_add(ARRAY['article:' || OLD.id, 'list', 'ticker',
                              'category:' || COALESCE(OLD.category_id, 0),
                              'author:' || COALESCE(OLD.author_id, 0)] ||
                        ARRAY(SELECT 'tag:' || tag_id FROM article_tags
                              WHERE article_id = OLD.id));
    RETURN OLD;
  ELSE
    keys := ARRAY['article:' || NEW.id];
    moved := OLD.status IS DISTINCT FROM NEW.status
             OR OLD.published_at IS DISTINCT FROM NEW.published_at;
    -- In or out of the lists, or moved within them.
    IF moved OR OLD.category_id IS DISTINCT FROM NEW.category_id
       OR OLD.author_id IS DISTINCT FROM NEW.author_id THEN
      keys := keys || ARRAY['list', 'category:' || COALESCE(OLD.category_id, 0),
                            'category:' || COALESCE(NEW.category_id, 0),
                            'author:' || COALESCE(OLD.author_id, 0),
                            'author:' || COALESCE(NEW.author_id, 0)];
    END IF;
    IF moved THEN
      keys := keys || ARRAY(SELECT 'tag:' || tag_id FROM article_tags WHERE article_id = NEW.id);
    END IF;
    -- What the ticker shows of it: its title, address, date and breaking window.
    IF moved OR OLD.title IS DISTINCT FROM NEW.title OR OLD.slug IS DISTINCT FROM NEW.slug
       OR OLD.breaking_until IS DISTINCT FROM NEW.breaking_until THEN
      keys := keys || ARRAY['ticker'];
    END IF;
    PERFORM changes_add(keys);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER changes_article_insert AFTER INSERT ON articles
  FOR EACH ROW WHEN (NEW.status = 3) EXECUTE FUNCTION changes_article();
CREATE TRIGGER changes_article_delete BEFORE DELETE ON articles
  FOR EACH ROW WHEN (OLD.status = 3) EXECUTE FUNCTION changes_article();
CREATE TRIGGER changes_article_update AFTER UPDATE ON articles
  FOR EACH ROW WHEN (OLD.status = 3 OR NEW.status = 3) EXECUTE FUNCTION changes_article();

-- An article's tags (membership of the tag archives) while it is published.
CREATE FUNCTION changes_article_tag() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  aid BIGINT;
  tid BIGINT;
BEGIN
  IF TG_OP = 'DELETE' THEN
    aid := OLD.article_id;
    tid := OLD.tag_id;
  ELSE
    aid := NEW.article_id;
    tid := NEW.tag_id;
  END IF;
  IF EXISTS (SELECT 1 FROM articles WHERE id = aid AND status = 3) THEN
    PERFORM changes_add(ARRAY['tag:' || tid, 'article:' || aid]);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER changes_article_tag AFTER INSERT OR DELETE ON article_tags
  FOR EACH ROW EXECUTE FUNCTION changes_article_tag();

-- Names and slugs of tags, categories and authors show on the articles that carry them.
CREATE FUNCTION changes_tag() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM changes_add(ARRAY['tag:' || OLD.id]);
  ELSE
    PERFORM changes_add(ARRAY['tag:' || NEW.id] ||
                        ARRAY(SELECT 'article:' || t.article_id FROM article_tags t
                              JOIN articles a ON a.id = t.article_id
                              WHERE t.tag_id = NEW.id AND a.status = 3));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER changes_tag_update AFTER UPDATE OF name, slug ON tags
  FOR EACH ROW EXECUTE FUNCTION changes_tag();
CREATE TRIGGER changes_tag_delete AFTER DELETE ON tags
  FOR EACH ROW EXECUTE FUNCTION changes_tag();

CREATE FUNCTION changes_category() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM changes_add(ARRAY['nav', 'category:' || OLD.id]);
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM changes_add(ARRAY['nav', 'category:' || NEW.id]);
  ELSE
    PERFORM changes_add(ARRAY['nav', 'category:' || NEW.id]);
    IF OLD.name IS DISTINCT FROM NEW.name OR OLD.slug IS DISTINCT FROM NEW.slug THEN
      PERFORM changes_add(ARRAY(SELECT 'article:' || id FROM articles
                                WHERE category_id = NEW.id AND status = 3));
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER changes_category_insert AFTER INSERT ON categories
  FOR EACH ROW EXECUTE FUNCTION changes_category();
CREATE TRIGGER changes_category_update AFTER UPDATE OF name, slug, position ON categories
  FOR EACH ROW EXECUTE FUNCTION changes_category();
CREATE TRIGGER changes_category_delete AFTER DELETE ON categories
  FOR EACH ROW EXECUTE FUNCTION changes_category();

CREATE FUNCTION changes_author() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM changes_add(ARRAY['author:' || NEW.id] ||
                      ARRAY(SELECT 'article:' || id FROM articles
                            WHERE author_id = NEW.id AND status = 3));
  RETURN NULL;
END $$;
CREATE TRIGGER changes_author_update AFTER UPDATE OF name, slug ON authors
  FOR EACH ROW EXECUTE FUNCTION changes_author();

-- Approved comments: approving, unapproving, editing or deleting one.
CREATE FUNCTION changes_comment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM changes_add(ARRAY['comments:' || OLD.article_id]);
  ELSIF TG_OP = 'INSERT' THEN
    PERFORM changes_add(ARRAY['comments:' || NEW.article_id]);
  ELSIF OLD.article_id IS NOT DISTINCT FROM NEW.article_id THEN
    PERFORM changes_add(ARRAY['comments:' || NEW.article_id]);
  ELSE
    PERFORM changes_add(ARRAY['comments:' || NEW.article_id, 'comments:' || OLD.article_id]);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER changes_comment_insert AFTER INSERT ON comments
  FOR EACH ROW WHEN (NEW.status = 1) EXECUTE FUNCTION changes_comment();
CREATE TRIGGER changes_comment_update AFTER UPDATE ON comments
  FOR EACH ROW WHEN (OLD.status = 1 OR NEW.status = 1) EXECUTE FUNCTION changes_comment();
CREATE TRIGGER changes_comment_delete AFTER DELETE ON comments
  FOR EACH ROW WHEN (OLD.status = 1) EXECUTE FUNCTION changes_comment();

-- Corrections and featured images show on the article.
CREATE FUNCTION changes_correction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM changes_add(ARRAY['article:' || OLD.article_id]);
  ELSE
    PERFORM changes_add(ARRAY['article:' || NEW.article_id]);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER changes_correction AFTER INSERT OR UPDATE OR DELETE ON corrections
  FOR EACH ROW EXECUTE FUNCTION changes_correction();

CREATE FUNCTION changes_media() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM changes_add(ARRAY(SELECT 'article:' || id FROM articles
                            WHERE featured_media_id = NEW.id AND status = 3));
  RETURN NULL;
END $$;
CREATE TRIGGER changes_media_update AFTER UPDATE ON media
  FOR EACH ROW EXECUTE FUNCTION changes_media();

-- The related blocks, computed in the background.
CREATE FUNCTION changes_related() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM changes_add(ARRAY['related:' || OLD.article_id]);
  ELSE
    PERFORM changes_add(ARRAY['related:' || NEW.article_id]);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER changes_related AFTER INSERT OR DELETE ON article_related
  FOR EACH ROW EXECUTE FUNCTION changes_related();
