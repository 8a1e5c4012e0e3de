// Masked display of personal numbers, as the server masks them: an ID number
// keeps its first six and last four characters, a phone its first three and
// last four. Already masked or too short values are returned as they are.
export function maskIdNumber(id) {
  const s = String(id ?? '')
  return s.length === 18 && !s.includes('*') ? `${s.slice(0, 6)}********${s.slice(14)}` : s
}

export function maskPhone(phone) {
  const s = String(phone ?? '')
  return s.length === 11 && !s.includes('*') ? `${s.slice(0, 3)}****${s.slice(7)}` : s
}
