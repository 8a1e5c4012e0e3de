import { api, request } from './client'

// The traffic services' endpoints (issue 4; see api/openapi.yaml).

// pow: the "X-PoW" answer to the plate guard's challenge (see utils/proofOfWork.js), when there is one.
const powHeaders = (pow) => (pow ? { 'X-PoW': pow } : undefined)

export const violations = {
  query: ({ plate_type, plate, engine6, cursor }, pow) =>
    request('GET', '/api/v1/violations', { query: { plate_type, plate, engine6, cursor, limit: 50 }, headers: powHeaders(pow) }),
  mine: (query) => api.get('/api/v1/me/violations', query),
  handle: (id) => api.post(`/api/v1/me/violations/${id}/handle`),
  licence: () => api.get('/api/v1/me/licence'),
}

export const vehicles = {
  mine: () => api.get('/api/v1/me/vehicles'),
  // 201: the vehicle (registered to the citizen's ID number); 202: {consent_id, status: 'pending'} sent to its owner.
  bind: (body, pow) => request('POST', '/api/v1/me/vehicles', { body, headers: powHeaders(pow) }),
  unbind: (id) => api.del(`/api/v1/me/vehicles/${id}`),
}

// Consent to use another person's vehicle: the owner approves, declines or revokes; the requester withdraws.
export const consents = {
  list: () => api.get('/api/v1/me/vehicle-consents'),
  act: (id, action) => api.post(`/api/v1/me/vehicle-consents/${id}/${action}`),
}

export const roads = {
  conditions: (district) => api.get('/api/v1/road-conditions', { district }),
  createSegment: (body) => api.post('/api/v1/road-conditions/segments', body),
  updateSegment: (id, body) => api.put(`/api/v1/road-conditions/segments/${id}`, body),
  removeSegment: (id) => api.del(`/api/v1/road-conditions/segments/${id}`),
  createIncident: (body) => api.post('/api/v1/road-conditions/incidents', body),
  endIncident: (id) => api.post(`/api/v1/road-conditions/incidents/${id}/end`),
}

export const inspection = {
  stations: () => api.get('/api/v1/inspection/stations'),
  slots: (stationId, date) => api.get('/api/v1/inspection/slots', { station_id: stationId, date }),
  // The key makes a repeated click (or a retried request) book only once.
  book: (body, idempotencyKey) =>
    request('POST', '/api/v1/inspection/appointments', { body, headers: { 'Idempotency-Key': idempotencyKey } }),
  mine: () => api.get('/api/v1/me/appointments'),
  get: (id) => api.get(`/api/v1/inspection/appointments/${id}`),
  reschedule: (id, slotId) => api.put(`/api/v1/inspection/appointments/${id}`, { slot_id: slotId }),
  cancel: (id) => api.del(`/api/v1/inspection/appointments/${id}`),
  icsUrl: (id) => `/api/v1/inspection/appointments/${id}/ics`,
  day: (stationId, date) => api.get(`/api/v1/inspection/stations/${stationId}/day`, { date }),
  checkIn: (id) => api.post(`/api/v1/inspection/appointments/${id}/check-in`),
  noShow: (id) => api.post(`/api/v1/inspection/appointments/${id}/no-show`),
  alerts: () => api.get('/api/v1/inspection/alerts'),
  setException: (stationId, day, body) => api.put(`/api/v1/inspection/stations/${stationId}/exceptions/${day}`, body),
}
