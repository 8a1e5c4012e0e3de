import { api, request } from './client'

// Citizen reports (issue 10; see api/openapi.yaml): the public Open311 reads
// the form needs (services, a service's attributes, one request's status),
// the citizen's own reports and the staff's queue and actions.
export const reports = {
  services: () => api.get('/open311/v2/services.json'),
  definition: (code) => api.get(`/open311/v2/services/${encodeURIComponent(code)}.json`),
  // Open311 answers an array of one request; 404 when there is none.
  status: (id) => api.get(`/open311/v2/requests/${encodeURIComponent(id)}.json`).then((list) => list[0]),
  create: (body) => request('POST', '/api/v1/reports', { body }),
  mine: (query) => api.get('/api/v1/me/reports', query),
  get: (id) => api.get(`/api/v1/reports/${encodeURIComponent(id)}`),
  photoUrl: (id) => `/api/v1/reports/${encodeURIComponent(id)}/photo`,
  queue: (query) => api.get('/api/v1/reports', query),
  act: (id, body) => api.post(`/api/v1/reports/${encodeURIComponent(id)}/actions`, body),
}

// The one status a citizen reads, on the tracking card and in 我的举报 alike:
// 已办结 once closed, 已答复 once the unit has written its public answer, else 处理中.
export const publicStatus = (r) => (r?.status === 'closed' ? 'closed' : r?.status_notes ? 'answered' : 'open')

export const REPORT_STATES = ['new', 'accepted', 'assigned', 'answered', 'closed']

// What staff may do from each state (the server's transition table decides; this only shows the buttons).
export const ACTIONS_FROM = {
  new: ['accept', 'assign', 'note', 'link'],
  accepted: ['assign', 'answer', 'close', 'note', 'link'],
  assigned: ['assign', 'answer', 'close', 'note', 'link'],
  answered: ['assign', 'answer', 'close', 'note', 'link'],
  closed: ['reopen', 'note', 'link'],
}
