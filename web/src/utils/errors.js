// Turns an ApiError into one sentence for a message box. A refusal (403)
// shows the server's reason (in the page's language) when it gives one.
export function describeError(t, error) {
  if (!error || error.status === undefined) return t('errors.unexpected')
  if (error.status === 0) return t('errors.network')
  if (error.status === 429) {
    const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60))
    return error.type === '/problems/locked' ? t('errors.locked', { minutes }) : t('errors.rateLimited', { minutes })
  }
  if (error.status >= 500) return t('errors.server')
  if (error.status === 403) return error.detail || t('errors.forbidden')
  return error.detail || error.title || t('errors.unexpected')
}
