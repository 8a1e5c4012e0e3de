import { api } from './client'

// The portal's own endpoints (issue 12): the quiet session probe, the site
// search, the public statistics and a unit's statistics, and the news lists
// the home page shows (the news pages have their own client).
export const portal = {
  // 200 {user: null} when signed out: no failed request in the console.
  session: () => api.get('/api/v1/session'),
  search: (q, limit) => api.get('/api/v1/search', { q, limit }),
  overview: (months) => api.get('/api/v1/stats/overview', { months }),
  unitStats: (id, months) => api.get(`/api/v1/stats/units/${id}`, { months }),
  news: (query) => api.get('/api/v1/news', query),
}
