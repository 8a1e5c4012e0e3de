// Client-side checks that mirror the server's rules for sign-up and passwords,
// so a person sees a mistake before the form is sent.

const MOBILE = /^1[3-9]\d{9}$/
const ID_SHAPE = /^\d{17}[\dX]$/
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK_CHARS = '10X98765432'

export function isMobile(phone) {
  return MOBILE.test(phone)
}

// GB 11643: the 18th character is a MOD 11-2 check over the first 17 digits.
export function idNumberCheckChar(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]
  return ID_CHECK_CHARS[sum % 11]
}

export function isIdNumber(idNumber) {
  return ID_SHAPE.test(idNumber) && idNumberCheckChar(idNumber) === idNumber[17]
}

// Returns the i18n key of the first broken password rule, or null.
export function passwordProblem(password, phone) {
  if (password.length < 8) return 'validation.passwordShort'
  if (/^\d+$/.test(password)) return 'validation.passwordDigits'
  if (phone && password === phone) return 'validation.passwordIsPhone'
  return null
}

export function isPersonName(name) {
  const length = [...name.trim()].length
  return length >= 2 && length <= 30
}

export const STAFF_LOGIN = /^[a-z0-9_.-]{3,32}$/
export const BADGE_NO = /^\d{6}$/
