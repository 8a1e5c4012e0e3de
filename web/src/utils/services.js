// Service hall helpers: application statuses, form-field checks that mirror
// the server's rules, and file checks for attachments.
import { isIdNumber, isMobile } from './validators'

// Element Plus tag colour of each application status.
const STATUS_TAGS = {
  submitted: 'primary',
  accepted: 'primary',
  not_accepted: 'danger',
  supplement_requested: 'warning',
  under_review: 'primary',
  approved: 'success',
  refused: 'danger',
  completed: 'success',
  withdrawn: 'info',
}

export function statusTag(status) {
  return STATUS_TAGS[status] ?? 'info'
}

// Every status in the order a case moves through them (for filters).
export const STATUSES = ['submitted', 'accepted', 'supplement_requested', 'under_review', 'approved', 'completed', 'not_accepted', 'refused', 'withdrawn']

export const FINAL_STATUSES = ['not_accepted', 'refused', 'completed', 'withdrawn']

// Chinese vehicle plate: province, letter, 5 or 6 characters (new-energy plates have 6).
const PLATE = /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4,5}[A-HJ-NP-Z0-9挂学警港澳]$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

function isRealDate(value) {
  if (!DATE.test(value)) return false
  const date = new Date(`${value}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value
}

// Returns [i18n key, params] of the first rule a form value breaks, or null.
export function fieldProblem(field, raw) {
  const value = typeof raw === 'string' ? raw.trim() : raw
  const empty = value === undefined || value === null || value === ''
  // A choice or a date is chosen, not typed: the message says so.
  if (empty) return field.required ? [['choice', 'date'].includes(field.type) ? 'validation.choose' : 'validation.required', { field: field.label }] : null
  switch (field.type) {
    case 'id_number':
      return isIdNumber(String(value).toUpperCase()) ? null : ['validation.idNumber', {}]
    case 'phone':
      return isMobile(String(value)) ? null : ['validation.phone', {}]
    case 'plate':
      return PLATE.test(String(value).toUpperCase()) ? null : ['svc.apply.badPlate', {}]
    case 'date':
      return isRealDate(String(value)) ? null : ['svc.apply.badDate', {}]
    case 'number': {
      const n = Number(value)
      if (!Number.isFinite(n)) return ['svc.apply.badNumber', {}]
      if (field.min !== undefined && n < field.min) return ['svc.apply.tooSmall', { min: field.min }]
      if (field.max !== undefined && n > field.max) return ['svc.apply.tooLarge', { max: field.max }]
      return null
    }
    case 'choice': {
      const values = (field.options ?? []).map((o) => (typeof o === 'object' ? o.value : o))
      return values.includes(value) ? null : ['svc.apply.badChoice', {}]
    }
    default: {
      // The server publishes every field's limits in the item's guide
      // (max_length, min, max): no copies of its defaults here.
      const max = field.max_length
      if (max && [...String(value)].length > max) return ['svc.apply.tooLong', { max }]
      if (field.pattern && !new RegExp(field.pattern).test(String(value))) return ['svc.apply.badFormat', {}]
      return null
    }
  }
}

// The value as the server wants it (numbers as numbers, plates upper case).
export function normalizeValue(field, value) {
  if (value === undefined || value === null || value === '') return undefined
  if (field.type === 'number') return Number(value)
  if (field.type === 'id_number' || field.type === 'plate') return String(value).trim().toUpperCase()
  return typeof value === 'string' ? value.trim() : value
}

// The first bytes of the accepted file types: the server decides by content,
// the browser checks the same way so a renamed file is caught before upload.
const SIGNATURES = [
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
]

export async function sniffType(file) {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer())
  const hit = SIGNATURES.find(({ bytes }) => bytes.every((b, i) => head[i] === b))
  return hit?.type ?? null
}

// Short names for MIME types in the guide and the upload hints.
export function typeLabel(mime) {
  return { 'image/png': 'PNG', 'image/jpeg': 'JPG', 'application/pdf': 'PDF' }[mime] ?? mime
}

export function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}

// Disclosure figures: a 0..1 rate as a percentage, an average rating with one decimal; '—' when unknown.
export function formatRate(rate) {
  return rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`
}

export function formatRating(value) {
  return value === null || value === undefined ? '—' : value.toFixed(1)
}

export function formatFee(cents) {
  return (cents / 100).toFixed(2)
}

// A random key for one application attempt.
export function newIdempotencyKey() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID()
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}
