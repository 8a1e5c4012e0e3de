import { api } from './client'

// Community officers' work logs (issue 10; see api/openapi.yaml): the
// author's own logs, the month view and the station's workload table.
export const worklogs = {
  create: (body) => api.post('/api/v1/worklogs', body),
  update: (id, body) => api.put(`/api/v1/worklogs/${id}`, body),
  remove: (id) => api.del(`/api/v1/worklogs/${id}`),
  get: (id) => api.get(`/api/v1/worklogs/${id}`),
  // A page of logs: {kind, officer_id, resident_id, from, to, limit, cursor}.
  list: (query) => api.get('/api/v1/worklogs', query),
  // One officer's month (default: the signed-in user's own), YYYY-MM.
  month: (month, officerId) => api.get('/api/v1/worklogs/month', { month, officer_id: officerId }),
  // The station's table (station_chief, unit_admin), YYYY-MM.
  workload: (month, unitId) => api.get('/api/v1/worklogs/workload', { month, unit_id: unitId }),
}

export const WORKLOG_KINDS = ['patrol', 'visit', 'info', 'mediation']
export const INFO_KINDS = ['clue', 'opinion', 'hazard', 'population', 'other']
export const DISPUTES = ['neighbour', 'family', 'marriage', 'property', 'labour', 'consumer', 'traffic', 'other']
export const OUTCOMES = ['mediated', 'agreement', 'referred', 'failed']
