import { api } from './client'

// Consultations (在线咨询, issue 11; see api/openapi.yaml).
export const consult = {
  mine: (query) => api.get('/api/v1/consultations', query),
  // {officer_id | unit_id, subject, body, upload_ids?} → the thread.
  create: (body) => api.post('/api/v1/consultations', body),
  inbox: (query) => api.get('/api/v1/consultations/inbox', query),
  get: (id) => api.get(`/api/v1/consultations/${id}`),
  post: (id, body) => api.post(`/api/v1/consultations/${id}/messages`, { body }),
  read: (id) => api.post(`/api/v1/consultations/${id}/read`),
  assign: (id, userId) => api.post(`/api/v1/consultations/${id}/assign`, { user_id: userId }),
  close: (id, summary) => api.post(`/api/v1/consultations/${id}/close`, { summary }),
  rate: (id, grade, comment) => api.post(`/api/v1/consultations/${id}/rating`, { grade, comment }),
}
