-- Khabar schema 9: what an import from WordPress keeps beside its articles. A featured
-- image that could not be downloaded is kept as its address, to be fetched later.
CREATE TABLE article_image_refs (
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  url        TEXT NOT NULL
);
