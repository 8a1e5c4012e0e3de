// Number-plate rules for the traffic pages: the plate types of GA 24.7
// (号牌种类) and the plate shapes of GA 36, checked before a form is sent.
// The server checks the same rules; these only catch a mistake early.

// The types the bureau's vehicle register holds (GET /api/v1/plate-types),
// in the order people look for them.
export const PLATE_TYPES = ['02', '01', '52', '51', '07', '15', '16', '23']

// 浙 first (the bureau is in Zhejiang), then the others in the usual order.
export const PROVINCES = [
  '浙', '沪', '苏', '皖', '闽', '赣', '京', '津', '冀', '晋', '蒙', '辽', '吉', '黑', '鲁', '豫',
  '鄂', '湘', '粤', '桂', '琼', '渝', '川', '贵', '云', '藏', '陕', '甘', '青', '宁', '新',
]

// Letters and digits of a plate: never I or O.
const CH = '[A-HJ-NP-Z0-9]'
const ISSUER = '[A-HJ-NP-Z]'
// New-energy marks: D/A/B/C/E electric, F/G/H/J/K hybrid.
const NEV = '[A-HJK]'

const SHAPES = {
  // Large new-energy vehicle: five digits, then the energy letter (浙J12345D).
  51: new RegExp(`^${ISSUER}\\d{5}${NEV}$`),
  // Small new-energy vehicle: the energy letter, a letter or digit, four digits (浙JD12345, 浙JDA1234).
  52: new RegExp(`^${ISSUER}${NEV}${CH}\\d{4}$`),
  15: new RegExp(`^${ISSUER}${CH}{4}挂$`),
  16: new RegExp(`^${ISSUER}${CH}{4}学$`),
  23: new RegExp(`^${ISSUER}${CH}{4}警$`),
}
const ORDINARY = new RegExp(`^${ISSUER}${CH}{5}$`)

// As printed and as an IME types it: full-width letters and digits made
// ASCII, upper case, no spaces (also U+3000) or middle dots:
// "浙ｊ·１2345 " -> "浙J12345".
export function normalizePlate(plate) {
  return (plate ?? '')
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000·•.\-]/g, '')
    .toUpperCase()
}

// Returns the i18n key of what is wrong with a whole plate ("浙J12345")
// for the given type, or null when it looks right.
export function plateProblem(plateType, plate) {
  const value = normalizePlate(plate)
  if (!value) return 'traffic.validation.plateRequired'
  if (!PROVINCES.includes(value[0])) return 'traffic.validation.province'
  const rest = value.slice(1)
  if (/[IO]/.test(rest)) return 'traffic.validation.plateIO'
  const shape = SHAPES[plateType] ?? ORDINARY
  if (shape.test(rest)) return null
  if (plateType === '51' || plateType === '52') return 'traffic.validation.plateNev'
  return 'traffic.validation.plate'
}

// The last six characters of an engine number: letters and digits.
export function isEngine6(value) {
  return /^[A-Z0-9]{6}$/i.test(value ?? '')
}

// Splits "浙J12345" into its province and the rest, for the province picker.
export function splitPlate(plate) {
  const value = normalizePlate(plate)
  if (value && PROVINCES.includes(value[0])) return { province: value[0], rest: value.slice(1) }
  return { province: PROVINCES[0], rest: value }
}

// What is typed into the box beside the province picker, as the picker and
// the rest: "浙J12345" typed whole (with 浙 or another province first, even
// twice) sets the picker to that province and keeps "J12345"; without a
// province the picker stays as it is.
export function splitTyped(typed, province) {
  let rest = normalizePlate(typed)
  let picked = province
  while (rest && PROVINCES.includes(rest[0])) {
    picked = rest[0]
    rest = rest.slice(1)
  }
  return { province: picked, rest }
}
