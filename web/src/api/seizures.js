import { api } from './client'

// The stolen-vehicle registry (涉赃车辆, issue 10; see api/openapi.yaml).
export const stolen = {
  list: (query) => api.get('/api/v1/stolen-vehicles', query),
  report: (body) => api.post('/api/v1/stolen-vehicles', body),
  check: (query) => api.get('/api/v1/stolen-vehicles/check', query),
  seize: (id, body) => api.post(`/api/v1/stolen-vehicles/${id}/seize`, body),
  giveBack: (id, body) => api.post(`/api/v1/stolen-vehicles/${id}/return`, body),
  cancel: (id, reason) => api.post(`/api/v1/stolen-vehicles/${id}/cancel`, { reason }),
  // Public: counts only.
  totals: () => api.get('/api/v1/seizures/public'),
}

export const STOLEN_STATUSES = ['reported', 'seized', 'returned', 'cancelled']
export const STOLEN_KINDS = ['ebike', 'car', 'motorcycle', 'other']
