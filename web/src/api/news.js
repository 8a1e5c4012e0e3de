import { api } from './client'

// Police news (走进警营): the public list, article and feed; the console's
// articles, their workflow and the Markdown preview (see api/openapi.yaml).

export const NEWS_CATEGORIES = ['police_news', 'notice', 'prevention', 'culture']
export const NEWS_STATUSES = ['draft', 'in_review', 'published', 'unpublished']
export const NEWS_FEED_URL = '/api/v1/news/feed.atom'

export const news = {
  // {category, q, limit, cursor} → {items, next_cursor}; pinned first, then newest.
  list: (query) => api.get('/api/v1/news', query),
  // key: the article's slug or id; published and due only (404 otherwise).
  get: (key) => api.get(`/api/v1/news/${encodeURIComponent(key)}`),
}

const article = (id) => `/api/v1/news/articles/${id}`

export const newsDesk = {
  list: (query) => api.get('/api/v1/news/articles', query),
  get: (id) => api.get(article(id)),
  create: (body) => api.post('/api/v1/news/articles', body),
  update: (id, body) => api.put(article(id), body),
  // action: submit, return, publish, unpublish, reopen; extra: {reason} or {publish_at}.
  act: (id, action, extra = {}) => api.post(`${article(id)}/actions`, { action, ...extra }),
  pin: (id, pinned) => api.post(`${article(id)}/pin`, { pinned }),
  // The HTML the server would store for this Markdown (422 names the line it refuses).
  preview: (body) => api.post('/api/v1/news/preview', { body }),
}
