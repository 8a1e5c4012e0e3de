import { api } from './client'

// Community policing (issue 10; see api/openapi.yaml): grids, residents,
// rental houses and self-managed groups, for community police only.
export const RESIDENT_KINDS = ['registered', 'migrant']
export const PERMIT_STATUSES = ['none', 'applied', 'valid', 'expired']
export const GROUP_KINDS = ['xinmin', 'pianzu']

export const community = {
  grids: () => api.get('/api/v1/grids'),
  grid: (id) => api.get(`/api/v1/grids/${id}`),
  gridStats: (id) => api.get(`/api/v1/grids/${id}/stats`),
  stationStats: (unitId) => api.get('/api/v1/community/stats', { unit_id: unitId || undefined }),
  residents: (query) => api.get('/api/v1/residents', query),
  resident: (id) => api.get(`/api/v1/residents/${id}`),
  createResident: (body) => api.post('/api/v1/residents', body),
  updateResident: (id, body) => api.put(`/api/v1/residents/${id}`, body),
  houses: (query) => api.get('/api/v1/rental-houses', query),
  house: (id) => api.get(`/api/v1/rental-houses/${id}`),
  createHouse: (body) => api.post('/api/v1/rental-houses', body),
  updateHouse: (id, body) => api.put(`/api/v1/rental-houses/${id}`, body),
  groups: (query) => api.get('/api/v1/resident-groups', query),
  group: (id) => api.get(`/api/v1/resident-groups/${id}`),
  createGroup: (body) => api.post('/api/v1/resident-groups', body),
  updateGroup: (id, body) => api.put(`/api/v1/resident-groups/${id}`, body),
}
