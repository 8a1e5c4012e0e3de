-- 0025_news: police news (走进警营). Articles in four categories, written
-- in Markdown and stored with the HTML rendered from it when saved (reads
-- are cheap); a cover and inline images from the uploads of the author.
--
-- An article follows draft → in_review → published (or back to draft with
-- a reason), published → unpublished → draft again. The reviewer is never
-- the author (four eyes: news/news.c checks it and the CHECK below holds
-- it). A published article is public once publish_at has come (scheduled
-- publication is a filter publish_at <= now in the public queries). The
-- transitions are conditional UPDATEs (news/news.c).

CREATE TABLE news_articles (
  id @ID@,
  slug TEXT UNIQUE,                               -- optional readable address: [a-z][a-z0-9-]{2,79}
  category TEXT NOT NULL CHECK (category IN ('police_news', 'notice', 'prevention', 'culture')),
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  body_md TEXT NOT NULL,
  body_html TEXT NOT NULL,                        -- rendered from body_md when saved (news/markdown.c)
  cover_upload_id BIGINT REFERENCES uploads(id),  -- an image the author uploaded
  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_review', 'published', 'unpublished')),
  pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
  publish_at BIGINT,                              -- when it becomes public (published only)
  author_id BIGINT NOT NULL REFERENCES users(id),
  reviewer_id BIGINT REFERENCES users(id),        -- who published it
  return_reason TEXT NOT NULL DEFAULT '',         -- why it went back to draft, or was unpublished
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (status <> 'published' OR (publish_at IS NOT NULL AND reviewer_id IS NOT NULL)),
  CHECK (reviewer_id IS NULL OR reviewer_id <> author_id),
  CHECK (pinned = 0 OR status = 'published')
);
CREATE INDEX news_articles_public ON news_articles (status, publish_at);
CREATE INDEX news_articles_cover ON news_articles (cover_upload_id);

-- The uploads an article's body shows (![...](/api/v1/news/images/ID)): the
-- uploads sweep keeps them, the public image route serves them.
CREATE TABLE news_images (
  article_id BIGINT NOT NULL REFERENCES news_articles(id) ON DELETE CASCADE,
  upload_id BIGINT NOT NULL REFERENCES uploads(id),
  PRIMARY KEY (article_id, upload_id)
);
CREATE INDEX news_images_upload ON news_images (upload_id);
