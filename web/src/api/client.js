import { useSessionStore } from '@/stores/session'
import { i18n } from '@/i18n'

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

// A failed request: the server's problem+json fields, or status 0 when the
// server could not be reached.
export class ApiError extends Error {
  constructor(status, problem = {}, retryAfter = null) {
    super(problem.detail || problem.title || `HTTP ${status}`)
    this.status = status
    this.type = problem.type ?? null
    this.title = problem.title ?? null
    this.detail = problem.detail ?? null
    this.errors = Array.isArray(problem.errors) ? problem.errors : []
    this.retryAfter = retryAfter === null ? null : Number(retryAfter)
    // The whole problem, for members some endpoints add (the plate guard's challenge …).
    this.problem = problem
  }
}

function buildUrl(path, query) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, value)
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

async function readBody(response) {
  const text = await response.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

// Sends one JSON request; resolves to the parsed body (null for 204) or
// rejects with an ApiError.
// `headers` adds request headers (e.g. Idempotency-Key); a FormData body is
// sent as multipart/form-data, a Blob as it is (with the Blob's type).
export async function request(method, path, { query, body, headers: extra } = {}) {
  const session = useSessionStore()
  // The server writes its messages in the language the page shows.
  const headers = {
    Accept: 'application/json, application/problem+json',
    'Accept-Language': i18n.global.locale.value,
    ...extra,
  }
  const asIs = body instanceof FormData || body instanceof Blob
  if (body !== undefined && !asIs) headers['Content-Type'] = 'application/json'
  if (UNSAFE_METHODS.has(method) && session.csrfToken) headers['X-CSRF-Token'] = session.csrfToken

  let response
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined || asIs ? body : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0)
  }

  const data = await readBody(response)
  if (response.ok) return data
  if (response.status === 401) session.clear()
  throw new ApiError(response.status, data ?? {}, response.headers.get('Retry-After'))
}

export const api = {
  get: (path, query) => request('GET', path, { query }),
  post: (path, body) => request('POST', path, { body }),
  put: (path, body) => request('PUT', path, { body }),
  del: (path) => request('DELETE', path),
}
