// Calendar dates and times in the bureau's time zone. The offset is the
// server's (--tz-offset, from GET /api/v1/config, loaded once before the app
// mounts); until then, and if that fails, the browser's own offset stands in.
let offsetMin = -new Date().getTimezoneOffset()

// Sets the bureau's UTC offset in minutes (the server's tz_offset_min).
export function setBureauOffset(minutes) {
  if (Number.isInteger(minutes) && minutes >= -720 && minutes <= 840) offsetMin = minutes
}

export function bureauOffsetMinutes() {
  return offsetMin
}

// "+08:00", "-05:00": the offset as RFC 3339 writes it.
export function bureauOffsetString(minutes = offsetMin) {
  const a = Math.abs(minutes)
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}

// Today and the next `days` days, YYYY-MM-DD in the bureau's zone.
export function upcomingDates(days, now = Date.now()) {
  const dates = []
  for (let i = 0; i <= days; i++) dates.push(new Date(now + offsetMin * 60000 + i * 86400000).toISOString().slice(0, 10))
  return dates
}

// "YYYY-MM-DDTHH:mm:00+08:00": the bureau's wall-clock time `hours` from now.
export function bureauTime(hours = 0, now = Date.now()) {
  const d = new Date(now + offsetMin * 60000 + hours * 3600000)
  return `${d.toISOString().slice(0, 16)}:00${bureauOffsetString()}`
}

// 0 = Sunday … 6 = Saturday, for a YYYY-MM-DD date.
export function weekday(date) {
  return new Date(`${date}T00:00:00Z`).getUTCDay()
}

// "2026-05-01T09:30:00+08:00" -> "09:30"
export function clockTime(value) {
  return value ? value.slice(11, 16) : ''
}
