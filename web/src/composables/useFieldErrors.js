import { nextTick, reactive } from 'vue'

// Per-field messages from a 422 problem+json response, for el-form-item's
// `error` prop: fields[name] is the server's message (in the page's
// language) for the field it named, e.g. fields.unit_id or
// fields['attributes.noise_source']. One helper for every form: take() the
// error, then the form items show their own message and reveal() brings the
// first one into view (a phone may have scrolled to the submit button).
export function useFieldErrors() {
  const fields = reactive({})

  function clear() {
    for (const key of Object.keys(fields)) delete fields[key]
  }

  // Returns true when the error named at least one field; a form item shows
  // it when its name is among `known` (or always, when known is not given).
  function take(error, known) {
    clear()
    for (const { field, message } of error?.errors ?? []) {
      if (!field || (known && !known.includes(field))) continue
      fields[field] = message
    }
    const named = Object.keys(fields).length > 0
    if (named) reveal()
    return named
  }

  // Scrolls the first form item in error into view and focuses its control.
  async function reveal(root = typeof document === 'undefined' ? null : document) {
    await nextTick()
    const item = root?.querySelector?.('.el-form-item.is-error')
    if (!item) return
    item.scrollIntoView?.({ block: 'center', behavior: 'smooth' })
    item.querySelector('input, textarea')?.focus?.({ preventScroll: true })
  }

  return { fields, clear, take, reveal }
}
