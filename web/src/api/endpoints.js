import { api, request } from './client'

// One function per server endpoint the web app uses (see api/openapi.yaml).

export const auth = {
  me: () => api.get('/api/v1/me'),
  register: (body) => api.post('/api/v1/auth/register', body),
  // pow: the "X-PoW" answer to the sign-in challenge (see utils/proofOfWork.js), when there is one.
  login: (login, password, pow) =>
    request('POST', '/api/v1/auth/login', { body: { login, password }, headers: pow ? { 'X-PoW': pow } : undefined }),
  logout: () => api.post('/api/v1/auth/logout'),
  changePassword: (body) => api.post('/api/v1/me/password', body),
}

export const stats = {
  public: () => api.get('/api/v1/stats/public'),
  pageView: (path) => api.post('/api/v1/stats/page-view', { path }),
}

export const bureau = {
  config: () => api.get('/api/v1/config'),
}

export const units = {
  tree: () => api.get('/api/v1/units', { format: 'tree' }),
  get: (id) => api.get(`/api/v1/units/${id}`),
  create: (body) => api.post('/api/v1/units', body),
  update: (id, body) => api.put(`/api/v1/units/${id}`, body),
  remove: (id) => api.del(`/api/v1/units/${id}`),
}

export const officers = {
  list: (query) => api.get('/api/v1/officers', query),
  get: (id) => api.get(`/api/v1/officers/${id}`),
  create: (body) => api.post('/api/v1/officers', body),
  update: (id, body) => api.put(`/api/v1/officers/${id}`, body),
  remove: (id) => api.del(`/api/v1/officers/${id}`),
}

// 按地址查找 (phone13 #3): a street, community or address → its station and,
// when a grid matches, the grid's community officer. {items: [] | [one]}.
export const directory = {
  locate: (address) => api.get('/api/v1/directory/locate', { address }),
}

export const staff = {
  list: (query) => api.get('/api/v1/staff', query),
  create: (body) => api.post('/api/v1/staff', body),
  update: (id, body) => api.put(`/api/v1/staff/${id}`, body),
  setRole: (id, role) => api.put(`/api/v1/staff/${id}/role`, { role }),
  resetPassword: (id, password) => api.post(`/api/v1/staff/${id}/password`, { password }),
  // Administrator accounts (三员分立): one requests, another approves.
  requestReset: (id) => api.post(`/api/v1/staff/${id}/password`, { request: true }),
  approveReset: (id, resetId) => api.post(`/api/v1/staff/${id}/password`, { approve: resetId }),
  cancelReset: (id, resetId) => api.post(`/api/v1/staff/${id}/password`, { cancel: resetId }),
}

export const audit = {
  list: (query) => api.get('/api/v1/audit', query),
  verify: () => api.get('/api/v1/audit/verify'),
}
