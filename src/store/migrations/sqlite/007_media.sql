-- Khabar schema 7: the media library (uploaded images) and each article's featured image.
-- The image files live in the media folder, named by content hash; a row is written only
-- after its files are in place.
CREATE TABLE media (
  id            INTEGER PRIMARY KEY,
  hash          TEXT NOT NULL,     -- 16 hex digits of BLAKE2b over the uploaded bytes
  original_name TEXT NOT NULL,     -- sanitized; for the newsroom's eyes only
  mime          TEXT NOT NULL,     -- of the upload
  width         INTEGER NOT NULL,  -- upright, after EXIF rotation
  height        INTEGER NOT NULL,
  variants      TEXT NOT NULL,     -- JSON: [{"w":480,"h":320,"type":"image/jpeg","file":"…"}]
  alt           TEXT NOT NULL,
  uploaded_by   INTEGER REFERENCES users(id) ON DELETE SET NULL,
  created_at    INTEGER NOT NULL
);
CREATE INDEX media_by_hash ON media(hash);

ALTER TABLE articles ADD COLUMN featured_media_id INTEGER REFERENCES media(id) ON DELETE SET NULL;
