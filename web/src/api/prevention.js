import { api, request } from './client'

// The crime-prevention bus (防范宣传车, issue 10; see api/openapi.yaml).
export const bus = {
  // Public: the month's events ("YYYY-MM") and the monthly totals.
  calendar: (month) => api.get('/api/v1/prevention/calendar', { month }),
  totals: (query) => api.get('/api/v1/prevention/totals', query),
  // Public form; pow: the "X-PoW" answer to the per-address challenge (utils/proofOfWork.js).
  ask: (body, pow) => request('POST', '/api/v1/prevention/requests', { body, headers: pow ? { 'X-PoW': pow } : undefined }),
  // The stations a request may go to.
  stations: () => api.get('/api/v1/units', { kind: 'station', limit: 100 }),
  // Staff.
  requests: (query) => api.get('/api/v1/prevention/requests', query),
  approve: (id, body) => api.post(`/api/v1/prevention/requests/${id}/approve`, body),
  decline: (id, reason) => api.post(`/api/v1/prevention/requests/${id}/decline`, { reason }),
  events: (query) => api.get('/api/v1/prevention/events', query),
  schedule: (body) => api.post('/api/v1/prevention/events', body),
  held: (id, visitors) => api.post(`/api/v1/prevention/events/${id}/held`, { visitors }),
  cancel: (id, reason) => api.post(`/api/v1/prevention/events/${id}/cancel`, { reason }),
}

export const ORG_KINDS = ['school', 'village', 'company', 'community', 'other']
export const REQUEST_STATUSES = ['pending', 'approved', 'declined']
