import { api } from './client'

// Hotspots (治安乱点) and their rectification (issue 10; see api/openapi.yaml).
export const hotspots = {
  // Public: status 'listed' (listed, rectifying, checking) or 'delisted', with their results; paged.
  publicList: (query) => api.get('/api/v1/hotspots', query),
  publicGet: (id) => api.get(`/api/v1/hotspots/${encodeURIComponent(id)}`),
  // Staff, within their unit scope.
  registry: (query) => api.get('/api/v1/hotspots/registry', query),
  record: (id) => api.get(`/api/v1/hotspots/${encodeURIComponent(id)}/record`),
  create: (body) => api.post('/api/v1/hotspots', body),
  update: (id, body) => api.put(`/api/v1/hotspots/${encodeURIComponent(id)}`, body),
  // {event: list|start|request_check|pass|fail, note, deadline, listed_on, campaign, findings, checked_on}
  fire: (id, body) => api.post(`/api/v1/hotspots/${encodeURIComponent(id)}/transitions`, body),
  report: (id, body) => api.post(`/api/v1/hotspots/${encodeURIComponent(id)}/reports`, body),
}

export const HOTSPOT_STATUSES = ['identified', 'listed', 'rectifying', 'checking', 'delisted']
export const HOTSPOT_KINDS = ['theft', 'robbery', 'gambling', 'drugs', 'prostitution', 'fighting', 'fraud', 'traffic', 'disorder', 'other']
export const HOTSPOT_LEVELS = ['station', 'branch', 'bureau']
