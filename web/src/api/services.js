import { api, request } from './client'

// The service hall (办事大厅), applications, disclosure (阳光执法), the inbox
// and the holiday calendar: one function per endpoint (see api/openapi.yaml).

const enc = encodeURIComponent
const app = (trackingNo) => `/api/v1/applications/${enc(trackingNo)}`

export const services = {
  list: (query) => api.get('/api/v1/services', query),
  categories: () => api.get('/api/v1/services/categories'),
  get: (id, version) => api.get(`/api/v1/services/${id}`, { version }),
  versions: (id) => api.get(`/api/v1/services/${id}/versions`),
  disclosure: (id) => api.get(`/api/v1/services/${id}/disclosure`),
  // The units that accept the item's applications, and the citizen's home unit among them.
  acceptingUnits: (id) => api.get(`/api/v1/services/${id}/accepting-units`),
}

export const uploads = {
  // One file as multipart/form-data, field `file`.
  send(file) {
    const body = new FormData()
    body.append('file', file)
    return request('POST', '/api/v1/uploads', { body })
  },
}

export const applications = {
  // The key makes a repeated click (or a retry) one application on the server.
  create: (body, idempotencyKey) =>
    request('POST', '/api/v1/applications', { body, headers: { 'Idempotency-Key': idempotencyKey } }),
  get: (trackingNo) => api.get(app(trackingNo)),
  mine: (query) => api.get('/api/v1/me/applications', query),
  transition: (trackingNo, body) => api.post(`${app(trackingNo)}/transitions`, body),
  rate: (trackingNo, body) => api.post(`${app(trackingNo)}/rating`, body),
  attachmentUrl: (trackingNo, uploadId) => `${app(trackingNo)}/attachments/${uploadId}`,
}

export const casework = {
  queue: (query) => api.get('/api/v1/applications', query),
  assign: (trackingNo, userId) => api.post(`${app(trackingNo)}/assign`, { user_id: userId }),
  overdue: () => api.get('/api/v1/applications/overdue'),
  followUps: () => api.get('/api/v1/applications/follow-ups'),
}

export const catalogue = {
  drafts: (query) => api.get('/api/v1/services/drafts', query),
  draft: (id) => api.get(`/api/v1/services/${id}/draft`),
  saveDraft: (id, body) => api.put(`/api/v1/services/${id}/draft`, body),
  create: (body) => api.post('/api/v1/services', body),
  publish: (id) => api.post(`/api/v1/services/${id}/publish`),
}

export const disclosure = {
  overall: () => api.get('/api/v1/disclosure'),
}

export const inbox = {
  list: (query) => api.get('/api/v1/me/notifications', query),
  markRead: (id) => api.post(`/api/v1/me/notifications/${id}/read`),
}

export const calendar = {
  year: (year) => api.get('/api/v1/calendar', { year }),
  set: (day, body) => api.put(`/api/v1/calendar/${day}`, body),
  remove: (day) => api.del(`/api/v1/calendar/${day}`),
}
