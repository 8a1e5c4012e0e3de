// "2026-05-01T09:30:00+08:00" -> "2026-05-01 09:30" (the server already sends bureau time).
export function formatTime(value) {
  if (!value) return ''
  return value.slice(0, 16).replace('T', ' ')
}

export function formatCount(value, locale) {
  return new Intl.NumberFormat(locale).format(value ?? 0)
}
