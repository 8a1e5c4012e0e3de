import { api } from './client'

// Consultations (在线咨询, issue 11; see api/openapi.yaml).
export const consult = {
  mine: (query) => api.get('/api/v1/consultations', query),
  // {officer_id | unit_id | mailbox, subject, body, upload_ids?} → the thread.
  create: (body) => api.post('/api/v1/consultations', body),
  inbox: (query) => api.get('/api/v1/consultations/inbox', query),
  get: (id) => api.get(`/api/v1/consultations/${id}`),
  post: (id, body) => api.post(`/api/v1/consultations/${id}/messages`, { body }),
  read: (id) => api.post(`/api/v1/consultations/${id}/read`),
  assign: (id, userId) => api.post(`/api/v1/consultations/${id}/assign`, { user_id: userId }),
  close: (id, summary) => api.post(`/api/v1/consultations/${id}/close`, { summary }),
  rate: (id, grade, comment) => api.post(`/api/v1/consultations/${id}/rating`, { grade, comment }),
}

// The chief's mailbox (局长信箱) and the public Q&A (公开问答).
export const qa = {
  mailbox: () => api.get('/api/v1/mailboxes/chief'),
  search: (query) => api.get('/api/v1/qa', query),
  get: (id) => api.get(`/api/v1/qa/${id}`),
  // Staff: the copies of threads they work, a thread's copy, start / edit / publish / withdraw it.
  staffList: (query) => api.get('/api/v1/consultations/qa', query),
  of: (threadId) => api.get(`/api/v1/consultations/${threadId}/qa`),
  draft: (threadId) => api.post(`/api/v1/consultations/${threadId}/qa`, {}),
  edit: (threadId, body) => api.put(`/api/v1/consultations/${threadId}/qa`, body),
  publish: (threadId) => api.post(`/api/v1/consultations/${threadId}/qa/publish`, {}),
  withdraw: (threadId) => api.post(`/api/v1/consultations/${threadId}/qa/withdraw`, {}),
}
