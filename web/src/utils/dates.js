// Calendar dates in the bureau's time zone (Asia/Shanghai, UTC+8), as YYYY-MM-DD.
const BUREAU_OFFSET_MS = 8 * 3600 * 1000

// Today and the next `days` days.
export function upcomingDates(days, now = Date.now()) {
  const dates = []
  for (let i = 0; i <= days; i++) dates.push(new Date(now + BUREAU_OFFSET_MS + i * 86400000).toISOString().slice(0, 10))
  return dates
}

// 0 = Sunday … 6 = Saturday, for a YYYY-MM-DD date.
export function weekday(date) {
  return new Date(`${date}T00:00:00Z`).getUTCDay()
}

// "2026-05-01T09:30:00+08:00" -> "09:30"
export function clockTime(value) {
  return value ? value.slice(11, 16) : ''
}
