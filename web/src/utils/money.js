// Money arrives from the server in integer cents ("fine_cents": 20000).

// 20000 -> "200.00"; the page adds the currency word ("元" / "yuan").
export function formatYuan(cents) {
  const value = Number(cents ?? 0)
  const sign = value < 0 ? '-' : ''
  const abs = Math.abs(value)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}
