// Money arrives from the server in integer cents ("fine_cents": 20000).

// 20000 -> "200.00"; the page adds the currency word ("元" / "yuan").
export function formatYuan(cents) {
  const value = Number(cents ?? 0)
  const sign = value < 0 ? '-' : ''
  const abs = Math.abs(value)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

// What a person typed in yuan ("12", "12.3", "12.34") -> integer cents, read
// as a string so that no float rounding ever changes an amount; null when it
// is not a positive amount of money with at most two decimals.
export function parseYuan(text) {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(String(text ?? ''))
  if (!match) return null
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
  return cents > 0 ? cents : null
}
