import { api, request } from './client'

// Appointments with an officer (预约民警, issue 11; see api/openapi.yaml).
const base = '/api/v1/officer-appointments'
export const appointments = {
  slots: (officerId, date) => api.get(`/api/v1/officers/${officerId}/appointment-slots`, { date }),
  hours: (officerId) => api.get(`/api/v1/officers/${officerId}/office-hours`),
  setHours: (officerId, body) => api.put(`/api/v1/officers/${officerId}/office-hours`, body),
  closeDay: (officerId, day, body) => api.put(`/api/v1/officers/${officerId}/office-hours/exceptions/${day}`, body),
  gridOfficer: () => api.get('/api/v1/me/grid-officer'),
  myDesk: () => api.get('/api/v1/me/officer-desk'),
  book: (body, key) => request('POST', base, { body, headers: { 'Idempotency-Key': key } }),
  mine: (query) => api.get('/api/v1/me/officer-appointments', query),
  get: (id) => api.get(`${base}/${id}`),
  icsUrl: (id) => `${base}/${id}/ics`,
  act: (id, action, body = {}) => api.post(`${base}/${id}/${action}`, body),
  desk: (officerId, query) => api.get(`/api/v1/officers/${officerId}/appointments`, query),
}

export const APPOINTMENT_STATUSES = ['requested', 'confirmed', 'proposed', 'declined', 'cancelled', 'no_show', 'attended']
